/**
 * Small constructors for the entries the example domains are made of, so each domain module
 * reads as a list of facts (port 14 is interdomain to 1:1, ...) rather than object literals.
 */
import { EVTCHN_FIFO_PRIORITY_DEFAULT } from '../schema/xen.js';
import type { ActiveGrant, EventChannel, MaptrackEntry, P2mEntry, PageRange, VcpuRunstate } from './parts.js';

type ChannelOpts = { vcpu?: number; pending?: boolean; masked?: boolean; priority?: number };

function channel(port: number, state: EventChannel['state'], o: ChannelOpts, more: Partial<EventChannel>): EventChannel {
  return {
    port, state, notify_vcpu: o.vcpu ?? 0, remote_domid: 0, remote_port: 0, pirq: 0, virq: 0,
    pending: o.pending ?? false, masked: o.masked ?? false, priority: o.priority ?? EVTCHN_FIFO_PRIORITY_DEFAULT,
    ...more,
  };
}

export const evtchn = {
  interdomain: (port: number, domid: number, remotePort: number, o: ChannelOpts = {}) =>
    channel(port, 'interdomain', o, { remote_domid: domid, remote_port: remotePort }),
  unbound: (port: number, mayBind: number, o: ChannelOpts = {}) => channel(port, 'unbound', o, { remote_domid: mayBind }),
  virq: (port: number, virq: number, o: ChannelOpts = {}) => channel(port, 'virq', o, { virq }),
  ipi: (port: number, o: ChannelOpts = {}) => channel(port, 'ipi', o, {}),
  pirq: (port: number, pirq: number, o: ChannelOpts = {}) => channel(port, 'pirq', o, { pirq }),
};

/** public/xen.h VIRQ numbers the example binds. */
export const VIRQ = { TIMER: 0, DEBUG: 1, CONSOLE: 2, DOM_EXC: 3 } as const;

export function p2m(gfn: bigint, mfn: bigint, order: 0 | 9 | 18, type: P2mEntry['type'], access: P2mEntry['access'] = 'rwx'): P2mEntry {
  return { gfn, mfn, order, type, access };
}

export function pages(first_mfn: bigint, count: bigint, type: PageRange['type'], pinned = false): PageRange {
  return { first_mfn, count, type, pinned };
}

const NO_PINS = { host_rw: 0, host_ro: 0, device_rw: 0, device_ro: 0 };

/** An active grant mapped by its grantee: one host mapping, read-only or not, maybe for a device too. */
export function mappedGrant(ref: number, grantee: number, mfn: bigint, o: { readonly?: boolean; device?: boolean } = {}): ActiveGrant {
  const ro = o.readonly ?? false;
  return {
    ref, grantee, mfn, transitive: null, sub_page: null,
    pin: { host_rw: ro ? 0 : 1, host_ro: ro ? 1 : 0, device_rw: o.device && !ro ? 1 : 0, device_ro: o.device && ro ? 1 : 0 },
  };
}

/** An active entry with no mapping: grants only grant-copy may use (transitive, sub-page). */
export function copyOnlyGrant(ref: number, grantee: number, mfn: bigint, more: Pick<ActiveGrant, 'transitive' | 'sub_page'>): ActiveGrant {
  return { ref, grantee, mfn, pin: { ...NO_PINS }, ...more };
}

type MapFlag = keyof MaptrackEntry['flags'];

export function maptrack(handle: number, granter: number, ref: number, flags: readonly MapFlag[], vcpu = 0): MaptrackEntry {
  const has = (f: MapFlag) => flags.includes(f);
  return {
    handle, granter, ref, vcpu,
    flags: { device_map: has('device_map'), host_map: has('host_map'), readonly: has('readonly'), application_map: has('application_map'), contains_pte: has('contains_pte') },
  };
}

/** A user-space mapping through gntdev in a PV backend (xenstored, xenconsoled). */
export const USER_MAP: readonly MapFlag[] = ['host_map', 'application_map', 'contains_pte'];

export function runstate(vcpu: number, state: VcpuRunstate['state'], entry: bigint, time: [bigint, bigint, bigint, bigint]): VcpuRunstate {
  return { vcpu, state, state_entry_time: entry, time };
}

export function handle(bytes: string): Uint8Array {
  const hex = bytes.replace(/-/g, '');
  const out = new Uint8Array(16);
  for (let i = 0; i < 16; i++) out[i] = parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return out;
}
