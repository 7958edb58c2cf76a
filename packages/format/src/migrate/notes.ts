/** What a migration reports besides the migrated state. */
import type { Blocker } from '../errors.js';

export interface MigrationNote {
  /**
   * - `dropped`: a value the target version cannot hold was left out;
   * - `defaulted`: a field the source version could not express was given its default;
   * - `translated`: a value was carried over in another form.
   */
  kind: 'dropped' | 'defaulted' | 'translated';
  /** The domain concerned, when the note is about one domain. */
  domid?: number;
  /**
   * Path of the value in the source state, e.g. `domains[2].event_channels[5].priority`; `[*]` when
   * the note covers many. What `decode` and the CLI report is named by identity
   * (`domains[domid=7].event_channels[port=6].priority`, `locateAll`), the position kept in `jq`.
   */
  path: string;
  /** The position as a jq path into the source's decode JSON, once the path names by identity. */
  jq?: string;
  message: string;
  /** On a `dropped` note: the feature that `convert --drop` asked to drop. */
  feature?: string;
}

export interface Migrated<S> {
  state: S;
  notes: MigrationNote[];
}

/** Where a migration is working: collects notes with the domain and path they concern. */
export interface Site {
  readonly notes: MigrationNote[];
  readonly path: string;
  readonly domid?: number;
}

export function at(site: Site, segment: string): Site {
  const path = site.path === '' ? segment : segment.startsWith('[') ? site.path + segment : `${site.path}.${segment}`;
  return site.domid === undefined ? { notes: site.notes, path } : { notes: site.notes, path, domid: site.domid };
}

export function note(site: Site, kind: MigrationNote['kind'], message: string): void {
  site.notes.push(site.domid === undefined ? { kind, path: site.path, message } : { kind, domid: site.domid, path: site.path, message });
}

/**
 * Features a downgrade may be told to drop (or clamp) instead of refusing: lossy, for test rigs.
 * `p2m_too_large` also blocks but cannot be dropped: the P2M is the domain's memory; nor can
 * `xen_consumer`, `ioreq_gfn` and `nr_pcpus` (v4 -> v3).
 */
export const DROPPABLE_FEATURES = [
  'event_fifo', 'grant_v2', 'max_pages_wide', 'passthrough',
  'cpu_policy', 'xen_heap_frames', 'domain_state', 'fifo_private', 'ioreq_state', 'vcpu_state', 'xen_pages',
] as const;
export type DroppableFeature = (typeof DROPPABLE_FEATURES)[number];

export interface DowngradeOptions {
  /** Drop these features instead of refusing; each dropped value gets a `dropped` note naming it. */
  readonly drop?: readonly DroppableFeature[];
}

/**
 * What a downgrade step needs besides the state: the features to drop, and where it collects the
 * blockers it finds (the step carries on past a blocker so that every one is named at once; the
 * caller throws when any were found, and its state is then never used).
 */
export interface DowngradeContext {
  readonly drop: ReadonlySet<string>;
  readonly blockers: Blocker[];
}

/**
 * A feature the downgrade cannot express at `site`: dropped with a note when asked to, else a
 * blocker. Returns whether it was dropped (false: the caller goes on as if, its state is discarded).
 */
export function block(ctx: DowngradeContext, site: Site, feature: string, message: string, dropped: string): boolean {
  if (ctx.drop.has(feature)) {
    const message = `${dropped} (--drop ${feature})`;
    site.notes.push(site.domid === undefined ? { kind: 'dropped', path: site.path, message, feature } : { kind: 'dropped', domid: site.domid, path: site.path, message, feature });
    return true;
  }
  ctx.blockers.push(site.domid === undefined ? { feature, path: site.path, message } : { feature, domid: site.domid, path: site.path, message });
  return false;
}
