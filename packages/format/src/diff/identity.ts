/**
 * How list items are matched between A and B: ranges of frames are compared by coverage (these
 * shapes); items of a list with an identity in the schema (`listIdentity`) by that identity,
 * whatever their position; any other list position by position.
 */
import type { Column, EntryColumns } from '../codec/columns.js';
import { StateError } from '../errors.js';
import { type P2mList, p2mEquivalent } from '../migrate/p2m-runs.js';
import { type Desc, type StructDesc, enumNames } from '../schema/dsl.js';

type Obj = Record<string, unknown>;

/** Which fields of a frame-range struct say what it covers, by their schema names. */
interface RangeFields {
  /** The first frame. */
  readonly start: string;
  /** The number of frames, or with `order` the page order (2^order frames). */
  readonly count: string;
  readonly order?: true;
  /** The first frame it maps to (MFN of a P2M run); none when ranges map to no frame. */
  readonly target?: string;
  /** The fields (enums, booleans) whose values must be equal for two frames to be the same, other than the target. */
  readonly attrs: readonly string[];
  /** The item covering `count` frames from `start` with that target and attributes. */
  render(start: bigint, count: bigint, target: bigint | undefined, attrs: Obj): Obj;
  /** A fast equality check of two whole lists, when the format has one (the P2M does). */
  equivalent?(a: readonly Obj[], b: readonly Obj[]): boolean;
}

/** P2M entries (page order) and extents: GFN -> MFN, type, access. */
const P2M = {
  start: 'gfn',
  target: 'mfn',
  attrs: ['type', 'access'],
  render: (gfn: bigint, count: bigint, mfn: bigint | undefined, attrs: Obj) => ({ gfn, mfn, count, ...attrs }),
  // The migrations' own notion of "maps every GFN alike", so diff and downgrade agree.
  equivalent: (a: readonly Obj[], b: readonly Obj[]) => p2mEquivalent(a as unknown as P2mList, b as unknown as P2mList),
} as const;

/** Page ownership: MFN -> type, pinned. */
const PAGES: RangeFields = {
  start: 'first_mfn',
  count: 'count',
  attrs: ['type', 'pinned'],
  render: (first_mfn, count, _t, attrs) => ({ first_mfn, count, ...attrs }),
};

const COVERAGE: Readonly<Record<string, RangeFields>> = {
  P2mEntry: { ...P2M, count: 'order', order: true },
  P2mExtent: { ...P2M, count: 'count' },
  PageRange: PAGES,
};

/** How an attribute's values are coded as small integers (an enum's wire code, a boolean's bit). */
interface AttrCode {
  readonly name: string;
  /** Codes are below it. */
  readonly radix: number;
  code(v: unknown): number | undefined;
  value(code: number): unknown;
}

function attrCode(name: string, d: Desc): AttrCode {
  if (d.kind === 'enum') {
    const names = enumNames(d);
    return { name, radix: names.length, code: (v) => (typeof v === 'string' && Object.hasOwn(d.values, v) ? d.values[v] : undefined), value: (c) => names[c] };
  }
  if (d.kind === 'bool') return { name, radix: 2, code: (v) => (v === true ? 1 : v === false ? 0 : undefined), value: (c) => c !== 0 };
  throw new TypeError(`${name}: only enums and booleans are compared as run attributes`);
}

/** The largest value a field can hold, as the schema bounds it. */
function maxOf(s: StructDesc, name: string): bigint {
  const d = s.fields[name]!.node.desc;
  if (d.kind === 'u64') return d.max;
  if (d.kind === 'uint') return BigInt(d.oneOf ? Math.max(...d.oneOf) : d.max);
  throw new TypeError(`${s.name}.${name}: a frame number or count is an integer`);
}

/**
 * A range list's items read as numbers, from objects or from columns: start, end and target are
 * doubles, exact because the schema bounds frame numbers and counts so that start + count stays
 * within 2^53 (checked when the shape is built); the attributes are packed into one integer of
 * their codes, so two runs have the same attributes exactly when the integers are equal.
 */
export class RangeShape {
  readonly hasTarget: boolean;
  /** The count field is a page order. */
  readonly order: boolean;
  private readonly fields: RangeFields;
  private readonly codes: readonly AttrCode[];
  /** Radix of each attribute, in packing order. */
  readonly radices: readonly number[];
  readonly equivalent: ((a: readonly Obj[], b: readonly Obj[]) => boolean) | undefined;

  constructor(
    readonly struct: StructDesc,
    fields: RangeFields,
  ) {
    this.fields = fields;
    this.hasTarget = fields.target !== undefined;
    this.order = fields.order === true;
    this.equivalent = fields.equivalent;
    const count = maxOf(struct, fields.count);
    const end = maxOf(struct, fields.start) + (fields.order ? 1n << count : count);
    if (end > 2n ** 53n || (fields.target !== undefined && maxOf(struct, fields.target) >= 2n ** 53n)) {
      throw new TypeError(`${struct.name}: frames up to ${end} are not exact as doubles`);
    }
    this.codes = fields.attrs.map((a) => attrCode(a, struct.fields[a]!.node.desc));
    this.radices = this.codes.map((c) => c.radix);
    if (this.codes.reduce((n, c) => n * c.radix, 1) > 2 ** 53) throw new TypeError(`${struct.name}: its run attributes do not pack into a double`);
  }

  start(item: Obj): number {
    return Number(item[this.fields.start] as bigint | number);
  }

  /** One past the last frame (the start when the item covers none). */
  end(item: Obj): number {
    const c = Number(item[this.fields.count] as bigint | number);
    return this.start(item) + (this.order ? 2 ** c : c);
  }

  /** The target of the first frame minus the first frame (0 when ranges map to no frame). */
  delta(item: Obj): number {
    return this.fields.target === undefined ? 0 : Number(item[this.fields.target] as bigint | number) - this.start(item);
  }

  /** The attributes as one integer; a value outside its enum is refused, as it has no code. */
  attrs(item: Obj): number {
    let packed = 0;
    for (const c of this.codes) {
      const code = c.code(item[c.name]);
      if (code === undefined) throw new StateError('bad-state', `${this.struct.name}.${c.name}: ${String(item[c.name])} is not a value of the schema`);
      packed = packed * c.radix + code;
    }
    return packed;
  }

  /** The columns the runs are read from, in the order `RunQueue.pushColumns` takes them. */
  columnsOf(list: EntryColumns): { start: Column; count: Column; target: Column | undefined; attrs: Column[] } {
    const f = this.fields;
    return { start: list.column(f.start), count: list.column(f.count), target: f.target === undefined ? undefined : list.column(f.target), attrs: this.codes.map((c) => list.column(c.name)) };
  }

  /** The item covering [lo, hi) with that delta and those packed attributes, as the object decoder gives items. */
  render(lo: number, hi: number, delta: number, packed: number): Obj {
    const values: unknown[] = [];
    for (let i = this.codes.length - 1; i >= 0; i--) {
      const c = this.codes[i]!;
      values[i] = c.value(packed % c.radix);
      packed = Math.floor(packed / c.radix);
    }
    const attrs: Obj = {};
    this.codes.forEach((c, i) => (attrs[c.name] = values[i]));
    return this.fields.render(BigInt(lo), BigInt(hi - lo), this.hasTarget ? BigInt(lo + delta) : undefined, attrs);
  }
}

const SHAPES = new WeakMap<StructDesc, RangeShape | undefined>();

/** How items of this struct are compared by coverage, when they are ranges of frames. */
export function coverageOf(s: StructDesc): RangeShape | undefined {
  if (!SHAPES.has(s)) {
    const fields = COVERAGE[s.name];
    SHAPES.set(s, fields && new RangeShape(s, fields));
  }
  return SHAPES.get(s);
}
