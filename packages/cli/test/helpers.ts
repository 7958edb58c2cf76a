/** Running the built `xenlu` binary as a user would, and scratch files for its tests. */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
/** The installed command's launcher: it runs the bundle (dist/bundle), what a user runs. */
export const BIN = join(ROOT, 'packages/cli/bin/xenlu.js');
export const FIXTURE = (v: 1 | 2 | 3, ext: 'xlu' | 'json' = 'xlu') => join(ROOT, `fixtures/v${v}/example.${ext}`);

const BUNDLE_META = join(ROOT, 'packages/cli/dist/bundle/meta.json');
const BUILD = 'build first (npx -y pnpm@10 build: tsc, then the bundle)';
if (!existsSync(BUNDLE_META)) throw new Error(`${BUNDLE_META} is missing: ${BUILD}`);
// A `tsc -b` alone leaves the bundle behind the compiled packages: tests would run old code.
const newerThanBundle = ['format', 'verifier', 'cli']
  .flatMap((p) => readdirSync(join(ROOT, 'packages', p, 'dist'), { recursive: true, encoding: 'utf8' }).map((f) => join(ROOT, 'packages', p, 'dist', f)))
  .filter((f) => f.endsWith('.js') && !f.includes('/dist/bundle/') && statSync(f).mtimeMs > statSync(BUNDLE_META).mtimeMs);
if (newerThanBundle.length > 0) throw new Error(`the CLI bundle is older than ${newerThanBundle[0]}: ${BUILD}`);

export interface Run {
  readonly status: number | null;
  readonly stdout: string;
  readonly stdoutBytes: Buffer;
  readonly stderr: string;
}

export interface RunOptions {
  readonly input?: string | Uint8Array;
  readonly env?: Record<string, string | undefined>;
  readonly cwd?: string;
}

/** Runs `xenlu ...args` and waits for it. */
export function xenlu(args: readonly string[], opts: RunOptions = {}): Run {
  const env: Record<string, string | undefined> = { ...process.env, ...opts.env };
  for (const [k, v] of Object.entries(env)) if (v === undefined) delete env[k];
  const r = spawnSync(process.execPath, [BIN, ...args], {
    input: opts.input,
    env: env as NodeJS.ProcessEnv,
    cwd: opts.cwd ?? ROOT,
    maxBuffer: 256 * 1024 * 1024,
    timeout: 120_000,
  });
  if (r.error) throw r.error;
  return { status: r.status, stdoutBytes: r.stdout, stdout: r.stdout.toString('utf8'), stderr: r.stderr.toString('utf8') };
}

/** A scratch directory, removed by `cleanup`. */
export function scratch(prefix: string): { dir: string; path: (name: string) => string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), `xenlu-cli-${prefix}-`));
  return { dir, path: (name) => join(dir, name), cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export function readJson(path: string): unknown {
  return JSON.parse(readFileSync(path, 'utf8'));
}

export function writeJson(path: string, v: unknown): void {
  writeFileSync(path, JSON.stringify(v));
}

/** stderr is one line (an error message), without a stack trace. */
export function oneLine(stderr: string): boolean {
  const lines = stderr.trimEnd().split('\n');
  return lines.length === 1 && !/\n\s+at /.test(stderr);
}

/** Whether jq(1) is on the PATH. */
const HAVE_JQ = spawnSync('jq', ['--version']).status === 0;

/**
 * The value a jq path (`.domains[4].event_channels[2].port`) names in a JSON text, as compact
 * JSON: by the real jq when installed, else by walking the path here (the paths xenlu prints use
 * only `.name` and `[n]`).
 */
export function jqValue(json: string, path: string): string {
  if (HAVE_JQ) {
    const r = spawnSync('jq', ['-c', path], { input: json, maxBuffer: 256 * 1024 * 1024 });
    if (r.status !== 0) throw new Error(`jq ${path}: ${r.stderr.toString()}`);
    return r.stdout.toString().trim();
  }
  let v: unknown = JSON.parse(json);
  for (const m of path.matchAll(/\.([A-Za-z_]\w*)|\[(\d+)\]/g)) v = m[1] !== undefined ? (v as Record<string, unknown>)[m[1]] : (v as unknown[])[Number(m[2])];
  return JSON.stringify(v ?? null);
}
