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
}

/** Widest window a FrameSet covers, in frames (32 MiB of bits). */
export const FRAME_SET_MAX_SPAN = 2 ** 28;
/**
 * Most window frames per frame in the set: clearing the bits costs about a byte per 8 of them,
 * which pays for itself when the set is dense enough (one frame in 180: a fragmented host of 180
 * guests) and is not worth it for a few ranges far apart.
 */
const MAX_SPAN_PER_FRAME = 256;

/**
 * The set of the ranges [start[k], end[k]), in `buffer` (cleared here); null when they span more
 * than FRAME_SET_MAX_SPAN frames, or are too sparse over their window to be worth the bits.
 */
export function frameSetOf(start: Float64Array, end: Float64Array, buffer: (bytes: number) => Uint8Array): FrameSet | null {
  if (start.length === 0) return null;
  let lo = Infinity;
  let hi = -Infinity;
  let frames = 0;
  for (let k = 0; k < start.length; k++) {
    lo = Math.min(lo, start[k]!);
    hi = Math.max(hi, end[k]!);
    frames += end[k]! - start[k]!;
  }
  if (hi - lo > FRAME_SET_MAX_SPAN || hi - lo > MAX_SPAN_PER_FRAME * frames) return null;
  const bits = buffer(Math.ceil((hi - lo) / 8));
  bits.fill(0);
  for (let k = 0; k < start.length; k++) {
    for (let i = start[k]! - lo; i < end[k]! - lo; i++) bits[i >>> 3] = bits[i >>> 3]! | (1 << (i & 7));
  }
  return new FrameSet(lo, bits);
}
