/**
 * A list of flat entries (every field an integer, enum or boolean) held as one typed array per
 * field instead of one object per entry. The semantic checks read PAGES and P2M, millions of
 * entries in a large dump, as numbers: decoding them straight into columns makes no object and no
 * bigint per entry, so the collector has nothing to do. An entry is built as an object only when
 * a finding names it.
 */
import type { Desc, StructDesc } from '../schema/dsl.js';
import { enumNames, wireLayout } from '../schema/dsl.js';

export type Column = Float64Array | Uint8Array | Uint16Array | Uint32Array;

/** One field's column: how its values are held, and how one reads back as the object decoder gives it. */
export interface ColumnField {
  readonly name: string;
  readonly desc: Desc;
  /** A column of n values of this field (its contents undefined: a decoder writes every one). */
  make(n: number): Column;
  /** Takes back a column nobody reads any more, for a later `make` of its length. */
  recycle(c: Column): void;
  /** The value as the object decoder gives it. */
  value(v: number): unknown;
}

/** Columns kept for reuse per field: a domain's list records are chunks of one length (maxItems). */
const POOLED = 16;

/** `make` and `recycle` over `alloc`: a large dump's chunks reuse the columns of the domain before. */
function pooled(alloc: (n: number) => Column): Pick<ColumnField, 'make' | 'recycle'> {
  const free: Column[] = [];
  return {
    make: (n) => {
      for (let i = free.length - 1; i >= 0; i--) if (free[i]!.length === n) return free.splice(i, 1)[0]!;
      return alloc(n);
    },
    recycle: (c) => {
      if (free.length < POOLED) free.push(c);
    },
  };
}

/**
 * The column of each field of `s`, in wire order; undefined when a field is not flat (a u64 of
 * 2^53 or more, a string, a list, an optional...), so the list is decoded as objects. One set per
 * struct, shared by its decoders and lists (and their pools).
 */
export function columnFields(s: StructDesc): ColumnField[] | undefined {
  if (!FIELDS.has(s)) FIELDS.set(s, flatFields(s));
  return FIELDS.get(s);
}

function flatFields(s: StructDesc): ColumnField[] | undefined {
  const out: ColumnField[] = [];
  for (const slot of wireLayout(s)) {
    if (slot.kind === 'retired') continue;
    const d = slot.field.node.desc;
    const name = slot.name;
    switch (d.kind) {
      case 'u64':
        // Exact as a double below 2^53.
        if (d.max >= 2n ** 53n) return undefined;
        out.push({ name, desc: d, ...pooled((n) => new Float64Array(n)), value: (v) => BigInt(v) });
        break;
      case 'uint':
        out.push({ name, desc: d, ...pooled((n) => new Uint32Array(n)), value: (v) => v });
        break;
      case 'enum': {
        const names = enumNames(d);
        const make = d.bits === 8 ? (n: number) => new Uint8Array(n) : d.bits === 16 ? (n: number) => new Uint16Array(n) : (n: number) => new Uint32Array(n);
        out.push({ name, desc: d, ...pooled(make), value: (v) => names[v] });
        break;
      }
      case 'bool':
        out.push({ name, desc: d, ...pooled((n) => new Uint8Array(n)), value: (v) => v !== 0 });
        break;
      default:
        return undefined;
    }
  }
  return out;
}

const FIELDS = new WeakMap<StructDesc, ColumnField[] | undefined>();

function fieldsOf(s: StructDesc): ColumnField[] {
  const f = columnFields(s);
  if (f === undefined) throw new TypeError(`${s.name} entries are not flat: they cannot be held as columns`);
  return f;
}

export class EntryColumns<T = Record<string, unknown>> {
  /** The columns, by field name; each holds `length` values. */
  readonly columns: Readonly<Record<string, Column>>;

  constructor(
    readonly struct: StructDesc,
    readonly length: number,
    columns: Readonly<Record<string, Column>>,
  ) {
    this.columns = columns;
  }

  /** Column `name` (a field of the entries). */
  column(name: string): Column {
    const c = this.columns[name];
    if (c === undefined) throw new TypeError(`${this.struct.name} has no field ${name}`);
    return c;
  }

  /** Entry j as the object decoder would have built it (fields in wire order). */
  at(j: number): T {
    const o: Record<string, unknown> = {};
    for (const f of fieldsOf(this.struct)) o[f.name] = f.value(this.columns[f.name]![j]!);
    return o as T;
  }

  /** Gives the columns back to their fields' pools: for a list nobody reads any more. */
  recycle(): void {
    for (const f of fieldsOf(this.struct)) f.recycle(this.columns[f.name]!);
  }

  /** `first` followed by each of `more`, in one copy per column. */
  static join<T>(first: EntryColumns<T>, more: readonly EntryColumns<T>[]): EntryColumns<T> {
    const parts = [first, ...more];
    const n = parts.reduce((sum, p) => sum + p.length, 0);
    const columns: Record<string, Column> = {};
    for (const f of fieldsOf(first.struct)) {
      const c = f.make(n);
      let at = 0;
      for (const p of parts) {
        c.set(p.columns[f.name]!.subarray(0, p.length) as never, at);
        at += p.length;
      }
      columns[f.name] = c;
    }
    return new EntryColumns<T>(first.struct, n, columns);
  }
}

/**
 * A domain's list as one set of columns, filled chunk by chunk (its list records) into columns
 * kept from one domain to the next and grown as needed: the lists of the domain before are
 * overwritten, so what `list()` returns is read before the next domain is filled. The chunks
 * copied in go back to their fields' pools.
 */
export class ColumnBuilder {
  private columns: Record<string, Column> = {};
  private size = 0;
  private capacity = 0;
  private struct: StructDesc | undefined;

  /** Starts the list of the next domain. */
  reset(): void {
    this.size = 0;
  }

  /** Appends a chunk's entries, then recycles its columns. */
  append(chunk: EntryColumns): void {
    const fields = fieldsOf(chunk.struct);
    if (this.struct !== chunk.struct) {
      this.struct = chunk.struct;
      this.columns = {};
      this.capacity = 0;
      this.size = 0;
    }
    const need = this.size + chunk.length;
    if (need > this.capacity) {
      const capacity = Math.max(need, 2 * this.capacity);
      const grown: Record<string, Column> = {};
      for (const f of fields) {
        const c = f.make(capacity);
        if (this.size > 0) c.set(this.columns[f.name]!.subarray(0, this.size) as never);
        grown[f.name] = c;
      }
      this.columns = grown;
      this.capacity = capacity;
    }
    for (const f of fields) this.columns[f.name]!.set(chunk.columns[f.name]!.subarray(0, chunk.length) as never, this.size);
    chunk.recycle();
    this.size = need;
  }

  /** The list so far, in the builder's columns (valid until the next `reset` and `append`). */
  list(): EntryColumns {
    const view: Record<string, Column> = {};
    for (const [name, c] of Object.entries(this.columns)) view[name] = c.subarray(0, this.size);
    return new EntryColumns(this.struct!, this.size, view);
  }
}

/** A list as decoded for the checks: objects, or columns when its entries are flat. */
export type EntryList<T> = readonly T[] | EntryColumns<T>;

/** Entry j of a list, whichever way it is held. */
export function entryAt<T>(list: EntryList<T>, j: number): T | undefined {
  if (list instanceof EntryColumns) return j >= 0 && j < list.length ? list.at(j) : undefined;
  return list[j];
}
