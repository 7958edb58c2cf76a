/**
 * Schema versions 2 <-> 3 (FORMAT.md section 8). Upgrade: `ssidref` is called `xsm_label`,
 * `shr_pages` is retired (a note when it was non-zero), the P2M becomes extents (p2m-runs.ts),
 * domains gain no passthrough. Downgrade: refused for a domain with passthrough (unless asked to
 * drop it), or whose P2M would split into more than MAX_SPLIT_ENTRIES entries; `shr_pages` is written 0.
 */
import type { DomainStateV2, DomainStateV3, StateV2, StateV3 } from '../schema/index.js';
import { DOMAIN as DOMAIN_V2, v2 } from '../schema/v2.js';
import { Domain as DomainV3Struct, v3 } from '../schema/v3.js';
import { carryFields, carryRecords, dropChunkFields, dropRecords, inFieldOrder, unknownFieldCount } from './carry.js';
import { type DowngradeContext, type MigrationNote, type Migrated, type Site, at, block, note } from './notes.js';
import { MAX_SPLIT_ENTRIES, type P2mList, entriesToExtents, extentsToEntries, splitEntryCount } from './p2m-runs.js';

type DomainV2 = DomainStateV2['domain'];
type DomainV3 = DomainStateV3['domain'];

/** Unknown fields belong to their struct: P2M entries and extents are different structs. */
function dropP2mUnknownFields(p2m: P2mList, what: string, site: Site): void {
  let n = 0;
  for (const e of p2m) if (unknownFieldCount(e) > 0) n++;
  if (n > 0) note(at(site, 'p2m'), 'dropped', `unknown fields of ${n} ${what} dropped: the struct is not carried into this version`);
}

export function upgrade2to3(s: StateV2): Migrated<StateV3> {
  const notes: MigrationNote[] = [];
  const root: Site = { notes, path: '' };
  const domains = s.domains.map((ds, i): DomainStateV3 => {
    const site: Site = { notes, path: `domains[${i}]`, domid: ds.domain.domid };
    const d = ds.domain;
    const { ssidref, shr_pages, ...keptDomain } = d;
    if (shr_pages !== 0) {
      note(at(site, 'domain.shr_pages'), 'dropped', `domain ${d.domid}: shr_pages ${shr_pages} dropped (memory sharing is retired in v3)`);
    }
    const domain: DomainV3 = inFieldOrder(DomainV3Struct.fields, { ...keptDomain, xsm_label: ssidref });
    carryFields(domain, d, DomainV3Struct.desc, at(site, 'domain'));

    const p2m = entriesToExtents(ds.p2m);
    if (ds.p2m.length > 0) {
      note(at(site, 'p2m'), 'translated', `domain ${d.domid}: ${ds.p2m.length} page-order P2M entries became ${p2m.length} extent(s)`);
    }
    dropP2mUnknownFields(ds.p2m, 'P2M entries', site);
    dropChunkFields(ds.p2m, 'P2M', at(site, 'p2m'));

    const out: DomainStateV3 = inFieldOrder(v3.sections, { ...ds, domain, p2m, passthrough: null });
    dropRecords(carryRecords(out, ds, v3), v3, site);
    return out;
  });
  const state: StateV3 = { host: s.host, domains };
  dropRecords(carryRecords(state, s, v3), v3, root);
  return { state, notes };
}

/**
 * What v2 cannot express in this domain: each is a blocker, or dropped when `ctx` says so (the
 * passthrough section is left out below either way). Returns whether the P2M can be split.
 */
function blockersForV2(ds: DomainStateV3, site: Site, ctx: DowngradeContext): boolean {
  const domid = ds.domain.domid;
  if (ds.passthrough !== null) {
    const p = ds.passthrough;
    const what = `passthrough (${p.devices.length} PCI device(s), ${p.pirqs.length} PIRQ binding(s))`;
    block(ctx, at(site, 'passthrough'), 'passthrough', `domain ${domid} has ${what}; v2 cannot express it`, `domain ${domid}: ${what} dropped`);
  }
  const n = splitEntryCount(ds.p2m);
  if (n > BigInt(MAX_SPLIT_ENTRIES)) {
    // Not droppable (the P2M is the domain's memory), so never in ctx.drop: always a blocker.
    block(ctx, at(site, 'p2m'), 'p2m_too_large',
      `domain ${domid}: its ${ds.p2m.length} P2M extent(s) split into ${n} page-order entries, more than the ${MAX_SPLIT_ENTRIES} a downgrade builds`, '');
    return false;
  }
  return true;
}

export function downgrade3to2(s: StateV3, ctx: DowngradeContext): Migrated<StateV2> {
  const notes: MigrationNote[] = [];
  const root: Site = { notes, path: '' };
  const domains = s.domains.map((ds, i): DomainStateV2 => {
    const site: Site = { notes, path: `domains[${i}]`, domid: ds.domain.domid };
    const splittable = blockersForV2(ds, site, ctx);
    const d = ds.domain;
    const { xsm_label, ...keptDomain } = d;
    const domain: DomainV2 = inFieldOrder(DOMAIN_V2.body.fields, { ...keptDomain, ssidref: xsm_label, shr_pages: 0 });
    carryFields(domain, d, DOMAIN_V2.body.desc, at(site, 'domain'));

    // A P2M too large to split blocks the downgrade: its state is discarded, so build none.
    const p2m = splittable ? extentsToEntries(ds.p2m) : [];
    if (ds.p2m.length > 0) {
      note(at(site, 'p2m'), 'translated', `domain ${d.domid}: ${ds.p2m.length} P2M extent(s) split into ${p2m.length} page-order entries`);
    }
    dropP2mUnknownFields(ds.p2m, 'P2M extents', site);
    dropChunkFields(ds.p2m, 'P2M_EXTENTS', at(site, 'p2m'));

    const { passthrough: _none, ...kept } = ds;
    const out: DomainStateV2 = inFieldOrder(v2.sections, { ...kept, domain, p2m });
    dropRecords(carryRecords(out, ds, v2), v2, site);
    return out;
  });
  const state: StateV2 = { host: s.host, domains };
  dropRecords(carryRecords(state, s, v2), v2, root);
  if (domains.length > 0) {
    note(at(root, 'domains[*].domain.shr_pages'), 'defaulted', `shr_pages set to 0 in ${domains.length} domain(s): v3 does not record it (memory sharing is retired)`);
  }
  return { state, notes };
}
