/**
 * Migration notes locate values by position (`domains[0].event_channels[4].priority`); diff
 * entries by identity (`domains[7].event_channels[12].priority`). This turns the one into the
 * other by walking the state the note was made on, and finds the value it names.
 */
import type { Desc } from '../schema/dsl.js';
import type { SchemaVersion } from '../schema/records.js';
import { identityLabel, identityOf } from './identity.js';
import { sectionDesc } from './sections.js';

type Obj = Record<string, unknown>;

const SEGMENT = /([A-Za-z_]\w*)|\[(\d+)\]|\[\*\]/g;

export interface LocatedValue {
  readonly path: string;
  /** The value at the path, when the path names one. */
  readonly value?: unknown;
}

export function identityPath(schema: SchemaVersion, state: { host: unknown; domains: readonly unknown[] }, positional: string): LocatedValue {
  const segs = [...positional.matchAll(SEGMENT)].map((m) => m[1] ?? (m[2] !== undefined ? Number(m[2]) : '*'));
  let path = '';
  let value: unknown = state;
  let desc: Desc | 'root' | 'domain' | 'sections' = 'root';
  for (const seg of segs) {
    if (desc === 'root') {
      if (seg === 'host') {
        path = 'host';
        value = state.host;
        desc = schema.host.body.desc;
      } else if (seg === 'domains') {
        path = 'domains';
        value = state.domains;
        desc = 'domain';
      } else return { path: positional };
      continue;
    }
    if (desc === 'domain') {
      if (typeof seg === 'number' && Array.isArray(value)) {
        const d = value[seg] as Obj | undefined;
        const domid = (d?.['domain'] as Obj | undefined)?.['domid'];
        path += `[${domid ?? seg}]`;
        value = d;
        desc = 'sections';
        continue;
      }
      if (seg === '*') {
        path += '[*]';
        value = undefined;
        desc = 'sections';
        continue;
      }
      return { path: positional };
    }
    if (desc === 'sections') {
      // Inside a domain: a section key.
      const s = typeof seg === 'string' ? schema.sections[seg] : undefined;
      if (!s) return { path: `${path}${typeof seg === 'number' ? `[${seg}]` : `.${seg}`}` };
      path += `.${seg}`;
      value = (value as Obj | undefined)?.[seg as string];
      desc = sectionDesc(s);
      continue;
    }
    while (desc.kind === 'opt') desc = desc.item.desc;
    if (typeof seg === 'string' && seg !== '*' && desc.kind === 'struct' && desc.fields[seg]) {
      path += `.${seg}`;
      value = (value as Obj | null | undefined)?.[seg];
      desc = desc.fields[seg]!.node.desc;
    } else if (typeof seg === 'string' && seg !== '*' && desc.kind === 'struct') {
      // A field this version no longer has (retired): the value is still on the old object.
      path += `.${seg}`;
      value = (value as Obj | null | undefined)?.[seg];
      desc = { kind: 'bool' };
    } else if (desc.kind === 'list') {
      const item: Desc = desc.item.desc;
      const v = typeof seg === 'number' && Array.isArray(value) ? (value[seg] as unknown) : undefined;
      const key = item.kind === 'struct' ? identityOf(item) : undefined;
      path += `[${v !== undefined && key ? identityLabel(v as Obj, key) : String(seg)}]`;
      value = v;
      desc = item;
    } else return { path };
  }
  return value === undefined ? { path } : { path, value };
}
