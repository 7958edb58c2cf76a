/**
 * Schema versions 3 <-> 4 (FORMAT.md section 8). Upgrade: every domain gains an empty CPU_POLICY
 * (xen#2 then applies its default policy for the domain type), the fields v4 adds take their
 * defaults (FIFO last queue from the channel's notify vCPU and priority, bufioreq handling from
 * whether the server has a buffered page), with a note each; DOMAIN max_pages and tot_pages
 * narrow to u32 and more than 8 IOREQ servers do not fit: the upgrade refuses them by name.
 * Downgrade: what v3 cannot carry blocks it, or is dropped when asked (`--drop FEATURE`): a CPU
 * policy, Xen-heap frames, FIFO private state, IOREQ server state, PV extended vCPU state, the
 * DOMAIN fields of struct domain v4 adds, pseudo-domain pages. Never droppable: a port consumed
 * by Xen itself, an IOREQ server without a GFN, more pCPUs than v3 allows.
 */
import { StateError } from '../errors.js';
import type { DomainStateV3, DomainStateV4, StateV3, StateV4 } from '../schema/index.js';
import type { StructDesc } from '../schema/dsl.js';
import { DOMAIN as DOMAIN_V3, v3 } from '../schema/v3.js';
import { Host as HostV3 } from '../schema/v1.js';
import { DOMAIN as DOMAIN_V4, HOST as HOST_V4, PV_EXT_NONE, v4 } from '../schema/v4.js';
import { EVTCHN_FIFO_MAX_QUEUES, MAX_NR_IOREQ_SERVERS, MFN_BITS } from '../schema/xen.js';
import { sameValue } from '../diff/same-value.js';
import { carryUnknown } from '../unknown.js';
import { addedFields, carryFields, carryRecords, dropRecords, inFieldOrder } from './carry.js';
import { type DowngradeContext, type MigrationNote, type Migrated, type Site, at, block, note } from './notes.js';

type DomainV3 = DomainStateV3['domain'];
type DomainV4 = DomainStateV4['domain'];
type ChannelV3 = DomainStateV3['event_channels'][number];
type ChannelV4 = DomainStateV4['event_channels'][number];
type IoreqV3 = DomainStateV3['ioreq_servers'][number];
type IoreqV4 = DomainStateV4['ioreq_servers'][number];
type VcpuV3 = DomainStateV3['vcpus'][number];
type VcpuV4 = DomainStateV4['vcpus'][number];

const U32_MAX = 0xffff_ffffn;

/** The DOMAIN fields v4 adds, with their defaults, read from the schema. */
function addedDefaults(v4Struct: StructDesc, v3Struct: StructDesc): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, f] of Object.entries(v4Struct.fields)) if (!(k in v3Struct.fields)) out[k] = f.default;
  return out;
}
let domainAdded: Record<string, unknown> | undefined;
/** Derived on first use, not when the module loads: every command loads it, few migrate. */
const domainAddedDefaults = () => (domainAdded ??= addedDefaults(DOMAIN_V4.body.desc, DOMAIN_V3.body.desc));
/** IOREQ server fields v4 adds that v3 cannot carry (the MFNs are Xen-heap frames, below). */
const IOREQ_ADDED_FIELDS = ['enabled', 'bufioreq', 'bufioreq_port', 'ranges'] as const;

function channelUp(c: ChannelV3): ChannelV4 {
  return carryUnknown({ ...c, last_vcpu: c.notify_vcpu, last_priority: c.priority, xen_consumer: 0 }, c);
}
function ioreqUp(r: IoreqV3): IoreqV4 {
  return carryUnknown({
    ...r, enabled: true, bufioreq: r.bufioreq_gfn === null ? 'off' : 'legacy', bufioreq_port: 0, ranges: [], ioreq_mfn: null, bufioreq_mfn: null,
  } satisfies IoreqV4, r);
}
function vcpuUp(v: VcpuV3): VcpuV4 {
  return carryUnknown({
    ...v,
    hvm: v.hvm && { ...v.hvm, lapic: { ...v.hvm.lapic, pending_esr: 0 } },
    pv: v.pv && { ...v.pv, ext: { ...PV_EXT_NONE }, xsave: null },
  }, v);
}

/** A u64 count that v4 holds in a u32 (struct domain's `unsigned int`): refused by name when it does not fit. */
function narrow(value: bigint, name: string, site: Site): number {
  if (value > U32_MAX) {
    throw new StateError('bad-value', `domain ${site.domid}: ${name} ${value} does not fit v4's u32 (struct domain holds an unsigned int)`, { domid: site.domid, path: `${site.path}.domain.${name}` });
  }
  return Number(value);
}

export function upgrade3to4(s: StateV3): Migrated<StateV4> {
  const notes: MigrationNote[] = [];
  const root: Site = { notes, path: '' };
  const domains = s.domains.map((ds, i): DomainStateV4 => {
    const site: Site = { notes, path: `domains[${i}]`, domid: ds.domain.domid };
    const d = ds.domain;
    if (ds.ioreq_servers.length > MAX_NR_IOREQ_SERVERS || ds.ioreq_servers.some((r) => r.id >= MAX_NR_IOREQ_SERVERS)) {
      throw new StateError('bad-value', `domain ${d.domid}: ${ds.ioreq_servers.length} IOREQ server(s), ids up to ${Math.max(...ds.ioreq_servers.map((r) => r.id))}: v4 holds at most 8 (ids 0-7, MAX_NR_IOREQ_SERVERS)`, { domid: d.domid, path: `${site.path}.ioreq_servers` });
    }
    const domain = inFieldOrder(DOMAIN_V4.body.fields, {
      ...d, ...domainAddedDefaults(), max_pages: narrow(d.max_pages, 'max_pages', site), tot_pages: narrow(d.tot_pages, 'tot_pages', site),
    }) as DomainV4;
    carryFields(domain, d, DOMAIN_V4.body.desc, at(site, 'domain'));
    const out: DomainStateV4 = inFieldOrder(v4.sections, {
      ...ds,
      domain,
      cpu_policy: { cpuid: [], msrs: [] },
      vcpus: ds.vcpus.map(vcpuUp),
      grant_table: ds.grant_table && carryUnknown({ ...ds.grant_table, shared_mfns: [], status_mfns: [] }, ds.grant_table),
      event_fifo: ds.event_fifo && carryUnknown({
        ...ds.event_fifo,
        vcpus: ds.event_fifo.vcpus.map((v) => carryUnknown({ ...v, tails: new Array<number>(EVTCHN_FIFO_MAX_QUEUES).fill(0) }, v)),
      }, ds.event_fifo),
      event_channels: carryUnknown(ds.event_channels.map(channelUp), ds.event_channels),
      ioreq_servers: carryUnknown(ds.ioreq_servers.map(ioreqUp), ds.ioreq_servers),
    });
    dropRecords(carryRecords(out, ds, v4), v4, site);
    return out;
  });
  // A v3 reader keeps a v4 stream's HOST fields as unknown (it reads only a domainless v4 stream:
  // CPU_POLICY is in every domain): they are read back here.
  if (s.host.total_pages > 1n << BigInt(MFN_BITS)) {
    throw new StateError('bad-value', `host total_pages ${s.host.total_pages} is above 2^${MFN_BITS}: v4 holds machine frames below 2^${MFN_BITS} (x86-64 PADDR_BITS 52)`, { path: 'host.total_pages' });
  }
  const added = addedFields(s.host, HOST_V4.body.desc, HostV3.desc, at(root, 'host'));
  const host = inFieldOrder(HOST_V4.body.fields, { ...s.host, ...added.values }) as StateV4['host'];
  carryFields(host, s.host, HOST_V4.body.desc, at(root, 'host'), added.adopted);
  const state: StateV4 = { host, domains };
  dropRecords(carryRecords(state, s, v4), v4, root);
  if (domains.length > 0) {
    note(at(root, 'domains[*].cpu_policy'), 'defaulted', `CPU policy empty in ${domains.length} domain(s): v3 does not record it; xen#2 applies its default policy for the domain type`);
    note(at(root, 'domains[*].domain'), 'defaulted', `${Object.keys(domainAddedDefaults()).join(', ')} set to their defaults in ${domains.length} domain(s): v3 does not record them (Xen-heap frames unknown: null)`);
  }
  return { state, notes };
}

/** What v3 cannot carry in this domain: each a blocker, or dropped when `ctx` says so. */
function blockersForV3(ds: DomainStateV4, site: Site, ctx: DowngradeContext): void {
  const domid = ds.domain.domid;
  const lost = (feature: string, path: string, what: readonly string[]) => {
    if (what.length > 0) block(ctx, at(site, path), feature, `domain ${domid}: ${what.join(', ')}; v3 cannot express it`, `domain ${domid}: ${what.join(', ')} dropped`);
  };
  const p = ds.cpu_policy;
  lost('cpu_policy', 'cpu_policy', p.cpuid.length + p.msrs.length > 0 ? [`CPU policy (${p.cpuid.length} CPUID leaves, ${p.msrs.length} MSRs)`] : []);

  const d = ds.domain;
  const heap: string[] = [];
  if (d.shared_info_mfn !== null) heap.push('shared-info MFN');
  if (ds.grant_table && ds.grant_table.shared_mfns.length + ds.grant_table.status_mfns.length > 0) heap.push('grant frame MFNs');
  if (ds.ioreq_servers.some((r) => r.ioreq_mfn !== null || r.bufioreq_mfn !== null)) heap.push('IOREQ page MFNs');
  lost('xen_heap_frames', 'domain.shared_info_mfn', heap);

  const added = domainAddedDefaults();
  const changed = Object.keys(added).filter((k) => k !== 'shared_info_mfn' && !sameValue((d as Record<string, unknown>)[k], added[k]));
  lost('domain_state', 'domain', changed.map((k) => `${k} ${JSON.stringify((d as Record<string, unknown>)[k], (_, v: unknown) => (typeof v === 'bigint' ? String(v) : v))}`));

  const fifo: string[] = [];
  if (ds.event_fifo?.vcpus.some((v) => v.tails.some((t) => t !== 0))) fifo.push('FIFO queue tails');
  const moved = ds.event_channels.filter((c) => c.last_vcpu !== c.notify_vcpu || c.last_priority !== c.priority);
  if (moved.length > 0) fifo.push(`the last queue of ${moved.length} channel(s)`);
  lost('fifo_private', 'event_channels', fifo);

  const consumed = ds.event_channels.filter((c) => c.xen_consumer !== 0);
  if (consumed.length > 0) {
    block(ctx, at(site, 'event_channels'), 'xen_consumer', `domain ${domid}: port(s) ${consumed.map((c) => c.port).join(', ')} are consumed by Xen itself; v3 would hand them to the guest`, '');
  }
  const noGfn = ds.ioreq_servers.filter((r) => r.ioreq_gfn === null);
  if (noGfn.length > 0) {
    block(ctx, at(site, 'ioreq_servers'), 'ioreq_gfn', `domain ${domid}: IOREQ server(s) ${noGfn.map((r) => r.id).join(', ')} map their pages through acquire_resource (no GFN); v3 requires one`, '');
  }
  const ioreq = ds.ioreq_servers.filter((r) => !sameValue(IOREQ_ADDED_FIELDS.map((k) => r[k]), IOREQ_ADDED_FIELDS.map((k) => ioreqUp({ ...r, ioreq_gfn: 0n })[k])));
  lost('ioreq_state', 'ioreq_servers', ioreq.length > 0 ? [`the state of IOREQ server(s) ${ioreq.map((r) => r.id).join(', ')} (enabled, bufioreq handling and port, I/O ranges)`] : []);

  const vcpu: string[] = [];
  if (ds.vcpus.some((v) => v.pv !== null && (!sameValue(v.pv.ext, PV_EXT_NONE) || v.pv.xsave !== null))) vcpu.push('PV extended context or XSAVE state');
  if (ds.vcpus.some((v) => v.hvm !== null && v.hvm.lapic.pending_esr !== 0)) vcpu.push('LAPIC pending ESR');
  lost('vcpu_state', 'vcpus', vcpu);
}

function vcpuDown(v: VcpuV4): VcpuV3 {
  const hvm = v.hvm && (() => {
    const { pending_esr: _esr, ...lapic } = v.hvm.lapic;
    return { ...v.hvm, lapic };
  })();
  const pv = v.pv && { context: v.pv.context };
  return carryUnknown({ ...v, hvm, pv }, v);
}

export function downgrade4to3(s: StateV4, ctx: DowngradeContext): Migrated<StateV3> {
  const notes: MigrationNote[] = [];
  const root: Site = { notes, path: '' };
  const maxPcpus = HostV3.fields.nr_pcpus.node.desc;
  if (maxPcpus.kind === 'uint' && s.host.nr_pcpus > maxPcpus.max) {
    block(ctx, at(root, 'host.nr_pcpus'), 'nr_pcpus', `host has ${s.host.nr_pcpus} pCPUs; v3 holds at most ${maxPcpus.max}`, '');
  }
  if (s.host.xen_pages.length > 0) {
    block(ctx, at(root, 'host.xen_pages'), 'xen_pages', `${s.host.xen_pages.length} range(s) of pages owned by dom_xen/dom_io/dom_cow; v3 cannot express them`, `${s.host.xen_pages.length} pseudo-domain page range(s) dropped`);
  }
  const domains = s.domains.map((ds, i): DomainStateV3 => {
    const site: Site = { notes, path: `domains[${i}]`, domid: ds.domain.domid };
    blockersForV3(ds, site, ctx);
    const d = ds.domain;
    const domain = inFieldOrder(DOMAIN_V3.body.fields, { ...d, max_pages: BigInt(d.max_pages), tot_pages: BigInt(d.tot_pages) }) as DomainV3;
    carryFields(domain, d, DOMAIN_V3.body.desc, at(site, 'domain'));
    const strip = <T extends object>(o: T, keys: readonly string[]): T => carryUnknown(Object.fromEntries(Object.entries(o).filter(([k]) => !keys.includes(k))) as T, o);
    const out: DomainStateV3 = inFieldOrder(v3.sections, {
      ...ds,
      domain,
      vcpus: ds.vcpus.map(vcpuDown),
      grant_table: ds.grant_table && strip(ds.grant_table, ['shared_mfns', 'status_mfns']),
      event_fifo: ds.event_fifo && carryUnknown({ ...ds.event_fifo, vcpus: ds.event_fifo.vcpus.map((v) => strip(v, ['tails'])) }, ds.event_fifo),
      event_channels: carryUnknown(ds.event_channels.map((c) => strip(c, ['last_vcpu', 'last_priority', 'xen_consumer'])), ds.event_channels),
      // Blocked above when a server has no GFN: this state is then discarded.
      ioreq_servers: carryUnknown(ds.ioreq_servers.map((r): IoreqV3 => carryUnknown({ id: r.id, dm_domid: r.dm_domid, ioreq_gfn: r.ioreq_gfn ?? 0n, bufioreq_gfn: r.bufioreq_gfn, vcpu_ports: r.vcpu_ports }, r)), ds.ioreq_servers),
    }) as DomainStateV3;
    dropRecords(carryRecords(out, ds, v3), v3, site);
    return out;
  });
  const { xen_pages: _pages, ...host } = s.host;
  carryUnknown(host, s.host);
  const state: StateV3 = { host, domains };
  dropRecords(carryRecords(state, s, v3), v3, root);
  return { state, notes };
}
