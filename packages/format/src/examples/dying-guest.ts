/**
 * The dying domain: an HVM guest being destroyed. Its vCPUs, event channels and grant table are
 * gone; 2 MiB of memory and its P2M are still held while relinquishing resources, which is why
 * live update keeps it.
 */
import type { Version } from '../schema/index.js';
import { handle, p2m, pages } from './entries.js';
import { DYING_BASE, EXAMPLE_DOMIDS as D } from './layout.js';
import type { DomainParts } from './parts.js';

export function dyingGuest(_v: Version): DomainParts {
  return {
    domain: {
      domid: D.dying, handle: handle('f1e2d3c4-b5a6-4978-8695-a4b3c2d1e0f9'), type: 'hvm', state: 'dying',
      roles: { hardware: false, xenstore: false, privileged: false },
      create_flags: { hap: true, s3_integrity: false, oos_off: true, iommu: false, nested_virt: false, vpmu: false },
      ssidref: 0, max_vcpus: 2, max_pages: 0x4_0100n, shr_pages: 0,
      max_evtchn_port: 1023, max_grant_frames: 32, max_maptrack_frames: 1024, max_grant_version: 1,
      emulation_flags: { lapic: true, hpet: true, pm: true, rtc: true, ioapic: true, pic: true, vga: true, iommu: false, pit: true, use_pirq: false, vpci: false },
      altp2m: 'limited', sched: { weight: 256, cap: 0 }, evtchn_abi: 'two_level',
      shared_info_gfn: 0xf_1002n, cpupool: 0,
    },
    tsc_info: { mode: 'default', gtsc_khz: 2_994_374, incarnation: 0, elapsed_ns: 7_200_000_000_000n },
    p2m: [p2m(0x0n, DYING_BASE, 9, 'ram_rw')],
    vcpus: [],
    pages: [pages(DYING_BASE, 0x200n, 'none')],
    grant_table: null,
    passthrough: null,
    hvm_params: [],
    hvm_devices: [],
    event_fifo: null,
    event_channels: [],
    vcpu_runstates: [],
    ioreq_servers: [],
  };
}
