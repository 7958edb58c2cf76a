import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { LATEST_VERSION, SCHEMAS, VERSIONS } from '@xenlu/format';
import { checkSchemaHistory } from '../src/compat/check.js';
import { loadAllowList } from '../src/compat/released.js';
import { realImpl } from '../src/impl.js';
import { type ImplMutant, MUTANTS, type SchemaMutant } from '../src/mutants/catalogue.js';
import { selectProperties } from '../src/properties/catalogue.js';
import { runProperty, propertySeed } from '../src/runner/run-property.js';

const RUNS = 40;
const SEED = 20261123;

const implMutants = MUTANTS.filter((m): m is ImplMutant => m.kind !== 'static');
const schemaMutants = MUTANTS.filter((m): m is SchemaMutant => m.kind === 'static');

describe('self-test catalogue', () => {
  it('has at least 15 distinct mutants covering codec, migration, semantic and static bugs', () => {
    expect(new Set(MUTANTS.map((m) => m.id)).size).toBe(MUTANTS.length);
    expect(MUTANTS.length).toBeGreaterThanOrEqual(15);
    for (const kind of ['codec', 'migration', 'semantic', 'static'] as const) {
      expect(MUTANTS.filter((m) => m.kind === kind).length, kind).toBeGreaterThanOrEqual(3);
    }
  });

  it('docs/VERIFIER.md lists every mutant', () => {
    const doc = readFileSync(new URL('../../../docs/VERIFIER.md', import.meta.url), 'utf8');
    for (const m of MUTANTS) expect(doc, m.id).toContain(`| \`${m.id}\` | ${m.kind} |`);
  });

  describe.each(implMutants.map((m) => [m.id, m] as const))('%s', (_id, m) => {
    const props = selectProperties({ only: m.caughtBy });

    it('names properties that exist and pass against the real implementation', async () => {
      expect(props.length).toBeGreaterThan(0);
      for (const p of props) {
        const r = await runProperty(p, { id: p.id, runs: RUNS, seed: propertySeed(SEED, p.id) }, realImpl);
        expect(r.failure?.message, p.id).toBeUndefined();
      }
    });

    it('is caught', async () => {
      const impl = m.mutate(realImpl);
      const results = await Promise.all(props.map((p) => runProperty(p, { id: p.id, runs: RUNS, seed: propertySeed(SEED, p.id), noShrink: true }, impl)));
      const caught = results.filter((r) => !r.ok);
      expect(caught.map((r) => r.id), `${m.id}: ${m.bug}`).not.toEqual([]);
      // A failure always carries what replays it.
      for (const r of caught) {
        expect(r.failure?.counterexample.length).toBeGreaterThan(2);
        expect(typeof r.failure?.path).toBe('string');
      }
    });
  });

  describe.each(schemaMutants.map((m) => [m.id, m] as const))('%s', (_id, m) => {
    it(`is rejected by the static checker as ${m.rule}`, () => {
      const history = [...VERSIONS.map((v) => SCHEMAS[v]), m.schema()];
      const r = checkSchemaHistory(history, { allow: loadAllowList() });
      expect(r.ok).toBe(false);
      expect(r.findings.filter((f) => f.from === LATEST_VERSION && f.to === LATEST_VERSION + 1 && !f.allowed).map((f) => f.rule)).toContain(m.rule);
    });
  });

  it('the released history itself passes the same check', () => {
    expect(checkSchemaHistory(VERSIONS.map((v) => SCHEMAS[v]), { allow: loadAllowList() }).ok).toBe(true);
  });
});
