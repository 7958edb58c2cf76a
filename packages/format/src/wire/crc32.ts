/** CRC-32 (zlib/Ethernet), continued from a previous value: node:zlib's native implementation. */
import { crc32 as zlibCrc32 } from 'node:zlib';

export function crc32(data: Uint8Array, previous = 0): number {
  return zlibCrc32(data, previous) >>> 0;
}
