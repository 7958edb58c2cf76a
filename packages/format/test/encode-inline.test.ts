/**
 * The generated encoders write bounded scalars straight into the buffer, and a list of fixed
 * structs writes its items in the loop. These pin what that must not change: the canonical
 * shortest form at every width boundary (MsgWriter's methods are the reference), and each
 * refusal's message and path.
 */
import { describe, expect, it } from 'vitest';
import { chunkEncoder, structEncoder } from '../src/codec/compile.js';
import { decode } from '../src/decode.js';
import { encode } from '../src/encode.js';
import { StateError } from '../src/errors.js';
import type { StateV3 } from '../src/schema/index.js';
import { P2M_EXTENTS, P2mExtent, PirqBinding } from '../src/schema/v3.js';
import { PageRange } from '../src/schema/v1.js';
import { setUnknownFields, unknownFieldsOf } from '../src/unknown.js';
import { MsgWriter } from '../src/wire/msgpack-writer.js';
import { tinyState } from './tiny-state.js';

type Extent = StateV3['domains'][number]['p2m'][number];

const extent = (gfn: bigint, mfn: bigint, count: bigint): Extent => ({ gfn, mfn, count, type: 'ram_rw', access: 'rwx' });

/** Integers on each side of every MessagePack width boundary, up to `max`. */
function boundaries(max: bigint): bigint[] {
  const edges = [0n, 1n, 0x7fn, 0x80n, 0xffn, 0x100n, 0xffffn, 0x10000n, 0xffffffffn, 0x100000000n, (1n << 52n) - 1n, 1n << 52n, (1n << 53n) - 1n, 1n << 53n, (1n << 64n) - 1n];
  return edges.filter((v) => v <= max);
}

function written(f: (w: MsgWriter) => void): Uint8Array {
  const w = new MsgWriter(8);
  f(w);
  return w.toBytes();
}

/** The refusal `encode` gives, as `path: message`. */
function refusal(s: StateV3): string {
  try {
    encode(s, 3);
  } catch (e) {
    expect(e).toBeInstanceOf(StateError);
    return (e as StateError).describe();
  }
  throw new Error('encode accepted the state');
}

function withP2m(entries: Extent[]): StateV3 {
  const s = tinyState();
  s.domains[0]!.p2m = entries;
  return s;
}

describe('inline encoders: shortest form at every width boundary', () => {
  it('the reference: the writer methods give MessagePack\'s shortest form on each side of a boundary', () => {
    const forms: [bigint, number[]][] = [
      [0x7fn, [0x7f]],
      [0x80n, [0xcc, 0x80]],
      [0xffn, [0xcc, 0xff]],
      [0x100n, [0xcd, 0x01, 0x00]],
      [0xffffn, [0xcd, 0xff, 0xff]],
      [0x10000n, [0xce, 0x00, 0x01, 0x00, 0x00]],
      [0xffffffffn, [0xce, 0xff, 0xff, 0xff, 0xff]],
      [0x100000000n, [0xcf, 0, 0, 0, 0x01, 0, 0, 0, 0]],
      [(1n << 53n) - 1n, [0xcf, 0, 0x1f, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff]],
      [(1n << 64n) - 1n, [0xcf, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff]],
    ];
    for (const [v, bytes] of forms) {
      expect([...written((w) => w.u64(v))]).toEqual(bytes);
      if (v < 1n << 53n) expect([...written((w) => w.u53(Number(v)))]).toEqual(bytes);
      if (v <= 0xffffffffn) expect([...written((w) => w.uint(Number(v)))]).toEqual(bytes);
    }
  });

  it('a fixed struct (u64 below 2^53, enums) writes what the writer methods write', () => {
    const encodeExtent = structEncoder(P2mExtent.desc);
    for (const v of boundaries((1n << 52n) - 1n)) {
      const e = extent(v, v, v === 0n ? 1n : v);
      const expected = written((w) => {
        w.arrayHeader(5);
        w.u64(e.gfn);
        w.u64(e.mfn);
        w.u64(e.count);
        w.uint(0);
        w.uint(7);
      });
      expect(written((w) => encodeExtent(w, e))).toEqual(expected);
    }
  });

  it('full 64-bit and 32-bit fields (MSI address and data, PIRQ numbers) too', () => {
    const encodePirq = structEncoder(PirqBinding.desc);
    for (const address of boundaries((1n << 64n) - 1n)) {
      const n = Number(address > 0xffffffffn ? 0xffffffffn : address);
      const pirq = { pirq: n, host_irq: n, msi: { address, data: n }, port: 0 };
      const expected = written((w) => {
        w.arrayHeader(4);
        w.uint(n);
        w.uint(n);
        w.arrayHeader(2);
        w.u64(address);
        w.uint(n);
        w.uint(0);
      });
      expect(written((w) => encodePirq(w, pirq))).toEqual(expected);
      expect(written((w) => encodePirq(w, { ...pirq, msi: null }))).toEqual(written((w) => {
        w.arrayHeader(4);
        w.uint(n);
        w.uint(n);
        w.nil();
        w.uint(0);
      }));
    }
  });

  it('a chunk of entries written in the loop, booleans included, round-trips byte for byte', () => {
    const values = boundaries((1n << 52n) - 1n);
    const pages = values.map((v, i) => ({ first_mfn: v, count: 1n, type: i % 2 ? ('l1' as const) : ('writable' as const), pinned: i % 3 === 0 }));
    const s = withP2m(values.map((v) => extent(v, (1n << 52n) - 1n - v, 1n)));
    s.domains[0]!.pages = pages;
    const bytes = encode(s, 3);
    const back = decode(bytes, { readerVersion: 3 }).state as StateV3;
    expect(back.domains[0]!.p2m).toEqual(s.domains[0]!.p2m);
    expect(back.domains[0]!.pages).toEqual(pages);
    expect(encode(back, 3)).toEqual(bytes);
    // One entry as the chunk encoder writes it, against the writer methods.
    const one = written((w) => chunkEncoder(P2M_EXTENTS.body.desc)(w, { entries: [extent(0x80n, 0x10000n, 0x100000000n)] }, 0, 1));
    expect(one).toEqual(written((w) => {
      w.arrayHeader(1);
      w.arrayHeader(1);
      w.arrayHeader(5);
      w.u64(0x80n);
      w.u64(0x10000n);
      w.u64(0x100000000n);
      w.uint(0);
      w.uint(7);
    }));
    const page = written((w) => structEncoder(PageRange.desc)(w, { first_mfn: 0xffn, count: 1n, type: 'writable', pinned: true }));
    expect(page).toEqual(Uint8Array.of(0x94, 0xcc, 0xff, 0x01, 0x07, 0xc3));
  });
});

describe('inline encoders: each refusal keeps its message and path', () => {
  const good = () => [extent(0x100n, 0x5000n, 1n), extent(0x200n, 0x6000n, 2n)];

  it('a bad enum name, or not a string', () => {
    const names = 'ram_rw, invalid, ram_logdirty, ram_ro, mmio_dm, mmio_direct, populate_on_demand, grant_map_rw, grant_map_ro, ram_paging_out, ram_paged, ram_paging_in, ram_shared, ram_broken, map_foreign, ioreq_server';
    const bogus = good();
    (bogus[1] as { type: unknown }).type = 'bogus';
    expect(refusal(withP2m(bogus))).toBe(`domains[0].p2m[1].type: expected one of ${names}, got "bogus"`);
    const number = good();
    (number[1] as { type: unknown }).type = 0;
    expect(refusal(withP2m(number))).toBe(`domains[0].p2m[1].type: expected one of ${names}, got 0`);
    const access = good();
    (access[0] as { access: unknown }).access = 'toString';
    expect(refusal(withP2m(access))).toBe('domains[0].p2m[0].access: expected one of n, r, w, rw, x, rx, wx, rwx, rx2rw, n2rwx, r_pw, got "toString"');
  });

  it('u64 values out of range near 2^32 and 2^53, and of the wrong type', () => {
    const cases: [keyof Extent, unknown, string][] = [
      ['gfn', 1n << 52n, 'gfn: expected a bigint in 0-4503599627370495, got 4503599627370496n'],
      ['gfn', (1n << 53n) + 1n, 'gfn: expected a bigint in 0-4503599627370495, got 9007199254740993n'],
      ['mfn', -1n, 'mfn: expected a bigint in 0-4503599627370495, got -1n'],
      ['count', 0n, 'count: expected a bigint in 1-4503599627370496, got 0n'],
      ['count', (1n << 52n) + 1n, 'count: expected a bigint in 1-4503599627370496, got 4503599627370497n'],
      ['count', 1n << 53n, 'count: expected a bigint in 1-4503599627370496, got 9007199254740992n'],
      ['gfn', 0x100000000, 'gfn: expected a bigint in 0-4503599627370495, got 4294967296'],
      ['mfn', '1', 'mfn: expected a bigint in 0-4503599627370495, got "1"'],
    ];
    for (const [key, value, message] of cases) {
      const entries = good();
      (entries[1] as Record<string, unknown>)[key] = value;
      expect(refusal(withP2m(entries))).toBe(`domains[0].p2m[1].${message}`);
    }
  });

  it('32-bit and full 64-bit fields at their limits', () => {
    const passthrough = (pirq: unknown, address: unknown) => {
      const s = tinyState();
      s.domains[0]!.passthrough = {
        iommu_root_mfn: 0x1000n,
        iommu_levels: 4,
        devices: [],
        pirqs: [{ pirq: pirq as number, host_irq: 5, msi: { address: address as bigint, data: 1 }, port: 0 }],
      };
      return s;
    };
    expect(refusal(passthrough(2 ** 32, 0n))).toBe('domains[0].passthrough.pirqs[0].pirq: expected an integer in 0-4294967295, got 4294967296');
    expect(refusal(passthrough(-1, 0n))).toBe('domains[0].passthrough.pirqs[0].pirq: expected an integer in 0-4294967295, got -1');
    expect(refusal(passthrough(1.5, 0n))).toBe('domains[0].passthrough.pirqs[0].pirq: expected an integer in 0-4294967295, got 1.5');
    expect(refusal(passthrough(1, 1n << 64n))).toBe('domains[0].passthrough.pirqs[0].msi.address: expected a bigint in 0-18446744073709551615, got 18446744073709551616n');
    expect(refusal(passthrough(1, -1n))).toBe('domains[0].passthrough.pirqs[0].msi.address: expected a bigint in 0-18446744073709551615, got -1n');
    expect(refusal(passthrough(1, 1))).toBe('domains[0].passthrough.pirqs[0].msi.address: expected a bigint in 0-18446744073709551615, got 1');
  });

  it('in a fixed struct held by another (SchedParams in Domain)', () => {
    const s = tinyState();
    (s.domains[0]!.domain.sched as { weight: unknown }).weight = 65536;
    expect(refusal(s)).toBe('domains[0].domain.sched.weight: expected an integer in 1-65535, got 65536');
    const t = tinyState();
    (t.domains[0]!.domain as { sched: unknown }).sched = [];
    expect(refusal(t)).toBe('domains[0].domain.sched: expected a SchedParams object, got an array of 0');
  });

  it('an entry that is not an object, a boolean that is not one, and the order', () => {
    const entries: unknown[] = good();
    entries[1] = null;
    expect(refusal(withP2m(entries as Extent[]))).toBe('domains[0].p2m[1]: expected a P2mExtent object, got null');
    const s = tinyState();
    s.domains[0]!.pages = [{ first_mfn: 1n, count: 1n, type: 'writable', pinned: 1 as unknown as boolean }];
    expect(refusal(s)).toBe('domains[0].pages[0].pinned: expected a boolean, got 1');
    const unordered = good().reverse();
    expect(refusal(withP2m(unordered))).toBe('domains[0].p2m[1]: gfn must strictly ascend: 256n follows 512n');
    const repeated = [extent(0x100n, 0x5000n, 1n), extent(0x100n, 0x6000n, 1n)];
    expect(refusal(withP2m(repeated))).toBe('domains[0].p2m[1]: gfn must strictly ascend: 256n follows 256n');
    // Above 2^32 the order is still exact (checked on the numbers the encoder wrote).
    const high = [extent((1n << 52n) - 2n, 0n, 1n), extent((1n << 52n) - 1n, 0n, 1n), extent((1n << 52n) - 3n, 0n, 1n)];
    expect(refusal(withP2m(high))).toBe('domains[0].p2m[2]: gfn must strictly ascend: 4503599627370493n follows 4503599627370495n');
  });
});

describe('inline encoders: unknown fields after an inlined struct', () => {
  it('are appended after the known fields, the header counting them, and read back', () => {
    const entries = [extent(0x100n, 0x5000n, 1n), extent(0x200n, 0x6000n, 2n)];
    // Eleven unknown fields: 16 in all, so the entry's header takes its 3-byte form.
    const fields = Array.from({ length: 11 }, (_, i) => ({ no: 6 + i, raw: Uint8Array.of(i) }));
    setUnknownFields(entries[1]!, fields);
    const one = written((w) => structEncoder(P2mExtent.desc)(w, entries[1]));
    expect([...one.subarray(0, 3)]).toEqual([0xdc, 0x00, 16]);
    expect([...one.subarray(one.length - 11)]).toEqual(fields.map((f) => f.raw[0]));
    const bytes = encode(withP2m(entries), 3);
    const back = decode(bytes, { readerVersion: 3 }).state as StateV3;
    expect(unknownFieldsOf(back.domains[0]!.p2m[1]!)).toEqual(fields);
    expect(unknownFieldsOf(back.domains[0]!.p2m[0]!)).toBeUndefined();
    expect(encode(back, 3)).toEqual(bytes);
  });

  it('of a fixed struct held by another are kept in place', () => {
    const s = tinyState();
    setUnknownFields(s.domains[0]!.domain.sched, [{ no: 3, raw: Uint8Array.of(0xc3) }]);
    const bytes = encode(s, 3);
    const back = decode(bytes, { readerVersion: 3 }).state as StateV3;
    expect(unknownFieldsOf(back.domains[0]!.domain.sched)).toEqual([{ no: 3, raw: Uint8Array.of(0xc3) }]);
    expect(back.domains[0]!.domain.cpupool).toBe(s.domains[0]!.domain.cpupool);
    expect(encode(back, 3)).toEqual(bytes);
  });

  it('with a gap after the known fields are refused, naming the entry', () => {
    const entries = [extent(0x100n, 0x5000n, 1n), extent(0x200n, 0x6000n, 2n)];
    setUnknownFields(entries[1]!, [{ no: 7, raw: Uint8Array.of(1) }]);
    expect(refusal(withP2m(entries))).toBe('domains[0].p2m[1]: unknown fields 7 do not follow the 5 known fields without a gap');
  });
});
