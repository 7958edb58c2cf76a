#!/usr/bin/env node
/**
 * Bundles the built CLI (packages/cli/dist, from `tsc -b`) into packages/cli/dist/bundle/, the
 * code `bin/xenlu.js` runs: loading ~200 ES modules (commander, zod, @xenlu/format, the CLI) cost
 * a one-off `xenlu validate` about 0.3 s of start-up; one file costs a fraction of that.
 *
 * Entry points are the modules loaded by path: the CLI and its validate worker. Code splitting
 * keeps what `import()` loads lazily (the verifier runtime and fast-check, for verify, gen and
 * compat) in its own chunk, so the commands that read dumps never load it. zod is not in the
 * bundle: @xenlu/format requires it on first use (schema/dsl.ts `zodRuntime`), from its own package.
 * `meta.json` beside the bundle is esbuild's metafile: which inputs each output holds (the
 * start-up test reads it).
 */
import { rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
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

rmSync(OUT, { recursive: true, force: true });
const result = await build({
  entryPoints: { main: join(CLI_DIST, 'main.js'), 'validate-worker': join(CLI_DIST, 'commands/validate-worker.js') },
  outdir: OUT,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  // piscina starts its own worker script by path (next to its code), and TypeScript is an optional
  // peer of `compat --against`: both load from node_modules as they are.
  external: ['piscina', 'typescript'],
  // commander is CommonJS: its require() of Node's modules needs a real require in an ES module.
  banner: { js: "import { createRequire as __xenluCreateRequire } from 'node:module'; const require = __xenluCreateRequire(import.meta.url);" },
  plugins: [ownImportMetaUrl],
  // Less source to compile at each start; identifiers keep their names for stack traces.
  minifyWhitespace: true,
  minifySyntax: true,
  metafile: true,
  logLevel: 'warning',
});
writeFileSync(join(OUT, 'meta.json'), `${JSON.stringify(result.metafile)}\n`);
