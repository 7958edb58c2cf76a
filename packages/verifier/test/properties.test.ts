import { describe, expect, it } from 'vitest';
import { VERSIONS, type State } from '@xenlu/format';
import { exampleState } from '@xenlu/format/testing';
import { differenceUpTo, expectedRoundTrip, p2mRunsEquivalent, translatedSections } from '../src/equivalence.js';
import { RULES } from '@xenlu/format';
import { realImpl } from '../src/impl.js';
import { allProperties, selectProperties, versionPairs } from '../src/properties/catalogue.js';
import { reshuffled } from '../src/properties/same-version.js';
import { propertySeed, runProperty } from '../src/runner/run-property.js';

describe('property catalogue', () => {
  const ids = allProperties().map((p) => p.id);

  it('has unique ids', () => {
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('covers every version and every pair of versions', () => {
    for (const v of VERSIONS) {
      for (const p of ['generator.valid', 'roundtrip.state', 'roundtrip.bytes', 'canonical', 'conformance', 'scale.host', 'scale.fragmented']) {
        expect(ids).toContain(`${p}@v${v}`);
      }
    }
    expect(versionPairs()).toEqual(VERSIONS.flatMap((lo) => VERSIONS.filter((hi) => hi > lo).map((hi) => [lo, hi])));
    expect(versionPairs()).toContainEqual([3, 4]);
    for (const [lo, hi] of versionPairs()) {
      for (const id of [`upgrade@v${lo}>v${hi}`, `rollback@v${hi}>v${lo}`, `preservation@v${hi}>v${lo}`, `migration.up@v${lo}>v${hi}`, `migration.down@v${hi}>v${lo}`]) {
        expect(ids).toContain(id);
      }
    }
  });

  it('has a negative property for every semantic rule, in every version it applies to', () => {
    for (const r of RULES) {
      for (const v of r.versions) expect(ids, `${r.id} v${v}`).toContain(`negative.${r.id}@v${v}`);
    }
    const negatives = ids.filter((id) => id.startsWith('negative.'));
    expect(negatives).toHaveLength(RULES.reduce((n, r) => n + r.versions.length, 0));
  });

  it('selects by id, prefix and family', () => {
    expect(selectProperties({ only: ['rollback'] }).map((p) => p.id)).toEqual(['rollback@v2>v1', 'rollback@v3>v1', 'rollback@v4>v1', 'rollback@v3>v2', 'rollback@v4>v2', 'rollback@v4>v3']);
    expect(selectProperties({ only: ['negative.grant*'] }).every((p) => p.id.startsWith('negative.grant'))).toBe(true);
    expect(selectProperties({ families: ['upgrade'] })).toHaveLength(6);
  });

  it('every property passes against the real implementation (small budget)', { timeout: 180_000 }, async () => {
    const failed: string[] = [];
    for (const p of allProperties()) {
      const r = await runProperty(p, { id: p.id, runs: p.family === 'negative' ? 2 : 4, seed: propertySeed(1, p.id), noShrink: true });
      if (!r.ok) failed.push(`${p.id}: ${r.failure?.message}`);
    }
    expect(failed).toEqual([]);
  });
});

describe('documented equivalences', () => {
  const entry = (gfn: bigint, mfn: bigint, order: number, access = 'rwx') => ({ gfn, mfn, order, type: 'ram_rw', access });
  const extent = (gfn: bigint, mfn: bigint, count: bigint, access = 'rwx') => ({ gfn, mfn, count, type: 'ram_rw', access });

  it('a P2M split into different runs is equivalent; a different mapping is not', () => {
    const split = [entry(0n, 0x1000n, 9), entry(0x200n, 0x1200n, 0), entry(0x201n, 0x1201n, 0)];
    expect(p2mRunsEquivalent(split, [extent(0n, 0x1000n, 0x202n)])).toBeUndefined();
    expect(p2mRunsEquivalent([...split].reverse(), [extent(0n, 0x1000n, 0x202n)])).toBeUndefined();
    expect(p2mRunsEquivalent(split, [extent(0n, 0x1000n, 0x201n)])).toBeDefined();
    expect(p2mRunsEquivalent(split, [extent(0n, 0x1001n, 0x202n)])).toBeDefined();
    expect(p2mRunsEquivalent([entry(0n, 0x1000n, 0, 'r'), entry(1n, 0x1001n, 0)], [extent(0n, 0x1000n, 2n)])).toBeDefined();
  });

  it('a trip through an older version returns what it cannot hold as defaults or empty', () => {
    const s = exampleState(2);
    const expected = expectedRoundTrip(s, realImpl.schemas[2], realImpl.schemas[1]) as State & { domains: Record<string, unknown>[] };
    for (const d of expected.domains) {
      expect((d['domain'] as { cpupool: number }).cpupool).toBe(0);
      expect(d['event_fifo']).toBeNull();
      expect(d['vcpu_runstates']).toEqual([]);
      for (const c of d['event_channels'] as { priority: number }[]) expect(c.priority).toBe(7);
    }
    // v3 -> v2 -> v3: v2 has no PASSTHROUGH; the P2M is compared by equivalence; the rest stays.
    const v3 = expectedRoundTrip(exampleState(3), realImpl.schemas[3], realImpl.schemas[2]);
    const withoutPassthrough = { ...exampleState(3), domains: exampleState(3).domains.map((d) => ({ ...d, passthrough: null })) };
    expect(differenceUpTo(v3, withoutPassthrough, translatedSections(realImpl.schemas[3], realImpl.schemas[2]))).toBeUndefined();
    expect(exampleState(3).domains.some((d) => d.passthrough !== null)).toBe(true);
    const v2 = expectedRoundTrip(exampleState(2), realImpl.schemas[2], realImpl.schemas[3]) as State & { domains: { domain: { shr_pages: number } }[] };
    expect(v2.domains.every((d) => d.domain.shr_pages === 0)).toBe(true);
  });

  it('reshuffled states are equal but share nothing', () => {
    const s = exampleState(3);
    const r = reshuffled(s);
    expect(r).toEqual(s);
    expect(r.domains[0]).not.toBe(s.domains[0]);
    expect(Object.keys(r.host)).toEqual(Object.keys(s.host).reverse());
  });
});
