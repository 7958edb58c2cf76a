/**
 * The streaming reader: records with their byte offsets from a file or any async source of
 * chunks, holding one record at a time, so a dump of any size is read in memory bounded by the
 * largest record. It runs the same framing loop (record-loop.ts) as `decode`, so both report the
 * same first fault.
 */
import { type FileHandle, open } from 'node:fs/promises';
import { type Limits, resolveLimits } from './limits.js';
import { LATEST_VERSION, type Version } from './schema/index.js';
import type { SchemaVersion } from './schema/records.js';
import type { DroppedItem, RecordEvent, RecordSequencer } from './codec/sequence.js';
import { readingSchema } from './decode.js';
import { COLUMNAR_SECTIONS } from './semantics/any-domain.js';
import { RecordLoop } from './record-loop.js';
import { RECORD_HEADER_SIZE } from './wire/frame.js';
import { STREAM_HEADER_SIZE, type StreamHeader, decodeStreamHeader } from './wire/header.js';

export type ByteSource = string | AsyncIterable<Uint8Array>;

export interface StreamOptions {
  readonly readerVersion?: Version;
  readonly limits?: Partial<Limits>;
  /**
   * Hand over the entries the semantic checks read as numbers (PAGES, P2M) as EntryColumns, not
   * objects: for a reader whose domains go to the checks only. Unknown fields of those entries
   * are counted (`dropped`) but not kept.
   */
  readonly forChecks?: boolean;
  /**
   * For a reader that keeps all it reads (the diff): these list sections' records come as
   * EntryColumns when every entry is plain (its known fields only, each in shortest form) and as
   * objects otherwise, with their unknown fields (ListReading `plain-columns`). Takes precedence
   * over `forChecks`. The set is read at each record, so a caller may fill it once it knows what
   * it compares (the diff, once it has both dumps' versions).
   */
  readonly plainColumns?: ReadonlySet<string>;
}

/**
 * Where a window's bytes come from: chunks of an async source (copied in), or a file read straight
 * into the window's buffer. A file read through a stream would get a fresh buffer per read, a
 * copy of every byte, and, for a dump of gigabytes, collections paced by all that external memory.
 */
type Input = { readonly kind: 'chunks'; readonly it: AsyncIterator<Uint8Array> } | { readonly kind: 'file'; readonly path: string; fh?: FileHandle };

/** Bytes a file read asks for at least (the window makes room for them first). */
const FILE_READ = 1 << 20;

/** A growable window over the input: bytes [start, end) of `buf` are stream offsets [base, ...). */
class Window {
  buf = new Uint8Array(1 << 16);
  start = 0;
  end = 0;
  /** Stream offset of buf[start]. */
  offset = 0;
  done = false;
  private readonly input: Input;

  constructor(source: ByteSource) {
    this.input = typeof source === 'string' ? { kind: 'file', path: source } : { kind: 'chunks', it: source[Symbol.asyncIterator]() };
  }

  get available(): number {
    return this.end - this.start;
  }

  /** Makes at least `n` bytes available, unless the input ends first. */
  async fill(n: number): Promise<void> {
    const input = this.input;
    while (this.available < n && !this.done) {
      if (input.kind === 'file') {
        input.fh ??= await open(input.path, 'r');
        this.room(Math.max(FILE_READ, n - this.available));
        const { bytesRead } = await input.fh.read(this.buf, this.end, this.buf.length - this.end, null);
        if (bytesRead === 0) this.done = true;
        this.end += bytesRead;
        continue;
      }
      const r = await input.it.next();
      if (r.done) {
        this.done = true;
        break;
      }
      const chunk = r.value instanceof Uint8Array ? r.value : new Uint8Array(r.value as ArrayBufferLike);
      this.room(chunk.length);
      this.buf.set(chunk, this.end);
      this.end += chunk.length;
    }
  }

  /** Makes room for `more` bytes after `end`: the live bytes moved to the front, or a larger buffer. */
  private room(more: number): void {
    if (this.end + more <= this.buf.length) return;
    const live = this.available;
    if (live + more <= this.buf.length / 2 || (this.start > 0 && live + more <= this.buf.length)) {
      this.buf.copyWithin(0, this.start, this.end);
    } else {
      let size = this.buf.length;
      while (size < live + more) size *= 2;
      const next = new Uint8Array(size);
      next.set(this.buf.subarray(this.start, this.end));
      this.buf = next;
    }
    this.start = 0;
    this.end = live;
  }

  consume(n: number): void {
    this.start += n;
    this.offset += n;
    if (this.start === this.end) this.start = this.end = 0;
  }

  async close(): Promise<void> {
    if (this.input.kind === 'file') await this.input.fh?.close();
    else await this.input.it.return?.();
  }
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
  /**
   * After a fault: the header of the record being read when it happened, if its type and length
   * could be read (a damaged dump's record table shows it as the faulting row).
   */
  readonly faultingHeader: RecordHeaderPeek | undefined;
}

export interface RecordHeaderPeek {
  readonly index: number;
  /** Offset of the record header. */
  readonly offset: number;
  readonly type: number;
  readonly bodyLength: number;
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
  let current: RecordHeaderPeek | undefined;

  async function* run(): AsyncGenerator<RecordEvent> {
    const win = new Window(source);
    try {
      await win.fill(STREAM_HEADER_SIZE);
      header = decodeStreamHeader(win.buf.subarray(win.start, win.end));
      schema = readingSchema(header.schemaVersion, readerVersion);
      const loop = options.plainColumns
        ? new RecordLoop(schema, limits, header, options.plainColumns, 'plain-columns')
        : new RecordLoop(schema, limits, header, options.forChecks ? COLUMNAR_SECTIONS : undefined);
      seq = loop.sequencer;
      win.consume(STREAM_HEADER_SIZE);
      while (!loop.done) {
        await win.fill(RECORD_HEADER_SIZE);
        if (win.available >= 8) {
          const v = new DataView(win.buf.buffer, win.buf.byteOffset + win.start, 8);
          current = { index: loop.nextIndex, offset: win.offset, type: v.getUint32(0), bodyLength: v.getUint32(4) };
        }
        // Sized from its header (the limit checked first, so a bogus length buffers nothing),
        // then sized again once fetched, when the input may have ended short of it. `fill` may
        // move the window, hence the base taken after it.
        const wanted = loop.extent(win.buf, win.start, win.offset - win.start, win.available, win.done);
        await win.fill(wanted);
        const base = win.offset - win.start;
        const size = loop.extent(win.buf, win.start, base, win.available, win.done);
        const ev = loop.step(win.buf, win.start, base);
        current = undefined;
        win.consume(size);
        bytesRead = win.offset;
        recordsRead = loop.nextIndex;
        yield ev;
      }
      await win.fill(1);
      loop.refuseTrailing(win.available, win.offset, false);
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
    get faultingHeader() {
      return current;
    },
    dropped: () => seq?.droppedItems() ?? [],
  };
}
