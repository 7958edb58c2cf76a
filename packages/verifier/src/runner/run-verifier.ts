/**
 * Runs the properties (on a piscina pool sized to the machine, or in-process) and the static
 * compatibility check, writes each counterexample as an .xlu dump, and returns the report.
 */
import { existsSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Piscina } from 'piscina';
import { checkReleasedSchemas } from '../compat/released.js';
import { DEFAULT_FIXTURES_DIR, checkGoldenFixtures } from '../golden.js';
import { type FormatImpl, realImpl } from '../impl.js';
import { type PropertyFilter, selectProperties } from '../properties/catalogue.js';
import { type PropertyDef, runsFor } from '../properties/property.js';
import type { Report, ReportedProperty, Throughput } from './report.js';
import { type PropertyResult, type PropertyTask, propertySeed, runProperty } from './run-property.js';
import { type Shard, runCost, shardOf } from './shard.js';

export const DEFAULT_RUNS = 100;
/** Default wall-clock budget of a whole run: properties stop being scheduled when it is used up. */
export const DEFAULT_TIME_BUDGET_MS = 120_000;
/** Kept back from the budget for the static and golden checks, which run after the properties. */
const CHECKS_RESERVE_MS = 5_000;
/** Generated states are many short-lived objects: a larger young generation means fewer scavenges. */
const YOUNG_GENERATION_MB = 64;

export interface VerifyOptions extends PropertyFilter {
  /** Run budget per property (scaled by each property's weight). */
  readonly runs?: number;
  /** Seed of the run; each property derives its own from it and its id. Default: random. */
  readonly seed?: number;
  /** Replay one counterexample: needs `only` naming exactly one property. */
  readonly path?: string;
  /** Worker threads; 0 runs in-process. Default: the machine's available parallelism. */
  readonly workers?: number;
  /** Where counterexample dumps go (default `verify-failures` in the working directory). */
  readonly outDir?: string;
  /** Also run the static compatibility check of the released schemas (default true). */
  readonly compat?: boolean;
  /** Also check the frozen golden fixtures (default true; a directory, or false). */
  readonly golden?: boolean | string;
  /** Run the suite twice, with one worker then with the pool, and report both throughputs. */
  readonly measureScaling?: boolean;
  /**
   * Wall-clock budget of the run (ms, default 2 minutes). Properties not started when it is used up
   * are reported as not run (and the run fails); a running property is interrupted at it.
   */
  readonly timeBudgetMs?: number;
  /** Time shrinking may take after a property's first failure (ms, default 10 s). */
  readonly shrinkBudgetMs?: number;
  /**
   * Run only this shard's share of the properties (`--shard i/n`); the static and golden checks
   * run in shard 1. Shards need the same seed: one is required with more than one shard.
   */
  readonly shard?: Shard;
  /** In-process only: the implementation under test (the self-test injects mutants here). */
  readonly impl?: FormatImpl;
  readonly onResult?: (r: PropertyResult, done: number, total: number) => void;
}

/** The compiled worker, next to this module in dist (or in dist when running from src). */
function workerFile(): string | undefined {
  const here = new URL('./worker.js', import.meta.url);
  const fromSrc = new URL('../../dist/runner/worker.js', import.meta.url);
  for (const u of [here, fromSrc]) if (existsSync(fileURLToPath(u))) return fileURLToPath(u);
  return undefined;
}

interface Bounds {
  readonly deadline: number;
  readonly shrinkBudgetMs: number | undefined;
}

function tasksFor(defs: readonly PropertyDef[], runs: number, seed: number, path: string | undefined, bounds: Bounds): PropertyTask[] {
  return defs.map((d) => ({
    id: d.id, runs: runsFor(d, runs), seed: propertySeed(seed, d.id), deadline: bounds.deadline,
    ...(bounds.shrinkBudgetMs !== undefined ? { shrinkBudgetMs: bounds.shrinkBudgetMs } : {}),
    ...(path ? { path } : {}),
  }));
}

async function runTasks(
  defs: readonly PropertyDef[],
  tasks: readonly PropertyTask[],
  workers: number,
  impl: FormatImpl | undefined,
  onResult: VerifyOptions['onResult'],
): Promise<PropertyResult[]> {
  const byId = new Map(defs.map((d) => [d.id, d]));
  const results: PropertyResult[] = [];
  const report = (r: PropertyResult) => {
    results.push(r);
    onResult?.(r, results.length, tasks.length);
  };
  if (workers === 0 || impl) {
    for (const t of tasks) report(await runProperty(byId.get(t.id)!, t, impl ?? realImpl));
    return results;
  }
  const filename = workerFile();
  if (!filename) throw new Error('the verifier worker is not built: run `pnpm build` first (or use --workers 0)');
  const pool = new Piscina({ filename, minThreads: workers, maxThreads: workers, idleTimeout: 1000, resourceLimits: { maxYoungGenerationSizeMb: YOUNG_GENERATION_MB } });
  try {
    // Longest first, so the pool does not end waiting on one big property.
    const order = [...tasks].sort((a, b) => b.runs * runCost(byId.get(b.id)!) - a.runs * runCost(byId.get(a.id)!));
    await Promise.all(order.map(async (t) => report((await pool.run(t)) as PropertyResult)));
  } finally {
    await pool.destroy();
  }
  const index = new Map(tasks.map((t, i) => [t.id, i]));
  return results.sort((a, b) => index.get(a.id)! - index.get(b.id)!);
}


function throughput(results: readonly PropertyResult[], ms: number, workers: number): Throughput {
  const propertyRuns = results.reduce((n, r) => n + r.runs, 0);
  const seconds = ms / 1000;
  return { workers, propertyRuns, seconds: Math.round(seconds * 100) / 100, perSecond: Math.round((propertyRuns / Math.max(seconds, 1e-3)) * 10) / 10 };
}

function safeName(id: string): string {
  return id.replace(/[^A-Za-z0-9.@-]+/g, '_');
}

function writeAtomically(file: string, data: Uint8Array): void {
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, data);
  renameSync(tmp, file);
}

export function replayCommand(id: string, seed: number, path: string): string {
  return `xenlu verify --property '${id}' --seed ${seed} --path '${path}'`;
}

function reported(r: PropertyResult, runSeed: number, outDir: string): ReportedProperty {
  const { failure: raw, ...rest } = r;
  if (!raw) return rest;
  const { xlu, ...failure } = raw;
  let xluFile: string | undefined;
  if (xlu) {
    mkdirSync(outDir, { recursive: true });
    xluFile = join(outDir, `${safeName(r.id)}-${r.seed >>> 0}.xlu`);
    writeAtomically(xluFile, xlu);
  }
  return { ...rest, failure: { ...failure, replay: replayCommand(r.id, runSeed, failure.path), ...(xluFile ? { xluFile } : {}) } };
}

/** Runs the selected properties and the compatibility check. */
export async function runVerifier(options: VerifyOptions = {}): Promise<Report> {
  const runs = options.runs ?? DEFAULT_RUNS;
  if (!Number.isInteger(runs) || runs < 1) throw new RangeError(`runs must be a positive integer, got ${runs}`);
  const shard = options.shard ?? { index: 1, count: 1 };
  if (shard.count > 1 && options.seed === undefined) throw new RangeError('--shard needs --seed: every shard of a run must use the same seed');
  const seed = options.seed ?? (Math.random() * 2 ** 31) | 0;
  const selected = selectProperties(options);
  if (selected.length === 0) throw new Error(`no property matches ${options.only?.join(', ') ?? 'the filter'}`);
  const defs = shardOf(selected, runs, shard);
  const firstShard = shard.index === 1;
  if (options.path !== undefined && defs.length !== 1) throw new Error(`--path replays one property: select exactly one with --property (${defs.length} match)`);
  const workers = options.impl ? 0 : (options.workers ?? availableParallelism());
  const outDir = resolve(options.outDir ?? 'verify-failures');
  const budget = options.timeBudgetMs ?? DEFAULT_TIME_BUDGET_MS;
  if (!(budget > 0)) throw new RangeError(`the time budget must be positive, got ${budget}`);
  const startedAt = new Date().toISOString();
  // The static and golden checks are quick but run last: keep a little of the budget for them.
  const deadline = Date.now() + Math.max(budget - Math.min(CHECKS_RESERVE_MS, budget / 10), 1);
  const tasks = tasksFor(defs, runs, seed, options.path, { deadline, shrinkBudgetMs: options.shrinkBudgetMs });
  const t0 = performance.now();

  let scaling: Report['scaling'];
  let results: PropertyResult[];
  if (options.measureScaling && workers > 1) {
    const a = performance.now();
    // Each pass gets half of what is left.
    const half = (): Bounds => ({ deadline: Date.now() + (deadline - Date.now()) / 2, shrinkBudgetMs: options.shrinkBudgetMs });
    const single = await runTasks(defs, tasksFor(defs, runs, seed, options.path, half()), 1, undefined, undefined);
    const oneWorker = throughput(single, performance.now() - a, 1);
    const b = performance.now();
    results = await runTasks(defs, tasksFor(defs, runs, seed, options.path, { deadline, shrinkBudgetMs: options.shrinkBudgetMs }), workers, undefined, options.onResult);
    scaling = { oneWorker, pool: throughput(results, performance.now() - b, workers) };
  } else {
    results = await runTasks(defs, tasks, workers, options.impl, options.onResult);
  }
  const elapsed = performance.now() - t0;
  const compat = options.compat === false || !firstShard ? undefined : checkReleasedSchemas({ strict: true });
  const golden = options.golden === false || !firstShard ? undefined : checkGoldenFixtures(typeof options.golden === 'string' ? options.golden : DEFAULT_FIXTURES_DIR, options.impl ?? realImpl);
  const properties = results.map((r) => reported(r, seed, outDir));
  return {
    seed,
    runs,
    ...(shard.count > 1 ? { shard } : {}),
    startedAt,
    durationMs: Math.round(elapsed),
    timeBudgetMs: budget,
    properties,
    notRun: results.filter((r) => r.notRun).map((r) => r.id),
    ...(compat ? { compat } : {}),
    ...(golden ? { golden } : {}),
    throughput: scaling?.pool ?? throughput(results, elapsed, Math.max(workers, 1)),
    ...(scaling ? { scaling } : {}),
    ok: results.every((r) => r.ok) && (compat?.ok ?? true) && (golden ?? []).every((g) => g.ok),
  };
}
