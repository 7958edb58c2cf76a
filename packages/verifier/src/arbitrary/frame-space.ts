/**
 * The host's machine-frame space as the builder hands it out: a bump allocator, so whatever is
 * allocated is disjoint from everything else (bootmem, M2P, stream pages, IOMMU roots, MMIO, each
 * domain's memory) by construction.
 */

export interface FrameRange {
  readonly start: bigint;
  readonly count: bigint;
}

export class FrameSpace {
  private cursor: bigint;

  constructor(first: bigint) {
    this.cursor = first;
  }

  /** `count` frames starting at a multiple of `align`. */
  alloc(count: bigint, align = 1n): bigint {
    const start = ((this.cursor + align - 1n) / align) * align;
    this.cursor = start + count;
    return start;
  }

  skip(frames: bigint): void {
    this.cursor += frames;
  }

  /** One past the highest frame handed out. */
  get end(): bigint {
    return this.cursor;
  }
}
