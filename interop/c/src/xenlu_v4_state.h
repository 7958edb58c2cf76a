/*
 * xenlu_v4_state.h: the schema version 4 state as C structs, for the reference writer.
 *
 * GENERATED from packages/format/src/schema by scripts/gen-c-headers.mjs. Do not edit: regenerate.
 * Integers, enums (codes in xenlu_vN.h) and flags are fixed-width integers; a list is a pointer
 * and nr_<name>; a variable blob a pointer and <name>_len; an optional value a pointer, NULL when
 * absent; strings are NUL-terminated. Retired fields have no member.
 */
#ifndef XENLU_V4_STATE_H
#define XENLU_V4_STATE_H

#include <stdbool.h>
#include <stdint.h>

/* XenVersion */
struct xenlu_v4_xen_version {
	uint16_t major; /* 1: Xen major version */
	uint16_t minor; /* 2: Xen minor version */
	const char *extra; /* 3: version suffix, e.g. "-rc1" or ".2" */
	const char *changeset; /* 4: source changeset the build came from */
};

/* MfnRange */
struct xenlu_v4_mfn_range {
	uint64_t start; /* 1: first machine frame */
	uint64_t count; /* 2: number of frames */
};

/* Handover */
struct xenlu_v4_handover {
	uint64_t nr_stream_pages; /* 1: number of pages holding the stream (breadcrumb word 0) */
	uint64_t mfn_array_maddr; /* 2: machine address of the array of stream page MFNs (breadcrumb word 1) */
	const uint64_t *stream_mfns; /* 3: the stream page MFNs, when the producer records them (else empty) */
	uint32_t nr_stream_mfns;
};

/* HostTime */
struct xenlu_v4_host_time {
	uint64_t system_time_ns; /* 1: Xen system time at save, ns */
	uint64_t tsc; /* 2: TSC value at the same instant */
	uint32_t tsc_khz; /* 3: host TSC frequency, kHz */
};

/* Cpupool */
struct xenlu_v4_cpupool {
	uint32_t id; /* 1: cpupool id (0 is the pool Xen boots with) */
	uint8_t scheduler; /* 2: scheduler of the pool, by XEN_SCHEDULER_* code (public/domctl.h) */
	const uint32_t *pcpus; /* 3: physical CPUs in the pool */
	uint32_t nr_pcpus;
};

/* XenPageRange */
struct xenlu_v4_xen_page_range {
	uint64_t first_mfn; /* 1: first machine frame */
	uint64_t count; /* 2: number of frames */
	uint16_t owner; /* 3: pseudo-domain owning the frames, by domid (public/xen.h DOMID_IO/XEN/COW) */
};

/* Host */
struct xenlu_v4_host {
	struct xenlu_v4_xen_version producer; /* 1: Xen version of xen#1, the producer */
	uint8_t page_shift; /* 2: page shift (12 on x86) */
	uint32_t nr_pcpus; /* 3: number of physical CPUs (NR_CPUS is at most 16383) */
	uint64_t total_pages; /* 4: host total pages: max MFN + 1 (at most 2^40: x86-64 PADDR_BITS 52) */
	const struct xenlu_v4_mfn_range *bootmem; /* 5: live-update bootmem regions: nothing preserved may lie in them */
	uint32_t nr_bootmem;
	struct xenlu_v4_handover handover; /* 6: where the stream itself lies (the breadcrumb contents) */
	struct xenlu_v4_mfn_range m2p; /* 7: M2P table, preserved in place and shared with dom0 */
	struct xenlu_v4_host_time time; /* 8: time at save, keeps guest time continuous */
	const struct xenlu_v4_cpupool *cpupools; /* 9: cpupools */
	uint32_t nr_cpupools;
	const uint32_t *cpu_featureset; /* 10: host CPU featureset words the guest policies must stay within */
	uint32_t nr_cpu_featureset;
	const struct xenlu_v4_xen_page_range *xen_pages; /* 11: pages owned by dom_xen, dom_io and dom_cow that guests map, ascending MFN */
	uint32_t nr_xen_pages;
};

/* SchedParams */
struct xenlu_v4_sched_params {
	uint16_t weight; /* 1: credit scheduler weight */
	uint16_t cap; /* 2: credit cap, percent of one pCPU (0 = none) */
};

/* TimeOffset */
struct xenlu_v4_time_offset {
	uint64_t seconds; /* 1: magnitude of the offset from host wallclock, seconds */
	bool negative; /* 2: the offset is behind the host wallclock */
};

/* Watchdog */
struct xenlu_v4_watchdog {
	uint8_t id; /* 1: watchdog slot */
	uint32_t timeout_s; /* 2: timeout the guest set, seconds */
};

/* Domain */
struct xenlu_v4_domain {
	uint16_t domid; /* 1: domain id */
	uint8_t handle[16]; /* 2: domain handle (UUID) */
	uint8_t type; /* 3: domain type */
	uint8_t state; /* 4: run state at save; dying domains are kept */
	uint32_t roles; /* 5: roles */
	uint32_t create_flags; /* 6: creation flags */
	uint32_t xsm_label; /* 7: XSM security label (ssidref before v3) */
	uint32_t max_vcpus; /* 8: maximum vCPUs */
	uint32_t max_pages; /* 9: maximum pages the domain may own (unsigned int in struct domain) */
	uint32_t tot_pages; /* 10: pages the domain owns (unsigned int in struct domain) */
	/* field 11 shr_pages: retired, written nil */
	uint32_t max_evtchn_port; /* 12: highest event-channel port the domain may use */
	uint32_t max_grant_frames; /* 13: grant-table frame limit */
	uint32_t max_maptrack_frames; /* 14: maptrack frame limit */
	uint8_t max_grant_version; /* 15: highest grant-table version the domain may use */
	uint32_t emulation_flags; /* 16: x86 emulated devices */
	uint8_t altp2m; /* 17: altp2m mode */
	struct xenlu_v4_sched_params sched; /* 18: scheduler parameters */
	uint8_t evtchn_abi; /* 19: event-channel ABI in use */
	uint64_t shared_info_gfn; /* 20: guest frame of the shared-info page */
	uint32_t cpupool; /* 21: cpupool the domain runs in */
	const uint64_t *shared_info_mfn; /* 22: Xen-heap frame of the shared-info page (null: not recorded, upgraded from v3); NULL = nil */
	bool has_32bit_shinfo; /* 23: shared info in the 32-bit layout */
	const uint8_t *shutdown_code; /* 24: shutdown in progress: SHUTDOWN_* code of public/sched.h (poweroff 0, reboot 1, suspend 2, crash 3, watchdog 4, soft_reset 5); null: not shutting down; NULL = nil */
	uint32_t suspend_evtchn; /* 25: suspend event channel (0 = none) */
	const struct xenlu_v4_time_offset *time_offset; /* 26: wallclock offset the guest set (null: not set); NULL = nil */
	const struct xenlu_v4_watchdog *watchdogs; /* 27: watchdog timers in use */
	uint32_t nr_watchdogs;
	uint32_t controller_pause_count; /* 28: pauses by the toolstack outstanding */
	uint32_t iommu_opts; /* 29: IOMMU options at creation (XEN_DOMCTL_IOMMU_*) */
	uint16_t altp2m_views; /* 30: altp2m views */
	uint32_t vmtrace_size; /* 31: vmtrace buffer bytes per vCPU (0 = none) */
};

/* CpuidLeaf */
struct xenlu_v4_cpuid_leaf {
	uint32_t leaf; /* 1: leaf (EAX input) */
	uint32_t subleaf; /* 2: subleaf (ECX input), XEN_CPUID_NO_SUBLEAF when the leaf has none */
	uint32_t eax; /* 3: EAX */
	uint32_t ebx; /* 4: EBX */
	uint32_t ecx; /* 5: ECX */
	uint32_t edx; /* 6: EDX */
};

/* MsrPolicyEntry */
struct xenlu_v4_msr_policy_entry {
	uint32_t index; /* 1: MSR index */
	uint64_t value; /* 2: value the guest reads */
};

/* CpuPolicy */
struct xenlu_v4_cpu_policy {
	const struct xenlu_v4_cpuid_leaf *cpuid; /* 1: CPUID leaves, ascending (leaf, subleaf) (xen_cpuid_leaf_t) */
	uint32_t nr_cpuid;
	const struct xenlu_v4_msr_policy_entry *msrs; /* 2: MSR policy entries, ascending index (xen_msr_entry_t) */
	uint32_t nr_msrs;
};

/* TscInfo */
struct xenlu_v4_tsc_info {
	uint8_t mode; /* 1: TSC mode (public/arch-x86/cpuid.h) */
	uint32_t gtsc_khz; /* 2: guest TSC frequency, kHz */
	uint32_t incarnation; /* 3: times the domain has been migrated or restored */
	uint64_t elapsed_ns; /* 4: elapsed ns */
};

/* P2mExtent */
struct xenlu_v4_p2m_extent {
	uint64_t gfn; /* 1: first guest frame */
	uint64_t mfn; /* 2: first machine frame */
	uint64_t count; /* 3: number of frames */
	uint8_t type; /* 4: p2m type */
	uint8_t access; /* 5: access */
};

/* VcpuInfoLocation */
struct xenlu_v4_vcpu_info_location {
	uint64_t gfn; /* 1: guest frame */
	uint16_t offset; /* 2: byte offset in the frame */
};

/* Gprs */
struct xenlu_v4_gprs {
	uint64_t rax; /* 1: rax */
	uint64_t rbx; /* 2: rbx */
	uint64_t rcx; /* 3: rcx */
	uint64_t rdx; /* 4: rdx */
	uint64_t rbp; /* 5: rbp */
	uint64_t rsi; /* 6: rsi */
	uint64_t rdi; /* 7: rdi */
	uint64_t rsp; /* 8: rsp */
	uint64_t r8; /* 9: r8 */
	uint64_t r9; /* 10: r9 */
	uint64_t r10; /* 11: r10 */
	uint64_t r11; /* 12: r11 */
	uint64_t r12; /* 13: r12 */
	uint64_t r13; /* 14: r13 */
	uint64_t r14; /* 15: r14 */
	uint64_t r15; /* 16: r15 */
};

/* Segment */
struct xenlu_v4_segment {
	uint32_t sel; /* 1: selector */
	uint32_t limit; /* 2: limit */
	uint64_t base; /* 3: base */
	uint32_t arbytes; /* 4: access rights */
};

/* DescriptorTable */
struct xenlu_v4_descriptor_table {
	uint32_t limit; /* 1: limit */
	uint64_t base; /* 2: base */
};

/* HvmCpu */
struct xenlu_v4_hvm_cpu {
	uint8_t fpu[512]; /* 1: FXSAVE image */
	struct xenlu_v4_gprs gprs; /* 2: general-purpose registers */
	uint64_t rip; /* 3: rip */
	uint64_t rflags; /* 4: rflags */
	uint64_t cr0; /* 5: cr0 */
	uint64_t cr2; /* 6: cr2 */
	uint64_t cr3; /* 7: cr3 */
	uint64_t cr4; /* 8: cr4 */
	uint64_t dr0; /* 9: dr0 */
	uint64_t dr1; /* 10: dr1 */
	uint64_t dr2; /* 11: dr2 */
	uint64_t dr3; /* 12: dr3 */
	uint64_t dr6; /* 13: dr6 */
	uint64_t dr7; /* 14: dr7 */
	struct xenlu_v4_segment cs; /* 15: cs */
	struct xenlu_v4_segment ds; /* 16: ds */
	struct xenlu_v4_segment es; /* 17: es */
	struct xenlu_v4_segment fs; /* 18: fs */
	struct xenlu_v4_segment gs; /* 19: gs */
	struct xenlu_v4_segment ss; /* 20: ss */
	struct xenlu_v4_segment tr; /* 21: tr */
	struct xenlu_v4_segment ldtr; /* 22: ldtr */
	struct xenlu_v4_descriptor_table idtr; /* 23: idtr */
	struct xenlu_v4_descriptor_table gdtr; /* 24: gdtr */
	uint64_t sysenter_cs; /* 25: SYSENTER_CS */
	uint64_t sysenter_esp; /* 26: SYSENTER_ESP */
	uint64_t sysenter_eip; /* 27: SYSENTER_EIP */
	uint64_t shadow_gs; /* 28: shadow GS base */
	uint64_t lstar; /* 29: LSTAR */
	uint64_t star; /* 30: STAR */
	uint64_t cstar; /* 31: CSTAR */
	uint64_t syscall_mask; /* 32: SFMASK */
	uint64_t efer; /* 33: EFER */
	uint64_t tsc_aux; /* 34: TSC_AUX */
	uint64_t tsc; /* 35: the guest's view of RDTSC */
	uint32_t pending_event; /* 36: pending event: vector 0-7, type 8-10, error_valid 11, valid 31 */
	uint32_t error_code; /* 37: error code of the pending event */
	uint32_t flags; /* 38: bit 0: FPU initialised */
};

/* Lapic */
struct xenlu_v4_lapic {
	uint64_t apic_base_msr; /* 1: APIC_BASE MSR */
	uint32_t disabled; /* 2: disable bits: hardware 1, software 2 */
	uint32_t timer_divisor; /* 3: timer divisor */
	uint64_t tdt_msr; /* 4: TSC deadline MSR */
	uint8_t regs[1024]; /* 5: the LAPIC register page */
	uint32_t pending_esr; /* 6: ESR bits latched but not yet visible (hvm_hw_lapic) */
};

/* MtrrVar */
struct xenlu_v4_mtrr_var {
	uint64_t base; /* 1: PHYSBASE */
	uint64_t mask; /* 2: PHYSMASK */
};

/* Mtrr */
struct xenlu_v4_mtrr {
	uint64_t pat; /* 1: PAT MSR */
	uint64_t cap; /* 2: MTRRcap */
	uint64_t def_type; /* 3: MTRRdefType */
	const struct xenlu_v4_mtrr_var *var; /* 4: variable-range pairs */
	uint32_t nr_var;
	const uint64_t *fixed; /* 5: the 11 fixed-range MSRs */
	uint32_t nr_fixed;
};

/* Xsave */
struct xenlu_v4_xsave {
	uint64_t xfeature_mask; /* 1: features the area may hold */
	uint64_t xcr0; /* 2: XCR0 */
	uint64_t xcr0_accum; /* 3: every XCR0 bit ever set */
	const uint8_t *area; /* 4: the XSAVE area */
	uint32_t area_len;
};

/* HvmContext */
struct xenlu_v4_hvm_context {
	struct xenlu_v4_hvm_cpu cpu; /* 1: CPU registers */
	struct xenlu_v4_lapic lapic; /* 2: local APIC */
	struct xenlu_v4_mtrr mtrr; /* 3: MTRRs */
	const struct xenlu_v4_xsave *xsave; /* 4: extended state, when the CPU has XSAVE; NULL = nil */
};

/* PvExtContext */
struct xenlu_v4_pv_ext_context {
	uint16_t sysenter_callback_cs; /* 1: SYSENTER callback code selector */
	uint64_t sysenter_callback_eip; /* 2: SYSENTER callback address */
	bool sysenter_disables_events; /* 3: SYSENTER masks event delivery */
	uint16_t syscall32_callback_cs; /* 4: 32-bit SYSCALL callback code selector */
	uint64_t syscall32_callback_eip; /* 5: 32-bit SYSCALL callback address */
	bool syscall32_disables_events; /* 6: 32-bit SYSCALL masks event delivery */
};

/* PvContext */
struct xenlu_v4_pv_context {
	const uint8_t *context; /* 1: vcpu_guest_context image */
	uint32_t context_len;
	struct xenlu_v4_pv_ext_context ext; /* 2: extended context (X86_PV_VCPU_EXTENDED); all zero when no callback is registered */
	const struct xenlu_v4_xsave *xsave; /* 3: XSAVE state (X86_PV_VCPU_XSAVE), when the CPU has XSAVE; NULL = nil */
};

/* Msr */
struct xenlu_v4_msr {
	uint32_t index; /* 1: MSR index */
	uint64_t value; /* 2: value */
};

/* Vcpu */
struct xenlu_v4_vcpu {
	uint32_t id; /* 1: vCPU id */
	bool online; /* 2: online (not VPF_down) */
	const uint32_t *hard_affinity; /* 3: pCPUs the vCPU may run on */
	uint32_t nr_hard_affinity;
	const uint32_t *soft_affinity; /* 4: pCPUs the vCPU prefers */
	uint32_t nr_soft_affinity;
	uint64_t singleshot_deadline_ns; /* 5: singleshot timer deadline, system time ns (0 = none) */
	uint64_t periodic_period_ns; /* 6: periodic timer period, ns (0 = none) */
	const struct xenlu_v4_vcpu_info_location *vcpu_info; /* 7: registered vcpu_info, null = the shared-info slot; NULL = nil */
	const struct xenlu_v4_hvm_context *hvm; /* 8: HVM/PVH context (hvm, pvh domains); NULL = nil */
	const struct xenlu_v4_pv_context *pv; /* 9: PV context (pv32, pv64 domains); NULL = nil */
	const struct xenlu_v4_msr *msrs; /* 10: MSRs carried outside the context (CPU_MSR) */
	uint32_t nr_msrs;
};

/* PageRange */
struct xenlu_v4_page_range {
	uint64_t first_mfn; /* 1: first machine frame */
	uint64_t count; /* 2: number of frames */
	uint8_t type; /* 3: page type (PGT_* of asm/mm.h) */
	bool pinned; /* 4: pinned to its type by the owner */
};

/* PinCounts */
struct xenlu_v4_pin_counts {
	uint8_t host_rw; /* 1: host writable mappings */
	uint8_t host_ro; /* 2: host read-only mappings */
	uint8_t device_rw; /* 3: device writable mappings */
	uint8_t device_ro; /* 4: device read-only mappings */
};

/* TransitiveSource */
struct xenlu_v4_transitive_source {
	uint16_t domid; /* 1: original granter */
	uint32_t ref; /* 2: grant reference in the original granter */
};

/* SubPage */
struct xenlu_v4_sub_page {
	uint16_t offset; /* 1: byte offset */
	uint16_t length; /* 2: byte length */
};

/* ActiveGrant */
struct xenlu_v4_active_grant {
	uint32_t ref; /* 1: grant reference */
	uint16_t grantee; /* 2: domain the grant is to */
	struct xenlu_v4_pin_counts pin; /* 3: pin counts */
	uint64_t mfn; /* 4: granted machine frame */
	const struct xenlu_v4_transitive_source *transitive; /* 5: source of a transitive grant; NULL = nil */
	const struct xenlu_v4_sub_page *sub_page; /* 6: sub-page window; NULL = nil */
};

/* MaptrackEntry */
struct xenlu_v4_maptrack_entry {
	uint32_t handle; /* 1: grant handle (index in the maptrack table) */
	uint16_t granter; /* 2: granting domain */
	uint32_t ref; /* 3: grant reference in the granter */
	uint32_t flags; /* 4: GNTMAP_* flags */
	uint32_t vcpu; /* 5: vCPU that made the mapping */
};

/* GrantTable */
struct xenlu_v4_grant_table {
	uint8_t version; /* 1: grant-table version in use */
	uint32_t nr_frames; /* 2: grant frames in use */
	uint32_t max_frames; /* 3: grant frame limit */
	const uint64_t *shared_gfns; /* 4: guest frames of the shared entries, one per frame */
	uint32_t nr_shared_gfns;
	const uint64_t *status_gfns; /* 5: guest frames of the status words (version 2 only) */
	uint32_t nr_status_gfns;
	const struct xenlu_v4_active_grant *active; /* 6: active (pinned) entries, by ref */
	uint32_t nr_active;
	const struct xenlu_v4_maptrack_entry *maptrack; /* 7: mappings this domain made of others' grants, by handle */
	uint32_t nr_maptrack;
	const uint64_t *shared_mfns; /* 8: Xen-heap frames of the shared entries, one per frame */
	uint32_t nr_shared_mfns;
	const uint64_t *status_mfns; /* 9: Xen-heap frames of the status words, one per status frame (version 2) */
	uint32_t nr_status_mfns;
};

/* PciDevice */
struct xenlu_v4_pci_device {
	uint16_t segment; /* 1: PCI segment */
	uint8_t bus; /* 2: bus */
	uint8_t devfn; /* 3: device and function */
};

/* Msi */
struct xenlu_v4_msi {
	uint64_t address; /* 1: MSI address */
	uint32_t data; /* 2: MSI data */
};

/* PirqBinding */
struct xenlu_v4_pirq_binding {
	uint32_t pirq; /* 1: guest PIRQ */
	uint32_t host_irq; /* 2: host IRQ */
	const struct xenlu_v4_msi *msi; /* 3: MSI address and data, when the interrupt is an MSI; NULL = nil */
	uint32_t port; /* 4: event port bound to the PIRQ (0 = not bound) */
};

/* Passthrough */
struct xenlu_v4_passthrough {
	uint64_t iommu_root_mfn; /* 1: machine frame of the IOMMU page-table root */
	uint8_t iommu_levels; /* 2: IOMMU page-table levels */
	const struct xenlu_v4_pci_device *devices; /* 3: assigned PCI devices */
	uint32_t nr_devices;
	const struct xenlu_v4_pirq_binding *pirqs; /* 4: PIRQ bindings, ascending pirq */
	uint32_t nr_pirqs;
};

/* HvmParam */
struct xenlu_v4_hvm_param {
	uint8_t index; /* 1: HVM_PARAM_* index (public/hvm/params.h) */
	uint64_t value; /* 2: value */
};

/* HvmDevice */
struct xenlu_v4_hvm_device {
	uint16_t type; /* 1: HVM save type code */
	uint16_t instance; /* 2: instance: vCPU id for per-vCPU codes, PIC 0 master / 1 slave, else 0 */
	const uint8_t *body; /* 3: the HVM save record payload */
	uint32_t body_len;
};

/* FifoVcpu */
struct xenlu_v4_fifo_vcpu {
	uint32_t vcpu; /* 1: vCPU id */
	uint64_t control_block_gfn; /* 2: guest frame of the control block */
	uint16_t control_block_offset; /* 3: byte offset of the control block in the frame */
	const uint32_t *heads; /* 4: head port of each of the 16 queues (0 = empty) */
	uint32_t nr_heads;
	const uint32_t *tails; /* 5: tail port of each of the 16 queues, private to Xen (0 = empty) */
	uint32_t nr_tails;
};

/* EventFifo */
struct xenlu_v4_event_fifo {
	const uint64_t *event_array_gfns; /* 1: guest frames of the event-array pages */
	uint32_t nr_event_array_gfns;
	const struct xenlu_v4_fifo_vcpu *vcpus; /* 2: per-vCPU control blocks, ascending vCPU */
	uint32_t nr_vcpus;
};

/* EventChannel */
struct xenlu_v4_event_channel {
	uint32_t port; /* 1: port */
	uint8_t state; /* 2: EVTCHNSTAT_* state */
	uint32_t notify_vcpu; /* 3: vCPU notified */
	uint16_t remote_domid; /* 4: unbound: who may bind; interdomain: the peer; else 0 */
	uint32_t remote_port; /* 5: interdomain: the peer port; else 0 */
	uint32_t pirq; /* 6: pirq: the PIRQ; else 0 */
	uint8_t virq; /* 7: virq: the VIRQ; else 0 */
	bool pending; /* 8: pending */
	bool masked; /* 9: masked */
	uint8_t priority; /* 10: FIFO priority, 0 highest (FIFO ABI only) */
	uint32_t last_vcpu; /* 11: FIFO: vCPU of the queue the event was last on */
	uint8_t last_priority; /* 12: FIFO: priority of the queue the event was last on */
	uint8_t xen_consumer; /* 13: Xen-internal consumer of the port (0 = the guest) */
};

/* VcpuRunstate */
struct xenlu_v4_vcpu_runstate {
	uint32_t vcpu; /* 1: vCPU id */
	uint8_t state; /* 2: RUNSTATE_* (public/vcpu.h) */
	uint64_t state_entry_time; /* 3: system time the state was entered, ns */
	const uint64_t *time; /* 4: ns spent running, runnable, blocked, offline */
	uint32_t nr_time;
};

/* IoRange */
struct xenlu_v4_io_range {
	uint8_t type; /* 1: XEN_DMOP_IO_RANGE_* (public/hvm/dm_op.h) */
	uint64_t start; /* 2: first port, address or PCI SBDF */
	uint64_t end; /* 3: last port, address or PCI SBDF (inclusive) */
};

/* IoreqServer */
struct xenlu_v4_ioreq_server {
	uint16_t id; /* 1: ioservid */
	uint16_t dm_domid; /* 2: device-model domain */
	const uint64_t *ioreq_gfn; /* 3: synchronous ioreq page (null: mapped through acquire_resource, INVALID_GFN); NULL = nil */
	const uint64_t *bufioreq_gfn; /* 4: buffered ioreq page, when the server has one; NULL = nil */
	const uint32_t *vcpu_ports; /* 5: per-vCPU ioreq event ports in this domain */
	uint32_t nr_vcpu_ports;
	bool enabled; /* 6: the server takes I/O */
	uint8_t bufioreq; /* 7: buffered ioreq handling (HVM_IOREQSRV_BUFIOREQ_*) */
	uint32_t bufioreq_port; /* 8: buffered ioreq event port in this domain (0 = none) */
	const struct xenlu_v4_io_range *ranges; /* 9: I/O ranges the server claims */
	uint32_t nr_ranges;
	const uint64_t *ioreq_mfn; /* 10: machine frame of the ioreq page (null: not recorded); NULL = nil */
	const uint64_t *bufioreq_mfn; /* 11: machine frame of the buffered ioreq page (null: none or not recorded); NULL = nil */
};

/* One domain: its sections in stream order. */
struct xenlu_v4_domain_state {
	struct xenlu_v4_domain domain; /* single: DOMAIN */
	struct xenlu_v4_cpu_policy cpu_policy; /* single: CPU_POLICY */
	struct xenlu_v4_tsc_info tsc_info; /* single: TSC_INFO */
	const struct xenlu_v4_p2m_extent *p2m; /* list: P2M_EXTENTS */
	uint32_t nr_p2m;
	const struct xenlu_v4_vcpu *vcpus; /* each: VCPU */
	uint32_t nr_vcpus;
	const struct xenlu_v4_page_range *pages; /* list: PAGES */
	uint32_t nr_pages;
	const struct xenlu_v4_grant_table *grant_table; /* optional: GRANT_TABLE, NULL = absent */
	const struct xenlu_v4_passthrough *passthrough; /* optional: PASSTHROUGH, NULL = absent */
	const struct xenlu_v4_hvm_param *hvm_params; /* list: HVM_PARAMS */
	uint32_t nr_hvm_params;
	const struct xenlu_v4_hvm_device *hvm_devices; /* list: HVM_DEVICES */
	uint32_t nr_hvm_devices;
	const struct xenlu_v4_event_fifo *event_fifo; /* optional: EVENT_FIFO, NULL = absent */
	const struct xenlu_v4_event_channel *event_channels; /* list: EVENT_CHANNELS */
	uint32_t nr_event_channels;
	const struct xenlu_v4_vcpu_runstate *vcpu_runstates; /* list: VCPU_RUNSTATE */
	uint32_t nr_vcpu_runstates;
	const struct xenlu_v4_ioreq_server *ioreq_servers; /* list: IOREQ_SERVERS */
	uint32_t nr_ioreq_servers;
};

struct xenlu_v4_state {
	struct xenlu_v4_host host;
	const struct xenlu_v4_domain_state *domains; /* ascending domid */
	uint32_t nr_domains;
};

#endif /* XENLU_V4_STATE_H */
