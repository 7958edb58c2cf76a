/**
 * Host rules: live-update bootmem is where xen#2 boots and allocates before it has read the
 * stream, so nothing preserved may lie there; and every frame must exist on the host.
 */
import { type Context, type DomainView, type P2mView, frames, hex, p2mTypeOf } from './context.js';
import { IntervalIndex } from './intervals.js';
import type { Report } from './report.js';
import { type RuleInfo, defineRules, withSection } from './rule.js';
import { TARGET_CODE } from './p2m-types.js';

export const HOST_RULES = defineRules('host', {
  bootmemNonEmpty: { id: 'host.bootmem-nonempty', severity: 'error', scope: 'host', summary: 'every live-update bootmem region has at least one page' },
  bootmemDisjoint: { id: 'host.bootmem-disjoint', severity: 'error', scope: 'host', summary: 'live-update bootmem regions do not overlap' },
  m2p: { id: 'host.m2p-outside-bootmem', severity: 'error', scope: 'host', summary: 'the M2P table lies outside live-update bootmem' },
  stream: { id: 'host.stream-outside-bootmem', severity: 'error', scope: 'host', summary: 'the stream pages and their MFN array lie outside live-update bootmem' },
  owned: { id: 'host.owned-outside-bootmem', severity: 'error', scope: 'domain', summary: 'no page a domain owns lies in live-update bootmem' },
  p2m: { id: 'host.p2m-outside-bootmem', severity: 'error', scope: 'domain', summary: 'no P2M entry maps a frame in live-update bootmem' },
  iommu: { id: 'host.iommu-outside-bootmem', severity: 'error', scope: 'domain', summary: 'no IOMMU page-table root lies in live-update bootmem', versions: withSection('passthrough') },
  mfnRange: { id: 'host.mfn-range', severity: 'error', scope: 'domain', summary: 'every RAM frame the state names is below the host total pages (MMIO frames excepted)' },
});

export function checkHost(ctx: Context, report: Report): void {
  const { host } = ctx.state;
  const R = HOST_RULES;
  const total = Number(host.total_pages);
  const n = host.bootmem.length;
  const bs = new Float64Array(n);
  const be = new Float64Array(n);
  host.bootmem.forEach((r, i) => {
    bs[i] = Number(r.start);
    be[i] = bs[i]! + Number(r.count);
    if (r.count === 0n) report.add(R.bootmemNonEmpty, `host.bootmem[${i}].count`, `bootmem region ${i} at ${hex(r.start)} has no pages`);
    if (be[i]! > total) report.add(R.mfnRange, `host.bootmem[${i}].start`, `bootmem region ${i} (${frames(r.start, r.count)}) ends beyond host total pages ${hex(total)}`);
  });
  const bootmem = new IntervalIndex(bs, be, new Int32Array(n));
  for (const [later, earlier] of bootmem.overlaps()) {
    const a = bootmem.id(later);
    const b = bootmem.id(earlier);
    report.add(R.bootmemDisjoint, `host.bootmem[${a}].start`, `bootmem regions ${b} and ${a} overlap at ${hex(bootmem.start[later]!)}`);
  }
  /** The bootmem region [s, e) falls in, for messages; -1 when none. */
  const inBootmem = (s: number, e: number): number => {
    const k = bootmem.findOverlap(s, e);
    return k < 0 ? -1 : bootmem.id(k);
  };
  const where = (region: number) => `in bootmem region ${region} (${frames(host.bootmem[region]!.start, host.bootmem[region]!.count)})`;
  // The frames bootmem spans: a range wholly outside needs no search (most of millions).
  let bootLo = Infinity;
  let bootHi = -Infinity;
  for (let i = 0; i < n; i++) {
    bootLo = Math.min(bootLo, bs[i]!);
    bootHi = Math.max(bootHi, be[i]!);
  }

  if (report.aboutHost()) checkHostFrames(host, report, total, inBootmem, where);
  checkDomainFrames(ctx, report, total, bootLo, bootHi, inBootmem, where);
}

/** The host's own frames: M2P, the stream pages (up to 2^20). Once per run, not once per domain. */
function checkHostFrames(host: Context['state']['host'], report: Report, total: number, inBootmem: (s: number, e: number) => number, where: (region: number) => string): void {
  const R = HOST_RULES;
  // M2P and stream.
  const m2pS = Number(host.m2p.start);
  const m2pE = m2pS + Number(host.m2p.count);
  let r = inBootmem(m2pS, m2pE);
  if (r >= 0) report.add(R.m2p, 'host.m2p.start', `M2P ${frames(host.m2p.start, host.m2p.count)} is ${where(r)}`);
  if (m2pE > total) report.add(R.mfnRange, 'host.m2p.start', `M2P ${frames(host.m2p.start, host.m2p.count)} ends beyond host total pages ${hex(total)}`);
  const arrayMfn = host.handover.mfn_array_maddr >> BigInt(host.page_shift);
  r = inBootmem(Number(arrayMfn), Number(arrayMfn) + 1);
  if (r >= 0) report.add(R.stream, 'host.handover.mfn_array_maddr', `stream MFN array page ${hex(arrayMfn)} is ${where(r)}`);
  if (arrayMfn >= BigInt(total)) report.add(R.mfnRange, 'host.handover.mfn_array_maddr', `stream MFN array at ${hex(arrayMfn)} is beyond host total pages ${hex(total)}`);
  host.handover.stream_mfns.forEach((mfn, i) => {
    const f = Number(mfn);
    const rr = inBootmem(f, f + 1);
    if (rr >= 0) report.add(R.stream, `host.handover.stream_mfns[${i}]`, `stream page ${hex(mfn)} is ${where(rr)}`);
    if (f >= total) report.add(R.mfnRange, `host.handover.stream_mfns[${i}]`, `stream page ${hex(mfn)} is beyond host total pages ${hex(total)}`);
  });
}

/** Each domain's owned pages, P2M targets and IOMMU root against bootmem and the host's total pages. */
function checkDomainFrames(
  ctx: Context, report: Report, total: number, bootLo: number, bootHi: number, inBootmem: (s: number, e: number) => number, where: (region: number) => string,
): void {
  const R = HOST_RULES;
  // Frames [lo, hi) below the total and outside bootmem's span need no look one range at a time.
  const clear = (lo: number, hi: number) => hi <= total && (hi <= bootLo || lo >= bootHi);

  // Owned pages.
  const pages = ctx.pages;
  for (const dv of ctx.domains) {
    if (clear(pages.span.lo, pages.span.hi)) break;
    const base = pages.offset[dv.i]!;
    for (let j = 0; j < dv.d.pages.length; j++) {
      const s = pages.start[base + j]!;
      const e = pages.end[base + j]!;
      if (e > bootLo && s < bootHi) {
        const rr = inBootmem(s, e);
        if (rr >= 0) ownedRange(report, R.owned, dv, j, s, e, where, rr);
      }
      if (e > total) ownedRange(report, R.mfnRange, dv, j, s, e, beyond, total);
    }
  }

  // P2M targets (frames with a backing; MMIO may lie above RAM).
  for (const dv of ctx.domains) {
    const p = ctx.p2mOf(dv);
    if (clear(p.mapsFrom, p.mapsTo)) continue;
    for (let j = 0; j < p.size; j++) {
      const target = p.target[j]!;
      if (target === TARGET_CODE.none) continue;
      const s = p.mfn[j]!;
      const e = s + p.count[j]!;
      if (e > bootLo && s < bootHi) {
        const rr = inBootmem(s, e);
        if (rr >= 0) p2mTarget(report, R.p2m, dv, p, j, where, rr);
      }
      if (e > total && target !== TARGET_CODE.mmio) p2mTarget(report, R.mfnRange, dv, p, j, beyond, total);
    }
  }

  // IOMMU roots (v3).
  for (const dv of ctx.domains) {
    const pt = 'passthrough' in dv.d ? dv.d.passthrough : null;
    if (!pt) continue;
    const f = Number(pt.iommu_root_mfn);
    const rr = inBootmem(f, f + 1);
    if (rr >= 0) report.add(R.iommu, `${dv.path}.passthrough.iommu_root_mfn`, `d${dv.domid} IOMMU root ${hex(f)} is ${where(rr)}`, dv.domid);
    if (f >= total) report.add(R.mfnRange, `${dv.path}.passthrough.iommu_root_mfn`, `d${dv.domid} IOMMU root ${hex(f)} is beyond host total pages ${hex(total)}`, dv.domid);
  }
}

// The loops over millions of entries report through these, with no closure in the loop's body:
// one capturing the loop's variables would cost a context allocation per entry.
const beyond = (total: number) => `beyond host total pages ${hex(total)}`;

/** `where(n)` says where the range is (n: a bootmem region, or the host's total pages). */
function ownedRange(report: Report, rule: RuleInfo, dv: DomainView, j: number, s: number, e: number, where: (n: number) => string, n: number): void {
  report.addLazy(rule, () => [`${dv.path}.pages[${j}].first_mfn`, `d${dv.domid} owns ${frames(s, e - s)}, ${where(n)}`], dv.domid);
}

function p2mTarget(report: Report, rule: RuleInfo, dv: DomainView, p: P2mView, j: number, where: (n: number) => string, n: number): void {
  const type = rule === HOST_RULES.p2m ? ` (${p2mTypeOf(p, j)})` : '';
  report.addLazy(rule, () => [`${dv.path}.p2m[${j}].mfn`, `d${dv.domid} gfn ${hex(p.gfn[j]!)}${type} maps ${frames(p.mfn[j]!, p.count[j]!)}, ${where(n)}`], dv.domid);
}
