/**
 * Schema version 2. FROZEN: released; its golden fixtures never change.
 * Changes from v1:
 * - enum value added: DOMAIN.evtchn_abi gains `fifo`; GRANT_TABLE.version may be 2;
 * - fields added with a default: EventChannel.priority (7), DOMAIN.cpupool (0);
 * - new mandatory record used only with the FIFO ABI: EVENT_FIFO;
 * - new optional record: VCPU_RUNSTATE;
 * - integer widened: DOMAIN.max_pages u32 -> u64.
 */
import { EVTCHN_FIFO_MAX_EVENT_ARRAY_PAGES, EVTCHN_FIFO_MAX_QUEUES, EVTCHN_FIFO_PRIORITY_DEFAULT } from './xen.js';
import { enumOf, field, list, struct, u16, u32, u64, u8 } from './dsl.js';
import { OPTIONAL_BIT, deriveVersion, entries, listRecord, optional, record, single } from './records.js';
import { Gfn, domainFieldsV1, eventChannelFieldsV1, grantTableFields, v1 } from './v1.js';

export const domainFieldsV2 = {
  ...domainFieldsV1,
  max_pages: field(9, u64({ max: 1n << 52n }), 'maximum pages the domain may own'),
  evtchn_abi: field(19, enumOf({ two_level: 0, fifo: 1 }), 'event-channel ABI in use'),
  cpupool: field(21, u32(), 'cpupool the domain runs in', 0),
};

export const EventChannel = struct('EventChannel', {
  ...eventChannelFieldsV1,
  priority: field(10, u8({ max: 15 }), 'FIFO priority, 0 highest (FIFO ABI only)', EVTCHN_FIFO_PRIORITY_DEFAULT),
});

export const FifoVcpu = struct('FifoVcpu', {
  vcpu: field(1, u32({ max: 4095 }), 'vCPU id'),
  control_block_gfn: field(2, Gfn(), 'guest frame of the control block'),
  control_block_offset: field(3, u16({ max: 4095 }), 'byte offset of the control block in the frame'),
  heads: field(4, list(u32({ max: (1 << 17) - 1 }), { min: EVTCHN_FIFO_MAX_QUEUES, max: EVTCHN_FIFO_MAX_QUEUES }), 'head port of each of the 16 queues (0 = empty)'),
});
export const EventFifo = struct('EventFifo', {
  event_array_gfns: field(1, list(Gfn(), { min: 1, max: EVTCHN_FIFO_MAX_EVENT_ARRAY_PAGES }), 'guest frames of the event-array pages'),
  vcpus: field(2, list(FifoVcpu, { max: 4096, ascending: 'vcpu' }), 'per-vCPU control blocks, ascending vCPU'),
});

export const RunstateKind = enumOf({ running: 0, runnable: 1, blocked: 2, offline: 3 });
export const VcpuRunstate = struct('VcpuRunstate', {
  vcpu: field(1, u32({ max: 4095 }), 'vCPU id'),
  state: field(2, RunstateKind, 'RUNSTATE_* (public/vcpu.h)'),
  state_entry_time: field(3, u64(), 'system time the state was entered, ns'),
  time: field(4, list(u64(), { min: 4, max: 4 }), 'ns spent running, runnable, blocked, offline'),
});

export const DOMAIN = record('DOMAIN', 2, struct('Domain', domainFieldsV2), 'opens the records of one domain');
export const GRANT_TABLE = record('GRANT_TABLE', 9, struct('GrantTable', grantTableFields(2)), 'grant table');
export const EVENT_CHANNELS = listRecord('EVENT_CHANNELS', 10, EventChannel, 32768, 'bound event channels, ascending port', { ascending: 'port' });
export const EVENT_FIFO = record('EVENT_FIFO', 12, EventFifo, 'FIFO event-channel ABI state; present exactly for FIFO domains');
export const VCPU_RUNSTATE = listRecord('VCPU_RUNSTATE', OPTIONAL_BIT | 1, VcpuRunstate, 4096, 'vCPU runstates, ascending vCPU (optional)', { ascending: 'vcpu' });

export const v2 = deriveVersion(v1, 2, {
  replace: { domain: single(DOMAIN), grant_table: optional(GRANT_TABLE), event_channels: entries(EVENT_CHANNELS) },
  add: {
    event_fifo: { after: 'hvm_devices', section: optional(EVENT_FIFO) },
    vcpu_runstates: { after: 'event_channels', section: entries(VCPU_RUNSTATE) },
  },
});
