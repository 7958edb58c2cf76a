// Regenerates the golden states of the reference C writer from the schema and the example states
// (run after `pnpm run build`): interop/c/golden_vN.c for every schema version, the state
// exampleState(N) as C initializers of xenlu_vN_state.h (which scripts/gen-c-headers.mjs writes).
// interop/test/c-writer.test.ts fails when they are stale.
import { writeFileSync } from 'node:fs';
import { VERSIONS } from '@xenlu/format';
import { exampleState } from '@xenlu/format/testing';
import { cStateData } from '../packages/format/dist/index.js';

for (const v of VERSIONS) {
  const path = `interop/c/golden_v${v}.c`;
  writeFileSync(new URL(`../${path}`, import.meta.url), cStateData(v, exampleState(v), `xlu_golden_v${v}`, `exampleState(${v})`));
  console.log(`${path}: written`);
}
