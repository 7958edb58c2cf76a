import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { State, StateByVersion, StateV2, StateV3, Version } from '../src/schema/index.js';
import { VERSIONS } from '../src/schema/index.js';
import { EXAMPLE_DOMIDS, exampleDomainIndex, exampleState } from '../src/examples/index.js';
import { jqPath } from '../src/json/identity-path.js';
import { DomainByDomainValidator, type Finding, RULES, ruleById, validateSemantics } from '../src/semantics/index.js';
import { decode } from '../src/decode.js';
import { encode } from '../src/encode.js';
import { FormatError, StateError } from '../src/errors.js';
import { readStream } from '../src/stream.js';
import { domainsOf } from '../src/stream-domains.js';
import { validateDump } from '../src/validate-dump.js';
import { Rng, encodeMutatedState, valuePool } from '../src/fuzz/index.js';

/** tot_pages is a u64 (bigint) in v1-v3 and a u32 (number) from v4: moves it by `delta` in either. */
function bumpTotPages(d: { tot_pages: number | bigint }, delta: number): void {
  d.tot_pages = typeof d.tot_pages === 'number' ? d.tot_pages + delta : d.tot_pages + BigInt(delta);
}

/**
 * How to break one rule with a minimal edit of the example state: the path of the finding it
 * must produce, and the other rules the same edit unavoidably breaks (none, almost always).
 */
interface Breaker {
  readonly path: string;
  readonly edit: (s: State) => void;
  /** Versions to break it in; default: every version the rule applies to. */
  readonly versions?: readonly Version[];
  readonly also?: readonly string[];
}

const D = EXAMPLE_DOMIDS;
const DOM = { dom0: 0, hvm: 1, pvh: 2, pv32: 3, dying: 4 } as const;

/** A breaker whose edit needs the state type of particular versions. */
function only<V extends Version>(versions: readonly V[], path: string, edit: (s: StateByVersion[V]) => void): Breaker {
  return { path, versions, edit: edit as (s: State) => void };
}

const dom = (s: State, k: keyof typeof DOM) => s.domains[DOM[k]]!;
const gt = (s: State, k: keyof typeof DOM) => dom(s, k).grant_table!;

const BREAKERS: Readonly<Record<string, Breaker>> = {
  // host
  'host.bootmem-nonempty': { path: 'host.bootmem[1].count', edit: (s) => { s.host.bootmem[1]!.count = 0n; } },
  'host.bootmem-disjoint': { path: 'host.bootmem[1].start', edit: (s) => { s.host.bootmem[1]!.start = 0x8_7000n; } },
  'host.m2p-outside-bootmem': { path: 'host.m2p.start', edit: (s) => { s.host.m2p.start = 0x8_4000n; } },
  'host.stream-outside-bootmem': { path: 'host.handover.stream_mfns[1]', edit: (s) => { s.host.handover.stream_mfns[1] = 0x8_0010n; } },
  'host.owned-outside-bootmem': {
    path: 'domains[4].pages[1].first_mfn',
    edit: (s) => {
      const d = dom(s, 'dying');
      d.pages.push({ first_mfn: 0x8_0100n, count: 1n, type: 'none', pinned: false });
      bumpTotPages(d.domain, 1);
    },
  },
  'host.p2m-outside-bootmem': { path: 'domains[1].p2m[13].mfn', edit: (s) => { dom(s, 'hvm').p2m[13]!.mfn = 0x8_0000n; } },
  'host.iommu-outside-bootmem': only([3], 'domains[0].passthrough.iommu_root_mfn', (s) => { s.domains[0]!.passthrough!.iommu_root_mfn = 0x8_0001n; }),
  'host.mfn-range': { path: 'host.m2p.start', edit: (s) => { s.host.m2p.start = 0x3f_f000n; } },

  // domain
  'domain.domid-unique': { path: 'domains[4].domain.domid', edit: (s) => { dom(s, 'dying').domain.domid = D.pv32; } },
  'domain.domid-range': { path: 'domains[4].domain.domid', edit: (s) => { dom(s, 'dying').domain.domid = 0x7ff0; } },
  'domain.one-hardware': { path: 'domains[1].domain.roles.hardware', edit: (s) => { dom(s, 'hvm').domain.roles.hardware = true; } },
  'domain.cpupool-exists': only([2, 3], 'domains[3].domain.cpupool', (s) => { s.domains[3]!.domain.cpupool = 9; }),
  'domain.tot-pages-max': {
    path: 'domains[1].domain.tot_pages',
    edit: (s) => {
      const d = dom(s, 'hvm').domain;
      if (typeof d.max_pages === 'number') d.max_pages = Number(d.tot_pages) - 1;
      else d.max_pages = d.tot_pages - 1n;
    },
  },
  'domain.max-vcpus-hvm': { path: 'domains[1].domain.max_vcpus', edit: (s) => { dom(s, 'hvm').domain.max_vcpus = 129; } },
  'domain.tot-pages-owned': { path: 'domains[1].domain.tot_pages', edit: (s) => { bumpTotPages(dom(s, 'hvm').domain, -1); } },

  // vcpu
  'vcpu.id-unique': { path: 'domains[0].vcpus[2].id', edit: (s) => { dom(s, 'dom0').vcpus.push(structuredClone(dom(s, 'dom0').vcpus[0]!)); } },
  // v4 also records that dom0's channels were last queued on vCPU 1, now beyond max_vcpus.
  'vcpu.id-range': { path: 'domains[0].vcpus[1].id', edit: (s) => { dom(s, 'dom0').domain.max_vcpus = 1; }, also: ['evtchn.last-vcpu-range'] },
  'vcpu.zero-present': {
    path: 'domains[4].vcpus',
    edit: (s) => {
      const d = dom(s, 'dying');
      d.domain.state = 'paused';
      d.vcpus.push({ ...structuredClone(dom(s, 'hvm').vcpus[1]!), id: 1 });
    },
  },
  'vcpu.msr-unique': { path: 'domains[0].vcpus[0].msrs[2].index', edit: (s) => { const v = dom(s, 'dom0').vcpus[0]!; v.msrs.push({ ...v.msrs[0]!, value: v.msrs[0]!.value + 1n }); } },
  'vcpu.context-kind': { path: 'domains[3].vcpus[0].hvm', edit: (s) => { dom(s, 'pv32').vcpus[0]!.hvm = structuredClone(dom(s, 'hvm').vcpus[0]!.hvm); } },

  // evtchn
  'evtchn.port-unique': { path: 'domains[0].event_channels[2].port', edit: (s) => { dom(s, 'dom0').event_channels[2]!.port = 2; } },
  'evtchn.port-nonzero': { path: 'domains[0].event_channels[2].port', edit: (s) => { dom(s, 'dom0').event_channels[2]!.port = 0; } },
  'evtchn.port-abi-limit': {
    path: 'domains[0].event_channels[2].port',
    edit: (s) => { dom(s, 'dom0').event_channels[2]!.port = dom(s, 'dom0').domain.evtchn_abi === 'fifo' ? 131072 : 4096; },
  },
  'evtchn.port-max': { path: 'domains[1].event_channels[8].port', edit: (s) => { dom(s, 'hvm').event_channels[8]!.port = 2000; } },
  'evtchn.notify-vcpu': { path: 'domains[0].event_channels[1].notify_vcpu', edit: (s) => { dom(s, 'dom0').event_channels[1]!.notify_vcpu = 5; } },
  // v4: last queued on vCPU 2 of a 2-vCPU domain.
  'evtchn.last-vcpu-range': {
    path: 'domains[1].event_channels[0].last_vcpu',
    edit: (s) => { (dom(s, 'hvm').event_channels[0] as { last_vcpu: number }).last_vcpu = 2; },
  },
  'evtchn.interdomain-symmetric': {
    path: 'domains[0].event_channels[24].remote_port',
    edit: (s) => {
      const ch = dom(s, 'dom0').event_channels[24]!;
      ch.state = 'interdomain';
      ch.remote_port = 6;
    },
  },
  'evtchn.virq-unique': { path: 'domains[0].event_channels[3].virq', edit: (s) => { dom(s, 'dom0').event_channels[3]!.virq = 0; } },
  'evtchn.virq-range': { path: 'domains[0].event_channels[3].virq', edit: (s) => { dom(s, 'dom0').event_channels[3]!.virq = 24; } },
  'evtchn.priority-fifo-only': only([2, 3], 'domains[2].event_channels[4].priority', (s) => { s.domains[2]!.event_channels[4]!.priority = 3; }),
  'evtchn.fifo-record': only([2, 3], 'domains[0].event_fifo', (s) => { s.domains[0]!.event_fifo = null; }),
  'evtchn.pirq-binding': only([3], 'domains[0].event_channels[25].pirq', (s) => {
    s.domains[0]!.event_channels.push({ ...s.domains[0]!.event_channels[10]!, port: 26, pirq: 30 });
  }),

  // grant
  'grant.ref-unique': { path: 'domains[3].grant_table.active[5].ref', edit: (s) => { gt(s, 'pv32').active[5]!.ref = 10; } },
  'grant.ref-range': { path: 'domains[3].grant_table.active[5].ref', edit: (s) => { gt(s, 'pv32').active[5]!.ref = 512; } },
  'grant.frames-max': { path: 'domains[0].grant_table.nr_frames', edit: (s) => { gt(s, 'dom0').max_frames = 3; } },
  'grant.shared-frames': { path: 'domains[0].grant_table.shared_gfns', edit: (s) => { gt(s, 'dom0').shared_gfns.pop(); } },
  'grant.status-frames': { path: 'domains[0].grant_table.status_gfns', edit: (s) => { gt(s, 'dom0').status_gfns = [0x3_ff10n]; } },
  'grant.version-max': {
    path: 'domains[2].grant_table.version',
    edit: (s) => {
      gt(s, 'pvh').version = 2;
      gt(s, 'pvh').status_gfns = [0x3_ffefn];
    },
  },
  'grant.v2-entry': { path: 'domains[3].grant_table.active[5].transitive', edit: (s) => { gt(s, 'pv32').active[5]!.transitive = { domid: D.pv32, ref: 8 }; } },
  'grant.host-pins-mapped': { path: 'domains[3].grant_table.active[5].pin', edit: (s) => { gt(s, 'pv32').active[5]!.pin.host_rw = 1; } },
  'grant.pin-count': { path: 'domains[1].grant_table.active[2].pin', edit: (s) => { gt(s, 'hvm').active[2]!.pin.host_rw = 2; } },
  'grant.maptrack-dangling': {
    path: 'domains[2].grant_table.maptrack[2].ref',
    edit: (s) => { gt(s, 'pvh').maptrack.push({ ...structuredClone(gt(s, 'pvh').maptrack[0]!), handle: 2, ref: 12 }); },
  },
  'grant.mfn-owner': { path: 'domains[1].grant_table.active[2].mfn', edit: (s) => { gt(s, 'hvm').active[2]!.mfn = 0x18_0000n; } },

  // mem
  'mem.p2m-sorted': {
    path: 'domains[1].p2m[13].gfn',
    edit: (s) => {
      const p: unknown[] = dom(s, 'hvm').p2m;
      [p[12], p[13]] = [p[13], p[12]];
    },
  },
  'mem.p2m-disjoint': { path: 'domains[1].p2m[10].gfn', edit: (s) => { dom(s, 'hvm').p2m[10]!.gfn = 0x606n; } },
  'mem.p2m-aligned': { path: 'domains[1].p2m[0].mfn', edit: (s) => { dom(s, 'hvm').p2m[0]!.mfn += 1n; } },
  'mem.ownership-disjoint': {
    path: 'domains[4].pages[1].first_mfn',
    edit: (s) => {
      const d = dom(s, 'dying');
      d.pages.push({ first_mfn: 0x1c_fff0n, count: 1n, type: 'none', pinned: false });
      bumpTotPages(d.domain, 1);
    },
  },
  'mem.p2m-ram-owned': { path: 'domains[1].p2m[0].mfn', edit: (s) => { dom(s, 'hvm').p2m[0]!.mfn = 0x18_0000n; } },
  'mem.p2m-foreign-owned': { path: 'domains[2].p2m[3].mfn', edit: (s) => { dom(s, 'pvh').p2m[3]!.mfn = 0x18_0005n; } },
  'mem.p2m-mmio-unowned': { path: 'domains[1].p2m[13].mfn', edit: (s) => { dom(s, 'hvm').p2m[13]!.mfn = 0x10_0000n; } },
  // v4: the HVM guest's shared-info page placed on its own RAM.
  'mem.xen-heap-unowned': {
    path: 'domains[1].domain.shared_info_mfn',
    edit: (s) => { (dom(s, 'hvm').domain as { shared_info_mfn: bigint | null }).shared_info_mfn = 0x10_0000n; },
  },

  // ioreq
  'ioreq.dm-exists': { path: 'domains[1].ioreq_servers[1].dm_domid', edit: (s) => { dom(s, 'hvm').ioreq_servers[1]!.dm_domid = 9; } },
  'ioreq.dm-differs': { path: 'domains[1].ioreq_servers[1].dm_domid', edit: (s) => { dom(s, 'hvm').ioreq_servers[1]!.dm_domid = D.hvm; } },
  'ioreq.ports-bound': { path: 'domains[1].ioreq_servers[0].vcpu_ports[1]', edit: (s) => { dom(s, 'hvm').ioreq_servers[0]!.vcpu_ports[1] = 9; } },
  // v4: the buffered-ioreq port is the IPI port 9, not a channel towards dom0.
  'ioreq.bufioreq-port-bound': {
    path: 'domains[1].ioreq_servers[0].bufioreq_port',
    edit: (s) => { (dom(s, 'hvm').ioreq_servers[0] as { bufioreq_port: number }).bufioreq_port = 9; },
  },

  // passthrough
  'passthrough.device-unique': only([3], 'domains[1].passthrough.devices[0]', (s) => { s.domains[1]!.passthrough!.devices[0] = { segment: 0, bus: 0, devfn: 0xc8 }; }),
  'passthrough.iommu-flag': only([3], 'domains[1].domain.create_flags.iommu', (s) => { s.domains[1]!.domain.create_flags.iommu = false; }),
  'passthrough.iommu-root-not-ram': only([3], 'domains[1].passthrough.iommu_root_mfn', (s) => { s.domains[1]!.passthrough!.iommu_root_mfn = 0x10_0005n; }),
  'passthrough.pirq-port': only([3], 'domains[0].passthrough.pirqs[2].port', (s) => { s.domains[0]!.passthrough!.pirqs[2]!.port = 2; }),

  // tsc
  'tsc.never-emulate-zero': { path: 'domains[2].tsc_info.gtsc_khz', edit: (s) => { dom(s, 'pvh').tsc_info.gtsc_khz = 1000; } },

  // hvm
  'hvm.param-evtchn-bound': { path: 'domains[2].hvm_params[1].value', edit: (s) => { dom(s, 'pvh').hvm_params[1]!.value = 9n; } },
  'hvm.param-pfn-ram': { path: 'domains[1].hvm_params[6].value', edit: (s) => { dom(s, 'hvm').hvm_params[6]!.value = 0xe_0000n; } },
  'hvm.device-size': { path: 'domains[1].hvm_devices[9].body', edit: (s) => { dom(s, 'hvm').hvm_devices[9]!.body = new Uint8Array(7); } },
};

const s0 = () => exampleState(2);

function fired(findings: readonly Finding[]): string[] {
  return [...new Set(findings.map((f) => f.rule))].sort();
}

describe('validateSemantics', () => {
  for (const v of VERSIONS) {
    it(`finds nothing in the v${v} example state`, () => {
      expect(validateSemantics(exampleState(v), v)).toEqual([]);
    });
  }

  it('the breakers edit the domains they name', () => {
    const s = exampleState(3);
    for (const [k, i] of Object.entries(DOM)) expect(exampleDomainIndex(s, D[k as keyof typeof D])).toBe(i);
    expect(dom(s, 'hvm').p2m[13]!.type).toBe('mmio_direct');
    expect(dom(s, 'hvm').hvm_params[6]!.index).toBe(17);
    expect(dom(s, 'hvm').hvm_devices[9]!.type).toBe('pmtimer');
    expect(dom(s, 'pvh').hvm_params[1]!.index).toBe(2);
    expect(dom(s, 'pvh').p2m[3]!.type).toBe('map_foreign');
  });

  describe('each rule, broken alone', () => {
    for (const rule of RULES) {
      const b = BREAKERS[rule.id];
      if (!b) continue; // reported by the coverage test below
      for (const v of b.versions ?? rule.versions) {
        it(`${rule.id} (v${v})`, () => {
          const s = exampleState(v);
          b.edit(s);
          const findings = validateSemantics(s, v);
          const mine = findings.filter((f) => f.rule === rule.id);
          // Breakers name the place by position, as the finding's jq path does.
          expect(mine.map((f) => f.jq)).toContain(jqPath(b.path));
          for (const f of mine) {
            // Every domain and keyed item by identity: no `domains[4]`, no `event_channels[2]`.
            expect(f.path).not.toMatch(/domains\[\d|(vcpus|event_channels|p2m|p2m_extents|pages|active|maptrack|hvm_params|ioreq_servers|cpupools|msrs)\[\d/);
            expect(f.severity).toBe(rule.severity);
            expect(f.message).toMatch(/^[^\n]{10,}$/);
          }
          const unrelated = fired(findings).filter((id) => id !== rule.id && !(b.also ?? []).includes(id));
          expect(unrelated).toEqual([]);
        });
      }
    }
  });

  describe('streamed one domain at a time, as for dumps larger than memory', () => {
    /** The findings of streaming the encoded state through the reader, one domain held at a time. */
    const streamedAs = async (bytes: Uint8Array, v: Version, forChecks: boolean, maxPerRule?: number) => {
      const reader = readStream((async function* one() { yield bytes; })(), { readerVersion: v, forChecks });
      let check: DomainByDomainValidator | undefined;
      let i = 0;
      for await (const item of domainsOf(reader)) {
        if (item.kind === 'host') check = new DomainByDomainValidator(item.value as State['host'], reader.schema!.version as Version, maxPerRule === undefined ? {} : { maxPerRule });
        else check!.domain(item.value as unknown as State['domains'][number], i++);
      }
      return check!.finish();
    };
    /**
     * The same, with PAGES and P2M as objects and as columns (forChecks), and by validateDump from
     * memory: all three must find the same, or refuse alike.
     */
    const streamed = async (bytes: Uint8Array, v: Version, maxPerRule?: number) => {
      const objects = await streamedAs(bytes, v, false, maxPerRule);
      expect(await streamedAs(bytes, v, true, maxPerRule)).toEqual(objects);
      expect(validateDump(bytes, { readerVersion: v, ...(maxPerRule === undefined ? {} : { maxPerRule }) }).findings).toEqual(objects);
      return objects;
    };
    const whole = (bytes: Uint8Array, v: Version, maxPerRule?: number) => {
      const r = decode(bytes, { readerVersion: v });
      return validateSemantics(r.state, r.version, maxPerRule === undefined ? {} : { maxPerRule });
    };

    it('P2M extents that touch are disjoint; one frame of overlap is not, on every path', async () => {
      const s = exampleState(3);
      const p2m = dom(s, 'hvm').p2m;
      const k = p2m.findIndex((e, j) => j + 1 < p2m.length && e.count >= 2n && e.gfn + e.count < p2m[j + 1]!.gfn);
      expect(k).toBeGreaterThanOrEqual(0);
      const at = (gfn: bigint) => {
        p2m[k + 1]!.gfn = gfn;
        const bytes = encode(s as StateByVersion[3], 3);
        return { bytes, found: fired(whole(bytes, 3)).filter((id) => id === 'mem.p2m-disjoint') };
      };
      const touching = at(p2m[k]!.gfn + p2m[k]!.count);
      expect(touching.found).toEqual([]);
      expect(fired(await streamed(touching.bytes, 3)).filter((id) => id === 'mem.p2m-disjoint')).toEqual([]);
      const overlapping = at(p2m[k]!.gfn + p2m[k]!.count - 1n);
      expect(overlapping.found).toEqual(['mem.p2m-disjoint']);
      expect(fired(await streamed(overlapping.bytes, 3)).filter((id) => id === 'mem.p2m-disjoint')).toEqual(['mem.p2m-disjoint']);
    });

    it('a fragmented guest (one-frame PAGES its P2M maps one by one): the entries around them are still checked, on every path', async () => {
      // The HVM guest's large RAM range becomes K one-frame ranges (every other frame) its P2M maps
      // in scattered order: the guest's own frames are then a frame set, its one-frame RAM entries
      // are tested all at once, and the loop visits only the other entries that map frames.
      const K = 64;
      const fragmented = () => {
        const s = exampleState(3);
        const d = dom(s, 'hvm');
        const big = d.pages.findIndex((p) => p.count === 262144n);
        const first = d.pages[big]!.first_mfn;
        d.pages.splice(big, 1, ...Array.from({ length: K }, (_, i) => ({ first_mfn: first + BigInt(2 * i), count: 1n, type: 'none' as const, pinned: false })));
        const ram = d.p2m.findIndex((e) => e.count === 262144n);
        const gfn = d.p2m[ram]!.gfn;
        d.p2m.splice(ram, 1, ...Array.from({ length: K }, (_, i) => ({ gfn: gfn + BigInt(i), mfn: first + BigInt(2 * ((i * 7) % K)), count: 1n, type: 'ram_rw' as const, access: 'rwx' as const })));
        d.domain.tot_pages = d.domain.tot_pages - 262144n + BigInt(K);
        return { s, d, first };
      };
      const findings = async (s: StateV3) => {
        const bytes = encode(s, 3);
        const found = await streamed(bytes, 3);
        expect(found).toEqual(whole(bytes, 3));
        return found;
      };
      expect(await findings(fragmented().s)).toEqual([]);

      // A RAM extent of several frames running past the guest's own into no one's.
      const multi = fragmented();
      const rw = multi.d.p2m.find((e) => e.type === 'ram_rw' && e.count === 512n)!;
      rw.mfn += 0x300n;
      expect(fired(await findings(multi.s))).toEqual(['mem.p2m-ram-owned']);
      // A foreign map of one of its own frames, and a direct MMIO range onto one.
      const foreign = fragmented();
      const free = foreign.d.p2m.findIndex((e, j) => j > 0 && e.gfn > foreign.d.p2m[j - 1]!.gfn + foreign.d.p2m[j - 1]!.count);
      const gap = foreign.d.p2m[free - 1]!;
      foreign.d.p2m.splice(free, 0, { gfn: gap.gfn + gap.count, mfn: foreign.first + 2n, count: 1n, type: 'map_foreign', access: 'rw' });
      expect(fired(await findings(foreign.s))).toEqual(['mem.p2m-foreign-owned']);
      const mmio = fragmented();
      mmio.d.p2m.find((e) => e.type === 'mmio_direct')!.mfn = mmio.first + 4n;
      expect(fired(await findings(mmio.s))).toEqual(['mem.p2m-mmio-unowned']);
      // And one of its one-frame entries onto a frame between two of its own.
      const single = fragmented();
      single.d.p2m.find((e) => e.count === 1n && e.type === 'ram_rw' && e.mfn > single.first)!.mfn += 1n;
      expect(fired(await findings(single.s))).toEqual(['mem.p2m-ram-owned']);
      // Or onto a frame outside the window its frames span: below its lowest, or past its highest
      // (a byte of bits past it: the frame set's window is whole bytes).
      for (const mfn of [(g: typeof single) => g.d.pages[0]!.first_mfn - 1n, (g: typeof single) => g.first + BigInt(2 * K + 8)]) {
        const outside = fragmented();
        outside.d.p2m.find((e) => e.count === 1n && e.type === 'ram_rw' && e.mfn > outside.first)!.mfn = mfn(outside);
        expect(fired(await findings(outside.s))).toEqual(['mem.p2m-ram-owned']);
      }
    });

    for (const rule of RULES) {
      const b = BREAKERS[rule.id];
      if (!b) continue;
      for (const v of b.versions ?? rule.versions) {
        it(`${rule.id} (v${v}): the same findings as the decoded state, cross-domain rules included`, async () => {
          const s = exampleState(v);
          b.edit(s);
          let bytes: Uint8Array;
          try {
            bytes = encode(s as StateByVersion[typeof v], v);
          } catch (e) {
            // Some breakers make a state no stream can carry (an order the encoder keeps): then
            // only a state in memory has the fault, and it is checked as above.
            expect(e).toBeInstanceOf(StateError);
            return;
          }
          let want: Finding[];
          try {
            want = whole(bytes, v);
          } catch (e) {
            // A fault the decoder refuses (a second DOMAIN record for a domid): the reader refuses it too.
            expect(e).toBeInstanceOf(FormatError);
            await expect(streamed(bytes, v)).rejects.toThrow((e as FormatError).message);
            return;
          }
          const found = await streamed(bytes, v);
          expect(found).toEqual(want);
          expect(found.filter((f) => f.rule === rule.id).map((f) => f.jq)).toContain(jqPath(b.path));
        });
      }
    }

    it('caps findings per rule over all domains, counting what it leaves out', async () => {
      const s = exampleState(2);
      for (const d of s.domains) for (const c of d.event_channels) c.notify_vcpu = 99; // every channel of every domain
      const bytes = encode(s, 2);
      const found = await streamed(bytes, 2, 5);
      expect(found).toEqual(whole(bytes, 2, 5));
      expect(found.find((f) => f.path === '')?.message).toMatch(/^\d+ more findings of evtchn.notify-vcpu not listed$/);
    });

    it('the golden fixtures and randomly edited states: the same findings streamed as decoded, or the same refusal', async () => {
      const pool = valuePool(VERSIONS.map((v) => exampleState(v)));
      let compared = 0;
      for (const v of VERSIONS) {
        const golden = new Uint8Array(readFileSync(new URL(`../../../fixtures/v${v}/example.xlu`, import.meta.url)));
        expect(await streamed(golden, v)).toEqual(whole(golden, v));
        const rng = new Rng(1000 + v);
        for (let k = 0; k < 25; k++) {
          const m = encodeMutatedState(exampleState(v), v, rng, pool, 1 + (k % 3));
          if (!m) continue;
          let want: Finding[];
          try {
            want = whole(m.bytes, v);
          } catch (e) {
            expect(e, m.edits.join(', ')).toBeInstanceOf(FormatError);
            await expect(streamed(m.bytes, v)).rejects.toThrow((e as FormatError).message);
            continue;
          }
          expect(await streamed(m.bytes, v), m.edits.join(', ')).toEqual(want);
          compared++;
        }
      }
      expect(compared).toBeGreaterThan(20);
    });

    it('decides a reference to a domain further on in the stream once that domain is in', () => {
      const s = exampleState(3);
      // dom0 (first) names the grant and channel ends of guests after it: broken there, found at dom0.
      const ch = s.domains[DOM.dom0]!.event_channels.find((c) => c.state === 'interdomain' && c.remote_domid !== D.dom0)!;
      const peer = s.domains.find((d) => d.domain.domid === ch.remote_domid)!;
      peer.event_channels = peer.event_channels.filter((c) => c.port !== ch.remote_port);
      const found = validateSemantics(s, 3).filter((f) => f.rule === 'evtchn.interdomain-symmetric' && f.domid === D.dom0);
      expect(found.map((f) => f.path)).toContain(`domains[domid=0].event_channels[port=${ch.port}].remote_port`);
      expect(found.map((f) => f.message)).toContain(`d0:${ch.port} is interdomain to d${ch.remote_domid}:${ch.remote_port}, which is not bound`);
    });
  });

  it('has a breaker for every rule, and no breaker without a rule', () => {
    expect(RULES.map((r) => r.id).filter((id) => !(id in BREAKERS))).toEqual([]);
    expect(Object.keys(BREAKERS).filter((id) => !ruleById(id))).toEqual([]);
  });

  it('rule ids are unique, stable-looking and name their family', () => {
    const ids = RULES.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const r of RULES) {
      expect(r.id).toMatch(/^[a-z]+\.[a-z0-9]+(-[a-z0-9]+)*$/);
      expect(r.id.startsWith(`${r.family}.`)).toBe(true);
      expect(r.versions.length).toBeGreaterThan(0);
      expect(r.summary.length).toBeGreaterThan(10);
    }
  });

  it('runs a rule only on the versions it applies to', () => {
    // v3 extents have no order: the example's 3-frame extent at gfn 0xfeffc is fine in v3,
    // though a page-order entry of that size and place could not be aligned.
    const s3 = exampleState(3);
    const extent = s3.domains[1]!.p2m.find((e) => e.count === 3n)!;
    expect(extent.gfn % 3n).not.toBe(0n);
    expect(validateSemantics(s3, 3)).toEqual([]);
    expect(ruleById('mem.p2m-aligned')!.versions).toEqual([1, 2]);
    // A v3-only rule broken in the data stays silent when the state is checked as v2.
    s3.domains[1]!.domain.create_flags.iommu = false;
    expect(fired(validateSemantics(s3, 3))).toEqual(['passthrough.iommu-flag']);
    expect(validateSemantics(s3, 2)).toEqual([]);
  });

  describe('accepts what a real Xen host holds (docs/RULES.md, "Xen sources")', () => {
    it('no hardware domain at all, as under a PV shim', () => {
      const s = exampleState(1);
      s.domains[0]!.domain.roles.hardware = false;
      expect(validateSemantics(s, 1)).toEqual([]);
    });

    it('tot_pages above a lowered max_pages: a warning, not an error', () => {
      const s = exampleState(2);
      const d = s.domains[1]!.domain;
      d.max_pages = d.tot_pages - 0x100n;
      const f = validateSemantics(s, 2);
      expect(f.map((x) => [x.rule, x.severity])).toEqual([['domain.tot-pages-max', 'warning']]);
    });

    it('a domain with no vCPUs yet (created, max_vcpus not yet applied)', () => {
      for (const v of VERSIONS) {
        const s = exampleState(v);
        const d = s.domains[DOM.dying]!;
        d.domain.state = 'paused';
        expect(d.vcpus).toEqual([]);
        expect(validateSemantics(s, v)).toEqual([]);
      }
    });

    it("a grant mapping of the domain's own grant, and a foreign mapping of a dom_xen frame", () => {
      const s = exampleState(3);
      const pvh = s.domains[DOM.pvh]!;
      pvh.p2m[1]!.mfn = 0x18_0005n; // grant_map_rw of a frame d2 owns
      pvh.p2m[3]!.mfn = s.host.m2p.start; // map_foreign of a frame no domain owns: dom_xen's
      expect(validateSemantics(s, 3)).toEqual([]);
    });

    it('HVM Xen-heap and IOREQ pages mapped as RAM without being in PAGES', () => {
      const unowned = 0xa_0000n;
      const at = (gfn: bigint, type: 'ram_rw' | 'ram_ro' = 'ram_rw', k: number = DOM.hvm) => {
        const s = exampleState(2);
        const d = s.domains[k]!;
        d.p2m.push({ gfn, mfn: unowned, order: 0, type, access: 'rw' });
        d.p2m.sort((a, b) => (a.gfn < b.gfn ? -1 : a.gfn > b.gfn ? 1 : 0));
        return fired(validateSemantics(s, 2));
      };
      const hvm = s0().domains[DOM.hvm]!;
      expect(at(hvm.domain.shared_info_gfn)).toEqual([]);
      expect(at(hvm.grant_table!.shared_gfns[0]!)).toEqual([]);
      expect(at(hvm.grant_table!.status_gfns[0]!)).toEqual([]);
      expect(at(hvm.ioreq_servers[0]!.ioreq_gfn)).toEqual([]);
      expect(at(hvm.ioreq_servers[0]!.bufioreq_gfn!)).toEqual([]);
      // Elsewhere, as another RAM type, or in a PV domain, an unowned RAM frame is still wrong.
      expect(at(0xf_2000n)).toEqual(['mem.p2m-ram-owned']);
      expect(at(hvm.domain.shared_info_gfn, 'ram_ro')).toEqual(['mem.p2m-ram-owned']);
      expect(at(s0().domains[DOM.pv32]!.domain.shared_info_gfn, 'ram_rw', DOM.pv32)).toEqual(['mem.p2m-ram-owned']);
    });

    it("a Xen-heap GFN mapping another domain's frame is still wrong", () => {
      const s = exampleState(2);
      const d = s.domains[DOM.hvm]!;
      d.p2m.push({ gfn: d.domain.shared_info_gfn, mfn: 0x18_0000n, order: 0, type: 'ram_rw', access: 'rw' });
      d.p2m.sort((a, b) => (a.gfn < b.gfn ? -1 : a.gfn > b.gfn ? 1 : 0));
      expect(fired(validateSemantics(s, 2))).toEqual(['mem.p2m-ram-owned']);
    });

    it('BUFIOREQ_EVTCHN naming no bound port (Xen keeps that port in the IOREQ server)', () => {
      const s = exampleState(1);
      const param = s.domains[DOM.hvm]!.hvm_params.find((p) => p.index === 26)!;
      param.value = 999n;
      expect(validateSemantics(s, 1)).toEqual([]);
    });

    it('2-level ports: 1024 for pv32; up to 4096 for hvm, whose shared info may be 64-bit', () => {
      const s = exampleState(1);
      const ipi = s.domains.flatMap((d) => d.event_channels).find((c) => c.state === 'ipi')!;
      const pv32 = s.domains[DOM.pv32]!;
      pv32.domain.max_evtchn_port = 4095;
      pv32.event_channels.push({ ...ipi, port: 1024, notify_vcpu: 0 });
      expect(fired(validateSemantics(s, 1))).toEqual(['evtchn.port-abi-limit']);
      pv32.event_channels.at(-1)!.port = 1023;
      const hvm = s.domains[DOM.hvm]!;
      expect(hvm.domain.evtchn_abi).toBe('two_level');
      hvm.domain.max_evtchn_port = 4095;
      hvm.event_channels.push({ ...ipi, port: 4095, notify_vcpu: 0 });
      expect(validateSemantics(s, 1)).toEqual([]);
    });
  });

  it('names the values involved and the domain', () => {
    const s = exampleState(2);
    const ch = s.domains[0]!.event_channels[24]!;
    ch.state = 'interdomain';
    ch.remote_port = 6;
    const [f] = validateSemantics(s, 2);
    expect(f).toEqual({
      rule: 'evtchn.interdomain-symmetric', severity: 'error', domid: 0,
      path: 'domains[domid=0].event_channels[port=25].remote_port', jq: '.domains[0].event_channels[24].remote_port',
      message: 'd0:25 is interdomain to d3:6, which is ipi',
    });
  });

  it('reports both ends of a broken interdomain pair', () => {
    const s = exampleState(1);
    s.domains[1]!.event_channels[5]!.remote_port = 25; // d1:6 -> d0:25 (unbound); d0:19 -> d1:6 no longer points back
    const f = validateSemantics(s, 1).filter((x) => x.rule === 'evtchn.interdomain-symmetric');
    expect(f.map((x) => x.path).sort()).toEqual(['domains[domid=0].event_channels[port=19].remote_port', 'domains[domid=1].event_channels[port=6].remote_port']);
    expect(f.map((x) => x.jq).sort()).toEqual(['.domains[0].event_channels[18].remote_port', '.domains[1].event_channels[5].remote_port']);
  });

  it('checks ram_shared targets are owned by some domain, not necessarily the mapper', () => {
    const s = exampleState(2);
    const shared = s.domains[1]!.p2m[7]!;
    expect(shared.type).toBe('ram_shared');
    shared.mfn = 0x1c_0005n; // a frame of the PV guest: sharing across domains is fine
    expect(validateSemantics(s, 2)).toEqual([]);
    shared.mfn = 0xa_0000n; // owned by nobody
    expect(fired(validateSemantics(s, 2))).toEqual(['mem.p2m-ram-owned']);
  });

  it('ignores the MFN of entries without a backing frame', () => {
    const s = exampleState(1);
    const pod = s.domains[1]!.p2m[2]!;
    expect(pod.type).toBe('populate_on_demand');
    pod.mfn = 0x8_0000n; // in bootmem and unowned, but PoD has no frame yet
    expect(validateSemantics(s, 1)).toEqual([]);
  });

  it('asks pirq channels for a binding only in a domain that has a PASSTHROUGH record', () => {
    const s = exampleState(3);
    const pvh = s.domains[2]!;
    expect(pvh.passthrough).toBeNull();
    const next = Math.max(...pvh.event_channels.map((c) => c.port)) + 1;
    // As a v2 stream upgraded to v3 has it: a pirq channel and no record of its binding.
    pvh.event_channels.push({ ...s.domains[0]!.event_channels[10]!, port: next, pirq: 77, notify_vcpu: 0 });
    expect(validateSemantics(s, 3)).toEqual([]);
    s.domains[1]!.event_channels.push({ ...s.domains[1]!.event_channels.find((c) => c.state === 'pirq')!, port: 13, pirq: 77 });
    expect(fired(validateSemantics(s, 3))).toEqual(['evtchn.pirq-binding']);
  });

  it('lists at most maxPerRule findings per rule, then says how many it left out', () => {
    const s = exampleState(2);
    for (const e of s.domains[1]!.p2m) if (e.type === 'ram_rw') e.mfn = 0x18_0000n; // 5 RAM entries now map d2's frames
    const all = validateSemantics(s, 2).filter((f) => f.rule === 'mem.p2m-ram-owned');
    expect(all).toHaveLength(5);
    const capped = validateSemantics(s, 2, { maxPerRule: 2 }).filter((f) => f.rule === 'mem.p2m-ram-owned');
    expect(capped).toHaveLength(3);
    expect(capped[2]).toEqual({ rule: 'mem.p2m-ram-owned', severity: 'error', path: '', message: '3 more findings of mem.p2m-ram-owned not listed' });
  });

  it('validators taking turns domain by domain (sharing their scratch) find what each finds alone', () => {
    const a = exampleState(3);
    const b = exampleState(3);
    BREAKERS['mem.p2m-mmio-unowned']!.edit(b);
    b.domains[1]!.p2m.reverse();
    const alone = [validateSemantics(a, 3), validateSemantics(b, 3)];
    expect(alone[1]!.length).toBeGreaterThan(0);
    const va = new DomainByDomainValidator(a.host, 3);
    const vb = new DomainByDomainValidator(b.host, 3);
    for (let i = 0; i < Math.max(a.domains.length, b.domains.length); i++) {
      if (i < b.domains.length) vb.domain(b.domains[i]!, i);
      if (i < a.domains.length) va.domain(a.domains[i]!, i);
    }
    expect([va.finish(), vb.finish()]).toEqual(alone);
  });

  it('does not modify the state', () => {
    const s = exampleState(3);
    s.domains[1]!.p2m.reverse();
    const before = structuredClone(s);
    validateSemantics(s, 3);
    expect(s).toEqual(before);
  });
});

describe('validateSemantics at host scale', () => {
  /**
   * dom0 plus 100 guests, each with 5000 4 KiB P2M entries onto 5000 separate owned frames
   * (fragmented, so nothing coalesces), 50 event channels to dom0 and 40 grants dom0 maps.
   */
  function hostScale(): StateV2 {
    const s = exampleState(2);
    const dom0 = s.domains[0]!;
    const template = s.domains[1]!;
    const K = 5000;
    let dom0Port = 100;
    let handle = dom0.grant_table!.maptrack.length;
    for (let g = 0; g < 100; g++) {
      const domid = 10 + g;
      const base = 0x20_0000n + BigInt(g) * 0x4000n;
      const p2m: StateV2['domains'][number]['p2m'] = [];
      const pages: StateV2['domains'][number]['pages'] = [];
      for (let k = 0; k < K; k++) {
        const mfn = base + BigInt(k * 2);
        p2m.push({ gfn: BigInt(k), mfn, order: 0, type: 'ram_rw', access: 'rwx' });
        pages.push({ first_mfn: mfn, count: 1n, type: 'none', pinned: false });
      }
      const channels: StateV2['domains'][number]['event_channels'] = [];
      for (let c = 1; c <= 50; c++) {
        channels.push({ ...template.event_channels[0]!, port: c, remote_domid: 0, remote_port: dom0Port, pending: false });
        dom0.event_channels.push({ ...template.event_channels[0]!, port: dom0Port++, remote_domid: domid, remote_port: c, pending: false });
      }
      const active = [];
      for (let r = 8; r < 48; r++) {
        active.push({ ref: r, grantee: 0, pin: { host_rw: 1, host_ro: 0, device_rw: 0, device_ro: 0 }, mfn: base + BigInt(r * 2), transitive: null, sub_page: null });
        dom0.grant_table!.maptrack.push({ ...dom0.grant_table!.maptrack[2]!, handle: handle++, granter: domid, ref: r });
      }
      s.domains.push({
        ...structuredClone({ ...template, p2m: [], pages: [], event_channels: [], hvm_params: [], hvm_devices: [], ioreq_servers: [] }),
        domain: { ...structuredClone(template.domain), domid, tot_pages: BigInt(K), max_pages: BigInt(K), max_evtchn_port: 1023, evtchn_abi: 'two_level' },
        p2m, pages, event_channels: channels, event_fifo: null,
        grant_table: { version: 1, nr_frames: 1, max_frames: 32, shared_gfns: [0xf_1003n], status_gfns: [], active, maptrack: [] },
      });
    }
    return s;
  }

  it('validates 1M ranges, 10k channels and 4k grants in seconds, with no finding', () => {
    const s = hostScale();
    const t0 = performance.now();
    const findings = validateSemantics(s, 2);
    const ms = performance.now() - t0;
    expect(findings).toEqual([]);
    // Generous: a quadratic pass over 500k ranges would take hours, not seconds.
    expect(ms).toBeLessThan(20_000);
    // And a break deep inside is still found.
    s.domains[60]!.p2m[4321]!.mfn = s.domains[61]!.pages[7]!.first_mfn;
    expect(fired(validateSemantics(s, 2))).toEqual(['mem.p2m-ram-owned']);
    // Inside the window of the domain's own frames (every other frame), one that is not its own.
    s.domains[60]!.p2m[4321]!.mfn = s.domains[60]!.pages[100]!.first_mfn + 1n;
    const found = validateSemantics(s, 2);
    expect(fired(found)).toEqual(['mem.p2m-ram-owned']);
    expect(found[0]!.path).toBe('domains[domid=65].p2m[gfn=0x10e1].mfn');
  });
});

describe('docs/RULES.md', () => {
  const path = fileURLToPath(new URL('../../../docs/RULES.md', import.meta.url));

  /** The example finding of each rule: what its breaker produces on the example state. */
  function exampleFinding(id: string): Finding {
    const rule = ruleById(id)!;
    const b = BREAKERS[id]!;
    const v = (b.versions ?? rule.versions)[0]!;
    const s = exampleState(v);
    b.edit(s);
    return validateSemantics(s, v).find((f) => f.rule === id && f.jq === jqPath(b.path))!;
  }

  function rulesTable(): string {
    const esc = (t: string) => t.replace(/\|/g, '\\|');
    const rows = RULES.map((r) => {
      const f = exampleFinding(r.id);
      const versions = r.versions.length === VERSIONS.length ? 'all' : r.versions.map((x) => `v${x}`).join(', ');
      return `| \`${r.id}\` | ${r.severity} | ${versions} | ${r.scope} | ${esc(r.summary)} | \`${f.path}\`: ${esc(f.message)} |`;
    });
    return ['| Rule | Severity | Versions | Scope | What it checks | Example finding |', '|---|---|---|---|---|---|', ...rows].join('\n');
  }

  it('cites a Xen source for every rule, and names no rule that does not exist', () => {
    const doc = readFileSync(path, 'utf8');
    const section = doc.slice(doc.indexOf('\n## Xen sources'));
    const cited = [...section.matchAll(/^\| `([a-z0-9.-]+)` \| ([^|]+) \|/gm)];
    expect(cited.map((m) => m[1]).sort()).toEqual(RULES.map((r) => r.id).sort());
    for (const m of cited) expect(m[2]!.trim().length, m[1]).toBeGreaterThan(4);
  });

  it('lists every rule with an example finding (UPDATE_RULES_DOC=1 regenerates the table)', () => {
    const begin = '<!-- BEGIN GENERATED: rules table (packages/format/test/semantics.test.ts) -->';
    const end = '<!-- END GENERATED -->';
    const doc = readFileSync(path, 'utf8');
    const [head, rest] = doc.split(begin);
    expect(rest).toBeDefined();
    const tail = rest!.slice(rest!.indexOf(end));
    const want = `${head}${begin}\n${rulesTable()}\n${tail}`;
    if (process.env.UPDATE_RULES_DOC === '1' && doc !== want) writeFileSync(path, want);
    else expect(doc).toBe(want);
  });
});
