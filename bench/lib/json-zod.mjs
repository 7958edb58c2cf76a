/**
 * The "JSON plus a schema library" peer: a zod schema of the JSON form of a schema version (what
 * `toJson` writes: u64 as decimal strings, blobs as hex, enums as names), derived from the same
 * descriptors as xenlu's codec, with the same ranges, lengths and enums. It validates and keeps
 * the JSON values as they are (no conversion to bigint or bytes), which favours the peer.
 */
import { z } from 'zod';
import { schemaOf } from '@xenlu/format';

const U64 = /^(?:0|[1-9][0-9]{0,19})$/;
const HEX = /^(?:[0-9a-f]{2})*$/;

const cache = new WeakMap();

/** zod schema of one node's JSON form. */
export function jsonNodeZod(node) {
  const d = node.desc;
  switch (d.kind) {
    case 'uint': {
      let s = z.number().int().min(d.min).max(d.max);
      if (d.oneOf) {
        const allowed = d.oneOf;
        s = s.refine((v) => allowed.includes(v));
      }
      return s;
    }
    case 'u64':
      return z.string().regex(U64);
    case 'bool':
      return z.boolean();
    case 'str':
      return z.string().max(d.maxBytes);
    case 'bin':
      return z.string().regex(HEX).min(2 * d.minBytes).max(2 * d.maxBytes);
    case 'enum':
      return z.enum(Object.keys(d.values));
    case 'flags':
      return z.strictObject(Object.fromEntries(Object.keys(d.bits).map((k) => [k, z.boolean()])));
    case 'list':
      return z.array(jsonNodeZod(d.item)).min(d.minItems).max(d.maxItems);
    case 'opt':
      return jsonNodeZod(d.item).nullable();
    case 'struct': {
      const hit = cache.get(d);
      if (hit) return hit;
      const s = z.strictObject(Object.fromEntries(Object.entries(d.fields).map(([k, f]) => [k, jsonNodeZod(f.node)])));
      cache.set(d, s);
      return s;
    }
  }
  throw new Error(`unknown descriptor kind ${d.kind}`);
}

/** The section's value in a domain object, as a node (the whole list, not one record's share). */
function sectionZod(section) {
  const body = section.record.body;
  switch (section.kind) {
    case 'single':
      return jsonNodeZod(body);
    case 'optional':
      return jsonNodeZod(body).nullable();
    case 'each':
      return z.array(jsonNodeZod(body));
    case 'list':
      return z.array(jsonNodeZod(body.fields.entries.node.desc.item));
  }
  throw new Error(`unknown section kind ${section.kind}`);
}

/** zod schema of `toJson(state, version)`. */
export function jsonStateZod(version) {
  const schema = schemaOf(version);
  const domain = z.strictObject(Object.fromEntries(Object.entries(schema.sections).map(([k, s]) => [k, sectionZod(s)])));
  return z.strictObject({ host: jsonNodeZod(schema.host.body), domains: z.array(domain) });
}
