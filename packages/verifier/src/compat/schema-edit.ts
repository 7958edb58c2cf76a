/**
 * Edits of a schema version's descriptors, for what-if checks and the static mutants: a copy of
 * the version with one record's body, type or section changed. Only descriptors change (the zod
 * schemas are kept as they were): the static checker reads descriptors alone.
 */
import type { Desc, Field, Node, RecordDef, SchemaVersion, Section, StructDesc } from '@xenlu/format';

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

function nodeWith(node: Node, desc: Desc): Node {
  return { ...node, desc };
}

/** A copy of `schema` whose records pass through `edit` (by name); `undefined` drops the record. */
export function editRecords(schema: SchemaVersion, edit: (r: RecordDef) => RecordDef | undefined, version = schema.version): SchemaVersion {
  const map = new Map<RecordDef, RecordDef | undefined>();
  const apply = (r: RecordDef) => {
    if (!map.has(r)) map.set(r, edit(r));
    return map.get(r);
  };
  const sections: Record<string, Section> = {};
  for (const [key, s] of Object.entries(schema.sections)) {
    const r = apply(s.record);
    if (r) sections[key] = { ...s, record: r } as Section;
  }
  const host = apply(schema.host) ?? schema.host;
  const end = apply(schema.end) ?? schema.end;
  const records = new Map<number, RecordDef>();
  for (const r of [host, end, ...Object.values(sections).map((s) => s.record)]) records.set(r.type, r);
  return { ...schema, version, host, end, sections, records };
}

/** A copy of `schema` with the body struct of record `name` replaced. */
export function editRecordBody(schema: SchemaVersion, name: string, edit: (s: StructDesc) => StructDesc): SchemaVersion {
  return editRecords(schema, (r) => (r.name === name ? { ...r, body: nodeWith(r.body, edit(r.body.desc)) as RecordDef['body'] } : r));
}

/** A copy of struct `s` with field `name` changed (or removed when `edit` returns undefined). */
export function editField(s: StructDesc, name: string, edit: (f: Field) => Field | undefined): StructDesc {
  const fields: Record<string, Field> = {};
  for (const [k, f] of Object.entries(s.fields)) {
    if (k !== name) {
      fields[k] = f;
      continue;
    }
    const e = edit(f);
    if (e) fields[k] = e;
  }
  if (!(name in s.fields)) throw new Error(`${s.name} has no field ${name}`);
  return { ...s, fields };
}

/** A copy of field `f` with its node's descriptor changed. */
export function withDesc(f: Field, edit: (d: Desc) => Desc): Field {
  return { ...f, node: nodeWith(f.node, edit(f.node.desc)) };
}

/** The struct inside a list or optional node (entries of a list record, for instance). */
export function editItem(d: Desc, edit: (s: StructDesc) => StructDesc): Desc {
  if (d.kind === 'list' || d.kind === 'opt') {
    const inner = d.item.desc.kind === 'struct' ? edit(d.item.desc) : editItem(d.item.desc, edit);
    return { ...d, item: nodeWith(d.item, inner) };
  }
  throw new Error(`expected a list or optional node, got ${d.kind}`);
}

/** Adds a field to struct `s`. */
export function addField(s: StructDesc, name: string, field: Field): StructDesc {
  return { ...s, fields: { ...s.fields, [name]: field } };
}

/** Changes a record's type number. */
export function retype(schema: SchemaVersion, name: string, type: number): SchemaVersion {
  return editRecords(schema, (r) => (r.name === name ? ({ ...r, type: type >>> 0 } as Mutable<RecordDef>) : r));
}
