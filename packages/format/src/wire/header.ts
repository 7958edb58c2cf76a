/** The 32-byte stream header (docs/FORMAT.md section 2). */
import { FramingError } from '../errors.js';
import { crc32 } from './crc32.js';

export const STREAM_IDENT = new Uint8Array([0x58, 0x45, 0x4e, 0x4c, 0x49, 0x56, 0x55, 0x50]); // "XENLIVUP"
export const FRAMING_VERSION = 1;
export const STREAM_HEADER_SIZE = 32;

export interface StreamHeader {
  readonly framingVersion: number;
  readonly schemaVersion: number;
  readonly xenMajor: number;
  readonly xenMinor: number;
  /** CRC of the header: the seed of the record checksum chain. */
  readonly crc: number;
}

export function encodeStreamHeader(schemaVersion: number, xenMajor: number, xenMinor: number): Uint8Array {
  const b = new Uint8Array(STREAM_HEADER_SIZE);
  const v = new DataView(b.buffer);
  b.set(STREAM_IDENT, 0);
  v.setUint32(8, FRAMING_VERSION);
  v.setUint32(12, schemaVersion);
  v.setUint32(16, 0);
  v.setUint16(20, xenMajor);
  v.setUint16(22, xenMinor);
  v.setUint32(24, 0);
  v.setUint32(28, crc32(b.subarray(0, 28)));
  return b;
}

/** Reads and checks the stream header at the start of `bytes`. */
export function decodeStreamHeader(bytes: Uint8Array): StreamHeader {
  if (bytes.length < STREAM_HEADER_SIZE) {
    const identOk = STREAM_IDENT.every((c, i) => i >= bytes.length || bytes[i] === c);
    throw new FramingError(identOk ? 'truncated' : 'bad-ident',
      identOk ? `stream header needs ${STREAM_HEADER_SIZE} bytes, input has ${bytes.length}` : 'not a xenlu stream: bad ident',
      { offset: identOk ? bytes.length : 0 });
  }
  for (let i = 0; i < STREAM_IDENT.length; i++) {
    if (bytes[i] !== STREAM_IDENT[i]) {
      throw new FramingError('bad-ident', `not a xenlu stream: ident is ${JSON.stringify(ascii(bytes.subarray(0, 8)))}, expected "XENLIVUP"`, { offset: i });
    }
  }
  const v = new DataView(bytes.buffer, bytes.byteOffset, STREAM_HEADER_SIZE);
  const crc = v.getUint32(28);
  const actual = crc32(bytes.subarray(0, 28));
  if (crc !== actual) {
    throw new FramingError('bad-checksum', `stream header checksum is 0x${hex8(crc)}, computed 0x${hex8(actual)}`, { offset: 28 });
  }
  const framingVersion = v.getUint32(8);
  if (framingVersion !== FRAMING_VERSION) {
    throw new FramingError('bad-version', `framing version ${framingVersion} is not supported (this reader knows ${FRAMING_VERSION})`, { offset: 8 });
  }
  const schemaVersion = v.getUint32(12);
  if (schemaVersion === 0) throw new FramingError('bad-version', 'schema version 0 is not valid', { offset: 12 });
  if (v.getUint32(16) !== 0) throw new FramingError('reserved-nonzero', `stream flags 0x${hex8(v.getUint32(16))}: no flag is defined`, { offset: 16 });
  if (v.getUint32(24) !== 0) throw new FramingError('reserved-nonzero', 'reserved header field is not zero', { offset: 24 });
  return { framingVersion, schemaVersion, xenMajor: v.getUint16(20), xenMinor: v.getUint16(22), crc };
}

export function hex8(n: number): string {
  return (n >>> 0).toString(16).padStart(8, '0');
}

function ascii(b: Uint8Array): string {
  return Array.from(b, (c) => (c >= 0x20 && c < 0x7f ? String.fromCharCode(c) : '.')).join('');
}
