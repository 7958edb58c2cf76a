/**
 * Everything the CLI uses from @xenlu/format, and the verifier's types and names. The verifier
 * itself (fast-check, piscina) is loaded by the commands that run it (`verifier-lib.ts`), so the
 * others start without it.
 */
export * from '@xenlu/format';
export { COMPAT_RULES, PROFILES, type Profile, isProfile } from '@xenlu/verifier/names';
export type {
  AllowList, CompatFinding, CompatReport, Family, Report as VerifyReport, Shard, VerifyOptions,
} from '@xenlu/verifier';
