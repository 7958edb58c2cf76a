/**
 * Semantic validation: the invariants across records (state-model.md section 4), each a rule
 * with a stable id. Record order and multiplicity are structural and checked by the decoder;
 * types and ranges by the schema. The rules assume a structurally valid state.
 *
 * A state is checked one domain at a time (DomainByDomainValidator), whether it was decoded whole
 * or is streamed: the rules comparing domains ask compact indexes filled as domains go by (frame
 * ownership, bound ports, active grants), so the cost is linear in the entries but for the
 * sorting of each domain's P2M.
 */
import type { State, Version } from '../schema/index.js';
import { DomainByDomainValidator } from './by-domain.js';
import type { Finding, ValidateOptions } from './rule.js';
import { RULES } from './families.js';

export type { Finding, RuleFamily, RuleInfo, RuleScope, Severity, ValidateOptions } from './rule.js';
export { RULES, ruleById } from './families.js';
export { P2M_RAM_TYPES, P2M_TARGET, type P2mTarget } from './p2m-types.js';
export { DomainByDomainValidator } from './by-domain.js';

/** Ids of the rules of cross-domain scope (RuleInfo.scope). */
export const CROSS_DOMAIN_RULES: ReadonlySet<string> = new Set(RULES.filter((r) => r.scope === 'cross-domain').map((r) => r.id));

/** Runs every rule that applies to `version` on `state`; no findings means the state is valid. */
export function validateSemantics(state: State, version: Version, opts: ValidateOptions = {}): Finding[] {
  const check = new DomainByDomainValidator(state.host, version, opts);
  state.domains.forEach((d, i) => check.domain(d, i));
  return check.finish();
}
