import { describe, expect, it } from 'vitest';
import { decode } from '../src/decode.js';
import { encode } from '../src/encode.js';
import type { Node } from '../src/schema/dsl.js';
import { SCHEMAS, VERSIONS, type Version } from '../src/schema/index.js';
import { EXAMPLE_DOMIDS, exampleDomain, exampleDomainIndex, exampleState } from '../src/examples/index.js';
import { toExtents } from '../src/examples/parts.js';
import { entriesToExtents } from '../src/migrate/p2m-runs.js';

/** What a state uses of its schema: enum values seen, and whether each optional was null / not. */
interface Coverage {
  enums: Map<string, { all: string[]; seen: Set<string> }>;
  optionals: Map<string, { nulls: number; values: number }>;
}

function declare(node: Node, key: string, cov: Coverage, done: Set<Node>): void {
  const d = node.desc;
  switch (d.kind) {
    case 'enum':
      if (!cov.enums.has(key)) cov.enums.set(key, { all: Object.keys(d.values), seen: new Set() });
      return;
    case 'opt':
      if (!cov.optionals.has(key)) cov.optionals.set(key, { nulls: 0, values: 0 });
      declare(d.item, key, cov, done);
      return;
    case 'list':
      declare(d.item, `${key}[]`, cov, done);
      return;
    case 'struct':
      if (done.has(node)) return;
      done.add(node);
      for (const [name, f] of Object.entries(d.fields)) declare(f.node, `${d.name}.${name}`, cov, done);
      return;
    default:
  }
}

function visit(node: Node, value: unknown, key: string, cov: Coverage): void {
  const d = node.desc;
  switch (d.kind) {
    case 'enum':
      cov.enums.get(key)?.seen.add(value as string);
      return;
    case 'opt': {
      const o = cov.optionals.get(key);
      if (!o) throw new Error(`undeclared optional ${key}`);
      if (value === null) o.nulls++;
      else {
        o.values++;
        visit(d.item, value, key, cov);
      }
      return;
    }
    case 'list':
      for (const v of value as unknown[]) visit(d.item, v, `${key}[]`, cov);
      return;
    case 'struct':
      for (const [name, f] of Object.entries(d.fields)) visit(f.node, (value as Record<string, unknown>)[name], `${d.name}.${name}`, cov);
      return;
    default:
  }
}

function coverage(version: Version): Coverage & { sections: Map<string, number> } {
  const schema = SCHEMAS[version];
  const state = exampleState(version) as unknown as { host: unknown; domains: Record<string, unknown>[] };
  const cov: Coverage = { enums: new Map(), optionals: new Map() };
  const done = new Set<Node>();
  declare(schema.host.body, 'host', cov, done);
  visit(schema.host.body, state.host, 'host', cov);
  const sections = new Map<string, number>();
  for (const [key, s] of Object.entries(schema.sections)) {
    const item: Node = s.kind === 'list' ? s.record.body.fields.entries.node.item : s.record.body;
    declare(item, key, cov, done);
    let records = 0;
    for (const dom of state.domains) {
      const v = dom[key];
      if (s.kind === 'single') {
        records++;
        visit(item, v, key, cov);
      } else if (s.kind === 'optional') {
        const o = cov.optionals.get(`section ${key}`) ?? { nulls: 0, values: 0 };
        cov.optionals.set(`section ${key}`, o);
        if (v === null) o.nulls++;
        else {
          o.values++;
          records++;
          visit(item, v, key, cov);
        }
      } else {
        for (const e of v as unknown[]) visit(item, e, key, cov);
        records += (v as unknown[]).length;
      }
    }
    sections.set(key, records);
  }
  return { ...cov, sections };
}

describe('example states', () => {
  for (const version of VERSIONS) {
    describe(`v${version}`, () => {
      it('is valid against the schema', () => {
        const r = SCHEMAS[version].zod.safeParse(exampleState(version));
        expect(r.success ? [] : r.error.issues).toEqual([]);
      });

      it('uses every record type of the version', () => {
        const { sections } = coverage(version);
        const missing = [...sections].filter(([, n]) => n === 0).map(([k]) => k);
        expect(missing).toEqual([]);
        expect(Object.keys(SCHEMAS[version].sections).sort()).toEqual([...sections.keys()].sort());
      });

      it('uses every enum value of the version', () => {
        const { enums } = coverage(version);
        expect(enums.size).toBeGreaterThan(10);
        const missing = [...enums].flatMap(([k, e]) => e.all.filter((v) => !e.seen.has(v)).map((v) => `${k}=${v}`));
        expect(missing).toEqual([]);
      });

      it('has every optional value both null and non-null', () => {
        const { optionals } = coverage(version);
        // Xen allows transitive and sub-page grants only in grant-table v2, which v1 cannot express.
        const v1Only = new Set(['ActiveGrant.transitive', 'ActiveGrant.sub_page']);
        const lacking = [...optionals]
          .filter(([k, o]) => (o.nulls === 0 || o.values === 0) && !(version === 1 && v1Only.has(k)))
          .map(([k, o]) => `${k} (null ${o.nulls}, non-null ${o.values})`);
        expect(lacking).toEqual([]);
        if (version === 1) for (const k of v1Only) expect(optionals.get(k)?.values).toBe(0);
      });

      it('is deterministic and fresh on every call', () => {
        const a = exampleState(version);
        const b = exampleState(version);
        expect(a).toEqual(b);
        expect(a).not.toBe(b);
        expect(a.host).not.toBe(b.host);
        expect(a.domains[0]).not.toBe(b.domains[0]);
        a.domains[1]!.domain.tot_pages = 0n;
        expect(exampleState(version).domains[1]!.domain.tot_pages).not.toBe(0n);
      });

      it('encodes to a small stream that decodes back to the same state', () => {
        const state = exampleState(version);
        const bytes = encode(state, version);
        // Most of it is the fixed-size images (FXSAVE, LAPIC pages, XSAVE, IOAPIC): about 7 KiB.
        expect(bytes.length).toBeLessThan(16 * 1024);
        const back = decode(bytes, { readerVersion: version });
        expect(back.version).toBe(version);
        expect(back.state).toEqual(state);
      });

      it('lists domains in ascending domid with the five kinds of domain', () => {
        const s = exampleState(version);
        const ids = s.domains.map((d) => d.domain.domid);
        expect(ids).toEqual([...ids].sort((x, y) => x - y));
        expect(ids).toEqual(Object.values(EXAMPLE_DOMIDS));
        const dom0 = exampleDomain(s, EXAMPLE_DOMIDS.dom0).domain;
        expect(dom0.roles).toEqual({ hardware: true, xenstore: true, privileged: true });
        expect(exampleDomain(s, EXAMPLE_DOMIDS.hvm).domain.type).toBe('hvm');
        expect(exampleDomain(s, EXAMPLE_DOMIDS.pvh).domain.type).toBe('pvh');
        expect(exampleDomain(s, EXAMPLE_DOMIDS.pv32).domain.type).toBe('pv32');
        expect(exampleDomain(s, EXAMPLE_DOMIDS.dying).domain.state).toBe('dying');
        expect(exampleDomainIndex(s, EXAMPLE_DOMIDS.dying)).toBe(4);
        expect(() => exampleDomain(s, 42)).toThrow(/no domain 42/);
      });
    });
  }

  it('v2 and v3 evolve v1: same host, domains and memory', () => {
    const [s1, s2, s3] = [exampleState(1), exampleState(2), exampleState(3)];
    expect(s2.host).toEqual(s1.host);
    expect(s3.host).toEqual(s1.host);
    s1.domains.forEach((d1, i) => {
      const d2 = s2.domains[i]!;
      const d3 = s3.domains[i]!;
      expect(d2.domain.domid).toBe(d1.domain.domid);
      expect(d2.p2m).toEqual(d1.p2m);
      // The v3 P2M is exactly what the 2 -> 3 upgrade makes of the v1/v2 one.
      expect(d3.p2m).toEqual(toExtents(d1.p2m));
      expect(d3.p2m).toEqual(entriesToExtents(d1.p2m));
      expect(d2.pages).toEqual(d1.pages);
      expect(d3.pages).toEqual(d1.pages);
      expect(d2.domain.tot_pages).toBe(d1.domain.tot_pages);
      expect(d3.domain.xsm_label).toBe(d1.domain.ssidref);
      expect(d2.vcpus).toEqual(d1.vcpus);
      expect(d2.event_channels.map(({ priority: _p, ...c }) => c)).toEqual(d1.event_channels);
      expect(d1.domain.evtchn_abi).toBe('two_level');
      expect(d2.domain.max_pages).toBe(BigInt(d1.domain.max_pages));
    });
    // v2 adds the FIFO ABI and grant v2; v3 passthrough and merged P2M extents.
    expect(s2.domains.filter((d) => d.event_fifo !== null)).toHaveLength(2);
    expect(s2.domains.some((d) => d.grant_table?.version === 2)).toBe(true);
    expect(s3.domains.filter((d) => d.passthrough !== null)).toHaveLength(2);
    const hvm = exampleDomain(s3, EXAMPLE_DOMIDS.hvm);
    expect(hvm.p2m.length).toBeLessThan(exampleDomain(s1, EXAMPLE_DOMIDS.hvm).p2m.length);
    expect(hvm.p2m.some((e) => e.count === 3n)).toBe(true);
  });

  it('toExtents merges only entries contiguous in GFN and MFN with the same type and access', () => {
    const e = (gfn: bigint, mfn: bigint, order: number, type: 'ram_rw' | 'ram_ro' = 'ram_rw') => ({ gfn, mfn, order, type, access: 'rwx' as const });
    expect(toExtents([e(0n, 0x200n, 9), e(0x200n, 0x400n, 9), e(0x400n, 0x601n, 0), e(0x401n, 0x602n, 0, 'ram_ro')])).toEqual([
      { gfn: 0n, mfn: 0x200n, count: 0x400n, type: 'ram_rw', access: 'rwx' },
      { gfn: 0x400n, mfn: 0x601n, count: 1n, type: 'ram_rw', access: 'rwx' },
      { gfn: 0x401n, mfn: 0x602n, count: 1n, type: 'ram_ro', access: 'rwx' },
    ]);
  });
});
