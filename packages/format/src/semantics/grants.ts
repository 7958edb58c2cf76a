/**
 * Grant-table rules: refs and frames within the table's size, status frames exactly for v2,
 * active entries and the grantees' maptrack agreeing (each host mapping of (granter, ref) is one
 * host pin), granted frames owned by the granter.
 */
import { GRANT_ENTRIES_PER_FRAME, GRANT_FRAMES_PER_STATUS_FRAME } from '../schema/xen.js';
import { type AnyDomain, type Context, hex } from './context.js';
import { type CrossDomainIndex, domainStub, pairKey } from './cross-domain.js';
import type { Report } from './report.js';
import { defineRules } from './rule.js';

export const GRANT_RULES = defineRules('grant', {
  refUnique: { id: 'grant.ref-unique', severity: 'error', scope: 'domain', summary: 'no ref has two active entries in a table' },
  refRange: { id: 'grant.ref-range', severity: 'error', scope: 'domain', summary: 'active refs are below nr_frames x entries per frame (512 in v1, 256 in v2)' },
  framesMax: { id: 'grant.frames-max', severity: 'error', scope: 'domain', summary: 'nr_frames does not exceed max_frames' },
  sharedFrames: { id: 'grant.shared-frames', severity: 'error', scope: 'domain', summary: 'one shared-frame GFN per grant frame' },
  statusFrames: { id: 'grant.status-frames', severity: 'error', scope: 'domain', summary: 'status frames exactly with version 2: one per 8 grant frames, rounded up' },
  versionMax: { id: 'grant.version-max', severity: 'error', scope: 'domain', summary: "the table's version does not exceed the domain's max_grant_version" },
  v2Entry: { id: 'grant.v2-entry', severity: 'error', scope: 'domain', summary: 'transitive and sub-page entries only in a version 2 table' },
  pinsMapped: { id: 'grant.host-pins-mapped', severity: 'error', scope: 'cross-domain', summary: 'an active entry with host pins has host mappings in the grantee maptrack pointing back to (granter, ref)' },
  pinCount: { id: 'grant.pin-count', severity: 'error', scope: 'cross-domain', summary: "an active entry's host pins (rw + ro) equal the number of the grantee's host mappings of it" },
  maptrackDangling: { id: 'grant.maptrack-dangling', severity: 'error', scope: 'cross-domain', summary: "a maptrack entry names an active entry of its granter that is granted to the mapping domain" },
  mfnOwner: { id: 'grant.mfn-owner', severity: 'error', scope: 'cross-domain', summary: "an active entry's frame is owned by the granter (by the source domain for a transitive grant)" },
});

type ActiveEntry = NonNullable<AnyDomain['grant_table']>['active'][number];
type MaptrackEntry = NonNullable<AnyDomain['grant_table']>['maptrack'][number];

export function checkGrants(ctx: Context, report: Report): void {
  const R = GRANT_RULES;
  const { across } = ctx;

  for (const dv of ctx.domains) {
    const gt = dv.d.grant_table;
    if (!gt) continue;
    const p = `${dv.path}.grant_table`;
    const who = `d${dv.domid}`;
    const perFrame = gt.version === 2 ? GRANT_ENTRIES_PER_FRAME[2] : GRANT_ENTRIES_PER_FRAME[1];
    const nrRefs = gt.nr_frames * perFrame;
    if (gt.nr_frames > gt.max_frames) report.add(R.framesMax, `${p}.nr_frames`, `${who} grant table has ${gt.nr_frames} frames, max_frames ${gt.max_frames}`, dv.domid);
    if (gt.shared_gfns.length !== gt.nr_frames) report.add(R.sharedFrames, `${p}.shared_gfns`, `${who} grant table has ${gt.nr_frames} frames but ${gt.shared_gfns.length} shared-frame GFNs`, dv.domid);
    const status = gt.version === 2 ? Math.ceil(gt.nr_frames / GRANT_FRAMES_PER_STATUS_FRAME) : 0;
    if (gt.status_gfns.length !== status) report.add(R.statusFrames, `${p}.status_gfns`, `${who} version ${gt.version} grant table with ${gt.nr_frames} frames has ${gt.status_gfns.length} status frames, expected ${status}`, dv.domid);
    if (gt.version > dv.d.domain.max_grant_version) report.add(R.versionMax, `${p}.version`, `${who} grant table is version ${gt.version}, max_grant_version ${dv.d.domain.max_grant_version}`, dv.domid);

    gt.active.forEach((a, j) => {
      const ap = `${p}.active[${j}]`;
      const k = pairKey(dv.domid, a.ref);
      if (across.grants.has(k)) report.add(R.refUnique, `${ap}.ref`, `${who} ref ${a.ref} has two active entries`, dv.domid);
      else across.grants.set(k, { index: dv.at, domid: dv.domid, j, entry: a, grantee: a.grantee, pins: a.pin.host_rw + a.pin.host_ro, mapped: 0 });
      if (a.ref >= nrRefs) report.add(R.refRange, `${ap}.ref`, `${who} ref ${a.ref} is not below ${nrRefs} (${gt.nr_frames} frames of ${perFrame})`, dv.domid);
      if (gt.version !== 2) {
        if (a.transitive) report.add(R.v2Entry, `${ap}.transitive`, `${who} ref ${a.ref} is transitive in a version ${gt.version} table`, dv.domid);
        if (a.sub_page) report.add(R.v2Entry, `${ap}.sub_page`, `${who} ref ${a.ref} is a sub-page grant in a version ${gt.version} table`, dv.domid);
      }
      const owner = across.owners.ownerAt(Number(a.mfn));
      // An owned frame keeps its owner; an unowned one may be owned by a domain further on.
      if (owner >= 0) checkGrantOwner(across, { index: dv.at, domid: dv.domid, j, a }, (message) => report.add(R.mfnOwner, `${ap}.mfn`, message, dv.domid));
      else deferGrantOwner(across, { index: dv.at, domid: dv.domid, j, a });
    });
    gt.maptrack.forEach((m, k) => {
      const use = { index: dv.at, domid: dv.domid, k, m };
      if (across.grants.has(pairKey(m.granter, m.ref))) checkMapping(across, use, (message) => report.add(R.maptrackDangling, `${p}.maptrack[${k}].ref`, message, dv.domid));
      else deferMapping(across, use); // the granter may be further on in the stream
    });
  }
}

interface GrantUse {
  /** Stream position and domid of the granter, the entry's position and the entry. */
  readonly index: number;
  readonly domid: number;
  readonly j: number;
  readonly a: ActiveEntry;
}

/** grant.mfn-owner: the granted frame's owner is the granter (the source domain when transitive). */
function checkGrantOwner(across: CrossDomainIndex, at: GrantUse, add: (message: string) => void): void {
  const { a } = at;
  const source = a.transitive ? a.transitive.domid : at.domid;
  const owner = across.owners.ownerAt(Number(a.mfn));
  const ownerDomid = owner < 0 ? null : across.domidAt[owner]!;
  if (ownerDomid !== source) add(`d${at.domid} ref ${a.ref} grants frame ${hex(a.mfn)}, owned by ${ownerDomid === null ? 'no domain' : `d${ownerDomid}`}, not d${source}`);
}

/** checkGrantOwner once every domain is in; its own function so the closure holds the entry only. */
function deferGrantOwner(across: CrossDomainIndex, at: GrantUse): void {
  across.later((report) =>
    checkGrantOwner(across, at, (message) =>
      report.addDeferred(domainStub(at.domid, ['grant_table', 'active'], at.j, at.a), at.index, GRANT_RULES.mfnOwner, `domains[${at.index}].grant_table.active[${at.j}].mfn`, message, at.domid),
    ),
  );
}

interface Mapping {
  /** Stream position and domid of the mapping domain, the maptrack entry's position and the entry. */
  readonly index: number;
  readonly domid: number;
  readonly k: number;
  readonly m: MaptrackEntry;
}

/** grant.maptrack-dangling, and counts the host mappings of each active entry for the pin rules. */
function checkMapping(across: CrossDomainIndex, at: Mapping, add: (message: string) => void): void {
  const { m } = at;
  const a = across.grants.get(pairKey(m.granter, m.ref));
  if (!a || a.grantee !== at.domid) {
    const why = !a ? 'which has no active entry' : `which is granted to d${a.grantee}`;
    add(`d${at.domid} handle ${m.handle} maps d${m.granter} ref ${m.ref}, ${why}`);
  } else if (m.flags.host_map) {
    a.mapped++;
  }
}

function deferMapping(across: CrossDomainIndex, at: Mapping): void {
  across.later((report) =>
    checkMapping(across, at, (message) =>
      report.addDeferred(domainStub(at.domid, ['grant_table', 'maptrack'], at.k, at.m), at.index, GRANT_RULES.maptrackDangling, `domains[${at.index}].grant_table.maptrack[${at.k}].ref`, message, at.domid),
    ),
  );
}

/** The pin rules, once every maptrack is counted: each active entry's host pins against its host mappings. */
export function finishGrants(across: CrossDomainIndex, report: Report): void {
  const R = GRANT_RULES;
  for (const a of across.grants.values()) {
    if (a.pins === a.mapped) continue;
    const e = a.entry;
    const stub = domainStub(a.domid, ['grant_table', 'active'], a.j, e);
    const p = `domains[${a.index}].grant_table.active[${a.j}].pin`;
    const what = `d${a.domid} ref ${e.ref} has ${a.pins} host pins`;
    if (a.mapped === 0) report.addDeferred(stub, a.index, R.pinsMapped, p, `${what} but d${a.grantee} has no host mapping of it`, a.domid);
    else report.addDeferred(stub, a.index, R.pinCount, p, `${what} but d${a.grantee} has ${a.mapped} host mappings of it`, a.domid);
  }
}
