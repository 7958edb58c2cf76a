import { describe, expect, it } from 'vitest';
import { SCHEMAS, VERSIONS, encode } from '@xenlu/format';
import { exampleState } from '@xenlu/format/testing';
import { ConformanceError } from '../src/conformance/error.js';
import { readFrames, writeFrames } from '../src/conformance/framing.js';
import { type Mp, readBody } from '../src/conformance/msgpack.js';
import { referenceDecode } from '../src/conformance/read-state.js';
import { firstDifference } from '../src/equality.js';

/** A minimal MessagePack writer for crafting bodies (shortest forms unless told otherwise). */
function mp(v: Mp): number[] {
  if (v === null) return [0xc0];
  if (v === true) return [0xc3];
  if (v === false) return [0xc2];
  if (typeof v === 'bigint') {
    if (v < 0x80n) return [Number(v)];
    if (v < 0x100n) return [0xcc, Number(v)];
    if (v < 0x10000n) return [0xcd, Number(v >> 8n), Number(v & 0xffn)];
    const b = Buffer.alloc(9);
    b[0] = 0xcf;
    b.writeBigUInt64BE(v, 1);
    return v < 0x1_0000_0000n ? [0xce, ...b.subarray(5)] : [...b];
  }
  if (typeof v === 'string') {
    const b = Buffer.from(v, 'utf8');
    return b.length < 32 ? [0xa0 | b.length, ...b] : [0xd9, b.length, ...b];
  }
  if (v instanceof Uint8Array) return v.length < 256 ? [0xc4, v.length, ...v] : [0xc5, v.length >> 8, v.length & 0xff, ...v];
  const items = v.flatMap(mp);
  return v.length < 16 ? [0x90 | v.length, ...items] : [0xdc, v.length >> 8, v.length & 0xff, ...items];
}

const V = 2 as const;
const bytes = encode(exampleState(V), V);
const { head, frames } = readFrames(bytes);
const records = () => frames.map((f) => ({ type: f.type, body: bytes.slice(f.bodyStart, f.bodyEnd) }));
const typeOf = (name: string) => [...SCHEMAS[V].records.values()].find((r) => r.name === name)!.type;
const refuse = (b: Uint8Array, pattern: RegExp) => {
  expect(() => referenceDecode(b, SCHEMAS[V])).toThrow(ConformanceError);
  expect(() => referenceDecode(b, SCHEMAS[V])).toThrow(pattern);
};

describe('reference reader', () => {
  it.each(VERSIONS)('reads the codec\u2019s encoding of the v%s example state back exactly', (v) => {
    const s = exampleState(v);
    expect(firstDifference(referenceDecode(encode(s, v), SCHEMAS[v]), s)).toBeUndefined();
  });

  it('re-framing the records unchanged gives the same bytes (the framing writer is exact)', () => {
    expect(Buffer.compare(writeFrames(head, records()), bytes)).toBe(0);
  });

  it('refuses a corrupted byte, non-zero padding and trailing bytes', () => {
    const flipped = new Uint8Array(bytes);
    flipped[frames[3]!.bodyStart] = flipped[frames[3]!.bodyStart]! ^ 1;
    refuse(flipped, /CRC mismatch/);
    const padded = frames.find((f) => (f.bodyEnd - f.bodyStart) % 8 !== 0)!;
    const badPad = new Uint8Array(bytes);
    badPad[padded.bodyEnd] = 1;
    refuse(badPad, /padding byte is not zero/);
    refuse(new Uint8Array([...bytes, 0, 0, 0, 0, 0, 0, 0, 0]), /after END/);
  });

  it('refuses integers not in their shortest form', () => {
    const rs = records();
    const end = rs[rs.length - 1]!;
    const n = readBody(end.body, 0, end.body.length) as bigint[];
    end.body = new Uint8Array([0x91, 0xcd, 0, Number(n[0])]);
    refuse(writeFrames(head, rs), /shortest form/);
  });

  it('refuses a struct that leaves a field out, and a retired field that is not nil', () => {
    const rs = records();
    const tsc = rs.find((r) => r.type === typeOf('TSC_INFO'))!;
    const fields = readBody(tsc.body, 0, tsc.body.length) as Mp[];
    tsc.body = new Uint8Array(mp(fields.slice(0, -1)));
    refuse(writeFrames(head, rs), /writes all 4 fields/);
    const v3 = encode(exampleState(3), 3);
    const f3 = readFrames(v3);
    const rs3 = f3.frames.map((f) => ({ type: f.type, body: v3.slice(f.bodyStart, f.bodyEnd) }));
    const dom = rs3.find((r) => r.type === 2)!;
    const d = readBody(dom.body, 0, dom.body.length) as Mp[];
    d[10] = 0n; // field 11, shr_pages, retired in v3
    dom.body = new Uint8Array(mp(d));
    expect(() => referenceDecode(writeFrames(f3.head, rs3), SCHEMAS[3])).toThrow(/retired field must be written nil/);
  });

  it('refuses a list record split before it is full', () => {
    const rs = records();
    const params = typeOf('HVM_PARAMS');
    const i = rs.findIndex((r) => r.type === params);
    const entries = (readBody(rs[i]!.body, 0, rs[i]!.body.length) as Mp[][])[0]!;
    expect(entries.length).toBeGreaterThan(1);
    rs.splice(i, 1, { type: params, body: new Uint8Array(mp([entries.slice(0, 1)])) }, { type: params, body: new Uint8Array(mp([entries.slice(1)])) });
    const end = rs[rs.length - 1]!;
    end.body = new Uint8Array(mp([BigInt(rs.length - 1)]));
    refuse(writeFrames(head, rs), /not filled to its maximum/);
  });

  it('refuses records out of order, a wrong END count and unknown record types', () => {
    const swapped = records();
    const k = swapped.findIndex((r) => r.type === typeOf('TSC_INFO'));
    [swapped[k], swapped[k + 1]] = [swapped[k + 1]!, swapped[k]!];
    refuse(writeFrames(head, swapped), /out of order/);
    const counted = records();
    counted[counted.length - 1]!.body = new Uint8Array(mp([5n]));
    refuse(writeFrames(head, counted), /nr_records 5/);
    const unknown = records();
    unknown.splice(1, 0, { type: 0x7000_0001, body: new Uint8Array(mp([])) });
    refuse(writeFrames(head, unknown), /not a record of version 2/);
  });
});
