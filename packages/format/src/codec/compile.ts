/**
 * Compiles the schema descriptors into specialised decoders and encoders, once per struct: each
 * is straight-line JavaScript built with `new Function`, so decoding a body reads the bytes
 * directly into the typed objects and checks every width, range, length and enum on the way, with
 * no generic intermediate value and no zod pass (brief, section 2). Paths are only built when
 * something fails.
 */
import { BodyError, FormatError, StateError } from '../errors.js';
import type { Desc, Node, Slot, StructDesc } from '../schema/dsl.js';
import { enumCap, enumNames, wireLayout } from '../schema/dsl.js';
import { UNKNOWN_FIELDS, type UnknownField, setUnknownFields } from '../unknown.js';
import type { MsgReader } from '../wire/msgpack-reader.js';
import { type ColumnField, EntryColumns, columnFields } from './columns.js';
import { compileFactory } from './generated-code.js';
import { type MsgWriter, putU53, putUint } from '../wire/msgpack-writer.js';

export type StructDecoder = (r: MsgReader) => Record<string, unknown>;
export type StructEncoder = (w: MsgWriter, o: unknown) => void;

export type { UnknownFieldHook } from '../wire/msgpack-reader.js';

/** Prefixes a path segment to a FormatError's field path as it propagates outwards. */
function prefixPath(e: unknown, seg: string | number): unknown {
  if (!(e instanceof FormatError)) return e;
  const inner = e.location.path;
  const head = typeof seg === 'number' ? `[${seg}]` : seg;
  const path = inner === undefined ? head : inner.startsWith('[') ? head + inner : `${head}.${inner}`;
  (e as { location: FormatError['location'] }).location = { ...e.location, path };
  return e;
}

function badState(message: string): never {
  throw new StateError('bad-state', message);
}

function describeValue(v: unknown): string {
  if (typeof v === 'bigint') return `${v}n`;
  if (typeof v === 'string') return JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}...` : v);
  if (v instanceof Uint8Array) return `${v.length} bytes`;
  if (Array.isArray(v)) return `an array of ${v.length}`;
  if (v === null) return 'null';
  if (typeof v === 'object') return 'an object';
  return String(v);
}

/** What generated decoders and encoders are handed, in this order. */
const GEN_PARAMS = ['d', 'P', 'bad', 'show', 'UNK', 'setUnknown'] as const;

class Gen {
  readonly deps: unknown[] = [];
  dep(x: unknown): string {
    let i = this.deps.indexOf(x);
    if (i < 0) i = this.deps.push(x) - 1;
    return `D${i}`;
  }
  build<F>(params: string[], body: string, name = 'anonymous'): F {
    // Each dependency a const of the enclosing function: an immutable binding a loop can keep in a
    // register, where an element of an array would be loaded again on every use.
    const consts = this.deps.map((_, i) => `const D${i} = d[${i}];`).join(' ');
    // Named, so profiles say which struct a sample is in.
    const make = compileFactory(GEN_PARAMS, `"use strict"; ${consts} return function ${name.replace(/\W/g, '_')}(${params.join(', ')}) {\n${body}\n};`);
    return make(this.deps, prefixPath, badState, describeValue, UNKNOWN_FIELDS, setUnknownFields) as F;
  }
}

function literal(v: unknown, g: Gen): string {
  if (typeof v === 'bigint') return `${v}n`;
  if (typeof v === 'number' || typeof v === 'boolean' || v === null) return String(v);
  if (typeof v === 'string') return JSON.stringify(v);
  return g.dep(v);
}

// ---------------------------------------------------------------------------------------------
// Decoders

/**
 * Two decoders per struct. The strict one reads a stream with its own version's definitions: a
 * writer of that version writes every field, and a defaulted one as its value, so a short struct
 * or a nil in a defaulted field is refused and one state has one byte sequence (FORMAT.md
 * section 5). The rollback one reads a newer stream with an older version's definitions, where a
 * field the newer version retired is nil and reads as its default.
 */
const structDecoders = [new WeakMap<StructDesc, StructDecoder>(), new WeakMap<StructDesc, StructDecoder>()] as const;
const listDecoders = [new WeakMap<Desc, (r: MsgReader) => unknown[]>(), new WeakMap<Desc, (r: MsgReader) => unknown[]>()] as const;

function readUnknownFields(r: MsgReader, o: object, known: number, n: number, struct: string): void {
  // The reader's hook (its read context, never shared between readers) hears of them before
  // anything is kept, so it can refuse a count it cannot afford.
  r.onUnknownField?.(struct, known + 1, n - known);
  const start = r.pos;
  const ends: number[] = [];
  for (let j = known; j < n; j++) {
    r.skipValue(1, false);
    ends.push(r.pos);
  }
  // One copy for the run, one view per field: a copy per field would cost an ArrayBuffer each.
  const run = r.bytes.slice(start, r.pos);
  const fields: UnknownField[] = [];
  let at = 0;
  for (let j = known; j < n; j++) {
    const end = ends[j - known]! - start;
    fields.push({ no: j + 1, raw: run.subarray(at, end) });
    at = end;
  }
  setUnknownFields(o, fields);
}

/**
 * An entry whose key does not strictly ascend: located at the entry's first byte, path the key.
 * Shared with the record sequencer, which checks the same order across records.
 */
export function orderFault(offset: number, key: string, previous: number | bigint, value: number | bigint): never {
  const what = value === previous ? `repeats the previous entry's ${key}` : `is below the previous entry's ${key} ${previous}`;
  throw new BodyError('bad-order', `${key} ${value} ${what}: entries must be in strictly ascending ${key} order`, { offset, path: key });
}

function decodeExpr(node: Node, g: Gen, rollback: boolean): string {
  const d = node.desc;
  switch (d.kind) {
    case 'uint':
      if (d.oneOf) return `r.uintOneOf(${g.dep(d.oneOf)}, ${d.max})`;
      return d.min === 0 ? `r.uint(${d.max})` : `r.uintIn(${d.min}, ${d.max})`;
    case 'u64':
      // Bounds as numbers too, for the encodings of at most 32 bits (MsgReader.u64).
      return `r.u64(${d.min}n, ${d.max}n, ${Number(d.min)}, ${d.max >= 0xffffffffn ? 0xffffffff : Number(d.max)})`;
    case 'bool':
      return 'r.bool()';
    case 'str':
      return `r.str(${d.maxBytes})`;
    case 'bin':
      return `r.bin(${d.minBytes}, ${d.maxBytes})`;
    case 'enum':
      return `r.enumCode(${g.dep(enumNames(d))}, ${enumCap(d)}, "enum")`;
    case 'flags': {
      let mask = 0;
      const props: string[] = [];
      for (const [name, bit] of Object.entries(d.bits)) {
        mask |= 1 << bit;
        props.push(`${JSON.stringify(name)}: (v & ${(1 << bit) >>> 0}) !== 0`);
      }
      const expand = compileFactory(['v'], `"use strict"; return { ${props.join(', ')} };`);
      return `${g.dep(expand)}(r.flagBits(${mask >>> 0}, "flags"))`;
    }
    case 'list':
      return `${g.dep(listDecoder(d, rollback))}(r)`;
    case 'opt':
      return `(r.isNil() ? r.nil() : ${decodeExpr(d.item, g, rollback)})`;
    case 'struct':
      return `${g.dep(structDecoder(d, rollback))}(r)`;
  }
}

function listDecoder(d: Desc & { kind: 'list' }, rollback: boolean): (r: MsgReader) => unknown[] {
  const cache = listDecoders[rollback ? 1 : 0];
  const cached = cache.get(d);
  if (cached) return cached;
  const g = new Gen();
  const fn = g.build<(r: MsgReader) => unknown[]>(['r'], `
  const n = r.listHeader(${d.minItems}, ${d.maxItems});
  // Sized once (n is bounded by the body length): no regrowth, and a long list's backing store
  // goes straight to V8's large-object space instead of being copied by every scavenge.
  const a = new Array(n);
  let i = 0;
  try {
    ${d.ascending === undefined
      ? `for (; i < n; i++) a[i] = ${decodeExpr(d.item, g, rollback)};`
      : `for (; i < n; i++) {
      const at = r.pos;
      a[i] = ${decodeExpr(d.item, g, rollback)};
      if (i > 0 && !(a[i].${d.ascending} > a[i - 1].${d.ascending})) ${g.dep(orderFault)}(r.base + at, ${JSON.stringify(d.ascending)}, a[i - 1].${d.ascending}, a[i].${d.ascending});
    }`}
  } catch (e) { throw P(e, i); }
  return a;`, `decodeListOf${d.item.desc.kind === 'struct' ? d.item.desc.name : d.item.desc.kind}`);
  cache.set(d, fn);
  return fn;
}

/**
 * Generated statements refusing a struct of `count` fields (a local of the generated code) at
 * offset `at`: fewer than `required`, or, for a closed struct, more than its `slotCount`. The
 * struct and column decoders share them, so both refuse with the same words.
 */
function fieldCountChecks(s: StructDesc, required: number, slotCount: number, rollback: boolean, count: string, at: string): string {
  const fewer = `if (${count} < ${required}) r.fail("${s.name} has " + ${count} + " fields, needs ${rollback ? 'at least ' : ''}${required}", ${at});`;
  return s.closed ? `${fewer} if (${count} > ${slotCount}) r.fail("${s.name} has " + ${count} + " fields, a reader refuses more than its ${slotCount}", ${at});` : fewer;
}

/**
 * How many leading fields a struct must have on the wire: all of them for the reader's own
 * version; for the rollback rules, up to the last one without a default.
 */
function requiredFields(slots: readonly Slot[], rollback: boolean): number {
  if (!rollback) return slots.length;
  let required = 0;
  slots.forEach((x, i) => {
    if (x.kind === 'field' && x.field.default === undefined) required = i + 1;
  });
  return required;
}

/** Calls the unknown-field hook for the trailing fields of an entry held as columns, and skips them: a check keeps no field it does not read. */
function skipUnknownFields(r: MsgReader, known: number, n: number, struct: string): void {
  r.onUnknownField?.(struct, known + 1, n - known);
  for (let j = known; j < n; j++) r.skipValue(1, false);
}

/** A field's default as its column holds it. */
function columnDefault(f: ColumnField, dflt: unknown): number {
  if (typeof dflt === 'bigint') return Number(dflt);
  if (typeof dflt === 'boolean') return dflt ? 1 : 0;
  if (typeof dflt === 'string' && f.desc.kind === 'enum') return f.desc.values[dflt]!;
  return dflt as number;
}

/** A flat field's value as its column holds it: the checks of `decodeExpr`, a number out. */
function columnExpr(d: Desc, g: Gen): string {
  switch (d.kind) {
    case 'u64':
      return `r.u53(${d.min}n, ${d.max}n, ${Number(d.min)}, ${d.max >= 0xffffffffn ? 0xffffffff : Number(d.max)})`;
    case 'enum':
      return `r.enumIndex(${g.dep(enumNames(d))}, ${enumCap(d)}, "enum")`;
    case 'bool':
      return 'r.boolBit()';
    default:
      return decodeExpr({ desc: d } as Node, g, false);
  }
}

const columnDecoders = [new WeakMap<Desc, (r: MsgReader) => EntryColumns>(), new WeakMap<Desc, (r: MsgReader) => EntryColumns>()] as const;

/**
 * The decoder of a list of flat structs into columns (codec/columns.ts): the same checks, in the
 * same order, with the same errors and paths as the list and struct decoders above; unknown
 * trailing fields are told to the hook and skipped. Undefined when the entries are not flat.
 */
export function columnsDecoder(d: Desc & { kind: 'list' }, rollback: boolean): ((r: MsgReader) => EntryColumns) | undefined {
  const s = d.item.desc;
  if (s.kind !== 'struct') return undefined;
  const fields = columnFields(s);
  if (!fields) return undefined;
  const cache = columnDecoders[rollback ? 1 : 0];
  const cached = cache.get(d);
  if (cached) return cached;
  const g = new Gen();
  const slots = wireLayout(s);
  const names = slots.map((x) => (x.kind === 'field' ? x.name : x.retired.name));
  const required = requiredFields(slots, rollback);
  const col = new Map(fields.map((f, k) => [f.name, k]));
  const lines: string[] = [];
  slots.forEach((x, i) => {
    lines.push(`k = ${i};`);
    if (x.kind === 'retired') {
      lines.push(`if (m > ${i}) { if (!r.isNil()) r.fail("retired field ${x.retired.name} (${i + 1}) must be nil"); r.pos++; }`);
      return;
    }
    const c = `c${col.get(x.name)}`;
    const expr = columnExpr(x.field.node.desc, g);
    if (x.field.default === undefined || !rollback) lines.push(`${c}[i] = ${expr};`);
    else {
      const dflt = columnDefault(fields[col.get(x.name)!]!, x.field.default);
      lines.push(`${c}[i] = m > ${i} ? (r.isNil() ? (r.pos++, ${dflt}) : ${expr}) : ${dflt};`);
    }
  });
  const known = slots.length;
  const key = d.ascending === undefined ? undefined : `c${col.get(d.ascending)}`;
  const fn = g.build<(r: MsgReader) => EntryColumns>(['r'], `
  const n = r.listHeader(${d.minItems}, ${d.maxItems});
  ${fields.map((f, k) => `const c${k} = ${g.dep(f)}.make(n);`).join('\n  ')}
  let i = 0;
  try {
    for (; i < n; i++) {
      const at = r.pos;
      const m = r.arrayHeader();
      ${fieldCountChecks(s, required, slots.length, rollback, 'm', 'at')}
      let k = 0;
      try {
        ${lines.join('\n        ')}
        if (m > ${known}) { k = ${known}; ${g.dep(skipUnknownFields)}(r, ${known}, m, ${JSON.stringify(s.name)}); }
      } catch (e) { throw P(e, k < ${known} ? ${g.dep(names)}[k] : "[" + k + "]"); }${key === undefined ? '' : `
      if (i > 0 && !(${key}[i] > ${key}[i - 1])) ${g.dep(orderFault)}(r.base + at, ${JSON.stringify(d.ascending)}, ${key}[i - 1], ${key}[i]);`}
    }
  } catch (e) { throw P(e, i); }
  return new ${g.dep(EntryColumns)}(${g.dep(s)}, n, { ${fields.map((f, k) => `${JSON.stringify(f.name)}: c${k}`).join(', ')} });`, `decodeColumnsOf${s.name}`);
  cache.set(d, fn);
  return fn;
}

/**
 * The MessagePack forms of an unsigned integer in shortest form: the values each holds, and the
 * statements reading one at `p` into `v` (the caller has checked the type byte `t`), the fast path
 * falling back to the checked decoder (`return slow(r)`) for a form that is not the shortest.
 */
const UINT_FORMS: readonly { readonly tag: string; readonly lo: number; readonly hi: number; readonly read: string }[] = [
  { tag: 't < 0x80', lo: 0, hi: 0x7f, read: 'v = t; p++;' },
  { tag: 't === 0xce', lo: 0x10000, hi: 0xffffffff, read: 'if (p + 5 > e) return slow(r); v = b[p + 1] * 16777216 + ((b[p + 2] << 16) | (b[p + 3] << 8) | b[p + 4]); if (v <= 0xffff) return slow(r); p += 5;' },
  { tag: 't === 0xcd', lo: 0x100, hi: 0xffff, read: 'if (p + 3 > e) return slow(r); v = (b[p + 1] << 8) | b[p + 2]; if (v <= 0xff) return slow(r); p += 3;' },
  { tag: 't === 0xcc', lo: 0x80, hi: 0xff, read: 'if (p + 2 > e) return slow(r); v = b[p + 1]; if (v < 0x80) return slow(r); p += 2;' },
  // Above 2^53 the double is inexact, but then above any column's maximum (below 2^53) too.
  { tag: 't === 0xcf', lo: 2 ** 32, hi: 2 ** 64, read: 'if (p + 9 > e) return slow(r); const hi = b[p + 1] * 16777216 + ((b[p + 2] << 16) | (b[p + 3] << 8) | b[p + 4]); if (hi === 0) return slow(r); v = hi * 4294967296 + (b[p + 5] * 16777216 + ((b[p + 6] << 16) | (b[p + 7] << 8) | b[p + 8])); p += 9;' },
];

/**
 * Reads an unsigned integer in [min, max] into `v`: only the forms that can hold such a value, each
 * checked only against the bounds its values can cross (a frame number's 0xce form needs no check at
 * all), so the common entry runs a few branches per value.
 */
function inlineUint(min: number, max: number, wide: boolean): string {
  const branches: string[] = [];
  for (const f of UINT_FORMS) {
    if ((f.tag === 't === 0xcf' && !wide) || f.hi < min || f.lo > max) continue;
    const checks = [...(f.lo < min ? [`v < ${min}`] : []), ...(f.hi > max ? [`v > ${max}`] : [])];
    branches.push(`if (${f.tag}) { ${f.read}${checks.length > 0 ? ` if (${checks.join(' || ')}) return slow(r);` : ''} }`);
  }
  return `if (p >= e) return slow(r); t = b[p];
      ${[...branches, 'return slow(r);'].join('\n      else ')}`;
}

/**
 * Reads one flat field's value into `v` straight from the bytes (`b`, `p`, `e` of the caller),
 * for the fast path below: anything but a shortest-form value in range goes to the checked
 * decoder (`return slow(r)`), which then names the fault.
 */
function inlineValue(d: Desc, g: Gen): string | undefined {
  switch (d.kind) {
    case 'u64':
      return inlineUint(Number(d.min), Number(d.max), true);
    case 'uint':
      return `${inlineUint(d.min, d.max, false)}${d.oneOf ? `\n      if (!${g.dep(d.oneOf)}.includes(v)) return slow(r);` : ''}`;
    case 'enum': {
      const codes = Object.values(d.values);
      // Codes below 128 (every enum's but a wide one's): a table over every fixint answers in one look.
      const defined = new Uint8Array(Math.max(0x80, Math.max(...codes) + 1));
      for (const c of codes) defined[c] = 1;
      if (defined.length === 0x80) return `if (p >= e) return slow(r); t = b[p];
      if (t < 0x80 && ${g.dep(defined)}[t] !== 0) { v = t; p++; }
      else return slow(r);`;
      return `${inlineUint(0, defined.length - 1, false)}
      if (${g.dep(defined)}[v] === 0) return slow(r);`;
    }
    case 'bool':
      return `if (p >= e) return slow(r); t = b[p]; if (t === 0xc3) v = 1; else if (t === 0xc2) v = 0; else return slow(r); p++;`;
    default:
      return undefined;
  }
}

/**
 * How a body's lists of flat entries are read: `columns` for the checks (an entry's unknown fields
 * are told to the hook and skipped); `plain-columns` for a reader that keeps all it reads (the
 * diff): a list is columns when every entry is plain (the fast path below takes it) and objects
 * otherwise, with their unknown fields, as the object decoder gives them.
 */
export type ListReading = 'objects' | 'columns' | 'plain-columns';

type ColumnsOrObjects = (r: MsgReader) => EntryColumns | unknown[];

/**
 * `columnsDecoder` with a fast path: the common list, every entry an array of exactly its known
 * fields, each value in shortest form and in range, read byte by byte with no call per value.
 * At the first thing it does not take (a fault, an unknown field, a nil, a long form) it starts
 * the list again with the checked decoder, which gives the one error (or value) there is: the
 * checked column decoder, or for `plain-columns` the object decoder.
 */
function fastColumnsDecoder(d: Desc & { kind: 'list' }, rollback: boolean, reading: 'columns' | 'plain-columns'): ColumnsOrObjects | undefined {
  const s = d.item.desc;
  if (s.kind !== 'struct' || !columnFields(s)) return undefined;
  // Built on the first list the fast path does not take: most runs never need it.
  let checked: ColumnsOrObjects | undefined;
  const slow = (r: MsgReader): EntryColumns | unknown[] => (checked ??= reading === 'columns' ? columnsDecoder(d, rollback)! : listDecoder(d, rollback))(r);
  const fields = columnFields(s)!;
  const slots = wireLayout(s);
  if (slots.length > 15) return slow;
  const g = new Gen();
  const col = new Map(fields.map((f, k) => [f.name, k]));
  const lines: string[] = [];
  for (const x of slots) {
    if (x.kind === 'retired') {
      lines.push('if (p >= e || b[p] !== 0xc0) return slow(r); p++;');
      continue;
    }
    const read = inlineValue(x.field.node.desc, g);
    if (read === undefined) return slow;
    // The ascending key against the entry before's, kept in a local rather than read back from its column.
    const order = x.name === d.ascending ? '\n    if (i > 0 && !(v > key)) return slow(r);\n    key = v;' : '';
    lines.push(`${read}${order}\n      c${col.get(x.name)}[i] = v;`);
  }
  const fast = g.build<ColumnsOrObjects>(['r'], `
  const slow = ${g.dep(slow)};
  const b = r.bytes, e = r.end;
  let p = r.pos, t = 0, v = 0, n = 0, key = 0;
  if (p >= e) return slow(r);
  t = b[p];
  if (t >= 0x90 && t <= 0x9f) { n = t - 0x90; p++; }
  else if (t === 0xdc) { if (p + 3 > e) return slow(r); n = (b[p + 1] << 8) | b[p + 2]; if (n < 16) return slow(r); p += 3; }
  else if (t === 0xdd) { if (p + 5 > e) return slow(r); n = b[p + 1] * 16777216 + ((b[p + 2] << 16) | (b[p + 3] << 8) | b[p + 4]); if (n <= 0xffff) return slow(r); p += 5; }
  else return slow(r);
  // Every entry takes at least ${1 + slots.length} bytes: a count the body cannot hold allocates nothing.
  if (n < ${d.minItems} || n > ${d.maxItems} || n * ${1 + slots.length} > e - p) return slow(r);
  ${fields.map((f, k) => `const c${k} = ${g.dep(f)}.make(n);`).join('\n  ')}
  for (let i = 0; i < n; i++) {
    if (p >= e || b[p] !== ${0x90 + slots.length}) return slow(r);
    p++;
    ${lines.join('\n    ')}
  }
  r.pos = p;
  return new ${g.dep(EntryColumns)}(${g.dep(s)}, n, { ${fields.map((f, k) => `${JSON.stringify(f.name)}: c${k}`).join(', ')} });`, `fastColumnsOf${s.name}`);
  return fast;
}

/** Decoders by column reading, then by rollback. */
type DecoderCache<K extends object, F> = Record<Exclude<ListReading, 'objects'>, readonly [WeakMap<K, F>, WeakMap<K, F>]>;

function decoderCache<K extends object, F>(): DecoderCache<K, F> {
  const pair = () => [new WeakMap<K, F>(), new WeakMap<K, F>()] as const;
  return { columns: pair(), 'plain-columns': pair() };
}

const fastColumnDecoders = decoderCache<Desc, ColumnsOrObjects | undefined>();

function cachedFastColumns(d: Desc & { kind: 'list' }, rollback: boolean, reading: 'columns' | 'plain-columns'): ColumnsOrObjects | undefined {
  const cache = fastColumnDecoders[reading][rollback ? 1 : 0];
  if (!cache.has(d)) cache.set(d, fastColumnsDecoder(d, rollback, reading));
  return cache.get(d);
}

const columnarBodyDecoders = decoderCache<StructDesc, StructDecoder>();

/**
 * The decoder of a struct; `rollback` when the stream is newer than `s`'s schema version.
 * `reading` says how its list fields of flat entries are decoded (ListReading): as EntryColumns
 * for the bodies of the list records the checks (or the diff) read as numbers.
 */
export function structDecoder(s: StructDesc, rollback = false, reading: ListReading = 'objects'): StructDecoder {
  const cache = reading === 'objects' ? structDecoders[rollback ? 1 : 0] : columnarBodyDecoders[reading][rollback ? 1 : 0];
  const cached = cache.get(s);
  if (cached) return cached;
  const g = new Gen();
  const slots = wireLayout(s);
  const names = slots.map((x) => (x.kind === 'field' ? x.name : x.retired.name));
  const required = requiredFields(slots, rollback);
  const lines: string[] = [];
  const props: string[] = [];
  slots.forEach((x, i) => {
    lines.push(`k = ${i};`);
    if (x.kind === 'retired') {
      lines.push(`if (n > ${i}) { if (!r.isNil()) r.fail("retired field ${x.retired.name} (${i + 1}) must be nil"); r.pos++; }`);
      return;
    }
    const fd = x.field.node.desc;
    const columns = reading !== 'objects' && fd.kind === 'list' ? cachedFastColumns(fd, rollback, reading) : undefined;
    const expr = columns ? `${g.dep(columns)}(r)` : decodeExpr(x.field.node, g, rollback);
    if (x.field.default === undefined || !rollback) {
      lines.push(`const f${i} = ${expr};`);
    } else {
      const dflt = literal(x.field.default, g);
      lines.push(`const f${i} = n > ${i} ? (r.isNil() ? (r.pos++, ${dflt}) : ${expr}) : ${dflt};`);
    }
    props.push(`${JSON.stringify(x.name)}: f${i}`);
  });
  const known = slots.length;
  const fn = g.build<StructDecoder>(['r'], `
  const start = r.pos;
  const n = r.arrayHeader();
  ${fieldCountChecks(s, required, slots.length, rollback, 'n', 'start')}
  let k = 0;
  try {
    ${lines.join('\n    ')}
    const o = { ${props.join(', ')} };
    if (n > ${known}) { k = ${known}; ${g.dep(readUnknownFields)}(r, o, ${known}, n, ${JSON.stringify(s.name)}); }
    return o;
  } catch (e) { throw P(e, k < ${known} ? ${g.dep(names)}[k] : "[" + k + "]"); }`, `decode${s.name}`);
  cache.set(s, fn);
  return fn;
}

// ---------------------------------------------------------------------------------------------
// Encoders

const structEncoders = new WeakMap<StructDesc, StructEncoder>();
const listEncoders = new WeakMap<Desc, ListEncoder>();
const chunkEncoders = new WeakMap<StructDesc, ChunkEncoder>();

/*
 * Generated encoders write the bounded scalars (integers, enums, flags, booleans, nil) straight
 * into the writer's buffer: the code keeps the buffer and position in locals `b` and `p`, makes
 * room once for a run of such fields, and syncs `w.pos` around anything written through the
 * writer's methods. Every value is written in its shortest form, as MsgWriter writes it.
 *
 * Two forms of the same writes: `expand`ed into the generated code, for the loops over the
 * entries of a list of fixed structs (the bulk of a large state, where a call per value shows),
 * and compact (a call of the put helpers) everywhere else, where a struct is written a few times
 * per state: expanded, the largest encoder (HvmCpu) took the optimising compiler three times as
 * long, CPU time that the first encodes in a process pay.
 */

/** The most bytes a node's value takes on the wire when it is a bounded scalar, else undefined. */
function boundedSize(d: Desc): number | undefined {
  switch (d.kind) {
    case 'uint':
      return uintSize(d.max);
    case 'u64':
      return d.max > 0xffffffffn ? 9 : uintSize(Number(d.max));
    case 'bool':
      return 1;
    case 'enum':
      return uintSize(Math.max(...Object.values(d.values)));
    case 'flags':
      return uintSize(flagsMask(d));
    case 'opt': {
      const inner = boundedSize(d.item.desc);
      return inner === undefined ? undefined : Math.max(1, inner);
    }
    default:
      return undefined;
  }
}

function uintSize(max: number): number {
  return max < 0x80 ? 1 : max <= 0xff ? 2 : max <= 0xffff ? 3 : 5;
}

function flagsMask(d: Desc & { kind: 'flags' }): number {
  let mask = 0;
  for (const bit of Object.values(d.bits)) mask |= 1 << bit;
  return mask >>> 0;
}

/** Writes the number `v` (an integer in 0-`max`, max < 2^32) at `b[p]` in shortest form. */
function uintBytes(v: string, max: number, g: Gen, expand: boolean): string {
  const fix = `b[p++] = ${v};`;
  if (max < 0x80) return fix;
  if (!expand) return `p = ${g.dep(putUint)}(b, p, ${v});`;
  const u8 = `{ b[p] = 0xcc; b[p + 1] = ${v}; p += 2; }`;
  if (max <= 0xff) return `if (${v} < 0x80) ${fix} else ${u8}`;
  const u16 = `{ b[p] = 0xcd; b[p + 1] = ${v} >>> 8; b[p + 2] = ${v}; p += 3; }`;
  if (max <= 0xffff) return `if (${v} < 0x80) ${fix} else if (${v} <= 0xff) ${u8} else ${u16}`;
  const u32 = `{ b[p] = 0xce; b[p + 1] = ${v} >>> 24; b[p + 2] = ${v} >>> 16; b[p + 3] = ${v} >>> 8; b[p + 4] = ${v}; p += 5; }`;
  return `if (${v} < 0x80) ${fix} else if (${v} <= 0xff) ${u8} else if (${v} <= 0xffff) ${u16} else ${u32}`;
}

/** Writes the number `v` (an integer in 0-`max`, max < 2^53: exact as a double) in shortest form. */
function u53Bytes(v: string, max: number, g: Gen, expand: boolean): string {
  if (max <= 0xffffffff) return uintBytes(v, max, g, expand);
  if (!expand) return `p = ${g.dep(putU53)}(b, p, ${v});`;
  return `if (${v} <= 0xffffffff) { ${uintBytes(v, 0xffffffff, g, expand)} } else { const hi = Math.floor(${v} / 4294967296), lo = ${v} >>> 0; b[p] = 0xcf; b[p + 1] = hi >>> 24; b[p + 2] = hi >>> 16; b[p + 3] = hi >>> 8; b[p + 4] = hi; b[p + 5] = lo >>> 24; b[p + 6] = lo >>> 16; b[p + 7] = lo >>> 8; b[p + 8] = lo; p += 9; }`;
}

/**
 * The refusal of a value that is not `want`, as one shared function: a call in the generated
 * code instead of the message's concatenation at every field keeps the encoders short.
 */
function refusal(g: Gen, want: string): string {
  return g.dep((v: unknown) => badState(`expected ${want}, got ${describeValue(v)}`));
}

/** Makes room for `n` more bytes at `p` (locals `b`, `p` in sync with the writer after it). */
function roomFor(n: number): string {
  return `if (p + ${n} > b.length) { w.pos = p; w.ensure(${n}); b = w.buf; }`;
}

/**
 * Checks the value `v` of a bounded scalar node (boundedSize) and writes it at `b[p]`, which has
 * room for it. The checks, and their messages, are the schema's: the writing is all that differs
 * from a call of the writer.
 */
function inlineStmt(node: Node, v: string, g: Gen, depth: number, expand: boolean, capture?: string): string {
  const d = node.desc;
  switch (d.kind) {
    case 'uint': {
      const range = `typeof ${v} !== 'number' || !Number.isInteger(${v}) || ${v} < ${d.min} || ${v} > ${d.max}`;
      const one = d.oneOf ? ` || !${g.dep(d.oneOf)}.includes(${v})` : '';
      const want = d.oneOf ? `one of ${d.oneOf.join(', ')}` : `an integer in ${d.min}-${d.max}`;
      return `if (${range}${one}) ${refusal(g, want)}(${v}); ${uintBytes(v, d.max, g, expand)}${capture ? ` ${capture} = ${v};` : ''}`;
    }
    case 'u64': {
      const bad = `${refusal(g, `a bigint in ${d.min}-${d.max}`)}(${v})`;
      // Frame numbers and counts (max < 2^53, the bulk of a large dump) are checked and written as
      // numbers: Number() is exact there and keeps order, so the range check is exact too. Full
      // 64-bit fields keep bigint compares, cheaper than Number() of a large bigint.
      if (d.max < 2n ** 53n) {
        const n = `n${depth}`;
        return `if (typeof ${v} !== 'bigint') ${bad}; { const ${n} = Number(${v}); if (${n} < ${Number(d.min)} || ${n} > ${Number(d.max)}) ${bad}; ${u53Bytes(n, Number(d.max), g, expand)}${capture ? ` ${capture} = ${n};` : ''} }`;
      }
      // The width decided first: then one compare checks the range on each side (min < 2^32).
      const n = `n${depth}`;
      const high = d.min > 0xffffffffn ? `${v} < ${d.min}n || ${v} > ${d.max}n` : `${v} > ${d.max}n`;
      return `if (typeof ${v} !== 'bigint') ${bad};
      if (${v} <= 0xffffffffn) { if (${v} < ${d.min}n) ${bad}; const ${n} = Number(${v}); ${uintBytes(n, 0xffffffff, g, expand)} }
      else { if (${high}) ${bad}; b[p] = 0xcf; w.view.setBigUint64(p + 1, ${v}); p += 9; }`;
    }
    case 'bool':
      return `if (typeof ${v} !== 'boolean') ${refusal(g, 'a boolean')}(${v}); b[p++] = ${v} ? 0xc3 : 0xc2;`;
    case 'enum': {
      // A switch over the schema's names: no lookup per value, and a name that is not one (or not
      // a string) falls to the refusal.
      const c = `c${depth}`;
      const cases = Object.entries(d.values).map(([name, code]) => `case ${JSON.stringify(name)}: ${c} = ${code}; break;`);
      return `{ let ${c} = 0; switch (${v}) { ${cases.join(' ')} default: ${refusal(g, `one of ${Object.keys(d.values).join(', ')}`)}(${v}); } ${uintBytes(c, Math.max(...Object.values(d.values)), g, expand)} }`;
    }
    case 'flags': {
      const parts = Object.entries(d.bits).map(
        ([name, bit]) => `if (${v}[${JSON.stringify(name)}] === true) b |= ${(1 << bit) >>> 0}; else if (${v}[${JSON.stringify(name)}] !== false) bad("flag ${name} must be a boolean");`,
      );
      const fn = g.build<(v: unknown) => number>([v], `if (typeof ${v} !== 'object' || ${v} === null) bad("expected an object of flags, got " + show(${v})); let b = 0; ${parts.join(' ')} return b >>> 0;`);
      const c = `c${depth}`;
      return `{ const ${c} = ${g.dep(fn)}(${v}); ${uintBytes(c, flagsMask(d), g, expand)} }`;
    }
    case 'opt': {
      const inner = `v${depth + 1}`;
      return `if (${v} === null) b[p++] = 0xc0; else { const ${inner} = ${v}; ${inlineStmt(d.item, inner, g, depth + 1, expand)} }`;
    }
    default:
      throw new Error(`${d.kind} is not a bounded scalar`);
  }
}

/** Writes a value through the writer (`w.pos` in sync): the nodes that are not bounded scalars. */
function encodeStmt(node: Node, v: string, g: Gen, depth: number): string {
  const d = node.desc;
  const size = boundedSize(d);
  if (size !== undefined) return `{ let b = w.buf, p = w.pos; ${roomFor(size)} ${inlineStmt(node, v, g, depth, false)} w.pos = p; }`;
  switch (d.kind) {
    case 'str':
      return `if (typeof ${v} !== 'string' || !w.str(${v}, ${d.maxBytes})) bad("expected a string of at most ${d.maxBytes} UTF-8 bytes and no lone surrogate, got " + show(${v}));`;
    case 'bin':
      return `if (!(${v} instanceof Uint8Array) || ${v}.length < ${d.minBytes} || ${v}.length > ${d.maxBytes}) bad("expected ${d.minBytes === d.maxBytes ? `${d.minBytes}` : `${d.minBytes}-${d.maxBytes}`} bytes, got " + show(${v})); w.bin(${v});`;
    case 'list':
      return `${g.dep(listEncoder(d))}(w, ${v});`;
    case 'opt': {
      const inner = `v${depth + 1}`;
      return `if (${v} === null) w.nil(); else { const ${inner} = ${v}; ${encodeStmt(d.item, inner, g, depth + 1)} }`;
    }
    case 'struct':
      return `${g.dep(structEncoder(d))}(w, ${v});`;
    default:
      throw new Error(`${d.kind} is a bounded scalar`);
  }
}

/** Whether every field of a struct is a bounded scalar: its encoding fits in a bounded size, written inline. */
function isFixedStruct(s: StructDesc): boolean {
  return wireLayout(s).every((x) => x.kind === 'retired' || boundedSize(x.field.node.desc) !== undefined);
}

/**
 * Statements writing the struct `o` (a local) with `b`, `p` in sync before and after: the object
 * check, the array header with any unknown fields' count, the known fields (runs of bounded
 * scalars inline, room made once per run), then the unknown fields' bytes. A field's error gets
 * the field's name on its path. `ranged`: the list field written as items [from, to). `key`: a
 * field whose checked value (a number) is also stored in the local `key.into`.
 *
 * A struct held by another is written by its own encoder, called: written inline, the fixed
 * structs of the largest (HvmCpu's Gprs and Segments) made it an encoder the optimising compiler
 * took several times as long to compile, and that ran unoptimised meanwhile.
 */
function structStmts(s: StructDesc, o: string, g: Gen, expand: boolean, ranged?: string, key?: { field: string; into: string }): string {
  const slots = wireLayout(s);
  const names = slots.map((x) => (x.kind === 'field' ? x.name : x.retired.name));
  const known = slots.length;
  // The generated locals: the field's value, its index (for the path), the unknown fields.
  const f = 'f0', k = 'k0', x = 'x0';
  const sizes = slots.map((y) => (y.kind === 'retired' ? 1 : y.name === ranged ? undefined : boundedSize(y.field.node.desc)));
  // The bytes of each run of bounded slots, kept at the run's first slot.
  const runs: (number | undefined)[] = sizes.map((size, i) => {
    if (size === undefined || (i > 0 && sizes[i - 1] !== undefined)) return undefined;
    let n = 0;
    for (let j = i; j < sizes.length && sizes[j] !== undefined; j++) n += sizes[j]!;
    return n;
  });
  // The header (at most 5 bytes, with unknown fields) makes room with the first run.
  const header = roomFor(5 + (runs[0] ?? 0));
  runs[0] = undefined;
  const lines = slots.map((y, i) => {
    const room = runs[i] === undefined ? '' : `${roomFor(runs[i]!)} `;
    if (y.kind === 'retired') return `${room}b[p++] = 0xc0;`;
    const d = y.field.node.desc;
    const read = `${k} = ${i}; const ${f} = ${o}[${JSON.stringify(y.name)}];`;
    if (sizes[i] !== undefined) return `${room}{ ${read} ${inlineStmt(y.field.node, f, g, 0, expand, y.name === key?.field ? key.into : undefined)} }`;
    const stmt = y.name === ranged && d.kind === 'list' ? `${g.dep(listEncoder(d))}(w, ${f}, from, to);` : encodeStmt(y.field.node, f, g, 0);
    return `{ ${read} w.pos = p; ${stmt} b = w.buf; p = w.pos; }`;
  });
  const fixHeader = known < 16 ? `if (${x} === undefined) b[p++] = ${0x90 + known}; else ` : '';
  return `if (typeof ${o} !== 'object' || ${o} === null || Array.isArray(${o})) bad("expected a ${s.name} object, got " + show(${o}));
  const ${x} = ${o}[UNK] === undefined ? undefined : ${g.dep(extraFields)}(${o}, ${known});
  ${header}
  ${fixHeader}{ w.pos = p; w.arrayHeader(${known} + (${x} === undefined ? 0 : ${x}.length)); p = w.pos; }
  let ${k} = 0;
  try {
    ${lines.join('\n    ')}
  } catch (e) { throw P(e, ${g.dep(names)}[${k}]); }
  if (${x} !== undefined) { w.pos = p; for (const u of ${x}) w.raw(u.raw); b = w.buf; p = w.pos; }`;
}

/**
 * The encoder of a list, or of its items [from, to) (a list section's chunk, written without
 * copying it out: a copy of a large list's chunk is garbage the size of the chunk). Errors name the
 * item by its index in the whole list; the order is checked within the range.
 */
type ListEncoder = (w: MsgWriter, v: unknown, from?: number, to?: number) => void;

/** Whether a list's ascending key is checked as a number the item's encoder stores: an integer below 2^53. */
function numericKey(item: StructDesc, key: string): boolean {
  const d = item.fields[key]?.node.desc;
  return d !== undefined && (d.kind === 'uint' || (d.kind === 'u64' && d.max < 2n ** 53n));
}

function listEncoder(d: Desc & { kind: 'list' }): ListEncoder {
  const cached = listEncoders.get(d);
  if (cached) return cached;
  const g = new Gen();
  const item = d.item.desc;
  // Items of a fixed struct are written in the loop, with no call per item.
  const inline = item.kind === 'struct' && isFixedStruct(item);
  // Their order is checked on the key's value as the encoder checked it (exact below 2^53):
  // no second read, no bigint compare. The message shows the values as they are in the state.
  const key = inline && d.ascending !== undefined && numericKey(item, d.ascending) ? { field: d.ascending, into: 'key' } : undefined;
  const order = d.ascending === undefined ? '' : `
      if (i > start && ${key ? '!(key > prev)' : `!(o.${d.ascending} > a[i - 1].${d.ascending})`}) bad(${JSON.stringify(`${d.ascending} must strictly ascend`)} + ": " + show(o.${d.ascending}) + " follows " + show(a[i - 1].${d.ascending}));${key ? ' prev = key;' : ''}`;
  const fn = g.build<ListEncoder>(['w', 'a', 'from', 'to'], `
  if (!Array.isArray(a)) bad("expected an array, got " + show(a));
  const start = from === undefined ? 0 : from;
  const end = to === undefined ? a.length : to;
  const n = end - start;
  if (n < ${d.minItems} || n > ${d.maxItems}) bad("list of " + n + " items, allowed ${d.minItems}-${d.maxItems}");
  w.arrayHeader(n);
  let i = start;
  ${inline ? 'let b = w.buf, p = w.pos;' : ''}${key ? ' let key = 0, prev = 0;' : ''}
  try {
    for (; i < end; i++) {
      const o = a[i];
      ${inline ? structStmts(item, 'o', g, true, undefined, key) : encodeStmt(d.item, 'o', g, 0)}${order}
    }
  } catch (e) { throw P(e, i); }
  ${inline ? 'w.pos = p;' : ''}`, `encodeListOf${item.kind === 'struct' ? item.name : item.kind}`);
  listEncoders.set(d, fn);
  return fn;
}

/** The unknown fields to write back: those numbered past what this version knows. */
function extraFields(o: object, known: number): UnknownField[] | undefined {
  const x = (o as { [UNKNOWN_FIELDS]?: UnknownField[] })[UNKNOWN_FIELDS];
  if (x === undefined) return undefined;
  // Fields this version now knows (an upgrade gave them a value) are shadowed by the known ones.
  const beyond = x.filter((f) => f.no > known);
  if (beyond.length === 0) return undefined;
  // Positions must stay contiguous after the known fields, or the numbers would shift.
  if (!beyond.every((f, i) => f.no === known + 1 + i)) {
    badState(`unknown fields ${beyond.map((f) => f.no).join(', ')} do not follow the ${known} known fields without a gap`);
  }
  return beyond;
}

export function structEncoder(s: StructDesc): StructEncoder {
  const cached = structEncoders.get(s);
  if (cached) return cached;
  const fn = buildStructEncoder<StructEncoder>(s);
  structEncoders.set(s, fn);
  return fn;
}

/** Writes the body of one record of a list section: its struct, with entries [from, to) of the list in `o.entries`. */
export type ChunkEncoder = (w: MsgWriter, o: unknown, from: number, to: number) => void;

/** The encoder of a list section's record body that writes a chunk of the whole list in place. */
export function chunkEncoder(s: StructDesc): ChunkEncoder {
  const cached = chunkEncoders.get(s);
  if (cached) return cached;
  const fn = buildStructEncoder<ChunkEncoder>(s, 'entries');
  chunkEncoders.set(s, fn);
  return fn;
}

/** `ranged`: the list field written as items [from, to) of its list (parameters of the encoder). */
function buildStructEncoder<F>(s: StructDesc, ranged?: string): F {
  const g = new Gen();
  return g.build<F>(['w', 'o', ...(ranged ? ['from', 'to'] : [])], `
  let b = w.buf, p = w.pos;
  ${structStmts(s, 'o', g, false, ranged)}
  w.pos = p;`, `encode${s.name}`);
}
