import { describe, expect, it } from 'vitest';
import { FRAME_SET_MAX_SPAN, FRAME_SLICE_SHIFT, type FrameSet, emptyFrameSet, spanOf } from '../src/semantics/frame-set.js';
import { COVER, OWNER_BIG_RANGE, OWNER_CHUNK, OwnerMap } from '../src/semantics/owner-map.js';

/** The set of the ranges [start[k], end[k]), frame by frame: what claimRanges' `into` must hold. */
function frameSetOf(start: Float64Array, end: Float64Array, buffer: (bytes: number) => Uint8Array): FrameSet | null {
  const set = emptyFrameSet(spanOf(start, end), buffer);
  if (set === null) return null;
  for (let k = 0; k < start.length; k++) {
    for (let f = start[k]! - set.base; f < end[k]! - set.base; f++) set.bits[f >>> 3] = set.bits[f >>> 3]! | (1 << (f & 7));
  }
  return set;
}

/** The same answers by brute force: a frame's owner is its first claim. */
class Oracle {
  readonly owner = new Map<number, number>();
  claim(s: number, e: number, o: number): { frame: number; owner: number } | null {
    let clash: { frame: number; owner: number } | null = null;
    for (let f = s; f < e; f++) {
      const had = this.owner.get(f);
      if (had !== undefined) clash ??= { frame: f, owner: had };
      else this.owner.set(f, o);
    }
    return clash;
  }
  cover(s: number, e: number, self: number): number {
    let bits = 0;
    for (let f = s; f < e; f++) {
      const o = this.owner.get(f);
      bits |= o === undefined ? COVER.GAP : o === self ? COVER.SELF : COVER.OTHER;
    }
    return bits;
  }
}

/** A deterministic pseudo-random sequence (xorshift), so a failure replays. */
function rng(seed: number): () => number {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 2 ** 32;
  };
}

describe('OwnerMap', () => {
  it('answers as the first claim of each frame, over small and large ranges, overlapping or not', () => {
    for (let seed = 1; seed <= 10; seed++) {
      const r = rng(seed);
      const map = new OwnerMap();
      const oracle = new Oracle();
      const space = 10 * OWNER_CHUNK;
      for (let k = 0; k < 60; k++) {
        const s = Math.floor(r() * space);
        // Mostly small ranges (one frame, a few), some of several chunks.
        const n = r() < 0.2 ? OWNER_BIG_RANGE + Math.floor(r() * 3 * OWNER_CHUNK) : 1 + Math.floor(r() * (r() < 0.5 ? 3 : 600));
        const owner = Math.floor(r() * 5);
        if (k % 4 === 3) {
          // A domain's PAGES in one batch: one-frame ranges, ascending, now and then a longer one.
          const starts: number[] = [];
          for (let f = s; starts.length < 200 && f < space; f += 1 + Math.floor(r() * 40)) starts.push(f);
          const ends = starts.map((f, j) => (j % 50 === 49 ? f + 1 + Math.floor(r() * 3) : f + 1));
          const got: [number, { frame: number; owner: number }][] = [];
          map.claimRanges(Float64Array.from(starts), Float64Array.from(ends), 0, starts.length, owner, (j, clash) => got.push([j, clash]));
          const want: [number, { frame: number; owner: number }][] = [];
          starts.forEach((f, j) => {
            const clash = oracle.claim(f, ends[j]!, owner);
            if (clash) want.push([j, clash]);
          });
          expect(got, `seed ${seed} batch ${k}`).toEqual(want);
          continue;
        }
        expect(map.claim(s, s + n, owner), `seed ${seed} claim ${k}`).toEqual(oracle.claim(s, s + n, owner));
      }
      for (let q = 0; q < 100; q++) {
        const s = Math.floor(r() * space);
        const n = r() < 0.3 ? 1 : 1 + Math.floor(r() * 1.2 * OWNER_CHUNK);
        const self = Math.floor(r() * 5);
        expect(map.cover(s, s + n, self), `seed ${seed} cover [${s}, ${s + n})`).toBe(oracle.cover(s, s + n, self));
        expect(map.ownerAt(s)).toBe(oracle.owner.get(s) ?? -1);
      }
    }
  });

  it('claimRanges sets the frames of every range it is given in `into`, clashing or not, in chunks laid out or logged', () => {
    for (let seed = 1; seed <= 6; seed++) {
      const r = rng(seed);
      const map = new OwnerMap();
      const oracle = new Oracle();
      // An earlier domain's frames, a large range among them, and a question that lays one chunk's owners out.
      const lo = 3 * OWNER_CHUNK - 500;
      for (let f = lo; f < lo + 3 * OWNER_CHUNK; f += 2 + Math.floor(r() * 60)) {
        map.claim(f, f + 1, 0);
        oracle.claim(f, f + 1, 0);
      }
      map.claim(lo + 2 * OWNER_CHUNK, lo + 2 * OWNER_CHUNK + OWNER_BIG_RANGE, 0);
      oracle.claim(lo + 2 * OWNER_CHUNK, lo + 2 * OWNER_CHUNK + OWNER_BIG_RANGE, 0);
      expect(map.ownerAt(lo + OWNER_CHUNK + 700)).toBe(oracle.owner.get(lo + OWNER_CHUNK + 700) ?? -1);
      // This domain's PAGES: ascending one-frame ranges over those chunks, now and then a longer one.
      const starts: number[] = [];
      const ends: number[] = [];
      for (let f = lo + Math.floor(r() * 10); f < lo + 3 * OWNER_CHUNK; f += 2 + Math.floor(r() * 30)) {
        starts.push(f);
        ends.push(starts.length % 40 === 0 ? f + 2 : f + 1);
        if (starts.length % 40 === 0) f += 1;
      }
      const start = Float64Array.from(starts);
      const end = Float64Array.from(ends);
      const into = emptyFrameSet(spanOf(start, end), (bytes) => new Uint8Array(bytes).fill(0xff))!;
      const got: [number, { frame: number; owner: number }][] = [];
      map.claimRanges(start, end, 0, starts.length, 1, (j, clash) => got.push([j, clash]), into);
      const want: [number, { frame: number; owner: number }][] = [];
      starts.forEach((f, j) => {
        const clash = oracle.claim(f, ends[j]!, 1);
        if (clash) want.push([j, clash]);
      });
      expect(got.length, `seed ${seed}`).toBeGreaterThan(0);
      expect(got, `seed ${seed}`).toEqual(want);
      expect(into.bits, `seed ${seed}`).toEqual(frameSetOf(start, end, (bytes) => new Uint8Array(bytes))!.bits);
      for (let q = 0; q < 200; q++) {
        const f = lo + Math.floor(r() * 3 * OWNER_CHUNK);
        expect(map.ownerAt(f), `seed ${seed} frame ${f}`).toBe(oracle.owner.get(f) ?? -1);
      }
    }
  });

  it('stops at the first bit asked for, and holds huge ranges without a cell per frame', () => {
    const map = new OwnerMap();
    expect(map.claim(2 ** 40, 2 ** 41, 0)).toBeNull(); // 2^40 frames: a few numbers, not 2 TiB of cells
    expect(map.claim(2 ** 40 + 5, 2 ** 40 + 6, 1)).toEqual({ frame: 2 ** 40 + 5, owner: 0 });
    expect(map.ownerAt(2 ** 40 + 5)).toBe(0);
    expect(map.cover(2 ** 40 - 10, 2 ** 41 + 10, 0)).toBe(COVER.SELF | COVER.GAP);
    expect(map.cover(2 ** 40, 2 ** 41, 1, COVER.OTHER)).toBe(COVER.OTHER);
  });
});

describe('FrameSet', () => {
  const scratch = (bytes: number) => new Uint8Array(bytes).fill(0xff); // stale contents: cleared by emptyFrameSet
  it('holds exactly the frames of the ranges, over the window they span', () => {
    const set = frameSetOf(Float64Array.of(100, 90, 120), Float64Array.of(101, 95, 121), scratch)!;
    expect(set.hasAll(100, 101)).toBe(true);
    expect(set.hasAll(90, 95)).toBe(true);
    expect(set.hasAll(120, 121)).toBe(true);
    expect(set.hasAll(94, 96)).toBe(false);
    for (const f of [89, 95, 99, 101, 119, 121, 2 ** 40]) expect(set.hasAll(f, f + 1), String(f)).toBe(false);
  });

  it('hasEach answers for many frames at once as hasAll does for each, over windows of several slices', () => {
    let seed = 7;
    const rnd = (n: number) => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) % n);
    // One frame in 5 over 2^20 frames (8 slices), in ranges of 1 to 3 frames, from frame 1000.
    const starts: number[] = [];
    const ends: number[] = [];
    for (let f = 1000; f < 1000 + 2 ** 20; f += 5 + rnd(10)) {
      starts.push(f);
      ends.push(f + 1 + rnd(3));
    }
    const set = frameSetOf(Float64Array.from(starts), Float64Array.from(ends), scratch)!;
    const width = set.bits.length * 8;
    const owned: number[] = [];
    for (let k = 0; k < starts.length; k++) for (let f = starts[k]!; f < ends[k]!; f++) owned.push(f - set.base);
    // In scattered order, as a P2M's frames are.
    for (let i = owned.length - 1; i > 0; i--) {
      const j = rnd(i + 1);
      [owned[i], owned[j]] = [owned[j]!, owned[i]!];
    }
    const sorted = new Uint32Array(owned.length + 1);
    // As the P2M scan calls it: the first n offsets counted per slice while collected.
    const hasEach = (offsets: Uint32Array, n: number) => {
      const counts = set.sliceCounts();
      for (let k = 0; k < n; k++) counts[(offsets[k]! >>> FRAME_SLICE_SHIFT) + 1]!++;
      return set.hasEach(offsets, n, counts, sorted);
    };
    expect(hasEach(Uint32Array.from(owned), owned.length)).toBe(true);
    for (let t = 0; t < 50; t++) {
      const at = rnd(owned.length + 1);
      const frame = rnd(width);
      const offsets = Uint32Array.from([...owned.slice(0, at), frame, ...owned.slice(at)]);
      expect(hasEach(offsets, offsets.length), `frame ${frame}`).toBe(set.hasAll(set.base + frame, set.base + frame + 1));
    }
    // Only the first n offsets count.
    expect(hasEach(Uint32Array.from([owned[0]!, owned[1]!, width - 1 === owned[0] ? 0 : width - 1]), 2)).toBe(true);
  });

  it("is not built over a window wider than FRAME_SET_MAX_SPAN, nor for ranges too sparse over theirs, nor for no range", () => {
    const of = (start: number[], end: number[]) => emptyFrameSet(spanOf(Float64Array.from(start), Float64Array.from(end)), scratch);
    expect(of([0, FRAME_SET_MAX_SPAN], [1, FRAME_SET_MAX_SPAN + 1])).toBeNull();
    expect(of([0, FRAME_SET_MAX_SPAN - 1], [1, FRAME_SET_MAX_SPAN])).toBeNull(); // 2 frames over the whole maximum: too sparse
    expect(of([0, 100_000], [10, 100_010])).toBeNull(); // 20 frames over 100010
    expect(of([], [])).toBeNull();
    expect(of([0, 90], [10, 100])).not.toBeNull();
  });
});
