/**
 * The streaming reader: records with their byte offsets from a file or any async source of
 * chunks, holding one record at a time, so a dump of any size is read in memory bounded by the
 * largest record. It runs the same framing checks and sequencer as `decode`.
 */
import { createReadStream } from 'node:fs';
import { FramingError } from './errors.js';
import { type Limits, resolveLimits } from './limits.js';
import { LATEST_VERSION, type Version } from './schema/index.js';
import type { SchemaVersion } from './schema/records.js';
import { type DroppedItem, type RecordEvent, RecordSequencer } from './codec/sequence.js';
import { readingSchema } from './decode.js';
import { RECORD_HEADER_SIZE, checkRecord, recordExtent } from './wire/frame.js';
import { STREAM_HEADER_SIZE, type StreamHeader, decodeStreamHeader } from './wire/header.js';

export type ByteSource = string | AsyncIterable<Uint8Array>;

export interface StreamOptions {
  readonly readerVersion?: Version;
  readonly limits?: Partial<Limits>;
}

/** A growable window over the input: bytes [start, end) of `buf` are stream offsets [base, ...). */
class Window {
  buf = new Uint8Array(1 << 16);
  start = 0;
  end = 0;
  /** Stream offset of buf[start]. */
  offset = 0;
  done = false;
  private readonly it: AsyncIterator<Uint8Array>;

  constructor(source: AsyncIterable<Uint8Array>) {
    this.it = source[Symbol.asyncIterator]();
  }

  get available(): number {
    return this.end - this.start;
  }

  /** Makes at least `n` bytes available, unless the input ends first. */
  async fill(n: number): Promise<void> {
    while (this.available < n && !this.done) {
      const r = await this.it.next();
      if (r.done) {
        this.done = true;
        break;
      }
      this.append(r.value instanceof Uint8Array ? r.value : new Uint8Array(r.value as ArrayBufferLike));
    }
  }

  private append(chunk: Uint8Array): void {
    if (this.end + chunk.length > this.buf.length) {
      const live = this.available;
      if (live + chunk.length <= this.buf.length / 2 || (this.start > 0 && live + chunk.length <= this.buf.length)) {
        this.buf.copyWithin(0, this.start, this.end);
      } else {
        let size = this.buf.length;
        while (size < live + chunk.length) size *= 2;
        const next = new Uint8Array(size);
        next.set(this.buf.subarray(this.start, this.end));
        this.buf = next;
      }
      this.start = 0;
      this.end = live;
    }
    this.buf.set(chunk, this.end);
    this.end += chunk.length;
  }

  consume(n: number): void {
    this.start += n;
    this.offset += n;
    if (this.start === this.end) this.start = this.end = 0;
  }

  async close(): Promise<void> {
    await this.it.return?.();
  }
}

function sourceOf(source: ByteSource): AsyncIterable<Uint8Array> {
  return typeof source === 'string' ? createReadStream(source, { highWaterMark: 1 << 20 }) : source;
}

export interface StreamReader extends AsyncIterable<RecordEvent> {
  /** The stream header (available once iteration has started). */
  readonly header: StreamHeader | undefined;
  readonly schema: SchemaVersion | undefined;
  /** What the reader did not understand so far. */
  dropped(): DroppedItem[];
  /** Bytes read so far. */
  readonly bytesRead: number;
  /** Records read so far (END included once read). */
  readonly recordsRead: number;
}

/**
 * Reads the records of a stream one at a time. Events hold the decoded body; records the reader's
 * version does not know are `unknown` events (optional ones) or a refusal (mandatory ones). The
 * iteration throws a located FormatError at the first fault.
 */
export function readStream(source: ByteSource, options: StreamOptions = {}): StreamReader {
  const limits = resolveLimits(options.limits);
  const readerVersion = options.readerVersion ?? LATEST_VERSION;
  let header: StreamHeader | undefined;
  let schema: SchemaVersion | undefined;
  let seq: RecordSequencer | undefined;
  let bytesRead = 0;
  let recordsRead = 0;

  async function* run(): AsyncGenerator<RecordEvent> {
    const win = new Window(sourceOf(source));
    try {
      await win.fill(STREAM_HEADER_SIZE);
      header = decodeStreamHeader(win.buf.subarray(win.start, win.end));
      schema = readingSchema(header.schemaVersion, readerVersion);
      seq = new RecordSequencer(schema, limits, header);
      win.consume(STREAM_HEADER_SIZE);
      let crc = header.crc;
      for (let index = 0; ; index++) {
        await win.fill(RECORD_HEADER_SIZE);
        if (win.available === 0 && win.done) seq.finish(win.offset);
        if (win.available < RECORD_HEADER_SIZE) {
          throw new FramingError('truncated', `record header needs ${RECORD_HEADER_SIZE} bytes, ${win.available} left`, { offset: win.offset, record: index });
        }
        // Length checks first, so a bogus length is refused before anything is buffered for it.
        const lengthProbe = recordExtent(win.buf, win.start, win.offset - win.start, index, limits.maxRecordBytes, Number.MAX_SAFE_INTEGER);
        await win.fill(lengthProbe);
        const size = recordExtent(win.buf, win.start, win.offset - win.start, index, limits.maxRecordBytes, win.available);
        const frame = checkRecord(win.buf, win.start, win.offset - win.start, index, crc);
        crc = frame.crc;
        const ev = seq.accept(frame, win.buf, win.start + RECORD_HEADER_SIZE, win.offset - win.start);
        win.consume(size);
        bytesRead = win.offset;
        recordsRead = index + 1;
        yield ev;
        if (ev.kind === 'end') {
          await win.fill(1);
          if (win.available > 0) throw new FramingError('trailing-data', 'bytes after the END record', { offset: win.offset, record: index + 1 });
          return;
        }
      }
    } finally {
      await win.close();
    }
  }

  const gen = run();
  return {
    [Symbol.asyncIterator]: () => gen,
    get header() {
      return header;
    },
    get schema() {
      return schema;
    },
    get bytesRead() {
      return bytesRead;
    },
    get recordsRead() {
      return recordsRead;
    },
    dropped: () => seq?.droppedItems() ?? [],
  };
}
