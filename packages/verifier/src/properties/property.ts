/**
 * What a property is: an id that names it in reports and replay commands, the family it belongs
 * to, its share of the run budget, and how to build the fast-check property against an
 * implementation. The first argument of every property is a state of `stateVersion`, so a
 * counterexample can always be written out as a dump.
 */
import type fc from 'fast-check';
import type { Version } from '@xenlu/format';
import type { FormatImpl } from '../impl.js';

export type Family =
  | 'generator'
  | 'roundtrip'
  | 'canonical'
  | 'conformance'
  | 'framing'
  | 'diff'
  | 'scale'
  | 'upgrade'
  | 'rollback'
  | 'preservation'
  | 'migration'
  | 'negative';

export interface PropertyDef {
  /** Stable id, `<family>.<what>@<versions>`, e.g. `roundtrip.state@v2`, `rollback@v3>v1`. */
  readonly id: string;
  readonly family: Family;
  readonly summary: string;
  /** Runs as a share of the budget (`--runs`); at least one run. */
  readonly weight: number;
  /** Version of the state in the counterexample's first argument. */
  readonly stateVersion: Version;
  /** Synchronous, or asynchronous when it drives the streaming reader. */
  readonly build: (impl: FormatImpl) => fc.IProperty<[unknown, ...unknown[]]> | fc.IAsyncProperty<[unknown, ...unknown[]]>;
}

/** Thrown by a property body: a one-line statement of what went wrong. */
export class PropertyFailure extends Error {
  override readonly name = 'PropertyFailure';
}

export function check(condition: boolean, message: () => string): asserts condition {
  if (!condition) throw new PropertyFailure(message());
}

export function runsFor(def: PropertyDef, budget: number): number {
  return Math.max(1, Math.round(budget * def.weight));
}
