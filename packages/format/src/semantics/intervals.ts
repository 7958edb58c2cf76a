/**
 * Sorted half-open intervals [start, end) of frame numbers, each tagged (with the owning domain's
 * index, or a region's index). Frame numbers are below 2^52 and counts at most 2^52, so their
 * sums are exact as doubles: the hot loops stay on typed arrays instead of bigints. Input that is
 * already sorted (the usual case: ranges are listed ascending) is used in place, not copied.
 */

export class IntervalIndex {
  readonly size: number;
  /** Sorted by start. */
  readonly start: Float64Array;
  readonly end: Float64Array;
  readonly tag: Int32Array;
  /** Sorted position -> position the interval had when added; null when the input was sorted. */
  private readonly order: Uint32Array | null;
  /** maxEnd[k] = max(end[0..k]): answers "does anything before k reach past x"; built on first use. */
  private maxEnd?: Float64Array;

  constructor(start: Float64Array, end: Float64Array, tag: Int32Array) {
    this.size = start.length;
    this.order = sortedOrder(start);
    if (!this.order) {
      this.start = start;
      this.end = end;
      this.tag = tag;
    } else {
      this.start = new Float64Array(this.size);
      this.end = new Float64Array(this.size);
      this.tag = new Int32Array(this.size);
      for (let k = 0; k < this.size; k++) {
        const i = this.order[k]!;
        this.start[k] = start[i]!;
        this.end[k] = end[i]!;
        this.tag[k] = tag[i]!;
      }
    }
  }

  /** The position the interval at sorted position `k` had when added. */
  id(k: number): number {
    return this.order ? this.order[k]! : k;
  }

  /** Number of intervals whose start is below `x`. */
  countStartingBefore(x: number): number {
    let lo = 0;
    let hi = this.size;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.start[mid]! < x) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Sorted position of some interval overlapping [s, e), or -1. Meant for small sets (bootmem). */
  findOverlap(s: number, e: number): number {
    if (!this.maxEnd) {
      this.maxEnd = new Float64Array(this.size);
      let max = -Infinity;
      for (let k = 0; k < this.size; k++) this.maxEnd[k] = max = Math.max(max, this.end[k]!);
    }
    let k = this.countStartingBefore(e) - 1;
    if (k < 0 || this.maxEnd[k]! <= s) return -1;
    while (this.end[k]! <= s) k--; // maxEnd says one at or before k reaches past s
    return k;
  }

  /**
   * Pairs of overlapping intervals, as (later, earlier) sorted positions: each interval that
   * starts before the furthest end seen so far overlaps the interval holding that end.
   */
  *overlaps(): Generator<[number, number]> {
    let far = -1;
    for (let k = 0; k < this.size; k++) {
      if (far >= 0 && this.start[k]! < this.end[far]!) yield [k, far];
      if (far < 0 || this.end[k]! > this.end[far]!) far = k;
    }
  }
}

/** Positions ordered by `start`, or null when already in order (a single pass, no allocation). */
function sortedOrder(start: Float64Array): Uint32Array | null {
  let sorted = true;
  for (let i = 1; i < start.length && sorted; i++) if (start[i]! < start[i - 1]!) sorted = false;
  if (sorted) return null;
  const order = new Uint32Array(start.length);
  for (let i = 0; i < start.length; i++) order[i] = i;
  return order.sort((a, b) => start[a]! - start[b]! || a - b);
}

/**
 * Merges sorted intervals of the same tag that touch or overlap; returns how many merged
 * intervals there are, and writes them to `into` when given.
 */
function mergeRuns(index: IntervalIndex, into?: { start: Float64Array; end: Float64Array; tag: Int32Array }): number {
  let n = 0;
  let lastEnd = -1;
  let lastTag = -1;
  for (let k = 0; k < index.size; k++) {
    const s = index.start[k]!;
    const e = index.end[k]!;
    const t = index.tag[k]!;
    if (n > 0 && t === lastTag && s <= lastEnd) {
      lastEnd = Math.max(lastEnd, e);
      if (into) into.end[n - 1] = lastEnd;
    } else {
      if (into) {
        into.start[n] = s;
        into.end[n] = e;
        into.tag[n] = t;
      }
      n++;
      lastEnd = e;
      lastTag = t;
    }
  }
  return n;
}

/** Bits of what covers a frame range, from `Coverage.of`. */
export const COVER = { SELF: 1, OTHER: 2, GAP: 4 } as const;

/**
 * Who covers a frame range: the intervals merged per tag where they touch, so a range owned by
 * one domain in many PAGES entries is one interval and a lookup is one binary search.
 */
export class Coverage {
  private readonly start: Float64Array;
  private readonly end: Float64Array;
  private readonly tag: Int32Array;
  private readonly size: number;

  constructor(index: IntervalIndex) {
    // Count the merged intervals first, so the arrays are allocated once at their size.
    this.size = mergeRuns(index);
    const into = { start: new Float64Array(this.size), end: new Float64Array(this.size), tag: new Int32Array(this.size) };
    mergeRuns(index, into);
    this.start = into.start;
    this.end = into.end;
    this.tag = into.tag;
  }

  /** Position of the last merged interval starting at or before `f`, or -1. */
  private atOrBefore(f: number): number {
    let lo = 0;
    let hi = this.size;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.start[mid]! <= f) lo = mid + 1;
      else hi = mid;
    }
    return lo - 1;
  }

  /**
   * COVER bits for [s, e) seen from `self`: parts covered by `self`, by another tag, or by
   * nothing. Stops early once a bit in `stop` is set.
   */
  of(s: number, e: number, self: number, stop = 0): number {
    let k = this.atOrBefore(s);
    if (k < 0 || this.end[k]! <= s) k++;
    let pos = s;
    let bits = 0;
    for (; k < this.size && this.start[k]! < e; k++) {
      if (this.start[k]! > pos) bits |= COVER.GAP;
      bits |= this.tag[k] === self ? COVER.SELF : COVER.OTHER;
      pos = Math.max(pos, this.end[k]!);
      if (pos >= e || (bits & stop) !== 0) return bits;
    }
    return bits | COVER.GAP;
  }

  /** The tag covering frame `f`, or -1. */
  tagAt(f: number): number {
    const k = this.atOrBefore(f);
    return k >= 0 && this.end[k]! > f ? this.tag[k]! : -1;
  }
}
