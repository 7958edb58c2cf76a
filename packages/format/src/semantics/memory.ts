/**
 * Memory rules: each P2M is a sorted set of disjoint GFN ranges (page-order aligned before v3),
 * no frame is owned twice, and each P2M entry's frames have the owner its type implies
 * (p2m-types.ts): the domain itself for RAM, another domain (or dom_xen) for foreign mappings, no
 * domain for MMIO; grant mappings may target any frame.
 */
import { type Context, type DomainView, type P2mView, frames, hex, nthByGfn } from './context.js';
import { COVER } from './intervals.js';
import { TARGET_CODE as T } from './p2m-types.js';
import type { Report } from './report.js';
import { defineRules, withField } from './rule.js';

export const MEM_RULES = defineRules('mem', {
  p2mSorted: { id: 'mem.p2m-sorted', severity: 'error', scope: 'domain', summary: 'P2M entries are in ascending GFN order' },
  p2mDisjoint: { id: 'mem.p2m-disjoint', severity: 'error', scope: 'domain', summary: 'P2M entries do not overlap in GFN space' },
  p2mAligned: { id: 'mem.p2m-aligned', severity: 'error', scope: 'domain', summary: 'a page-order P2M entry has its GFN and MFN aligned to its order', versions: withField('p2m', 'order') },
  ownershipDisjoint: { id: 'mem.ownership-disjoint', severity: 'error', scope: 'cross-domain', summary: 'no frame is owned twice (PAGES ranges are disjoint across all domains)' },
  ramOwned: { id: 'mem.p2m-ram-owned', severity: 'error', scope: 'cross-domain', summary: 'RAM-type P2M targets are owned by the domain itself (ram_shared: by some domain; HVM Xen-heap and extra pages: by none)' },
  foreignOwned: { id: 'mem.p2m-foreign-owned', severity: 'error', scope: 'cross-domain', summary: 'map_foreign targets are not owned by the domain itself (another domain or dom_xen owns them)' },
  mmioUnowned: { id: 'mem.p2m-mmio-unowned', severity: 'error', scope: 'cross-domain', summary: 'mmio_direct targets are owned by no domain' },
  xenHeapUnowned: {
    id: 'mem.xen-heap-unowned', severity: 'error', scope: 'cross-domain', versions: withField('domain', 'shared_info_mfn'),
    summary: "Xen-heap frames a guest maps (shared info, grant frames, IOREQ pages) and pseudo-domain pages are in no domain's PAGES",
  },
});

export function checkMemory(ctx: Context, report: Report): void {
  for (const dv of ctx.domains) checkP2m(ctx, report, dv);
  checkOwnership(ctx, report);
  if (report.applies(MEM_RULES.xenHeapUnowned)) checkXenHeap(ctx, report);
}

/** The Xen-heap frames a domain's v4 state names, with their paths. */
function* xenHeapFrames(dv: DomainView): Generator<[string, bigint]> {
  const d = dv.d;
  if (!('cpu_policy' in d)) return;
  if (d.domain.shared_info_mfn !== null) yield [`${dv.path}.domain.shared_info_mfn`, d.domain.shared_info_mfn];
  const gt = d.grant_table;
  if (gt) {
    for (const [k, m] of gt.shared_mfns.entries()) yield [`${dv.path}.grant_table.shared_mfns[${k}]`, m];
    for (const [k, m] of gt.status_mfns.entries()) yield [`${dv.path}.grant_table.status_mfns[${k}]`, m];
  }
  for (const [k, r] of d.ioreq_servers.entries()) {
    if (r.ioreq_mfn !== null) yield [`${dv.path}.ioreq_servers[${k}].ioreq_mfn`, r.ioreq_mfn];
    if (r.bufioreq_mfn !== null) yield [`${dv.path}.ioreq_servers[${k}].bufioreq_mfn`, r.bufioreq_mfn];
  }
}

/**
 * tot_pages, and so PAGES, counts a domain's page list only: Xen-heap pages shared with a guest
 * and the pages of dom_xen, dom_io and dom_cow are on no domain's list (v4 names them).
 */
function checkXenHeap(ctx: Context, report: Report): void {
  const owners = ctx.owners;
  const owned = (s: number, e: number) => (owners.of(s, e, -1, COVER.OTHER) & COVER.OTHER) !== 0;
  for (const dv of ctx.domains) {
    for (const [path, mfn] of xenHeapFrames(dv)) {
      const f = Number(mfn);
      if (owned(f, f + 1)) report.add(MEM_RULES.xenHeapUnowned, path, `d${dv.domid} Xen-heap frame ${hex(f)} is in a domain's PAGES`, dv.domid);
    }
  }
  const host = ctx.state.host;
  if (!('xen_pages' in host)) return;
  host.xen_pages.forEach((r, k) => {
    const s = Number(r.first_mfn);
    if (owned(s, s + Number(r.count))) report.add(MEM_RULES.xenHeapUnowned, `host.xen_pages[${k}].first_mfn`, `${r.owner} pages ${frames(r.first_mfn, r.count)} are in a domain's PAGES`);
  });
}

function checkP2m(ctx: Context, report: Report, dv: DomainView): void {
  const R = MEM_RULES;
  const p = ctx.p2mOf(dv);
  if (p.size === 0) return;
  const who = `d${dv.domid}`;
  const at = (j: number, field: string) => `${dv.path}.p2m[${j}].${field}`;
  for (let j = 1; j < p.size; j++) {
    if (p.gfn[j]! < p.gfn[j - 1]!) report.addLazy(R.p2mSorted, () => [at(j, 'gfn'), `${who} P2M entry ${j} at gfn ${hex(p.gfn[j]!)} follows gfn ${hex(p.gfn[j - 1]!)}`], dv.domid);
  }
  // Overlaps, in GFN order (a sorting slip is reported once above, not as overlaps too).
  let far = nthByGfn(p, 0);
  for (let k = 1; k < p.size; k++) {
    const j = nthByGfn(p, k);
    const farEnd = p.gfn[far]! + p.count[far]!;
    if (p.gfn[j]! < farEnd) {
      const other = far;
      report.addLazy(R.p2mDisjoint, () => [at(j, 'gfn'), `${who} P2M entry ${j} (gfn ${frames(p.gfn[j]!, p.count[j]!)}) overlaps entry ${other} (gfn ${frames(p.gfn[other]!, p.count[other]!)})`], dv.domid);
    }
    if (p.gfn[j]! + p.count[j]! > farEnd) far = j;
  }

  const orders = report.applies(R.p2mAligned) && !('count' in (dv.d.p2m[0] ?? {}));
  const owners = ctx.owners;
  const xenPages = new XenPageEntries(dv, p);
  for (let j = 0; j < p.size; j++) {
    const target = p.target[j]!;
    const n = p.count[j]!;
    if (orders) {
      if (p.gfn[j]! % n !== 0) report.addLazy(R.p2mAligned, () => [at(j, 'gfn'), `${who} P2M gfn ${hex(p.gfn[j]!)} is not aligned to its ${n}-frame order`], dv.domid);
      if (target !== T.none && p.mfn[j]! % n !== 0) report.addLazy(R.p2mAligned, () => [at(j, 'mfn'), `${who} P2M mfn ${hex(p.mfn[j]!)} (gfn ${hex(p.gfn[j]!)}) is not aligned to its ${n}-frame order`], dv.domid);
    }
    if (target === T.none) continue;
    const s = p.mfn[j]!;
    const e = s + n;
    const mapping = () => `${who} gfn ${frames(p.gfn[j]!, n)} (${dv.d.p2m[j]!.type}) maps ${frames(s, n)}`;
    switch (target) {
      case T.own: {
        let c = owners.of(s, e, dv.i, COVER.OTHER | COVER.GAP);
        // A Xen-heap or extra page is in no PAGES: there, only another domain's frame is wrong.
        if ((c & (COVER.OTHER | COVER.GAP)) === COVER.GAP && xenPages.covers(j)) c = owners.of(s, e, dv.i, COVER.OTHER) & COVER.OTHER;
        if (c & (COVER.OTHER | COVER.GAP)) report.addLazy(R.ramOwned, () => [at(j, 'mfn'), `${mapping()}, ${c & COVER.OTHER ? 'owned by another domain' : 'partly owned by no domain'}`], dv.domid);
        break;
      }
      case T.shared:
        if (owners.of(s, e, dv.i, COVER.GAP) & COVER.GAP) report.addLazy(R.ramOwned, () => [at(j, 'mfn'), `${mapping()}, not all owned by a domain`], dv.domid);
        break;
      case T.foreign:
        // Xen refuses a foreign map of the domain's own frame; an unowned one is dom_xen's.
        if (owners.of(s, e, dv.i, COVER.SELF) & COVER.SELF) report.addLazy(R.foreignOwned, () => [at(j, 'mfn'), `${mapping()}, owned by ${who} itself`], dv.domid);
        break;
      case T.mmio: {
        const c = owners.of(s, e, dv.i, COVER.SELF | COVER.OTHER);
        if (c & (COVER.SELF | COVER.OTHER)) report.addLazy(R.mmioUnowned, () => [at(j, 'mfn'), `${mapping()}, owned by ${c & COVER.SELF ? who : 'another domain'}`], dv.domid);
        break;
      }
    }
  }
}

/**
 * The P2M entries that may map a frame PAGES does not list: in an HVM or PVH domain, ram_rw
 * entries wholly at GFNs where Xen maps pages it does not count in tot_pages (the shared-info
 * page, grant shared and status frames: Xen-heap pages; IOREQ server pages: PGC_extra pages).
 * PAGES lists what tot_pages counts, so these frames are owned by no domain in a v1-v3 stream.
 * Built on first use: only entries whose frames are partly unowned ask.
 */
class XenPageEntries {
  private gfns?: Set<number>;

  constructor(
    private readonly dv: DomainView,
    private readonly p: P2mView,
  ) {}

  covers(j: number): boolean {
    const { domain } = this.dv.d;
    if ((domain.type !== 'hvm' && domain.type !== 'pvh') || this.dv.d.p2m[j]!.type !== 'ram_rw') return false;
    const gfns = (this.gfns ??= this.collect());
    const g = this.p.gfn[j]!;
    const n = this.p.count[j]!;
    if (n > gfns.size) return false;
    for (let k = 0; k < n; k++) if (!gfns.has(g + k)) return false;
    return true;
  }

  private collect(): Set<number> {
    const d = this.dv.d;
    const out = new Set<number>([Number(d.domain.shared_info_gfn)]);
    for (const g of d.grant_table?.shared_gfns ?? []) out.add(Number(g));
    for (const g of d.grant_table?.status_gfns ?? []) out.add(Number(g));
    for (const s of d.ioreq_servers) {
      if (s.ioreq_gfn !== null) out.add(Number(s.ioreq_gfn));
      if (s.bufioreq_gfn !== null) out.add(Number(s.bufioreq_gfn));
    }
    return out;
  }
}

function checkOwnership(ctx: Context, report: Report): void {
  const own = ctx.ownership;
  for (const [later, earlier] of own.overlaps()) {
    const a = ctx.pageRef(own.id(later));
    report.addLazy(
      MEM_RULES.ownershipDisjoint,
      () => {
        const b = ctx.pageRef(own.id(earlier));
        const pa = a.dv.d.pages[a.j]!;
        const pb = b.dv.d.pages[b.j]!;
        return [
          `${a.dv.path}.pages[${a.j}].first_mfn`,
          `d${a.dv.domid} owns ${frames(pa.first_mfn, pa.count)}, overlapping ${frames(pb.first_mfn, pb.count)} of d${b.dv.domid}`,
        ];
      },
      a.dv.domid,
    );
  }
}
