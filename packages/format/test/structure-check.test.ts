/**
 * checkStructure, the structural verdict that builds no objects, against the reader: it accepts
 * every golden and generated stream the reader accepts (reporting the same records, domains and
 * dropped items), refuses every changed one the reader refuses, whatever the chunking of the
 * input, and leaves the streams it does not cover (newer than the reader) to the reader.
 */
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { decode } from '../src/decode.js';
import { FormatError } from '../src/errors.js';
import { seedCorpus } from '../src/fuzz/corpus.js';
import type { Limits } from '../src/limits.js';
import { VERSIONS, type Version } from '../src/schema/index.js';
import { readStream } from '../src/stream.js';
import { type StructureOptions, checkStructure } from '../src/structure-check.js';
import { reseal, splitRecords } from '../src/wire/assemble.js';
import { RECORD_HEADER_SIZE } from '../src/wire/frame.js';

const fixtures = new URL('../../../fixtures/', import.meta.url);

/** Every stream kept in fixtures (goldens of each version, crashers) and the fuzz seeds. */
function streams(): { name: string; bytes: Uint8Array; limits?: Partial<Limits> }[] {
  const out: { name: string; bytes: Uint8Array; limits?: Partial<Limits> }[] = [];
  for (const v of VERSIONS) out.push({ name: `fixtures/v${v}/example.xlu`, bytes: new Uint8Array(readFileSync(new URL(`v${v}/example.xlu`, fixtures))) });
  for (const f of readdirSync(new URL('crashers/', fixtures)).filter((x) => x.endsWith('.xlu'))) {
    const meta = JSON.parse(readFileSync(new URL(`crashers/${f.slice(0, -4)}.expected.json`, fixtures), 'utf8')) as { limits?: Partial<Limits> };
    out.push({ name: `fixtures/crashers/${f}`, bytes: new Uint8Array(readFileSync(new URL(`crashers/${f}`, fixtures))), ...(meta.limits ? { limits: meta.limits } : {}) });
  }
  for (const s of seedCorpus()) out.push({ name: `generated ${s.name}`, bytes: s.bytes });
  return out;
}

async function* chunks(bytes: Uint8Array, size: number): AsyncGenerator<Uint8Array> {
  for (let at = 0; at < bytes.length; at += size) yield bytes.slice(at, at + size);
}

/** What the streaming reader says of a stream: its refusal, or what the streamed report shows. */
async function readerSays(bytes: Uint8Array, options: StructureOptions) {
  const reader = readStream(chunks(bytes, 1 << 12), options);
  let domains = 0;
  try {
    for await (const ev of reader) if (ev.kind === 'section' && ev.info.rank === 0) domains++;
  } catch (e) {
    if (e instanceof FormatError) return { error: e };
    throw e;
  }
  return { records: reader.recordsRead, domains, dropped: reader.dropped(), bytes: reader.bytesRead };
}

function decodeRefuses(bytes: Uint8Array, readerVersion: Version, limits?: Partial<Limits>): boolean {
  try {
    decode(bytes, { readerVersion, ...(limits ? { limits } : {}) });
    return false;
  } catch (e) {
    if (e instanceof FormatError) return true;
    throw e;
  }
}

describe('checkStructure accepts what the reader accepts', () => {
  for (const s of streams()) {
    it(s.name, async () => {
      const streamVersion = new DataView(s.bytes.buffer, s.bytes.byteOffset).getUint32(12);
      for (const readerVersion of VERSIONS) {
        const options = { readerVersion, ...(s.limits ? { limits: s.limits } : {}) };
        const v = await checkStructure(s.bytes, options);
        if (streamVersion > readerVersion) {
          // The rollback rules are the reader's.
          expect(v.verdict).toBe('not-covered');
          continue;
        }
        const reader = await readerSays(s.bytes, options);
        if (reader.error) {
          expect(v.verdict, `reader refuses: ${reader.error.message}`).toBe('invalid');
          continue;
        }
        expect(v.verdict).toBe('valid');
        if (v.verdict !== 'valid') continue;
        expect({ records: v.records, domains: v.domains, dropped: v.dropped, bytes: v.bytes }).toEqual(reader);
        expect(v.header.schemaVersion).toBe(streamVersion);
      }
    });
  }
});

/** Replacement bytes: near misses of every MessagePack form the bodies use. */
const CHANGES: readonly ((b: number) => number)[] = [(b) => b ^ 0x01, (b) => b ^ 0x80, () => 0xc0, () => 0xcf, () => 0xdc];

describe('checkStructure refuses what the decoder refuses: each body byte changed, the checksums resealed', () => {
  for (const v of VERSIONS) {
    it(`v${v} golden`, async () => {
      const bytes = new Uint8Array(readFileSync(new URL(`v${v}/example.xlu`, fixtures)));
      const work = bytes.slice();
      const disagree: string[] = [];
      let refused = 0;
      let cases = 0;
      for (const r of splitRecords(bytes)) {
        const body = r.offset + RECORD_HEADER_SIZE;
        // One change per byte, taking the changes in turn (v1 and v2: every third byte), so every
        // kind of change reaches every kind of value in a few seconds.
        for (let i = body; i < body + r.body.length; i += v === 3 ? 1 : 3) {
          {
            const to = CHANGES[i % CHANGES.length]!(bytes[i]!);
            if (to === bytes[i]) continue;
            work.set(bytes);
            work[i] = to;
            reseal(work);
            cases++;
            const decoder = decodeRefuses(work, v);
            const fast = (await checkStructure(work, { readerVersion: v })).verdict;
            if (decoder) refused++;
            if (fast !== (decoder ? 'invalid' : 'valid')) disagree.push(`offset ${i} 0x${bytes[i]!.toString(16)} -> 0x${to.toString(16)}: decoder ${decoder ? 'refuses' : 'accepts'}, checkStructure ${fast}`);
          }
        }
      }
      expect(disagree.slice(0, 10)).toEqual([]);
      // Both verdicts occur: the changes reach values that stay valid (string contents, mostly) and ones that do not.
      expect(refused).toBeGreaterThan(cases / 10);
      expect(refused).toBeLessThan(cases);
    }, 120_000);
  }
});

describe('records split across reads', () => {
  const golden = new Uint8Array(readFileSync(new URL('v3/example.xlu', fixtures)));

  it('any chunking of the input, and a buffer smaller than the records', async () => {
    const whole = await checkStructure(golden);
    expect(whole.verdict).toBe('valid');
    for (const size of [1, 3, 16, 17, 1000, 1 << 16]) {
      for (const chunkBytes of [64, 4096, undefined]) {
        const v = await checkStructure(chunks(golden, size), chunkBytes === undefined ? {} : { chunkBytes });
        expect(v, `chunks of ${size}, buffer ${chunkBytes}`).toEqual(whole);
      }
    }
  });

  it('a fault in a record split across reads is found', async () => {
    const records = splitRecords(golden);
    const last = records[records.length - 2]!; // the record before END
    const work = golden.slice();
    work[last.offset + RECORD_HEADER_SIZE] = 0xc1; // never used in MessagePack
    reseal(work);
    expect(decodeRefuses(work, 3)).toBe(true);
    for (const size of [1, 7, 4096]) expect((await checkStructure(chunks(work, size), { chunkBytes: 64 })).verdict).toBe('invalid');
  });

  it('truncated anywhere, or followed by a byte, is refused', async () => {
    for (const cut of [0, 10, 32, 40, golden.length - 1]) expect((await checkStructure(chunks(golden.subarray(0, cut), 5), { chunkBytes: 64 })).verdict).toBe('invalid');
    const longer = new Uint8Array(golden.length + 1);
    longer.set(golden);
    expect((await checkStructure(chunks(longer, 4096), { chunkBytes: 64 })).verdict).toBe('invalid');
  });

  describe('from a file, read ahead', () => {
    const dir = mkdtempSync(join(tmpdir(), 'xenlu-structure-'));
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    it('valid, refused, missing', async () => {
      const file = join(dir, 'golden.xlu');
      writeFileSync(file, golden);
      expect(await checkStructure(file, { chunkBytes: 100 })).toEqual(await checkStructure(golden));
      const trailing = join(dir, 'trailing.xlu');
      writeFileSync(trailing, Buffer.concat([golden, Buffer.from([0])]));
      expect((await checkStructure(trailing, { chunkBytes: 100 })).verdict).toBe('invalid');
      expect((await checkStructure(trailing)).verdict).toBe('invalid');
      await expect(checkStructure(join(dir, 'missing.xlu'))).rejects.toMatchObject({ code: 'ENOENT' });
    });

    it('the checksum chain on a second thread: the same verdicts', async () => {
      const file = join(dir, 'changed.xlu');
      for (const chunkBytes of [100, 4096, undefined]) {
        writeFileSync(file, golden);
        const options = { parallelChecksums: true, ...(chunkBytes === undefined ? {} : { chunkBytes }) };
        expect(await checkStructure(file, options)).toEqual(await checkStructure(golden));
        // A checksum wrong in each record in turn (the bodies untouched), and one in the stream header.
        for (const r of splitRecords(golden)) {
          const bad = golden.slice();
          bad[r.offset + 8]! ^= 0x10;
          writeFileSync(file, bad);
          expect((await checkStructure(file, options)).verdict, `record at ${r.offset}, chunks of ${chunkBytes}`).toBe('invalid');
        }
        const badHeader = golden.slice();
        badHeader[28]! ^= 1;
        writeFileSync(file, badHeader);
        expect((await checkStructure(file, options)).verdict).toBe('invalid');
      }
    });
  });
});
