/**
 * IOREQ rules: an IOREQ server is a cross-domain link by domid (the device model serves this
 * domain), so the device-model domain must be in the state, be another domain, and the server's
 * per-vCPU ports (and, from v4, its buffered-ioreq port) must be bound in this domain towards it.
 */
import type { Context } from './context.js';
import type { Report } from './report.js';
import { defineRules, withField } from './rule.js';

export const IOREQ_RULES = defineRules('ioreq', {
  dmExists: { id: 'ioreq.dm-exists', severity: 'error', scope: 'cross-domain', summary: "an IOREQ server's device-model domain is in the state" },
  dmDiffers: { id: 'ioreq.dm-differs', severity: 'error', scope: 'domain', summary: 'an IOREQ server is not served by the domain itself' },
  portsBound: { id: 'ioreq.ports-bound', severity: 'error', scope: 'cross-domain', summary: "an IOREQ server's vCPU ports are bound, unbound-for or interdomain to the device-model domain" },
  bufioreqPort: {
    id: 'ioreq.bufioreq-port-bound', severity: 'error', scope: 'cross-domain', versions: withField('ioreq_servers', 'bufioreq_port'),
    summary: "an IOREQ server's buffered-ioreq port, when not 0, is bound, unbound-for or interdomain to the device-model domain",
  },
});

export function checkIoreq(ctx: Context, report: Report): void {
  const R = IOREQ_RULES;
  for (const dv of ctx.domains) {
    dv.d.ioreq_servers.forEach((s, k) => {
      const p = `${dv.path}.ioreq_servers[${k}]`;
      const what = `d${dv.domid} IOREQ server ${s.id}`;
      if (!ctx.byDomid.has(s.dm_domid)) {
        report.add(R.dmExists, `${p}.dm_domid`, `${what} is served by d${s.dm_domid}, which is not in the state`, dv.domid);
        return;
      }
      if (s.dm_domid === dv.domid) {
        report.add(R.dmDiffers, `${p}.dm_domid`, `${what} is served by d${dv.domid} itself`, dv.domid);
        return;
      }
      const ports = ctx.portsOf(dv);
      const towardsDm = (port: number): string | undefined => {
        const ch = ports.get(port);
        if (ch && (ch.state === 'unbound' || ch.state === 'interdomain') && ch.remote_domid === s.dm_domid) return undefined;
        return !ch ? 'not bound' : `${ch.state}${ch.state === 'unbound' || ch.state === 'interdomain' ? ` to d${ch.remote_domid}` : ''}`;
      };
      s.vcpu_ports.forEach((port, v) => {
        const is = towardsDm(port);
        if (is) report.add(R.portsBound, `${p}.vcpu_ports[${v}]`, `${what} vCPU ${v} port ${port} is ${is}, not towards d${s.dm_domid}`, dv.domid);
      });
      const buf = 'bufioreq_port' in s ? s.bufioreq_port : 0;
      const bufIs = buf !== 0 && report.applies(R.bufioreqPort) ? towardsDm(buf) : undefined;
      if (bufIs) report.add(R.bufioreqPort, `${p}.bufioreq_port`, `${what} buffered-ioreq port ${buf} is ${bufIs}, not towards d${s.dm_domid}`, dv.domid);
    });
  }
}
