import { describe, expect, it } from 'vitest';
import { decode as rawDecode } from '@msgpack/msgpack';
import { encode } from '../src/encode.js';
import { decode } from '../src/decode.js';
import { v3 } from '../src/schema/v3.js';
import { tinyState } from './tiny-state.js';
import { STREAM_HEADER_SIZE } from '../src/wire/header.js';

describe('codec round trip (tiny v3 state)', () => {
  it('state -> bytes -> state is deep-equal, and re-encoding gives the same bytes', () => {
    const s = tinyState();
    expect(v3.zod.safeParse(s).success).toBe(true);
    const bytes = encode(s, 3);
    const d = decode(bytes);
    expect(d.version).toBe(3);
    expect(d.streamVersion).toBe(3);
    expect(d.state).toEqual(s);
    expect(encode(d.state, 3)).toEqual(bytes);
    expect(d.dropped).toEqual([]);
  });

  it('every body is MessagePack that @msgpack/msgpack decodes', () => {
    const bytes = encode(tinyState(), 3);
    const d = decode(bytes);
    for (const r of d.records) {
      const body = bytes.subarray(r.offset + 16, r.offset + 16 + r.bodyLength);
      expect(() => rawDecode(body, { useBigInt64: true })).not.toThrow();
      expect(Array.isArray(rawDecode(body, { useBigInt64: true }))).toBe(true);
    }
    expect(d.records[0]!.offset).toBe(STREAM_HEADER_SIZE);
  });
});
