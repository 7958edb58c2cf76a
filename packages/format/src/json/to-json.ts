/**
 * State -> JSON form, by walking the schema descriptors: u64 as exact decimal strings, blobs as
 * lowercase hex, enums as names, flags as objects of booleans, null for an absent optional value.
 * What a reader preserved without understanding it rides along as `$unknown` (struct fields)
 * and `$unknown_records` (optional records), so a JSON round trip loses nothing.
 */
import { StateError } from '../errors.js';
import type { Node } from '../schema/dsl.js';
import { type StateByVersion, type Version, schemaOf } from '../schema/index.js';
import { type UnknownField, unknownChunkFieldsOf, unknownFieldsOf, unknownRecordsOf } from '../unknown.js';
import { bytesToHex } from './hex.js';
import { type JsonObject, type JsonValue, UNKNOWN_CHUNK_FIELDS_KEY, UNKNOWN_FIELDS_KEY, UNKNOWN_RECORDS_KEY } from './json-value.js';
import { domainSlots } from './state-shape.js';
import { at, child } from './path.js';

/** The JSON form of a state of schema `version`. Throws StateError when the state does not have its version's shape. */
export function toJson<V extends Version>(state: StateByVersion[V], version: V): JsonObject {
  const schema = schemaOf(version);
  const slots = domainSlots(schema);
  const root = expectObject(state, '');
  const domains = root['domains'];
  if (!Array.isArray(domains)) throw bad('domains', 'expected an array of domains');
  const out: JsonObject = {
    host: nodeToJson(schema.host.body, root['host'], 'host'),
    domains: domains.map((d: unknown, i) => {
      const path = at('domains', i);
      const dom = expectObject(d, path);
      const o: JsonObject = {};
      const chunks: JsonObject = {};
      for (const { key, node, perRecord } of slots) {
        const value = dom[key];
        o[key] = nodeToJson(node, value, child(path, key));
        const c = perRecord !== undefined && Array.isArray(value) ? unknownChunkFieldsOf(value) : undefined;
        if (c && c.length > 0) chunks[key] = [...c].sort((a, b) => a.chunk - b.chunk).map((x) => ({ chunk: x.chunk, fields: fieldsToJson(x.fields) }));
      }
      if (Object.keys(chunks).length > 0) o[UNKNOWN_CHUNK_FIELDS_KEY] = chunks;
      addUnknownRecords(o, dom);
      return o;
    }),
  };
  addUnknownRecords(out, root);
  return out;
}

function nodeToJson(node: Node, v: unknown, path: string): JsonValue {
  const d = node.desc;
  switch (d.kind) {
    case 'uint':
      if (typeof v !== 'number') throw bad(path, `expected a number (u${d.bits})`);
      return v;
    case 'u64':
      if (typeof v !== 'bigint') throw bad(path, 'expected a bigint (u64)');
      return v.toString();
    case 'bool':
      if (typeof v !== 'boolean') throw bad(path, 'expected a boolean');
      return v;
    case 'str':
      if (typeof v !== 'string') throw bad(path, 'expected a string');
      return v;
    case 'bin':
      if (!(v instanceof Uint8Array)) throw bad(path, 'expected a Uint8Array');
      return bytesToHex(v);
    case 'enum':
      if (typeof v !== 'string' || !Object.hasOwn(d.values, v)) throw bad(path, `expected one of ${Object.keys(d.values).join(', ')}`);
      return v;
    case 'flags': {
      const o = expectObject(v, path);
      const out: JsonObject = {};
      for (const name of Object.keys(d.bits)) {
        const b = o[name];
        if (typeof b !== 'boolean') throw bad(child(path, name), 'expected a boolean');
        out[name] = b;
      }
      return out;
    }
    case 'list':
      if (!Array.isArray(v)) throw bad(path, 'expected an array');
      return v.map((item: unknown, i) => nodeToJson(d.item, item, at(path, i)));
    case 'opt':
      return v === null ? null : nodeToJson(d.item, v, path);
    case 'struct': {
      const o = expectObject(v, path);
      const out: JsonObject = {};
      for (const [name, f] of Object.entries(d.fields)) out[name] = nodeToJson(f.node, o[name], child(path, name));
      const unknown = unknownFieldsOf(o);
      if (unknown && unknown.length > 0) out[UNKNOWN_FIELDS_KEY] = fieldsToJson(unknown);
      return out;
    }
  }
}

/** Unknown fields as `{ "<field number>": "<hex of the raw MessagePack>" }`, ascending. */
function fieldsToJson(fields: readonly UnknownField[]): JsonObject {
  const u: JsonObject = {};
  for (const f of [...fields].sort((a, b) => a.no - b.no)) u[String(f.no)] = bytesToHex(f.raw);
  return u;
}

function addUnknownRecords(out: JsonObject, from: object): void {
  const records = unknownRecordsOf(from);
  if (!records || records.length === 0) return;
  out[UNKNOWN_RECORDS_KEY] = records.map((r) => ({ type: r.type, after: r.after, body: bytesToHex(r.body) }));
}

function expectObject(v: unknown, path: string): Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw bad(path, 'expected an object');
  return v as Record<string, unknown>;
}

function bad(path: string, message: string): StateError {
  return new StateError('bad-state', message, path ? { path } : {});
}
