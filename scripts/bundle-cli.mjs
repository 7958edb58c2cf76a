#!/usr/bin/env node
/**
 * Bundles the built CLI (packages/cli/dist, from `tsc -b`) into packages/cli/dist/bundle/, the
 * code `bin/xenlu.js` runs: loading ~200 ES modules (commander, zod, @xenlu/format, the CLI) cost
 * a one-off `xenlu validate` about 0.3 s of start-up; one file costs a fraction of that.
 *
 * `main.cjs` is the CLI, CommonJS so that the launcher can compile it with V8's code cache (Node
 * 20 has none for ES modules): one file, each command's modules (and the verifier runtime,
 * fast-check, for verify, gen and compat) evaluated only when that command runs (main.ts imports
 * them with import(), which the bundle turns into a call). Then the build runs `xenlu validate`
 * of the latest golden fixture to write that cache, `main.cjs.v8cache` (see bin/xenlu.js), after a
 * run that records the code that validate generates from the schema, `generated.js` (compiled
 * ahead, with its own cache `generated.js.v8cache`).
 * The workers `validate` starts for several files run this same bundle through the launcher
 * (src/worker-role.ts), so they compile from the same cache.
 * zod is not in the bundle: @xenlu/format requires it on first use (schema/dsl.ts `zodRuntime`),
 * from its own package. `meta.json` beside the bundle is esbuild's metafile (which inputs the
 * bundle holds).
 */
import { spawnSync } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const PACKAGES = join(ROOT, 'packages');
const CLI_DIST = join(PACKAGES, 'cli/dist');
const OUT = join(CLI_DIST, 'bundle');

/**
 * A bundled module of another workspace package keeps its own `import.meta.url`, so the paths it
 * resolves against it (the verifier's compat-allow.json, the fixtures, its piscina worker) still
 * name its package's files. The path is relative to the bundle: @xenlu/cli and the package are
 * siblings in the workspace (packages/*) and in an install (node_modules/@xenlu/*).
 */
const ownImportMetaUrl = {
  name: 'own-import-meta-url',
  setup(b) {
    b.onLoad({ filter: /\.js$/ }, async (args) => {
      if (!args.path.startsWith(PACKAGES) || args.path.startsWith(join(PACKAGES, 'cli'))) return undefined;
      const { readFile } = await import('node:fs/promises');
      const text = await readFile(args.path, 'utf8');
      if (!text.includes('import.meta.url')) return undefined;
      const rel = relative(OUT, args.path).split('\\').join('/');
      const own = `new URL(${JSON.stringify(rel)}, import.meta.url).href`;
      return { contents: text.replaceAll('import.meta.url', own), loader: 'js', resolveDir: dirname(args.path) };
    });
  },
};

/**
 * commander requires node:child_process when it loads, for subcommands run as separate programs,
 * which xenlu has none of; with the node:net and node:dgram it pulls in, that cost every command's
 * start ~6 ms. Here it is required when first used. The build fails if commander's line changes.
 */
const COMMANDER_CHILD_PROCESS = "const childProcess = require('node:child_process');";
const lazyCommanderChildProcess = {
  name: 'lazy-commander-child-process',
  setup(b) {
    b.onLoad({ filter: /[\\/]commander[\\/]lib[\\/]command\.js$/ }, async (args) => {
      const { readFile } = await import('node:fs/promises');
      const text = await readFile(args.path, 'utf8');
      if (!text.includes(COMMANDER_CHILD_PROCESS)) throw new Error(`${args.path}: no \`${COMMANDER_CHILD_PROCESS}\` to make lazy (commander changed)`);
      const lazy = "const childProcess = { get spawn() { return require('node:child_process').spawn; } };";
      return { contents: text.replace(COMMANDER_CHILD_PROCESS, lazy), loader: 'js' };
    });
  },
};

/**
 * The bundle is a script the launcher compiles, where import() does not work (Node 20 runs it only
 * with an experimental flag): import() of what is known at build time becomes require()
 * (`supported` below), and import-file.ts, which loads ES module files named at run time, calls
 * the launcher's import(), a parameter of the bundle's function.
 */
const IMPORT_FILE = join(CLI_DIST, 'import-file.js');
const launcherImport = {
  name: 'launcher-import',
  setup(b) {
    b.onLoad({ filter: /[\\/]import-file\.js$/ }, async (args) => {
      if (args.path !== IMPORT_FILE) return undefined;
      const { readFile } = await import('node:fs/promises');
      const text = await readFile(args.path, 'utf8');
      if (text.split('await import(').length !== 2) throw new Error(`${args.path}: expected one \`await import(\` to hand to the launcher`);
      return { contents: text.replace('await import(', 'await __xenluImport('), loader: 'js' };
    });
  },
};

/** Node, the packages left outside, the plugins, less source to compile. */
const COMMON = {
  // Paths in the bundle (the names of its lazily evaluated modules) and in meta.json are relative
  // to the workspace, whatever directory the build runs from.
  absWorkingDir: ROOT,
  bundle: true,
  platform: 'node',
  target: 'node20',
  // piscina starts its own worker script by path (next to its code), and TypeScript is an optional
  // peer of `compat --against`: both load from node_modules as they are.
  external: ['piscina', 'typescript'],
  plugins: [ownImportMetaUrl, lazyCommanderChildProcess],
  // Less source to compile at each start; identifiers keep their names for stack traces (and the
  // module paths naming each lazily evaluated module, which the start-up test reads).
  minifyWhitespace: true,
  minifySyntax: true,
  metafile: true,
  logLevel: 'warning',
};

rmSync(OUT, { recursive: true, force: true });
const main = await build({
  ...COMMON,
  entryPoints: { main: join(CLI_DIST, 'main.js') },
  outdir: OUT,
  outExtension: { '.js': '.cjs' },
  format: 'cjs',
  // import() of what stays outside (Node's modules, typescript) as require(): in a vm.Script,
  // import() needs an experimental loader option, which prints a warning, and is lost with the
  // code cache.
  supported: { 'dynamic-import': false },
  plugins: [...COMMON.plugins, launcherImport],
  // What a CommonJS module has instead of import.meta: the bundle's own URL, which the paths the
  // CLI resolves against it (the validate worker) and ownImportMetaUrl's expect, and a resolve
  // from the bundle (the workspace packages are its siblings there and in an install).
  define: { 'import.meta.url': '__xenluBundleUrl', 'import.meta.resolve': '__xenluResolve' },
  // The file is the function the launcher calls, of a CommonJS module's parameters and the
  // launcher's import(), wrapped here rather than by the launcher so that its offsets are the
  // file's (V8's coverage, the source map); strict, as the ES modules it is made of are.
  banner: {
    js: [
      '(function (exports, require, module, __filename, __dirname, __xenluImport) {',
      '"use strict";',
      "const __xenluBundleUrl = require('node:url').pathToFileURL(__filename).href;",
      "const __xenluResolve = (s) => require('node:url').pathToFileURL(require.resolve(s)).href;",
    ].join(' '),
  },
  footer: { js: '})' },
  // Which module each part of the bundle comes from (the start-up test reads it; Node uses it for
  // stack traces with --enable-source-maps).
  sourcemap: 'linked',
  sourcesContent: false,
});
writeFileSync(join(OUT, 'meta.json'), `${JSON.stringify(main.metafile)}\n`);

// The code caches, from the command start-up matters most for: validate of the latest golden dump.
// A first run records the code @xenlu/format generates from the schema (generated.js, see
// bin/xenlu.js), a second compiles the bundle and that file, and writes V8's cache of each.
const { LATEST_VERSION } = await import(pathToFileURL(join(PACKAGES, 'format/dist/index.js')).href);
const TRAINING = { XENLU_RECORD_GENERATED_CODE: 'recording the generated code', XENLU_WRITE_CODE_CACHE: 'writing the code cache' };
// Each run in one mode only, whatever the build's own environment says.
const ownEnv = Object.fromEntries(Object.entries(process.env).filter(([k]) => !Object.hasOwn(TRAINING, k)));
for (const [env, what] of Object.entries(TRAINING)) {
  const training = spawnSync(process.execPath, [join(PACKAGES, 'cli/bin/xenlu.js'), 'validate', join(ROOT, `fixtures/v${LATEST_VERSION}/example.xlu`)], {
    env: { ...ownEnv, [env]: '1' },
    encoding: 'utf8',
  });
  if (training.status !== 0) throw new Error(`bundle-cli: ${what}: xenlu validate exited ${training.status}: ${training.stderr}`);
}
