/** A domain of any schema version, as the rules read it. */
import type { EntryList } from '../codec/columns.js';
import type { AnyDomainState } from '../schema/index.js';

/**
 * The list sections the rules read as numbers, through the views of context.ts (never entry by
 * entry): a checking reader may hand them over as columns (codec/columns.ts).
 */
export const COLUMNAR_SECTIONS: ReadonlySet<string> = new Set(['pages', 'p2m']);

/** A domain with its PAGES and P2M as objects or as columns. */
type HeldForChecks<D> = D extends { readonly pages: readonly unknown[]; readonly p2m: readonly unknown[] }
  ? Omit<D, 'pages' | 'p2m'> & { readonly pages: EntryList<D['pages'][number]>; readonly p2m: EntryList<D['p2m'][number]> }
  : never;

export type AnyDomain = HeldForChecks<AnyDomainState>;
export type EventChannel = AnyDomain['event_channels'][number];
