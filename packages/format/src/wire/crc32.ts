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

export const CRC32_SLICES = 8;

/**
 * The slice-by-8 tables: table k maps a byte to its contribution k bytes further on. T[0] is the
 * byte-at-a-time table, T[k][n] = (T[k-1][n] >> 8) ^ T[0][T[k-1][n] & 0xff].
 */
export function crc32SliceTables(): Uint32Array[] {
  const tables = [crc32ByteTable()];
  for (let k = 1; k < CRC32_SLICES; k++) {
    const prev = tables[k - 1]!;
    const t = new Uint32Array(256);
    for (let n = 0; n < 256; n++) t[n] = ((prev[n]! >>> 8) ^ tables[0]![prev[n]! & 0xff]!) >>> 0;
    tables.push(t);
  }
  return tables;
}

const [T0, T1, T2, T3, T4, T5, T6, T7] = crc32SliceTables() as [Uint32Array, Uint32Array, Uint32Array, Uint32Array, Uint32Array, Uint32Array, Uint32Array, Uint32Array];

/**
 * The same CRC over bytes[from, to), in JavaScript, 8 bytes per step (a record header is one):
 * for a few bytes, cheaper than the native call.
 */
export function crc32Bytes(bytes: Uint8Array, from: number, to: number, previous = 0): number {
  let c = ~previous;
  let i = from;
  for (; i + 8 <= to; i += 8) {
    const lo = c ^ (bytes[i]! | (bytes[i + 1]! << 8) | (bytes[i + 2]! << 16) | (bytes[i + 3]! << 24));
    c = T7[lo & 0xff]! ^ T6[(lo >>> 8) & 0xff]! ^ T5[(lo >>> 16) & 0xff]! ^ T4[lo >>> 24]!
      ^ T3[bytes[i + 4]!]! ^ T2[bytes[i + 5]!]! ^ T1[bytes[i + 6]!]! ^ T0[bytes[i + 7]!]!;
  }
  for (; i < to; i++) c = T0[(c ^ bytes[i]!) & 0xff]! ^ (c >>> 8);
  return ~c >>> 0;
}
