/**
 * The host, then each domain of a stream, assembled from its records as the streaming reader
 * yields them: one domain is held at a time, so whatever walks a dump domain by domain (the
 * streaming diff, the domain-by-domain semantic check) stays within the largest domain's memory.
 * Unknown records are not kept.
 */
import type { StreamReader } from './stream.js';

type Obj = Record<string, unknown>;

export type StreamItem = { readonly kind: 'host'; readonly value: Obj } | { readonly kind: 'domain'; readonly value: Obj };

export async function* domainsOf(reader: StreamReader): AsyncGenerator<StreamItem> {
  let domain: Obj | undefined;
  for await (const ev of reader) {
    // END is not a break: the reader still checks that nothing follows it.
    if (ev.kind === 'host') yield { kind: 'host', value: ev.value };
    else if (ev.kind === 'section') {
      const { key, rank, section } = ev.info;
      if (rank === 0) {
        if (domain) yield { kind: 'domain', value: domain };
        domain = {};
        for (const [k, s] of Object.entries(reader.schema!.sections)) domain[k] = s.kind === 'optional' ? null : s.kind === 'single' ? undefined : [];
        domain[key] = ev.value;
      } else if (section.kind === 'each') (domain![key] as unknown[]).push(ev.value);
      else if (section.kind === 'list') {
        const all = domain![key] as unknown[];
        for (const e of ev.value as unknown[]) all.push(e);
      } else domain![key] = ev.value;
    }
  }
  if (domain) yield { kind: 'domain', value: domain };
}
