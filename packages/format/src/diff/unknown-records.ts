/**
 * Unknown optional records kept on a domain or on the root of the state (a newer writer's records
 * the reader does not understand). They are part of what a dump carries, and re-encoding keeps
 * them, so two dumps that differ only in them are not the same. Each is identified by its type
 * and its occurrence among the records of that type in its group (`0x8000f001#0`); a change is a
 * different body, or a different position (`after`: how many known records precede it).
 * Unknown trailing fields of a struct (`$unknown[<field number>]`) and of the records of a list
 * section (`$unknown_chunk_fields[<chunk>][<field number>]`) are compared by number, as raw bytes.
 */
import type { UnknownChunkFields, UnknownField, UnknownRecord } from '../unknown.js';
import type { CompareContext, DiffEntry } from './types.js';
import { sameBytes } from './same-value.js';

export const UNKNOWN_RECORDS_SEGMENT = '$unknown_records';

// Not compare.ts's emitEntry: compare.ts imports this module, and a runtime cycle is avoided.
function emitEntry(ctx: CompareContext, e: DiffEntry): void {
  ctx.emit(ctx.domid === undefined ? e : { ...e, domid: ctx.domid });
}

function keyed(records: readonly UnknownRecord[] | undefined): Map<string, UnknownRecord> {
  const out = new Map<string, UnknownRecord>();
  const seen = new Map<number, number>();
  for (const r of records ?? []) {
    const n = seen.get(r.type) ?? 0;
    seen.set(r.type, n + 1);
    out.set(`0x${(r.type >>> 0).toString(16).padStart(8, '0')}#${n}`, r);
  }
  return out;
}

const shown = (r: UnknownRecord) => ({ type: r.type >>> 0, after: r.after, body: r.body });

/** Compares the unknown records of one group; `base` is `domains[7]`, or '' for the root. */
export function compareUnknownRecords(a: readonly UnknownRecord[] | undefined, b: readonly UnknownRecord[] | undefined, base: string, ctx: CompareContext): void {
  if ((a === undefined || a.length === 0) && (b === undefined || b.length === 0)) return;
  const A = keyed(a);
  const B = keyed(b);
  const prefix = base ? `${base}.${UNKNOWN_RECORDS_SEGMENT}` : UNKNOWN_RECORDS_SEGMENT;
  for (const [key, x] of A) {
    const path = `${prefix}[${key}]`;
    const y = B.get(key);
    if (!y) {
      emitEntry(ctx, { path, kind: 'removed', a: shown(x) });
      continue;
    }
    if (!sameBytes(x.body, y.body)) emitEntry(ctx, { path: `${path}.body`, kind: 'changed', a: x.body, b: y.body });
    if (x.after !== y.after) emitEntry(ctx, { path: `${path}.after`, kind: 'changed', a: x.after, b: y.after });
  }
  for (const [key, y] of B) if (!A.has(key)) emitEntry(ctx, { path: `${prefix}[${key}]`, kind: 'added', b: shown(y) });
}

/** Compares unknown fields by number; `prefix` is the path of where they ride plus its segment. */
export function compareUnknownFields(a: readonly UnknownField[] | undefined, b: readonly UnknownField[] | undefined, prefix: string, ctx: CompareContext): void {
  if ((a === undefined || a.length === 0) && (b === undefined || b.length === 0)) return;
  const A = new Map((a ?? []).map((f) => [f.no, f.raw] as const));
  const B = new Map((b ?? []).map((f) => [f.no, f.raw] as const));
  for (const [no, x] of A) {
    const y = B.get(no);
    const path = `${prefix}[${no}]`;
    if (!y) emitEntry(ctx, { path, kind: 'removed', a: x });
    else if (!sameBytes(x, y)) emitEntry(ctx, { path, kind: 'changed', a: x, b: y });
  }
  for (const [no, y] of B) if (!A.has(no)) emitEntry(ctx, { path: `${prefix}[${no}]`, kind: 'added', b: y });
}

/** Unknown fields of the records of one list section, chunk by chunk. */
export function compareUnknownChunkFields(a: readonly UnknownChunkFields[] | undefined, b: readonly UnknownChunkFields[] | undefined, path: string, ctx: CompareContext): void {
  if ((a === undefined || a.length === 0) && (b === undefined || b.length === 0)) return;
  const A = new Map((a ?? []).map((c) => [c.chunk, c.fields] as const));
  const B = new Map((b ?? []).map((c) => [c.chunk, c.fields] as const));
  for (const chunk of new Set([...A.keys(), ...B.keys()])) {
    compareUnknownFields(A.get(chunk), B.get(chunk), `${path}.$unknown_chunk_fields[${chunk}]`, ctx);
  }
}
