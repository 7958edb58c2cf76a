/**
 * What the published @xenlu/format holds: the main entry is the format's API; the example states
 * and the fuzzer are the `@xenlu/format/testing` subpath; every runtime dependency is one the
 * sources import.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import * as main from '../src/index.js';
import * as testing from '../src/testing.js';

const PKG = fileURLToPath(new URL('..', import.meta.url));
const SRC = join(PKG, 'src');
const manifest = JSON.parse(readFileSync(join(PKG, 'package.json'), 'utf8')) as {
  exports: Record<string, { types: string; default: string }>;
  dependencies?: Record<string, string>;
};
const sources = readdirSync(SRC, { withFileTypes: true, recursive: true })
  .filter((e) => e.isFile() && e.name.endsWith('.ts'))
  .map((e) => join(e.parentPath, e.name));
const specifiers = (f: string) => [...readFileSync(f, 'utf8').matchAll(/^\s*(?:import|export)\s[^'";]*?['"]([^'"]+)['"]/gm)].map((m) => m[1]!);

describe('package @xenlu/format', () => {
  it('exports the examples and the fuzzer from ./testing only', () => {
    expect(manifest.exports['./testing']).toEqual({ types: './dist/testing.d.ts', default: './dist/testing.js' });
    for (const name of ['exampleState', 'exampleDomain', 'EXAMPLE_DOMIDS', 'Fuzzer', 'craftedInputs', 'checkDecode', 'Rng']) {
      expect(testing, name).toHaveProperty(name);
      expect(main, name).not.toHaveProperty(name);
    }
  });

  it('loads fuzz/ and examples/ only through ./testing', () => {
    const tooling = (f: string) => /^(fuzz|examples)\//.test(relative(SRC, f)) || relative(SRC, f) === 'testing.ts';
    const leaks = sources
      .filter((f) => !tooling(f))
      .flatMap((f) => specifiers(f).filter((s) => /(^|\/)(fuzz|examples)\//.test(s)).map((s) => `${relative(SRC, f)} imports ${s}`));
    expect(leaks).toEqual([]);
  });

  it('depends at run time only on packages its sources import', () => {
    const imported = new Set(sources.flatMap(specifiers).filter((s) => !s.startsWith('.') && !s.startsWith('node:')));
    for (const dep of Object.keys(manifest.dependencies ?? {})) expect(imported, dep).toContain(dep);
    expect(Object.keys(manifest.dependencies ?? {})).not.toContain('@msgpack/msgpack');
  });
});
