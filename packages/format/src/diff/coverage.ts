/**
 * Comparing range lists by what they cover, not by how they are split into runs: the P2M (GFN ->
 * MFN, type, access) and page ownership (MFN -> type, pinned). Both sides become maximal runs,
 * then one sweep over the key space reports each stretch mapped only in A, only in B, or
 * differently, as few entries as the differences allow. Never per frame: runs may cover 2^52.
 */
import { EntryColumns } from '../codec/columns.js';
import type { RangeShape } from './identity.js';
import type { DiffKind } from './types.js';

/** What RunQueue.peek returns when the run is not known yet, and past the last run. */
const NEED = -2;
const NONE = -1;

interface RunColumns {
  readonly starts: Float64Array;
  readonly ends: Float64Array;
  readonly deltas: Float64Array;
  readonly packed: Float64Array;
}

function runColumns(n: number): RunColumns {
  return { starts: new Float64Array(n), ends: new Float64Array(n), deltas: new Float64Array(n), packed: new Float64Array(n) };
}

/** The columns of queues released, kept for the next ones: one sweep runs at a time, with two queues. */
const SPARE: RunColumns[] = [];
const MAX_SPARE = 2;

/**
 * Sorted maximal runs built as items arrive (ascending start): adjacent or overlapping items with
 * the same attributes and delta (target - start: a run continues another exactly when they agree)
 * merged. Held as numbers in growable columns, one slot per run: a P2M of millions of extents
 * makes no object per run.
 */
class RunQueue {
  starts: Float64Array;
  ends: Float64Array;
  deltas: Float64Array;
  /** The attributes, packed (RangeShape.attrs). */
  packed: Float64Array;
  /** Runs [head, size) are not passed yet; those before `head` are, and are dropped when room is needed. */
  private head = 0;
  private size = 0;
  /** Runs dropped so far: `id` names a run for as long as the sweep reports on it. */
  private dropped = 0;
  /** The last run, which the next item may still extend. */
  private open = false;
  private os = 0;
  private oe = 0;
  private od = 0;
  private oa = 0;
  ended = false;

  constructor() {
    const c = SPARE.pop() ?? runColumns(1024);
    this.starts = c.starts;
    this.ends = c.ends;
    this.deltas = c.deltas;
    this.packed = c.packed;
  }

  /** Done with: its columns go to the next queue (a dump's domains have runs of like counts, and the columns grow to them once). */
  release(): void {
    if (SPARE.length < MAX_SPARE) SPARE.push({ starts: this.starts, ends: this.ends, deltas: this.deltas, packed: this.packed });
    this.starts = this.ends = this.deltas = this.packed = new Float64Array(0);
    this.head = this.size = 0;
    this.ended = true;
  }

  push(items: readonly Record<string, unknown>[] | EntryColumns, shape: RangeShape): void {
    if (items instanceof EntryColumns) {
      this.pushColumns(items, shape);
      return;
    }
    for (const it of items) this.add(shape.start(it), shape.end(it), shape.delta(it), shape.attrs(it));
  }

  /** A chunk's entries straight from their columns. */
  private pushColumns(list: EntryColumns, shape: RangeShape): void {
    const { start, count, target, attrs } = shape.columnsOf(list);
    const order = shape.order;
    const radices = shape.radices;
    const n = list.length;
    for (let j = 0; j < n; j++) {
      const s = start[j]!;
      const c = count[j]!;
      let packed = 0;
      for (let k = 0; k < attrs.length; k++) packed = packed * radices[k]! + attrs[k]![j]!;
      this.add(s, s + (order ? 2 ** c : c), target === undefined ? 0 : target[j]! - s, packed);
    }
  }

  private add(start: number, end: number, delta: number, attrs: number): void {
    if (end <= start) return;
    if (this.open && start <= this.oe && delta === this.od && attrs === this.oa) {
      if (end > this.oe) this.oe = end;
      return;
    }
    if (this.open) this.close();
    this.open = true;
    this.os = start;
    this.oe = end;
    this.od = delta;
    this.oa = attrs;
  }

  /** Appends the open run. */
  private close(): void {
    if (this.size === this.starts.length) this.makeRoom();
    const i = this.size++;
    this.starts[i] = this.os;
    this.ends[i] = this.oe;
    this.deltas[i] = this.od;
    this.packed[i] = this.oa;
    this.open = false;
  }

  /** Drops the runs the sweep has passed, so a streamed list is never held whole; grows when that frees too little. */
  private makeRoom(): void {
    const live = this.size - this.head;
    if (live * 2 <= this.starts.length) {
      for (const c of [this.starts, this.ends, this.deltas, this.packed]) c.copyWithin(0, this.head, this.size);
    } else {
      const grown = runColumns(this.starts.length * 2);
      grown.starts.set(this.starts.subarray(this.head, this.size));
      grown.ends.set(this.ends.subarray(this.head, this.size));
      grown.deltas.set(this.deltas.subarray(this.head, this.size));
      grown.packed.set(this.packed.subarray(this.head, this.size));
      ({ starts: this.starts, ends: this.ends, deltas: this.deltas, packed: this.packed } = grown);
    }
    this.dropped += this.head;
    this.size = live;
    this.head = 0;
  }

  end(): void {
    if (this.open) this.close();
    this.ended = true;
  }

  /** Slot of the current run; NONE past the last; NEED when more items must be pushed first. */
  peek(): number {
    if (this.head < this.size) return this.head;
    return this.ended ? NONE : NEED;
  }

  shift(): void {
    this.head++;
  }

  /** A name of the run in slot `i` that stays while it is reported on. */
  id(i: number): number {
    return this.dropped + i;
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

/** A run of one side over part of a stretch being reported. */
interface Part {
  id: number;
  delta: number;
  attrs: number;
  lo: number;
  hi: number;
}

function renderParts(parts: Part[], shape: RangeShape) {
  const items = parts.map((p) => shape.render(p.lo, p.hi, p.delta, p.attrs));
  return items.length === 1 ? items[0]! : items;
}

type Pending = { kind: CoverageDiff['kind']; start: number; end: number; a: Part[]; b: Part[] };

/**
 * The sweep over both sides' runs, fed as items arrive: `advance` goes as far as the runs pushed
 * so far allow and says which side it needs more of, so two streamed lists are compared in step,
 * holding only the runs not yet passed (and the stretch being reported).
 */
export class CoverageSweep {
  private readonly A = new RunQueue();
  private readonly B = new RunQueue();
  /** The position swept to; NaN until both sides' first runs are known. */
  private p = NaN;
  private pending: Pending | undefined;

  constructor(
    private readonly shape: RangeShape,
    private readonly report: (d: CoverageDiff) => void,
  ) {}

  /** Items of one side, in ascending start: objects, or a chunk's columns. */
  push(side: 'a' | 'b', items: readonly Record<string, unknown>[] | EntryColumns): void {
    (side === 'a' ? this.A : this.B).push(items, this.shape);
  }

  /** That side has no more items. */
  end(side: 'a' | 'b'): void {
    (side === 'a' ? this.A : this.B).end();
  }

  /** Sweeps on; returns the side whose items it needs next, or 'done' once both have ended. */
  advance(): 'a' | 'b' | 'done' {
    const { A, B } = this;
    if (Number.isNaN(this.p)) {
      const a0 = A.peek();
      if (a0 === NEED) return 'a';
      const b0 = B.peek();
      if (b0 === NEED) return 'b';
      this.p = a0 === NONE ? (b0 === NONE ? 0 : B.starts[b0]!) : b0 === NONE ? A.starts[a0]! : Math.min(A.starts[a0]!, B.starts[b0]!);
    }
    let p = this.p;
    for (;;) {
      let na = A.peek();
      while (na >= 0 && A.ends[na]! <= p) {
        A.shift();
        na = A.peek();
      }
      if (na === NEED) {
        this.p = p;
        return 'a';
      }
      let nb = B.peek();
      while (nb >= 0 && B.ends[nb]! <= p) {
        B.shift();
        nb = B.peek();
      }
      if (nb === NEED) {
        this.p = p;
        return 'b';
      }
      if (na === NONE && nb === NONE) break;
      const inA = na >= 0 && A.starts[na]! <= p;
      const inB = nb >= 0 && B.starts[nb]! <= p;
      if (!inA && !inB) {
        this.flush();
        p = na === NONE ? B.starts[nb]! : nb === NONE ? A.starts[na]! : Math.min(A.starts[na]!, B.starts[nb]!);
        continue;
      }
      const next = Math.min(na === NONE ? Infinity : inA ? A.ends[na]! : A.starts[na]!, nb === NONE ? Infinity : inB ? B.ends[nb]! : B.starts[nb]!);
      const kind: CoverageDiff['kind'] | undefined = !inA
        ? 'added'
        : !inB
          ? 'removed'
          : A.deltas[na] === B.deltas[nb] && A.packed[na] === B.packed[nb]
            ? undefined
            : 'changed';
      if (!kind) this.flush();
      else {
        let pending = this.pending;
        if (!pending || pending.kind !== kind || pending.end !== p) {
          this.flush();
          pending = this.pending = { kind, start: p, end: next, a: [], b: [] };
        } else pending.end = next;
        if (inA) addPart(pending.a, A, na, p, next);
        if (inB) addPart(pending.b, B, nb, p, next);
      }
      p = next;
    }
    this.p = p;
    this.flush();
    A.release();
    B.release();
    return 'done';
  }

  private flush(): void {
    const pending = this.pending;
    if (!pending) return;
    this.report({
      kind: pending.kind, start: BigInt(pending.start), end: BigInt(pending.end),
      ...(pending.a.length ? { a: renderParts(pending.a, this.shape) } : {}),
      ...(pending.b.length ? { b: renderParts(pending.b, this.shape) } : {}),
    });
    this.pending = undefined;
  }
}

/** Run `i` of `q` over [lo, hi), continuing the last part when it is the same run. */
function addPart(parts: Part[], q: RunQueue, i: number, lo: number, hi: number): void {
  const id = q.id(i);
  const last = parts[parts.length - 1];
  if (last && last.id === id && last.hi === lo) last.hi = hi;
  else parts.push({ id, delta: q.deltas[i]!, attrs: q.packed[i]!, lo, hi });
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
