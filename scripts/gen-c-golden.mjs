// Regenerates the reference C writer's data from the schema and the golden example state (run
// after `pnpm run build`): the state types interop/c/src/xenlu_v3_state.h and the golden state
// interop/c/golden_v3.c. interop/test/c-writer.test.ts fails when they are stale.
import { writeFileSync } from 'node:fs';
import { exampleState } from '@xenlu/format/testing';
import { cStateData, cStateTypes, cStateTypesFileName } from '../packages/format/dist/index.js';

const VERSION = 3;
const files = {
  [`interop/c/src/${cStateTypesFileName(VERSION)}`]: cStateTypes(VERSION),
  'interop/c/golden_v3.c': cStateData(VERSION, exampleState(VERSION), 'xlu_golden_v3', `exampleState(${VERSION})`),
};
for (const [path, text] of Object.entries(files)) {
  writeFileSync(new URL(`../${path}`, import.meta.url), text);
  console.log(`${path}: written`);
}
