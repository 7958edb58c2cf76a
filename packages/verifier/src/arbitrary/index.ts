/**
 * Valid-by-construction states of any schema version: fast-check arbitraries for the properties,
 * and `generateState` (seeded, deterministic) for `xenlu gen`.
 */
import fc from 'fast-check';
import type { StateByVersion, Version } from '@xenlu/format';
import { buildState } from './build.js';
import { type Caps, capsOf, capsUpTo, capsWithin } from './caps.js';
import { type StatePlan, statePlanArbitrary } from './plan.js';
import { type Profile, knobsOf } from './profiles.js';

export interface StateOptions {
  readonly profile?: Profile;
  /** Number of domains, dom0 included; default: the profile's range. */
  readonly domains?: number;
  /** Only use features this (older) version can express too: states that roll back. */
  readonly within?: Version;
  /** With `within`: keep the P2M even when the older version carries it in another record. */
  readonly keepP2m?: boolean;
  /** Only values this newer version's narrowed ranges accept too: states that upgrade to it. */
  readonly upTo?: Version;
}

function capsFor(version: Version, opts: StateOptions): Caps {
  if (opts.upTo !== undefined) return capsUpTo(version, opts.upTo);
  return opts.within === undefined ? capsOf(version) : capsWithin(version, opts.within, opts.keepP2m === true);
}

export function planArbitrary(version: Version, opts: StateOptions = {}): fc.Arbitrary<StatePlan> {
  return statePlanArbitrary(capsFor(version, opts), knobsOf(opts.profile ?? 'small', opts.domains));
}

/** Valid states of `version`; shrinking stays inside the valid ones. */
export function stateArbitrary<V extends Version>(version: V, opts: StateOptions = {}): fc.Arbitrary<StateByVersion[V]> {
  const caps = capsFor(version, opts);
  return statePlanArbitrary(caps, knobsOf(opts.profile ?? 'small', opts.domains)).map((plan) => buildState(caps, plan) as StateByVersion[V]);
}

/**
 * States of `version` for reading by `older`, so every path of a rollback gets exercised: any
 * state; states within what `older` can express (the read succeeds); and those same states with a
 * P2M, which a reader refuses when the P2M record changed although the downgrade succeeds.
 */
export function rollbackArbitrary<V extends Version>(version: V, older: Version, opts: StateOptions = {}): fc.Arbitrary<StateByVersion[V]> {
  return fc.oneof(
    { weight: 2, arbitrary: stateArbitrary(version, opts) },
    { weight: 2, arbitrary: stateArbitrary(version, { ...opts, within: older }) },
    { weight: 1, arbitrary: stateArbitrary(version, { ...opts, within: older, keepP2m: true }) },
  );
}

export interface GenerateOptions extends StateOptions {
  readonly seed: number;
}

/** One valid state of `version`; the same options always give the same state. */
export function generateState<V extends Version>(version: V, opts: GenerateOptions): StateByVersion[V] {
  const [state] = fc.sample(stateArbitrary(version, opts), { seed: opts.seed, numRuns: 1 });
  if (state === undefined) throw new Error('fast-check produced no sample');
  return state;
}

export { buildState } from './build.js';
export { capsOf, type Caps } from './caps.js';
export type { StatePlan } from './plan.js';
export { PROFILES, type Profile, isProfile } from './profiles.js';
