/**
 * Sorted half-open intervals [start, end) of frame numbers, each tagged (with a region's index). Frame numbers are below 2^52 and counts at most 2^52, so their
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
    // Most questions (every PAGES range and P2M entry of a dump) lie wholly above or below the set.
    if (this.size === 0 || e <= this.start[0]! || s >= this.maxEnd[this.size - 1]!) return -1;
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
