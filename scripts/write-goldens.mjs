// Writes the golden fixtures of schema versions that have none yet: fixtures/vN/example.xlu and its
// JSON form. Released goldens are frozen: this never overwrites an existing file.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { encode, toJson, VERSIONS } from '@xenlu/format';
import { exampleState } from '@xenlu/format/testing';

for (const v of VERSIONS) {
  const dir = new URL(`../fixtures/v${v}/`, import.meta.url);
  mkdirSync(dir, { recursive: true });
  const state = exampleState(v);
  for (const [name, data] of [
    ['example.xlu', encode(state, v)],
    ['example.json', `${JSON.stringify(toJson(state, v), null, 2)}\n`],
  ]) {
    const file = new URL(name, dir);
    if (existsSync(file)) {
      console.log(`fixtures/v${v}/${name}: exists, kept (released goldens are frozen)`);
      continue;
    }
    writeFileSync(file, data);
    console.log(`fixtures/v${v}/${name}: written`);
  }
}
