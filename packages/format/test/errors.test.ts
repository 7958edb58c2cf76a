import { describe, expect, it } from 'vitest';
import { encode as msgpack } from '@msgpack/msgpack';
import { encode } from '../src/encode.js';
import { decode } from '../src/decode.js';
import { BodyError, FormatError, FramingError, UnknownRecordError } from '../src/errors.js';
import { assembleStream, reseal, splitRecords } from '../src/wire/assemble.js';
import { readStream } from '../src/stream.js';
import { domainsOf } from '../src/stream-domains.js';
import { tinyState } from './tiny-state.js';

const good = () => encode(tinyState(), 3);

function failure(bytes: Uint8Array, readerVersion?: 1 | 2 | 3): FormatError {
  try {
    decode(bytes, readerVersion ? { readerVersion } : {});
  } catch (e) {
    expect(e).toBeInstanceOf(FormatError);
    return e as FormatError;
  }
  throw new Error('decode accepted the stream');
}

const rebuild = (bytes: Uint8Array, edit: (rs: { type: number; body: Uint8Array }[]) => { type: number; body: Uint8Array }[]) =>
  assembleStream(3, edit(splitRecords(bytes).map(({ type, body }) => ({ type, body }))));

describe('located errors on bad streams', () => {
  it('truncated stream: every cut inside the stream fails with an offset inside the input', () => {
    const bytes = good();
    for (const cut of [0, 5, 31, 32, 40, 48, 100, bytes.length - 1]) {
      const e = failure(bytes.subarray(0, cut));
      expect(e).toBeInstanceOf(FramingError);
      expect(e.offset).toBeLessThanOrEqual(cut);
    }
    const e = failure(bytes.subarray(0, 100));
    expect(e.code).toBe('bad-length');
  });

  it('bad ident', () => {
    const bytes = good();
    bytes[3] = 0x41;
    const e = failure(bytes);
    expect(e.code).toBe('bad-ident');
    expect(e.offset).toBe(3);
  });

  it('a header naming another Xen than the HOST producer is refused at header offset 20', () => {
    const bytes = good().slice();
    new DataView(bytes.buffer).setUint16(22, 20); // header says 4.20, HOST says 4.19
    const e = failure(reseal(bytes));
    expect(e).toBeInstanceOf(BodyError);
    expect(e.offset).toBe(20);
    expect(e.path).toBe('producer');
    expect(e.message).toMatch(/header names Xen 4\.20, the HOST record's producer is 4\.19/);
  });

  it('bad header checksum', () => {
    const bytes = good();
    bytes[21] ^= 1; // xen_major
    const e = failure(bytes);
    expect(e.code).toBe('bad-checksum');
    expect(e.offset).toBe(28);
  });

  it('corrupted body byte: the record holding it fails its checksum', () => {
    const bytes = good();
    const recs = splitRecords(bytes);
    const target = recs[3]!;
    bytes[target.offset + 16 + 2] ^= 0x10;
    const e = failure(bytes);
    expect(e.code).toBe('bad-checksum');
    expect(e.offset).toBe(target.offset + 8);
    expect(e.location.record).toBe(3);
  });

  it('non-zero padding (checksums fixed) is refused at the padding byte', () => {
    const bytes = good();
    const recs = splitRecords(bytes);
    const r = recs.find((x) => x.body.length % 8 !== 0)!;
    const padAt = r.offset + 16 + r.body.length;
    bytes[padAt] = 1;
    reseal(bytes);
    const e = failure(bytes);
    expect(e.code).toBe('bad-padding');
    expect(e.offset).toBe(padAt);
  });

  it('unknown mandatory record is refused by name and number; unknown optional is skipped and kept', () => {
    const bytes = good();
    const withMandatory = rebuild(bytes, (rs) => [...rs.slice(0, 3), { type: 0x77, body: msgpack([1]) }, ...rs.slice(3, -1), { type: 0, body: msgpack([rs.length]) }]);
    const e = failure(withMandatory);
    expect(e).toBeInstanceOf(UnknownRecordError);
    expect(e.message).toContain('0x00000077');
    expect(e.location.record).toBe(3);

    const withOptional = rebuild(bytes, (rs) => [...rs.slice(0, 3), { type: 0x80000077, body: msgpack([1, 2]) }, ...rs.slice(3, -1), { type: 0, body: msgpack([rs.length]) }]);
    const d = decode(withOptional, { readerVersion: 3 });
    expect(d.dropped).toEqual([expect.objectContaining({ kind: 'record', count: 1, firstRecord: 3 })]);
    expect(encode(d.state, 3)).toEqual(withOptional);
  });

  it('unknown optional record bodies: each bad one refused at its first bad byte, by both readers', async () => {
    // [body, code, offset of the fault from the body's start]
    const cases: [number[], string, number][] = [
      [[], 'bad-body', 0],
      [[0x81, 0x01, 0x02], 'bad-body', 0],
      [[0xc1], 'bad-body', 0],
      [[0x90, 0x90], 'bad-body', 1],
      [[0x01, 0x00], 'bad-body', 1],
      [[0xca, 0, 0, 0, 0], 'bad-body', 0],
      [[0xcc, 0x05], 'bad-body', 0],
      [[0xc4, 0x10, 0x01], 'bad-body', 0],
      [[0x91, 0x92, 0x01, 0xd0, 0x01], 'bad-body', 3],
      [[...Array(32).fill(0x91), 0xc0], 'limit', 32],
    ];
    for (const [body, code, at] of cases) {
      const bytes = rebuild(good(), (rs) => {
        const c = [rs[0]!, { type: 0x8000_0077, body: Uint8Array.from(body) }, ...rs.slice(1, -1)];
        return [...c, { type: 0, body: msgpack([c.length]) }];
      });
      const bodyAt = splitRecords(bytes)[1]!.offset + 16;
      const e = failure(bytes);
      expect({ code: e.code, offset: e.offset, record: e.location.record }, JSON.stringify(body)).toEqual({ code, offset: bodyAt + at, record: 1 });
      let s: unknown;
      try {
        for await (const ev of readStream((async function* () { yield bytes; })())) void ev;
      } catch (err) {
        s = err;
      }
      expect(s).toBeInstanceOf(FormatError);
      expect({ code: (s as FormatError).code, offset: (s as FormatError).offset }).toEqual({ code, offset: bodyAt + at });
    }
  });

  it('length beyond the end', () => {
    const bytes = good();
    const r = splitRecords(bytes)[2]!;
    new DataView(bytes.buffer).setUint32(r.offset + 4, bytes.length);
    const e = failure(bytes);
    expect(e.code).toBe('bad-length');
    expect(e.offset).toBe(r.offset + 4);
  });

  it('length beyond the limit: refused as such before the end of the input is looked at', () => {
    const bytes = good();
    const r = splitRecords(bytes)[2]!;
    new DataView(bytes.buffer).setUint32(r.offset + 4, 0x7fffffff);
    const e = failure(bytes);
    expect(e.code).toBe('limit');
    expect(e.location).toMatchObject({ offset: r.offset + 4, record: 2 });
  });

  it('missing END', () => {
    const bytes = good();
    const recs = splitRecords(bytes);
    const end = recs[recs.length - 1]!;
    const e = failure(bytes.subarray(0, end.offset));
    expect(e.code).toBe('missing-end');
    expect(e.offset).toBe(end.offset);
  });

  it('records after END', () => {
    const bytes = good();
    const rs = splitRecords(bytes);
    const after = assembleStream(3, [...rs, rs[1]!].map(({ type, body }) => ({ type, body })));
    const e = failure(after);
    expect(e.code).toBe('trailing-data');
    expect(e.offset).toBe(bytes.length);
  });

  it('records after END, read a domain at a time (streaming diff, domain-by-domain validation)', async () => {
    const bytes = good();
    const rs = splitRecords(bytes);
    const after = assembleStream(3, [...rs, rs[1]!].map(({ type, body }) => ({ type, body })));
    const reader = readStream((async function* one() { yield after; })());
    let domains = 0;
    const walk = async () => {
      for await (const item of domainsOf(reader)) if (item.kind === 'domain') domains++;
    };
    await expect(walk()).rejects.toMatchObject({ code: 'trailing-data', location: { offset: bytes.length } });
    expect(domains).toBe(tinyState().domains.length - 1); // the last one is complete only at END
    expect(reader.recordsRead).toBe(rs.length);
  });

  it('END that miscounts the records', () => {
    const bytes = rebuild(good(), (rs) => [...rs.slice(0, -1), { type: 0, body: msgpack([rs.length + 3]) }]);
    const e = failure(bytes);
    expect(e.code).toBe('bad-order');
    expect(e.message).toContain('END counts');
  });

  it('duplicate DOMAIN', () => {
    const bytes = good();
    const rs = splitRecords(bytes);
    const domainIdx = rs.findIndex((r, i) => i > 0 && r.type === 2);
    const dup = rebuild(bytes, (x) => {
      const copy = [...x.slice(0, -1)];
      copy.splice(domainIdx + 1, 0, x[domainIdx]!);
      return [...copy, { type: 0, body: msgpack([copy.length]) }];
    });
    const e = failure(dup);
    expect(e.code).toBe('bad-order');
    expect(e.message).toContain('duplicate DOMAIN');
    expect(e.location.record).toBe(domainIdx + 1);
    expect(e.offset).toBe(splitRecords(dup)[domainIdx + 1]!.offset);
  });

  it('records out of order', () => {
    const bytes = good();
    const rs = splitRecords(bytes);
    // Move dom0's TSC_INFO (rank 1) after its VCPU records.
    const tsc = rs.findIndex((r) => r.type === 6);
    const swapped = rebuild(bytes, (x) => {
      const c = [...x];
      const [t] = c.splice(tsc, 1);
      c.splice(tsc + 2, 0, t!);
      return c;
    });
    const e = failure(swapped);
    expect(e.code).toBe('bad-order');
    expect(e.location.recordType).toBe('TSC_INFO');
  });

  it('body errors carry the field path and the offset of the value', () => {
    const s = tinyState();
    const bytes = encode(s, 3);
    const rs = splitRecords(bytes);
    const domRec = rs[1]!; // dom0's DOMAIN
    // field 1 (domid) is the first element after the array header: set it to a reserved id.
    const body = msgpack([0x7ff0], {});
    void body;
    const edited = rebuild(bytes, (x) => {
      const c = [...x];
      const b = new Uint8Array(c[1]!.body);
      // array header (1 byte, dc xx xx for >15 fields) then domid 0 (positive fixint).
      const headerLen = b[0] === 0xdc ? 3 : 1;
      const replaced = new Uint8Array(b.length + 2);
      replaced.set(b.subarray(0, headerLen));
      replaced.set([0xcd, 0x7f, 0xf0], headerLen);
      replaced.set(b.subarray(headerLen + 1), headerLen + 3);
      c[1] = { type: 2, body: replaced };
      return c;
    });
    const e = failure(edited);
    expect(e).toBeInstanceOf(BodyError);
    expect(e.path).toBe('domid');
    expect(e.location.recordType).toBe('DOMAIN');
    expect(e.offset).toBe(domRec.offset + 16 + 3);
  });

  it('non-canonical integers are refused', () => {
    const bytes = good();
    const edited = rebuild(bytes, (x) => {
      const c = [...x];
      const end = c[c.length - 1]!;
      c[c.length - 1] = { type: 0, body: Uint8Array.from([0x91, 0xcc, end.body[1]!]) };
      return c;
    });
    const e = failure(edited);
    expect(e.code).toBe('bad-body');
    expect(e.message).toContain('shortest form');
  });
});
