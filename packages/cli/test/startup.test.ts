/**
 * Start-up: a command loads only what it uses. The launcher runs the bundle (one file and its
 * shared chunks instead of ~200 modules); the verifier's runtime (fast-check, piscina) is in a
 * chunk loaded by `verify`, `gen` and `compat` alone, never by the commands that read dumps.
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
// CommonJS modules (zod is required on first use, not imported) pass no ESM hook: the process
// lists them at exit.
const cjsLog = join(dir, 'cjs-log.cjs');
writeFileSync(cjsLog, `const { appendFileSync } = require('node:fs');
const { pathToFileURL } = require('node:url');
process.on('exit', () => appendFileSync(process.env.XENLU_LOADED_LOG, Object.keys(require.cache).map((f) => pathToFileURL(f).href + '\\n').join('')));
`);

function loaded(args: readonly string[]): string[] {
  const log = join(dir, `loaded-${args[0]}.txt`);
  writeFileSync(log, '');
  const r = spawnSync(process.execPath, ['--import', pathToFileURL(register).href, '--require', cjsLog, BIN, ...args], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, XENLU_LOADED_LOG: log } });
  expect(r.status, r.stderr).toBe(0);
  // Without this test's own preloads.
  return readFileSync(log, 'utf8').split('\n').filter((u) => u && !u.startsWith(pathToFileURL(dir).href));
}

/** The bundle's outputs (esbuild's metafile) that hold code of the package named `pkg`. */
function outputsHolding(pkg: string): string[] {
  const meta = JSON.parse(readFileSync(join(ROOT, 'packages/cli/dist/bundle/meta.json'), 'utf8')) as { outputs: Record<string, { inputs: Record<string, unknown> }> };
  return Object.entries(meta.outputs)
    .filter(([, o]) => Object.keys(o.inputs).some((i) => i.includes(`/node_modules/${pkg}/`)))
    .map(([out]) => pathToFileURL(join(ROOT, out)).href);
}

describe('start-up', () => {
  const verifierRuntime = outputsHolding('fast-check');
  const heavy = (urls: string[]) => urls.filter((u) => /\/(fast-check|piscina)\//.test(u) || verifierRuntime.includes(u));

  it('the launcher runs the bundle: a dump command loads a few bundled files, no package module', () => {
    expect(verifierRuntime.length).toBeGreaterThan(0);
    for (const args of [['validate', FIXTURE(3)], ['inspect', FIXTURE(3)], ['decode', FIXTURE(1)]]) {
      const files = loaded(args).filter((u) => u.startsWith('file:'));
      const bundled = files.filter((u) => u.includes('/packages/cli/dist/bundle/'));
      expect(bundled.some((u) => u.endsWith('/main.js')), args[0]).toBe(true);
      // Only the launcher and the bundle: zod, commander and @xenlu/* are inside it.
      expect(files.filter((u) => !bundled.includes(u) && !u.endsWith('/packages/cli/bin/xenlu.js')), args[0]).toEqual([]);
      expect(new Set(bundled).size, args[0]).toBeLessThanOrEqual(4);
      expect(heavy(files), args[0]).toEqual([]);
    }
  });

  it('zod loads when a command builds a zod schema (encode of JSON), not before', () => {
    const zod = (urls: string[]) => urls.filter((u) => u.includes('/node_modules/zod/'));
    expect(zod(loaded(['validate', FIXTURE(3)]))).toEqual([]);
    expect(zod(loaded(['encode', '--version', '3', FIXTURE(3, 'json'), '-o', join(dir, 'encoded.xlu')])).length).toBeGreaterThan(0);
  });

  it('only verify loads the verifier runtime (fast-check, piscina)', () => {
    const urls = loaded(['verify', '--list']);
    expect(heavy(urls).length).toBeGreaterThan(0);
  });
});
