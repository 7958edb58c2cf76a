// Times the reference C reader and writer, built freestanding as Xen would build them, beside
// memcpy of the same bytes (src/xlu_bench.c): on the host-scale state of `xenlu gen --version 3
// --profile host` (read and write) and on fragmented dumps of bench/lib/fragmented.mjs (read only:
// a state of millions of entries is too large to compile as C initializers). Run after
// `pnpm run build`:
//
//   node interop/c/bench.mjs [--n N] [--stress]     (--stress adds the ~1 GiB fragmented dump)
//
// Writes the figures to bench/c-results.json, from which bench/lib/report.mjs renders the C section
// of bench/RESULTS.md (here, and on every `pnpm bench`, so they survive its regeneration), and
// prints the table. One process per input, N runs of each operation.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cStateData, decode } from '@xenlu/format';
import { writeFragmented } from '../../bench/lib/dumps.mjs';
import { BYTES_PER_PAGE } from '../../bench/lib/fragmented.mjs';

const C_DIR = fileURLToPath(new URL('./', import.meta.url));
const CLI = fileURLToPath(new URL('../../packages/cli/bin/xenlu.js', import.meta.url));
const args = process.argv.slice(2);
const n = args.includes('--n') ? Number(args[args.indexOf('--n') + 1]) : 20;
const stress = args.includes('--stress');
const dir = mkdtempSync(join(tmpdir(), 'xenlu-cbench-'));

function make(...targets) {
  execFileSync('make', ['-s', '-C', C_DIR, `O=${dir}`, ...targets], { stdio: ['ignore', 'inherit', 'inherit'] });
}

/** Runs xlu-bench; returns its lines by operation name. */
function run(bin, file, runs) {
  const out = execFileSync(bin, [file, String(runs)], { encoding: 'utf8', maxBuffer: 1 << 20 });
  const ops = {};
  for (const line of out.trim().split('\n')) {
    const [name, ...kv] = line.trim().split(/\s+/);
    ops[name] = Object.fromEntries(kv.map((p) => p.split('=')).map(([k, v]) => [k, Number(v)]));
  }
  return ops;
}

const git = (...a) => execFileSync('git', a, { cwd: C_DIR, encoding: 'utf8' }).trim();
const results = {
  command: `node interop/c/bench.mjs --n ${n}${stress ? ' --stress' : ''}`,
  date: new Date().toISOString(),
  commit: git('rev-parse', '--short', 'HEAD'),
  branch: git('rev-parse', '--abbrev-ref', 'HEAD'),
  cpu: `${cpus()[0]?.model ?? 'unknown'} (${cpus().length} logical CPUs)`,
  loadavgStart: loadavg().map((x) => +x.toFixed(2)),
  rows: [],
};
function record(workload, runs, ops) {
  for (const [operation, r] of Object.entries(ops)) {
    results.rows.push({ workload, operation, runs, bytes: r.bytes, medianMs: r.median_ms, bestMs: r.best_ms, mbPerS: r['MB/s'] });
  }
  console.error(`${workload}: done`);
}

// Host scale: read, write (the state compiled in as C data) and memcpy.
const host = join(dir, 'host.xlu');
execFileSync(process.execPath, [CLI, 'gen', '--version', '3', '--profile', 'host', '-o', host]);
const state = decode(readFileSync(host), { readerVersion: 3 }).state;
const stateC = join(dir, 'host_state.c');
writeFileSync(stateC, cStateData(3, state, 'xlu_bench_state', 'xenlu gen --version 3 --profile host'));
make(join(dir, 'xlu-bench'), `BENCH_STATE=${stateC}`);
execFileSync('cp', [join(dir, 'xlu-bench'), join(dir, 'xlu-bench-host')]);
record('host (dom0 + 100 guests)', n * 10, run(join(dir, 'xlu-bench-host'), host, n * 10));

// Fragmented dumps: read and memcpy (no state linked in).
execFileSync('rm', ['-f', join(dir, 'xlu-bench')]);
make(join(dir, 'xlu-bench'));
const sizes = [
  ['frag-10MB', 10e6, n],
  ['fragmented (80 MB)', 80e6, Math.max(3, n / 4)],
  ...(stress ? [['fragmented (1 GiB)', 2 ** 30, 3]] : []),
];
for (const [name, bytes, runs] of sizes) {
  const pages = Math.round(bytes / BYTES_PER_PAGE);
  const guests = Math.ceil(pages / (1 << 18));
  const file = join(dir, 'frag.xlu');
  writeFragmented(file, { version: 3, guests, pagesPerGuest: Math.ceil(pages / guests) });
  record(name, runs, run(join(dir, 'xlu-bench'), file, runs));
}

results.loadavgEnd = loadavg().map((x) => +x.toFixed(2));
const BENCH = new URL('../../bench/', import.meta.url);
writeFileSync(new URL('c-results.json', BENCH), `${JSON.stringify(results, null, 2)}\n`);
// Only the C section of RESULTS.md changes: the rest is pnpm bench's.
const { cTable, replaceCSection } = await import('../../bench/lib/report.mjs');
const md = new URL('RESULTS.md', BENCH);
writeFileSync(md, replaceCSection(readFileSync(md, 'utf8'), results));
console.error('wrote bench/c-results.json and the C section of bench/RESULTS.md');
console.log(cTable(results));
