/**
 * The one framing loop both readers run, a record at a time, in the normative order of checks of
 * FORMAT.md section 3: record header present, body length within the reader's limit, record
 * within the input, checksum chain, reserved zero, padding zero, then the type, then the order
 * and the body (the sequencer). The first fault in stream order is the error, whichever reader
 * meets it: `decode` (a buffer) and `readStream` (an async source) differ only in how the bytes
 * arrive.
 */
import { FramingError } from './errors.js';
import type { Limits } from './limits.js';
import type { SchemaVersion } from './schema/records.js';
import { type RecordEvent, RecordSequencer } from './codec/sequence.js';
import type { ListReading } from './codec/compile.js';
import { RECORD_HEADER_SIZE, checkRecord, recordExtent } from './wire/frame.js';
import type { StreamHeader } from './wire/header.js';

export class RecordLoop {
  readonly sequencer: RecordSequencer;
  private readonly limits: Limits;
  private crc: number;
  private index = 0;
  private ended = false;

  /** `columnar`: the list sections whose flat entries are decoded as columns, read as `reading` says (RecordSequencer). */
  constructor(schema: SchemaVersion, limits: Limits, header: StreamHeader, columnar?: ReadonlySet<string>, reading?: Exclude<ListReading, 'objects'>) {
    this.limits = limits;
    this.crc = header.crc;
    this.sequencer = new RecordSequencer(schema, limits, header, columnar, reading);
  }

  /** Index of the next record (0 = HOST). */
  get nextIndex(): number {
    return this.index;
  }

  /** True once END has been taken. */
  get done(): boolean {
    return this.ended;
  }

  /**
   * The size (header, body, padding) of the next record, from its header at bytes[at]; bytes[at]
   * is stream offset base + at. `available` bytes follow `at`; `inputEnds` says whether they are
   * all the input holds. A reader that has fewer bytes than the answer and more input to come
   * fetches them and asks again: the length limit is checked first, so it never fetches more
   * than the limit for a record it will refuse.
   */
  extent(bytes: Uint8Array, at: number, base: number, available: number, inputEnds: boolean): number {
    if (available < RECORD_HEADER_SIZE && !inputEnds) throw new RangeError('a record header needs 16 bytes to size the record');
    return recordExtent(bytes, at, base, this.index, this.limits.maxRecordBytes, inputEnds ? available : Number.MAX_SAFE_INTEGER);
  }

  /**
   * Takes the next record, all of it held in bytes[at..] (as `extent` sized it): checksum,
   * reserved, padding, then type, order and body. Throws a located FormatError at the first fault.
   */
  step(bytes: Uint8Array, at: number, base: number): RecordEvent {
    if (this.ended) throw new RangeError('the stream already ended');
    const frame = checkRecord(bytes, at, base, this.index, this.crc);
    const ev = this.sequencer.accept(frame, bytes, at + RECORD_HEADER_SIZE, base);
    this.crc = frame.crc;
    this.index++;
    if (ev.kind === 'end') this.ended = true;
    return ev;
  }

  /**
   * After END: `extra` bytes (or more) follow at stream offset `offset`; any is an error, located
   * as the record that would come next.
   */
  refuseTrailing(extra: number, offset: number, exact: boolean): void {
    if (extra > 0) throw new FramingError('trailing-data', exact ? `${extra} bytes after the END record` : 'bytes after the END record', { offset, record: this.index });
  }
}
