/**
 * A state back into a stream of the schema version it was read from. A reader of version R that
 * read a stream of version W != R (rollback, W > R, or an upgrade it was asked for) holds a state
 * of version R; encoding it as R would rewrite the stream header behind the user's back. This
 * writes version W instead, through the migrations R -> W, and proves the result before handing
 * it out: read back by a reader of version R, it gives exactly the state it was given (compared in
 * the JSON form, so what the reader kept without understanding it counts too). What it cannot
 * prove is refused, saying why (FORMAT.md section 8a).
 */
import { isDeepStrictEqual } from 'node:util';
import { decode } from './decode.js';
import { type EncodeOptions, encode } from './encode.js';
import { FormatError, StateError } from './errors.js';
import { toJson } from './json/to-json.js';
import type { JsonValue } from './json/json-value.js';
import { convert } from './migrate/index.js';
import { type StateByVersion, type Version, isVersion } from './schema/index.js';

/**
 * The stream of schema `streamVersion` whose reading by a reader of `version` is `state`.
 * Throws StateError (or the DowngradeError of the migration) when there is none this tool can
 * write: `streamVersion` unknown to it, a state the migrations cannot take there, or a stream that
 * would not read back as `state`.
 */
export function encodeAsRead<V extends Version>(state: StateByVersion[V], version: V, streamVersion: number, options: EncodeOptions = {}): Uint8Array {
  if (streamVersion === version) return encode(state, version, options);
  const why = `the state (schema v${version}) was read from a schema v${streamVersion} stream`;
  if (!isVersion(streamVersion)) {
    throw new StateError('bad-state', `${why}, a version this tool cannot write: writing schema v${version} instead would change the stream header`);
  }
  const converted = convert(state, version, streamVersion).state;
  const bytes = encode(converted, streamVersion, options);
  let back: StateByVersion[V];
  try {
    back = decode(bytes, { readerVersion: version }).state;
  } catch (e) {
    if (!(e instanceof FormatError)) throw e;
    throw new StateError('bad-state', `${why}; written as schema v${streamVersion}, it would not read back: ${e.describe()}`);
  }
  const want = toJson(state, version);
  const got = toJson(back, version);
  if (!isDeepStrictEqual(got, want)) {
    const path = firstDifference(want, got, '');
    throw new StateError('bad-state', `${why}; written as schema v${streamVersion}, a schema v${version} reader would read another state back (at ${path || 'the root'})`, path ? { path } : {});
  }
  return bytes;
}

/** Path of the first place two JSON values differ ('' when the roots differ). */
function firstDifference(a: JsonValue, b: JsonValue, path: string): string {
  if (Array.isArray(a) && Array.isArray(b)) {
    for (let i = 0; i < Math.min(a.length, b.length); i++) {
      if (!isDeepStrictEqual(a[i], b[i])) return firstDifference(a[i]!, b[i]!, `${path}[${i}]`);
    }
    return path;
  }
  if (a !== null && b !== null && typeof a === 'object' && typeof b === 'object' && !Array.isArray(a) && !Array.isArray(b)) {
    for (const key of new Set([...Object.keys(a), ...Object.keys(b)])) {
      const x = a[key];
      const y = b[key];
      const p = path ? `${path}.${key}` : key;
      if (x === undefined || y === undefined) return p;
      if (!isDeepStrictEqual(x, y)) return firstDifference(x, y, p);
    }
  }
  return path;
}
