/**
 * The schema language. A schema is *data*: a tree of nodes that a small generic runtime walks to
 * derive the specialised codecs, the JSON form, the docs, the JSON Schema and the C header. Each
 * node carries its zod schema (and so its TypeScript type) declared alongside its descriptor, so
 * nothing is declared twice; the zod schema is built on first use (`lazyZod`).
 */
import { createRequire } from 'node:module';
import type * as Zod from 'zod';
import type { z } from 'zod';

export const U64_MAX = (1n << 64n) - 1n;

/** What the runtime walks: the wire shape and constraints of a node. */
export type Desc =
  | { readonly kind: 'uint'; readonly bits: 8 | 16 | 32; readonly min: number; readonly max: number; readonly oneOf?: readonly number[]; readonly display?: Display }
  | { readonly kind: 'u64'; readonly min: bigint; readonly max: bigint; readonly display?: Display }
  | { readonly kind: 'bool' }
  | { readonly kind: 'str'; readonly maxBytes: number }
  | { readonly kind: 'bin'; readonly minBytes: number; readonly maxBytes: number }
  | { readonly kind: 'enum'; readonly bits: 8 | 16 | 32; readonly values: Readonly<Record<string, number>> }
  | { readonly kind: 'flags'; readonly bits: Readonly<Record<string, number>> }
  | {
      readonly kind: 'list';
      readonly item: Node;
      readonly minItems: number;
      readonly maxItems: number;
      /** Field of the (struct) items whose values must strictly ascend: sorted and unique. */
      readonly ascending?: string;
      /**
       * Fields that name an item among the others (its identity) when the list is not ordered by
       * one: paths say `cpupools[id=0]` rather than `cpupools[0]`. An ascending list's identity is
       * its ascending field. Presentation only: neither the wire nor validation use it.
       */
      readonly key?: readonly string[];
    }
  | { readonly kind: 'opt'; readonly item: Node }
  | StructDesc;

/**
 * How people read an integer: `hex` for frame numbers, addresses and register indexes, which
 * text and JSON reports show as `0x100200` (the canonical decode JSON keeps its decimal form).
 */
export type Display = 'hex';

/** The identity fields of a list's items: its declared key, else its ascending field. */
export function listIdentity(d: Desc): readonly string[] | undefined {
  if (d.kind !== 'list') return undefined;
  return d.key ?? (d.ascending !== undefined ? [d.ascending] : undefined);
}

/** Whether an integer node reads best in hex (its `display` hint). */
export function isHex(d: Desc): boolean {
  return (d.kind === 'uint' || d.kind === 'u64') && d.display === 'hex';
}

export interface StructDesc {
  readonly kind: 'struct';
  readonly name: string;
  readonly fields: Readonly<Record<string, Field>>;
  /** Field numbers no longer written (nil on the wire), kept so they are never reused. */
  readonly retired: readonly RetiredField[];
  /**
   * A closed struct never grows: a reader refuses unknown trailing fields instead of keeping
   * them (END, which is framing and has no JSON form to carry them in).
   */
  readonly closed?: boolean;
}

export interface Node<Z extends z.ZodType = z.ZodType, D extends Desc = Desc> {
  /** zod schema of the in-memory value; the TypeScript type is `z.infer` of it. */
  readonly zod: Z;
  readonly desc: D;
}

export interface Field<N extends Node = Node> {
  /** Field number: the position on the wire (array index + 1), never reused. */
  readonly no: number;
  readonly node: N;
  readonly doc: string;
  /** Value a reader uses when the field is absent or nil (added fields, retired fields). */
  readonly default?: unknown;
}

export interface RetiredField {
  readonly no: number;
  readonly name: string;
  readonly doc: string;
}

type Shape<F extends Record<string, Field>> = { -readonly [K in keyof F]: F[K]['node']['zod'] };
export type StructNode<F extends Record<string, Field> = Record<string, Field>> = Node<z.ZodObject<Shape<F>>, StructDesc> & {
  readonly fields: F;
};
export type Infer<N extends Node> = z.infer<N['zod']>;

/**
 * `rest` with a `zod` property built on first use. Building the zod schemas of every version took
 * most of a one-off `xenlu validate`'s start-up, and reading or writing dumps never uses them (the
 * JSON form and the typed-state checks do).
 */
export function lazyZod<Z extends z.ZodType, T extends object>(build: () => Z, rest: T): T & { readonly zod: Z } {
  let zod: Z | undefined;
  return Object.defineProperty(rest, 'zod', { get: () => (zod ??= build()), enumerable: true }) as T & { readonly zod: Z };
}

let zodLoaded: typeof z | undefined;

/**
 * zod itself, loaded on first use like the schemas built with it: a command that only reads or
 * writes dumps never loads it (its ~750 KB were a third of the bundled CLI's start-up).
 */
export function zodRuntime(): typeof z {
  return (zodLoaded ??= (createRequire(import.meta.url)('zod') as typeof Zod).z);
}

const UINT_MAX = { 8: 0xff, 16: 0xffff, 32: 0xffffffff } as const;

type UintOpts = { min?: number; max?: number; display?: Display };

function uint(bits: 8 | 16 | 32, opts: UintOpts & { oneOf?: number[] } = {}): Node<z.ZodNumber> {
  const min = opts.min ?? 0;
  const max = opts.max ?? UINT_MAX[bits];
  const allowed = opts.oneOf;
  const zod = () => {
    const n = zodRuntime().number().int().min(min).max(max);
    return allowed ? n.refine((v) => allowed.includes(v), { message: `must be one of ${allowed.join(', ')}` }) : n;
  };
  return lazyZod(zod, { desc: { kind: 'uint', bits, min, max, ...(allowed ? { oneOf: allowed } : {}), ...(opts.display ? { display: opts.display } : {}) } as const });
}

export const u8 = (opts?: UintOpts & { oneOf?: number[] }) => uint(8, opts);
export const u16 = (opts?: UintOpts) => uint(16, opts);
export const u32 = (opts?: UintOpts) => uint(32, opts);

export function u64(opts: { min?: bigint; max?: bigint; display?: Display } = {}): Node<z.ZodBigInt> {
  const min = opts.min ?? 0n;
  const max = opts.max ?? U64_MAX;
  return lazyZod(() => zodRuntime().bigint().min(min).max(max), { desc: { kind: 'u64', min, max, ...(opts.display ? { display: opts.display } : {}) } as const });
}

export function bool(): Node<z.ZodBoolean> {
  return lazyZod(() => zodRuntime().boolean(), { desc: { kind: 'bool' } as const });
}

const utf8 = new TextEncoder();

export function str(maxBytes: number): Node<z.ZodString> {
  const zod = () => zodRuntime().string().refine((s) => utf8.encode(s).length <= maxBytes, { message: `longer than ${maxBytes} UTF-8 bytes` });
  return lazyZod(zod, { desc: { kind: 'str', maxBytes } as const });
}

export function bin(size: number | { min?: number; max: number }): Node<z.ZodType<Uint8Array>> {
  const minBytes = typeof size === 'number' ? size : (size.min ?? 0);
  const maxBytes = typeof size === 'number' ? size : size.max;
  const zod = () => zodRuntime().instanceof(Uint8Array).refine((b) => b.length >= minBytes && b.length <= maxBytes, {
    message: minBytes === maxBytes ? `must be ${minBytes} bytes` : `must be ${minBytes}-${maxBytes} bytes`,
  });
  return lazyZod(zod, { desc: { kind: 'bin', minBytes, maxBytes } as const });
}

export function enumOf<const V extends Record<string, number>>(
  values: V,
  bits: 8 | 16 | 32 = 8,
): Node<z.ZodType<Extract<keyof V, string>>> {
  const names = Object.keys(values) as [Extract<keyof V, string>, ...Extract<keyof V, string>[]];
  return lazyZod(() => zodRuntime().enum(names) as unknown as z.ZodType<Extract<keyof V, string>>, { desc: { kind: 'enum', bits, values } as const });
}

/** An enum's names by code (a hole where no name has the code). */
export function enumNames(d: Desc & { kind: 'enum' }): (string | undefined)[] {
  const names: (string | undefined)[] = [];
  for (const [name, code] of Object.entries(d.values)) names[code] = name;
  return names;
}

/** The largest value an enum's wire width holds. */
export function enumCap(d: Desc & { kind: 'enum' }): number {
  return d.bits === 8 ? 0xff : d.bits === 16 ? 0xffff : 0xffffffff;
}

export function flags<const V extends Record<string, number>>(
  bits: V,
): Node<z.ZodObject<{ [K in Extract<keyof V, string>]: z.ZodBoolean }>> {
  const zod = () => {
    const shape = Object.fromEntries(Object.keys(bits).map((k) => [k, zodRuntime().boolean()])) as { [K in Extract<keyof V, string>]: z.ZodBoolean };
    return zodRuntime().strictObject(shape) as unknown as z.ZodObject<{ [K in Extract<keyof V, string>]: z.ZodBoolean }>;
  };
  return lazyZod(zod, { desc: { kind: 'flags', bits } as const });
}

export function list<I extends Node>(
  item: I,
  opts: { min?: number; max: number; ascending?: string; key?: readonly string[] },
): Node<z.ZodArray<I['zod']>> & { readonly item: I } {
  const minItems = opts.min ?? 0;
  const maxItems = opts.max;
  const key = opts.ascending;
  if (key !== undefined) {
    const d = item.desc;
    if (d.kind !== 'struct' || !(key in d.fields)) throw new Error(`list ascending by ${key}: the items have no such field`);
    const k = d.fields[key]!.node.desc.kind;
    if (k !== 'uint' && k !== 'u64') throw new Error(`list ascending by ${key}: the key must be an integer`);
  }
  const zod = (): z.ZodArray<I['zod']> => {
    const a = zodRuntime().array(item.zod).min(minItems).max(maxItems);
    return key === undefined ? a : a.refine((xs) => strictlyAscending(xs, key) < 0, { message: `items must be in strictly ascending ${key} order` });
  };
  const ident = opts.key;
  if (ident !== undefined) {
    const d = item.desc;
    if (d.kind !== 'struct' || !ident.every((f) => f in d.fields)) throw new Error(`list key ${ident.join(',')}: the items have no such field`);
  }
  return lazyZod(zod, { desc: { kind: 'list', item, minItems, maxItems, ...(key !== undefined ? { ascending: key } : {}), ...(ident !== undefined ? { key: ident } : {}) } as const, item });
}

/**
 * Index of the first item whose `key` is not above the previous item's, or -1 when the keys
 * strictly ascend. Keys are numbers or bigints (integer fields), never mixed within a list.
 */
export function strictlyAscending(items: readonly unknown[], key: string, from = 1): number {
  for (let i = Math.max(from, 1); i < items.length; i++) {
    const a = (items[i - 1] as Record<string, number | bigint>)[key]!;
    const b = (items[i] as Record<string, number | bigint>)[key]!;
    if (!(b > a)) return i;
  }
  return -1;
}

export function opt<I extends Node>(item: I): Node<z.ZodNullable<I['zod']>> {
  return lazyZod(() => item.zod.nullable(), { desc: { kind: 'opt', item } as const });
}

export function field<N extends Node>(no: number, node: N, doc: string, dflt?: Infer<N>): Field<N> {
  return dflt === undefined ? { no, node, doc } : { no, node, doc, default: dflt };
}

export function struct<const F extends Record<string, Field>>(
  name: string,
  declared: F,
  retired: readonly RetiredField[] = [],
  options: { readonly closed?: boolean } = {},
): StructNode<F> {
  // Keys in field-number order everywhere (objects, JSON, docs), whatever order they were declared in.
  const fields = Object.fromEntries(Object.entries(declared).sort((a, b) => a[1].no - b[1].no)) as F;
  const seen = new Map<number, string>();
  for (const [k, f] of Object.entries(fields)) {
    if (!Number.isInteger(f.no) || f.no < 1) throw new Error(`${name}.${k}: field number must be >= 1`);
    if (seen.has(f.no)) throw new Error(`${name}: field number ${f.no} used by ${seen.get(f.no)} and ${k}`);
    seen.set(f.no, k);
  }
  for (const r of retired) {
    if (seen.has(r.no)) throw new Error(`${name}: retired field number ${r.no} reused by ${seen.get(r.no)}`);
    seen.set(r.no, r.name);
  }
  // Numbers are dense (1..n): a struct is a MessagePack array indexed by field number - 1.
  for (let no = 1; no <= seen.size; no++) {
    if (!seen.has(no)) throw new Error(`${name}: field number ${no} is neither a field nor retired`);
  }
  const zod = () => {
    const shape = Object.fromEntries(Object.entries(fields).map(([k, f]) => [k, f.node.zod])) as Shape<F>;
    return zodRuntime().strictObject(shape) as unknown as z.ZodObject<Shape<F>>;
  };
  const desc: StructDesc = { kind: 'struct', name, fields, retired, ...(options.closed ? { closed: true } : {}) };
  return lazyZod(zod, { desc, fields });
}

export type Slot = { readonly kind: 'field'; readonly name: string; readonly field: Field } | { readonly kind: 'retired'; readonly retired: RetiredField };

/** The wire layout of a struct: slot i holds field number i + 1. */
export function wireLayout(s: StructDesc): Slot[] {
  const slots: Slot[] = [];
  for (const [name, f] of Object.entries(s.fields)) slots[f.no - 1] = { kind: 'field', name, field: f };
  for (const r of s.retired) slots[r.no - 1] = { kind: 'retired', retired: r };
  return slots;
}
