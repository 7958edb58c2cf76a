/**
 * Comparing range lists by what they cover, not by how they are split into runs: the P2M (GFN ->
 * MFN, type, access) and page ownership (MFN -> type, pinned). Both sides become maximal runs,
 * then one sweep over the key space reports each stretch mapped only in A, only in B, or
 * differently, as few entries as the differences allow. Never per frame: runs may cover 2^52.
 */
import type { DiffKind } from './types.js';

/** How a range list's items map to runs and back. */
export interface RangeShape {
  /** Path segment of a stretch, e.g. GFNs for the P2M. */
  readonly unit: string;
  start(item: Record<string, unknown>): bigint;
  count(item: Record<string, unknown>): bigint;
  /** The per-frame target (MFN of a P2M run) or undefined when ranges map to no frame. */
  target(item: Record<string, unknown>): bigint | undefined;
  /** The fields (enums, flags) whose values must be equal for two frames to be the same, other than the target. */
  readonly attrs: readonly string[];
  /** The item covering `count` frames from `start` with that target and attributes. */
  render(start: bigint, count: bigint, target: bigint | undefined, attrs: Record<string, unknown>): Record<string, unknown>;
  /** A fast equality check of two whole lists, when the format has one (the P2M does). */
  equivalent?(a: readonly Record<string, unknown>[], b: readonly Record<string, unknown>[]): boolean;
}

interface Run {
  start: bigint;
  end: bigint;
  /** target - start, so a run continues another exactly when the deltas agree. */
  delta: bigint | undefined;
  /** The item the run starts with: its `attrs` are the run's. */
  item: Record<string, unknown>;
}

/** What RunQueue.peek returns when the run is not known yet. */
const NEED = Symbol('need');

function sameAttrs(shape: RangeShape, x: Record<string, unknown>, y: Record<string, unknown>): boolean {
  for (const f of shape.attrs) if (x[f] !== y[f]) return false;
  return true;
}

function attrsOf(shape: RangeShape, item: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const f of shape.attrs) out[f] = item[f];
  return out;
}

/** Sorted maximal runs built as items arrive (ascending start): adjacent or overlapping items with the same attributes and delta merged. */
class RunQueue {
  private runs: Run[] = [];
  private head = 0;
  /** The last run, which the next item may still extend. */
  private open: Run | undefined;
  ended = false;

  push(items: readonly Record<string, unknown>[], shape: RangeShape): void {
    for (const it of items) {
      const start = shape.start(it);
      const end = start + shape.count(it);
      if (end <= start) continue;
      const t = shape.target(it);
      const delta = t === undefined ? undefined : t - start;
      const last = this.open;
      if (last && start <= last.end && delta === last.delta && sameAttrs(shape, it, last.item)) {
        if (end > last.end) last.end = end;
      } else {
        if (last) this.runs.push(last);
        this.open = { start, end, delta, item: it };
      }
    }
  }

  end(): void {
    if (this.open) this.runs.push(this.open);
    this.open = undefined;
    this.ended = true;
  }

  /** The current run; undefined past the last; NEED when more items must be pushed first. */
  peek(): Run | undefined | typeof NEED {
    if (this.head < this.runs.length) return this.runs[this.head];
    return this.ended ? undefined : NEED;
  }

  shift(): void {
    this.head++;
    // Drop what the sweep has passed, so a streamed list is never held whole.
    if (this.head >= 1024 && this.head * 2 >= this.runs.length) {
      this.runs = this.runs.slice(this.head);
      this.head = 0;
    }
  }
}

/** A stretch reported: its kind and the runs of each side over it. */
export interface CoverageDiff {
  readonly kind: Exclude<DiffKind, 'inexpressible'>;
  readonly start: bigint;
  readonly end: bigint;
  /** What A (B) maps over the stretch, clipped to it: one item, or several when A (B) changes inside it. */
  readonly a?: Record<string, unknown> | Record<string, unknown>[];
  readonly b?: Record<string, unknown> | Record<string, unknown>[];
}

interface Part {
  run: Run;
  lo: bigint;
  hi: bigint;
}

/** The smaller of two positions, either of which may be unknown (no allocation: this runs per stretch). */
function minOf(x: bigint | undefined, y: bigint | undefined): bigint | undefined {
  return x === undefined ? y : y === undefined || x < y ? x : y;
}

function renderParts(parts: Part[], shape: RangeShape) {
  const items = parts.map((p) => shape.render(p.lo, p.hi - p.lo, p.run.delta === undefined ? undefined : p.lo + p.run.delta, attrsOf(shape, p.run.item)));
  return items.length === 1 ? items[0]! : items;
}

type Pending = { kind: CoverageDiff['kind']; start: bigint; end: bigint; a: Part[]; b: Part[] };

/**
 * The sweep over both sides' runs, fed as items arrive: `advance` goes as far as the runs pushed
 * so far allow and says which side it needs more of, so two streamed lists are compared in step,
 * holding only the runs not yet passed (and the stretch being reported).
 */
export class CoverageSweep {
  private readonly A = new RunQueue();
  private readonly B = new RunQueue();
  /** The position swept to; undefined until both sides' first runs are known. */
  private p: bigint | undefined;
  private pending: Pending | undefined;

  constructor(
    private readonly shape: RangeShape,
    private readonly report: (d: CoverageDiff) => void,
  ) {}

  /** Items of one side, in ascending start. */
  push(side: 'a' | 'b', items: readonly Record<string, unknown>[]): void {
    (side === 'a' ? this.A : this.B).push(items, this.shape);
  }

  /** That side has no more items. */
  end(side: 'a' | 'b'): void {
    (side === 'a' ? this.A : this.B).end();
  }

  /** Sweeps on; returns the side whose items it needs next, or 'done' once both have ended. */
  advance(): 'a' | 'b' | 'done' {
    const { A, B } = this;
    if (this.p === undefined) {
      const a0 = A.peek();
      if (a0 === NEED) return 'a';
      const b0 = B.peek();
      if (b0 === NEED) return 'b';
      this.p = minOf(a0?.start, b0?.start) ?? 0n;
    }
    let p = this.p;
    for (;;) {
      let na = A.peek();
      while (na !== NEED && na !== undefined && na.end <= p) {
        A.shift();
        na = A.peek();
      }
      if (na === NEED) {
        this.p = p;
        return 'a';
      }
      let nb = B.peek();
      while (nb !== NEED && nb !== undefined && nb.end <= p) {
        B.shift();
        nb = B.peek();
      }
      if (nb === NEED) {
        this.p = p;
        return 'b';
      }
      if (!na && !nb) break;
      const ra = na && na.start <= p ? na : undefined;
      const rb = nb && nb.start <= p ? nb : undefined;
      if (!ra && !rb) {
        this.flush();
        p = minOf(na?.start, nb?.start)!;
        continue;
      }
      const next = minOf(ra ? ra.end : na?.start, rb ? rb.end : nb?.start)!;
      const kind: CoverageDiff['kind'] | undefined = !ra
        ? 'added'
        : !rb
          ? 'removed'
          : ra.delta === rb.delta && sameAttrs(this.shape, ra.item, rb.item)
            ? undefined
            : 'changed';
      if (!kind) this.flush();
      else {
        let pending = this.pending;
        if (!pending || pending.kind !== kind || pending.end !== p) {
          this.flush();
          pending = this.pending = { kind, start: p, end: next, a: [], b: [] };
        } else pending.end = next;
        addPart(pending.a, ra, p, next);
        addPart(pending.b, rb, p, next);
      }
      p = next;
    }
    this.p = p;
    this.flush();
    return 'done';
  }

  private flush(): void {
    const pending = this.pending;
    if (!pending) return;
    this.report({
      kind: pending.kind, start: pending.start, end: pending.end,
      ...(pending.a.length ? { a: renderParts(pending.a, this.shape) } : {}),
      ...(pending.b.length ? { b: renderParts(pending.b, this.shape) } : {}),
    });
    this.pending = undefined;
  }
}

function addPart(parts: Part[], run: Run | undefined, lo: bigint, hi: bigint): void {
  if (!run) return;
  const last = parts[parts.length - 1];
  if (last && last.run === run && last.hi === lo) last.hi = hi;
  else parts.push({ run, lo, hi });
}

/** In ascending start (a stable sort, only when not already). */
function ascending(items: readonly Record<string, unknown>[], shape: RangeShape): readonly Record<string, unknown>[] {
  for (let i = 1; i < items.length; i++) {
    if (shape.start(items[i]!) < shape.start(items[i - 1]!)) {
      return items.map((it) => ({ it, start: shape.start(it) })).sort((x, y) => (x.start < y.start ? -1 : x.start > y.start ? 1 : 0)).map((x) => x.it);
    }
  }
  return items;
}

/** The stretches where `a` and `b` cover differently, in ascending order. */
export function coverageDiff(a: readonly Record<string, unknown>[], b: readonly Record<string, unknown>[], shape: RangeShape): CoverageDiff[] {
  if (shape.equivalent?.(a, b)) return [];
  const out: CoverageDiff[] = [];
  const sweep = new CoverageSweep(shape, (d) => out.push(d));
  sweep.push('a', ascending(a, shape));
  sweep.end('a');
  sweep.push('b', ascending(b, shape));
  sweep.end('b');
  sweep.advance();
  return out;
}

export function rangeLabel(start: bigint, end: bigint): string {
  return `0x${start.toString(16)}-0x${(end - 1n).toString(16)}`;
}
