import { describe, expect, it } from 'vitest';
import { exampleState } from '../src/examples/index.js';
import { CROSS_DOMAIN_RULES, DomainByDomainValidator, RULES, validateSemantics } from '../src/semantics/index.js';
import { VERSIONS } from '../src/schema/index.js';

describe('rule scopes', () => {
  it('every rule declares host, domain or cross-domain scope', () => {
    for (const r of RULES) expect(['host', 'domain', 'cross-domain'], r.id).toContain(r.scope);
  });

  it('host-scope rules are of the host family; the cross-domain ones are the 17 that compare domains', () => {
    // Pinned: moving a rule between scopes changes which rules ask the cross-domain indexes.
    expect(RULES.filter((r) => r.scope === 'host').map((r) => r.id).sort()).toEqual([
      'host.bootmem-disjoint', 'host.bootmem-nonempty', 'host.m2p-outside-bootmem', 'host.stream-outside-bootmem',
    ]);
    expect(RULES.filter((r) => r.scope === 'cross-domain').map((r) => r.id).sort()).toEqual([
      'domain.domid-unique', 'domain.one-hardware', 'evtchn.interdomain-symmetric', 'grant.host-pins-mapped',
      'grant.maptrack-dangling', 'grant.mfn-owner', 'grant.pin-count', 'ioreq.bufioreq-port-bound', 'ioreq.dm-exists', 'ioreq.ports-bound',
      'mem.ownership-disjoint', 'mem.p2m-foreign-owned', 'mem.p2m-mmio-unowned', 'mem.p2m-ram-owned', 'mem.xen-heap-unowned',
      'passthrough.device-unique', 'passthrough.iommu-root-not-ram',
    ]);
    expect([...CROSS_DOMAIN_RULES].sort()).toEqual(RULES.filter((r) => r.scope === 'cross-domain').map((r) => r.id).sort());
  });

  it("a domain checked alone is named by its domid, its jq path by its index in the stream, and the host's findings are reported once", () => {
    const s = exampleState(3);
    s.host.m2p.start = s.host.total_pages; // host.mfn-range on the host, whatever the domains
    s.domains[3]!.vcpus[0]!.id = 200; // vcpu.id-range on the fourth domain
    const check = new DomainByDomainValidator(s.host, 3);
    s.domains.forEach((d, i) => check.domain(d, i));
    const found = check.finish();
    expect(found.filter((f) => f.rule === 'host.mfn-range').map((f) => f.path)).toEqual(['host.m2p.start']);
    const domid = s.domains[3]!.domain.domid;
    expect(found.filter((f) => f.rule === 'vcpu.id-range').map((f) => [f.path, f.jq])).toEqual([[`domains[domid=${domid}].vcpus[id=200].id`, '.domains[3].vcpus[0].id']]);
    expect(found.filter((f) => f.rule === 'host.mfn-range' || f.rule === 'vcpu.id-range')).toEqual(
      validateSemantics(s, 3).filter((f) => f.rule === 'host.mfn-range' || f.rule === 'vcpu.id-range'),
    );
  });
});
