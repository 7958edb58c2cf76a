/**
 * Loose, version-neutral access to a state for the rule breakers: they edit a deep copy in place,
 * so the shapes are read as plain records rather than through the per-version types.
 */
import type { State } from '@xenlu/format';

export type Obj = Record<string, unknown>;

export interface LooseState {
  host: Obj & { bootmem: Obj[]; m2p: Obj; handover: Obj; cpupools: Obj[]; total_pages: bigint };
  domains: LooseDomain[];
}

export interface LooseDomain extends Obj {
  domain: Obj & { domid: number; type: string; evtchn_abi: string; create_flags: Obj };
  vcpus: (Obj & { id: number })[];
  p2m: Obj[];
  pages: (Obj & { first_mfn: bigint; count: bigint })[];
  event_channels: (Obj & { port: number; state: string })[];
  hvm_params: (Obj & { index: number; value: bigint })[];
  hvm_devices: Obj[];
  ioreq_servers: Obj[];
  grant_table: GrantTableObj | null;
}

export interface GrantTableObj extends Obj {
  version: number;
  nr_frames: number;
  max_frames: number;
  shared_gfns: bigint[];
  status_gfns: bigint[];
  active: (Obj & { ref: number; grantee: number; pin: Obj & { host_rw: number; host_ro: number }; mfn: bigint })[];
  maptrack: (Obj & { handle: number; granter: number; ref: number; flags: Obj })[];
}

export function loose(s: State): LooseState {
  return s as unknown as LooseState;
}

export function pickOf<T>(list: readonly T[], n: number): T | undefined {
  return list.length === 0 ? undefined : list[n % list.length];
}

export function isHvmLike(d: LooseDomain): boolean {
  return d.domain.type === 'hvm' || d.domain.type === 'pvh';
}

export function maxPort(d: LooseDomain): number {
  return d.event_channels.reduce((m, c) => Math.max(m, c.port), 0);
}

/** An IPI channel at the next free port, raising max_evtchn_port if needed. */
export function addIpi(d: LooseDomain, withPriority: boolean, fields: Obj = {}): Obj & { port: number; state: string } {
  const port = maxPort(d) + 1;
  const ch: Obj & { port: number; state: string } = {
    port, state: 'ipi', notify_vcpu: d.vcpus[0]?.id ?? 0, remote_domid: 0, remote_port: 0, pirq: 0, virq: 0, pending: false, masked: false,
    ...(withPriority ? { priority: 7 } : {}),
    ...fields,
  };
  d.event_channels.push(ch);
  if (Number(d.domain['max_evtchn_port']) < port) d.domain['max_evtchn_port'] = port;
  return ch;
}

/** First GFN after every P2M entry. */
export function p2mEnd(d: LooseDomain): bigint {
  let end = 0n;
  for (const e of d.p2m) {
    const count = typeof e['count'] === 'bigint' ? e['count'] : 1n << BigInt(Number(e['order']));
    const last = (e['gfn'] as bigint) + count;
    if (last > end) end = last;
  }
  return end;
}

/** A P2M entry in the shape of the version (order-0 entry or a one-frame extent). */
export function p2mEntry(gfn: bigint, mfn: bigint, type: string, extentsVersion: boolean): Obj {
  return extentsVersion ? { gfn, mfn, count: 1n, type, access: 'rwx' } : { gfn, mfn, order: 0, type, access: 'rwx' };
}

/** Sum of PAGES counts. */
export function owned(d: LooseDomain): bigint {
  return d.pages.reduce((n, p) => n + p.count, 0n);
}

/** tot_pages of any version: a u64 (bigint) before v4, a u32 (number) from v4. */
export function totPages(d: LooseDomain): bigint {
  return BigInt(d.domain['tot_pages'] as number | bigint);
}

/** Sets tot_pages (and max_pages when needed) keeping each one's integer type. */
export function setTotPages(d: LooseDomain, tot: bigint): void {
  d.domain['tot_pages'] = typeof d.domain['tot_pages'] === 'number' ? Number(tot) : tot;
  const max = d.domain['max_pages'];
  if (BigInt(max as number | bigint) < tot) d.domain['max_pages'] = typeof max === 'number' ? Number(tot) : tot;
}
