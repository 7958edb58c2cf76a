/**
 * Every rule family: its rules, the check that reports them (on the host, then on each domain),
 * and what a family checks once every domain is in.
 */
import type { Context } from './context.js';
import type { CrossDomainIndex } from './cross-domain.js';
import { DOMAIN_RULES, checkDomains } from './domains.js';
import { EVTCHN_RULES, checkEventChannels } from './event-channels.js';
import { GRANT_RULES, checkGrants, finishGrants } from './grants.js';
import { HOST_RULES, checkHost } from './host.js';
import { HVM_RULES, checkHvm } from './hvm.js';
import { IOREQ_RULES, checkIoreq } from './ioreq.js';
import { MEM_RULES, checkMemory } from './memory.js';
import { PASSTHROUGH_RULES, checkPassthrough } from './passthrough.js';
import type { Report } from './report.js';
import type { RuleInfo } from './rule.js';
import { TSC_RULES, checkTsc } from './tsc.js';
import { VCPU_RULES, checkVcpus } from './vcpus.js';

export interface Family {
  readonly rules: Record<string, RuleInfo>;
  readonly check: (ctx: Context, report: Report) => void;
  readonly finish?: (across: CrossDomainIndex, report: Report) => void;
}

const FAMILIES: readonly Family[] = [
  { rules: HOST_RULES, check: checkHost },
  { rules: DOMAIN_RULES, check: checkDomains },
  { rules: VCPU_RULES, check: checkVcpus },
  { rules: EVTCHN_RULES, check: checkEventChannels },
  { rules: GRANT_RULES, check: checkGrants, finish: finishGrants },
  { rules: MEM_RULES, check: checkMemory },
  { rules: IOREQ_RULES, check: checkIoreq },
  { rules: PASSTHROUGH_RULES, check: checkPassthrough },
  { rules: TSC_RULES, check: checkTsc },
  { rules: HVM_RULES, check: checkHvm },
];

/** Every rule, grouped by family. */
export const RULES: readonly RuleInfo[] = FAMILIES.flatMap((f) => Object.values<RuleInfo>(f.rules));

export function ruleById(id: string): RuleInfo | undefined {
  return RULES.find((r) => r.id === id);
}

/** The families with a rule `report` takes now (its version and scopes): what runChecks runs. */
export function familiesFor(report: Report): readonly Family[] {
  return FAMILIES.filter((f) => Object.values<RuleInfo>(f.rules).some((r) => report.applies(r)));
}

/** Runs each family with a rule the report takes on `ctx` (`families`: familiesFor(report), computed once per run of many domains). */
export function runChecks(ctx: Context, report: Report, families: readonly Family[] = familiesFor(report)): void {
  for (const f of families) f.check(ctx, report);
}

/** The end of a run: the checks deferred until every domain is in, then each family's own. */
export function finishChecks(across: CrossDomainIndex, report: Report): void {
  across.finish(report);
  for (const f of FAMILIES) f.finish?.(across, report);
}
