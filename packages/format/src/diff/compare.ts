/**
 * The walk that compares two values of the same schema node, guided by the node's descriptor:
 * structs field by field, flags bit by bit, identity-keyed lists by identity, frame ranges by
 * coverage, other lists by position. Alongside, it follows the descriptor of the older side's
 * version: where that version has no such field or section (`null`), a difference is reported as
 * `inexpressible` rather than as a change, because the older side could not have said otherwise.
 */
import { type Desc, listIdentity, type StructDesc } from '../schema/dsl.js';
import { identityLabel } from '../json/identity-path.js';
import { type CoverageDiff, coverageDiff, rangeLabel } from './coverage.js';
import { coverageOf } from './identity.js';
import { sameBytes, sameValue } from './same-value.js';
import type { CompareContext, DiffEntry } from './types.js';

export type { CompareContext } from './types.js';
import { unknownChunkFieldsOf, unknownFieldsOf } from '../unknown.js';
import { compareUnknownChunkFields, compareUnknownFields } from './unknown-records.js';

/**
 * The older side's descriptor at the same place: a Desc, `null` when the older version cannot
 * express this node, `undefined` when both sides were read in the same version.
 */
export type OlderDesc = Desc | null | undefined;


type Obj = Record<string, unknown>;

/** The place by position in each side's decode JSON (jq paths); a side is absent where it has no such place. */
export interface JqPair {
  readonly a?: string;
  readonly b?: string;
}

/** One segment further on each side (`b` differs from `a` where the older side names a field by an older name). */
export function step(jq: JqPair, a: string, b: string = a): JqPair {
  return { ...(jq.a !== undefined ? { a: jq.a + a } : {}), ...(jq.b !== undefined ? { b: jq.b + b } : {}) };
}

function without(jq: JqPair, side: 'a' | 'b'): JqPair {
  return side === 'a' ? (jq.b !== undefined ? { b: jq.b } : {}) : jq.a !== undefined ? { a: jq.a } : {};
}

/** Only the sides the entry has a value on. */
function sidesOf(e: DiffEntry, jq: JqPair): JqPair | undefined {
  const out = { ...('a' in e || e.kind === 'changed' ? (jq.a !== undefined ? { a: jq.a } : {}) : {}), ...('b' in e || e.kind === 'changed' ? (jq.b !== undefined ? { b: jq.b } : {}) : {}) };
  return out.a === undefined && out.b === undefined ? undefined : out;
}

function withDomid(ctx: CompareContext, e: DiffEntry): DiffEntry {
  return ctx.domid === undefined ? e : { ...e, domid: ctx.domid };
}

/** `node`: the schema node of the entry's values, kept off its enumerable data (JSON, equality). */
export function emitEntry(ctx: CompareContext, e: DiffEntry, node?: Desc, jq: JqPair = {}): void {
  const sides = sidesOf(e, jq);
  const out = withDomid(ctx, sides ? { ...e, jq: sides } : e);
  if (node !== undefined) Object.defineProperty(out, 'node', { value: node, enumerable: false });
  ctx.emit(out);
}

/** The older struct's field with the same number (a renamed field is the same field). */
function olderField(older: OlderDesc, no: number): OlderDesc {
  return olderNamed(older, no)?.[1] ?? (older === undefined ? undefined : null);
}

function olderNamed(older: OlderDesc, no: number): [string, Desc] | undefined {
  if (older === undefined || older === null || older.kind !== 'struct') return undefined;
  for (const [name, f] of Object.entries(older.fields)) if (f.no === no) return [name, f.node.desc];
  return undefined;
}

function olderItem(older: OlderDesc): OlderDesc {
  if (older === undefined) return undefined;
  if (older === null || (older.kind !== 'list' && older.kind !== 'opt')) return null;
  return older.item.desc;
}

export function compareNode(desc: Desc, older: OlderDesc, a: unknown, b: unknown, path: string, ctx: CompareContext, jq: JqPair = {}): void {
  if (a === b) return;
  // The older side's JSON has no such place: its value is what the upgrade filled in.
  if (older === null && ctx.olderSide) jq = without(jq, ctx.olderSide);
  if (older === null) {
    if (sameValue(a, b)) return;
    // Only the newer side holds a real value; the older one holds what the upgrade filled in.
    const e: DiffEntry = ctx.olderSide === 'a' ? { path, kind: 'inexpressible', b } : { path, kind: 'inexpressible', a };
    emitEntry(ctx, ctx.gapNote ? { ...e, note: ctx.gapNote } : e, desc, jq);
    return;
  }
  switch (desc.kind) {
    case 'uint':
    case 'u64':
    case 'bool':
    case 'str':
    case 'enum':
      if (a !== b) emitEntry(ctx, { path, kind: 'changed', a, b }, desc, jq);
      return;
    case 'bin':
      if (!sameBytes(a as Uint8Array, b as Uint8Array)) emitEntry(ctx, { path, kind: 'changed', a, b }, desc, jq);
      return;
    case 'flags': {
      const fa = a as Obj;
      const fb = b as Obj;
      for (const bit of Object.keys(desc.bits)) {
        if (fa[bit] === fb[bit]) continue;
        const bitOlder = older === undefined ? undefined : older.kind === 'flags' && bit in older.bits ? older : null;
        compareNode({ kind: 'bool' }, bitOlder, fa[bit], fb[bit], `${path}.${bit}`, ctx, step(jq, `.${bit}`));
      }
      return;
    }
    case 'opt':
      if (a === null || b === null) {
        emitEntry(ctx, a === null ? { path, kind: 'added', b } : { path, kind: 'removed', a }, desc.item.desc, jq);
        return;
      }
      compareNode(desc.item.desc, olderItem(older), a, b, path, ctx, jq);
      return;
    case 'struct':
      compareStruct(desc, older, a as Obj, b as Obj, path, ctx, jq);
      return;
    case 'list':
      compareList(desc, olderItem(older), a as unknown[], b as unknown[], path, ctx, jq);
      return;
  }
}

function compareStruct(desc: StructDesc, older: OlderDesc, a: Obj, b: Obj, path: string, ctx: CompareContext, jq: JqPair): void {
  for (const [name, f] of Object.entries(desc.fields)) {
    const va = a[name];
    const vb = b[name];
    if (va === vb) continue;
    // The older side may call the field by an older name (same number).
    const oldName = ctx.olderSide ? olderNamed(older, f.no)?.[0] : undefined;
    const at = oldName === undefined ? step(jq, `.${name}`) : ctx.olderSide === 'a' ? step(jq, `.${oldName}`, `.${name}`) : step(jq, `.${name}`, `.${oldName}`);
    compareNode(f.node.desc, olderField(older, f.no), va, vb, `${path}.${name}`, ctx, at);
  }
  compareUnknownFields(unknownFieldsOf(a), unknownFieldsOf(b), `${path}.$unknown`, ctx);
}

function compareList(list: Desc & { kind: 'list' }, older: OlderDesc, a: readonly unknown[], b: readonly unknown[], path: string, ctx: CompareContext, jq: JqPair): void {
  const item = list.item.desc;
  const shape = item.kind === 'struct' ? coverageOf(item) : undefined;
  const key = listIdentity(list);
  if (item.kind === 'struct' && shape && key) {
    const report = coverageReporter(item, key[0]!, path, ctx, jq);
    for (const d of coverageDiff(a as Obj[], b as Obj[], shape)) report(d);
    // After the stretches, as the streamed diff can only know them once the list has been read.
    compareUnknownChunkFields(unknownChunkFieldsOf(a), unknownChunkFieldsOf(b), path, ctx);
    return;
  }
  // The unknown fields of a list section's records ride on the list.
  compareUnknownChunkFields(unknownChunkFieldsOf(a), unknownChunkFieldsOf(b), path, ctx);
  if (item.kind === 'struct') {
    if (key) {
      compareByIdentity(item, older, key, a as Obj[], b as Obj[], path, ctx, jq);
      return;
    }
    const n = Math.max(a.length, b.length);
    for (let i = 0; i < n; i++) {
      const p = `${path}[${i}]`;
      const at = step(jq, `[${i}]`);
      if (i >= b.length) emitEntry(ctx, { path: p, kind: 'removed', a: a[i] }, item, at);
      else if (i >= a.length) emitEntry(ctx, { path: p, kind: 'added', b: b[i] }, item, at);
      else compareNode(item, older, a[i], b[i], p, ctx, at);
    }
    return;
  }
  // Lists of scalars (affinities, frame lists, featuresets) read best as whole values.
  if (!sameValue(a, b)) emitEntry(ctx, { path, kind: 'changed', a, b }, list, jq);
}

/** Reports each stretch a frame-range list (`path`, items `item` keyed by `key`) covers differently, as one entry. */
export function coverageReporter(item: StructDesc, key: string, path: string, ctx: CompareContext, jq: JqPair): (d: CoverageDiff) => void {
  return (d) => emitEntry(ctx, { path: `${path}[${key}=${rangeLabel(d.start, d.end)}]`, kind: d.kind, ...('a' in d ? { a: d.a } : {}), ...('b' in d ? { b: d.b } : {}) }, item, jq);
}

function compareKeys(x: readonly unknown[], y: readonly unknown[]): number {
  for (let i = 0; i < x.length; i++) {
    const p = x[i];
    const q = y[i];
    if (p === q) continue;
    if (typeof p === 'number' && typeof q === 'number') return p - q;
    return String(p) < String(q) ? -1 : 1;
  }
  return 0;
}

function byIdentity(items: readonly Obj[], key: readonly string[]): { k: unknown[]; item: Obj; i: number }[] {
  const out = items.map((item, i) => ({ k: key.map((f) => item[f]), item, i }));
  for (let i = 1; i < out.length; i++) {
    if (compareKeys(out[i - 1]!.k, out[i]!.k) > 0) return out.sort((x, y) => compareKeys(x.k, y.k));
  }
  return out;
}

/** Merge-join on the identity: items are (normally) in ascending identity already. */
function compareByIdentity(item: StructDesc, older: OlderDesc, key: readonly string[], a: readonly Obj[], b: readonly Obj[], path: string, ctx: CompareContext, jq: JqPair): void {
  const A = byIdentity(a, key);
  const B = byIdentity(b, key);
  let i = 0;
  let j = 0;
  while (i < A.length || j < B.length) {
    const x = A[i];
    const y = B[j];
    const c = !x ? 1 : !y ? -1 : compareKeys(x.k, y.k);
    if (c < 0) {
      emitEntry(ctx, { path: `${path}[${identityLabel(x!.item, key, item)}]`, kind: 'removed', a: x!.item }, item, step(jq, `[${x!.i}]`));
      i++;
    } else if (c > 0) {
      emitEntry(ctx, { path: `${path}[${identityLabel(y!.item, key, item)}]`, kind: 'added', b: y!.item }, item, step(jq, `[${y!.i}]`));
      j++;
    } else {
      compareNode(item, older, x!.item, y!.item, `${path}[${identityLabel(x!.item, key, item)}]`, ctx, step(jq, `[${x!.i}]`, `[${y!.i}]`));
      i++;
      j++;
    }
  }
}
