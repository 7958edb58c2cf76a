/**
 * Size of the same state laid out as fixed-width C structs, the baseline a stream format is
 * usually compared with ("why not memcpy the structs?"). Rules, per descriptor:
 * - integers, enums at their declared width; u64 8 bytes; bool 1; flags a u32 mask;
 * - a string is a fixed char[maxBytes]; a fixed-size blob is inline;
 * - a variable blob and a list are an inline {u32 count, u32 offset} plus an out-of-line payload
 *   (the blob's bytes, or count elements), padded to 8 bytes;
 * - an optional value is a u8 present flag then the value, always full width;
 * - a struct is its fields in field-number order with natural alignment, its size rounded up to
 *   its alignment (what a C compiler does).
 * A domain is a struct of its sections (single: the struct; optional: optional struct; each and
 * list: a list), the state a struct of {host, domains list}.
 */
import { schemaOf } from '@xenlu/format';

const alignUp = (n, a) => Math.ceil(n / a) * a;
const REF = { size: 8, align: 4 };

const layouts = new WeakMap();

/** Inline size and alignment of a descriptor's value. */
export function inlineLayout(desc) {
  switch (desc.kind) {
    case 'uint':
    case 'enum':
      return { size: desc.bits / 8, align: desc.bits / 8 };
    case 'u64':
      return { size: 8, align: 8 };
    case 'bool':
      return { size: 1, align: 1 };
    case 'flags':
      return { size: 4, align: 4 };
    case 'str':
      return { size: desc.maxBytes, align: 1 };
    case 'bin':
      return desc.minBytes === desc.maxBytes ? { size: desc.minBytes, align: 1 } : REF;
    case 'list':
      return REF;
    case 'opt': {
      const item = inlineLayout(desc.item.desc);
      return { size: alignUp(1, item.align) + item.size, align: item.align };
    }
    case 'struct':
      return structLayout(desc);
  }
  throw new Error(`unknown descriptor kind ${desc.kind}`);
}

/** Offsets are not needed, only the padded size. */
function structLayout(s) {
  const hit = layouts.get(s);
  if (hit) return hit;
  let size = 0;
  let align = 1;
  const fields = Object.values(s.fields).sort((a, b) => a.no - b.no);
  for (const f of fields) {
    const l = inlineLayout(f.node.desc);
    size = alignUp(size, l.align) + l.size;
    align = Math.max(align, l.align);
  }
  // Retired fields keep their slot in a C layout too, as a u8 placeholder.
  size += s.retired.length;
  const out = { size: alignUp(Math.max(size, 1), align), align };
  layouts.set(s, out);
  return out;
}

/** Out-of-line bytes a value needs beyond its inline size. */
export function outOfLine(desc, v) {
  switch (desc.kind) {
    case 'bin':
      return desc.minBytes === desc.maxBytes ? 0 : alignUp(v.length, 8);
    case 'list': {
      const item = desc.item.desc;
      const l = inlineLayout(item);
      let n = alignUp(v.length * l.size, 8);
      if (hasOutOfLine(item)) for (const x of v) n += outOfLine(item, x);
      return n;
    }
    case 'opt':
      return v === null ? 0 : outOfLine(desc.item.desc, v);
    case 'struct': {
      if (!hasOutOfLine(desc)) return 0;
      let n = 0;
      for (const [name, f] of Object.entries(desc.fields)) n += outOfLine(f.node.desc, v[name]);
      return n;
    }
    default:
      return 0;
  }
}

const deep = new WeakMap();
function hasOutOfLine(desc) {
  switch (desc.kind) {
    case 'list':
      return true;
    case 'bin':
      return desc.minBytes !== desc.maxBytes;
    case 'opt':
      return hasOutOfLine(desc.item.desc);
    case 'struct': {
      let hit = deep.get(desc);
      if (hit === undefined) {
        hit = Object.values(desc.fields).some((f) => hasOutOfLine(f.node.desc));
        deep.set(desc, hit);
      }
      return hit;
    }
    default:
      return false;
  }
}

/** The descriptor of a section's value in the domain state. */
export function sectionDesc(section) {
  const body = section.record.body;
  switch (section.kind) {
    case 'single':
      return body.desc;
    case 'optional':
      return { kind: 'opt', item: body };
    case 'each':
      return { kind: 'list', item: body, minItems: 0, maxItems: Infinity };
    case 'list':
      return { kind: 'list', item: body.fields.entries.node.desc.item, minItems: 0, maxItems: Infinity };
  }
  throw new Error(`unknown section kind ${section.kind}`);
}

/** The descriptor of a whole state of `version`: {host, domains}. */
export function stateDesc(version) {
  const schema = schemaOf(version);
  const fields = {};
  let no = 1;
  for (const [key, section] of Object.entries(schema.sections)) fields[key] = { no: no++, node: { desc: sectionDesc(section) }, doc: key };
  const domain = { kind: 'struct', name: 'DomainState', fields, retired: [] };
  return {
    kind: 'struct',
    name: 'State',
    fields: {
      host: { no: 1, node: { desc: schema.host.body.desc }, doc: 'host' },
      domains: { no: 2, node: { desc: { kind: 'list', item: { desc: domain }, minItems: 0, maxItems: Infinity } }, doc: 'domains' },
    },
    retired: [],
  };
}

/** Bytes of `state` (schema `version`) as fixed-width C structs. */
export function cStructSize(state, version) {
  const d = stateDesc(version);
  return inlineLayout(d).size + outOfLine(d, state);
}

/** The same, one domain at a time (for streamed states): the root's share, then each domain's. */
export function cStructSizer(version) {
  const d = stateDesc(version);
  const domain = d.fields.domains.node.desc.item.desc;
  const dl = inlineLayout(domain);
  return {
    host: (host) => inlineLayout(d).size + outOfLine(d.fields.host.node.desc, host),
    domain: (dom) => dl.size + outOfLine(domain, dom),
  };
}
