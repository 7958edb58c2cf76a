/**
 * Whole-process measurements, for the rows that compare the CLI with its peers as a user runs
 * them: the commands of a comparison run in turn, `reps` rounds, so each pair of runs saw the
 * same machine, and a ratio is computed per round (its spread over the rounds is its noise
 * margin, targets.mjs). Each run's CPU time and peak RSS come from inside it (rusage-probe.mjs),
 * its wall time from here.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const PROBE = pathToFileURL(fileURLToPath(new URL('./rusage-probe.mjs', import.meta.url))).href;
/** The installed command's launcher (it runs the bundled CLI). */
export const XENLU = fileURLToPath(new URL('../../packages/cli/bin/xenlu.js', import.meta.url));
export const HEADER_WALK = fileURLToPath(new URL('./header-walk.mjs', import.meta.url));

/**
 * One run of `node ...args`: wall and CPU ms, peak RSS. `okStatus`: the exit statuses that mean
 * the command did its job (`diff` exits 1 when the dumps differ).
 */
export function runProcess(args, okStatus = [0]) {
  const file = join(tmpdir(), `xenlu-bench-rusage-${process.pid}.json`);
  rmSync(file, { force: true });
  const t = performance.now();
  const r = spawnSync(process.execPath, ['--import', PROBE, ...args], {
    env: { ...process.env, BENCH_RUSAGE_FILE: file }, stdio: ['ignore', 'ignore', 'pipe'], maxBuffer: 1 << 26,
  });
  const ms = performance.now() - t;
  if (r.error) throw r.error;
  if (!okStatus.includes(r.status)) throw new Error(`node ${args.join(' ')}: exit ${r.status ?? r.signal}: ${String(r.stderr).trim().split('\n')[0]}`);
  const u = JSON.parse(readFileSync(file, 'utf8'));
  rmSync(file, { force: true });
  return { ms, cpuMs: u.cpuMs, maxRssMiB: u.maxRssMiB };
}

/**
 * `reps` rounds; each runs every command once, in the order given. `commands`: name ->
 * { args, okStatus? }. Returns name -> its runs, round by round.
 */
export function interleave(commands, reps) {
  const runs = Object.fromEntries(Object.keys(commands).map((k) => [k, []]));
  for (let i = 0; i < reps; i++) {
    for (const [k, c] of Object.entries(commands)) runs[k].push(runProcess(c.args, c.okStatus));
  }
  return runs;
}
