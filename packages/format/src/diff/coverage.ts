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
  /** The values that must be equal for two frames to be the same, other than the target. */
  attrs(item: Record<string, unknown>): Record<string, unknown>;
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
  key: string;
  attrs: Record<string, unknown>;
}

function attrKey(attrs: Record<string, unknown>): string {
  return Object.entries(attrs).map(([k, v]) => `${k}=${String(v)}`).join(',');
}

/** Sorted maximal runs: adjacent or overlapping items with the same attributes and delta merged. */
function maximalRuns(items: readonly Record<string, unknown>[], shape: RangeShape): Run[] {
  const runs: Run[] = items.map((it) => {
    const start = shape.start(it);
    const t = shape.target(it);
    const attrs = shape.attrs(it);
    return { start, end: start + shape.count(it), delta: t === undefined ? undefined : t - start, key: attrKey(attrs), attrs };
  });
  for (let i = 1; i < runs.length; i++) {
    if (runs[i]!.start < runs[i - 1]!.start) {
      runs.sort((x, y) => (x.start < y.start ? -1 : x.start > y.start ? 1 : 0));
      break;
    }
  }
  const out: Run[] = [];
  for (const r of runs) {
    if (r.end <= r.start) continue;
    const last = out[out.length - 1];
    if (last && r.start <= last.end && r.key === last.key && r.delta === last.delta) {
      if (r.end > last.end) last.end = r.end;
    } else out.push({ ...r });
  }
  return out;
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

function minOf(xs: (bigint | undefined)[]): bigint | undefined {
  let m: bigint | undefined;
  for (const x of xs) if (x !== undefined && (m === undefined || x < m)) m = x;
  return m;
}

function renderParts(parts: Part[], shape: RangeShape) {
  const items = parts.map((p) => shape.render(p.lo, p.hi - p.lo, p.run.delta === undefined ? undefined : p.lo + p.run.delta, p.run.attrs));
  return items.length === 1 ? items[0]! : items;
}

/** The stretches where `a` and `b` cover differently, in ascending order. */
export function coverageDiff(a: readonly Record<string, unknown>[], b: readonly Record<string, unknown>[], shape: RangeShape): CoverageDiff[] {
  if (shape.equivalent?.(a, b)) return [];
  const A = maximalRuns(a, shape);
  const B = maximalRuns(b, shape);
  const out: CoverageDiff[] = [];
  let pending: { kind: CoverageDiff['kind']; start: bigint; end: bigint; a: Part[]; b: Part[] } | undefined;
  const flush = () => {
    if (!pending) return;
    out.push({
      kind: pending.kind, start: pending.start, end: pending.end,
      ...(pending.a.length ? { a: renderParts(pending.a, shape) } : {}),
      ...(pending.b.length ? { b: renderParts(pending.b, shape) } : {}),
    });
    pending = undefined;
  };
  const addPart = (parts: Part[], run: Run | undefined, lo: bigint, hi: bigint) => {
    if (!run) return;
    const last = parts[parts.length - 1];
    if (last && last.run === run && last.hi === lo) last.hi = hi;
    else parts.push({ run, lo, hi });
  };

  let ia = 0;
  let ib = 0;
  let p = minOf([A[0]?.start, B[0]?.start]) ?? 0n;
  for (;;) {
    while (ia < A.length && A[ia]!.end <= p) ia++;
    while (ib < B.length && B[ib]!.end <= p) ib++;
    const na = A[ia];
    const nb = B[ib];
    if (!na && !nb) break;
    const ra = na && na.start <= p ? na : undefined;
    const rb = nb && nb.start <= p ? nb : undefined;
    if (!ra && !rb) {
      flush();
      p = minOf([na?.start, nb?.start])!;
      continue;
    }
    const next = minOf([ra ? ra.end : na?.start, rb ? rb.end : nb?.start])!;
    const kind: CoverageDiff['kind'] | undefined = !ra
      ? 'added'
      : !rb
        ? 'removed'
        : ra.key === rb.key && ra.delta === rb.delta
          ? undefined
          : 'changed';
    if (!kind) flush();
    else {
      if (!pending || pending.kind !== kind || pending.end !== p) {
        flush();
        pending = { kind, start: p, end: next, a: [], b: [] };
      } else pending.end = next;
      addPart(pending.a, ra, p, next);
      addPart(pending.b, rb, p, next);
    }
    p = next;
  }
  flush();
  return out;
}

export function rangeLabel(start: bigint, end: bigint): string {
  return `0x${start.toString(16)}-0x${(end - 1n).toString(16)}`;
}
