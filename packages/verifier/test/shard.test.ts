/**
 * `--shard i/n`: the shards of a run take every selected property exactly once, with the seeds of
 * the unsharded run, so a CI matrix of n jobs does exactly the work of one job.
 */
import { describe, expect, it } from 'vitest';
import { allProperties, parseShard, runVerifier, shardOf } from '../src/index.js';

describe('sharding', () => {
  it('parses i/n and refuses anything else', () => {
    expect(parseShard('2/4')).toEqual({ index: 2, count: 4 });
    expect(parseShard('1/1')).toEqual({ index: 1, count: 1 });
    for (const bad of ['0/4', '5/4', '2', '2/0', '-1/3', 'a/b', '1/1001', '']) expect(() => parseShard(bad), bad).toThrow(RangeError);
  });

  it('the shards partition the selection exactly, and balance its estimated cost', () => {
    const all = allProperties();
    for (const n of [1, 2, 3, 7]) {
      const seen = new Map<string, number>();
      const sizes: number[] = [];
      for (let i = 1; i <= n; i++) {
        const mine = shardOf(all, 100, { index: i, count: n });
        sizes.push(mine.length);
        for (const d of mine) seen.set(d.id, (seen.get(d.id) ?? 0) + 1);
        // Each shard keeps the catalogue's order.
        const order = mine.map((d) => all.indexOf(d));
        expect(order).toEqual([...order].sort((a, b) => a - b));
      }
      expect(seen.size, `n=${n}`).toBe(all.length);
      expect([...seen.values()].every((c) => c === 1), `n=${n}`).toBe(true);
      if (n > 1) expect(Math.min(...sizes), `n=${n}`).toBeGreaterThan(0);
    }
  });

  it('the shards of a run give the results of the unsharded run, property by property', async () => {
    const common = { families: ['negative' as const], only: ['negative.evtchn*'], runs: 8, seed: 20261201, workers: 0, compat: false, golden: false };
    const whole = await runVerifier(common);
    expect(whole.properties.length).toBeGreaterThan(4);
    const parts = await Promise.all([1, 2, 3].map((index) => runVerifier({ ...common, shard: { index, count: 3 } })));
    const key = (p: { id: string; seed: number; runs: number; ok: boolean }) => `${p.id} seed=${p.seed} runs=${p.runs} ok=${p.ok}`;
    const sharded = parts.flatMap((r) => r.properties.map(key)).sort();
    expect(sharded).toEqual(whole.properties.map(key).sort());
    for (const [i, r] of parts.entries()) expect(r.shard).toEqual({ index: i + 1, count: 3 });
  });

  it('a sharded run needs a seed, and only shard 1 runs the static and golden checks', async () => {
    await expect(runVerifier({ only: ['negative.evtchn.port-unique@v1'], shard: { index: 1, count: 2 }, workers: 0 })).rejects.toThrow(/--shard needs --seed/);
    const opts = { only: ['negative.evtchn.port-unique@v1', 'negative.evtchn.port-nonzero@v1'], runs: 2, seed: 1, workers: 0 };
    const first = await runVerifier({ ...opts, shard: { index: 1, count: 2 } });
    const second = await runVerifier({ ...opts, shard: { index: 2, count: 2 } });
    expect(first.compat).toBeDefined();
    expect(first.golden).toBeDefined();
    expect(second.compat).toBeUndefined();
    expect(second.golden).toBeUndefined();
  });
});
