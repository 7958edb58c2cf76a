import { describe, expect, it } from 'vitest';
import { DowngradeError, FormatError } from '../src/errors.js';
import { exampleState } from '../src/examples/index.js';
import { validateSemantics } from '../src/semantics/index.js';
import { decode } from '../src/decode.js';
import { encode } from '../src/encode.js';
import { LATEST_VERSION, type DomainStateV1, type DomainStateV2, type DomainStateV3, type StateV1, type StateV2, type StateV3 } from '../src/schema/index.js';
import { DOMAIN as DOMAIN_V1, EventChannel as EventChannelV1, v1 } from '../src/schema/v1.js';
import { DOMAIN as DOMAIN_V2, EventChannel as EventChannelV2, VCPU_RUNSTATE, v2 } from '../src/schema/v2.js';
import { Domain as DomainV3, v3 } from '../src/schema/v3.js';
import {
  UNKNOWN_CHUNK_FIELDS, UNKNOWN_FIELDS, UNKNOWN_RECORDS, setUnknownChunkFields, setUnknownFields, setUnknownRecords,
  unknownChunkFieldsOf, unknownFieldsOf, unknownRecordsOf,
} from '../src/unknown.js';
import {
  DROPPABLE_FEATURES, MAX_SPLIT_ENTRIES, type MigrationNote, type P2mEntryValue, type P2mExtentValue, convert, downgrade, entriesToExtents,
  extentsToEntries, p2mEquivalent, splitEntryCount, upgrade,
} from '../src/migrate/index.js';

// ---------------------------------------------------------------------------------------------
// Hand-built states

const bytes = (n: number, seed: number) => Uint8Array.from({ length: n }, (_, i) => (i * 13 + seed) & 0xff);
const noFlags = { hap: false, s3_integrity: false, oos_off: false, iommu: false, nested_virt: false, vpmu: false };
const noEmu = { lapic: false, hpet: false, pm: false, rtc: false, ioapic: false, pic: false, vga: false, iommu: false, pit: false, use_pirq: false, vpci: false };

function host(): StateV1['host'] {
  return {
    producer: { major: 4, minor: 17, extra: '.2', changeset: 'c0ffee' },
    page_shift: 12, nr_pcpus: 4, total_pages: 0x800000n,
    bootmem: [{ start: 0x100000n, count: 0x4000n }],
    handover: { nr_stream_pages: 1n, mfn_array_maddr: 0x1000000n, stream_mfns: [0x300000n] },
    m2p: { start: 0x3f0000n, count: 0x1000n },
    time: { system_time_ns: 1_000_000n, tsc: 123456n, tsc_khz: 2_000_000 },
    cpupools: [{ id: 0, scheduler: 'credit2', pcpus: [0, 1, 2, 3] }, { id: 3, scheduler: 'rtds', pcpus: [] }],
    cpu_featureset: [1, 2],
  };
}

const ext = (gfn: bigint, mfn: bigint, count: bigint, type: P2mExtentValue['type'] = 'ram_rw', access: P2mExtentValue['access'] = 'rwx'): P2mExtentValue =>
  ({ gfn, mfn, count, type, access });
const ent = (gfn: bigint, mfn: bigint, order: number, type: P2mEntryValue['type'] = 'ram_rw', access: P2mEntryValue['access'] = 'rwx'): P2mEntryValue =>
  ({ gfn, mfn, order, type, access });

type ChannelV1 = DomainStateV1['event_channels'][number];
const channel = (port: number, extra: Partial<ChannelV1> = {}): ChannelV1 => ({
  port, state: 'ipi', notify_vcpu: 0, remote_domid: 0, remote_port: 0, pirq: 0, virq: 0, pending: false, masked: false, ...extra,
});

function domainV1(domid: number, extra: Partial<DomainStateV1['domain']> = {}): DomainStateV1['domain'] {
  return {
    domid, handle: bytes(16, domid), type: 'hvm', state: 'running', roles: { hardware: domid === 0, xenstore: false, privileged: domid === 0 },
    create_flags: { ...noFlags, hap: true }, ssidref: 0x10 + domid, max_vcpus: 2, max_pages: 0x40000, tot_pages: 0x400n, shr_pages: 0,
    max_evtchn_port: 1023, max_grant_frames: 32, max_maptrack_frames: 1024, max_grant_version: 2, emulation_flags: { ...noEmu, lapic: true },
    altp2m: 'disabled', sched: { weight: 256, cap: 0 }, evtchn_abi: 'two_level', shared_info_gfn: 0xfefffn, ...extra,
  };
}

function guestV1(domid: number): DomainStateV1 {
  return {
    domain: domainV1(domid),
    tsc_info: { mode: 'default', gtsc_khz: 2_000_000, incarnation: 0, elapsed_ns: 0n },
    // A fresh guest: 4K pages up to 2M, 2M pages, then a hole, then an MMIO page.
    p2m: [
      ...Array.from({ length: 4 }, (_, i): P2mEntryValue => ({ gfn: 0x1fcn + BigInt(i), mfn: 0x2001fcn + BigInt(i), order: 0, type: 'ram_rw', access: 'rwx' })),
      { gfn: 0x200n, mfn: 0x200200n, order: 9, type: 'ram_rw', access: 'rwx' },
      { gfn: 0x400n, mfn: 0x200400n, order: 9, type: 'ram_rw', access: 'rwx' },
      { gfn: 0xfee00n, mfn: 0xfee00n, order: 0, type: 'mmio_direct', access: 'rw' },
    ],
    vcpus: [{
      id: 0, online: true, hard_affinity: [0, 1], soft_affinity: [], singleshot_deadline_ns: 0n, periodic_period_ns: 0n,
      vcpu_info: null, hvm: null, pv: { context: bytes(32, 1) }, msrs: [],
    }],
    pages: [{ first_mfn: 0x2001fcn, count: 0x404n, type: 'none', pinned: false }],
    grant_table: { version: 1, nr_frames: 1, max_frames: 32, shared_gfns: [0xf0000n], status_gfns: [], active: [], maptrack: [] },
    hvm_params: [{ index: 2, value: 1n }],
    hvm_devices: [{ type: 'pit', instance: 0, body: bytes(52, 3) }],
    event_channels: [channel(1, { state: 'interdomain', remote_domid: 0, remote_port: 2 }), channel(2, { state: 'virq', virq: 0 }), channel(3)],
    ioreq_servers: [],
  };
}

function stateV1(): StateV1 {
  const dom0 = guestV1(0);
  dom0.domain = domainV1(0, { type: 'pv64', create_flags: { ...noFlags, iommu: true }, max_pages: 0xffffffff });
  dom0.p2m = [];
  dom0.event_channels = [channel(1, { state: 'virq', virq: 1 }), channel(2, { state: 'interdomain', remote_domid: 5, remote_port: 1 })];
  return { host: host(), domains: [dom0, guestV1(5)] };
}

/** The same state as v2 would hold it, written out independently of the migration code. */
function stateV2(): StateV2 {
  const s = stateV1();
  return {
    host: s.host,
    domains: s.domains.map((d) => ({
      domain: { ...d.domain, max_pages: BigInt(d.domain.max_pages), evtchn_abi: 'two_level', cpupool: 0 },
      tsc_info: d.tsc_info, p2m: d.p2m, vcpus: d.vcpus, pages: d.pages, grant_table: d.grant_table, hvm_params: d.hvm_params,
      hvm_devices: d.hvm_devices, event_fifo: null, event_channels: d.event_channels.map((c) => ({ ...c, priority: 7 })),
      vcpu_runstates: [], ioreq_servers: d.ioreq_servers,
    })),
  };
}

/** Domain 5's P2M above as maximal extents. */
const guestExtents: P2mExtentValue[] = [
  { gfn: 0x1fcn, mfn: 0x2001fcn, count: 0x404n, type: 'ram_rw', access: 'rwx' },
  { gfn: 0xfee00n, mfn: 0xfee00n, count: 1n, type: 'mmio_direct', access: 'rw' },
];

function stateV3(): StateV3 {
  const s = stateV2();
  return {
    host: s.host,
    domains: s.domains.map((d) => {
      const { ssidref, shr_pages: _, ...rest } = d.domain;
      return {
        domain: { ...rest, xsm_label: ssidref }, tsc_info: d.tsc_info, p2m: d.domain.domid === 5 ? guestExtents : [], vcpus: d.vcpus,
        pages: d.pages, grant_table: d.grant_table, passthrough: null, hvm_params: d.hvm_params, hvm_devices: d.hvm_devices,
        event_fifo: d.event_fifo, event_channels: d.event_channels, vcpu_runstates: d.vcpu_runstates, ioreq_servers: d.ioreq_servers,
      };
    }),
  };
}

/** Freezes a state so that any mutation by a migration throws (ESM code runs in strict mode). */
function deepFreeze<T>(o: T): T {
  if (typeof o === 'object' && o !== null && !(o instanceof Uint8Array) && !Object.isFrozen(o)) {
    for (const v of Object.values(o)) deepFreeze(v);
    Object.freeze(o);
  }
  return o;
}

function keysOf(o: object): string[] {
  return Object.keys(o);
}

function expectSchemaOrder(state: StateV1 | StateV2 | StateV3, version: 1 | 2 | 3): void {
  const schema = { 1: v1, 2: v2, 3: v3 }[version];
  const domainFields = { 1: DOMAIN_V1.body.fields, 2: DOMAIN_V2.body.fields, 3: DomainV3.fields }[version];
  const channelFields = version === 1 ? EventChannelV1.fields : EventChannelV2.fields;
  for (const d of state.domains) {
    expect(keysOf(d)).toEqual(keysOf(schema.sections));
    expect(keysOf(d.domain)).toEqual(keysOf(domainFields));
    for (const c of d.event_channels) expect(keysOf(c)).toEqual(keysOf(channelFields));
  }
  expect(keysOf(state)).toEqual(['host', 'domains']);
}

function notesOf(notes: MigrationNote[], kind: MigrationNote['kind']): MigrationNote[] {
  return notes.filter((n) => n.kind === kind);
}

function refusal(fn: () => unknown): DowngradeError {
  try {
    fn();
  } catch (e) {
    if (e instanceof DowngradeError) return e;
    throw e;
  }
  throw new Error('expected a DowngradeError');
}

// ---------------------------------------------------------------------------------------------

describe('v1 -> v2', () => {
  it('adds cpupool, priority, no FIFO state and no runstates, widens max_pages, in schema order', () => {
    const s1 = deepFreeze(stateV1());
    const { state, notes } = upgrade(s1, 1);
    expect(state).toStrictEqual(stateV2());
    expect(v2.zod.safeParse(state).success).toBe(true);
    expectSchemaOrder(state, 2);
    expect(state.domains[0]!.domain.max_pages).toBe(0xffffffffn);
    expect(state.host).toBe(s1.host);
    expect(state.domains[1]!.p2m).toBe(s1.domains[1]!.p2m);
    expect(notes).toEqual([
      { kind: 'defaulted', path: 'domains[*].domain.cpupool', message: expect.stringContaining('2 domain(s)') },
      { kind: 'defaulted', path: 'domains[*].event_channels[*].priority', message: expect.stringContaining('5 event channel(s)') },
    ]);
  });

  it('downgrades back to exactly the original, in schema order', () => {
    const s1 = stateV1();
    const { state, notes } = downgrade(deepFreeze(upgrade(s1, 1).state), 2);
    expect(state).toStrictEqual(s1);
    expect(v1.zod.safeParse(state).success).toBe(true);
    expectSchemaOrder(state, 1);
    expect(notes).toEqual([]);
  });

  it('upgrade(downgrade(s)) is s for a v2 state using nothing new', () => {
    const s2 = deepFreeze(stateV2());
    expect(upgrade(downgrade(s2, 2).state, 1).state).toStrictEqual(s2);
  });

  it('keeps max_grant_version 2 in DOMAIN: v1 allows it', () => {
    const s2 = stateV2();
    expect(s2.domains[1]!.domain.max_grant_version).toBe(2);
    expect(downgrade(s2, 2).state.domains[1]!.domain.max_grant_version).toBe(2);
  });

  it('drops cpupool, priority and runstates, noting each value not at its default', () => {
    const s2 = stateV2();
    const g = s2.domains[1]!;
    g.domain.cpupool = 3;
    g.event_channels[2] = { ...g.event_channels[2]!, priority: 2 };
    g.vcpu_runstates = [{ vcpu: 0, state: 'running', state_entry_time: 5n, time: [1n, 2n, 3n, 0n] }];
    const { state, notes } = downgrade(deepFreeze(s2), 2);
    expect(state).toStrictEqual(stateV1());
    expect(notes).toEqual([
      { kind: 'dropped', domid: 5, path: 'domains[1].domain.cpupool', message: expect.stringContaining('cpupool 3') },
      { kind: 'dropped', domid: 5, path: 'domains[1].event_channels[2].priority', message: expect.stringMatching(/port 3: priority 2/) },
      { kind: 'dropped', domid: 5, path: 'domains[1].vcpu_runstates', message: expect.stringContaining('1 vCPU') },
    ]);
  });

  it('refuses the FIFO ABI, naming the domain', () => {
    const s2 = stateV2();
    s2.domains[1]!.domain.evtchn_abi = 'fifo';
    const e = refusal(() => downgrade(s2, 2));
    expect(e.feature).toBe('event_fifo');
    expect(e.code).toBe('downgrade-blocked');
    expect(e.location).toEqual({ domid: 5, path: 'domains[1].domain.evtchn_abi' });
    expect(e.message).toMatch(/domain 5 .*fifo/);
  });

  it('refuses FIFO state even on a 2-level domain', () => {
    const s2 = stateV2();
    s2.domains[0]!.event_fifo = { event_array_gfns: [0x10n, 0x11n], vcpus: [] };
    const e = refusal(() => downgrade(s2, 2));
    expect(e.feature).toBe('event_fifo');
    expect(e.location).toEqual({ domid: 0, path: 'domains[0].event_fifo' });
    expect(e.message).toMatch(/domain 0 .*2 event-array page/);
  });

  it('refuses grant-table version 2', () => {
    const s2 = stateV2();
    const gt = s2.domains[1]!.grant_table!;
    s2.domains[1]!.grant_table = { ...gt, version: 2, status_gfns: [0xf1000n] };
    const e = refusal(() => downgrade(s2, 2));
    expect(e.feature).toBe('grant_v2');
    expect(e.location).toEqual({ domid: 5, path: 'domains[1].grant_table.version' });
    expect(e.message).toMatch(/domain 5 .*version 2/);
  });

  it('refuses max_pages above u32, and accepts u32 max', () => {
    const s2 = stateV2();
    s2.domains[1]!.domain.max_pages = 0x1_0000_0000n;
    const e = refusal(() => downgrade(s2, 2));
    expect(e.feature).toBe('max_pages_wide');
    expect(e.location).toEqual({ domid: 5, path: 'domains[1].domain.max_pages' });
    expect(e.message).toMatch(/domain 5 .*4294967296/);
    s2.domains[1]!.domain.max_pages = 0xffff_ffffn;
    expect(downgrade(s2, 2).state.domains[1]!.domain.max_pages).toBe(0xffffffff);
  });
});

describe('v2 -> v3', () => {
  it('renames ssidref, retires shr_pages, merges the P2M into extents, adds no passthrough', () => {
    const s2 = deepFreeze(stateV2());
    const { state, notes } = upgrade(s2, 2);
    expect(state).toStrictEqual(stateV3());
    expect(v3.zod.safeParse(state).success).toBe(true);
    expectSchemaOrder(state, 3);
    expect(state.domains[1]!.domain.xsm_label).toBe(0x15);
    expect(notes).toEqual([
      { kind: 'translated', domid: 5, path: 'domains[1].p2m', message: expect.stringContaining('7 page-order P2M entries became 2 extent(s)') },
    ]);
  });

  it('notes a non-zero shr_pages it drops', () => {
    const s2 = stateV2();
    s2.domains[0]!.domain.shr_pages = 12;
    const { state, notes } = upgrade(s2, 2);
    expect('shr_pages' in state.domains[0]!.domain).toBe(false);
    expect(notesOf(notes, 'dropped')).toEqual([
      { kind: 'dropped', domid: 0, path: 'domains[0].domain.shr_pages', message: expect.stringContaining('shr_pages 12') },
    ]);
  });

  it('downgrade(upgrade(s)) equals s up to how the P2M is split', () => {
    const s2 = stateV2();
    const back = downgrade(deepFreeze(upgrade(s2, 2).state), 3).state;
    expect(v2.zod.safeParse(back).success).toBe(true);
    expectSchemaOrder(back, 2);
    back.domains.forEach((d, i) => {
      const orig = s2.domains[i]!;
      expect(p2mEquivalent(d.p2m, orig.p2m)).toBe(true);
      expect({ ...d, p2m: [] }).toStrictEqual({ ...orig, p2m: [] });
    });
    // The greedy split of the merged run uses 4K pages up to 2M, then 2M pages: here the same entries.
    expect(back.domains[1]!.p2m).toStrictEqual(s2.domains[1]!.p2m);
  });

  it('downgrade(upgrade(s)) is only equivalent when the split differs', () => {
    const s2 = stateV2();
    // 512 4K entries where one 2M entry would do: merged, then split back as one 2M entry.
    s2.domains[1]!.p2m = Array.from({ length: 512 }, (_, i) => ({ gfn: 0x800n + BigInt(i), mfn: 0x400800n + BigInt(i), order: 0, type: 'ram_ro', access: 'r' }));
    const back = downgrade(upgrade(s2, 2).state, 3).state;
    expect(back.domains[1]!.p2m).toStrictEqual([{ gfn: 0x800n, mfn: 0x400800n, order: 9, type: 'ram_ro', access: 'r' }]);
    expect(p2mEquivalent(back.domains[1]!.p2m, s2.domains[1]!.p2m)).toBe(true);
  });

  it('downgrades with shr_pages 0 and split extents, noting both', () => {
    const s3 = deepFreeze(stateV3());
    const { state, notes } = downgrade(s3, 3);
    expect(state).toStrictEqual(stateV2());
    expect(notes).toEqual([
      { kind: 'translated', domid: 5, path: 'domains[1].p2m', message: expect.stringContaining('2 P2M extent(s) split into 7 page-order entries') },
      { kind: 'defaulted', path: 'domains[*].domain.shr_pages', message: expect.stringContaining('2 domain(s)') },
    ]);
  });

  it('upgrade(downgrade(s)) is s for a v3 state with maximal extents and no passthrough', () => {
    const s3 = deepFreeze(stateV3());
    expect(upgrade(downgrade(s3, 3).state, 2).state).toStrictEqual(s3);
  });

  it('refuses passthrough, naming the domain', () => {
    const s3 = stateV3();
    s3.domains[1]!.passthrough = { iommu_root_mfn: 0x500000n, iommu_levels: 4, devices: [{ segment: 0, bus: 3, devfn: 0 }], pirqs: [] };
    const e = refusal(() => downgrade(s3, 3));
    expect(e.feature).toBe('passthrough');
    expect(e.location).toEqual({ domid: 5, path: 'domains[1].passthrough' });
    expect(e.message).toMatch(/domain 5 .*1 PCI device/);
  });

  it('refuses a P2M that would split into too many entries, without building them', () => {
    const s3 = stateV3();
    // gfn and mfn differ in bit 0: only 4K pages fit, 2^40 of them.
    s3.domains[1]!.p2m = [{ gfn: 1n, mfn: 0n, count: 1n << 40n, type: 'ram_rw', access: 'rwx' }];
    const e = refusal(() => downgrade(s3, 3));
    expect(e.feature).toBe('p2m_too_large');
    expect(e.location).toEqual({ domid: 5, path: 'domains[1].p2m' });
    expect(e.message).toMatch(/domain 5: .*1099511627776 page-order entries/);
  });

  it('draws the limit at MAX_SPLIT_ENTRIES entries, and splits large aligned extents below it', () => {
    const fourK = (count: bigint) => [ext(1n, 0n, count)];
    expect(splitEntryCount(fourK(BigInt(MAX_SPLIT_ENTRIES)))).toBe(BigInt(MAX_SPLIT_ENTRIES));
    const over = stateV3();
    over.domains[1]!.p2m = fourK(BigInt(MAX_SPLIT_ENTRIES) + 1n);
    expect(refusal(() => downgrade(over, 3)).message).toContain(`${MAX_SPLIT_ENTRIES + 1} page-order entries`);
    const s3 = stateV3();
    // 2^18 1G pages = 2^36 frames: well within the limit.
    s3.domains[1]!.p2m = [{ gfn: 0n, mfn: 1n << 36n, count: 1n << 36n, type: 'ram_rw', access: 'rwx' }];
    const p2m = downgrade(s3, 3).state.domains[1]!.p2m;
    expect(p2m.length).toBe(1 << 18);
    expect(p2m.every((e) => e.order === 18)).toBe(true);
    expect(p2m[p2m.length - 1]).toEqual({ gfn: (1n << 36n) - (1n << 18n), mfn: (2n << 36n) - (1n << 18n), order: 18, type: 'ram_rw', access: 'rwx' });
  });
});

// ---------------------------------------------------------------------------------------------

/** The split rule applied one entry at a time: the largest order aligned in both and fitting. */
function greedySplit(x: P2mExtentValue): P2mEntryValue[] {
  const out: P2mEntryValue[] = [];
  for (let off = 0n; off < x.count;) {
    const gfn = x.gfn + off;
    const mfn = x.mfn + off;
    const order = [18, 9, 0].find((o) => gfn % (1n << BigInt(o)) === 0n && mfn % (1n << BigInt(o)) === 0n && (1n << BigInt(o)) <= x.count - off)!;
    out.push(ent(gfn, mfn, order, x.type, x.access));
    off += 1n << BigInt(order);
  }
  return out;
}

/** A small deterministic generator, so failures reproduce. */
function rng(seed: number): (n: number) => number {
  let s = seed >>> 0;
  return (n) => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s % n;
  };
}

describe('P2M entries <-> extents', () => {
  it('merges entries contiguous in GFN and MFN with the same type and access, across orders and 2M/1G boundaries', () => {
    const entries = [ent(0x3fffen, 0x13fffen, 0), ent(0x3ffffn, 0x13ffffn, 0), ent(0x40000n, 0x140000n, 18), ent(0x80000n, 0x180000n, 9)];
    expect(entriesToExtents(entries)).toEqual([ext(0x3fffen, 0x13fffen, 0x40202n)]);
  });

  it('does not merge what is contiguous in GFN only, or of another type or access', () => {
    const entries = [
      ent(0n, 0x100n, 0), ent(1n, 0x200n, 0), // MFN jumps
      ent(2n, 0x201n, 0, 'ram_ro'), // type differs
      ent(3n, 0x202n, 0, 'ram_ro', 'r'), // access differs
      ent(4n, 0x203n, 0, 'ram_ro', 'r'), // merges with the one before
      ent(6n, 0x205n, 0, 'ram_ro', 'r'), // GFN hole
    ];
    expect(entriesToExtents(entries)).toEqual([
      ext(0n, 0x100n, 1n), ext(1n, 0x200n, 1n), ext(2n, 0x201n, 1n, 'ram_ro'), ext(3n, 0x202n, 2n, 'ram_ro', 'r'), ext(6n, 0x205n, 1n, 'ram_ro', 'r'),
    ]);
  });

  it('splits into 4K up to 2M alignment, 2M up to 1G, 1G pages, then smaller ones', () => {
    // Crosses a 1G boundary; gfn and mfn agree modulo 1G.
    const x = ext(0x3fdffn, 0x13fdffn, 0x1n + 0x200n + 0x40000n + 0x200n + 0x3n);
    const out = extentsToEntries([x]);
    expect(out.map((e) => [e.gfn, e.order])).toEqual([
      [0x3fdffn, 0], [0x3fe00n, 9], [0x40000n, 18], [0x80000n, 9], [0x80200n, 0], [0x80201n, 0], [0x80202n, 0],
    ]);
    expect(out.map((e) => e.mfn - e.gfn)).toEqual(Array.from({ length: 7 }, () => 0x100000n));
    expect(out).toEqual(greedySplit(x));
  });

  it('uses no order that GFN and MFN cannot share', () => {
    // 2M-compatible but not 1G-compatible: 2M pages straight across the 1G boundary.
    const x = ext(0x3fe00n, 0x5fe00n, 0x40400n);
    const out = extentsToEntries([x]);
    expect(out.length).toBe(0x202);
    expect(out.every((e) => e.order === 9)).toBe(true);
    // Misaligned by one frame: 4K pages only.
    const y = ext(0x200n, 0x201n, 0x400n);
    const outY = extentsToEntries([y]);
    expect(outY.length).toBe(0x400);
    expect(outY.every((e) => e.order === 0)).toBe(true);
    expect(splitEntryCount([x, y])).toBe(0x602n);
  });

  it('stops climbing when the extent ends before the next alignment', () => {
    expect(extentsToEntries([ext(0x1f0n, 0x1f0n, 0x20n)]).map((e) => e.order)).toEqual(Array.from({ length: 0x20 }, () => 0));
    expect(extentsToEntries([ext(0x200n, 0x400200n, 0x3ffffn)])).toEqual(greedySplit(ext(0x200n, 0x400200n, 0x3ffffn)));
  });

  it('keeps the entry list sorted by GFN', () => {
    const out = extentsToEntries([ext(0x10n, 0x10n, 0x300n), ext(0x400n, 0x1000n, 0x201n, 'ram_ro'), ext(0x40000n, 0x0n, 0x40001n)]);
    for (let i = 1; i < out.length; i++) expect(out[i]!.gfn > out[i - 1]!.gfn).toBe(true);
  });

  it('matches the one-entry-at-a-time rule on random extents, and round-trips by equivalence', () => {
    const r = rng(42);
    const big = (n: number) => BigInt(r(n));
    for (let t = 0; t < 200; t++) {
      const mode = r(3);
      const mfn = big(1 << 24) << (mode === 0 ? 0n : mode === 1 ? 9n : 18n);
      const gfn = (mfn + (big(1 << 10) << (mode === 0 ? 0n : mode === 1 ? 9n : 18n))) & ((1n << 40n) - 1n);
      // Long extents only where large orders keep the entry count small.
      const count = 1n + big(mode === 2 && r(3) === 0 ? 0x90000 : mode === 0 ? 0x600 : 0x8000);
      const x = ext(gfn, mfn, count);
      const out = extentsToEntries([x]);
      expect(out).toEqual(greedySplit(x));
      expect(splitEntryCount([x])).toBe(BigInt(out.length));
      for (const e of out) {
        const size = 1n << BigInt(e.order);
        expect(e.gfn % size).toBe(0n);
        expect(e.mfn % size).toBe(0n);
      }
      expect(p2mEquivalent(out, [x])).toBe(true);
      expect(entriesToExtents(out)).toEqual([x]);
    }
  });

  it('counts huge extents without building them', () => {
    // 2^40 frames 1G-aligned in both: 2^22 1G entries.
    expect(splitEntryCount([ext(0n, 1n << 41n, 1n << 40n)])).toBe(1n << 22n);
    // The largest extent there is, aligned: 2^34 1G entries.
    expect(splitEntryCount([ext(0n, 0n, 1n << 52n)])).toBe(1n << 34n);
    // The same misaligned by a 2M page: 4K up to 1G, 1G pages, 2M pages for the tail.
    expect(splitEntryCount([ext(0x200n, 0x200n, 1n << 40n)])).toBe(511n + ((1n << 22n) - 1n) + 1n);
  });
});

describe('p2mEquivalent', () => {
  const entries = stateV1().domains[1]!.p2m;

  it('is true across representations and run splits', () => {
    expect(p2mEquivalent(entries, guestExtents)).toBe(true);
    expect(p2mEquivalent(guestExtents, entries)).toBe(true);
    expect(p2mEquivalent([...entries].reverse(), guestExtents)).toBe(true);
    expect(p2mEquivalent([], [])).toBe(true);
    const halves = [ext(0n, 0n, 1n << 51n), ext(1n << 51n, 1n << 51n, 1n << 51n)];
    expect(p2mEquivalent(halves, [ext(0n, 0n, 1n << 52n)])).toBe(true);
  });

  it('is false when one GFN maps differently', () => {
    const tweak = (i: number, e: Partial<P2mEntryValue>) => entries.map((x, j) => (j === i ? { ...x, ...e } : x));
    expect(p2mEquivalent(tweak(5, { mfn: 0x200600n }), guestExtents)).toBe(false);
    expect(p2mEquivalent(tweak(2, { type: 'ram_logdirty' }), guestExtents)).toBe(false);
    expect(p2mEquivalent(tweak(6, { access: 'r' }), guestExtents)).toBe(false);
  });

  it('is false when coverage differs', () => {
    expect(p2mEquivalent(entries.slice(1), guestExtents)).toBe(false);
    expect(p2mEquivalent(entries, guestExtents.slice(0, 1))).toBe(false);
    expect(p2mEquivalent(entries, [])).toBe(false);
    expect(p2mEquivalent([ext(0n, 0n, 1n << 52n)], [ext(0n, 0n, (1n << 52n) - 1n)])).toBe(false);
  });
});

// ---------------------------------------------------------------------------------------------

const mp = (...b: number[]) => Uint8Array.from(b);

describe('what a reader did not understand', () => {
  it('rides along every step on the root, domain states, domains and channels', () => {
    const s1 = stateV1();
    const rootRec = { type: 0x8000_0040, body: mp(0x91, 0x01), after: 1 };
    const domRec = { type: 0x8000_0041, body: mp(0x90), after: 3 };
    setUnknownRecords(s1, [rootRec]);
    setUnknownRecords(s1.domains[1]!, [domRec]);
    const domField = { no: 25, raw: mp(0x2a) };
    setUnknownFields(s1.domains[1]!.domain, [domField]);
    const chField = { no: 12, raw: mp(0xc3) };
    setUnknownFields(s1.domains[1]!.event_channels[0]!, [chField]);
    const chunk = { chunk: 0, fields: [{ no: 2, raw: mp(0x07) }] };
    setUnknownChunkFields(s1.domains[1]!.event_channels, [chunk]);
    setUnknownFields(s1.domains[1]!.vcpus[0]!, [{ no: 11, raw: mp(0x01) }]);
    deepFreeze(s1);

    const check = (s: StateV1 | StateV2 | StateV3) => {
      const d = s.domains[1]!;
      expect(unknownRecordsOf(s)).toEqual([rootRec]);
      expect(unknownRecordsOf(d)).toEqual([domRec]);
      expect(unknownFieldsOf(d.domain)).toEqual([domField]);
      expect(unknownFieldsOf(d.event_channels[0]!)).toEqual([chField]);
      expect(unknownChunkFieldsOf(d.event_channels)).toEqual([chunk]);
      expect(unknownFieldsOf(d.vcpus[0]!)).toEqual([{ no: 11, raw: mp(0x01) }]);
      // Still invisible to equality and JSON.
      expect(Object.getOwnPropertySymbols(d.domain)).toEqual([UNKNOWN_FIELDS]);
      expect(JSON.stringify(Object.keys(d))).not.toContain('unknown');
    };
    const s3 = convert(s1, 1, 3);
    check(s3.state);
    expect(s3.notes.filter((n) => n.kind === 'dropped')).toEqual([]);
    check(convert(s3.state, 3, 2).state);
    check(convert(s3.state, 3, 1).state);
  });

  it('reads back cpupool and priority a v1 reader kept as unknown fields 21 and 10', () => {
    const s1 = stateV1();
    setUnknownFields(s1.domains[1]!.domain, [{ no: 21, raw: mp(0x03) }, { no: 22, raw: mp(0xc2) }]);
    setUnknownFields(s1.domains[1]!.event_channels[1]!, [{ no: 10, raw: mp(0x02) }]);
    const { state, notes } = upgrade(deepFreeze(s1), 1);
    const d = state.domains[1]!;
    expect(d.domain.cpupool).toBe(3);
    expect(d.event_channels[1]!.priority).toBe(2);
    expect(unknownFieldsOf(d.domain)).toEqual([{ no: 22, raw: mp(0xc2) }]);
    expect(unknownFieldsOf(d.event_channels[1]!)).toBeUndefined();
    expect(notes).toEqual([
      { kind: 'translated', path: 'domains[*].domain.cpupool', message: expect.stringMatching(/1 domain\(s\) from field 21/) },
      { kind: 'defaulted', path: 'domains[*].domain.cpupool', message: expect.stringContaining('1 domain(s)') },
      { kind: 'translated', path: 'domains[*].event_channels[*].priority', message: expect.stringMatching(/1 event channel\(s\) from field 10/) },
      { kind: 'defaulted', path: 'domains[*].event_channels[*].priority', message: expect.stringContaining('4 event channel(s)') },
    ]);
  });

  it('drops an unknown field 21 that is not a cpupool id, and reads nil as the default', () => {
    const s1 = stateV1();
    setUnknownFields(s1.domains[1]!.domain, [{ no: 21, raw: mp(0xa1, 0x41) }]);
    setUnknownFields(s1.domains[1]!.event_channels[0]!, [{ no: 10, raw: mp(0x10) }]); // 16 > 15
    setUnknownFields(s1.domains[0]!.domain, [{ no: 21, raw: mp(0xc0) }]);
    const { state, notes } = upgrade(s1, 1);
    expect(state.domains[1]!.domain.cpupool).toBe(0);
    expect(state.domains[1]!.event_channels[0]!.priority).toBe(7);
    expect(state.domains[0]!.domain.cpupool).toBe(0);
    expect(unknownFieldsOf(state.domains[1]!.domain)).toBeUndefined();
    expect(unknownFieldsOf(state.domains[0]!.domain)).toBeUndefined();
    expect(notesOf(notes, 'dropped')).toEqual([
      { kind: 'dropped', domid: 5, path: 'domains[1].domain.cpupool', message: expect.stringContaining('expected an unsigned integer') },
      { kind: 'dropped', domid: 5, path: 'domains[1].event_channels[0].priority', message: expect.stringContaining('out of range') },
    ]);
    expect(notesOf(notes, 'translated')).toEqual([]);
  });

  it('reads back runstates a v1 reader kept as an unknown VCPU_RUNSTATE record', () => {
    const s1 = stateV1();
    // [entries: [[vcpu 0, blocked, 99, [1, 2, 3, 4]]], unknown field 2 = true]
    const body = mp(0x92, 0x91, 0x94, 0x00, 0x02, 0x63, 0x94, 0x01, 0x02, 0x03, 0x04, 0xc3);
    const other = { type: 0x8000_0077, body: mp(0x90), after: 2 };
    setUnknownRecords(s1.domains[1]!, [{ type: VCPU_RUNSTATE.type, body, after: 5 }, other]);
    const { state, notes } = upgrade(s1, 1);
    const d = state.domains[1]!;
    expect(d.vcpu_runstates).toEqual([{ vcpu: 0, state: 'blocked', state_entry_time: 99n, time: [1n, 2n, 3n, 4n] }]);
    expect(unknownChunkFieldsOf(d.vcpu_runstates)).toEqual([{ chunk: 0, fields: [{ no: 2, raw: mp(0xc3) }] }]);
    expect(unknownRecordsOf(d)).toEqual([other]);
    expect(notesOf(notes, 'translated')).toEqual([
      { kind: 'translated', domid: 5, path: 'domains[1].vcpu_runstates', message: expect.stringContaining('1 vCPU') },
    ]);
  });

  it('drops an unknown VCPU_RUNSTATE record it cannot read, saying so', () => {
    const s1 = stateV1();
    setUnknownRecords(s1.domains[1]!, [{ type: VCPU_RUNSTATE.type, body: mp(0x91, 0x91, 0x94, 0x00, 0x09, 0x00, 0x90), after: 5 }]);
    const { state, notes } = upgrade(s1, 1);
    expect(state.domains[1]!.vcpu_runstates).toEqual([]);
    expect(unknownRecordsOf(state.domains[1]!)).toBeUndefined();
    expect(notesOf(notes, 'dropped')).toEqual([
      { kind: 'dropped', domid: 5, path: 'domains[1]', message: expect.stringMatching(/VCPU_RUNSTATE .*dropped/) },
    ]);
  });

  it('drops unknown fields of P2M entries and P2M record bodies, whose structs do not cross 2 <-> 3', () => {
    const s2 = stateV2();
    const p2m = s2.domains[1]!.p2m.map((e) => ({ ...e }));
    setUnknownFields(p2m[0]!, [{ no: 6, raw: mp(0x01) }]);
    setUnknownChunkFields(p2m, [{ chunk: 0, fields: [{ no: 2, raw: mp(0x01) }] }]);
    s2.domains[1]!.p2m = p2m;
    const up = upgrade(s2, 2);
    expect(unknownChunkFieldsOf(up.state.domains[1]!.p2m)).toBeUndefined();
    expect(up.state.domains[1]!.p2m.some((x) => unknownFieldsOf(x) !== undefined)).toBe(false);
    expect(notesOf(up.notes, 'dropped')).toEqual([
      { kind: 'dropped', domid: 5, path: 'domains[1].p2m', message: expect.stringContaining('1 P2M entries') },
      { kind: 'dropped', domid: 5, path: 'domains[1].p2m', message: expect.stringContaining('1 P2M record body') },
    ]);
  });

  it('never leaves symbols on objects that had none', () => {
    const { state } = convert(stateV1(), 1, 3);
    for (const d of state.domains) {
      for (const o of [d, d.domain, ...d.event_channels, d.event_channels, d.p2m]) {
        expect(Object.getOwnPropertySymbols(o).filter((s) => s === UNKNOWN_RECORDS || s === UNKNOWN_FIELDS || s === UNKNOWN_CHUNK_FIELDS)).toEqual([]);
      }
    }
  });
});

describe('convert', () => {
  it('returns the same state and no notes when from === to', () => {
    const s2 = stateV2();
    const r = convert(s2, 2, 2);
    expect(r.state).toBe(s2);
    expect(r.notes).toEqual([]);
  });

  it('chains steps both ways, notes in step order', () => {
    const s1 = deepFreeze(stateV1());
    const up = convert(s1, 1, 3);
    expect(up.state).toStrictEqual(stateV3());
    const step1 = upgrade(s1, 1);
    const step2 = upgrade(step1.state, 2);
    expect(up.notes).toEqual([...step1.notes, ...step2.notes]);
    const down = convert(deepFreeze(up.state), 3, 1);
    expect(down.state).toStrictEqual(s1);
    expect(down.notes.map((n) => n.path)).toEqual(['domains[1].p2m', 'domains[*].domain.shr_pages']);
  });

  it('passes a refusal through from any step', () => {
    const s3 = stateV3();
    s3.domains[0]!.domain.evtchn_abi = 'fifo';
    expect(convert(s3, 3, 2).state.domains[0]!.domain.evtchn_abi).toBe('fifo');
    const e = refusal(() => convert(s3, 3, 1));
    expect(e.feature).toBe('event_fifo');
    expect(e.location.domid).toBe(0);
  });

  it('refuses versions it does not know with a FormatError', () => {
    const s = stateV3();
    for (const call of [() => convert(s, 3, (LATEST_VERSION + 1) as 3), () => convert(s, 0 as 3, 3), () => upgrade(s, LATEST_VERSION as 3), () => downgrade(stateV1(), 1)]) {
      expect(call).toThrow(FormatError);
      try {
        call();
      } catch (e) {
        expect((e as FormatError).code).toBe('bad-version');
      }
    }
  });
});

describe('with the codec', () => {
  it('a v1 reader of a v2 stream, upgraded, gives back the v2 state', async () => {
    const { encode } = await import('../src/encode.js');
    const { decode } = await import('../src/decode.js');
    const s2 = stateV2();
    const g = s2.domains[1]!;
    g.domain.cpupool = 3;
    g.event_channels[0] = { ...g.event_channels[0]!, priority: 1 };
    g.vcpu_runstates = [{ vcpu: 0, state: 'runnable', state_entry_time: 77n, time: [5n, 6n, 7n, 8n] }];
    const rolled = decode(encode(s2, 2), { readerVersion: 1 });
    expect(rolled.state).toStrictEqual(downgrade(s2, 2).state);
    const { state, notes } = upgrade(rolled.state, 1);
    expect(state).toStrictEqual(s2);
    // A rollback reader keeps cpupool on every domain and priority on every channel.
    expect(notes).toEqual([
      { kind: 'translated', domid: 5, path: 'domains[1].vcpu_runstates', message: expect.stringContaining('1 vCPU') },
      { kind: 'translated', path: 'domains[*].domain.cpupool', message: expect.stringContaining('2 domain(s)') },
      { kind: 'translated', path: 'domains[*].event_channels[*].priority', message: expect.stringContaining('5 event channel(s)') },
    ]);
    expect(encode(state, 2)).toEqual(encode(s2, 2));
  });
});

/** Findings on a migrated state: a migration must produce a state its target version accepts. */
function findings(state: StateV1 | StateV2 | StateV3, version: 1 | 2 | 3) {
  return validateSemantics(state, version);
}

describe('the example states', () => {
  it('v1 upgrades to valid v2 and v3 states, and comes back exactly', () => {
    const ex1 = deepFreeze(exampleState(1));
    const s2 = upgrade(ex1, 1).state;
    const s3 = upgrade(s2, 2).state;
    expect(v2.zod.safeParse(s2).success).toBe(true);
    expect(v3.zod.safeParse(s3).success).toBe(true);
    expectSchemaOrder(s2, 2);
    expectSchemaOrder(s3, 3);
    expect(findings(s2, 2)).toEqual([]);
    expect(findings(s3, 3)).toEqual([]);
    expect(downgrade(s2, 2).state).toStrictEqual(ex1);
    // Through v3, only the retired shr_pages is lost, and the upgrade said so.
    const sharing = ex1.domains.filter((d) => d.domain.shr_pages !== 0);
    expect(sharing.length).toBeGreaterThan(0);
    expect(notesOf(upgrade(s2, 2).notes, 'dropped').map((n) => n.domid)).toEqual(sharing.map((d) => d.domain.domid));
    expect(convert(s3, 3, 1).state).toStrictEqual({
      ...ex1, domains: ex1.domains.map((d) => ({ ...d, domain: { ...d.domain, shr_pages: 0 } })),
    });
  });

  it('v2 upgrades to a valid v3 state; downgrading that gives v2 back up to the P2M split', () => {
    const ex2 = deepFreeze(exampleState(2));
    const s3 = upgrade(ex2, 2).state;
    expect(findings(s3, 3)).toEqual([]);
    const back = downgrade(s3, 3).state;
    expect(findings(back, 2)).toEqual([]);
    back.domains.forEach((d, i) => {
      const orig = ex2.domains[i]!;
      expect(p2mEquivalent(d.p2m, orig.p2m)).toBe(true);
      expect({ ...d, p2m: [] }).toStrictEqual({ ...orig, domain: { ...orig.domain, shr_pages: 0 }, p2m: [] });
    });
  });

  it('v2 refuses to go down to v1, naming the domain and the feature', () => {
    const ex2 = exampleState(2);
    const e = refusal(() => downgrade(ex2, 2));
    expect(['event_fifo', 'grant_v2', 'max_pages_wide']).toContain(e.feature);
    expect(e.message).toContain(`domain ${e.location.domid}`);
  });

  it('v3 refuses to go down while a domain has passthrough; without it, it comes back exactly', () => {
    const ex3 = exampleState(3);
    const e = refusal(() => downgrade(ex3, 3));
    expect(e.feature).toBe('passthrough');
    const withPt = ex3.domains.filter((d) => d.passthrough !== null).map((d) => d.domain.domid);
    expect(withPt).toContain(e.location.domid);
    for (const d of ex3.domains) d.passthrough = null;
    deepFreeze(ex3);
    const down = downgrade(ex3, 3).state;
    expect(v2.zod.safeParse(down).success).toBe(true);
    expect(upgrade(down, 2).state).toStrictEqual(ex3);
  });
});

describe('unknown records of a domain whose records a migration drops', () => {
  it('move to after its last record, so the encoder (which refuses a place beyond it) writes them', () => {
    const s = convert(exampleState(1), 1, 2).state;
    const d = s.domains[1]!;
    d.vcpu_runstates = [{ vcpu: 0, state: 'running', state_entry_time: 0n, time: [0n, 0n, 0n, 0n] }];
    const records = decode(encode({ host: s.host, domains: [d] }, 2)).records.length - 2; // without HOST and END
    setUnknownRecords(d, [{ type: 0x8000_0100, after: records, body: Uint8Array.of(0x90) }]);
    const down = convert(s, 2, 1).state; // VCPU_RUNSTATE has no place in v1: one record fewer
    expect(unknownRecordsOf(down.domains[1]!)).toEqual([{ type: 0x8000_0100, after: records - 1, body: Uint8Array.of(0x90) }]);
    expect(unknownRecordsOf(d)).toEqual([{ type: 0x8000_0100, after: records, body: Uint8Array.of(0x90) }]); // input untouched
    expect(unknownRecordsOf(decode(encode(down, 1), { readerVersion: 1 }).state.domains[1]!)).toEqual(unknownRecordsOf(down.domains[1]!));
  });
});

describe('every blocker at once, and --drop', () => {
  /** A v3 state with 3 different blockers in 2 domains: passthrough (5), FIFO ABI (0), grant v2 (5). */
  function blocked(): StateV3 {
    const s3 = stateV3();
    s3.domains[1]!.passthrough = { iommu_root_mfn: 0x500000n, iommu_levels: 4, devices: [{ segment: 0, bus: 3, devfn: 0 }], pirqs: [] };
    s3.domains[0]!.domain.evtchn_abi = 'fifo';
    const gt = s3.domains[1]!.grant_table!;
    s3.domains[1]!.grant_table = { ...gt, version: 2, status_gfns: [0xf1000n] };
    return deepFreeze(s3);
  }

  it('names all three, across both steps of 3 -> 1, with domain and path', () => {
    const e = refusal(() => convert(blocked(), 3, 1));
    expect(e.blockers.map((b) => [b.feature, b.domid, b.path])).toEqual([
      ['passthrough', 5, 'domains[1].passthrough'],
      ['event_fifo', 0, 'domains[0].domain.evtchn_abi'],
      ['grant_v2', 5, 'domains[1].grant_table.version'],
    ]);
    expect(e.feature).toBe('passthrough');
    expect(e.message).toMatch(/^3 blockers: .*\[passthrough\].*\[event_fifo\].*\[grant_v2\]$/);
  });

  it('a single step names all of its own blockers too', () => {
    const s2 = stateV2();
    s2.domains[0]!.domain.evtchn_abi = 'fifo';
    s2.domains[1]!.domain.evtchn_abi = 'fifo';
    s2.domains[1]!.domain.max_pages = 0x1_0000_0000n;
    expect(refusal(() => downgrade(s2, 2)).blockers.map((b) => `${b.feature}@${b.domid}`)).toEqual(['event_fifo@0', 'event_fifo@5', 'max_pages_wide@5']);
  });

  it('dropping some still names the others', () => {
    const e = refusal(() => convert(blocked(), 3, 1, { drop: ['passthrough', 'grant_v2'] }));
    expect(e.blockers.map((b) => b.feature)).toEqual(['event_fifo']);
  });

  it('dropping all three converts, noting each drop with its feature and domain', () => {
    const { state, notes } = convert(blocked(), 3, 1, { drop: ['passthrough', 'event_fifo', 'grant_v2'] });
    expect(v1.zod.safeParse(state).success).toBe(true);
    expect(state.domains[0]!.domain.evtchn_abi).toBe('two_level');
    expect(state.domains[1]!.grant_table).toMatchObject({ version: 1, status_gfns: [] });
    expect(notes.filter((n) => n.feature !== undefined).map((n) => [n.feature, n.domid, n.path])).toEqual([
      ['passthrough', 5, 'domains[1].passthrough'],
      ['event_fifo', 0, 'domains[0].domain.evtchn_abi'],
      ['grant_v2', 5, 'domains[1].grant_table.version'],
    ]);
    for (const n of notes.filter((x) => x.feature !== undefined)) {
      expect(n.kind).toBe('dropped');
      expect(n.message).toContain(`(--drop ${n.feature})`);
    }
  });

  it('drops FIFO state and clamps max_pages', () => {
    const s2 = stateV2();
    s2.domains[0]!.event_fifo = { event_array_gfns: [0x10n], vcpus: [] };
    s2.domains[1]!.domain.max_pages = 0x1_0000_0000n;
    const { state, notes } = downgrade(deepFreeze(s2), 2, { drop: ['event_fifo', 'max_pages_wide'] });
    expect(state.domains[1]!.domain.max_pages).toBe(0xffffffff);
    expect(v1.zod.safeParse(state).success).toBe(true);
    expect(notes.filter((n) => n.feature).map((n) => n.message)).toEqual([
      expect.stringMatching(/domain 0: FIFO event-channel state \(1 event-array page\(s\)\) dropped/),
      expect.stringMatching(/domain 5: max_pages 4294967296 clamped to 4294967295/),
    ]);
  });

  it('what a reader kept as not understood survives a drop that rewrites the object carrying it', () => {
    const s2 = stateV2();
    const g = s2.domains[1]!;
    g.domain.max_pages = 0x1_0000_0000n;
    g.grant_table = { ...g.grant_table!, version: 2, status_gfns: [0xf1000n] };
    setUnknownFields(g.domain, [{ no: 40, raw: Uint8Array.of(0x07) }]);
    setUnknownFields(g.grant_table, [{ no: 30, raw: Uint8Array.of(0x08) }]);
    setUnknownRecords(g, [{ type: 0x8000_0077, body: Uint8Array.of(0x90), after: 1 }]);
    const { state } = downgrade(deepFreeze(s2), 2, { drop: ['max_pages_wide', 'grant_v2'] });
    const d = state.domains[1]!;
    expect(unknownFieldsOf(d.domain)?.map((f) => f.no)).toEqual([40]);
    expect(unknownFieldsOf(d.grant_table!)?.map((f) => f.no)).toEqual([30]);
    expect(unknownRecordsOf(d)?.map((r) => r.type)).toEqual([0x8000_0077]);
  });

  it('dropping a feature the state does not use changes nothing', () => {
    const s3 = deepFreeze(stateV3());
    expect(convert(s3, 3, 1, { drop: [...DROPPABLE_FEATURES] })).toStrictEqual(convert(s3, 3, 1));
  });

  it('cannot drop a P2M too large to split, nor an unknown feature', () => {
    const s3 = stateV3();
    s3.domains[1]!.p2m = [{ gfn: 1n, mfn: 0n, count: 1n << 40n, type: 'ram_rw', access: 'rwx' }];
    expect(refusal(() => downgrade(s3, 3, { drop: [...DROPPABLE_FEATURES] })).feature).toBe('p2m_too_large');
    expect(() => convert(s3, 3, 1, { drop: ['p2m_too_large' as never] })).toThrow(/cannot drop "p2m_too_large": .*event_fifo, grant_v2, max_pages_wide, passthrough/);
  });
});
