/**
 * Seeded bugs in a schema edit: a hypothetical next version derived from the latest with one
 * mistake each, which the static compatibility checker must reject by the right rule.
 */
import { LATEST_VERSION, OPTIONAL_BIT, SCHEMAS, type SchemaVersion, type Section } from '@xenlu/format';
import { addField, editField, editItem, editRecordBody, editRecords, withDesc } from '../compat/schema-edit.js';

const latest = SCHEMAS[LATEST_VERSION];
const next = (s: SchemaVersion): SchemaVersion => ({ ...s, version: LATEST_VERSION + 1 });
/** A record type no released version uses. */
const freeType = Math.max(...[...latest.records.keys()].filter((t) => (t & OPTIONAL_BIT) === 0)) + 1;

export type SchemaMutationId =
  | 'fieldNumberReused' | 'enumRenumbered' | 'integerNarrowed' | 'mandatoryRecordNotGated'
  | 'fieldWithoutDefault' | 'recordTypeReused' | 'optionalityFlipped';

export const SCHEMA_MUTATIONS: Readonly<Record<SchemaMutationId, () => SchemaVersion>> = {
  /** DOMAIN field 11 (shr_pages, retired in v3) comes back as a new field. */
  fieldNumberReused: () =>
    next(editRecordBody(latest, 'DOMAIN', (s) => ({ ...addField(s, 'pod_target', { ...s.fields['tot_pages']!, no: 11, doc: 'PoD target' }), retired: [] }))),
  /** The pv32 and pv64 domain types swap codes. */
  enumRenumbered: () =>
    next(editRecordBody(latest, 'DOMAIN', (s) => editField(s, 'type', (f) => withDesc(f, (d) => (d.kind === 'enum' ? { ...d, values: { pv32: 1, pv64: 0, hvm: 2, pvh: 3 } } : d))))),
  /** DOMAIN.cpupool shrinks to u16. */
  integerNarrowed: () =>
    next(editRecordBody(latest, 'DOMAIN', (s) => editField(s, 'cpupool', (f) => withDesc(f, () => ({ kind: 'uint', bits: 16, min: 0, max: 0xffff }))))),
  /** A new mandatory record (a copy of VCPU_RUNSTATE without the optional bit) nobody allowed. */
  mandatoryRecordNotGated: () => {
    const base = latest.sections['vcpu_runstates']!;
    const record = { ...base.record, name: 'VCPU_RUNSTATE_EX', type: freeType };
    return next({ ...latest, sections: { ...latest.sections, vcpu_runstates_ex: { ...base, record } as Section }, records: new Map([...latest.records, [freeType, record]]) });
  },
  /** EVENT_CHANNELS entries gain a field without a default. */
  fieldWithoutDefault: () =>
    next(editRecordBody(latest, 'EVENT_CHANNELS', (s) =>
      editField(s, 'entries', (f) => withDesc(f, (d) => editItem(d, (e) => addField(e, 'notify_count', { no: Object.keys(e.fields).length + e.retired.length + 1, node: e.fields['virq']!.node, doc: 'notifications' })))))),
  /** Record type 7 (P2M until v2) is given to a new record. */
  recordTypeReused: () =>
    next(editRecords(latest, (r) => (r.name === 'PASSTHROUGH' ? { ...r, type: 7 } : r))),
  /** VCPU_RUNSTATE loses its optional bit. */
  optionalityFlipped: () =>
    next(editRecords(latest, (r) => (r.name === 'VCPU_RUNSTATE' ? { ...r, type: (r.type & ~OPTIONAL_BIT) >>> 0 } : r))),
};
