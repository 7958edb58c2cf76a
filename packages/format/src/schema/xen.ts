/**
 * Constants of Xen's public ABI that the schema refers to, with the header each comes from
 * (paths in the xen-project/xen repository). Facts only: the values, not Xen's code.
 */

/** public/xen.h: DOMID_FIRST_RESERVED; every real domain id is below it. */
export const DOMID_FIRST_RESERVED = 0x7ff0;
/** public/xen.h: NR_VIRQS. */
export const NR_VIRQS = 24;
/**
 * public/hvm/hvm_info_table.h: HVM_MAX_VCPUS, the vCPU limit of HVM and PVH domains (the vLAPIC id
 * mapping); x86 arch_sanitise_domain_config refuses a larger max_vcpus at createdomain.
 */
export const HVM_MAX_VCPUS = 128;
/** public/hvm/params.h: HVM_NR_PARAMS. */
export const HVM_NR_PARAMS = 39;
/** public/hvm/params.h: the parameters the semantic rules look at. */
export const HVM_PARAM = {
  STORE_PFN: 1,
  STORE_EVTCHN: 2,
  CONSOLE_PFN: 17,
  CONSOLE_EVTCHN: 18,
  BUFIOREQ_EVTCHN: 26,
} as const;
/** common/event_channel.h: 2-level ABI port limits (64-bit guests, 32-bit PV guests). */
export const EVTCHN_2L_NR_CHANNELS_64 = 64 * 64;
export const EVTCHN_2L_NR_CHANNELS_32 = 32 * 32;
/** public/event_channel.h: FIFO ABI, 17 link bits. */
export const EVTCHN_FIFO_NR_CHANNELS = 1 << 17;
/** common/event_fifo.c: event-array pages and priorities. */
export const EVTCHN_FIFO_MAX_EVENT_ARRAY_PAGES = 128;
export const EVTCHN_FIFO_MAX_QUEUES = 16;
export const EVTCHN_FIFO_PRIORITY_DEFAULT = 7;
/** public/grant_table.h: reserved grant references (0 console, 1 xenstore). */
export const GNTTAB_NR_RESERVED_ENTRIES = 8;
/** Grant entries per 4 KiB frame: v1 entries are 8 bytes, v2 entries 16. */
export const GRANT_ENTRIES_PER_FRAME = { 1: 512, 2: 256 } as const;
/** v2 status frames: 2048 u16 status words per frame, so one per 8 grant frames. */
export const GRANT_FRAMES_PER_STATUS_FRAME = 8;
/** Maptrack entries (struct grant_mapping, 16 bytes) per 4 KiB frame. */
export const MAPTRACK_PER_FRAME = 256;
/** asm/page.h: x86 page orders of the p2m. */
export const PAGE_ORDER_4K = 0;
export const PAGE_ORDER_2M = 9;
export const PAGE_ORDER_1G = 18;
/** x86 page shift. */
export const PAGE_SHIFT = 12;
/** arch-x86/hvm/save.h: fixed payload sizes of the platform save records, by type code. */
export const HVM_SAVE_FIXED_SIZE: Readonly<Record<number, number>> = {
  3: 8, // PIC: struct hvm_hw_vpic
  4: 400, // IOAPIC: base u64, ioregsel u32, id u32, 48 redirection entries
  7: 16, // PCI_IRQ: 128-bit bitmap
  8: 8, // ISA_IRQ: 16-bit bitmap in 8 bytes
  9: 8, // PCI_LINK: route[4] + pad
  13: 8, // PMTIMER: tmr_val u32, pm1a_sts u16, pm1a_en u16
  15: 32, // VIRIDIAN_DOMAIN: four u64
  18: 32, // VMCE_VCPU: caps, mci_ctl2 bank0/1, mcg_ext_ctl
  19: 8, // TSC_ADJUST: u64
};
/**
 * xen/arch/x86/include/asm/x86_64/page.h: PADDR_BITS 52, so with 4 KiB pages a machine frame
 * number has at most 40 bits.
 */
export const MFN_BITS = 52 - 12;
/** xen/include/xen/ioreq.h: MAX_NR_IOREQ_SERVERS. */
export const MAX_NR_IOREQ_SERVERS = 8;
/** xen/arch/x86/include/asm/config.h: NR_CPUS is a build option, at most 16383 (Kconfig). */
export const NR_CPUS_MAX = 16383;
/** xen/include/xen/sched.h: NR_DOMAIN_WATCHDOG_TIMERS. */
export const NR_DOMAIN_WATCHDOG_TIMERS = 2;
/** xen/arch/x86/include/asm/p2m.h (x86): MAX_ALTP2M views per domain. */
export const MAX_ALTP2M = 10;
/** public/xen.h: the domids of the pseudo-domains that own Xen pages. */
export const DOMID_IO = 0x7ff1;
export const DOMID_XEN = 0x7ff2;
export const DOMID_COW = 0x7ff3;
/** public/arch-x86/xen.h: XEN_CPUID_NO_SUBLEAF, the subleaf of a leaf that has none. */
export const XEN_CPUID_NO_SUBLEAF = 0xffffffff;
