/**
 * The host, then each domain of a stream, assembled from its records as the streaming reader
 * yields them (by the domain assembler `decode` uses too): one domain is held at a time, so
 * whatever walks a dump domain by domain (the streaming diff, the domain-by-domain semantic check)
 * stays within the largest domain's memory. Unknown records are not kept.
 */
import { DomainAssembler } from './domain-assembler.js';
import type { StreamReader } from './stream.js';
import { type UnknownChunkFields, type UnknownRecord, setUnknownChunkFields, setUnknownRecords } from './unknown.js';

type Obj = Record<string, unknown>;

export type StreamItem = { readonly kind: 'host'; readonly value: Obj } | { readonly kind: 'domain'; readonly value: Obj };

/**
 * `reuseColumns` (for a reader `forChecks`): the columns of a domain are overwritten by the next
 * one's (DomainAssembler), so each domain must be read before the iteration goes on.
 */
export async function* domainsOf(reader: StreamReader, options: { readonly reuseColumns?: boolean } = {}): AsyncGenerator<StreamItem> {
  let assembler: DomainAssembler | undefined;
  // END is not a break: the reader still checks that nothing follows it.
  for await (const ev of reader) {
    assembler ??= new DomainAssembler(reader.schema!, false, options);
    if (ev.kind === 'host') yield { kind: 'host', value: ev.value };
    const closed = assembler.add(ev);
    if (closed) yield { kind: 'domain', value: closed };
  }
  const last = assembler?.finish();
  if (last) yield { kind: 'domain', value: last };
}

/** What a domain (or the root) carries unread, set aside until it is handed out. */
export interface Unread {
  records: UnknownRecord[];
  /** Unknown fields of list-section records, by section key. */
  chunkFields: Map<string, UnknownChunkFields[]>;
}

/** The reader, with the unknown records and fields it meets set aside by group (domid, or root). */
export function keepingUnknown(reader: StreamReader, kept: Map<number | 'root', Unread>): StreamReader {
  const groupOf = (key: number | 'root'): Unread => {
    let g = kept.get(key);
    if (!g) kept.set(key, (g = { records: [], chunkFields: new Map() }));
    return g;
  };
  async function* events() {
    for await (const ev of reader) {
      if (ev.kind === 'unknown') groupOf(ev.domid ?? 'root').records.push({ type: ev.frame.type, body: ev.body, after: ev.after });
      else if (ev.kind === 'section' && ev.chunkUnknown && ev.domid !== undefined) {
        const byKey = groupOf(ev.domid).chunkFields;
        const list = byKey.get(ev.info.key) ?? [];
        list.push({ chunk: ev.chunk, fields: ev.chunkUnknown });
        byKey.set(ev.info.key, list);
      }
      yield ev;
    }
  }
  const gen = events();
  return {
    [Symbol.asyncIterator]: () => gen,
    get header() {
      return reader.header;
    },
    get schema() {
      return reader.schema;
    },
    get bytesRead() {
      return reader.bytesRead;
    },
    get recordsRead() {
      return reader.recordsRead;
    },
    get faultingHeader() {
      return reader.faultingHeader;
    },
    dropped: () => reader.dropped(),
  };
}

/**
 * Hands a domain assembled by domainsOf (from a keepingUnknown reader) the unknown records and
 * list-record fields set aside for it: all read once the domain is (its last record included).
 */
export function attachUnknown(domain: Obj, kept: Map<number | 'root', Unread>): void {
  const domid = (domain['domain'] as Obj)['domid'] as number;
  const unread = kept.get(domid);
  if (unread) {
    if (unread.records.length > 0) setUnknownRecords(domain, unread.records);
    for (const [key, chunks] of unread.chunkFields) setUnknownChunkFields(domain[key] as object, chunks);
  }
  kept.delete(domid);
}
