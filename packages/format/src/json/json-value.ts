/** Values that JSON.stringify writes and JSON.parse gives back unchanged. */
export type JsonValue = null | boolean | number | string | JsonValue[] | JsonObject;
export interface JsonObject {
  [key: string]: JsonValue;
}

/** Key under which a struct object carries the fields its reader did not know. */
export const UNKNOWN_FIELDS_KEY = '$unknown';
/** Key under which a domain (or the root) carries the optional records its reader did not know. */
export const UNKNOWN_RECORDS_KEY = '$unknown_records';
/**
 * Key under which a domain carries the unknown fields of the records a `list` section was split
 * into (they belong to a record, not to an entry): section key -> [{ chunk, fields }].
 */
export const UNKNOWN_CHUNK_FIELDS_KEY = '$unknown_chunk_fields';
