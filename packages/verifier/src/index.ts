/**
 * @xenlu/verifier: catches format mistakes before they reach a hypervisor. Property-based round
 * trips and cross-version reading over generated valid states, negative properties per semantic
 * rule, an independent reference reader, and a static compatibility checker over the schema.
 */
export { type GenerateOptions, type StateOptions, generateState, planArbitrary, stateArbitrary } from './arbitrary/index.js';
export { PROFILES, type Profile, isProfile } from './arbitrary/profiles.js';

export { type AllowEntry, type AllowList, AllowListError, parseAllowList } from './compat/allow-list.js';
export { type CompatFinding, type CompatOptions, type CompatReport, checkCompat, checkSchemaHistory } from './compat/check.js';
export { RELEASED_ALLOW_LIST_URL, checkReleasedSchemas, loadAllowList } from './compat/released.js';
export { COMPAT_RULES, type Breaks, type CompatRule, type CompatRuleId, type Severity } from './compat/rules.js';

export { ConformanceError } from './conformance/error.js';
export { DEFAULT_FIXTURES_DIR, type GoldenResult, checkGoldenFixtures } from './golden.js';
export { referenceDecode } from './conformance/read-state.js';

export { type FormatImpl, type SemanticFinding, realImpl } from './impl.js';
export { type Family, type PropertyDef } from './properties/property.js';
export { allProperties, selectProperties, type PropertyFilter } from './properties/catalogue.js';

export { DEFAULT_RUNS, type VerifyOptions, replayCommand, runVerifier } from './runner/run-verifier.js';
export { type Shard, parseShard, shardOf } from './runner/shard.js';
export type { Report, ReportedProperty, Throughput } from './runner/report.js';
export { formatJson, formatJunit, formatText } from './runner/formatters.js';

export { MUTANTS, type Mutant } from './mutants/catalogue.js';
