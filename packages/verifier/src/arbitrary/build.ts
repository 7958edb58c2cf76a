/**
 * Plan -> state, valid by construction. Each step keeps one family of invariants (state-model.md
 * section 4) true by how it allocates: frames from one bump allocator (disjoint ownership, nothing
 * in bootmem, all below total_pages), ports from one counter per domain (unique, below the ABI
 * limit), interdomain channels and grant mappings created in pairs (symmetric, pins = mappings).
 * Values no invariant touches come from the plan's schema-derived filler.
 */
import { xen, type State } from '@xenlu/format';
import { type Caps, sectionStruct, structOf } from './caps.js';
import { FrameSpace, type FrameRange } from './frame-space.js';
import { seededBytes } from './from-schema.js';
import {
  FOREIGN_TYPES, PARAM_RAM_TYPES, PV_PAGE_TYPES, RAM_TYPES, UNBACKED_TYPES, type DomainPlan, type Filler, type StatePlan,
} from './plan.js';
import { shapeStruct } from './shape.js';

const P2M_ACCESS = ['n', 'r', 'w', 'rw', 'x', 'rx', 'wx', 'rwx', 'rx2rw', 'n2rwx', 'r_pw'] as const;
const PER_VCPU_DEVICES = new Set(['viridian_vcpu', 'vmce_vcpu', 'tsc_adjust']);
/** HVM params the builder sets itself (they must name bound ports or RAM) or leaves out. */
const RESERVED_PARAMS = new Set<number>([1, 2, 5, 6, 12, 17, 18, 19, 26, 27, 28, 29, 32, 33, 34]);
const FIFO_WORDS_PER_PAGE = 1024;
/** Xen-heap frames per domain (v4): shared info, up to 31 grant frames, two per IOREQ server. */
const GRANT_HEAP_FRAMES = 32;
const HEAP_FRAMES = 64n;

interface Run {
  gfn: bigint;
  mfn: bigint;
  /** Frames, a power of two for page-order entries. */
  count: bigint;
  order: number;
  type: string;
  access: string;
}

interface Owned {
  first_mfn: bigint;
  count: bigint;
  type: string;
  pinned: boolean;
}

interface Channel {
  port: number;
  state: 'unbound' | 'interdomain' | 'pirq' | 'virq' | 'ipi';
  notify_vcpu: number;
  remote_domid: number;
  remote_port: number;
  pirq: number;
  virq: number;
  fill: Filler;
}

interface Grants {
  version: number;
  nextRef: number;
  nextHandle: number;
  active: Filler[];
  maptrack: Filler[];
}

interface Dom {
  readonly idx: number;
  readonly domid: number;
  readonly plan: DomainPlan;
  readonly hvmLike: boolean;
  readonly fifo: boolean;
  /** vCPU ids, ascending, with the filler of each (by position). */
  readonly vcpuIds: number[];
  readonly vcpuFill: ReadonlyMap<number, Filler>;
  readonly runs: Run[];
  /** Foreign and MMIO runs wait for every domain's memory before they get their targets. */
  readonly pending: { run: Run; peer: number; pick: number; kind: 'foreign' | 'mmio' }[];
  readonly owned: Owned[];
  readonly channels: Channel[];
  nextPort: number;
  readonly portLimit: number;
  grants: Grants | null;
  readonly ioreq: Filler[];
  passthrough: Filler | null;
  /** First of the domain's Xen-heap frames (v4: shared info, grant frames, IOREQ pages), owned by no domain. */
  heap: bigint | null;
  readonly params: Map<number, bigint>;
}

function pick<T>(list: readonly T[], n: number): T {
  const v = list[n % list.length];
  if (v === undefined) throw new Error('pick from an empty list');
  return v;
}

function asNumber(v: unknown, fallback = 0): number {
  return typeof v === 'number' ? v : typeof v === 'bigint' ? Number(v) : fallback;
}

function asBigint(v: unknown, fallback = 0n): bigint {
  return typeof v === 'bigint' ? v : typeof v === 'number' ? BigInt(v) : fallback;
}

function record(v: unknown): Filler {
  return typeof v === 'object' && v !== null ? (v as Filler) : {};
}

function list(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [];
}

/** The filler's MSR list without repeated indexes (vcpu.msr-unique): the first of each is kept. */
function uniqueMsrs(v: unknown): unknown[] {
  const seen = new Set<unknown>();
  return list(v).filter((m) => {
    const index = (m as Record<string, unknown>)['index'];
    if (seen.has(index)) return false;
    seen.add(index);
    return true;
  });
}

class Builder {
  readonly frames = new FrameSpace(0x100n);
  readonly doms: Dom[] = [];
  private nextDevice = 0;

  constructor(
    readonly caps: Caps,
    readonly plan: StatePlan,
  ) {}

  build(): State {
    const hostPlan = this.plan.host;
    const bootmem: FrameRange[] = [];
    const bootRegion = (r: { gap: number; count: number }) => {
      this.frames.skip(BigInt(r.gap));
      bootmem.push({ start: this.frames.alloc(BigInt(r.count)), count: BigInt(r.count) });
    };
    hostPlan.bootmemBefore.forEach(bootRegion);
    this.frames.skip(1n);
    const m2p = { start: this.frames.alloc(BigInt(hostPlan.m2pPages)), count: BigInt(hostPlan.m2pPages) };
    const mfnArray = this.frames.alloc(1n);
    const streamMfns = Array.from({ length: hostPlan.streamPages }, () => this.frames.alloc(1n));

    this.makeDomains();
    for (const d of this.doms) this.layOutMemory(d);
    for (const d of this.doms) this.resolveTargets(d);
    this.wire();
    for (const d of this.doms) this.ownPorts(d);
    this.grantLinks();
    // Xen-heap frames and pseudo-domain pages, where the version names them: outside every PAGES.
    const domainFields = sectionStruct(this.caps.schema, 'domain').fields;
    if ('shared_info_mfn' in domainFields) for (const d of this.doms) d.heap = this.frames.alloc(HEAP_FRAMES);
    const xenPages = 'xen_pages' in this.caps.schema.host.body.desc.fields ? [{ first_mfn: this.frames.alloc(2n), count: 2n, owner: 'dom_xen' }] : [];

    this.frames.skip(1n);
    hostPlan.bootmemAfter.forEach(bootRegion);
    const totalPages = this.frames.end + BigInt(hostPlan.slack) + 1n;

    const hostFill = hostPlan.fill;
    const nrPcpus = hostPlan.nrPcpus;
    const pools = this.pools();
    const host = shapeStruct(this.caps.schema.host.body.desc, {
      page_shift: xen.PAGE_SHIFT,
      nr_pcpus: nrPcpus,
      total_pages: totalPages,
      bootmem: bootmem.map((r) => ({ start: r.start, count: r.count })),
      handover: {
        nr_stream_pages: BigInt(streamMfns.length),
        mfn_array_maddr: mfnArray << BigInt(xen.PAGE_SHIFT),
        stream_mfns: hostPlan.recordStreamMfns ? streamMfns : [],
      },
      m2p,
      cpupools: pools,
      xen_pages: xenPages,
    }, hostFill);
    return { host, domains: this.doms.map((d) => this.domainState(d, pools)) } as unknown as State;
  }

  private pools(): Filler[] {
    const hostPlan = this.plan.host;
    const n = Math.min(hostPlan.pools.length, hostPlan.nrPcpus);
    const poolDesc = this.caps.schema.host.body.desc.fields['cpupools']?.node.desc;
    const poolStruct = poolDesc?.kind === 'list' ? structOf(poolDesc.item) : undefined;
    let id = -1;
    return hostPlan.pools.slice(0, n).map((p, i) => {
      id = i === 0 ? 0 : id + 1 + p.gap;
      const pcpus = Array.from({ length: hostPlan.nrPcpus }, (_, j) => j).filter((j) => j % n === i);
      const values = { id, pcpus };
      return poolStruct ? shapeStruct(poolStruct, values, p.fill) : values;
    });
  }

  private makeDomains(): void {
    let domid = -1;
    this.plan.domains.forEach((plan, idx) => {
      domid = idx === 0 ? 0 : domid + 1 + plan.domidGap;
      if (domid >= xen.DOMID_FIRST_RESERVED) return;
      const hvmLike = plan.type === 'hvm' || plan.type === 'pvh';
      const fifo = this.caps.fifo && plan.fifo;
      const limit = fifo ? xen.EVTCHN_FIFO_NR_CHANNELS : plan.type === 'pv32' ? xen.EVTCHN_2L_NR_CHANNELS_32 : xen.EVTCHN_2L_NR_CHANNELS_64;
      // A dying domain may have lost vCPU 0 already; ids may have gaps.
      const drop0 = plan.runState === 'dying' && plan.dropVcpu0;
      let id = -1;
      const vcpuIds = plan.vcpuFills.map((_, i) => (id = i === 0 && !drop0 ? 0 : id + 1 + (plan.vcpuGaps[i] ?? 0)));
      this.doms.push({
        idx, domid, plan, hvmLike, fifo,
        vcpuIds,
        vcpuFill: new Map(vcpuIds.map((v, i) => [v, plan.vcpuFills[i]!])),
        runs: [], pending: [], owned: [], channels: [],
        nextPort: 1, portLimit: limit,
        grants: null, ioreq: [], passthrough: null, heap: null, params: new Map(),
      });
    });
  }

  /** P2M runs (hvm, pvh) and owned ranges, in ascending GFN and MFN. */
  private layOutMemory(d: Dom): void {
    const extents = this.caps.p2mExtents;
    let gfn = BigInt(d.plan.gfnBase);
    if (d.hvmLike && this.caps.p2m) {
      for (const c of d.plan.chunks) {
        gfn += BigInt(c.gfnGap);
        // Targets of foreign and MMIO runs are single frames per entry: small, any alignment.
        const own = c.kind === 'ram' || c.kind === 'shared';
        const order = own || c.kind === 'unbacked' ? c.order : 0;
        const size = 1n << BigInt(order);
        const align = extents && order === 0 ? 1n : size;
        gfn = ((gfn + align - 1n) / align) * align;
        const type = {
          ram: () => pick(RAM_TYPES, c.ramType),
          shared: () => 'ram_shared',
          mmio: () => 'mmio_direct',
          foreign: () => pick(FOREIGN_TYPES, c.ramType),
          unbacked: () => pick(UNBACKED_TYPES, c.ramType),
        }[c.kind]();
        const access = pick(P2M_ACCESS, c.access);
        const total = size * BigInt(c.repeat);
        const misalign = extents && c.misalign && order === 9;
        const pieces = extents ? [{ gfn, count: total }] : Array.from({ length: c.repeat }, (_, i) => ({ gfn: gfn + BigInt(i) * size, count: size }));
        if (own) {
          const base = this.frames.alloc(total + (misalign ? 1n : 0n), size) + (misalign ? 1n : 0n);
          const pageType = c.kind === 'shared' ? 'shared' : type === 'ram_rw' ? 'writable' : 'none';
          d.owned.push({ first_mfn: base, count: total, type: pageType, pinned: false });
          for (const p of pieces) d.runs.push({ gfn: p.gfn, mfn: base + (p.gfn - gfn), count: p.count, order, type, access });
        } else if (c.kind === 'unbacked') {
          // No backing frame: any MFN (Xen leaves what was there), order-aligned for tidiness.
          const mfn = (BigInt(c.pick) % (1n << 30n)) * size;
          for (const p of pieces) d.runs.push({ gfn: p.gfn, mfn: mfn + (p.gfn - gfn), count: p.count, order, type, access });
        } else {
          for (const p of pieces) {
            const run = { gfn: p.gfn, mfn: 0n, count: p.count, order, type, access };
            d.runs.push(run);
            d.pending.push({ run, peer: c.peer, pick: c.pick, kind: c.kind });
          }
        }
        gfn += total;
      }
    }
    for (const r of d.plan.pageRuns) {
      this.frames.skip(BigInt(r.gap));
      const type = d.hvmLike ? (r.pinned ? 'writable' : 'none') : pick(PV_PAGE_TYPES, r.type);
      const pinned = !d.hvmLike && r.pinned && ['l1', 'l2', 'l3', 'l4'].includes(type);
      d.owned.push({ first_mfn: this.frames.alloc(BigInt(r.count)), count: BigInt(r.count), type, pinned });
    }
  }

  /** Foreign runs map frames another domain owns; MMIO runs map frames nobody owns. */
  private resolveTargets(d: Dom): void {
    for (const p of d.pending) {
      if (p.kind === 'mmio') {
        p.run.mfn = this.frames.alloc(p.run.count);
        continue;
      }
      const others = this.doms.filter((o) => o !== d && o.owned.some((r) => r.count >= p.run.count));
      if (others.length === 0) {
        p.run.count = 0n; // dropped below
        continue;
      }
      const peer = pick(others, p.peer);
      const ranges = peer.owned.filter((r) => r.count >= p.run.count);
      const range = pick(ranges, p.pick);
      p.run.mfn = range.first_mfn + (BigInt(p.pick) % (range.count - p.run.count + 1n));
    }
    const kept = d.runs.filter((r) => r.count > 0n);
    d.runs.splice(0, d.runs.length, ...kept);
  }

  private takePort(d: Dom): number | null {
    if (d.nextPort >= d.portLimit) return null;
    return d.nextPort++;
  }

  private vcpu(d: Dom, n: number): number {
    return pick(d.vcpuIds, n);
  }

  private addChannel(d: Dom, c: Omit<Channel, 'port'>): number | null {
    const port = this.takePort(d);
    if (port === null) return null;
    d.channels.push({ port, ...c });
    return port;
  }

  /** A symmetric interdomain pair; nothing when either side is out of ports. */
  private link(a: Dom, b: Dom, vcpuA: number, vcpuB: number, fillA: Filler, fillB: Filler): [number, number] | null {
    if (a === b || a.nextPort >= a.portLimit || b.nextPort >= b.portLimit) return null;
    const pa = this.takePort(a)!;
    const pb = this.takePort(b)!;
    a.channels.push({ port: pa, state: 'interdomain', notify_vcpu: this.vcpu(a, vcpuA), remote_domid: b.domid, remote_port: pb, pirq: 0, virq: 0, fill: fillA });
    b.channels.push({ port: pb, state: 'interdomain', notify_vcpu: this.vcpu(b, vcpuB), remote_domid: a.domid, remote_port: pa, pirq: 0, virq: 0, fill: fillB });
    return [pa, pb];
  }

  /** Cross-domain structure: xenstore/console wiring, free links, IOREQ servers. */
  private wire(): void {
    const n = this.doms.length;
    const dom0 = this.doms[0]!;
    const storePorts = new Map<Dom, number>();
    const consolePorts = new Map<Dom, number>();
    if (this.plan.wiring) {
      for (const d of this.doms.slice(1)) {
        const s = this.link(d, dom0, 0, 0, d.plan.chanFill, dom0.plan.chanFill);
        const c = this.link(d, dom0, 0, 0, d.plan.chanFill, dom0.plan.chanFill);
        if (s) storePorts.set(d, s[0]);
        if (c) consolePorts.set(d, c[0]);
      }
    }
    for (const l of this.plan.links) {
      const a = this.doms[l.a % n]!;
      const b = this.doms[l.b % n]!;
      const ports = this.link(a, b, l.vcpuA, l.vcpuB, l.fillA, l.fillB);
      if (ports && !storePorts.has(a)) storePorts.set(a, ports[0]);
      else if (ports && !consolePorts.has(a)) consolePorts.set(a, ports[0]);
    }
    for (const d of this.doms) {
      if (d.plan.type !== 'hvm') continue;
      let id = 0;
      for (const s of d.plan.ioreq) {
        const dm = this.doms[s.dm % n]!;
        if (dm === d) continue;
        const ports: number[] = [];
        for (const v of d.vcpuIds) {
          // Connected to the device model, or bound for it to connect (unbound to its domid).
          const port = s.unbound
            ? this.addChannel(d, { state: 'unbound', notify_vcpu: v, remote_domid: dm.domid, remote_port: 0, pirq: 0, virq: 0, fill: s.chan })
            : (this.link(d, dm, v, 0, s.chan, s.chan)?.[0] ?? null);
          if (port === null) break;
          ports.push(port);
        }
        if (ports.length !== d.vcpuIds.length) continue;
        d.ioreq.push({ ...s.fill, id: id++, dm_domid: dm.domid, vcpu_ports: ports });
      }
    }
    for (const d of this.doms) this.params(d, storePorts.get(d), consolePorts.get(d));
  }

  private params(d: Dom, store: number | undefined, console: number | undefined): void {
    if (!d.hvmLike) return;
    const p = d.plan.params;
    const ram = d.runs.filter((r) => PARAM_RAM_TYPES.includes(r.type));
    const ramGfn = (k: number) => {
      const r = pick(ram, p.pick + k);
      return r.gfn + (BigInt(p.pick) % r.count);
    };
    if (p.store && ram.length > 0) d.params.set(xen.HVM_PARAM.STORE_PFN, ramGfn(0));
    if (p.console && ram.length > 0) d.params.set(xen.HVM_PARAM.CONSOLE_PFN, ramGfn(1));
    if (store !== undefined) d.params.set(xen.HVM_PARAM.STORE_EVTCHN, BigInt(store));
    if (console !== undefined) d.params.set(xen.HVM_PARAM.CONSOLE_EVTCHN, BigInt(console));
    const buf = d.ioreq[0]?.['vcpu_ports'];
    if (p.bufioreq && Array.isArray(buf) && typeof buf[0] === 'number') d.params.set(xen.HVM_PARAM.BUFIOREQ_EVTCHN, BigInt(buf[0]));
    for (const o of p.others) {
      const index = asNumber(o['index']);
      if (!RESERVED_PARAMS.has(index) && !d.params.has(index)) d.params.set(index, asBigint(o['value']));
    }
  }

  /** IPIs, VIRQs, unbound ports and (v3) PIRQs of one domain. */
  private ownPorts(d: Dom): void {
    const n = this.doms.length;
    for (const c of d.plan.ipis) this.addChannel(d, { state: 'ipi', notify_vcpu: this.vcpu(d, c.vcpu), remote_domid: 0, remote_port: 0, pirq: 0, virq: 0, fill: c.fill });
    const bound = new Set<string>();
    for (const c of d.plan.virqs) {
      const vcpu = this.vcpu(d, c.vcpu);
      const key = `${vcpu}:${c.virq}`;
      if (bound.has(key)) continue;
      bound.add(key);
      this.addChannel(d, { state: 'virq', notify_vcpu: vcpu, remote_domid: 0, remote_port: 0, pirq: 0, virq: c.virq, fill: c.fill });
    }
    for (const c of d.plan.unbound) {
      const remote = this.doms[c.remote % n]!.domid;
      this.addChannel(d, { state: 'unbound', notify_vcpu: this.vcpu(d, c.vcpu), remote_domid: remote, remote_port: 0, pirq: 0, virq: 0, fill: c.fill });
    }
    let free = 15;
    for (const c of d.plan.pirqChannels) {
      free += 1 + c.gap;
      this.addChannel(d, { state: 'pirq', notify_vcpu: this.vcpu(d, c.vcpu), remote_domid: 0, remote_port: 0, pirq: free, virq: 0, fill: c.fill });
    }
    const pt = d.plan.passthrough;
    if (!this.caps.passthrough || !pt) return;
    const devices = Array.from({ length: pt.devices }, () => {
      const k = this.nextDevice++;
      return { segment: 0, bus: 1 + (k >> 8), devfn: k & 0xff };
    });
    let pirq = 15;
    const pirqs = pt.pirqs.map((p) => {
      pirq += 1 + p.gap;
      const port = p.bound
        ? this.addChannel(d, { state: 'pirq', notify_vcpu: this.vcpu(d, p.vcpu), remote_domid: 0, remote_port: 0, pirq, virq: 0, fill: p.chan })
        : null;
      return { ...p.fill, pirq, port: port ?? 0 };
    });
    d.passthrough = { ...pt.fill, iommu_root_mfn: this.frames.alloc(1n), devices, pirqs };
  }

  private grantsOf(d: Dom): Grants {
    if (!d.grants) {
      const g = d.plan.grantTable;
      const version = Math.min(g?.version ?? 1, Math.max(1, this.caps.maxGrantVersion));
      d.grants = { version, nextRef: xen.GNTTAB_NR_RESERVED_ENTRIES + (g?.refGap ?? 0), nextHandle: 0, active: [], maptrack: [] };
    }
    return d.grants;
  }

  /** Active grants, each mapped by its grantee exactly as many times as its host pins say. */
  private grantLinks(): void {
    for (const d of this.doms) if (d.plan.grantTable) this.grantsOf(d);
    const n = this.doms.length;
    const dom0 = this.doms[0]!;
    const links = [...this.plan.grants];
    if (this.plan.wiring) {
      // Each guest shares a ring page with dom0, its backend, mapped read-write once.
      this.doms.slice(1).forEach((d, i) => links.push({
        granter: d.idx, grantee: 0, maps: [false], deviceRw: 0, deviceRo: 0, deviceMaps: 0, transitive: false, subPage: false, pick: i, vcpu: 0, mapFill: dom0.plan.mapFill,
      }));
    }
    for (const l of links) {
      const granter = this.doms[l.granter % n]!;
      const grantee = this.doms[l.grantee % n]!;
      if (granter === grantee || granter.owned.length === 0) continue;
      const g = this.grantsOf(granter);
      const e = this.grantsOf(grantee);
      // Version 2 only: a transitive grant passes on a third domain's frame.
      const sources = g.version === 2 && l.transitive ? this.doms.filter((x) => x !== granter && x !== grantee && x.owned.length > 0) : [];
      const source = sources.length > 0 ? pick(sources, l.pick) : granter;
      const range = pick(source.owned, l.pick);
      const mfn = range.first_mfn + (BigInt(l.pick) % range.count);
      const ref = g.nextRef++;
      const host = l.maps.length;
      const rw = l.maps.filter((ro) => !ro).length;
      const device = host === 0 && l.deviceMaps === 0 ? Math.max(1, l.deviceRw + l.deviceRo) : l.deviceMaps;
      const offset = l.pick % 2048;
      g.active.push({
        ref,
        grantee: grantee.domid,
        pin: { host_rw: rw, host_ro: host - rw, device_rw: Math.min(device, l.deviceRw), device_ro: device - Math.min(device, l.deviceRw) },
        mfn,
        transitive: source === granter ? null : { domid: source.domid, ref: l.pick % 4096 },
        sub_page: g.version === 2 && l.subPage ? { offset, length: 1 + ((l.pick >> 11) % (4096 - offset)) } : null,
      });
      const map = (flags: Record<string, boolean>) =>
        e.maptrack.push({ ...l.mapFill, handle: e.nextHandle++, granter: granter.domid, ref, flags: { ...record(l.mapFill['flags']), contains_pte: false, ...flags }, vcpu: this.vcpu(grantee, l.vcpu) });
      for (const ro of l.maps) map({ device_map: false, host_map: true, readonly: ro });
      for (let k = 0; k < l.deviceMaps; k++) map({ device_map: true, host_map: false, readonly: k >= l.deviceRw });
    }
  }

  private grantTable(d: Dom): Filler | null {
    const g = d.grants;
    if (!g) return null;
    const perFrame = g.version === 2 ? xen.GRANT_ENTRIES_PER_FRAME[2] : xen.GRANT_ENTRIES_PER_FRAME[1];
    const plan = d.plan.grantTable;
    const nrFrames = Math.max(1, Math.ceil(g.nextRef / perFrame)) + (plan?.extraFrames ?? 0);
    const statusFrames = g.version === 2 ? Math.ceil(nrFrames / xen.GRANT_FRAMES_PER_STATUS_FRAME) : 0;
    const gfnBase = 0xf_0000n + BigInt(d.idx) * 0x100n;
    return {
      version: g.version,
      nr_frames: nrFrames,
      max_frames: nrFrames + (plan?.extraMax ?? 0),
      shared_gfns: Array.from({ length: nrFrames }, (_, i) => gfnBase + BigInt(i)),
      status_gfns: Array.from({ length: statusFrames }, (_, i) => gfnBase + 0x80n + BigInt(i)),
      active: g.active,
      maptrack: g.maptrack,
    };
  }

  private domainState(d: Dom, pools: readonly Filler[]): Record<string, unknown> {
    const schema = this.caps.schema;
    const plan = d.plan;
    const fill = plan.domainFill;
    const isHvm = plan.type === 'hvm';
    const owned = d.owned.reduce((s, r) => s + r.count, 0n);
    const maxPages = owned + plan.maxPagesSlack > this.caps.maxPagesMax ? owned : owned + plan.maxPagesSlack;
    const maxPort = d.channels.reduce((m, c) => Math.max(m, c.port), 0);
    const grant = this.grantTable(d);
    const maptrackFrames = Math.ceil((d.grants?.nextHandle ?? 0) / xen.MAPTRACK_PER_FRAME);
    const createFill = record(fill['create_flags']);
    const emuFill = record(fill['emulation_flags']);
    const hasDevices = list(d.passthrough?.['devices']).length > 0;
    const pool = pools.length > 0 ? pick(pools, plan.pool) : { id: 0 };
    const domain = shapeStruct(sectionStruct(schema, 'domain'), {
      domid: d.domid,
      type: plan.type,
      state: plan.runState,
      roles: { hardware: d.idx === 0, xenstore: d.idx === 0, privileged: d.idx === 0 },
      create_flags: {
        ...createFill,
        hap: d.hvmLike && createFill['hap'] === true,
        nested_virt: isHvm && createFill['nested_virt'] === true,
        iommu: hasDevices || createFill['iommu'] === true,
      },
      max_vcpus: Math.max(...d.vcpuIds) + 1 + plan.extraVcpuSlots,
      max_pages: maxPages,
      tot_pages: owned,
      max_evtchn_port: Math.min(0x7fff_ffff, maxPort + plan.portSlack),
      max_grant_frames: grant ? Math.max(asNumber(grant['max_frames']), 1) : Math.max(1, asNumber(fill['max_grant_frames'], 1) % 256),
      max_maptrack_frames: Math.max(maptrackFrames, asNumber(fill['max_maptrack_frames']) % 2048),
      max_grant_version: Math.max(asNumber(grant?.['version'], 1), Math.min(asNumber(fill['max_grant_version'], 1), Math.max(1, this.caps.maxGrantVersion))),
      emulation_flags: isHvm ? emuFill : Object.fromEntries(Object.keys(emuFill).map((k) => [k, plan.type === 'pvh' && k === 'lapic' && emuFill[k] === true])),
      altp2m: isHvm ? fill['altp2m'] : 'disabled',
      evtchn_abi: d.fifo ? 'fifo' : 'two_level',
      cpupool: pool['id'],
      shared_info_mfn: d.heap,
    }, fill);

    const values: Record<string, unknown> = {
      domain,
      cpu_policy: this.cpuPolicy(d),
      tsc_info: this.tsc(d),
      p2m: d.runs.map((r) => this.p2mEntry(r)),
      vcpus: d.vcpuIds.map((id) => this.vcpuRecord(d, id)),
      pages: d.owned.map((r) => shapeStruct(sectionStruct(schema, 'pages'), { ...r })),
      grant_table: grant && shapeStruct(sectionStruct(schema, 'grant_table'), { ...grant, ...this.grantHeap(d, grant) }),
      passthrough: d.passthrough && shapeStruct(sectionStruct(schema, 'passthrough'), d.passthrough),
      hvm_params: [...d.params].sort(([a], [b]) => a - b).map(([index, value]) => shapeStruct(sectionStruct(schema, 'hvm_params'), { index, value })),
      hvm_devices: this.devices(d),
      event_fifo: d.fifo ? this.eventFifo(d, maxPort) : null,
      event_channels: d.channels.map((c) => this.channel(d, c)),
      vcpu_runstates: this.runstates(d),
      ioreq_servers: d.ioreq.map((s, k) => shapeStruct(sectionStruct(schema, 'ioreq_servers'), { ...s, ...this.ioreqHeap(d, s, k) })),
    };
    const out: Record<string, unknown> = {};
    for (const [key, section] of Object.entries(schema.sections)) {
      out[key] = key in values ? values[key] : section.kind === 'optional' ? null : section.kind === 'single' ? undefined : [];
    }
    return out;
  }

  /** v4 grant frames in the domain's Xen heap: shared frames first, then status frames. */
  private grantHeap(d: Dom, g: Record<string, unknown>): Record<string, unknown> {
    const shared = list(g['shared_gfns']).length;
    const status = list(g['status_gfns']).length;
    if (d.heap === null || 1 + shared + status > GRANT_HEAP_FRAMES) return { shared_mfns: [], status_mfns: [] };
    const at = d.heap + 1n;
    return {
      shared_mfns: Array.from({ length: shared }, (_, f) => at + BigInt(f)),
      status_mfns: Array.from({ length: status }, (_, f) => at + BigInt(shared + f)),
    };
  }

  /** v4 IOREQ server pages in the domain's Xen heap, and its buffered-ioreq port: one of its bound ports. */
  private ioreqHeap(d: Dom, s: Filler, k: number): Record<string, unknown> {
    if (d.heap === null) return {};
    const at = d.heap + BigInt(GRANT_HEAP_FRAMES + 2 * k);
    const buffered = s['bufioreq'] !== 'off';
    return {
      ioreq_mfn: at,
      bufioreq_mfn: buffered ? at + 1n : null,
      bufioreq_port: buffered ? (list(s['vcpu_ports'])[0] ?? 0) : 0,
    };
  }

  /** A CPU policy (v4): the vendor leaf and a feature leaf, the CPUID-faulting MSR, in key order. */
  private cpuPolicy(d: Dom): Record<string, unknown> | undefined {
    if (!('cpu_policy' in this.caps.schema.sections)) return undefined;
    const noSub = xen.XEN_CPUID_NO_SUBLEAF;
    return shapeStruct(sectionStruct(this.caps.schema, 'cpu_policy'), {
      cpuid: [
        { leaf: 0, subleaf: noSub, eax: 0xd, ebx: 0x756e_6547, ecx: 0x6c65_746e, edx: 0x4965_6e69 },
        { leaf: 1, subleaf: noSub, eax: 0x5_0657 + d.idx, ebx: 0, ecx: d.hvmLike ? 0x8000_0000 : 0, edx: 0x1f8b_fbff },
      ],
      msrs: [{ index: 0xce, value: 0x8000_0000n }],
    });
  }

  private tsc(d: Dom): Record<string, unknown> {
    const fill = d.plan.tscFill;
    const never = fill['mode'] === 'never_emulate';
    return shapeStruct(sectionStruct(this.caps.schema, 'tsc_info'), never ? { gtsc_khz: 0, elapsed_ns: 0n } : {}, fill);
  }

  private p2mEntry(r: Run): Record<string, unknown> {
    return shapeStruct(sectionStruct(this.caps.schema, 'p2m'), { gfn: r.gfn, mfn: r.mfn, order: r.order, count: r.count, type: r.type, access: r.access });
  }

  private vcpuRecord(d: Dom, id: number): Record<string, unknown> {
    const fill = d.vcpuFill.get(id) ?? {};
    const nr = this.plan.host.nrPcpus;
    const cpus = (v: unknown) => [...new Set(list(v).map((x) => asNumber(x) % nr))].sort((a, b) => a - b);
    const pv = d.plan.type === 'pv32' || d.plan.type === 'pv64';
    return shapeStruct(sectionStruct(this.caps.schema, 'vcpus'), {
      id,
      hard_affinity: cpus(fill['hard_affinity']),
      soft_affinity: cpus(fill['soft_affinity']),
      hvm: d.hvmLike ? fill['hvm'] : null,
      pv: pv ? fill['pv'] : null,
      msrs: uniqueMsrs(fill['msrs']),
    }, fill);
  }

  private channel(d: Dom, c: Channel): Record<string, unknown> {
    const { fill, ...values } = c;
    const priority = d.fifo ? fill['priority'] : xen.EVTCHN_FIFO_PRIORITY_DEFAULT;
    // v4: the last queue is the one the channel notifies now (a vCPU that exists).
    return shapeStruct(sectionStruct(this.caps.schema, 'event_channels'), { ...values, priority, last_vcpu: c.notify_vcpu, last_priority: priority }, fill);
  }

  private devices(d: Dom): Record<string, unknown>[] {
    if (d.plan.type !== 'hvm') return [];
    const s = sectionStruct(this.caps.schema, 'hvm_devices');
    const typeDesc = s.fields['type']?.node.desc;
    const codes = typeDesc?.kind === 'enum' ? typeDesc.values : {};
    const seen = new Set<string>();
    const out: { code: number; instance: number; value: Record<string, unknown> }[] = [];
    for (const f of d.plan.devices) {
      const type = String(f['type']);
      const code = codes[type] ?? 0;
      const raw = asNumber(f['instance']);
      const instance = PER_VCPU_DEVICES.has(type) ? this.vcpu(d, raw) : type === 'pic' ? raw % 2 : 0;
      const key = `${type}:${instance}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const fixed = xen.HVM_SAVE_FIXED_SIZE[code];
      const body = fixed === undefined ? f['body'] : seededBytes(fixed, raw + code);
      out.push({ code, instance, value: shapeStruct(s, { type, instance, body }, f) });
    }
    return out.sort((a, b) => a.code - b.code || a.instance - b.instance).map((x) => x.value);
  }

  private eventFifo(d: Dom, maxPort: number): Record<string, unknown> {
    const fill = d.plan.fifoFill;
    const pages = Math.min(xen.EVTCHN_FIFO_MAX_EVENT_ARRAY_PAGES, Math.max(1, Math.ceil((maxPort + 1) / FIFO_WORDS_PER_PAGE)));
    const gfns = list(fill['event_array_gfns']).map((g) => asBigint(g));
    while (gfns.length < pages) gfns.push(0x10_0000n + BigInt(gfns.length));
    const vf = d.plan.fifoVcpuFill;
    const fifoVcpus = d.vcpuIds.map((vcpu) => ({
      ...vf,
      vcpu,
      control_block_offset: asNumber(vf['control_block_offset']) & ~63 & 0xfff,
      heads: Array.from({ length: xen.EVTCHN_FIFO_MAX_QUEUES }, () => 0),
    }));
    return shapeStruct(sectionStruct(this.caps.schema, 'event_fifo'), { event_array_gfns: gfns.slice(0, xen.EVTCHN_FIFO_MAX_EVENT_ARRAY_PAGES), vcpus: fifoVcpus }, fill);
  }

  private runstates(d: Dom): Record<string, unknown>[] {
    const fills = d.plan.runstates;
    if (!this.caps.runstates || !fills || fills.length === 0) return [];
    const s = sectionStruct(this.caps.schema, 'vcpu_runstates');
    return d.vcpuIds.map((vcpu, i) => {
      const f = pick(fills, i);
      const online = d.vcpuFill.get(vcpu)?.['online'] !== false;
      const state = !online ? 'offline' : f['state'] === 'offline' ? 'running' : f['state'];
      return shapeStruct(s, { vcpu, state }, f);
    });
  }
}

/** The state a plan describes, in the shapes of the caps' schema version. */
export function buildState(caps: Caps, plan: StatePlan): State {
  return new Builder(caps, plan).build();
}
