/**
 * Every rule family: its rules and the check that reports them. The whole-state and the
 * domain-by-domain validators both run these, choosing the rules by their declared scope.
 */
import type { Context } from './context.js';
import { DOMAIN_RULES, checkDomains } from './domains.js';
import { EVTCHN_RULES, checkEventChannels } from './event-channels.js';
import { GRANT_RULES, checkGrants } from './grants.js';
import { HOST_RULES, checkHost } from './host.js';
import { HVM_RULES, checkHvm } from './hvm.js';
import { IOREQ_RULES, checkIoreq } from './ioreq.js';
import { MEM_RULES, checkMemory } from './memory.js';
import { PASSTHROUGH_RULES, checkPassthrough } from './passthrough.js';
import type { Report } from './report.js';
import type { RuleInfo } from './rule.js';
import { TSC_RULES, checkTsc } from './tsc.js';
import { VCPU_RULES, checkVcpus } from './vcpus.js';

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

/** Runs each family with a rule the report takes on `ctx`. */
export function runChecks(ctx: Context, report: Report): void {
  for (const f of FAMILIES) {
    if (Object.values<RuleInfo>(f.rules).some((r) => report.applies(r))) f.check(ctx, report);
  }
}
