/**
 * One measurement in a fresh Node process, so its peak RSS (`process.resourceUsage().maxRSS`) is
 * its own: `node child.mjs <task> <json args>`. Prints one JSON line (the result) on stdout; progress
 * goes to stderr. Tasks: speed, write-fragmented, validate, decode-file, diff, verifier, baseline, machine.
 */
import { readFileSync } from 'node:fs';
import { decode, decodeStreamHeader, readStream } from '@xenlu/format';
import { cached, editDomain, writeFragmented, writeState } from './dumps.mjs';
import { loadFeatures } from './features.mjs';
import { measureMachine } from './machine.mjs';
import { measureSpeed } from './speed.mjs';
import { workloadByName } from './workloads.mjs';

const log = (...a) => process.stderr.write(`  [${process.argv[2]}] ${a.join(' ')}\n`);

/** Wall and process CPU milliseconds of `fn`, and what it returned. */
async function timed(fn) {
  const c = process.cpuUsage();
  const t = performance.now();
  const value = await fn();
  const ms = performance.now() - t;
  const d = process.cpuUsage(c);
  return { ms, cpuMs: (d.user + d.system) / 1000, value };
}

const tasks = {
  /** Time per operation on one workload; also writes its dump (and, with `dumpB`, an edited copy) for the streaming runs. */
  async speed({ workload, quick, dump, dumpB }) {
    const features = await loadFeatures();
    const w = workloadByName(workload, quick);
    log(workload, 'building');
    const state = w.make(features, 3);
    const written = {};
    if (dump) written.a = writeState(dump, state, 3);
    if (dumpB) {
      const b = structuredClone(state);
      b.domains.forEach(editDomain);
      b.host.time.tsc += 1000n;
      written.b = writeState(dumpB, b, 3);
    }
    const r = await measureSpeed({ state, makeV1: () => w.make(features, 1), settings: w.bench, diff: w.diff === true, features, log: (s) => log(workload, s) });
    return { ...r, written };
  },

  async 'write-fragmented'({ file, params }) {
    return cached(file, params, () => {
      const t = performance.now();
      const r = writeFragmented(file, params);
      return { ...r, ms: performance.now() - t, writerRssMiB: process.resourceUsage().maxRSS / 1024 };
    });
  },

  /**
   * Streaming structural validation: every record framed, checksummed and decoded, one at a time.
   * With `warmup`, a whole pass over that dump first (not timed), so the timed passes measure the
   * marginal cost, not the process start and the JIT; `reps` timed passes.
   */
  async validate({ file, warmup, reps = 1, checkpoints = [] }) {
    // Cumulative CPU and wall time when the reader passes each checkpoint (bytes), in the last pass.
    let marks = [];
    const pass = async (f) => {
      let records = 0;
      let domains = 0;
      const c0 = process.cpuUsage();
      const t0 = performance.now();
      let next = 0;
      marks = [];
      const reader = readStream(f);
      for await (const ev of reader) {
        records++;
        if (ev.kind === 'section' && ev.info.rank === 0) domains++;
        if (next < checkpoints.length && reader.bytesRead >= checkpoints[next]) {
          const c = process.cpuUsage(c0);
          marks.push({ bytes: reader.bytesRead, cpuMs: (c.user + c.system) / 1000, ms: performance.now() - t0 });
          next++;
        }
      }
      return { records, domains };
    };
    if (warmup) await pass(warmup);
    const runs = [];
    let counts;
    for (let i = 0; i < reps; i++) {
      const { ms, cpuMs, value } = await timed(() => pass(file));
      runs.push({ ms, cpuMs });
      counts = value;
    }
    return { runs, ...counts, checkpoints: marks };
  },

  /** Whole-file decode in memory, for comparison with the streaming reader. */
  async 'decode-file'({ file }) {
    const { ms, cpuMs, value } = await timed(() => {
      const bytes = readFileSync(file);
      // Read as its own version: an upgrade is not what this row measures (and v4 refuses some v3 widths).
      const version = decodeStreamHeader(bytes).schemaVersion;
      return decode(bytes, { readerVersion: version }).state.domains.length;
    });
    return { ms, cpuMs, domains: value };
  },

  async diff({ a, b }) {
    const { diffStreams } = await loadFeatures();
    if (!diffStreams) throw new Error('diffStreams is not built');
    const counts = { added: 0, removed: 0, changed: 0, inexpressible: 0 };
    const { ms, cpuMs, value } = await timed(() => diffStreams(a, b, { onEntry: (e) => counts[e.kind]++ }));
    return { ms, cpuMs, counts, same: value.same, domains: value.domainsA };
  },

  /** The verifier's properties with one worker, then with the pool (piscina), same seed and budget. */
  async verifier({ runs, seed, outDir }) {
    const { runVerifier } = await loadFeatures();
    if (!runVerifier) throw new Error('runVerifier is not built');
    const report = await runVerifier({ runs, seed, measureScaling: true, compat: false, outDir });
    return { ok: report.ok, properties: report.properties.length, scaling: report.scaling ?? null, throughput: report.throughput };
  },

  async baseline() {
    return {};
  },

  /** Page-fault cost, memcpy bandwidth and file read cost (machine.mjs), in a fresh process. */
  async machine() {
    return measureMachine();
  },
};

const [task, arg] = process.argv.slice(2);
const run = tasks[task];
if (!run) {
  process.stderr.write(`unknown task ${task}\n`);
  process.exit(2);
}
try {
  const result = await run(arg ? JSON.parse(arg) : {});
  const maxRssKiB = process.resourceUsage().maxRSS;
  process.stdout.write(`${JSON.stringify({ ok: true, result, maxRssMiB: maxRssKiB / 1024 }, (_k, v) => (typeof v === 'bigint' ? v.toString() : v))}\n`);
} catch (e) {
  process.stdout.write(`${JSON.stringify({ ok: false, error: e instanceof Error ? e.stack ?? e.message : String(e) })}\n`);
  process.exitCode = 1;
}
