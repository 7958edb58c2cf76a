/**
 * Seeded bugs in a schema edit: a hypothetical v4 derived from v3 with one mistake each, which the
 * static compatibility checker must reject by the right rule.
 */
import { OPTIONAL_BIT, type SchemaVersion, v3 } from '@xenlu/format';
import { addField, editField, editItem, editRecordBody, editRecords, withDesc } from '../compat/schema-edit.js';

const v4 = (s: SchemaVersion): SchemaVersion => ({ ...s, version: 4 });

export type SchemaMutationId =
  | 'fieldNumberReused' | 'enumRenumbered' | 'integerNarrowed' | 'mandatoryRecordNotGated'
  | 'fieldWithoutDefault' | 'recordTypeReused' | 'optionalityFlipped';

export const SCHEMA_MUTATIONS: Readonly<Record<SchemaMutationId, () => SchemaVersion>> = {
  /** DOMAIN field 11 (shr_pages, retired in v3) comes back as a new field. */
  fieldNumberReused: () =>
    v4(editRecordBody(v3, 'DOMAIN', (s) => ({ ...addField(s, 'pod_target', { ...s.fields['tot_pages']!, no: 11, doc: 'PoD target' }), retired: [] }))),
  /** The pv32 and pv64 domain types swap codes. */
  enumRenumbered: () =>
    v4(editRecordBody(v3, 'DOMAIN', (s) => editField(s, 'type', (f) => withDesc(f, (d) => (d.kind === 'enum' ? { ...d, values: { pv32: 1, pv64: 0, hvm: 2, pvh: 3 } } : d))))),
  /** DOMAIN.max_pages goes back to u32. */
  integerNarrowed: () =>
    v4(editRecordBody(v3, 'DOMAIN', (s) => editField(s, 'max_pages', (f) => withDesc(f, () => ({ kind: 'uint', bits: 32, min: 0, max: 0xffff_ffff }))))),
  /** A new mandatory record (a copy of VCPU_RUNSTATE without the optional bit) nobody allowed. */
  mandatoryRecordNotGated: () => {
    const base = v3.sections['vcpu_runstates']!;
    const record = { ...base.record, name: 'VCPU_RUNSTATE_EX', type: 15 };
    return v4({ ...v3, sections: { ...v3.sections, vcpu_runstates_ex: { ...base, record } }, records: new Map([...v3.records, [15, record]]) });
  },
  /** EVENT_CHANNELS entries gain a field without a default. */
  fieldWithoutDefault: () =>
    v4(editRecordBody(v3, 'EVENT_CHANNELS', (s) =>
      editField(s, 'entries', (f) => withDesc(f, (d) => editItem(d, (e) => addField(e, 'xen_consumer', { no: 11, node: e.fields['virq']!.node, doc: 'consumer' })))))),
  /** Record type 7 (P2M until v2) is given to a new record. */
  recordTypeReused: () =>
    v4(editRecords(v3, (r) => (r.name === 'PASSTHROUGH' ? { ...r, type: 7 } : r))),
  /** VCPU_RUNSTATE loses its optional bit. */
  optionalityFlipped: () =>
    v4(editRecords(v3, (r) => (r.name === 'VCPU_RUNSTATE' ? { ...r, type: (r.type & ~OPTIONAL_BIT) >>> 0 } : r))),
};
