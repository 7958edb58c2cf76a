/**
 * One description of a domain for all schema versions, and its projection onto each version's
 * DomainState. Domains are written once in the v2 shapes plus the v3-only passthrough; projecting
 * to v1 drops what v1 cannot say, projecting to v3 renames, retires and converts the P2M. The
 * builders pick version-dependent features (FIFO ABI, grant v2, passthrough) themselves.
 */
import type { DomainStateV1, DomainStateV2, DomainStateV3, Version } from '../schema/index.js';

type DomainV2 = DomainStateV2['domain'];
export type DomainRecordParts = Omit<DomainV2, 'tot_pages'>;
export type P2mEntry = DomainStateV2['p2m'][number];
export type P2mExtent = DomainStateV3['p2m'][number];
export type Vcpu = DomainStateV2['vcpus'][number];
export type PageRange = DomainStateV2['pages'][number];
export type GrantTable = NonNullable<DomainStateV2['grant_table']>;
export type ActiveGrant = GrantTable['active'][number];
export type MaptrackEntry = GrantTable['maptrack'][number];
export type EventChannel = DomainStateV2['event_channels'][number];
export type EventFifo = NonNullable<DomainStateV2['event_fifo']>;
export type HvmParam = DomainStateV2['hvm_params'][number];
export type HvmDevice = DomainStateV2['hvm_devices'][number];
export type IoreqServer = DomainStateV2['ioreq_servers'][number];
export type VcpuRunstate = DomainStateV2['vcpu_runstates'][number];
export type Passthrough = NonNullable<DomainStateV3['passthrough']>;
export type TscInfo = DomainStateV2['tsc_info'];

export interface DomainParts {
  /** The DOMAIN record in its v2 shape; tot_pages is derived from `pages`. */
  readonly domain: DomainRecordParts;
  readonly tsc_info: TscInfo;
  /** Page-order entries; v3 merges them into extents. */
  readonly p2m: P2mEntry[];
  readonly vcpus: Vcpu[];
  readonly pages: PageRange[];
  readonly grant_table: GrantTable | null;
  readonly passthrough: Passthrough | null;
  readonly hvm_params: HvmParam[];
  readonly hvm_devices: HvmDevice[];
  readonly event_fifo: EventFifo | null;
  readonly event_channels: EventChannel[];
  readonly vcpu_runstates: VcpuRunstate[];
  readonly ioreq_servers: IoreqServer[];
}

export type DomainBuilder = (version: Version) => DomainParts;

/** tot_pages is what the domain owns: the sum of its PAGES counts. */
function ownedPages(pages: readonly PageRange[]): bigint {
  return pages.reduce((sum, p) => sum + p.count, 0n);
}

/** How many frames a page-order entry maps. */
export function orderCount(order: number): bigint {
  return 1n << BigInt(order);
}

/**
 * Page-order entries as v3 extents: adjacent entries of the same type and access that are
 * contiguous in both GFN and MFN space become one extent (what the 2 -> 3 upgrade does).
 */
export function toExtents(entries: readonly P2mEntry[]): P2mExtent[] {
  const out: P2mExtent[] = [];
  for (const e of entries) {
    const count = orderCount(e.order);
    const last = out[out.length - 1];
    if (last && last.type === e.type && last.access === e.access && last.gfn + last.count === e.gfn && last.mfn + last.count === e.mfn) {
      last.count += count;
    } else {
      out.push({ gfn: e.gfn, mfn: e.mfn, count, type: e.type, access: e.access });
    }
  }
  return out;
}

export function toV1(p: DomainParts): DomainStateV1 {
  const { cpupool: _cpupool, max_pages, evtchn_abi, ...rest } = p.domain;
  if (evtchn_abi !== 'two_level') throw new Error(`example domain ${rest.domid}: v1 has no ${evtchn_abi} ABI`);
  if (p.grant_table && p.grant_table.version !== 1) throw new Error(`example domain ${rest.domid}: v1 has grant v1 only`);
  return {
    domain: { ...rest, max_pages: Number(max_pages), evtchn_abi, tot_pages: ownedPages(p.pages) },
    tsc_info: p.tsc_info,
    p2m: p.p2m,
    vcpus: p.vcpus,
    pages: p.pages,
    grant_table: p.grant_table,
    hvm_params: p.hvm_params,
    hvm_devices: p.hvm_devices,
    event_channels: p.event_channels.map(({ priority: _priority, ...ch }) => ch),
    ioreq_servers: p.ioreq_servers,
  };
}

export function toV2(p: DomainParts): DomainStateV2 {
  return {
    domain: { ...p.domain, tot_pages: ownedPages(p.pages) },
    tsc_info: p.tsc_info,
    p2m: p.p2m,
    vcpus: p.vcpus,
    pages: p.pages,
    grant_table: p.grant_table,
    hvm_params: p.hvm_params,
    hvm_devices: p.hvm_devices,
    event_fifo: p.event_fifo,
    event_channels: p.event_channels,
    vcpu_runstates: p.vcpu_runstates,
    ioreq_servers: p.ioreq_servers,
  };
}

export function toV3(p: DomainParts): DomainStateV3 {
  const { ssidref, shr_pages: _shr, ...rest } = p.domain;
  return {
    domain: { ...rest, xsm_label: ssidref, tot_pages: ownedPages(p.pages) },
    tsc_info: p.tsc_info,
    p2m: toExtents(p.p2m),
    vcpus: p.vcpus,
    pages: p.pages,
    grant_table: p.grant_table,
    passthrough: p.passthrough,
    hvm_params: p.hvm_params,
    hvm_devices: p.hvm_devices,
    event_fifo: p.event_fifo,
    event_channels: p.event_channels,
    vcpu_runstates: p.vcpu_runstates,
    ioreq_servers: p.ioreq_servers,
  };
}

