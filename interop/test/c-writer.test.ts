/**
 * C writes, xenlu reads: the reference C writer, generated from the schema for every version
 * (xlu_write_vN.c), serializes each version's golden state (exampleState(N) as C data in
 * golden_vN.c) into exactly the bytes the TypeScript encoder writes, which decode back to the
 * example state. A writer given too small a buffer fails cleanly.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { VERSIONS, decode, encode, splitRecords } from '@xenlu/format';
import { exampleState } from '@xenlu/format/testing';
import { cStateData, cStateTypes, cStateTypesFileName } from '../../packages/format/src/codegen/c-state.js';
import { cWriterHeader, cWriterHeaderFileName, cWriterSource, cWriterSourceFileName } from '../../packages/format/src/codegen/c-writer.js';
import { C_DIR, type CBuild, REPO, buildC, valgrind } from './c-toolchain.js';

let c: CBuild;
let written: Uint8Array;

/** The golden stream of one version as the C writer writes it. */
function writeGolden(version: number): Uint8Array {
  const out = join(c.dir, `golden-v${version}-by-c.xlu`);
  const r = valgrind(c.write, ['--version', String(version), out]);
  if (r.status !== 0) throw new Error(`xlu-write --version ${version} failed (${r.status}): ${r.stderr}`);
  return new Uint8Array(readFileSync(out));
}

beforeAll(() => {
  c = buildC();
  written = writeGolden(3);
});

describe.each(VERSIONS)('generated C of schema v%i', (v) => {
  it('golden_vN.c is up to date (regenerate: pnpm run build && node scripts/gen-c-golden.mjs)', () => {
    const data = readFileSync(join(C_DIR, `golden_v${v}.c`), 'utf8');
    expect(data === cStateData(v, exampleState(v), `xlu_golden_v${v}`, `exampleState(${v})`), `interop/c/golden_v${v}.c is stale`).toBe(true);
  });

  it('the state types and the serializer are up to date (regenerate: node scripts/gen-c-headers.mjs)', () => {
    const generated = {
      [cStateTypesFileName(v)]: cStateTypes(v),
      [cWriterHeaderFileName(v)]: cWriterHeader(v),
      [cWriterSourceFileName(v)]: cWriterSource(v),
    };
    for (const [name, text] of Object.entries(generated)) {
      expect(readFileSync(join(C_DIR, 'src', name), 'utf8') === text, `interop/c/src/${name} is stale`).toBe(true);
      expect(text).toMatch(/GENERATED from packages\/format\/src\/schema by scripts\/gen-c-headers\.mjs\. Do not edit/);
    }
  });

  it('writes the bytes of the TypeScript encoder and of the golden fixture', () => {
    const bytes = writeGolden(v);
    const ts = encode(exampleState(v), v);
    const a = splitRecords(bytes);
    const b = splitRecords(ts);
    expect(a.map((r) => r.type)).toEqual(b.map((r) => r.type));
    a.forEach((r, i) => expect(Buffer.from(r.body).equals(Buffer.from(b[i]!.body)), `record ${i} body`).toBe(true));
    expect(Buffer.from(bytes).equals(Buffer.from(ts))).toBe(true);
    expect(Buffer.from(bytes).equals(readFileSync(join(REPO, `fixtures/v${v}/example.xlu`)))).toBe(true);
  });
});

describe('generated C data', () => {

  it('follows the state: a changed value changes the C data', () => {
    const s = exampleState(3);
    s.domains[1]!.domain.max_pages += 1n;
    expect(cStateData(3, s, 'xlu_golden_v3', 'exampleState(3)')).not.toBe(cStateData(3, exampleState(3), 'xlu_golden_v3', 'exampleState(3)'));
  });

  it('refuses a state that does not fit the schema', () => {
    const s = exampleState(3);
    (s.domains[0]!.domain as { domid: number }).domid = 0x7ff0;
    expect(() => cStateData(3, s, 'x', 'bad')).toThrow(/does not fit schema v3/);
  });
});

describe('C writer -> xenlu', () => {
  it('writes the same bytes as the TypeScript encoder and the v3 golden fixture', () => {
    const ts = encode(exampleState(3), 3);
    const fixture = new Uint8Array(readFileSync(join(REPO, 'fixtures/v3/example.xlu')));
    expect(written.length).toBe(ts.length);
    // Compare record by record first, so a difference names the record.
    const a = splitRecords(written);
    const b = splitRecords(ts);
    expect(a.map((r) => r.type)).toEqual(b.map((r) => r.type));
    a.forEach((r, i) => expect(Buffer.from(r.body).equals(Buffer.from(b[i]!.body)), `record ${i} body`).toBe(true));
    expect(Buffer.from(written).equals(Buffer.from(ts))).toBe(true);
    expect(Buffer.from(written).equals(Buffer.from(fixture))).toBe(true);
  });

  it('is accepted by xenlu and decodes to the golden state', () => {
    const d = decode(written, { readerVersion: 3 });
    expect(d.streamVersion).toBe(3);
    expect(d.dropped).toEqual([]);
    expect(d.state).toEqual(exampleState(3));
  });

  it('measures the stream size with no buffer before writing it', () => {
    const r = valgrind(c.write, ['--version', '3', '--measure']);
    expect(r.status).toBe(0);
    expect(r.stdout.trim()).toBe(`measured ${written.length}`);
  });

  it('fails with no-space, writing nothing past the buffer, whenever the buffer is too small', () => {
    // In one process: every capacity below 1 KiB, every 97th above, one byte short.
    const sweep = valgrind(c.write, ['--version', '3', '--sweep']);
    expect(sweep.status, sweep.stdout + sweep.stderr).toBe(0);
    const m = sweep.stdout.match(/^sweep ok (\d+)$/m);
    expect(Number(m?.[1])).toBeGreaterThan(1024);
    const short = valgrind(c.write, ['--version', '3', '--capacity', String(written.length - 1), join(c.dir, 'short.xlu')]);
    expect(short.status).toBe(1);
    expect(short.stderr).toMatch(/^error no-space at \d+/);
    const exact = valgrind(c.write, ['--version', '3', '--capacity', String(written.length), join(c.dir, 'exact.xlu')]);
    expect(exact.status).toBe(0);
    expect(Buffer.from(readFileSync(join(c.dir, 'exact.xlu'))).equals(Buffer.from(written))).toBe(true);
  });
});
