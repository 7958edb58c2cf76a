/**
 * Runs one property with fast-check, in a worker or in-process alike, and turns a failure into
 * what a developer needs: the message, the seed and path that replay it, the shrunk
 * counterexample as JSON and as a dump.
 */
import fc from 'fast-check';
import { toJson, type StateByVersion, type Version } from '@xenlu/format';
import { type FormatImpl, realImpl } from '../impl.js';
import type { PropertyDef } from '../properties/property.js';

export interface PropertyTask {
  readonly id: string;
  readonly runs: number;
  /** The property's own seed (derived from the run's seed and the id). */
  readonly seed: number;
  /** Replay: go straight to this counterexample path. */
  readonly path?: string;
  /** Stop at the first failure without shrinking it (the self-test only needs to know). */
  readonly noShrink?: boolean;
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

export function runProperty(def: PropertyDef, task: PropertyTask, impl: FormatImpl = realImpl): PropertyResult {
  const started = performance.now();
  const details = fc.check(def.build(impl), {
    numRuns: task.runs,
    seed: task.seed,
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
    xlu = realImpl.encode(args[0] as never, def.stateVersion);
  } catch {
    xlu = undefined;
  }
  const failure: PropertyFailureInfo = {
    message: details.counterexample
      ? message(details.errorInstance)
      : `fast-check gave up: ${details.numSkips} runs skipped out of ${details.numRuns + details.numSkips} (${message(details.errorInstance)})`,
    counterexample: describe(args, def.stateVersion),
    stateVersion: def.stateVersion,
    path: details.counterexamplePath ?? '',
    shrinks: details.numShrinks,
    ...(xlu ? { xlu } : {}),
  };
  return { ...base, ok: false, failure };
}
