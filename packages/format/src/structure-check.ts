/**
 * A fast structural verdict on a whole stream: the structure walk (structure-walk.ts) over a large
 * reused read buffer, records crossing read boundaries carried to the next read. It answers valid
 * (with what the streamed report shows) or invalid, and never says why: a caller that needs the
 * diagnostic re-reads the input with `readStream`, so the code, offset, record and path of a fault
 * are the reader's by construction. The fuzz oracle checks that the two always agree on the verdict.
 *
 * Not covered, and answered `not-covered` for the reader to decide: a stream newer than the
 * reader's version (the rollback rules).
 */
import { open } from 'node:fs/promises';
import type { DroppedItem } from './codec/unknown-tally.js';
import { readingSchema } from './decode.js';
import { FormatError } from './errors.js';
import { resolveLimits } from './limits.js';
import { LATEST_VERSION } from './schema/index.js';
import type { SchemaVersion } from './schema/records.js';
import type { ByteSource, StreamOptions } from './stream.js';
import { StructureWalk } from './structure-walk.js';
import { STREAM_HEADER_SIZE, type StreamHeader, decodeStreamHeader } from './wire/header.js';

export type StructureVerdict =
  | {
      readonly verdict: 'valid';
      readonly header: StreamHeader;
      readonly schema: SchemaVersion;
      /** The HOST record's body. */
      readonly host: Record<string, unknown>;
      readonly domains: number;
      /** Records, END included. */
      readonly records: number;
      readonly bytes: number;
      readonly dropped: readonly DroppedItem[];
    }
  | { readonly verdict: 'invalid' }
  | { readonly verdict: 'not-covered' };

/** Bytes read at a time, by default; a record larger than this grows the buffer to hold it (never past the record limit). */
const READ_SIZE = 8 << 20;

export interface StructureOptions extends StreamOptions {
  /** Bytes read at a time (READ_SIZE): the buffer, and each of the two read-ahead buffers of a file. */
  readonly chunkBytes?: number;
}

/** Where the bytes come from: fills buf[at, at + max), resolving to how many it put there (0 at the end). */
type Fill = (buf: Uint8Array, at: number, max: number) => Promise<number>;

function chunkFill(source: AsyncIterable<Uint8Array>): { fill: Fill; close: () => Promise<void> } {
  const it = source[Symbol.asyncIterator]();
  let chunk: Uint8Array | undefined;
  let used = 0;
  return {
    async fill(buf, at, max) {
      while (chunk === undefined || used === chunk.length) {
        const r = await it.next();
        if (r.done) return 0;
        chunk = r.value instanceof Uint8Array ? r.value : new Uint8Array(r.value as ArrayBufferLike);
        used = 0;
      }
      const n = Math.min(max, chunk.length - used);
      buf.set(chunk.subarray(used, used + n), at);
      used += n;
      return n;
    },
    close: async () => {
      await it.return?.();
    },
  };
}

/**
 * A file's chunks, read ahead: while one chunk is being checked the next is already being read
 * (two buffers, alternating), so the check rarely waits for the disk. A chunk is valid until the
 * next one is asked for.
 */
function fileChunks(path: string, size: number): AsyncIterable<Uint8Array> {
  return {
    [Symbol.asyncIterator]() {
      const bufs = [new Uint8Array(size), new Uint8Array(size)];
      let k = 0;
      const opened = open(path, 'r');
      let pending = opened.then((fh) => fh.read(bufs[0]!, 0, size, null));
      return {
        async next(): Promise<IteratorResult<Uint8Array>> {
          const { bytesRead } = await pending;
          if (bytesRead === 0) return { done: true, value: undefined };
          const chunk = bufs[k]!.subarray(0, bytesRead);
          k ^= 1;
          const fh = await opened;
          pending = fh.read(bufs[k]!, 0, size, null);
          return { done: false, value: chunk };
        },
        async return(): Promise<IteratorResult<Uint8Array>> {
          const fh = await opened;
          await pending.catch(() => undefined);
          await fh.close();
          return { done: true, value: undefined };
        },
      };
    },
  };
}

/**
 * Checks the structure of a stream (a file path, chunks, or bytes in memory). I/O errors reject;
 * every FormatError the stream would raise is the verdict `invalid`.
 */
export async function checkStructure(source: ByteSource | Uint8Array, options: StructureOptions = {}): Promise<StructureVerdict> {
  const limits = resolveLimits(options.limits);
  const readerVersion = options.readerVersion ?? LATEST_VERSION;
  const chunkBytes = options.chunkBytes ?? READ_SIZE;
  const input = source instanceof Uint8Array ? undefined : chunkFill(typeof source === 'string' ? fileChunks(source, chunkBytes) : source);
  let buf = source instanceof Uint8Array ? source : new Uint8Array(chunkBytes);
  let end = source instanceof Uint8Array ? source.length : 0;
  let eof = input === undefined;
  /** Stream offset of buf[0]. */
  let base = 0;
  const more = async (): Promise<void> => {
    const n = await input!.fill(buf, end, buf.length - end);
    if (n === 0) eof = true;
    end += n;
  };
  try {
    while (end < STREAM_HEADER_SIZE && !eof) await more();
    const header = decodeStreamHeader(buf.subarray(0, end));
    const schema = readingSchema(header.schemaVersion, readerVersion);
    if (header.schemaVersion > schema.version) return { verdict: 'not-covered' };
    const walk = new StructureWalk(schema, limits, header);
    let at = STREAM_HEADER_SIZE;
    for (;;) {
      at = walk.records(buf, at, end, base, eof);
      if (walk.done) break;
      // Keep the partial record, read more after it; grow when the record is larger than the buffer.
      const live = end - at;
      if (walk.need > buf.length) {
        const next = new Uint8Array(Math.max(walk.need, buf.length * 2));
        next.set(buf.subarray(at, end));
        buf = next;
      } else buf.copyWithin(0, at, end);
      base += at;
      at = 0;
      end = live;
      while (end - at < walk.need && !eof && end < buf.length) await more();
    }
    const size = base + at;
    // After END, nothing: what is left in the buffer, or one more byte of input.
    if (end === at && !eof) {
      at = 0;
      end = 0;
      while (end === 0 && !eof) await more();
    }
    walk.refuseTrailing(end - at);
    return {
      verdict: 'valid',
      header,
      schema,
      host: walk.host!,
      domains: walk.domains,
      records: walk.recordCount,
      bytes: size,
      dropped: walk.dropped(),
    };
  } catch (e) {
    if (e instanceof FormatError) return { verdict: 'invalid' };
    throw e;
  } finally {
    await input?.close();
  }
}
