/**
 * Hostile MessagePack encodings: what a buggy serializer or an attacker plants inside a body.
 * Each is a complete value (or a header that claims more than follows), written verbatim.
 */
import { Raw } from './msgpack-tree.js';
import type { Rng } from './rng.js';

const u32be = (n: number) => [(n >>> 24) & 0xff, (n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff];

export const HOSTILE_VALUES: readonly { readonly name: string; readonly bytes: readonly number[] }[] = [
  { name: 'array32 claiming 2^32-1 items', bytes: [0xdd, ...u32be(0xffffffff)] },
  { name: 'array16 claiming 65535 items', bytes: [0xdc, 0xff, 0xff] },
  { name: 'map32 claiming 2^32-1 pairs', bytes: [0xdf, ...u32be(0xffffffff)] },
  { name: 'map16', bytes: [0xde, 0x00, 0x01, 0x01, 0x02] },
  { name: 'fixmap', bytes: [0x81, 0x01, 0x02] },
  { name: 'empty fixmap', bytes: [0x80] },
  { name: 'str32 claiming 4 GiB', bytes: [0xdb, ...u32be(0xffffffff)] },
  { name: 'bin32 claiming 4 GiB', bytes: [0xc6, ...u32be(0xffffffff)] },
  { name: 'bin32 claiming 1 GiB', bytes: [0xc6, ...u32be(0x40000000)] },
  { name: 'ext32 claiming 4 GiB', bytes: [0xc9, ...u32be(0xffffffff), 0x01] },
  { name: 'fixext', bytes: [0xd4, 0x01, 0x00] },
  { name: 'float32', bytes: [0xca, 0x3f, 0x80, 0x00, 0x00] },
  { name: 'float64 NaN', bytes: [0xcb, 0x7f, 0xf8, 0, 0, 0, 0, 0, 0] },
  { name: 'negative fixint', bytes: [0xff] },
  { name: 'int8', bytes: [0xd0, 0x80] },
  { name: 'int64', bytes: [0xd3, 0x80, 0, 0, 0, 0, 0, 0, 0] },
  { name: 'never-used 0xc1', bytes: [0xc1] },
  { name: 'uint8 not shortest', bytes: [0xcc, 0x05] },
  { name: 'uint16 not shortest', bytes: [0xcd, 0x00, 0x05] },
  { name: 'uint32 not shortest', bytes: [0xce, 0x00, 0x00, 0x00, 0x05] },
  { name: 'uint64 not shortest', bytes: [0xcf, 0, 0, 0, 0, 0, 0, 0, 0x05] },
  { name: 'uint64 max', bytes: [0xcf, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff] },
  { name: 'array16 not shortest', bytes: [0xdc, 0x00, 0x01, 0xc0] },
  { name: 'str8 not shortest', bytes: [0xd9, 0x01, 0x41] },
  { name: 'invalid UTF-8', bytes: [0xa2, 0xc3, 0x28] },
  { name: 'lone surrogate UTF-8', bytes: [0xa3, 0xed, 0xa0, 0x80] },
  { name: 'truncated uint16', bytes: [0xcd, 0x01] },
  { name: 'truncated array', bytes: [0x93, 0x01] },
];

export function hostileValue(rng: Rng): Raw {
  return new Raw(Uint8Array.from(rng.pick(HOSTILE_VALUES).bytes));
}

/** `depth` nested one-element arrays around nil: bounded by the depth limit, never the stack. */
export function nested(depth: number): Raw {
  const b = new Uint8Array(depth + 1).fill(0x91);
  b[depth] = 0xc0;
  return new Raw(b);
}

/** Interesting integers for any width. */
export const INTERESTING_U64: readonly bigint[] = [
  0n, 1n, 2n, 7n, 8n, 15n, 16n, 0x7fn, 0x80n, 0xffn, 0x100n, 0x3ffn, 0x400n, 0xfffn, 0x1000n, 0x7fefn, 0x7ff0n, 0x7fffn,
  0x8000n, 0xffffn, 0x10000n, 0x20000n, 0x7fffffffn, 0x80000000n, 0xffffffffn, 0x100000000n, 0x1fffffffffffffn,
  0x8000000000000000n, 0xffffffffffffffffn,
];

export const INTERESTING_BYTES: readonly number[] = [0x00, 0x01, 0x7f, 0x80, 0x90, 0x9f, 0xc0, 0xc1, 0xc2, 0xcc, 0xcf, 0xdc, 0xdd, 0xdf, 0xff];
