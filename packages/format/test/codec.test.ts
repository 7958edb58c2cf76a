import { describe, expect, it } from 'vitest';
import { decode as rawDecode } from '@msgpack/msgpack';
import { encode } from '../src/encode.js';
import { decode } from '../src/decode.js';
import { v3 } from '../src/schema/v3.js';
import { tinyState } from './tiny-state.js';
import { STREAM_HEADER_SIZE } from '../src/wire/header.js';
import { crc32, crc32Bytes } from '../src/wire/crc32.js';

describe('codec round trip (tiny v3 state)', () => {
  it('state -> bytes -> state is deep-equal, and re-encoding gives the same bytes', () => {
    const s = tinyState();
    expect(v3.zod.safeParse(s).success).toBe(true);
    const bytes = encode(s, 3);
    const d = decode(bytes, { readerVersion: 3 });
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

import { StreamEncoder } from '../src/encode.js';
import { readStream } from '../src/stream.js';

describe('streaming encoder and reader', () => {
  it('StreamEncoder with takes in between gives the same bytes as encode', () => {
    const s = tinyState();
    const enc = new StreamEncoder(3, s.host);
    const parts = [enc.take()];
    for (const d of s.domains) parts.push(enc.domain(d).take());
    parts.push(enc.end().take());
    expect(Buffer.concat(parts)).toEqual(Buffer.from(encode(s, 3)));
  });

  it('readStream yields every record with its offset, from chunks of any size', async () => {
    const bytes = encode(tinyState(), 3);
    const whole = decode(bytes);
    for (const chunkSize of [1, 7, 64, 1 << 20]) {
      async function* chunks() {
        for (let i = 0; i < bytes.length; i += chunkSize) yield bytes.slice(i, i + chunkSize);
      }
      const reader = readStream(chunks());
      const offsets: number[] = [];
      const kinds: string[] = [];
      for await (const ev of reader) {
        offsets.push(ev.frame.offset);
        kinds.push(ev.kind);
      }
      expect(offsets).toEqual(whole.records.map((r) => r.offset));
      expect(kinds[0]).toBe('host');
      expect(kinds.at(-1)).toBe('end');
      expect(reader.bytesRead).toBe(bytes.length);
    }
  });

  it('readStream fails located on a truncated stream', async () => {
    const bytes = encode(tinyState(), 3);
    async function* chunks() {
      yield bytes.slice(0, bytes.length - 20);
    }
    await expect(async () => {
      for await (const _ of readStream(chunks())) void _;
    }).rejects.toMatchObject({ code: 'truncated', location: { offset: bytes.length - 24 } });
  });
});

import { setUnknownFields } from '../src/unknown.js';

describe('unknown fields on encode', () => {
  it('are written back after the known fields', () => {
    const s = tinyState();
    setUnknownFields(s.host, [{ no: 11, raw: Uint8Array.from([0x2a]) }]);
    const d = decode(encode(s, 3), { readerVersion: 3 });
    expect(d.dropped).toEqual([expect.objectContaining({ kind: 'field', struct: 'Host', fields: '11' })]);
    expect(encode(d.state, 3)).toEqual(encode(s, 3));
  });

  it('a gap after the known fields is refused, not silently dropped', () => {
    const s = tinyState();
    setUnknownFields(s.host, [{ no: 30, raw: Uint8Array.from([0x2a]) }]);
    expect(() => encode(s, 3)).toThrow(/do not follow the 10 known fields/);
  });
});

describe('encoder buffers and checksums', () => {
  it('the table CRC equals the native one, continued from any value, on any range', () => {
    const bytes = Uint8Array.from({ length: 300 }, (_, i) => (i * 37 + 11) & 0xff);
    for (const [from, to, prev] of [[0, 0, 0], [0, 8, 0], [3, 300, 0x1234_5678], [12, 140, 0xffff_ffff], [299, 300, 7]] as const) {
      expect(crc32Bytes(bytes, from, to, prev), `${from}-${to}`).toBe(crc32(bytes.subarray(from, to), prev));
    }
  });

  it('consecutive encodes share nothing: each result keeps its bytes when the next one is written', () => {
    const a = encode(tinyState(), 3);
    const copy = a.slice();
    const other = tinyState();
    other.host.producer.changeset = 'f00d';
    const b = encode(other, 3);
    expect(b).not.toEqual(a);
    expect(a).toEqual(copy);
    expect(a.buffer).not.toBe(b.buffer);
    expect(a.byteLength).toBe(a.buffer.byteLength); // an exact-size copy, not a view of a larger buffer
  });

  it('a state larger than its size estimate grows the buffer and still encodes exactly', () => {
    const s = tinyState();
    const bytes = encode(s, 3);
    expect(encode(s, 3, { sizeHint: 1 })).toEqual(bytes);
    expect(encode(s, 3, { sizeHint: 1 << 20 })).toEqual(bytes);
  });
});

import { FormatError } from '../src/errors.js';
import { exampleState } from '../src/examples/index.js';
import { parseBody, serializeBody, type MsgValue } from '../src/fuzz/msgpack-tree.js';
import { assembleStream, splitRecords } from '../src/wire/assemble.js';
import type { Version } from '../src/schema/index.js';

/** `bytes` with the body of the first record of `type` changed by `edit` (checksums redone). */
function editBody(bytes: Uint8Array, version: number, type: number, edit: (fields: MsgValue[]) => void): { bytes: Uint8Array; offset: number } {
  const records = splitRecords(bytes);
  const r = records.find((x) => x.type === type)!;
  const fields = parseBody(r.body) as MsgValue[];
  edit(fields);
  r.body = serializeBody(fields);
  return { bytes: assembleStream(version, records), offset: r.offset };
}

function refusal(bytes: Uint8Array, readerVersion?: Version): FormatError {
  try {
    decode(bytes, readerVersion === undefined ? {} : { readerVersion });
  } catch (e) {
    if (e instanceof FormatError) return e;
    throw e;
  }
  throw new Error('accepted');
}

describe('END has exactly its one field (FORMAT.md section 6)', () => {
  it('an END with a field after nr_records is refused at its body, by both readers', async () => {
    const { bytes, offset } = editBody(encode(tinyState(), 3), 3, 0, (f) => f.push(null));
    const e = refusal(bytes);
    expect(e.code).toBe('bad-body');
    expect(e.location.offset).toBe(offset + 16);
    expect(e.location.recordType).toBe('END');
    expect(e.message).toMatch(/End has 2 fields, a reader refuses more than its 1/);
    async function* one() {
      yield bytes;
    }
    await expect(async () => {
      for await (const ev of readStream(one())) void ev;
    }).rejects.toMatchObject({ code: 'bad-body', location: { offset: offset + 16 } });
  });
});

describe('one state, one byte sequence: a stream read at its own version is canonical', () => {
  const DOMAIN = 2;
  it('a struct shorter than its version writes is refused, even when the missing field has a default', () => {
    const { bytes, offset } = editBody(encode(exampleState(2), 2), 2, DOMAIN, (f) => f.pop()); // cpupool, default 0
    const e = refusal(bytes);
    expect(e.code).toBe('bad-body');
    expect(e.location.offset).toBe(offset + 16);
    expect(e.message).toMatch(/Domain has 20 fields, needs 21/);
  });

  it('a nil in a field with a default is refused when the stream is read at its own version', () => {
    const { bytes } = editBody(encode(exampleState(2), 2), 2, DOMAIN, (f) => {
      f[20] = null; // cpupool
    });
    const e = refusal(bytes);
    expect(e.code).toBe('bad-body');
    expect(e.location.path).toBe('cpupool');
  });

  it('on rollback, a field the newer version retired (nil) reads as its default', () => {
    const s3 = exampleState(3);
    const bytes = encode(s3, 3);
    expect(splitRecords(bytes).some((r) => r.type === 2 && (parseBody(r.body) as MsgValue[])[10] === null)).toBe(true); // shr_pages
    const pv = { host: s3.host, domains: s3.domains.filter((d) => d.p2m.length === 0 && d.passthrough === null) };
    const r = decode(encode(pv, 3), { readerVersion: 2 });
    expect(r.streamVersion).toBe(3);
    expect(r.state.domains.map((d) => d.domain.shr_pages)).toEqual(pv.domains.map(() => 0));
  });
});
