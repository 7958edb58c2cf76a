/**
 * Hostile streams built from scratch rather than by mutation: each aims at one way of making a
 * reader allocate, recurse or loop in proportion to a number the input merely claims. Every
 * one has correct checksums, so nothing but the check it targets can stop it.
 */
import type { FormatErrorCode } from '../errors.js';
import { OPTIONAL_BIT } from '../schema/records.js';
import { type RawRecord, assembleStream, reseal, splitRecords } from '../wire/assemble.js';
import { RECORD_HEADER_SIZE } from '../wire/frame.js';
import { STREAM_HEADER_SIZE, encodeStreamHeader } from '../wire/header.js';
import { type MsgValue, Raw, parseBody, serializeBody } from './msgpack-tree.js';
import { HOSTILE_VALUES, nested } from './hostile.js';

export interface Crafted {
  readonly name: string;
  readonly bytes: Uint8Array;
  /** What the default limits must make of it. */
  readonly expect: FormatErrorCode | 'ok';
}

function header(version = 3): Uint8Array {
  return encodeStreamHeader(version, 4, 19);
}

/** A stream header then one record header claiming `length` body bytes, then `present` bytes. */
function claimingRecord(length: number, present: number): Uint8Array {
  const out = new Uint8Array(STREAM_HEADER_SIZE + RECORD_HEADER_SIZE + present);
  out.set(header(), 0);
  new DataView(out.buffer).setUint32(STREAM_HEADER_SIZE, 1);
  new DataView(out.buffer).setUint32(STREAM_HEADER_SIZE + 4, length);
  return reseal(out);
}

/** Rebuilds a stream of `golden`'s version and producer from records. */
function assembleLike(golden: Uint8Array, records: RawRecord[]): Uint8Array {
  const v = new DataView(golden.buffer, golden.byteOffset, STREAM_HEADER_SIZE);
  return assembleStream(v.getUint32(12), records, { major: v.getUint16(20), minor: v.getUint16(22) });
}

function recordsOf(golden: Uint8Array): RawRecord[] {
  return splitRecords(golden).map((r) => ({ type: r.type, body: r.body }));
}

function withEnd(records: RawRecord[]): RawRecord[] {
  const body = records.filter((r) => r.type !== 0);
  return [...body, { type: 0, body: serializeBody([BigInt(body.length)]) }];
}

/** The golden with its HOST body's struct array extended by `extra`. */
function hostWith(golden: Uint8Array, extra: MsgValue[]): Uint8Array {
  const recs = recordsOf(golden);
  const host = parseBody(recs[0]!.body);
  if (!Array.isArray(host)) throw new Error('golden HOST body is not an array');
  recs[0] = { type: recs[0]!.type, body: serializeBody([...host, ...extra]) };
  return assembleLike(golden, recs);
}

/** The golden with its HOST body replaced by `raw` verbatim. */
function hostBody(golden: Uint8Array, raw: Uint8Array): Uint8Array {
  const recs = recordsOf(golden);
  recs[0] = { type: recs[0]!.type, body: raw };
  return assembleLike(golden, recs);
}

/** Hostile inputs built on a v3 golden stream. */
export function craftedInputs(goldenV3: Uint8Array): Crafted[] {
  const out: Crafted[] = [
    { name: 'empty input', bytes: new Uint8Array(0), expect: 'truncated' },
    { name: '4 KiB of zeros', bytes: new Uint8Array(4096), expect: 'bad-ident' },
    { name: 'stream header only', bytes: header(), expect: 'missing-end' },
    // The length limit is checked before the input's end (FORMAT.md 3): refused from the header alone.
    { name: 'record claiming 4 GiB', bytes: claimingRecord(0xffffffff, 64), expect: 'limit' },
    { name: 'record claiming 1 GiB', bytes: claimingRecord(0x40000000, 64), expect: 'limit' },
    { name: 'record claiming 64 MiB + 1 (over the limit)', bytes: claimingRecord(64 * 1024 * 1024 + 1, 64), expect: 'limit' },
    { name: 'record claiming 1 MiB, 64 bytes there', bytes: claimingRecord(1 << 20, 64), expect: 'bad-length' },
  ];
  for (const h of HOSTILE_VALUES) {
    if (!/claiming/.test(h.name)) continue;
    out.push({ name: `HOST body: ${h.name}`, bytes: hostBody(goldenV3, Uint8Array.from(h.bytes)), expect: 'bad-body' });
    out.push({ name: `HOST unknown field: ${h.name}`, bytes: hostWith(goldenV3, [new Raw(Uint8Array.from(h.bytes))]), expect: 'bad-body' });
  }
  out.push(
    { name: 'unknown field nested 1,000,000 deep', bytes: hostWith(goldenV3, [nested(1_000_000)]), expect: 'limit' },
    { name: 'unknown field nested 33 deep', bytes: hostWith(goldenV3, [nested(33)]), expect: 'limit' },
    { name: 'unknown field nested 30 deep', bytes: hostWith(goldenV3, [nested(30)]), expect: 'ok' },
    { name: '2,000,000 unknown trailing nil fields', bytes: hostWith(goldenV3, Array.from({ length: 2_000_000 }, () => null)), expect: 'limit' },
    { name: 'unknown array of 2,000,000 nils', bytes: hostWith(goldenV3, [Array.from({ length: 2_000_000 }, () => null)]), expect: 'ok' },
    { name: '50,000 unknown optional records of one nil', bytes: withUnknownRecords(goldenV3, 50_000, new Uint8Array([0xc0])), expect: 'ok' },
  );
  // Unknown optional record bodies are checked like any other (FORMAT.md 5).
  for (const [name, body, expect] of UNKNOWN_BODIES) out.push({ name: `unknown optional record body: ${name}`, bytes: withUnknownRecords(goldenV3, 1, body), expect });
  return out;
}

/** Bodies of an unknown optional record, and what the default limits make of them. */
export const UNKNOWN_BODIES: readonly (readonly [string, Uint8Array, FormatErrorCode | 'ok'])[] = [
  ['empty', new Uint8Array(0), 'bad-body'],
  ['a map', new Uint8Array([0x81, 0x01, 0x02]), 'bad-body'],
  ['the byte 0xc1', new Uint8Array([0xc1]), 'bad-body'],
  ['two values', new Uint8Array([0x90, 0x90]), 'bad-body'],
  ['a value then a zero byte', new Uint8Array([0x01, 0x00]), 'bad-body'],
  ['a float', new Uint8Array([0xca, 0, 0, 0, 0]), 'bad-body'],
  ['uint 8 of 5 (not shortest)', new Uint8Array([0xcc, 0x05]), 'bad-body'],
  ['a truncated bin', new Uint8Array([0xc4, 0x10, 0x01]), 'bad-body'],
  ['innermost value at depth 33', serializeBody(nested(32)), 'limit'],
  ['innermost value at depth 32', serializeBody(nested(31)), 'ok'],
  ['one bin', new Uint8Array([0xc4, 0x02, 0xab, 0xcd]), 'ok'],
];

/** The golden with `count` unknown optional records of body `body` after HOST. */
function withUnknownRecords(golden: Uint8Array, count: number, body: Uint8Array): Uint8Array {
  const recs = recordsOf(golden);
  const filler = Array.from({ length: count }, () => ({ type: OPTIONAL_BIT | 0x7777, body }));
  return assembleLike(golden, withEnd([recs[0]!, ...filler, ...recs.slice(1)]));
}
