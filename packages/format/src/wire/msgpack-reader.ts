/**
 * A strict reader of the MessagePack subset record bodies use (FORMAT.md section 5): unsigned
 * integers, nil, booleans, strings, binaries and arrays, each in its shortest form. The codecs
 * compiled from the schema call it directly, so a body is checked while it is read, with no
 * generic intermediate value.
 */
import { BodyError, LimitError } from '../errors.js';

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** The u64 values 0-127 (one byte on the wire), shared: decoding them allocates nothing. */
const SMALL_U64: readonly bigint[] = Array.from({ length: 0x80 }, (_, i) => BigInt(i));

/** Told about the unknown trailing fields of a struct before they are kept, so a reader can count and report them. */
export type UnknownFieldHook = (struct: string, firstNo: number, count: number) => void;

export class MsgReader {
  bytes: Uint8Array;
  view: DataView;
  pos: number;
  end: number;
  /** Stream offset of bytes[0], so errors carry absolute offsets. */
  base: number;
  /** Nesting allowed inside unknown values. */
  maxDepth = 32;
  /**
   * The read context of the compiled decoders: whoever owns this reader hears of unknown fields
   * here. It rides on the reader, not on a module, so two readers never share it.
   */
  onUnknownField: UnknownFieldHook | undefined;

  constructor(bytes: Uint8Array, pos = 0, end = bytes.length, base = 0) {
    this.bytes = bytes;
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    this.pos = pos;
    this.end = end;
    this.base = base;
  }

  reset(bytes: Uint8Array, pos: number, end: number, base: number): void {
    if (bytes !== this.bytes) {
      this.bytes = bytes;
      this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    }
    this.pos = pos;
    this.end = end;
    this.base = base;
  }

  fail(message: string, at = this.pos): never {
    throw new BodyError('bad-body', message, { offset: this.base + at });
  }

  failValue(message: string, at: number): never {
    throw new BodyError('bad-value', message, { offset: this.base + at });
  }

  private need(n: number, at: number): void {
    if (this.pos + n > this.end) this.fail(`value needs ${n} more bytes, the body has ${this.end - this.pos}`, at);
  }

  private noByte(): never {
    this.fail('body ends where a value should start');
  }

  /** Reads an unsigned integer of at most 32 bits, in shortest form. */
  uint(max: number): number {
    // The positive fixint case inline (small enough for the compiled decoders to inline it).
    const at = this.pos;
    if (at < this.end) {
      const b = this.bytes[at]!;
      if (b < 0x80) {
        if (b > max) this.failValue(`integer ${b} out of range (max ${max})`, at);
        this.pos = at + 1;
        return b;
      }
    }
    return this.uintSlow(max);
  }

  private uintSlow(max: number): number {
    const at = this.pos;
    if (at >= this.end) this.noByte();
    const b = this.bytes[at]!;
    let v: number;
    if (b < 0x80) {
      this.pos = at + 1;
      v = b;
    } else if (b === 0xcc) {
      this.pos = at + 1;
      this.need(1, at);
      v = this.bytes[at + 1]!;
      this.pos = at + 2;
      if (v < 0x80) this.fail(`integer ${v} not in shortest form (uint 8)`, at);
    } else if (b === 0xcd) {
      this.pos = at + 1;
      this.need(2, at);
      v = this.view.getUint16(at + 1);
      this.pos = at + 3;
      if (v <= 0xff) this.fail(`integer ${v} not in shortest form (uint 16)`, at);
    } else if (b === 0xce) {
      this.pos = at + 1;
      this.need(4, at);
      v = this.view.getUint32(at + 1);
      this.pos = at + 5;
      if (v <= 0xffff) this.fail(`integer ${v} not in shortest form (uint 32)`, at);
    } else if (b === 0xcf) {
      this.pos = at + 1;
      this.need(8, at);
      const big = this.view.getBigUint64(at + 1);
      this.pos = at + 9;
      this.failValue(`integer ${big} out of range (max ${max})`, at);
    } else {
      this.fail(`expected an unsigned integer, found ${describeByte(b)}`, at);
    }
    if (v > max) this.failValue(`integer ${v} out of range (max ${max})`, at);
    return v;
  }

  uintIn(min: number, max: number): number {
    const at = this.pos;
    const v = this.uint(max);
    if (v < min) this.failValue(`integer ${v} out of range (min ${min})`, at);
    return v;
  }

  uintOneOf(allowed: readonly number[], max: number): number {
    const at = this.pos;
    const v = this.uint(max);
    if (!allowed.includes(v)) this.failValue(`integer ${v} is not one of ${allowed.join(', ')}`, at);
    return v;
  }

  /**
   * Reads a u64 (bigint), in shortest form, within [min, max]. `lo` and `hi` are the same bounds as
   * numbers for the encodings of at most 32 bits (hi capped at 0xffffffff), so the common case
   * compares numbers, not bigints; the compiled decoders pass them precomputed.
   */
  u64(min: bigint, max: bigint, lo = Number(min), hi = max >= 0xffffffffn ? 0xffffffff : Number(max)): bigint {
    const at = this.pos;
    if (at < this.end) {
      const b = this.bytes[at]!;
      if (b < 0x80) {
        if (b < lo || b > hi) this.failValue(`integer ${b} out of range (${min}-${max})`, at);
        this.pos = at + 1;
        return SMALL_U64[b]!;
      }
    }
    return this.u64Slow(min, max, lo, hi);
  }

  private u64Slow(min: bigint, max: bigint, lo: number, hi: number): bigint {
    const at = this.pos;
    if (at >= this.end) this.noByte();
    const b = this.bytes[at]!;
    let n: number;
    if (b === 0xce && at + 5 <= this.end) {
      // uint 32 first: frame numbers, the bulk of a large dump.
      n = this.view.getUint32(at + 1);
      this.pos = at + 5;
      if (n <= 0xffff) this.fail(`integer ${n} not in shortest form (uint 32)`, at);
    } else if (b === 0xcf) {
      this.pos = at + 1;
      this.need(8, at);
      const v = this.view.getBigUint64(at + 1);
      this.pos = at + 9;
      if (v <= 0xffffffffn) this.fail(`integer ${v} not in shortest form (uint 64)`, at);
      if (v < min || v > max) this.failValue(`integer ${v} out of range (${min}-${max})`, at);
      return v;
    } else {
      n = this.uintSlow(0xffffffff);
    }
    if (n < lo || n > hi) this.failValue(`integer ${n} out of range (${min}-${max})`, at);
    return BigInt(n);
  }

  /**
   * `u64` for fields whose maximum is below 2^53 (frame numbers, counts), as a number: exact
   * there, and no bigint is made. Same checks, same errors, as `u64`.
   */
  u53(min: bigint, max: bigint, lo: number, hi: number): number {
    const at = this.pos;
    if (at < this.end) {
      const b = this.bytes[at]!;
      if (b < 0x80) {
        if (b < lo || b > hi) this.failValue(`integer ${b} out of range (${min}-${max})`, at);
        this.pos = at + 1;
        return b;
      }
      if (b === 0xce && at + 5 <= this.end) {
        const n = this.view.getUint32(at + 1);
        this.pos = at + 5;
        if (n <= 0xffff) this.fail(`integer ${n} not in shortest form (uint 32)`, at);
        if (n < lo || n > hi) this.failValue(`integer ${n} out of range (${min}-${max})`, at);
        return n;
      }
    }
    return Number(this.u64Slow(min, max, lo, hi));
  }

  /** `enumCode`, as the code: for entries held as columns of numbers. */
  enumIndex(names: readonly (string | undefined)[], max: number, typeName: string): number {
    const at = this.pos;
    const code = this.uint(max);
    if (names[code] === undefined) this.failValue(`${typeName} value ${code} is not defined in this schema version`, at);
    return code;
  }

  /** `bool`, as 1 or 0. */
  boolBit(): number {
    return this.bool() ? 1 : 0;
  }

  enumCode(names: readonly (string | undefined)[], max: number, typeName: string): string {
    const at = this.pos;
    const code = this.uint(max);
    const name = names[code];
    if (name === undefined) this.failValue(`${typeName} value ${code} is not defined in this schema version`, at);
    return name;
  }

  flagBits(mask: number, typeName: string): number {
    const at = this.pos;
    const v = this.uint(0xffffffff);
    if ((v & ~mask) >>> 0 !== 0) this.failValue(`${typeName} has undefined bits set: 0x${((v & ~mask) >>> 0).toString(16)}`, at);
    return v;
  }

  bool(): boolean {
    const at = this.pos;
    if (at >= this.end) this.noByte();
    const b = this.bytes[at]!;
    this.pos = at + 1;
    if (b === 0xc3) return true;
    if (b === 0xc2) return false;
    return this.fail(`expected a boolean, found ${describeByte(b)}`, at);
  }

  /** True when the next value is nil (not consumed). */
  isNil(): boolean {
    return this.pos < this.end && this.bytes[this.pos] === 0xc0;
  }

  nil(): null {
    this.pos++;
    return null;
  }

  arrayHeader(): number {
    // fixarray inline (every struct of fewer than 16 fields), the longer forms out of line.
    const at = this.pos;
    if (at < this.end) {
      const b = this.bytes[at]!;
      if (b >= 0x90 && b <= 0x9f) {
        this.pos = at + 1;
        return b & 0x0f;
      }
    }
    return this.arrayHeaderSlow();
  }

  private arrayHeaderSlow(): number {
    const at = this.pos;
    if (at >= this.end) this.noByte();
    const b = this.bytes[at]!;
    let n: number;
    if (b >= 0x90 && b <= 0x9f) {
      this.pos = at + 1;
      return b & 0x0f;
    } else if (b === 0xdc) {
      this.pos = at + 1;
      this.need(2, at);
      n = this.view.getUint16(at + 1);
      this.pos = at + 3;
      if (n < 16) this.fail(`array length ${n} not in shortest form (array 16)`, at);
    } else if (b === 0xdd) {
      this.pos = at + 1;
      this.need(4, at);
      n = this.view.getUint32(at + 1);
      this.pos = at + 5;
      if (n <= 0xffff) this.fail(`array length ${n} not in shortest form (array 32)`, at);
    } else {
      return this.fail(`expected an array, found ${describeByte(b)}`, at);
    }
    // Every element takes at least one byte: refuse counts the body cannot hold before allocating.
    if (n > this.end - this.pos) this.fail(`array announces ${n} elements, the body has ${this.end - this.pos} bytes left`, at);
    return n;
  }

  /** Reads an array header for a list with [min, max] items. */
  listHeader(min: number, max: number): number {
    const at = this.pos;
    const n = this.arrayHeader();
    if (n < min || n > max) this.failValue(`list of ${n} items, allowed ${min === max ? min : `${min}-${max}`}`, at);
    return n;
  }

  private lengthOf(b: number, at: number, kind: 'str' | 'bin'): number {
    let n: number;
    if (kind === 'str' && b >= 0xa0 && b <= 0xbf) {
      this.pos = at + 1;
      return b & 0x1f;
    }
    const w = kind === 'str' ? (b === 0xd9 ? 1 : b === 0xda ? 2 : b === 0xdb ? 4 : 0) : b === 0xc4 ? 1 : b === 0xc5 ? 2 : b === 0xc6 ? 4 : 0;
    if (w === 0) return this.fail(`expected ${kind === 'str' ? 'a string' : 'a binary'}, found ${describeByte(b)}`, at);
    this.pos = at + 1;
    this.need(w, at);
    n = w === 1 ? this.bytes[at + 1]! : w === 2 ? this.view.getUint16(at + 1) : this.view.getUint32(at + 1);
    this.pos = at + 1 + w;
    const shortest = kind === 'str' ? (n < 32 ? 0 : n <= 0xff ? 1 : n <= 0xffff ? 2 : 4) : n <= 0xff ? 1 : n <= 0xffff ? 2 : 4;
    if (w !== shortest) this.fail(`${kind} length ${n} not in shortest form`, at);
    return n;
  }

  str(maxBytes: number): string {
    const at = this.pos;
    if (at >= this.end) this.noByte();
    const n = this.lengthOf(this.bytes[at]!, at, 'str');
    if (n > maxBytes) this.failValue(`string of ${n} bytes, allowed at most ${maxBytes}`, at);
    this.need(n, at);
    const start = this.pos;
    this.pos += n;
    try {
      return utf8.decode(this.bytes.subarray(start, start + n));
    } catch {
      return this.failValue('string is not valid UTF-8', at);
    }
  }

  bin(minBytes: number, maxBytes: number): Uint8Array {
    const at = this.pos;
    if (at >= this.end) this.noByte();
    const n = this.lengthOf(this.bytes[at]!, at, 'bin');
    if (n < minBytes || n > maxBytes) {
      this.failValue(minBytes === maxBytes ? `binary of ${n} bytes, must be ${minBytes}` : `binary of ${n} bytes, allowed ${minBytes}-${maxBytes}`, at);
    }
    this.need(n, at);
    const start = this.pos;
    this.pos += n;
    // A copy, so the state never pins the (possibly huge) input buffer.
    return this.bytes.slice(start, start + n);
  }

  /** Skips one well-formed value of the allowed subset; returns a copy of its bytes (empty when `copy` is false). */
  skipValue(depth = 0, copy = true): Uint8Array {
    const start = this.pos;
    this.skip(depth);
    return copy ? this.bytes.slice(start, this.pos) : new Uint8Array(0);
  }

  // Iterative, so how deep a value may nest is bounded by maxDepth alone, never by the JS stack.
  private skip(depth: number): void {
    const outer: number[] = []; // elements left in each enclosing array
    let left = 1;
    for (;;) {
      while (left === 0) {
        if (outer.length === 0) return;
        left = outer.pop()!;
      }
      left--;
      if (depth + outer.length > this.maxDepth) {
        throw new LimitError('limit', `values nested deeper than ${this.maxDepth}`, { offset: this.base + this.pos });
      }
      const at = this.pos;
      if (at >= this.end) this.noByte();
      const b = this.bytes[at]!;
      if (b === 0xc0 || b === 0xc2 || b === 0xc3) {
        this.pos = at + 1;
      } else if (b < 0x80 || (b >= 0xcc && b <= 0xce)) {
        this.uint(0xffffffff);
      } else if (b === 0xcf) {
        this.u64(0n, 0xffffffffffffffffn);
      } else if ((b >= 0xa0 && b <= 0xbf) || (b >= 0xd9 && b <= 0xdb)) {
        this.str(0xffffffff);
      } else if (b >= 0xc4 && b <= 0xc6) {
        const n = this.lengthOf(b, at, 'bin');
        this.need(n, at);
        this.pos += n;
      } else if ((b >= 0x90 && b <= 0x9f) || b === 0xdc || b === 0xdd) {
        const n = this.arrayHeader();
        if (n > 0) {
          outer.push(left);
          left = n;
        }
      } else {
        this.fail(`${describeByte(b)} is not allowed in a record body`, at);
      }
    }
  }
}

export function describeByte(b: number): string {
  if (b <= 0x7f) return `integer ${b}`;
  if (b <= 0x8f || b === 0xde || b === 0xdf) return 'a map';
  if (b <= 0x9f || b === 0xdc || b === 0xdd) return 'an array';
  if (b <= 0xbf || (b >= 0xd9 && b <= 0xdb)) return 'a string';
  if (b === 0xc0) return 'nil';
  if (b === 0xc1) return 'the never-used byte 0xc1';
  if (b === 0xc2 || b === 0xc3) return 'a boolean';
  if (b >= 0xc4 && b <= 0xc6) return 'a binary';
  if ((b >= 0xc7 && b <= 0xc9) || (b >= 0xd4 && b <= 0xd8)) return 'an extension type';
  if (b === 0xca || b === 0xcb) return 'a float';
  if (b >= 0xcc && b <= 0xcf) return 'an unsigned integer';
  return 'a signed integer';
}
