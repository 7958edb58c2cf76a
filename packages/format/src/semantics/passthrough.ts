/**
 * Passthrough rules (v3): a PCI device belongs to one domain, which was created with an IOMMU
 * context; its IOMMU page tables are Xen's, never guest RAM; a PIRQ binding's port is a pirq
 * channel of that PIRQ.
 */
import { type Context, hex } from './context.js';
import { type CrossDomainIndex, domainStub } from './cross-domain.js';
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
  const { across } = ctx;
  const assigned = across.devices;
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
    const root = { index: dv.at, domid: dv.domid, mfn: pt.iommu_root_mfn };
    // An owned frame keeps its owner; an unowned one may be owned by a domain further on.
    if (across.owners.ownerAt(Number(root.mfn)) >= 0) checkRoot(across, root, (message) => report.add(R.rootNotRam, `${p}.iommu_root_mfn`, message, dv.domid));
    else deferRoot(across, root);
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

interface IommuRoot {
  /** Stream position and domid of the domain, and its IOMMU root frame. */
  readonly index: number;
  readonly domid: number;
  readonly mfn: bigint;
}

function checkRoot(across: CrossDomainIndex, root: IommuRoot, add: (message: string) => void): void {
  const owner = across.owners.ownerAt(Number(root.mfn));
  if (owner >= 0) add(`d${root.domid} IOMMU root ${hex(root.mfn)} is owned by d${across.domidAt[owner]}`);
}

/** checkRoot once every domain is in; its own function so the closure holds the numbers only. */
function deferRoot(across: CrossDomainIndex, root: IommuRoot): void {
  across.later((report) =>
    checkRoot(across, root, (message) =>
      report.addDeferred(domainStub(root.domid, ['passthrough'], 0, {}), root.index, PASSTHROUGH_RULES.rootNotRam, `domains[${root.index}].passthrough.iommu_root_mfn`, message, root.domid),
    ),
  );
}
