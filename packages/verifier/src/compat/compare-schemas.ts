/**
 * Compares two schema versions record by record (by type number), then each record body field by
 * field, and returns the raw findings of every breaking or notable change.
 */
import { OPTIONAL_BIT, type RecordDef, type SchemaVersion, type Section } from '@xenlu/format';
import { type Emit, type RawFinding, compareNode } from './compare-node.js';

/** The canonical record order of a version: HOST, the per-domain sections, END. */
function recordOrder(v: SchemaVersion): number[] {
  return [v.host.type, ...Object.values(v.sections).map((s: Section) => s.record.type), v.end.type];
}

function sectionKinds(v: SchemaVersion): Map<number, Section['kind']> {
  return new Map(Object.values(v.sections).map((s: Section) => [s.record.type, s.kind]));
}

function sectionKeyOf(v: SchemaVersion, type: number): string | undefined {
  return Object.entries(v.sections).find(([, s]) => s.record.type === type)?.[0];
}

function hex(type: number): string {
  return `0x${type.toString(16)}`;
}

function byName(v: SchemaVersion): Map<string, RecordDef> {
  return new Map([...v.records.values()].map((r) => [r.name, r]));
}

/** Findings of `b` against `a`, where `b` is the newer (or edited) schema. */
export function compareSchemas(a: SchemaVersion, b: SchemaVersion): RawFinding[] {
  const out: RawFinding[] = [];
  const emit: Emit = (rule, subject, message) => out.push({ rule, subject, message });
  const namesA = byName(a);
  const namesB = byName(b);

  for (const [type, ra] of a.records) {
    const rb = b.records.get(type);
    if (rb) {
      if (rb.name !== ra.name && rb.body.desc.name !== ra.body.desc.name) {
        emit('RECORD_TYPE_REUSED', rb.name, `record type ${hex(type)} was ${ra.name}, now ${rb.name}`);
        continue;
      }
      compareNode(ra.body, rb.body, rb.name, emit);
      continue;
    }
    const moved = namesB.get(ra.name);
    if (moved) {
      const flip = ((moved.type ^ ra.type) >>> 0) === OPTIONAL_BIT;
      emit(
        flip ? 'RECORD_OPTIONALITY_CHANGED' : 'RECORD_RENUMBERED',
        ra.name,
        flip
          ? `${ra.name} turns ${(ra.type & OPTIONAL_BIT) !== 0 ? 'optional into mandatory' : 'mandatory into optional'} (${hex(ra.type)} -> ${hex(moved.type)})`
          : `${ra.name} moves from type ${hex(ra.type)} to ${hex(moved.type)}`,
      );
    } else {
      const key = sectionKeyOf(a, type);
      const successor = key === undefined ? undefined : b.sections[key]?.record;
      emit(
        'RECORD_REMOVED',
        ra.name,
        successor
          ? `record ${ra.name} (${hex(type)}) is no longer written: section ${key} moves to ${successor.name} (${hex(successor.type)}), a change of meaning under a new type; its number stays reserved`
          : `record ${ra.name} (${hex(type)}) is no longer written; its number stays reserved`,
      );
    }
  }
  for (const [type, rb] of b.records) {
    if (a.records.has(type) || namesA.has(rb.name)) continue;
    if ((type & OPTIONAL_BIT) !== 0) emit('OPTIONAL_RECORD_ADDED', rb.name, `optional record ${rb.name} (${hex(type)}) added`);
    else emit('MANDATORY_RECORD_ADDED', rb.name, `mandatory record ${rb.name} (${hex(type)}) added: version ${a.version} readers refuse streams that contain it`);
  }

  const kindsA = sectionKinds(a);
  const kindsB = sectionKinds(b);
  for (const [type, ka] of kindsA) {
    const kb = kindsB.get(type);
    const name = a.records.get(type)?.name ?? hex(type);
    if (kb && kb !== ka) emit('SECTION_MULTIPLICITY_CHANGED', name, `${name} changes from ${ka} to ${kb}`);
  }

  const orderB = recordOrder(b);
  const common = recordOrder(a).filter((t) => orderB.includes(t));
  for (let i = 1; i < common.length; i++) {
    const prev = common[i - 1]!;
    const cur = common[i]!;
    if (orderB.indexOf(prev) > orderB.indexOf(cur)) {
      const n = (t: number) => a.records.get(t)?.name ?? hex(t);
      emit('RECORD_ORDER_CHANGED', n(cur), `${n(cur)} now comes before ${n(prev)}`);
    }
  }
  return out;
}

/**
 * Record type numbers any earlier version gave to another record: a later version must not reuse
 * them even when the version just before it no longer knows the number.
 */
export function compareHistory(earlier: readonly SchemaVersion[], b: SchemaVersion): RawFinding[] {
  const out: RawFinding[] = [];
  const seen = new Set<number>();
  for (const a of earlier) {
    for (const [type, ra] of a.records) {
      const rb = b.records.get(type);
      if (!rb || seen.has(type) || rb.name === ra.name || rb.body.desc.name === ra.body.desc.name) continue;
      seen.add(type);
      out.push({ rule: 'RECORD_TYPE_REUSED', subject: rb.name, message: `record type ${hex(type)} was ${ra.name} in version ${a.version}, now ${rb.name}` });
    }
  }
  return out;
}
