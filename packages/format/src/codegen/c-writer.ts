/**
 * The reference C serializer of a schema version, generated from the schema like the header and
 * the state types: one static function per struct, one public function per record, one per
 * domain and one per stream. It writes from the structs of xenlu_vN_state.h through the framing
 * and MessagePack layer (xlu_writer.h), so a new schema version needs no hand-written C.
 *
 * Every field goes through its header macro (field number, limits), so the code stays tied to
 * xenlu_vN.h: xlu_w_at refuses (XLU_W_SHAPE) a field written out of place.
 */
import type { Node, StructDesc } from '../schema/dsl.js';
import { wireLayout } from '../schema/dsl.js';
import { SCHEMAS, VERSIONS, type Version } from '../schema/index.js';
import type { RecordDef, SchemaVersion, Section } from '../schema/records.js';
import { C_VERSIONS_HEADER_FILE_NAME, cHeaderFileName } from './c-header.js';
import { NameRegistry, cIdent, cUint, commentText, fieldMacro, fieldNumberMacro, snakeCase, upperSnake, versionPrefix } from './c-names.js';
import { cStateTypesFileName, forEachStruct, isFixedBin, itemsPointer, sectionItem, typeName } from './c-state.js';

const GENERATED_BY = 'GENERATED from packages/format/src/schema by scripts/gen-c-headers.mjs. Do not edit: regenerate.';

export function cWriterHeaderFileName(version: number): string {
  return `xlu_write_v${version}.h`;
}

export function cWriterSourceFileName(version: number): string {
  return `xlu_write_v${version}.c`;
}

/** `xlu_write_v3_p2m_extents`: record names are already upper snake case. */
function recordFunction(version: number, r: RecordDef): string {
  return cIdent(`xlu_write_v${version}_${r.name.toLowerCase()}`);
}

function putFunction(s: StructDesc): string {
  return `put_${snakeCase(s.name)}`;
}

/** Writes a variable-size blob member `<m>` of `p`, with its `<m>_len`. */
function varBin(m: string, minBytes: number, fp: string): string {
  return `xlu_w_bin(w, p->${m}, p->${m}_len, ${minBytes > 0 ? `${fp}_MIN_BYTES` : '0u'}, ${fp}_MAX_BYTES);`;
}

/** The public functions, as prototypes with a comment each (shared by the header and the source). */
function prototypes(schema: SchemaVersion): { comment: string; proto: string }[] {
  const version = schema.version;
  const out: { comment: string; proto: string }[] = [];
  const names = new NameRegistry();
  const fn = (r: RecordDef): string => names.claim(recordFunction(version, r), r.name);
  const host = schema.host;
  out.push({ comment: `${host.name} record: ${host.doc}`, proto: `void ${fn(host)}(struct xlu_writer *w, const struct ${typeName(version, host.body.desc)} *p)` });
  for (const s of Object.values(schema.sections)) {
    const r = s.record;
    if (s.kind === 'list') {
      out.push({
        comment: `${r.name} records: ${r.doc}; n entries cut into records of at most ${versionPrefix(version)}REC_${r.name}_MAX_ENTRIES, none when n is 0`,
        proto: `void ${fn(r)}(struct xlu_writer *w, ${itemsPointer(version, sectionItem(s), 'items')}, uint32_t n)`,
      });
    } else {
      out.push({ comment: `${r.name} record (${s.kind}): ${r.doc}`, proto: `void ${fn(r)}(struct xlu_writer *w, const struct ${typeName(version, r.body.desc)} *p)` });
    }
  }
  out.push({ comment: 'Every record of one domain, in section order', proto: `void xlu_write_v${version}_domain_records(struct xlu_writer *w, const struct xenlu_v${version}_domain_state *d)` });
  out.push({ comment: 'A whole stream; returns XLU_W_OK or the first error (enum xlu_write_status)', proto: `int xlu_write_stream_v${version}(struct xlu_writer *w, const struct xenlu_v${version}_state *s)` });
  return out;
}

export function cWriterHeader(version: Version): string {
  return cWriterHeaderOf(SCHEMAS[version]);
}

/** The serializer's header for any schema version object (a registered one, or one a test builds). */
export function cWriterHeaderOf(schema: SchemaVersion): string {
  const version = schema.version;
  const guard = `XLU_WRITE_V${version}_H`;
  const out = [
    '/*',
    ` * ${cWriterHeaderFileName(version)}: the schema version ${version} serializer, one function per record, in the shape`,
    " * Xen's would take: each reads the hypervisor's view of one object (here the structs of",
    ` * ${cStateTypesFileName(version)}) and writes one record into the caller's buffer. No allocation.`,
    ' *',
    ` * ${GENERATED_BY}`,
    ' *',
    ' * Call order (docs/FORMAT.md section 6): xlu_w_stream_header, the HOST record, then for each domain',
    ` * in ascending domid xlu_write_v${version}_domain_records (or the per-record functions in section order),`,
    ` * then xlu_w_end. xlu_write_stream_v${version} does all of it.`,
    ' */',
    `#ifndef ${guard}`,
    `#define ${guard}`,
    '',
    `#include "${cStateTypesFileName(version)}"`,
    '#include "xlu_writer.h"',
    '',
  ];
  for (const { comment, proto } of prototypes(schema)) out.push(`/* ${commentText(comment)}. */`, `${proto};`);
  out.push('', `#endif /* ${guard} */`);
  return out.join('\n') + '\n';
}

export function cWriterSource(version: Version): string {
  return cWriterSourceOf(SCHEMAS[version]);
}

/** The serializer of any schema version object (a registered one, or one a test builds). */
export function cWriterSourceOf(schema: SchemaVersion): string {
  return new SourceWriter(schema).build();
}

class SourceWriter {
  private readonly out: string[] = [];
  private readonly done = new Set<StructDesc>();
  private readonly names = new NameRegistry();
  private readonly version: number;

  constructor(private readonly schema: SchemaVersion) {
    this.version = schema.version;
  }

  build(): string {
    const v = this.version;
    const schema = this.schema;
    this.out.push(
      '/*',
      ` * ${cWriterSourceFileName(v)}: schema version ${v} records from the structs of ${cStateTypesFileName(v)}.`,
      ' *',
      ` * ${GENERATED_BY}`,
      ' * Every field is written through its field-number macro, so the writer fails (XLU_W_SHAPE) rather',
      ' * than emit a misnumbered field if this code and the header ever disagree.',
      ' */',
      `#include "${cWriterHeaderFileName(v)}"`,
      '',
      `#include "${cHeaderFileName(v)}"`,
      '',
    );
    this.struct(schema.host.body.desc);
    for (const s of Object.values(schema.sections)) forEachStruct(sectionItem(s), (d) => this.struct(d));

    const protos = prototypes(schema);
    let k = 0;
    const open = (): void => {
      this.out.push(protos[k++]!.proto, '{');
    };
    open();
    this.out.push(`\txlu_w_record_begin(w, ${this.p}REC_${schema.host.name});`, `\t${putFunction(schema.host.body.desc)}(w, p);`, '\txlu_w_record_end(w);', '}', '');
    for (const s of Object.values(schema.sections)) {
      open();
      this.record(s);
      this.out.push('}', '');
    }
    open();
    this.domainRecords(schema.sections);
    this.out.push('}', '');
    open();
    this.stream(schema.host.body.desc);
    this.out.push('}');
    return this.out.join('\n') + '\n';
  }

  private get p(): string {
    return versionPrefix(this.version);
  }

  /** `static void put_<struct>()`, after the functions of the structs it contains. */
  private struct(s: StructDesc): void {
    if (this.done.has(s)) return;
    this.done.add(s);
    const slots = wireLayout(s);
    for (const slot of slots) if (slot.kind === 'field') forEachStruct(slot.field.node, (d) => this.struct(d));
    const body: string[] = [];
    let loops = false;
    for (const slot of slots) {
      if (slot.kind === 'retired') {
        body.push(`\txlu_w_at(w, ${fieldNumberMacro(this.version, s.name, slot.retired.name)}); /* retired: nil */`, '\txlu_w_nil(w);');
        continue;
      }
      const { name, field } = slot;
      const m = cIdent(name);
      const fp = fieldMacro(this.version, s.name, name);
      const d = field.node.desc;
      body.push(`\txlu_w_at(w, ${fieldNumberMacro(this.version, s.name, name)});`);
      if (d.kind === 'bin' && !isFixedBin(d)) {
        body.push(`\t${varBin(m, d.minBytes, fp)}`);
      } else if (d.kind === 'list') {
        loops = true;
        body.push(
          `\txlu_w_list(w, p->nr_${m}, ${d.minItems > 0 ? `${fp}_MIN_ITEMS` : '0u'}, ${fp}_MAX_ITEMS);`,
          `\tfor (i = 0; i < p->nr_${m}; i++)`,
          `\t\t${this.value(d.item, `p->${m}[i]`, `${fp}_ITEM`)}`,
          '\txlu_w_array_end(w);',
        );
      } else if (d.kind === 'opt') {
        // A struct, string or blob is its own pointer; an integer is read through it.
        const it = d.item.desc;
        const write = it.kind === 'struct' ? `${putFunction(it)}(w, p->${m});`
          : it.kind === 'bin' && !isFixedBin(it) ? varBin(m, it.minBytes, fp)
          : this.value(d.item, it.kind === 'str' || it.kind === 'bin' ? `p->${m}` : `*p->${m}`, fp);
        body.push(`\tif (p->${m})`, `\t\t${write}`, '\telse', '\t\txlu_w_nil(w);');
      } else {
        body.push(`\t${this.value(field.node, `p->${m}`, fp)}`);
      }
    }
    const fn = this.names.claim(putFunction(s), s.name);
    this.out.push(
      `/* ${s.name} */`,
      `static void ${fn}(struct xlu_writer *w, const struct ${typeName(this.version, s)} *p)`,
      '{',
      ...(loops ? ['\tuint32_t i;', ''] : []),
      `\txlu_w_array(w, ${this.p}${upperSnake(s.name)}_NR_FIELDS);`,
      ...body,
      '\txlu_w_array_end(w);',
      '}',
      '',
    );
  }

  /** One statement writing a value that is neither a list, an optional value nor a variable blob. */
  private value(node: Node, expr: string, fp: string): string {
    const d = node.desc;
    switch (d.kind) {
      case 'uint':
      case 'u64':
      case 'enum':
      case 'flags':
        return `xlu_w_uint(w, ${expr});`;
      case 'bool':
        return `xlu_w_bool(w, ${expr});`;
      case 'str':
        return `xlu_w_str(w, ${expr}, ${fp}_MAX_BYTES);`;
      case 'bin':
        if (!isFixedBin(d)) throw new Error(`${fp}: a variable blob must be a struct field`);
        return `xlu_w_bin(w, ${expr}, ${fp}_SIZE, ${fp}_SIZE, ${fp}_SIZE);`;
      case 'struct':
        return `${putFunction(d)}(w, &${expr});`;
      default:
        throw new Error(`${fp}: no C writer for a ${d.kind} inside a list or optional value`);
    }
  }

  /** The body of a section's record function. */
  private record(s: Section): void {
    const r = s.record;
    const type = `${this.p}REC_${r.name}`;
    if (s.kind !== 'list') {
      this.out.push(`\txlu_w_record_begin(w, ${type});`, `\t${putFunction(r.body.desc)}(w, p);`, '\txlu_w_record_end(w);');
      return;
    }
    const entries = r.body.desc.fields['entries'];
    if (!entries || entries.no !== 1 || entries.node.desc.kind !== 'list') throw new Error(`${r.name}: a list record body must be [entries]`);
    const max = `${type}_MAX_ENTRIES`;
    // The header gives list records no item limits (strings and blobs need them).
    const itemKind = sectionItem(s).desc.kind;
    if (itemKind === 'str' || itemKind === 'bin') throw new Error(`${r.name}: a list record of ${itemKind} entries has no C writer`);
    // Each record full but the last (docs/FORMAT.md section 6).
    this.out.push(
      '\tuint32_t i, j, chunk;',
      '',
      '\tfor (i = 0; i < n; i += chunk) {',
      `\t\tchunk = n - i < ${max} ? n - i : ${max};`,
      `\t\txlu_w_record_begin(w, ${type});`,
      '\t\txlu_w_array(w, 1);',
      '\t\txlu_w_at(w, XENLU_F_LIST_ENTRIES);',
      `\t\txlu_w_list(w, chunk, ${cUint(entries.node.desc.minItems)}, ${max});`,
      '\t\tfor (j = 0; j < chunk; j++)',
      `\t\t\t${this.value(sectionItem(s), 'items[i + j]', `${type}_ITEM`)}`,
      '\t\txlu_w_array_end(w);',
      '\t\txlu_w_array_end(w);',
      '\t\txlu_w_record_end(w);',
      '\t}',
    );
  }

  private domainRecords(sections: Readonly<Record<string, Section>>): void {
    const body: string[] = [];
    let loops = false;
    for (const [key, s] of Object.entries(sections)) {
      const m = cIdent(key);
      const fn = recordFunction(this.version, s.record);
      switch (s.kind) {
        case 'single':
          body.push(`\t${fn}(w, &d->${m});`);
          break;
        case 'optional':
          body.push(`\tif (d->${m})`, `\t\t${fn}(w, d->${m});`);
          break;
        case 'each':
          loops = true;
          body.push(`\tfor (i = 0; i < d->nr_${m}; i++)`, `\t\t${fn}(w, &d->${m}[i]);`);
          break;
        case 'list':
          body.push(`\t${fn}(w, d->${m}, d->nr_${m});`);
          break;
      }
    }
    this.out.push(...(loops ? ['\tuint32_t i;', ''] : []), ...body);
  }

  /** The stream header takes the producer's Xen version from the HOST body, as the TypeScript encoder does. */
  private stream(host: StructDesc): void {
    const producer = host.fields['producer']?.node.desc;
    if (producer?.kind !== 'struct' || !producer.fields['major'] || !producer.fields['minor']) {
      throw new Error(`schema v${this.version}: HOST has no producer { major, minor } for the stream header`);
    }
    this.out.push(
      '\tuint32_t i;',
      '',
      `\txlu_w_stream_header(w, ${this.p}SCHEMA_VERSION, s->host.producer.major, s->host.producer.minor);`,
      `\t${recordFunction(this.version, this.schema.host)}(w, &s->host);`,
      '\tfor (i = 0; i < s->nr_domains; i++)',
      `\t\txlu_write_v${this.version}_domain_records(w, &s->domains[i]);`,
      '\txlu_w_end(w);',
      '\treturn w->status;',
    );
  }
}

export const C_WRITERS_HEADER_FILE_NAME = 'xlu_write.h';

/** xlu_write.h: the serializers of every schema version, for code that picks one at run time. */
export function cWritersHeader(): string {
  const out = [
    '/*',
    ` * ${C_WRITERS_HEADER_FILE_NAME}: the generated serializer of every schema version (XENLU_VERSIONS in xenlu_versions.h).`,
    ' *',
    ` * ${GENERATED_BY}`,
    ' */',
    '#ifndef XLU_WRITE_H',
    '#define XLU_WRITE_H',
    '',
    `#include "${C_VERSIONS_HEADER_FILE_NAME}"`,
    ...VERSIONS.map((v) => `#include "${cWriterHeaderFileName(v)}"`),
    '',
    '#endif /* XLU_WRITE_H */',
  ];
  return out.join('\n') + '\n';
}
