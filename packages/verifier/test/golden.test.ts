import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { v2 } from '@xenlu/format';
import { addField, editRecordBody } from '../src/compat/schema-edit.js';
import { DEFAULT_FIXTURES_DIR, checkGoldenFixtures } from '../src/golden.js';
import { realImpl } from '../src/impl.js';

const dir = mkdtempSync(join(tmpdir(), 'xenlu-golden-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('golden fixtures', () => {
  it('every released fixture still reads as frozen, re-encodes to its bytes and reads in newer versions', () => {
    const r = checkGoldenFixtures();
    expect(r.map((g) => g.file)).toEqual(expect.arrayContaining(['v1/example.xlu', 'v2/example.xlu', 'v3/example.xlu']));
    expect(r.filter((g) => !g.ok)).toEqual([]);
  });

  it('catches a released schema edited in place, which generated round trips cannot see', () => {
    // v2 gains a DOMAIN field with a default but keeps its number: the frozen v2 bytes no longer
    // are the canonical encoding of anything, and the reference reader says so.
    const edited = editRecordBody(v2, 'DOMAIN', (s) => addField(s, 'vmtrace_size', { no: 22, node: s.fields['cpupool']!.node, doc: 'x', default: 0 }));
    const r = checkGoldenFixtures(DEFAULT_FIXTURES_DIR, { ...realImpl, schemas: { ...realImpl.schemas, 2: edited } });
    expect(r.find((g) => g.file === 'v2/example.xlu')?.message).toMatch(/reference reader refuses it with the current v2 schema: .*22 fields, found 21/);
  });

  it('catches a fixture that no longer means its JSON', () => {
    mkdirSync(join(dir, 'v1'));
    copyFileSync(join(DEFAULT_FIXTURES_DIR, 'v1/example.xlu'), join(dir, 'v1/example.xlu'));
    const json = JSON.parse(readFileSync(join(DEFAULT_FIXTURES_DIR, 'v1/example.json'), 'utf8')) as { host: { nr_pcpus: number } };
    json.host.nr_pcpus += 1;
    writeFileSync(join(dir, 'v1/example.json'), JSON.stringify(json));
    const [g] = checkGoldenFixtures(dir);
    expect(g?.ok).toBe(false);
    expect(g?.message).toMatch(/host.nr_pcpus/);
  });
});
