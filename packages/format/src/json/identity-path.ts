/**
 * One way to name a place in a state, for every report (validate findings, diff entries,
 * migration notes, inspect): items of a list with an identity are named by it, the others by
 * position. `domains[domid=7].event_channels[port=5].remote_port`, `host.cpupools[id=0]`,
 * `domains[domid=1].p2m[gfn=0x80000].mfn`, `host.bootmem[1]`. The identity of a list comes from
 * the schema (`listIdentity`: its declared key, else its ascending field), never from a list kept
 * here. Alongside, the positional form as a jq path into `xenlu decode`'s JSON, which keeps order.
 */
import { type EntryList, EntryColumns, entryAt } from '../codec/columns.js';
import { type Desc, isHex, listIdentity } from '../schema/dsl.js';
import type { SchemaVersion } from '../schema/records.js';
import { sectionNode } from './state-shape.js';

type Obj = Record<string, unknown>;

/** An integer as people read it: hex when its node says so. */
export function showInt(v: unknown, desc: Desc | undefined): string {
  if (desc && isHex(desc) && (typeof v === 'bigint' || typeof v === 'number')) return `0x${v.toString(16)}`;
  return String(v);
}

/** The path segment of an item with an identity: `port=5`, `type=rtc,instance=0`, `gfn=0x80000`. */
export function identityLabel(item: Obj, key: readonly string[], itemDesc: Desc): string {
  const fields = itemDesc.kind === 'struct' ? itemDesc.fields : {};
  return key.map((k) => `${k}=${showInt(item[k], fields[k]?.node.desc)}`).join(',');
}

/** The path segment of a domain: its domid. */
export function domainLabel(domid: number): string {
  return `domid=${domid}`;
}

export interface LocatedPath {
  /** The identity path. */
  readonly path: string;
  /** The positional path as jq reads it (`.domains[4].event_channels[2].remote_port`). */
  readonly jq: string;
  /** The value at the path, when the path names one. */
  readonly value?: unknown;
}

const SEGMENT = /([A-Za-z_$][\w$]*)|\[(\d+)\]|\[\*\]/g;

/** `domains[4].event_channels[2]` as jq reads it; a wildcard `[*]` becomes jq's `[]`. */
export function jqPath(positional: string): string {
  let out = '';
  for (const m of positional.matchAll(SEGMENT)) {
    if (m[1] !== undefined) out += /^[A-Za-z_]\w*$/.test(m[1]) ? `.${m[1]}` : `.${JSON.stringify(m[1])}`;
    else out += m[2] !== undefined ? `[${m[2]}]` : '[]';
  }
  return out || '.';
}

/**
 * The identity path of a positional one (`domains[4].event_channels[2].remote_port`, indexes into
 * the state's arrays), found by walking `state` along the schema. `firstIndex`: the stream
 * position of `state.domains[0]`, when the state holds part of a dump's domains. Segments past
 * what the walk can follow keep their positional form.
 */
export function identityPath(
  schema: SchemaVersion,
  state: { host: unknown; domains: readonly unknown[] },
  positional: string,
  firstIndex = 0,
): LocatedPath {
  const jq = jqPath(positional);
  const segs = [...positional.matchAll(SEGMENT)].map((m) => m[1] ?? (m[2] !== undefined ? Number(m[2]) : '*'));
  let path = '';
  let value: unknown = state;
  let desc: Desc | 'root' | 'domains' | 'sections' | 'opaque' = 'root';
  const keep = (seg: string | number) => (path += typeof seg === 'number' ? `[${seg}]` : seg === '*' ? '[*]' : path ? `.${seg}` : seg);
  for (const seg of segs) {
    if (desc === 'opaque') {
      keep(seg);
      continue;
    }
    if (desc === 'root') {
      if (seg === 'host') {
        value = state.host;
        desc = schema.host.body.desc;
      } else if (seg === 'domains') {
        value = state.domains;
        desc = 'domains';
      } else desc = 'opaque';
      keep(seg);
      continue;
    }
    if (desc === 'domains') {
      const d = typeof seg === 'number' ? (state.domains[seg - firstIndex] as Obj | undefined) : undefined;
      const domid = (d?.['domain'] as Obj | undefined)?.['domid'];
      if (typeof domid === 'number') path += `[${domainLabel(domid)}]`;
      else keep(seg);
      value = d;
      desc = 'sections';
      continue;
    }
    if (desc === 'sections') {
      const s = typeof seg === 'string' ? schema.sections[seg] : undefined;
      keep(seg);
      if (!s) {
        desc = 'opaque';
        continue;
      }
      value = (value as Obj | undefined)?.[seg as string];
      desc = sectionNode(s).desc;
      continue;
    }
    while (desc.kind === 'opt') desc = desc.item.desc;
    if (typeof seg === 'string' && seg !== '*' && desc.kind === 'struct') {
      keep(seg);
      value = (value as Obj | null | undefined)?.[seg];
      // A field this version no longer has (retired) still names the value on the old object.
      desc = desc.fields[seg]?.node.desc ?? 'opaque';
    } else if (desc.kind === 'list') {
      const item: Desc = desc.item.desc;
      const v = typeof seg === 'number' && (Array.isArray(value) || value instanceof EntryColumns) ? entryAt(value as EntryList<unknown>, seg) : undefined;
      const key = listIdentity(desc);
      if (v !== undefined && v !== null && key) path += `[${identityLabel(v as Obj, key, item)}]`;
      else keep(seg);
      value = v;
      desc = item;
    } else {
      keep(seg);
      desc = 'opaque';
      value = undefined;
    }
  }
  return value === undefined || desc === 'opaque' ? { path, jq } : { path, jq, value };
}

/**
 * Items that name a place by position (migration notes), named by identity instead, with the
 * position kept as their jq path. `state` is the state the positions index, read in `schema`.
 */
export function locateAll<T extends { readonly path: string }>(
  schema: SchemaVersion,
  state: { host: unknown; domains: readonly unknown[] },
  items: readonly T[],
): (T & { readonly jq?: string })[] {
  return items.map((item) => {
    if (item.path === '') return item;
    const at = identityPath(schema, state, item.path);
    return { ...item, path: at.path, jq: at.jq };
  });
}
