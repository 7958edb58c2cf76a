/**
 * Everything the CLI uses from @xenlu/format and @xenlu/verifier, in one place. Pieces
 * @xenlu/format does not export from its entry point yet are taken from its built modules here,
 * so switching to the public exports is a change to this file alone.
 */
export * from '@xenlu/format';
// Not yet exported from @xenlu/format's index.ts:
export { diffStreams, DiffReadError, type DiffEntry, type DiffResult, type DiffKind } from '../../format/dist/diff/index.js';
export { validateSemantics, RULES, type Finding } from '../../format/dist/semantics/index.js';
export { cHeader, cHeaderFileName } from '../../format/dist/codegen/c-header.js';

export {
  type AllowList, AllowListError, type CompatFinding, type CompatReport, PROFILES, type Profile, type Report as VerifyReport,
  type VerifyOptions, allProperties, checkCompat, checkSchemaHistory, formatJson, formatJunit, formatText, generateState,
  type Family, isProfile, loadAllowList, parseAllowList, runVerifier,
} from '@xenlu/verifier';
