/**
 * The v4 projection of the example domains: what v4 adds to their v3 state, with values a real
 * host has (a Linux guest's CPUID policy, Xen-heap frames from layout.ts, QEMU's I/O ranges).
 */
import type { DomainStateV4, StateV1, StateV4 } from '../schema/index.js';
import { XEN_CPUID_NO_SUBLEAF } from '../schema/xen.js';
import { pattern } from './blobs.js';
import { DOM_COW_FRAMES, DOM_IO_LEGACY, EXAMPLE_DOMIDS as D, M2P, XEN_HEAP_BASE, XEN_HEAP_SLOT } from './layout.js';
import { type DomainParts, toV3 } from './parts.js';

type CpuPolicy = DomainStateV4['cpu_policy'];
type Domain = DomainStateV4['domain'];
type IoreqServer = DomainStateV4['ioreq_servers'][number];

const NO_SUB = XEN_CPUID_NO_SUBLEAF;
const leaf = (l: number, s: number, eax: number, ebx: number, ecx: number, edx: number) => ({ leaf: l, subleaf: s, eax, ebx, ecx, edx });

/**
 * A levelled Intel policy: vendor and max leaf, features (leaf 1; HVM guests see the hypervisor
 * bit, ECX 31), structured features (leaf 7), XSAVE sizes (leaf 0xd), extended leaves.
 */
function cpuPolicy(type: Domain['type']): CpuPolicy {
  const hvm = type === 'hvm' || type === 'pvh';
  return {
    cpuid: [
      leaf(0x0, NO_SUB, 0xd, 0x756e_6547, 0x6c65_746e, 0x4965_6e69), // "GenuineIntel"
      leaf(0x1, NO_SUB, 0x5_0657, 0x0010_0800, 0x77fa_3203 + (hvm ? 0x8000_0000 : 0), 0x1f8b_fbff),
      leaf(0x7, 0x0, 0x0, 0x029c_6fbb, 0x0000_0000, 0xbc00_0400),
      leaf(0xd, 0x0, 0x7, 0x340, 0x340, 0x0),
      leaf(0xd, 0x1, 0x1, 0x0, 0x0, 0x0),
      leaf(0x8000_0000, NO_SUB, 0x8000_0008, 0x0, 0x0, 0x0),
      leaf(0x8000_0001, NO_SUB, 0x0, 0x0, 0x121, 0x2c10_0800),
      leaf(0x8000_0008, NO_SUB, 0x3028, 0x0, 0x0, 0x0),
    ],
    // MSR_INTEL_PLATFORM_INFO (CPUID faulting) and MSR_ARCH_CAPABILITIES.
    msrs: [{ index: 0xce, value: 0x8000_0000n }, { index: 0x10a, value: 0x0c2b_e0e9n }],
  };
}

/** The Xen-heap slot of the domain at position `i`: shared info first, then grant frames, IOREQ pages. */
const heap = (i: number, n: number) => XEN_HEAP_BASE + BigInt(i) * XEN_HEAP_SLOT + BigInt(n);

/** The HVM guest's buffered-ioreq port (its HVM param BUFIOREQ_EVTCHN). */
const BUFIOREQ_PORT = 5;

/**
 * The dying guest's device model is gone but its server is not destroyed yet: disabled, with the
 * legacy buffered ring of an old device model, its channels closed, its page frames not recorded.
 */
function dyingServer(): DomainStateV4['ioreq_servers'][number] {
  return {
    id: 0, dm_domid: D.dom0, ioreq_gfn: 0xf_eff0n, bufioreq_gfn: 0xf_eff1n, vcpu_ports: [], enabled: false,
    bufioreq: 'legacy', bufioreq_port: 0, ranges: [], ioreq_mfn: null, bufioreq_mfn: null,
  };
}

export function toV4(p: DomainParts, i: number): DomainStateV4 {
  const s = toV3(p);
  const d = s.domain;
  const gt = s.grant_table;
  const domain: Domain = {
    ...d,
    max_pages: Number(d.max_pages),
    tot_pages: Number(d.tot_pages),
    // The dying guest's shared-info page is already freed.
    shared_info_mfn: d.state === 'dying' ? null : heap(i, 0),
    has_32bit_shinfo: d.type === 'pv32',
    shutdown_code: d.state === 'dying' ? 0 : null, // SHUTDOWN_poweroff
    suspend_evtchn: 0,
    // The HVM guest's RTC keeps local time, an hour ahead of UTC.
    time_offset: d.domid === D.hvm ? { seconds: 3600n, negative: false } : null,
    watchdogs: d.domid === D.pv32 ? [{ id: 0, timeout_s: 30 }] : [],
    controller_pause_count: d.state === 'paused' ? 1 : 0,
    iommu_opts: { no_sharept: false },
    altp2m_views: d.altp2m === 'disabled' ? 0 : 2,
    vmtrace_size: d.domid === D.hvm ? 0x1_0000 : 0,
  };
  const nrFrames = gt?.shared_gfns.length ?? 0;
  const ioreqPorts = new Set(s.ioreq_servers.flatMap((r) => [...r.vcpu_ports, ...(r.bufioreq_gfn === null ? [] : [BUFIOREQ_PORT])]));
  return {
    domain,
    cpu_policy: cpuPolicy(d.type),
    tsc_info: s.tsc_info,
    p2m: s.p2m,
    vcpus: s.vcpus.map((v) => ({
      ...v,
      hvm: v.hvm && { ...v.hvm, lapic: { ...v.hvm.lapic, pending_esr: 0 } },
      pv: v.pv && {
        ...v.pv,
        ext: d.type === 'pv32'
          ? { sysenter_callback_cs: 0xe019, sysenter_callback_eip: 0xc100_1b70n, sysenter_disables_events: true, syscall32_callback_cs: 0, syscall32_callback_eip: 0n, syscall32_disables_events: false }
          : { sysenter_callback_cs: 0, sysenter_callback_eip: 0n, sysenter_disables_events: false, syscall32_callback_cs: 0xe023, syscall32_callback_eip: 0xffff_ffff_81c0_1a20n, syscall32_disables_events: false },
        xsave: d.type === 'pv64' ? { xfeature_mask: 0x7n, xcr0: 0x7n, xcr0_accum: 0x7n, area: pattern(0x340, v.id + 90) } : null,
      },
    })),
    pages: s.pages,
    grant_table: gt && {
      ...gt,
      shared_mfns: gt.shared_gfns.map((_, f) => heap(i, 1 + f)),
      status_mfns: gt.status_gfns.map((_, f) => heap(i, 1 + nrFrames + f)),
    },
    passthrough: s.passthrough,
    hvm_params: s.hvm_params,
    hvm_devices: s.hvm_devices,
    event_fifo: s.event_fifo && {
      ...s.event_fifo,
      // Each non-empty queue holds one event: its tail is its head.
      vcpus: s.event_fifo.vcpus.map((v) => ({ ...v, tails: [...v.heads] })),
    },
    // IOREQ ports are allocated by Xen for itself (alloc_unbound_xen_event_channel): a Xen consumer.
    event_channels: s.event_channels.map((c) => ({ ...c, last_vcpu: c.notify_vcpu, last_priority: c.priority, xen_consumer: ioreqPorts.has(c.port) ? 1 : 0 })),
    vcpu_runstates: s.vcpu_runstates,
    ioreq_servers: [...s.ioreq_servers.map((r, n): IoreqServer => ({
      ...r,
      // The second server maps its pages through acquire_resource: no GFN.
      ioreq_gfn: r.id === 1 ? null : r.ioreq_gfn,
      enabled: r.id === 0,
      // QEMU asks for atomic buffered ioreqs.
      bufioreq: r.bufioreq_gfn === null ? 'off' : 'atomic',
      bufioreq_port: r.bufioreq_gfn === null ? 0 : BUFIOREQ_PORT,
      ranges: r.id === 0
        ? [
            { type: 'port', start: 0x1f0n, end: 0x1f7n },
            { type: 'mmio', start: 0xfeb0_0000n, end: 0xfebf_ffffn },
            { type: 'pci', start: 0x8n, end: 0x8n },
          ]
        : [],
      ioreq_mfn: heap(i, 0x80 + 2 * n),
      bufioreq_mfn: r.bufioreq_gfn === null ? null : heap(i, 0x81 + 2 * n),
    })), ...(d.state === 'dying' ? [dyingServer()] : [])],
  };
}

export function toV4Host(h: StateV1['host']): StateV4['host'] {
  return {
    ...h,
    xen_pages: [
      { ...DOM_IO_LEGACY, owner: 'dom_io' },
      // The M2P is Xen's, mapped read-only by privileged guests.
      { first_mfn: M2P.start, count: M2P.count, owner: 'dom_xen' },
      // Zero-filled frames memory sharing left behind, still owned by dom_cow.
      { ...DOM_COW_FRAMES, owner: 'dom_cow' },
    ],
  };
}
