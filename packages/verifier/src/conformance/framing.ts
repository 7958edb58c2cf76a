/**
 * Stream framing from FORMAT.md sections 2-4 and 6, independent of the codec: the 32-byte header,
 * 16-byte record headers, zero padding to 8 bytes, the chained CRC-32 over every covered byte, and
 * END counting the records. `readFrames` checks all of it; `writeFrames` lays records out again
 * (the self-test uses it to build framing mutants).
 */
import { crc32 } from 'node:zlib';
import { ConformanceError } from './error.js';

export const IDENT = 'XENLIVUP';
export const FRAMING_VERSION = 1;
export const HEADER_SIZE = 32;
export const RECORD_HEADER_SIZE = 16;
export const END_TYPE = 0;

export interface StreamHead {
  readonly schemaVersion: number;
  readonly xenMajor: number;
  readonly xenMinor: number;
}

export interface Frame {
  readonly offset: number;
  readonly type: number;
  /** Body bytes as [bodyStart, bodyEnd) of the stream. */
  readonly bodyStart: number;
  readonly bodyEnd: number;
}

export const padding = (length: number): number => (8 - (length % 8)) % 8;

function crc(data: Uint8Array, previous: number): number {
  return crc32(data, previous) >>> 0;
}

/** Checks the framing of a whole stream and returns its records, END included. */
export function readFrames(bytes: Uint8Array, pad: (length: number) => number = padding): { head: StreamHead; frames: Frame[] } {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes.length < HEADER_SIZE) throw new ConformanceError('shorter than the stream header', 0);
  if (new TextDecoder().decode(bytes.subarray(0, 8)) !== IDENT) throw new ConformanceError('ident is not XENLIVUP', 0);
  if (view.getUint32(8) !== FRAMING_VERSION) throw new ConformanceError(`framing version ${view.getUint32(8)}`, 8);
  if (view.getUint32(16) !== 0) throw new ConformanceError('header flags are not zero', 16);
  if (view.getUint32(24) !== 0) throw new ConformanceError('header reserved word is not zero', 24);
  let chain = crc(bytes.subarray(0, 28), 0);
  if (view.getUint32(28) !== chain) throw new ConformanceError('header CRC mismatch', 28);
  const head = { schemaVersion: view.getUint32(12), xenMajor: view.getUint16(20), xenMinor: view.getUint16(22) };

  const frames: Frame[] = [];
  let at = HEADER_SIZE;
  for (;;) {
    if (at + RECORD_HEADER_SIZE > bytes.length) throw new ConformanceError('stream ends without END', at);
    const type = view.getUint32(at);
    const length = view.getUint32(at + 4);
    const padBytes = pad(length);
    const end = at + RECORD_HEADER_SIZE + length + padBytes;
    if (end > bytes.length) throw new ConformanceError(`record body runs past the end of the stream`, at);
    if (view.getUint32(at + 12) !== 0) throw new ConformanceError('record reserved word is not zero', at + 12);
    for (let i = end - padBytes; i < end; i++) if (bytes[i] !== 0) throw new ConformanceError('padding byte is not zero', i);
    chain = crc(bytes.subarray(at, at + 8), chain);
    chain = crc(bytes.subarray(at + 12, end), chain);
    if (view.getUint32(at + 8) !== chain) throw new ConformanceError(`record ${frames.length} CRC mismatch`, at + 8);
    frames.push({ offset: at, type, bodyStart: at + RECORD_HEADER_SIZE, bodyEnd: at + RECORD_HEADER_SIZE + length });
    at = end;
    if (type === END_TYPE) break;
  }
  if (at !== bytes.length) throw new ConformanceError(`${bytes.length - at} bytes after END`, at);
  return { head, frames };
}

/** Lays records out as a stream: header, each record with its CRC, padding chosen by `pad`. */
export function writeFrames(
  head: StreamHead,
  records: readonly { readonly type: number; readonly body: Uint8Array }[],
  pad: (length: number) => number = padding,
): Uint8Array {
  const size = HEADER_SIZE + records.reduce((n, r) => n + RECORD_HEADER_SIZE + r.body.length + pad(r.body.length), 0);
  const out = new Uint8Array(size);
  const view = new DataView(out.buffer);
  out.set(new TextEncoder().encode(IDENT), 0);
  view.setUint32(8, FRAMING_VERSION);
  view.setUint32(12, head.schemaVersion);
  view.setUint16(20, head.xenMajor);
  view.setUint16(22, head.xenMinor);
  let chain = crc(out.subarray(0, 28), 0);
  view.setUint32(28, chain);
  let at = HEADER_SIZE;
  for (const r of records) {
    view.setUint32(at, r.type);
    view.setUint32(at + 4, r.body.length);
    out.set(r.body, at + RECORD_HEADER_SIZE);
    const end = at + RECORD_HEADER_SIZE + r.body.length + pad(r.body.length);
    chain = crc(out.subarray(at, at + 8), chain);
    chain = crc(out.subarray(at + 12, end), chain);
    view.setUint32(at + 8, chain);
    at = end;
  }
  return out;
}
