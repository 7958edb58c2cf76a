import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { OPTIONAL_BIT, v1, v2, v3, v4 } from '@xenlu/format';
import { AllowListError, parseAllowList } from '../src/compat/allow-list.js';
import { checkCompat, checkSchemaHistory } from '../src/compat/check.js';
import { checkReleasedSchemas, loadAllowList } from '../src/compat/released.js';
import { COMPAT_RULES } from '../src/compat/rules.js';
import { addField, editField, editItem, editRecordBody, editRecords, retype, withDesc } from '../src/compat/schema-edit.js';

const unallowed = (r: ReturnType<typeof checkCompat>) => r.findings.filter((f) => !f.allowed && f.severity === 'error').map((f) => `${f.rule} ${f.subject}`);
const rules = (r: ReturnType<typeof checkCompat>) => r.findings.map((f) => f.rule);

describe('released schema history', () => {
  it('passes with the committed allow-list, strict included', () => {
    const r = checkReleasedSchemas({ strict: true });
    expect(r.findings.filter((f) => f.rule === 'ALLOW_ENTRY_UNUSED')).toEqual([]);
    expect(r.ok).toBe(true);
    expect(r.pairs).toEqual([{ from: 1, to: 2 }, { from: 2, to: 3 }, { from: 3, to: 4 }]);
  });

  it('v3 -> v4 without the allow-list fails on exactly its intended breaks', () => {
    const r = checkSchemaHistory([v3, v4]);
    expect(unallowed(r).sort()).toEqual([
      'INTEGER_NARROWED DOMAIN.max_pages',
      'INTEGER_NARROWED DOMAIN.tot_pages',
      'INTEGER_NARROWED HOST.total_pages',
      'INTEGER_NARROWED IOREQ_SERVERS.entries[].id',
      'LENGTH_NARROWED IOREQ_SERVERS.entries',
      'MANDATORY_RECORD_ADDED CPU_POLICY',
    ]);
  });

  it('without the allow-list fails on exactly the intended breaks', () => {
    const r = checkSchemaHistory([v1, v2, v3]);
    expect(r.ok).toBe(false);
    expect(unallowed(r).sort()).toEqual([
      'MANDATORY_RECORD_ADDED EVENT_FIFO',
      'MANDATORY_RECORD_ADDED P2M_EXTENTS',
      'MANDATORY_RECORD_ADDED PASSTHROUGH',
      'RECORD_REMOVED P2M',
    ]);
    const info = r.findings.filter((f) => f.severity !== 'error').map((f) => `${f.from}>${f.to} ${f.rule} ${f.subject}`);
    expect(info).toEqual(expect.arrayContaining([
      '1>2 INTEGER_WIDENED DOMAIN.max_pages',
      '1>2 ENUM_VALUE_ADDED DOMAIN.evtchn_abi.fifo',
      '1>2 FIELD_ADDED DOMAIN.cpupool',
      '1>2 FIELD_ADDED EVENT_CHANNELS.entries[].priority',
      '1>2 OPTIONAL_RECORD_ADDED VCPU_RUNSTATE',
      '2>3 FIELD_RENAMED DOMAIN.xsm_label',
      '2>3 FIELD_RETIRED DOMAIN.shr_pages',
    ]));
  });

  it('says what the P2M change is: a new type for a new meaning, which v2 readers refuse', () => {
    const r = checkCompat(v2, v3, { allow: loadAllowList() });
    const removed = r.findings.find((f) => f.rule === 'RECORD_REMOVED');
    expect(removed?.message).toContain('moves to P2M_EXTENTS');
    const added = r.findings.find((f) => f.subject === 'P2M_EXTENTS');
    expect(added?.allowed?.rollbackBreak).toBe(true);
    expect(r.findings.find((f) => f.subject === 'PASSTHROUGH')?.allowed?.emittedOnlyWhen).toMatch(/passthrough|PCI/);
  });
});

describe('breaking edits are caught by rule', () => {
  const domainEdit = (edit: Parameters<typeof editRecordBody>[2]) => editRecordBody(v3, 'DOMAIN', edit);

  it('field removed without retiring', () => {
    const edited = domainEdit((s) => editField(s, 'cpupool', () => undefined));
    expect(rules(checkCompat(v3, edited))).toContain('FIELD_REMOVED');
  });

  it('retired field number reused', () => {
    const edited = domainEdit((s) => ({ ...addField(s, 'pod_target', { ...s.fields['tot_pages']!, no: 11 }), retired: [] }));
    expect(rules(checkCompat(v3, { ...edited, version: 4 }))).toContain('FIELD_NUMBER_REUSED');
  });

  it('integer narrowed, enum renumbered, flag moved, default changed', () => {
    const edited = domainEdit((s) => {
      let t = editField(s, 'max_pages', (f) => withDesc(f, () => ({ kind: 'uint', bits: 32, min: 0, max: 0xffffffff })));
      t = editField(t, 'type', (f) => withDesc(f, (d) => (d.kind === 'enum' ? { ...d, values: { pv32: 1, pv64: 0, hvm: 2, pvh: 3 } } : d)));
      t = editField(t, 'roles', (f) => withDesc(f, (d) => (d.kind === 'flags' ? { ...d, bits: { hardware: 0, xenstore: 4, privileged: 2 } } : d)));
      t = editField(t, 'cpupool', (f) => ({ ...f, default: 1 }));
      return t;
    });
    const r = checkCompat(v3, { ...edited, version: 4 });
    expect(rules(r)).toEqual(expect.arrayContaining(['INTEGER_NARROWED', 'ENUM_VALUE_RENUMBERED', 'FLAG_MOVED', 'FIELD_DEFAULT_CHANGED']));
    expect(r.findings.filter((f) => f.rule === 'ENUM_VALUE_RENUMBERED').map((f) => f.subject).sort()).toEqual(['DOMAIN.type.pv32', 'DOMAIN.type.pv64']);
  });

  it('field added without a default, in a list entry', () => {
    const edited = editRecordBody(v3, 'EVENT_CHANNELS', (s) =>
      editField(s, 'entries', (f) => withDesc(f, (d) => editItem(d, (e) => addField(e, 'cookie', { no: 11, node: e.fields['port']!.node, doc: 'x' })))),
    );
    const r = checkCompat(v3, { ...edited, version: 4 });
    expect(r.findings.map((f) => `${f.rule} ${f.subject}`)).toContain('FIELD_ADDED_WITHOUT_DEFAULT EVENT_CHANNELS.entries[].cookie');
  });

  it('record type reused, renumbered, made optional, and a mandatory record without annotation', () => {
    const reused = editRecords(v3, (r) => (r.name === 'TSC_INFO' ? { ...r, name: 'PCI_BARS', body: { ...r.body, desc: { ...r.body.desc, name: 'PciBars' } } } : r));
    expect(rules(checkCompat(v3, { ...reused, version: 4 }))).toContain('RECORD_TYPE_REUSED');
    expect(rules(checkCompat(v3, { ...retype(v3, 'TSC_INFO', 15), version: 4 }))).toContain('RECORD_RENUMBERED');
    expect(rules(checkCompat(v3, { ...retype(v3, 'PASSTHROUGH', OPTIONAL_BIT | 13), version: 4 }))).toContain('RECORD_OPTIONALITY_CHANGED');
  });

  it('a record type number of an earlier, non-adjacent version is not reused', () => {
    // v4 gives type 7 (P2M until v2) to another record: v3 no longer knows 7, v1 and v2 do.
    const v4 = { ...retype(v3, 'PASSTHROUGH', 7), version: 4 };
    const r = checkSchemaHistory([v1, v2, v3, v4], { allow: loadAllowList() });
    expect(r.findings.some((f) => f.rule === 'RECORD_TYPE_REUSED' && f.from === 3 && f.to === 4 && f.message.includes('P2M in version'))).toBe(true);
    expect(r.ok).toBe(false);
  });

  it('section multiplicity and record order', () => {
    const sections = { ...v3.sections, grant_table: { ...v3.sections['grant_table']!, kind: 'single' as const } };
    expect(rules(checkCompat(v3, { ...v3, version: 4, sections }))).toContain('SECTION_MULTIPLICITY_CHANGED');
    const { tsc_info, p2m, ...rest } = v3.sections;
    const { domain, ...others } = rest;
    const reordered = { domain: domain!, p2m: p2m!, tsc_info: tsc_info!, ...others };
    expect(rules(checkCompat(v3, { ...v3, version: 4, sections: reordered }))).toContain('RECORD_ORDER_CHANGED');
  });

  it('an edited schema that keeps its version number must not change the wire', () => {
    const edited = domainEdit((s) => editField(s, 'max_grant_frames', (f) => withDesc(f, () => ({ kind: 'uint', bits: 32, min: 1, max: 0xffffffff }))));
    const r = checkCompat(v3, edited);
    expect(rules(r)).toEqual(['INTEGER_WIDENED', 'SCHEMA_CHANGED_WITHOUT_VERSION_BUMP']);
    expect(r.ok).toBe(false);
    const renamed = domainEdit((s) => {
      const { xsm_label, ...rest } = s.fields;
      return { ...s, fields: { ...rest, ssid: xsm_label! } };
    });
    const ok = checkCompat(v3, renamed);
    expect(rules(ok)).toEqual(['FIELD_RENAMED']);
    expect(ok.ok).toBe(true);
  });
});

describe('allow-list', () => {
  it('requires a reason and, for a new mandatory record, the gating annotation', () => {
    expect(() => parseAllowList('{"entries":[{"rule":"FIELD_REMOVED","from":1,"to":2,"subject":"DOMAIN.x"}]}')).toThrow(AllowListError);
    expect(() => parseAllowList('{"entries":[{"rule":"MANDATORY_RECORD_ADDED","from":1,"to":2,"subject":"X","reason":"because we want it"}]}')).toThrow(/emittedOnlyWhen/);
    expect(() => parseAllowList('{"entries":[{"rule":"NO_SUCH","from":1,"to":2,"subject":"X","reason":"because we want it"}]}')).toThrow(/unknown rule/);
  });

  it('reports entries that match nothing', () => {
    const allow = parseAllowList('{"entries":[{"rule":"FIELD_ADDED","from":1,"to":2,"subject":"DOMAIN.nope","reason":"an entry for nothing at all"}]}');
    const r = checkCompat(v1, v2, { allow });
    expect(r.findings.filter((f) => f.rule === 'ALLOW_ENTRY_UNUSED').map((f) => f.subject)).toEqual(['DOMAIN.nope']);
  });

  it('docs/VERIFIER.md documents every rule', () => {
    const doc = readFileSync(new URL('../../../docs/VERIFIER.md', import.meta.url), 'utf8');
    for (const r of COMPAT_RULES) expect(doc, r.id).toContain(`| \`${r.id}\` | ${r.severity} | ${r.breaks} |`);
  });

  it('every rule has an example and a unique id', () => {
    const ids = COMPAT_RULES.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const r of COMPAT_RULES) expect(r.example.before.length + r.example.after.length).toBeGreaterThan(4);
  });
});
