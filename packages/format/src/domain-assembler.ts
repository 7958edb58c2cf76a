/**
 * Records -> the host and domains of a state, one event at a time: the section bookkeeping
 * (single, optional, each, list chunks) that `decode` and `domainsOf` share. With `keepUnknown`,
 * unknown optional records and the unknown fields of list records ride on the objects
 * (unknown.ts), for writing back.
 */
import { ColumnBuilder, EntryColumns } from './codec/columns.js';
import type { RecordEvent } from './codec/sequence.js';
import type { SchemaVersion } from './schema/records.js';
import { type UnknownChunkFields, type UnknownRecord, setUnknownChunkFields, setUnknownRecords } from './unknown.js';

type Obj = Record<string, unknown>;
/** A list section's entries: objects, or columns (a checking reader's PAGES and P2M). */
type List = unknown[] | EntryColumns;

export class DomainAssembler {
  private readonly schema: SchemaVersion;
  private readonly keepUnknown: boolean;
  private domain: Obj | undefined;
  private domainUnknown: UnknownRecord[] = [];
  private chunkFields = new Map<string, UnknownChunkFields[]>();
  /** The chunks of each list section of the open domain after its first, joined when it closes. */
  private moreChunks = new Map<string, List[]>();
  /** Unknown records before the first DOMAIN (or after HOST with no domain). */
  readonly rootUnknown: UnknownRecord[] = [];

  /**
   * With `reuseColumns`, the lists that arrive as columns are gathered into builders kept from one
   * domain to the next (ColumnBuilder): a closed domain's columns are overwritten once the next
   * domain's lists arrive, so the caller reads each domain before taking more events.
   */
  private readonly builders: Map<string, ColumnBuilder> | undefined;

  constructor(schema: SchemaVersion, keepUnknown: boolean, options: { readonly reuseColumns?: boolean } = {}) {
    this.schema = schema;
    this.keepUnknown = keepUnknown;
    this.builders = options.reuseColumns ? new Map() : undefined;
  }

  /** Takes one event; returns the domain a DOMAIN record just closed, if any. */
  add(ev: RecordEvent): Obj | undefined {
    if (ev.kind === 'unknown') {
      if (this.keepUnknown) (this.domain ? this.domainUnknown : this.rootUnknown).push({ type: ev.frame.type, body: ev.body, after: ev.after });
      return undefined;
    }
    if (ev.kind !== 'section') return undefined;
    const { key, rank, section } = ev.info;
    if (rank === 0) {
      const closed = this.finish();
      const d: Obj = {};
      for (const [k, s] of Object.entries(this.schema.sections)) d[k] = s.kind === 'single' ? undefined : s.kind === 'optional' ? null : [];
      d[key] = ev.value;
      this.domain = d;
      return closed;
    }
    const d = this.domain!;
    if (section.kind === 'each') (d[key] as unknown[]).push(ev.value);
    else if (section.kind === 'list') {
      const entries = ev.value as List;
      if (this.builders && entries instanceof EntryColumns) {
        let b = this.builders.get(key);
        if (!b) this.builders.set(key, (b = new ColumnBuilder()));
        if (ev.chunk === 0) b.reset();
        b.append(entries);
        d[key] = b;
      }
      // The first chunk's array is the list itself: no copy for the common one-record list. The
      // others are joined in one copy when the domain closes, not pushed entry by entry.
      else if (ev.chunk === 0) d[key] = entries;
      else {
        const more = this.moreChunks.get(key);
        if (more) more.push(entries);
        else this.moreChunks.set(key, [entries]);
      }
      if (this.keepUnknown && ev.chunkUnknown) {
        const list = this.chunkFields.get(key) ?? [];
        list.push({ chunk: ev.chunk, fields: ev.chunkUnknown });
        this.chunkFields.set(key, list);
      }
    } else d[key] = ev.value;
    return undefined;
  }

  /** Closes the open domain (at END or the next DOMAIN) and returns it, with what it carries. */
  finish(): Obj | undefined {
    const d = this.domain;
    if (!d) return undefined;
    for (const [key, v] of Object.entries(d)) if (v instanceof ColumnBuilder) d[key] = v.list();
    for (const [key, more] of this.moreChunks) {
      const first = d[key] as List;
      d[key] = first instanceof EntryColumns ? EntryColumns.join(first, more as EntryColumns[]) : joined(first, more as unknown[][]);
    }
    this.moreChunks = new Map();
    if (this.domainUnknown.length) setUnknownRecords(d, this.domainUnknown);
    for (const [key, chunks] of this.chunkFields) setUnknownChunkFields(d[key] as object, chunks);
    this.domain = undefined;
    this.domainUnknown = [];
    this.chunkFields = new Map();
    return d;
  }
}

/** Most chunks joined by one `concat` (its arguments are bounded by the stack). */
const MAX_CONCAT_ARGS = 8192;

/** `first` followed by the entries of each of `more`. */
function joined(first: unknown[], more: readonly unknown[][]): unknown[] {
  if (more.length <= MAX_CONCAT_ARGS) return first.concat(...more);
  for (const chunk of more) for (let i = 0; i < chunk.length; i++) first.push(chunk[i]);
  return first;
}
