/**
 * Splitting one verifier run over the jobs of a CI matrix (`--shard i/n`, as vitest and Playwright
 * name it). Properties are dealt to shards by their estimated cost, longest first, each to the
 * least loaded shard: deterministic for a given selection and run budget, so the n shards run
 * exactly the properties of the unsharded run, each once, with the same per-property seeds.
 */
import { type PropertyDef, runsFor } from '../properties/property.js';

export interface Shard {
  /** 1-based. */
  readonly index: number;
  readonly count: number;
}

/** `i/n` with 1 <= i <= n; throws RangeError otherwise. */
export function parseShard(text: string): Shard {
  const m = /^(\d+)\/(\d+)$/.exec(text.trim());
  const index = m ? Number(m[1]) : NaN;
  const count = m ? Number(m[2]) : NaN;
  if (!m || !(count >= 1 && count <= 1000) || !(index >= 1 && index <= count)) {
    throw new RangeError(`a shard is i/n with 1 <= i <= n <= 1000, e.g. 2/4, not ${JSON.stringify(text)}`);
  }
  return { index, count };
}

/** Rough relative cost of one run of a property, for scheduling and sharding only. */
export function runCost(d: PropertyDef): number {
  if (d.id.startsWith('scale.host')) return 400;
  if (d.id.startsWith('scale.fragmented')) return 10;
  return d.family === 'negative' || d.family === 'generator' ? 1 : 3;
}

/** The properties of `defs` that shard `shard` runs, in their original order. */
export function shardOf(defs: readonly PropertyDef[], runs: number, shard: Shard): PropertyDef[] {
  if (shard.count === 1) return [...defs];
  const weight = (d: PropertyDef) => runsFor(d, runs) * runCost(d);
  const byCost = [...defs].sort((a, b) => weight(b) - weight(a) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const load = new Array<number>(shard.count).fill(0);
  const mine = new Set<string>();
  for (const d of byCost) {
    let least = 0;
    for (let s = 1; s < shard.count; s++) if (load[s]! < load[least]!) least = s;
    load[least]! += weight(d);
    if (least === shard.index - 1) mine.add(d.id);
  }
  return defs.filter((d) => mine.has(d.id));
}
