/** Writes the MessagePack subset of record bodies, always in the shortest form (canonical). */

const utf8 = new TextEncoder();
/** A surrogate code unit not part of a pair (in `u` mode pairs match as one code point). */
const LONE_SURROGATE = /\p{Cs}/u;

/*
 * The integer writers on a bare buffer, for the generated encoders that keep the position in a
 * local: each writes at b[p], which has room for the value, and returns the position after it.
 */

/** `v`: an integer in 0-2^32-1. */
export function putUint(b: Uint8Array, p: number, v: number): number {
  if (v < 0x80) {
    b[p] = v;
    return p + 1;
  }
  if (v <= 0xff) {
    b[p] = 0xcc;
    b[p + 1] = v;
    return p + 2;
  }
  if (v <= 0xffff) {
    b[p] = 0xcd;
    b[p + 1] = v >>> 8;
    b[p + 2] = v;
    return p + 3;
  }
  b[p] = 0xce;
  b[p + 1] = v >>> 24;
  b[p + 2] = v >>> 16;
  b[p + 3] = v >>> 8;
  b[p + 4] = v;
  return p + 5;
}

/** `v`: an integer in 0-2^53-1, exact as a double. */
export function putU53(b: Uint8Array, p: number, v: number): number {
  if (v <= 0xffffffff) return putUint(b, p, v);
  const hi = Math.floor(v / 0x1_0000_0000);
  const lo = v >>> 0;
  b[p] = 0xcf;
  b[p + 1] = hi >>> 24;
  b[p + 2] = hi >>> 16;
  b[p + 3] = hi >>> 8;
  b[p + 4] = hi;
  b[p + 5] = lo >>> 24;
  b[p + 6] = lo >>> 16;
  b[p + 7] = lo >>> 8;
  b[p + 8] = lo;
  return p + 9;
}

/** `v`: an integer in 0-2^64-1; `view` a DataView over `b`'s whole buffer. */
export function putU64(b: Uint8Array, view: DataView, p: number, v: bigint): number {
  if (v <= 0xffffffffn) return putUint(b, p, Number(v));
  b[p] = 0xcf;
  view.setBigUint64(p + 1, v);
  return p + 9;
}

export class MsgWriter {
  buf: Uint8Array;
  view: DataView;
  pos = 0;

  /** `initial`: a size, or a buffer to write into (its contents are overwritten). */
  constructor(initial: number | Uint8Array = 1 << 16) {
    this.buf = typeof initial === 'number' ? new Uint8Array(initial) : initial;
    this.view = new DataView(this.buf.buffer);
  }

  ensure(n: number): void {
    // The check inline (every write does it), the growth out of line.
    if (this.pos + n > this.buf.length) this.grow(n);
  }

  private grow(n: number): void {
    let size = this.buf.length * 2;
    while (size < this.pos + n) size *= 2;
    const next = new Uint8Array(size);
    next.set(this.buf.subarray(0, this.pos));
    this.buf = next;
    this.view = new DataView(next.buffer);
  }

  uint(v: number): void {
    this.ensure(5);
    this.pos = putUint(this.buf, this.pos, v);
  }

  u64(v: bigint): void {
    this.ensure(9);
    this.pos = putU64(this.buf, this.view, this.pos, v);
  }

  /** Writes a u64 given as a number below 2^53 (exact), in shortest form. */
  u53(v: number): void {
    this.ensure(9);
    this.pos = putU53(this.buf, this.pos, v);
  }

  nil(): void {
    this.ensure(1);
    this.buf[this.pos++] = 0xc0;
  }

  bool(v: boolean): void {
    this.ensure(1);
    this.buf[this.pos++] = v ? 0xc3 : 0xc2;
  }

  arrayHeader(n: number): void {
    this.ensure(5);
    if (n < 16) {
      this.buf[this.pos++] = 0x90 | n;
    } else if (n <= 0xffff) {
      this.buf[this.pos++] = 0xdc;
      this.view.setUint16(this.pos, n);
      this.pos += 2;
    } else {
      this.buf[this.pos++] = 0xdd;
      this.view.setUint32(this.pos, n);
      this.pos += 4;
    }
  }

  /**
   * Writes a string of at most `maxBytes` UTF-8 bytes; returns false (writing nothing) when longer,
   * or when it holds a lone surrogate, which has no UTF-8 form (TextEncoder would write U+FFFD).
   */
  str(s: string, maxBytes = 0xffffffff): boolean {
    if (s.length < 32 && s.length <= maxBytes && this.ascii(s)) return true;
    if (LONE_SURROGATE.test(s)) return false;
    const bytes = utf8.encode(s);
    const n = bytes.length;
    if (n > maxBytes) return false;
    this.ensure(5 + n);
    if (n < 32) {
      this.buf[this.pos++] = 0xa0 | n;
    } else if (n <= 0xff) {
      this.buf[this.pos++] = 0xd9;
      this.buf[this.pos++] = n;
    } else if (n <= 0xffff) {
      this.buf[this.pos++] = 0xda;
      this.view.setUint16(this.pos, n);
      this.pos += 2;
    } else {
      this.buf[this.pos++] = 0xdb;
      this.view.setUint32(this.pos, n);
      this.pos += 4;
    }
    this.buf.set(bytes, this.pos);
    this.pos += n;
    return true;
  }

  /** Writes a short string as fixstr when it is all ASCII (the usual case), else writes nothing and returns false. */
  private ascii(s: string): boolean {
    const n = s.length;
    this.ensure(1 + n);
    const b = this.buf;
    const at = this.pos + 1;
    for (let i = 0; i < n; i++) {
      const c = s.charCodeAt(i);
      if (c >= 0x80) return false;
      b[at + i] = c;
    }
    b[this.pos] = 0xa0 | n;
    this.pos = at + n;
    return true;
  }

  bin(bytes: Uint8Array): void {
    const n = bytes.length;
    this.ensure(5 + n);
    if (n <= 0xff) {
      this.buf[this.pos++] = 0xc4;
      this.buf[this.pos++] = n;
    } else if (n <= 0xffff) {
      this.buf[this.pos++] = 0xc5;
      this.view.setUint16(this.pos, n);
      this.pos += 2;
    } else {
      this.buf[this.pos++] = 0xc6;
      this.view.setUint32(this.pos, n);
      this.pos += 4;
    }
    this.buf.set(bytes, this.pos);
    this.pos += n;
  }

  raw(bytes: Uint8Array): void {
    this.ensure(bytes.length);
    this.buf.set(bytes, this.pos);
    this.pos += bytes.length;
  }

  /** The bytes written so far (a copy). */
  toBytes(): Uint8Array {
    return this.buf.slice(0, this.pos);
  }
}
