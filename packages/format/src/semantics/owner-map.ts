/**
 * Who owns each machine frame, filled one domain at a time from PAGES and asked by the ownership
 * rules, without holding any PAGES entry. Fragmented hosts list every frame as its own range,
 * interleaved across domains, so sorted intervals gain nothing there: small ranges go to dense
 * chunks of OWNER_CHUNK frames (Chunk: a bit per frame, and who claimed it), large ranges to a short
 * list of intervals. A frame listed twice (mem.ownership-disjoint) keeps its first owner in
 * stream order, so every later question has one answer whatever the order of the questions.
 * Frame numbers are below 2^52 (exact as doubles).
 */
import type { FrameSet } from './frame-set.js';

/** Bits of who owns a frame range, from `OwnerMap.cover`. */
export const COVER = { SELF: 1, OTHER: 2, GAP: 4 } as const;

/**
 * Frames per chunk. Large enough that a domain of interleaved one-frame ranges moves to another
 * chunk rarely (each move a few dependent loads); at most 2^16, the log's frame offsets are u16.
 */
export const OWNER_CHUNK = 32768;
const CHUNK = OWNER_CHUNK;
/** Ranges of at least this many frames are kept as intervals, not frame by frame. */
export const OWNER_BIG_RANGE = 4096;
/** Owners are domain positions, stored plus one (0: no owner) in 16 bits. */
const MAX_OWNER = 0xfffe;

/** A frame some earlier claim owns, from `claim`. */
export interface Clash {
  readonly frame: number;
  readonly owner: number;
}

export class OwnerMap {
  private readonly chunks = new Map<number, Chunk>();
  /** Ranges of at least OWNER_BIG_RANGE frames, sorted by start; `seq`: claim order, the earliest owns. */
  private readonly big: { start: number; end: number; owner: number; seq: number }[] = [];
  private longest = 0;
  /** The frames the large ranges span, first and past the last: most claims fall outside. */
  private bigLo = Infinity;
  private bigHi = -Infinity;
  private keys: Float64Array | null = null;
  /** The chunk the last claim wrote: a domain's PAGES ascend, so the next claim is likely in it. */
  private lastChunk = -1;
  private lastCells: Chunk | undefined;

  /** Records `owner` as owning [s, e); the first frame someone already owned, if any. */
  claim(s: number, e: number, owner: number): Clash | null {
    if (owner > MAX_OWNER) throw new RangeError(`owner ${owner} above ${MAX_OWNER}`);
    return e - s >= OWNER_BIG_RANGE ? this.claimBig(s, e, owner) : this.claimSmall(s, e, owner);
  }

  /**
   * `claim` of each range [start[k], end[k]) for k in [from, to), in one loop: a fragmented
   * domain's PAGES are millions of one-frame ranges, and a call per range costs more than the
   * frame. `clashed(k, clash)` hears of each range some frame of which was owned already.
   */
  claimRanges(
    start: Float64Array, end: Float64Array, from: number, to: number, owner: number, clashed: (k: number, clash: Clash) => void, into: FrameSet | null = null,
  ): void {
    if (owner > MAX_OWNER) throw new RangeError(`owner ${owner} above ${MAX_OWNER}`);
    // The frames also go into `into` (a FrameSet spanning them), in the same pass.
    const bits = into === null ? null : into.bits;
    const base = into === null ? 0 : into.base;
    // The chunk of frames [lo, hi) the last range fell in: the next one most often falls there too.
    let lo = 0;
    let hi = 0;
    let cells: Chunk | undefined;
    let { bigLo, bigHi } = this;
    for (let k = from; k < to; k++) {
      const s = start[k]!;
      const e = end[k]!;
      if (e - s !== 1 || (s < bigHi && e > bigLo)) {
        // The general case, and the chunk or large range it may have added.
        if (bits !== null) for (let i = s - base; i < e - base; i++) bits[i >>> 3] = bits[i >>> 3]! | (1 << (i & 7));
        const clash = this.claim(s, e, owner);
        if (clash) clashed(k, clash);
        ({ bigLo, bigHi } = this);
        hi = lo;
        continue;
      }
      if (s < lo || s >= hi) {
        const c = Math.floor(s / CHUNK);
        cells = this.chunks.get(c);
        if (!cells) {
          this.chunks.set(c, (cells = new Chunk()));
          this.keys = null;
        }
        lo = c * CHUNK;
        hi = lo + CHUNK;
      }
      // The run of one-frame ranges in this chunk from k, in the chunk's own loop. It stops short
      // of range k only when k's frame was claimed already.
      const stop = cells!.claimSingles(start, end, k, to, lo, owner, bigLo, bigHi, bits, base);
      if (stop > k) k = stop - 1;
      else {
        if (bits !== null) bits[(s - base) >>> 3] = bits[(s - base) >>> 3]! | (1 << ((s - base) & 7));
        clashed(k, { frame: s, owner: cells!.ownerAt(s - lo) });
      }
    }
  }

  private claimSmall(s: number, e: number, owner: number): Clash | null {
    let clash: Clash | null = null;
    // A frame a large range already owns keeps that owner: only the first claim sets a cell.
    const underBig = s < this.bigHi && e > this.bigLo && this.anyBigIn(s, e);
    for (let f = s; f < e; ) {
      const c = Math.floor(f / CHUNK);
      let cells = c === this.lastChunk ? this.lastCells! : this.chunks.get(c);
      if (!cells) {
        this.chunks.set(c, (cells = new Chunk()));
        this.keys = null;
      }
      this.lastChunk = c;
      this.lastCells = cells;
      const base = c * CHUNK;
      const end = Math.min(e, base + CHUNK);
      for (; f < end; f++) {
        if (cells.has(f - base)) {
          clash ??= { frame: f, owner: cells.ownerAt(f - base) };
          continue;
        }
        const b = underBig ? this.bigOwnerAt(f) : -1;
        if (b >= 0) clash ??= { frame: f, owner: b };
        else cells.set(f - base, owner);
      }
    }
    return clash;
  }

  private claimBig(s: number, e: number, owner: number): Clash | null {
    const big = this.firstBigIn(s, e);
    const cell = this.firstCellIn(s, e);
    const frame = Math.min(big ?? Infinity, cell ?? Infinity);
    // Before this range is added, the frame's owner is its first claim's.
    const clash = frame === Infinity ? null : { frame, owner: this.ownerAt(frame) };
    let k = this.big.length;
    while (k > 0 && this.big[k - 1]!.start > s) k--;
    this.big.splice(k, 0, { start: s, end: e, owner, seq: this.big.length });
    this.longest = Math.max(this.longest, e - s);
    this.bigLo = Math.min(this.bigLo, s);
    this.bigHi = Math.max(this.bigHi, e);
    return clash;
  }

  /** Owner of frame `f`, or -1. */
  ownerAt(f: number): number {
    const cells = this.chunks.get(Math.floor(f / CHUNK));
    if (cells && cells.has(f % CHUNK)) return cells.ownerAt(f % CHUNK);
    return f < this.bigHi && f >= this.bigLo ? this.bigOwnerAt(f) : -1;
  }

  /**
   * COVER bits for [s, e) seen from `self`: parts owned by `self`, by another, or by nobody.
   * Stops early once a bit in `stop` is set.
   */
  cover(s: number, e: number, self: number, stop = 0): number {
    if (e - s === 1) return coverBit(this.ownerAt(s), self);
    const keys = this.chunkKeys();
    let bits = 0;
    // The chunks within [s, e) one by one, and the stretches between them by the large ranges.
    let k = lowerBound(keys, Math.floor(s / CHUNK));
    let pos = s;
    while (pos < e) {
      const c = k < keys.length ? keys[k]! : Infinity;
      const from = Math.max(pos, c * CHUNK);
      if (from > pos) {
        bits |= this.bigCover(pos, Math.min(e, from), self);
        pos = Math.min(e, from);
        if ((bits & stop) !== 0 || pos >= e) return bits;
      }
      const cells = this.chunks.get(c)!;
      const base = c * CHUNK;
      const end = Math.min(e, base + CHUNK);
      for (; pos < end; pos++) {
        const i = pos - base;
        bits |= cells.has(i) ? coverBit(cells.ownerAt(i), self) : coverBit(pos < this.bigHi && pos >= this.bigLo ? this.bigOwnerAt(pos) : -1, self);
        if ((bits & stop) !== 0) return bits;
      }
      k++;
    }
    return bits;
  }

  /** The chunk numbers, ascending; rebuilt after a claim adds a chunk. */
  private chunkKeys(): Float64Array {
    if (!this.keys) {
      this.keys = Float64Array.from(this.chunks.keys());
      this.keys.sort();
    }
    return this.keys;
  }

  /** Positions in `big` of the ranges that may overlap [s, e). */
  private bigCandidates(s: number, e: number): number[] {
    const out: number[] = [];
    for (let k = this.upperBound(e) - 1; k >= 0 && this.big[k]!.start > s - this.longest; k--) {
      if (this.big[k]!.end > s) out.push(k);
    }
    return out;
  }

  private anyBigIn(s: number, e: number): boolean {
    for (let k = this.upperBound(e) - 1; k >= 0 && this.big[k]!.start > s - this.longest; k--) if (this.big[k]!.end > s) return true;
    return false;
  }

  /** Number of large ranges starting before `x`. */
  private upperBound(x: number): number {
    let lo = 0;
    let hi = this.big.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.big[mid]!.start < x) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  private bigOwnerAt(f: number): number {
    let owner = -1;
    let seq = Infinity;
    for (let k = this.upperBound(f + 1) - 1; k >= 0 && this.big[k]!.start > f - this.longest; k--) {
      const r = this.big[k]!;
      if (r.end > f && r.seq < seq) {
        owner = r.owner;
        seq = r.seq;
      }
    }
    return owner;
  }

  /** COVER bits of [s, e) by the large ranges alone, each frame by its earliest claim. */
  private bigCover(s: number, e: number, self: number): number {
    const ks = this.bigCandidates(s, e);
    if (ks.length === 0) return COVER.GAP;
    if (ks.length === 1) {
      const r = this.big[ks[0]!]!;
      return coverBit(r.owner, self) | (r.start > s || r.end < e ? COVER.GAP : 0);
    }
    // Elementary segments between the candidates' ends: each has one earliest owner or none.
    const cuts = new Set<number>([s, e]);
    for (const k of ks) {
      const r = this.big[k]!;
      if (r.start > s) cuts.add(r.start);
      if (r.end < e) cuts.add(r.end);
    }
    const points = [...cuts].sort((a, b) => a - b);
    let bits = 0;
    for (let i = 0; i + 1 < points.length; i++) bits |= coverBit(this.bigOwnerAt(points[i]!), self);
    return bits;
  }

  /** The first frame of [s, e) a large range owns. */
  private firstBigIn(s: number, e: number): number | null {
    let first: number | null = null;
    for (const k of this.bigCandidates(s, e)) first = Math.min(first ?? Infinity, Math.max(s, this.big[k]!.start));
    return first;
  }

  /** The first frame of [s, e) a chunk cell owns. */
  private firstCellIn(s: number, e: number): number | null {
    const keys = this.chunkKeys();
    for (let k = lowerBound(keys, Math.floor(s / CHUNK)); k < keys.length && keys[k]! * CHUNK < e; k++) {
      const c = keys[k]!;
      const cells = this.chunks.get(c)!;
      const i = cells.firstClaimed(Math.max(s, c * CHUNK) - c * CHUNK, Math.min(e, (c + 1) * CHUNK) - c * CHUNK);
      if (i >= 0) return c * CHUNK + i;
    }
    return null;
  }
}

/**
 * The frames of one chunk some small range claimed: a bit each, and who claimed it. Fragmented
 * memory interleaves the domains frame by frame, so an owner per frame (2 bytes) written as each
 * domain goes by touches a cache line per frame over the whole map: tens of MiB per domain. Until
 * someone asks who owns a frame here, the claims are logged instead, each domain's as one run at
 * the log's end (a cache line per domain per chunk), and the owners are laid out per frame on the
 * first question (a clash, a P2M target not the domain's own, a deferred check).
 */
class Chunk {
  private readonly bits = new Int32Array(CHUNK / 32);
  /** Owner + 1 of each frame, once asked for; until then the log holds the claims. */
  private cells: Uint16Array | null = null;
  /** Frames claimed, in claim order. */
  private log = new Uint16Array(16);
  private logged = 0;
  /** (owner, first log position) of each run of claims by one owner. */
  private runs: number[] = [];

  has(i: number): boolean {
    return (this.bits[i >>> 5]! & (1 << (i & 31))) !== 0;
  }

  /** Frame i is `owner`'s if nobody claimed it yet: whether it was not. */
  claim(i: number, owner: number): boolean {
    const w = i >>> 5;
    const bit = 1 << (i & 31);
    const word = this.bits[w]!;
    if ((word & bit) !== 0) return false;
    this.bits[w] = word | bit;
    this.record(i, owner);
    return true;
  }

  /**
   * Claims for `owner` the frames of ranges k = from, from + 1, ... while each is one frame of this
   * chunk (frames [lo, lo + OWNER_CHUNK)), outside [bigLo, bigHi) and not claimed yet: `claim` of
   * each, without a call and a look at the log's state per frame (a fragmented domain's PAGES are
   * runs of hundreds of such ranges per chunk); each frame f claimed also sets bit f - base of
   * `into` when given. Returns the first range it did not claim (`to` if none).
   */
  claimSingles(start: Float64Array, end: Float64Array, from: number, to: number, lo: number, owner: number, bigLo: number, bigHi: number, into: Uint8Array | null, base: number): number {
    const bits = this.bits;
    let log = this.log;
    let logged = this.logged;
    const first = logged;
    const laidOut = this.cells !== null;
    let k = from;
    for (; k < to; k++) {
      const s = start[k]!;
      const i = s - lo;
      if (end[k]! - s !== 1 || i < 0 || i >= CHUNK || (s < bigHi && s + 1 > bigLo)) break;
      const w = i >>> 5;
      const bit = 1 << (i & 31);
      const word = bits[w]!;
      if ((word & bit) !== 0) break;
      if (into !== null) into[(s - base) >>> 3] = into[(s - base) >>> 3]! | (1 << ((s - base) & 7));
      if (laidOut) {
        // Owners laid out already (someone asked): the claim goes there, not to the log.
        this.set(i, owner);
        continue;
      }
      bits[w] = word | bit;
      if (logged === log.length) {
        // At most CHUNK frames are ever logged: each is claimed once.
        const grown = new Uint16Array(Math.min(CHUNK, 2 * log.length));
        grown.set(log);
        this.log = log = grown;
      }
      log[logged++] = i;
    }
    if (logged > first) {
      const runs = this.runs;
      if (runs.length === 0 || runs[runs.length - 2] !== owner) runs.push(owner, first);
      this.logged = logged;
    }
    return k;
  }

  /** Frame i (not claimed yet) is `owner`'s. */
  set(i: number, owner: number): void {
    this.bits[i >>> 5]! |= 1 << (i & 31);
    this.record(i, owner);
  }

  /** Who claimed frame i: laid out per frame once asked for, else logged. */
  private record(i: number, owner: number): void {
    if (this.cells) {
      this.cells[i] = owner + 1;
      return;
    }
    const runs = this.runs;
    if (runs.length === 0 || runs[runs.length - 2] !== owner) runs.push(owner, this.logged);
    if (this.logged === this.log.length) {
      const grown = new Uint16Array(Math.min(CHUNK, 2 * this.log.length));
      grown.set(this.log);
      this.log = grown;
    }
    this.log[this.logged++] = i;
  }

  /** The first claimed frame in [from, to), or -1: a word of 32 frames at a time. */
  firstClaimed(from: number, to: number): number {
    for (let i = from; i < to; ) {
      const word = this.bits[i >>> 5]! >>> (i & 31);
      if (word === 0) {
        i = (i | 31) + 1;
        continue;
      }
      const f = i + (31 - Math.clz32(word & -word));
      return f < to ? f : -1;
    }
    return -1;
  }

  /** Owner of claimed frame i. */
  ownerAt(i: number): number {
    return this.owners()[i]! - 1;
  }

  private owners(): Uint16Array {
    if (!this.cells) {
      const cells = new Uint16Array(CHUNK);
      const runs = this.runs;
      for (let k = 0; k < runs.length; k += 2) {
        const to = k + 2 < runs.length ? runs[k + 3]! : this.logged;
        for (let j = runs[k + 1]!; j < to; j++) cells[this.log[j]!] = runs[k]! + 1;
      }
      this.cells = cells;
      this.log = new Uint16Array(0);
      this.runs = [];
    }
    return this.cells;
  }
}

function coverBit(owner: number, self: number): number {
  return owner < 0 ? COVER.GAP : owner === self ? COVER.SELF : COVER.OTHER;
}

/** Number of values in sorted `a` below `x`. */
function lowerBound(a: Float64Array, x: number): number {
  let lo = 0;
  let hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (a[mid]! < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
