/**
 * Sections of a domain as descriptors the comparison walks, and the gaps between two schema
 * versions: what the newer version holds that the older cannot (fields by number, sections,
 * flag bits) and what the newer one retired. Derived from the schemas, never listed by hand.
 */
import type { Desc } from '../schema/dsl.js';
import type { SchemaVersion, Section } from '../schema/records.js';
import { coverageOf } from './identity.js';

/** The descriptor of a section's value in the domain state. */
export function sectionDesc(s: Section): Desc {
  switch (s.kind) {
    case 'single':
      return s.record.body.desc;
    case 'optional':
      return { kind: 'opt', item: s.record.body };
    case 'each':
      return { kind: 'list', item: s.record.body, minItems: 0, maxItems: Number.MAX_SAFE_INTEGER, ...(s.ascending !== undefined ? { ascending: s.ascending } : {}) };
    case 'list':
      return s.record.body.fields.entries.node.desc;
  }
}

export interface VersionGap {
  /** Wildcard path, e.g. `domains[*].event_channels[*].priority`. */
  readonly path: string;
  /** `missing`: the older version cannot hold it; `retired`: the newer version no longer holds it. */
  readonly why: 'missing' | 'retired';
}

function descGaps(newer: Desc, older: Desc, path: string, out: VersionGap[]): void {
  switch (newer.kind) {
    case 'struct': {
      if (older.kind !== 'struct') return;
      if (coverageOf(newer)) return; // ranges are compared by coverage, whatever their struct
      const byNo = new Map(Object.values(older.fields).map((f) => [f.no, f] as const));
      for (const [name, f] of Object.entries(newer.fields)) {
        const o = byNo.get(f.no);
        if (!o) out.push({ path: `${path}.${name}`, why: 'missing' });
        else descGaps(f.node.desc, o.node.desc, `${path}.${name}`, out);
      }
      for (const r of newer.retired) if (byNo.has(r.no)) out.push({ path: `${path}.${r.name}`, why: 'retired' });
      return;
    }
    case 'flags':
      if (older.kind !== 'flags') return;
      for (const bit of Object.keys(newer.bits)) if (!(bit in older.bits)) out.push({ path: `${path}.${bit}`, why: 'missing' });
      return;
    case 'list':
      if (older.kind === 'list') descGaps(newer.item.desc, older.item.desc, `${path}[*]`, out);
      return;
    case 'opt':
      if (older.kind === 'opt') descGaps(newer.item.desc, older.item.desc, path, out);
      return;
    default:
      return;
  }
}

/** What `newer` can hold that `older` cannot, and what `newer` retired, as wildcard paths. */
export function versionGaps(newer: SchemaVersion, older: SchemaVersion): VersionGap[] {
  const out: VersionGap[] = [];
  descGaps(newer.host.body.desc, older.host.body.desc, 'host', out);
  for (const [key, s] of Object.entries(newer.sections)) {
    const o = older.sections[key];
    const path = `domains[*].${key}`;
    if (!o) out.push({ path, why: 'missing' });
    else descGaps(sectionDesc(s), sectionDesc(o), path, out);
  }
  return out;
}

function descPaths(d: Desc, path: string, out: string[]): void {
  switch (d.kind) {
    case 'struct':
      for (const [name, f] of Object.entries(d.fields)) descPaths(f.node.desc, `${path}.${name}`, out);
      for (const r of d.retired) out.push(`${path}.${r.name}`);
      return;
    case 'flags':
      for (const bit of Object.keys(d.bits)) out.push(`${path}.${bit}`);
      return;
    case 'list':
      descPaths(d.item.desc, `${path}[*]`, out);
      return;
    case 'opt':
      descPaths(d.item.desc, path, out);
      return;
    default:
      out.push(path);
  }
}

/**
 * Every leaf path a state of `schema` can have, with each index or key as `[*]`
 * (`domains[*].event_channels[*].priority`): what an `--ignore` glob can name.
 */
export function schemaPaths(schema: SchemaVersion): string[] {
  const out: string[] = [];
  descPaths(schema.host.body.desc, 'host', out);
  for (const [key, s] of Object.entries(schema.sections)) descPaths(sectionDesc(s), `domains[*].${key}`, out);
  return out;
}
