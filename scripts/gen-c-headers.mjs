#!/usr/bin/env node
// Regenerates the C files derived from the schema (run after `pnpm run build`):
//   interop/c/include/xenlu_vN.h      constants of each schema version
//   interop/c/include/xenlu_versions.h the versions X-macro, every header included
//   interop/c/src/xenlu_vN_state.h    each version's state as C structs
//   interop/c/src/xlu_write_vN.[ch]   each version's serializer
//   interop/c/src/xlu_write.h         every serializer
//   interop/c/src/xlu_crc32_table.h   the slice-by-8 CRC-32 tables
//   node scripts/gen-c-headers.mjs          write the files that differ
//   node scripts/gen-c-headers.mjs --check  exit 1 when one is stale or missing, change nothing
// A generated file of a version the schema no longer has is reported, never deleted silently.
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { VERSIONS } from '@xenlu/format';
import {
  C_CRC32_TABLE_FILE_NAME, C_VERSIONS_HEADER_FILE_NAME, C_WRITERS_HEADER_FILE_NAME, cCrc32Table, cHeader, cHeaderFileName,
  cStateTypes, cStateTypesFileName, cVersionsHeader, cWriterHeader, cWriterHeaderFileName, cWriterSource, cWriterSourceFileName, cWritersHeader,
} from '../packages/format/dist/index.js';

const args = process.argv.slice(2);
if (args.some((a) => a !== '--check')) {
  console.error('usage: node scripts/gen-c-headers.mjs [--check]');
  process.exit(2);
}
const check = args.includes('--check');

const files = {
  [`interop/c/include/${C_VERSIONS_HEADER_FILE_NAME}`]: cVersionsHeader(),
  [`interop/c/src/${C_WRITERS_HEADER_FILE_NAME}`]: cWritersHeader(),
  [`interop/c/src/${C_CRC32_TABLE_FILE_NAME}`]: cCrc32Table(),
};
for (const v of VERSIONS) {
  files[`interop/c/include/${cHeaderFileName(v)}`] = cHeader(v);
  files[`interop/c/src/${cStateTypesFileName(v)}`] = cStateTypes(v);
  files[`interop/c/src/${cWriterHeaderFileName(v)}`] = cWriterHeader(v);
  files[`interop/c/src/${cWriterSourceFileName(v)}`] = cWriterSource(v);
}

const root = new URL('../', import.meta.url);
let stale = 0;
let orphans = 0;
for (const [path, text] of Object.entries(files)) {
  const url = new URL(path, root);
  if (existsSync(url) && readFileSync(url, 'utf8') === text) continue;
  stale++;
  if (check) {
    console.error(`${path}: stale or missing`);
  } else {
    writeFileSync(url, text);
    console.log(`${path}: written`);
  }
}
// Generated files the schema does not produce any more (a version removed or renamed).
for (const dir of ['interop/c/include', 'interop/c/src']) {
  for (const name of readdirSync(new URL(`${dir}/`, root))) {
    const path = `${dir}/${name}`;
    if (files[path] !== undefined) continue;
    if (/GENERATED[^\n]*\n?[^\n]*gen-c-headers\.mjs/.test(readFileSync(new URL(path, root), 'utf8'))) {
      orphans++;
      console.error(`${path}: generated but no longer produced by the schema: delete it`);
    }
  }
}
if ((stale > 0 && check) || orphans > 0) {
  console.error('gen-c-headers: regenerate with `node scripts/gen-c-headers.mjs` after the build, and commit');
  process.exit(1);
}
if (stale > 0 && !check) console.error(`gen-c-headers: ${stale} file(s) updated`);
