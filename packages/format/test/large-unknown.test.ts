/**
 * Large unknown optional records are read in time and memory linear in their size: a 60 MiB one
 * (one bin value) decodes, streams and turns into JSON in seconds (its hex was built by string
 * concatenation, a rope V8 took 40 s and 3.8 GB to flatten), and two of them still do.
 */
import { describe, expect, it } from 'vitest';
import { decode } from '../src/decode.js';
import { encode } from '../src/encode.js';
import { exampleState } from '../src/examples/index.js';
import { toJson } from '../src/json/index.js';
import { readStream } from '../src/stream.js';
import { unknownRecordsOf } from '../src/unknown.js';
import { assembleStream, splitRecords } from '../src/wire/assemble.js';

const MiB = 1 << 20;
const golden = encode(exampleState(3), 3);

/** The golden with `count` unknown optional records after HOST, each one bin of `size` bytes. */
function withBlobs(count: number, size: number): Uint8Array {
  const body = new Uint8Array(5 + size);
  body[0] = 0xc6;
  new DataView(body.buffer).setUint32(1, size);
  for (let i = 5; i < body.length; i += 4093) body[i] = i & 0xff;
  const recs = splitRecords(golden).map((r) => ({ type: r.type, body: r.body }));
  recs.pop();
  const all = [recs[0]!, ...Array.from({ length: count }, () => ({ type: 0x8000_0077, body })), ...recs.slice(1)];
  const n = all.length;
  all.push({ type: 0, body: new Uint8Array(n < 128 ? [0x91, n] : [0x91, 0xcc, n]) });
  const v = new DataView(golden.buffer, golden.byteOffset, 24);
  return assembleStream(3, all, { major: v.getUint16(20), minor: v.getUint16(22) });
}

async function* chunks(bytes: Uint8Array) {
  for (let i = 0; i < bytes.length; i += MiB) yield bytes.subarray(i, i + MiB);
}

describe('large unknown optional records', () => {
  it('one of 60 MiB: decode, readStream and JSON each in seconds, the bytes kept exactly', async () => {
    const bytes = withBlobs(1, 60 * MiB);
    let t = performance.now();
    const r = decode(bytes, { readerVersion: 3 });
    expect(performance.now() - t).toBeLessThan(10_000);
    const kept = unknownRecordsOf(r.state)!;
    expect(kept).toHaveLength(1);
    expect(kept[0]!.body.length).toBe(5 + 60 * MiB);
    expect(kept[0]!.body[5 + 4093]).toBe((5 + 4093) & 0xff);

    t = performance.now();
    let unknown = 0;
    for await (const ev of readStream(chunks(bytes), { readerVersion: 3 })) if (ev.kind === 'unknown') unknown += ev.body.length;
    expect(unknown).toBe(5 + 60 * MiB);
    expect(performance.now() - t).toBeLessThan(10_000);

    t = performance.now();
    const json = toJson(r.state, 3);
    const text = JSON.stringify(json);
    expect(text.length).toBeGreaterThan(120 * MiB);
    expect(performance.now() - t).toBeLessThan(15_000);
  }, 120_000);

  it('two of 60 MiB: decoded and turned into JSON without exhausting the heap', () => {
    const bytes = withBlobs(2, 60 * MiB);
    const t = performance.now();
    const r = decode(bytes, { readerVersion: 3 });
    const json = toJson(r.state, 3) as { $unknown_records: { body: string }[] };
    expect(json.$unknown_records.map((x) => x.body.length)).toEqual([2 * (5 + 60 * MiB), 2 * (5 + 60 * MiB)]);
    expect(performance.now() - t).toBeLessThan(20_000);
  }, 120_000);
});
