/**
 * Start-up: a command loads only what it uses. The verifier's runtime (fast-check, piscina) is
 * loaded by `verify`, `gen` and `compat` alone, never by the commands that read dumps.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { BIN, FIXTURE, ROOT } from './helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'xenlu-startup-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// A module-resolution hook (node --import) that records every module the process loads.
const hooks = join(dir, 'hooks.mjs');
writeFileSync(hooks, `import { appendFileSync } from 'node:fs';
export async function resolve(specifier, context, next) {
  const r = await next(specifier, context);
  appendFileSync(process.env.XENLU_LOADED_LOG, r.url + '\\n');
  return r;
}
`);
const register = join(dir, 'register.mjs');
writeFileSync(register, `import { register } from 'node:module';\nregister(${JSON.stringify(pathToFileURL(hooks).href)});\n`);

function loaded(args: readonly string[]): string[] {
  const log = join(dir, `loaded-${args[0]}.txt`);
  writeFileSync(log, '');
  const r = spawnSync(process.execPath, ['--import', pathToFileURL(register).href, BIN, ...args], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, XENLU_LOADED_LOG: log } });
  expect(r.status, r.stderr).toBe(0);
  return readFileSync(log, 'utf8').split('\n').filter(Boolean);
}

describe('start-up', () => {
  it('validate, inspect and decode do not load the verifier runtime; verify does', () => {
    const heavy = (urls: string[]) => urls.filter((u) => /\/(fast-check|piscina)\//.test(u));
    for (const args of [['validate', FIXTURE(3)], ['inspect', FIXTURE(3)], ['decode', FIXTURE(1)]]) {
      const urls = loaded(args);
      expect(urls.some((u) => u.includes('/packages/format/')), args[0]).toBe(true);
      expect(heavy(urls), args[0]).toEqual([]);
    }
    expect(heavy(loaded(['verify', '--list'])).length).toBeGreaterThan(0);
  });
});
