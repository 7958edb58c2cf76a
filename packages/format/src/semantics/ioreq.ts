/**
 * IOREQ rules: an IOREQ server is a cross-domain link by domid (the device model serves this
 * domain), so the device-model domain must be in the state, be another domain, and the server's
 * per-vCPU ports (and, from v4, its buffered-ioreq port) must be bound in this domain towards it.
 */
import type { AnyDomain, Context } from './context.js';
import { type CrossDomainIndex, domainStub } from './cross-domain.js';
import type { Report } from './report.js';
import { type RuleInfo, defineRules, withField } from './rule.js';

export const IOREQ_RULES = defineRules('ioreq', {
  dmExists: { id: 'ioreq.dm-exists', severity: 'error', scope: 'cross-domain', summary: "an IOREQ server's device-model domain is in the state" },
  dmDiffers: { id: 'ioreq.dm-differs', severity: 'error', scope: 'domain', summary: 'an IOREQ server is not served by the domain itself' },
  portsBound: { id: 'ioreq.ports-bound', severity: 'error', scope: 'cross-domain', summary: "an IOREQ server's vCPU ports are bound, unbound-for or interdomain to the device-model domain" },
  bufioreqPort: {
    id: 'ioreq.bufioreq-port-bound', severity: 'error', scope: 'cross-domain', versions: withField('ioreq_servers', 'bufioreq_port'),
    summary: "an IOREQ server's buffered-ioreq port, when not 0, is bound, unbound-for or interdomain to the device-model domain",
  },
});

type IoreqServer = AnyDomain['ioreq_servers'][number];

export function checkIoreq(ctx: Context, report: Report): void {
  const R = IOREQ_RULES;
  for (const dv of ctx.domains) {
    dv.d.ioreq_servers.forEach((s, k) => {
      if (s.dm_domid === dv.domid) {
        report.add(R.dmDiffers, `${dv.path}.ioreq_servers[${k}].dm_domid`, `d${dv.domid} IOREQ server ${s.id} is served by d${dv.domid} itself`, dv.domid);
        return;
      }
      const ports = ctx.portsOf(dv);
      const towardsDm = (port: number): string | undefined => {
        const ch = ports.get(port);
        if (ch && (ch.state === 'unbound' || ch.state === 'interdomain') && ch.remote_domid === s.dm_domid) return undefined;
        return !ch ? 'not bound' : `${ch.state}${ch.state === 'unbound' || ch.state === 'interdomain' ? ` to d${ch.remote_domid}` : ''}`;
      };
      const unbound: ServerPort[] = [];
      s.vcpu_ports.forEach((port, v) => {
        const is = towardsDm(port);
        if (is) unbound.push({ v, port, is });
      });
      const buf = 'bufioreq_port' in s ? s.bufioreq_port : 0;
      const bufIs = buf !== 0 && report.applies(R.bufioreqPort) ? towardsDm(buf) : undefined;
      const server: Server = { index: dv.at, domid: dv.domid, k, s, unbound, ...(bufIs !== undefined ? { buffered: { port: buf, is: bufIs } } : {}) };
      if (ctx.across.seen(s.dm_domid)) checkServer(ctx.across, server, (rule, path, message) => report.add(rule, `${dv.path}.${path}`, message, dv.domid));
      else deferServer(ctx.across, server); // the device model may be further on in the stream
    });
  }
}

/** A vCPU port of an IOREQ server that is not towards its device model, as found in its domain. */
interface ServerPort {
  readonly v: number;
  readonly port: number;
  readonly is: string;
}

interface Server {
  /** Stream position and domid of the served domain, the server's position and the server. */
  readonly index: number;
  readonly domid: number;
  readonly k: number;
  readonly s: IoreqServer;
  readonly unbound: readonly ServerPort[];
  /** The buffered-ioreq port (v4), when it is not towards the device model. */
  readonly buffered?: { readonly port: number; readonly is: string };
}

/** ioreq.dm-exists, then (the device model being there) ioreq.ports-bound. */
function checkServer(across: CrossDomainIndex, at: Server, add: (rule: RuleInfo, path: string, message: string) => void): void {
  const { s } = at;
  const p = `ioreq_servers[${at.k}]`;
  const what = `d${at.domid} IOREQ server ${s.id}`;
  if (!across.seen(s.dm_domid)) {
    add(IOREQ_RULES.dmExists, `${p}.dm_domid`, `${what} is served by d${s.dm_domid}, which is not in the state`);
    return;
  }
  for (const u of at.unbound) add(IOREQ_RULES.portsBound, `${p}.vcpu_ports[${u.v}]`, `${what} vCPU ${u.v} port ${u.port} is ${u.is}, not towards d${s.dm_domid}`);
  const b = at.buffered;
  if (b) add(IOREQ_RULES.bufioreqPort, `${p}.bufioreq_port`, `${what} buffered-ioreq port ${b.port} is ${b.is}, not towards d${s.dm_domid}`);
}

/** checkServer once every domain is in; its own function so the closure holds the server only. */
function deferServer(across: CrossDomainIndex, at: Server): void {
  across.later((report) =>
    checkServer(across, at, (rule, path, message) => report.addDeferred(domainStub(at.domid, ['ioreq_servers'], at.k, at.s), at.index, rule, `domains[${at.index}].${path}`, message, at.domid)),
  );
}
