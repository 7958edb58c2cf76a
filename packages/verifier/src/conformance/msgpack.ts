/**
 * A strict MessagePack reader written from FORMAT.md section 5 alone, independent of the codec:
 * only the types the format allows, each in its shortest form. Integers come back as bigint.
 */
import { ConformanceError } from './error.js';

export type Mp = null | boolean | bigint | string | Uint8Array | Mp[];

const utf8 = new TextDecoder('utf-8', { fatal: true });

export class MpReader {
  pos: number;

  constructor(
    private readonly buf: Uint8Array,
    private readonly view: DataView,
    start: number,
    private readonly end: number,
  ) {
    this.pos = start;
  }

  static over(bytes: Uint8Array, start: number, end: number): MpReader {
    return new MpReader(bytes, new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength), start, end);
  }

  private need(n: number): void {
    if (this.pos + n > this.end) throw new ConformanceError(`MessagePack value runs past the body end`, this.pos);
  }

  private uint(n: 1 | 2 | 4 | 8): bigint {
    this.need(n);
    const at = this.pos;
    this.pos += n;
    if (n === 1) return BigInt(this.view.getUint8(at));
    if (n === 2) return BigInt(this.view.getUint16(at));
    if (n === 4) return BigInt(this.view.getUint32(at));
    return this.view.getBigUint64(at);
  }

  private shortest(value: bigint, floor: bigint, at: number, what: string): void {
    if (value < floor) throw new ConformanceError(`${what} ${value} is not in its shortest form`, at);
  }

  private bytes(n: number): Uint8Array {
    this.need(n);
    const out = this.buf.slice(this.pos, this.pos + n);
    this.pos += n;
    return out;
  }

  read(): Mp {
    const at = this.pos;
    this.need(1);
    const b = this.buf[this.pos++]!;
    if (b <= 0x7f) return BigInt(b);
    if (b >= 0x90 && b <= 0x9f) return this.array(b & 0x0f);
    if (b >= 0xa0 && b <= 0xbf) return this.str(b & 0x1f, at);
    switch (b) {
      case 0xc0:
        return null;
      case 0xc2:
        return false;
      case 0xc3:
        return true;
      case 0xc4:
      case 0xc5:
      case 0xc6: {
        const n = this.uint(b === 0xc4 ? 1 : b === 0xc5 ? 2 : 4);
        this.shortest(n, b === 0xc4 ? 0n : b === 0xc5 ? 0x100n : 0x1_0000n, at, 'bin length');
        return this.bytes(Number(n));
      }
      case 0xcc:
      case 0xcd:
      case 0xce:
      case 0xcf: {
        const width = b === 0xcc ? 1 : b === 0xcd ? 2 : b === 0xce ? 4 : 8;
        const v = this.uint(width);
        this.shortest(v, width === 1 ? 0x80n : width === 2 ? 0x100n : width === 4 ? 0x1_0000n : 0x1_0000_0000n, at, 'uint');
        return v;
      }
      case 0xd9:
      case 0xda:
      case 0xdb: {
        const n = this.uint(b === 0xd9 ? 1 : b === 0xda ? 2 : 4);
        this.shortest(n, b === 0xd9 ? 0x20n : b === 0xda ? 0x100n : 0x1_0000n, at, 'str length');
        return this.str(Number(n), at);
      }
      case 0xdc:
      case 0xdd: {
        const n = this.uint(b === 0xdc ? 2 : 4);
        this.shortest(n, b === 0xdc ? 0x10n : 0x1_0000n, at, 'array length');
        return this.array(Number(n));
      }
      default:
        throw new ConformanceError(`MessagePack type 0x${b.toString(16)} is not allowed in a body`, at);
    }
  }

  private str(n: number, at: number): string {
    const raw = this.bytes(n);
    try {
      return utf8.decode(raw);
    } catch {
      throw new ConformanceError('string is not UTF-8', at);
    }
  }

  private array(n: number): Mp[] {
    const out: Mp[] = [];
    for (let i = 0; i < n; i++) out.push(this.read());
    return out;
  }
}

/** The single MessagePack value filling `bytes[start, end)`. */
export function readBody(bytes: Uint8Array, start: number, end: number): Mp {
  const r = MpReader.over(bytes, start, end);
  const v = r.read();
  if (r.pos !== end) throw new ConformanceError(`${end - r.pos} trailing bytes after the body value`, r.pos);
  return v;
}
