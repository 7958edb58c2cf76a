/** Values that JSON.stringify writes and JSON.parse gives back unchanged. */
export type JsonValue = null | boolean | number | string | JsonValue[] | JsonObject;
export interface JsonObject {
  [key: string]: JsonValue;
}

/** Key under which a struct object carries the fields its reader did not know. */
export const UNKNOWN_FIELDS_KEY = '$unknown';
/** Key under which a domain (or the root) carries the optional records its reader did not know. */
export const UNKNOWN_RECORDS_KEY = '$unknown_records';
