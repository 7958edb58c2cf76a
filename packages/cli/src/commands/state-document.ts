/**
 * The JSON document `decode` writes and `encode` reads: the JSON form of a state (as `toJson`
 * gives it) with its schema version as a first key, `schema_version`, so jq paths stay
 * `.host`, `.domains[3]`. When the stream was of another version than the state (a rollback read,
 * or `decode --as`), `stream_schema_version` says which, so `encode` writes that version back
 * instead of silently changing the header (FORMAT.md section 8a).
 */
import { UsageError } from '../errors.js';
import { type JsonObject, type Version, isVersion } from '../lib.js';

export const VERSION_KEY = 'schema_version';
export const STREAM_VERSION_KEY = 'stream_schema_version';

export function stateDocument(version: Version, state: JsonObject, streamVersion: number = version): JsonObject {
  return { [VERSION_KEY]: version, ...(streamVersion !== version ? { [STREAM_VERSION_KEY]: streamVersion } : {}), ...state };
}

export interface StateDocument {
  /** Schema version of the state. */
  readonly version: Version;
  /** Schema version of the stream the state was read from (`version` when the document does not say). */
  readonly streamVersion: number;
  /** Schema version to write: `streamVersion`, unless `--version` chose the state's own. */
  readonly write: number;
  readonly state: unknown;
}

/** The state JSON and its versions: from the document, or `--version` for a bare state. */
export function readStateDocument(json: unknown, versionOption: Version | undefined): StateDocument {
  const bare = (version: Version, state: unknown): StateDocument => ({ version, streamVersion: version, write: version, state });
  if (typeof json !== 'object' || json === null || Array.isArray(json)) return bare(versionOption ?? missing(), json);
  const { [VERSION_KEY]: v, [STREAM_VERSION_KEY]: sv, ...state } = json as Record<string, unknown>;
  if (v === undefined) {
    if (sv !== undefined) throw new UsageError(`"${STREAM_VERSION_KEY}" without "${VERSION_KEY}": say which schema version the state follows`);
    return bare(versionOption ?? missing(), state);
  }
  if (typeof v !== 'number' || !isVersion(v)) throw new UsageError(`"${VERSION_KEY}": ${JSON.stringify(v)} is not a schema version this tool knows`);
  if (versionOption !== undefined && versionOption !== v) {
    throw new UsageError(`--version ${versionOption} disagrees with "${VERSION_KEY}": ${v} in the document`);
  }
  if (sv === undefined) return bare(v, state);
  if (typeof sv !== 'number' || !Number.isInteger(sv) || sv < 1 || sv > 0xffffffff) {
    throw new UsageError(`"${STREAM_VERSION_KEY}": ${JSON.stringify(sv)} is not a schema version (an integer 1-4294967295)`);
  }
  // An explicit --version equal to the state's version asks for the state's version on the wire.
  return { version: v, streamVersion: sv, write: versionOption ?? sv, state };
}

function missing(): never {
  throw new UsageError(`the JSON has no "${VERSION_KEY}": say which schema version it follows with --version N`);
}
