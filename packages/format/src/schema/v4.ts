/**
 * Schema version 4: the state a successor Xen needs that v3 leaves out (issue 11). Changes from v3:
 * - new mandatory record in every domain: CPU_POLICY (the CPUID leaves and MSRs the guest sees);
 * - fields added with a default: Xen-heap machine frames (DOMAIN.shared_info_mfn, GRANT_TABLE
 *   shared_mfns/status_mfns), FIFO private state (FifoVcpu.tails, EventChannel.last_vcpu,
 *   last_priority, xen_consumer), IOREQ server state (enabled, bufioreq handling and port, I/O
 *   ranges, page frames), PV extended vCPU context and XSAVE, DOMAIN fields of struct domain
 *   (32-bit shared info, shutdown code, suspend port, time offset, watchdogs, controller pauses, IOMMU
 *   options, altp2m views, vmtrace size), Lapic.pending_esr, HOST.xen_pages (dom_xen/io/cow);
 * - nullable added: IoreqServer.ioreq_gfn (resources mapped through acquire_resource have none);
 * - integers narrowed to Xen's widths: DOMAIN.max_pages and tot_pages (unsigned int in struct
 *   domain), HOST.total_pages at most 2^40 (40-bit MFNs), at most 8 IOREQ servers; widened:
 *   HOST.nr_pcpus up to NR_CPUS 16383.
 */
import {
  EVTCHN_FIFO_MAX_QUEUES, EVTCHN_FIFO_PRIORITY_DEFAULT, MAX_ALTP2M, MAX_NR_IOREQ_SERVERS, NR_CPUS_MAX, NR_DOMAIN_WATCHDOG_TIMERS, MFN_BITS,
} from './xen.js';
import { bool, enumOf, field, flags, list, opt, struct, u16, u32, u64, u8 } from './dsl.js';
import { deriveVersion, each, entries, listRecord, optional, record, single } from './records.js';
import { Domid, Gfn, Host, HvmContext, Lapic, Mfn, PvContext, Vcpu, Xsave } from './v1.js';
import { EventChannel as EventChannelV2, EventFifo, FifoVcpu, GRANT_TABLE as GRANT_TABLE_V2 } from './v2.js';
import { Domain as DomainV3, domainFieldsV3, v3 } from './v3.js';

// --- HOST

export const XenPageOwner = enumOf({ dom_io: 0x7ff1, dom_xen: 0x7ff2, dom_cow: 0x7ff3 }, 16);
export const XenPageRange = struct('XenPageRange', {
  first_mfn: field(1, Mfn(), 'first machine frame'),
  count: field(2, u64({ min: 1n, max: 1n << 52n }), 'number of frames'),
  owner: field(3, XenPageOwner, 'pseudo-domain owning the frames, by domid (public/xen.h DOMID_IO/XEN/COW)'),
});
export const HostV4 = struct('Host', {
  ...Host.fields,
  // Every frame number is below total_pages (host.mfn-range), so this bounds every MFN of the stream.
  total_pages: field(4, u64({ min: 1n, max: 1n << BigInt(MFN_BITS) }), 'host total pages: max MFN + 1 (at most 2^40: x86-64 PADDR_BITS 52)'),
  nr_pcpus: field(3, u32({ min: 1, max: NR_CPUS_MAX }), 'number of physical CPUs (NR_CPUS is at most 16383)'),
  xen_pages: field(11, list(XenPageRange, { max: 1 << 20, ascending: 'first_mfn' }), 'pages owned by dom_xen, dom_io and dom_cow that guests map, ascending MFN', []),
});

// --- DOMAIN

export const TimeOffset = struct('TimeOffset', {
  seconds: field(1, u64(), 'magnitude of the offset from host wallclock, seconds'),
  negative: field(2, bool(), 'the offset is behind the host wallclock'),
});
export const Watchdog = struct('Watchdog', {
  id: field(1, u8({ max: NR_DOMAIN_WATCHDOG_TIMERS - 1 }), 'watchdog slot'),
  timeout_s: field(2, u32(), 'timeout the guest set, seconds'),
});
export const IommuOpts = flags({ no_sharept: 0 });
export const domainFieldsV4 = {
  ...domainFieldsV3,
  max_pages: field(9, u32(), 'maximum pages the domain may own (unsigned int in struct domain)'),
  tot_pages: field(10, u32(), 'pages the domain owns (unsigned int in struct domain)'),
  shared_info_mfn: field(22, opt(Mfn()), 'Xen-heap frame of the shared-info page (null: not recorded, upgraded from v3)', null),
  has_32bit_shinfo: field(23, bool(), 'shared info in the 32-bit layout', false),
  shutdown_code: field(24, opt(u8({ max: 5 })), 'shutdown in progress: SHUTDOWN_* code of public/sched.h (poweroff 0, reboot 1, suspend 2, crash 3, watchdog 4, soft_reset 5); null: not shutting down', null),
  suspend_evtchn: field(25, u32(), 'suspend event channel (0 = none)', 0),
  time_offset: field(26, opt(TimeOffset), 'wallclock offset the guest set (null: not set)', null),
  watchdogs: field(27, list(Watchdog, { max: NR_DOMAIN_WATCHDOG_TIMERS, ascending: 'id' }), 'watchdog timers in use', []),
  controller_pause_count: field(28, u32(), 'pauses by the toolstack outstanding', 0),
  iommu_opts: field(29, IommuOpts, 'IOMMU options at creation (XEN_DOMCTL_IOMMU_*)', { no_sharept: false }),
  altp2m_views: field(30, u16({ max: MAX_ALTP2M }), 'altp2m views', 0),
  vmtrace_size: field(31, u32(), 'vmtrace buffer bytes per vCPU (0 = none)', 0),
};
export const Domain = struct('Domain', domainFieldsV4, DomainV3.desc.retired);

// --- CPU_POLICY

export const CpuidLeaf = struct('CpuidLeaf', {
  leaf: field(1, u32({ display: 'hex' }), 'leaf (EAX input)'),
  subleaf: field(2, u32({ display: 'hex' }), 'subleaf (ECX input), XEN_CPUID_NO_SUBLEAF when the leaf has none'),
  eax: field(3, u32({ display: 'hex' }), 'EAX'),
  ebx: field(4, u32({ display: 'hex' }), 'EBX'),
  ecx: field(5, u32({ display: 'hex' }), 'ECX'),
  edx: field(6, u32({ display: 'hex' }), 'EDX'),
});
export const MsrPolicyEntry = struct('MsrPolicyEntry', {
  index: field(1, u32({ display: 'hex' }), 'MSR index'),
  value: field(2, u64({ display: 'hex' }), 'value the guest reads'),
});
export const CpuPolicy = struct('CpuPolicy', {
  cpuid: field(1, list(CpuidLeaf, { max: 1024, key: ['leaf', 'subleaf'] }), 'CPUID leaves, ascending (leaf, subleaf) (xen_cpuid_leaf_t)'),
  msrs: field(2, list(MsrPolicyEntry, { max: 1024, ascending: 'index' }), 'MSR policy entries, ascending index (xen_msr_entry_t)'),
});

// --- VCPU

export const LapicV4 = struct('Lapic', {
  ...Lapic.fields,
  pending_esr: field(6, u32(), 'ESR bits latched but not yet visible (hvm_hw_lapic)', 0),
});
export const HvmContextV4 = struct('HvmContext', { ...HvmContext.fields, lapic: field(2, LapicV4, 'local APIC') });
/** The fields of xen_domctl_ext_vcpucontext (public/domctl.h) a PV vCPU needs. */
export const PvExtContext = struct('PvExtContext', {
  sysenter_callback_cs: field(1, u16(), 'SYSENTER callback code selector'),
  sysenter_callback_eip: field(2, u64({ display: 'hex' }), 'SYSENTER callback address'),
  sysenter_disables_events: field(3, bool(), 'SYSENTER masks event delivery'),
  syscall32_callback_cs: field(4, u16(), '32-bit SYSCALL callback code selector'),
  syscall32_callback_eip: field(5, u64({ display: 'hex' }), '32-bit SYSCALL callback address'),
  syscall32_disables_events: field(6, bool(), '32-bit SYSCALL masks event delivery'),
});
export const PV_EXT_NONE = {
  sysenter_callback_cs: 0, sysenter_callback_eip: 0n, sysenter_disables_events: false,
  syscall32_callback_cs: 0, syscall32_callback_eip: 0n, syscall32_disables_events: false,
};
export const PvContextV4 = struct('PvContext', {
  ...PvContext.fields,
  ext: field(2, PvExtContext, 'extended context (X86_PV_VCPU_EXTENDED); all zero when no callback is registered', PV_EXT_NONE),
  xsave: field(3, opt(Xsave), 'XSAVE state (X86_PV_VCPU_XSAVE), when the CPU has XSAVE', null),
});
export const VcpuV4 = struct('Vcpu', {
  ...Vcpu.fields,
  hvm: field(8, opt(HvmContextV4), 'HVM/PVH context (hvm, pvh domains)'),
  pv: field(9, opt(PvContextV4), 'PV context (pv32, pv64 domains)'),
});

// --- Grants, event channels

export const GrantTableV4 = struct('GrantTable', {
  ...GRANT_TABLE_V2.body.fields,
  shared_mfns: field(8, list(Mfn(), { max: 1 << 16 }), 'Xen-heap frames of the shared entries, one per frame', []),
  status_mfns: field(9, list(Mfn(), { max: 1 << 13 }), 'Xen-heap frames of the status words, one per status frame (version 2)', []),
});
export const FifoVcpuV4 = struct('FifoVcpu', {
  ...FifoVcpu.fields,
  tails: field(5, list(u32({ max: (1 << 17) - 1 }), { min: EVTCHN_FIFO_MAX_QUEUES, max: EVTCHN_FIFO_MAX_QUEUES }), 'tail port of each of the 16 queues, private to Xen (0 = empty)', Array.from({ length: EVTCHN_FIFO_MAX_QUEUES }, () => 0)),
});
export const EventFifoV4 = struct('EventFifo', {
  ...EventFifo.fields,
  vcpus: field(2, list(FifoVcpuV4, { max: 4096, ascending: 'vcpu' }), 'per-vCPU control blocks, ascending vCPU'),
});
export const EventChannelV4 = struct('EventChannel', {
  ...EventChannelV2.fields,
  last_vcpu: field(11, u32({ max: 4095 }), 'FIFO: vCPU of the queue the event was last on', 0),
  last_priority: field(12, u8({ max: 15 }), 'FIFO: priority of the queue the event was last on', EVTCHN_FIFO_PRIORITY_DEFAULT),
  xen_consumer: field(13, u8({ max: 7 }), 'Xen-internal consumer of the port (0 = the guest)', 0),
});

// --- IOREQ servers

export const BufioreqHandling = enumOf({ off: 0, legacy: 1, atomic: 2 });
export const IoRangeType = enumOf({ port: 0, mmio: 1, pci: 2 });
export const IoRange = struct('IoRange', {
  type: field(1, IoRangeType, 'XEN_DMOP_IO_RANGE_* (public/hvm/dm_op.h)'),
  start: field(2, u64({ display: 'hex' }), 'first port, address or PCI SBDF'),
  end: field(3, u64({ display: 'hex' }), 'last port, address or PCI SBDF (inclusive)'),
});
export const IoreqServerV4 = struct('IoreqServer', {
  id: field(1, u16({ max: MAX_NR_IOREQ_SERVERS - 1 }), 'ioservid'),
  dm_domid: field(2, Domid(), 'device-model domain'),
  ioreq_gfn: field(3, opt(Gfn()), 'synchronous ioreq page (null: mapped through acquire_resource, INVALID_GFN)'),
  bufioreq_gfn: field(4, opt(Gfn()), 'buffered ioreq page, when the server has one'),
  vcpu_ports: field(5, list(u32({ min: 1 }), { max: 4096 }), 'per-vCPU ioreq event ports in this domain'),
  enabled: field(6, bool(), 'the server takes I/O', true),
  bufioreq: field(7, BufioreqHandling, 'buffered ioreq handling (HVM_IOREQSRV_BUFIOREQ_*)', 'off'),
  bufioreq_port: field(8, u32(), 'buffered ioreq event port in this domain (0 = none)', 0),
  ranges: field(9, list(IoRange, { max: 1 << 16, key: ['type', 'start'] }), 'I/O ranges the server claims', []),
  ioreq_mfn: field(10, opt(Mfn()), 'machine frame of the ioreq page (null: not recorded)', null),
  bufioreq_mfn: field(11, opt(Mfn()), 'machine frame of the buffered ioreq page (null: none or not recorded)', null),
});

// ---------------------------------------------------------------------------------------------
// Records

export const HOST = record('HOST', 1, HostV4, 'system-wide state; the first record');
export const DOMAIN = record('DOMAIN', 2, Domain, 'opens the records of one domain');
export const VCPU = record('VCPU', 3, VcpuV4, 'one vCPU, ascending id');
export const GRANT_TABLE = record('GRANT_TABLE', 9, GrantTableV4, 'grant table');
export const EVENT_CHANNELS = listRecord('EVENT_CHANNELS', 10, EventChannelV4, 32768, 'bound event channels, ascending port', { ascending: 'port' });
export const IOREQ_SERVERS = listRecord('IOREQ_SERVERS', 11, IoreqServerV4, MAX_NR_IOREQ_SERVERS, 'IOREQ servers of the domain (hvm), ascending id', { ascending: 'id' });
export const EVENT_FIFO = record('EVENT_FIFO', 12, EventFifoV4, 'FIFO event-channel ABI state; present exactly for FIFO domains');
export const CPU_POLICY = record('CPU_POLICY', 15, CpuPolicy, 'CPUID and MSR policy the guest sees; in every domain');

export const v4 = deriveVersion(v3, 4, {
  host: HOST,
  replace: {
    domain: single(DOMAIN),
    vcpus: each(VCPU, { ascending: 'id' }),
    grant_table: optional(GRANT_TABLE),
    event_fifo: optional(EVENT_FIFO),
    event_channels: entries(EVENT_CHANNELS),
    ioreq_servers: entries(IOREQ_SERVERS),
  },
  add: { cpu_policy: { after: 'domain', section: single(CPU_POLICY) } },
});
