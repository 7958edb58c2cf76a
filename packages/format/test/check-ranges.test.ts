/**
 * The compiled structure checker (codec/check.ts) against the strict decoder on u64 ranges no
 * released schema has: bounds below 2^32 and above it, in each MessagePack form, inside and
 * outside a list of bounded items. The checker writes a range test per form, so a bound one
 * form can break and another cannot is only exercised here.
 */
import { describe, expect, it } from 'vitest';
import { CheckContext, structChecker } from '../src/codec/check.js';
import { structDecoder } from '../src/codec/compile.js';
import { field, list, struct, u64 } from '../src/schema/dsl.js';
import { MsgReader } from '../src/wire/msgpack-reader.js';

/** Every encoding of `v` as a MessagePack uint: shortest and not. */
function forms(v: bigint): Uint8Array[] {
  const out: Uint8Array[] = [];
  const be = (n: bigint, bytes: number) => Array.from({ length: bytes }, (_, i) => Number((n >> BigInt(8 * (bytes - 1 - i))) & 0xffn));
  if (v < 0x80n) out.push(Uint8Array.of(Number(v)));
  if (v <= 0xffn) out.push(Uint8Array.of(0xcc, ...be(v, 1)));
  if (v <= 0xffffn) out.push(Uint8Array.of(0xcd, ...be(v, 2)));
  if (v <= 0xffffffffn) out.push(Uint8Array.of(0xce, ...be(v, 4)));
  out.push(Uint8Array.of(0xcf, ...be(v, 8)));
  return out;
}

const RANGES: readonly (readonly [bigint, bigint])[] = [
  [0n, 0x7fn],
  [1n, 0xffn],
  [0x80n, 0x1234n],
  [0x100n, 0xffffn],
  [0x10000n, 0xffffffffn],
  [0x1_2345n, 0x1_0000_0000n],
  [0x1_0000_0000n, 0xff_ffff_ffffn],
  [0x2_0000_0005n, 0x3_0000_0000n],
  [5n, (1n << 52n) - 1n],
  [0n, (1n << 64n) - 1n],
];

/** Values on and around the bounds, and on the form boundaries. */
function probes(min: bigint, max: bigint): bigint[] {
  const edges = [0n, 0x7fn, 0x80n, 0xffn, 0x100n, 0xffffn, 0x10000n, 0xffffffffn, 0x1_0000_0000n, (1n << 64n) - 1n];
  const all = [...edges, min - 1n, min, min + 1n, max - 1n, max, max + 1n];
  return [...new Set(all.filter((v) => v >= 0n && v < 1n << 64n))];
}

function decodes(decoder: (r: MsgReader) => unknown, bytes: Uint8Array): boolean {
  try {
    const r = new MsgReader(bytes);
    decoder(r);
    return r.pos === bytes.length;
  } catch {
    return false;
  }
}

describe('structure checker and decoder agree on u64 ranges in every form', () => {
  for (const [min, max] of RANGES) {
    it(`u64 in ${min}-${max}: alone, and as the items of a list (bounded fast path and its tail)`, () => {
      const one = struct('One', { v: field(1, u64({ min, max }), 'v') }).desc;
      const many = struct('Many', { items: field(1, list(struct('Item', { v: field(1, u64({ min, max }), 'v') }), { max: 64 }), 'items') }).desc;
      const checkOne = structChecker(one);
      const checkMany = structChecker(many);
      const decodeOne = structDecoder(one);
      const decodeMany = structDecoder(many);
      const cx = new CheckContext();
      let accepted = 0;
      for (const v of probes(min, max)) {
        for (const f of forms(v)) {
          const body = Uint8Array.of(0x91, ...f);
          const want = decodes(decodeOne, body);
          expect(checkOne(body, 0, body.length, cx) === body.length, `value ${v} as ${Array.from(f, (x) => x.toString(16)).join(' ')}`).toBe(want);
          // Twenty items, the probe in the middle (the bounded fast path) or last (its tail).
          const ok = forms(min)[0]!;
          for (const at of [10, 19]) {
            const items = Array.from({ length: 20 }, (_, i) => [0x91, ...(i === at ? f : ok)]).flat();
            const listBody = Uint8Array.of(0x91, 0xdc, 0, 20, ...items);
            const listWant = decodes(decodeMany, listBody);
            expect(checkMany(listBody, 0, listBody.length, cx) === listBody.length, `value ${v} as item ${at} of a list`).toBe(listWant);
            expect(listWant).toBe(want);
          }
          if (want) accepted++;
        }
      }
      // The probes include values inside the range, so a checker refusing everything fails too.
      expect(accepted).toBeGreaterThan(0);
    });
  }
});
