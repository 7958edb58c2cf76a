/**
 * Memory rules: each P2M is a sorted set of disjoint GFN ranges (page-order aligned before v3),
 * no frame is owned twice, and each P2M entry's frames have the owner its type implies
 * (p2m-types.ts): the domain itself for RAM, another domain (or dom_xen) for foreign mappings, no
 * domain for MMIO; grant mappings may target any frame.
 */
import { entryAt } from '../codec/columns.js';
import { type AnyDomain, type Context, type DomainView, type P2mView, frames, hex, nthByGfn, p2mTypeOf } from './context.js';
import { type CrossDomainIndex, domainStub } from './cross-domain.js';
import { COVER } from './owner-map.js';
import { type P2mTypeName, TARGET_CODE as T } from './p2m-types.js';
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
  if (report.applies(MEM_RULES.xenHeapUnowned)) for (const dv of ctx.domains) checkXenHeap(ctx, report, dv);
}

/** A Xen-heap frame a domain's v4 state names: its path below the domain, and the list entry that names it. */
interface XenHeapFrame {
  readonly path: string;
  readonly frame: number;
  /** The list, position and entry the path goes through (none for DOMAIN's own field). */
  readonly entry?: { readonly list: readonly string[]; readonly j: number; readonly value: unknown };
}

/** The Xen-heap frames a domain's v4 state names. */
function xenHeapFrames(dv: DomainView): XenHeapFrame[] {
  const d = dv.d;
  if (!('cpu_policy' in d)) return [];
  const out: XenHeapFrame[] = [];
  if (d.domain.shared_info_mfn !== null) out.push({ path: 'domain.shared_info_mfn', frame: Number(d.domain.shared_info_mfn) });
  const gt = d.grant_table;
  if (gt) {
    for (const list of ['shared_mfns', 'status_mfns'] as const) {
      gt[list].forEach((m, j) => out.push({ path: `grant_table.${list}[${j}]`, frame: Number(m), entry: { list: ['grant_table', list], j, value: m } }));
    }
  }
  d.ioreq_servers.forEach((r, j) => {
    for (const field of ['ioreq_mfn', 'bufioreq_mfn'] as const) {
      const m = r[field];
      if (m !== null) out.push({ path: `ioreq_servers[${j}].${field}`, frame: Number(m), entry: { list: ['ioreq_servers'], j, value: r } });
    }
  });
  return out;
}

/** Enough of the domain to name the frame once the domain is gone (built only for a frame that waits). */
function stubOf(domid: number, f: XenHeapFrame): { host: undefined; domains: unknown[] } {
  return f.entry ? domainStub(domid, f.entry.list, f.entry.j, f.entry.value) : { host: undefined, domains: [{ domain: { domid } }] };
}

/**
 * tot_pages, and so PAGES, counts a domain's page list only: Xen-heap pages shared with a guest
 * and the pages of dom_xen, dom_io and dom_cow (host.xen_pages, v4) are on no domain's list.
 * A frame no domain owns yet may be claimed by one further on: that verdict waits for the end.
 */
function checkXenHeap(ctx: Context, report: Report, dv: DomainView): void {
  const { owners, domidAt } = ctx.across;
  const rule = MEM_RULES.xenHeapUnowned;
  const message = (f: XenHeapFrame, owner: number) => `d${dv.domid} Xen-heap frame ${hex(f.frame)} is in d${domidAt[owner]}'s PAGES`;
  const waiting: XenHeapFrame[] = [];
  for (const f of xenHeapFrames(dv)) {
    const owner = owners.ownerAt(f.frame);
    if (owner >= 0) report.add(rule, `${dv.path}.${f.path}`, message(f, owner), dv.domid);
    else waiting.push(f);
  }
  if (waiting.length > 0) {
    const { at, domid } = dv;
    ctx.across.later((r) => {
      for (const f of waiting) {
        const owner = owners.ownerAt(f.frame);
        if (owner >= 0) r.addDeferred(stubOf(domid, f), at, rule, `domains[${at}].${f.path}`, message(f, owner), domid);
      }
    });
  }
  // The pseudo-domains' pages, checked against each domain's PAGES as it is claimed.
  const host = ctx.state.host;
  if (!('xen_pages' in host)) return;
  host.xen_pages.forEach((r, k) => {
    const s = Number(r.first_mfn);
    if ((owners.cover(s, s + Number(r.count), dv.at, COVER.SELF) & COVER.SELF) !== 0) {
      report.add(rule, `host.xen_pages[${k}].first_mfn`, `${r.owner} pages ${frames(r.first_mfn, r.count)} are in d${dv.domid}'s PAGES`, dv.domid);
    }
  });
}

/**
 * Records the frames each domain owns in the cross-domain index, reporting frames an earlier
 * PAGES range (of this domain or one before it) owns already. Runs before any rule asks who owns
 * a frame, whatever rules are asked for: the others rely on it.
 */
export function claimOwnership(ctx: Context, report: Report): void {
  const { owners, domidAt } = ctx.across;
  const { start, end, offset, span } = ctx.pages;
  let firstClaims = true;
  // A lone domain's frames go into a FrameSet as they are claimed: the pass that would fill it saved.
  const own = span.widest <= SMALL_RANGE && ctx.domains.length === 1 ? ctx.emptyFrameSet() : null;
  for (const dv of ctx.domains) {
    const base = offset[dv.i]!;
    const n = dv.d.pages.length;
    owners.claimRanges(
      start, end, base, base + n, dv.at,
      (k, clash) => {
        firstClaims = false;
        ownedTwice(report, dv, k - base, start[k]!, end[k]!, `d${domidAt[clash.owner]}`, clash.frame);
      },
      own,
    );
  }
  // Every frame of its PAGES is then the domain's own: the P2M's RAM entries check against these bits.
  if (firstClaims) ctx.ownFrames = own;
}

/** The largest PAGES range a FrameSet is built from, bit by bit (fragmented memory: one frame). */
const SMALL_RANGE = 4096;

function ownedTwice(report: Report, dv: DomainView, j: number, s: number, e: number, owner: string, frame: number): void {
  report.addLazy(MEM_RULES.ownershipDisjoint, () => [`${dv.path}.pages[${j}].first_mfn`, `d${dv.domid} owns ${frames(s, e - s)}, overlapping frame ${hex(frame)} of ${owner}`], dv.domid);
}

// The loops over millions of entries report through functions of their own: a closure in the
// loop's body capturing the loop variable would cost a context allocation per entry.
function checkP2m(ctx: Context, report: Report, dv: DomainView): void {
  const R = MEM_RULES;
  const p = ctx.p2mOf(dv);
  if (p.size === 0) return;
  // The view knows whether they are in order (byGfn null): only a list that is not is read for where.
  if (p.byGfn) for (let j = 1; j < p.size; j++) if (p.gfn[j]! < p.gfn[j - 1]!) unsorted(report, dv, p, j);
  // Overlaps, in GFN order (a sorting slip is reported once above, not as overlaps too).
  let far = nthByGfn(p, 0);
  for (let k = 1; k < p.size && !p.disjoint; k++) {
    const j = nthByGfn(p, k);
    const farEnd = p.gfn[far]! + p.count[far]!;
    if (p.gfn[j]! < farEnd) overlapping(report, dv, p, j, far);
    if (p.gfn[j]! + p.count[j]! > farEnd) far = j;
  }

  const orders = report.applies(R.p2mAligned) && p.orders;
  const { owners } = ctx.across;
  const own = ctx.ownFrames;
  const ownBits = own?.bits ?? new Uint8Array(0);
  const ownBase = own?.base ?? 0;
  const ownLimit = ownBits.length * 8;
  const self = dv.at;
  const xenPages = new XenPageEntries(dv, p);
  // When every one-frame RAM entry maps a frame of the domain's own, the loop need not test them,
  // nor visit them unless it checks every entry's alignment.
  const beyond = ctx.entriesBeyondOwnFrames(p);
  const singlesOwn = beyond !== null;
  const visit = orders ? null : beyond;
  const visits = visit ? visit.length : p.size;
  for (let k = 0; k < visits; k++) {
    const j = visit ? visit[k]! : k;
    const target = p.target[j]!;
    const n = p.count[j]!;
    if (orders) {
      if (p.gfn[j]! % n !== 0) unaligned(report, dv, p, j, 'gfn');
      if (target !== T.none && p.mfn[j]! % n !== 0) unaligned(report, dv, p, j, 'mfn');
    }
    if (target === T.none || target === T.grant) continue;
    const s = p.mfn[j]!;
    if (target === T.own && own !== null) {
      const i = s - ownBase;
      if (n === 1 ? singlesOwn || (i >= 0 && i < ownLimit && ((ownBits[i >>> 3]! >> (i & 7)) & 1) !== 0) : own.hasAll(s, s + n)) continue;
    }
    // A frame keeps its first owner, but one unowned now may be claimed by a domain further on:
    // a verdict that an unowned frame decides waits until every domain is in.
    const bits = owners.cover(s, s + n, self, target === T.foreign ? COVER.SELF : COVER.OTHER);
    if (target === T.own ? bits === COVER.SELF : target === T.shared ? (bits & COVER.GAP) === 0 : target === T.foreign && (bits & COVER.SELF) === 0) continue;
    const entry: P2mTarget = { index: self, domid: dv.domid, j, entry: entryAt<unknown>(dv.d.p2m, j), type: p2mTypeOf(p, j), gfn: p.gfn[j]!, s, n, target, xenPage: target === T.own && xenPages.covers(j) };
    if (decidedNow(target, bits)) checkTargetNow(report, dv, owners, entry);
    else deferTarget(ctx.across, entry);
  }
}

function unsorted(report: Report, dv: DomainView, p: P2mView, j: number): void {
  report.addLazy(MEM_RULES.p2mSorted, () => [`${dv.path}.p2m[${j}].gfn`, `d${dv.domid} P2M entry ${j} at gfn ${hex(p.gfn[j]!)} follows gfn ${hex(p.gfn[j - 1]!)}`], dv.domid);
}

function overlapping(report: Report, dv: DomainView, p: P2mView, j: number, other: number): void {
  report.addLazy(
    MEM_RULES.p2mDisjoint,
    () => [`${dv.path}.p2m[${j}].gfn`, `d${dv.domid} P2M entry ${j} (gfn ${frames(p.gfn[j]!, p.count[j]!)}) overlaps entry ${other} (gfn ${frames(p.gfn[other]!, p.count[other]!)})`],
    dv.domid,
  );
}

function unaligned(report: Report, dv: DomainView, p: P2mView, j: number, field: 'gfn' | 'mfn'): void {
  const what = () => (field === 'gfn' ? `gfn ${hex(p.gfn[j]!)}` : `mfn ${hex(p.mfn[j]!)} (gfn ${hex(p.gfn[j]!)})`);
  report.addLazy(MEM_RULES.p2mAligned, () => [`${dv.path}.p2m[${j}].${field}`, `d${dv.domid} P2M ${what()} is not aligned to its ${p.count[j]!}-frame order`], dv.domid);
}

/** Whether the frames owned now (COVER bits) decide the rule of a target class, whatever domains follow. */
function decidedNow(target: number, bits: number): boolean {
  switch (target) {
    case T.own:
      return (bits & COVER.OTHER) !== 0 || (bits & COVER.GAP) === 0;
    case T.mmio:
      return (bits & (COVER.SELF | COVER.OTHER)) !== 0;
    case T.foreign:
      return true;
    default:
      return (bits & COVER.GAP) === 0;
  }
}

/** A P2M entry whose target's owner decides a rule, with what names it once its domain is gone. */
interface P2mTarget {
  /** Stream position and domid of the domain, the entry's position and the entry. */
  readonly index: number;
  readonly domid: number;
  readonly j: number;
  /** The entry as an object: what names it in a finding once its domain is gone. */
  readonly entry: unknown;
  readonly type: P2mTypeName;
  readonly gfn: number;
  /** First frame mapped, and how many. */
  readonly s: number;
  readonly n: number;
  /** TARGET_CODE of the entry's type. */
  readonly target: number;
  /** Whether the entry may map an unlisted Xen-heap or extra page (XenPageEntries). */
  readonly xenPage: boolean;
}

/** The ownership rule of the entry's target class, on the owners known now. */
function checkTarget(owners: CrossDomainIndex['owners'], t: P2mTarget, add: (rule: (typeof MEM_RULES)[keyof typeof MEM_RULES], message: () => string) => void): void {
  const R = MEM_RULES;
  const e = t.s + t.n;
  const mapping = () => `d${t.domid} gfn ${frames(t.gfn, t.n)} (${t.type}) maps ${frames(t.s, t.n)}`;
  switch (t.target) {
    case T.own: {
      // A Xen-heap or extra page is in no PAGES: there, only another domain's frame is wrong.
      const c = owners.cover(t.s, e, t.index, COVER.OTHER);
      if (c & COVER.OTHER) add(R.ramOwned, () => `${mapping()}, owned by another domain`);
      else if (c & COVER.GAP && !t.xenPage) add(R.ramOwned, () => `${mapping()}, partly owned by no domain`);
      break;
    }
    case T.shared:
      if (owners.cover(t.s, e, t.index, COVER.GAP) & COVER.GAP) add(R.ramOwned, () => `${mapping()}, not all owned by a domain`);
      break;
    case T.foreign:
      // Xen refuses a foreign map of the domain's own frame; an unowned one is dom_xen's.
      if (owners.cover(t.s, e, t.index, COVER.SELF) & COVER.SELF) add(R.foreignOwned, () => `${mapping()}, owned by d${t.domid} itself`);
      break;
    case T.mmio: {
      const c = owners.cover(t.s, e, t.index, COVER.SELF | COVER.OTHER);
      if (c & (COVER.SELF | COVER.OTHER)) add(R.mmioUnowned, () => `${mapping()}, owned by ${c & COVER.SELF ? `d${t.domid}` : 'another domain'}`);
      break;
    }
  }
}

function checkTargetNow(report: Report, dv: DomainView, owners: CrossDomainIndex['owners'], t: P2mTarget): void {
  checkTarget(owners, t, (rule, message) => report.addLazy(rule, () => [`${dv.path}.p2m[${t.j}].mfn`, message()], dv.domid));
}

/** checkTarget once every domain is in; its own function so the closure holds the entry only. */
function deferTarget(across: CrossDomainIndex, t: P2mTarget): void {
  across.later((report) =>
    checkTarget(across.owners, t, (rule, message) =>
      report.addDeferred(domainStub(t.domid, ['p2m'], t.j, t.entry), t.index, rule, `domains[${t.index}].p2m[${t.j}].mfn`, message(), t.domid),
    ),
  );
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
    if ((domain.type !== 'hvm' && domain.type !== 'pvh') || p2mTypeOf(this.p, j) !== 'ram_rw') return false;
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
