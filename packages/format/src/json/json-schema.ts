/**
 * JSON Schema (draft 2020-12) of the JSON form of one schema version, derived from the
 * descriptors. Structs become `$defs` entries referenced by name. What JSON Schema cannot say
 * exactly (u64 ranges on decimal strings, string lengths in UTF-8 bytes) is in descriptions;
 * `fromJson` checks it.
 */
import type { Desc, Node, StructDesc } from '../schema/dsl.js';
import { type Version, schemaOf } from '../schema/index.js';
import { HEX_PATTERN } from './hex.js';
import { type JsonObject, UNKNOWN_CHUNK_FIELDS_KEY, UNKNOWN_FIELDS_KEY, UNKNOWN_RECORDS_KEY } from './json-value.js';
import { domainSlots } from './state-shape.js';

export const JSON_SCHEMA_DIALECT = 'https://json-schema.org/draft/2020-12/schema';
/** u64 as a decimal string: no sign, no leading zero, at most 20 digits. */
export const U64_PATTERN = '^(?:0|[1-9][0-9]{0,19})$';

const UNKNOWN_FIELDS_DEF = '$unknown';
const UNKNOWN_RECORDS_DEF = '$unknown_records';

/** The JSON Schema of `toJson(state, version)`. */
export function jsonSchema(version: Version): JsonObject {
  const schema = schemaOf(version);
  const defs = new Defs();
  const host = defs.node(schema.host.body);
  const domainProps: JsonObject = {};
  const chunkProps: JsonObject = {};
  for (const { key, node, perRecord } of domainSlots(schema)) {
    domainProps[key] = defs.node(node);
    if (perRecord !== undefined) chunkProps[key] = CHUNK_FIELDS;
  }
  domainProps[UNKNOWN_CHUNK_FIELDS_KEY] = {
    type: 'object',
    description: 'per list section: unknown fields of the records it was split into, by record index',
    properties: chunkProps,
    additionalProperties: false,
  };
  domainProps[UNKNOWN_RECORDS_KEY] = ref(UNKNOWN_RECORDS_DEF);
  const domain: JsonObject = {
    type: 'object',
    description: `one domain: its records, in stream order`,
    properties: domainProps,
    required: Object.keys(schema.sections),
    additionalProperties: false,
  };
  return {
    $schema: JSON_SCHEMA_DIALECT,
    title: `xenlu live-update state, schema version ${version} (JSON form)`,
    type: 'object',
    properties: {
      // The keys `xenlu decode` puts first (optional: `toJson` alone does not write them).
      schema_version: { const: version, description: 'the schema version the state follows (xenlu decode)' },
      stream_schema_version: { type: 'integer', minimum: 1, description: 'the version of the stream itself, when it was read as another (xenlu decode --as)' },
      host,
      domains: { type: 'array', items: domain },
      [UNKNOWN_RECORDS_KEY]: ref(UNKNOWN_RECORDS_DEF),
    },
    required: ['host', 'domains'],
    additionalProperties: false,
    $defs: defs.all(),
  };
}

const CHUNK_FIELDS: JsonObject = {
  type: 'array',
  items: {
    type: 'object',
    properties: { chunk: { type: 'integer', minimum: 0 }, fields: { $ref: `#/$defs/${UNKNOWN_FIELDS_DEF}` } },
    required: ['chunk', 'fields'],
    additionalProperties: false,
  },
};

function ref(name: string): JsonObject {
  return { $ref: `#/$defs/${name}` };
}

/** Collects one `$defs` entry per struct, plus the two carriers of unknown content. */
class Defs {
  private readonly byDesc = new Map<StructDesc, string>();
  private readonly defs: JsonObject = {
    [UNKNOWN_FIELDS_DEF]: {
      type: 'object',
      description: 'fields a reader did not know: field number -> hex of the raw MessagePack value',
      patternProperties: { '^[1-9][0-9]{0,9}$': { type: 'string', pattern: HEX_PATTERN, minLength: 2 } },
      additionalProperties: false,
    },
    [UNKNOWN_RECORDS_DEF]: {
      type: 'array',
      description: 'optional records a reader did not know, with how many known records of the same section came before each',
      items: {
        type: 'object',
        properties: {
          type: { type: 'integer', minimum: 0x8000_0000, maximum: 0xffff_ffff },
          after: { type: 'integer', minimum: 0, maximum: 0xffff_ffff },
          body: { type: 'string', pattern: HEX_PATTERN },
        },
        required: ['type', 'after', 'body'],
        additionalProperties: false,
      },
    },
  };

  all(): JsonObject {
    return this.defs;
  }

  node(node: Node): JsonObject {
    return this.desc(node.desc);
  }

  private desc(d: Desc): JsonObject {
    switch (d.kind) {
      case 'uint':
        return d.oneOf ? { type: 'integer', enum: [...d.oneOf] } : { type: 'integer', minimum: d.min, maximum: d.max };
      case 'u64':
        return { type: 'string', pattern: U64_PATTERN, description: `u64 ${d.min}-${d.max}, as a decimal string` };
      case 'bool':
        return { type: 'boolean' };
      case 'str':
        // JSON Schema counts characters; a character is at least one UTF-8 byte.
        return { type: 'string', maxLength: d.maxBytes, description: `at most ${d.maxBytes} UTF-8 bytes` };
      case 'bin':
        return { type: 'string', pattern: HEX_PATTERN, minLength: 2 * d.minBytes, maxLength: 2 * d.maxBytes };
      case 'enum':
        return { type: 'string', enum: Object.keys(d.values) };
      case 'flags':
        return {
          type: 'object',
          properties: Object.fromEntries(Object.keys(d.bits).map((name) => [name, { type: 'boolean' }])),
          required: Object.keys(d.bits),
          additionalProperties: false,
        };
      case 'list': {
        const s: JsonObject = { type: 'array', items: this.node(d.item) };
        if (d.minItems > 0) s['minItems'] = d.minItems;
        if (d.maxItems !== Infinity) s['maxItems'] = d.maxItems;
        return s;
      }
      case 'opt':
        return { anyOf: [{ type: 'null' }, this.node(d.item)] };
      case 'struct':
        return ref(this.struct(d));
    }
  }

  /** The `$defs` name of a struct, defining it on first use. */
  private struct(d: StructDesc): string {
    const known = this.byDesc.get(d);
    if (known) return known;
    let name = d.name;
    // Two different structs of one name would be a schema slip; keep both rather than merge them.
    for (let i = 2; Object.hasOwn(this.defs, name); i++) name = `${d.name}_${i}`;
    this.byDesc.set(d, name);
    this.defs[name] = {}; // reserve the name before recursing
    const properties: JsonObject = {};
    for (const [field, f] of Object.entries(d.fields)) {
      const s = this.node(f.node);
      const note = s['description'];
      properties[field] = { ...s, description: typeof note === 'string' ? `${f.doc} (${note})` : f.doc };
    }
    properties[UNKNOWN_FIELDS_KEY] = ref(UNKNOWN_FIELDS_DEF);
    this.defs[name] = {
      type: 'object',
      properties,
      required: Object.keys(d.fields),
      additionalProperties: false,
    };
    return name;
  }
}
