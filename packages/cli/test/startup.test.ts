/**
 * Start-up: a command evaluates and runs only what it uses. The launcher compiles the bundle (one
 * CommonJS file) and the code generated from the schema that validate uses (generated.js) with
 * V8's code cache of each; each command's modules, and the verifier's runtime
 * (fast-check, piscina) that only verify, gen and compat use, are evaluated when that command runs.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { SourceMap, type SourceMapPayload } from 'node:module';
import { join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { LATEST_VERSION } from '../src/lib.js';
import { BIN, FIXTURE, ROOT } from './helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'xenlu-startup-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// A module-resolution hook (node --import) that records every ES module the process loads.
const hooks = join(dir, 'hooks.mjs');
writeFileSync(hooks, `import { appendFileSync } from 'node:fs';
export async function resolve(specifier, context, next) {
  const r = await next(specifier, context);
  appendFileSync(process.env.XENLU_LOADED_LOG, r.url + '\\n');
  return r;
}
`);
// And what the launcher's vm.Script of the bundle made of its code cache.
const register = join(dir, 'register.mjs');
writeFileSync(register, `import { register } from 'node:module';
import { appendFileSync } from 'node:fs';
import vm from 'node:vm';
import { isMainThread } from 'node:worker_threads';
register(${JSON.stringify(pathToFileURL(hooks).href)});
const Script = vm.Script;
vm.Script = class extends Script {
  constructor(source, options) {
    super(source, options);
    const file = options?.filename?.match(/(main\\.cjs|generated\\.js)$/)?.[1];
    if (file) appendFileSync(process.env.XENLU_CACHE_LOG, JSON.stringify({ file, given: options.cachedData !== undefined, rejected: this.cachedDataRejected === true }) + '\\n');
  }
};
// And how the process's generated code was had (packages/format/src/codec/generated-code.ts):
// taken from the factories the launcher compiled ahead, or compiled as the process ran.
const AHEAD = Symbol.for('xenlu.compiledAhead');
let ahead;
const tally = { installed: false, taken: 0, compiled: 0 };
Object.defineProperty(globalThis, AHEAD, {
  configurable: true,
  set(v) { ahead = v; tally.installed = true; },
  get() { return { get: (key) => { const f = ahead?.get(key); if (f) tally.taken++; else tally.compiled++; return f; } }; },
});
if (isMainThread) process.on('exit', () => appendFileSync(process.env.XENLU_AHEAD_LOG, JSON.stringify(tally)));
`);
// CommonJS modules (zod is required on first use, not imported) pass no ESM hook: the process
// lists them at exit.
const cjsLog = join(dir, 'cjs-log.cjs');
writeFileSync(cjsLog, `const { appendFileSync } = require('node:fs');
const { pathToFileURL } = require('node:url');
process.on('exit', () => appendFileSync(process.env.XENLU_LOADED_LOG, Object.keys(require.cache).map((f) => pathToFileURL(f).href + '\\n').join('')));
`);

interface Run {
  /** Files loaded as modules, ES or CommonJS, but this test's own preloads. */
  readonly files: string[];
  /** Each compile of the bundle and of the generated code compiled ahead: the process's, then its workers'. */
  readonly caches: readonly { readonly file: 'main.cjs' | 'generated.js'; readonly given: boolean; readonly rejected: boolean }[];
  /** The main thread's generated code: was a set compiled ahead handed in, how many were taken from it, how many compiled. */
  readonly ahead: { readonly installed: boolean; readonly taken: number; readonly compiled: number };
  /** V8's coverage of the bundle (NODE_V8_COVERAGE), when asked for. */
  readonly coverage?: BundleCoverage;
}

interface FunctionCoverage {
  readonly functionName: string;
  readonly ranges: readonly { readonly startOffset: number; readonly endOffset: number; readonly count: number }[];
}
type BundleCoverage = readonly FunctionCoverage[];

let runs = 0;
function xenluRun(args: readonly string[], opts: { coverage?: boolean } = {}): Run {
  const n = runs++;
  const log = join(dir, `loaded-${n}.txt`);
  const cacheLog = join(dir, `cache-${n}.json`);
  const aheadLog = join(dir, `ahead-${n}.json`);
  const covDir = join(dir, `coverage-${n}`);
  writeFileSync(log, '');
  const env: NodeJS.ProcessEnv = { ...process.env, XENLU_LOADED_LOG: log, XENLU_CACHE_LOG: cacheLog, XENLU_AHEAD_LOG: aheadLog };
  if (opts.coverage) env.NODE_V8_COVERAGE = covDir;
  const r = spawnSync(process.execPath, ['--import', pathToFileURL(register).href, '--require', cjsLog, BIN, ...args], { cwd: ROOT, encoding: 'utf8', env });
  expect(r.status, r.stderr).toBe(0);
  const files = readFileSync(log, 'utf8').split('\n').filter((u) => u.startsWith('file:') && !u.startsWith(pathToFileURL(dir).href));
  const caches = readFileSync(cacheLog, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as Run['caches'][number]);
  const ahead = JSON.parse(readFileSync(aheadLog, 'utf8')) as Run['ahead'];
  if (!opts.coverage) return { files, caches, ahead };
  const bundle = readdirSync(covDir)
    .flatMap((f) => (JSON.parse(readFileSync(join(covDir, f), 'utf8')) as { result: { url: string; functions: FunctionCoverage[] }[] }).result)
    .find((s) => s.url === pathToFileURL(BUNDLE).href);
  expect(bundle, 'the bundle in the coverage').toBeDefined();
  return { files, caches, ahead, coverage: bundle!.functions };
}

const BUNDLE = join(ROOT, 'packages/cli/dist/bundle/main.cjs');
const BUNDLE_TEXT = readFileSync(BUNDLE, 'utf8');
/** The bundle's source map: which module each stretch of it comes from. */
const SOURCE_MAP = new SourceMap(JSON.parse(readFileSync(`${BUNDLE}.map`, 'utf8')) as SourceMapPayload);
const LINE_STARTS = [0, ...[...BUNDLE_TEXT.matchAll(/\n/g)].map((m) => m.index + 1)];

/** The source file (path from the workspace root) the bundle's code at `offset` comes from. */
function moduleAt(offset: number): string | undefined {
  let line = LINE_STARTS.length - 1;
  while (LINE_STARTS[line]! > offset) line--;
  const entry = SOURCE_MAP.findEntry(line, offset - LINE_STARTS[line]!);
  if (!('originalSource' in entry)) return undefined;
  return relative(ROOT, fileURLToPath(new URL(entry.originalSource, pathToFileURL(BUNDLE))));
}

/**
 * The modules of the bundle whose code ran. esbuild wraps each module evaluated on demand in a
 * function named by its path (`packages/format/dist/docs/index.js`, `node_modules/.pnpm/...`):
 * `evaluated` are those whose module body ran; `ran` the sources (through the packages' own
 * source maps, `packages/format/src/decode.ts`) of which any function ran.
 */
function modulesOf(coverage: BundleCoverage): { evaluated: Set<string>; ran: Set<string> } {
  const wrapper = (f: FunctionCoverage) => /^(packages|node_modules)\//.test(f.functionName);
  const evaluated = new Set(coverage.filter((f) => wrapper(f) && f.ranges[0]!.count > 0).map((f) => f.functionName));
  const ran = new Set<string>();
  for (const f of coverage) {
    const r = f.ranges[0]!;
    if (r.count === 0 || wrapper(f)) continue;
    const m = moduleAt(r.startOffset);
    if (m !== undefined) ran.add(m);
  }
  return { evaluated, ran };
}

/** esbuild's metafile of the bundle: each input and what it imports. */
const META = JSON.parse(readFileSync(join(ROOT, 'packages/cli/dist/bundle/meta.json'), 'utf8')) as { inputs: Record<string, { imports: { path: string; kind: string }[] }> };

/** The inputs `from` imports statically, itself included. */
function staticClosure(from: string): Set<string> {
  const seen = new Set<string>();
  const visit = (p: string) => {
    if (seen.has(p) || !META.inputs[p]) return;
    seen.add(p);
    for (const i of META.inputs[p]!.imports) if (i.kind === 'import-statement' || i.kind === 'require-call') visit(i.path);
  };
  visit(from);
  return seen;
}

const isVerifierRuntime = (m: string) => /\/(fast-check|pure-rand|piscina)\//.test(m) || m.startsWith('packages/verifier/');
/** What @xenlu/verifier/names brings: the only verifier code a dump command may use. */
const VERIFIER_NAMES = staticClosure('packages/verifier/dist/names.js');
const CLI_COMMANDS = 'packages/cli/dist/commands/';

describe('start-up', () => {
  it('the launcher runs the bundle with its code cache: no other module file, and V8 takes the cache', () => {
    for (const args of [['validate', FIXTURE(3)], ['inspect', FIXTURE(3)], ['decode', FIXTURE(1)]]) {
      const r = xenluRun(args);
      // The bundle is compiled by the launcher itself: commander, zod and @xenlu/* are in it.
      expect(r.files, args[0]).toEqual([pathToFileURL(BIN).href]);
      expect(r.caches, args[0]).toEqual(['generated.js', 'main.cjs'].map((file) => ({ file, given: true, rejected: false })));
    }
  });

  it('validate workers run the same bundle from the same code cache', () => {
    const r = xenluRun(['validate', '-j', '2', FIXTURE(3), FIXTURE(2), FIXTURE(1)]);
    // The process, then each of its two workers: the launcher, and no other module file.
    expect(r.files).toEqual([0, 1, 2].map(() => pathToFileURL(BIN).href));
    // The workers start together: their lines interleave in any order.
    const byFile = [...r.caches].sort((a, b) => a.file.localeCompare(b.file));
    expect(byFile).toEqual(['generated.js', 'main.cjs'].flatMap((file) => [0, 1, 2].map(() => ({ file, given: true, rejected: false }))));
  });

  it('validate of a latest-version dump compiles no generated code: the build compiled it ahead', () => {
    const r = xenluRun(['validate', join(ROOT, `fixtures/v${LATEST_VERSION}/example.xlu`)]);
    expect(r.ahead.installed).toBe(true);
    expect(r.ahead.taken).toBeGreaterThan(10);
    expect(r.ahead.compiled).toBe(0);
  });

  it('generated code the build did not compile ahead is compiled as it is needed', () => {
    // The build's run validated the latest version: a v1 dump's decoders are other code.
    const r = xenluRun(['decode', FIXTURE(1)]);
    expect(r.ahead.installed).toBe(true);
    expect(r.ahead.compiled).toBeGreaterThan(0);
  });

  it('a dump command evaluates its own modules only: no other command, no verifier runtime', () => {
    expect(VERIFIER_NAMES.size).toBeGreaterThan(0);
    for (const [name, args] of [['validate', ['validate', FIXTURE(3)]], ['inspect', ['inspect', FIXTURE(3)]]] as const) {
      const { evaluated } = modulesOf(xenluRun(args, { coverage: true }).coverage!);
      expect(evaluated.has(`${CLI_COMMANDS}${name}.js`), name).toBe(true);
      const own = staticClosure(`${CLI_COMMANDS}${name}.js`);
      expect([...evaluated].filter((m) => m.startsWith(CLI_COMMANDS) && !own.has(m)), name).toEqual([]);
      expect([...evaluated].filter((m) => isVerifierRuntime(m) && !VERIFIER_NAMES.has(m)), name).toEqual([]);
    }
  });

  it('validate of a latest-version dump runs no code of docs generation, codegen, JSON Schema, diff or migrations', () => {
    const { ran } = modulesOf(xenluRun(['validate', join(ROOT, `fixtures/v${LATEST_VERSION}/example.xlu`)], { coverage: true }).coverage!);
    expect(ran.has('packages/format/src/decode.ts')).toBe(true);
    const rare = /^packages\/format\/src\/(docs|codegen|migrate|diff)\/|^packages\/format\/src\/json\/json-schema\.ts$/;
    expect([...ran].filter((m) => rare.test(m))).toEqual([]);
  });

  it('zod loads when a command builds a zod schema (encode of JSON), not before', () => {
    const zod = (urls: string[]) => urls.filter((u) => u.includes('/node_modules/zod/'));
    expect(zod(xenluRun(['validate', FIXTURE(3)]).files)).toEqual([]);
    expect(zod(xenluRun(['encode', '--version', '3', FIXTURE(3, 'json'), '-o', join(dir, 'encoded.xlu')]).files).length).toBeGreaterThan(0);
  });

  it('verify evaluates the verifier runtime (fast-check)', () => {
    const { evaluated } = modulesOf(xenluRun(['verify', '--list'], { coverage: true }).coverage!);
    expect([...evaluated].filter((m) => m.includes('/fast-check/')).length).toBeGreaterThan(0);
  });
});
