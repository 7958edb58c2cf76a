/**
 * Records and versions: how the nodes of a schema version become records on the wire and the
 * sections of the typed state.
 */
import type { z } from 'zod';
import { type Field, type Node, type StructNode, field, lazyZod, list, strictlyAscending, struct, zodRuntime } from './dsl.js';

/** Bit 31 of a record type: a reader that does not know the record may skip it. */
export const OPTIONAL_BIT = 0x8000_0000;

export interface RecordDef<B extends StructNode = StructNode> {
  readonly name: string;
  /** Record type number as written, including the optional bit. */
  readonly type: number;
  readonly body: B;
  readonly doc: string;
}

export function isOptionalType(type: number): boolean {
  return (type & OPTIONAL_BIT) !== 0;
}

export function record<B extends StructNode>(name: string, type: number, body: B, doc: string): RecordDef<B> {
  return { name, type: type >>> 0, body, doc };
}

/** A record whose body is one list of entries; long lists are split over several records. */
export type ListRecordDef<I extends Node> = RecordDef<StructNode<{ entries: Field<ReturnType<typeof list<I>>> }>>;

export function listRecord<I extends Node>(
  name: string,
  type: number,
  item: I,
  maxItems: number,
  doc: string,
  order: { readonly ascending?: string; readonly key?: readonly string[] } = {},
): ListRecordDef<I> {
  const entries = list(item, { min: 1, max: maxItems, ...order });
  return record(name, type, struct(name, { entries: field(1, entries, 'entries, in order') }), doc);
}

/**
 * How one part of a domain's state maps to records:
 * - `single`: exactly one record;
 * - `optional`: zero or one record, `null` in the state when absent;
 * - `each`: one record per element of a list;
 * - `list`: the entries of zero or more records concatenated (chunks of at most
 *   `entries.maxItems`), no record when the list is empty.
 */
export type Section =
  | { readonly kind: 'single'; readonly record: RecordDef; readonly zod: z.ZodType }
  | { readonly kind: 'optional'; readonly record: RecordDef; readonly zod: z.ZodType }
  | { readonly kind: 'each'; readonly record: RecordDef; readonly zod: z.ZodType; readonly ascending?: string }
  | { readonly kind: 'list'; readonly record: ListRecordDef<Node>; readonly zod: z.ZodType };

export function single<B extends StructNode>(r: RecordDef<B>) {
  return lazyZod(() => r.body.zod as B['zod'], { kind: 'single' as const, record: r as RecordDef });
}
export function optional<B extends StructNode>(r: RecordDef<B>) {
  return lazyZod(() => r.body.zod.nullable() as z.ZodNullable<B['zod']>, { kind: 'optional' as const, record: r as RecordDef });
}
/** One record per element; `ascending` names the body field whose values strictly ascend. */
export function each<B extends StructNode>(r: RecordDef<B>, order: { readonly ascending?: string } = {}) {
  const key = order.ascending;
  if (key !== undefined && !(key in r.body.fields)) throw new Error(`${r.name} ascending by ${key}: the body has no such field`);
  const zod = (): z.ZodArray<B['zod']> => {
    const a = zodRuntime().array(r.body.zod) as z.ZodArray<B['zod']>;
    return key === undefined ? a : a.refine((xs) => strictlyAscending(xs, key) < 0, { message: `${r.name} records must be in strictly ascending ${key} order` });
  };
  return lazyZod(zod, { kind: 'each' as const, record: r as RecordDef, ...(key !== undefined ? { ascending: key } : {}) });
}
export function entries<I extends Node>(r: ListRecordDef<I>) {
  // The state holds the whole list; only each record's share is bounded.
  const key = r.body.fields.entries.node.desc.kind === 'list' ? r.body.fields.entries.node.desc.ascending : undefined;
  const zod = (): z.ZodArray<I['zod']> => {
    const a = zodRuntime().array(r.body.fields.entries.node.item.zod) as z.ZodArray<I['zod']>;
    // The order runs over the whole list, across the records it is cut into.
    return key === undefined ? a : a.refine((xs) => strictlyAscending(xs, key) < 0, { message: `${r.name} entries must be in strictly ascending ${key} order` });
  };
  return lazyZod(zod, { kind: 'list' as const, record: r as unknown as ListRecordDef<Node> });
}

type SectionMap = Record<string, Section>;
type DomainShape<S extends SectionMap> = { [K in keyof S]: S[K]['zod'] };

export interface SchemaVersion<H extends StructNode = StructNode, S extends SectionMap = SectionMap, V extends number = number> {
  readonly version: V;
  readonly host: RecordDef<H>;
  readonly end: RecordDef;
  /** Per-domain sections in canonical record order; the first is the DOMAIN record. */
  readonly sections: S;
  /** Every record type this version knows, by type number. */
  readonly records: ReadonlyMap<number, RecordDef>;
  readonly zod: z.ZodObject<{
    host: H['zod'];
    domains: z.ZodArray<z.ZodObject<DomainShape<S>>>;
  }>;
}

export function defineVersion<const V extends number, H extends StructNode, S extends SectionMap>(
  version: V,
  host: RecordDef<H>,
  end: RecordDef,
  sections: S,
): SchemaVersion<H, S, V> {
  const records = new Map<number, RecordDef>();
  for (const r of [host, end, ...Object.values(sections).map((s) => s.record)]) {
    const prev = records.get(r.type);
    if (prev) throw new Error(`schema v${version}: record type ${r.type} used by ${prev.name} and ${r.name}`);
    records.set(r.type, r);
  }
  const first = Object.values(sections)[0];
  if (!first || first.kind !== 'single') throw new Error(`schema v${version}: the first section must be a single DOMAIN record`);
  const zod = () => {
    const domainShape = Object.fromEntries(Object.entries(sections).map(([k, s]) => [k, s.zod])) as DomainShape<S>;
    return zodRuntime().strictObject({ host: host.body.zod, domains: zodRuntime().array(zodRuntime().strictObject(domainShape)) }) as unknown as SchemaVersion<H, S, V>['zod'];
  };
  return lazyZod(zod, { version, host, end, sections, records });
}

/** A section added by a derived version, placed in record order right after the section `after`. */
export interface AddedSection<T extends Section = Section> {
  readonly after: string;
  readonly section: T;
}

type Simplify<T> = { [K in keyof T]: T[K] } & {};
type Derived<S extends SectionMap, R extends SectionMap, A extends Record<string, AddedSection>, X extends string> = Simplify<
  { [K in Exclude<keyof S, X | keyof R>]: S[K] } & R & { [K in keyof A]: A[K]['section'] }
>;

/**
 * Version `version` as the changes it makes to `prev`: sections it `replace`s keep their place in
 * record order, sections it `add`s go right after the section they name (one added earlier in the
 * same call included), sections it `retire`s go; `host` and `end` change the framing records. What
 * a version does not mention it keeps as `prev` has it, so a version module declares only its
 * changes.
 */
export function deriveVersion<
  const V extends number,
  H extends StructNode,
  S extends SectionMap,
  R extends SectionMap = {},
  A extends Record<string, AddedSection> = {},
  X extends Extract<keyof S, string> = never,
  H2 extends StructNode = H,
>(
  prev: SchemaVersion<H, S, number>,
  version: V,
  changes: {
    readonly replace?: R & { readonly [K in keyof R]: K extends keyof S ? Section : never };
    readonly add?: A;
    readonly retire?: readonly X[];
    readonly host?: RecordDef<H2>;
    readonly end?: RecordDef;
  },
): SchemaVersion<H2, Derived<S, R, A, X>, V> {
  const replace: SectionMap = changes.replace ?? {};
  const retire = new Set<string>(changes.retire ?? []);
  const order: [string, Section][] = [];
  for (const [k, s] of Object.entries(prev.sections)) {
    if (retire.has(k)) continue;
    order.push([k, replace[k] ?? s]);
  }
  for (const k of Object.keys(replace)) {
    if (!(k in prev.sections)) throw new Error(`schema v${version}: replaces ${k}, which v${prev.version} does not have`);
    if (retire.has(k)) throw new Error(`schema v${version}: ${k} is both replaced and retired`);
  }
  for (const k of retire) if (!(k in prev.sections)) throw new Error(`schema v${version}: retires ${k}, which v${prev.version} does not have`);
  for (const [k, a] of Object.entries(changes.add ?? {})) {
    if (order.some(([n]) => n === k)) throw new Error(`schema v${version}: adds ${k}, which it already has`);
    const at = order.findIndex(([n]) => n === a.after);
    if (at < 0) throw new Error(`schema v${version}: adds ${k} after ${a.after}, which it does not have`);
    order.splice(at + 1, 0, [k, a.section]);
  }
  const host = (changes.host ?? prev.host) as RecordDef<H2>;
  return defineVersion(version, host, changes.end ?? prev.end, Object.fromEntries(order) as Derived<S, R, A, X>);
}

/** The schema version a state type belongs to, for APIs generic over versions. */
export type StateOf<V extends SchemaVersion> = z.infer<V['zod']>;
