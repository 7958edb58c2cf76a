/**
 * The streamed diff compares the P2M and page ownership chunk by chunk, the two readers in step:
 * it must report exactly what the in-memory diff reports (entries, values, order), on goldens and
 * on pairs with edits inside long lists, and must not read a domain whole before reporting on it.
 */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { CoverageSweep, type CoverageDiff, coverageDiff } from '../src/diff/coverage.js';
import { type DiffEntry, diffStates, diffStreams } from '../src/diff/index.js';
import { coverageOf } from '../src/diff/identity.js';
import { decode } from '../src/decode.js';
import { encode } from '../src/encode.js';
import { exampleState } from '../src/examples/index.js';
import type { DomainStateV3, State, StateV3, Version } from '../src/schema/index.js';
import { P2mExtent } from '../src/schema/v3.js';

type Obj = Record<string, unknown>;

const P2M = coverageOf(P2mExtent.desc)!;

/** Bytes as a source that yields `slice` bytes at a time, counting what it has handed out. */
function sourceOf(bytes: Uint8Array, slice = 1 << 16): { source: AsyncIterable<Uint8Array>; yielded: () => number } {
  let yielded = 0;
  async function* gen() {
    for (let i = 0; i < bytes.length; i += slice) {
      const chunk = bytes.subarray(i, i + slice);
      yielded += chunk.length;
      yield chunk;
    }
  }
  return { source: gen(), yielded: () => yielded };
}

async function streamed(a: Uint8Array, b: Uint8Array): Promise<DiffEntry[]> {
  const entries: DiffEntry[] = [];
  await diffStreams(sourceOf(a, 4099).source, sourceOf(b, 65536).source, { onEntry: (e) => entries.push(e) });
  return entries;
}

/** The in-memory diff and the streamed one of two encoded dumps: the same entries, in the same order. */
async function expectSameDiff(a: Uint8Array, b: Uint8Array, name = ''): Promise<DiffEntry[]> {
  // Each in its own version, as the streamed diff reads them.
  const da = decode(a, { readerVersion: decode(a).streamVersion as Version });
  const db = decode(b, { readerVersion: decode(b).streamVersion as Version });
  const memory = diffStates(da.state as State, da.version, db.state as State, db.version).entries;
  expect(await streamed(a, b), name).toEqual(memory);
  return [...memory];
}

/** A golden dump, as plain bytes (a Buffer would decode blobs as Buffers, the stream as Uint8Arrays). */
const golden = (v: number) => new Uint8Array(readFileSync(new URL(`../../../fixtures/v${v}/example.xlu`, import.meta.url)));

/** A guest with `n` P2M extents and page ranges, one frame each and apart, so none merge. */
function longLists(d: DomainStateV3, n: number, base = 0x100_0000n): void {
  const x = d.p2m[0]!;
  const pg = d.pages[0]!;
  d.p2m = Array.from({ length: n }, (_, i) => ({ ...x, gfn: BigInt(2 * i), mfn: base + BigInt(3 * i), count: 1n }));
  d.pages = Array.from({ length: n }, (_, i) => ({ ...pg, first_mfn: base + BigInt(3 * i), count: 1n }));
}

function hvmState(): StateV3 {
  const s = exampleState(3);
  const hvm = s.domains.find((d) => d.p2m.length > 0 && d.pages.length > 0)!;
  return { host: s.host, domains: [s.domains.find((d) => d.domain.domid === 0)!, hvm] };
}

describe('streamed diff agrees with the in-memory diff', () => {
  test('every pair of goldens, across versions too', async () => {
    const goldens = [1, 2, 3].map((v) => golden(v));
    for (const a of goldens) for (const b of goldens) await expectSameDiff(a, b);
  });

  test('edits inside long lists, at chunk boundaries, and lists of different lengths', async () => {
    const a = hvmState();
    const guest = a.domains[1]!;
    longLists(guest, 33_000); // two P2M_EXTENTS and PAGES records
    const ea = encode(a, 3);
    const edits: [string, (d: DomainStateV3) => void][] = [
      ['remap in the first chunk', (d) => void (d.p2m[5] = { ...d.p2m[5]!, mfn: 0x7n })],
      ['type at the chunk boundary', (d) => void (d.p2m[32767] = { ...d.p2m[32767]!, type: d.p2m[32767]!.type === 'ram_rw' ? 'ram_ro' : 'ram_rw' })],
      ['a frame more, merging across a boundary', (d) => void (d.p2m[32768] = { ...d.p2m[32768]!, count: 2n })],
      ['pages pinned in the last chunk', (d) => void (d.pages[32_999] = { ...d.pages[32_999]!, pinned: !d.pages[32_999]!.pinned })],
      ['B shorter by 28000 entries', (d) => void ((d.p2m = d.p2m.slice(0, 5_000)), (d.pages = d.pages.slice(5_000)))],
      ['B with no P2M', (d) => void (d.p2m = [])],
      ['B longer, same runs split in two', (d) => void (d.p2m = d.p2m.flatMap((x, i) => (i % 100 ? [x] : [x, { ...x, gfn: x.gfn + 1n, mfn: x.mfn + 1n }])))],
      ['a vCPU and the pages', (d) => void ((d.vcpus[0]!.singleshot_deadline_ns += 1n), (d.pages = d.pages.slice(1)))],
    ];
    for (const [name, edit] of edits) {
      const b = structuredClone(a);
      edit(b.domains[1]!);
      const entries = await expectSameDiff(ea, encode(b, 3), name);
      expect(entries.length, name).toBeGreaterThan(0);
      // And the other way round.
      await expectSameDiff(encode(b, 3), ea, name);
    }
  });

  test('domains on one side only, and a v1 dump against a v3 one', async () => {
    const a = hvmState();
    longLists(a.domains[1]!, 35_000);
    const b = structuredClone(a);
    b.domains.push({ ...structuredClone(a.domains[1]!), domain: { ...a.domains[1]!.domain, domid: 9 } });
    const entries = await expectSameDiff(encode(a, 3), encode(b, 3));
    expect(entries.map((e) => `${e.kind} ${e.path}`)).toEqual(['added domains[domid=9]']);
    await expectSameDiff(encode(b, 3), encode(a, 3));
    await expectSameDiff(golden(1), encode(b, 3));
  });
});

test('a difference early in a long P2M is reported before the domain has been read', async () => {
  const a = hvmState();
  longLists(a.domains[1]!, 200_000);
  const b = structuredClone(a);
  b.domains[1]!.p2m[0] = { ...b.domains[1]!.p2m[0]!, mfn: 0x7n };
  const ea = encode(a, 3);
  const sa = sourceOf(ea);
  const sb = sourceOf(encode(b, 3));
  let readAtFirst: number | undefined;
  await diffStreams(sa.source, sb.source, { onEntry: () => void (readAtFirst ??= sa.yielded()) });
  expect(readAtFirst).toBeDefined();
  // The guest's P2M alone is ~3 MB; its first chunk is reported on after the first record or two.
  expect(readAtFirst!).toBeLessThan(ea.length / 4);
});

describe('CoverageSweep', () => {
  /** Ascending, non-overlapping ranges of a few frames over a small space, with few targets and types. */
  const ranges = fc
    .array(fc.record({ gap: fc.integer({ min: 0, max: 3 }), count: fc.integer({ min: 0, max: 4 }), shift: fc.integer({ min: 0, max: 2 }), type: fc.constantFrom('ram_rw', 'ram_ro') }), { maxLength: 40 })
    .map((xs) => {
      let at = 0n;
      const out: Obj[] = [];
      for (const x of xs) {
        const gfn = at + BigInt(x.gap);
        out.push({ gfn, mfn: gfn + BigInt(x.shift) * 0x100n, count: BigInt(x.count), type: x.type, access: 'rwx' });
        at = gfn + (x.count === 0 ? 1n : BigInt(x.count));
      }
      return out;
    });

  /** Frame by frame: what each side maps at each frame, and the maximal stretches of one kind. */
  function perFrame(a: readonly Obj[], b: readonly Obj[]): [string, bigint, bigint][] {
    const map = (xs: readonly Obj[]) => {
      const m = new Map<bigint, string>();
      for (const x of xs) for (let i = 0n; i < (x['count'] as bigint); i++) m.set((x['gfn'] as bigint) + i, `${(x['mfn'] as bigint) + i}/${String(x['type'])}`);
      return m;
    };
    const A = map(a);
    const B = map(b);
    const frames = [...new Set([...A.keys(), ...B.keys()])].sort((x, y) => (x < y ? -1 : 1));
    const out: [string, bigint, bigint][] = [];
    for (const f of frames) {
      const x = A.get(f);
      const y = B.get(f);
      const kind = x === undefined ? 'added' : y === undefined ? 'removed' : x === y ? undefined : 'changed';
      if (!kind) continue;
      const last = out[out.length - 1];
      if (last && last[0] === kind && last[2] === f) last[2] = f + 1n;
      else out.push([kind, f, f + 1n]);
    }
    return out;
  }

  test('fed in chunks of any size, as it asks, it reports what the whole lists give, frame for frame', () => {
    fc.assert(
      fc.property(ranges, ranges, fc.integer({ min: 1, max: 7 }), (a, b, chunk) => {
        const whole = coverageDiff(a, b, P2M);
        expect(whole.map((d) => [d.kind, d.start, d.end])).toEqual(perFrame(a, b));
        const fed: CoverageDiff[] = [];
        const sweep = new CoverageSweep(P2M, (d) => fed.push(d));
        const at = { a: 0, b: 0 };
        const lists = { a, b };
        for (let need = sweep.advance(); need !== 'done'; need = sweep.advance()) {
          const items = lists[need].slice(at[need], at[need] + chunk);
          at[need] += chunk;
          if (items.length) sweep.push(need, items);
          else sweep.end(need);
        }
        expect(fed).toEqual(whole);
      }),
      { numRuns: 300 },
    );
  });
});
