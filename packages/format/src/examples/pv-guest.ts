/**
 * The PV guest: a 32-bit (PAE) PV guest with its block backend in dom0 and its network backend
 * in the PVH domain. Always-emulated TSC, vcpu_info in the shared-info page, and the source
 * frame of the HVM guest's transitive grant.
 */
import type { Version } from '../schema/index.js';
import { copyOnlyGrant, evtchn, handle, mappedGrant, pages, runstate, VIRQ } from './entries.js';
import { EXAMPLE_DOMIDS as D, PV32_BASE, PV32_CONSOLE_MFN, PV32_GRANTED_MFN, PV32_STORE_MFN } from './layout.js';
import type { DomainParts } from './parts.js';
import { PV_MSRS, pvContext } from './vcpus.js';

export function pvGuest(_v: Version): DomainParts {
  const b = PV32_BASE;
  return {
    domain: {
      domid: D.pv32, handle: handle('0c9d8e7f-6a5b-4c3d-9e2f-1a0b9c8d7e6f'), type: 'pv32', state: 'running',
      roles: { hardware: false, xenstore: false, privileged: false },
      create_flags: { hap: false, s3_integrity: false, oos_off: false, iommu: false, nested_virt: false, vpmu: false },
      ssidref: 0, max_vcpus: 1, max_pages: 0x1_0100n, shr_pages: 0,
      max_evtchn_port: 1023, max_grant_frames: 32, max_maptrack_frames: 1024, max_grant_version: 1,
      emulation_flags: { lapic: false, hpet: false, pm: false, rtc: false, ioapic: false, pic: false, vga: false, iommu: false, pit: false, use_pirq: false, vpci: false },
      altp2m: 'disabled', sched: { weight: 256, cap: 50 }, evtchn_abi: 'two_level',
      shared_info_gfn: 0xfff0n, cpupool: 2,
    },
    tsc_info: { mode: 'always_emulate', gtsc_khz: 1_000_000, incarnation: 2, elapsed_ns: 3_600_000_000_000n },
    p2m: [],
    vcpus: [
      {
        id: 0, online: true, hard_affinity: [6], soft_affinity: [],
        singleshot_deadline_ns: 0n, periodic_period_ns: 10_000_000n,
        vcpu_info: null, hvm: null, pv: pvContext(D.pv32, 0), msrs: PV_MSRS(),
      },
    ],
    pages: [
      pages(b, 0x7000n, 'writable'),
      pages(b + 0x7000n, 1n, 'l3', true),
      pages(b + 0x7001n, 4n, 'l2'),
      pages(b + 0x7005n, 0x3bn, 'l1'),
      pages(b + 0x7040n, 1n, 'seg_desc'),
      pages(b + 0x7041n, 0x8fbfn, 'none'),
    ],
    grant_table: {
      version: 1, nr_frames: 1, max_frames: 32, shared_gfns: [0xfff1n], status_gfns: [],
      active: [
        mappedGrant(0, D.dom0, PV32_CONSOLE_MFN),
        mappedGrant(1, D.dom0, PV32_STORE_MFN),
        mappedGrant(8, D.pvh, PV32_GRANTED_MFN(8)),
        mappedGrant(9, D.pvh, PV32_GRANTED_MFN(9), { readonly: true }),
        mappedGrant(10, D.dom0, PV32_GRANTED_MFN(10)),
        copyOnlyGrant(11, D.hvm, PV32_GRANTED_MFN(11), { transitive: null, sub_page: null }),
      ],
      maptrack: [],
    },
    passthrough: null,
    hvm_params: [],
    hvm_devices: [],
    event_fifo: null,
    event_channels: [
      evtchn.interdomain(1, D.dom0, 22),
      evtchn.interdomain(2, D.dom0, 23),
      evtchn.interdomain(3, D.dom0, 24),
      evtchn.interdomain(4, D.pvh, 3),
      evtchn.virq(5, VIRQ.TIMER, { pending: true, masked: true }),
      evtchn.ipi(6),
    ],
    vcpu_runstates: [runstate(0, 'runnable', 1_234_560_300_000n, [3_100_000_000_000n, 12_000_000_000n, 488_000_000_000n, 0n])],
    ioreq_servers: [],
  };
}
