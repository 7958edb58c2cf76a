/**
 * The static compatibility rules: what a schema change may break, by stable id. Each rule says
 * whom it breaks (`backward`: a reader of the new definitions on bytes written with the old ones;
 * `rollback`: a reader of the old definitions on bytes written with the new ones) and carries an
 * example, which docs/VERIFIER.md repeats.
 */

export type Severity = 'error' | 'warning' | 'info';
/** Who is hurt by the change. */
export type Breaks = 'backward' | 'rollback' | 'both' | 'none';

export interface CompatRule {
  readonly id: string;
  readonly severity: Severity;
  readonly breaks: Breaks;
  readonly summary: string;
  /** A before/after pair in the schema DSL that triggers the rule. */
  readonly example: { readonly before: string; readonly after: string };
}

function rule(id: string, severity: Severity, breaks: Breaks, summary: string, before: string, after: string): CompatRule {
  return { id, severity, breaks, summary, example: { before, after } };
}

export const COMPAT_RULES = [
  rule('RECORD_TYPE_REUSED', 'error', 'both',
    'A record type number now names a different record (in this or any earlier version): old bytes would be read with the wrong meaning.',
    "record('P2M', 7, P2mEntryList)", "record('PCI_BARS', 7, PciBars)"),
  rule('RECORD_RENUMBERED', 'error', 'both',
    'A record keeps its name but moves to another type number: readers of the other version do not recognise it.',
    "record('TSC_INFO', 6, TscInfo)", "record('TSC_INFO', 15, TscInfo)"),
  rule('RECORD_OPTIONALITY_CHANGED', 'error', 'both',
    'A record flips between mandatory and optional (bit 31 of its type): a reader either drops state it needs or refuses streams it could read.',
    "record('VCPU_RUNSTATE', OPTIONAL_BIT | 1, ...)", "record('VCPU_RUNSTATE', 1, ...)"),
  rule('RECORD_REMOVED', 'error', 'rollback',
    'A record type is no longer written: an older reader sees its section as empty, silently, unless a mandatory replacement makes it refuse. The number stays reserved.',
    "p2m: entries(P2M /* type 7 */)", "p2m: entries(P2M_EXTENTS /* type 14 */)"),
  rule('MANDATORY_RECORD_ADDED', 'error', 'rollback',
    'A new mandatory record: an older reader refuses every stream that contains it. Safe for rollback only when it is written only while a feature is in use; the allow-list must say which feature (emittedOnlyWhen) or accept the break explicitly (rollbackBreak).',
    '(no record 12)', "event_fifo: optional(record('EVENT_FIFO', 12, EventFifo))"),
  rule('OPTIONAL_RECORD_ADDED', 'info', 'none',
    'A new optional record: an older reader skips it and reports it dropped.',
    '(no runstate record)', "vcpu_runstates: entries(listRecord('VCPU_RUNSTATE', OPTIONAL_BIT | 1, ...))"),
  rule('SECTION_MULTIPLICITY_CHANGED', 'error', 'both',
    'A record changes how many times it appears per domain (single, optional, each, list): readers check multiplicity.',
    'grant_table: optional(GRANT_TABLE)', 'grant_table: single(GRANT_TABLE)'),
  rule('RECORD_ORDER_CHANGED', 'error', 'both',
    'Two records both versions know appear in the other order: readers check the canonical order.',
    'tsc_info, p2m, vcpus', 'p2m, tsc_info, vcpus'),
  rule('FIELD_REMOVED', 'error', 'both',
    'A field number disappears without being retired: its number could be reused, and readers lose the slot.',
    "struct('Domain', { ..., cpupool: field(21, u32(), '', 0) })", "struct('Domain', { ... /* 21 gone */ })"),
  rule('FIELD_NUMBER_REUSED', 'error', 'both',
    'A retired field number is used again: old bytes hold nil or a stale value of another meaning there.',
    "struct('Domain', {...}, [{ no: 11, name: 'shr_pages' }])", "struct('Domain', { ..., pod_target: field(11, u64(), '') })"),
  rule('FIELD_RETIRED_WITHOUT_DEFAULT', 'error', 'rollback',
    'A field is retired (written nil) but the older version gave it no default: older readers refuse the nil.',
    "ssidref: field(7, u32(), 'label')", "struct('Domain', {...}, [{ no: 7, name: 'ssidref' }])"),
  rule('FIELD_RETIRED', 'info', 'none',
    'A field is retired: written nil, read back as its default by older readers.',
    "shr_pages: field(11, u32(), 'shared pages', 0)", "struct('Domain', {...}, [{ no: 11, name: 'shr_pages' }])"),
  rule('FIELD_ADDED_WITHOUT_DEFAULT', 'error', 'backward',
    'A field is added without a default: bytes written before it existed cannot be read.',
    "struct('EventChannel', { /* 1-9 */ })", "struct('EventChannel', { ..., priority: field(10, u8()) })"),
  rule('FIELD_ADDED', 'info', 'none',
    'A field is added with a default: older bytes read it as the default, older readers skip it as an unknown field.',
    "struct('EventChannel', { /* 1-9 */ })", "struct('EventChannel', { ..., priority: field(10, u8(), '', 7) })"),
  rule('FIELD_RENAMED', 'info', 'none',
    'A field keeps its number and type under a new name: no wire change.',
    "ssidref: field(7, u32(), 'label')", "xsm_label: field(7, u32(), 'label')"),
  rule('FIELD_DEFAULT_CHANGED', 'error', 'both',
    'A field default changes: the same bytes (a short array, a nil) now mean another value.',
    "priority: field(10, u8(), '', 7)", "priority: field(10, u8(), '', 0)"),
  rule('FIELD_DEFAULT_REMOVED', 'error', 'backward',
    'A field loses its default: bytes that omit it, or hold nil there, can no longer be read.',
    "cpupool: field(21, u32(), '', 0)", "cpupool: field(21, u32(), '')"),
  rule('TYPE_CHANGED', 'error', 'both',
    'A value changes kind (other than widening an integer): old bytes hold a value of another type.',
    "handle: field(2, bin(16), 'uuid')", "handle: field(2, str(36), 'uuid')"),
  rule('INTEGER_NARROWED', 'error', 'backward',
    'An integer (or an enum width) accepts fewer values: old bytes may hold values the new reader refuses.',
    'max_pages: field(9, u64())', 'max_pages: field(9, u32())'),
  rule('INTEGER_WIDENED', 'warning', 'rollback',
    'An integer accepts more values: an older reader refuses the new ones, so the downgrade must refuse them too, naming the field.',
    'max_pages: field(9, u32())', 'max_pages: field(9, u64())'),
  rule('ENUM_VALUE_REMOVED', 'error', 'backward',
    'An enum value disappears: old bytes holding its code are refused.',
    'enumOf({ two_level: 0, fifo: 1 })', 'enumOf({ fifo: 1 })'),
  rule('ENUM_VALUE_RENUMBERED', 'error', 'both',
    'An enum value keeps its name under another code: the same bytes now mean another value.',
    'enumOf({ pv32: 0, pv64: 1 })', 'enumOf({ pv32: 1, pv64: 0 })'),
  rule('ENUM_VALUE_RENAMED', 'info', 'none',
    'An enum code keeps its number under another name: no wire change.',
    'enumOf({ null: 9 })', 'enumOf({ null_sched: 9 })'),
  rule('ENUM_VALUE_ADDED', 'warning', 'rollback',
    'An enum value is added: an older reader refuses it, so the downgrade must refuse it too.',
    'enumOf({ two_level: 0 })', 'enumOf({ two_level: 0, fifo: 1 })'),
  rule('FLAG_REMOVED', 'error', 'backward',
    'A named flag bit disappears: old bytes with the bit set are refused.',
    'flags({ hap: 1, oos_off: 3 })', 'flags({ hap: 1 })'),
  rule('FLAG_MOVED', 'error', 'both',
    'A flag keeps its name under another bit: the same bytes now mean other flags.',
    'flags({ hap: 1 })', 'flags({ hap: 2 })'),
  rule('FLAG_ADDED', 'warning', 'rollback',
    'A flag bit is added: an older reader refuses the bit, so the downgrade must clear or refuse it.',
    'flags({ hap: 1 })', 'flags({ hap: 1, vmtrace: 9 })'),
  rule('LENGTH_NARROWED', 'error', 'backward',
    'A string, blob or list accepts fewer lengths: old bytes may be refused.',
    'fpu: field(1, bin(512))', 'fpu: field(1, bin(256))'),
  rule('LENGTH_WIDENED', 'warning', 'rollback',
    'A string, blob or list accepts more lengths: an older reader refuses the longer ones.',
    'extra: field(3, str(64))', 'extra: field(3, str(128))'),
  rule('NULLABLE_REMOVED', 'error', 'backward',
    'A value stops accepting nil: old bytes holding nil are refused.',
    'xsave: field(4, opt(Xsave))', 'xsave: field(4, Xsave)'),
  rule('NULLABLE_ADDED', 'warning', 'rollback',
    'A value starts accepting nil: an older reader refuses the nil.',
    'bufioreq_gfn: field(4, Gfn())', 'bufioreq_gfn: field(4, opt(Gfn()))'),
  rule('SCHEMA_CHANGED_WITHOUT_VERSION_BUMP', 'error', 'both',
    'An edited schema changes the wire meaning but keeps the released version number: readers cannot tell the two apart.',
    'v3 as released', 'v3 with a field added, still version 3'),
  rule('ALLOW_ENTRY_UNUSED', 'warning', 'none',
    'An allow-list entry matches no finding: the break it excused is gone, or the entry is misspelt.',
    '{ "rule": "FIELD_ADDED", "subject": "DOMAIN.nope" }', '(no such finding)'),
] as const satisfies readonly CompatRule[];

export type CompatRuleId = (typeof COMPAT_RULES)[number]['id'];

const BY_ID: ReadonlyMap<string, CompatRule> = new Map(COMPAT_RULES.map((r) => [r.id, r]));

export function compatRule(id: CompatRuleId): CompatRule {
  const r = BY_ID.get(id);
  if (!r) throw new Error(`unknown compat rule ${id}`);
  return r;
}

export function isCompatRuleId(id: string): id is CompatRuleId {
  return BY_ID.has(id);
}
