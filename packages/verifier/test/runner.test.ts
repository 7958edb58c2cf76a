import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { decode } from '@xenlu/format';
import { realImpl } from '../src/impl.js';
import { IMPL_MUTATIONS } from '../src/mutants/impl-mutants.js';
import { formatJson, formatJunit, formatText } from '../src/runner/formatters.js';
import { runVerifier } from '../src/runner/run-verifier.js';

const out = mkdtempSync(join(tmpdir(), 'xenlu-verify-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

const worker = fileURLToPath(new URL('../dist/runner/worker.js', import.meta.url));

describe('a failing property', () => {
  const impl = IMPL_MUTATIONS.codecDropsField(realImpl);
  const only = ['roundtrip.state@v2'];
  // These check what full shrinking gives: no shrink budget to run out on a loaded machine.
  const unbounded = { shrinkBudgetMs: 600_000, timeBudgetMs: 600_000 };

  it('reports the message, a replay command, the shrunk counterexample as JSON and as an .xlu dump', async () => {
    const r = await runVerifier({ impl, only, seed: 5, runs: 50, outDir: out, compat: false, golden: false, ...unbounded });
    expect(r.ok).toBe(false);
    const [p] = r.properties;
    const f = p!.failure!;
    expect(f.message).toMatch(/sched\.cap/);
    expect(f.replay).toBe(`xenlu verify --property 'roundtrip.state@v2' --seed 5 --path '${f.path}'`);
    const json = JSON.parse(f.counterexample) as { domains: { domain: { sched: { cap: number } } }[] };
    // Shrunk: a state of at most two domains, whose caps are 0 but for one at the smallest non-zero.
    expect(json.domains.length).toBeLessThanOrEqual(2);
    expect(json.domains.map((d) => d.domain.sched.cap).sort()).toEqual(json.domains.length === 1 ? [1] : [0, 1]);
    const dump = decode(readFileSync(f.xluFile!), { readerVersion: 2 });
    expect(dump.state.domains.map((d) => d.domain.sched.cap)).toEqual(json.domains.map((d) => d.domain.sched.cap));

    const text = formatText(r);
    expect(text).toContain('FAIL roundtrip.state@v2');
    expect(text).toContain(f.replay);
    expect(text).toMatch(/result: FAIL/);
    expect(JSON.parse(formatJson(r)).properties[0].failure.path).toBe(f.path);
    const junit = formatJunit(r);
    expect(junit).toMatch(/^<\?xml/);
    expect(junit).toContain('<testsuites name="xenlu verify" tests="1" failures="1"');
    expect(junit).toContain('<failure message=');
    expect(junit).not.toMatch(/<failure[^>]*>[^<]*<[^/]/); // the counterexample is escaped
  });

  it('replays exactly from the seed and path', async () => {
    const first = await runVerifier({ impl, only, seed: 5, runs: 50, outDir: out, compat: false, golden: false, ...unbounded });
    const f = first.properties[0]!.failure!;
    const again = await runVerifier({ impl, only, seed: 5, path: f.path, outDir: out, compat: false, golden: false, ...unbounded });
    const g = again.properties[0]!.failure!;
    expect(g.counterexample).toBe(f.counterexample);
    expect(g.message).toBe(f.message);
    expect(again.properties[0]!.runs).toBe(1);
  });

  it('a replay checks the one value of its path, also when it passes (not the rest of its shrinks)', async () => {
    const r = await runVerifier({ only: ['roundtrip.state@v2'], seed: 5, path: '3:1:0', workers: 0, compat: false, golden: false, outDir: out });
    expect(r.properties[0]!.ok).toBe(true);
    expect(r.properties[0]!.runs).toBe(1);
  });

  it('includes the golden fixtures in the report and its formats', async () => {
    const r = await runVerifier({ only: ['canonical@v1'], runs: 1, workers: 0, compat: false, outDir: out });
    expect(r.golden?.map((g) => g.file)).toEqual(expect.arrayContaining(['v1/example.xlu', 'v2/example.xlu', 'v3/example.xlu']));
    expect(formatText(r)).toMatch(/golden fixtures: \d+\/\d+ read as frozen/);
    expect(formatJunit(r)).toContain('<testsuite name="golden"');
  });

  it('--path needs exactly one property', async () => {
    await expect(runVerifier({ only: ['rollback'], path: '1:2', workers: 0, compat: false })).rejects.toThrow(/exactly one/);
  });
});

describe('bounded time', () => {
  // Several seeded bugs at once: nearly every property fails and wants to shrink.
  const broken = [
    IMPL_MUTATIONS.codecDropsField, IMPL_MUTATIONS.codecPaddingOffByOne, IMPL_MUTATIONS.codecLosesUnknown,
    IMPL_MUTATIONS.upgradeLosesDevices, IMPL_MUTATIONS.decodeAcceptsCutStream, IMPL_MUTATIONS.encodeDropsRootUnknown,
  ].reduce((impl, m) => m(impl), realImpl);

  it('a broken build finishes within the time budget, reporting the failures and what did not run', async () => {
    const budget = 15_000;
    const t0 = Date.now();
    // Every family but scale, whose single host-scale run takes seconds on a loaded machine.
    const families = (['generator', 'roundtrip', 'canonical', 'conformance', 'framing', 'preservation', 'diff', 'upgrade', 'rollback', 'migration', 'negative'] as const).slice();
    const r = await runVerifier({ impl: broken, families, seed: 11, runs: 100, timeBudgetMs: budget, shrinkBudgetMs: 500, outDir: out, compat: false, golden: false });
    const took = Date.now() - t0;
    // One property run in flight when the deadline passes may finish it: a few seconds at most.
    expect(took).toBeLessThan(budget + 10_000);
    expect(r.ok).toBe(false);
    const failed = r.properties.filter((p) => p.failure);
    expect(failed.length).toBeGreaterThan(5);
    for (const p of failed) expect(p.failure!.message.length).toBeGreaterThan(0);
    expect(r.notRun).toEqual(r.properties.filter((p) => p.notRun).map((p) => p.id));
    expect(r.notRun.length + r.properties.filter((p) => !p.notRun).length).toBe(r.properties.length);
    if (r.notRun.length > 0) expect(formatText(r)).toMatch(/NOT RUN: \d+ propert/);
    expect(formatText(r)).toMatch(/result: FAIL/);
  }, 60_000);

  it('shrinking stops at its budget and keeps the best counterexample so far', async () => {
    const impl = IMPL_MUTATIONS.codecDropsField(realImpl);
    const r = await runVerifier({ impl, only: ['roundtrip.state@v2'], seed: 5, runs: 50, shrinkBudgetMs: 0, outDir: out, compat: false, golden: false });
    const f = r.properties[0]!.failure!;
    expect(f.shrinkStopped).toBe(true);
    expect(f.message).toMatch(/sched\.cap/);
    expect(formatText(r)).toContain('shrinking stopped by its time budget');
    const full = await runVerifier({ impl, only: ['roundtrip.state@v2'], seed: 5, runs: 50, outDir: out, compat: false, golden: false, shrinkBudgetMs: 600_000 });
    expect(full.properties[0]!.failure!.shrinks).toBeGreaterThan(f.shrinks);
  });

  it('a budget used up before a property starts reports it as not run, and the run fails', async () => {
    const r = await runVerifier({ only: ['canonical@v1', 'canonical@v2'], runs: 1, workers: 0, timeBudgetMs: 1, outDir: out, compat: false, golden: false });
    expect(r.ok).toBe(false);
    expect(r.notRun.length).toBeGreaterThan(0);
    expect(formatJunit(r)).toContain('type="NotRun"');
  });
});

describe('worker pool', () => {
  it('the worker is built (pnpm build runs before the tests)', () => {
    expect(existsSync(worker), `${worker}: run pnpm build first`).toBe(true);
  });

  it('runs properties on the pool and measures one worker against the pool in one run', async () => {
    const r = await runVerifier({ only: ['roundtrip.state@v1', 'conformance@v3', 'rollback@v3>v2', 'negative.evtchn*'], runs: 6, seed: 3, workers: 2, measureScaling: true, outDir: out, golden: false });
    expect(r.ok).toBe(true);
    expect(r.compat?.ok).toBe(true);
    expect(r.properties.length).toBeGreaterThan(5);
    expect(r.scaling?.oneWorker.workers).toBe(1);
    expect(r.scaling?.pool.workers).toBe(2);
    expect(r.scaling?.pool.propertyRuns).toBe(r.scaling?.oneWorker.propertyRuns);
    expect(formatText(r)).toMatch(/scaling: 1 worker [\d.]+ runs\/s; 2 workers [\d.]+ runs\/s/);
  });
});
