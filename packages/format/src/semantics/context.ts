/**
 * A version-neutral view of a state, with the indexes several rule families share (domains by
 * domid, page ownership, each domain's ports and P2M), each built once and only when asked for.
 * PAGES and P2M entries are converted once to typed arrays of numbers: the rules over millions
 * of ranges then run without touching a bigint.
 */
import type { AnyDomainState, DomainStateV1, DomainStateV3, State, Version } from '../schema/index.js';
import { Coverage, IntervalIndex } from './intervals.js';
import { TARGET_OF_TYPE } from './p2m-types.js';

export type AnyDomain = AnyDomainState;
export type EventChannel = AnyDomain['event_channels'][number];

export interface DomainView {
  /** Index in `state.domains` (and in the indexes below). */
  readonly i: number;
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
}

/** A domain's P2M as numbers: gfn, mfn, frame count (page orders expanded), target class. */
export interface P2mView {
  readonly size: number;
  readonly gfn: Float64Array;
  readonly mfn: Float64Array;
  readonly count: Float64Array;
  /** TARGET_CODE of the entry's p2m type. */
  readonly target: Uint8Array;
  /** Entry positions in ascending gfn; null when the entries are in that order already. */
  readonly byGfn: Uint32Array | null;
}

export class Context {
  readonly domains: readonly DomainView[];
  /** First domain with each domid. */
  readonly byDomid = new Map<number, DomainView>();
  private pagesView?: PagesView;
  private ownershipIndex?: IntervalIndex;
  private ownershipCoverage?: Coverage;
  private readonly ports = new Map<DomainView, Map<number, EventChannel>>();
  private readonly p2ms = new Map<DomainView, P2mView>();

  /**
   * `firstIndex`: where `state.domains[0]` is in the stream, for the paths of findings when the
   * state holds one domain of a larger dump (DomainByDomainValidator).
   */
  constructor(
    readonly state: State,
    readonly version: Version,
    firstIndex = 0,
  ) {
    const all: readonly AnyDomain[] = state.domains;
    this.domains = all.map((d, i) => ({ i, domid: d.domain.domid, d, path: `domains[${firstIndex + i}]` }));
    for (const dv of this.domains) if (!this.byDomid.has(dv.domid)) this.byDomid.set(dv.domid, dv);
  }

  get pages(): PagesView {
    if (!this.pagesView) {
      const offset: number[] = [];
      let n = 0;
      for (const dv of this.domains) {
        offset.push(n);
        n += dv.d.pages.length;
      }
      const start = new Float64Array(n);
      const end = new Float64Array(n);
      let k = 0;
      for (const dv of this.domains) {
        for (const p of dv.d.pages) {
          const s = Number(p.first_mfn);
          start[k] = s;
          end[k++] = s + Number(p.count);
        }
      }
      this.pagesView = { start, end, offset };
    }
    return this.pagesView;
  }

  /** Every PAGES range of every domain, sorted; tag = domain index, id = position in `pages`. */
  get ownership(): IntervalIndex {
    if (!this.ownershipIndex) {
      const { start, end, offset } = this.pages;
      const tag = new Int32Array(start.length);
      for (const dv of this.domains) tag.fill(dv.i, offset[dv.i]!, offset[dv.i]! + dv.d.pages.length);
      this.ownershipIndex = new IntervalIndex(start, end, tag);
    }
    return this.ownershipIndex;
  }

  /** Who owns which frames, merged per domain: answers "who owns [s, e)". */
  get owners(): Coverage {
    this.ownershipCoverage ??= new Coverage(this.ownership);
    return this.ownershipCoverage;
  }

  /** Maps a position in `pages` back to its domain and PAGES index. */
  pageRef(id: number): { dv: DomainView; j: number } {
    const { offset } = this.pages;
    // Last domain whose first range is at or before `id` (domains without ranges share offsets).
    let lo = 0;
    let hi = offset.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (offset[mid]! <= id) lo = mid + 1;
      else hi = mid;
    }
    const dv = this.domains[lo - 1];
    if (!dv || id - offset[lo - 1]! >= dv.d.pages.length) throw new RangeError(`no PAGES range ${id}`);
    return { dv, j: id - offset[lo - 1]! };
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
      v = p2mView(dv.d.p2m);
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

function p2mView(entries: AnyDomain['p2m']): P2mView {
  const size = entries.length;
  const gfn = new Float64Array(size);
  const mfn = new Float64Array(size);
  const count = new Float64Array(size);
  const target = new Uint8Array(size);
  let sorted = true;
  // One shape per list: page-order entries (v1, v2) or extents (v3).
  if (size > 0 && 'count' in entries[0]!) {
    const extents = entries as DomainStateV3['p2m'];
    for (let j = 0; j < size; j++) {
      const e = extents[j]!;
      gfn[j] = Number(e.gfn);
      mfn[j] = Number(e.mfn);
      count[j] = Number(e.count);
      target[j] = TARGET_OF_TYPE[e.type];
    }
  } else {
    const orders = entries as DomainStateV1['p2m'];
    for (let j = 0; j < size; j++) {
      const e = orders[j]!;
      gfn[j] = Number(e.gfn);
      mfn[j] = Number(e.mfn);
      count[j] = 2 ** e.order;
      target[j] = TARGET_OF_TYPE[e.type];
    }
  }
  for (let j = 1; j < size; j++) if (gfn[j]! < gfn[j - 1]!) sorted = false;
  let byGfn: Uint32Array | null = null;
  if (!sorted) {
    byGfn = new Uint32Array(size);
    for (let j = 0; j < size; j++) byGfn[j] = j;
    byGfn.sort((a, b) => gfn[a]! - gfn[b]! || a - b);
  }
  return { size, gfn, mfn, count, target, byGfn };
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
