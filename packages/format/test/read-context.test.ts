/**
 * The reader's context: the unknown-field hook rides on each MsgReader (no module-level state),
 * so two readers decoding at once each hear only of their own unknown fields; and the domain
 * assembler both readers share gives the same domains.
 */
import { describe, expect, it } from 'vitest';
import { structDecoder } from '../src/codec/compile.js';
import { decode } from '../src/decode.js';
import { encode } from '../src/encode.js';
import { exampleState } from '../src/examples/index.js';
import { parseBody, serializeBody, type MsgValue } from '../src/fuzz/index.js';
import { v3 } from '../src/schema/v3.js';
import { readStream } from '../src/stream.js';
import { domainsOf } from '../src/stream-domains.js';
import { assembleStream, splitRecords } from '../src/wire/assemble.js';
import { MsgReader } from '../src/wire/msgpack-reader.js';

const golden = encode(exampleState(3), 3);
const hostBody = splitRecords(golden)[0]!.body;

/** The HOST body with `extra` unknown trailing nil fields. */
function hostWith(extra: number): Uint8Array {
  return serializeBody([...(parseBody(hostBody) as MsgValue[]), ...Array.from({ length: extra }, () => null)]);
}

describe('read context', () => {
  it('the compiled decoders tell the reader they were called with, and only it', () => {
    const decodeHost = structDecoder(v3.host.body.desc);
    const heard: string[] = [];
    const a = new MsgReader(hostWith(2));
    const b = new MsgReader(hostWith(5));
    const silent = new MsgReader(hostWith(3));
    a.onUnknownField = (struct, first, count) => heard.push(`a:${struct}:${first}+${count}`);
    b.onUnknownField = (struct, first, count) => heard.push(`b:${struct}:${first}+${count}`);
    decodeHost(a);
    decodeHost(silent);
    decodeHost(b);
    const known = (parseBody(hostBody) as MsgValue[]).length;
    expect(heard).toEqual([`a:Host:${known + 1}+2`, `b:Host:${known + 1}+5`]);
  });

  it('two streaming readers read at once, each counting its own unknown fields', async () => {
    const recs = (extra: number) => splitRecords(golden).map((r, i) => ({ type: r.type, body: i === 0 ? hostWith(extra) : r.body }));
    const v = new DataView(golden.buffer, golden.byteOffset, 24);
    const xen = { major: v.getUint16(20), minor: v.getUint16(22) };
    async function* slow(bytes: Uint8Array) {
      for (let i = 0; i < bytes.length; i += 64) yield bytes.slice(i, i + 64);
    }
    // 30 unknown fields pass a limit of 40 alone; a shared count would reach 60 and refuse.
    const limits = { maxUnknownFields: 40 };
    const one = readStream(slow(assembleStream(3, recs(30), xen)), { limits });
    const two = readStream(slow(assembleStream(3, recs(30), xen)), { limits });
    const i1 = one[Symbol.asyncIterator]();
    const i2 = two[Symbol.asyncIterator]();
    for (;;) {
      const [r1, r2] = await Promise.all([i1.next(), i2.next()]);
      if (r1.done && r2.done) break;
    }
    expect(one.dropped()).toEqual([expect.objectContaining({ kind: 'field', record: 'HOST', count: 1 })]);
    expect(two.dropped()).toEqual([expect.objectContaining({ kind: 'field', record: 'HOST', count: 1 })]);
  });

  it('decode and domainsOf assemble the same domains (one assembler)', async () => {
    for (const version of [1, 2, 3] as const) {
      const bytes = encode(exampleState(version), version);
      const whole = decode(bytes, { readerVersion: version }).state;
      const streamed: unknown[] = [];
      for await (const item of domainsOf(readStream((async function* () { yield bytes; })(), { readerVersion: version }))) {
        if (item.kind === 'domain') streamed.push(item.value);
      }
      expect(streamed).toEqual(whole.domains);
    }
  });
});
