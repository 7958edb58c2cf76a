#!/usr/bin/env node
// The installed `xenlu` command. It is committed beside the sources, not built, so that installing
// the workspace can link it before anything is compiled (a package manager links bins at install
// time); it runs the bundled CLI (scripts/bundle-cli.mjs: one file to load instead of ~200
// modules), or says how to build it.
import { existsSync } from 'node:fs';
import module from 'node:module';
import { fileURLToPath } from 'node:url';

// Node 22.1+ keeps the compiled bundle in a cache (compiling it is most of what start-up still
// costs); Node 20 has no such cache and compiles it at each start.
module.enableCompileCache?.();

const main = new URL('../dist/bundle/main.js', import.meta.url);
if (!existsSync(fileURLToPath(main))) {
  process.stderr.write(`xenlu: not built yet: run \`npx -y pnpm@10 build\` in the xenlu workspace (${fileURLToPath(new URL('../../..', import.meta.url))})\n`);
  process.exit(2);
}
await import(main.href);
