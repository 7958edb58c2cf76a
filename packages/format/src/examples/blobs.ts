/**
 * Deterministic byte images for the example: short patterns where the size is free, and the
 * fixed-size images (FXSAVE, LAPIC page, IOAPIC, ...) laid out with a few realistic values.
 */

/** `length` bytes of a pattern that differs per seed, so blobs are told apart in diffs. */
export function pattern(length: number, seed: number): Uint8Array {
  const out = new Uint8Array(length);
  for (let i = 0; i < length; i++) out[i] = (seed * 37 + i * 13) & 0xff;
  return out;
}

/** A little-endian image writer for the fixed layouts of Xen's save records. */
export class LeImage {
  readonly bytes: Uint8Array;
  private readonly view: DataView;
  constructor(length: number) {
    this.bytes = new Uint8Array(length);
    this.view = new DataView(this.bytes.buffer);
  }
  u8(offset: number, v: number): this {
    this.view.setUint8(offset, v);
    return this;
  }
  u16(offset: number, v: number): this {
    this.view.setUint16(offset, v, true);
    return this;
  }
  u32(offset: number, v: number): this {
    this.view.setUint32(offset, v, true);
    return this;
  }
  u64(offset: number, v: bigint): this {
    this.view.setBigUint64(offset, v, true);
    return this;
  }
}

/** An FXSAVE image after FNINIT: FCW 0x37f, MXCSR 0x1f80. */
export function fxsaveImage(): Uint8Array {
  return new LeImage(512).u16(0, 0x037f).u32(24, 0x1f80).bytes;
}

/** XSAVE area for XCR0 = x87|SSE|AVX: legacy region, header (XSTATE_BV), AVX upper halves. */
export function xsaveArea(): Uint8Array {
  const img = new LeImage(832).u16(0, 0x037f).u32(24, 0x1f80).u64(512, 0x7n);
  img.bytes.set(pattern(256, 7), 576);
  return img.bytes;
}

/** The 1024-byte LAPIC register page: ID, version, spurious vector, timer LVT masked. */
export function lapicRegs(apicId: number): Uint8Array {
  return new LeImage(1024)
    .u32(0x20, apicId << 24)
    .u32(0x30, 0x0005_0014)
    .u32(0xf0, 0x1ff)
    .u32(0x320, 0x0001_00ec)
    .u32(0x3e0, 0xb).bytes;
}

/** IOAPIC save image: base, IOREGSEL, id, 48 redirection entries all masked. */
export function ioapicImage(): Uint8Array {
  const img = new LeImage(400).u64(0, 0xfec0_0000n).u32(8, 0).u32(12, 0);
  for (let i = 0; i < 48; i++) img.u64(16 + i * 8, 0x1_0000n);
  return img.bytes;
}

/** PCI_LINK: PCI-ISA link routes A-D, then padding. */
export function pciLinkImage(): Uint8Array {
  return new LeImage(8).u8(0, 5).u8(1, 10).u8(2, 11).u8(3, 5).bytes;
}

/** PMTIMER: timer value, PM1a status and enable. */
export function pmtimerImage(): Uint8Array {
  return new LeImage(8).u32(0, 0x00c3_5a17).u16(4, 0x0001).u16(6, 0x0120).bytes;
}

/** VIRIDIAN_DOMAIN: hypercall GPA, guest OS id, time reference count, reference TSC page. */
export function viridianDomainImage(): Uint8Array {
  return new LeImage(32).u64(0, 0x1_0001n).u64(8, 0x1_0406_0002_23f0n).u64(16, 0x2_5c1f_3a40n).u64(24, 0x1_0002n).bytes;
}

/** VMCE_VCPU: MCG_CAP (9 banks, CMCI, SER), MCi_CTL2 of banks 0-1, MCG_EXT_CTL. */
export function vmceImage(): Uint8Array {
  return new LeImage(32).u64(0, 0x0100_0c09n).bytes;
}

/** TSC_ADJUST: the guest's IA32_TSC_ADJUST. */
export function tscAdjustImage(adjust: bigint): Uint8Array {
  return new LeImage(8).u64(0, adjust).bytes;
}
