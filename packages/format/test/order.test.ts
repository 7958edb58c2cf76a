/**
 * FORMAT.md section 6: `each` records and the entries of ordered lists strictly ascend by their key,
 * also across the records a list is cut into. The reader refuses the first entry that does not, at
 * its first byte, in the buffer decoder and the streaming reader alike; the encoder refuses such a
 * state instead of writing a stream no reader accepts.
 */
import { describe, expect, it } from 'vitest';
import { encode } from '../src/encode.js';
import { decode } from '../src/decode.js';
import { FormatError, StateError } from '../src/errors.js';
import { assembleStream, splitRecords } from '../src/wire/assemble.js';
import { readStream } from '../src/stream.js';
import { type MsgValue, parseBody, serializeBody } from '../src/fuzz/msgpack-tree.js';
import { structEncoder } from '../src/codec/compile.js';
import { MsgWriter } from '../src/wire/msgpack-writer.js';
import { SCHEMAS, type StateV3 } from '../src/schema/index.js';
import { RECORD_HEADER_SIZE } from '../src/wire/frame.js';
import { tinyState } from './tiny-state.js';
import { exampleState } from '../src/examples/index.js';

type Raw = { type: number; body: Uint8Array };

function failure(bytes: Uint8Array): FormatError {
  try {
    decode(bytes);
  } catch (e) {
    expect(e).toBeInstanceOf(FormatError);
    return e as FormatError;
  }
  throw new Error('decode accepted the stream');
}

async function streamFailure(bytes: Uint8Array): Promise<FormatError> {
  async function* chunks() {
    // Odd-sized chunks, so no check can lean on a record arriving whole.
    for (let i = 0; i < bytes.length; i += 37) yield bytes.subarray(i, i + 37);
  }
  try {
    for await (const _ of readStream(chunks())) void _;
  } catch (e) {
    expect(e).toBeInstanceOf(FormatError);
    return e as FormatError;
  }
  throw new Error('readStream accepted the stream');
}

/** Decode and the streaming reader refuse `bytes` alike; returns the error. */
async function refused(bytes: Uint8Array): Promise<FormatError> {
  const a = failure(bytes);
  const b = await streamFailure(bytes);
  expect({ code: b.code, offset: b.offset, record: b.location.record, path: b.location.path })
    .toEqual({ code: a.code, offset: a.offset, record: a.location.record, path: a.location.path });
  return a;
}

const records = (bytes: Uint8Array) => splitRecords(bytes);
const bodyOffset = (bytes: Uint8Array, index: number) => records(bytes)[index]!.offset + RECORD_HEADER_SIZE;

/** Rebuilds a stream from edited raw records (checksums and END count recomputed). */
function rebuild(bytes: Uint8Array, edit: (rs: Raw[]) => Raw[]): Uint8Array {
  return assembleStream(3, edit(records(bytes).map(({ type, body }) => ({ type, body }))));
}

/** Edits the entries list of the first record of `type` as a MessagePack tree. */
function editEntries(bytes: Uint8Array, type: number, edit: (entries: MsgValue[]) => void): Uint8Array {
  return rebuild(bytes, (rs) => rs.map((r) => {
    if (r.type !== type) return r;
    const tree = parseBody(r.body) as MsgValue[];
    edit(tree[0] as MsgValue[]);
    return { type: r.type, body: serializeBody(tree) };
  }));
}

describe('ascending order (FORMAT.md section 6)', () => {
  it('two VCPU records swapped: refused at the second one, by both readers', async () => {
    const good = encode(tinyState(), 3);
    const rs = records(good);
    const first = rs.findIndex((r) => r.type === 3);
    expect(rs[first + 1]!.type).toBe(3);
    const swapped = rebuild(good, (x) => {
      const c = [...x];
      [c[first], c[first + 1]] = [c[first + 1]!, c[first]!];
      return c;
    });
    const e = await refused(swapped);
    expect(e.code).toBe('bad-order');
    expect(e.location.record).toBe(first + 1);
    expect(e.location.recordType).toBe('VCPU');
    expect(e.location.path).toBe('id');
    expect(e.offset).toBe(bodyOffset(swapped, first + 1));
    expect(e.message).toMatch(/id 0 is below the previous entry's id 1/);
  });

  it('a repeated VCPU id is refused too', async () => {
    const good = encode(tinyState(), 3);
    const first = records(good).findIndex((r) => r.type === 3);
    const repeated = rebuild(good, (x) => x.map((r, i) => (i === first + 1 ? x[first]! : r)));
    const e = await refused(repeated);
    expect(e.code).toBe('bad-order');
    expect(e.message).toMatch(/repeats the previous entry's id/);
  });

  it('event channels out of order or repeated inside one record: refused at the offending entry', async () => {
    const good = encode(tinyState(), 3);
    const rs = records(good);
    const index = rs.findIndex((r) => r.type === 10);
    const count = (parseBody(rs[index]!.body) as MsgValue[][])[0]!.length;
    expect(count).toBeGreaterThanOrEqual(2);
    for (const edit of [
      (e: MsgValue[]) => e.reverse(),
      (e: MsgValue[]) => {
        e[1] = e[0]!;
      },
    ]) {
      const bad = editEntries(good, 10, edit);
      const err = await refused(bad);
      expect(err.code).toBe('bad-order');
      expect(err.location.record).toBe(index);
      expect(err.location.path).toBe('entries[1].port');
      // The first byte of entry 1: body start, struct header, list header, then entry 0.
      const body = records(bad)[index]!.body;
      const tree = parseBody(body) as MsgValue[][];
      const entry0 = serializeBody(tree[0]![0]!).length;
      expect(err.offset).toBe(bodyOffset(bad, index) + 1 + 1 + entry0);
    }
  });

  it('the order runs across the records a list is cut into', async () => {
    // 32769 PAGES ranges: two records. Each record is in order on its own; the seam is not.
    const s = tinyState();
    const n = 32769;
    s.domains[0]!.pages = Array.from({ length: n }, (_, i) => ({ first_mfn: 0x200000n + BigInt(2 * i), count: 1n, type: 'writable' as const, pinned: false }));
    const good = encode(s, 3);
    expect(decode(good).state.domains[0]!.pages).toHaveLength(n);
    const pages = SCHEMAS[3].sections.pages.record;
    const bodyOf = (entries: StateV3['domains'][number]['pages']) => {
      const w = new MsgWriter();
      structEncoder(pages.body.desc)(w, { entries });
      return w.toBytes();
    };
    const chunk1 = s.domains[0]!.pages.slice(0, 32768);
    // The second record starts at the key the first one ended with.
    const chunk2 = [{ ...chunk1[chunk1.length - 1]! }];
    const rs = records(good);
    const at = rs.findIndex((r) => r.type === 8);
    expect(rs[at + 1]!.type).toBe(8);
    const bad = rebuild(good, (x) => x.map((r, i) => (i === at ? { type: 8, body: bodyOf(chunk1) } : i === at + 1 ? { type: 8, body: bodyOf(chunk2) } : r)));
    const e = await refused(bad);
    expect(e.code).toBe('bad-order');
    expect(e.location.record).toBe(at + 1);
    expect(e.location.path).toBe('entries[0].first_mfn');
    expect(e.offset).toBe(bodyOffset(bad, at + 1) + 2);
  });

  it('nested ordered lists (grant refs) are checked too', async () => {
    const s = exampleState(3);
    const gt = s.domains.find((d) => d.grant_table && d.grant_table.active.length >= 1)?.grant_table;
    expect(gt).toBeTruthy();
    const a = gt!.active[0]!;
    gt!.active.splice(1, 0, { ...a, ref: a.ref });
    expect(() => encode(s, 3)).toThrow(StateError);
    try {
      encode(s, 3);
    } catch (e) {
      expect((e as StateError).path).toMatch(/grant_table\.active\[1\]$/);
      expect((e as StateError).message).toMatch(/ref must strictly ascend/);
    }
  });

  it('the encoder refuses an unordered state, naming the entry, for each kind of section', () => {
    const refusal = (s: StateV3) => {
      try {
        encode(s, 3);
      } catch (e) {
        expect(e).toBeInstanceOf(StateError);
        return (e as StateError).describe();
      }
      throw new Error('encode accepted an unordered state');
    };
    const swappedVcpus = tinyState();
    swappedVcpus.domains[0]!.vcpus.reverse();
    expect(refusal(swappedVcpus)).toBe('domains[0].vcpus[1].id: id must strictly ascend: 0 follows 1');
    const seam = tinyState();
    seam.domains[0]!.pages = Array.from({ length: 32769 }, (_, i) => ({ first_mfn: 0x200000n + BigInt(2 * Math.min(i, 32767)), count: 1n, type: 'writable' as const, pinned: false }));
    expect(refusal(seam)).toMatch(/^domains\[0\]\.pages\[32768\]\.first_mfn: first_mfn must strictly ascend/);
    const inRecord = tinyState();
    inRecord.domains[0]!.event_channels.reverse();
    expect(refusal(inRecord)).toMatch(/^domains\[0\]\.event_channels\[1\]: port must strictly ascend/);
    // Within a later record (its entries are written in place), an entry is named by its index in the whole list.
    const later = tinyState();
    later.domains[0]!.pages = Array.from({ length: 40000 }, (_, i) => ({ first_mfn: 0x200000n + BigInt(2 * (i === 39000 ? 38998 : i)), count: 1n, type: 'writable' as const, pinned: false }));
    expect(refusal(later)).toMatch(/^domains\[0\]\.pages\[39000\]: first_mfn must strictly ascend/);
    later.domains[0]!.pages[39000] = { ...later.domains[0]!.pages[39000]!, first_mfn: 0x200000n + 78000n, count: 0n };
    expect(refusal(later)).toMatch(/^domains\[0\]\.pages\[39000\]\.count: expected a bigint/);
  });

  it('every ordered section and list of every version is declared, and the goldens and examples keep the order', () => {
    const declared: string[] = [];
    for (const v of [1, 2, 3] as const) {
      for (const [key, s] of Object.entries(SCHEMAS[v].sections)) {
        const d = s.record.body.fields['entries']?.node.desc;
        const k = s.kind === 'each' ? s.ascending : d?.kind === 'list' ? d.ascending : undefined;
        if (k) declared.push(`v${v}.${key}:${k}`);
      }
    }
    expect(declared).toEqual(expect.arrayContaining([
      'v1.vcpus:id', 'v1.p2m:gfn', 'v1.pages:first_mfn', 'v1.hvm_params:index', 'v1.event_channels:port', 'v1.ioreq_servers:id',
      'v2.vcpu_runstates:vcpu', 'v3.p2m:gfn',
    ]));
  });
});
