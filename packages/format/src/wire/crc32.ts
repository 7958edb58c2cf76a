/** CRC-32 (zlib/Ethernet), continued from a previous value: node:zlib's native implementation. */
import { crc32 as zlibCrc32 } from 'node:zlib';

export function crc32(data: Uint8Array, previous = 0): number {
  return zlibCrc32(data, previous) >>> 0;
}

const TABLE = (() => {
  const t = new Int32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c;
  }
  return t;
})();

/** The same CRC over bytes[from, to), in JavaScript: for a few bytes, cheaper than the native call. */
export function crc32Bytes(bytes: Uint8Array, from: number, to: number, previous = 0): number {
  let c = ~previous;
  for (let i = from; i < to; i++) c = TABLE[(c ^ bytes[i]!) & 0xff]! ^ (c >>> 8);
  return ~c >>> 0;
}
