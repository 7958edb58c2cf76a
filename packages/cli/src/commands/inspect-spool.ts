/**
 * The record table of `inspect --all` in text, kept out of memory: rows are packed at 32 bytes
 * each into an anonymous temporary file (unlinked as soon as it is opened, so nothing is left
 * behind whatever happens to the process) and read back in order once the widths are known.
 */
import { randomBytes } from 'node:crypto';
import { closeSync, openSync, readSync, unlinkSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface SpooledRow {
  readonly index: number;
  readonly offset: number;
  readonly type: number;
  readonly length: number;
  readonly optional: boolean;
  readonly known: boolean;
  readonly domid?: number;
}

const ROW = 32;
const BUF = ROW * 2048;

export class RowSpool {
  private readonly fd: number;
  private readonly buf = Buffer.alloc(BUF);
  private used = 0;
  private written = 0;

  constructor() {
    const path = join(tmpdir(), `.xenlu-inspect.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
    this.fd = openSync(path, 'wx+', 0o600);
    unlinkSync(path);
  }

  push(r: SpooledRow): void {
    if (this.used === BUF) this.flush();
    const at = this.used;
    this.buf.writeDoubleLE(r.index, at);
    this.buf.writeDoubleLE(r.offset, at + 8);
    this.buf.writeUInt32LE(r.type >>> 0, at + 16);
    this.buf.writeUInt32LE(r.length >>> 0, at + 20);
    this.buf.writeInt32LE(r.domid ?? -1, at + 24);
    this.buf[at + 28] = (r.optional ? 1 : 0) | (r.known ? 2 : 0);
    this.used += ROW;
  }

  private flush(): void {
    let off = 0;
    while (off < this.used) off += writeSync(this.fd, this.buf, off, this.used - off, this.written + off);
    this.written += this.used;
    this.used = 0;
  }

  /** The rows in the order they were pushed. */
  *rows(): Generator<SpooledRow> {
    this.flush();
    for (let pos = 0; pos < this.written; ) {
      const n = readSync(this.fd, this.buf, 0, Math.min(BUF, this.written - pos), pos);
      if (n <= 0) throw new Error('the inspect spool file ended early');
      for (let at = 0; at + ROW <= n; at += ROW) {
        const domid = this.buf.readInt32LE(at + 24);
        const flags = this.buf[at + 28]!;
        yield {
          index: this.buf.readDoubleLE(at),
          offset: this.buf.readDoubleLE(at + 8),
          type: this.buf.readUInt32LE(at + 16),
          length: this.buf.readUInt32LE(at + 20),
          optional: (flags & 1) !== 0,
          known: (flags & 2) !== 0,
          ...(domid >= 0 ? { domid } : {}),
        };
      }
      pos += n - (n % ROW);
    }
  }

  close(): void {
    closeSync(this.fd);
  }
}
