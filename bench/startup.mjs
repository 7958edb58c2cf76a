#!/usr/bin/env node
/**
 * CLI start-up: `xenlu validate` of the latest golden dump against `node -e 0`, whole processes in
 * rounds (processes.mjs: each round runs both, so both saw the same machine). The target
 * (lib/targets.mjs `startup`) is the per-round difference of CPU time, median <= 80 ms, with its
 * noise margin from the rounds' spread. `pnpm bench` and `pnpm bench --quick` run it; alone:
 *
 *   node bench/startup.mjs [rounds]     (build first: it runs the bundled CLI)
 */
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { LATEST_VERSION } from '@xenlu/format';
import { XENLU, interleave } from './lib/processes.mjs';
import { roundsStats } from './lib/targets.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
/** The dump: small, so that what is measured is start-up. */
export const STARTUP_DUMP = `fixtures/v${LATEST_VERSION}/example.xlu`;

/** `rounds` rounds of `node -e 0` and `xenlu validate STARTUP_DUMP`: { name, runs: { node, xenlu } }. */
export function measureStartup(rounds) {
  const runs = interleave({ node: { args: ['-e', '0'] }, xenlu: { args: [XENLU, 'validate', join(ROOT, STARTUP_DUMP)] } }, rounds);
  return { name: STARTUP_DUMP, runs };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const rounds = Number(process.argv[2] ?? 20);
  const { runs } = measureStartup(rounds);
  const median = (xs) => roundsStats(xs).median;
  const above = roundsStats(runs.xenlu.map((r, i) => r.cpuMs - runs.node[i].cpuMs));
  console.log(`${rounds} rounds, CPU ms (median): node -e 0 ${median(runs.node.map((r) => r.cpuMs)).toFixed(1)}, xenlu validate ${STARTUP_DUMP} ${median(runs.xenlu.map((r) => r.cpuMs)).toFixed(1)}`);
  console.log(`start-up above node -e 0: ${above.median.toFixed(1)} ms (noise margin ±${above.margin.toFixed(1)}; target <= 80)`);
}
