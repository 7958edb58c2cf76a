/**
 * Structural checkers compiled from the same schema descriptors as the decoders (compile.ts): for
 * a struct, a function over (bytes, position, end) that walks its MessagePack and applies every
 * width, shortest-form, range, length, order, enum, flag, retired-field and unknown-field check the
 * strict decoder applies, building nothing: no objects, strings or bigints per value. A checker
 * answers only "valid" (the position after the value) or "not valid" (-1); what is wrong, and
 * where, is the decoder's to say (structure-check.ts re-reads a refused input with it).
 *
 * Strict reading only (a stream read at its own schema version): the rollback rules of a newer
 * stream stay with the decoder.
 */
import { isUtf8 } from 'node:buffer';
import type { Desc, Node, StructDesc } from '../schema/dsl.js';
import { wireLayout } from '../schema/dsl.js';
import { compileFactory } from './generated-code.js';

/**
 * What a checker reports besides its verdict, reused across calls: the ascending keys of the last
 * list it finished (as 32-bit halves, so a u64 key needs no bigint), and the unknown fields it met.
 */
export class CheckContext {
  /**
   * First and last keys of the last ascending list finished, as halves: [firstHi, firstLo, lastHi,
   * lastLo]. A typed array the list loop writes to as it goes: code after a long loop runs first in
   * optimized (OSR) code without type feedback, and a store there would deoptimize every call.
   */
  readonly keys = new Uint32Array(4);
  /** Items of the last list finished. */
  items = 0;
  /** Stream offset of bytes[0]. */
  base = 0;
  /** Nesting allowed inside unknown values (Limits.maxDepth). */
  maxDepth = 32;
  /** Elements left in each enclosing array of an unknown value being skipped. */
  private stack = new Float64Array(34);
  /**
   * Told of unknown trailing fields (struct name, first field number, count, stream offset of the
   * first) before they are skipped; it throws to refuse them (a limit).
   */
  onUnknown: (struct: string, firstNo: number, count: number, offset: number) => void = () => {};

  /** Skips one value of the allowed subset nested at `depth`, as MsgReader.skipValue checks it; -1 when not valid. */
  skip(b: Uint8Array, p: number, e: number, depth: number): number {
    if (this.stack.length < this.maxDepth + 2) this.stack = new Float64Array(this.maxDepth + 2);
    const stack = this.stack;
    let sp = 0;
    let left = 1;
    for (;;) {
      while (left === 0) {
        if (sp === 0) return p;
        left = stack[--sp]!;
      }
      left--;
      if (depth + sp > this.maxDepth) return -1;
      if (p >= e) return -1;
      const t = b[p]!;
      if (t === 0xc0 || t === 0xc2 || t === 0xc3) p++;
      else if (t < 0x80 || (t >= 0xcc && t <= 0xce)) p = uintValue(b, p, e);
      else if (t === 0xcf) p = p + 9 <= e && readU32(b, p + 1) > 0 ? p + 9 : -1;
      else if ((t >= 0xa0 && t <= 0xbf) || (t >= 0xd9 && t <= 0xdb)) p = strAt(b, p, e, 0xffffffff);
      else if (t >= 0xc4 && t <= 0xc6) p = binAt(b, p, e, 0, 0xffffffff);
      else if ((t >= 0x90 && t <= 0x9f) || t === 0xdc || t === 0xdd) {
        const n = arrayLength(b, p, e);
        if (n < 0) return -1;
        p = R[AFTER]!;
        if (n > 0) {
          stack[sp++] = left;
          left = n;
        }
      } else return -1;
      if (p < 0) return -1;
    }
  }
}

function readU16(b: Uint8Array, p: number): number {
  return (b[p]! << 8) | b[p + 1]!;
}

function readU32(b: Uint8Array, p: number): number {
  return b[p]! * 0x1000000 + ((b[p + 1]! << 16) | (b[p + 2]! << 8) | b[p + 3]!);
}

/**
 * Second return values of the primitives, without an allocation: a typed array, so storing a
 * 32-bit value never boxes it (a module variable holding a large number would, on every store).
 */
const R = new Uint32Array(2);
/** Value of the last uint read (uintValue). */
const VALUE = 0;
/** Position after the last array, str header read (arrayLength, strLength). */
const AFTER = 1;

/**
 * An array header in shortest form: its element count, or -1; the position after it in R[AFTER].
 * Like MsgReader.arrayHeader, a 16- or 32-bit count the rest of the body cannot hold is refused.
 */
function arrayLength(b: Uint8Array, p: number, e: number): number {
  if (p >= e) return -1;
  const t = b[p]!;
  if (t >= 0x90 && t <= 0x9f) {
    R[AFTER] = p + 1;
    return t & 0x0f;
  }
  let n: number;
  if (t === 0xdc) {
    if (p + 3 > e) return -1;
    n = readU16(b, p + 1);
    if (n < 16) return -1;
    R[AFTER] = p + 3;
  } else if (t === 0xdd) {
    if (p + 5 > e) return -1;
    n = readU32(b, p + 1);
    if (n <= 0xffff) return -1;
    R[AFTER] = p + 5;
  } else return -1;
  return n > e - R[AFTER]! ? -1 : n;
}


/** An unsigned integer of at most 32 bits in shortest form: the position after it (R[VALUE] its value), or -1. */
function uintValue(b: Uint8Array, p: number, e: number): number {
  if (p >= e) return -1;
  const t = b[p]!;
  if (t < 0x80) {
    R[VALUE] = t;
    return p + 1;
  }
  if (t === 0xcc) {
    if (p + 2 > e || b[p + 1]! < 0x80) return -1;
    R[VALUE] = b[p + 1]!;
    return p + 2;
  }
  if (t === 0xcd) {
    if (p + 3 > e) return -1;
    const v = readU16(b, p + 1);
    R[VALUE] = v;
    return v <= 0xff ? -1 : p + 3;
  }
  if (t === 0xce) {
    if (p + 5 > e) return -1;
    const v = readU32(b, p + 1);
    R[VALUE] = v;
    return v <= 0xffff ? -1 : p + 5;
  }
  return -1;
}

/** Length of a str header, the position after it in R[AFTER]; or -1: MsgReader.lengthOf. */

function strLength(b: Uint8Array, p: number, e: number): number {
  if (p >= e) return -1;
  const t = b[p]!;
  if (t >= 0xa0 && t <= 0xbf) {
    R[AFTER] = p + 1;
    return t & 0x1f;
  }
  if (t === 0xd9) {
    if (p + 2 > e || b[p + 1]! < 32) return -1;
    R[AFTER] = p + 2;
    return b[p + 1]!;
  }
  if (t === 0xda) {
    if (p + 3 > e) return -1;
    R[AFTER] = p + 3;
    const n = readU16(b, p + 1);
    return n <= 0xff ? -1 : n;
  }
  if (t === 0xdb) {
    if (p + 5 > e) return -1;
    R[AFTER] = p + 5;
    const n = readU32(b, p + 1);
    return n <= 0xffff ? -1 : n;
  }
  return -1;
}

function strAt(b: Uint8Array, p: number, e: number, maxBytes: number): number {
  const n = strLength(b, p, e);
  if (n < 0 || n > maxBytes) return -1;
  const s = R[AFTER]!;
  if (s + n > e) return -1;
  // ASCII needs no decoder; anything else is checked as the fatal TextDecoder would.
  for (let i = s; i < s + n; i++) if (b[i]! >= 0x80) return isUtf8(b.subarray(s, s + n)) ? s + n : -1;
  return s + n;
}

function binAt(b: Uint8Array, p: number, e: number, minBytes: number, maxBytes: number): number {
  if (p >= e) return -1;
  const t = b[p]!;
  let n: number;
  let s: number;
  if (t === 0xc4) {
    if (p + 2 > e) return -1;
    n = b[p + 1]!;
    s = p + 2;
  } else if (t === 0xc5) {
    if (p + 3 > e) return -1;
    n = readU16(b, p + 1);
    if (n <= 0xff) return -1;
    s = p + 3;
  } else if (t === 0xc6) {
    if (p + 5 > e) return -1;
    n = readU32(b, p + 1);
    if (n <= 0xffff) return -1;
    s = p + 5;
  } else return -1;
  if (n < minBytes || n > maxBytes || s + n > e) return -1;
  return s + n;
}

/** The primitives the generated code calls, and the registers they answer in. */
const RT = {
  /** Where a list that does not report writes its keys. */
  scratch: new Uint32Array(4),
  strAt,
  binAt,
  arrayLength,
  uintValue,
};

/** A struct checker: the position after the struct at b[p], or -1. */
export type StructChecker = (b: Uint8Array, p: number, e: number, cx: CheckContext) => number;

class Gen {
  readonly deps: unknown[] = [];
  /**
   * Set while generating code for a value known to end before `e` (its longest encoding fits):
   * the per-byte bounds checks are left out, since no read can pass `e`.
   */
  bounded = false;
  /** For unique local names in nested inline code. */
  private names = 0;
  dep(x: unknown): string {
    let i = this.deps.indexOf(x);
    if (i < 0) i = this.deps.push(x) - 1;
    return `D${i}`;
  }
  local(prefix: string): string {
    return `${prefix}${this.names++}`;
  }
  build<F>(body: string, name: string): F {
    // Each dependency a const of the enclosing function: an immutable binding the loop can keep in
    // a register, where an element of an array would be loaded again on every use.
    const consts = this.deps.map((_, i) => `const D${i} = d[${i}];`).join(' ');
    const make = compileFactory(['d', 'RT', 'R'], `"use strict"; ${consts} return function ${name.replace(/\W/g, '_')}(b, p, e, cx) {\n${body}\n};`);
    return make(this.deps, RT, R) as F;
  }
}

function halves(v: bigint): [number, number] {
  return [Number(v >> 32n), Number(v & 0xffffffffn)];
}

/** Where an inline check leaves the value it read when it is an ascending key: two local names. */
interface KeyTarget {
  readonly hi: string;
  readonly lo: string;
}

/**
 * Statements reading a uint of at most 32 bits at `p` into local `v` (the one-byte form inline, the
 * others out of line), leaving `p` after it.
 */
function uintRead(v: string, g: Gen): string {
  return `let ${v} = 0; if (${g.bounded ? '' : 'p < e && '}b[p] < 0x80) { ${v} = b[p]; p++; } else { const q = RT.uintValue(b, p, e); if (q < 0) return -1; ${v} = R[${VALUE}]; p = q; }`;
}

/**
 * Statements checking one value at `p`, leaving `p` after it or returning -1; all inline but nested
 * lists and structs (a list's item struct is inline, so its loop makes no call per item). With
 * `key`, the value (an integer) is left in the target's locals; with `report`, a list reports its
 * count and keys in cx.
 */
function checkStmt(node: Node, g: Gen, key?: KeyTarget, report = false): string {
  const d: Desc = node.desc;
  switch (d.kind) {
    case 'uint': {
      const v = g.local('v');
      const bad = [...(d.min > 0 ? [`${v} < ${d.min}`] : []), ...(d.max < 0xffffffff ? [`${v} > ${d.max}`] : []), ...(d.oneOf ? [`!(${d.oneOf.map((x) => `${v} === ${x}`).join(' || ')})`] : [])];
      return `{ ${uintRead(v, g)}${bad.length ? ` if (${bad.join(' || ')}) return -1;` : ''}${key ? ` ${key.hi} = 0; ${key.lo} = ${v};` : ''} }`;
    }
    case 'u64': {
      const [minHi, minLo] = halves(d.min);
      const [maxHi, maxLo] = halves(d.max);
      const hi = g.local('h');
      const lo = g.local('l');
      // The range checks each form can fail, and only those: a value of at most 32 bits has hi 0,
      // and one read from a form has the form's range (shortest form already enforced).
      const range = (form: 'small' | 'u32' | 'u64', loMin: number): string => {
        const bad: string[] = [];
        if (d.min > 0n) {
          if (form !== 'u64' && minHi === 0 && minLo > loMin) bad.push(`${lo} < ${minLo}`);
          else if (form === 'u64' && minHi > 0) bad.push(`${hi} < ${minHi} || (${hi} === ${minHi} && ${lo} < ${minLo})`);
          else if (form !== 'u64' && minHi > 0) bad.push('true');
        }
        if (d.max < 0xffffffffffffffffn) {
          if (form === 'u64') bad.push(maxHi === 0 ? 'true' : maxLo === 0xffffffff ? `${hi} > ${maxHi}` : `${hi} > ${maxHi} || (${hi} === ${maxHi} && ${lo} > ${maxLo})`);
          else if (maxHi === 0 && maxLo < 0xffffffff) bad.push(`${lo} > ${maxLo}`);
        }
        return bad.length ? ` if (${bad.join(' || ')}) return -1;` : '';
      };
      return `{ ${g.bounded ? '' : 'if (p >= e) return -1; '}const t = b[p]; let ${hi} = 0, ${lo} = 0;
    if (t < 0x80) { ${lo} = t; p++;${range('small', 0)} }
    else if (t === 0xce) { ${g.bounded ? '' : 'if (p + 5 > e) return -1; '}${lo} = b[p + 1] * 16777216 + ((b[p + 2] << 16) | (b[p + 3] << 8) | b[p + 4]); if (${lo} <= 0xffff) return -1; p += 5;${range('u32', 0x10000)} }
    else if (t === 0xcf) { ${g.bounded ? '' : 'if (p + 9 > e) return -1; '}${hi} = b[p + 1] * 16777216 + ((b[p + 2] << 16) | (b[p + 3] << 8) | b[p + 4]); if (${hi} === 0) return -1; ${lo} = b[p + 5] * 16777216 + ((b[p + 6] << 16) | (b[p + 7] << 8) | b[p + 8]); p += 9;${range('u64', 0)} }
    else if (t === 0xcd) { ${g.bounded ? '' : 'if (p + 3 > e) return -1; '}${lo} = (b[p + 1] << 8) | b[p + 2]; if (${lo} <= 0xff) return -1; p += 3;${range('u32', 0x100)} }
    else { const q = RT.uintValue(b, p, e); if (q < 0) return -1; ${lo} = R[${VALUE}]; p = q;${range('u32', 0)} }${key ? ` ${key.hi} = ${hi}; ${key.lo} = ${lo};` : ''} }`;
    }
    case 'bool':
      return `if (${g.bounded ? '' : 'p >= e || '}(b[p] !== 0xc2 && b[p] !== 0xc3)) return -1; p++;`;
    case 'str':
      return `p = RT.strAt(b, p, e, ${d.maxBytes}); if (p < 0) return -1;`;
    case 'bin':
      return `p = RT.binAt(b, p, e, ${d.minBytes}, ${d.maxBytes}); if (p < 0) return -1;`;
    case 'enum': {
      const cap = d.bits === 8 ? 0xff : d.bits === 16 ? 0xffff : 0xffffffff;
      const codes = Object.values(d.values);
      const top = Math.min(cap, Math.max(...codes));
      const table = new Uint8Array(top + 1);
      for (const c of codes) if (c <= top) table[c] = 1;
      const v = g.local('v');
      return `{ ${uintRead(v, g)} if (${v} > ${top} || ${g.dep(table)}[${v}] !== 1) return -1; }`;
    }
    case 'flags': {
      let mask = 0;
      for (const bit of Object.values(d.bits)) mask |= 1 << bit;
      const v = g.local('v');
      return `{ ${uintRead(v, g)} if ((${v} & ${~mask}) !== 0) return -1; }`;
    }
    case 'list':
      return `p = ${g.dep(listChecker(d, report))}(b, p, e, cx); if (p < 0) return -1;`;
    case 'opt':
      return `if (${g.bounded ? '' : 'p < e && '}b[p] === 0xc0) p++; else { ${checkStmt(d.item, g, key)} }`;
    case 'struct':
      return `p = ${g.dep(structChecker(d))}(b, p, e, cx); if (p < 0) return -1;`;
  }
}

/**
 * Statements checking a struct at `p` inline: an array header of at least its known fields (a
 * closed struct: exactly), each field, retired ones nil, then unknown trailing fields counted
 * (the reader's limits) and each skipped as one value nested at depth 1. With `key`, the named
 * field's value is left in the target's locals; with `report`, its own list fields (not nested
 * ones) report their counts and keys in cx.
 */
function structStmts(s: StructDesc, g: Gen, key?: { readonly field: string; readonly target: KeyTarget }, report = false): string {
  const slots = wireLayout(s);
  const known = slots.length;
  const n = g.local('n');
  const fields = slots.map((x) => {
    if (x.kind === 'retired') return `if (${g.bounded ? '' : 'p >= e || '}b[p] !== 0xc0) return -1; p++;`;
    return checkStmt(x.field.node, g, key !== undefined && x.name === key.field ? key.target : undefined, report);
  });
  const unknown = s.closed
    ? `if (${n} > ${known}) return -1;`
    : `if (${n} > ${known}) {
    cx.onUnknown(${JSON.stringify(s.name)}, ${known + 1}, ${n} - ${known}, cx.base + p);
    for (let j = ${known}; j < ${n}; j++) { p = cx.skip(b, p, e, 1); if (p < 0) return -1; }
  }`;
  return `{ ${g.bounded ? '' : 'if (p >= e) return -1; '}let ${n} = b[p];
  if (${n} >= 0x90 && ${n} <= 0x9f) { ${n} &= 0x0f; p++; } else { ${n} = RT.arrayLength(b, p, e); if (${n} < 0) return -1; p = R[${AFTER}]; }
  if (${n} < ${known}) return -1;
  ${fields.join('\n  ')}
  ${unknown} }`;
}

/**
 * The longest encoding of a value of `node` whose length no byte announces (a struct header
 * counted at its longest, 5 bytes), or undefined when a string, binary or list makes it unbounded.
 */
function maxBytes(node: Node): number | undefined {
  const d = node.desc;
  switch (d.kind) {
    case 'uint':
    case 'enum':
    case 'flags':
      return 5;
    case 'u64':
      return 9;
    case 'bool':
      return 1;
    case 'opt':
      return maxBytes(d.item);
    case 'struct': {
      let sum = 5;
      for (const x of wireLayout(d)) {
        const m = x.kind === 'retired' ? 1 : maxBytes(x.field.node);
        if (m === undefined) return undefined;
        sum += m;
      }
      return sum;
    }
    default:
      return undefined;
  }
}

const structCheckers = [new WeakMap<StructDesc, StructChecker>(), new WeakMap<StructDesc, StructChecker>()] as const;
const listCheckers = [new WeakMap<Desc, StructChecker>(), new WeakMap<Desc, StructChecker>()] as const;

/**
 * A list: item count within its bounds, each item, and for an ordered list its keys strictly
 * ascending (compared as 32-bit halves). With `report` (the entries of a list record), the count in
 * cx.items and the first and last keys in cx.keys, for the order across records.
 */
function listChecker(d: Desc & { kind: 'list' }, report: boolean): StructChecker {
  const cache = listCheckers[report ? 1 : 0];
  const cached = cache.get(d);
  if (cached) return cached;
  const g = new Gen();
  const asc = d.ascending;
  const key: KeyTarget = { hi: 'kh', lo: 'kl' };
  const itemCode = () => (asc === undefined ? checkStmt(d.item, g) : structStmts(d.item.desc as StructDesc, g, { field: asc, target: key }));
  const checked = itemCode();
  // Items of a bounded size (integers, enums, flags, booleans: the bulk of a dump) are checked
  // without per-byte bounds checks while the longest such item fits before the end.
  const longest = maxBytes(d.item);
  let item = checked;
  if (longest !== undefined) {
    g.bounded = true;
    const bounded = itemCode();
    g.bounded = false;
    item = `if (p + ${longest} <= e) { ${bounded} } else { ${checked} }`;
  }
  const fn = g.build<StructChecker>(`
  const n = RT.arrayLength(b, p, e);
  if (n < ${d.minItems} || n > ${d.maxItems}) return -1;
  p = R[${AFTER}];
  ${report ? `// Before the loop, for the same reason as CheckContext.keys.
  cx.items = n;` : ''}
  ${asc === undefined
    ? `for (let i = 0; i < n; i++) { ${item} }`
    : `const K = ${report ? 'cx.keys' : 'RT.scratch'};
  let hi = 0, lo = 0, kh = 0, kl = 0;
  for (let i = 0; i < n; i++) {
    ${item}
    if (i > 0 && (kh < hi || (kh === hi && kl <= lo))) return -1;
    if (i === 0) { K[0] = kh; K[1] = kl; }
    K[2] = kh; K[3] = kl;
    hi = kh; lo = kl;
  }`}
  return p;`, `checkListOf${d.item.desc.kind === 'struct' ? d.item.desc.name : d.item.desc.kind}`);
  cache.set(d, fn);
  return fn;
}

/**
 * The checker of a struct (strict reading: every known field present, retired ones nil). With
 * `report` (the body of a list record), its list reports its count and first and last keys in cx.
 */
export function structChecker(s: StructDesc, report = false): StructChecker {
  const cache = structCheckers[report ? 1 : 0];
  const cached = cache.get(s);
  if (cached) return cached;
  const g = new Gen();
  const fn = g.build<StructChecker>(`${structStmts(s, g, undefined, report)}\n  return p;`, `check${s.name}`);
  cache.set(s, fn);
  return fn;
}
