/**
 * Record bodies as a generic tree, for structure-aware mutation: parse a well-formed body, change
 * a node, write it back in canonical form. `Raw` nodes are written verbatim, which is how hostile
 * encodings (maps, floats, huge length headers, non-shortest forms) are planted inside an
 * otherwise valid body.
 */
import { MsgWriter } from '../wire/msgpack-writer.js';

export class Raw {
  constructor(readonly bytes: Uint8Array) {}
}

/** uint (bigint), nil, bool, str, bin, array, or raw bytes. */
export type MsgValue = bigint | null | boolean | string | Uint8Array | MsgValue[] | Raw;

const utf8 = new TextDecoder('utf-8', { fatal: false });

/** Parses one value of the body subset; undefined when the bytes are not one such value. */
export function parseBody(bytes: Uint8Array): MsgValue | undefined {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let pos = 0;
  const need = (n: number) => {
    if (pos + n > bytes.length) throw new RangeError('short');
  };
  const uintOf = (w: number): number => {
    need(w);
    const v = w === 1 ? bytes[pos]! : w === 2 ? view.getUint16(pos) : view.getUint32(pos);
    pos += w;
    return v;
  };
  const value = (depth: number): MsgValue => {
    if (depth > 64) throw new RangeError('deep');
    need(1);
    const b = bytes[pos++]!;
    if (b < 0x80) return BigInt(b);
    if (b === 0xc0) return null;
    if (b === 0xc2 || b === 0xc3) return b === 0xc3;
    if (b >= 0xcc && b <= 0xce) return BigInt(uintOf(1 << (b - 0xcc)));
    if (b === 0xcf) {
      need(8);
      const v = view.getBigUint64(pos);
      pos += 8;
      return v;
    }
    const strLen = b >= 0xa0 && b <= 0xbf ? b & 0x1f : b >= 0xd9 && b <= 0xdb ? uintOf(1 << (b - 0xd9)) : -1;
    if (strLen >= 0) {
      need(strLen);
      pos += strLen;
      return utf8.decode(bytes.subarray(pos - strLen, pos));
    }
    if (b >= 0xc4 && b <= 0xc6) {
      const n = uintOf(1 << (b - 0xc4));
      need(n);
      pos += n;
      return bytes.slice(pos - n, pos);
    }
    const count = b >= 0x90 && b <= 0x9f ? b & 0x0f : b === 0xdc ? uintOf(2) : b === 0xdd ? uintOf(4) : -1;
    if (count < 0 || count > bytes.length - pos) throw new RangeError('not in the subset');
    const a: MsgValue[] = [];
    for (let i = 0; i < count; i++) a.push(value(depth + 1));
    return a;
  };
  try {
    const v = value(0);
    return pos === bytes.length ? v : undefined;
  } catch {
    return undefined;
  }
}

/** Writes a tree in canonical form (Raw nodes as they are). */
export function writeValue(w: MsgWriter, v: MsgValue): void {
  if (v === null) w.nil();
  else if (typeof v === 'boolean') w.bool(v);
  else if (typeof v === 'bigint') w.u64(v);
  else if (typeof v === 'string') w.str(v);
  else if (v instanceof Uint8Array) w.bin(v);
  else if (v instanceof Raw) w.raw(v.bytes);
  else {
    w.arrayHeader(v.length);
    for (const x of v) writeValue(w, x);
  }
}

export function serializeBody(v: MsgValue): Uint8Array {
  const w = new MsgWriter(256);
  writeValue(w, v);
  return w.toBytes();
}
