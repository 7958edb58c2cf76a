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
import { RULES, runChecks } from './families.js';
import { Report } from './report.js';
import type { Finding, ValidateOptions } from './rule.js';

export type { Finding, RuleFamily, RuleInfo, RuleScope, Severity, ValidateOptions } from './rule.js';
export { RULES, ruleById } from './families.js';
export { P2M_RAM_TYPES, P2M_TARGET, type P2mTarget } from './p2m-types.js';
export { DomainByDomainValidator } from './by-domain.js';

/** Ids of the rules of cross-domain scope (RuleInfo.scope), which a domain-by-domain check does not run. */
export const CROSS_DOMAIN_RULES: ReadonlySet<string> = new Set(RULES.filter((r) => r.scope === 'cross-domain').map((r) => r.id));

/** Runs every rule that applies to `version` on `state`; no findings means the state is valid. */
export function validateSemantics(state: State, version: Version, opts: ValidateOptions = {}): Finding[] {
  const report = new Report(version, opts.maxPerRule ?? 100);
  report.locateIn(state);
  runChecks(new Context(state, version), report);
  return report.finish();
}
