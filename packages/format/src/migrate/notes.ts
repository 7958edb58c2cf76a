/** What a migration reports besides the migrated state. */

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
