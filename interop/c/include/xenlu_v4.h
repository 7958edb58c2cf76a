/*
 * xenlu_v4.h: constants of the xenlu live-update stream, schema version 4.
 *
 * GENERATED from packages/format/src/schema by `xenlu codegen c --version 4`
 * (or scripts/gen-c-headers.mjs). Do not edit: regenerate. The wire format is specified
 * in docs/FORMAT.md; docs/C-INTEGRATION.md explains how to use this file.
 *
 * Macros: XENLU_V4_REC_<RECORD> record types; XENLU_V4_F_<STRUCT>_<FIELD> field numbers
 * (struct bodies are MessagePack arrays, element i = field i + 1); XENLU_V4_<STRUCT>_<FIELD>_*
 * widths, limits, enum codes and flag bits of that field. Headers of several versions can be
 * included together: the version-independent block is shared.
 */
#ifndef XENLU_V4_H
#define XENLU_V4_H

#ifndef XENLU_COMMON_CONSTANTS
#define XENLU_COMMON_CONSTANTS

/* Framing (docs/FORMAT.md sections 2-4): big-endian headers, CRC-32 chain, 8-byte records. */
#define XENLU_IDENT "XENLIVUP" /* stream header bytes 0-7, no NUL */
#define XENLU_IDENT_U64 0x58454E4C49565550ULL /* the ident read as a big-endian u64 */
#define XENLU_IDENT_SIZE 8u
#define XENLU_FRAMING_VERSION 1u
#define XENLU_STREAM_HEADER_SIZE 32u
#define XENLU_SH_FRAMING_VERSION 8u /* stream header offsets: u32 */
#define XENLU_SH_SCHEMA_VERSION 12u /* u32 */
#define XENLU_SH_FLAGS 16u /* u32, must be 0 */
#define XENLU_SH_XEN_MAJOR 20u /* u16 */
#define XENLU_SH_XEN_MINOR 22u /* u16 */
#define XENLU_SH_RESERVED 24u /* u32, must be 0 */
#define XENLU_SH_CRC 28u /* u32: CRC-32 of bytes 0-27 */
#define XENLU_RECORD_HEADER_SIZE 16u
#define XENLU_RH_TYPE 0u /* record header offsets: u32 */
#define XENLU_RH_BODY_LENGTH 4u /* u32, without padding */
#define XENLU_RH_CRC 8u /* u32: running CRC-32 to the end of this record */
#define XENLU_RH_RESERVED 12u /* u32, must be 0 */
#define XENLU_RECORD_ALIGN 8u /* bodies are zero-padded to a multiple of this */
#define XENLU_REC_OPTIONAL 0x80000000u /* type bit 31: a reader that does not know the record skips it */
#define XENLU_DEFAULT_MAX_BODY_LENGTH 67108864u /* a reader's default limit on body_length */
#define XENLU_CRC32_POLY 0xEDB88320u /* reflected CRC-32 polynomial; init and final XOR 0xFFFFFFFF */
#define XENLU_F_LIST_ENTRIES 1u /* a list record body is [entries]: field 1 is the list */

/* How a per-domain section maps to records (docs/FORMAT.md section 6). */
#define XENLU_SECTION_SINGLE 1u /* exactly one record */
#define XENLU_SECTION_OPTIONAL 2u /* zero or one record */
#define XENLU_SECTION_EACH 3u /* one record per element, ascending id */
#define XENLU_SECTION_LIST 4u /* zero or more records of 1..MAX_ENTRIES entries, filled in order */

/* Xen ABI facts the schema refers to (Xen public headers). */
#define XENLU_XEN_DOMID_FIRST_RESERVED 32752u
#define XENLU_XEN_NR_VIRQS 24u
#define XENLU_XEN_HVM_NR_PARAMS 39u
#define XENLU_XEN_HVM_PARAM_STORE_PFN 1u
#define XENLU_XEN_HVM_PARAM_STORE_EVTCHN 2u
#define XENLU_XEN_HVM_PARAM_CONSOLE_PFN 17u
#define XENLU_XEN_HVM_PARAM_CONSOLE_EVTCHN 18u
#define XENLU_XEN_HVM_PARAM_BUFIOREQ_EVTCHN 26u
#define XENLU_XEN_EVTCHN_2L_NR_CHANNELS_64 4096u
#define XENLU_XEN_EVTCHN_2L_NR_CHANNELS_32 1024u
#define XENLU_XEN_EVTCHN_FIFO_NR_CHANNELS 131072u
#define XENLU_XEN_EVTCHN_FIFO_MAX_EVENT_ARRAY_PAGES 128u
#define XENLU_XEN_EVTCHN_FIFO_MAX_QUEUES 16u
#define XENLU_XEN_EVTCHN_FIFO_PRIORITY_DEFAULT 7u
#define XENLU_XEN_GNTTAB_NR_RESERVED_ENTRIES 8u
#define XENLU_XEN_GRANT_V1_ENTRIES_PER_FRAME 512u
#define XENLU_XEN_GRANT_V2_ENTRIES_PER_FRAME 256u
#define XENLU_XEN_GRANT_FRAMES_PER_STATUS_FRAME 8u
#define XENLU_XEN_MAPTRACK_PER_FRAME 256u
#define XENLU_XEN_PAGE_SHIFT 12u
#define XENLU_XEN_PAGE_ORDER_4K 0u
#define XENLU_XEN_PAGE_ORDER_2M 9u
#define XENLU_XEN_PAGE_ORDER_1G 18u
#define XENLU_XEN_HVM_SAVE_SIZE_3 8u /* fixed payload size of HVM save type code 3 */
#define XENLU_XEN_HVM_SAVE_SIZE_4 400u /* fixed payload size of HVM save type code 4 */
#define XENLU_XEN_HVM_SAVE_SIZE_7 16u /* fixed payload size of HVM save type code 7 */
#define XENLU_XEN_HVM_SAVE_SIZE_8 8u /* fixed payload size of HVM save type code 8 */
#define XENLU_XEN_HVM_SAVE_SIZE_9 8u /* fixed payload size of HVM save type code 9 */
#define XENLU_XEN_HVM_SAVE_SIZE_13 8u /* fixed payload size of HVM save type code 13 */
#define XENLU_XEN_HVM_SAVE_SIZE_15 32u /* fixed payload size of HVM save type code 15 */
#define XENLU_XEN_HVM_SAVE_SIZE_18 32u /* fixed payload size of HVM save type code 18 */
#define XENLU_XEN_HVM_SAVE_SIZE_19 8u /* fixed payload size of HVM save type code 19 */

#endif /* XENLU_COMMON_CONSTANTS */

#define XENLU_V4_SCHEMA_VERSION 4u

/* Record types. A list record's body is [entries] (XENLU_F_LIST_ENTRIES), 1..MAX_ENTRIES items. */
#define XENLU_V4_REC_END 0x00000000u /* struct End: end of stream */
#define XENLU_V4_REC_HOST 0x00000001u /* struct Host: system-wide state; the first record */
#define XENLU_V4_REC_DOMAIN 0x00000002u /* struct Domain: opens the records of one domain */
#define XENLU_V4_REC_VCPU 0x00000003u /* struct Vcpu: one vCPU, ascending id */
#define XENLU_V4_REC_HVM_DEVICES 0x00000004u /* list of struct HvmDevice: emulated platform devices (hvm, pvh) */
#define XENLU_V4_REC_HVM_DEVICES_MAX_ENTRIES 4096u
#define XENLU_V4_REC_HVM_PARAMS 0x00000005u /* list of struct HvmParam: HVM parameters, ascending index (hvm, pvh) */
#define XENLU_V4_REC_HVM_PARAMS_MAX_ENTRIES 39u
#define XENLU_V4_REC_TSC_INFO 0x00000006u /* struct TscInfo: TSC mode and frequency */
#define XENLU_V4_REC_PAGES 0x00000008u /* list of struct PageRange: pages the domain owns, ascending MFN */
#define XENLU_V4_REC_PAGES_MAX_ENTRIES 32768u
#define XENLU_V4_REC_GRANT_TABLE 0x00000009u /* struct GrantTable: grant table */
#define XENLU_V4_REC_EVENT_CHANNELS 0x0000000Au /* list of struct EventChannel: bound event channels, ascending port */
#define XENLU_V4_REC_EVENT_CHANNELS_MAX_ENTRIES 32768u
#define XENLU_V4_REC_IOREQ_SERVERS 0x0000000Bu /* list of struct IoreqServer: IOREQ servers of the domain (hvm), ascending id */
#define XENLU_V4_REC_IOREQ_SERVERS_MAX_ENTRIES 8u
#define XENLU_V4_REC_EVENT_FIFO 0x0000000Cu /* struct EventFifo: FIFO event-channel ABI state; present exactly for FIFO domains */
#define XENLU_V4_REC_PASSTHROUGH 0x0000000Du /* struct Passthrough: IOMMU and PIRQ state; present exactly for domains with passthrough */
#define XENLU_V4_REC_P2M_EXTENTS 0x0000000Eu /* list of struct P2mExtent: guest-physical to machine map as extents, ascending gfn (hvm, pvh) */
#define XENLU_V4_REC_P2M_EXTENTS_MAX_ENTRIES 32768u
#define XENLU_V4_REC_CPU_POLICY 0x0000000Fu /* struct CpuPolicy: CPUID and MSR policy the guest sees; in every domain */
#define XENLU_V4_REC_VCPU_RUNSTATE (XENLU_REC_OPTIONAL | 1u) /* list of struct VcpuRunstate: vCPU runstates, ascending vCPU (optional) */
#define XENLU_V4_REC_VCPU_RUNSTATE_MAX_ENTRIES 4096u
#define XENLU_V4_NR_RECORD_TYPES 16u
/* X(NAME, TYPE) for every record type of this version, ascending type. */
#define XENLU_V4_RECORDS(X) \
	X(END, XENLU_V4_REC_END) \
	X(HOST, XENLU_V4_REC_HOST) \
	X(DOMAIN, XENLU_V4_REC_DOMAIN) \
	X(VCPU, XENLU_V4_REC_VCPU) \
	X(HVM_DEVICES, XENLU_V4_REC_HVM_DEVICES) \
	X(HVM_PARAMS, XENLU_V4_REC_HVM_PARAMS) \
	X(TSC_INFO, XENLU_V4_REC_TSC_INFO) \
	X(PAGES, XENLU_V4_REC_PAGES) \
	X(GRANT_TABLE, XENLU_V4_REC_GRANT_TABLE) \
	X(EVENT_CHANNELS, XENLU_V4_REC_EVENT_CHANNELS) \
	X(IOREQ_SERVERS, XENLU_V4_REC_IOREQ_SERVERS) \
	X(EVENT_FIFO, XENLU_V4_REC_EVENT_FIFO) \
	X(PASSTHROUGH, XENLU_V4_REC_PASSTHROUGH) \
	X(P2M_EXTENTS, XENLU_V4_REC_P2M_EXTENTS) \
	X(CPU_POLICY, XENLU_V4_REC_CPU_POLICY) \
	X(VCPU_RUNSTATE, XENLU_V4_REC_VCPU_RUNSTATE)

/* Per-domain sections in stream order: after its DOMAIN record a domain's records follow this order. */
#define XENLU_V4_SEC_DOMAIN 0u /* single: record DOMAIN */
#define XENLU_V4_SEC_CPU_POLICY 1u /* single: record CPU_POLICY */
#define XENLU_V4_SEC_TSC_INFO 2u /* single: record TSC_INFO */
#define XENLU_V4_SEC_P2M 3u /* list: record P2M_EXTENTS */
#define XENLU_V4_SEC_VCPUS 4u /* each: record VCPU */
#define XENLU_V4_SEC_PAGES 5u /* list: record PAGES */
#define XENLU_V4_SEC_GRANT_TABLE 6u /* optional: record GRANT_TABLE */
#define XENLU_V4_SEC_PASSTHROUGH 7u /* optional: record PASSTHROUGH */
#define XENLU_V4_SEC_HVM_PARAMS 8u /* list: record HVM_PARAMS */
#define XENLU_V4_SEC_HVM_DEVICES 9u /* list: record HVM_DEVICES */
#define XENLU_V4_SEC_EVENT_FIFO 10u /* optional: record EVENT_FIFO */
#define XENLU_V4_SEC_EVENT_CHANNELS 11u /* list: record EVENT_CHANNELS */
#define XENLU_V4_SEC_VCPU_RUNSTATES 12u /* list: record VCPU_RUNSTATE */
#define XENLU_V4_SEC_IOREQ_SERVERS 13u /* list: record IOREQ_SERVERS */
#define XENLU_V4_NR_SECTIONS 14u
/* X(SECTION, RECORD, TYPE, KIND, MAX_ENTRIES, ORDER_KEY) in stream order; TYPE is the record's type macro;
 * MAX_ENTRIES is 0 unless KIND is LIST.
 * ORDER_KEY is the field number of the key that strictly ascends over the section (in the record body
 * for EACH, in each entry for LIST; docs/FORMAT.md section 6), 0 when the section has no order. */
#define XENLU_V4_SECTIONS(X) \
	X(DOMAIN, DOMAIN, XENLU_V4_REC_DOMAIN, XENLU_SECTION_SINGLE, 0u, 0u) \
	X(CPU_POLICY, CPU_POLICY, XENLU_V4_REC_CPU_POLICY, XENLU_SECTION_SINGLE, 0u, 0u) \
	X(TSC_INFO, TSC_INFO, XENLU_V4_REC_TSC_INFO, XENLU_SECTION_SINGLE, 0u, 0u) \
	X(P2M, P2M_EXTENTS, XENLU_V4_REC_P2M_EXTENTS, XENLU_SECTION_LIST, XENLU_V4_REC_P2M_EXTENTS_MAX_ENTRIES, 1u) \
	X(VCPUS, VCPU, XENLU_V4_REC_VCPU, XENLU_SECTION_EACH, 0u, 1u) \
	X(PAGES, PAGES, XENLU_V4_REC_PAGES, XENLU_SECTION_LIST, XENLU_V4_REC_PAGES_MAX_ENTRIES, 1u) \
	X(GRANT_TABLE, GRANT_TABLE, XENLU_V4_REC_GRANT_TABLE, XENLU_SECTION_OPTIONAL, 0u, 0u) \
	X(PASSTHROUGH, PASSTHROUGH, XENLU_V4_REC_PASSTHROUGH, XENLU_SECTION_OPTIONAL, 0u, 0u) \
	X(HVM_PARAMS, HVM_PARAMS, XENLU_V4_REC_HVM_PARAMS, XENLU_SECTION_LIST, XENLU_V4_REC_HVM_PARAMS_MAX_ENTRIES, 1u) \
	X(HVM_DEVICES, HVM_DEVICES, XENLU_V4_REC_HVM_DEVICES, XENLU_SECTION_LIST, XENLU_V4_REC_HVM_DEVICES_MAX_ENTRIES, 0u) \
	X(EVENT_FIFO, EVENT_FIFO, XENLU_V4_REC_EVENT_FIFO, XENLU_SECTION_OPTIONAL, 0u, 0u) \
	X(EVENT_CHANNELS, EVENT_CHANNELS, XENLU_V4_REC_EVENT_CHANNELS, XENLU_SECTION_LIST, XENLU_V4_REC_EVENT_CHANNELS_MAX_ENTRIES, 1u) \
	X(VCPU_RUNSTATES, VCPU_RUNSTATE, XENLU_V4_REC_VCPU_RUNSTATE, XENLU_SECTION_LIST, XENLU_V4_REC_VCPU_RUNSTATE_MAX_ENTRIES, 1u) \
	X(IOREQ_SERVERS, IOREQ_SERVERS, XENLU_V4_REC_IOREQ_SERVERS, XENLU_SECTION_LIST, XENLU_V4_REC_IOREQ_SERVERS_MAX_ENTRIES, 1u)

/* struct End: an array of 1 field. */
#define XENLU_V4_END_NR_FIELDS 1u
#define XENLU_V4_F_END_NR_RECORDS 1u /* u32: records before END, HOST included */
#define XENLU_V4_END_NR_RECORDS_BITS 32u

/* struct Host: an array of 11 fields. */
#define XENLU_V4_HOST_NR_FIELDS 11u
#define XENLU_V4_F_HOST_PRODUCER 1u /* XenVersion: Xen version of xen#1, the producer */
#define XENLU_V4_F_HOST_PAGE_SHIFT 2u /* u8 [12, 12]: page shift (12 on x86) */
#define XENLU_V4_HOST_PAGE_SHIFT_BITS 8u
#define XENLU_V4_HOST_PAGE_SHIFT_MIN 12u
#define XENLU_V4_HOST_PAGE_SHIFT_MAX 12u
#define XENLU_V4_F_HOST_NR_PCPUS 3u /* u32 [1, 16383]: number of physical CPUs (NR_CPUS is at most 16383) */
#define XENLU_V4_HOST_NR_PCPUS_BITS 32u
#define XENLU_V4_HOST_NR_PCPUS_MIN 1u
#define XENLU_V4_HOST_NR_PCPUS_MAX 16383u
#define XENLU_V4_F_HOST_TOTAL_PAGES 4u /* u64 [1, 0x10000000000]: host total pages: max MFN + 1 (at most 2^40: x86-64 PADDR_BITS 52) */
#define XENLU_V4_HOST_TOTAL_PAGES_BITS 64u
#define XENLU_V4_HOST_TOTAL_PAGES_MIN 1u
#define XENLU_V4_HOST_TOTAL_PAGES_MAX 0x10000000000ULL
#define XENLU_V4_F_HOST_BOOTMEM 5u /* list<MfnRange> 1..256: live-update bootmem regions: nothing preserved may lie in them */
#define XENLU_V4_HOST_BOOTMEM_MIN_ITEMS 1u
#define XENLU_V4_HOST_BOOTMEM_MAX_ITEMS 256u
#define XENLU_V4_F_HOST_HANDOVER 6u /* Handover: where the stream itself lies (the breadcrumb contents) */
#define XENLU_V4_F_HOST_M2P 7u /* MfnRange: M2P table, preserved in place and shared with dom0 */
#define XENLU_V4_F_HOST_TIME 8u /* HostTime: time at save, keeps guest time continuous */
#define XENLU_V4_F_HOST_CPUPOOLS 9u /* list<Cpupool> 1..4096: cpupools */
#define XENLU_V4_HOST_CPUPOOLS_MIN_ITEMS 1u
#define XENLU_V4_HOST_CPUPOOLS_MAX_ITEMS 4096u
#define XENLU_V4_F_HOST_CPU_FEATURESET 10u /* list<u32> 0..64: host CPU featureset words the guest policies must stay within */
#define XENLU_V4_HOST_CPU_FEATURESET_MAX_ITEMS 64u
#define XENLU_V4_HOST_CPU_FEATURESET_ITEM_BITS 32u
#define XENLU_V4_F_HOST_XEN_PAGES 11u /* list<XenPageRange> 0..1048576: pages owned by dom_xen, dom_io and dom_cow that guests map, ascending MFN */
#define XENLU_V4_HOST_XEN_PAGES_MAX_ITEMS 1048576u
#define XENLU_V4_HOST_XEN_PAGES_DEFAULT_ITEMS 0u /* read when absent: this many items, each zero */

/* struct Domain: an array of 31 fields. */
#define XENLU_V4_DOMAIN_NR_FIELDS 31u
#define XENLU_V4_F_DOMAIN_DOMID 1u /* u16 [0, 32751]: domain id */
#define XENLU_V4_DOMAIN_DOMID_BITS 16u
#define XENLU_V4_DOMAIN_DOMID_MAX 32751u
#define XENLU_V4_F_DOMAIN_HANDLE 2u /* bin 16 bytes: domain handle (UUID) */
#define XENLU_V4_DOMAIN_HANDLE_SIZE 16u
#define XENLU_V4_F_DOMAIN_TYPE 3u /* enum u8: domain type */
#define XENLU_V4_DOMAIN_TYPE_BITS 8u
#define XENLU_V4_DOMAIN_TYPE_PV32 0u
#define XENLU_V4_DOMAIN_TYPE_PV64 1u
#define XENLU_V4_DOMAIN_TYPE_HVM 2u
#define XENLU_V4_DOMAIN_TYPE_PVH 3u
#define XENLU_V4_F_DOMAIN_STATE 4u /* enum u8: run state at save; dying domains are kept */
#define XENLU_V4_DOMAIN_STATE_BITS 8u
#define XENLU_V4_DOMAIN_STATE_RUNNING 0u
#define XENLU_V4_DOMAIN_STATE_PAUSED 1u
#define XENLU_V4_DOMAIN_STATE_DYING 2u
#define XENLU_V4_F_DOMAIN_ROLES 5u /* flags u32: roles */
#define XENLU_V4_DOMAIN_ROLES_HARDWARE (1u << 0)
#define XENLU_V4_DOMAIN_ROLES_XENSTORE (1u << 1)
#define XENLU_V4_DOMAIN_ROLES_PRIVILEGED (1u << 2)
#define XENLU_V4_DOMAIN_ROLES_MASK 0x00000007u /* every defined bit */
#define XENLU_V4_F_DOMAIN_CREATE_FLAGS 6u /* flags u32: creation flags */
#define XENLU_V4_DOMAIN_CREATE_FLAGS_HAP (1u << 1)
#define XENLU_V4_DOMAIN_CREATE_FLAGS_S3_INTEGRITY (1u << 2)
#define XENLU_V4_DOMAIN_CREATE_FLAGS_OOS_OFF (1u << 3)
#define XENLU_V4_DOMAIN_CREATE_FLAGS_IOMMU (1u << 5)
#define XENLU_V4_DOMAIN_CREATE_FLAGS_NESTED_VIRT (1u << 6)
#define XENLU_V4_DOMAIN_CREATE_FLAGS_VPMU (1u << 7)
#define XENLU_V4_DOMAIN_CREATE_FLAGS_MASK 0x000000EEu /* every defined bit */
#define XENLU_V4_F_DOMAIN_XSM_LABEL 7u /* u32: XSM security label (ssidref before v3) */
#define XENLU_V4_DOMAIN_XSM_LABEL_BITS 32u
#define XENLU_V4_F_DOMAIN_MAX_VCPUS 8u /* u32 [1, 4096]: maximum vCPUs */
#define XENLU_V4_DOMAIN_MAX_VCPUS_BITS 32u
#define XENLU_V4_DOMAIN_MAX_VCPUS_MIN 1u
#define XENLU_V4_DOMAIN_MAX_VCPUS_MAX 4096u
#define XENLU_V4_F_DOMAIN_MAX_PAGES 9u /* u32: maximum pages the domain may own (unsigned int in struct domain) */
#define XENLU_V4_DOMAIN_MAX_PAGES_BITS 32u
#define XENLU_V4_F_DOMAIN_TOT_PAGES 10u /* u32: pages the domain owns (unsigned int in struct domain) */
#define XENLU_V4_DOMAIN_TOT_PAGES_BITS 32u
#define XENLU_V4_F_DOMAIN_SHR_PAGES 11u /* retired, written nil: memory sharing retired in v3; written nil, read as 0 by older readers */
#define XENLU_V4_F_DOMAIN_MAX_EVTCHN_PORT 12u /* u32 [0, 2147483647]: highest event-channel port the domain may use */
#define XENLU_V4_DOMAIN_MAX_EVTCHN_PORT_BITS 32u
#define XENLU_V4_DOMAIN_MAX_EVTCHN_PORT_MAX 2147483647u
#define XENLU_V4_F_DOMAIN_MAX_GRANT_FRAMES 13u /* u32 [1, 2147483647]: grant-table frame limit */
#define XENLU_V4_DOMAIN_MAX_GRANT_FRAMES_BITS 32u
#define XENLU_V4_DOMAIN_MAX_GRANT_FRAMES_MIN 1u
#define XENLU_V4_DOMAIN_MAX_GRANT_FRAMES_MAX 2147483647u
#define XENLU_V4_F_DOMAIN_MAX_MAPTRACK_FRAMES 14u /* u32 [0, 2147483647]: maptrack frame limit */
#define XENLU_V4_DOMAIN_MAX_MAPTRACK_FRAMES_BITS 32u
#define XENLU_V4_DOMAIN_MAX_MAPTRACK_FRAMES_MAX 2147483647u
#define XENLU_V4_F_DOMAIN_MAX_GRANT_VERSION 15u /* u8 [1, 2]: highest grant-table version the domain may use */
#define XENLU_V4_DOMAIN_MAX_GRANT_VERSION_BITS 8u
#define XENLU_V4_DOMAIN_MAX_GRANT_VERSION_MIN 1u
#define XENLU_V4_DOMAIN_MAX_GRANT_VERSION_MAX 2u
#define XENLU_V4_F_DOMAIN_EMULATION_FLAGS 16u /* flags u32: x86 emulated devices */
#define XENLU_V4_DOMAIN_EMULATION_FLAGS_LAPIC (1u << 0)
#define XENLU_V4_DOMAIN_EMULATION_FLAGS_HPET (1u << 1)
#define XENLU_V4_DOMAIN_EMULATION_FLAGS_PM (1u << 2)
#define XENLU_V4_DOMAIN_EMULATION_FLAGS_RTC (1u << 3)
#define XENLU_V4_DOMAIN_EMULATION_FLAGS_IOAPIC (1u << 4)
#define XENLU_V4_DOMAIN_EMULATION_FLAGS_PIC (1u << 5)
#define XENLU_V4_DOMAIN_EMULATION_FLAGS_VGA (1u << 6)
#define XENLU_V4_DOMAIN_EMULATION_FLAGS_IOMMU (1u << 7)
#define XENLU_V4_DOMAIN_EMULATION_FLAGS_PIT (1u << 8)
#define XENLU_V4_DOMAIN_EMULATION_FLAGS_USE_PIRQ (1u << 9)
#define XENLU_V4_DOMAIN_EMULATION_FLAGS_VPCI (1u << 10)
#define XENLU_V4_DOMAIN_EMULATION_FLAGS_MASK 0x000007FFu /* every defined bit */
#define XENLU_V4_F_DOMAIN_ALTP2M 17u /* enum u8: altp2m mode */
#define XENLU_V4_DOMAIN_ALTP2M_BITS 8u
#define XENLU_V4_DOMAIN_ALTP2M_DISABLED 0u
#define XENLU_V4_DOMAIN_ALTP2M_MIXED 1u
#define XENLU_V4_DOMAIN_ALTP2M_EXTERNAL 2u
#define XENLU_V4_DOMAIN_ALTP2M_LIMITED 3u
#define XENLU_V4_F_DOMAIN_SCHED 18u /* SchedParams: scheduler parameters */
#define XENLU_V4_F_DOMAIN_EVTCHN_ABI 19u /* enum u8: event-channel ABI in use */
#define XENLU_V4_DOMAIN_EVTCHN_ABI_BITS 8u
#define XENLU_V4_DOMAIN_EVTCHN_ABI_TWO_LEVEL 0u
#define XENLU_V4_DOMAIN_EVTCHN_ABI_FIFO 1u
#define XENLU_V4_F_DOMAIN_SHARED_INFO_GFN 20u /* u64 [0, 0xfffffffffffff]: guest frame of the shared-info page */
#define XENLU_V4_DOMAIN_SHARED_INFO_GFN_BITS 64u
#define XENLU_V4_DOMAIN_SHARED_INFO_GFN_MAX 0xFFFFFFFFFFFFFULL
#define XENLU_V4_F_DOMAIN_CPUPOOL 21u /* u32: cpupool the domain runs in */
#define XENLU_V4_DOMAIN_CPUPOOL_BITS 32u
#define XENLU_V4_DOMAIN_CPUPOOL_DEFAULT 0u /* read when absent or nil */
#define XENLU_V4_F_DOMAIN_SHARED_INFO_MFN 22u /* nil | u64 [0, 0xfffffffffffff]: Xen-heap frame of the shared-info page (null: not recorded, upgraded from v3) */
#define XENLU_V4_DOMAIN_SHARED_INFO_MFN_BITS 64u
#define XENLU_V4_DOMAIN_SHARED_INFO_MFN_MAX 0xFFFFFFFFFFFFFULL
#define XENLU_V4_DOMAIN_SHARED_INFO_MFN_DEFAULT_NIL 1u /* read as nil when absent */
#define XENLU_V4_F_DOMAIN_HAS_32BIT_SHINFO 23u /* bool: shared info in the 32-bit layout */
#define XENLU_V4_DOMAIN_HAS_32BIT_SHINFO_DEFAULT 0u /* read when absent or nil */
#define XENLU_V4_F_DOMAIN_SHUTDOWN_CODE 24u /* nil | u8 [0, 5]: shutdown in progress: SHUTDOWN_* code of public/sched.h (poweroff 0, reboot 1, suspend 2, crash 3, watchdog 4, soft_reset 5); null: not shutting down */
#define XENLU_V4_DOMAIN_SHUTDOWN_CODE_BITS 8u
#define XENLU_V4_DOMAIN_SHUTDOWN_CODE_MAX 5u
#define XENLU_V4_DOMAIN_SHUTDOWN_CODE_DEFAULT_NIL 1u /* read as nil when absent */
#define XENLU_V4_F_DOMAIN_SUSPEND_EVTCHN 25u /* u32: suspend event channel (0 = none) */
#define XENLU_V4_DOMAIN_SUSPEND_EVTCHN_BITS 32u
#define XENLU_V4_DOMAIN_SUSPEND_EVTCHN_DEFAULT 0u /* read when absent or nil */
#define XENLU_V4_F_DOMAIN_TIME_OFFSET 26u /* nil | TimeOffset: wallclock offset the guest set (null: not set) */
#define XENLU_V4_DOMAIN_TIME_OFFSET_DEFAULT_NIL 1u /* read as nil when absent */
#define XENLU_V4_F_DOMAIN_WATCHDOGS 27u /* list<Watchdog> 0..2: watchdog timers in use */
#define XENLU_V4_DOMAIN_WATCHDOGS_MAX_ITEMS 2u
#define XENLU_V4_DOMAIN_WATCHDOGS_DEFAULT_ITEMS 0u /* read when absent: this many items, each zero */
#define XENLU_V4_F_DOMAIN_CONTROLLER_PAUSE_COUNT 28u /* u32: pauses by the toolstack outstanding */
#define XENLU_V4_DOMAIN_CONTROLLER_PAUSE_COUNT_BITS 32u
#define XENLU_V4_DOMAIN_CONTROLLER_PAUSE_COUNT_DEFAULT 0u /* read when absent or nil */
#define XENLU_V4_F_DOMAIN_IOMMU_OPTS 29u /* flags u32: IOMMU options at creation (XEN_DOMCTL_IOMMU_*) */
#define XENLU_V4_DOMAIN_IOMMU_OPTS_NO_SHAREPT (1u << 0)
#define XENLU_V4_DOMAIN_IOMMU_OPTS_MASK 0x00000001u /* every defined bit */
#define XENLU_V4_DOMAIN_IOMMU_OPTS_DEFAULT 0u /* read when absent or nil */
#define XENLU_V4_F_DOMAIN_ALTP2M_VIEWS 30u /* u16 [0, 10]: altp2m views */
#define XENLU_V4_DOMAIN_ALTP2M_VIEWS_BITS 16u
#define XENLU_V4_DOMAIN_ALTP2M_VIEWS_MAX 10u
#define XENLU_V4_DOMAIN_ALTP2M_VIEWS_DEFAULT 0u /* read when absent or nil */
#define XENLU_V4_F_DOMAIN_VMTRACE_SIZE 31u /* u32: vmtrace buffer bytes per vCPU (0 = none) */
#define XENLU_V4_DOMAIN_VMTRACE_SIZE_BITS 32u
#define XENLU_V4_DOMAIN_VMTRACE_SIZE_DEFAULT 0u /* read when absent or nil */

/* struct Vcpu: an array of 10 fields. */
#define XENLU_V4_VCPU_NR_FIELDS 10u
#define XENLU_V4_F_VCPU_ID 1u /* u32 [0, 4095]: vCPU id */
#define XENLU_V4_VCPU_ID_BITS 32u
#define XENLU_V4_VCPU_ID_MAX 4095u
#define XENLU_V4_F_VCPU_ONLINE 2u /* bool: online (not VPF_down) */
#define XENLU_V4_F_VCPU_HARD_AFFINITY 3u /* list<u32> 0..8192: pCPUs the vCPU may run on */
#define XENLU_V4_VCPU_HARD_AFFINITY_MAX_ITEMS 8192u
#define XENLU_V4_VCPU_HARD_AFFINITY_ITEM_BITS 32u
#define XENLU_V4_F_VCPU_SOFT_AFFINITY 4u /* list<u32> 0..8192: pCPUs the vCPU prefers */
#define XENLU_V4_VCPU_SOFT_AFFINITY_MAX_ITEMS 8192u
#define XENLU_V4_VCPU_SOFT_AFFINITY_ITEM_BITS 32u
#define XENLU_V4_F_VCPU_SINGLESHOT_DEADLINE_NS 5u /* u64: singleshot timer deadline, system time ns (0 = none) */
#define XENLU_V4_VCPU_SINGLESHOT_DEADLINE_NS_BITS 64u
#define XENLU_V4_F_VCPU_PERIODIC_PERIOD_NS 6u /* u64: periodic timer period, ns (0 = none) */
#define XENLU_V4_VCPU_PERIODIC_PERIOD_NS_BITS 64u
#define XENLU_V4_F_VCPU_VCPU_INFO 7u /* nil | VcpuInfoLocation: registered vcpu_info, null = the shared-info slot */
#define XENLU_V4_F_VCPU_HVM 8u /* nil | HvmContext: HVM/PVH context (hvm, pvh domains) */
#define XENLU_V4_F_VCPU_PV 9u /* nil | PvContext: PV context (pv32, pv64 domains) */
#define XENLU_V4_F_VCPU_MSRS 10u /* list<Msr> 0..1024: MSRs carried outside the context (CPU_MSR) */
#define XENLU_V4_VCPU_MSRS_MAX_ITEMS 1024u

/* struct HvmDevice: an array of 3 fields. */
#define XENLU_V4_HVM_DEVICE_NR_FIELDS 3u
#define XENLU_V4_F_HVM_DEVICE_TYPE 1u /* enum u16: HVM save type code */
#define XENLU_V4_HVM_DEVICE_TYPE_BITS 16u
#define XENLU_V4_HVM_DEVICE_TYPE_PIC 3u
#define XENLU_V4_HVM_DEVICE_TYPE_IOAPIC 4u
#define XENLU_V4_HVM_DEVICE_TYPE_PCI_IRQ 7u
#define XENLU_V4_HVM_DEVICE_TYPE_ISA_IRQ 8u
#define XENLU_V4_HVM_DEVICE_TYPE_PCI_LINK 9u
#define XENLU_V4_HVM_DEVICE_TYPE_PIT 10u
#define XENLU_V4_HVM_DEVICE_TYPE_RTC 11u
#define XENLU_V4_HVM_DEVICE_TYPE_HPET 12u
#define XENLU_V4_HVM_DEVICE_TYPE_PMTIMER 13u
#define XENLU_V4_HVM_DEVICE_TYPE_VIRIDIAN_DOMAIN 15u
#define XENLU_V4_HVM_DEVICE_TYPE_VIRIDIAN_VCPU 17u
#define XENLU_V4_HVM_DEVICE_TYPE_VMCE_VCPU 18u
#define XENLU_V4_HVM_DEVICE_TYPE_TSC_ADJUST 19u
#define XENLU_V4_F_HVM_DEVICE_INSTANCE 2u /* u16: instance: vCPU id for per-vCPU codes, PIC 0 master / 1 slave, else 0 */
#define XENLU_V4_HVM_DEVICE_INSTANCE_BITS 16u
#define XENLU_V4_F_HVM_DEVICE_BODY 3u /* bin 0..65536 bytes: the HVM save record payload */
#define XENLU_V4_HVM_DEVICE_BODY_MAX_BYTES 65536u

/* struct HvmParam: an array of 2 fields. */
#define XENLU_V4_HVM_PARAM_NR_FIELDS 2u
#define XENLU_V4_F_HVM_PARAM_INDEX 1u /* u8 [0, 38]: HVM_PARAM_* index (public/hvm/params.h) */
#define XENLU_V4_HVM_PARAM_INDEX_BITS 8u
#define XENLU_V4_HVM_PARAM_INDEX_MAX 38u
#define XENLU_V4_F_HVM_PARAM_VALUE 2u /* u64: value */
#define XENLU_V4_HVM_PARAM_VALUE_BITS 64u

/* struct TscInfo: an array of 4 fields. */
#define XENLU_V4_TSC_INFO_NR_FIELDS 4u
#define XENLU_V4_F_TSC_INFO_MODE 1u /* enum u8: TSC mode (public/arch-x86/cpuid.h) */
#define XENLU_V4_TSC_INFO_MODE_BITS 8u
#define XENLU_V4_TSC_INFO_MODE_DEFAULT 0u
#define XENLU_V4_TSC_INFO_MODE_ALWAYS_EMULATE 1u
#define XENLU_V4_TSC_INFO_MODE_NEVER_EMULATE 2u
#define XENLU_V4_F_TSC_INFO_GTSC_KHZ 2u /* u32: guest TSC frequency, kHz */
#define XENLU_V4_TSC_INFO_GTSC_KHZ_BITS 32u
#define XENLU_V4_F_TSC_INFO_INCARNATION 3u /* u32: times the domain has been migrated or restored */
#define XENLU_V4_TSC_INFO_INCARNATION_BITS 32u
#define XENLU_V4_F_TSC_INFO_ELAPSED_NS 4u /* u64: elapsed ns */
#define XENLU_V4_TSC_INFO_ELAPSED_NS_BITS 64u

/* struct PageRange: an array of 4 fields. */
#define XENLU_V4_PAGE_RANGE_NR_FIELDS 4u
#define XENLU_V4_F_PAGE_RANGE_FIRST_MFN 1u /* u64 [0, 0xfffffffffffff]: first machine frame */
#define XENLU_V4_PAGE_RANGE_FIRST_MFN_BITS 64u
#define XENLU_V4_PAGE_RANGE_FIRST_MFN_MAX 0xFFFFFFFFFFFFFULL
#define XENLU_V4_F_PAGE_RANGE_COUNT 2u /* u64 [1, 0x10000000000000]: number of frames */
#define XENLU_V4_PAGE_RANGE_COUNT_BITS 64u
#define XENLU_V4_PAGE_RANGE_COUNT_MIN 1u
#define XENLU_V4_PAGE_RANGE_COUNT_MAX 0x10000000000000ULL
#define XENLU_V4_F_PAGE_RANGE_TYPE 3u /* enum u8: page type (PGT_* of asm/mm.h) */
#define XENLU_V4_PAGE_RANGE_TYPE_BITS 8u
#define XENLU_V4_PAGE_RANGE_TYPE_NONE 0u
#define XENLU_V4_PAGE_RANGE_TYPE_L1 1u
#define XENLU_V4_PAGE_RANGE_TYPE_L2 2u
#define XENLU_V4_PAGE_RANGE_TYPE_L3 3u
#define XENLU_V4_PAGE_RANGE_TYPE_L4 4u
#define XENLU_V4_PAGE_RANGE_TYPE_SEG_DESC 5u
#define XENLU_V4_PAGE_RANGE_TYPE_SHARED 6u
#define XENLU_V4_PAGE_RANGE_TYPE_WRITABLE 7u
#define XENLU_V4_F_PAGE_RANGE_PINNED 4u /* bool: pinned to its type by the owner */

/* struct GrantTable: an array of 9 fields. */
#define XENLU_V4_GRANT_TABLE_NR_FIELDS 9u
#define XENLU_V4_F_GRANT_TABLE_VERSION 1u /* u8 [1, 2]: grant-table version in use */
#define XENLU_V4_GRANT_TABLE_VERSION_BITS 8u
#define XENLU_V4_GRANT_TABLE_VERSION_MIN 1u
#define XENLU_V4_GRANT_TABLE_VERSION_MAX 2u
#define XENLU_V4_F_GRANT_TABLE_NR_FRAMES 2u /* u32 [1, 4294967295]: grant frames in use */
#define XENLU_V4_GRANT_TABLE_NR_FRAMES_BITS 32u
#define XENLU_V4_GRANT_TABLE_NR_FRAMES_MIN 1u
#define XENLU_V4_F_GRANT_TABLE_MAX_FRAMES 3u /* u32 [1, 4294967295]: grant frame limit */
#define XENLU_V4_GRANT_TABLE_MAX_FRAMES_BITS 32u
#define XENLU_V4_GRANT_TABLE_MAX_FRAMES_MIN 1u
#define XENLU_V4_F_GRANT_TABLE_SHARED_GFNS 4u /* list<u64 [0, 0xfffffffffffff]> 0..65536: guest frames of the shared entries, one per frame */
#define XENLU_V4_GRANT_TABLE_SHARED_GFNS_MAX_ITEMS 65536u
#define XENLU_V4_GRANT_TABLE_SHARED_GFNS_ITEM_BITS 64u
#define XENLU_V4_GRANT_TABLE_SHARED_GFNS_ITEM_MAX 0xFFFFFFFFFFFFFULL
#define XENLU_V4_F_GRANT_TABLE_STATUS_GFNS 5u /* list<u64 [0, 0xfffffffffffff]> 0..8192: guest frames of the status words (version 2 only) */
#define XENLU_V4_GRANT_TABLE_STATUS_GFNS_MAX_ITEMS 8192u
#define XENLU_V4_GRANT_TABLE_STATUS_GFNS_ITEM_BITS 64u
#define XENLU_V4_GRANT_TABLE_STATUS_GFNS_ITEM_MAX 0xFFFFFFFFFFFFFULL
#define XENLU_V4_F_GRANT_TABLE_ACTIVE 6u /* list<ActiveGrant> 0..16777216: active (pinned) entries, by ref */
#define XENLU_V4_GRANT_TABLE_ACTIVE_MAX_ITEMS 16777216u
#define XENLU_V4_F_GRANT_TABLE_MAPTRACK 7u /* list<MaptrackEntry> 0..16777216: mappings this domain made of others' grants, by handle */
#define XENLU_V4_GRANT_TABLE_MAPTRACK_MAX_ITEMS 16777216u
#define XENLU_V4_F_GRANT_TABLE_SHARED_MFNS 8u /* list<u64 [0, 0xfffffffffffff]> 0..65536: Xen-heap frames of the shared entries, one per frame */
#define XENLU_V4_GRANT_TABLE_SHARED_MFNS_MAX_ITEMS 65536u
#define XENLU_V4_GRANT_TABLE_SHARED_MFNS_ITEM_BITS 64u
#define XENLU_V4_GRANT_TABLE_SHARED_MFNS_ITEM_MAX 0xFFFFFFFFFFFFFULL
#define XENLU_V4_GRANT_TABLE_SHARED_MFNS_DEFAULT_ITEMS 0u /* read when absent: this many items, each zero */
#define XENLU_V4_F_GRANT_TABLE_STATUS_MFNS 9u /* list<u64 [0, 0xfffffffffffff]> 0..8192: Xen-heap frames of the status words, one per status frame (version 2) */
#define XENLU_V4_GRANT_TABLE_STATUS_MFNS_MAX_ITEMS 8192u
#define XENLU_V4_GRANT_TABLE_STATUS_MFNS_ITEM_BITS 64u
#define XENLU_V4_GRANT_TABLE_STATUS_MFNS_ITEM_MAX 0xFFFFFFFFFFFFFULL
#define XENLU_V4_GRANT_TABLE_STATUS_MFNS_DEFAULT_ITEMS 0u /* read when absent: this many items, each zero */

/* struct EventChannel: an array of 13 fields. */
#define XENLU_V4_EVENT_CHANNEL_NR_FIELDS 13u
#define XENLU_V4_F_EVENT_CHANNEL_PORT 1u /* u32 [1, 4294967295]: port */
#define XENLU_V4_EVENT_CHANNEL_PORT_BITS 32u
#define XENLU_V4_EVENT_CHANNEL_PORT_MIN 1u
#define XENLU_V4_F_EVENT_CHANNEL_STATE 2u /* enum u8: EVTCHNSTAT_* state */
#define XENLU_V4_EVENT_CHANNEL_STATE_BITS 8u
#define XENLU_V4_EVENT_CHANNEL_STATE_UNBOUND 1u
#define XENLU_V4_EVENT_CHANNEL_STATE_INTERDOMAIN 2u
#define XENLU_V4_EVENT_CHANNEL_STATE_PIRQ 3u
#define XENLU_V4_EVENT_CHANNEL_STATE_VIRQ 4u
#define XENLU_V4_EVENT_CHANNEL_STATE_IPI 5u
#define XENLU_V4_F_EVENT_CHANNEL_NOTIFY_VCPU 3u /* u32 [0, 4095]: vCPU notified */
#define XENLU_V4_EVENT_CHANNEL_NOTIFY_VCPU_BITS 32u
#define XENLU_V4_EVENT_CHANNEL_NOTIFY_VCPU_MAX 4095u
#define XENLU_V4_F_EVENT_CHANNEL_REMOTE_DOMID 4u /* u16 [0, 32751]: unbound: who may bind; interdomain: the peer; else 0 */
#define XENLU_V4_EVENT_CHANNEL_REMOTE_DOMID_BITS 16u
#define XENLU_V4_EVENT_CHANNEL_REMOTE_DOMID_MAX 32751u
#define XENLU_V4_F_EVENT_CHANNEL_REMOTE_PORT 5u /* u32: interdomain: the peer port; else 0 */
#define XENLU_V4_EVENT_CHANNEL_REMOTE_PORT_BITS 32u
#define XENLU_V4_F_EVENT_CHANNEL_PIRQ 6u /* u32: pirq: the PIRQ; else 0 */
#define XENLU_V4_EVENT_CHANNEL_PIRQ_BITS 32u
#define XENLU_V4_F_EVENT_CHANNEL_VIRQ 7u /* u8 [0, 23]: virq: the VIRQ; else 0 */
#define XENLU_V4_EVENT_CHANNEL_VIRQ_BITS 8u
#define XENLU_V4_EVENT_CHANNEL_VIRQ_MAX 23u
#define XENLU_V4_F_EVENT_CHANNEL_PENDING 8u /* bool: pending */
#define XENLU_V4_F_EVENT_CHANNEL_MASKED 9u /* bool: masked */
#define XENLU_V4_F_EVENT_CHANNEL_PRIORITY 10u /* u8 [0, 15]: FIFO priority, 0 highest (FIFO ABI only) */
#define XENLU_V4_EVENT_CHANNEL_PRIORITY_BITS 8u
#define XENLU_V4_EVENT_CHANNEL_PRIORITY_MAX 15u
#define XENLU_V4_EVENT_CHANNEL_PRIORITY_DEFAULT 7u /* read when absent or nil */
#define XENLU_V4_F_EVENT_CHANNEL_LAST_VCPU 11u /* u32 [0, 4095]: FIFO: vCPU of the queue the event was last on */
#define XENLU_V4_EVENT_CHANNEL_LAST_VCPU_BITS 32u
#define XENLU_V4_EVENT_CHANNEL_LAST_VCPU_MAX 4095u
#define XENLU_V4_EVENT_CHANNEL_LAST_VCPU_DEFAULT 0u /* read when absent or nil */
#define XENLU_V4_F_EVENT_CHANNEL_LAST_PRIORITY 12u /* u8 [0, 15]: FIFO: priority of the queue the event was last on */
#define XENLU_V4_EVENT_CHANNEL_LAST_PRIORITY_BITS 8u
#define XENLU_V4_EVENT_CHANNEL_LAST_PRIORITY_MAX 15u
#define XENLU_V4_EVENT_CHANNEL_LAST_PRIORITY_DEFAULT 7u /* read when absent or nil */
#define XENLU_V4_F_EVENT_CHANNEL_XEN_CONSUMER 13u /* u8 [0, 7]: Xen-internal consumer of the port (0 = the guest) */
#define XENLU_V4_EVENT_CHANNEL_XEN_CONSUMER_BITS 8u
#define XENLU_V4_EVENT_CHANNEL_XEN_CONSUMER_MAX 7u
#define XENLU_V4_EVENT_CHANNEL_XEN_CONSUMER_DEFAULT 0u /* read when absent or nil */

/* struct IoreqServer: an array of 11 fields. */
#define XENLU_V4_IOREQ_SERVER_NR_FIELDS 11u
#define XENLU_V4_F_IOREQ_SERVER_ID 1u /* u16 [0, 7]: ioservid */
#define XENLU_V4_IOREQ_SERVER_ID_BITS 16u
#define XENLU_V4_IOREQ_SERVER_ID_MAX 7u
#define XENLU_V4_F_IOREQ_SERVER_DM_DOMID 2u /* u16 [0, 32751]: device-model domain */
#define XENLU_V4_IOREQ_SERVER_DM_DOMID_BITS 16u
#define XENLU_V4_IOREQ_SERVER_DM_DOMID_MAX 32751u
#define XENLU_V4_F_IOREQ_SERVER_IOREQ_GFN 3u /* nil | u64 [0, 0xfffffffffffff]: synchronous ioreq page (null: mapped through acquire_resource, INVALID_GFN) */
#define XENLU_V4_IOREQ_SERVER_IOREQ_GFN_BITS 64u
#define XENLU_V4_IOREQ_SERVER_IOREQ_GFN_MAX 0xFFFFFFFFFFFFFULL
#define XENLU_V4_F_IOREQ_SERVER_BUFIOREQ_GFN 4u /* nil | u64 [0, 0xfffffffffffff]: buffered ioreq page, when the server has one */
#define XENLU_V4_IOREQ_SERVER_BUFIOREQ_GFN_BITS 64u
#define XENLU_V4_IOREQ_SERVER_BUFIOREQ_GFN_MAX 0xFFFFFFFFFFFFFULL
#define XENLU_V4_F_IOREQ_SERVER_VCPU_PORTS 5u /* list<u32 [1, 4294967295]> 0..4096: per-vCPU ioreq event ports in this domain */
#define XENLU_V4_IOREQ_SERVER_VCPU_PORTS_MAX_ITEMS 4096u
#define XENLU_V4_IOREQ_SERVER_VCPU_PORTS_ITEM_BITS 32u
#define XENLU_V4_IOREQ_SERVER_VCPU_PORTS_ITEM_MIN 1u
#define XENLU_V4_F_IOREQ_SERVER_ENABLED 6u /* bool: the server takes I/O */
#define XENLU_V4_IOREQ_SERVER_ENABLED_DEFAULT 1u /* read when absent or nil */
#define XENLU_V4_F_IOREQ_SERVER_BUFIOREQ 7u /* enum u8: buffered ioreq handling (HVM_IOREQSRV_BUFIOREQ_*) */
#define XENLU_V4_IOREQ_SERVER_BUFIOREQ_BITS 8u
#define XENLU_V4_IOREQ_SERVER_BUFIOREQ_OFF 0u
#define XENLU_V4_IOREQ_SERVER_BUFIOREQ_LEGACY 1u
#define XENLU_V4_IOREQ_SERVER_BUFIOREQ_ATOMIC 2u
#define XENLU_V4_IOREQ_SERVER_BUFIOREQ_DEFAULT 0u /* read when absent or nil (off) */
#define XENLU_V4_F_IOREQ_SERVER_BUFIOREQ_PORT 8u /* u32: buffered ioreq event port in this domain (0 = none) */
#define XENLU_V4_IOREQ_SERVER_BUFIOREQ_PORT_BITS 32u
#define XENLU_V4_IOREQ_SERVER_BUFIOREQ_PORT_DEFAULT 0u /* read when absent or nil */
#define XENLU_V4_F_IOREQ_SERVER_RANGES 9u /* list<IoRange> 0..65536: I/O ranges the server claims */
#define XENLU_V4_IOREQ_SERVER_RANGES_MAX_ITEMS 65536u
#define XENLU_V4_IOREQ_SERVER_RANGES_DEFAULT_ITEMS 0u /* read when absent: this many items, each zero */
#define XENLU_V4_F_IOREQ_SERVER_IOREQ_MFN 10u /* nil | u64 [0, 0xfffffffffffff]: machine frame of the ioreq page (null: not recorded) */
#define XENLU_V4_IOREQ_SERVER_IOREQ_MFN_BITS 64u
#define XENLU_V4_IOREQ_SERVER_IOREQ_MFN_MAX 0xFFFFFFFFFFFFFULL
#define XENLU_V4_IOREQ_SERVER_IOREQ_MFN_DEFAULT_NIL 1u /* read as nil when absent */
#define XENLU_V4_F_IOREQ_SERVER_BUFIOREQ_MFN 11u /* nil | u64 [0, 0xfffffffffffff]: machine frame of the buffered ioreq page (null: none or not recorded) */
#define XENLU_V4_IOREQ_SERVER_BUFIOREQ_MFN_BITS 64u
#define XENLU_V4_IOREQ_SERVER_BUFIOREQ_MFN_MAX 0xFFFFFFFFFFFFFULL
#define XENLU_V4_IOREQ_SERVER_BUFIOREQ_MFN_DEFAULT_NIL 1u /* read as nil when absent */

/* struct EventFifo: an array of 2 fields. */
#define XENLU_V4_EVENT_FIFO_NR_FIELDS 2u
#define XENLU_V4_F_EVENT_FIFO_EVENT_ARRAY_GFNS 1u /* list<u64 [0, 0xfffffffffffff]> 1..128: guest frames of the event-array pages */
#define XENLU_V4_EVENT_FIFO_EVENT_ARRAY_GFNS_MIN_ITEMS 1u
#define XENLU_V4_EVENT_FIFO_EVENT_ARRAY_GFNS_MAX_ITEMS 128u
#define XENLU_V4_EVENT_FIFO_EVENT_ARRAY_GFNS_ITEM_BITS 64u
#define XENLU_V4_EVENT_FIFO_EVENT_ARRAY_GFNS_ITEM_MAX 0xFFFFFFFFFFFFFULL
#define XENLU_V4_F_EVENT_FIFO_VCPUS 2u /* list<FifoVcpu> 0..4096: per-vCPU control blocks, ascending vCPU */
#define XENLU_V4_EVENT_FIFO_VCPUS_MAX_ITEMS 4096u

/* struct Passthrough: an array of 4 fields. */
#define XENLU_V4_PASSTHROUGH_NR_FIELDS 4u
#define XENLU_V4_F_PASSTHROUGH_IOMMU_ROOT_MFN 1u /* u64 [0, 0xfffffffffffff]: machine frame of the IOMMU page-table root */
#define XENLU_V4_PASSTHROUGH_IOMMU_ROOT_MFN_BITS 64u
#define XENLU_V4_PASSTHROUGH_IOMMU_ROOT_MFN_MAX 0xFFFFFFFFFFFFFULL
#define XENLU_V4_F_PASSTHROUGH_IOMMU_LEVELS 2u /* u8 [2, 6]: IOMMU page-table levels */
#define XENLU_V4_PASSTHROUGH_IOMMU_LEVELS_BITS 8u
#define XENLU_V4_PASSTHROUGH_IOMMU_LEVELS_MIN 2u
#define XENLU_V4_PASSTHROUGH_IOMMU_LEVELS_MAX 6u
#define XENLU_V4_F_PASSTHROUGH_DEVICES 3u /* list<PciDevice> 0..4096: assigned PCI devices */
#define XENLU_V4_PASSTHROUGH_DEVICES_MAX_ITEMS 4096u
#define XENLU_V4_F_PASSTHROUGH_PIRQS 4u /* list<PirqBinding> 0..65536: PIRQ bindings, ascending pirq */
#define XENLU_V4_PASSTHROUGH_PIRQS_MAX_ITEMS 65536u

/* struct P2mExtent: an array of 5 fields. */
#define XENLU_V4_P2M_EXTENT_NR_FIELDS 5u
#define XENLU_V4_F_P2M_EXTENT_GFN 1u /* u64 [0, 0xfffffffffffff]: first guest frame */
#define XENLU_V4_P2M_EXTENT_GFN_BITS 64u
#define XENLU_V4_P2M_EXTENT_GFN_MAX 0xFFFFFFFFFFFFFULL
#define XENLU_V4_F_P2M_EXTENT_MFN 2u /* u64 [0, 0xfffffffffffff]: first machine frame */
#define XENLU_V4_P2M_EXTENT_MFN_BITS 64u
#define XENLU_V4_P2M_EXTENT_MFN_MAX 0xFFFFFFFFFFFFFULL
#define XENLU_V4_F_P2M_EXTENT_COUNT 3u /* u64 [1, 0x10000000000000]: number of frames */
#define XENLU_V4_P2M_EXTENT_COUNT_BITS 64u
#define XENLU_V4_P2M_EXTENT_COUNT_MIN 1u
#define XENLU_V4_P2M_EXTENT_COUNT_MAX 0x10000000000000ULL
#define XENLU_V4_F_P2M_EXTENT_TYPE 4u /* enum u8: p2m type */
#define XENLU_V4_P2M_EXTENT_TYPE_BITS 8u
#define XENLU_V4_P2M_EXTENT_TYPE_RAM_RW 0u
#define XENLU_V4_P2M_EXTENT_TYPE_INVALID 1u
#define XENLU_V4_P2M_EXTENT_TYPE_RAM_LOGDIRTY 2u
#define XENLU_V4_P2M_EXTENT_TYPE_RAM_RO 3u
#define XENLU_V4_P2M_EXTENT_TYPE_MMIO_DM 4u
#define XENLU_V4_P2M_EXTENT_TYPE_MMIO_DIRECT 5u
#define XENLU_V4_P2M_EXTENT_TYPE_POPULATE_ON_DEMAND 6u
#define XENLU_V4_P2M_EXTENT_TYPE_GRANT_MAP_RW 7u
#define XENLU_V4_P2M_EXTENT_TYPE_GRANT_MAP_RO 8u
#define XENLU_V4_P2M_EXTENT_TYPE_RAM_PAGING_OUT 9u
#define XENLU_V4_P2M_EXTENT_TYPE_RAM_PAGED 10u
#define XENLU_V4_P2M_EXTENT_TYPE_RAM_PAGING_IN 11u
#define XENLU_V4_P2M_EXTENT_TYPE_RAM_SHARED 12u
#define XENLU_V4_P2M_EXTENT_TYPE_RAM_BROKEN 13u
#define XENLU_V4_P2M_EXTENT_TYPE_MAP_FOREIGN 14u
#define XENLU_V4_P2M_EXTENT_TYPE_IOREQ_SERVER 15u
#define XENLU_V4_F_P2M_EXTENT_ACCESS 5u /* enum u8: access */
#define XENLU_V4_P2M_EXTENT_ACCESS_BITS 8u
#define XENLU_V4_P2M_EXTENT_ACCESS_N 0u
#define XENLU_V4_P2M_EXTENT_ACCESS_R 1u
#define XENLU_V4_P2M_EXTENT_ACCESS_W 2u
#define XENLU_V4_P2M_EXTENT_ACCESS_RW 3u
#define XENLU_V4_P2M_EXTENT_ACCESS_X 4u
#define XENLU_V4_P2M_EXTENT_ACCESS_RX 5u
#define XENLU_V4_P2M_EXTENT_ACCESS_WX 6u
#define XENLU_V4_P2M_EXTENT_ACCESS_RWX 7u
#define XENLU_V4_P2M_EXTENT_ACCESS_RX2RW 8u
#define XENLU_V4_P2M_EXTENT_ACCESS_N2RWX 9u
#define XENLU_V4_P2M_EXTENT_ACCESS_R_PW 10u

/* struct CpuPolicy: an array of 2 fields. */
#define XENLU_V4_CPU_POLICY_NR_FIELDS 2u
#define XENLU_V4_F_CPU_POLICY_CPUID 1u /* list<CpuidLeaf> 0..1024: CPUID leaves, ascending (leaf, subleaf) (xen_cpuid_leaf_t) */
#define XENLU_V4_CPU_POLICY_CPUID_MAX_ITEMS 1024u
#define XENLU_V4_F_CPU_POLICY_MSRS 2u /* list<MsrPolicyEntry> 0..1024: MSR policy entries, ascending index (xen_msr_entry_t) */
#define XENLU_V4_CPU_POLICY_MSRS_MAX_ITEMS 1024u

/* struct VcpuRunstate: an array of 4 fields. */
#define XENLU_V4_VCPU_RUNSTATE_NR_FIELDS 4u
#define XENLU_V4_F_VCPU_RUNSTATE_VCPU 1u /* u32 [0, 4095]: vCPU id */
#define XENLU_V4_VCPU_RUNSTATE_VCPU_BITS 32u
#define XENLU_V4_VCPU_RUNSTATE_VCPU_MAX 4095u
#define XENLU_V4_F_VCPU_RUNSTATE_STATE 2u /* enum u8: RUNSTATE_* (public/vcpu.h) */
#define XENLU_V4_VCPU_RUNSTATE_STATE_BITS 8u
#define XENLU_V4_VCPU_RUNSTATE_STATE_RUNNING 0u
#define XENLU_V4_VCPU_RUNSTATE_STATE_RUNNABLE 1u
#define XENLU_V4_VCPU_RUNSTATE_STATE_BLOCKED 2u
#define XENLU_V4_VCPU_RUNSTATE_STATE_OFFLINE 3u
#define XENLU_V4_F_VCPU_RUNSTATE_STATE_ENTRY_TIME 3u /* u64: system time the state was entered, ns */
#define XENLU_V4_VCPU_RUNSTATE_STATE_ENTRY_TIME_BITS 64u
#define XENLU_V4_F_VCPU_RUNSTATE_TIME 4u /* list<u64> 4..4: ns spent running, runnable, blocked, offline */
#define XENLU_V4_VCPU_RUNSTATE_TIME_MIN_ITEMS 4u
#define XENLU_V4_VCPU_RUNSTATE_TIME_MAX_ITEMS 4u
#define XENLU_V4_VCPU_RUNSTATE_TIME_ITEM_BITS 64u

/* struct XenVersion: an array of 4 fields. */
#define XENLU_V4_XEN_VERSION_NR_FIELDS 4u
#define XENLU_V4_F_XEN_VERSION_MAJOR 1u /* u16: Xen major version */
#define XENLU_V4_XEN_VERSION_MAJOR_BITS 16u
#define XENLU_V4_F_XEN_VERSION_MINOR 2u /* u16: Xen minor version */
#define XENLU_V4_XEN_VERSION_MINOR_BITS 16u
#define XENLU_V4_F_XEN_VERSION_EXTRA 3u /* str <= 64 bytes: version suffix, e.g. "-rc1" or ".2" */
#define XENLU_V4_XEN_VERSION_EXTRA_MAX_BYTES 64u
#define XENLU_V4_F_XEN_VERSION_CHANGESET 4u /* str <= 128 bytes: source changeset the build came from */
#define XENLU_V4_XEN_VERSION_CHANGESET_MAX_BYTES 128u

/* struct MfnRange: an array of 2 fields. */
#define XENLU_V4_MFN_RANGE_NR_FIELDS 2u
#define XENLU_V4_F_MFN_RANGE_START 1u /* u64 [0, 0xfffffffffffff]: first machine frame */
#define XENLU_V4_MFN_RANGE_START_BITS 64u
#define XENLU_V4_MFN_RANGE_START_MAX 0xFFFFFFFFFFFFFULL
#define XENLU_V4_F_MFN_RANGE_COUNT 2u /* u64 [1, 0x10000000000000]: number of frames */
#define XENLU_V4_MFN_RANGE_COUNT_BITS 64u
#define XENLU_V4_MFN_RANGE_COUNT_MIN 1u
#define XENLU_V4_MFN_RANGE_COUNT_MAX 0x10000000000000ULL

/* struct Handover: an array of 3 fields. */
#define XENLU_V4_HANDOVER_NR_FIELDS 3u
#define XENLU_V4_F_HANDOVER_NR_STREAM_PAGES 1u /* u64 [0, 0x10000000000]: number of pages holding the stream (breadcrumb word 0) */
#define XENLU_V4_HANDOVER_NR_STREAM_PAGES_BITS 64u
#define XENLU_V4_HANDOVER_NR_STREAM_PAGES_MAX 0x10000000000ULL
#define XENLU_V4_F_HANDOVER_MFN_ARRAY_MADDR 2u /* u64: machine address of the array of stream page MFNs (breadcrumb word 1) */
#define XENLU_V4_HANDOVER_MFN_ARRAY_MADDR_BITS 64u
#define XENLU_V4_F_HANDOVER_STREAM_MFNS 3u /* list<u64 [0, 0xfffffffffffff]> 0..1048576: the stream page MFNs, when the producer records them (else empty) */
#define XENLU_V4_HANDOVER_STREAM_MFNS_MAX_ITEMS 1048576u
#define XENLU_V4_HANDOVER_STREAM_MFNS_ITEM_BITS 64u
#define XENLU_V4_HANDOVER_STREAM_MFNS_ITEM_MAX 0xFFFFFFFFFFFFFULL

/* struct HostTime: an array of 3 fields. */
#define XENLU_V4_HOST_TIME_NR_FIELDS 3u
#define XENLU_V4_F_HOST_TIME_SYSTEM_TIME_NS 1u /* u64: Xen system time at save, ns */
#define XENLU_V4_HOST_TIME_SYSTEM_TIME_NS_BITS 64u
#define XENLU_V4_F_HOST_TIME_TSC 2u /* u64: TSC value at the same instant */
#define XENLU_V4_HOST_TIME_TSC_BITS 64u
#define XENLU_V4_F_HOST_TIME_TSC_KHZ 3u /* u32 [1, 4294967295]: host TSC frequency, kHz */
#define XENLU_V4_HOST_TIME_TSC_KHZ_BITS 32u
#define XENLU_V4_HOST_TIME_TSC_KHZ_MIN 1u

/* struct Cpupool: an array of 3 fields. */
#define XENLU_V4_CPUPOOL_NR_FIELDS 3u
#define XENLU_V4_F_CPUPOOL_ID 1u /* u32: cpupool id (0 is the pool Xen boots with) */
#define XENLU_V4_CPUPOOL_ID_BITS 32u
#define XENLU_V4_F_CPUPOOL_SCHEDULER 2u /* enum u8: scheduler of the pool, by XEN_SCHEDULER_* code (public/domctl.h) */
#define XENLU_V4_CPUPOOL_SCHEDULER_BITS 8u
#define XENLU_V4_CPUPOOL_SCHEDULER_CREDIT 5u
#define XENLU_V4_CPUPOOL_SCHEDULER_CREDIT2 6u
#define XENLU_V4_CPUPOOL_SCHEDULER_ARINC653 7u
#define XENLU_V4_CPUPOOL_SCHEDULER_RTDS 8u
#define XENLU_V4_CPUPOOL_SCHEDULER_NULL 9u
#define XENLU_V4_F_CPUPOOL_PCPUS 3u /* list<u32> 0..8192: physical CPUs in the pool */
#define XENLU_V4_CPUPOOL_PCPUS_MAX_ITEMS 8192u
#define XENLU_V4_CPUPOOL_PCPUS_ITEM_BITS 32u

/* struct XenPageRange: an array of 3 fields. */
#define XENLU_V4_XEN_PAGE_RANGE_NR_FIELDS 3u
#define XENLU_V4_F_XEN_PAGE_RANGE_FIRST_MFN 1u /* u64 [0, 0xfffffffffffff]: first machine frame */
#define XENLU_V4_XEN_PAGE_RANGE_FIRST_MFN_BITS 64u
#define XENLU_V4_XEN_PAGE_RANGE_FIRST_MFN_MAX 0xFFFFFFFFFFFFFULL
#define XENLU_V4_F_XEN_PAGE_RANGE_COUNT 2u /* u64 [1, 0x10000000000000]: number of frames */
#define XENLU_V4_XEN_PAGE_RANGE_COUNT_BITS 64u
#define XENLU_V4_XEN_PAGE_RANGE_COUNT_MIN 1u
#define XENLU_V4_XEN_PAGE_RANGE_COUNT_MAX 0x10000000000000ULL
#define XENLU_V4_F_XEN_PAGE_RANGE_OWNER 3u /* enum u16: pseudo-domain owning the frames, by domid (public/xen.h DOMID_IO/XEN/COW) */
#define XENLU_V4_XEN_PAGE_RANGE_OWNER_BITS 16u
#define XENLU_V4_XEN_PAGE_RANGE_OWNER_DOM_IO 32753u
#define XENLU_V4_XEN_PAGE_RANGE_OWNER_DOM_XEN 32754u
#define XENLU_V4_XEN_PAGE_RANGE_OWNER_DOM_COW 32755u

/* struct SchedParams: an array of 2 fields. */
#define XENLU_V4_SCHED_PARAMS_NR_FIELDS 2u
#define XENLU_V4_F_SCHED_PARAMS_WEIGHT 1u /* u16 [1, 65535]: credit scheduler weight */
#define XENLU_V4_SCHED_PARAMS_WEIGHT_BITS 16u
#define XENLU_V4_SCHED_PARAMS_WEIGHT_MIN 1u
#define XENLU_V4_F_SCHED_PARAMS_CAP 2u /* u16: credit cap, percent of one pCPU (0 = none) */
#define XENLU_V4_SCHED_PARAMS_CAP_BITS 16u

/* struct TimeOffset: an array of 2 fields. */
#define XENLU_V4_TIME_OFFSET_NR_FIELDS 2u
#define XENLU_V4_F_TIME_OFFSET_SECONDS 1u /* u64: magnitude of the offset from host wallclock, seconds */
#define XENLU_V4_TIME_OFFSET_SECONDS_BITS 64u
#define XENLU_V4_F_TIME_OFFSET_NEGATIVE 2u /* bool: the offset is behind the host wallclock */

/* struct Watchdog: an array of 2 fields. */
#define XENLU_V4_WATCHDOG_NR_FIELDS 2u
#define XENLU_V4_F_WATCHDOG_ID 1u /* u8 [0, 1]: watchdog slot */
#define XENLU_V4_WATCHDOG_ID_BITS 8u
#define XENLU_V4_WATCHDOG_ID_MAX 1u
#define XENLU_V4_F_WATCHDOG_TIMEOUT_S 2u /* u32: timeout the guest set, seconds */
#define XENLU_V4_WATCHDOG_TIMEOUT_S_BITS 32u

/* struct VcpuInfoLocation: an array of 2 fields. */
#define XENLU_V4_VCPU_INFO_LOCATION_NR_FIELDS 2u
#define XENLU_V4_F_VCPU_INFO_LOCATION_GFN 1u /* u64 [0, 0xfffffffffffff]: guest frame */
#define XENLU_V4_VCPU_INFO_LOCATION_GFN_BITS 64u
#define XENLU_V4_VCPU_INFO_LOCATION_GFN_MAX 0xFFFFFFFFFFFFFULL
#define XENLU_V4_F_VCPU_INFO_LOCATION_OFFSET 2u /* u16 [0, 4095]: byte offset in the frame */
#define XENLU_V4_VCPU_INFO_LOCATION_OFFSET_BITS 16u
#define XENLU_V4_VCPU_INFO_LOCATION_OFFSET_MAX 4095u

/* struct HvmContext: an array of 4 fields. */
#define XENLU_V4_HVM_CONTEXT_NR_FIELDS 4u
#define XENLU_V4_F_HVM_CONTEXT_CPU 1u /* HvmCpu: CPU registers */
#define XENLU_V4_F_HVM_CONTEXT_LAPIC 2u /* Lapic: local APIC */
#define XENLU_V4_F_HVM_CONTEXT_MTRR 3u /* Mtrr: MTRRs */
#define XENLU_V4_F_HVM_CONTEXT_XSAVE 4u /* nil | Xsave: extended state, when the CPU has XSAVE */

/* struct PvContext: an array of 3 fields. */
#define XENLU_V4_PV_CONTEXT_NR_FIELDS 3u
#define XENLU_V4_F_PV_CONTEXT_CONTEXT 1u /* bin 1..16384 bytes: vcpu_guest_context image */
#define XENLU_V4_PV_CONTEXT_CONTEXT_MIN_BYTES 1u
#define XENLU_V4_PV_CONTEXT_CONTEXT_MAX_BYTES 16384u
#define XENLU_V4_F_PV_CONTEXT_EXT 2u /* PvExtContext: extended context (X86_PV_VCPU_EXTENDED); all zero when no callback is registered */
#define XENLU_V4_PV_CONTEXT_EXT_DEFAULT_ZERO 1u /* read as all zero (false) when absent */
#define XENLU_V4_F_PV_CONTEXT_XSAVE 3u /* nil | Xsave: XSAVE state (X86_PV_VCPU_XSAVE), when the CPU has XSAVE */
#define XENLU_V4_PV_CONTEXT_XSAVE_DEFAULT_NIL 1u /* read as nil when absent */

/* struct Msr: an array of 2 fields. */
#define XENLU_V4_MSR_NR_FIELDS 2u
#define XENLU_V4_F_MSR_INDEX 1u /* u32: MSR index */
#define XENLU_V4_MSR_INDEX_BITS 32u
#define XENLU_V4_F_MSR_VALUE 2u /* u64: value */
#define XENLU_V4_MSR_VALUE_BITS 64u

/* struct ActiveGrant: an array of 6 fields. */
#define XENLU_V4_ACTIVE_GRANT_NR_FIELDS 6u
#define XENLU_V4_F_ACTIVE_GRANT_REF 1u /* u32: grant reference */
#define XENLU_V4_ACTIVE_GRANT_REF_BITS 32u
#define XENLU_V4_F_ACTIVE_GRANT_GRANTEE 2u /* u16 [0, 32751]: domain the grant is to */
#define XENLU_V4_ACTIVE_GRANT_GRANTEE_BITS 16u
#define XENLU_V4_ACTIVE_GRANT_GRANTEE_MAX 32751u
#define XENLU_V4_F_ACTIVE_GRANT_PIN 3u /* PinCounts: pin counts */
#define XENLU_V4_F_ACTIVE_GRANT_MFN 4u /* u64 [0, 0xfffffffffffff]: granted machine frame */
#define XENLU_V4_ACTIVE_GRANT_MFN_BITS 64u
#define XENLU_V4_ACTIVE_GRANT_MFN_MAX 0xFFFFFFFFFFFFFULL
#define XENLU_V4_F_ACTIVE_GRANT_TRANSITIVE 5u /* nil | TransitiveSource: source of a transitive grant */
#define XENLU_V4_F_ACTIVE_GRANT_SUB_PAGE 6u /* nil | SubPage: sub-page window */

/* struct MaptrackEntry: an array of 5 fields. */
#define XENLU_V4_MAPTRACK_ENTRY_NR_FIELDS 5u
#define XENLU_V4_F_MAPTRACK_ENTRY_HANDLE 1u /* u32: grant handle (index in the maptrack table) */
#define XENLU_V4_MAPTRACK_ENTRY_HANDLE_BITS 32u
#define XENLU_V4_F_MAPTRACK_ENTRY_GRANTER 2u /* u16 [0, 32751]: granting domain */
#define XENLU_V4_MAPTRACK_ENTRY_GRANTER_BITS 16u
#define XENLU_V4_MAPTRACK_ENTRY_GRANTER_MAX 32751u
#define XENLU_V4_F_MAPTRACK_ENTRY_REF 3u /* u32: grant reference in the granter */
#define XENLU_V4_MAPTRACK_ENTRY_REF_BITS 32u
#define XENLU_V4_F_MAPTRACK_ENTRY_FLAGS 4u /* flags u32: GNTMAP_* flags */
#define XENLU_V4_MAPTRACK_ENTRY_FLAGS_DEVICE_MAP (1u << 0)
#define XENLU_V4_MAPTRACK_ENTRY_FLAGS_HOST_MAP (1u << 1)
#define XENLU_V4_MAPTRACK_ENTRY_FLAGS_READONLY (1u << 2)
#define XENLU_V4_MAPTRACK_ENTRY_FLAGS_APPLICATION_MAP (1u << 3)
#define XENLU_V4_MAPTRACK_ENTRY_FLAGS_CONTAINS_PTE (1u << 4)
#define XENLU_V4_MAPTRACK_ENTRY_FLAGS_MASK 0x0000001Fu /* every defined bit */
#define XENLU_V4_F_MAPTRACK_ENTRY_VCPU 5u /* u32 [0, 4095]: vCPU that made the mapping */
#define XENLU_V4_MAPTRACK_ENTRY_VCPU_BITS 32u
#define XENLU_V4_MAPTRACK_ENTRY_VCPU_MAX 4095u

/* struct IoRange: an array of 3 fields. */
#define XENLU_V4_IO_RANGE_NR_FIELDS 3u
#define XENLU_V4_F_IO_RANGE_TYPE 1u /* enum u8: XEN_DMOP_IO_RANGE_* (public/hvm/dm_op.h) */
#define XENLU_V4_IO_RANGE_TYPE_BITS 8u
#define XENLU_V4_IO_RANGE_TYPE_PORT 0u
#define XENLU_V4_IO_RANGE_TYPE_MMIO 1u
#define XENLU_V4_IO_RANGE_TYPE_PCI 2u
#define XENLU_V4_F_IO_RANGE_START 2u /* u64: first port, address or PCI SBDF */
#define XENLU_V4_IO_RANGE_START_BITS 64u
#define XENLU_V4_F_IO_RANGE_END 3u /* u64: last port, address or PCI SBDF (inclusive) */
#define XENLU_V4_IO_RANGE_END_BITS 64u

/* struct FifoVcpu: an array of 5 fields. */
#define XENLU_V4_FIFO_VCPU_NR_FIELDS 5u
#define XENLU_V4_F_FIFO_VCPU_VCPU 1u /* u32 [0, 4095]: vCPU id */
#define XENLU_V4_FIFO_VCPU_VCPU_BITS 32u
#define XENLU_V4_FIFO_VCPU_VCPU_MAX 4095u
#define XENLU_V4_F_FIFO_VCPU_CONTROL_BLOCK_GFN 2u /* u64 [0, 0xfffffffffffff]: guest frame of the control block */
#define XENLU_V4_FIFO_VCPU_CONTROL_BLOCK_GFN_BITS 64u
#define XENLU_V4_FIFO_VCPU_CONTROL_BLOCK_GFN_MAX 0xFFFFFFFFFFFFFULL
#define XENLU_V4_F_FIFO_VCPU_CONTROL_BLOCK_OFFSET 3u /* u16 [0, 4095]: byte offset of the control block in the frame */
#define XENLU_V4_FIFO_VCPU_CONTROL_BLOCK_OFFSET_BITS 16u
#define XENLU_V4_FIFO_VCPU_CONTROL_BLOCK_OFFSET_MAX 4095u
#define XENLU_V4_F_FIFO_VCPU_HEADS 4u /* list<u32 [0, 131071]> 16..16: head port of each of the 16 queues (0 = empty) */
#define XENLU_V4_FIFO_VCPU_HEADS_MIN_ITEMS 16u
#define XENLU_V4_FIFO_VCPU_HEADS_MAX_ITEMS 16u
#define XENLU_V4_FIFO_VCPU_HEADS_ITEM_BITS 32u
#define XENLU_V4_FIFO_VCPU_HEADS_ITEM_MAX 131071u
#define XENLU_V4_F_FIFO_VCPU_TAILS 5u /* list<u32 [0, 131071]> 16..16: tail port of each of the 16 queues, private to Xen (0 = empty) */
#define XENLU_V4_FIFO_VCPU_TAILS_MIN_ITEMS 16u
#define XENLU_V4_FIFO_VCPU_TAILS_MAX_ITEMS 16u
#define XENLU_V4_FIFO_VCPU_TAILS_ITEM_BITS 32u
#define XENLU_V4_FIFO_VCPU_TAILS_ITEM_MAX 131071u
#define XENLU_V4_FIFO_VCPU_TAILS_DEFAULT_ITEMS 16u /* read when absent: this many items, each zero */

/* struct PciDevice: an array of 3 fields. */
#define XENLU_V4_PCI_DEVICE_NR_FIELDS 3u
#define XENLU_V4_F_PCI_DEVICE_SEGMENT 1u /* u16: PCI segment */
#define XENLU_V4_PCI_DEVICE_SEGMENT_BITS 16u
#define XENLU_V4_F_PCI_DEVICE_BUS 2u /* u8: bus */
#define XENLU_V4_PCI_DEVICE_BUS_BITS 8u
#define XENLU_V4_F_PCI_DEVICE_DEVFN 3u /* u8: device and function */
#define XENLU_V4_PCI_DEVICE_DEVFN_BITS 8u

/* struct PirqBinding: an array of 4 fields. */
#define XENLU_V4_PIRQ_BINDING_NR_FIELDS 4u
#define XENLU_V4_F_PIRQ_BINDING_PIRQ 1u /* u32: guest PIRQ */
#define XENLU_V4_PIRQ_BINDING_PIRQ_BITS 32u
#define XENLU_V4_F_PIRQ_BINDING_HOST_IRQ 2u /* u32: host IRQ */
#define XENLU_V4_PIRQ_BINDING_HOST_IRQ_BITS 32u
#define XENLU_V4_F_PIRQ_BINDING_MSI 3u /* nil | Msi: MSI address and data, when the interrupt is an MSI */
#define XENLU_V4_F_PIRQ_BINDING_PORT 4u /* u32: event port bound to the PIRQ (0 = not bound) */
#define XENLU_V4_PIRQ_BINDING_PORT_BITS 32u

/* struct CpuidLeaf: an array of 6 fields. */
#define XENLU_V4_CPUID_LEAF_NR_FIELDS 6u
#define XENLU_V4_F_CPUID_LEAF_LEAF 1u /* u32: leaf (EAX input) */
#define XENLU_V4_CPUID_LEAF_LEAF_BITS 32u
#define XENLU_V4_F_CPUID_LEAF_SUBLEAF 2u /* u32: subleaf (ECX input), XEN_CPUID_NO_SUBLEAF when the leaf has none */
#define XENLU_V4_CPUID_LEAF_SUBLEAF_BITS 32u
#define XENLU_V4_F_CPUID_LEAF_EAX 3u /* u32: EAX */
#define XENLU_V4_CPUID_LEAF_EAX_BITS 32u
#define XENLU_V4_F_CPUID_LEAF_EBX 4u /* u32: EBX */
#define XENLU_V4_CPUID_LEAF_EBX_BITS 32u
#define XENLU_V4_F_CPUID_LEAF_ECX 5u /* u32: ECX */
#define XENLU_V4_CPUID_LEAF_ECX_BITS 32u
#define XENLU_V4_F_CPUID_LEAF_EDX 6u /* u32: EDX */
#define XENLU_V4_CPUID_LEAF_EDX_BITS 32u

/* struct MsrPolicyEntry: an array of 2 fields. */
#define XENLU_V4_MSR_POLICY_ENTRY_NR_FIELDS 2u
#define XENLU_V4_F_MSR_POLICY_ENTRY_INDEX 1u /* u32: MSR index */
#define XENLU_V4_MSR_POLICY_ENTRY_INDEX_BITS 32u
#define XENLU_V4_F_MSR_POLICY_ENTRY_VALUE 2u /* u64: value the guest reads */
#define XENLU_V4_MSR_POLICY_ENTRY_VALUE_BITS 64u

/* struct HvmCpu: an array of 38 fields. */
#define XENLU_V4_HVM_CPU_NR_FIELDS 38u
#define XENLU_V4_F_HVM_CPU_FPU 1u /* bin 512 bytes: FXSAVE image */
#define XENLU_V4_HVM_CPU_FPU_SIZE 512u
#define XENLU_V4_F_HVM_CPU_GPRS 2u /* Gprs: general-purpose registers */
#define XENLU_V4_F_HVM_CPU_RIP 3u /* u64: rip */
#define XENLU_V4_HVM_CPU_RIP_BITS 64u
#define XENLU_V4_F_HVM_CPU_RFLAGS 4u /* u64: rflags */
#define XENLU_V4_HVM_CPU_RFLAGS_BITS 64u
#define XENLU_V4_F_HVM_CPU_CR0 5u /* u64: cr0 */
#define XENLU_V4_HVM_CPU_CR0_BITS 64u
#define XENLU_V4_F_HVM_CPU_CR2 6u /* u64: cr2 */
#define XENLU_V4_HVM_CPU_CR2_BITS 64u
#define XENLU_V4_F_HVM_CPU_CR3 7u /* u64: cr3 */
#define XENLU_V4_HVM_CPU_CR3_BITS 64u
#define XENLU_V4_F_HVM_CPU_CR4 8u /* u64: cr4 */
#define XENLU_V4_HVM_CPU_CR4_BITS 64u
#define XENLU_V4_F_HVM_CPU_DR0 9u /* u64: dr0 */
#define XENLU_V4_HVM_CPU_DR0_BITS 64u
#define XENLU_V4_F_HVM_CPU_DR1 10u /* u64: dr1 */
#define XENLU_V4_HVM_CPU_DR1_BITS 64u
#define XENLU_V4_F_HVM_CPU_DR2 11u /* u64: dr2 */
#define XENLU_V4_HVM_CPU_DR2_BITS 64u
#define XENLU_V4_F_HVM_CPU_DR3 12u /* u64: dr3 */
#define XENLU_V4_HVM_CPU_DR3_BITS 64u
#define XENLU_V4_F_HVM_CPU_DR6 13u /* u64: dr6 */
#define XENLU_V4_HVM_CPU_DR6_BITS 64u
#define XENLU_V4_F_HVM_CPU_DR7 14u /* u64: dr7 */
#define XENLU_V4_HVM_CPU_DR7_BITS 64u
#define XENLU_V4_F_HVM_CPU_CS 15u /* Segment: cs */
#define XENLU_V4_F_HVM_CPU_DS 16u /* Segment: ds */
#define XENLU_V4_F_HVM_CPU_ES 17u /* Segment: es */
#define XENLU_V4_F_HVM_CPU_FS 18u /* Segment: fs */
#define XENLU_V4_F_HVM_CPU_GS 19u /* Segment: gs */
#define XENLU_V4_F_HVM_CPU_SS 20u /* Segment: ss */
#define XENLU_V4_F_HVM_CPU_TR 21u /* Segment: tr */
#define XENLU_V4_F_HVM_CPU_LDTR 22u /* Segment: ldtr */
#define XENLU_V4_F_HVM_CPU_IDTR 23u /* DescriptorTable: idtr */
#define XENLU_V4_F_HVM_CPU_GDTR 24u /* DescriptorTable: gdtr */
#define XENLU_V4_F_HVM_CPU_SYSENTER_CS 25u /* u64: SYSENTER_CS */
#define XENLU_V4_HVM_CPU_SYSENTER_CS_BITS 64u
#define XENLU_V4_F_HVM_CPU_SYSENTER_ESP 26u /* u64: SYSENTER_ESP */
#define XENLU_V4_HVM_CPU_SYSENTER_ESP_BITS 64u
#define XENLU_V4_F_HVM_CPU_SYSENTER_EIP 27u /* u64: SYSENTER_EIP */
#define XENLU_V4_HVM_CPU_SYSENTER_EIP_BITS 64u
#define XENLU_V4_F_HVM_CPU_SHADOW_GS 28u /* u64: shadow GS base */
#define XENLU_V4_HVM_CPU_SHADOW_GS_BITS 64u
#define XENLU_V4_F_HVM_CPU_LSTAR 29u /* u64: LSTAR */
#define XENLU_V4_HVM_CPU_LSTAR_BITS 64u
#define XENLU_V4_F_HVM_CPU_STAR 30u /* u64: STAR */
#define XENLU_V4_HVM_CPU_STAR_BITS 64u
#define XENLU_V4_F_HVM_CPU_CSTAR 31u /* u64: CSTAR */
#define XENLU_V4_HVM_CPU_CSTAR_BITS 64u
#define XENLU_V4_F_HVM_CPU_SYSCALL_MASK 32u /* u64: SFMASK */
#define XENLU_V4_HVM_CPU_SYSCALL_MASK_BITS 64u
#define XENLU_V4_F_HVM_CPU_EFER 33u /* u64: EFER */
#define XENLU_V4_HVM_CPU_EFER_BITS 64u
#define XENLU_V4_F_HVM_CPU_TSC_AUX 34u /* u64: TSC_AUX */
#define XENLU_V4_HVM_CPU_TSC_AUX_BITS 64u
#define XENLU_V4_F_HVM_CPU_TSC 35u /* u64: the guest's view of RDTSC */
#define XENLU_V4_HVM_CPU_TSC_BITS 64u
#define XENLU_V4_F_HVM_CPU_PENDING_EVENT 36u /* u32: pending event: vector 0-7, type 8-10, error_valid 11, valid 31 */
#define XENLU_V4_HVM_CPU_PENDING_EVENT_BITS 32u
#define XENLU_V4_F_HVM_CPU_ERROR_CODE 37u /* u32: error code of the pending event */
#define XENLU_V4_HVM_CPU_ERROR_CODE_BITS 32u
#define XENLU_V4_F_HVM_CPU_FLAGS 38u /* u32 [0, 1]: bit 0: FPU initialised */
#define XENLU_V4_HVM_CPU_FLAGS_BITS 32u
#define XENLU_V4_HVM_CPU_FLAGS_MAX 1u

/* struct Lapic: an array of 6 fields. */
#define XENLU_V4_LAPIC_NR_FIELDS 6u
#define XENLU_V4_F_LAPIC_APIC_BASE_MSR 1u /* u64: APIC_BASE MSR */
#define XENLU_V4_LAPIC_APIC_BASE_MSR_BITS 64u
#define XENLU_V4_F_LAPIC_DISABLED 2u /* u32 [0, 3]: disable bits: hardware 1, software 2 */
#define XENLU_V4_LAPIC_DISABLED_BITS 32u
#define XENLU_V4_LAPIC_DISABLED_MAX 3u
#define XENLU_V4_F_LAPIC_TIMER_DIVISOR 3u /* u32: timer divisor */
#define XENLU_V4_LAPIC_TIMER_DIVISOR_BITS 32u
#define XENLU_V4_F_LAPIC_TDT_MSR 4u /* u64: TSC deadline MSR */
#define XENLU_V4_LAPIC_TDT_MSR_BITS 64u
#define XENLU_V4_F_LAPIC_REGS 5u /* bin 1024 bytes: the LAPIC register page */
#define XENLU_V4_LAPIC_REGS_SIZE 1024u
#define XENLU_V4_F_LAPIC_PENDING_ESR 6u /* u32: ESR bits latched but not yet visible (hvm_hw_lapic) */
#define XENLU_V4_LAPIC_PENDING_ESR_BITS 32u
#define XENLU_V4_LAPIC_PENDING_ESR_DEFAULT 0u /* read when absent or nil */

/* struct Mtrr: an array of 5 fields. */
#define XENLU_V4_MTRR_NR_FIELDS 5u
#define XENLU_V4_F_MTRR_PAT 1u /* u64: PAT MSR */
#define XENLU_V4_MTRR_PAT_BITS 64u
#define XENLU_V4_F_MTRR_CAP 2u /* u64: MTRRcap */
#define XENLU_V4_MTRR_CAP_BITS 64u
#define XENLU_V4_F_MTRR_DEF_TYPE 3u /* u64: MTRRdefType */
#define XENLU_V4_MTRR_DEF_TYPE_BITS 64u
#define XENLU_V4_F_MTRR_VAR 4u /* list<MtrrVar> 0..8: variable-range pairs */
#define XENLU_V4_MTRR_VAR_MAX_ITEMS 8u
#define XENLU_V4_F_MTRR_FIXED 5u /* list<u64> 11..11: the 11 fixed-range MSRs */
#define XENLU_V4_MTRR_FIXED_MIN_ITEMS 11u
#define XENLU_V4_MTRR_FIXED_MAX_ITEMS 11u
#define XENLU_V4_MTRR_FIXED_ITEM_BITS 64u

/* struct Xsave: an array of 4 fields. */
#define XENLU_V4_XSAVE_NR_FIELDS 4u
#define XENLU_V4_F_XSAVE_XFEATURE_MASK 1u /* u64: features the area may hold */
#define XENLU_V4_XSAVE_XFEATURE_MASK_BITS 64u
#define XENLU_V4_F_XSAVE_XCR0 2u /* u64: XCR0 */
#define XENLU_V4_XSAVE_XCR0_BITS 64u
#define XENLU_V4_F_XSAVE_XCR0_ACCUM 3u /* u64: every XCR0 bit ever set */
#define XENLU_V4_XSAVE_XCR0_ACCUM_BITS 64u
#define XENLU_V4_F_XSAVE_AREA 4u /* bin 0..65536 bytes: the XSAVE area */
#define XENLU_V4_XSAVE_AREA_MAX_BYTES 65536u

/* struct PvExtContext: an array of 6 fields. */
#define XENLU_V4_PV_EXT_CONTEXT_NR_FIELDS 6u
#define XENLU_V4_F_PV_EXT_CONTEXT_SYSENTER_CALLBACK_CS 1u /* u16: SYSENTER callback code selector */
#define XENLU_V4_PV_EXT_CONTEXT_SYSENTER_CALLBACK_CS_BITS 16u
#define XENLU_V4_F_PV_EXT_CONTEXT_SYSENTER_CALLBACK_EIP 2u /* u64: SYSENTER callback address */
#define XENLU_V4_PV_EXT_CONTEXT_SYSENTER_CALLBACK_EIP_BITS 64u
#define XENLU_V4_F_PV_EXT_CONTEXT_SYSENTER_DISABLES_EVENTS 3u /* bool: SYSENTER masks event delivery */
#define XENLU_V4_F_PV_EXT_CONTEXT_SYSCALL32_CALLBACK_CS 4u /* u16: 32-bit SYSCALL callback code selector */
#define XENLU_V4_PV_EXT_CONTEXT_SYSCALL32_CALLBACK_CS_BITS 16u
#define XENLU_V4_F_PV_EXT_CONTEXT_SYSCALL32_CALLBACK_EIP 5u /* u64: 32-bit SYSCALL callback address */
#define XENLU_V4_PV_EXT_CONTEXT_SYSCALL32_CALLBACK_EIP_BITS 64u
#define XENLU_V4_F_PV_EXT_CONTEXT_SYSCALL32_DISABLES_EVENTS 6u /* bool: 32-bit SYSCALL masks event delivery */

/* struct PinCounts: an array of 4 fields. */
#define XENLU_V4_PIN_COUNTS_NR_FIELDS 4u
#define XENLU_V4_F_PIN_COUNTS_HOST_RW 1u /* u8: host writable mappings */
#define XENLU_V4_PIN_COUNTS_HOST_RW_BITS 8u
#define XENLU_V4_F_PIN_COUNTS_HOST_RO 2u /* u8: host read-only mappings */
#define XENLU_V4_PIN_COUNTS_HOST_RO_BITS 8u
#define XENLU_V4_F_PIN_COUNTS_DEVICE_RW 3u /* u8: device writable mappings */
#define XENLU_V4_PIN_COUNTS_DEVICE_RW_BITS 8u
#define XENLU_V4_F_PIN_COUNTS_DEVICE_RO 4u /* u8: device read-only mappings */
#define XENLU_V4_PIN_COUNTS_DEVICE_RO_BITS 8u

/* struct TransitiveSource: an array of 2 fields. */
#define XENLU_V4_TRANSITIVE_SOURCE_NR_FIELDS 2u
#define XENLU_V4_F_TRANSITIVE_SOURCE_DOMID 1u /* u16 [0, 32751]: original granter */
#define XENLU_V4_TRANSITIVE_SOURCE_DOMID_BITS 16u
#define XENLU_V4_TRANSITIVE_SOURCE_DOMID_MAX 32751u
#define XENLU_V4_F_TRANSITIVE_SOURCE_REF 2u /* u32: grant reference in the original granter */
#define XENLU_V4_TRANSITIVE_SOURCE_REF_BITS 32u

/* struct SubPage: an array of 2 fields. */
#define XENLU_V4_SUB_PAGE_NR_FIELDS 2u
#define XENLU_V4_F_SUB_PAGE_OFFSET 1u /* u16 [0, 4095]: byte offset */
#define XENLU_V4_SUB_PAGE_OFFSET_BITS 16u
#define XENLU_V4_SUB_PAGE_OFFSET_MAX 4095u
#define XENLU_V4_F_SUB_PAGE_LENGTH 2u /* u16 [1, 4096]: byte length */
#define XENLU_V4_SUB_PAGE_LENGTH_BITS 16u
#define XENLU_V4_SUB_PAGE_LENGTH_MIN 1u
#define XENLU_V4_SUB_PAGE_LENGTH_MAX 4096u

/* struct Msi: an array of 2 fields. */
#define XENLU_V4_MSI_NR_FIELDS 2u
#define XENLU_V4_F_MSI_ADDRESS 1u /* u64: MSI address */
#define XENLU_V4_MSI_ADDRESS_BITS 64u
#define XENLU_V4_F_MSI_DATA 2u /* u32: MSI data */
#define XENLU_V4_MSI_DATA_BITS 32u

/* struct Gprs: an array of 16 fields. */
#define XENLU_V4_GPRS_NR_FIELDS 16u
#define XENLU_V4_F_GPRS_RAX 1u /* u64: rax */
#define XENLU_V4_GPRS_RAX_BITS 64u
#define XENLU_V4_F_GPRS_RBX 2u /* u64: rbx */
#define XENLU_V4_GPRS_RBX_BITS 64u
#define XENLU_V4_F_GPRS_RCX 3u /* u64: rcx */
#define XENLU_V4_GPRS_RCX_BITS 64u
#define XENLU_V4_F_GPRS_RDX 4u /* u64: rdx */
#define XENLU_V4_GPRS_RDX_BITS 64u
#define XENLU_V4_F_GPRS_RBP 5u /* u64: rbp */
#define XENLU_V4_GPRS_RBP_BITS 64u
#define XENLU_V4_F_GPRS_RSI 6u /* u64: rsi */
#define XENLU_V4_GPRS_RSI_BITS 64u
#define XENLU_V4_F_GPRS_RDI 7u /* u64: rdi */
#define XENLU_V4_GPRS_RDI_BITS 64u
#define XENLU_V4_F_GPRS_RSP 8u /* u64: rsp */
#define XENLU_V4_GPRS_RSP_BITS 64u
#define XENLU_V4_F_GPRS_R8 9u /* u64: r8 */
#define XENLU_V4_GPRS_R8_BITS 64u
#define XENLU_V4_F_GPRS_R9 10u /* u64: r9 */
#define XENLU_V4_GPRS_R9_BITS 64u
#define XENLU_V4_F_GPRS_R10 11u /* u64: r10 */
#define XENLU_V4_GPRS_R10_BITS 64u
#define XENLU_V4_F_GPRS_R11 12u /* u64: r11 */
#define XENLU_V4_GPRS_R11_BITS 64u
#define XENLU_V4_F_GPRS_R12 13u /* u64: r12 */
#define XENLU_V4_GPRS_R12_BITS 64u
#define XENLU_V4_F_GPRS_R13 14u /* u64: r13 */
#define XENLU_V4_GPRS_R13_BITS 64u
#define XENLU_V4_F_GPRS_R14 15u /* u64: r14 */
#define XENLU_V4_GPRS_R14_BITS 64u
#define XENLU_V4_F_GPRS_R15 16u /* u64: r15 */
#define XENLU_V4_GPRS_R15_BITS 64u

/* struct Segment: an array of 4 fields. */
#define XENLU_V4_SEGMENT_NR_FIELDS 4u
#define XENLU_V4_F_SEGMENT_SEL 1u /* u32: selector */
#define XENLU_V4_SEGMENT_SEL_BITS 32u
#define XENLU_V4_F_SEGMENT_LIMIT 2u /* u32: limit */
#define XENLU_V4_SEGMENT_LIMIT_BITS 32u
#define XENLU_V4_F_SEGMENT_BASE 3u /* u64: base */
#define XENLU_V4_SEGMENT_BASE_BITS 64u
#define XENLU_V4_F_SEGMENT_ARBYTES 4u /* u32: access rights */
#define XENLU_V4_SEGMENT_ARBYTES_BITS 32u

/* struct DescriptorTable: an array of 2 fields. */
#define XENLU_V4_DESCRIPTOR_TABLE_NR_FIELDS 2u
#define XENLU_V4_F_DESCRIPTOR_TABLE_LIMIT 1u /* u32: limit */
#define XENLU_V4_DESCRIPTOR_TABLE_LIMIT_BITS 32u
#define XENLU_V4_F_DESCRIPTOR_TABLE_BASE 2u /* u64: base */
#define XENLU_V4_DESCRIPTOR_TABLE_BASE_BITS 64u

/* struct MtrrVar: an array of 2 fields. */
#define XENLU_V4_MTRR_VAR_NR_FIELDS 2u
#define XENLU_V4_F_MTRR_VAR_BASE 1u /* u64: PHYSBASE */
#define XENLU_V4_MTRR_VAR_BASE_BITS 64u
#define XENLU_V4_F_MTRR_VAR_MASK 2u /* u64: PHYSMASK */
#define XENLU_V4_MTRR_VAR_MASK_BITS 64u

#endif /* XENLU_V4_H */
