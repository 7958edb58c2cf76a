/**
 * Runs one property with fast-check, in a worker or in-process alike, and turns a failure into
 * what a developer needs: the message, the seed and path that replay it, the shrunk
 * counterexample as JSON and as a dump.
 */
import fc from 'fast-check';
import { toJson, type StateByVersion, type Version } from '@xenlu/format';
import { type FormatImpl, realImpl } from '../impl.js';
import type { PropertyDef } from '../properties/property.js';
import { OneValue, ShrinkBudget } from './bounded.js';

export interface PropertyTask {
  readonly id: string;
  readonly runs: number;
  /** The property's own seed (derived from the run's seed and the id). */
  readonly seed: number;
  /** Replay: go straight to this counterexample path. */
  readonly path?: string;
  /** Stop at the first failure without shrinking it (the self-test only needs to know). */
  readonly noShrink?: boolean;
  /** Wall-clock cap of the whole property, runs and shrinking included (ms). */
  readonly timeLimitMs?: number;
  /** How long shrinking may go on after the first failure (ms); the best counterexample so far is kept. */
  readonly shrinkBudgetMs?: number;
  /** Absolute end of the verifier run (ms since the epoch): nothing starts or goes on past it. */
  readonly deadline?: number;
}

export interface PropertyFailureInfo {
  readonly message: string;
  /** The shrunk counterexample: the state as in `xenlu decode --json`, then any further arguments. */
  readonly counterexample: string;
  readonly stateVersion: Version;
  /** The counterexample's state as a dump, when it can be encoded. */
  readonly xlu?: Uint8Array;
  readonly path: string;
  readonly shrinks: number;
  /** Shrinking was stopped by its time budget: the counterexample is the smallest found by then. */
  readonly shrinkStopped?: boolean;
}

export interface PropertyResult {
  readonly id: string;
  readonly family: string;
  readonly ok: boolean;
  readonly runs: number;
  readonly skips: number;
  readonly seed: number;
  readonly durationMs: number;
  readonly failure?: PropertyFailureInfo;
  /** Not run at all: the run's time budget was used up before its turn. */
  readonly notRun?: boolean;
}

/** A stable 32-bit seed for one property of a run. */
export function propertySeed(runSeed: number, id: string): number {
  let h = 0x811c9dc5 ^ (runSeed >>> 0);
  for (let i = 0; i < id.length; i++) {
    h ^= id.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h | 0;
}

function plainJson(v: unknown): unknown {
  return JSON.parse(
    JSON.stringify(v, (_k, x: unknown) => (typeof x === 'bigint' ? x.toString() : x instanceof Uint8Array ? Buffer.from(x).toString('hex') : x)),
  );
}

function stateJson(state: unknown, version: Version): unknown {
  try {
    return toJson(state as StateByVersion[typeof version], version);
  } catch {
    return plainJson(state);
  }
}

function describe(args: readonly unknown[], version: Version): string {
  const [state, ...rest] = args;
  const doc = rest.length === 0 ? stateJson(state, version) : { state: stateJson(state, version), args: plainJson(rest) };
  return JSON.stringify(doc, null, 2);
}

function message(e: unknown): string {
  if (e instanceof Error) return e.name === 'PropertyFailure' || e.name === 'Error' ? e.message : `${e.name}: ${e.message}`;
  return String(e);
}

/** Default cap of one property, runs and shrinking included. */
export const DEFAULT_PROPERTY_TIME_LIMIT_MS = 60_000;
/** Default time shrinking may take after a property's first failure. */
export const DEFAULT_SHRINK_BUDGET_MS = 10_000;

export function notRunResult(def: PropertyDef, task: PropertyTask): PropertyResult {
  return { id: def.id, family: def.family, ok: false, notRun: true, runs: 0, skips: 0, seed: task.seed, durationMs: 0 };
}

export async function runProperty(def: PropertyDef, task: PropertyTask, impl: FormatImpl = realImpl): Promise<PropertyResult> {
  const left = task.deadline === undefined ? Infinity : task.deadline - Date.now();
  if (left <= 0) return notRunResult(def, task);
  const started = performance.now();
  const bounded = task.path ? new OneValue(def.build(impl)) : new ShrinkBudget(def.build(impl), task.shrinkBudgetMs ?? DEFAULT_SHRINK_BUDGET_MS);
  const limit = Math.max(1, Math.floor(Math.min(left, task.timeLimitMs ?? DEFAULT_PROPERTY_TIME_LIMIT_MS)));
  const details = await fc.check(bounded, {
    // A replay checks the one value its path names, never a fresh run of the budget.
    numRuns: task.path ? 1 : task.runs,
    seed: task.seed,
    interruptAfterTimeLimit: limit,
    // An interrupted property did not complete its runs: it counts as failed, never as passed (a
    // replay interrupts itself once its one value is checked).
    markInterruptAsFailure: !task.path,
    ...(task.path ? { path: task.path, endOnFailure: true } : {}),
    ...(task.noShrink ? { endOnFailure: true } : {}),
  });
  const base = {
    id: def.id,
    family: def.family,
    runs: details.numRuns,
    skips: details.numSkips,
    seed: task.seed,
    durationMs: Math.round(performance.now() - started),
  };
  if (!details.failed) return { ...base, ok: true };
  const args = details.counterexample ?? [];
  let xlu: Uint8Array | undefined;
  try {
    xlu = details.counterexample ? realImpl.encode(args[0] as never, def.stateVersion) : undefined;
  } catch {
    xlu = undefined;
  }
  const failure: PropertyFailureInfo = {
    message: details.counterexample
      ? message(details.errorInstance)
      : details.interrupted
        ? `did not finish: interrupted after ${details.numRuns} of ${task.runs} runs by its time limit of ${(limit / 1000).toFixed(1)} s`
        : `fast-check gave up: ${details.numSkips} runs skipped out of ${details.numRuns + details.numSkips} (${message(details.errorInstance)})`,
    counterexample: details.counterexample ? describe(args, def.stateVersion) : '',
    stateVersion: def.stateVersion,
    path: details.counterexamplePath ?? '',
    shrinks: details.numShrinks,
    ...(details.counterexample && details.interrupted ? { shrinkStopped: true } : {}),
    ...(xlu ? { xlu } : {}),
  };
  return { ...base, ok: false, failure };
}
