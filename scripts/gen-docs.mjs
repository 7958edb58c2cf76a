#!/usr/bin/env node
// Rewrites the generated tables of docs/FORMAT.md from the built schema (run after the build).
//   node scripts/gen-docs.mjs          update the file (only the generated block changes)
//   node scripts/gen-docs.mjs --check  exit 1 when the file is stale, change nothing
// Exit status: 0 up to date or updated, 1 stale (--check), 2 usage, I/O or build error.
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = new URL('../', import.meta.url);
const docPath = fileURLToPath(new URL('docs/FORMAT.md', root));
const dist = new URL('packages/format/dist/docs/', root);

const args = process.argv.slice(2);
if (args.some((a) => a !== '--check')) {
  console.error('usage: node scripts/gen-docs.mjs [--check]');
  process.exit(2);
}
const check = args.includes('--check');

let formatTables, generatedBlock, replaceGeneratedBlock;
try {
  ({ formatTables } = await import(new URL('format-tables.js', dist).href));
  ({ generatedBlock, replaceGeneratedBlock } = await import(new URL('generated-block.js', dist).href));
} catch (e) {
  console.error(`gen-docs: cannot load packages/format/dist/docs (run the build first): ${e.message}`);
  process.exit(2);
}

try {
  const doc = readFileSync(docPath, 'utf8');
  const tables = formatTables();
  if (generatedBlock(doc, 'tables') === tables) {
    if (!check) console.error('gen-docs: docs/FORMAT.md is up to date');
    process.exit(0);
  }
  if (check) {
    console.error('gen-docs: docs/FORMAT.md is stale: run `pnpm gen:docs`');
    process.exit(1);
  }
  // Atomic: a reader never sees a half-written file.
  const tmp = `${docPath}.tmp-${process.pid}`;
  writeFileSync(tmp, replaceGeneratedBlock(doc, 'tables', tables));
  renameSync(tmp, docPath);
  console.error('gen-docs: docs/FORMAT.md updated');
} catch (e) {
  console.error(`gen-docs: ${e.message}`);
  process.exit(2);
}
