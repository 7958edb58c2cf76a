/**
 * A version-neutral view of the part of a state a check runs on (the host alone, or the host and
 * one domain), with the indexes several rule families share (each domain's PAGES, ports and P2M),
 * each built once and only when asked for, and the cross-domain index of the domains checked so
 * far. PAGES and P2M entries are converted once to typed arrays of numbers: the rules over
 * millions of ranges then run without touching a bigint.
 */
import { EntryColumns } from '../codec/columns.js';
import { type Desc, enumNames } from '../schema/dsl.js';
import type { State, Version } from '../schema/index.js';
import type { AnyDomain, EventChannel } from './any-domain.js';
import type { CrossDomainIndex } from './cross-domain.js';
import { FRAME_SLICE_SHIFT, type FrameSet, type RangeSpan, emptyFrameSet } from './frame-set.js';
import { type P2mTypeName, TARGET_CODE, TARGET_OF_TYPE } from './p2m-types.js';

export { type AnyDomain, COLUMNAR_SECTIONS, type EventChannel } from './any-domain.js';

export interface DomainView {
  /** Index in `state.domains` (and in the indexes below). */
  readonly i: number;
  /** Position in the stream: `i` plus the position of `state.domains[0]`. */
  readonly at: number;
  readonly domid: number;
  readonly d: AnyDomain;
  /** `domains[n]`, n its index in the stream: the path prefix of the domain's findings. */
  readonly path: string;
}

/** Every domain's PAGES ranges, domain after domain: range j of domain i is at `offset[i] + j`. */
export interface PagesView {
  readonly start: Float64Array;
  readonly end: Float64Array;
  readonly offset: readonly number[];
  /** Frames each domain's ranges hold (the sum of their counts). */
  readonly frames: readonly number[];
  /** What all the ranges span. */
  readonly span: RangeSpan;
}

/** A domain's P2M as numbers: gfn, mfn, frame count (page orders expanded), target class. */
export interface P2mView {
  readonly size: number;
  readonly gfn: Float64Array;
  readonly mfn: Float64Array;
  readonly count: Float64Array;
  /** TARGET_CODE of the entry's p2m type. */
  readonly target: Uint8Array;
  /** The entry's p2m type, as an index into `typeNames` (p2mTypeOf). */
  readonly type: ArrayLike<number>;
  readonly typeNames: readonly string[];
  /**
   * The one-frame RAM entries' frames, gathered by the view's own pass when the context had its
   * ownFrames then (entriesBeyondOwnFrames: a pass over millions of entries saved); null if not.
   */
  readonly singles: OwnSingles | null;
  /** Whether the entries are page-order entries (v1, v2), whose count is 2^order. */
  readonly orders: boolean;
  /** Entry positions in ascending gfn; null when the entries are in that order already. */
  readonly byGfn: Uint32Array | null;
  /** Whether each entry starts at or after the end of the one before it (so they are sorted and do not overlap). */
  readonly disjoint: boolean;
  /** The lowest frame an entry with a target (not TARGET_CODE.none) maps, and one past the highest. */
  readonly mapsFrom: number;
  readonly mapsTo: number;
}

/**
 * What entriesBeyondOwnFrames asks of a P2M, gathered with its view: the frame of each one-frame
 * RAM entry (TARGET_CODE.own) as an offset into `own`, counted per slice of it (FrameSet.hasEach),
 * and the positions of the other entries that map frames (not none, not grant).
 */
interface OwnSingles {
  /** The set the offsets are into. */
  readonly own: FrameSet;
  /** False when an entry's frame is outside `own`'s window: then not every one is in it. */
  readonly inWindow: boolean;
  readonly offsets: Uint32Array;
  readonly counts: Uint32Array;
  readonly rest: Uint32Array;
}

/**
 * Typed buffers reused from one domain's check to the next, grown as needed: the views of a
 * domain (PAGES, P2M as numbers) die with its check, and fresh arrays of millions of entries per
 * domain would only feed the collector.
 */
export class Scratch {
  /**
   * The scratch of the last validator, while the collector has not taken it. Every check that
   * uses scratch runs within one synchronous call (a domain's), so validators taking turns can
   * share one, and a process validating state after state does not allocate a set of large
   * buffers for each: external memory V8 answers with full collections of a heap that may hold a
   * large state.
   */
  static shared(): Scratch {
    let s = lastScratch?.deref();
    if (!s) lastScratch = new WeakRef((s = new Scratch()));
    return s;
  }

  private readonly f64: Float64Array[] = [];
  private readonly u8: Uint8Array[] = [];
  private readonly u32: Uint32Array[] = [];

  /** A Float64Array of `n` entries in buffer `slot`, its contents left from earlier use. */
  float64(slot: number, n: number): Float64Array {
    let b = this.f64[slot];
    if (!b || b.length < n) this.f64[slot] = b = new Float64Array(Math.max(n, 2 * (b?.length ?? 0)));
    return b.subarray(0, n);
  }

  uint32(slot: number, n: number): Uint32Array {
    let b = this.u32[slot];
    if (!b || b.length < n) this.u32[slot] = b = new Uint32Array(Math.max(n, 2 * (b?.length ?? 0)));
    return b.subarray(0, n);
  }

  uint8(slot: number, n: number): Uint8Array {
    let b = this.u8[slot];
    if (!b || b.length < n) this.u8[slot] = b = new Uint8Array(Math.max(n, 2 * (b?.length ?? 0)));
    return b.subarray(0, n);
  }
}

let lastScratch: WeakRef<Scratch> | undefined;

/** Scratch slots of the views. */
const SLOT = { pagesStart: 0, pagesEnd: 1, gfn: 2, mfn: 3, count: 4, target: 0, ownFrames: 1, type: 2, singles: 0, singlesSorted: 1, rest: 2 } as const;

export class Context {
  readonly domains: readonly DomainView[];
  private pagesView?: PagesView;
  /**
   * The frames the domain owns (first owner: memory.ts claimOwnership), when it has one, every
   * PAGES range small and none claimed before it; else the rules ask `across.owners`.
   */
  ownFrames: FrameSet | null = null;
  private readonly ports = new Map<DomainView, Map<number, EventChannel>>();
  private readonly p2ms = new Map<DomainView, P2mView>();

  /**
   * `firstIndex`: where `state.domains[0]` is in the stream, for the paths of findings and the
   * positions in `across`.
   */
  constructor(
    readonly state: State,
    readonly version: Version,
    readonly across: CrossDomainIndex,
    readonly firstIndex = 0,
    private readonly scratch = new Scratch(),
  ) {
    if (state.domains.length > 1) throw new RangeError('a check context holds the host and at most one domain');
    const all: readonly AnyDomain[] = state.domains;
    this.domains = all.map((d, i) => ({ i, at: firstIndex + i, domid: d.domain.domid, d, path: `domains[${firstIndex + i}]` }));
  }

  get pages(): PagesView {
    if (!this.pagesView) {
      const offset: number[] = [];
      let n = 0;
      for (const dv of this.domains) {
        offset.push(n);
        n += dv.d.pages.length;
      }
      const only = this.domains.length === 1 ? this.domains[0]!.d.pages : undefined;
      // Held as columns: the first frames are the column itself, no copy.
      const start = only instanceof EntryColumns ? (only.column('first_mfn') as Float64Array) : this.scratch.float64(SLOT.pagesStart, n);
      const end = this.scratch.float64(SLOT.pagesEnd, n);
      // One pass makes the ends and what the rules want of them all (owned frames, span).
      const frames: number[] = [];
      let lo = Infinity;
      let hi = -Infinity;
      let widest = 0;
      let k = 0;
      for (const dv of this.domains) {
        const pages = dv.d.pages;
        let owned = 0;
        if (pages instanceof EntryColumns) {
          const first = pages.column('first_mfn');
          const count = pages.column('count');
          if (start !== first) start.set(first, k);
          for (let j = 0; j < pages.length; j++, k++) {
            const s = first[j]!;
            const c = count[j]!;
            end[k] = s + c;
            owned += c;
            if (c > widest) widest = c;
            if (s < lo) lo = s;
            if (s + c > hi) hi = s + c;
          }
        } else {
          // Indexed: until the loop is optimized, for-of allocates a result object per entry.
          for (let j = 0; j < pages.length; j++) {
            const p = pages[j]!;
            const s = Number(p.first_mfn);
            const c = Number(p.count);
            start[k] = s;
            end[k++] = s + c;
            owned += c;
            if (c > widest) widest = c;
            if (s < lo) lo = s;
            if (s + c > hi) hi = s + c;
          }
        }
        frames.push(owned);
      }
      this.pagesView = { start, end, offset, frames, span: { lo, hi, frames: frames.reduce((a, b) => a + b, 0), widest } };
    }
    return this.pagesView;
  }

  /** An empty FrameSet over the window of the domain's PAGES, in this context's scratch (emptyFrameSet). */
  emptyFrameSet(): FrameSet | null {
    return emptyFrameSet(this.pages.span, (bytes) => this.scratch.uint8(SLOT.ownFrames, bytes));
  }

  /**
   * The P2M entries the ownership loop still has to visit, when ownFrames holds the frame of every
   * one-frame RAM entry (TARGET_CODE.own) of P2M `p`: those that map frames (not none, not grant)
   * and are not such an entry, by position. Null when some one-frame RAM entry's frame is not in
   * ownFrames, or there is no ownFrames: then every entry is visited. A fragmented guest's P2M is
   * mostly such entries, and asked all at once (FrameSet.hasEach) the set answers for them several
   * times faster than entry by entry; the loop then skips millions of entries it would only pass.
   */
  entriesBeyondOwnFrames(p: P2mView): Uint32Array | null {
    const own = this.ownFrames;
    if (own === null) return null;
    const singles = p.singles;
    if (singles !== null && singles.own === own) {
      if (!singles.inWindow) return null;
      const n = singles.offsets.length;
      return own.hasEach(singles.offsets, n, singles.counts, this.scratch.uint32(SLOT.singlesSorted, n)) ? singles.rest : null;
    }
    // A view that did not gather them (a P2M of objects, or a view built before ownFrames): the
    // same sorting of entries as scanColumns's, in a pass of its own. scanColumns keeps its copy
    // inside its one pass over the columns: a second pass over millions of entries measured slower.
    const { target, count, mfn, size } = p;
    const limit = own.bits.length * 8;
    const offsets = this.scratch.uint32(SLOT.singles, size);
    const rest = this.scratch.uint32(SLOT.rest, size);
    const counts = own.sliceCounts();
    let n = 0;
    let r = 0;
    for (let j = 0; j < size; j++) {
      const t = target[j]!;
      if (t === TARGET_CODE.none || t === TARGET_CODE.grant) continue;
      if (t !== TARGET_CODE.own || count[j] !== 1) {
        rest[r++] = j;
        continue;
      }
      const i = mfn[j]! - own.base;
      if (i < 0 || i >= limit) return null;
      offsets[n++] = i;
      const c = (i >>> FRAME_SLICE_SHIFT) + 1;
      counts[c] = counts[c]! + 1;
    }
    return own.hasEach(offsets, n, counts, this.scratch.uint32(SLOT.singlesSorted, n)) ? rest.subarray(0, r) : null;
  }

  /** The domain's bound ports (first channel per port). */
  portsOf(dv: DomainView): Map<number, EventChannel> {
    let m = this.ports.get(dv);
    if (!m) {
      m = new Map();
      for (const ch of dv.d.event_channels) if (!m.has(ch.port)) m.set(ch.port, ch);
      this.ports.set(dv, m);
    }
    return m;
  }

  p2mOf(dv: DomainView): P2mView {
    let v = this.p2ms.get(dv);
    if (!v) {
      v = p2mView(dv.d.p2m, this.scratch, this.ownFrames);
      this.p2ms.set(dv, v);
    }
    return v;
  }

  /** Position of the P2M entry mapping `gfn`, or -1. */
  p2mEntryAt(dv: DomainView, gfn: number): number {
    const p = this.p2mOf(dv);
    let lo = 0;
    let hi = p.size;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (p.gfn[nthByGfn(p, mid)]! <= gfn) lo = mid + 1;
      else hi = mid;
    }
    if (lo === 0) return -1;
    const j = nthByGfn(p, lo - 1);
    return gfn < p.gfn[j]! + p.count[j]! ? j : -1;
  }
}

/** `own`: the domain's own frames, if known: the view then gathers its OwnSingles. */
function p2mView(entries: AnyDomain['p2m'], scratch: Scratch, own: FrameSet | null): P2mView {
  const size = entries.length;
  const target = scratch.uint8(SLOT.target, size);
  let gfn: Float64Array;
  let mfn: Float64Array;
  let count: Float64Array;
  let type: ArrayLike<number>;
  let typeNames: readonly string[];
  // Page-order entries (v1, v2) or extents (v3 on): one shape per list.
  let orders: boolean;
  let mapsFrom = Infinity;
  let mapsTo = -Infinity;
  /** Whether each entry's gfn is at or above the one before it, and at or above its end. */
  let sorted = true;
  let disjoint = true;
  let singles: OwnSingles | null = null;
  if (entries instanceof EntryColumns) {
    orders = entries.columns['order'] !== undefined;
    gfn = entries.column('gfn') as Float64Array;
    mfn = entries.column('mfn') as Float64Array;
    type = entries.column('type');
    const names = enumNames(entries.struct.fields['type']!.node.desc as Desc & { kind: 'enum' });
    typeNames = names as string[];
    const targetOf = Uint8Array.from(names, (t) => TARGET_OF_TYPE[t as P2mTypeName] ?? TARGET_CODE.none);
    if (orders) {
      const order = entries.column('order');
      count = scratch.float64(SLOT.count, size);
      for (let j = 0; j < size; j++) count[j] = 2 ** order[j]!;
    } else count = entries.column('count') as Float64Array;
    const gather = own === null ? null : { own, offsets: scratch.uint32(SLOT.singles, size), rest: scratch.uint32(SLOT.rest, size), counts: own.sliceCounts() };
    const scan = scanColumns(gfn, mfn, count, type, targetOf, target, gather);
    ({ sorted, disjoint, mapsFrom, mapsTo } = scan);
    if (gather !== null) {
      const { offsets, rest, counts } = gather;
      singles = { own: gather.own, inWindow: scan.inWindow, offsets: offsets.subarray(0, scan.n), counts, rest: rest.subarray(0, scan.r) };
    }
  } else {
    gfn = scratch.float64(SLOT.gfn, size);
    mfn = scratch.float64(SLOT.mfn, size);
    count = scratch.float64(SLOT.count, size);
    const codes = scratch.uint8(SLOT.type, size);
    const codeOf = new Map<string, number>();
    const names: string[] = [];
    orders = size > 0 && !('count' in entries[0]!);
    // The type of the entry before, and its target and code: most neighbours share a type, and a
    // lookup by name per entry would cost more than the rest of the entry.
    let lastType: string | undefined;
    let lastTarget = 0;
    let lastCode = 0;
    for (let j = 0; j < size; j++) {
      const e = entries[j]!;
      const g = Number(e.gfn);
      const s = Number(e.mfn);
      const n = 'count' in e ? Number(e.count) : 2 ** e.order;
      gfn[j] = g;
      mfn[j] = s;
      count[j] = n;
      if (e.type !== lastType) {
        lastType = e.type;
        lastTarget = TARGET_OF_TYPE[e.type] ?? TARGET_CODE.none;
        let c = codeOf.get(e.type);
        if (c === undefined) codeOf.set(e.type, (c = names.push(e.type) - 1));
        lastCode = c;
      }
      target[j] = lastTarget;
      codes[j] = lastCode;
      if (lastTarget !== TARGET_CODE.none) {
        if (s < mapsFrom) mapsFrom = s;
        if (s + n > mapsTo) mapsTo = s + n;
      }
    }
    type = codes;
    typeNames = names;
    for (let j = 1; j < size; j++) {
      if (gfn[j]! < gfn[j - 1]! + count[j - 1]!) {
        disjoint = false;
        if (gfn[j]! < gfn[j - 1]!) sorted = false;
      }
    }
  }
  let byGfn: Uint32Array | null = null;
  if (!sorted) {
    byGfn = new Uint32Array(size);
    for (let j = 0; j < size; j++) byGfn[j] = j;
    byGfn.sort((a, b) => gfn[a]! - gfn[b]! || a - b);
  }
  return { size, gfn, mfn, count, target, type, typeNames, singles, orders, byGfn, disjoint, mapsFrom, mapsTo };
}

/** Where scanColumns gathers what entriesBeyondOwnFrames asks (OwnSingles), and against which set. */
type Gather = Pick<OwnSingles, 'own' | 'offsets' | 'rest' | 'counts'>;

/**
 * p2mView's one pass over a P2M held as columns (millions of entries): targets (`targetOf` a
 * type's TARGET_CODE), the span they map, the order, and into `gather` what entriesBeyondOwnFrames
 * asks. A function of its own: written in p2mView, beside the path over objects, the loop ran at
 * half the speed (V8 optimizes it better on its own: 8.5 against 18 ns an entry without the gathering).
 */
function scanColumns(gfn: Float64Array, mfn: Float64Array, count: Float64Array, type: ArrayLike<number>, targetOf: Uint8Array, target: Uint8Array, gather: Gather | null) {
  let sorted = true;
  let disjoint = true;
  let mapsFrom = Infinity;
  let mapsTo = -Infinity;
  const offsets = gather === null ? new Uint32Array(0) : gather.offsets;
  const rest = gather === null ? new Uint32Array(0) : gather.rest;
  const counts = gather === null ? new Uint32Array(0) : gather.counts;
  const base = gather === null ? 0 : gather.own.base;
  const limit = gather === null ? 0 : gather.own.bits.length * 8;
  let gathering = gather !== null;
  let inWindow = true;
  let n = 0;
  let r = 0;
  let end = -Infinity;
  for (let j = 0; j < gfn.length; j++) {
    const g = gfn[j]!;
    const c = count[j]!;
    if (g < end) {
      disjoint = false;
      if (g < gfn[j - 1]!) sorted = false;
    }
    end = g + c;
    const t = targetOf[type[j]!]!;
    target[j] = t;
    if (t === TARGET_CODE.none) continue;
    const s = mfn[j]!;
    if (s < mapsFrom) mapsFrom = s;
    if (s + c > mapsTo) mapsTo = s + c;
    if (!gathering || t === TARGET_CODE.grant) continue;
    if (t !== TARGET_CODE.own || c !== 1) {
      rest[r++] = j;
      continue;
    }
    const i = s - base;
    if (i < 0 || i >= limit) {
      gathering = inWindow = false;
      continue;
    }
    offsets[n++] = i;
    const slice = (i >>> FRAME_SLICE_SHIFT) + 1;
    counts[slice] = counts[slice]! + 1;
  }
  return { sorted, disjoint, mapsFrom, mapsTo, inWindow, n, r };
}

/** The p2m type name of entry j. */
export function p2mTypeOf(p: P2mView, j: number): P2mTypeName {
  return p.typeNames[p.type[j]!] as P2mTypeName;
}

/** Position of the k-th entry in ascending gfn. */
export function nthByGfn(p: P2mView, k: number): number {
  return p.byGfn ? p.byGfn[k]! : k;
}

export function hex(n: number | bigint): string {
  return `0x${n.toString(16)}`;
}

/** A frame range for messages: `0x100000-0x1001ff` (inclusive), or one frame. */
export function frames(start: number | bigint, count: number | bigint): string {
  const s = BigInt(start);
  const c = BigInt(count);
  return c === 1n ? hex(s) : `${hex(s)}-${hex(s + c - 1n)}`;
}
