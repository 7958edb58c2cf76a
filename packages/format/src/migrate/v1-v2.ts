/**
 * Schema versions 1 <-> 2 (FORMAT.md section 8). Upgrade: DOMAIN gains `cpupool` (0) and a u64
 * `max_pages`, channels gain `priority` (7), domains gain no FIFO state and no runstates.
 * Downgrade: refused for what v1 cannot express (FIFO ABI, grant-table v2, max_pages above u32),
 * unless asked to drop it (notes.ts, DowngradeContext);
 * `cpupool`, `priority` and runstates are dropped, with a note when not at their defaults.
 * DOMAIN `max_grant_version` 2 is kept: v1 allows 1..2 there, and it is a limit the domain may use,
 * not a grant table in use (which v1 refuses above).
 */
import { FormatError } from '../errors.js';
import type { DomainStateV1, DomainStateV2, StateV1, StateV2 } from '../schema/index.js';
import { DOMAIN as DOMAIN_V1, EventChannel as EventChannelV1, v1 } from '../schema/v1.js';
import { DOMAIN as DOMAIN_V2, EventChannel as EventChannelV2, VCPU_RUNSTATE, v2 } from '../schema/v2.js';
import { EVTCHN_FIFO_PRIORITY_DEFAULT } from '../schema/xen.js';
import { carryUnknown, setUnknownChunkFields } from '../unknown.js';
import {
  adoptUintField, carryChunkFields, carryFields, carryRecords, chunkFieldsOf, decodeRecordBody, dropRecords, inFieldOrder,
} from './carry.js';
import { type DowngradeContext, type MigrationNote, type Migrated, type Site, at, block, note } from './notes.js';

type DomainV1 = DomainStateV1['domain'];
type DomainV2 = DomainStateV2['domain'];
type ChannelV1 = DomainStateV1['event_channels'][number];
type ChannelV2 = DomainStateV2['event_channels'][number];
type RunstateV2 = DomainStateV2['vcpu_runstates'][number];

const CPUPOOL_DEFAULT = 0;
const U32_MAX = 0xffff_ffffn;

export function upgrade1to2(s: StateV1): Migrated<StateV2> {
  const notes: MigrationNote[] = [];
  const root: Site = { notes, path: '' };
  // How many values were defaulted, and how many read back from unknown fields.
  const pools = { defaulted: 0, adopted: 0 };
  const priorities = { defaulted: 0, adopted: 0 };
  const domains = s.domains.map((ds, i): DomainStateV2 => {
    const site: Site = { notes, path: `domains[${i}]`, domid: ds.domain.domid };
    const d = ds.domain;
    // A v1 reader of a v2 stream keeps cpupool and priority as unknown fields: take them back.
    const cpupool = adoptUintField(d, DOMAIN_V2.body.fields.cpupool, at(site, 'domain.cpupool'));
    pools[cpupool === undefined ? 'defaulted' : 'adopted']++;
    const domain: DomainV2 = inFieldOrder(DOMAIN_V2.body.fields, { ...d, max_pages: BigInt(d.max_pages), cpupool: cpupool ?? CPUPOOL_DEFAULT });
    carryFields(domain, d, DOMAIN_V2.body.desc, at(site, 'domain'), [DOMAIN_V2.body.fields.cpupool.no]);

    const event_channels = ds.event_channels.map((c, j): ChannelV2 => {
      const cs = at(site, `event_channels[${j}]`);
      const priority = adoptUintField(c, EventChannelV2.fields.priority, at(cs, 'priority'));
      priorities[priority === undefined ? 'defaulted' : 'adopted']++;
      const out: ChannelV2 = inFieldOrder(EventChannelV2.fields, { ...c, priority: priority ?? EVTCHN_FIFO_PRIORITY_DEFAULT });
      carryFields(out, c, EventChannelV2.desc, cs, [EventChannelV2.fields.priority.no]);
      return out;
    });
    carryChunkFields(event_channels, ds.event_channels);

    const out: DomainStateV2 = inFieldOrder(v2.sections, {
      ...ds, domain, event_fifo: null, event_channels, vcpu_runstates: [] as RunstateV2[],
    });
    const known = carryRecords(out, ds, v2);
    dropRecords(known.filter((r) => r.type !== VCPU_RUNSTATE.type), v2, site);
    const runstates = known.filter((r) => r.type === VCPU_RUNSTATE.type);
    if (runstates.length > 0) {
      // A v1 reader skips VCPU_RUNSTATE and keeps its bytes: v2 can read them.
      try {
        const bodies = runstates.map((r) => decodeRecordBody(VCPU_RUNSTATE, r.body));
        out.vcpu_runstates = bodies.flatMap((b) => b['entries'] as RunstateV2[]);
        const chunks = chunkFieldsOf(bodies);
        if (chunks.length > 0) setUnknownChunkFields(out.vcpu_runstates, chunks);
        note(at(site, 'vcpu_runstates'), 'translated', `domain ${d.domid}: runstates of ${out.vcpu_runstates.length} vCPU(s) read from VCPU_RUNSTATE records kept as not understood`);
      } catch (e) {
        if (!(e instanceof FormatError)) throw e;
        dropRecords(runstates, v2, site, ` (${e.message})`);
      }
    }
    return out;
  });
  const state: StateV2 = { host: s.host, domains };
  dropRecords(carryRecords(state, s, v2), v2, root);
  const pool = at(root, 'domains[*].domain.cpupool');
  const prio = at(root, 'domains[*].event_channels[*].priority');
  const fieldNo = (f: { no: number }) => `field ${f.no}, which the v1 reader kept as not understood`;
  if (pools.adopted > 0) note(pool, 'translated', `cpupool read back in ${pools.adopted} domain(s) from ${fieldNo(DOMAIN_V2.body.fields.cpupool)}`);
  if (pools.defaulted > 0) note(pool, 'defaulted', `cpupool set to ${CPUPOOL_DEFAULT} in ${pools.defaulted} domain(s): v1 does not record it`);
  if (priorities.adopted > 0) note(prio, 'translated', `priority read back on ${priorities.adopted} event channel(s) from ${fieldNo(EventChannelV2.fields.priority)}`);
  if (priorities.defaulted > 0) {
    note(prio, 'defaulted', `priority set to ${EVTCHN_FIFO_PRIORITY_DEFAULT} on ${priorities.defaulted} event channel(s): v1 does not record it`);
  }
  return { state, notes };
}

/**
 * What v1 cannot express in this domain: each is a blocker, or dropped when `ctx` says so. Returns
 * the domain state with the dropped features removed or clamped (FIFO state and passthrough go
 * with their sections below; the ABI is written 2-level whatever it was).
 */
function blockersForV1(ds: DomainStateV2, site: Site, ctx: DowngradeContext): DomainStateV2 {
  let out = ds;
  const d = ds.domain;
  const domid = d.domid;
  const fifo = 'v1 has only the 2-level ABI';
  if (d.evtchn_abi === 'fifo') {
    block(ctx, at(site, 'domain.evtchn_abi'), 'event_fifo', `domain ${domid} uses the FIFO event-channel ABI (evtchn_abi fifo); ${fifo}`, `domain ${domid}: evtchn_abi fifo written as two_level`);
  }
  if (ds.event_fifo !== null) {
    const pages = ds.event_fifo.event_array_gfns.length;
    block(ctx, at(site, 'event_fifo'), 'event_fifo', `domain ${domid} has FIFO event-channel state (EVENT_FIFO with ${pages} event-array page(s)); ${fifo}`, `domain ${domid}: FIFO event-channel state (${pages} event-array page(s)) dropped`);
  }
  if (ds.grant_table !== null && ds.grant_table.version === 2) {
    const gt = ds.grant_table;
    // Transitive and sub-page entries exist only in a version 2 table: a transitive entry (its
    // frame is another domain's) is dropped, a sub-page window widened to the whole page.
    const transitive = gt.active.filter((a) => a.transitive !== null).length;
    const subPage = gt.active.filter((a) => a.transitive === null && a.sub_page !== null).length;
    const dropped = block(ctx, at(site, 'grant_table.version'), 'grant_v2', `domain ${domid} uses grant-table version 2; v1 has version 1 only`,
      `domain ${domid}: grant-table version 2 written as version 1: ${gt.status_gfns.length} status frame(s) and ${transitive} transitive active entr${transitive === 1 ? 'y' : 'ies'} dropped, ${subPage} sub-page window(s) widened`);
    if (dropped) {
      const active = gt.active.filter((a) => a.transitive === null).map((a) => (a.sub_page === null ? a : carryUnknown({ ...a, sub_page: null }, a)));
      out = carryUnknown({ ...out, grant_table: carryUnknown({ ...gt, version: 1, status_gfns: [], active }, gt) }, out);
    }
  }
  if (d.max_pages > U32_MAX) {
    const dropped = block(ctx, at(site, 'domain.max_pages'), 'max_pages_wide', `domain ${domid} has max_pages ${d.max_pages}, above ${U32_MAX}, the largest v1 can hold (u32)`,
      `domain ${domid}: max_pages ${d.max_pages} clamped to ${U32_MAX}`);
    if (dropped) out = carryUnknown({ ...out, domain: carryUnknown({ ...d, max_pages: U32_MAX }, d) }, out);
  }
  return out;
}

export function downgrade2to1(s: StateV2, ctx: DowngradeContext): Migrated<StateV1> {
  const notes: MigrationNote[] = [];
  const root: Site = { notes, path: '' };
  const domains = s.domains.map((source, i): DomainStateV1 => {
    const site: Site = { notes, path: `domains[${i}]`, domid: source.domain.domid };
    const ds = blockersForV1(source, site, ctx);
    const d = ds.domain;
    const { cpupool, ...keptDomain } = d;
    if (cpupool !== CPUPOOL_DEFAULT) {
      note(at(site, 'domain.cpupool'), 'dropped', `domain ${d.domid}: cpupool ${cpupool} dropped (v1 cannot say which pool a domain runs in)`);
    }
    const domain: DomainV1 = inFieldOrder(DOMAIN_V1.body.fields, { ...keptDomain, max_pages: Number(d.max_pages > U32_MAX ? U32_MAX : d.max_pages), evtchn_abi: 'two_level' as const });
    carryFields(domain, d, DOMAIN_V1.body.desc, at(site, 'domain'));

    const event_channels = ds.event_channels.map((c, j): ChannelV1 => {
      const cs = at(site, `event_channels[${j}]`);
      const { priority, ...keptChannel } = c;
      if (priority !== EVTCHN_FIFO_PRIORITY_DEFAULT) {
        note(at(cs, 'priority'), 'dropped', `domain ${d.domid} port ${c.port}: priority ${priority} dropped (v1 has no FIFO priorities)`);
      }
      const out: ChannelV1 = inFieldOrder(EventChannelV1.fields, keptChannel);
      carryFields(out, c, EventChannelV1.desc, cs);
      return out;
    });
    carryChunkFields(event_channels, ds.event_channels);

    const { event_fifo: _noFifo, vcpu_runstates, ...kept } = ds;
    if (vcpu_runstates.length > 0) {
      note(at(site, 'vcpu_runstates'), 'dropped', `domain ${d.domid}: runstates of ${vcpu_runstates.length} vCPU(s) dropped (VCPU_RUNSTATE is a v2 record)`);
    }
    const out: DomainStateV1 = inFieldOrder(v1.sections, { ...kept, domain, event_channels });
    dropRecords(carryRecords(out, ds, v1), v1, site);
    return out;
  });
  const state: StateV1 = { host: s.host, domains };
  dropRecords(carryRecords(state, s, v1), v1, root);
  return { state, notes };
}
