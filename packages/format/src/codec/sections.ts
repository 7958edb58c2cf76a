/** How a schema version's record types map to the sections of a domain, looked up by type. */
import type { SchemaVersion, Section } from '../schema/records.js';
import { isOptionalType } from '../schema/records.js';
import { hex8 } from '../wire/header.js';

export interface SectionInfo {
  readonly key: string;
  /** Position in the domain's canonical record order. */
  readonly rank: number;
  readonly section: Section;
}

/** Section lookup by record type for one schema version. */
export function sectionsByType(schema: SchemaVersion): Map<number, SectionInfo> {
  const m = new Map<number, SectionInfo>();
  Object.entries(schema.sections).forEach(([key, section], rank) => m.set(section.record.type, { key, rank, section }));
  return m;
}

export function recordName(schema: SchemaVersion, type: number): string {
  return schema.records.get(type)?.name ?? `type 0x${hex8(type)}${isOptionalType(type) ? ' (optional)' : ''}`;
}

/** The key whose values strictly ascend in a `list` section's entries, if it has one. */
export function ascendingKeyOf(section: Section): string | undefined {
  const d = section.record.body.fields['entries']?.node.desc;
  return d?.kind === 'list' ? d.ascending : undefined;
}

/** Entries per record of a `list` section. */
export function maxEntriesOf(section: Section): number {
  const d = section.record.body.fields['entries']?.node.desc;
  return d?.kind === 'list' ? d.maxItems : 0;
}
