/**
 * `xenlu schema --json-schema` accepts exactly what `xenlu decode` prints, checked by a real JSON
 * Schema validator (ajv, draft 2020-12) rather than by our own reading of the schema: every
 * golden fixture, a generated host-sized dump of each version, rollback and upgrade reads
 * (`decode --as`); and it rejects documents decode never prints.
 */
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import { afterAll, describe, expect, test } from 'vitest';
import { FIXTURE, scratch, xenlu } from './helpers.js';

const tmp = scratch('json-schema');
afterAll(() => tmp.cleanup());

type Doc = Record<string, unknown> & { host: Record<string, unknown>; domains: Record<string, Record<string, unknown>>[] };

const validators = new Map<number, ValidateFunction>();
function validatorOf(version: number): ValidateFunction {
  let v = validators.get(version);
  if (!v) {
    const r = xenlu(['schema', '--version', String(version), '--json-schema']);
    expect(r.status, r.stderr).toBe(0);
    // strict: an unknown keyword or a format ajv does not know fails the compile.
    v = new Ajv2020({ strict: true, allErrors: true }).compile(JSON.parse(r.stdout) as object);
    validators.set(version, v);
  }
  return v;
}

function decoded(args: readonly string[]): Doc {
  const r = xenlu(['decode', ...args]);
  expect(r.status, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as Doc;
}

function expectValid(version: number, doc: unknown): void {
  const validate = validatorOf(version);
  expect(validate(doc), JSON.stringify(validate.errors?.slice(0, 5))).toBe(true);
}

describe('schema --json-schema against decode, by ajv', () => {
  for (const v of [1, 2, 3] as const) {
    test(`v${v}: the golden fixture and a generated host dump decode to documents it accepts`, () => {
      expectValid(v, decoded([FIXTURE(v)]));
      const dump = tmp.path(`host-v${v}.xlu`);
      expect(xenlu(['gen', '--version', String(v), '--profile', 'host', '--seed', '5', '-o', dump]).status).toBe(0);
      const doc = decoded([dump]);
      expect(doc.domains.length).toBeGreaterThan(1);
      expectValid(v, doc);
    });
  }

  test('rollback and upgrade reads (decode --as) print documents the target version accepts', () => {
    const up = decoded(['--as', '3', FIXTURE(1)]);
    expect([up['schema_version'], up['stream_schema_version']]).toEqual([3, 1]);
    expectValid(3, up);
    const rollbackable = tmp.path('v1-as-v2.xlu');
    expect(xenlu(['convert', '-q', FIXTURE(1), '--to', '2', '-o', rollbackable]).status).toBe(0);
    const down = decoded(['--as', '1', rollbackable]);
    expect([down['schema_version'], down['stream_schema_version']]).toEqual([1, 2]);
    expectValid(1, down);
  });

  test('rejects what decode never prints: a missing field, a wrong enum, an extra key, a u64 as a JSON number, another version', () => {
    const base = decoded([FIXTURE(3)]);
    const validate = validatorOf(3);
    const broken: [string, (d: Doc) => void][] = [
      ['missing field', (d) => delete d.host['page_shift']],
      ['wrong enum', (d) => (d.domains[0]!['domain']!['type'] = 'pv128')],
      ['extra key', (d) => (d.domains[0]!['domain']!['colour'] = 1)],
      ['u64 as a JSON number', (d) => (d.host['total_pages'] = Number(d.host['total_pages'] as string))],
      ['u64 with a leading zero', (d) => (d.host['total_pages'] = `0${d.host['total_pages'] as string}`)],
      ['another schema version', (d) => (d['schema_version'] = 2)],
    ];
    for (const [what, edit] of broken) {
      const d = structuredClone(base);
      edit(d);
      expect(validate(d), what).toBe(false);
    }
    expect(validate(base)).toBe(true);
  });
});
