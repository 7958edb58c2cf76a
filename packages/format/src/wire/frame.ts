/** Record framing: the 16-byte record header, padding and the running checksum (FORMAT.md 3-4). */
import { FramingError, LimitError } from '../errors.js';
import { crc32, crc32Bytes } from './crc32.js';
import { hex8 } from './header.js';

export const RECORD_HEADER_SIZE = 16;

export function paddingOf(bodyLength: number): number {
  return (8 - (bodyLength % 8)) % 8;
}

export interface RecordFrame {
  /** Record index in the stream (0 = HOST). */
  readonly index: number;
  /** Offset of the record header. */
  readonly offset: number;
  readonly type: number;
  readonly bodyLength: number;
  /** Running CRC after this record (the value in its header). */
  readonly crc: number;
}

/**
 * Checks one record held in `bytes` from `at` (header, body and padding all present) against the
 * checksum chain. `at` and `base` make the offsets absolute: bytes[at] is stream offset base + at.
 * Without `previousCrc` the checksum is left to a caller that checks the chain elsewhere (the
 * structural check's second thread), and the frame's crc is the stored one.
 */
export function checkRecord(
  bytes: Uint8Array,
  at: number,
  base: number,
  index: number,
  previousCrc: number | undefined,
): RecordFrame {
  const offset = base + at;
  const v = new DataView(bytes.buffer, bytes.byteOffset + at, RECORD_HEADER_SIZE);
  const type = v.getUint32(0);
  const bodyLength = v.getUint32(4);
  const stored = v.getUint32(8);
  const end = at + RECORD_HEADER_SIZE + bodyLength + paddingOf(bodyLength);
  let crc = stored;
  if (previousCrc !== undefined) {
    crc = crc32(bytes.subarray(at, at + 8), previousCrc);
    crc = crc32(bytes.subarray(at + 12, end), crc);
  }
  if (crc !== stored) {
    throw new FramingError('bad-checksum',
      `record checksum is 0x${hex8(stored)}, computed 0x${hex8(crc)}: the record or one before it is corrupt, missing, repeated or out of order`,
      { offset: offset + 8, record: index });
  }
  if (v.getUint32(12) !== 0) throw new FramingError('reserved-nonzero', 'reserved record header field is not zero', { offset: offset + 12, record: index });
  for (let i = at + RECORD_HEADER_SIZE + bodyLength; i < end; i++) {
    if (bytes[i] !== 0) throw new FramingError('bad-padding', `padding byte is 0x${bytes[i]!.toString(16)}, must be zero`, { offset: base + i, record: index });
  }
  return { index, offset, type, bodyLength, crc };
}

/** Reads the length field of a record header: checks that a header is there, the length limit, then that the record fits the input. */
export function recordExtent(
  bytes: Uint8Array,
  at: number,
  base: number,
  index: number,
  maxRecordBytes: number,
  /** Bytes known to follow `at`; Number.MAX_SAFE_INTEGER when more input may come (a stream). */
  available: number,
): number {
  const offset = base + at;
  if (available < RECORD_HEADER_SIZE) {
    throw new FramingError(available === 0 ? 'missing-end' : 'truncated',
      available === 0 ? `stream ends after ${index} records without an END record` : `record header needs ${RECORD_HEADER_SIZE} bytes, ${available} left`,
      { offset, record: index });
  }
  const v = new DataView(bytes.buffer, bytes.byteOffset + at, 8);
  const bodyLength = v.getUint32(4);
  const total = RECORD_HEADER_SIZE + bodyLength + paddingOf(bodyLength);
  // The limit first: it is decided by the header alone, so a streaming reader refuses an
  // oversized record without reading (or holding) it to learn whether the input has it.
  if (bodyLength > maxRecordBytes) {
    throw new LimitError('limit', `record body length ${bodyLength} exceeds the limit of ${maxRecordBytes} bytes`, { offset: offset + 4, record: index });
  }
  if (total > available) {
    throw new FramingError('bad-length', `record body length ${bodyLength} runs past the end of the input (${available - RECORD_HEADER_SIZE} bytes left)`, { offset: offset + 4, record: index });
  }
  return total;
}

/** Records up to this size (header included) are checksummed in JavaScript. */
const SMALL_RECORD = 128;

/**
 * Fills in the header of the record at `at` (zeroed by the writer) and its running checksum, in
 * place; returns the checksum. `view` is a DataView over the whole of `out`. The 8 header bytes and
 * small records go through the table here: below SMALL_RECORD bytes a native call costs more.
 */
export function sealRecordAt(out: Uint8Array, view: DataView, at: number, end: number, type: number, bodyLength: number, previousCrc: number): number {
  view.setUint32(at, type >>> 0);
  view.setUint32(at + 4, bodyLength);
  const head = crc32Bytes(out, at, at + 8, previousCrc);
  const crc = end - at <= SMALL_RECORD ? crc32Bytes(out, at + 12, end, head) : crc32(out.subarray(at + 12, end), head);
  view.setUint32(at + 8, crc);
  return crc;
}
