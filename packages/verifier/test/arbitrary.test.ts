import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { SCHEMAS, VERSIONS, encode, type State, type Version } from '@xenlu/format';
import { generateState, rollbackArbitrary, stateArbitrary } from '../src/arbitrary/index.js';
import { PROFILES } from '../src/arbitrary/profiles.js';
import { deepEqual } from '../src/equality.js';
import { realImpl } from '../src/impl.js';

function problems(s: State, v: Version): string[] {
  const z = SCHEMAS[v].zod.safeParse(s);
  const structural = z.success ? [] : z.error.issues.slice(0, 3).map((i) => `${i.path.map(String).join('.')}: ${i.message}`);
  return [...structural, ...realImpl.validateSemantics(s, v).map((f) => `${f.rule} ${f.path}`)];
}

describe('generateState', () => {
  it('is deterministic: the same seed gives the same state and bytes, another seed another state', () => {
    for (const v of VERSIONS) {
      const a = generateState(v, { seed: 7, profile: 'small' });
      const b = generateState(v, { seed: 7, profile: 'small' });
      const c = generateState(v, { seed: 8, profile: 'small' });
      expect(deepEqual(a, b)).toBe(true);
      expect(Buffer.compare(encode(a, v), encode(b, v))).toBe(0);
      expect(deepEqual(a, c)).toBe(false);
    }
  });

  it.each(PROFILES.filter((p) => p !== 'host').flatMap((p) => VERSIONS.map((v) => [p, v] as const)))('%s states of v%s are valid', (profile, v) => {
    for (let seed = 1; seed <= 4; seed++) expect(problems(generateState(v, { seed, profile }), v)).toEqual([]);
  });

  it('emits no MSR index twice in one vCPU, while generating vCPUs with several MSRs', () => {
    let several = 0;
    fc.assert(fc.property(stateArbitrary(3, { profile: 'tiny' }), (s) => {
      for (const d of s.domains) {
        for (const v of d.vcpus) {
          const indexes = v.msrs.map((m) => m.index);
          expect(new Set(indexes).size, `d${d.domain.domid} vCPU ${v.id}: ${indexes.join(',')}`).toBe(indexes.length);
          if (indexes.length > 1) several++;
        }
      }
    }), { numRuns: 150, seed: 42 });
    expect(several).toBeGreaterThan(0);
  });

  it('host profile: dom0 plus 100 guests, wired to dom0, valid', () => {
    const s = generateState(3, { seed: 3, profile: 'host' });
    expect(s.domains).toHaveLength(101);
    expect(s.domains[0]!.domain.roles.hardware).toBe(true);
    const dom0Channels = s.domains[0]!.event_channels.filter((c) => c.state === 'interdomain').length;
    expect(dom0Channels).toBeGreaterThanOrEqual(200);
    expect(s.domains[0]!.grant_table?.maptrack.length).toBeGreaterThanOrEqual(100);
    expect(problems(s, 3)).toEqual([]);
  });

  it('fragmented profile: hundreds of small ranges', () => {
    const s = generateState(2, { seed: 5, profile: 'fragmented', domains: 3 });
    const most = Math.max(...s.domains.map((d) => d.p2m.length + d.pages.length));
    expect(most).toBeGreaterThanOrEqual(50);
    expect(problems(s, 2)).toEqual([]);
  });

  it('domains pins the domain count, ids ascend from dom0', () => {
    const s = generateState(1, { seed: 11, profile: 'tiny', domains: 6 });
    const ids = s.domains.map((d) => d.domain.domid);
    expect(ids).toHaveLength(6);
    expect(ids[0]).toBe(0);
    expect([...ids].sort((a, b) => a - b)).toEqual(ids);
    expect(() => generateState(1, { seed: 1, domains: 0 })).toThrow(RangeError);
  });
});

describe('stateArbitrary', () => {
  it('shrinks to states that stay valid', () => {
    // A property that fails on any state with an interdomain channel: the shrunk counterexample
    // must still be a valid state (the pair is kept symmetric while everything else goes).
    for (const v of [3] as const) {
      const details = fc.check(
        fc.property(stateArbitrary(v), (s) => s.domains.every((d) => d.event_channels.every((c) => c.state !== 'interdomain'))),
        { seed: 99, numRuns: 50 },
      );
      expect(details.failed).toBe(true);
      const [shrunk] = details.counterexample as [State];
      expect(problems(shrunk, v)).toEqual([]);
      expect(shrunk.domains.length).toBe(2);
      expect(shrunk.domains.flatMap((d) => d.event_channels)).toHaveLength(2);
    }
  });

  it('covers what each version can express', () => {
    const seen = new Set<string>();
    for (const s of fc.sample(stateArbitrary(3), { seed: 4, numRuns: 60 })) {
      for (const d of s.domains) {
        seen.add(d.domain.type);
        if (d.domain.evtchn_abi === 'fifo') seen.add('fifo');
        if (d.grant_table?.version === 2) seen.add('grant-v2');
        if (d.passthrough) seen.add('passthrough');
        if (d.vcpu_runstates.length > 0) seen.add('runstates');
        if (d.ioreq_servers.length > 0) seen.add('ioreq');
        if (d.p2m.some((e) => e.type === 'mmio_direct')) seen.add('mmio');
        if (d.p2m.some((e) => e.type === 'map_foreign' || e.type.startsWith('grant_map'))) seen.add('foreign');
        if (d.grant_table?.maptrack.length) seen.add('maptrack');
        if (d.domain.max_pages > 0xffff_ffffn) seen.add('max_pages-u64');
      }
    }
    expect([...seen].sort()).toEqual(
      ['fifo', 'foreign', 'grant-v2', 'hvm', 'ioreq', 'maptrack', 'max_pages-u64', 'mmio', 'passthrough', 'pv32', 'pv64', 'pvh', 'runstates'].sort(),
    );
  });

  it('within an older version: states whose downgrade succeeds', () => {
    for (const [hi, lo] of [[2, 1], [3, 2], [3, 1]] as const) {
      for (const s of fc.sample(stateArbitrary(hi, { within: lo }), { seed: 12, numRuns: 25 })) {
        expect(() => realImpl.convert(s, hi, lo)).not.toThrow();
      }
      // The rollback mix keeps both sides: some states do not go down.
      const blocked = fc.sample(rollbackArbitrary(hi, lo), { seed: 12, numRuns: 40 }).filter((s) => {
        try {
          realImpl.convert(s, hi, lo);
          return false;
        } catch {
          return true;
        }
      });
      expect(blocked.length).toBeGreaterThan(0);
    }
  });
});
