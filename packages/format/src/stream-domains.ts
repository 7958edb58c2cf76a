/**
 * The host, then each domain of a stream, assembled from its records as the streaming reader
 * yields them (by the domain assembler `decode` uses too): one domain is held at a time, so
 * whatever walks a dump domain by domain (the streaming diff, the domain-by-domain semantic check)
 * stays within the largest domain's memory. Unknown records are not kept.
 */
import { DomainAssembler } from './domain-assembler.js';
import type { StreamReader } from './stream.js';

type Obj = Record<string, unknown>;

export type StreamItem = { readonly kind: 'host'; readonly value: Obj } | { readonly kind: 'domain'; readonly value: Obj };

export async function* domainsOf(reader: StreamReader): AsyncGenerator<StreamItem> {
  let assembler: DomainAssembler | undefined;
  // END is not a break: the reader still checks that nothing follows it.
  for await (const ev of reader) {
    assembler ??= new DomainAssembler(reader.schema!, false);
    if (ev.kind === 'host') yield { kind: 'host', value: ev.value };
    const closed = assembler.add(ev);
    if (closed) yield { kind: 'domain', value: closed };
  }
  const last = assembler?.finish();
  if (last) yield { kind: 'domain', value: last };
}
