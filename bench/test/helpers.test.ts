/**
 * The bench's non-timing helpers: the C-struct size calculator, the JSON-form zod schema of the
 * "JSON + zod" peer, the statistics, the target evaluation, the fragmented-host builder (whose
 * states must be valid, or the bench would measure the wrong thing) and the report's C section. No timings here: speed
 * figures live in bench/RESULTS.md. The builder uses the built example states, so these tests
 * run after `pnpm build` (as `pnpm test` does).
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { VERSIONS as ALL_VERSIONS, decode, encode, toJson, v3, type Version } from '@xenlu/format';
import { exampleState } from '@xenlu/format/testing';
import { validateSemantics } from '../../packages/format/src/semantics/index.js';
import { cStructSize, cStructSizer, inlineLayout } from '../lib/cstruct.mjs';
import { cSection, renderMarkdown, replaceCSection } from '../lib/report.mjs';
import { jsonStateZod } from '../lib/json-zod.mjs';
import { stats } from '../lib/speed.mjs';
import { evaluateTargets, gateFailures, roundsStats } from '../lib/targets.mjs';
import { headerWalk } from '../lib/header-walk.mjs';
import { BYTES_PER_PAGE, buildState, fragmentedPlan, planForSize } from '../lib/fragmented.mjs';

type Json = { host: Record<string, unknown>; domains: { domain: Record<string, unknown>; tsc_info: Record<string, unknown> }[] };

const VERSIONS: readonly Version[] = ALL_VERSIONS;

describe('C-struct sizes', () => {
  const field = (no: number, desc: object) => ({ no, node: { desc }, doc: '' });
  const u8 = { kind: 'uint', bits: 8, min: 0, max: 255 };
  const u32 = { kind: 'uint', bits: 32, min: 0, max: 0xffffffff };
  const u64 = { kind: 'u64', min: 0n, max: 2n ** 64n - 1n };

  it('lays a struct out with natural alignment and tail padding', () => {
    const s = { kind: 'struct', name: 'S', fields: { a: field(1, u8), b: field(2, u64), c: field(3, u8) }, retired: [] };
    expect(inlineLayout(s)).toEqual({ size: 24, align: 8 });
    const t = { kind: 'struct', name: 'T', fields: { a: field(1, u8), b: field(2, u32) }, retired: [] };
    expect(inlineLayout(t)).toEqual({ size: 8, align: 4 });
  });

  it('gives a P2M extent 32 bytes (three u64, two u8 enums, padded to 8)', () => {
    const item = v3.sections['p2m']!.record.body.fields['entries']!.node.desc;
    if (item.kind !== 'list') throw new Error('P2M entries must be a list');
    expect(inlineLayout(item.item.desc)).toEqual({ size: 32, align: 8 });
  });

  it('sizes strings at their maximum, optionals at full width, lists out of line', () => {
    expect(inlineLayout({ kind: 'str', maxBytes: 64 })).toEqual({ size: 64, align: 1 });
    expect(inlineLayout({ kind: 'opt', item: { desc: u64 } })).toEqual({ size: 16, align: 8 });
    expect(inlineLayout({ kind: 'list', item: { desc: u64 }, minItems: 0, maxItems: 9 })).toEqual({ size: 8, align: 4 });
    expect(inlineLayout({ kind: 'bin', minBytes: 16, maxBytes: 16 })).toEqual({ size: 16, align: 1 });
  });

  it('grows with list length by the element size', () => {
    const state = exampleState(3);
    const before = cStructSize(state, 3);
    const dom = state.domains[0]!;
    dom.pages.push({ first_mfn: 0x3f_0000n, count: 1n, type: 'none', pinned: false }, { first_mfn: 0x3f_0002n, count: 1n, type: 'none', pinned: false });
    // PageRange: u64, u64, u8, bool -> 18, padded to 24; two more are 48 bytes (the list payload is 8-aligned).
    expect(cStructSize(state, 3) - before).toBe(48);
  });

  it('gives the same total one domain at a time as for the whole state', () => {
    for (const v of VERSIONS) {
      const state = exampleState(v);
      const sizer = cStructSizer(v);
      const streamed = sizer.host(state.host) + state.domains.reduce((n: number, d: unknown) => n + sizer.domain(d), 0);
      expect(streamed).toBe(cStructSize(state, v));
    }
  });
});

describe('the JSON + zod peer', () => {
  it('accepts the JSON form of every example state', () => {
    for (const v of VERSIONS) {
      const json = JSON.parse(JSON.stringify(toJson(exampleState(v), v)));
      expect(jsonStateZod(v).safeParse(json).success).toBe(true);
    }
  });

  it('checks what the codec checks: ranges, enums, blob lengths, unknown keys', () => {
    const good = (): Json => JSON.parse(JSON.stringify(toJson(exampleState(3), 3)));
    const z = jsonStateZod(3);
    const cases: ((j: Json) => void)[] = [
      (j) => (j.domains[0]!.domain['domid'] = 0x7ff0),
      (j) => (j.domains[0]!.domain['type'] = 'hvm64'),
      (j) => (j.domains[0]!.domain['handle'] = 'abcd'),
      (j) => (j.domains[0]!.tsc_info['elapsed_ns'] = '-1'),
      (j) => (j.host['extra'] = 1),
    ];
    for (const edit of cases) {
      const j = good();
      edit(j);
      expect(z.safeParse(j).success).toBe(false);
    }
  });
});

describe('statistics', () => {
  it('gives median, MAD, quartiles and extremes', () => {
    const s = stats([5, 1, 3, 2, 100]);
    expect(s).toMatchObject({ median: 3, mad: 2, min: 1, max: 100, samples: 5, p25: 2, p75: 5 });
    expect(stats([2, 4]).median).toBe(3);
    expect(stats([])).toBeUndefined();
  });
});

describe('targets', () => {
  const row = (op: string, impl: string, median: number) => ({ op, impl, cpu: { median } });
  const results = (xenluDecode: number, rss: number) => ({
    workloads: [{
      name: 'w',
      sizes: { xenlu: 30, json: 100 },
      rows: [row('decode', 'xenlu', xenluDecode), row('decode', 'JSON + zod', 10), row('encode', 'xenlu', 1), row('encode', 'JSON + zod', 3)],
    }],
    streaming: [
      { name: 'a', bytes: 10e6, cpuMsPerMB: 10, peakRssMiB: 80 },
      { name: 'b', bytes: 2 ** 30, cpuMsPerMB: 11, peakRssMiB: rss },
    ],
    diff: [{ name: 'host', peakRssMiB: 100 }],
  });
  const byId = (r: ReturnType<typeof results>) => Object.fromEntries(evaluateTargets(r).map((t: { id: string }) => [t.id, t]));

  it('meets or misses each target from the figures', () => {
    const ok = byId(results(4, 100));
    expect(ok['decode-vs-json'].met).toBe(true);
    expect(ok['encode-vs-json'].met).toBe(true);
    expect(ok['size-vs-json'].met).toBe(true);
    expect(ok['stream-rss'].met).toBe(true);
    expect(ok['stream-linear'].met).toBe(true);
    expect(ok['diff-rss'].met).toBe(true);
    const bad = byId(results(6, 300));
    expect(bad['decode-vs-json'].met).toBe(false);
    expect(bad['stream-rss'].met).toBe(false);
  });
});

describe('the gate', () => {
  const base = (xenluBytes: number) => ({
    meta: { quick: true },
    workloads: [{ name: 'w', sizes: { xenlu: xenluBytes, json: 100 }, rows: [] }],
    streaming: [],
    diff: [],
  });
  const runs = (cpu: number[]) => cpu.map((cpuMs) => ({ cpuMs, ms: cpuMs, maxRssMiB: 50 }));

  it('measures a ratio\'s noise margin from its rounds: 3 MADs, as standard deviations', () => {
    expect(roundsStats([1, 1, 1, 1, 2])).toEqual({ median: 1, margin: 0, rounds: 5 });
    const s = roundsStats([0.9, 1, 1.1, 1, 1.3]);
    expect(s.median).toBe(1);
    expect(s.margin).toBeCloseTo(3 * 1.4826 * 0.1, 6);
  });

  it('fails a gated target missed past its margin, never an ungated one', () => {
    expect(gateFailures(evaluateTargets(base(30)))).toEqual([]);
    const failed = gateFailures(evaluateTargets(base(70)));
    expect(failed.map((t: { id: string }) => t.id)).toEqual(['size-vs-json']);
    // Start-up far past its target: gated in both modes (met since issue 12's start-up work), and failed.
    const slow = { ...base(30), processes: { startup: { name: 'x', runs: { node: runs([40, 40, 40]), xenlu: runs([300, 310, 290]) } } } };
    const t = evaluateTargets(slow).find((x: { id: string }) => x.id === 'startup');
    expect(t).toMatchObject({ met: false, gate: true, beyondMargin: true, ratio: 260 });
    expect(gateFailures(evaluateTargets(slow)).map((x: { id: string }) => x.id)).toEqual(['startup']);
    expect(gateFailures(evaluateTargets({ ...slow, meta: { quick: false } })).map((x: { id: string }) => x.id)).toEqual(['startup']);
    // --structure-only at 10% of the header walk, every round: gated in quick mode, and failed;
    // not gated in a full run, so missed there without failing it.
    const structure = { name: 'x', bytes: 1e6, runs: { walk: runs([10, 10, 11]), structure: runs([100, 100, 100]), full: runs([150, 150, 150]) } };
    expect(gateFailures(evaluateTargets({ ...base(30), processes: { structure } })).map((x: { id: string }) => x.id)).toEqual(['structure-vs-walk']);
    const full = evaluateTargets({ ...base(30), meta: { quick: false }, processes: { structure } });
    expect(full.find((x: { id: string }) => x.id === 'structure-vs-walk')).toMatchObject({ gate: false, beyondMargin: true });
    expect(gateFailures(full)).toEqual([]);
  });

  it('does not fail a gated target within its margin', () => {
    const slightly = { ...base(30), processes: { structure: { name: 'x', bytes: 1e6, runs: { walk: runs([20, 25, 30]), structure: runs([100, 100, 100]), full: runs([100, 100, 100]) } } } };
    const t = evaluateTargets(slightly).find((x: { id: string }) => x.id === 'structure-vs-walk');
    expect(t.ratio).toBeCloseTo(0.25);
    expect(t.margin).toBeGreaterThan(0);
    expect(t.beyondMargin).toBe(false);
  });
});

describe('header walk', () => {
  it('walks every record of a dump and its CRC chain, whatever the read size', () => {
    const bytes = encode(exampleState(3), 3);
    const file = join(mkdtempSync(join(tmpdir(), 'bench-walk-')), 'a.xlu');
    writeFileSync(file, bytes);
    const records = decode(bytes).records.length;
    for (const chunkBytes of [1, 7, 16, 4096, 1 << 20]) expect(headerWalk(file, { chunkBytes })).toEqual({ bytes: bytes.length, records });
    const bad = Uint8Array.from(bytes);
    bad[bytes.length >> 1] ^= 1; // inside a body
    writeFileSync(file, bad);
    expect(() => headerWalk(file)).toThrow(/checksum/);
    writeFileSync(file, bytes.subarray(0, bytes.length - 8));
    expect(() => headerWalk(file)).toThrow(/truncated/);
  });
});

describe('fragmented hosts', () => {
  it('are valid for every version: no semantic finding, and a lossless round trip', () => {
    for (const v of VERSIONS) {
      const state = buildState(fragmentedPlan(v, { guests: 3, pagesPerGuest: 300 }));
      expect(validateSemantics(state, v)).toEqual([]);
      const bytes = encode(state, v);
      expect(decode(bytes, { readerVersion: v }).state).toEqual(state);
    }
  });

  it('fragment every guest: one P2M entry and one PAGES range per page, none mergeable', () => {
    const state = buildState(fragmentedPlan(3, { guests: 2, pagesPerGuest: 1000 }));
    for (const d of state.domains.slice(1)) {
      expect(d.p2m).toHaveLength(1000);
      expect(d.pages).toHaveLength(1000);
      const mfns = d.p2m.map((e: { mfn: bigint }) => e.mfn);
      expect(new Set(mfns).size).toBe(1000);
      expect(mfns.every((m: bigint, i: number) => i === 0 || m !== mfns[i - 1]! + 1n)).toBe(true);
    }
  });

  it('hit the requested stream size within 10%', () => {
    const plan = planForSize(3, 2e6);
    const bytes = encode(buildState(plan), 3).length;
    expect(Math.abs(bytes - 2e6) / 2e6).toBeLessThan(0.1);
    expect(bytes / (plan.guests * plan.pagesPerGuest)).toBeCloseTo(BYTES_PER_PAGE, -1);
  });
});

describe('the C section of RESULTS.md', () => {
  // The committed pnpm bench results: a real input for the report.
  const committedResults: unknown = JSON.parse(readFileSync(new URL('../results.json', import.meta.url), 'utf8'));
  const c = {
    command: 'node interop/c/bench.mjs --n 20 --stress', date: '2026-12-01T13:00:00.000Z', commit: 'abc1234', branch: 'wp-cgen',
    cpu: 'AMD EPYC (2 logical CPUs)', loadavgStart: [1, 2, 3], loadavgEnd: [3, 2, 1],
    rows: [{ workload: 'frag-10MB', operation: 'read', runs: 20, bytes: 9_750_000, medianMs: 97.5, bestMs: 90, mbPerS: 100 }],
  };
  const md = (cResults?: typeof c) => renderMarkdown(committedResults, { svg: 'scaling.svg', c: cResults });

  it('is rendered from bench/c-results.json by the pnpm bench report, so a regeneration keeps it', () => {
    const text = md(c);
    expect(text).toContain('## C reader and writer (freestanding build), beside memcpy');
    expect(text).toContain('| frag-10MB | read | 20 | 9.75 | 97.500 | 90.000 | 100 |');
    expect(text).toContain('on branch `wp-cgen` at abc1234, 2026-12-01');
    expect(md()).toContain('_not measured: run `pnpm run build && node interop/c/bench.mjs');
  });

  it('is the only part interop/c/bench.mjs replaces', () => {
    const before = md();
    const after = replaceCSection(before, c);
    expect(after).toBe(md(c));
    expect(replaceCSection(after, { ...c, commit: 'def5678' })).toBe(md({ ...c, commit: 'def5678' }));
    // A RESULTS.md without the section gets it appended.
    expect(replaceCSection('# results\n', c)).toBe(`# results\n\n${cSection(c)}\n`);
  });
});
