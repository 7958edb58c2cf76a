/**
 * Strict UTF-8 for text inputs: a JSON state with a byte sequence that is not UTF-8 is refused at
 * that byte, never read with U+FFFD in its place (which would change a string silently).
 */

const fatal = new TextDecoder('utf-8', { fatal: true });

/** The text of `bytes` (a leading BOM dropped), or the offset of the first byte that is not UTF-8. */
export function decodeUtf8(bytes: Uint8Array): { text: string } | { badOffset: number } {
  try {
    return { text: fatal.decode(bytes) };
  } catch {
    return { badOffset: firstInvalid(bytes) };
  }
}

/** Offset of the first byte of the first ill-formed sequence (Unicode table 3-7). */
function firstInvalid(b: Uint8Array): number {
  let i = 0;
  while (i < b.length) {
    const c = b[i]!;
    if (c < 0x80) {
      i++;
      continue;
    }
    let n: number;
    let lo = 0x80;
    let hi = 0xbf;
    if (c >= 0xc2 && c <= 0xdf) n = 1;
    else if (c >= 0xe0 && c <= 0xef) {
      n = 2;
      if (c === 0xe0) lo = 0xa0;
      if (c === 0xed) hi = 0x9f; // no surrogates
    } else if (c >= 0xf0 && c <= 0xf4) {
      n = 3;
      if (c === 0xf0) lo = 0x90;
      if (c === 0xf4) hi = 0x8f;
    } else return i;
    const second = b[i + 1];
    if (second === undefined || second < lo || second > hi) return i;
    for (let k = 2; k <= n; k++) {
      const x = b[i + k];
      if (x === undefined || x < 0x80 || x > 0xbf) return i;
    }
    i += n + 1;
  }
  return b.length;
}
