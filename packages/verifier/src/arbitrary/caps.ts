/**
 * What a schema version can express, read from its descriptors rather than from its number, so the
 * generators follow the schema: a version with a `fifo` ABI gets FIFO domains, one with a
 * `passthrough` section gets passthrough, and so on.
 */
import type { Desc, Node, SchemaVersion, StructDesc, Version } from '@xenlu/format';
import { SCHEMAS } from '@xenlu/format';

export interface Caps {
  readonly version: Version;
  readonly schema: SchemaVersion;
  /** DOMAIN.evtchn_abi knows `fifo` and the version has an event_fifo section. */
  readonly fifo: boolean;
  /** Largest grant-table version a GRANT_TABLE may be in. */
  readonly maxGrantVersion: number;
  readonly runstates: boolean;
  readonly passthrough: boolean;
  /** P2M entries are free-size extents ({count}) rather than page-order entries ({order}). */
  readonly p2mExtents: boolean;
  /** Largest DOMAIN.max_pages. */
  readonly maxPagesMax: bigint;
  /** hvm/pvh domains get a P2M (off when generating for a version whose P2M records differ). */
  readonly p2m: boolean;
}

export function structOf(node: Node): StructDesc {
  if (node.desc.kind !== 'struct') throw new Error(`expected a struct, got ${node.desc.kind}`);
  return node.desc;
}

/** The struct of one entry of a `list` section, or the body of any other section. */
export function sectionStruct(schema: SchemaVersion, key: string): StructDesc {
  const section = schema.sections[key];
  if (!section) throw new Error(`schema v${schema.version} has no section ${key}`);
  const body = section.record.body.desc;
  if (section.kind !== 'list') return body;
  const entries = body.fields['entries']?.node.desc;
  if (entries?.kind !== 'list') throw new Error(`section ${key}: list record without entries`);
  return structOf(entries.item);
}

export function fieldDesc(s: StructDesc, name: string): Desc | undefined {
  return s.fields[name]?.node.desc;
}

function maxOf(d: Desc | undefined): bigint {
  if (d?.kind === 'uint') return BigInt(d.max);
  if (d?.kind === 'u64') return d.max;
  return 0n;
}

export function capsOf(version: Version): Caps {
  const schema = SCHEMAS[version];
  const domain = sectionStruct(schema, 'domain');
  const abi = fieldDesc(domain, 'evtchn_abi');
  const grant = schema.sections['grant_table'] ? sectionStruct(schema, 'grant_table') : undefined;
  const p2m = sectionStruct(schema, 'p2m');
  return {
    version,
    schema,
    fifo: abi?.kind === 'enum' && 'fifo' in abi.values && 'event_fifo' in schema.sections,
    maxGrantVersion: grant ? Number(maxOf(fieldDesc(grant, 'version'))) : 0,
    runstates: 'vcpu_runstates' in schema.sections,
    passthrough: 'passthrough' in schema.sections,
    p2mExtents: 'count' in p2m.fields,
    maxPagesMax: maxOf(fieldDesc(domain, 'max_pages')),
    p2m: true,
  };
}

/**
 * The caps of `version` restricted to what `within` can express too: states an older reader can
 * read back (rollback) and a downgrade can carry. A P2M is left out when the two versions carry it
 * in different records, unless `keepP2m` (then only the writer-side downgrade can carry it).
 */
export function capsWithin(version: Version, within: Version, keepP2m = false): Caps {
  const a = capsOf(version);
  const b = capsOf(within);
  const sameP2m = a.schema.sections['p2m']?.record.type === b.schema.sections['p2m']?.record.type;
  return {
    ...a,
    fifo: a.fifo && b.fifo,
    maxGrantVersion: Math.min(a.maxGrantVersion, b.maxGrantVersion),
    passthrough: a.passthrough && b.passthrough,
    maxPagesMax: a.maxPagesMax < b.maxPagesMax ? a.maxPagesMax : b.maxPagesMax,
    p2m: a.p2m && (keepP2m || (b.p2m && sameP2m)),
  };
}

/**
 * The caps of `version` restricted to the ranges `newer` narrowed (v4's u32 page counts): states
 * the upgrade to `newer` carries. Features stay those of `version`.
 */
export function capsUpTo(version: Version, newer: Version): Caps {
  const a = capsOf(version);
  const b = capsOf(newer);
  return { ...a, maxPagesMax: a.maxPagesMax < b.maxPagesMax ? a.maxPagesMax : b.maxPagesMax };
}
