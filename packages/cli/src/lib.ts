/**
 * Everything the CLI uses from @xenlu/format and @xenlu/verifier, in one place. Pieces the
 * packages do not export from their entry points yet are taken from their built modules here, so
 * switching to the public exports is a change to this file alone.
 */
export * from '@xenlu/format';
// Not yet exported from @xenlu/format's index.ts:
export { diffStreams, DiffReadError, type DiffEntry, type DiffResult, type DiffKind } from '../../format/dist/diff/index.js';
export { validateSemantics, RULES, type Finding } from '../../format/dist/semantics/index.js';
export { describeSchema } from '../../format/dist/docs/index.js';
export { cHeader, cHeaderFileName } from '../../format/dist/codegen/c-header.js';
// @xenlu/verifier has no entry point yet:
export { generateState, PROFILES, isProfile, type Profile } from '../../verifier/dist/arbitrary/index.js';
export { checkCompat, checkSchemaHistory, type CompatFinding, type CompatReport } from '../../verifier/dist/compat/check.js';
export { loadAllowList, checkReleasedSchemas } from '../../verifier/dist/compat/released.js';
export { parseAllowList, AllowListError, type AllowList } from '../../verifier/dist/compat/allow-list.js';
