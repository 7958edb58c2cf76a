/**
 * The streamed diff reads the P2M and page ownership as columns when a record's entries are plain
 * (readStream `plainColumns`) and feeds the coverage sweep numbers: it must give exactly the
 * entries of the in-memory diff of the decoded states (objects, bigints), whatever the runs'
 * split into entries and records, with unknown fields in the lists, with `--ignore`, and with
 * domains on one side only.
 */
import { describe, expect, test, vi } from 'vitest';
import { EntryColumns } from '../src/codec/columns.js';
import { CoverageSweep } from '../src/diff/coverage.js';
import { type DiffOptions, type DiffResult, diffStates, diffStreams } from '../src/diff/index.js';
import { decode } from '../src/decode.js';
import { encode } from '../src/encode.js';
import { exampleState } from '../src/examples/index.js';
import type { DomainStateV3, State, StateV3 } from '../src/schema/index.js';
import { readStream } from '../src/stream.js';
import { setUnknownChunkFields, setUnknownFields, unknownFieldsOf } from '../src/unknown.js';

type P2m = DomainStateV3['p2m'][number];
type Page = DomainStateV3['pages'][number];

/** Entries per P2M_EXTENTS and PAGES record (maxItems of the v3 schema). */
const CHUNK = 32768;

async function* source(bytes: Uint8Array, slice: number): AsyncGenerator<Uint8Array> {
  for (let i = 0; i < bytes.length; i += slice) yield bytes.subarray(i, i + slice);
}

/**
 * A host and an HVM guest whose P2M and pages are 40000 entries of 4 frames, contiguous, types
 * changing every third entry (so maximal runs span several entries and records), plus a domain
 * `extra` when given.
 */
function state(extra?: number): StateV3 {
  const s = exampleState(3);
  const hvm = structuredClone(s.domains.find((d) => d.p2m.length > 0 && d.pages.length > 0)!);
  const x = hvm.p2m[0]!;
  const pg = hvm.pages[0]!;
  const n = 40_000;
  hvm.p2m = Array.from({ length: n }, (_, i): P2m => ({ ...x, gfn: 4n * BigInt(i), mfn: 0x100_0000n + 4n * BigInt(i), count: 4n, type: i % 6 < 3 ? 'ram_rw' : 'ram_ro' }));
  hvm.pages = Array.from({ length: n }, (_, i): Page => ({ ...pg, first_mfn: 0x100_0000n + 4n * BigInt(i), count: 4n, pinned: i % 6 < 3 }));
  const domains = [s.domains.find((d) => d.domain.domid === 0)!, hvm];
  if (extra !== undefined) domains.push({ ...structuredClone(hvm), domain: { ...hvm.domain, domid: extra } });
  return { host: s.host, domains };
}

/** Each entry of 4 frames as two of 2 (the same coverage in twice the entries and records). */
function split<T extends { count: bigint }>(list: T[], at: (x: T, by: bigint) => T): T[] {
  return list.flatMap((x) => [{ ...x, count: 2n }, { ...at(x, 2n), count: 2n }]);
}

/** Neighbours with the same type (and delta) as one entry (the same coverage in fewer entries). */
function merged<T extends { count: bigint }>(list: T[], continues: (prev: T, x: T) => boolean): T[] {
  const out: T[] = [];
  for (const x of list) {
    const last = out[out.length - 1];
    if (last && continues(last, x)) out[out.length - 1] = { ...last, count: last.count + x.count };
    else out.push({ ...x });
  }
  return out;
}

const p2mSplit = (l: P2m[]) => split(l, (x, by) => ({ ...x, gfn: x.gfn + by, mfn: x.mfn + by }));
const pagesSplit = (l: Page[]) => split(l, (x, by) => ({ ...x, first_mfn: x.first_mfn + by }));
const p2mMerged = (l: P2m[]) => merged(l, (p, x) => p.gfn + p.count === x.gfn && p.mfn + p.count === x.mfn && p.type === x.type && p.access === x.access);
const pagesMerged = (l: Page[]) => merged(l, (p, x) => p.first_mfn + p.count === x.first_mfn && p.type === x.type && p.pinned === x.pinned);

/** A v3 dump as a v3 state, as the streamed diff reads it. */
const decoded = (bytes: Uint8Array) => decode(bytes, { readerVersion: 3 }).state as State;

/** What the streamed diff fed its sweeps: lists of objects and lists of columns. */
interface Fed {
  objects: number;
  columns: number;
}

/** The in-memory diff of the decoded dumps, and the streamed one (fed in odd slices), with what it fed its sweeps. */
async function both(a: Uint8Array, b: Uint8Array, options: DiffOptions = {}): Promise<{ memory: DiffResult; streamed: DiffResult; fed: Fed }> {
  const memory = diffStates(decoded(a), 3, decoded(b), 3, options);
  const fed = { objects: 0, columns: 0 };
  const push = CoverageSweep.prototype.push;
  const spy = vi.spyOn(CoverageSweep.prototype, 'push').mockImplementation(function (this: CoverageSweep, side, items) {
    if (items instanceof EntryColumns) fed.columns++;
    else fed.objects++;
    push.call(this, side, items);
  });
  try {
    return { memory, streamed: await diffStreams(source(a, 4099), source(b, 65536), options), fed };
  } finally {
    spy.mockRestore();
  }
}

const guest = (s: StateV3) => s.domains[1]!;

describe('the columnar streamed diff gives the entries of the in-memory diff', () => {
  const a = state();
  const ea = encode(a, 3);
  const edits: [string, (d: DomainStateV3) => void, number][] = [
    ['the runs split in twice the entries', (d) => void ((d.p2m = p2mSplit(d.p2m)), (d.pages = pagesSplit(d.pages))), 0],
    ['the runs merged into maximal entries', (d) => void ((d.p2m = p2mMerged(d.p2m)), (d.pages = pagesMerged(d.pages))), 0],
    ['split, with a frame remapped in the last entry of the first record', (d) => void ((d.p2m = p2mSplit(d.p2m)), (d.p2m[CHUNK - 1] = { ...d.p2m[CHUNK - 1]!, mfn: 0x7n })), 1],
    ['type changed across the record boundary', (d) => void [CHUNK - 1, CHUNK].forEach((i) => (d.p2m[i] = { ...d.p2m[i]!, type: 'mmio_direct' })), 1],
    ['access changed in the first entry of the second record', (d) => void (d.p2m[CHUNK] = { ...d.p2m[CHUNK]!, access: 'n' }), 1],
    ['a stretch removed at the boundary', (d) => void d.p2m.splice(CHUNK - 2, 4), 1],
    ['a stretch added past the end', (d) => void d.pages.push({ ...d.pages[0]!, first_mfn: 0x200_0000n, count: 9n }), 1],
    ['pages pinned on both sides of the boundary', (d) => void [CHUNK - 1, CHUNK + 1].forEach((i) => (d.pages[i] = { ...d.pages[i]!, pinned: !d.pages[i]!.pinned })), 2],
  ];
  for (const [name, edit, stretches] of edits) {
    test(name, async () => {
      const b = structuredClone(a);
      edit(guest(b));
      const eb = encode(b, 3);
      const { memory, streamed, fed } = await both(ea, eb);
      expect(streamed.entries).toEqual(memory.entries);
      expect(streamed.counts).toEqual(memory.counts);
      expect(memory.entries.filter((e) => /\.(p2m|pages)\[/.test(e.path))).toHaveLength(stretches);
      expect(fed.objects).toBe(0);
      expect(fed.columns).toBeGreaterThan(4);
      const back = await both(eb, ea);
      expect(back.streamed.entries).toEqual(back.memory.entries);
    });
  }

  test('unknown fields in a P2M entry and on a PAGES record: that record as objects, the rest as columns, reported as in memory', async () => {
    const b = structuredClone(a);
    const g = guest(b);
    g.p2m[CHUNK + 5] = { ...g.p2m[CHUNK + 5]!, mfn: 0x7n };
    setUnknownFields(g.p2m[CHUNK + 5]!, [{ no: 6, raw: new Uint8Array([0x2a]) }]);
    setUnknownChunkFields(g.pages, [{ chunk: 1, fields: [{ no: 2, raw: new Uint8Array([0xc3]) }] }]);
    const eb = encode(b, 3);
    // The reader keeps the entry's unknown field: its record comes as objects.
    const lists: (EntryColumns | unknown[])[] = [];
    for await (const ev of readStream(source(eb, 1 << 20), { plainColumns: new Set(['p2m']) })) {
      if (ev.kind === 'section' && ev.info.key === 'p2m' && ev.domid === guest(b).domain.domid) lists.push(ev.value as EntryColumns | unknown[]);
    }
    expect(lists.map((l) => l instanceof EntryColumns)).toEqual([true, false]);
    expect(unknownFieldsOf((lists[1] as object[])[5]!)).toEqual([{ no: 6, raw: new Uint8Array([0x2a]) }]);
    const first = lists[0] as EntryColumns;
    expect(Array.from({ length: first.length }, (_, j) => first.at(j))).toEqual((decoded(eb) as StateV3).domains[1]!.p2m.slice(0, CHUNK));

    const { memory, streamed, fed } = await both(ea, eb);
    expect(memory.entries.map((e) => `${e.kind} ${e.path}`)).toEqual([
      `changed domains[domid=${g.domain.domid}].p2m[gfn=${`0x${g.p2m[CHUNK + 5]!.gfn.toString(16)}`}-${`0x${(g.p2m[CHUNK + 5]!.gfn + 3n).toString(16)}`}]`,
      `added domains[domid=${g.domain.domid}].pages.$unknown_chunk_fields[1][2]`,
    ]);
    expect(streamed.entries).toEqual(memory.entries);
    expect(fed.objects).toBe(1);
    expect(fed.columns).toBeGreaterThan(2);
    // The reader tells of the entry's field as a field it does not know, as it did before.
    expect(streamed.droppedB).toEqual(decode(eb, { readerVersion: 3 }).dropped);
  });

  test('--ignore, and domains on one side only', async () => {
    const b = state(9);
    guest(b).p2m[3] = { ...guest(b).p2m[3]!, access: 'r' };
    guest(b).pages[CHUNK] = { ...guest(b).pages[CHUNK]!, type: 'l2' };
    const eb = encode(b, 3);
    for (const ignore of [[], ['domains[*].p2m[*]'], ['**.pages'], ['domains[domid=9]', 'domains[*].p2m'], ['domains[*].pagez']]) {
      const { memory, streamed } = await both(ea, eb, { ignore });
      expect(streamed.entries, ignore.join()).toEqual(memory.entries);
      expect(streamed.unmatchedIgnores, ignore.join()).toEqual(memory.unmatchedIgnores);
      expect(streamed.same).toBe(memory.same);
    }
    expect((await both(ea, eb)).memory.entries.map((e) => `${e.kind} ${e.path.replace(/\[gfn=.*|\[first_mfn=.*/, '[..]')}`)).toEqual([
      `changed domains[domid=${guest(b).domain.domid}].p2m[..]`,
      `changed domains[domid=${guest(b).domain.domid}].pages[..]`,
      'added domains[domid=9]',
    ]);
    const back = await both(eb, ea, { ignore: ['**.p2m'] });
    expect(back.streamed.entries).toEqual(back.memory.entries);
  });
});
