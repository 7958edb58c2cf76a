/**
 * The semantic translation between the two P2M representations: page-order entries (v1, v2:
 * {gfn, mfn, order 0/9/18}, aligned to the order) and free-size extents (v3: {gfn, mfn, count}).
 * Everything works on runs and never expands a P2M to pages: extents may cover 2^52 frames.
 */
import type { Infer } from '../schema/dsl.js';
import { PAGE_ORDER_1G, PAGE_ORDER_2M, PAGE_ORDER_4K } from '../schema/xen.js';
import type { P2mEntry } from '../schema/v1.js';
import type { P2mExtent } from '../schema/v3.js';

export type P2mEntryValue = Infer<typeof P2mEntry>;
export type P2mExtentValue = Infer<typeof P2mExtent>;
/** A P2M in either representation. */
export type P2mList = readonly (P2mEntryValue | P2mExtentValue)[];

/** Above this many page-order entries a downgrade refuses to split (memory, not correctness). */
export const MAX_SPLIT_ENTRIES = 1 << 24;

const ORDERS = [PAGE_ORDER_4K, PAGE_ORDER_2M, PAGE_ORDER_1G] as const;
type Order = (typeof ORDERS)[number];

function frames(order: number): bigint {
  return 1n << BigInt(order);
}

/**
 * Page-order entries to extents: an entry extends the extent before it when it has the same type
 * and access and follows it in both GFN and MFN space. Order of the list is kept (sorted in,
 * sorted out); nothing is merged across entries that are not adjacent in the list.
 */
export function entriesToExtents(entries: readonly P2mEntryValue[]): P2mExtentValue[] {
  const out: P2mExtentValue[] = [];
  let last: P2mExtentValue | undefined;
  for (const e of entries) {
    const count = frames(e.order);
    if (last && last.type === e.type && last.access === e.access && last.gfn + last.count === e.gfn && last.mfn + last.count === e.mfn) {
      last.count += count; // `last` is ours until returned
    } else {
      last = { gfn: e.gfn, mfn: e.mfn, count, type: e.type, access: e.access };
      out.push(last);
    }
  }
  return out;
}

/** A stretch of one extent covered by `n` entries of one order. */
interface Phase {
  readonly order: Order;
  readonly gfn: bigint;
  readonly mfn: bigint;
  readonly n: bigint;
}

/**
 * How the greedy split (the largest order aligned in both GFN and MFN that fits what remains)
 * covers one extent, as at most five phases: small pages up to the first alignment, large pages,
 * then smaller ones for the tail. O(1) per extent whatever its size.
 */
function splitPhases(x: P2mExtentValue): Phase[] {
  // An order is usable anywhere in the extent only if gfn and mfn agree in its low bits.
  const usable = ORDERS.filter((o) => ((x.gfn ^ x.mfn) & (frames(o) - 1n)) === 0n);
  const phases: Phase[] = [];
  let done = 0n;
  let rest = x.count;
  const take = (order: Order, n: bigint) => {
    if (n <= 0n) return;
    phases.push({ order, gfn: x.gfn + done, mfn: x.mfn + done, n });
    done += n * frames(order);
    rest -= n * frames(order);
  };
  let i = 0;
  // Climb: pages of usable[i] until aligned to usable[i + 1], if what remains gets that far.
  for (; i < usable.length - 1; i++) {
    const size = frames(usable[i]!);
    const next = frames(usable[i + 1]!);
    const need = ((next - ((x.gfn + done) % next)) % next) / size;
    const fit = rest / size;
    take(usable[i]!, need < fit ? need : fit);
    if (fit < need) break;
  }
  // Descend: as many of each order as fit, largest first.
  for (; i >= 0; i--) take(usable[i]!, rest / frames(usable[i]!));
  return phases;
}

/** How many page-order entries `extentsToEntries` would give, without building them. */
export function splitEntryCount(extents: readonly P2mExtentValue[]): bigint {
  let n = 0n;
  for (const x of extents) for (const p of splitPhases(x)) n += p.n;
  return n;
}

/**
 * Extents to page-order entries: each extent is split into the largest orders (1G, 2M, 4K) aligned
 * in both GFN and MFN that fit the remaining count; entries come out in the order of the extents,
 * ascending GFN inside each. The caller bounds the result with `splitEntryCount` first.
 */
export function extentsToEntries(extents: readonly P2mExtentValue[]): P2mEntryValue[] {
  const out: P2mEntryValue[] = [];
  for (const x of extents) {
    for (const p of splitPhases(x)) {
      const size = frames(p.order);
      let gfn = p.gfn;
      let mfn = p.mfn;
      // A number counter: the caller's bound keeps n far below 2^53.
      for (let k = 0, n = Number(p.n); k < n; k++, gfn += size, mfn += size) {
        out.push({ gfn, mfn, order: p.order, type: x.type, access: x.access });
      }
    }
  }
  return out;
}

interface Run {
  gfn: bigint;
  mfn: bigint;
  count: bigint;
  type: string;
  access: string;
}

function runOf(x: Run | P2mEntryValue | P2mExtentValue): Run {
  const count = 'count' in x ? x.count : frames(x.order);
  return { gfn: x.gfn, mfn: x.mfn, count, type: x.type, access: x.access };
}

function compareRuns(a: Run, b: Run): number {
  if (a.gfn !== b.gfn) return a.gfn < b.gfn ? -1 : 1;
  if (a.mfn !== b.mfn) return a.mfn < b.mfn ? -1 : 1;
  if (a.count !== b.count) return a.count < b.count ? -1 : 1;
  if (a.type !== b.type) return a.type < b.type ? -1 : 1;
  return a.access < b.access ? -1 : a.access > b.access ? 1 : 0;
}

/**
 * The unique maximal runs of a P2M: runs sorted by GFN, each extended by every following run of
 * the same type and access that continues (or overlaps) it with the same GFN-to-MFN offset. Two
 * P2Ms that map each GFN alike have the same maximal runs. Sorting happens only for unsorted
 * input; sorted input takes one pass.
 */
function* maximalRuns(p2m: P2mList): Generator<Run> {
  let runs: Iterable<Run | P2mEntryValue | P2mExtentValue> = p2m;
  for (let i = 1; i < p2m.length; i++) {
    if (p2m[i]!.gfn < p2m[i - 1]!.gfn) {
      runs = p2m.map(runOf).sort(compareRuns);
      break;
    }
  }
  let cur: Run | undefined;
  for (const x of runs) {
    const r = runOf(x);
    if (r.count <= 0n) continue;
    if (cur && r.type === cur.type && r.access === cur.access && r.gfn <= cur.gfn + cur.count && r.gfn - cur.gfn === r.mfn - cur.mfn) {
      const end = r.gfn + r.count;
      if (end > cur.gfn + cur.count) cur.count = end - cur.gfn;
    } else {
      if (cur) yield cur;
      cur = r;
    }
  }
  if (cur) yield cur;
}

/**
 * Do two P2Ms (page-order entries or extents, in any mix) map every GFN to the same MFN, type and
 * access? Compared run by run, linear in the number of runs for sorted input; never per page.
 * (An invalid P2M whose runs overlap with different targets is equivalent only to one with the
 * same overlapping runs.)
 */
export function p2mEquivalent(a: P2mList, b: P2mList): boolean {
  const ia = maximalRuns(a);
  const ib = maximalRuns(b);
  for (;;) {
    const x = ia.next();
    const y = ib.next();
    if (x.done || y.done) return x.done === true && y.done === true;
    const p = x.value;
    const q = y.value;
    if (p.gfn !== q.gfn || p.mfn !== q.mfn || p.count !== q.count || p.type !== q.type || p.access !== q.access) return false;
  }
}
