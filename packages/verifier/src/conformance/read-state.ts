/**
 * The reference reader: a stream -> the state it means, per FORMAT.md and the schema descriptors
 * only, sharing no code with the codec. It accepts exactly the canonical encoding of a state (every
 * field written, shortest forms, canonical record order and chunking), so "the reference reader
 * reads back the state that was encoded" pins the writer's bytes down completely.
 */
import type { Desc, SchemaVersion, Section, State, StructDesc } from '@xenlu/format';
import { ConformanceError } from './error.js';
import { type Frame, END_TYPE, readFrames } from './framing.js';
import { type Mp, readBody } from './msgpack.js';

const utf8 = new TextEncoder();

function fail(path: string, message: string, offset?: number): never {
  throw new ConformanceError(`${path}: ${message}`, offset);
}

function int(v: Mp, path: string): bigint {
  if (typeof v !== 'bigint') fail(path, `expected an unsigned integer, got ${v === null ? 'nil' : typeof v}`);
  return v;
}

/** The value `v` means under descriptor `d`. */
export function valueOf(d: Desc, v: Mp, path: string): unknown {
  switch (d.kind) {
    case 'uint': {
      const n = int(v, path);
      if (n < BigInt(d.min) || n > BigInt(d.max) || (d.oneOf && !d.oneOf.includes(Number(n)))) fail(path, `${n} out of range`);
      return Number(n);
    }
    case 'u64': {
      const n = int(v, path);
      if (n < d.min || n > d.max) fail(path, `${n} out of range`);
      return n;
    }
    case 'bool':
      if (typeof v !== 'boolean') fail(path, 'expected a bool');
      return v;
    case 'str':
      if (typeof v !== 'string') fail(path, 'expected a str');
      if (utf8.encode(v).length > d.maxBytes) fail(path, `longer than ${d.maxBytes} bytes`);
      return v;
    case 'bin':
      if (!(v instanceof Uint8Array)) fail(path, 'expected a bin');
      if (v.length < d.minBytes || v.length > d.maxBytes) fail(path, `${v.length} bytes, outside ${d.minBytes}-${d.maxBytes}`);
      return v;
    case 'enum': {
      const n = Number(int(v, path));
      const name = Object.entries(d.values).find(([, c]) => c === n)?.[0];
      if (name === undefined) fail(path, `unknown enum code ${n}`);
      return name;
    }
    case 'flags': {
      let rest = int(v, path);
      const out: Record<string, boolean> = {};
      for (const [name, bit] of Object.entries(d.bits)) {
        out[name] = (rest & (1n << BigInt(bit))) !== 0n;
        rest &= ~(1n << BigInt(bit));
      }
      if (rest !== 0n) fail(path, `unnamed flag bits 0x${rest.toString(16)} set`);
      return out;
    }
    case 'list': {
      if (!Array.isArray(v)) fail(path, 'expected an array');
      if (v.length < d.minItems || v.length > d.maxItems) fail(path, `${v.length} items, outside ${d.minItems}-${d.maxItems}`);
      return v.map((x, i) => valueOf(d.item.desc, x, `${path}[${i}]`));
    }
    case 'opt':
      return v === null ? null : valueOf(d.item.desc, v, path);
    case 'struct':
      return structOf(d, v, path);
  }
}

function structOf(s: StructDesc, v: Mp, path: string): Record<string, unknown> {
  if (!Array.isArray(v)) fail(path, `${s.name}: expected an array`);
  const slots = Object.keys(s.fields).length + s.retired.length;
  if (v.length !== slots) fail(path, `${s.name}: a writer writes all ${slots} fields, found ${v.length}`);
  const out: Record<string, unknown> = {};
  const byNo = Object.entries(s.fields).sort(([, a], [, b]) => a.no - b.no);
  for (const r of s.retired) if (v[r.no - 1] !== null) fail(`${path}.${r.name}`, 'a retired field must be written nil');
  for (const [name, f] of byNo) {
    const x = v[f.no - 1]!;
    if (x === null && f.node.desc.kind !== 'opt') fail(`${path}.${name}`, 'nil in a field a writer must write');
    out[name] = valueOf(f.node.desc, x, path ? `${path}.${name}` : name);
  }
  return out;
}

function body(bytes: Uint8Array, f: Frame, s: StructDesc, path: string): Record<string, unknown> {
  try {
    return structOf(s, readBody(bytes, f.bodyStart, f.bodyEnd), path);
  } catch (e) {
    if (e instanceof ConformanceError && e.offset === undefined) throw new ConformanceError(e.message, f.offset);
    throw e;
  }
}

/** The entries of a list record and how many a record holds at most. */
function listEntries(section: Section): { max: number } {
  const d = section.record.body.desc.fields['entries']?.node.desc;
  if (d?.kind !== 'list') throw new Error(`${section.record.name}: not a list record`);
  return { max: d.maxItems };
}

/** Reads `bytes` as a stream of `schema`'s version, enforcing the canonical form. */
export function referenceDecode(bytes: Uint8Array, schema: SchemaVersion): State {
  const { head, frames } = readFrames(bytes);
  if (head.schemaVersion !== schema.version) fail('header', `schema version ${head.schemaVersion}, reading as ${schema.version}`, 12);
  const sections = Object.entries(schema.sections);
  const rank = new Map(sections.map(([, s], i) => [s.record.type, i]));
  const first = frames[0];
  if (!first || first.type !== schema.host.type) fail('records', 'the first record is not HOST', first?.offset);
  const host = body(bytes, first, schema.host.body.desc, 'host');
  const producer = host['producer'] as { major: number; minor: number };
  if (producer.major !== head.xenMajor || producer.minor !== head.xenMinor) fail('header', 'xen_major/xen_minor differ from HOST.producer', 20);

  const domains: Record<string, unknown>[] = [];
  let domain: Record<string, unknown> | undefined;
  let at = -1;
  let lastFull = true;
  let lastId = -1;
  let lastDomid = -1;
  for (let i = 1; i < frames.length - 1; i++) {
    const f = frames[i]!;
    const k = rank.get(f.type);
    if (k === undefined) fail(`record ${i}`, `type 0x${f.type.toString(16)} is not a record of version ${schema.version}`, f.offset);
    const [key, section] = sections[k]!;
    if (k === 0) {
      domain = Object.fromEntries(sections.map(([sk, s]) => [sk, s.kind === 'optional' ? null : s.kind === 'single' ? undefined : []]));
      domain[key] = body(bytes, f, section.record.body.desc, `domains[${domains.length}].${key}`);
      const domid = (domain[key] as { domid: number }).domid;
      if (domid <= lastDomid) fail(`record ${i}`, `domid ${domid} does not ascend`, f.offset);
      lastDomid = domid;
      domains.push(domain);
      at = 0;
      lastFull = true;
      continue;
    }
    if (!domain) fail(`record ${i}`, `${section.record.name} before any DOMAIN`, f.offset);
    if (k < at) fail(`record ${i}`, `${section.record.name} out of order`, f.offset);
    const path = `domains[${domains.length - 1}].${key}`;
    const repeat = k === at;
    if (k !== at) {
      lastFull = true;
      lastId = -1;
    }
    at = k;
    switch (section.kind) {
      case 'single':
      case 'optional':
        if (repeat) fail(`record ${i}`, `second ${section.record.name} record`, f.offset);
        domain[key] = body(bytes, f, section.record.body.desc, path);
        break;
      case 'each': {
        const v = body(bytes, f, section.record.body.desc, `${path}[${(domain[key] as unknown[]).length}]`);
        const id = typeof v['id'] === 'number' ? v['id'] : undefined;
        if (id !== undefined && id <= lastId) fail(`record ${i}`, `${section.record.name} id ${id} does not ascend`, f.offset);
        lastId = id ?? lastId;
        (domain[key] as unknown[]).push(v);
        break;
      }
      case 'list': {
        if (!lastFull) fail(`record ${i}`, `previous ${section.record.name} record was not filled to its maximum`, f.offset);
        const v = body(bytes, f, section.record.body.desc, path);
        const entries = v['entries'] as unknown[];
        lastFull = entries.length === listEntries(section).max;
        (domain[key] as unknown[]).push(...entries);
        break;
      }
    }
  }
  for (const [di, d] of domains.entries()) {
    for (const [key, s] of sections) if (s.kind === 'single' && d[key] === undefined) fail(`domains[${di}]`, `no ${s.record.name} record`);
  }
  const end = frames[frames.length - 1]!;
  if (end.type !== END_TYPE || frames.length < 2) fail('records', 'no END after HOST', end.offset);
  const count = body(bytes, end, schema.end.body.desc, 'end')['nr_records'];
  if (count !== frames.length - 1) fail('end', `nr_records ${String(count)}, but ${frames.length - 1} records precede END`, end.offset);
  return { host, domains } as unknown as State;
}
