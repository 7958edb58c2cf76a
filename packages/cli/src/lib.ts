/** Everything the CLI uses from @xenlu/format and @xenlu/verifier, in one place. */
export * from '@xenlu/format';

export {
  type AllowList, AllowListError, COMPAT_RULES, type CompatFinding, type CompatReport, PROFILES, type Profile, type Report as VerifyReport,
  type VerifyOptions, allProperties, checkCompat, checkSchemaHistory, formatJson, formatJunit, formatText, generateState,
  type Family, isProfile, loadAllowList, parseAllowList, parseShard, runVerifier, type Shard,
} from '@xenlu/verifier';
