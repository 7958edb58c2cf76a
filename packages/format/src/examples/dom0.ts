/**
 * dom0: a 64-bit PV hardware domain that also runs xenstored, xenconsoled, the HVM guest's QEMU
 * and the block backends. It maps its guests' console/xenstore pages and block rings through
 * grants, owns the host's interrupts as PIRQs, and (v3) the IOMMU context of its devices.
 */
import type { Version } from '../schema/index.js';
import { handle, maptrack, evtchn, pages, runstate, USER_MAP, VIRQ } from './entries.js';
import { DOM0_BASE, EXAMPLE_DOMIDS as D, IOMMU_ROOT } from './layout.js';
import type { DomainParts } from './parts.js';
import { PV_MSRS, pvContext } from './vcpus.js';

export function dom0(v: Version): DomainParts {
  const fifo = v >= 2;
  const b = DOM0_BASE;
  return {
    domain: {
      domid: D.dom0, handle: handle('00000000-0000-0000-0000-000000000000'), type: 'pv64', state: 'running',
      roles: { hardware: true, xenstore: true, privileged: true },
      create_flags: { hap: false, s3_integrity: false, oos_off: false, iommu: true, nested_virt: false, vpmu: true },
      ssidref: 0, max_vcpus: 2, max_pages: 0x4_0000n, shr_pages: 0,
      max_evtchn_port: 0x7fff_ffff, max_grant_frames: 64, max_maptrack_frames: 1024, max_grant_version: 2,
      emulation_flags: { lapic: false, hpet: false, pm: false, rtc: false, ioapic: false, pic: false, vga: false, iommu: false, pit: false, use_pirq: false, vpci: false },
      altp2m: 'disabled', sched: { weight: 512, cap: 0 }, evtchn_abi: fifo ? 'fifo' : 'two_level',
      shared_info_gfn: 0x3_fff0n, cpupool: 0,
    },
    tsc_info: { mode: 'default', gtsc_khz: 2_994_374, incarnation: 0, elapsed_ns: 0n },
    p2m: [],
    vcpus: [0, 1].map((id) => ({
      id, online: true, hard_affinity: [0, 1, 2, 3], soft_affinity: [],
      singleshot_deadline_ns: id === 0 ? 1_234_571_000_000n : 0n, periodic_period_ns: 0n,
      vcpu_info: { gfn: 0x3_fe10n + BigInt(id), offset: 0x40 }, hvm: null, pv: pvContext(D.dom0, id), msrs: PV_MSRS(),
    })),
    pages: [
      pages(b, 0x100n, 'none'),
      pages(b + 0x100n, 1n, 'l4', true),
      pages(b + 0x101n, 2n, 'l3'),
      pages(b + 0x103n, 8n, 'l2'),
      pages(b + 0x10bn, 0x1f5n, 'l1'),
      pages(b + 0x300n, 2n, 'seg_desc'),
      pages(b + 0x302n, 0x3_fcfen, 'writable'),
    ],
    grant_table: {
      version: 1, nr_frames: 4, max_frames: 64, shared_gfns: [0x3_ff00n, 0x3_ff01n, 0x3_ff02n, 0x3_ff03n], status_gfns: [],
      active: [],
      maptrack: [
        maptrack(0, D.hvm, 0, USER_MAP),
        maptrack(1, D.hvm, 1, USER_MAP),
        maptrack(2, D.hvm, 8, ['host_map'], 1),
        maptrack(3, D.hvm, 9, ['host_map', 'device_map', 'readonly'], 1),
        maptrack(4, D.pvh, 0, USER_MAP),
        maptrack(5, D.pvh, 1, USER_MAP),
        maptrack(6, D.pv32, 0, USER_MAP),
        maptrack(7, D.pv32, 1, USER_MAP),
        maptrack(8, D.pv32, 10, ['host_map']),
      ],
    },
    passthrough: {
      iommu_root_mfn: IOMMU_ROOT.dom0, iommu_levels: 4,
      devices: [
        { segment: 0, bus: 0x00, devfn: 0xfa }, // 00:1f.2 SATA controller
        { segment: 0, bus: 0x00, devfn: 0xc8 }, // 00:19.0 NIC
      ],
      pirqs: [
        { pirq: 9, host_irq: 9, msi: null, port: 11 }, // ACPI SCI
        { pirq: 16, host_irq: 16, msi: null, port: 12 }, // GSI of the SATA controller
        { pirq: 20, host_irq: 20, msi: null, port: 0 }, // mapped, not bound yet
        { pirq: 879, host_irq: 120, msi: { address: 0xfee0_0000n, data: 0x4041 }, port: 13 },
      ],
    },
    hvm_params: [],
    hvm_devices: [],
    event_fifo: fifo
      ? {
          event_array_gfns: [0x3_fe00n],
          vcpus: [0, 1].map((vcpu) => ({
            vcpu, control_block_gfn: 0x3_fe01n + BigInt(vcpu), control_block_offset: 0,
            heads: Array.from({ length: 16 }, (_, q) => (vcpu === 0 && q === 7 ? 14 : 0)),
          })),
        }
      : null,
    event_channels: [
      evtchn.virq(1, VIRQ.TIMER, { priority: fifo ? 0 : 7 }),
      evtchn.ipi(2),
      evtchn.ipi(3),
      evtchn.virq(4, VIRQ.DEBUG),
      evtchn.virq(5, VIRQ.TIMER, { vcpu: 1, priority: fifo ? 0 : 7 }),
      evtchn.ipi(6, { vcpu: 1 }),
      evtchn.ipi(7, { vcpu: 1 }),
      evtchn.virq(8, VIRQ.DEBUG, { vcpu: 1 }),
      evtchn.virq(9, VIRQ.CONSOLE, { priority: fifo ? 15 : 7 }),
      evtchn.virq(10, VIRQ.DOM_EXC),
      evtchn.pirq(11, 9),
      evtchn.pirq(12, 16, { masked: true }),
      evtchn.pirq(13, 879, { vcpu: 1 }),
      evtchn.interdomain(14, D.hvm, 1, { pending: true }),
      evtchn.interdomain(15, D.hvm, 2),
      evtchn.interdomain(16, D.hvm, 3),
      evtchn.interdomain(17, D.hvm, 4, { vcpu: 1 }),
      evtchn.interdomain(18, D.hvm, 5),
      evtchn.interdomain(19, D.hvm, 6, { vcpu: 1 }),
      evtchn.interdomain(20, D.pvh, 1),
      evtchn.interdomain(21, D.pvh, 2),
      evtchn.interdomain(22, D.pv32, 1),
      evtchn.interdomain(23, D.pv32, 2),
      evtchn.interdomain(24, D.pv32, 3),
      evtchn.unbound(25, D.pv32),
    ],
    vcpu_runstates: [
      runstate(0, 'running', 1_234_560_100_000n, [812_000_000_000n, 3_100_000_000n, 402_000_000_000n, 0n]),
      runstate(1, 'blocked', 1_234_560_090_000n, [505_000_000_000n, 2_800_000_000n, 709_000_000_000n, 0n]),
    ],
    ioreq_servers: [],
  };
}
