/**
 * The machine memory map of a report: a fixed number of bins over [0, total_pages), each holding
 * how many frames each owner (a domain, or one of Xen's ranges: bootmem, M2P, stream pages) has in
 * it. Filled one record at a time from the streaming reader, so a 1 GiB dump with millions of
 * ranges costs a few MB here and stays drawable in a browser; a bin's free frames are what no
 * owner claims. Also kept per domain: owned frames (exact), P2M coverage by kind, record bytes.
 */
import { P2M_TARGET, type P2mTarget } from '../lib.js';

/** Bins over the host's frames: enough for a legible map, few enough for any browser. */
export const MAP_BINS = 4096;

export type OwnerKind = 'domain' | 'bootmem' | 'm2p' | 'stream';

export interface Owner {
  readonly kind: OwnerKind;
  readonly label: string;
  readonly domid?: number;
  /** Frames claimed, in the map or not (exact). */
  frames: bigint;
  /** Frames claimed at or beyond total_pages, which no bin holds. */
  outside: bigint;
}

/** How a domain's guest-physical space maps, in frames: P2M types grouped by what they map to. */
export type P2mKind = 'ram' | 'mmio' | 'grant' | 'foreign' | 'shared' | 'pod' | 'other';
export const P2M_KINDS: readonly P2mKind[] = ['ram', 'mmio', 'grant', 'foreign', 'shared', 'pod', 'other'];

export function p2mKindOf(type: string): P2mKind {
  if (type === 'mmio_dm' || type === 'mmio_direct') return 'mmio';
  if (type === 'grant_map_rw' || type === 'grant_map_ro') return 'grant';
  if (type === 'populate_on_demand') return 'pod';
  const target: P2mTarget | undefined = P2M_TARGET[type as keyof typeof P2M_TARGET];
  return target === 'own' ? 'ram' : target === 'shared' ? 'shared' : target === 'foreign' ? 'foreign' : 'other';
}

export interface DomainFacts {
  readonly domid: number;
  /** Position in the stream (what `domains[N]` of a finding counts). */
  readonly index: number;
  readonly owner: number;
  type: string;
  state: string;
  vcpus: number;
  eventChannels: number;
  p2mRuns: number;
  p2m: Record<P2mKind, bigint>;
  records: number;
  bytes: number;
}

type Obj = Record<string, unknown>;

/** Frames of a PAGES or P2M entry: `count` (P2M extents, PAGES) or `order` (v1/v2 P2M entries). */
export function framesOf(x: Obj): bigint {
  return 'count' in x ? (x['count'] as bigint) : 'order' in x ? 1n << BigInt(x['order'] as number) : 0n;
}

export class MemoryMap {
  readonly nbins: number;
  readonly binSize: number;
  readonly owners: Owner[] = [];
  /** Per bin, frames per owner index. */
  private readonly bins: Map<number, number>[];

  /** `totalPages`: the host's; with two dumps the larger, so both maps share one grid. */
  constructor(readonly totalPages: number, bins = MAP_BINS) {
    this.binSize = Math.max(1, Math.ceil(totalPages / bins));
    this.nbins = Math.max(1, Math.ceil(totalPages / this.binSize));
    this.bins = Array.from({ length: this.nbins }, () => new Map<number, number>());
  }

  addOwner(kind: OwnerKind, label: string, domid?: number): number {
    this.owners.push({ kind, label, ...(domid !== undefined ? { domid } : {}), frames: 0n, outside: 0n });
    return this.owners.length - 1;
  }

  /** Frames [start, start + count) to `owner`; the part at or beyond total_pages is counted aside. */
  add(owner: number, start: bigint, count: bigint): void {
    const o = this.owners[owner]!;
    o.frames += count;
    const total = BigInt(this.totalPages);
    const end = start + count;
    if (end > total) o.outside += end - (start > total ? start : total);
    if (start >= total) return;
    // Below total_pages (at most 2^52) every value is exact as a Number.
    let s = Number(start);
    const e = Math.min(Number(end), this.totalPages);
    while (s < e) {
      const b = Math.floor(s / this.binSize);
      const next = Math.min(e, (b + 1) * this.binSize);
      const m = this.bins[b]!;
      m.set(owner, (m.get(owner) ?? 0) + (next - s));
      s = next;
    }
  }

  /** The frames of bin `b`: [first, first + size). */
  binRange(b: number): [number, number] {
    const first = b * this.binSize;
    return [first, Math.min(this.totalPages, first + this.binSize) - first];
  }

  /** Frames per owner in bin `b`. */
  bin(b: number): ReadonlyMap<number, number> {
    return this.bins[b]!;
  }

  /** Frames of `owner` summed over every bin, plus those beyond the map: the owner's total. */
  binnedTotal(owner: number): bigint {
    let n = 0;
    for (const m of this.bins) n += m.get(owner) ?? 0;
    return BigInt(n) + this.owners[owner]!.outside;
  }

  /** The bins as flat arrays `[owner, frames, owner, frames, ...]`, for the page. */
  packed(): number[][] {
    return this.bins.map((m) => [...m].sort((a, b) => a[0] - b[0]).flat());
  }
}
