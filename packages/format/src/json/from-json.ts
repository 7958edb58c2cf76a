/**
 * JSON form -> state, by walking the schema descriptors. Every value is checked (leaf constraints
 * by the node's own zod schema, the shape by the descriptor), and the first fault is thrown as a
 * StateError whose path is the JSON path and whose message says what was expected. Objects come
 * out with their keys in schema order; `$unknown` and `$unknown_records` become the carriers of
 * `unknown.ts` again.
 */
import { FormatError, StateError } from '../errors.js';
import type { Desc, Node } from '../schema/dsl.js';
import { type StateByVersion, type Version, schemaOf } from '../schema/index.js';
import { OPTIONAL_BIT, type SchemaVersion } from '../schema/records.js';
import { type UnknownChunkFields, type UnknownField, type UnknownRecord, setUnknownChunkFields, setUnknownFields, setUnknownRecords } from '../unknown.js';
import { DEFAULT_LIMITS } from '../limits.js';
import { MsgReader } from '../wire/msgpack-reader.js';
import { hexToBytes } from './hex.js';
import { UNKNOWN_CHUNK_FIELDS_KEY, UNKNOWN_FIELDS_KEY, UNKNOWN_RECORDS_KEY } from './json-value.js';
import { at, child } from './path.js';
import { type DomainSlot, domainSlots } from './state-shape.js';

/** The state of schema `version` that `json` (as JSON.parse gives it) describes; throws StateError. */
export function fromJson<V extends Version>(json: unknown, version: V): StateByVersion[V] {
  try {
    return readState(json, schemaOf(version)) as StateByVersion[V];
  } catch (e) {
    if (e instanceof FormatError) throw e;
    // Nothing but the FormatError family leaves the API, whatever the input.
    throw new StateError('bad-json', `cannot read the JSON form: ${e instanceof Error ? e.message : String(e)}`);
  }
}

type JsonRecord = Record<string, unknown>;

/** A surrogate code unit not part of a pair (in `u` mode a pair matches as one code point). */
const LONE_SURROGATE = /\p{Cs}/u;

function readState(json: unknown, schema: SchemaVersion): object {
  const root = readObject(json, '', `a schema v${schema.version} state object`);
  checkKeys(root, ['host', 'domains'], [UNKNOWN_RECORDS_KEY], '', 'the state');
  const host = readNode(schema.host.body, root['host'], 'host');
  const domainsJson = root['domains'];
  if (!Array.isArray(domainsJson)) throw bad('domains', `expected an array of domains, got ${show(domainsJson)}`);
  const slots = domainSlots(schema);
  const keys = slots.map((s) => s.key);
  const domains = domainsJson.map((dj: unknown, i) => {
    const path = at('domains', i);
    const dom = readObject(dj, path, `a schema v${schema.version} domain object`);
    checkKeys(dom, keys, [UNKNOWN_CHUNK_FIELDS_KEY, UNKNOWN_RECORDS_KEY], path, `a schema v${schema.version} domain`);
    const out: JsonRecord = {};
    for (const { key, node } of slots) out[key] = readNode(node, dom[key], child(path, key));
    readUnknownChunkFields(dom, out, path, slots);
    readUnknownRecords(dom, out, path, schema);
    return out;
  });
  const out = { host, domains };
  readUnknownRecords(root, out, '', schema);
  return out;
}

/**
 * An integer in hex, `0x` then 1+ digits of either case: accepted for any integer field on input
 * (decode writes the canonical form). Leading zeros are allowed, a few beyond the width, so that
 * out-of-range values are reported as such rather than as malformed.
 */
const HEX_INT = /^0x[0-9a-fA-F]+$/;

function readNode(node: Node, j: unknown, path: string): unknown {
  const d = node.desc;
  switch (d.kind) {
    case 'uint':
      // Hex as people write frames, addresses and MSR indexes (`"0xc0000080"`), as crit takes it.
      if (typeof j === 'string' && HEX_INT.test(j) && j.length <= 2 + d.bits / 4 + 8) return checked(node, Number(BigInt(j)), j, path);
      if (typeof j !== 'number' || !Number.isInteger(j)) throw expected(d, j, path);
      // JSON.parse('-0') is -0; the state holds plain 0.
      return checked(node, Object.is(j, -0) ? 0 : j, j, path);
    case 'u64':
      if (typeof j === 'string' && HEX_INT.test(j) && j.length <= 2 + 16 + 8) return checked(node, BigInt(j), j, path);
      if (typeof j !== 'string' || !/^(?:0|[1-9][0-9]*)$/.test(j) || j.length > 20) throw expected(d, j, path);
      return checked(node, BigInt(j), j, path);
    case 'str':
      // A lone surrogate has no UTF-8 form: written, it would silently become U+FFFD.
      if (typeof j === 'string' && LONE_SURROGATE.test(j)) throw bad(path, `expected ${describe(d)}, got a string with a lone surrogate (U+${j.charCodeAt(j.search(LONE_SURROGATE)).toString(16).toUpperCase()}) at index ${j.search(LONE_SURROGATE)}`);
      return checked(node, j, j, path);
    case 'bool':
    case 'enum':
      return checked(node, j, j, path);
    case 'bin': {
      const bytes = typeof j === 'string' ? hexToBytes(j) : undefined;
      if (!bytes) throw expected(d, j, path);
      if (!node.zod.safeParse(bytes).success) throw bad(path, `expected ${describe(d)}, got ${bytes.length} bytes`);
      return bytes;
    }
    case 'flags': {
      const o = readObject(j, path, describe(d));
      const names = Object.keys(d.bits);
      checkKeys(o, names, [], path, 'the flags');
      const out: Record<string, boolean> = {};
      for (const name of names) {
        const b = o[name];
        if (typeof b !== 'boolean') throw bad(child(path, name), `expected true or false, got ${show(b)}`);
        out[name] = b;
      }
      return out;
    }
    case 'list': {
      if (!Array.isArray(j) || j.length < d.minItems || j.length > d.maxItems) throw expected(d, j, path);
      return j.map((item: unknown, i) => readNode(d.item, item, at(path, i)));
    }
    case 'opt':
      return j === null ? null : readNode(d.item, j, path);
    case 'struct': {
      const o = readObject(j, path, describe(d));
      const names = Object.keys(d.fields);
      checkKeys(o, names, [UNKNOWN_FIELDS_KEY], path, d.name, d.retired.map((r) => r.name));
      const out: JsonRecord = {};
      for (const [name, f] of Object.entries(d.fields)) out[name] = readNode(f.node, o[name], child(path, name));
      const u = o[UNKNOWN_FIELDS_KEY];
      if (u !== undefined) {
        const fields = readUnknownFields(u, child(path, UNKNOWN_FIELDS_KEY), names.length + d.retired.length, d.name);
        if (fields.length > 0) setUnknownFields(out, fields);
      }
      return out;
    }
  }
}

/** `value` once the node's zod schema accepts it (ranges, lengths, refinements). */
function checked(node: Node, value: unknown, j: unknown, path: string): unknown {
  if (!node.zod.safeParse(value).success) throw expected(node.desc, j, path);
  return value;
}

function readUnknownFields(j: unknown, path: string, known: number, structName: string): UnknownField[] {
  const o = readObject(j, path, 'an object of field number -> hex of the raw MessagePack value');
  const fields: UnknownField[] = [];
  for (const [key, v] of Object.entries(o)) {
    const no = /^[1-9][0-9]{0,9}$/.test(key) ? Number(key) : NaN;
    if (!(no > known && no <= 0xffffffff)) {
      throw bad(child(path, key), `expected a field number above ${known} (the fields of ${structName} this version knows), got "${key}"`);
    }
    const raw = typeof v === 'string' ? hexToBytes(v) : undefined;
    if (!raw || raw.length === 0) throw bad(child(path, key), `expected lowercase hex of one MessagePack value, got ${show(v)}`);
    // Unknown fields are read at depth 1 (inside their struct), as the decoder reads them.
    checkOneValue(raw, 1, child(path, key), 'the field');
    fields.push({ no, raw });
  }
  fields.sort((a, b) => a.no - b.no);
  // A reader only ever keeps the fields right after the known ones, and a writer could not put
  // a gap back without inventing nil fields, so the numbers run on without one.
  fields.forEach((f, i) => {
    if (f.no !== known + 1 + i) throw bad(child(path, String(f.no)), `expected unknown field numbers ${known + 1}, ${known + 2}, ... without a gap, got ${f.no} after ${i === 0 ? 'the known fields' : fields[i - 1]!.no}`);
  });
  return fields;
}

/** `$unknown_chunk_fields`: per list section, the unknown fields of the records it was split into. */
function readUnknownChunkFields(from: JsonRecord, to: JsonRecord, path: string, slots: readonly DomainSlot[]): void {
  const j = from[UNKNOWN_CHUNK_FIELDS_KEY];
  if (j === undefined) return;
  const objPath = child(path, UNKNOWN_CHUNK_FIELDS_KEY);
  const o = readObject(j, objPath, 'an object of list section -> [{chunk, fields}]');
  for (const [key, cj] of Object.entries(o)) {
    const keyPath = child(objPath, key);
    const slot = slots.find((s) => s.key === key);
    const list = to[key];
    if (!slot || slot.perRecord === undefined || !Array.isArray(list)) {
      throw bad(keyPath, `expected the key of a list section (${slots.filter((s) => s.perRecord !== undefined).map((s) => s.key).join(', ')})`);
    }
    const records = Math.ceil(list.length / slot.perRecord);
    if (!Array.isArray(cj)) throw bad(keyPath, `expected an array of {chunk, fields}, got ${show(cj)}`);
    const chunks = cj.map((x: unknown, i): UnknownChunkFields => {
      const p = at(keyPath, i);
      const c = readObject(x, p, 'an object {chunk, fields}');
      checkKeys(c, ['chunk', 'fields'], [], p, 'unknown chunk fields');
      const chunk = c['chunk'];
      const prev = i > 0 ? (cj[i - 1] as JsonRecord)['chunk'] : -1;
      if (typeof chunk !== 'number' || !Number.isInteger(chunk) || chunk < 0 || chunk >= records || (typeof prev === 'number' && chunk <= prev)) {
        throw bad(child(p, 'chunk'), `expected the index of one of the ${records} records of ${key}, ascending, got ${show(chunk)}`);
      }
      // The record body is the struct [entries]: anything past field 1 is unknown.
      return { chunk: Object.is(chunk, -0) ? 0 : chunk, fields: readUnknownFields(c['fields'], child(p, 'fields'), 1, `the ${key} record body`) };
    });
    const kept = chunks.filter((c) => c.fields.length > 0);
    if (kept.length > 0) setUnknownChunkFields(list, kept);
  }
}

function readUnknownRecords(from: JsonRecord, to: object, path: string, schema: SchemaVersion): void {
  const j = from[UNKNOWN_RECORDS_KEY];
  if (j === undefined) return;
  const listPath = child(path, UNKNOWN_RECORDS_KEY);
  if (!Array.isArray(j)) throw bad(listPath, `expected an array of {type, after, body}, got ${show(j)}`);
  const records = j.map((rj: unknown, i): UnknownRecord => {
    const p = at(listPath, i);
    const o = readObject(rj, p, 'an object {type, after, body}');
    checkKeys(o, ['type', 'after', 'body'], [], p, 'an unknown record');
    const type = o['type'];
    if (typeof type !== 'number' || !Number.isInteger(type) || type < 0 || type > 0xffffffff || (type & OPTIONAL_BIT) === 0) {
      throw bad(child(p, 'type'), `expected an optional record type (u32 with bit 31 set), got ${show(type)}`);
    }
    const known = schema.records.get(type);
    if (known) throw bad(child(p, 'type'), `expected a record type schema v${schema.version} does not know, got ${known.name}`);
    const after = o['after'];
    if (typeof after !== 'number' || !Number.isInteger(after) || after < 0 || after > 0xffffffff) {
      throw bad(child(p, 'after'), `expected an integer 0-4294967295, got ${show(after)}`);
    }
    const body = typeof o['body'] === 'string' ? hexToBytes(o['body']) : undefined;
    if (!body) throw bad(child(p, 'body'), `expected lowercase hex of the record body, got ${show(o['body'])}`);
    checkOneValue(body, 0, child(p, 'body'), 'a record body');
    return { type, after: Object.is(after, -0) ? 0 : after, body };
  });
  if (records.length > 0) setUnknownRecords(to, records);
}

/**
 * `raw` is exactly one value of the MessagePack subset of FORMAT.md section 5 (shortest forms, no
 * map, float, ext or signed integer), within the reader's default nesting limit: kept bytes are
 * written back as they are, so anything else would make a stream a reader refuses.
 */
function checkOneValue(raw: Uint8Array, depth: number, path: string, what: string): void {
  const r = new MsgReader(raw);
  r.maxDepth = DEFAULT_LIMITS.maxDepth;
  try {
    r.skipValue(depth, false);
  } catch (e) {
    if (!(e instanceof FormatError)) throw e;
    throw bad(path, `${what} is not one MessagePack value of the subset streams use: at byte ${e.location.offset ?? r.pos}: ${e.message}`);
  }
  if (r.pos !== raw.length) throw bad(path, `${what} holds more than one MessagePack value: ${raw.length - r.pos} bytes after the value, from byte ${r.pos}`);
}

function readObject(j: unknown, path: string, what: string): JsonRecord {
  if (typeof j !== 'object' || j === null || Array.isArray(j)) throw bad(path, `expected ${what}, got ${show(j)}`);
  return j as JsonRecord;
}

/** Every expected key present, no other key but the optional `extra` ones. */
function checkKeys(o: JsonRecord, keys: readonly string[], extra: readonly string[], path: string, what: string, retired: readonly string[] = []): void {
  const known = new Set([...keys, ...extra]);
  for (const key of Object.keys(o)) {
    if (known.has(key)) continue;
    const why = retired.includes(key) ? `"${key}" is retired in ${what}` : `unexpected key "${key}" in ${what}`;
    throw bad(child(path, key), `${why}; expected only ${keys.join(', ')}${extra.length > 0 ? ` (and ${extra.join(', ')})` : ''}`);
  }
  for (const key of keys) {
    if (!Object.hasOwn(o, key)) throw bad(child(path, key), `missing key "${key}" in ${what}`);
  }
}

function expected(d: Desc, j: unknown, path: string): StateError {
  return bad(path, `expected ${describe(d)}, got ${show(j)}`);
}

/** What a JSON value of this node looks like, for messages. */
function describe(d: Desc): string {
  switch (d.kind) {
    case 'uint':
      return d.oneOf ? `one of ${d.oneOf.join(', ')} (u${d.bits})` : `an integer ${d.min}-${d.max} (u${d.bits})`;
    case 'u64':
      return `a decimal string of an integer ${d.min}-${d.max} (u64)`;
    case 'bool':
      return 'true or false';
    case 'str':
      return `a string of at most ${d.maxBytes} UTF-8 bytes`;
    case 'bin':
      return `lowercase hex of ${d.minBytes === d.maxBytes ? d.minBytes : `${d.minBytes}-${d.maxBytes}`} bytes`;
    case 'enum':
      return `one of ${Object.keys(d.values).map((n) => JSON.stringify(n)).join(', ')}`;
    case 'flags':
      return `an object of booleans {${Object.keys(d.bits).join(', ')}}`;
    case 'list':
      if (d.maxItems === Infinity) return d.minItems > 0 ? `an array of at least ${d.minItems} items` : 'an array';
      return `an array of ${d.minItems === d.maxItems ? `exactly ${d.minItems}` : `${d.minItems}-${d.maxItems}`} items`;
    case 'opt':
      return `null or ${describe(d.item.desc)}`;
    case 'struct':
      return `a ${d.name} object`;
  }
}

/** A short picture of a JSON value for messages. */
function show(j: unknown): string {
  if (j === undefined) return 'nothing';
  if (Array.isArray(j)) return `an array of ${j.length} items`;
  if (typeof j === 'object' && j !== null) return 'an object';
  if (typeof j === 'string') return JSON.stringify(j.length > 40 ? `${j.slice(0, 37)}...` : j);
  return String(j);
}

function bad(path: string, message: string): StateError {
  return new StateError('bad-json', message, path ? { path } : {});
}
