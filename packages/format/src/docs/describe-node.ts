/**
 * Words for the nodes of a schema, shared by the generated FORMAT.md tables and `xenlu schema`:
 * a node's wire type, its constraints, and numbers written the way Xen's docs write them.
 */
import type { Desc } from '../schema/dsl.js';

/** A number as people read it: powers of two (and one below them) as `2^k`, others in decimal. */
export function numText(n: number | bigint): string {
  const b = BigInt(n);
  if (b >= 65536n) {
    for (const [v, suffix] of [[b, ''], [b + 1n, '-1']] as const) {
      if ((v & (v - 1n)) === 0n) return `2^${v.toString(2).length - 1}${suffix}`;
    }
  }
  return b.toString();
}

/** The wire type of a node: `u32`, `u64`, `bin`, `enum u8`, `list<MfnRange>`, `Xsave or nil`... */
export function typeText(d: Desc): string {
  switch (d.kind) {
    case 'uint':
      return `u${d.bits}`;
    case 'u64':
    case 'bool':
    case 'str':
    case 'bin':
    case 'flags':
      return d.kind;
    case 'enum':
      return `enum u${d.bits}`;
    case 'list':
      return `list<${typeText(d.item.desc)}>`;
    case 'opt':
      return `${typeText(d.item.desc)} or nil`;
    case 'struct':
      return d.name;
  }
}

const FULL_UINT = { 8: 0xff, 16: 0xffff, 32: 0xffffffff } as const;
const U64_MAX = (1n << 64n) - 1n;

export interface ConstraintStyle {
  /** How an enum's allowed values are written (names, or names with codes, or a reference). */
  readonly enumValues: (values: Readonly<Record<string, number>>) => string;
  /** How a flags node's bits are written. */
  readonly flagBits: (bits: Readonly<Record<string, number>>) => string;
}

/** What values a node allows beyond its type; '' when any value of the type is allowed. */
export function constraintText(d: Desc, style: ConstraintStyle): string {
  switch (d.kind) {
    case 'uint':
      if (d.oneOf) return `one of ${d.oneOf.join(', ')}`;
      return d.min === 0 && d.max === FULL_UINT[d.bits] ? '' : rangeText(d.min, d.max);
    case 'u64':
      return d.min === 0n && d.max === U64_MAX ? '' : rangeText(d.min, d.max);
    case 'bool':
      return '';
    case 'str':
      return `<= ${numText(d.maxBytes)} bytes UTF-8`;
    case 'bin':
      return `${d.minBytes === d.maxBytes ? numText(d.minBytes) : d.minBytes === 0 ? `<= ${numText(d.maxBytes)}` : rangeText(d.minBytes, d.maxBytes)} bytes`;
    case 'enum':
      return style.enumValues(d.values);
    case 'flags':
      return style.flagBits(d.bits);
    case 'list': {
      const count =
        d.maxItems === Infinity
          ? d.minItems > 0 ? `>= ${d.minItems} items` : ''
          : d.minItems === d.maxItems ? `${numText(d.minItems)} items` : d.minItems === 0 ? `<= ${numText(d.maxItems)} items` : `${rangeText(d.minItems, d.maxItems)} items`;
      const item = d.item.desc.kind === 'struct' ? '' : constraintText(d.item.desc, style);
      const order = d.ascending === undefined ? '' : `strictly ascending \`${d.ascending}\``;
      return [count, item && `each ${item}`, order].filter(Boolean).join('; ');
    }
    case 'opt':
      return constraintText(d.item.desc, style);
    case 'struct':
      return '';
  }
}

function rangeText(min: number | bigint, max: number | bigint): string {
  return min === max ? numText(min) : `${numText(min)}-${numText(max)}`;
}

/** A field default as it would be written in the JSON form. */
export function defaultText(v: unknown): string {
  if (v === undefined) return '';
  if (typeof v === 'bigint' || typeof v === 'number' || typeof v === 'boolean') return String(v);
  // u64 members of a compound default are written as JSON numbers, as the JSON form does.
  return JSON.stringify(v, (_k, x: unknown) => (typeof x === 'bigint' ? Number(x) : x));
}

/** Versions as a compact list: `1-3`, `2`, `1, 3`. */
export function versionsText(vs: readonly number[]): string {
  const sorted = [...vs].sort((a, b) => a - b);
  const runs: string[] = [];
  for (let i = 0; i < sorted.length; ) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j]! + 1) j++;
    runs.push(i === j ? `${sorted[i]}` : `${sorted[i]}-${sorted[j]}`);
    i = j + 1;
  }
  return runs.join(', ');
}

/** A record type as written in the tables: 8 hex digits. */
export function typeHex(type: number): string {
  return `0x${type.toString(16).padStart(8, '0')}`;
}
