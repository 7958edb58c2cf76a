/**
 * The state seen as one tree of nodes: a domain object's keys are its version's sections, and
 * each section's value gets a node (a struct, an optional struct, or an unbounded list), so the
 * JSON walkers treat sections like any other field.
 */
import { type Desc, type Node, lazyZod } from '../schema/dsl.js';
import type { SchemaVersion, Section } from '../schema/records.js';

export interface DomainSlot {
  readonly key: string;
  readonly node: Node;
  /** For a `list` section: entries per record, which decides how many records the list forms. */
  readonly perRecord?: number;
}

/** The node of a section's value in the domain state. */
export function sectionNode(s: Section): Node {
  switch (s.kind) {
    case 'single':
      return s.record.body;
    case 'optional':
      return lazyZod(() => s.zod, { desc: { kind: 'opt', item: s.record.body } });
    case 'each':
      // The state holds every record of the domain; only a record's own lists are bounded.
      return lazyZod(() => s.zod, { desc: { kind: 'list', item: s.record.body, minItems: 0, maxItems: Infinity, ...orderOf(s.ascending) } });
    case 'list': {
      const entries = s.record.body.fields.entries.node.desc;
      const key = entries.kind === 'list' ? entries.ascending : undefined;
      const ident = entries.kind === 'list' && entries.key ? { key: entries.key } : {};
      return lazyZod(() => s.zod, { desc: { kind: 'list', item: s.record.body.fields.entries.node.item, minItems: 0, maxItems: Infinity, ...orderOf(key), ...ident } });
    }
  }
}

/** The keys of a domain state object, in canonical record order. */
export function domainSlots(schema: SchemaVersion): DomainSlot[] {
  return Object.entries(schema.sections).map(([key, s]) =>
    s.kind === 'list' ? { key, node: sectionNode(s), perRecord: maxItemsOf(s.record.body.fields.entries.node.desc) } : { key, node: sectionNode(s) },
  );
}

function orderOf(key: string | undefined): { ascending?: string } {
  return key === undefined ? {} : { ascending: key };
}

function maxItemsOf(d: Desc): number {
  return d.kind === 'list' ? d.maxItems : 0;
}
