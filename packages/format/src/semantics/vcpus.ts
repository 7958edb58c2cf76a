/** vCPU rules: ids, vCPU 0, the kind of CPU context, and one value per MSR. */
import type { Context } from './context.js';
import type { Report } from './report.js';
import { defineRules } from './rule.js';

export const VCPU_RULES = defineRules('vcpu', {
  idUnique: { id: 'vcpu.id-unique', severity: 'error', scope: 'domain', summary: 'no two vCPUs of a domain have the same id' },
  idRange: { id: 'vcpu.id-range', severity: 'error', scope: 'domain', summary: "vCPU ids are below the domain's max_vcpus" },
  zero: { id: 'vcpu.zero-present', severity: 'error', scope: 'domain', summary: 'a domain with vCPUs has vCPU 0 (Xen creates them in id order), unless dying; none at all is fine' },
  contextKind: { id: 'vcpu.context-kind', severity: 'error', scope: 'domain', summary: 'hvm and pvh vCPUs carry an HVM context only, pv32 and pv64 vCPUs a PV context only' },
  msrUnique: { id: 'vcpu.msr-unique', severity: 'error', scope: 'domain', summary: 'no MSR index appears twice in the MSR list of one vCPU' },
});

export function checkVcpus(ctx: Context, report: Report): void {
  const R = VCPU_RULES;
  for (const dv of ctx.domains) {
    const { domain, vcpus } = dv.d;
    const hvmLike = domain.type === 'hvm' || domain.type === 'pvh';
    const seen = new Set<number>();
    vcpus.forEach((v, j) => {
      const p = `${dv.path}.vcpus[${j}]`;
      if (seen.has(v.id)) report.add(R.idUnique, `${p}.id`, `d${dv.domid} has vCPU ${v.id} twice`, dv.domid);
      seen.add(v.id);
      if (v.id >= domain.max_vcpus) report.add(R.idRange, `${p}.id`, `d${dv.domid} vCPU ${v.id} is not below max_vcpus ${domain.max_vcpus}`, dv.domid);
      if (hvmLike ? v.hvm === null : v.pv === null) {
        report.add(R.contextKind, `${p}.${hvmLike ? 'hvm' : 'pv'}`, `d${dv.domid} (${domain.type}) vCPU ${v.id} has no ${hvmLike ? 'HVM' : 'PV'} context`, dv.domid);
      }
      if (hvmLike ? v.pv !== null : v.hvm !== null) {
        report.add(R.contextKind, `${p}.${hvmLike ? 'pv' : 'hvm'}`, `d${dv.domid} (${domain.type}) vCPU ${v.id} carries a ${hvmLike ? 'PV' : 'HVM'} context`, dv.domid);
      }
      // A restore loads MSRs in list order: a repeated index would leave whichever came last.
      const msrs = new Map<number, number>();
      v.msrs.forEach((m, k) => {
        const first = msrs.get(m.index);
        if (first === undefined) msrs.set(m.index, k);
        else report.add(R.msrUnique, `${p}.msrs[${k}].index`, `d${dv.domid} vCPU ${v.id} has MSR 0x${m.index.toString(16)} twice (msrs[${first}] and msrs[${k}])`, dv.domid);
      });
    });
    // No vCPU at all is a domain between createdomain and max_vcpus; vCPUs come into being in id
    // order and are never removed, so any vCPU implies vCPU 0.
    if (vcpus.length > 0 && !seen.has(0) && domain.state !== 'dying') report.add(R.zero, `${dv.path}.vcpus`, `d${dv.domid} (${domain.state}) has ${vcpus.length} vCPUs but no vCPU 0`, dv.domid);
  }
}
