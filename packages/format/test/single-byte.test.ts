/**
 * Every single-byte change of a valid stream is detected: for each byte of a golden stream of
 * each schema version and several changes of it, decoding fails with a FormatError that points
 * into the damaged record (or the stream header). Never a success, never another exception.
 */
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decode } from '../src/decode.js';
import { encode } from '../src/encode.js';
import { FormatError } from '../src/errors.js';
import { exampleState } from '../src/examples/index.js';
import { VERSIONS, type Version } from '../src/schema/index.js';
import { splitRecords } from '../src/wire/assemble.js';
import { RECORD_HEADER_SIZE, paddingOf } from '../src/wire/frame.js';
import { STREAM_HEADER_SIZE } from '../src/wire/header.js';

const XORS = [0x01, 0x80, 0xff] as const;

/** The golden file of `v` when the fixtures exist, else the same example encoded here. */
function golden(v: Version): { bytes: Uint8Array; source: string } {
  const file = new URL(`../../../fixtures/v${v}/example.xlu`, import.meta.url);
  if (existsSync(file)) return { bytes: new Uint8Array(readFileSync(file)), source: `fixtures/v${v}/example.xlu` };
  return { bytes: encode(exampleState(v), v), source: `encode(exampleState(${v}))` };
}

/** [start, end) of the stream header or record that holds each byte. */
function extents(bytes: Uint8Array): Int32Array {
  const owner = new Int32Array(bytes.length * 2);
  const mark = (start: number, end: number) => {
    for (let i = start; i < end; i++) {
      owner[2 * i] = start;
      owner[2 * i + 1] = end;
    }
  };
  mark(0, STREAM_HEADER_SIZE);
  for (const r of splitRecords(bytes)) mark(r.offset, r.offset + RECORD_HEADER_SIZE + r.body.length + paddingOf(r.body.length));
  return owner;
}

describe('every single-byte change is detected', () => {
  for (const v of VERSIONS) {
    it(`v${v}: each byte x ${XORS.map((x) => `^0x${x.toString(16)}`).join(', ')}`, () => {
      const { bytes } = golden(v);
      expect(decode(bytes, { readerVersion: v }).state.domains.length).toBeGreaterThan(0);
      const owner = extents(bytes);
      const accepted: string[] = [];
      const foreign: string[] = [];
      const misplaced: string[] = [];
      const codes = new Map<string, number>();
      const work = bytes.slice();
      for (let i = 0; i < bytes.length; i++) {
        for (const x of XORS) {
          work[i] = bytes[i]! ^ x;
          try {
            decode(work, { readerVersion: v });
            accepted.push(`offset ${i} ^0x${x.toString(16)}`);
          } catch (e) {
            if (!(e instanceof FormatError)) {
              foreign.push(`offset ${i} ^0x${x.toString(16)}: ${String(e)}`);
              continue;
            }
            codes.set(e.code, (codes.get(e.code) ?? 0) + 1);
            const at = e.location.offset;
            if (at === undefined || at < owner[2 * i]! || at >= owner[2 * i + 1]!) {
              misplaced.push(`offset ${i} ^0x${x.toString(16)}: ${e.code} at ${String(at)}, damaged unit is ${owner[2 * i]}-${owner[2 * i + 1]}`);
            }
          }
        }
        work[i] = bytes[i]!;
      }
      expect(accepted).toEqual([]);
      expect(foreign).toEqual([]);
      expect(misplaced).toEqual([]);
      // Everything is caught by the checksum that covers it, except a damaged length that runs
      // the record past the end of the input.
      expect([...codes.keys()].sort()).toEqual(expect.arrayContaining(['bad-checksum']));
      expect([...codes.values()].reduce((a, b) => a + b, 0)).toBe(bytes.length * XORS.length);
    });
  }
});
