/**
 * One fuzz case from a recipe: a seed stream, an optional semantic edit of its state, then a few
 * byte, record or body mutations. The recipe is plain numbers, so fast-check can generate and
 * shrink it, and a failure is replayed from the recipe alone.
 */
import { VERSIONS, type Version } from '../schema/index.js';
import { type Seed, seedCorpus } from './corpus.js';
import { MUTATORS, applyMutator } from './mutations.js';
import { Rng } from './rng.js';
import { type ValuePool, encodeMutatedState, valuePool } from './state-mutations.js';

export interface Recipe {
  /** Index into the corpus (taken modulo its size). */
  readonly base: number;
  /** Seed of a semantic edit of the base state applied first, or null for none. */
  readonly semantic: number | null;
  /** [mutator index (modulo), rng seed] applied in order. */
  readonly steps: readonly (readonly [number, number])[];
  /** Index into the schema versions: the reader's version. */
  readonly reader: number;
}

export interface FuzzCase {
  readonly bytes: Uint8Array;
  readonly readerVersion: Version;
  readonly base: string;
  /** What was done, in order, for reports. */
  readonly trail: readonly string[];
}

export class Fuzzer {
  readonly corpus: readonly Seed[];
  private readonly pool: ValuePool;

  constructor(corpus: readonly Seed[] = seedCorpus()) {
    this.corpus = corpus;
    this.pool = valuePool(corpus.map((s) => s.state));
  }

  build(recipe: Recipe): FuzzCase {
    const seed = this.corpus[recipe.base % this.corpus.length]!;
    const trail: string[] = [];
    let bytes = seed.bytes;
    if (recipe.semantic !== null) {
      const m = encodeMutatedState(seed.state, seed.version, new Rng(recipe.semantic), this.pool, 1 + (recipe.semantic % 3));
      if (m) {
        bytes = m.bytes;
        trail.push(`state:${m.edits.join('+') || 'none'}`);
      }
    }
    for (const [index, s] of recipe.steps) {
      const m = MUTATORS[index % MUTATORS.length]!;
      bytes = applyMutator(m, bytes, new Rng(s));
      trail.push(m.name);
    }
    return { bytes, readerVersion: VERSIONS[recipe.reader % VERSIONS.length]!, base: seed.name, trail };
  }
}

/** Short text form of a recipe, for logs and crasher files. */
export function recipeText(r: Recipe): string {
  return JSON.stringify(r);
}
