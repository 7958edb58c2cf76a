/**
 * `xenlu` as an installed command: the workspace install links it (before anything is built),
 * it runs from any directory, and the three packages pack and install on their own.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FIXTURE, ROOT } from './helpers.js';

const LINK = join(ROOT, 'node_modules/.bin/xenlu');
const scratch = mkdtempSync(join(tmpdir(), 'xenlu-install-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function run(cmd: string, args: readonly string[], cwd: string, timeout = 120_000) {
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf8', timeout, env: { ...process.env, NO_COLOR: '1' } });
  if (r.error) throw r.error;
  return r;
}

describe('xenlu as a command', () => {
  it('the workspace install links xenlu, and it runs from any directory with paths relative to it', () => {
    expect(existsSync(LINK)).toBe(true);
    const version = run(LINK, ['--version'], scratch);
    expect(version.status).toBe(0);
    expect(version.stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
    // A relative path is the caller's, not the workspace's.
    copyFileSync(FIXTURE(3), join(scratch, 'here.xlu'));
    const v = run(LINK, ['validate', 'here.xlu'], scratch);
    expect(v.stderr).toBe('');
    expect(v.stdout).toMatch(/^here\.xlu: valid \(schema v3/);
    expect(v.status).toBe(0);
  });

  it('before the build, the linked command says how to build instead of failing obscurely', () => {
    // The launcher as installed in a package whose dist/ does not exist yet.
    const pkg = join(scratch, 'unbuilt');
    mkdirSync(join(pkg, 'bin'), { recursive: true });
    writeFileSync(join(pkg, 'package.json'), '{"type":"module"}');
    copyFileSync(join(ROOT, 'packages/cli/bin/xenlu.js'), join(pkg, 'bin/xenlu.js'));
    const r = run(process.execPath, [join(pkg, 'bin/xenlu.js'), '--version'], scratch);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^xenlu: not built yet: run `npx -y pnpm@10 build`/);
    expect(r.stderr.split('\n').filter(Boolean)).toHaveLength(1);
  });

  it('the packages pack, and their tarballs install and run in an empty folder', () => {
    const packs = join(scratch, 'packs');
    mkdirSync(packs);
    for (const p of ['format', 'verifier', 'cli']) {
      const r = run('npx', ['-y', 'pnpm@10', 'pack', '--pack-destination', packs], join(ROOT, 'packages', p));
      expect(r.status, r.stderr).toBe(0);
    }
    const tarballs = readdirSync(packs).filter((f) => f.endsWith('.tgz')).map((f) => join(packs, f));
    expect(tarballs).toHaveLength(3);
    const app = join(scratch, 'app');
    mkdirSync(app);
    writeFileSync(join(app, 'package.json'), '{"name":"app","private":true}');
    const install = run('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error', ...tarballs], app, 300_000);
    expect(install.status, install.stderr).toBe(0);
    const bin = join(app, 'node_modules/.bin/xenlu');
    expect(run(bin, ['--version'], app).stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
    const v = run(bin, ['validate', FIXTURE(2)], app);
    expect(v.status, v.stderr).toBe(0);
    expect(v.stdout).toMatch(/valid \(schema v2/);
    // The installed library resolves on its own too (no workspace links behind it).
    const lib = run(process.execPath, ['--input-type=module', '-e', "import('@xenlu/format').then((f) => console.log(f.LATEST_VERSION))"], app);
    expect(lib.status, lib.stderr).toBe(0);
    expect(Number(lib.stdout.trim())).toBeGreaterThanOrEqual(3);
  }, 400_000);
});
