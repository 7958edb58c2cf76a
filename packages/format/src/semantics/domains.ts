/** Domain rules: identity, the hardware domain, cpupools and page accounting. */
import { DOMID_FIRST_RESERVED, HVM_MAX_VCPUS } from '../schema/xen.js';
import { type Context, hex } from './context.js';
import type { Report } from './report.js';
import { defineRules, withField } from './rule.js';

export const DOMAIN_RULES = defineRules('domain', {
  domidUnique: { id: 'domain.domid-unique', severity: 'error', scope: 'cross-domain', summary: 'no two domains have the same domid' },
  domidRange: { id: 'domain.domid-range', severity: 'error', scope: 'domain', summary: 'domids are below 0x7FF0 (DOMID_FIRST_RESERVED)' },
  oneHardware: { id: 'domain.one-hardware', severity: 'error', scope: 'cross-domain', summary: 'at most one domain is the hardware domain (a PV shim or a dom0less host has none)' },
  cpupool: { id: 'domain.cpupool-exists', severity: 'error', scope: 'domain', summary: "a domain's cpupool is one of the host's cpupools", versions: withField('domain', 'cpupool') },
  totMax: { id: 'domain.tot-pages-max', severity: 'warning', scope: 'domain', summary: 'tot_pages above max_pages: legal after a lowered max_mem, but the domain cannot allocate until it frees pages' },
  maxVcpusHvm: { id: 'domain.max-vcpus-hvm', severity: 'error', scope: 'domain', summary: `an HVM or PVH domain has at most ${HVM_MAX_VCPUS} vCPUs (HVM_MAX_VCPUS)` },
  totOwned: { id: 'domain.tot-pages-owned', severity: 'error', scope: 'domain', summary: 'tot_pages equals the number of pages the domain owns in PAGES' },
});

export function checkDomains(ctx: Context, report: Report): void {
  const R = DOMAIN_RULES;
  const pools = new Set(ctx.state.host.cpupools.map((p) => p.id));
  const { across } = ctx;
  const pages = ctx.pages;
  for (const dv of ctx.domains) {
    const d = dv.d.domain;
    const first = across.firstOf.get(dv.domid);
    if (first !== dv.at) report.add(R.domidUnique, `${dv.path}.domain.domid`, `domid ${dv.domid} is also that of .domains[${first}] (by position, as jq finds it)`, dv.domid);
    if (dv.domid >= DOMID_FIRST_RESERVED) report.add(R.domidRange, `${dv.path}.domain.domid`, `domid ${hex(dv.domid)} is reserved (>= 0x7ff0)`, dv.domid);
    if (d.roles.hardware) {
      if (across.hardware === undefined) across.hardware = dv.at;
      else report.add(R.oneHardware, `${dv.path}.domain.roles.hardware`, `d${dv.domid} is a second hardware domain (d${across.domidAt[across.hardware]} is one)`, dv.domid);
    }
    if ('cpupool' in d && !pools.has(d.cpupool)) report.add(R.cpupool, `${dv.path}.domain.cpupool`, `d${dv.domid} is in cpupool ${d.cpupool}, which the host does not have`, dv.domid);
    if ((d.type === 'hvm' || d.type === 'pvh') && d.max_vcpus > HVM_MAX_VCPUS) {
      report.add(R.maxVcpusHvm, `${dv.path}.domain.max_vcpus`, `d${dv.domid} is ${d.type} with max_vcpus ${d.max_vcpus}, above HVM_MAX_VCPUS ${HVM_MAX_VCPUS}`, dv.domid);
    }
    // Xen lowers max_pages without looking at tot_pages (XEN_DOMCTL_max_mem): a state, not an error.
    if (d.tot_pages > BigInt(d.max_pages)) report.add(R.totMax, `${dv.path}.domain.tot_pages`, `d${dv.domid} tot_pages ${hex(d.tot_pages)} exceeds max_pages ${hex(d.max_pages)} (allocations fail until it drops)`, dv.domid);
    const owned = pages.frames[dv.i]!;
    if (Number(d.tot_pages) !== owned) report.add(R.totOwned, `${dv.path}.domain.tot_pages`, `d${dv.domid} tot_pages ${hex(d.tot_pages)} but PAGES sum to ${hex(owned)}`, dv.domid);
  }
}
