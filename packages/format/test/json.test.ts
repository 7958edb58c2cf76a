import { describe, expect, it } from 'vitest';
import { StateError } from '../src/errors.js';
import { type Node, wireLayout } from '../src/schema/dsl.js';
import { SCHEMAS, VERSIONS, type State, type Version } from '../src/schema/index.js';
import { fromJson, jsonSchema, toJson, type JsonObject, type JsonValue } from '../src/json/index.js';
import { domainSlots } from '../src/json/state-shape.js';
import {
  setUnknownChunkFields, setUnknownFields, setUnknownRecords, unknownChunkFieldsOf, unknownFieldsOf, unknownRecordsOf,
} from '../src/unknown.js';
import { exampleState } from '../src/examples/index.js';
import { encode } from '../src/encode.js';
import { decode } from '../src/decode.js';

// ---------------------------------------------------------------------------------------------
// States built from the descriptors: every struct of every version, with values at and between
// the ends of their ranges, so a round trip exercises every field the schema has.

function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function sample(node: Node, r: () => number): unknown {
  const int = (lo: number, hi: number) => lo + Math.floor(r() * (hi - lo + 1));
  const d = node.desc;
  switch (d.kind) {
    case 'uint':
      if (d.oneOf) return d.oneOf[int(0, d.oneOf.length - 1)];
      return [d.min, d.max, int(d.min, d.max)][int(0, 2)];
    case 'u64': {
      const span = d.max - d.min;
      const mid = d.min + (BigInt(Math.floor(r() * 2 ** 52)) * span) / (1n << 52n);
      return [d.min, d.max, mid][int(0, 2)];
    }
    case 'bool':
      return r() < 0.5;
    case 'str': {
      const s = ['', 'x', '-rc1', 'caf\u00e9', 'a"b\\c'][int(0, 4)]!;
      return new TextEncoder().encode(s).length <= d.maxBytes ? s : '';
    }
    case 'bin': {
      const n = d.minBytes === d.maxBytes ? d.minBytes : int(d.minBytes, Math.min(d.maxBytes, d.minBytes + 24));
      return Uint8Array.from({ length: n }, () => int(0, 255));
    }
    case 'enum': {
      const names = Object.keys(d.values);
      return names[int(0, names.length - 1)];
    }
    case 'flags':
      return Object.fromEntries(Object.keys(d.bits).map((k) => [k, r() < 0.5]));
    case 'list': {
      // Sections (unbounded) get at least one element so error paths below exist.
      const lo = d.maxItems === Infinity ? Math.max(1, d.minItems) : d.minItems;
      const hi = Math.min(d.maxItems, lo + 2);
      const items = Array.from({ length: int(lo, hi) }, () => sample(d.item, r)) as Record<string, number | bigint>[];
      if (d.ascending === undefined) return items;
      // Ordered lists: keys sorted, repeats dropped (a short list stays valid: minItems is 0 or 1).
      const key = d.ascending;
      items.sort((a, b) => (a[key]! < b[key]! ? -1 : a[key]! > b[key]! ? 1 : 0));
      return items.filter((x, i) => i === 0 || x[key] !== items[i - 1]![key]);
    }
    case 'opt':
      return r() < 0.4 ? null : sample(d.item, r);
    case 'struct':
      return Object.fromEntries(Object.entries(d.fields).map(([k, f]) => [k, sample(f.node, r)]));
  }
}

function sampleState(version: Version, seed: number, nrDomains = 2): State {
  const r = rng(seed);
  const schema = SCHEMAS[version];
  const slots = domainSlots(schema);
  const state = {
    host: sample(schema.host.body, r),
    domains: Array.from({ length: nrDomains }, () => Object.fromEntries(slots.map((s) => [s.key, sample(s.node, r)]))),
  };
  // The fixture itself must be a valid state, or the round trip proves nothing.
  schema.zod.parse(state);
  return state as State;
}

/** `s` with something unknown at every kind of place a reader can keep it. */
function withUnknownContent(s: State, v: Version): State {
  const root = s as unknown as { host: { time: object }; domains: Record<string, unknown>[] };
  const hostSlots = Object.keys(SCHEMAS[v].host.body.desc.fields).length + SCHEMAS[v].host.body.desc.retired.length;
  setUnknownFields(root.host, [{ no: hostSlots + 1, raw: Uint8Array.of(0xc3) }, { no: hostSlots + 2, raw: Uint8Array.of(0xa1, 0x78) }]);
  setUnknownFields(root.host.time, [{ no: 4, raw: Uint8Array.of(0x2a) }]);
  setUnknownRecords(root, [{ type: 0x8000_0100, after: 1, body: Uint8Array.of(0x91, 0x07) }]);
  const dom = root.domains.find((d) => (d['event_channels'] as unknown[]).length > 0)!;
  // Unknown fields follow the known ones without a gap (a gap would be nil fields in between).
  const next = wireLayout(SCHEMAS[v].sections['domain']!.record.body.desc).length + 1;
  setUnknownFields(dom['domain'] as object, [{ no: next, raw: Uint8Array.of(0x01) }, { no: next + 1, raw: Uint8Array.of(0x92, 0x01, 0xc2) }]);
  setUnknownRecords(dom, [{ type: 0x8000_0101, after: 2, body: Uint8Array.of(0x90) }]);
  setUnknownChunkFields(dom['event_channels'] as object, [{ chunk: 0, fields: [{ no: 2, raw: Uint8Array.of(0xc2) }] }]);
  return s;
}

const jsonOf = (s: State, v: Version): JsonObject => JSON.parse(JSON.stringify(toJson(s as never, v))) as JsonObject;

// ---------------------------------------------------------------------------------------------

describe('toJson / fromJson round trip', () => {
  for (const v of VERSIONS) {
    it(`v${v}: fromJson(JSON.parse(JSON.stringify(toJson(s)))) deep-equals s`, () => {
      for (let seed = 1; seed <= 25; seed++) {
        const s = sampleState(v, seed + 100 * v);
        const back = fromJson(jsonOf(s, v), v);
        expect(back).toEqual(s);
        expect(SCHEMAS[v].zod.safeParse(back).success).toBe(true);
      }
    });
  }

  for (const v of VERSIONS) {
    it(`v${v}: the example state survives JSON, key order included`, () => {
      const s = exampleState(v);
      const text = JSON.stringify(toJson(s, v));
      const back = fromJson(JSON.parse(text), v);
      expect(back).toEqual(s);
      expect(JSON.stringify(toJson(back, v))).toBe(text);
    });
  }

  it('JSON keeps everything the encoder writes: same stream bytes before and after, unknown content included', () => {
    for (const v of VERSIONS) {
      const s = withUnknownContent(exampleState(v), v);
      const bytes = encode(s as never, v);
      const viaJson = fromJson(JSON.parse(JSON.stringify(toJson(s as never, v))), v);
      expect(encode(viaJson, v)).toEqual(bytes);
      // And what a reader decodes gives the same JSON as the state that was written.
      const decoded = decode(bytes, { readerVersion: v }).state;
      expect(JSON.stringify(toJson(decoded, v))).toBe(JSON.stringify(toJson(s as never, v)));
    }
  });

  it('writes u64 as exact decimal strings and blobs as lowercase hex', () => {
    const s = sampleState(1, 7) as { host: { time: { tsc: bigint } }; domains: { domain: { handle: Uint8Array } }[] };
    s.host.time.tsc = (1n << 64n) - 1n;
    s.domains[0]!.domain.handle = Uint8Array.from([0, 1, 0xab, 0xff, 16, 32, 48, 64, 80, 96, 112, 128, 144, 160, 176, 0xfe]);
    const j = toJson(s as never, 1) as { host: { time: { tsc: JsonValue } }; domains: { domain: { handle: JsonValue } }[] };
    expect(j.host.time.tsc).toBe('18446744073709551615');
    expect(j.domains[0]!.domain.handle).toBe('0001abff102030405060708090a0b0fe');
    const back = fromJson(JSON.parse(JSON.stringify(j)), 1) as typeof s;
    expect(back.host.time.tsc).toBe((1n << 64n) - 1n);
  });

  it('enums as names, flags as objects of booleans, absent optionals as null', () => {
    const s = sampleState(2, 11) as unknown as { domains: Record<string, unknown>[] };
    const dom = s.domains[0]!;
    (dom['domain'] as Record<string, unknown>)['type'] = 'pvh';
    dom['grant_table'] = null;
    const j = toJson(s as never, 2) as unknown as { domains: { domain: { type: JsonValue; roles: JsonValue }; grant_table: JsonValue }[] };
    expect(j.domains[0]!.domain.type).toBe('pvh');
    expect(Object.keys(j.domains[0]!.domain.roles as object)).toEqual(['hardware', 'xenstore', 'privileged']);
    expect(j.domains[0]!.grant_table).toBeNull();
  });

  it('gives objects their keys in schema order, whatever the JSON order', () => {
    const v = 3;
    const j = jsonOf(sampleState(v, 5), v);
    const reverse = (o: JsonValue): JsonValue =>
      Array.isArray(o) ? o.map(reverse) : o && typeof o === 'object' ? Object.fromEntries(Object.entries(o).reverse().map(([k, x]) => [k, reverse(x)])) : o;
    const back = fromJson(reverse(j), v) as unknown as { host: object; domains: Record<string, object>[] };
    expect(Object.keys(back)).toEqual(['host', 'domains']);
    expect(Object.keys(back.host)).toEqual(Object.keys(SCHEMAS[v].host.body.desc.fields));
    expect(Object.keys(back.domains[0]!)).toEqual(Object.keys(SCHEMAS[v].sections));
    expect(Object.keys(back.domains[0]!['domain']!)).toEqual(Object.keys(SCHEMAS[v].sections['domain']!.record.body.desc.fields));
    expect(JSON.stringify(toJson(back as never, v))).toBe(JSON.stringify(j));
  });

  it('carries unknown fields and unknown optional records through JSON', () => {
    const v = 2;
    const s = sampleState(v, 3) as unknown as { host: { time: object }; domains: Record<string, unknown>[] };
    setUnknownFields(s.host, [{ no: 12, raw: Uint8Array.of(0xc3) }, { no: 11, raw: Uint8Array.of(0xa1, 0x78) }]);
    setUnknownFields(s.host.time, [{ no: 4, raw: Uint8Array.of(0x05) }]);
    const dom = s.domains[1]!;
    setUnknownRecords(dom, [{ type: 0x8000_0077, after: 2, body: Uint8Array.of(0x91, 0x01) }]);
    setUnknownRecords(s, [{ type: 0x8000_1000, after: 1, body: Uint8Array.of(0x90) }]);
    setUnknownChunkFields(dom['event_channels'] as object, [{ chunk: 0, fields: [{ no: 2, raw: Uint8Array.of(0xc2) }] }]);

    const j = jsonOf(s as never, v) as unknown as {
      host: { $unknown: JsonValue; time: { $unknown: JsonValue } };
      domains: { $unknown_records?: JsonValue; $unknown_chunk_fields?: JsonValue }[];
      $unknown_records: JsonValue;
    };
    expect(j.host.$unknown).toEqual({ '11': 'a178', '12': 'c3' });
    expect(Object.keys(j.host.$unknown as object)).toEqual(['11', '12']);
    expect(j.host.time.$unknown).toEqual({ '4': '05' });
    expect(j.domains[1]!.$unknown_records).toEqual([{ type: 0x8000_0077, after: 2, body: '9101' }]);
    expect(j.domains[0]!.$unknown_records).toBeUndefined();
    expect(j.$unknown_records).toEqual([{ type: 0x8000_1000, after: 1, body: '90' }]);
    expect(j.domains[1]!.$unknown_chunk_fields).toEqual({ event_channels: [{ chunk: 0, fields: { '2': 'c2' } }] });

    const back = fromJson(j, v) as unknown as typeof s;
    expect(back).toEqual(s);
    expect(unknownFieldsOf(back.host)).toEqual([{ no: 11, raw: Uint8Array.of(0xa1, 0x78) }, { no: 12, raw: Uint8Array.of(0xc3) }]);
    expect(unknownFieldsOf(back.host.time)).toEqual([{ no: 4, raw: Uint8Array.of(0x05) }]);
    expect(unknownRecordsOf(back.domains[1]!)).toEqual([{ type: 0x8000_0077, after: 2, body: Uint8Array.of(0x91, 0x01) }]);
    expect(unknownRecordsOf(back.domains[0]!)).toBeUndefined();
    expect(unknownRecordsOf(back)).toEqual([{ type: 0x8000_1000, after: 1, body: Uint8Array.of(0x90) }]);
    expect(unknownChunkFieldsOf(back.domains[1]!['event_channels'] as object)).toEqual([{ chunk: 0, fields: [{ no: 2, raw: Uint8Array.of(0xc2) }] }]);
    expect(unknownChunkFieldsOf(back.domains[0]!['event_channels'] as object)).toBeUndefined();
    // The carriers stay invisible to JSON.stringify and enumeration.
    expect(Object.keys(back.host)).not.toContain('$unknown');
  });

  it('toJson refuses a state of the wrong shape with a located StateError', () => {
    const s = sampleState(1, 9) as unknown as { domains: { domain: Record<string, unknown> }[] };
    s.domains[0]!.domain['tot_pages'] = 5; // a number where a bigint belongs
    expect(() => toJson(s as never, 1)).toThrow(StateError);
    try {
      toJson(s as never, 1);
    } catch (e) {
      expect((e as StateError).path).toBe('domains[0].domain.tot_pages');
    }
  });
});

// ---------------------------------------------------------------------------------------------

const DELETE = Symbol('delete');
type Edit = readonly [path: string, value: JsonValue | typeof DELETE];
type Mutation = { name: string; version: Version; edits: Edit[]; path: string; message: RegExp; schemaCatches: boolean };

/** Sets (or deletes) the value at a JSON path like `domains[0].domain.domid`. */
function applyEdit(root: JsonValue, [path, value]: Edit): void {
  const keys = path.split(/\.|(?=\[)/).map((k) => (k.startsWith('[') ? Number(k.slice(1, -1)) : k));
  let o = root as Record<string | number, JsonValue>;
  for (const k of keys.slice(0, -1)) o = o[k] as Record<string | number, JsonValue>;
  const last = keys[keys.length - 1]!;
  if (value === DELETE) delete o[last];
  else o[last] = value;
}

const set = (path: string, value: JsonValue): Mutation['edits'] => [[path, value]];
const del = (path: string): Mutation['edits'] => [[path, DELETE]];

/** Broken JSON documents: each names where fromJson must say it broke and what it expected. */
const MUTATIONS: Mutation[] = [
  { name: 'wrong type (string for u16)', version: 1, edits: set('domains[0].domain.domid', '1'), path: 'domains[0].domain.domid',
    message: /expected an integer 0-32751 \(u16\), got "1"/, schemaCatches: true },
  { name: 'fractional number', version: 1, edits: set('host.nr_pcpus', 1.5), path: 'host.nr_pcpus',
    message: /expected an integer 1-8192 \(u32\), got 1.5/, schemaCatches: true },
  { name: 'out of range (domid reserved)', version: 2, edits: set('domains[1].domain.domid', 0x7ff0), path: 'domains[1].domain.domid',
    message: /0-32751 \(u16\), got 32752/, schemaCatches: true },
  { name: 'out of range (negative)', version: 3, edits: set('domains[0].tsc_info.gtsc_khz', -1), path: 'domains[0].tsc_info.gtsc_khz',
    message: /expected an integer 0-4294967295 \(u32\), got -1/, schemaCatches: true },
  { name: 'not one of the allowed values', version: 1, edits: set('domains[0].p2m[0].order', 3), path: 'domains[0].p2m[0].order',
    message: /expected one of 0, 9, 18 \(u8\), got 3/, schemaCatches: true },
  { name: 'u64 as a JSON number', version: 1, edits: set('host.total_pages', 5), path: 'host.total_pages',
    message: /expected a decimal string/, schemaCatches: true },
  { name: 'u64 above its range', version: 2, edits: set('domains[0].domain.tot_pages', '4503599627370497'), path: 'domains[0].domain.tot_pages',
    message: /0-4503599627370496 \(u64\), got "4503599627370497"/, schemaCatches: false },
  { name: 'u64 above 2^64-1', version: 2, edits: set('host.time.tsc', '18446744073709551616'), path: 'host.time.tsc',
    message: /got "18446744073709551616"/, schemaCatches: false },
  { name: 'u64 with a leading zero', version: 3, edits: set('host.time.tsc', '0123'), path: 'host.time.tsc',
    message: /decimal string/, schemaCatches: true },
  { name: 'bad hex digit', version: 1, edits: set('domains[0].domain.handle', 'zz'.repeat(16)), path: 'domains[0].domain.handle',
    message: /expected lowercase hex of 16 bytes, got "zz/, schemaCatches: true },
  { name: 'uppercase hex', version: 2, edits: set('domains[0].domain.handle', 'AB'.repeat(16)), path: 'domains[0].domain.handle',
    message: /lowercase hex/, schemaCatches: true },
  { name: 'odd hex length', version: 3, edits: set('domains[0].domain.handle', 'a'.repeat(31)), path: 'domains[0].domain.handle',
    message: /lowercase hex/, schemaCatches: true },
  { name: 'wrong bin length', version: 1, edits: set('domains[0].domain.handle', '00'.repeat(15)), path: 'domains[0].domain.handle',
    message: /expected lowercase hex of 16 bytes, got 15 bytes/, schemaCatches: true },
  { name: 'unknown enum name', version: 2, edits: set('domains[1].domain.type', 'hvm64'), path: 'domains[1].domain.type',
    message: /expected one of "pv32", "pv64", "hvm", "pvh", got "hvm64"/, schemaCatches: true },
  { name: 'enum value of a later version', version: 1, edits: set('domains[0].domain.evtchn_abi', 'fifo'), path: 'domains[0].domain.evtchn_abi',
    message: /expected one of "two_level", got "fifo"/, schemaCatches: true },
  { name: 'extra key in a struct', version: 2, edits: set('domains[0].domain.colour', 'blue'), path: 'domains[0].domain.colour',
    message: /unexpected key "colour" in Domain/, schemaCatches: true },
  { name: 'extra key in a domain', version: 1, edits: set('domains[1].event_fifo', null), path: 'domains[1].event_fifo',
    message: /unexpected key "event_fifo" in a schema v1 domain/, schemaCatches: true },
  { name: 'extra key in flags', version: 3, edits: set('domains[0].domain.roles.root', true), path: 'domains[0].domain.roles.root',
    message: /unexpected key "root" in the flags/, schemaCatches: true },
  { name: 'flag not a boolean', version: 3, edits: set('domains[0].domain.roles.hardware', 1), path: 'domains[0].domain.roles.hardware',
    message: /expected true or false, got 1/, schemaCatches: true },
  { name: 'retired field', version: 3, edits: set('domains[0].domain.shr_pages', 0), path: 'domains[0].domain.shr_pages',
    message: /"shr_pages" is retired in Domain/, schemaCatches: true },
  { name: 'old name of a renamed field', version: 3, edits: [['domains[0].domain.ssidref', 5], ['domains[0].domain.xsm_label', DELETE]],
    path: 'domains[0].domain.ssidref', message: /unexpected key "ssidref"/, schemaCatches: true },
  { name: 'missing key in a struct', version: 1, edits: del('domains[0].domain.domid'), path: 'domains[0].domain.domid',
    message: /missing key "domid" in Domain/, schemaCatches: true },
  { name: 'missing field with a default', version: 2, edits: del('domains[0].event_channels[0].priority'), path: 'domains[0].event_channels[0].priority',
    message: /missing key "priority" in EventChannel/, schemaCatches: true },
  { name: 'missing section', version: 2, edits: del('domains[1].vcpu_runstates'), path: 'domains[1].vcpu_runstates',
    message: /missing key "vcpu_runstates"/, schemaCatches: true },
  { name: 'deep value out of range', version: 2, edits: set('domains[0].event_channels[0].port', 0), path: 'domains[0].event_channels[0].port',
    message: /expected an integer 1-4294967295 \(u32\), got 0/, schemaCatches: true },
  { name: 'list too short', version: 1, edits: set('host.bootmem', []), path: 'host.bootmem',
    message: /expected an array of 1-256 items, got an array of 0 items/, schemaCatches: true },
  { name: 'fixed-length list', version: 1, edits: set('domains[0].vcpus[0].hvm.mtrr.fixed', Array(10).fill('0')), path: 'domains[0].vcpus[0].hvm.mtrr.fixed',
    message: /exactly 11 items/, schemaCatches: true },
  { name: 'null for a required struct', version: 1, edits: set('host.time', null), path: 'host.time',
    message: /expected a HostTime object, got null/, schemaCatches: true },
  { name: 'string too long', version: 1, edits: set('host.producer.extra', 'x'.repeat(65)), path: 'host.producer.extra',
    message: /at most 64 UTF-8 bytes/, schemaCatches: true },
  { name: 'string too long in UTF-8 bytes only', version: 1, edits: set('host.producer.extra', '\u00e9'.repeat(33)), path: 'host.producer.extra',
    message: /at most 64 UTF-8 bytes/, schemaCatches: false },
  { name: 'domains not an array', version: 1, edits: set('domains', {}), path: 'domains',
    message: /expected an array of domains/, schemaCatches: true },
  { name: 'unknown field numbered inside the known range', version: 1, edits: set('host.$unknown', { '3': 'c0' }), path: 'host.$unknown.3',
    message: /expected a field number above 10/, schemaCatches: false },
  { name: 'unknown fields with a gap', version: 1, edits: set('host.$unknown', { '11': 'c0', '13': '01' }), path: 'host.$unknown.13',
    message: /11, 12, \.\.\. without a gap, got 13 after 11/, schemaCatches: false },
  { name: 'unknown field that is not hex', version: 1, edits: set('host.$unknown', { '11': 'xyz' }), path: 'host.$unknown.11',
    message: /lowercase hex of one MessagePack value/, schemaCatches: true },
  { name: 'unknown record of a mandatory type', version: 2, edits: set('$unknown_records', [{ type: 0x77, after: 1, body: '' }]),
    path: '$unknown_records[0].type', message: /optional record type/, schemaCatches: true },
  { name: 'unknown record of a type the version knows', version: 2, edits: set('domains[0].$unknown_records', [{ type: 0x8000_0001, after: 1, body: '' }]),
    path: 'domains[0].$unknown_records[0].type', message: /does not know, got VCPU_RUNSTATE/, schemaCatches: false },
  { name: 'chunk fields on a section that is not a list', version: 2, edits: set('domains[0].$unknown_chunk_fields', { domain: [] }),
    path: 'domains[0].$unknown_chunk_fields.domain', message: /expected the key of a list section/, schemaCatches: true },
  { name: 'chunk fields of a record the list does not have', version: 2, edits: set('domains[0].$unknown_chunk_fields', { pages: [{ chunk: 1, fields: { '2': 'c0' } }] }),
    path: 'domains[0].$unknown_chunk_fields.pages[0].chunk', message: /one of the 1 records of pages/, schemaCatches: false },
  { name: 'chunk field numbered as the entries', version: 2, edits: set('domains[0].$unknown_chunk_fields', { pages: [{ chunk: 0, fields: { '1': 'c0' } }] }),
    path: 'domains[0].$unknown_chunk_fields.pages[0].fields.1', message: /field number above 1/, schemaCatches: false },
  // What is kept unknown is written back as it is: it must be one value of the strict subset.
  { name: 'unknown field of two values', version: 1, edits: set('host.$unknown', { '11': '0102' }), path: 'host.$unknown.11',
    message: /more than one MessagePack value: 1 bytes after the value, from byte 1/, schemaCatches: false },
  { name: 'unknown field that is a map', version: 2, edits: set('host.$unknown', { '11': '80' }), path: 'host.$unknown.11',
    message: /not one MessagePack value .*at byte 0/, schemaCatches: false },
  { name: 'unknown field not in shortest form', version: 3, edits: set('host.time.$unknown', { '4': 'cc05' }), path: 'host.time.$unknown.4',
    message: /not one MessagePack value .*shortest form/, schemaCatches: false },
  { name: 'unknown field nested too deep', version: 3, edits: set('host.$unknown', { '11': `${'91'.repeat(40)}c0` }), path: 'host.$unknown.11',
    message: /nested deeper than 32/, schemaCatches: false },
  { name: 'unknown field cut short', version: 3, edits: set('host.$unknown', { '11': 'a37878' }), path: 'host.$unknown.11',
    message: /not one MessagePack value/, schemaCatches: false },
  { name: 'unknown chunk field of two values', version: 2, edits: set('domains[0].$unknown_chunk_fields', { pages: [{ chunk: 0, fields: { '2': 'c0c0' } }] }),
    path: 'domains[0].$unknown_chunk_fields.pages[0].fields.2', message: /more than one MessagePack value/, schemaCatches: false },
  { name: 'unknown record with an empty body', version: 2, edits: set('$unknown_records', [{ type: 0x8000_0100, after: 1, body: '' }]),
    path: '$unknown_records[0].body', message: /a record body is not one MessagePack value/, schemaCatches: false },
  { name: 'unknown record body c1', version: 3, edits: set('domains[0].$unknown_records', [{ type: 0x8000_0100, after: 1, body: 'c1' }]),
    path: 'domains[0].$unknown_records[0].body', message: /not one MessagePack value/, schemaCatches: false },
  { name: 'unknown record body of two values', version: 3, edits: set('domains[0].$unknown_records', [{ type: 0x8000_0100, after: 1, body: '9001' }]),
    path: 'domains[0].$unknown_records[0].body', message: /more than one MessagePack value/, schemaCatches: false },
  // A lone surrogate has no UTF-8 form: it is refused, never written as U+FFFD.
  { name: 'lone surrogate in a string', version: 3, edits: set('host.producer.extra', '-rc\ud800'), path: 'host.producer.extra',
    message: /lone surrogate \(U\+D800\) at index 3/, schemaCatches: false },
  { name: 'lone low surrogate in a string', version: 1, edits: set('host.producer.changeset', '\udc00abc'), path: 'host.producer.changeset',
    message: /lone surrogate \(U\+DC00\) at index 0/, schemaCatches: false },
  { name: 'unknown record without a body', version: 3, edits: set('domains[0].$unknown_records', [{ type: 0x8000_0042, after: 1 }]),
    path: 'domains[0].$unknown_records[0].body', message: /missing key "body"/, schemaCatches: true },
];

/** A valid JSON document whose first vCPU has an HVM context, so every mutation above has a target. */
function brokenJson(m: Mutation): JsonObject {
  for (let seed = 1; ; seed++) {
    const j = jsonOf(sampleState(m.version, seed), m.version) as { domains: { vcpus: { hvm: JsonValue }[] }[] };
    if (j.domains[0]!.vcpus[0]!.hvm === null) continue;
    for (const e of m.edits) applyEdit(j as unknown as JsonValue, e);
    return j as unknown as JsonObject;
  }
}

describe('fromJson errors', () => {
  for (const m of MUTATIONS) {
    it(`${m.name}: StateError at ${m.path}`, () => {
      const j = brokenJson(m);
      let err: unknown;
      try {
        fromJson(j, m.version);
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(StateError);
      const se = err as StateError;
      expect(se.code).toBe('bad-json');
      expect(se.path).toBe(m.path);
      expect(se.message).toMatch(m.message);
    });
  }

  it('refuses what is not a state at all, never with anything but a StateError', () => {
    for (const j of [undefined, null, 42, 'state', [], { host: null, domains: [] }, { domains: [] }]) {
      expect(() => fromJson(j, 3)).toThrow(StateError);
    }
    expect(() => fromJson({ domains: [] }, 3)).toThrow(/missing key "host"/);
  });

  it('takes integers in hex too ("0x100200", either case), as crit does: the same state, the same bytes', () => {
    const s = exampleState(3);
    const j = jsonOf(s, 3) as unknown as { host: Record<string, unknown>; domains: { domain: Record<string, unknown>; vcpus: { msrs: Record<string, unknown>[] }[]; pages: Record<string, unknown>[] }[] };
    const hexed = structuredClone(j);
    hexed.host['total_pages'] = `0x${BigInt(j.host['total_pages'] as string).toString(16)}`;
    hexed.host['nr_pcpus'] = `0x${(j.host['nr_pcpus'] as number).toString(16).toUpperCase()}`;
    hexed.domains[1]!.pages[0]!['first_mfn'] = `0x${BigInt(j.domains[1]!.pages[0]!['first_mfn'] as string).toString(16).padStart(16, '0')}`;
    hexed.domains[0]!.vcpus[0]!.msrs[1]!['index'] = `0x${(j.domains[0]!.vcpus[0]!.msrs[1]!['index'] as number).toString(16)}`;
    const back = fromJson(hexed, 3);
    expect(back).toEqual(fromJson(j, 3));
    expect(encode(back as State, 3)).toEqual(encode(s, 3));
    // Still checked against the field's range, and still an integer.
    const over = structuredClone(j);
    over.domains[0]!.domain['domid'] = '0x7ff0';
    expect(() => fromJson(over, 3)).toThrow(expect.objectContaining({ path: 'domains[0].domain.domid', message: expect.stringMatching(/0-32751 \(u16\), got "0x7ff0"/) }));
    const big = structuredClone(j);
    big.host['total_pages'] = `0x1${'0'.repeat(16)}`;
    expect(() => fromJson(big, 3)).toThrow(StateError);
    for (const bad of ['0x', '0xg1', '-0x1', ' 0x1']) {
      const b = structuredClone(j);
      b.host['total_pages'] = bad;
      expect(() => fromJson(b, 3), bad).toThrow(StateError);
    }
  });

  it('refuses the JSON of one version read as another', () => {
    const j = jsonOf(sampleState(3, 4), 3);
    expect(() => fromJson(j, 1)).toThrow(StateError);
    const j1 = jsonOf(sampleState(1, 4), 1);
    expect(() => fromJson(j1, 3)).toThrow(StateError);
  });
});

// ---------------------------------------------------------------------------------------------
// A checker for exactly the JSON Schema subset jsonSchema() emits; any other keyword fails it,
// so the schema cannot grow a keyword this test silently ignores.

const KNOWN_KEYWORDS = new Set([
  '$schema', '$defs', '$ref', 'title', 'description', 'type', 'enum', 'minimum', 'maximum', 'pattern', 'minLength',
  'maxLength', 'properties', 'patternProperties', 'required', 'additionalProperties', 'items', 'minItems', 'maxItems', 'anyOf',
]);

function check(root: JsonObject, schema: JsonObject, v: JsonValue, path: string, errors: string[]): void {
  for (const k of Object.keys(schema)) if (!KNOWN_KEYWORDS.has(k)) throw new Error(`keyword ${k} not supported by the test checker`);
  const fail = (why: string) => errors.push(`${path || '(root)'}: ${why}`);
  if (typeof schema['$ref'] === 'string') {
    const name = schema['$ref'].replace(/^#\/\$defs\//, '');
    const target = (root['$defs'] as JsonObject)[name];
    if (!target) throw new Error(`dangling $ref ${schema['$ref']}`);
    check(root, target as JsonObject, v, path, errors);
  }
  if (schema['anyOf']) {
    const ok = (schema['anyOf'] as JsonObject[]).some((s) => {
      const e: string[] = [];
      check(root, s, v, path, e);
      return e.length === 0;
    });
    if (!ok) fail('matches no anyOf branch');
  }
  const t = schema['type'];
  if (t !== undefined) {
    const actual = v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v === 'number' ? (Number.isInteger(v) ? 'integer' : 'number') : typeof v;
    if (actual !== t) return void fail(`type ${actual}, want ${String(t)}`);
  }
  if (schema['enum'] && !(schema['enum'] as JsonValue[]).includes(v)) fail(`${JSON.stringify(v)} not in enum`);
  if (typeof v === 'number') {
    if (typeof schema['minimum'] === 'number' && v < schema['minimum']) fail('below minimum');
    if (typeof schema['maximum'] === 'number' && v > schema['maximum']) fail('above maximum');
  }
  if (typeof v === 'string') {
    const len = [...v].length;
    if (typeof schema['pattern'] === 'string' && !new RegExp(schema['pattern'], 'u').test(v)) fail('pattern');
    if (typeof schema['minLength'] === 'number' && len < schema['minLength']) fail('minLength');
    if (typeof schema['maxLength'] === 'number' && len > schema['maxLength']) fail('maxLength');
  }
  if (Array.isArray(v)) {
    if (typeof schema['minItems'] === 'number' && v.length < schema['minItems']) fail('minItems');
    if (typeof schema['maxItems'] === 'number' && v.length > schema['maxItems']) fail('maxItems');
    if (schema['items']) v.forEach((x, i) => check(root, schema['items'] as JsonObject, x, `${path}[${i}]`, errors));
  }
  if (v !== null && typeof v === 'object' && !Array.isArray(v)) {
    const props = (schema['properties'] ?? {}) as JsonObject;
    const patterns = Object.entries((schema['patternProperties'] ?? {}) as JsonObject);
    for (const r of (schema['required'] ?? []) as string[]) if (!Object.hasOwn(v, r)) fail(`missing ${r}`);
    for (const [k, x] of Object.entries(v)) {
      const p = path ? `${path}.${k}` : k;
      let matched = false;
      if (Object.hasOwn(props, k)) {
        matched = true;
        check(root, props[k] as JsonObject, x, p, errors);
      }
      for (const [re, s] of patterns) {
        if (new RegExp(re, 'u').test(k)) {
          matched = true;
          check(root, s as JsonObject, x, p, errors);
        }
      }
      if (!matched && schema['additionalProperties'] === false) fail(`additional property ${k}`);
    }
  }
}

function schemaErrors(v: Version, j: JsonValue): string[] {
  const schema = jsonSchema(v);
  const errors: string[] = [];
  check(schema, schema, j, '', errors);
  return errors;
}

describe('jsonSchema', () => {
  for (const v of VERSIONS) {
    it(`v${v}: accepts the JSON of valid states`, () => {
      expect(schemaErrors(v, jsonOf(exampleState(v), v))).toEqual([]);
      for (let seed = 1; seed <= 15; seed++) expect(schemaErrors(v, jsonOf(sampleState(v, seed * 7 + v), v))).toEqual([]);
    });
  }

  it('accepts the unknown-content carriers', () => {
    const s = sampleState(3, 21);
    setUnknownFields((s as { host: object }).host, [{ no: 11, raw: Uint8Array.of(0xc0) }]);
    setUnknownRecords(s, [{ type: 0x8000_0099, after: 1, body: Uint8Array.of(1, 2) }]);
    setUnknownRecords((s as { domains: object[] }).domains[0]!, [{ type: 0x8000_0099, after: 0, body: Uint8Array.of(1) }]);
    expect(schemaErrors(3, jsonOf(s, 3))).toEqual([]);
    for (const v of VERSIONS) expect(schemaErrors(v, jsonOf(withUnknownContent(exampleState(v), v), v))).toEqual([]);
  });

  for (const m of MUTATIONS.filter((x) => x.schemaCatches)) {
    it(`rejects: ${m.name}`, () => {
      const j = brokenJson(m);
      expect(schemaErrors(m.version, j)).not.toEqual([]);
    });
  }

  it('is derived from the descriptors of its version', () => {
    const defs = (v: Version) => jsonSchema(v)['$defs'] as Record<string, JsonObject>;
    const props = (v: Version, struct: string) => defs(v)[struct]!['properties'] as Record<string, JsonObject>;
    expect(jsonSchema(2)['$schema']).toBe('https://json-schema.org/draft/2020-12/schema');
    // Renamed and retired fields.
    expect(defs(1)['Domain']!['required']).toContain('ssidref');
    expect(defs(3)['Domain']!['required']).toContain('xsm_label');
    expect(defs(3)['Domain']!['required']).not.toContain('shr_pages');
    expect(defs(3)['Domain']!['additionalProperties']).toBe(false);
    // Widened integer: max_pages is a u32 number in v1, a u64 string in v2.
    expect(props(1, 'Domain')['max_pages']).toMatchObject({ type: 'integer', minimum: 0, maximum: 0xffffffff });
    expect(props(2, 'Domain')['max_pages']).toMatchObject({ type: 'string', pattern: '^(?:0|[1-9][0-9]{0,19})$' });
    // Enum value added.
    expect(props(1, 'Domain')['evtchn_abi']).toMatchObject({ enum: ['two_level'] });
    expect(props(2, 'Domain')['evtchn_abi']).toMatchObject({ enum: ['two_level', 'fifo'] });
    // Bin lengths, allowed values, optional values, sections.
    expect(props(1, 'Domain')['handle']).toMatchObject({ type: 'string', minLength: 32, maxLength: 32 });
    expect(props(1, 'P2mEntry')['order']).toMatchObject({ enum: [0, 9, 18] });
    expect(defs(3)['P2mEntry']).toBeUndefined();
    expect(defs(3)['P2mExtent']).toBeDefined();
    expect(props(1, 'Vcpu')['vcpu_info']).toMatchObject({ anyOf: [{ type: 'null' }, { $ref: '#/$defs/VcpuInfoLocation' }] });
    const domain = ((jsonSchema(2)['properties'] as JsonObject)['domains'] as JsonObject)['items'] as JsonObject;
    expect(domain['required']).toEqual(Object.keys(SCHEMAS[2].sections));
    expect(Object.keys(domain['properties'] as object)).toEqual([...Object.keys(SCHEMAS[2].sections), '$unknown_chunk_fields', '$unknown_records']);
  });
});

describe('encode refuses unknown records it cannot put back', () => {
  /** A v3 JSON document with `records` as the unknown records of domain 0 (or of the root). */
  function encodeWith(records: JsonValue, where: 'root' | 'domain'): () => void {
    const j = jsonOf(exampleState(3), 3) as { domains: JsonObject[] } & JsonObject;
    if (where === 'root') j['$unknown_records'] = records;
    else j.domains[0]!['$unknown_records'] = records;
    return () => encode(fromJson(j, 3), 3);
  }
  const cases: { name: string; records: JsonValue; where: 'root' | 'domain'; path: string; message: RegExp }[] = [
    { name: 'after 0 in a domain (before its DOMAIN record)', records: [{ type: 0x8000_0100, after: 0, body: '90' }], where: 'domain',
      path: 'domains[0].$unknown_records[0].after', message: /cannot place an unknown record after 0 known records: this domain has \d+ known records/ },
    { name: 'after beyond the records of the domain', records: [{ type: 0x8000_0100, after: 1, body: '90' }, { type: 0x8000_0100, after: 9999, body: '90' }], where: 'domain',
      path: 'domains[0].$unknown_records[1].after', message: /after 9999 known records/ },
    { name: 'after 2 at the root (only HOST comes before the first domain)', records: [{ type: 0x8000_0100, after: 2, body: '90' }], where: 'root',
      path: '$unknown_records[0].after', message: /only HOST comes before the first domain, so "after" must be 1/ },
  ];
  for (const c of cases) {
    it(`${c.name}: StateError at ${c.path}`, () => {
      let err: unknown;
      try {
        encodeWith(c.records, c.where)();
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(StateError);
      expect((err as StateError).path).toBe(c.path);
      expect((err as StateError).message).toMatch(c.message);
    });
  }

  it('places every record it accepts: after the last known record of the domain is the last place', () => {
    const s = exampleState(3);
    const bytes = encode(s, 3);
    const d0 = decode(bytes).records.filter((r) => r.domid === (s.domains[0] as { domain: { domid: number } }).domain.domid).length;
    const j = jsonOf(s, 3) as { domains: JsonObject[] } & JsonObject;
    j.domains[0]!['$unknown_records'] = [{ type: 0x8000_0100, after: d0, body: '90' }];
    const out = encode(fromJson(j, 3), 3);
    expect(unknownRecordsOf(decode(out).state.domains[0]!)).toEqual([{ type: 0x8000_0100, after: d0, body: Uint8Array.of(0x90) }]);
  });

  it('a state given to encode directly: a mandatory or known type is refused, with its path', () => {
    const s = exampleState(3);
    setUnknownRecords(s.domains[1]!, [{ type: 0x42, after: 1, body: Uint8Array.of(0x90) }]);
    expect(() => encode(s, 3)).toThrow(expect.objectContaining({ path: 'domains[1].$unknown_records[0].type', message: expect.stringMatching(/not an optional type/) }));
    setUnknownRecords(s.domains[1]!, [{ type: 0x8000_0001, after: 1, body: Uint8Array.of(0x90) }]);
    expect(() => encode(s, 3)).toThrow(expect.objectContaining({ path: 'domains[1].$unknown_records[0].type', message: expect.stringMatching(/is VCPU_RUNSTATE, which schema v3 knows/) }));
  });
});
