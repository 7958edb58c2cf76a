/**
 * The checksum chain of a stream (FORMAT.md 4), checked on a second thread while the main one
 * checks everything else: the file's chunks land in shared buffers, each is handed over in stream
 * order, and the worker follows the record lengths through them as the header-walk loop does. It
 * owns no verdict but the checksums; any other fault (a bad length included) is the main thread's
 * to find, so the worker only has to stay safe on garbage: it allocates nothing per record.
 */
import { Worker } from 'node:worker_threads';

/** The worker's code (plain JavaScript, run with `eval`, so the sources need no build to use it). */
const SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const { crc32 } = require('node:zlib');
const bufs = workerData.buffers.map((b) => new Uint8Array(b));
const head = new Uint8Array(32);
let have = 0;          // bytes of the stream or record header gathered in head
let want = 32;         // the stream header first, then 16-byte record headers
let remaining = -1;    // body and padding bytes of the current record still to take; -1: in a header
let crc = 0, stored = 0, type = 0;
let ok = true, ended = false;
const u32 = (b, at) => ((b[at] << 24) | (b[at + 1] << 16) | (b[at + 2] << 8) | b[at + 3]) >>> 0;
function take(b, at, end) {
  while (at < end && ok && !ended) {
    if (remaining < 0) {
      const n = Math.min(want - have, end - at);
      head.set(b.subarray(at, at + n), have);
      have += n; at += n;
      if (have < want) return;
      if (want === 32) { crc = u32(head, 28); want = 16; have = 0; continue; }
      type = u32(head, 0);
      const length = u32(head, 4);
      stored = u32(head, 8);
      crc = crc32(head.subarray(0, 8), crc);
      crc = crc32(head.subarray(12, 16), crc);
      remaining = length + ((8 - (length % 8)) % 8);
      have = 0;
    }
    const n = Math.min(remaining, end - at);
    if (n > 0) crc = crc32(b.subarray(at, at + n), crc);
    at += n; remaining -= n;
    if (remaining === 0) {
      remaining = -1;
      if ((crc >>> 0) !== stored) ok = false;
      else if (type === workerData.endType) ended = true;
    }
  }
}
parentPort.on('message', (m) => {
  if (m.finish) { parentPort.postMessage({ finished: true, ok: ok && ended }); return; }
  take(bufs[m.buffer], m.start, m.end);
  parentPort.postMessage({ done: m.buffer, ok });
});
`;

/** The chain checker: hand it each chunk in stream order; `release(i)` resolves once buffer i is free again. */
export class CrcChainWorker {
  private readonly worker: Worker;
  private readonly waiting = new Map<number, () => void>();
  private finishing: ((ok: boolean) => void) | undefined;
  private failed: Error | undefined;
  /** Chunks handed over and not yet done, by buffer. */
  private readonly busy = new Set<number>();

  constructor(buffers: readonly SharedArrayBuffer[], endType: number) {
    this.worker = new Worker(SOURCE, { eval: true, workerData: { buffers, endType } });
    this.worker.on('message', (m: { done?: number; finished?: boolean; ok: boolean }) => {
      if (m.finished) this.finishing?.(m.ok);
      else if (m.done !== undefined) {
        this.busy.delete(m.done);
        this.waiting.get(m.done)?.();
        this.waiting.delete(m.done);
      }
    });
    this.worker.on('error', (e) => {
      this.failed = e;
      for (const w of this.waiting.values()) w();
      this.finishing?.(false);
    });
  }

  /** The bytes buffers[buffer][start, end) come next in the stream. */
  chunk(buffer: number, start: number, end: number): void {
    this.busy.add(buffer);
    this.worker.postMessage({ buffer, start, end });
  }

  /** Resolves once the worker no longer reads buffer `buffer`. */
  release(buffer: number): Promise<void> {
    if (!this.busy.has(buffer) || this.failed) return Promise.resolve();
    return new Promise((resolve) => this.waiting.set(buffer, resolve));
  }

  /** Whether every record up to END had the right checksum (END reached). */
  async finish(): Promise<boolean> {
    const ok = await new Promise<boolean>((resolve) => {
      this.finishing = resolve;
      this.worker.postMessage({ finish: true });
    });
    if (this.failed) throw this.failed;
    return ok;
  }

  async close(): Promise<void> {
    await this.worker.terminate();
  }
}
