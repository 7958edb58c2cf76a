/**
 * vCPU contexts of the example: a 64-bit Linux kernel's registers for HVM/PVH vCPUs, an opaque
 * vcpu_guest_context image for PV ones.
 */
import { fxsaveImage, lapicRegs, pattern, xsaveArea } from './blobs.js';
import type { Vcpu } from './parts.js';

type HvmContext = NonNullable<Vcpu['hvm']>;

const seg = (sel: number, arbytes: number, base = 0n, limit = 0xffff_ffff) => ({ sel, limit, base, arbytes });

/** A vCPU of a 64-bit guest kernel, idle in HLT. */
export function hvmContext(id: number, o: { xsave: boolean; tsc: bigint }): HvmContext {
  const g = (n: number) => 0xffff_8880_0000_0000n + BigInt(n) * 0x1000n + BigInt(id) * 0x40_0000n;
  return {
    cpu: {
      fpu: fxsaveImage(),
      gprs: {
        rax: 0n, rbx: BigInt(id), rcx: 0n, rdx: 0n, rbp: g(1), rsi: 0n, rdi: 0n, rsp: g(2) + 0xe80n,
        r8: 0n, r9: 0n, r10: 0n, r11: 0n, r12: 0n, r13: 0n, r14: 0n, r15: 0n,
      },
      rip: 0xffff_ffff_81a3_c4een, rflags: 0x246n,
      cr0: 0x8005_0033n, cr2: 0x7f3c_2a10_1000n, cr3: 0x1a0_c000n + BigInt(id) * 0x1000n, cr4: 0x37_06f0n,
      dr0: 0n, dr1: 0n, dr2: 0n, dr3: 0n, dr6: 0xffff_0ff0n, dr7: 0x400n,
      cs: seg(0x10, 0xa09b), ds: seg(0x18, 0xc093), es: seg(0x18, 0xc093), ss: seg(0x18, 0xc093),
      fs: seg(0, 0x1_c000, 0x7f3c_2a44_0740n, 0), gs: seg(0, 0x1_c000, 0xffff_8880_3fc0_0000n + BigInt(id) * 0x4_0000n, 0),
      tr: seg(0x40, 0x8b, 0xffff_fe00_0000_3000n + BigInt(id) * 0x1_0000n, 0x67), ldtr: seg(0, 0x1_c000, 0n, 0),
      idtr: { limit: 0xfff, base: 0xffff_fe00_0000_0000n },
      gdtr: { limit: 0x7f, base: 0xffff_fe00_0000_1000n + BigInt(id) * 0x1_0000n },
      sysenter_cs: 0x10n, sysenter_esp: 0xffff_fe00_0000_5200n, sysenter_eip: 0xffff_ffff_81c0_1b70n,
      shadow_gs: 0n, lstar: 0xffff_ffff_81c0_0010n, star: 0x0023_0010_0000_0000n, cstar: 0xffff_ffff_81c0_1a20n,
      syscall_mask: 0x4_7700n, efer: 0xd01n, tsc_aux: BigInt(id), tsc: o.tsc,
      pending_event: 0, error_code: 0, flags: 1,
    },
    lapic: {
      apic_base_msr: id === 0 ? 0xfee0_0900n : 0xfee0_0800n,
      disabled: 0, timer_divisor: 1, tdt_msr: 0n, regs: lapicRegs(id * 2),
    },
    mtrr: {
      pat: 0x0007_0406_0007_0406n, cap: 0x508n, def_type: 0xc06n,
      var: [{ base: 0xc000_0000n, mask: 0xf_c000_0800n }],
      fixed: [
        0x0606_0606_0606_0606n, 0x0606_0606_0606_0606n, 0n, 0x0505_0505_0505_0505n,
        0x0505_0505_0505_0505n, 0x0505_0505_0505_0505n, 0x0505_0505_0505_0505n, 0x0505_0505_0505_0505n,
        0x0505_0505_0505_0505n, 0x0505_0505_0505_0505n, 0x0505_0505_0505_0505n,
      ],
    },
    xsave: o.xsave ? { xfeature_mask: 0x2ffn, xcr0: 0x7n, xcr0_accum: 0x7n, area: xsaveArea() } : null,
  };
}

/** MSRs carried in CPU_MSR for HVM vCPUs: SPEC_CTRL and MISC_FEATURES_ENABLES. */
export const HVM_MSRS = () => [{ index: 0x48, value: 0x1n }, { index: 0x140, value: 0n }];
/** MSRs carried for PV vCPUs: SPEC_CTRL and the AMD DR0 address mask. */
export const PV_MSRS = () => [{ index: 0x48, value: 0n }, { index: 0xc001_1027, value: 0n }];

export function pvContext(domid: number, id: number): NonNullable<Vcpu['pv']> {
  return { context: pattern(64, domid * 16 + id) };
}
