#!/usr/bin/env node
// The installed `xenlu` command. It is committed beside the sources, not built, so that installing
// the workspace can link it before anything is compiled (a package manager links bins at install
// time); it runs the built CLI, or says how to build it.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const main = new URL('../dist/main.js', import.meta.url);
if (!existsSync(fileURLToPath(main))) {
  process.stderr.write(`xenlu: not built yet: run \`npx -y pnpm@10 build\` in the xenlu workspace (${fileURLToPath(new URL('../../..', import.meta.url))})\n`);
  process.exit(2);
}
await import(main.href);
