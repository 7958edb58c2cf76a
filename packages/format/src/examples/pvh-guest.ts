/**
 * The PVH guest: a paused driver domain. It runs the network backend of the PV guest (grant
 * mappings in its P2M) and a second device model for the HVM guest (a map_foreign page of it).
 * TSC never emulated, no XSAVE state in its vCPU.
 */
import { HVM_PARAM } from '../schema/xen.js';
import type { Version } from '../schema/index.js';
import { tscAdjustImage, vmceImage } from './blobs.js';
import { evtchn, handle, mappedGrant, maptrack, p2m, pages, runstate, VIRQ } from './entries.js';
import { EXAMPLE_DOMIDS as D, HVM_FOREIGN_MAPPED_MFN, PV32_GRANTED_MFN, PVH_BASE, PVH_CONSOLE_PFN, PVH_STORE_PFN } from './layout.js';
import type { DomainParts } from './parts.js';
import { HVM_MSRS, hvmContext } from './vcpus.js';

export function pvhGuest(_v: Version): DomainParts {
  return {
    domain: {
      domid: D.pvh, handle: handle('a3f0c2d1-7b6e-4c5d-8e9f-0a1b2c3d4e5f'), type: 'pvh', state: 'paused',
      roles: { hardware: false, xenstore: false, privileged: false },
      create_flags: { hap: true, s3_integrity: true, oos_off: false, iommu: false, nested_virt: false, vpmu: false },
      ssidref: 0, max_vcpus: 1, max_pages: 0x4_0100n, shr_pages: 0,
      max_evtchn_port: 1023, max_grant_frames: 32, max_maptrack_frames: 1024, max_grant_version: 1,
      emulation_flags: { lapic: true, hpet: false, pm: false, rtc: false, ioapic: false, pic: false, vga: false, iommu: false, pit: false, use_pirq: false, vpci: false },
      altp2m: 'external', sched: { weight: 256, cap: 0 }, evtchn_abi: 'two_level',
      shared_info_gfn: 0x3_fffdn, cpupool: 0,
    },
    tsc_info: { mode: 'never_emulate', gtsc_khz: 0, incarnation: 0, elapsed_ns: 0n },
    p2m: [
      p2m(0x0n, PVH_BASE, 18, 'ram_rw'),
      p2m(0x8_0000n, PV32_GRANTED_MFN(8), 0, 'grant_map_rw', 'rw'),
      p2m(0x8_0001n, PV32_GRANTED_MFN(9), 0, 'grant_map_ro', 'r'),
      p2m(0x8_0100n, HVM_FOREIGN_MAPPED_MFN, 0, 'map_foreign', 'rw'),
    ],
    vcpus: [
      {
        id: 0, online: true, hard_affinity: [0, 1, 2, 3], soft_affinity: [],
        singleshot_deadline_ns: 0n, periodic_period_ns: 0n,
        vcpu_info: { gfn: 0x1_2340n, offset: 0 },
        hvm: hvmContext(0, { xsave: false, tsc: 0x1_0203_0405_0000n }), pv: null, msrs: HVM_MSRS(),
      },
    ],
    pages: [pages(PVH_BASE, 0x4_0000n, 'none')],
    grant_table: {
      version: 1, nr_frames: 1, max_frames: 32, shared_gfns: [0x3_fff0n], status_gfns: [],
      active: [
        mappedGrant(0, D.dom0, PVH_BASE + PVH_CONSOLE_PFN),
        mappedGrant(1, D.dom0, PVH_BASE + PVH_STORE_PFN),
      ],
      maptrack: [
        maptrack(0, D.pv32, 8, ['host_map']),
        maptrack(1, D.pv32, 9, ['host_map', 'readonly']),
      ],
    },
    passthrough: null,
    hvm_params: [
      { index: HVM_PARAM.STORE_PFN, value: PVH_STORE_PFN },
      { index: HVM_PARAM.STORE_EVTCHN, value: 1n },
      { index: HVM_PARAM.CONSOLE_PFN, value: PVH_CONSOLE_PFN },
      { index: HVM_PARAM.CONSOLE_EVTCHN, value: 2n },
    ],
    hvm_devices: [
      { type: 'vmce_vcpu', instance: 0, body: vmceImage() },
      { type: 'tsc_adjust', instance: 0, body: tscAdjustImage(0x10_0000n) },
    ],
    event_fifo: null,
    event_channels: [
      evtchn.interdomain(1, D.dom0, 20),
      evtchn.interdomain(2, D.dom0, 21),
      evtchn.interdomain(3, D.pv32, 4, { pending: true }),
      evtchn.virq(4, VIRQ.TIMER),
      evtchn.ipi(5),
    ],
    vcpu_runstates: [runstate(0, 'offline', 1_234_500_000_000n, [9_000_000_000n, 100_000_000n, 1_225_000_000_000n, 400_000_000n])],
    ioreq_servers: [],
  };
}
