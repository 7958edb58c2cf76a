/**
 * The JSON document `decode` writes and `encode` reads: the JSON form of a state (as `toJson`
 * gives it) with its schema version as a first key, `schema_version`, so jq paths stay
 * `.host`, `.domains[3]`.
 */
import { UsageError } from '../errors.js';
import { type JsonObject, type Version, isVersion } from '../lib.js';

export const VERSION_KEY = 'schema_version';

export function stateDocument(version: Version, state: JsonObject): JsonObject {
  return { [VERSION_KEY]: version, ...state };
}

/** The state JSON and its version: from the document, or `--version` for a bare state. */
export function readStateDocument(json: unknown, versionOption: Version | undefined): { version: Version; state: unknown } {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) return { version: versionOption ?? missing(), state: json };
  const { [VERSION_KEY]: v, ...state } = json as Record<string, unknown>;
  if (v === undefined) return { version: versionOption ?? missing(), state };
  if (typeof v !== 'number' || !isVersion(v)) throw new UsageError(`"${VERSION_KEY}": ${JSON.stringify(v)} is not a schema version this tool knows`);
  if (versionOption !== undefined && versionOption !== v) {
    throw new UsageError(`--version ${versionOption} disagrees with "${VERSION_KEY}": ${v} in the document`);
  }
  return { version: v, state };
}

function missing(): never {
  throw new UsageError(`the JSON has no "${VERSION_KEY}": say which schema version it follows with --version N`);
}
