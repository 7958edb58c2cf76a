/**
 * Grant-table rules: refs and frames within the table's size, status frames exactly for v2,
 * active entries and the grantees' maptrack agreeing (each host mapping of (granter, ref) is one
 * host pin), granted frames owned by the granter.
 */
import { GRANT_ENTRIES_PER_FRAME, GRANT_FRAMES_PER_STATUS_FRAME } from '../schema/xen.js';
import { type Context, type DomainView, hex } from './context.js';
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

/** (granter, ref) as one number: domid < 2^15, ref < 2^32, so exact below 2^53. */
const key = (domid: number, ref: number) => domid * 2 ** 32 + ref;

interface ActiveRef {
  readonly dv: DomainView;
  readonly j: number;
  mapped: number;
}

export function checkGrants(ctx: Context, report: Report): void {
  const R = GRANT_RULES;
  const active = new Map<number, ActiveRef>();
  const owners = ctx.owners;

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
      const k = key(dv.domid, a.ref);
      if (active.has(k)) report.add(R.refUnique, `${ap}.ref`, `${who} ref ${a.ref} has two active entries`, dv.domid);
      else active.set(k, { dv, j, mapped: 0 });
      if (a.ref >= nrRefs) report.add(R.refRange, `${ap}.ref`, `${who} ref ${a.ref} is not below ${nrRefs} (${gt.nr_frames} frames of ${perFrame})`, dv.domid);
      if (gt.version !== 2) {
        if (a.transitive) report.add(R.v2Entry, `${ap}.transitive`, `${who} ref ${a.ref} is transitive in a version ${gt.version} table`, dv.domid);
        if (a.sub_page) report.add(R.v2Entry, `${ap}.sub_page`, `${who} ref ${a.ref} is a sub-page grant in a version ${gt.version} table`, dv.domid);
      }
      const source = a.transitive ? a.transitive.domid : dv.domid;
      const owner = owners.tagAt(Number(a.mfn));
      const ownerDomid = owner < 0 ? null : ctx.domains[owner]!.domid;
      if (ownerDomid !== source) {
        report.add(R.mfnOwner, `${ap}.mfn`, `${who} ref ${a.ref} grants frame ${hex(a.mfn)}, owned by ${ownerDomid === null ? 'no domain' : `d${ownerDomid}`}, not d${source}`, dv.domid);
      }
    });
  }

  for (const dv of ctx.domains) {
    const gt = dv.d.grant_table;
    if (!gt) continue;
    gt.maptrack.forEach((m, k) => {
      const a = active.get(key(m.granter, m.ref));
      const grantee = a ? a.dv.d.grant_table!.active[a.j]!.grantee : null;
      if (!a || grantee !== dv.domid) {
        const why = !a ? 'which has no active entry' : `which is granted to d${grantee}`;
        report.add(R.maptrackDangling, `${dv.path}.grant_table.maptrack[${k}].ref`, `d${dv.domid} handle ${m.handle} maps d${m.granter} ref ${m.ref}, ${why}`, dv.domid);
      } else if (m.flags.host_map) {
        a.mapped++;
      }
    });
  }

  for (const a of active.values()) {
    const e = a.dv.d.grant_table!.active[a.j]!;
    const pins = e.pin.host_rw + e.pin.host_ro;
    if (pins === a.mapped) continue;
    const p = `${a.dv.path}.grant_table.active[${a.j}].pin`;
    const what = `d${a.dv.domid} ref ${e.ref} has ${pins} host pins`;
    if (a.mapped === 0) report.add(R.pinsMapped, p, `${what} but d${e.grantee} has no host mapping of it`, a.dv.domid);
    else report.add(R.pinCount, p, `${what} but d${e.grantee} has ${a.mapped} host mappings of it`, a.dv.domid);
  }
}
