/** Blobs in the JSON form: lowercase hex, two digits per byte. */

const DIGITS = '0123456789abcdef';

/** Below this, a loop is cheaper than a Buffer view. */
const SMALL = 64;

export function bytesToHex(bytes: Uint8Array): string {
  if (bytes.length > SMALL) {
    // Native and flat: a string built by += is a rope of two-character pieces, which took 40 s
    // and 3.8 GB for a 60 MiB blob once JSON.stringify flattened it.
    return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex');
  }
  let s = '';
  for (const b of bytes) s += DIGITS[b >> 4]! + DIGITS[b & 15]!;
  return s;
}

const HEX_RE = /^(?:[0-9a-f]{2})*$/;

/** The bytes of a lowercase hex string, or undefined when it is not one. */
export function hexToBytes(s: string): Uint8Array | undefined {
  if (!HEX_RE.test(s)) return undefined;
  // Native, linear in the length (the string was checked above, so nothing is skipped).
  // Written into a buffer of its own (Buffer.from would share Node's pool for small strings).
  const out = new Uint8Array(s.length / 2);
  Buffer.from(out.buffer, out.byteOffset, out.byteLength).write(s, 'hex');
  return out;
}

/** The JSON Schema pattern of the same strings. */
export const HEX_PATTERN = HEX_RE.source;
