/** What a semantic diff reports. */
import type { Version } from '../schema/index.js';
import type { Desc } from '../schema/dsl.js';
import type { DroppedItem } from '../codec/sequence.js';

/**
 * - `added` / `removed`: present only in B / only in A (a domain, a list item, an optional value,
 *   a stretch of P2M or page ownership);
 * - `changed`: present in both with different values;
 * - `inexpressible`: a value one side's schema version cannot hold, so it is not a change. With a
 *   wildcard path and no domid it names a gap between the two versions (a field, section or
 *   retired field); with a concrete path it is a value the other version could not have carried.
 */
export type DiffKind = 'added' | 'removed' | 'changed' | 'inexpressible';

export interface DiffEntry {
  /**
   * Identity path (`identityPath`'s syntax): `host.time.tsc`, `domains[domid=3].vcpus[id=1].hvm.cpu.rip`,
   * `domains[domid=3].event_channels[port=12].pending`, `domains[domid=3].p2m[gfn=0x100-0x1ff]` (a stretch of GFNs).
   */
  readonly path: string;
  readonly kind: DiffKind;
  /** The value in A (absent for `added`). */
  readonly a?: unknown;
  /** The value in B (absent for `removed`). */
  readonly b?: unknown;
  /**
   * The same place by position, as jq paths into each side's `xenlu decode` JSON
   * (`.domains[4].event_channels[2].masked`): `a` where A has a value, `b` where B has. A stretch
   * of frames names its list; a side upgraded to the other's version has none where its own
   * version has no such place.
   */
  readonly jq?: { readonly a?: string; readonly b?: string };
  /** The domain the entry is about. */
  readonly domid?: number;
  /** The schema node of `a` and `b`, for showing them (`displayValue`): not part of the entry's data. */
  readonly node?: Desc;
  /** Why, for `inexpressible` entries. */
  readonly note?: string;
}

export interface DiffOptions {
  /** Path globs of what not to report: `*` matches within one path segment, `**` across segments. */
  readonly ignore?: readonly string[];
  /** Called for each entry as it is found; when given, `entries` of the result stays empty. */
  readonly onEntry?: (entry: DiffEntry) => void;
}

export interface DiffCounts {
  added: number;
  removed: number;
  changed: number;
  inexpressible: number;
}

export interface DiffResult {
  /** Schema versions of A and B as read, and the version both were compared in (the newer one). */
  readonly versionA: Version;
  readonly versionB: Version;
  readonly comparedAs: Version;
  readonly entries: readonly DiffEntry[];
  readonly counts: DiffCounts;
  /** Domains per side. */
  readonly domainsA: number;
  readonly domainsB: number;
  /** True when nothing was added, removed or changed (version gaps alone do not count). */
  readonly same: boolean;
  /** What each reader did not understand (streams only). */
  readonly droppedA: readonly DroppedItem[];
  readonly droppedB: readonly DroppedItem[];
  /** `ignore` globs that matched no entry and name no path of either schema (likely typos). */
  readonly unmatchedIgnores: readonly string[];
}

/** Where a comparison reports to, and what it knows of the two sides' versions. */
export interface CompareContext {
  readonly emit: (entry: DiffEntry) => void;
  /** Which side was upgraded to the other's version, if any. */
  readonly olderSide?: 'a' | 'b';
  /** Says why a value of the older side's version is missing, e.g. `schema v1 (A) cannot express it`. */
  readonly gapNote?: string;
  readonly domid?: number;
}
