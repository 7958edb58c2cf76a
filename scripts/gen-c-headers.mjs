// Regenerates the C headers of every schema version, interop/c/include/xenlu_vN.h, from the
// schema (run after `pnpm run build`). packages/format/test/c-header.test.ts fails when they are stale.
import { writeFileSync } from 'node:fs';
import { VERSIONS } from '@xenlu/format';
import { cHeader, cHeaderFileName } from '../packages/format/dist/index.js';

for (const v of VERSIONS) {
  const file = new URL(`../interop/c/include/${cHeaderFileName(v)}`, import.meta.url);
  writeFileSync(file, cHeader(v));
  console.log(`interop/c/include/${cHeaderFileName(v)}: written`);
}
