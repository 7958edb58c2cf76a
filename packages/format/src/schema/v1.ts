/**
 * Schema version 1. FROZEN: released; its golden fixtures never change. Later versions import
 * the parts they keep unchanged from here, and define what they change in their own module.
 */
import { DOMID_FIRST_RESERVED, HVM_NR_PARAMS, NR_VIRQS, PAGE_SHIFT } from './xen.js';
import { bin, bool, enumOf, field, flags, list, opt, str, struct, u16, u32, u64, u8 } from './dsl.js';
import { defineVersion, each, entries, listRecord, optional, record, single } from './records.js';

// ---------------------------------------------------------------------------------------------
// Shared nodes

export const Domid = () => u16({ max: DOMID_FIRST_RESERVED - 1 });
export const Mfn = () => u64({ max: (1n << 52n) - 1n, display: 'hex' });
export const Gfn = () => u64({ max: (1n << 52n) - 1n, display: 'hex' });

export const XenVersion = struct('XenVersion', {
  major: field(1, u16(), 'Xen major version'),
  minor: field(2, u16(), 'Xen minor version'),
  extra: field(3, str(64), 'version suffix, e.g. "-rc1" or ".2"'),
  changeset: field(4, str(128), 'source changeset the build came from'),
});

export const MfnRange = struct('MfnRange', {
  start: field(1, Mfn(), 'first machine frame'),
  count: field(2, u64({ min: 1n, max: 1n << 52n }), 'number of frames'),
});

export const Scheduler = enumOf({ credit: 5, credit2: 6, arinc653: 7, rtds: 8, null: 9 });

export const Cpupool = struct('Cpupool', {
  id: field(1, u32(), 'cpupool id (0 is the pool Xen boots with)'),
  scheduler: field(2, Scheduler, 'scheduler of the pool, by XEN_SCHEDULER_* code (public/domctl.h)'),
  pcpus: field(3, list(u32(), { max: 8192 }), 'physical CPUs in the pool'),
});

export const Handover = struct('Handover', {
  nr_stream_pages: field(1, u64({ max: 1n << 40n }), 'number of pages holding the stream (breadcrumb word 0)'),
  mfn_array_maddr: field(2, u64({ display: 'hex' }), 'machine address of the array of stream page MFNs (breadcrumb word 1)'),
  stream_mfns: field(3, list(Mfn(), { max: 1 << 20 }), 'the stream page MFNs, when the producer records them (else empty)'),
});

export const HostTime = struct('HostTime', {
  system_time_ns: field(1, u64(), 'Xen system time at save, ns'),
  tsc: field(2, u64(), 'TSC value at the same instant'),
  tsc_khz: field(3, u32({ min: 1 }), 'host TSC frequency, kHz'),
});

export const Host = struct('Host', {
  producer: field(1, XenVersion, 'Xen version of xen#1, the producer'),
  page_shift: field(2, u8({ min: PAGE_SHIFT, max: PAGE_SHIFT }), 'page shift (12 on x86)'),
  nr_pcpus: field(3, u32({ min: 1, max: 8192 }), 'number of physical CPUs'),
  total_pages: field(4, u64({ min: 1n, max: 1n << 52n }), 'host total pages: max MFN + 1'),
  bootmem: field(5, list(MfnRange, { min: 1, max: 256 }), 'live-update bootmem regions: nothing preserved may lie in them'),
  handover: field(6, Handover, 'where the stream itself lies (the breadcrumb contents)'),
  m2p: field(7, MfnRange, 'M2P table, preserved in place and shared with dom0'),
  time: field(8, HostTime, 'time at save, keeps guest time continuous'),
  cpupools: field(9, list(Cpupool, { min: 1, max: 4096, key: ['id'] }), 'cpupools'),
  cpu_featureset: field(10, list(u32(), { max: 64 }), 'host CPU featureset words the guest policies must stay within'),
});

export const DomainType = enumOf({ pv32: 0, pv64: 1, hvm: 2, pvh: 3 });
export const DomainRunState = enumOf({ running: 0, paused: 1, dying: 2 });
export const DomainRoles = flags({ hardware: 0, xenstore: 1, privileged: 2 });
/** XEN_DOMCTL_CDF_* bit numbers (public/domctl.h); hvm and xs_domain are carried by type and roles. */
export const CreateFlags = flags({ hap: 1, s3_integrity: 2, oos_off: 3, iommu: 5, nested_virt: 6, vpmu: 7 });
/** XEN_X86_EMU_* bit numbers (public/arch-x86/xen.h). */
export const EmulationFlags = flags({
  lapic: 0, hpet: 1, pm: 2, rtc: 3, ioapic: 4, pic: 5, vga: 6, iommu: 7, pit: 8, use_pirq: 9, vpci: 10,
});
export const Altp2mMode = enumOf({ disabled: 0, mixed: 1, external: 2, limited: 3 });
export const SchedParams = struct('SchedParams', {
  weight: field(1, u16({ min: 1 }), 'credit scheduler weight'),
  cap: field(2, u16(), 'credit cap, percent of one pCPU (0 = none)'),
});

/** DOMAIN fields 1-20 as v1 defines them; v2 and v3 change a few. */
export const domainFieldsV1 = {
  domid: field(1, Domid(), 'domain id'),
  handle: field(2, bin(16), 'domain handle (UUID)'),
  type: field(3, DomainType, 'domain type'),
  state: field(4, DomainRunState, 'run state at save; dying domains are kept'),
  roles: field(5, DomainRoles, 'roles'),
  create_flags: field(6, CreateFlags, 'creation flags'),
  ssidref: field(7, u32(), 'XSM security label'),
  max_vcpus: field(8, u32({ min: 1, max: 4096 }), 'maximum vCPUs'),
  max_pages: field(9, u32(), 'maximum pages the domain may own'),
  tot_pages: field(10, u64({ max: 1n << 52n }), 'pages the domain owns'),
  shr_pages: field(11, u32(), 'pages shared through memory sharing', 0),
  max_evtchn_port: field(12, u32({ max: 0x7fffffff }), 'highest event-channel port the domain may use'),
  max_grant_frames: field(13, u32({ min: 1, max: 0x7fffffff }), 'grant-table frame limit'),
  max_maptrack_frames: field(14, u32({ max: 0x7fffffff }), 'maptrack frame limit'),
  max_grant_version: field(15, u8({ min: 1, max: 2 }), 'highest grant-table version the domain may use'),
  emulation_flags: field(16, EmulationFlags, 'x86 emulated devices'),
  altp2m: field(17, Altp2mMode, 'altp2m mode'),
  sched: field(18, SchedParams, 'scheduler parameters'),
  evtchn_abi: field(19, enumOf({ two_level: 0 }), 'event-channel ABI in use'),
  shared_info_gfn: field(20, Gfn(), 'guest frame of the shared-info page'),
};

// --- VCPU

export const Segment = struct('Segment', {
  sel: field(1, u32(), 'selector'),
  limit: field(2, u32(), 'limit'),
  base: field(3, u64({ display: 'hex' }), 'base'),
  arbytes: field(4, u32(), 'access rights'),
});
export const DescriptorTable = struct('DescriptorTable', {
  limit: field(1, u32(), 'limit'),
  base: field(2, u64({ display: 'hex' }), 'base'),
});
const r = (no: number, doc: string) => field(no, u64({ display: 'hex' }), doc);
export const Gprs = struct('Gprs', {
  rax: r(1, 'rax'), rbx: r(2, 'rbx'), rcx: r(3, 'rcx'), rdx: r(4, 'rdx'),
  rbp: r(5, 'rbp'), rsi: r(6, 'rsi'), rdi: r(7, 'rdi'), rsp: r(8, 'rsp'),
  r8: r(9, 'r8'), r9: r(10, 'r9'), r10: r(11, 'r10'), r11: r(12, 'r11'),
  r12: r(13, 'r12'), r13: r(14, 'r13'), r14: r(15, 'r14'), r15: r(16, 'r15'),
});
/** struct hvm_hw_cpu (public/arch-x86/hvm/save.h, code 2), grouped. */
export const HvmCpu = struct('HvmCpu', {
  fpu: field(1, bin(512), 'FXSAVE image'),
  gprs: field(2, Gprs, 'general-purpose registers'),
  rip: r(3, 'rip'), rflags: r(4, 'rflags'),
  cr0: r(5, 'cr0'), cr2: r(6, 'cr2'), cr3: r(7, 'cr3'), cr4: r(8, 'cr4'),
  dr0: r(9, 'dr0'), dr1: r(10, 'dr1'), dr2: r(11, 'dr2'), dr3: r(12, 'dr3'), dr6: r(13, 'dr6'), dr7: r(14, 'dr7'),
  cs: field(15, Segment, 'cs'), ds: field(16, Segment, 'ds'), es: field(17, Segment, 'es'), fs: field(18, Segment, 'fs'),
  gs: field(19, Segment, 'gs'), ss: field(20, Segment, 'ss'), tr: field(21, Segment, 'tr'), ldtr: field(22, Segment, 'ldtr'),
  idtr: field(23, DescriptorTable, 'idtr'), gdtr: field(24, DescriptorTable, 'gdtr'),
  sysenter_cs: r(25, 'SYSENTER_CS'), sysenter_esp: r(26, 'SYSENTER_ESP'), sysenter_eip: r(27, 'SYSENTER_EIP'),
  shadow_gs: r(28, 'shadow GS base'), lstar: r(29, 'LSTAR'), star: r(30, 'STAR'), cstar: r(31, 'CSTAR'),
  syscall_mask: r(32, 'SFMASK'), efer: r(33, 'EFER'), tsc_aux: r(34, 'TSC_AUX'),
  tsc: r(35, "the guest's view of RDTSC"),
  pending_event: field(36, u32(), 'pending event: vector 0-7, type 8-10, error_valid 11, valid 31'),
  error_code: field(37, u32(), 'error code of the pending event'),
  flags: field(38, u32({ max: 1 }), 'bit 0: FPU initialised'),
});
/** struct hvm_hw_lapic (code 5) and its register page (code 6). */
export const Lapic = struct('Lapic', {
  apic_base_msr: field(1, u64(), 'APIC_BASE MSR'),
  disabled: field(2, u32({ max: 3 }), 'disable bits: hardware 1, software 2'),
  timer_divisor: field(3, u32(), 'timer divisor'),
  tdt_msr: field(4, u64(), 'TSC deadline MSR'),
  regs: field(5, bin(1024), 'the LAPIC register page'),
});
export const MtrrVar = struct('MtrrVar', { base: field(1, u64(), 'PHYSBASE'), mask: field(2, u64(), 'PHYSMASK') });
/** struct hvm_hw_mtrr (code 14). */
export const Mtrr = struct('Mtrr', {
  pat: field(1, u64(), 'PAT MSR'),
  cap: field(2, u64(), 'MTRRcap'),
  def_type: field(3, u64(), 'MTRRdefType'),
  var: field(4, list(MtrrVar, { max: 8 }), 'variable-range pairs'),
  fixed: field(5, list(u64(), { min: 11, max: 11 }), 'the 11 fixed-range MSRs'),
});
/** struct hvm_hw_cpu_xsave (code 16). */
export const Xsave = struct('Xsave', {
  xfeature_mask: field(1, u64(), 'features the area may hold'),
  xcr0: field(2, u64(), 'XCR0'),
  xcr0_accum: field(3, u64(), 'every XCR0 bit ever set'),
  area: field(4, bin({ max: 65536 }), 'the XSAVE area'),
});
export const HvmContext = struct('HvmContext', {
  cpu: field(1, HvmCpu, 'CPU registers'),
  lapic: field(2, Lapic, 'local APIC'),
  mtrr: field(3, Mtrr, 'MTRRs'),
  xsave: field(4, opt(Xsave), 'extended state, when the CPU has XSAVE'),
});
export const PvContext = struct('PvContext', {
  context: field(1, bin({ min: 1, max: 16384 }), 'vcpu_guest_context image'),
});
export const Msr = struct('Msr', { index: field(1, u32({ display: 'hex' }), 'MSR index'), value: field(2, u64(), 'value') });
export const VcpuInfoLocation = struct('VcpuInfoLocation', {
  gfn: field(1, Gfn(), 'guest frame'),
  offset: field(2, u16({ max: 4095 }), 'byte offset in the frame'),
});
export const Vcpu = struct('Vcpu', {
  id: field(1, u32({ max: 4095 }), 'vCPU id'),
  online: field(2, bool(), 'online (not VPF_down)'),
  hard_affinity: field(3, list(u32(), { max: 8192 }), 'pCPUs the vCPU may run on'),
  soft_affinity: field(4, list(u32(), { max: 8192 }), 'pCPUs the vCPU prefers'),
  singleshot_deadline_ns: field(5, u64(), 'singleshot timer deadline, system time ns (0 = none)'),
  periodic_period_ns: field(6, u64(), 'periodic timer period, ns (0 = none)'),
  vcpu_info: field(7, opt(VcpuInfoLocation), 'registered vcpu_info, null = the shared-info slot'),
  hvm: field(8, opt(HvmContext), 'HVM/PVH context (hvm, pvh domains)'),
  pv: field(9, opt(PvContext), 'PV context (pv32, pv64 domains)'),
  msrs: field(10, list(Msr, { max: 1024, key: ['index'] }), 'MSRs carried outside the context (CPU_MSR)'),
});

// --- Platform, params, TSC

/** HVM save type codes (public/arch-x86/hvm/save.h) of the state not carried by VCPU. */
export const HvmDeviceType = enumOf(
  {
    pic: 3, ioapic: 4, pci_irq: 7, isa_irq: 8, pci_link: 9, pit: 10, rtc: 11, hpet: 12, pmtimer: 13,
    viridian_domain: 15, viridian_vcpu: 17, vmce_vcpu: 18, tsc_adjust: 19,
  },
  16,
);
export const HvmDevice = struct('HvmDevice', {
  type: field(1, HvmDeviceType, 'HVM save type code'),
  instance: field(2, u16(), 'instance: vCPU id for per-vCPU codes, PIC 0 master / 1 slave, else 0'),
  body: field(3, bin({ max: 65536 }), 'the HVM save record payload'),
});
export const HvmParam = struct('HvmParam', {
  index: field(1, u8({ max: HVM_NR_PARAMS - 1 }), 'HVM_PARAM_* index (public/hvm/params.h)'),
  value: field(2, u64(), 'value'),
});
export const TscMode = enumOf({ default: 0, always_emulate: 1, never_emulate: 2 });
export const TscInfo = struct('TscInfo', {
  mode: field(1, TscMode, 'TSC mode (public/arch-x86/cpuid.h)'),
  gtsc_khz: field(2, u32(), 'guest TSC frequency, kHz'),
  incarnation: field(3, u32(), 'times the domain has been migrated or restored'),
  elapsed_ns: field(4, u64(), 'elapsed ns'),
});

// --- Memory

export const P2mType = enumOf({
  ram_rw: 0, invalid: 1, ram_logdirty: 2, ram_ro: 3, mmio_dm: 4, mmio_direct: 5, populate_on_demand: 6,
  grant_map_rw: 7, grant_map_ro: 8, ram_paging_out: 9, ram_paged: 10, ram_paging_in: 11, ram_shared: 12,
  ram_broken: 13, map_foreign: 14, ioreq_server: 15,
});
export const P2mAccess = enumOf({ n: 0, r: 1, w: 2, rw: 3, x: 4, rx: 5, wx: 6, rwx: 7, rx2rw: 8, n2rwx: 9, r_pw: 10 });
export const P2mEntry = struct('P2mEntry', {
  gfn: field(1, Gfn(), 'first guest frame, aligned to the order'),
  mfn: field(2, Mfn(), 'first machine frame, aligned to the order'),
  order: field(3, u8({ oneOf: [0, 9, 18] }), 'page order: 0 (4K), 9 (2M), 18 (1G)'),
  type: field(4, P2mType, 'p2m type'),
  access: field(5, P2mAccess, 'access'),
});
export const PageType = enumOf({ none: 0, l1: 1, l2: 2, l3: 3, l4: 4, seg_desc: 5, shared: 6, writable: 7 });
export const PageRange = struct('PageRange', {
  first_mfn: field(1, Mfn(), 'first machine frame'),
  count: field(2, u64({ min: 1n, max: 1n << 52n }), 'number of frames'),
  type: field(3, PageType, 'page type (PGT_* of asm/mm.h)'),
  pinned: field(4, bool(), 'pinned to its type by the owner'),
});

// --- Grants

export const PinCounts = struct('PinCounts', {
  host_rw: field(1, u8(), 'host writable mappings'),
  host_ro: field(2, u8(), 'host read-only mappings'),
  device_rw: field(3, u8(), 'device writable mappings'),
  device_ro: field(4, u8(), 'device read-only mappings'),
});
export const TransitiveSource = struct('TransitiveSource', {
  domid: field(1, Domid(), 'original granter'),
  ref: field(2, u32(), 'grant reference in the original granter'),
});
export const SubPage = struct('SubPage', {
  offset: field(1, u16({ max: 4095 }), 'byte offset'),
  length: field(2, u16({ min: 1, max: 4096 }), 'byte length'),
});
export const ActiveGrant = struct('ActiveGrant', {
  ref: field(1, u32(), 'grant reference'),
  grantee: field(2, Domid(), 'domain the grant is to'),
  pin: field(3, PinCounts, 'pin counts'),
  mfn: field(4, Mfn(), 'granted machine frame'),
  transitive: field(5, opt(TransitiveSource), 'source of a transitive grant'),
  sub_page: field(6, opt(SubPage), 'sub-page window'),
});
export const MaptrackFlags = flags({ device_map: 0, host_map: 1, readonly: 2, application_map: 3, contains_pte: 4 });
export const MaptrackEntry = struct('MaptrackEntry', {
  handle: field(1, u32(), 'grant handle (index in the maptrack table)'),
  granter: field(2, Domid(), 'granting domain'),
  ref: field(3, u32(), 'grant reference in the granter'),
  flags: field(4, MaptrackFlags, 'GNTMAP_* flags'),
  vcpu: field(5, u32({ max: 4095 }), 'vCPU that made the mapping'),
});
export function grantTableFields(maxVersion: 1 | 2) {
  return {
    version: field(1, u8({ min: 1, max: maxVersion }), 'grant-table version in use'),
    nr_frames: field(2, u32({ min: 1 }), 'grant frames in use'),
    max_frames: field(3, u32({ min: 1 }), 'grant frame limit'),
    shared_gfns: field(4, list(Gfn(), { max: 1 << 16 }), 'guest frames of the shared entries, one per frame'),
    status_gfns: field(5, list(Gfn(), { max: 1 << 13 }), 'guest frames of the status words (version 2 only)'),
    active: field(6, list(ActiveGrant, { max: 1 << 24, ascending: 'ref' }), 'active (pinned) entries, by ref'),
    maptrack: field(7, list(MaptrackEntry, { max: 1 << 24, ascending: 'handle' }), 'mappings this domain made of others\u2019 grants, by handle'),
  };
}
export const GrantTable = struct('GrantTable', grantTableFields(1));

// --- Event channels, IOREQ

export const EvtchnState = enumOf({ unbound: 1, interdomain: 2, pirq: 3, virq: 4, ipi: 5 });
/** EVENT_CHANNELS entry fields 1-9 (v2 adds priority). */
export const eventChannelFieldsV1 = {
  port: field(1, u32({ min: 1 }), 'port'),
  state: field(2, EvtchnState, 'EVTCHNSTAT_* state'),
  notify_vcpu: field(3, u32({ max: 4095 }), 'vCPU notified'),
  remote_domid: field(4, Domid(), 'unbound: who may bind; interdomain: the peer; else 0'),
  remote_port: field(5, u32(), 'interdomain: the peer port; else 0'),
  pirq: field(6, u32(), 'pirq: the PIRQ; else 0'),
  virq: field(7, u8({ max: NR_VIRQS - 1 }), 'virq: the VIRQ; else 0'),
  pending: field(8, bool(), 'pending'),
  masked: field(9, bool(), 'masked'),
};
export const EventChannel = struct('EventChannel', eventChannelFieldsV1);
export const IoreqServer = struct('IoreqServer', {
  id: field(1, u16(), 'ioservid'),
  dm_domid: field(2, Domid(), 'device-model domain'),
  ioreq_gfn: field(3, Gfn(), 'synchronous ioreq page'),
  bufioreq_gfn: field(4, opt(Gfn()), 'buffered ioreq page, when the server has one'),
  vcpu_ports: field(5, list(u32({ min: 1 }), { max: 4096 }), 'per-vCPU ioreq event ports in this domain'),
});

// ---------------------------------------------------------------------------------------------
// Records

// Closed: END is framing, so a reader refuses fields after nr_records (FORMAT.md section 6).
export const END = record('END', 0, struct('End', { nr_records: field(1, u32(), 'records before END, HOST included') }, [], { closed: true }), 'end of stream');
export const HOST = record('HOST', 1, Host, 'system-wide state; the first record');
export const DOMAIN = record('DOMAIN', 2, struct('Domain', domainFieldsV1), 'opens the records of one domain');
export const VCPU = record('VCPU', 3, Vcpu, 'one vCPU, ascending id');
export const HVM_DEVICES = listRecord('HVM_DEVICES', 4, HvmDevice, 4096, 'emulated platform devices (hvm, pvh)', { key: ['type', 'instance'] });
export const HVM_PARAMS = listRecord('HVM_PARAMS', 5, HvmParam, HVM_NR_PARAMS, 'HVM parameters, ascending index (hvm, pvh)', { ascending: 'index' });
export const TSC_INFO = record('TSC_INFO', 6, TscInfo, 'TSC mode and frequency');
export const P2M = listRecord('P2M', 7, P2mEntry, 32768, 'guest-physical to machine map as page-order entries, ascending gfn (hvm, pvh)', { ascending: 'gfn' });
export const PAGES = listRecord('PAGES', 8, PageRange, 32768, 'pages the domain owns, ascending MFN', { ascending: 'first_mfn' });
export const GRANT_TABLE = record('GRANT_TABLE', 9, GrantTable, 'grant table');
export const EVENT_CHANNELS = listRecord('EVENT_CHANNELS', 10, EventChannel, 32768, 'bound event channels, ascending port', { ascending: 'port' });
export const IOREQ_SERVERS = listRecord('IOREQ_SERVERS', 11, IoreqServer, 256, 'IOREQ servers of the domain (hvm), ascending id', { ascending: 'id' });

export const v1 = defineVersion(1, HOST, END, {
  domain: single(DOMAIN),
  tsc_info: single(TSC_INFO),
  p2m: entries(P2M),
  vcpus: each(VCPU, { ascending: 'id' }),
  pages: entries(PAGES),
  grant_table: optional(GRANT_TABLE),
  hvm_params: entries(HVM_PARAMS),
  hvm_devices: entries(HVM_DEVICES),
  event_channels: entries(EVENT_CHANNELS),
  ioreq_servers: entries(IOREQ_SERVERS),
});
