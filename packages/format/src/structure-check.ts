/**
 * A fast structural verdict on a whole stream: the structure walk (structure-walk.ts) over large
 * chunks read ahead (read-ahead.ts), records crossing chunks carried to the next one, and for a
 * large file the checksum chain on a second thread (crc-chain-worker.ts). It answers valid
 * (with what the streamed report shows) or invalid, and never says why: a caller that needs the
 * diagnostic re-reads the input with `readStream`, so the code, offset, record and path of a fault
 * are the reader's by construction. The fuzz oracle checks that the two always agree on the verdict.
 *
 * Not covered, and answered `not-covered` for the reader to decide: a stream newer than the
 * reader's version (the rollback rules).
 */
import { stat } from 'node:fs/promises';
import type { DroppedItem } from './codec/unknown-tally.js';
import { readingSchema } from './decode.js';
import { FormatError } from './errors.js';
import { resolveLimits } from './limits.js';
import { LATEST_VERSION, SCHEMAS } from './schema/index.js';
import type { SchemaVersion } from './schema/records.js';
import type { ByteSource, StreamOptions } from './stream.js';
import { CrcChainWorker } from './crc-chain-worker.js';
import { bytesReader, fileReader, headRoomOf, iterableReader } from './read-ahead.js';
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

/** Bytes read at a time, by default; a record that outgrows a chunk's head room is gathered apart (never past the record limit). */
const READ_SIZE = 8 << 20;

/** Files from this size on have their checksum chain checked on a second thread (below it, starting one costs more). */
const PARALLEL_FROM = 64 << 20;

export interface StructureOptions extends StreamOptions {
  /** Bytes read at a time (READ_SIZE): the buffer, and each of the two read-ahead buffers of a file. */
  readonly chunkBytes?: number;
  /** Check a file's checksum chain on a second thread: by default from PARALLEL_FROM bytes on. */
  readonly parallelChecksums?: boolean;
}

/**
 * Checks the structure of a stream (a file path, chunks, or bytes in memory). I/O errors reject;
 * every FormatError the stream would raise is the verdict `invalid`.
 */
export async function checkStructure(source: ByteSource | Uint8Array, options: StructureOptions = {}): Promise<StructureVerdict> {
  const limits = resolveLimits(options.limits);
  const readerVersion = options.readerVersion ?? LATEST_VERSION;
  const chunkBytes = options.chunkBytes ?? READ_SIZE;
  let crc: CrcChainWorker | undefined;
  let sharedBuffers: readonly [SharedArrayBuffer, SharedArrayBuffer] | undefined;
  if (typeof source === 'string' && (options.parallelChecksums ?? (await stat(source)).size >= PARALLEL_FROM)) {
    const length = headRoomOf(chunkBytes) + chunkBytes;
    const shared = [new SharedArrayBuffer(length), new SharedArrayBuffer(length)] as const;
    crc = new CrcChainWorker(shared, SCHEMAS[readerVersion].end.type);
    sharedBuffers = shared;
  }
  const input = source instanceof Uint8Array ? bytesReader(source) : typeof source === 'string' ? fileReader(source, chunkBytes, sharedBuffers) : iterableReader(source, chunkBytes);
  // The window: bytes win[at, end) are stream offsets base + at, ...
  let win: Uint8Array = new Uint8Array(0);
  let at = 0;
  let end = 0;
  let base = 0;
  let eof = false;
  /** Bytes wanted from `at` before the walk can go on. */
  let need = STREAM_HEADER_SIZE;
  /** Whether `win` is a buffer of its own (a record gathered from several chunks), not a chunk's. */
  let gathering = false;
  /**
   * Takes the next chunk, the unfinished record (win[at, end)) moved into its head room; a record
   * too large for that is gathered in a buffer of its own until it is whole. Then the chunk after
   * is read ahead, into the buffer of the one before (which the window no longer uses).
   */
  const more = async (): Promise<void> => {
    const c = await input.take();
    if (c === undefined) {
      eof = true;
      return;
    }
    const live = end - at;
    const length = c.end - c.start;
    if (live <= c.start) {
      c.buf.set(win.subarray(at, end), c.start - live);
      base += at - (c.start - live);
      win = c.buf;
      at = c.start - live;
      end = c.end;
      gathering = false;
    } else if (gathering && end + length <= win.length) {
      win.set(c.buf.subarray(c.start, c.end), end);
      end += length;
    } else {
      const gathered = new Uint8Array(Math.max(need, live + length));
      gathered.set(win.subarray(at, end));
      gathered.set(c.buf.subarray(c.start, c.end), live);
      base += at;
      win = gathered;
      at = 0;
      end = live + length;
      gathering = true;
    }
    // The chunk after is read into the buffer of the one before, once the checksum thread is done with it too.
    crc?.chunk(c.index, c.start, c.end);
    if (crc) await crc.release(c.index ^ 1);
    input.ahead();
  };
  try {
    while (end - at < STREAM_HEADER_SIZE && !eof) await more();
    const header = decodeStreamHeader(win.subarray(at, end));
    const schema = readingSchema(header.schemaVersion, readerVersion);
    if (header.schemaVersion > schema.version) return { verdict: 'not-covered' };
    const walk = new StructureWalk(schema, limits, header, crc === undefined);
    at += STREAM_HEADER_SIZE;
    for (;;) {
      at = walk.records(win, at, end, base, eof);
      if (walk.done) break;
      need = walk.need;
      await more();
    }
    const size = base + at;
    // After END, nothing: what is left in the window, or one more byte of input.
    if (end === at && !eof) await more();
    walk.refuseTrailing(end - at);
    if (crc && !(await crc.finish())) return { verdict: 'invalid' };
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
    await crc?.close();
    await input.close();
  }
}
