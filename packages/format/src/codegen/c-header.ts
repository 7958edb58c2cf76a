/**
 * The C header of a schema version (`xenlu codegen c --version N`): every number a C writer or
 * reader needs, taken from the schema descriptors so that C and TypeScript cannot drift apart.
 * Stream ident and sizes, record types with the optional bit, per struct the field numbers and
 * counts, widths, ranges, enum codes, flag bits, list and blob limits, defaults and the section
 * order. Constants only: no code, no types, usable from freestanding C. The output is
 * deterministic (schema declaration order), so a checked-in copy can be compared byte for byte.
 */
import type { Desc, Field, Node, StructDesc } from '../schema/dsl.js';
import { U64_MAX, wireLayout } from '../schema/dsl.js';
import { LATEST_VERSION, SCHEMAS, VERSIONS, type Version } from '../schema/index.js';
import { OPTIONAL_BIT, type RecordDef, type SchemaVersion, type Section } from '../schema/records.js';
import * as xen from '../schema/xen.js';
import { CRC32_POLY } from '../wire/crc32.js';
import { RECORD_HEADER_SIZE } from '../wire/frame.js';
import { FRAMING_VERSION, STREAM_HEADER_SIZE, STREAM_IDENT } from '../wire/header.js';
import { ITEM_SUFFIX, NameRegistry, cHex32, cUint, commentText, fieldMacro, fieldNumberMacro, upperSnake, versionPrefix } from './c-names.js';

/** FORMAT.md section 3: a reader's default limit on one record body. */
export const DEFAULT_MAX_BODY_LENGTH = 64 * 1024 * 1024;

const SECTION_KIND: Readonly<Record<Section['kind'], string>> = {
  single: 'XENLU_SECTION_SINGLE',
  optional: 'XENLU_SECTION_OPTIONAL',
  each: 'XENLU_SECTION_EACH',
  list: 'XENLU_SECTION_LIST',
};

const UINT_FULL = { 8: 0xff, 16: 0xffff, 32: 0xffffffff } as const;

export function cHeaderFileName(version: number): string {
  return `xenlu_v${version}.h`;
}

export function cHeader(version: Version): string {
  return cHeaderOf(SCHEMAS[version]);
}

/** The header of any schema version object (a registered one, or one a test builds). */
export function cHeaderOf(schema: SchemaVersion): string {
  return new HeaderWriter(schema).build();
}

class HeaderWriter {
  private readonly out: string[] = [];
  private readonly names = new NameRegistry();
  private readonly p: string;
  private readonly version: number;

  constructor(private readonly schema: SchemaVersion) {
    this.version = schema.version;
    this.p = versionPrefix(this.version);
  }

  build(): string {
    const schema = this.schema;
    const guard = `XENLU_V${this.version}_H`;
    this.line(`/*`);
    this.line(` * ${cHeaderFileName(this.version)}: constants of the xenlu live-update stream, schema version ${this.version}.`);
    this.line(` *`);
    this.line(` * GENERATED from packages/format/src/schema by \`xenlu codegen c --version ${this.version}\``);
    this.line(` * (or scripts/gen-c-headers.mjs). Do not edit: regenerate. The wire format is specified`);
    this.line(` * in docs/FORMAT.md; docs/C-INTEGRATION.md explains how to use this file.`);
    this.line(` *`);
    this.line(` * Macros: XENLU_V${this.version}_REC_<RECORD> record types; XENLU_V${this.version}_F_<STRUCT>_<FIELD> field numbers`);
    this.line(` * (struct bodies are MessagePack arrays, element i = field i + 1); XENLU_V${this.version}_<STRUCT>_<FIELD>_*`);
    this.line(` * widths, limits, enum codes and flag bits of that field. Headers of several versions can be`);
    this.line(` * included together: the version-independent block is shared.`);
    this.line(` */`);
    this.line(`#ifndef ${guard}`);
    this.line(`#define ${guard}`);
    this.line('');
    this.common();
    this.line(`#define ${this.p}SCHEMA_VERSION ${cUint(this.version)}`);
    this.line('');
    const structs = this.records(schema.host, schema.end, Object.values(schema.sections));
    this.sections(schema.sections);
    this.structs(structs);
    this.line(`#endif /* ${guard} */`);
    return this.out.join('\n') + '\n';
  }

  private line(s: string): void {
    this.out.push(s);
  }

  private define(name: string, value: string, owner: string, comment?: string): void {
    this.names.claim(name, owner);
    this.line(`#define ${name} ${value}${comment ? ` /* ${commentText(comment)} */` : ''}`);
  }

  /** A multi-line X-macro: one row per line, no continuation after the last. */
  private xmacro(head: string, rows: readonly string[]): void {
    this.names.claim(head, head);
    this.line(`#define ${head} \\`);
    rows.forEach((row, i) => this.line(`\t${row}${i < rows.length - 1 ? ' \\' : ''}`));
    this.line('');
  }

  /** Framing and Xen ABI constants: identical in every version's header. */
  private common(): void {
    const ident = new TextDecoder().decode(STREAM_IDENT);
    const identU64 = STREAM_IDENT.reduce((acc, b) => (acc << 8n) | BigInt(b), 0n);
    this.line('#ifndef XENLU_COMMON_CONSTANTS');
    this.line('#define XENLU_COMMON_CONSTANTS');
    this.line('');
    this.line('/* Framing (docs/FORMAT.md sections 2-4): big-endian headers, CRC-32 chain, 8-byte records. */');
    this.define('XENLU_IDENT', JSON.stringify(ident), 'ident', 'stream header bytes 0-7, no NUL');
    this.define('XENLU_IDENT_U64', cUint(identU64), 'ident u64', 'the ident read as a big-endian u64');
    this.define('XENLU_IDENT_SIZE', cUint(STREAM_IDENT.length), 'ident size');
    this.define('XENLU_FRAMING_VERSION', cUint(FRAMING_VERSION), 'framing version');
    this.define('XENLU_STREAM_HEADER_SIZE', cUint(STREAM_HEADER_SIZE), 'stream header size');
    this.define('XENLU_SH_FRAMING_VERSION', '8u', 'sh', 'stream header offsets: u32');
    this.define('XENLU_SH_SCHEMA_VERSION', '12u', 'sh', 'u32');
    this.define('XENLU_SH_FLAGS', '16u', 'sh', 'u32, must be 0');
    this.define('XENLU_SH_XEN_MAJOR', '20u', 'sh', 'u16');
    this.define('XENLU_SH_XEN_MINOR', '22u', 'sh', 'u16');
    this.define('XENLU_SH_RESERVED', '24u', 'sh', 'u32, must be 0');
    this.define('XENLU_SH_CRC', '28u', 'sh', 'u32: CRC-32 of bytes 0-27');
    this.define('XENLU_RECORD_HEADER_SIZE', cUint(RECORD_HEADER_SIZE), 'record header size');
    this.define('XENLU_RH_TYPE', '0u', 'rh', 'record header offsets: u32');
    this.define('XENLU_RH_BODY_LENGTH', '4u', 'rh', 'u32, without padding');
    this.define('XENLU_RH_CRC', '8u', 'rh', 'u32: running CRC-32 to the end of this record');
    this.define('XENLU_RH_RESERVED', '12u', 'rh', 'u32, must be 0');
    this.define('XENLU_RECORD_ALIGN', '8u', 'align', 'bodies are zero-padded to a multiple of this');
    this.define('XENLU_REC_OPTIONAL', cHex32(OPTIONAL_BIT), 'optional bit', 'type bit 31: a reader that does not know the record skips it');
    this.define('XENLU_DEFAULT_MAX_BODY_LENGTH', cUint(DEFAULT_MAX_BODY_LENGTH), 'limit', "a reader's default limit on body_length");
    this.define('XENLU_CRC32_POLY', cHex32(CRC32_POLY), 'crc', 'reflected CRC-32 polynomial; init and final XOR 0xFFFFFFFF');
    this.define('XENLU_F_LIST_ENTRIES', '1u', 'list entries', 'a list record body is [entries]: field 1 is the list');
    this.line('');
    this.line('/* How a per-domain section maps to records (docs/FORMAT.md section 6). */');
    this.define('XENLU_SECTION_SINGLE', '1u', 'kind', 'exactly one record');
    this.define('XENLU_SECTION_OPTIONAL', '2u', 'kind', 'zero or one record');
    this.define('XENLU_SECTION_EACH', '3u', 'kind', 'one record per element, ascending id');
    this.define('XENLU_SECTION_LIST', '4u', 'kind', 'zero or more records of 1..MAX_ENTRIES entries, filled in order');
    this.line('');
    this.line('/* Xen ABI facts the schema refers to (Xen public headers). */');
    this.define('XENLU_XEN_DOMID_FIRST_RESERVED', cUint(xen.DOMID_FIRST_RESERVED), 'xen');
    this.define('XENLU_XEN_NR_VIRQS', cUint(xen.NR_VIRQS), 'xen');
    this.define('XENLU_XEN_HVM_NR_PARAMS', cUint(xen.HVM_NR_PARAMS), 'xen');
    for (const [name, index] of Object.entries(xen.HVM_PARAM)) this.define(`XENLU_XEN_HVM_PARAM_${name}`, cUint(index), 'xen');
    this.define('XENLU_XEN_EVTCHN_2L_NR_CHANNELS_64', cUint(xen.EVTCHN_2L_NR_CHANNELS_64), 'xen');
    this.define('XENLU_XEN_EVTCHN_2L_NR_CHANNELS_32', cUint(xen.EVTCHN_2L_NR_CHANNELS_32), 'xen');
    this.define('XENLU_XEN_EVTCHN_FIFO_NR_CHANNELS', cUint(xen.EVTCHN_FIFO_NR_CHANNELS), 'xen');
    this.define('XENLU_XEN_EVTCHN_FIFO_MAX_EVENT_ARRAY_PAGES', cUint(xen.EVTCHN_FIFO_MAX_EVENT_ARRAY_PAGES), 'xen');
    this.define('XENLU_XEN_EVTCHN_FIFO_MAX_QUEUES', cUint(xen.EVTCHN_FIFO_MAX_QUEUES), 'xen');
    this.define('XENLU_XEN_EVTCHN_FIFO_PRIORITY_DEFAULT', cUint(xen.EVTCHN_FIFO_PRIORITY_DEFAULT), 'xen');
    this.define('XENLU_XEN_GNTTAB_NR_RESERVED_ENTRIES', cUint(xen.GNTTAB_NR_RESERVED_ENTRIES), 'xen');
    for (const [v, n] of Object.entries(xen.GRANT_ENTRIES_PER_FRAME)) this.define(`XENLU_XEN_GRANT_V${v}_ENTRIES_PER_FRAME`, cUint(n), 'xen');
    this.define('XENLU_XEN_GRANT_FRAMES_PER_STATUS_FRAME', cUint(xen.GRANT_FRAMES_PER_STATUS_FRAME), 'xen');
    this.define('XENLU_XEN_MAPTRACK_PER_FRAME', cUint(xen.MAPTRACK_PER_FRAME), 'xen');
    this.define('XENLU_XEN_PAGE_SHIFT', cUint(xen.PAGE_SHIFT), 'xen');
    this.define('XENLU_XEN_PAGE_ORDER_4K', cUint(xen.PAGE_ORDER_4K), 'xen');
    this.define('XENLU_XEN_PAGE_ORDER_2M', cUint(xen.PAGE_ORDER_2M), 'xen');
    this.define('XENLU_XEN_PAGE_ORDER_1G', cUint(xen.PAGE_ORDER_1G), 'xen');
    for (const [code, size] of Object.entries(xen.HVM_SAVE_FIXED_SIZE)) {
      this.define(`XENLU_XEN_HVM_SAVE_SIZE_${code}`, cUint(size), 'xen', `fixed payload size of HVM save type code ${code}`);
    }
    this.line('');
    this.line('#endif /* XENLU_COMMON_CONSTANTS */');
    this.line('');
  }

  /** Record type numbers and the X-macro listing them; returns the structs to describe. */
  private records(host: RecordDef, end: RecordDef, sections: readonly Section[]): StructDesc[] {
    const p = this.p;
    const all: { record: RecordDef; listItem?: Node }[] = [
      { record: end },
      { record: host },
      ...sections.map((s) => (s.kind === 'list' ? { record: s.record, listItem: listItemOf(s.record) } : { record: s.record })),
    ];
    all.sort((a, b) => a.record.type - b.record.type);
    this.line(`/* Record types. A list record's body is [entries] (XENLU_F_LIST_ENTRIES), 1..MAX_ENTRIES items. */`);
    const roots: StructDesc[] = [];
    for (const { record, listItem } of all) {
      const value = record.type & OPTIONAL_BIT ? `(XENLU_REC_OPTIONAL | ${cUint(record.type & ~OPTIONAL_BIT)})` : cHex32(record.type);
      const body = listItem ? `list of ${itemName(listItem)}` : `struct ${record.body.desc.name}`;
      this.define(`${p}REC_${record.name}`, value, `record ${record.name}`, `${body}: ${record.doc}`);
      if (listItem) {
        const entries = record.body.desc.fields['entries'];
        if (!entries || entries.node.desc.kind !== 'list') throw new Error(`${record.name}: a list record body must be [entries]`);
        this.define(`${p}REC_${record.name}_MAX_ENTRIES`, cUint(entries.node.desc.maxItems), `record ${record.name} max`);
        if (listItem.desc.kind === 'struct') roots.push(listItem.desc);
      } else {
        roots.push(record.body.desc);
      }
    }
    this.define(`${p}NR_RECORD_TYPES`, cUint(all.length), 'record count');
    this.line(`/* X(NAME, TYPE) for every record type of this version, ascending type. */`);
    this.xmacro(`${p}RECORDS(X)`, all.map(({ record }) => `X(${record.name}, ${p}REC_${record.name})`));
    return roots;
  }

  private sections(sections: Readonly<Record<string, Section>>): void {
    const p = this.p;
    const entries = Object.entries(sections);
    this.line(`/* Per-domain sections in stream order: after its DOMAIN record a domain's records follow this order. */`);
    entries.forEach(([key, s], i) => {
      this.define(`${p}SEC_${upperSnake(key)}`, cUint(i), `section ${key}`, `${s.kind}: record ${s.record.name}`);
    });
    this.define(`${p}NR_SECTIONS`, cUint(entries.length), 'section count');
    this.line(`/* X(SECTION, RECORD, TYPE, KIND, MAX_ENTRIES, ORDER_KEY) in stream order; TYPE is the record's type macro;`);
    this.line(` * MAX_ENTRIES is 0 unless KIND is LIST.`);
    this.line(` * ORDER_KEY is the field number of the key that strictly ascends over the section (in the record body`);
    this.line(` * for EACH, in each entry for LIST; docs/FORMAT.md section 6), 0 when the section has no order. */`);
    this.xmacro(`${p}SECTIONS(X)`, entries.map(([key, s]) => {
      const max = s.kind === 'list' ? `${p}REC_${s.record.name}_MAX_ENTRIES` : '0u';
      return `X(${upperSnake(key)}, ${s.record.name}, ${p}REC_${s.record.name}, ${SECTION_KIND[s.kind]}, ${max}, ${cUint(orderKeyNo(s))})`;
    }));
  }

  /** Every struct reachable from the roots, breadth first, each once. */
  private structs(roots: readonly StructDesc[]): void {
    const byName = new Map<string, StructDesc>();
    const queue = [...roots];
    for (let i = 0; i < queue.length; i++) {
      const s = queue[i]!;
      const prev = byName.get(s.name);
      if (prev === s) continue;
      if (prev) throw new Error(`schema v${this.version}: two different structs are named ${s.name}`);
      byName.set(s.name, s);
      this.struct(s, (nested) => queue.push(nested));
    }
  }

  private struct(s: StructDesc, nested: (s: StructDesc) => void): void {
    const sp = `${this.p}${upperSnake(s.name)}`;
    const slots = wireLayout(s);
    this.line(`/* struct ${s.name}: an array of ${slots.length} field${slots.length === 1 ? '' : 's'}. */`);
    this.define(`${sp}_NR_FIELDS`, cUint(slots.length), `${s.name} field count`);
    for (const slot of slots) {
      if (slot.kind === 'retired') {
        const r = slot.retired;
        this.define(fieldNumberMacro(this.version, s.name, r.name), cUint(r.no), `${s.name}.${r.name}`, `retired, written nil: ${r.doc}`);
        continue;
      }
      const { name, field } = slot;
      const fp = fieldMacro(this.version, s.name, name);
      this.define(fieldNumberMacro(this.version, s.name, name), cUint(field.no), `${s.name}.${name}`, `${typeText(field.node)}: ${field.doc}`);
      this.attributes(fp, field.node, `${s.name}.${name}`, nested);
      this.fieldDefault(fp, field, `${s.name}.${name}`);
    }
    this.line('');
  }

  /** Widths, limits, codes and bits of a field's value, under the field's macro prefix. */
  private attributes(fp: string, node: Node, owner: string, nested: (s: StructDesc) => void): void {
    const d: Desc = node.desc;
    switch (d.kind) {
      case 'uint':
        this.define(`${fp}_BITS`, cUint(d.bits), owner);
        if (d.min > 0) this.define(`${fp}_MIN`, cUint(d.min), owner);
        if (d.max < UINT_FULL[d.bits]) this.define(`${fp}_MAX`, cUint(d.max), owner);
        if (d.oneOf) this.define(`${fp}_VALID(v)`, `(${d.oneOf.map((x) => `(v) == ${cUint(x)}`).join(' || ')})`, owner);
        return;
      case 'u64':
        this.define(`${fp}_BITS`, '64u', owner);
        if (d.min > 0n) this.define(`${fp}_MIN`, cUint(d.min), owner);
        if (d.max < U64_MAX) this.define(`${fp}_MAX`, cUint(d.max), owner);
        return;
      case 'enum':
        this.define(`${fp}_BITS`, cUint(d.bits), owner);
        for (const [name, code] of Object.entries(d.values)) this.define(`${fp}_${upperSnake(name)}`, cUint(code), owner);
        return;
      case 'flags': {
        let mask = 0;
        for (const [name, bit] of Object.entries(d.bits)) {
          this.define(`${fp}_${upperSnake(name)}`, `(1u << ${bit})`, owner);
          mask = (mask | (1 << bit)) >>> 0;
        }
        this.define(`${fp}_MASK`, cHex32(mask), owner, 'every defined bit');
        return;
      }
      case 'bool':
        return;
      case 'str':
        this.define(`${fp}_MAX_BYTES`, cUint(d.maxBytes), owner);
        return;
      case 'bin':
        if (d.minBytes === d.maxBytes) {
          this.define(`${fp}_SIZE`, cUint(d.maxBytes), owner);
        } else {
          if (d.minBytes > 0) this.define(`${fp}_MIN_BYTES`, cUint(d.minBytes), owner);
          this.define(`${fp}_MAX_BYTES`, cUint(d.maxBytes), owner);
        }
        return;
      case 'list':
        if (d.minItems > 0) this.define(`${fp}_MIN_ITEMS`, cUint(d.minItems), owner);
        this.define(`${fp}_MAX_ITEMS`, cUint(d.maxItems), owner);
        this.attributes(`${fp}${ITEM_SUFFIX}`, d.item, `${owner}[]`, nested);
        return;
      case 'opt':
        // nil or the value: the value's attributes are the field's.
        this.attributes(fp, d.item, owner, nested);
        return;
      case 'struct':
        nested(d);
        return;
    }
  }

  private fieldDefault(fp: string, field: Field, owner: string): void {
    const v = field.default;
    const d = field.node.desc;
    if (v === undefined) return;
    if (typeof v === 'number' || typeof v === 'bigint') this.define(`${fp}_DEFAULT`, cUint(v), owner, 'read when absent or nil');
    else if (typeof v === 'boolean') this.define(`${fp}_DEFAULT`, cUint(v ? 1 : 0), owner, 'read when absent or nil');
    else if (typeof v === 'string' && d.kind === 'enum' && d.values[v] !== undefined) this.define(`${fp}_DEFAULT`, cUint(d.values[v]), owner, `read when absent or nil (${v})`);
    else if (d.kind === 'flags' && typeof v === 'object' && v !== null) {
      const mask = Object.entries(v).reduce((m, [k, on]) => (on === true ? m | (1 << d.bits[k]!) : m), 0);
      this.define(`${fp}_DEFAULT`, cUint(mask), owner, 'read when absent or nil');
    }
    // Compound defaults (v4 on) are all-zero values: nil, a list of zero items, a zero struct.
    else if (v === null) this.define(`${fp}_DEFAULT_NIL`, cUint(1), owner, 'read as nil when absent');
    else if (Array.isArray(v) && v.every(isZeroValue)) this.define(`${fp}_DEFAULT_ITEMS`, cUint(v.length), owner, 'read when absent: this many items, each zero');
    else if (isZeroValue(v)) this.define(`${fp}_DEFAULT_ZERO`, cUint(1), owner, 'read as all zero (false) when absent');
    else throw new Error(`${owner}: a default of type ${typeof v} has no C constant`);
  }
}

function listItemOf(r: RecordDef): Node {
  const entries = r.body.desc.fields['entries'];
  if (!entries || entries.no !== 1 || entries.node.desc.kind !== 'list') throw new Error(`${r.name}: a list record body must be [entries]`);
  return entries.node.desc.item;
}

function itemName(n: Node): string {
  return n.desc.kind === 'struct' ? `struct ${n.desc.name}` : typeText(n);
}

/** A short type for comments: `u16 [0, 32751]`, `list<Msr> <= 1024`, `nil | VcpuInfoLocation`. */
function typeText(node: Node): string {
  const d = node.desc;
  switch (d.kind) {
    case 'uint': {
      const base = `u${d.bits}`;
      if (d.oneOf) return `${base} {${d.oneOf.join(', ')}}`;
      return d.min > 0 || d.max < UINT_FULL[d.bits] ? `${base} [${d.min}, ${d.max}]` : base;
    }
    case 'u64':
      return d.min > 0n || d.max < U64_MAX ? `u64 [${d.min}, 0x${d.max.toString(16)}]` : 'u64';
    case 'bool':
      return 'bool';
    case 'str':
      return `str <= ${d.maxBytes} bytes`;
    case 'bin':
      return d.minBytes === d.maxBytes ? `bin ${d.maxBytes} bytes` : `bin ${d.minBytes}..${d.maxBytes} bytes`;
    case 'enum':
      return `enum u${d.bits}`;
    case 'flags':
      return 'flags u32';
    case 'list':
      return `list<${d.item.desc.kind === 'struct' ? d.item.desc.name : typeText(d.item)}> ${d.minItems}..${d.maxItems}`;
    case 'opt':
      return `nil | ${d.item.desc.kind === 'struct' ? d.item.desc.name : typeText(d.item)}`;
    case 'struct':
      return d.name;
  }
}

/** Field number of the key that strictly ascends over a section, 0 when it has no order. */
function orderKeyNo(s: Section): number {
  if (s.kind === 'each') return s.ascending === undefined ? 0 : s.record.body.fields[s.ascending]!.no;
  const entries = s.record.body.fields['entries']?.node.desc;
  if (s.kind !== 'list' || entries?.kind !== 'list' || entries.ascending === undefined) return 0;
  const item = entries.item.desc;
  return item.kind === 'struct' ? item.fields[entries.ascending]!.no : 0;
}

export const C_VERSIONS_HEADER_FILE_NAME = 'xenlu_versions.h';

/**
 * xenlu_versions.h: includes every version's header and lists the versions as an X-macro, so C
 * code builds its per-version tables from it and a new schema version needs no C edit.
 */
export function cVersionsHeader(): string {
  const out = [
    '/*',
    ` * ${C_VERSIONS_HEADER_FILE_NAME}: every schema version of the xenlu live-update stream this tree knows.`,
    ' *',
    ' * GENERATED from packages/format/src/schema by scripts/gen-c-headers.mjs. Do not edit: regenerate.',
    ' */',
    '#ifndef XENLU_VERSIONS_H',
    '#define XENLU_VERSIONS_H',
    '',
    ...VERSIONS.map((v) => `#include "${cHeaderFileName(v)}"`),
    '',
    `#define XENLU_LATEST_VERSION ${cUint(LATEST_VERSION)}`,
    `#define XENLU_NR_VERSIONS ${cUint(VERSIONS.length)}`,
    '/* X(N) for every schema version N, ascending from 1: XENLU_VN_* macros exist for each. */',
    '#define XENLU_VERSIONS(X) \\',
    ...VERSIONS.map((v, i) => `\tX(${v})${i < VERSIONS.length - 1 ? ' \\' : ''}`),
    '',
    '#endif /* XENLU_VERSIONS_H */',
  ];
  return out.join('\n') + '\n';
}

/** 0, false, or a list or object of such values: a default C reads as zeroed memory. */
function isZeroValue(v: unknown): boolean {
  if (v === 0 || v === 0n || v === false) return true;
  if (Array.isArray(v)) return v.every(isZeroValue);
  if (typeof v === 'object' && v !== null && !(v instanceof Uint8Array)) return Object.values(v).every(isZeroValue);
  return false;
}
