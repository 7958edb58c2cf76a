/**
 * Rebuilding objects across versions without losing what a reader did not understand (see
 * unknown.ts), and with keys in the target schema's order so that equality and JSON are stable.
 */
import { structDecoder } from '../codec/compile.js';
import { FormatError } from '../errors.js';
import { type Field, type StructDesc, field as fieldOf, struct } from '../schema/dsl.js';
import type { RecordDef, SchemaVersion } from '../schema/records.js';
import {
  type UnknownChunkFields, type UnknownRecord, setUnknownChunkFields, setUnknownFields, setUnknownRecords, unknownChunkFieldsOf,
  unknownFieldsOf, unknownRecordsOf,
} from '../unknown.js';
import { MsgReader } from '../wire/msgpack-reader.js';
import { type Site, note } from './notes.js';

/** A copy of `value` with the keys of `order` (struct fields or sections), in that order. */
export function inFieldOrder<T extends object>(order: object, value: T): T {
  const src = value as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(order)) if (k in src) out[k] = src[k];
  return out as T;
}

/** Wire slots of a struct: field numbers are dense from 1, retired ones included. */
function slotCount(s: StructDesc): number {
  return Object.keys(s.fields).length + s.retired.length;
}

/**
 * Carries the unknown trailing fields of `from` onto `to`, an object of struct `target`. A number
 * that `target` defines is no longer unknown: the caller has read those listed in `adopted`; any
 * other is dropped with a note.
 */
export function carryFields(to: object, from: object, target: StructDesc, site: Site, adopted: readonly number[] = []): void {
  const fields = unknownFieldsOf(from);
  if (!fields) return;
  const slots = slotCount(target);
  const kept = fields.filter((f) => {
    if (f.no > slots) return true;
    if (!adopted.includes(f.no)) note(site, 'dropped', `field ${f.no}, kept as not understood when read, is defined by ${target.name} now; its value is dropped`);
    return false;
  });
  if (kept.length > 0) setUnknownFields(to, kept);
}

/** How many unknown fields `from` carries (for objects whose struct does not survive). */
export function unknownFieldCount(from: object): number {
  return unknownFieldsOf(from)?.length ?? 0;
}

/**
 * The value of `field` (an integer field the target version adds) when `from` carries it as an
 * unknown field: a reader older than the stream kept it as not understood. Undefined when it is
 * absent or nil (the caller uses the default) or does not fit the field (dropped, with a note).
 * The caller reports what it took back (a rollback reader keeps such a field on every object).
 */
export function adoptUintField(from: object, field: Field, site: Site): number | undefined {
  const raw = unknownFieldsOf(from)?.find((f) => f.no === field.no)?.raw;
  if (!raw) return undefined;
  const d = field.node.desc;
  const r = new MsgReader(raw);
  if (r.isNil()) return undefined;
  try {
    if (d.kind !== 'uint') throw new FormatError('bad-value', `not an integer field`);
    const v = d.oneOf ? r.uintOneOf(d.oneOf, d.max) : r.uintIn(d.min, d.max);
    if (r.pos !== r.end) throw new FormatError('bad-body', 'bytes after the value');
    return v;
  } catch (e) {
    if (!(e instanceof FormatError)) throw e;
    note(site, 'dropped', `field ${field.no}, kept as not understood when read, does not fit: ${e.message}`);
    return undefined;
  }
}

/**
 * The fields `target` adds to `source` (by number), each read back from the unknown field `from`
 * carries under its number (a reader older than the stream kept it), else its default; and the
 * numbers read back, for `carryFields`. A kept value that does not fit is dropped with a note.
 */
export function addedFields(from: object, target: StructDesc, source: StructDesc, site: Site): { values: Record<string, unknown>; adopted: number[] } {
  const values: Record<string, unknown> = {};
  const adopted: number[] = [];
  const kept = unknownFieldsOf(from);
  for (const [name, f] of Object.entries(target.fields)) {
    if (Object.values(source.fields).some((g) => g.no === f.no) || source.retired.some((r) => r.no === f.no)) continue;
    const raw = kept?.find((u) => u.no === f.no)?.raw;
    const value = raw ? decodeField(f, raw, site) : undefined;
    if (value !== undefined) adopted.push(f.no);
    values[name] = value ?? f.default;
  }
  return { values, adopted };
}

/** One field's value from its MessagePack bytes; undefined (with a note) when it does not fit. */
function decodeField(f: Field, raw: Uint8Array, site: Site): unknown {
  if (raw.length === 1 && raw[0] === 0xc0) return undefined; // nil: the default
  const bytes = new Uint8Array(raw.length + 1);
  bytes[0] = 0x91; // a one-element array: the field as the only slot of a struct
  bytes.set(raw, 1);
  try {
    const r = new MsgReader(bytes);
    const v = structDecoder(struct('Adopted', { value: fieldOf(1, f.node, f.doc) }).desc)(r)['value'];
    if (r.pos !== r.end) throw new FormatError('bad-body', 'bytes after the value');
    return v;
  } catch (e) {
    if (!(e instanceof FormatError)) throw e;
    note(site, 'dropped', `field ${f.no}, kept as not understood when read, does not fit: ${e.message}`);
    return undefined;
  }
}

/**
 * Carries the unknown fields of a list section's record bodies, which ride on the list, onto the
 * rebuilt list of the same record type (its records are chunked the same way).
 */
export function carryChunkFields(to: object, from: object): void {
  const chunks = unknownChunkFieldsOf(from);
  if (chunks) setUnknownChunkFields(to, [...chunks]);
}

/** Notes the record-body unknown fields of a list whose record type does not survive. */
export function dropChunkFields(from: object, recordName: string, site: Site): void {
  const n = unknownChunkFieldsOf(from)?.length ?? 0;
  if (n > 0) note(site, 'dropped', `unknown fields of ${n} ${recordName} record bod${n === 1 ? 'y' : 'ies'} dropped: the record is not carried into this version`);
}

/** The unknown fields found on bodies decoded by `decodeRecordBody`, numbered by record. */
export function chunkFieldsOf(bodies: readonly object[]): UnknownChunkFields[] {
  const chunks: UnknownChunkFields[] = [];
  bodies.forEach((b, chunk) => {
    const fields = unknownFieldsOf(b);
    if (fields) chunks.push({ chunk, fields });
  });
  return chunks;
}

/**
 * Carries the unknown records of `from` (a domain-state object or the root) onto `to`. Returns the
 * records whose type `target` knows: they are no longer unknown, and the caller adopts or drops
 * them.
 */
export function carryRecords(to: object, from: object, target: SchemaVersion): UnknownRecord[] {
  const records = unknownRecordsOf(from);
  if (!records) return [];
  const kept: UnknownRecord[] = [];
  const known: UnknownRecord[] = [];
  for (const r of records) (target.records.has(r.type) ? known : kept).push(r);
  if (kept.length > 0) setUnknownRecords(to, kept);
  return known;
}

export function dropRecords(records: readonly UnknownRecord[], target: SchemaVersion, site: Site, why = ''): void {
  for (const r of records) {
    const name = target.records.get(r.type)?.name ?? 'unknown';
    note(site, 'dropped', `record ${name} (type 0x${r.type.toString(16)}), kept as not understood when read, is dropped${why}; decode the stream with reader version ${target.version} to keep it`);
  }
}

/** Decodes the body of a record a reader kept as not understood, now that `def` describes it. */
export function decodeRecordBody(def: RecordDef, body: Uint8Array): Record<string, unknown> {
  const r = new MsgReader(body);
  const o = structDecoder(def.body.desc)(r);
  if (r.pos !== r.end) throw new FormatError('trailing-data', `${def.name} body has ${r.end - r.pos} bytes after its value`);
  return o;
}
