/**
 * The frames one domain owns, as bits over the window its PAGES span: the question every RAM P2M
 * entry asks ("is my frame my own?") answered from a few MiB instead of the host-wide owner map,
 * which fragmented memory makes a random access into tens of MiB per entry.
 */
export class FrameSet {
  constructor(
    /** First frame of the window. */
    readonly base: number,
    /** Bit f - base: frame f is in the set (read in place by the P2M loop, a call per entry costs more than the bit). */
    readonly bits: Uint8Array,
  ) {}

  /** Whether every frame of [s, e) is in the set. */
  hasAll(s: number, e: number): boolean {
    const limit = this.bits.length * 8;
    for (let f = s; f < e; f++) {
      const i = f - this.base;
      if (i < 0 || i >= limit || ((this.bits[i >>> 3]! >> (i & 7)) & 1) === 0) return false;
    }
    return true;
  }

  /**
   * Whether each frame base + offsets[k], k < n, is in the set (every offset below the window's
   * width). A P2M's frames in GFN order are scattered over the window: tested in that order, each
   * is a cache and TLB miss into several MiB of bits. Sorted by window slice first (one scatter,
   * sequential but for a write cursor per slice), they read the bits a slice at a time instead,
   * each slice small enough to stay in cache. `counts`: how many offsets fall in each slice, at
   * index slice + 1 (from `sliceCounts`, filled by the caller as it collected the offsets: a pass
   * saved); `sorted` is scratch of n entries.
   */
  hasEach(offsets: Uint32Array, n: number, counts: Uint32Array, sorted: Uint32Array): boolean {
    const at = counts;
    for (let c = 1; c < at.length; c++) at[c] = at[c]! + at[c - 1]!;
    for (let k = 0; k < n; k++) {
      const i = offsets[k]!;
      sorted[at[i >>> FRAME_SLICE_SHIFT]!++] = i;
    }
    const bits = this.bits;
    for (let k = 0; k < n; k++) {
      const i = sorted[k]!;
      if (((bits[i >>> 3]! >> (i & 7)) & 1) === 0) return false;
    }
    return true;
  }

  /** Zeroed per-slice counts for `hasEach`: offset i counts at index (i >>> FRAME_SLICE_SHIFT) + 1. */
  sliceCounts(): Uint32Array {
    return new Uint32Array(((this.bits.length * 8) >>> FRAME_SLICE_SHIFT) + 2);
  }
}

/** Frames of the window per slice hasEach reads at a time: 2^17, 16 KiB of bits, about half a core's L1 data cache. */
export const FRAME_SLICE_SHIFT = 17;

/** Widest window a FrameSet covers, in frames (32 MiB of bits). */
export const FRAME_SET_MAX_SPAN = 2 ** 28;
/**
 * Most window frames per frame in the set: clearing the bits costs about a byte per 8 of them,
 * which pays for itself when the set is dense enough (one frame in 180: a fragmented host of 180
 * guests) and is not worth it for a few ranges far apart.
 */
const MAX_SPAN_PER_FRAME = 256;

/** What a list of frame ranges spans: its lowest and highest frames, how many frames, and the widest range. */
export interface RangeSpan {
  readonly lo: number;
  /** One past the highest frame. */
  readonly hi: number;
  readonly frames: number;
  readonly widest: number;
}

/** The span of the ranges [start[k], end[k]). */
export function spanOf(start: Float64Array, end: Float64Array): RangeSpan {
  let lo = Infinity;
  let hi = -Infinity;
  let frames = 0;
  let widest = 0;
  for (let k = 0; k < start.length; k++) {
    const n = end[k]! - start[k]!;
    if (start[k]! < lo) lo = start[k]!;
    if (end[k]! > hi) hi = end[k]!;
    if (n > widest) widest = n;
    frames += n;
  }
  return { lo, hi, frames, widest };
}

/**
 * An empty FrameSet over the window of ranges that span `span`, in `buffer`, for a caller that
 * sets their frames itself (OwnerMap.claimRanges, as it claims them); null when they span more
 * than FRAME_SET_MAX_SPAN frames, are too sparse over their window to be worth the bits, or are
 * none.
 */
export function emptyFrameSet(span: RangeSpan, buffer: (bytes: number) => Uint8Array): FrameSet | null {
  const { lo, hi, frames } = span;
  if (hi < lo || hi - lo > FRAME_SET_MAX_SPAN || hi - lo > MAX_SPAN_PER_FRAME * frames) return null;
  const bits = buffer(Math.ceil((hi - lo) / 8));
  bits.fill(0);
  return new FrameSet(lo, bits);
}
