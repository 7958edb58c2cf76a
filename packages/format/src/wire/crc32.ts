/** CRC-32 (zlib/Ethernet), continued from a previous value: node:zlib's native implementation. */
import { crc32 as zlibCrc32 } from 'node:zlib';

export function crc32(data: Uint8Array, previous = 0): number {
  return zlibCrc32(data, previous) >>> 0;
}

/** The reflected CRC-32 polynomial (init and final XOR 0xFFFFFFFF). */
export const CRC32_POLY = 0xedb88320;

/** The byte-at-a-time table: entry n is the CRC register after shifting byte n through. */
export function crc32ByteTable(): Uint32Array {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? (CRC32_POLY ^ (c >>> 1)) >>> 0 : c >>> 1;
    t[n] = c;
  }
  return t;
}

const TABLE = crc32ByteTable();

/** The same CRC over bytes[from, to), in JavaScript: for a few bytes, cheaper than the native call. */
export function crc32Bytes(bytes: Uint8Array, from: number, to: number, previous = 0): number {
  let c = ~previous;
  for (let i = from; i < to; i++) c = TABLE[(c ^ bytes[i]!) & 0xff]! ^ (c >>> 8);
  return ~c >>> 0;
}
