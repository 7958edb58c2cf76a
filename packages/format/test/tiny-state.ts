/** A small hand-built v3 state for codec tests (the full golden examples live in src/examples). */
import type { StateV3 } from '../src/schema/index.js';

const bytes = (n: number, seed: number) => Uint8Array.from({ length: n }, (_, i) => (i * 31 + seed) & 0xff);
const noFlags = { hap: false, s3_integrity: false, oos_off: false, iommu: false, nested_virt: false, vpmu: false };
const noEmu = { lapic: false, hpet: false, pm: false, rtc: false, ioapic: false, pic: false, vga: false, iommu: false, pit: false, use_pirq: false, vpci: false };
const seg = (sel: number) => ({ sel, limit: 0xffffffff, base: 0n, arbytes: 0xc93 });

export function tinyState(): StateV3 {
  const host: StateV3['host'] = {
    producer: { major: 4, minor: 19, extra: '.1', changeset: 'abc123' },
    page_shift: 12, nr_pcpus: 4, total_pages: 0x400000n,
    bootmem: [{ start: 0x100000n, count: 0x8000n }],
    handover: { nr_stream_pages: 3n, mfn_array_maddr: 0x200000000n, stream_mfns: [0x300000n, 0x300001n, 0x300002n] },
    m2p: { start: 0x3f0000n, count: 0x2000n },
    time: { system_time_ns: 123456789012n, tsc: 0xffffffffffffn, tsc_khz: 2_400_000 },
    cpupools: [{ id: 0, scheduler: 'credit2', pcpus: [0, 1, 2, 3] }],
    cpu_featureset: [0x1789, 0xfeda, 0],
  };
  const dom0: StateV3['domains'][number] = {
    domain: {
      domid: 0, handle: new Uint8Array(16), type: 'pv64', state: 'running',
      roles: { hardware: true, xenstore: true, privileged: true }, create_flags: { ...noFlags, iommu: true },
      xsm_label: 0, max_vcpus: 2, max_pages: 0x40000n, tot_pages: 0x10n, max_evtchn_port: 4095,
      max_grant_frames: 64, max_maptrack_frames: 1024, max_grant_version: 2, emulation_flags: noEmu,
      altp2m: 'disabled', sched: { weight: 256, cap: 0 }, evtchn_abi: 'two_level', shared_info_gfn: 0x1000n, cpupool: 0,
    },
    tsc_info: { mode: 'default', gtsc_khz: 2_400_000, incarnation: 0, elapsed_ns: 0n },
    p2m: [],
    vcpus: [0, 1].map((id) => ({
      id, online: true, hard_affinity: [0, 1, 2, 3], soft_affinity: [], singleshot_deadline_ns: 0n, periodic_period_ns: 0n,
      vcpu_info: null, hvm: null, pv: { context: bytes(64, id) }, msrs: [{ index: 0x48, value: 1n }],
    })),
    pages: [{ first_mfn: 0x200000n, count: 0x10n, type: 'writable', pinned: false }],
    grant_table: null,
    passthrough: null,
    hvm_params: [],
    hvm_devices: [],
    event_fifo: null,
    event_channels: [
      { port: 1, state: 'virq', notify_vcpu: 0, remote_domid: 0, remote_port: 0, pirq: 0, virq: 0, pending: false, masked: false, priority: 7 },
      { port: 2, state: 'interdomain', notify_vcpu: 0, remote_domid: 1, remote_port: 1, pirq: 0, virq: 0, pending: true, masked: false, priority: 7 },
    ],
    vcpu_runstates: [],
    ioreq_servers: [],
  };
  const guest: StateV3['domains'][number] = {
    domain: {
      ...dom0.domain, domid: 1, handle: bytes(16, 7), type: 'hvm', state: 'paused', roles: { hardware: false, xenstore: false, privileged: false },
      create_flags: { ...noFlags, hap: true }, max_vcpus: 1, max_pages: 0x10000n, tot_pages: 0x600n, emulation_flags: { ...noEmu, lapic: true },
    },
    tsc_info: { mode: 'never_emulate', gtsc_khz: 0, incarnation: 1, elapsed_ns: 0n },
    p2m: [{ gfn: 0n, mfn: 0x180000n, count: 0x600n, type: 'ram_rw', access: 'rwx' }],
    vcpus: [{
      id: 0, online: true, hard_affinity: [0, 1], soft_affinity: [0], singleshot_deadline_ns: 5n, periodic_period_ns: 0n,
      vcpu_info: { gfn: 0xfeffen, offset: 64 },
      hvm: {
        cpu: {
          fpu: bytes(512, 1), gprs: { rax: 1n, rbx: 2n, rcx: 3n, rdx: 4n, rbp: 5n, rsi: 6n, rdi: 7n, rsp: 8n, r8: 9n, r9: 10n, r10: 11n, r11: 12n, r12: 13n, r13: 14n, r14: 15n, r15: 0xffffffffffffffffn },
          rip: 0xffffffff81000000n, rflags: 0x202n, cr0: 0x80050033n, cr2: 0n, cr3: 0x1000n, cr4: 0x3406e0n,
          dr0: 0n, dr1: 0n, dr2: 0n, dr3: 0n, dr6: 0xffff0ff0n, dr7: 0x400n,
          cs: seg(0x10), ds: seg(0x18), es: seg(0x18), fs: seg(0), gs: seg(0), ss: seg(0x18), tr: seg(0x40), ldtr: seg(0),
          idtr: { limit: 0xfff, base: 0xfffffe0000000000n }, gdtr: { limit: 0x7f, base: 0xfffffe0000001000n },
          sysenter_cs: 0n, sysenter_esp: 0n, sysenter_eip: 0n, shadow_gs: 0n, lstar: 0xffffffff81a00000n, star: 0x23001000000000n,
          cstar: 0n, syscall_mask: 0x47700n, efer: 0xd01n, tsc_aux: 0n, tsc: 0x123456789n, pending_event: 0, error_code: 0, flags: 1,
        },
        lapic: { apic_base_msr: 0xfee00900n, disabled: 0, timer_divisor: 3, tdt_msr: 0n, regs: bytes(1024, 3) },
        mtrr: { pat: 0x7040600070406n, cap: 0x508n, def_type: 0xc00n, var: [{ base: 6n, mask: 0xff80000800n }], fixed: Array.from({ length: 11 }, () => 0x0606060606060606n) },
        xsave: null,
      },
      pv: null, msrs: [],
    }],
    pages: [{ first_mfn: 0x180000n, count: 0x600n, type: 'none', pinned: false }],
    grant_table: {
      version: 1, nr_frames: 1, max_frames: 32, shared_gfns: [0xf0000n], status_gfns: [],
      active: [], maptrack: [],
    },
    passthrough: null,
    hvm_params: [{ index: 1, value: 0xfeffcn }, { index: 2, value: 1n }],
    hvm_devices: [{ type: 'pic', instance: 0, body: bytes(8, 9) }],
    event_fifo: null,
    event_channels: [{ port: 1, state: 'interdomain', notify_vcpu: 0, remote_domid: 0, remote_port: 2, pirq: 0, virq: 0, pending: false, masked: true, priority: 7 }],
    vcpu_runstates: [{ vcpu: 0, state: 'blocked', state_entry_time: 99n, time: [1n, 2n, 3n, 4n] }],
    ioreq_servers: [],
  };
  return { host, domains: [dom0, guest] };
}
