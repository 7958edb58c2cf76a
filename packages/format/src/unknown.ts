/**
 * What a reader did not understand but a tool must not lose: unknown trailing fields of a struct
 * and unknown optional records. They ride on the decoded objects as non-enumerable symbol
 * properties, so the typed state stays clean (JSON, equality and zod do not see them) and
 * re-encoding puts them back byte for byte.
 */

export interface UnknownField {
  /** Field number (1-based position in the struct's array). */
  readonly no: number;
  /** The field's MessagePack bytes, as read. */
  readonly raw: Uint8Array;
}

export interface UnknownRecord {
  readonly type: number;
  readonly body: Uint8Array;
  /** How many known records of the same section (root: HOST only, so 1) came before it. */
  readonly after: number;
}

/** Unknown fields of the body of one record of a `list` section (they ride on the list). */
export interface UnknownChunkFields {
  /** Which record of the section (0 = first). */
  readonly chunk: number;
  readonly fields: readonly UnknownField[];
}

export const UNKNOWN_FIELDS: unique symbol = Symbol.for('xenlu.unknownFields');
export const UNKNOWN_CHUNK_FIELDS: unique symbol = Symbol.for('xenlu.unknownChunkFields');
export const UNKNOWN_RECORDS: unique symbol = Symbol.for('xenlu.unknownRecords');

type Carrier = object & {
  [UNKNOWN_FIELDS]?: UnknownField[];
  [UNKNOWN_RECORDS]?: UnknownRecord[];
  [UNKNOWN_CHUNK_FIELDS]?: UnknownChunkFields[];
};

export function unknownFieldsOf(o: object): readonly UnknownField[] | undefined {
  return (o as Carrier)[UNKNOWN_FIELDS];
}
export function unknownRecordsOf(o: object): readonly UnknownRecord[] | undefined {
  return (o as Carrier)[UNKNOWN_RECORDS];
}
export function setUnknownFields(o: object, fields: UnknownField[]): void {
  Object.defineProperty(o, UNKNOWN_FIELDS, { value: fields, enumerable: false, configurable: true, writable: true });
}
export function setUnknownRecords(o: object, records: UnknownRecord[]): void {
  Object.defineProperty(o, UNKNOWN_RECORDS, { value: records, enumerable: false, configurable: true, writable: true });
}
export function unknownChunkFieldsOf(o: object): readonly UnknownChunkFields[] | undefined {
  return (o as Carrier)[UNKNOWN_CHUNK_FIELDS];
}
export function setUnknownChunkFields(o: object, chunks: UnknownChunkFields[]): void {
  Object.defineProperty(o, UNKNOWN_CHUNK_FIELDS, { value: chunks, enumerable: false, configurable: true, writable: true });
}
/** True when anything unknown rides on `o` itself. */
export function carriesUnknown(o: object): boolean {
  const c = o as Carrier;
  return c[UNKNOWN_FIELDS] !== undefined || c[UNKNOWN_RECORDS] !== undefined || c[UNKNOWN_CHUNK_FIELDS] !== undefined;
}
/** Copies what `from` carries onto `to` (migrations that rebuild an object use this). */
export function carryUnknown<T extends object>(to: T, from: object): T {
  const f = unknownFieldsOf(from);
  if (f) setUnknownFields(to, [...f]);
  const r = unknownRecordsOf(from);
  if (r) setUnknownRecords(to, [...r]);
  const c = unknownChunkFieldsOf(from);
  if (c) setUnknownChunkFields(to, [...c]);
  return to;
}
