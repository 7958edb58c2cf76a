/**
 * Low-level stream surgery for tests, fuzzing and tools: assemble a stream from raw records, and
 * reseal a (possibly edited) stream so that its checksums are right again. A resealed stream then
 * exercises the checks behind the checksums (order, bodies, semantics).
 */
import { crc32 } from './crc32.js';
import { RECORD_HEADER_SIZE, paddingOf } from './frame.js';
import { STREAM_HEADER_SIZE, encodeStreamHeader } from './header.js';

export interface RawRecord {
  readonly type: number;
  readonly body: Uint8Array;
}

/** Header plus records, each padded and checksummed as FORMAT.md says. */
export function assembleStream(schemaVersion: number, records: readonly RawRecord[], xen = { major: 4, minor: 19 }): Uint8Array {
  let size = STREAM_HEADER_SIZE;
  for (const r of records) size += RECORD_HEADER_SIZE + r.body.length + paddingOf(r.body.length);
  const out = new Uint8Array(size);
  out.set(encodeStreamHeader(schemaVersion, xen.major, xen.minor), 0);
  let at = STREAM_HEADER_SIZE;
  for (const r of records) {
    const v = new DataView(out.buffer, at, RECORD_HEADER_SIZE);
    v.setUint32(0, r.type >>> 0);
    v.setUint32(4, r.body.length);
    out.set(r.body, at + RECORD_HEADER_SIZE);
    at += RECORD_HEADER_SIZE + r.body.length + paddingOf(r.body.length);
  }
  return reseal(out);
}

/**
 * Recomputes the header checksum and the checksum chain in place, following the record lengths
 * as far as they stay inside the buffer. Returns the same buffer.
 */
export function reseal(bytes: Uint8Array): Uint8Array {
  if (bytes.length < STREAM_HEADER_SIZE) return bytes;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let crc = crc32(bytes.subarray(0, 28));
  view.setUint32(28, crc);
  let at = STREAM_HEADER_SIZE;
  while (at + RECORD_HEADER_SIZE <= bytes.length) {
    const length = view.getUint32(at + 4);
    const end = at + RECORD_HEADER_SIZE + length + paddingOf(length);
    if (end > bytes.length) break;
    crc = crc32(bytes.subarray(at, at + 8), crc);
    crc = crc32(bytes.subarray(at + 12, end), crc);
    view.setUint32(at + 8, crc);
    at = end;
  }
  return bytes;
}

/** The records of a well-framed stream, as raw bodies (no checks beyond the lengths). */
export function splitRecords(bytes: Uint8Array): (RawRecord & { offset: number })[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out: (RawRecord & { offset: number })[] = [];
  let at = STREAM_HEADER_SIZE;
  while (at + RECORD_HEADER_SIZE <= bytes.length) {
    const type = view.getUint32(at);
    const length = view.getUint32(at + 4);
    const end = at + RECORD_HEADER_SIZE + length + paddingOf(length);
    if (end > bytes.length) break;
    out.push({ type, body: bytes.slice(at + RECORD_HEADER_SIZE, at + RECORD_HEADER_SIZE + length), offset: at });
    at = end;
  }
  return out;
}
