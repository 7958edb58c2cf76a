/**
 * Semantic validation: the invariants across records (state-model.md section 4), each a rule
 * with a stable id. Record order and multiplicity are structural and checked by the decoder;
 * types and ranges by the schema. The rules assume a structurally valid state.
 *
 * Cost is O(n log n) in the number of entries: shared indexes (page ownership as sorted
 * intervals, ports per domain, active grants by (granter, ref)) are built once.
 */
import type { State, Version } from '../schema/index.js';
import { Context } from './context.js';
import { DOMAIN_RULES, checkDomains } from './domains.js';
import { EVTCHN_RULES, checkEventChannels } from './event-channels.js';
import { GRANT_RULES, checkGrants } from './grants.js';
import { HOST_RULES, checkHost } from './host.js';
import { HVM_RULES, checkHvm } from './hvm.js';
import { IOREQ_RULES, checkIoreq } from './ioreq.js';
import { MEM_RULES, checkMemory } from './memory.js';
import { PASSTHROUGH_RULES, checkPassthrough } from './passthrough.js';
import { Report } from './report.js';
import type { Finding, RuleInfo } from './rule.js';
import { TSC_RULES, checkTsc } from './tsc.js';
import { VCPU_RULES, checkVcpus } from './vcpus.js';

export type { Finding, RuleFamily, RuleInfo, Severity } from './rule.js';
export { P2M_RAM_TYPES, P2M_TARGET, type P2mTarget } from './p2m-types.js';
export { CROSS_DOMAIN_RULES, DomainByDomainValidator } from './by-domain.js';

const FAMILIES = [
  { rules: HOST_RULES, check: checkHost },
  { rules: DOMAIN_RULES, check: checkDomains },
  { rules: VCPU_RULES, check: checkVcpus },
  { rules: EVTCHN_RULES, check: checkEventChannels },
  { rules: GRANT_RULES, check: checkGrants },
  { rules: MEM_RULES, check: checkMemory },
  { rules: IOREQ_RULES, check: checkIoreq },
  { rules: PASSTHROUGH_RULES, check: checkPassthrough },
  { rules: TSC_RULES, check: checkTsc },
  { rules: HVM_RULES, check: checkHvm },
] as const;

/** Every rule, grouped by family. */
export const RULES: readonly RuleInfo[] = FAMILIES.flatMap((f) => Object.values<RuleInfo>(f.rules));

export function ruleById(id: string): RuleInfo | undefined {
  return RULES.find((r) => r.id === id);
}

export interface ValidateOptions {
  /** Findings listed per rule before the rest are summarised in one finding (default 100). */
  readonly maxPerRule?: number;
}

/** Runs every rule that applies to `version` on `state`; no findings means the state is valid. */
export function validateSemantics(state: State, version: Version, opts: ValidateOptions = {}): Finding[] {
  const ctx = new Context(state, version);
  const report = new Report(version, opts.maxPerRule ?? 100);
  for (const f of FAMILIES) {
    if (Object.values<RuleInfo>(f.rules).some((r) => report.applies(r))) f.check(ctx, report);
  }
  return report.finish();
}
