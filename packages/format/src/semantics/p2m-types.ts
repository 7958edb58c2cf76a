/**
 * What the target frame of each p2m type is, which decides the ownership rules:
 * - own: RAM of the domain itself (ram_rw, ram_logdirty, ram_ro, ram_paging_out, ram_paging_in,
 *   ram_broken, ioreq_server: the last is RAM whose writes go to an IOREQ server);
 * - shared: ram_shared. Xen hands shared frames to dom_cow, which a stream cannot name; the model
 *   keeps each in the PAGES of one domain (page type `shared`), and a frame may be shared across
 *   domains, so the target must be owned by *some* domain;
 * - grant: grant_map_rw, grant_map_ro: the granter's frame, which may be the domain itself (Xen
 *   lets a domain map its own grants) or an I/O frame no domain owns (dom_io): any frame;
 * - foreign: map_foreign: a frame of another domain, or of dom_xen (which a stream does not name);
 * - mmio: mmio_direct: a device frame, owned by no domain (and may lie above host RAM);
 * - none: no backing frame, the MFN is meaningless: invalid, mmio_dm (emulated),
 *   populate_on_demand (allocated on first touch), ram_paged (paged out).
 * ram_paging_in is taken as backed: the page is allocated before the entry enters that state.
 */
import type { DomainStateV1 } from '../schema/index.js';

export type P2mTypeName = DomainStateV1['p2m'][number]['type'];
export type P2mTarget = 'own' | 'shared' | 'grant' | 'foreign' | 'mmio' | 'none';

export const P2M_TARGET: Readonly<Record<P2mTypeName, P2mTarget>> = {
  ram_rw: 'own', invalid: 'none', ram_logdirty: 'own', ram_ro: 'own', mmio_dm: 'none', mmio_direct: 'mmio',
  populate_on_demand: 'none', grant_map_rw: 'grant', grant_map_ro: 'grant', ram_paging_out: 'own',
  ram_paged: 'none', ram_paging_in: 'own', ram_shared: 'shared', ram_broken: 'own', map_foreign: 'foreign',
  ioreq_server: 'own',
};

/** Xen's P2M_RAM_TYPES (asm/p2m.h): what "maps RAM" means for the STORE_PFN / CONSOLE_PFN rule. */
export const P2M_RAM_TYPES: ReadonlySet<P2mTypeName> = new Set<P2mTypeName>([
  'ram_rw', 'ram_logdirty', 'ram_ro', 'ram_paging_out', 'ram_paged', 'ram_paging_in', 'ram_shared', 'ioreq_server',
]);

/** P2mTarget as small integers, for the per-entry typed arrays of the hot loops. */
export const TARGET_CODE = { none: 0, own: 1, shared: 2, foreign: 3, mmio: 4, grant: 5 } as const satisfies Record<P2mTarget, number>;
export const TARGET_OF_TYPE: Readonly<Record<P2mTypeName, number>> = Object.fromEntries(
  Object.entries(P2M_TARGET).map(([t, c]) => [t, TARGET_CODE[c]]),
) as Record<P2mTypeName, number>;
