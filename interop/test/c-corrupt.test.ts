/**
 * Corrupted streams: the C reader refuses every one the framing can catch (flipped bytes,
 * truncations, bogus lengths) with the same error code and offset as @xenlu/format, refuses the
 * same structural faults behind valid checksums (order, END count, unknown mandatory records,
 * reserved bits, hostile MessagePack), is never stricter than xenlu on random body damage, and
 * reads no byte it should not: every case runs under valgrind, all in one process.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { FormatError, LATEST_VERSION, VERSIONS, type Version, isVersion, assembleStream, decode, reseal, splitRecords } from '@xenlu/format';
import { type CBuild, REPO, VALGRIND_ERROR, buildC, valgrind } from './c-toolchain.js';

type Kind = 'framing' | 'structural' | 'body';

interface Case {
  readonly name: string;
  readonly kind: Kind;
  readonly bytes: Uint8Array;
}

interface Verdict {
  readonly ok: boolean;
  readonly code?: string;
  readonly offset?: number;
}

const golden = (v: Version) => new Uint8Array(readFileSync(join(REPO, `fixtures/v${v}/example.xlu`)));

/** Deterministic PRNG (mulberry32), so a failure names a reproducible case. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const setU32 = (b: Uint8Array, at: number, v: number) => new DataView(b.buffer, b.byteOffset, b.byteLength).setUint32(at, v >>> 0);
const raw = (b: Uint8Array) => splitRecords(b).map(({ type, body }) => ({ type, body }));

function framingCases(v: Version): Case[] {
  const base = golden(v);
  const recs = splitRecords(base);
  const out: Case[] = [];
  // Flipped bytes: the whole header, then every 13th byte, then the tail.
  const positions = new Set<number>();
  for (let i = 0; i < 32; i++) positions.add(i);
  for (let i = 32; i < base.length; i += 13) positions.add(i);
  for (let i = base.length - 8; i < base.length; i++) positions.add(i);
  for (const at of positions) {
    const b = base.slice();
    b[at] = b[at]! ^ (at % 2 ? 0x80 : 0x01);
    out.push({ name: `v${v} flip @${at}`, kind: 'framing', bytes: b });
  }
  // Truncations: every 7th length and around every record boundary.
  const lengths = new Set<number>([0, 1, 7, 8, 31, 33]);
  for (let n = 0; n < base.length; n += 7) lengths.add(n);
  for (const r of recs) for (const d of [-1, 0, 1, 15, 16, 17]) lengths.add(r.offset + d);
  for (const n of lengths) if (n >= 0 && n < base.length) out.push({ name: `v${v} truncated to ${n}`, kind: 'framing', bytes: base.slice(0, n) });
  // Bogus body lengths, checksums left as they were.
  for (const r of recs.slice(0, 6).concat(recs.slice(-2))) {
    for (const len of [0xffffffff, 0x80000000, 0x7ffffff8, r.body.length + 1, r.body.length + 8, Math.max(0, r.body.length - 1), base.length]) {
      const b = base.slice();
      setU32(b, r.offset + 4, len);
      out.push({ name: `v${v} record @${r.offset} length ${len}`, kind: 'framing', bytes: b });
    }
  }
  return out;
}

function structuralCases(v: Version): Case[] {
  const base = golden(v);
  const recs = raw(base);
  const n = recs.length;
  const end = (count: number) => ({ type: 0, body: new Uint8Array([0x91, count]) });
  const withoutEnd = recs.slice(0, -1);
  const out: Case[] = [];
  const add = (name: string, bytes: Uint8Array) => out.push({ name: `v${v} ${name}`, kind: 'structural', bytes });

  for (const i of [0, 1, 2, 3, n - 2]) {
    const kept = withoutEnd.filter((_, j) => j !== i);
    add(`record ${i} dropped`, assembleStream(v, [...kept, end(kept.length)]));
    const dup = [...withoutEnd.slice(0, i + 1), withoutEnd[i]!, ...withoutEnd.slice(i + 1)];
    add(`record ${i} duplicated`, assembleStream(v, [...dup, end(dup.length)]));
  }
  for (const i of [0, 1, 2, 5]) {
    const swapped = withoutEnd.slice();
    [swapped[i], swapped[i + 1]] = [swapped[i + 1]!, swapped[i]!];
    add(`records ${i}, ${i + 1} swapped`, assembleStream(v, [...swapped, end(swapped.length)]));
  }
  add('END count too high', assembleStream(v, [...withoutEnd, end(n)]));
  add('END count too low', assembleStream(v, [...withoutEnd, end(n - 2)]));
  add('no END', assembleStream(v, withoutEnd));
  add('bytes after END', reseal(Uint8Array.from([...base, 0, 0, 0, 0, 0, 0, 0, 0])));
  add('unknown mandatory record', assembleStream(v, [...withoutEnd.slice(0, 3), { type: 0x77, body: new Uint8Array([0x90]) }, ...withoutEnd.slice(3), end(n)]));
  add('unknown optional record', assembleStream(v, [...withoutEnd.slice(0, 3), { type: 0x8000_0077, body: new Uint8Array([0x90]) }, ...withoutEnd.slice(3), end(n)]));
  // Unknown optional bodies are checked like any other (FORMAT.md 5): one value of the subset, nothing after it.
  for (const [name, body] of [['empty', []], ['map', [0x81, 0x01, 0x02]], ['two values', [0x90, 0x90]], ['0xc1', [0xc1]], ['truncated bin', [0xc4, 0x09, 0x01]]] as const) {
    add(`unknown optional record, body ${name}`, assembleStream(v, [...withoutEnd.slice(0, 3), { type: 0x8000_0077, body: Uint8Array.from(body) }, ...withoutEnd.slice(3), end(n)]));
  }
  add('retired P2M record in a v3 stream', assembleStream(v, [...withoutEnd.slice(0, 3), { type: 7, body: new Uint8Array([0x90]) }, ...withoutEnd.slice(3), end(n)]));
  // Header fields behind a valid checksum.
  for (const [name, at, value] of [['framing version 2', 8, 2], ['schema version 0', 12, 0], ['stream flags', 16, 1], ['header reserved', 24, 1]] as const) {
    const b = base.slice();
    setU32(b, at, value);
    add(name, reseal(b));
  }
  {
    const b = base.slice();
    b[23] = b[23]! ^ 1; // xen_minor: no longer the HOST producer's
    add('producer mismatch', reseal(b));
  }
  {
    const b = base.slice();
    setU32(b, 32 + 12, 1); // HOST record header reserved
    add('record reserved', reseal(b));
  }
  {
    const host = splitRecords(base)[0]!;
    const padAt = host.offset + 16 + host.body.length;
    if (host.body.length % 8 !== 0) {
      const b = base.slice();
      b[padAt] = 1;
      add('padding', reseal(b));
    }
  }
  // Hostile MessagePack in the HOST body.
  const hostile: Record<string, number[]> = {
    'array of 2^31 elements': [0xdd, 0x80, 0x00, 0x00, 0x00],
    'array of 2^32-1 elements': [0xdd, 0xff, 0xff, 0xff, 0xff],
    'array 16 of 3': [0xdc, 0x00, 0x03, 0x01, 0x02, 0x03],
    'map': [0x81, 0x01, 0x02],
    'float': [0x91, 0xca, 0, 0, 0, 0],
    'negative fixint': [0x91, 0xff],
    'int 8': [0x91, 0xd0, 0x01],
    'uint 8 of 5': [0x91, 0xcc, 0x05],
    'str 8 of 3': [0x91, 0xd9, 0x03, 0x61, 0x62, 0x63],
    'bin 32 of 2^31': [0x91, 0xc6, 0x80, 0, 0, 0],
    'reserved byte 0xc1': [0x91, 0xc1],
    'two values': [0x90, 0x90],
    'empty body': [],
  };
  {
    // An unknown trailing field (a newer version's) nested 100 deep: both readers bound the nesting.
    const host = recs[0]!.body;
    expect(host[0]! >= 0x90 && host[0]! < 0x9f).toBe(true);
    const body = Uint8Array.from([host[0]! + 1, ...host.subarray(1), ...Array(100).fill(0x91), 0x01]);
    add('HOST unknown field nested 100 deep', assembleStream(v, [{ type: 1, body }, ...withoutEnd.slice(1), end(n - 1)]));
  }
  for (const [name, body] of Object.entries(hostile)) {
    add(`HOST body: ${name}`, assembleStream(v, [{ type: 1, body: new Uint8Array(body) }, ...withoutEnd.slice(1), end(n - 1)]));
  }
  return out;
}

/** Damage behind valid checksums, where C (a structural reader) may accept what xenlu refuses. */
function bodyCases(v: Version, seed: number): Case[] {
  const base = golden(v);
  const random = rng(seed);
  const out: Case[] = [];
  for (let i = 0; i < 150; i++) {
    const b = base.slice();
    const at = 32 + Math.floor(random() * (b.length - 32));
    b[at] = Math.floor(random() * 256);
    out.push({ name: `v${v} resealed byte @${at}`, kind: 'body', bytes: reseal(b) });
  }
  const recs = raw(base);
  for (let i = 0; i < recs.length - 1; i++) {
    const body = Uint8Array.from(recs[i]!.body, () => Math.floor(random() * 256));
    const changed = recs.map((r, j) => (j === i ? { type: r.type, body } : r));
    out.push({ name: `v${v} record ${i} body random`, kind: 'body', bytes: assembleStream(v, changed) });
  }
  return out;
}

function tsVerdict(bytes: Uint8Array): Verdict {
  const schema = bytes.length >= 16 ? new DataView(bytes.buffer, bytes.byteOffset).getUint32(12) : 0;
  // The C reader reads a stream of a version it knows by that version's rules, any other by the latest's.
  const readerVersion = (isVersion(schema) ? schema : LATEST_VERSION) as Version;
  try {
    decode(bytes, { readerVersion });
    return { ok: true };
  } catch (e) {
    if (!(e instanceof FormatError)) throw e;
    return { ok: false, code: e.code, ...(e.location.offset !== undefined ? { offset: e.location.offset } : {}) };
  }
}

let c: CBuild;
let cases: Case[];
let cVerdicts: Verdict[];

beforeAll(() => {
  c = buildC();
  cases = VERSIONS.flatMap((v) => [...framingCases(v), ...structuralCases(v), ...bodyCases(v, 1000 + v)]);
  const dir = join(c.dir, 'corrupt');
  mkdirSync(dir, { recursive: true });
  const paths = cases.map((k, i) => {
    const p = join(dir, `${i}.xlu`);
    writeFileSync(p, k.bytes);
    return p;
  });
  const r = valgrind(c.read, ['--batch', ...paths]);
  if (r.status === VALGRIND_ERROR) throw new Error(`valgrind found a memory error:\n${r.stderr}`);
  if (r.status !== 0) throw new Error(`xlu-read --batch failed (${r.status}): ${r.stderr}`);
  const lines = r.stdout.trimEnd().split('\n');
  cVerdicts = paths.map((p, i) => {
    const line = lines[i] ?? '';
    if (!line.startsWith(`${p}: `)) throw new Error(`no result for case ${i} (${cases[i]!.name}): ${line}`);
    const m = line.slice(p.length + 2).match(/^(?:ok records=\d+|error ([a-z-]+) offset=(\d+) record=-?\d+: .*)$/);
    if (!m) throw new Error(`bad result line: ${line}`);
    return m[1] ? { ok: false, code: m[1], offset: Number(m[2]) } : { ok: true };
  });
}, 600_000);

describe('corrupted streams, C reader under valgrind', () => {
  it('are all read with no memory error (one valgrind process over every case)', () => {
    expect(cases.length).toBeGreaterThan(2000);
    expect(cVerdicts.length).toBe(cases.length);
  });

  it('framing damage: C refuses every case, with xenlu\'s error code and offset', () => {
    const mismatches: string[] = [];
    cases.forEach((k, i) => {
      if (k.kind !== 'framing') return;
      const cv = cVerdicts[i]!;
      const tv = tsVerdict(k.bytes);
      expect(tv.ok, `${k.name}: xenlu accepted it`).toBe(false);
      if (cv.ok || cv.code !== tv.code || cv.offset !== tv.offset) mismatches.push(`${k.name}: C ${JSON.stringify(cv)}, xenlu ${JSON.stringify(tv)}`);
    });
    expect(mismatches).toEqual([]);
  });

  it('structural damage behind valid checksums: C and xenlu agree on every verdict and error code', () => {
    const mismatches: string[] = [];
    let refused = 0;
    cases.forEach((k, i) => {
      if (k.kind !== 'structural') return;
      const cv = cVerdicts[i]!;
      const tv = tsVerdict(k.bytes);
      if (!cv.ok) refused++;
      if (cv.ok !== tv.ok || cv.code !== tv.code) mismatches.push(`${k.name}: C ${JSON.stringify(cv)}, xenlu ${JSON.stringify(tv)}`);
    });
    expect(mismatches).toEqual([]);
    expect(refused).toBeGreaterThan(80);
  });

  it('random body damage: C never refuses what xenlu accepts, and refuses nearly all it refuses', () => {
    const stricter: string[] = [];
    let total = 0;
    let refused = 0;
    let tsRefused = 0;
    cases.forEach((k, i) => {
      if (k.kind !== 'body') return;
      total++;
      const cv = cVerdicts[i]!;
      const tv = tsVerdict(k.bytes);
      if (!cv.ok) refused++;
      if (!tv.ok) tsRefused++;
      if (!cv.ok && tv.ok) stricter.push(`${k.name}: C ${JSON.stringify(cv)}`);
    });
    expect(stricter).toEqual([]);
    // C checks structure, not every value's range, so it may accept a little that xenlu refuses.
    expect(tsRefused).toBeGreaterThan(total / 4);
    expect(refused).toBeGreaterThanOrEqual(0.9 * tsRefused);
  });
});
