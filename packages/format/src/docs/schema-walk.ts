/**
 * One schema version walked for documentation: its records in stream order, with how each maps
 * to the state, and every struct it reaches, each once, in the order a reader meets them.
 */
import { type Desc, type Node, type StructDesc, wireLayout } from '../schema/dsl.js';
import type { RecordDef, SchemaVersion, Section } from '../schema/records.js';

export interface Placement {
  readonly record: RecordDef;
  readonly kind: 'host' | 'end' | Section['kind'];
  /** Key of the section in the domain state. */
  readonly key?: string;
  /** Entries per record of a `list` section. */
  readonly maxPerRecord?: number;
  /** What one record carries: its body struct, or the entry node of a `list` section. */
  readonly content: Node;
}

/** HOST, the per-domain sections in canonical order, END. */
export function placements(schema: SchemaVersion): Placement[] {
  const out: Placement[] = [{ record: schema.host, kind: 'host', content: schema.host.body }];
  for (const [key, s] of Object.entries(schema.sections)) {
    if (s.kind === 'list') {
      const entries = s.record.body.fields.entries.node;
      out.push({ record: s.record, kind: s.kind, key, maxPerRecord: entries.desc.kind === 'list' ? entries.desc.maxItems : 0, content: entries.item });
    } else {
      out.push({ record: s.record, kind: s.kind, key, content: s.record.body });
    }
  }
  out.push({ record: schema.end, kind: 'end', content: schema.end.body });
  return out;
}

export interface StructUse {
  readonly desc: StructDesc;
  /** `record DOMAIN` or `Vcpu.hvm`: where the struct appears. */
  readonly usedBy: readonly string[];
}

/** Every struct a version reaches, depth first from its records in stream order. */
export function structsOf(schema: SchemaVersion): StructUse[] {
  const found = new Map<string, { desc: StructDesc; usedBy: string[] }>();
  const visit = (d: Desc, user: string): void => {
    if (d.kind === 'list' || d.kind === 'opt') return visit(d.item.desc, user);
    if (d.kind !== 'struct') return;
    const seen = found.get(d.name);
    if (seen) {
      if (seen.desc !== d) throw new Error(`schema v${schema.version}: two different structs are named ${d.name}`);
      if (!seen.usedBy.includes(user)) seen.usedBy.push(user);
      return;
    }
    found.set(d.name, { desc: d, usedBy: [user] });
    for (const slot of wireLayout(d)) if (slot.kind === 'field') visit(slot.field.node.desc, `${d.name}.${slot.name}`);
  };
  for (const p of placements(schema)) visit(p.content.desc, `record ${p.record.name}`);
  return [...found.values()];
}

/** The enum or flags node at the bottom of lists and optionals, if any. */
export function leafOf(d: Desc): Desc {
  return d.kind === 'list' || d.kind === 'opt' ? leafOf(d.item.desc) : d;
}
