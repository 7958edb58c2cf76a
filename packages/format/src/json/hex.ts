/** Blobs in the JSON form: lowercase hex, two digits per byte. */

const DIGITS = '0123456789abcdef';

export function bytesToHex(bytes: Uint8Array): string {
  let s = '';
  for (const b of bytes) s += DIGITS[b >> 4]! + DIGITS[b & 15]!;
  return s;
}

const HEX_RE = /^(?:[0-9a-f]{2})*$/;

/** The bytes of a lowercase hex string, or undefined when it is not one. */
export function hexToBytes(s: string): Uint8Array | undefined {
  if (!HEX_RE.test(s)) return undefined;
  const out = new Uint8Array(s.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = Number.parseInt(s.slice(2 * i, 2 * i + 2), 16);
  return out;
}

/** The JSON Schema pattern of the same strings. */
export const HEX_PATTERN = HEX_RE.source;
