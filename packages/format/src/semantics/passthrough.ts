/**
 * Passthrough rules (v3): a PCI device belongs to one domain, which was created with an IOMMU
 * context; its IOMMU page tables are Xen's, never guest RAM; a PIRQ binding's port is a pirq
 * channel of that PIRQ.
 */
import { type Context, hex } from './context.js';
import type { Report } from './report.js';
import { defineRules, withSection } from './rule.js';

export const PASSTHROUGH_RULES = defineRules('passthrough', {
  deviceUnique: { id: 'passthrough.device-unique', severity: 'error', scope: 'cross-domain', summary: 'a PCI device is assigned to at most one domain', versions: withSection('passthrough') },
  iommuFlag: { id: 'passthrough.iommu-flag', severity: 'error', scope: 'domain', summary: 'a domain with assigned devices was created with the iommu flag', versions: withSection('passthrough') },
  rootNotRam: { id: 'passthrough.iommu-root-not-ram', severity: 'error', scope: 'cross-domain', summary: 'an IOMMU page-table root is not a frame any domain owns', versions: withSection('passthrough') },
  pirqPort: { id: 'passthrough.pirq-port', severity: 'error', scope: 'domain', summary: "a PIRQ binding's port, when not 0, is a pirq channel of that PIRQ", versions: withSection('passthrough') },
});

const bdf = (d: { segment: number; bus: number; devfn: number }) =>
  `${d.segment.toString(16).padStart(4, '0')}:${d.bus.toString(16).padStart(2, '0')}:${(d.devfn >> 3).toString(16).padStart(2, '0')}.${d.devfn & 7}`;

export function checkPassthrough(ctx: Context, report: Report): void {
  const R = PASSTHROUGH_RULES;
  const assigned = new Map<number, number>();
  for (const dv of ctx.domains) {
    const pt = 'passthrough' in dv.d ? dv.d.passthrough : null;
    if (!pt) continue;
    const p = `${dv.path}.passthrough`;
    pt.devices.forEach((dev, k) => {
      const id = dev.segment * 0x1_0000 + dev.bus * 0x100 + dev.devfn;
      const holder = assigned.get(id);
      if (holder !== undefined) report.add(R.deviceUnique, `${p}.devices[${k}]`, `d${dv.domid} has device ${bdf(dev)}, already assigned to d${holder}`, dv.domid);
      else assigned.set(id, dv.domid);
    });
    if (pt.devices.length > 0 && !dv.d.domain.create_flags.iommu) {
      report.add(R.iommuFlag, `${dv.path}.domain.create_flags.iommu`, `d${dv.domid} has ${pt.devices.length} assigned devices but no iommu flag`, dv.domid);
    }
    const owner = ctx.owners.tagAt(Number(pt.iommu_root_mfn));
    if (owner >= 0) report.add(R.rootNotRam, `${p}.iommu_root_mfn`, `d${dv.domid} IOMMU root ${hex(pt.iommu_root_mfn)} is owned by d${ctx.domains[owner]!.domid}`, dv.domid);
    const ports = ctx.portsOf(dv);
    pt.pirqs.forEach((b, k) => {
      if (b.port === 0) return;
      const ch = ports.get(b.port);
      if (!ch || ch.state !== 'pirq' || ch.pirq !== b.pirq) {
        const is = !ch ? 'not bound' : ch.state === 'pirq' ? `bound to PIRQ ${ch.pirq}` : ch.state;
        report.add(R.pirqPort, `${p}.pirqs[${k}].port`, `d${dv.domid} PIRQ ${b.pirq} names port ${b.port}, which is ${is}`, dv.domid);
      }
    });
  }
}
