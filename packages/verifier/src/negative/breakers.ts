/**
 * One breaker per semantic rule: given a valid state (a deep copy it may edit) it breaks exactly
 * that rule and nothing else, or returns false when the state offers nothing to break it with.
 * Each edit adds or changes the least it can (a new entry beyond everything else, a single value)
 * so the other invariants stay true.
 */
import { type Version, ruleById } from '@xenlu/format';
import { capsOf, sectionStruct } from '../arbitrary/caps.js';
import {
  type GrantTableObj, type LooseDomain, type LooseState, type Obj, addIpi, isHvmLike, maxPort, owned, p2mEnd, p2mEntry, pickOf, setTotPages, totPages,
} from './state-edit.js';

export interface BreakContext {
  readonly version: Version;
  /** P2M entries are extents ({count}) in this version. */
  readonly extents: boolean;
  /** Event channels carry `priority`. */
  readonly priority: boolean;
}

export function breakContext(version: Version): BreakContext {
  const caps = capsOf(version);
  return { version, extents: caps.p2mExtents, priority: 'priority' in sectionStruct(caps.schema, 'event_channels').fields };
}

export interface Breaker {
  readonly rule: string;
  readonly apply: (s: LooseState, pick: number, ctx: BreakContext) => boolean;
}

const HARDWARE_ROLES = { hardware: false, xenstore: false, privileged: false };

function domainOf(s: LooseState, pick: number, want: (d: LooseDomain) => boolean = () => true): LooseDomain | undefined {
  return pickOf(s.domains.filter(want), pick);
}

/** A frame no domain owns and no bootmem region holds: the first M2P frame. */
function unownedFrame(s: LooseState): bigint {
  return s.host.m2p['start'] as bigint;
}

/** A new domain that owns, maps and binds nothing, with vCPU 0 only. */
function bareDomain(template: LooseDomain, domid: number): LooseDomain {
  const out: LooseDomain = { ...template };
  for (const [k, v] of Object.entries(template)) {
    if (Array.isArray(v)) out[k] = [];
    else if (k !== 'domain' && k !== 'tsc_info' && v !== null && typeof v === 'object') out[k] = null;
  }
  out.domain = { ...template.domain, domid, roles: HARDWARE_ROLES, tot_pages: typeof template.domain['tot_pages'] === 'number' ? 0 : 0n, evtchn_abi: 'two_level' };
  out.vcpus = template.vcpus.slice(0, 1).map((v) => ({ ...v, id: 0 }));
  out.p2m = [];
  out.pages = [];
  out.event_channels = [];
  out.hvm_params = [];
  out.hvm_devices = [];
  out.ioreq_servers = [];
  out.grant_table = null;
  return out;
}

/** A version-1 grant table in the shape of `s`'s version (v4 adds the Xen-heap frame lists). */
function emptyTable(s: LooseState): GrantTableObj {
  const table = { version: 1, nr_frames: 1, max_frames: 1, shared_gfns: [0xff_ff00n], status_gfns: [], active: [], maptrack: [] };
  return 'xen_pages' in s.host ? { ...table, shared_mfns: [], status_mfns: [] } : table;
}

/** A version-1 grant table with an active entry nobody maps; creates what is missing. */
function activeWithoutHostPins(s: LooseState, pick: number): { d: LooseDomain; gt: GrantTableObj; a: GrantTableObj['active'][number] } | undefined {
  const mapped = new Set(s.domains.flatMap((d) => (d.grant_table?.maptrack ?? []).map((m) => `${m.granter}:${m.ref}`)));
  for (const d of s.domains) {
    const gt = d.grant_table;
    const a = gt?.version === 1 ? gt.active.find((x) => x.pin.host_rw + x.pin.host_ro === 0 && !mapped.has(`${d.domain.domid}:${x.ref}`)) : undefined;
    if (gt && a) return { d, gt, a };
  }
  const d = domainOf(s, pick, (x) => x.pages.length > 0 && (x.grant_table === null || x.grant_table.version === 1));
  if (!d) return undefined;
  const gt = d.grant_table ?? emptyTable(s);
  d.grant_table = gt;
  const ref = Math.max(7, ...gt.active.map((x) => x.ref)) + 1;
  if (ref >= gt.nr_frames * 512) return undefined;
  const a = { ref, grantee: d.domain.domid, pin: { host_rw: 0, host_ro: 0, device_rw: 0, device_ro: 1 }, mfn: d.pages[0]!.first_mfn, transitive: null, sub_page: null };
  gt.active.push(a);
  return { d, gt, a };
}

function setParam(d: LooseDomain, index: number, value: bigint): void {
  const p = d.hvm_params.find((x) => x.index === index);
  if (p) p.value = value;
  else {
    d.hvm_params.push({ index, value });
    d.hvm_params.sort((a, b) => a.index - b.index);
  }
}

function passthroughOf(d: LooseDomain, s: LooseState): Obj & { devices: Obj[]; pirqs: Obj[] } {
  const pt = d['passthrough'] as (Obj & { devices: Obj[]; pirqs: Obj[] }) | null;
  if (pt) return pt;
  const fresh = { iommu_root_mfn: unownedFrame(s) + 1n, iommu_levels: 4, devices: [] as Obj[], pirqs: [] as Obj[] };
  d['passthrough'] = fresh;
  return fresh;
}

export const BREAKERS: readonly Breaker[] = [
  // --- host
  { rule: 'host.bootmem-nonempty', apply: (s) => (s.host.bootmem[0] ? ((s.host.bootmem[0]['count'] = 0n), true) : false) },
  { rule: 'host.bootmem-disjoint', apply: (s, n) => {
    const r = pickOf(s.host.bootmem, n);
    if (!r) return false;
    s.host.bootmem.push({ ...r });
    return true;
  } },
  { rule: 'host.m2p-outside-bootmem', apply: (s, n) => {
    const r = pickOf(s.host.bootmem, n)!;
    s.host.m2p = { start: r['start'], count: 1n };
    return true;
  } },
  { rule: 'host.stream-outside-bootmem', apply: (s, n) => {
    const r = pickOf(s.host.bootmem, n)!;
    s.host.handover['mfn_array_maddr'] = (r['start'] as bigint) << 12n;
    return true;
  } },
  { rule: 'host.owned-outside-bootmem', apply: (s, n) => {
    // A frame some domain owns that no P2M maps, turned into a bootmem region of its own.
    const mapped = (f: bigint) => s.domains.some((d) => d.p2m.some((e) => {
      const count = typeof e['count'] === 'bigint' ? e['count'] : 1n << BigInt(Number(e['order']));
      return f >= (e['mfn'] as bigint) && f < (e['mfn'] as bigint) + count;
    }));
    const frames = s.domains.flatMap((d) => d.pages.map((p) => p.first_mfn)).filter((f) => !mapped(f));
    const f = pickOf(frames, n);
    if (f === undefined) return false;
    s.host.bootmem.push({ start: f, count: 1n });
    return true;
  } },
  { rule: 'host.p2m-outside-bootmem', apply: (s, n) => {
    const targets = s.domains.flatMap((d) => d.p2m.filter((e) => e['type'] === 'mmio_direct').map((e) => e['mfn'] as bigint));
    const f = pickOf(targets, n);
    if (f === undefined) return false;
    s.host.bootmem.push({ start: f, count: 1n });
    return true;
  } },
  { rule: 'host.iommu-outside-bootmem', apply: (s, n) => {
    const roots = s.domains.flatMap((d) => (d['passthrough'] ? [(d['passthrough'] as Obj)['iommu_root_mfn'] as bigint] : []));
    const f = pickOf(roots, n);
    if (f === undefined) return false;
    s.host.bootmem.push({ start: f, count: 1n });
    return true;
  } },
  { rule: 'host.mfn-range', apply: (s) => {
    s.host.m2p = { start: s.host.total_pages, count: 1n };
    return true;
  } },

  // --- domains
  { rule: 'domain.domid-unique', apply: (s, n) => {
    const i = n % s.domains.length;
    const d = s.domains[i]!;
    s.domains.splice(i + 1, 0, bareDomain(d, d.domain.domid));
    return true;
  } },
  { rule: 'domain.domid-range', apply: (s) => {
    s.domains.push(bareDomain(s.domains[0]!, 0x7ff0));
    return true;
  } },
  { rule: 'domain.one-hardware', apply: (s) => {
    // No hardware domain is valid (a PV shim): add bare hardware domains until there are two.
    const hardware = s.domains.filter((d) => (d.domain['roles'] as Obj)['hardware'] === true).length;
    const next = Math.max(...s.domains.map((d) => d.domain.domid)) + 1;
    if (next + 1 >= 0x7ff0) return false;
    for (let k = 0; k < 2 - hardware; k++) {
      const d = bareDomain(s.domains[0]!, next + k);
      d.domain = { ...d.domain, roles: { ...HARDWARE_ROLES, hardware: true } };
      s.domains.push(d);
    }
    return true;
  } },
  { rule: 'domain.cpupool-exists', apply: (s, n) => {
    const d = domainOf(s, n)!;
    d.domain['cpupool'] = Math.max(...s.host.cpupools.map((p) => p['id'] as number)) + 1;
    return true;
  } },
  { rule: 'domain.tot-pages-max', apply: (s, n) => {
    const d = domainOf(s, n, (x) => owned(x) > 0n);
    if (!d) return false;
    const tot = totPages(d);
    d.domain['max_pages'] = typeof d.domain['max_pages'] === 'number' ? Number(tot - 1n) : tot - 1n;
    return true;
  } },
  { rule: 'domain.max-vcpus-hvm', apply: (s, n) => {
    const d = domainOf(s, n, (x) => x.domain['type'] === 'hvm' || x.domain['type'] === 'pvh');
    if (!d) return false;
    d.domain['max_vcpus'] = 129;
    return true;
  } },
  { rule: 'domain.tot-pages-owned', apply: (s, n) => {
    const d = domainOf(s, n)!;
    setTotPages(d, totPages(d) + 1n);
    return true;
  } },

  // --- vCPUs
  { rule: 'vcpu.id-unique', apply: (s, n) => {
    const d = domainOf(s, n)!;
    d.vcpus.push({ ...d.vcpus[0]! });
    return true;
  } },
  { rule: 'vcpu.id-range', apply: (s, n) => {
    // A vCPU above 0, so max_vcpus stays at least 1 as the schema requires.
    const d = domainOf(s, n, (x) => x.vcpus.some((v) => v.id > 0));
    if (!d) return false;
    const max = Math.max(...d.vcpus.map((v) => v.id));
    d.domain['max_vcpus'] = max;
    // v4: channels last queued on the vCPU now out of range move to vCPU 0 (another rule otherwise).
    for (const ch of d.event_channels) if (typeof ch['last_vcpu'] === 'number' && ch['last_vcpu'] >= max) ch['last_vcpu'] = 0;
    return true;
  } },
  { rule: 'vcpu.zero-present', apply: (s, n) => {
    // Renumber vCPU 0 to a new id and point everything that named vCPU 0 at it.
    const d = domainOf(s, n, (x) => x.domain['state'] !== 'dying' && x.vcpus.length > 0);
    if (!d) return false;
    const id = Math.max(...d.vcpus.map((v) => v.id)) + 1;
    d.vcpus = [...d.vcpus.filter((v) => v.id !== 0), { ...d.vcpus.find((v) => v.id === 0)!, id }];
    d.domain['max_vcpus'] = Math.max(Number(d.domain['max_vcpus']), id + 1);
    const renumber = (o: Obj, key: string) => { if (o[key] === 0) o[key] = id; };
    d.event_channels.forEach((c) => renumber(c, 'notify_vcpu'));
    d.grant_table?.maptrack.forEach((m) => renumber(m, 'vcpu'));
    for (const key of ['vcpu_runstates']) if (Array.isArray(d[key])) d[key] = (d[key] as Obj[]).filter((r) => r['vcpu'] !== 0);
    const fifo = d['event_fifo'] as Obj | null | undefined;
    if (fifo) fifo['vcpus'] = (fifo['vcpus'] as Obj[]).filter((v) => v['vcpu'] !== 0);
    return true;
  } },
  { rule: 'vcpu.msr-unique', apply: (s, n) => {
    // A second value for an MSR the vCPU already has (or two values for a new one).
    const d = domainOf(s, n)!;
    const v = d.vcpus[0]!;
    const msrs = Array.isArray(v['msrs']) ? (v['msrs'] as Obj[]) : [];
    const first = msrs[0] ?? { index: 0x10, value: 0n };
    v['msrs'] = [...msrs, ...(msrs.length === 0 ? [first] : []), { ...first, value: first['value'] === 0n ? 1n : 0n }];
    return true;
  } },
  { rule: 'vcpu.context-kind', apply: (s, n) => {
    const d = domainOf(s, n)!;
    const v = d.vcpus[0]!;
    v[isHvmLike(d) ? 'hvm' : 'pv'] = null;
    return true;
  } },

  // --- event channels
  { rule: 'evtchn.port-unique', apply: (s, n, ctx) => {
    const d = domainOf(s, n)!;
    d.event_channels.push({ ...addIpi(d, ctx.priority) });
    return true;
  } },
  { rule: 'evtchn.port-nonzero', apply: (s, n, ctx) => {
    const d = domainOf(s, n)!;
    const ch = addIpi(d, ctx.priority);
    d.event_channels.pop();
    d.event_channels.unshift({ ...ch, port: 0 });
    return true;
  } },
  { rule: 'evtchn.port-abi-limit', apply: (s, n, ctx) => {
    const d = domainOf(s, n)!;
    const limit = d.domain.evtchn_abi === 'fifo' ? 131072 : d.domain.type === 'pv32' ? 1024 : 4096;
    addIpi(d, ctx.priority, { port: limit });
    d.domain['max_evtchn_port'] = Math.max(Number(d.domain['max_evtchn_port']), limit);
    return true;
  } },
  { rule: 'evtchn.port-max', apply: (s, n, ctx) => {
    const d = domainOf(s, n)!;
    const ch = addIpi(d, ctx.priority);
    d.domain['max_evtchn_port'] = ch.port - 1;
    return true;
  } },
  { rule: 'evtchn.notify-vcpu', apply: (s, n, ctx) => {
    const d = domainOf(s, n)!;
    addIpi(d, ctx.priority, { notify_vcpu: Math.max(...d.vcpus.map((v) => v.id)) + 1 });
    return true;
  } },
  { rule: 'evtchn.last-vcpu-range', apply: (s, n, ctx) => {
    const d = domainOf(s, n)!;
    addIpi(d, ctx.priority, { last_vcpu: Number(d.domain['max_vcpus']), last_priority: 7, xen_consumer: 0 });
    return true;
  } },
  { rule: 'evtchn.interdomain-symmetric', apply: (s, n, ctx) => {
    // A:p interdomain to A:p+1, which is not bound.
    const d = domainOf(s, n)!;
    const p = maxPort(d) + 1;
    addIpi(d, ctx.priority, { state: 'interdomain', remote_domid: d.domain.domid, remote_port: p + 1 });
    return true;
  } },
  { rule: 'evtchn.virq-unique', apply: (s, n, ctx) => {
    const d = domainOf(s, n)!;
    const vcpu = d.vcpus[0]!.id;
    const taken = new Set(d.event_channels.filter((c) => c.state === 'virq' && c['notify_vcpu'] === vcpu).map((c) => c['virq']));
    const virq = [...Array(24).keys()].find((v) => !taken.has(v));
    if (virq === undefined) return false;
    addIpi(d, ctx.priority, { state: 'virq', virq, notify_vcpu: vcpu });
    addIpi(d, ctx.priority, { state: 'virq', virq, notify_vcpu: vcpu });
    return true;
  } },
  { rule: 'evtchn.virq-range', apply: (s, n, ctx) => {
    addIpi(domainOf(s, n)!, ctx.priority, { state: 'virq', virq: 24 });
    return true;
  } },
  { rule: 'evtchn.priority-fifo-only', apply: (s, n, ctx) => {
    const d = domainOf(s, n, (x) => x.domain.evtchn_abi !== 'fifo');
    if (!d) return false;
    addIpi(d, ctx.priority, { priority: 3 });
    return true;
  } },
  { rule: 'evtchn.fifo-record', apply: (s, n) => {
    const d = domainOf(s, n)!;
    if (d.domain.evtchn_abi === 'fifo') d['event_fifo'] = null;
    else d['event_fifo'] = { event_array_gfns: [0x10_0000n], vcpus: [] };
    return true;
  } },
  { rule: 'evtchn.pirq-binding', apply: (s, n, ctx) => {
    // Only a domain with a PASSTHROUGH record has bindings for its pirq channels to name.
    const d = domainOf(s, n, (x) => x['passthrough'] != null);
    if (!d) return false;
    const used = (d['passthrough'] as Obj)['pirqs'] as Obj[];
    addIpi(d, ctx.priority, { state: 'pirq', pirq: Math.max(1000, ...used.map((b) => b['pirq'] as number)) + 1 });
    return true;
  } },

  // --- grants
  { rule: 'grant.ref-unique', apply: (s, n) => {
    const t = activeWithoutHostPins(s, n);
    if (!t) return false;
    t.gt.active.push({ ...t.a });
    return true;
  } },
  { rule: 'grant.ref-range', apply: (s, n) => {
    const t = activeWithoutHostPins(s, n);
    if (!t) return false;
    t.a.ref = t.gt.nr_frames * (t.gt.version === 2 ? 256 : 512) + 8;
    return true;
  } },
  { rule: 'grant.frames-max', apply: (s, n) => {
    const d = domainOf(s, n, (x) => x.grant_table !== null);
    if (!d) return false;
    d.grant_table!.max_frames = d.grant_table!.nr_frames - 1;
    return true;
  } },
  { rule: 'grant.shared-frames', apply: (s, n) => {
    const d = domainOf(s, n, (x) => x.grant_table !== null);
    if (!d) return false;
    d.grant_table!.shared_gfns.push(0xff_fff0n);
    return true;
  } },
  { rule: 'grant.status-frames', apply: (s, n) => {
    const d = domainOf(s, n, (x) => x.grant_table !== null);
    if (!d) return false;
    d.grant_table!.status_gfns.push(0xff_fff1n);
    return true;
  } },
  { rule: 'grant.version-max', apply: (s, n) => {
    const d = domainOf(s, n, (x) => x.grant_table !== null);
    if (!d) return false;
    d.domain['max_grant_version'] = d.grant_table!.version - 1;
    return true;
  } },
  { rule: 'grant.v2-entry', apply: (s, n) => {
    const t = activeWithoutHostPins(s, n);
    if (!t) return false;
    t.a['sub_page'] = { offset: 0, length: 8 };
    return true;
  } },
  { rule: 'grant.host-pins-mapped', apply: (s, n) => {
    const t = activeWithoutHostPins(s, n);
    if (!t) return false;
    t.a.pin.host_rw = 1;
    return true;
  } },
  { rule: 'grant.pin-count', apply: (s, n) => {
    const mapped = s.domains.flatMap((d) => (d.grant_table?.active ?? []).filter((a) => a.pin.host_rw + a.pin.host_ro > 0));
    const a = pickOf(mapped, n);
    if (!a) return false;
    a.pin.host_ro += 1;
    return true;
  } },
  { rule: 'grant.maptrack-dangling', apply: (s, n) => {
    const d = domainOf(s, n)!;
    d.grant_table ??= emptyTable(s);
    const handle = Math.max(-1, ...d.grant_table.maptrack.map((m) => m.handle)) + 1;
    d.grant_table.maptrack.push({ handle, granter: d.domain.domid, ref: 0x7fff_fff0, flags: { device_map: false, host_map: false, readonly: false, application_map: false, contains_pte: false }, vcpu: d.vcpus[0]!.id });
    d.domain['max_maptrack_frames'] = Math.max(Number(d.domain['max_maptrack_frames']), Math.ceil((handle + 1) / 256));
    return true;
  } },
  { rule: 'grant.mfn-owner', apply: (s, n) => {
    const t = activeWithoutHostPins(s, n);
    if (!t) return false;
    t.a.mfn = unownedFrame(s);
    return true;
  } },

  // --- memory
  { rule: 'mem.p2m-sorted', apply: (s, n, ctx) => {
    const d = domainOf(s, n)!;
    const end = p2mEnd(d);
    d.p2m.push(p2mEntry(end + 10n, 0n, 'invalid', ctx.extents), p2mEntry(end + 5n, 0n, 'invalid', ctx.extents));
    return true;
  } },
  { rule: 'mem.p2m-disjoint', apply: (s, n) => {
    const d = domainOf(s, n, (x) => x.p2m.length > 0);
    if (!d) return false;
    const j = n % d.p2m.length;
    d.p2m.splice(j + 1, 0, { ...d.p2m[j]! });
    return true;
  } },
  { rule: 'mem.p2m-aligned', apply: (s, n) => {
    const d = domainOf(s, n)!;
    const gfn = ((p2mEnd(d) + 511n) / 512n) * 512n + 1n;
    d.p2m.push({ gfn, mfn: 0n, order: 9, type: 'invalid', access: 'rwx' });
    return true;
  } },
  { rule: 'mem.ownership-disjoint', apply: (s, n) => {
    const d = domainOf(s, n, (x) => x.pages.length > 0);
    if (!d) return false;
    const p = pickOf(d.pages, n)!;
    d.pages.push({ ...p });
    setTotPages(d, owned(d));
    return true;
  } },
  { rule: 'mem.p2m-ram-owned', apply: (s, n, ctx) => {
    // ram_ro: an unowned ram_rw frame may be a Xen-heap page at one of the domain's Xen GFNs.
    const d = domainOf(s, n)!;
    d.p2m.push(p2mEntry(p2mEnd(d), unownedFrame(s), 'ram_ro', ctx.extents));
    return true;
  } },
  { rule: 'mem.p2m-foreign-owned', apply: (s, n, ctx) => {
    const d = domainOf(s, n, (x) => x.pages.length > 0);
    if (!d) return false;
    d.p2m.push(p2mEntry(p2mEnd(d), d.pages[0]!.first_mfn, 'map_foreign', ctx.extents));
    return true;
  } },
  { rule: 'mem.p2m-mmio-unowned', apply: (s, n, ctx) => {
    const owner = domainOf(s, n, (x) => x.pages.length > 0);
    if (!owner) return false;
    const d = domainOf(s, n + 1)!;
    d.p2m.push(p2mEntry(p2mEnd(d), owner.pages[0]!.first_mfn, 'mmio_direct', ctx.extents));
    return true;
  } },

  { rule: 'mem.xen-heap-unowned', apply: (s, n) => {
    // A domain's shared-info page placed on a frame some domain owns.
    const owner = domainOf(s, n, (x) => x.pages.length > 0);
    if (!owner) return false;
    domainOf(s, n + 1)!.domain['shared_info_mfn'] = owner.pages[0]!.first_mfn;
    return true;
  } },

  // --- HVM
  { rule: 'hvm.param-evtchn-bound', apply: (s, n) => {
    const d = domainOf(s, n, isHvmLike);
    if (!d) return false;
    setParam(d, 2, BigInt(maxPort(d) + 1));
    return true;
  } },
  { rule: 'hvm.param-pfn-ram', apply: (s, n) => {
    const d = domainOf(s, n, isHvmLike);
    if (!d) return false;
    setParam(d, 1, p2mEnd(d) + 7n);
    return true;
  } },
  { rule: 'hvm.device-size', apply: (s, n) => {
    const d = domainOf(s, n, isHvmLike);
    if (!d) return false;
    const pm = d.hvm_devices.find((x) => x['type'] === 'pmtimer');
    if (pm) pm['body'] = new Uint8Array(7);
    else d.hvm_devices.push({ type: 'pmtimer', instance: 0, body: new Uint8Array(7) });
    return true;
  } },

  // --- IOREQ
  { rule: 'ioreq.dm-exists', apply: (s, n) => {
    const d = domainOf(s, n)!;
    const missing = Math.max(...s.domains.map((x) => x.domain.domid)) + 1;
    d.ioreq_servers.push({ id: 0xfff0, dm_domid: missing, ioreq_gfn: 0n, bufioreq_gfn: null, vcpu_ports: [] });
    return true;
  } },
  { rule: 'ioreq.dm-differs', apply: (s, n) => {
    const d = domainOf(s, n)!;
    d.ioreq_servers.push({ id: 0xfff1, dm_domid: d.domain.domid, ioreq_gfn: 0n, bufioreq_gfn: null, vcpu_ports: [] });
    return true;
  } },
  { rule: 'ioreq.ports-bound', apply: (s, n) => {
    if (s.domains.length < 2) return false;
    const i = n % s.domains.length;
    const d = s.domains[i]!;
    const dm = s.domains[(i + 1) % s.domains.length]!;
    d.ioreq_servers.push({ id: 0xfff2, dm_domid: dm.domain.domid, ioreq_gfn: 0n, bufioreq_gfn: null, vcpu_ports: [maxPort(d) + 1] });
    return true;
  } },

  { rule: 'ioreq.bufioreq-port-bound', apply: (s, n) => {
    if (s.domains.length < 2) return false;
    const i = n % s.domains.length;
    const d = s.domains[i]!;
    const dm = s.domains[(i + 1) % s.domains.length]!;
    const port = maxPort(d) + 1;
    d.ioreq_servers.push({
      id: d.ioreq_servers.length, dm_domid: dm.domain.domid, ioreq_gfn: 0n, bufioreq_gfn: null, vcpu_ports: [], enabled: true,
      bufioreq: 'legacy', bufioreq_port: port, ranges: [], ioreq_mfn: null, bufioreq_mfn: null,
    });
    return true;
  } },

  // --- passthrough (v3)
  { rule: 'passthrough.device-unique', apply: (s, n) => {
    const d = domainOf(s, n)!;
    const pt = passthroughOf(d, s);
    const dev = { segment: 0xfffe, bus: 0, devfn: 0 };
    pt.devices.push(dev, { ...dev });
    d.domain.create_flags = { ...d.domain.create_flags, iommu: true };
    return true;
  } },
  { rule: 'passthrough.iommu-flag', apply: (s, n) => {
    const d = domainOf(s, n)!;
    passthroughOf(d, s).devices.push({ segment: 0xfffd, bus: 0, devfn: 0 });
    d.domain.create_flags = { ...d.domain.create_flags, iommu: false };
    return true;
  } },
  { rule: 'passthrough.iommu-root-not-ram', apply: (s, n) => {
    const owner = domainOf(s, n, (x) => x.pages.length > 0);
    if (!owner) return false;
    passthroughOf(domainOf(s, n + 1)!, s)['iommu_root_mfn'] = owner.pages[0]!.first_mfn;
    return true;
  } },
  { rule: 'passthrough.pirq-port', apply: (s, n) => {
    const d = domainOf(s, n)!;
    const pt = passthroughOf(d, s);
    pt.pirqs.push({ pirq: Math.max(2000, ...pt.pirqs.map((b) => b['pirq'] as number)) + 1, host_irq: 1, msi: null, port: maxPort(d) + 1 });
    return true;
  } },

  // --- TSC
  { rule: 'tsc.never-emulate-zero', apply: (s, n) => {
    const d = domainOf(s, n)!;
    d['tsc_info'] = { ...(d['tsc_info'] as Obj), mode: 'never_emulate', gtsc_khz: 1, elapsed_ns: 0n };
    return true;
  } },
];

export function breakersFor(version: Version): Breaker[] {
  // A breaker runs in the versions its rule applies to: the schema decides, not a list here.
  return BREAKERS.filter((b) => ruleById(b.rule)?.versions.includes(version) ?? true);
}
