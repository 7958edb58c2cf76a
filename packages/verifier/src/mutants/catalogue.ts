/**
 * The self-test catalogue: seeded format bugs, each applied as a mutant, with the properties (or
 * the static check) that must flag it. The verifier is only trusted because it catches all of them.
 */
import type { SchemaVersion } from '@xenlu/format';
import type { CompatRuleId } from '../compat/rules.js';
import type { FormatImpl } from '../impl.js';
import { IMPL_MUTATIONS } from './impl-mutants.js';
import { SCHEMA_MUTATIONS } from './schema-mutants.js';

export type MutantKind = 'codec' | 'migration' | 'semantic' | 'diff' | 'static';

interface MutantBase {
  readonly id: string;
  readonly kind: MutantKind;
  readonly bug: string;
}

export interface ImplMutant extends MutantBase {
  readonly kind: 'codec' | 'migration' | 'semantic' | 'diff';
  readonly mutate: (real: FormatImpl) => FormatImpl;
  /** Property ids or prefixes that must fail against the mutant. */
  readonly caughtBy: readonly string[];
}

export interface SchemaMutant extends MutantBase {
  readonly kind: 'static';
  /** The edited schema, as the version after v3. */
  readonly schema: () => SchemaVersion;
  /** The rule the static checker must report. */
  readonly rule: CompatRuleId;
}

export type Mutant = ImplMutant | SchemaMutant;

const M = IMPL_MUTATIONS;
const S = SCHEMA_MUTATIONS;

export const MUTANTS: readonly Mutant[] = [
  { id: 'codec-drops-field', kind: 'codec', bug: 'the writer drops DOMAIN.sched.cap', mutate: M.codecDropsField, caughtBy: ['roundtrip.state@v1'] },
  { id: 'codec-wrong-default', kind: 'codec', bug: 'an older reader defaults the retired shr_pages to 1, not 0', mutate: M.codecWrongDefault, caughtBy: ['rollback@v3>v2'] },
  { id: 'codec-padding-off-by-one', kind: 'codec', bug: 'writer and reader pad records by one byte too many', mutate: M.codecPaddingOffByOne, caughtBy: ['conformance@v2'] },
  { id: 'codec-swapped-enum', kind: 'codec', bug: 'writer and reader swap the pv32 and pv64 codes', mutate: M.codecSwappedEnum, caughtBy: ['conformance@v1'] },
  { id: 'codec-loses-unknown', kind: 'codec', bug: 'a reader drops the fields and records it does not understand', mutate: M.codecLosesUnknown, caughtBy: ['preservation@v2>v1'] },
  { id: 'codec-ignores-mandatory', kind: 'codec', bug: 'a reader skips unknown mandatory records', mutate: M.codecIgnoresMandatory, caughtBy: ['rollback@v3>v2'] },
  { id: 'decode-accepts-cut-stream', kind: 'codec', bug: 'decode takes a stream cut at a record boundary (before END) for complete', mutate: M.decodeAcceptsCutStream, caughtBy: ['framing.refused@v2'] },
  { id: 'stream-accepts-cut-stream', kind: 'codec', bug: 'readStream ends quietly when the input stops at a record boundary before END', mutate: M.streamAcceptsCutStream, caughtBy: ['framing.refused@v3'] },
  { id: 'encode-drops-root-unknown', kind: 'codec', bug: 're-encoding drops the stream-level (root) unknown optional records', mutate: M.encodeDropsRootUnknown, caughtBy: ['preservation.root@v3'] },
  { id: 'diff-ignores-unknown', kind: 'diff', bug: 'the diff ignores unknown optional records (a dump with one more is "same")', mutate: M.diffIgnoresUnknown, caughtBy: ['diff.unknown-records@v3'] },
  { id: 'upgrade-loses-devices', kind: 'migration', bug: 'the upgrade forgets the HVM platform devices', mutate: M.upgradeLosesDevices, caughtBy: ['migration.up@v1>v2'] },
  { id: 'downgrade-does-not-refuse', kind: 'migration', bug: 'the 2 -> 1 downgrade drops FIFO state instead of refusing', mutate: M.downgradeDoesNotRefuse, caughtBy: ['rollback@v2>v1'] },
  { id: 'p2m-split-wrong-mfn', kind: 'migration', bug: 'the 3 -> 2 P2M split shifts the MFN of follow-on entries', mutate: M.p2mSplitWrongMfn, caughtBy: ['migration.down@v3>v2'] },
  { id: 'upgrade-merges-access', kind: 'migration', bug: 'the 2 -> 3 upgrade merges P2M entries whose access differs', mutate: M.upgradeMergesAccess, caughtBy: ['migration.down@v3>v2'] },
  { id: 'upgrade-breaks-cpupool', kind: 'migration', bug: 'the 1 -> 2 upgrade puts domains in a cpupool the host lacks', mutate: M.upgradeBreaksCpupool, caughtBy: ['migration.up@v1>v2'] },
  { id: 'semantics-misses-symmetry', kind: 'semantic', bug: 'the checker misses asymmetric interdomain channels', mutate: M.semanticsMissesSymmetry, caughtBy: ['negative.evtchn.interdomain-symmetric@v1'] },
  { id: 'semantics-misses-bootmem', kind: 'semantic', bug: 'the checker misses owned pages in live-update bootmem', mutate: M.semanticsMissesBootmem, caughtBy: ['negative.host.owned-outside-bootmem@v2'] },
  { id: 'semantics-misses-pin-count', kind: 'semantic', bug: 'the checker misses wrong host pin counts', mutate: M.semanticsMissesPinCount, caughtBy: ['negative.grant.pin-count@v3'] },
  { id: 'semantics-false-positive', kind: 'semantic', bug: 'the checker reports vCPU 0 missing on paused domains', mutate: M.semanticsFalsePositive, caughtBy: ['generator.valid@v2'] },
  { id: 'static-field-number-reused', kind: 'static', bug: 'v4 reuses the retired DOMAIN field 11', schema: S.fieldNumberReused, rule: 'FIELD_NUMBER_REUSED' },
  { id: 'static-enum-renumbered', kind: 'static', bug: 'v4 swaps the pv32 and pv64 codes', schema: S.enumRenumbered, rule: 'ENUM_VALUE_RENUMBERED' },
  { id: 'static-integer-narrowed', kind: 'static', bug: 'v4 narrows DOMAIN.max_pages to u32', schema: S.integerNarrowed, rule: 'INTEGER_NARROWED' },
  { id: 'static-mandatory-not-gated', kind: 'static', bug: 'v4 adds a mandatory record without saying what gates it', schema: S.mandatoryRecordNotGated, rule: 'MANDATORY_RECORD_ADDED' },
  { id: 'static-field-without-default', kind: 'static', bug: 'v4 adds an event-channel field without a default', schema: S.fieldWithoutDefault, rule: 'FIELD_ADDED_WITHOUT_DEFAULT' },
  { id: 'static-record-type-reused', kind: 'static', bug: 'v4 gives the retired P2M type 7 to another record', schema: S.recordTypeReused, rule: 'RECORD_TYPE_REUSED' },
  { id: 'static-optionality-flipped', kind: 'static', bug: 'v4 makes VCPU_RUNSTATE mandatory', schema: S.optionalityFlipped, rule: 'RECORD_OPTIONALITY_CHANGED' },
];
