/**
 * Framing: a valid stream damaged in one way (cut at every kind of boundary, a record dropped,
 * duplicated or moved, bytes after END) is refused by both readers, `decode` on the whole buffer
 * and `readStream` fed the bytes in arbitrary chunks, each with a located FormatError (code,
 * offset, and record index once the fault is past the stream header), and the two agree on code,
 * offset and record. Round trips never see a truncated stream, so this is the only place a reader
 * that accepts one is caught.
 */
import fc from 'fast-check';
import { FormatError, type Version } from '@xenlu/format';
import { stateArbitrary } from '../arbitrary/index.js';
import { HEADER_SIZE } from '../conformance/framing.js';
import type { FormatImpl } from '../impl.js';
import { type Damage, type Damaged, damage } from '../stream-edit.js';
import { type PropertyDef, check } from './property.js';
import { errorText } from './support.js';

const n = fc.nat({ max: 1 << 16 });

export const damageArbitrary: fc.Arbitrary<Damage> = fc.oneof(
  fc.record({ kind: fc.constant('cut-in-stream-header' as const), at: n }),
  fc.record({ kind: fc.constant('cut-in-record-header' as const), record: n, at: n }),
  fc.record({ kind: fc.constant('cut-in-body' as const), record: n, at: n }),
  fc.record({ kind: fc.constant('cut-before-end' as const) }),
  fc.record({ kind: fc.constant('cut-after-record' as const), record: n }),
  fc.record({ kind: fc.constant('drop' as const), record: n }),
  fc.record({ kind: fc.constant('duplicate' as const), record: n }),
  fc.record({ kind: fc.constant('swap' as const), first: n, second: n }),
  fc.record({ kind: fc.constant('bytes-after-end' as const), bytes: fc.array(fc.nat({ max: 255 }), { minLength: 1, maxLength: 24 }) }),
);

/** Chunk sizes, used in turn until the input is consumed. */
const chunkingArbitrary = fc.array(fc.integer({ min: 1, max: 97 }), { minLength: 1, maxLength: 6 });

export function chunked(bytes: Uint8Array, sizes: readonly number[]): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (let at = 0, k = 0; at < bytes.length; k++) {
    const size = sizes[k % sizes.length]!;
    out.push(bytes.slice(at, at + size));
    at += size;
  }
  return out;
}

/** Codes a cut at each kind of place may be refused with. */
const CUT_CODES: Partial<Record<Damage['kind'], readonly string[]>> = {
  'cut-in-stream-header': ['truncated'],
  'cut-in-record-header': ['truncated'],
  'cut-in-body': ['truncated', 'bad-length'],
  'cut-before-end': ['missing-end'],
  'cut-after-record': ['missing-end'],
};

function located(e: unknown, reader: string, d: Damaged): FormatError {
  check(e instanceof FormatError, () => `${reader} refused the stream with ${errorText(e)}, not a located FormatError (${d.what})`);
  const at = e.location;
  check(at.offset !== undefined, () => `${reader} refused the stream without a byte offset: ${e.message} (${d.what})`);
  check(at.offset < HEADER_SIZE || at.record !== undefined, () => `${reader}: the error at offset ${at.offset} names no record: ${e.message} (${d.what})`);
  return e;
}

export async function checkRefused(impl: FormatImpl, d: Damaged, dmg: Damage, version: Version, chunks: readonly number[]): Promise<void> {
  let fromDecode: unknown;
  try {
    impl.decode(d.bytes, version);
  } catch (e) {
    fromDecode = e;
  }
  check(fromDecode !== undefined, () => `decode accepted a damaged stream: ${d.what}`);
  let fromStream: unknown;
  try {
    await impl.readStream(chunked(d.bytes, chunks), version);
  } catch (e) {
    fromStream = e;
  }
  check(fromStream !== undefined, () => `readStream accepted a damaged stream: ${d.what}`);
  const a = located(fromDecode, 'decode', d);
  const b = located(fromStream, 'readStream', d);
  const where = (e: FormatError) => `${e.code} at offset ${e.location.offset}, record ${e.location.record ?? '-'}`;
  check(a.code === b.code && a.location.offset === b.location.offset && a.location.record === b.location.record,
    () => `the readers disagree on ${d.what}: decode says ${where(a)} (${a.message}), readStream says ${where(b)} (${b.message})`);
  const codes = CUT_CODES[dmg.kind];
  if (codes) check(codes.includes(a.code), () => `${d.what} is refused as ${a.code}, expected ${codes.join(' or ')}`);
  if (d.cutAt !== undefined) check(a.location.offset! <= d.cutAt, () => `${d.what}: the error is located at ${a.location.offset}, past the end of the input`);
  if (dmg.kind === 'bytes-after-end') {
    const end = d.bytes.length - dmg.bytes.length;
    check(a.code === 'trailing-data' && a.location.offset === end, () => `${d.what}: refused as ${where(a)}, expected trailing-data at offset ${end}`);
  }
}

export function framingProperty(version: Version): PropertyDef {
  return {
    id: `framing.refused@v${version}`,
    family: 'framing',
    summary: 'a stream cut, with a record dropped, duplicated or moved, or bytes after END, is refused by decode and readStream alike with the same located error',
    weight: 1,
    stateVersion: version,
    build: (impl) => fc.asyncProperty(stateArbitrary(version, { profile: 'tiny' }), damageArbitrary, chunkingArbitrary, async (s, dmg, chunks) => {
      const d = damage(impl.encode(s, version), dmg);
      if (!d) return;
      await checkRefused(impl, d, dmg, version, chunks);
    }),
  };
}
