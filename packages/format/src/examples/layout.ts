/**
 * The machine-frame map of the example host (16 GiB, 4 KiB pages), in one place so the host
 * record and every domain agree on it: each domain owns its own region, nothing preserved lies in
 * live-update bootmem, and MMIO sits in the PCI hole below 4 GiB.
 */

export const TOTAL_PAGES = 0x40_0000n;

/** Live-update bootmem: the `liveupdate=` region below Xen, and xen#1's frame table at the top. */
export const BOOTMEM = [
  { start: 0x8_0000n, count: 0x8000n },
  { start: 0x3f_0000n, count: 0x4000n },
] as const;

/** M2P: one u64 per host frame, so 32 MiB for 16 GiB. */
export const M2P = { start: 0x9_0000n, count: 0x2000n } as const;

/** The breadcrumb's MFN array page, then the stream pages it lists. */
export const STREAM_MFN_ARRAY = 0x9_2000n;
export const STREAM_MFNS = [0x9_2001n, 0x9_2002n] as const;

/** IOMMU page-table roots (v3): Xen pages, owned by no domain. */
export const IOMMU_ROOT = { dom0: 0x9_f000n, hvm: 0x9_f001n } as const;

/** A BAR of the device passed through to the HVM guest. */
export const PASSTHROUGH_BAR_MFN = 0xf_0000n;

/** First frame of each domain's memory. */
export const DOM0_BASE = 0x1_0000n;
export const HVM_LOW_BASE = 0x10_0000n;
export const HVM_HIGH_BASE = 0x14_0000n;
export const PVH_BASE = 0x18_0000n;
export const PV32_BASE = 0x1c_0000n;
export const DYING_BASE = 0x1e_0000n;

/** Domain ids of the example domains (a gap before the dying one, as on a real host). */
export const EXAMPLE_DOMIDS = { dom0: 0, hvm: 1, pvh: 2, pv32: 3, dying: 7 } as const;

/** PV32 frames that back grants: console, xenstore, then refs 8-11. */
export const PV32_CONSOLE_MFN = PV32_BASE + 0x1n;
export const PV32_STORE_MFN = PV32_BASE + 0x2n;
export const PV32_GRANTED_MFN = (ref: 8 | 9 | 10 | 11): bigint => PV32_BASE + 0x100n + BigInt(ref - 8);

/** HVM guest frames: granted block-I/O pages, the sub-page grant, special pages. */
export const HVM_GRANTED_MFN = { ring: HVM_LOW_BASE + 0x10n, data: HVM_LOW_BASE + 0x11n, subPage: HVM_LOW_BASE + 0x12n } as const;
export const HVM_STORE_MFN = HVM_LOW_BASE + 0x406n;
export const HVM_CONSOLE_MFN = HVM_LOW_BASE + 0x408n;
/** The HVM frame the PVH device-model domain maps with map_foreign. */
export const HVM_FOREIGN_MAPPED_MFN = HVM_HIGH_BASE + 0x10n;

/** PVH guest: one 1 GiB block, xenstore and console at its top. */
export const PVH_STORE_PFN = 0x3_fffen;
export const PVH_CONSOLE_PFN = 0x3_ffffn;

/**
 * Xen-heap frames guests map (v4): shared-info pages, grant shared and status frames, IOREQ
 * pages. Xen allocates them; they are in no domain's PAGES (tot_pages does not count them).
 * One 0x100-frame slot per domain, by its position in the stream.
 */
export const XEN_HEAP_BASE = 0xa_0000n;
export const XEN_HEAP_SLOT = 0x100n;
/** Frames owned by the pseudo-domains (v4): the legacy VGA/ROM hole below 1 MiB is dom_io's. */
export const DOM_IO_LEGACY = { first_mfn: 0xa0n, count: 0x60n } as const;
export const DOM_COW_FRAMES = { first_mfn: 0x9_f800n, count: 0x10n } as const;
