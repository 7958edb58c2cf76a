/**
 * Event-channel rules: ports within the ABI's and the domain's limits, notified vCPUs that exist,
 * interdomain channels that pair up, VIRQs bound once per vCPU, FIFO-only state on FIFO domains,
 * PIRQ channels backed by a PIRQ binding (v3).
 */
import {
  EVTCHN_2L_NR_CHANNELS_32, EVTCHN_2L_NR_CHANNELS_64, EVTCHN_FIFO_NR_CHANNELS, EVTCHN_FIFO_PRIORITY_DEFAULT, NR_VIRQS,
} from '../schema/xen.js';
import type { Context, DomainView, EventChannel } from './context.js';
import { type CrossDomainIndex, domainStub, pairKey } from './cross-domain.js';
import type { Report } from './report.js';
import { defineRules, withField, withSection } from './rule.js';

export const EVTCHN_RULES = defineRules('evtchn', {
  portUnique: { id: 'evtchn.port-unique', severity: 'error', scope: 'domain', summary: 'no port of a domain is bound twice' },
  portNonZero: { id: 'evtchn.port-nonzero', severity: 'error', scope: 'domain', summary: 'port 0 is never bound' },
  abiLimit: { id: 'evtchn.port-abi-limit', severity: 'error', scope: 'domain', summary: 'ports are below the ABI limit: 2-level 4096 (1024 for pv32), FIFO 131072' },
  portMax: { id: 'evtchn.port-max', severity: 'error', scope: 'domain', summary: "ports do not exceed the domain's max_evtchn_port" },
  notifyVcpu: { id: 'evtchn.notify-vcpu', severity: 'error', scope: 'domain', summary: "a channel's notify vCPU exists" },
  symmetric: { id: 'evtchn.interdomain-symmetric', severity: 'error', scope: 'cross-domain', summary: 'A:p is interdomain to B:q exactly when B:q is interdomain to A:p' },
  virqUnique: { id: 'evtchn.virq-unique', severity: 'error', scope: 'domain', summary: 'a (vCPU, VIRQ) pair is bound at most once' },
  virqRange: { id: 'evtchn.virq-range', severity: 'error', scope: 'domain', summary: 'VIRQ numbers are below 24 (NR_VIRQS)' },
  priorityFifo: { id: 'evtchn.priority-fifo-only', severity: 'warning', scope: 'domain', summary: 'a non-default priority only on the FIFO ABI (2-level channels keep 7)', versions: withSection('event_fifo') },
  fifoRecord: { id: 'evtchn.fifo-record', severity: 'error', scope: 'domain', summary: 'EVENT_FIFO state is present exactly for domains on the FIFO ABI', versions: withSection('event_fifo') },
  lastVcpu: {
    id: 'evtchn.last-vcpu-range', severity: 'error', scope: 'domain', versions: withField('event_channels', 'last_vcpu'),
    summary: "a channel's last FIFO queue belongs to a vCPU below max_vcpus",
  },
  pirqBinding: { id: 'evtchn.pirq-binding', severity: 'error', scope: 'domain', summary: 'a pirq channel of a domain with a PASSTHROUGH record names one of its PIRQ bindings', versions: withSection('passthrough') },
});

/** Highest port count of the domain's ABI (common/event_channel.h, public/event_channel.h). */
export function abiPortLimit(d: DomainView['d']['domain']): number {
  if (d.evtchn_abi === 'fifo') return EVTCHN_FIFO_NR_CHANNELS;
  // Sized by the shared-info word width: 32-bit for pv32 and (v4 records it) a guest that set up 32-bit shared info.
  const narrow = d.type === 'pv32' || ('has_32bit_shinfo' in d && d.has_32bit_shinfo);
  return narrow ? EVTCHN_2L_NR_CHANNELS_32 : EVTCHN_2L_NR_CHANNELS_64;
}

export function checkEventChannels(ctx: Context, report: Report): void {
  const R = EVTCHN_RULES;
  for (const dv of ctx.domains) {
    const { domain, vcpus, event_channels: channels } = dv.d;
    const limit = abiPortLimit(domain);
    const vcpuIds = new Set(vcpus.map((v) => v.id));
    const ports = ctx.portsOf(dv);
    // The other ends of channels: the ports of the first domain with each domid, as numbers.
    if (ctx.across.firstOf.get(dv.domid) === dv.at) {
      for (const [port, ch] of ports) {
        const remote = ch.state === 'interdomain' || ch.state === 'unbound' ? ch.remote_domid : -1;
        ctx.across.ports.set(pairKey(dv.domid, port), { state: ch.state, remoteDomid: remote, remotePort: ch.state === 'interdomain' ? ch.remote_port : -1 });
      }
    }
    const virqs = new Map<number, number>();
    // Bindings exist only where PASSTHROUGH is written: a domain without one (every domain a v1/v2
    // stream upgrades) keeps pirq channels whose bindings the stream never carried.
    const pirqs = 'passthrough' in dv.d && dv.d.passthrough ? new Set(dv.d.passthrough.pirqs.map((b) => b.pirq)) : null;
    const fifo = 'event_fifo' in dv.d ? dv.d.event_fifo : undefined;
    if (fifo !== undefined && (fifo !== null) !== (domain.evtchn_abi === 'fifo')) {
      report.add(R.fifoRecord, `${dv.path}.event_fifo`, `d${dv.domid} uses the ${domain.evtchn_abi} ABI but ${fifo ? 'has' : 'has no'} EVENT_FIFO state`, dv.domid);
    }
    channels.forEach((ch, j) => {
      const p = `${dv.path}.event_channels[${j}]`;
      const at = `d${dv.domid}:${ch.port}`;
      if (ports.get(ch.port) !== ch) report.add(R.portUnique, `${p}.port`, `${at} is bound twice`, dv.domid);
      if (ch.port === 0) report.add(R.portNonZero, `${p}.port`, `d${dv.domid} binds port 0`, dv.domid);
      if (ch.port >= limit) report.add(R.abiLimit, `${p}.port`, `${at} is not below the ${domain.evtchn_abi} limit ${limit} for ${domain.type}`, dv.domid);
      if (ch.port > domain.max_evtchn_port) report.add(R.portMax, `${p}.port`, `${at} exceeds max_evtchn_port ${domain.max_evtchn_port}`, dv.domid);
      if (!vcpuIds.has(ch.notify_vcpu)) report.add(R.notifyVcpu, `${p}.notify_vcpu`, `${at} notifies vCPU ${ch.notify_vcpu}, which d${dv.domid} does not have`, dv.domid);
      // Xen indexes d->vcpu[] with it when the event is next raised (event_fifo.c lock_old_queue).
      const last = 'last_vcpu' in ch ? (ch as { last_vcpu: number }).last_vcpu : 0;
      if (last >= domain.max_vcpus) report.add(R.lastVcpu, `${p}.last_vcpu`, `${at} was last queued on vCPU ${last}, not below max_vcpus ${domain.max_vcpus}`, dv.domid);
      if ('priority' in ch && domain.evtchn_abi !== 'fifo' && ch.priority !== EVTCHN_FIFO_PRIORITY_DEFAULT) {
        report.add(R.priorityFifo, `${p}.priority`, `${at} has priority ${ch.priority} on the ${domain.evtchn_abi} ABI`, dv.domid);
      }
      switch (ch.state) {
        case 'interdomain': {
          const end = { index: dv.at, domid: dv.domid, j, ch };
          if (ctx.across.seen(ch.remote_domid)) checkPeer(ctx.across, end, (path, message) => report.add(R.symmetric, `${dv.path}.${path}`, message, dv.domid));
          else deferPeer(ctx.across, end); // the other end is further on in the stream
          break;
        }
        case 'virq': {
          if (ch.virq >= NR_VIRQS) report.add(R.virqRange, `${p}.virq`, `${at} binds VIRQ ${ch.virq} (NR_VIRQS is ${NR_VIRQS})`, dv.domid);
          const key = ch.notify_vcpu * 256 + ch.virq;
          const other = virqs.get(key);
          if (other !== undefined) report.add(R.virqUnique, `${p}.virq`, `${at} binds VIRQ ${ch.virq} on vCPU ${ch.notify_vcpu}, already bound to port ${other}`, dv.domid);
          else virqs.set(key, ch.port);
          break;
        }
        case 'pirq':
          if (pirqs && !pirqs.has(ch.pirq)) report.add(R.pirqBinding, `${p}.pirq`, `${at} is bound to PIRQ ${ch.pirq}, which d${dv.domid} has no binding for`, dv.domid);
          break;
        default:
      }
    });
  }
}

interface ChannelEnd {
  /** Stream position and domid of the domain, the channel's position and the channel. */
  readonly index: number;
  readonly domid: number;
  readonly j: number;
  readonly ch: EventChannel;
}

/**
 * checkPeer once every domain is in. A function of its own so that the deferred check's closure
 * holds the channel only, not the scope of the domain's loop.
 */
function deferPeer(across: CrossDomainIndex, end: ChannelEnd): void {
  across.later((report) =>
    checkPeer(across, end, (path, message) =>
      report.addDeferred(domainStub(end.domid, ['event_channels'], end.j, end.ch), end.index, EVTCHN_RULES.symmetric, `domains[${end.index}].${path}`, message, end.domid),
    ),
  );
}

/** Checks an interdomain channel against its other end; `add` reports at a path below the domain. */
function checkPeer(across: CrossDomainIndex, at: ChannelEnd, add: (path: string, message: string) => void): void {
  const { ch, j } = at;
  const p = `event_channels[${j}]`;
  const here = `d${at.domid}:${ch.port}`;
  if (!across.seen(ch.remote_domid)) {
    add(`${p}.remote_domid`, `${here} is interdomain to d${ch.remote_domid}, which is not in the state`);
    return;
  }
  const back = across.ports.get(pairKey(ch.remote_domid, ch.remote_port));
  const there = `d${ch.remote_domid}:${ch.remote_port}`;
  if (!back) {
    add(`${p}.remote_port`, `${here} is interdomain to ${there}, which is not bound`);
  } else if (back.state !== 'interdomain') {
    add(`${p}.remote_port`, `${here} is interdomain to ${there}, which is ${back.state}`);
  } else if (back.remoteDomid !== at.domid || back.remotePort !== ch.port) {
    add(`${p}.remote_port`, `${here} is interdomain to ${there}, which is interdomain to d${back.remoteDomid}:${back.remotePort}`);
  }
}
