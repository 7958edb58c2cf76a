/**
 * The released schema history and its committed allow-list (packages/verifier/compat-allow.json).
 */
import { readFileSync } from 'node:fs';
import { SCHEMAS, VERSIONS } from '@xenlu/format';
import { type AllowList, parseAllowList } from './allow-list.js';
import { type CompatReport, checkSchemaHistory } from './check.js';

/** Where the committed allow-list lies, from src/compat or dist/compat alike. */
export const RELEASED_ALLOW_LIST_URL = new URL('../../compat-allow.json', import.meta.url);

export function loadAllowList(path: string | URL = RELEASED_ALLOW_LIST_URL): AllowList {
  return parseAllowList(readFileSync(path, 'utf8'));
}

/** Checks v1 -> v2 -> v3 as released, with the committed allow-list. */
export function checkReleasedSchemas(opts: { strict?: boolean; allow?: AllowList } = {}): CompatReport {
  return checkSchemaHistory(VERSIONS.map((v) => SCHEMAS[v]), { allow: opts.allow ?? loadAllowList(), strict: opts.strict ?? false });
}
