/**
 * `pnpm fuzz --shard i/n`: with the same seed and run count, the n shards check exactly the cases
 * of the unsharded run, each once (scripts/fuzz.mjs, run as CI would, on the built package).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const out = mkdtempSync(join(tmpdir(), 'xenlu-fuzz-shard-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

interface Summary {
  tried: number;
  crafted: number;
  checked: { count: number; sum: number };
  outcomes: Record<string, number>;
  mutators: Record<string, number>;
}

function fuzz(...args: string[]): Summary {
  const r = spawnSync(process.execPath, ['scripts/fuzz.mjs', '--runs', '45', '--seed', '20261201', '--json', '--out', out, ...args], { cwd: ROOT, encoding: 'utf8', timeout: 120_000 });
  expect(r.status, r.stdout + r.stderr).toBe(0);
  return JSON.parse(r.stdout.trim().split('\n').at(-1)!) as Summary;
}

const add = (into: Record<string, number>, from: Record<string, number>) => {
  for (const [k, v] of Object.entries(from)) into[k] = (into[k] ?? 0) + v;
  return into;
};

describe('fuzz --shard', () => {
  it('three shards check exactly the cases of the unsharded run', () => {
    const whole = fuzz();
    const parts = ['1/3', '2/3', '3/3'].map((s) => fuzz('--shard', s));
    expect(whole.checked.count).toBe(45);
    expect(parts.reduce((n, p) => n + p.checked.count, 0)).toBe(45);
    // Case numbers 0..44 each once: the counts and the sums of the indexes add up.
    expect(parts.reduce((n, p) => n + p.checked.sum, 0)).toBe(whole.checked.sum);
    expect(parts.map((p) => p.checked.count)).toEqual([15, 15, 15]);
    expect(parts.reduce((o, p) => add(o, p.outcomes), {})).toEqual(whole.outcomes);
    expect(parts.reduce((o, p) => add(o, p.mutators), {})).toEqual(whole.mutators);
    // The hand-made hostile inputs are shard 1's.
    expect(parts.map((p) => p.crafted)).toEqual([whole.crafted, 0, 0]);
  }, 300_000);

  it('refuses a shard without a seed, or out of range', () => {
    for (const args of [['--shard', '1/2'], ['--shard', '3/2', '--seed', '1'], ['--shard', 'x', '--seed', '1']]) {
      const r = spawnSync(process.execPath, ['scripts/fuzz.mjs', '--runs', '1', ...args], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
      expect(r.status, args.join(' ')).toBe(2);
      expect(r.stderr).toMatch(/--shard/);
    }
  });
});
