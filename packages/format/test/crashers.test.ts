/**
 * Replays the minimised crashers kept in fixtures/crashers: each `<name>.xlu` must give exactly
 * the outcome its `<name>.expected.json` records (written when the fault was fixed), through
 * both readers and the fuzz oracle. A crasher saved by `pnpm fuzz` and not yet fixed has no
 * `expect`, and fails here until someone fixes it and records the outcome.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Limits } from '../src/limits.js';
import { Rng, checkDecode, checkStream } from '../src/fuzz/index.js';
import { isVersion } from '../src/schema/index.js';

interface Expected {
  readonly found: string;
  readonly fix?: string;
  readonly readerVersion?: number;
  readonly limits?: Partial<Limits>;
  readonly expect?: { readonly outcome: string; readonly offset?: number } | null;
}

const dir = new URL('../../../fixtures/crashers/', import.meta.url);
const names = readdirSync(dir).filter((f) => f.endsWith('.xlu')).map((f) => f.slice(0, -4)).sort();

describe('fuzz crashers stay fixed', () => {
  it('the crasher directory holds fixtures, each with its expectation', () => {
    expect(names.length).toBeGreaterThanOrEqual(3);
    const json = readdirSync(dir).filter((f) => f.endsWith('.expected.json')).map((f) => f.slice(0, -'.expected.json'.length)).sort();
    expect(json).toEqual(names);
  });

  for (const name of names) {
    it(name, async () => {
      const bytes = new Uint8Array(readFileSync(new URL(`${name}.xlu`, dir)));
      const meta = JSON.parse(readFileSync(new URL(`${name}.expected.json`, dir), 'utf8')) as Expected;
      expect(meta.expect, `${name} is not fixed yet: ${meta.found}`).toBeTruthy();
      const readerVersion = meta.readerVersion !== undefined && isVersion(meta.readerVersion) ? meta.readerVersion : undefined;
      const options = { ...(readerVersion !== undefined ? { readerVersion } : {}), ...(meta.limits ? { limits: meta.limits } : {}) };
      const r = checkDecode(bytes, options);
      expect(r.outcome).toBe(meta.expect!.outcome);
      if (meta.expect!.offset !== undefined) expect(r.error?.location.offset).toBe(meta.expect!.offset);
      const s = await checkStream(bytes, new Rng(7), options);
      expect(s === 'ok').toBe(meta.expect!.outcome === 'ok');
    });
  }
});
