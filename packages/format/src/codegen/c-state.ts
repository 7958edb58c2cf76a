/**
 * C types for a schema version's state, and a state written as C initializers of those types.
 * The reference C writer (interop/c) serializes from these structs the way Xen's serializer would
 * from its own: the types and the golden data both come from the schema, so the C side never
 * copies a value or a layout by hand.
 *
 * Mapping: integers, enums (the Xen code, named by the header's macros) and flags (a bit set)
 * become fixed-width integers; bool stays bool; a string is a NUL-terminated `const char *`; a
 * fixed-size blob an array, any other blob a pointer and `_len`; a list a pointer to its items
 * and `nr_`; an optional value a pointer, NULL when absent (an optional string or blob is its
 * own pointer); a nested struct is embedded. Lists of variable-size blobs or of lists have no
 * mapping: the generators refuse them, naming the field. Retired fields have no
 * member (the writer writes nil).
 */
import type { Desc, Node, StructDesc } from '../schema/dsl.js';
import { wireLayout } from '../schema/dsl.js';
import { SCHEMAS, type StateByVersion, type Version } from '../schema/index.js';
import type { SchemaVersion, Section } from '../schema/records.js';
import { ITEM_SUFFIX, NameRegistry, cIdent, cUint, commentText, fieldMacro, snakeCase, upperSnake } from './c-names.js';

export function cStateTypesFileName(version: number): string {
  return `xenlu_v${version}_state.h`;
}

/** The struct of C type `struct xenlu_vN_<name>`. */
export function typeName(version: number, s: StructDesc): string {
  return `xenlu_v${version}_${snakeCase(s.name)}`;
}

export function sectionStruct(s: Section): StructDesc | undefined {
  if (s.kind !== 'list') return s.record.body.desc;
  const item = s.record.body.desc.fields['entries'];
  if (!item || item.node.desc.kind !== 'list') throw new Error(`${s.record.name}: a list record body must be [entries]`);
  return item.node.desc.item.desc.kind === 'struct' ? item.node.desc.item.desc : undefined;
}

export function sectionItem(s: Section): Node {
  if (s.kind !== 'list') return s.record.body;
  const entries = s.record.body.desc.fields['entries'];
  if (!entries || entries.node.desc.kind !== 'list') throw new Error(`${s.record.name}: a list record body must be [entries]`);
  return entries.node.desc.item;
}

/** C type of a list element or optional value. */
export function elemType(version: number, n: Node): string {
  const d = n.desc;
  switch (d.kind) {
    case 'struct':
      return `struct ${typeName(version, d)}`;
    case 'uint':
    case 'enum':
      return `uint${d.bits}_t`;
    case 'u64':
      return 'uint64_t';
    case 'flags':
      return 'uint32_t';
    case 'bool':
      return 'bool';
    default:
      throw new Error(`no C element type for a ${d.kind} inside a list or optional value`);
  }
}

/** Declarator of a pointer to list items: `const T *x`, `const char *const *x`, `const uint8_t (*x)[N]`. */
export function itemsPointer(version: number, item: Node, name: string): string {
  const d = item.desc;
  if (d.kind === 'str') return `const char *const *${name}`;
  if (d.kind === 'bin') {
    if (!isFixedBin(d)) throw new Error(`${name}: a list of variable-size blobs has no C type`);
    return `const uint8_t (*${name})[${d.maxBytes}]`;
  }
  return `const ${elemType(version, item)} *${name}`;
}

/** Members of an optional value: a pointer, NULL = nil; a variable blob adds `<name>_len`. */
function optMembers(version: number, item: Node, name: string): string[] {
  const d = item.desc;
  if (d.kind === 'str') return [`const char *${name}`];
  if (d.kind === 'bin') return isFixedBin(d) ? [`const uint8_t *${name}`] : [`const uint8_t *${name}`, `uint32_t ${name}_len`];
  return [`const ${elemType(version, item)} *${name}`];
}

export function isFixedBin(d: Desc): boolean {
  return d.kind === 'bin' && d.minBytes === d.maxBytes;
}

// ---------------------------------------------------------------------------------------------
// Types

export function cStateTypes(version: Version): string {
  return cStateTypesOf(SCHEMAS[version]);
}

/** The state types of any schema version object (a registered one, or one a test builds). */
export function cStateTypesOf(schema: SchemaVersion): string {
  const version = schema.version;
  const names = new NameRegistry();
  const done = new Set<StructDesc>();
  const out: string[] = [];
  const guard = `XENLU_V${version}_STATE_H`;
  out.push(
    '/*',
    ` * ${cStateTypesFileName(version)}: the schema version ${version} state as C structs, for the reference writer.`,
    ' *',
    ` * GENERATED from packages/format/src/schema by scripts/gen-c-headers.mjs. Do not edit: regenerate.`,
    ' * Integers, enums (codes in xenlu_vN.h) and flags are fixed-width integers; a list is a pointer',
    ' * and nr_<name>; a variable blob a pointer and <name>_len; an optional value a pointer, NULL when',
    ' * absent; strings are NUL-terminated. Retired fields have no member.',
    ' */',
    `#ifndef ${guard}`,
    `#define ${guard}`,
    '',
    '#include <stdbool.h>',
    '#include <stdint.h>',
    '',
  );

  const emit = (s: StructDesc): void => {
    if (done.has(s)) return;
    done.add(s);
    // Embedded structs must be complete first; pointed-to ones too, for simplicity of order.
    for (const slot of wireLayout(s)) if (slot.kind === 'field') forEachStruct(slot.field.node, emit);
    const tn = names.claim(typeName(version, s), s.name);
    out.push(`/* ${s.name} */`, `struct ${tn} {`);
    for (const slot of wireLayout(s)) {
      if (slot.kind === 'retired') {
        out.push(`\t/* field ${slot.retired.no} ${slot.retired.name}: retired, written nil */`);
        continue;
      }
      const { name, field } = slot;
      const m = cIdent(name);
      const d = field.node.desc;
      const c = ` /* ${field.no}: ${commentText(field.doc)} */`;
      switch (d.kind) {
        case 'uint':
        case 'enum':
          out.push(`\tuint${d.bits}_t ${m};${c}`);
          break;
        case 'u64':
          out.push(`\tuint64_t ${m};${c}`);
          break;
        case 'flags':
          out.push(`\tuint32_t ${m};${c}`);
          break;
        case 'bool':
          out.push(`\tbool ${m};${c}`);
          break;
        case 'str':
          out.push(`\tconst char *${m};${c}`);
          break;
        case 'bin':
          if (isFixedBin(d)) out.push(`\tuint8_t ${m}[${d.maxBytes}];${c}`);
          else out.push(`\tconst uint8_t *${m};${c}`, `\tuint32_t ${m}_len;`);
          break;
        case 'list':
          out.push(`\t${itemsPointer(version, d.item, m)};${c}`, `\tuint32_t nr_${m};`);
          break;
        case 'opt': {
          const [first, ...rest] = optMembers(version, d.item, m);
          out.push(`\t${first}; /* ${field.no}: ${commentText(field.doc)}; NULL = nil */`, ...rest.map((x) => `\t${x};`));
          break;
        }
        case 'struct':
          out.push(`\tstruct ${typeName(version, d)} ${m};${c}`);
          break;
      }
    }
    out.push('};', '');
  };

  emit(schema.host.body.desc);
  for (const s of Object.values(schema.sections)) {
    const st = sectionStruct(s);
    if (st) emit(st);
  }

  const ds = names.claim(`xenlu_v${version}_domain_state`, 'domain state');
  out.push(`/* One domain: its sections in stream order. */`, `struct ${ds} {`);
  for (const [key, s] of Object.entries(schema.sections)) {
    const m = cIdent(key);
    const t = elemType(version, sectionItem(s));
    const c = ` /* ${s.kind}: ${s.record.name} */`;
    if (s.kind === 'single') out.push(`\t${t} ${m};${c}`);
    else if (s.kind === 'optional') out.push(`\tconst ${t} *${m}; /* ${s.kind}: ${s.record.name}, NULL = absent */`);
    else out.push(`\t${itemsPointer(version, sectionItem(s), m)};${c}`, `\tuint32_t nr_${m};`);
  }
  out.push('};', '');
  const st = names.claim(`xenlu_v${version}_state`, 'state');
  out.push(
    `struct ${st} {`,
    `\tstruct ${typeName(version, schema.host.body.desc)} host;`,
    `\tconst struct ${ds} *domains; /* ascending domid */`,
    '\tuint32_t nr_domains;',
    '};',
    '',
    `#endif /* ${guard} */`,
  );
  return out.join('\n') + '\n';
}

export function forEachStruct(n: Node, f: (s: StructDesc) => void): void {
  const d = n.desc;
  if (d.kind === 'struct') f(d);
  else if (d.kind === 'list' || d.kind === 'opt') forEachStruct(d.item, f);
}

// ---------------------------------------------------------------------------------------------
// Data

/**
 * A C source file defining `const struct xenlu_vN_state <symbol>` equal to `state`. The state is
 * checked against the schema first; enum codes and flag bits are written with the header's macros.
 */
export function cStateData<V extends Version>(version: V, state: StateByVersion[V], symbol: string, origin: string): string {
  return cStateDataOf(SCHEMAS[version], state, symbol, origin);
}

/** The C data of a state of any schema version object. */
export function cStateDataOf(schema: SchemaVersion, state: unknown, symbol: string, origin: string): string {
  const version = schema.version;
  const parsed = schema.zod.safeParse(state);
  if (!parsed.success) throw new Error(`state does not fit schema v${version}: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
  const e = new DataEmitter(version);
  const s = state as { host: unknown; domains: Record<string, unknown>[] };
  const lines: string[] = [
    '/*',
    ` * ${commentText(origin)}, as C initializers of ${cStateTypesFileName(version)}.`,
    ' *',
    ' * GENERATED by scripts/gen-c-golden.mjs. Do not edit: regenerate.',
    ' */',
    `#include "xenlu_v${version}.h"`,
    `#include "${cStateTypesFileName(version)}"`,
    '',
    '#include <stddef.h>',
    '',
    `const struct xenlu_v${version}_state ${cIdent(symbol)} = {`,
    `\t.host = ${e.struct(schema.host.body.desc, s.host, 1)},`,
  ];
  if (s.domains.length === 0) {
    lines.push('\t.domains = NULL,');
  } else {
    lines.push(`\t.domains = (const struct xenlu_v${version}_domain_state[]){`);
    for (const dom of s.domains) lines.push(`\t\t${e.domain(schema.sections, dom, 2)},`);
    lines.push('\t},');
  }
  lines.push(`\t.nr_domains = ${cUint(s.domains.length)},`, '};');
  return lines.join('\n') + '\n';
}

class DataEmitter {
  constructor(private readonly version: number) {}

  domain(sections: Readonly<Record<string, Section>>, dom: Record<string, unknown>, depth: number): string {
    const parts: string[] = [];
    for (const [key, s] of Object.entries(sections)) {
      const v = dom[key];
      const item = sectionItem(s);
      if (s.kind === 'single') {
        parts.push(`.${key} = ${this.elem(item, v, '', depth + 1)}`);
      } else if (s.kind === 'optional') {
        parts.push(`.${key} = ${v === null ? 'NULL' : this.pointerTo(item, v, '', depth + 1)}`);
      } else {
        const arr = v as unknown[];
        parts.push(`.${key} = ${this.array(item, arr, '', depth + 1)}`, `.nr_${key} = ${cUint(arr.length)}`);
      }
    }
    return block(parts, depth);
  }

  struct(d: StructDesc, value: unknown, depth: number): string {
    const o = value as Record<string, unknown>;
    const parts: string[] = [];
    for (const slot of wireLayout(d)) {
      if (slot.kind === 'retired') continue;
      const { name, field } = slot;
      const v = o[name];
      const fd = field.node.desc;
      const prefix = fieldMacro(this.version, d.name, name);
      if (fd.kind === 'bin' && !isFixedBin(fd)) {
        const b = v as Uint8Array;
        parts.push(`.${name} = ${b.length === 0 ? 'NULL' : `(const uint8_t[${b.length}])${bytes(b, depth + 1)}`}`, `.${name}_len = ${cUint(b.length)}`);
      } else if (fd.kind === 'list') {
        const arr = v as unknown[];
        parts.push(`.${name} = ${this.array(fd.item, arr, prefix + ITEM_SUFFIX, depth + 1)}`, `.nr_${name} = ${cUint(arr.length)}`);
      } else if (fd.kind === 'opt' && fd.item.desc.kind === 'bin' && !isFixedBin(fd.item.desc)) {
        // A present empty blob needs a pointer too: NULL is nil.
        const b = v as Uint8Array | null;
        parts.push(`.${name} = ${b === null ? 'NULL' : `(const uint8_t[${Math.max(b.length, 1)}])${bytes(b, depth + 1)}`}`, `.${name}_len = ${cUint(b?.length ?? 0)}`);
      } else if (fd.kind === 'opt') {
        parts.push(`.${name} = ${v === null ? 'NULL' : this.pointerTo(fd.item, v, prefix, depth + 1)}`);
      } else {
        parts.push(`.${name} = ${this.elem(field.node, v, prefix, depth + 1)}`);
      }
    }
    return block(parts, depth);
  }

  private array(item: Node, arr: readonly unknown[], prefix: string, depth: number): string {
    if (arr.length === 0) return 'NULL';
    const d = item.desc;
    if (d.kind === 'str') return `(const char *const[]){ ${arr.map((x) => this.elem(item, x, prefix, depth)).join(', ')} }`;
    if (d.kind === 'bin') return `(const uint8_t[][${d.maxBytes}])${block(arr.map((x) => this.elem(item, x, prefix, depth + 1)), depth)}`;
    const t = elemType(this.version, item);
    if (d.kind !== 'struct') return `(const ${t}[]){ ${arr.map((x) => this.elem(item, x, prefix, depth)).join(', ')} }`;
    return `(const ${t}[])${block(arr.map((x) => this.elem(item, x, prefix, depth + 1)), depth)}`;
  }

  private pointerTo(item: Node, v: unknown, prefix: string, depth: number): string {
    const d = item.desc;
    if (d.kind === 'str') return this.elem(item, v, prefix, depth);
    if (d.kind === 'bin') return `(const uint8_t[${d.maxBytes}])${this.elem(item, v, prefix, depth)}`;
    const t = elemType(this.version, item);
    if (d.kind === 'struct') return `&(const ${t})${this.struct(d, v, depth)}`;
    return `(const ${t}[]){ ${this.elem(item, v, prefix, depth)} }`;
  }

  /** An initializer of a value that is neither a list nor optional. */
  private elem(node: Node, v: unknown, prefix: string, depth: number): string {
    const d = node.desc;
    switch (d.kind) {
      case 'uint':
        return cUint(v as number);
      case 'u64':
        return cUint(v as bigint);
      case 'bool':
        return v ? 'true' : 'false';
      case 'str':
        return cString(v as string);
      case 'enum': {
        const code = d.values[v as string];
        if (code === undefined) throw new Error(`${prefix}: unknown enum value ${String(v)}`);
        return `${prefix}_${upperSnake(v as string)}`;
      }
      case 'flags': {
        const set = Object.keys(d.bits).filter((k) => (v as Record<string, boolean>)[k]);
        return set.length === 0 ? '0u' : set.map((k) => `${prefix}_${upperSnake(k)}`).join(' | ');
      }
      case 'bin':
        return bytes(v as Uint8Array, depth);
      case 'struct':
        return this.struct(d, v, depth);
      default:
        throw new Error(`${prefix}: a ${d.kind} needs a pointer member`);
    }
  }
}

function block(parts: readonly string[], depth: number): string {
  const pad = '\t'.repeat(depth + 1);
  return `{\n${parts.map((p) => `${pad}${p},\n`).join('')}${'\t'.repeat(depth)}}`;
}

/** Bytes as an initializer list; trailing zeros are left to zero-initialisation. */
function bytes(b: Uint8Array, depth: number): string {
  let n = b.length;
  while (n > 0 && b[n - 1] === 0) n--;
  if (n === 0) return '{ 0 }';
  const hex = Array.from(b.subarray(0, n), (x) => `0x${x.toString(16).padStart(2, '0')}`);
  if (n <= 16) return `{ ${hex.join(', ')} }`;
  const pad = '\t'.repeat(depth + 1);
  const rows: string[] = [];
  for (let i = 0; i < hex.length; i += 16) rows.push(`${pad}${hex.slice(i, i + 16).join(', ')},`);
  return `{\n${rows.join('\n')}\n${'\t'.repeat(depth)}}`;
}

/** A C string literal of the UTF-8 bytes of `s`; octal escapes keep it ASCII. */
function cString(s: string): string {
  const b = new TextEncoder().encode(s);
  if (b.includes(0)) throw new Error('a string with a NUL byte has no C string literal');
  let out = '"';
  for (const c of b) {
    if (c === 0x22 || c === 0x5c) out += `\\${String.fromCharCode(c)}`;
    else if (c >= 0x20 && c < 0x7f && c !== 0x3f) out += String.fromCharCode(c); // '?' escaped: no trigraphs
    else out += `\\${c.toString(8).padStart(3, '0')}`;
  }
  return `${out}"`;
}
