/**
 * The HVM guest: a Linux PVHVM guest with QEMU in dom0 (IOREQ server 0) and a second device model
 * in the PVH domain (server 1, not bound yet), block I/O to dom0 over grants, a ballooned hole, a
 * little of every p2m type, and (v3) a passed-through VF with an MSI bound to a PIRQ. From v2 on it
 * uses the FIFO ABI and grant-table v2, with a transitive and a sub-page grant.
 */
import { HVM_PARAM } from '../schema/xen.js';
import type { Version } from '../schema/index.js';
import {
  ioapicImage, pattern, pciLinkImage, pmtimerImage, tscAdjustImage, viridianDomainImage, vmceImage,
} from './blobs.js';
import { copyOnlyGrant, evtchn, handle, mappedGrant, p2m, pages, runstate, VIRQ } from './entries.js';
import {
  EXAMPLE_DOMIDS as D, HVM_CONSOLE_MFN, HVM_GRANTED_MFN, HVM_HIGH_BASE, HVM_LOW_BASE, HVM_STORE_MFN,
  IOMMU_ROOT, PASSTHROUGH_BAR_MFN, PV32_GRANTED_MFN,
} from './layout.js';
import type { DomainParts, HvmDevice } from './parts.js';
import { HVM_MSRS, hvmContext } from './vcpus.js';

const STORE_PFN = 0xf_effcn;
const CONSOLE_PFN = 0xf_effen;

function devices(): HvmDevice[] {
  const d = (type: HvmDevice['type'], instance: number, body: Uint8Array): HvmDevice => ({ type, instance, body });
  return [
    d('pic', 0, pattern(8, 30)),
    d('pic', 1, pattern(8, 31)),
    d('ioapic', 0, ioapicImage()),
    d('pci_irq', 0, new Uint8Array(16)),
    d('isa_irq', 0, new Uint8Array(8)),
    d('pci_link', 0, pciLinkImage()),
    d('pit', 0, pattern(52, 32)),
    d('rtc', 0, pattern(24, 33)),
    d('hpet', 0, pattern(64, 34)),
    d('pmtimer', 0, pmtimerImage()),
    d('viridian_domain', 0, viridianDomainImage()),
    d('viridian_vcpu', 0, pattern(40, 35)),
    d('viridian_vcpu', 1, pattern(40, 36)),
    d('vmce_vcpu', 0, vmceImage()),
    d('vmce_vcpu', 1, vmceImage()),
    d('tsc_adjust', 0, tscAdjustImage(0n)),
    d('tsc_adjust', 1, tscAdjustImage(0n)),
  ];
}

export function hvmGuest(v: Version): DomainParts {
  const modern = v >= 2;
  const lo = HVM_LOW_BASE;
  return {
    domain: {
      domid: D.hvm, handle: handle('6e1a7c3b-52d4-4f0e-9a8b-1c2d3e4f5a6b'), type: 'hvm', state: 'running',
      roles: { hardware: false, xenstore: false, privileged: false },
      create_flags: { hap: true, s3_integrity: false, oos_off: false, iommu: true, nested_virt: true, vpmu: false },
      ssidref: 0x5, max_vcpus: 2, max_pages: 0x4_0500n, shr_pages: 1,
      max_evtchn_port: 1023, max_grant_frames: 32, max_maptrack_frames: 0, max_grant_version: 2,
      emulation_flags: { lapic: true, hpet: true, pm: true, rtc: true, ioapic: true, pic: true, vga: true, iommu: true, pit: true, use_pirq: true, vpci: false },
      altp2m: 'mixed', sched: { weight: 256, cap: 0 }, evtchn_abi: modern ? 'fifo' : 'two_level',
      shared_info_gfn: 0xf_1002n, cpupool: 1,
    },
    tsc_info: { mode: 'default', gtsc_khz: 2_994_374, incarnation: 1, elapsed_ns: 86_400_123_456_789n },
    p2m: [
      p2m(0x0n, lo, 9, 'ram_rw'),
      p2m(0x200n, lo + 0x200n, 9, 'ram_logdirty', 'rx2rw'),
      // 0x400-0x5ff populate-on-demand, then one page of each RAM state; 0x608-0x3ffff ballooned out.
      p2m(0x400n, 0n, 9, 'populate_on_demand', 'n2rwx'),
      p2m(0x600n, lo + 0x400n, 0, 'ram_paging_out', 'n'),
      p2m(0x601n, 0n, 0, 'ram_paged', 'n'),
      p2m(0x602n, lo + 0x401n, 0, 'ram_paging_in', 'r'),
      p2m(0x603n, lo + 0x402n, 0, 'ram_broken', 'w'),
      p2m(0x604n, lo + 0x403n, 0, 'ram_shared', 'rx'),
      p2m(0x605n, lo + 0x404n, 0, 'ioreq_server', 'rw'),
      p2m(0x606n, 0n, 0, 'invalid', 'x'),
      p2m(0x607n, lo + 0x405n, 0, 'ram_ro', 'r_pw'),
      p2m(0x4_0000n, HVM_HIGH_BASE, 18, 'ram_rw'),
      p2m(0xe_0000n, 0n, 0, 'mmio_dm', 'wx'),
      p2m(0xf_1000n, PASSTHROUGH_BAR_MFN, 0, 'mmio_direct', 'rw'),
      p2m(0xf_1001n, PASSTHROUGH_BAR_MFN + 1n, 0, 'mmio_direct', 'rw'),
      // Special pages: xenstore, identity page table, console.
      p2m(STORE_PFN, HVM_STORE_MFN, 0, 'ram_rw'),
      p2m(0xf_effdn, lo + 0x407n, 0, 'ram_rw'),
      p2m(CONSOLE_PFN, HVM_CONSOLE_MFN, 0, 'ram_rw'),
    ],
    vcpus: [0, 1].map((id) => ({
      id, online: id === 0, hard_affinity: [4, 5], soft_affinity: id === 0 ? [4] : [],
      singleshot_deadline_ns: 0n, periodic_period_ns: 0n,
      vcpu_info: { gfn: 0x1_a1c0n + BigInt(id), offset: 0x40 },
      hvm: hvmContext(id, { xsave: true, tsc: 0x3a_9f12_7733_0000n + BigInt(id) * 0x1000n }), pv: null, msrs: HVM_MSRS(),
    })),
    pages: [
      pages(lo, 0x403n, 'none'),
      pages(lo + 0x403n, 1n, 'shared'),
      pages(lo + 0x404n, 5n, 'none'),
      pages(HVM_HIGH_BASE, 0x4_0000n, 'none'),
    ],
    grant_table: {
      version: modern ? 2 : 1, nr_frames: 1, max_frames: 32, shared_gfns: [0xf_1003n], status_gfns: modern ? [0xf_1004n] : [],
      active: [
        mappedGrant(0, D.dom0, HVM_CONSOLE_MFN),
        mappedGrant(1, D.dom0, HVM_STORE_MFN),
        mappedGrant(8, D.dom0, HVM_GRANTED_MFN.ring),
        mappedGrant(9, D.dom0, HVM_GRANTED_MFN.data, { readonly: true, device: true }),
        ...(modern
          ? [
              copyOnlyGrant(12, D.pvh, PV32_GRANTED_MFN(11), { transitive: { domid: D.pv32, ref: 11 }, sub_page: null }),
              copyOnlyGrant(13, D.dom0, HVM_GRANTED_MFN.subPage, { transitive: null, sub_page: { offset: 0x100, length: 0x200 } }),
            ]
          : []),
      ],
      maptrack: [],
    },
    passthrough: {
      iommu_root_mfn: IOMMU_ROOT.hvm, iommu_levels: 4,
      devices: [{ segment: 0, bus: 0x03, devfn: 0x10 }], // 03:02.0, a NIC virtual function
      pirqs: [{ pirq: 55, host_irq: 121, msi: { address: 0xfee0_1000n, data: 0x4051 }, port: 12 }],
    },
    hvm_params: [
      { index: HVM_PARAM.STORE_PFN, value: STORE_PFN },
      { index: HVM_PARAM.STORE_EVTCHN, value: 1n },
      { index: 5, value: 0xf_eff9n }, // IOREQ_PFN
      { index: 6, value: 0xf_eff8n }, // BUFIOREQ_PFN
      { index: 9, value: 0x1ffn }, // VIRIDIAN feature mask
      { index: 12, value: 0xfeff_d000n }, // IDENT_PT
      { index: HVM_PARAM.CONSOLE_PFN, value: CONSOLE_PFN },
      { index: HVM_PARAM.CONSOLE_EVTCHN, value: 2n },
      { index: 19, value: 1n }, // ACPI_IOPORTS_LOCATION
      { index: HVM_PARAM.BUFIOREQ_EVTCHN, value: 5n },
      { index: 32, value: 0xf_eff0n }, // IOREQ_SERVER_PFN
      { index: 33, value: 8n }, // NR_IOREQ_SERVER_PAGES
      { index: 36, value: 8n }, // X87_FIP_WIDTH
      { index: 38, value: 0n }, // MCA_CAP
    ],
    hvm_devices: devices(),
    event_fifo: modern
      ? {
          event_array_gfns: [0x1_a200n],
          vcpus: [0, 1].map((vcpu) => ({
            vcpu, control_block_gfn: 0x1_a201n + BigInt(vcpu), control_block_offset: 0, heads: new Array<number>(16).fill(0),
          })),
        }
      : null,
    event_channels: [
      evtchn.interdomain(1, D.dom0, 14, { pending: true }),
      evtchn.interdomain(2, D.dom0, 15),
      evtchn.interdomain(3, D.dom0, 16, { priority: modern ? 3 : 7 }),
      evtchn.interdomain(4, D.dom0, 17, { vcpu: 1, priority: modern ? 3 : 7 }),
      evtchn.interdomain(5, D.dom0, 18),
      evtchn.interdomain(6, D.dom0, 19, { vcpu: 1 }),
      evtchn.virq(7, VIRQ.TIMER, { priority: modern ? 1 : 7 }),
      evtchn.virq(8, VIRQ.TIMER, { vcpu: 1, masked: true }),
      evtchn.ipi(9),
      evtchn.unbound(10, D.pvh),
      evtchn.unbound(11, D.pvh, { vcpu: 1 }),
      ...(v >= 3 ? [evtchn.pirq(12, 55)] : []),
    ],
    vcpu_runstates: [
      runstate(0, 'blocked', 1_234_560_200_000n, [41_000_000_000n, 900_000_000n, 86_350_000_000_000n, 0n]),
      runstate(1, 'offline', 1_000_000_000n, [0n, 0n, 0n, 86_399_000_000_000n]),
    ],
    ioreq_servers: [
      { id: 0, dm_domid: D.dom0, ioreq_gfn: 0xf_eff0n, bufioreq_gfn: 0xf_eff1n, vcpu_ports: [3, 4] },
      { id: 1, dm_domid: D.pvh, ioreq_gfn: 0xf_eff2n, bufioreq_gfn: null, vcpu_ports: [10, 11] },
    ],
  };
}
