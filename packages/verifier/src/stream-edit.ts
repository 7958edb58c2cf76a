/**
 * Edits on the wire, built on the independent framing of `conformance/framing.ts`: damage to a
 * valid stream (cuts, dropped / duplicated / swapped records, bytes after END) for the framing
 * properties, and unknown optional records inserted into a valid stream for the preservation and
 * diff properties. Records keep a correct CRC chain after an edit, so what a reader must notice is
 * the framing fault itself, not a checksum.
 */
import { OPTIONAL_BIT, type SchemaVersion } from '@xenlu/format';
import { END_TYPE, type Frame, type StreamHead, readFrames, writeFrames } from './conformance/framing.js';

export interface RawRecord {
  readonly type: number;
  readonly body: Uint8Array;
}

export function recordsOf(bytes: Uint8Array): { head: StreamHead; frames: Frame[]; records: RawRecord[] } {
  const { head, frames } = readFrames(bytes);
  return { head, frames, records: frames.map((f) => ({ type: f.type, body: bytes.slice(f.bodyStart, f.bodyEnd) })) };
}

/** END's body, `[nr_records]`, in the shortest MessagePack form. */
export function endBody(nrRecords: number): Uint8Array {
  if (nrRecords < 0x80) return new Uint8Array([0x91, nrRecords]);
  if (nrRecords < 0x100) return new Uint8Array([0x91, 0xcc, nrRecords]);
  if (nrRecords < 0x10000) return new Uint8Array([0x91, 0xcd, nrRecords >> 8, nrRecords & 0xff]);
  return new Uint8Array([0x91, 0xce, nrRecords >>> 24, (nrRecords >>> 16) & 0xff, (nrRecords >>> 8) & 0xff, nrRecords & 0xff]);
}

/** Re-lays records out, END's count set to the records before it (so only the edit is wrong). */
export function relay(head: StreamHead, records: readonly RawRecord[]): Uint8Array {
  const out = records.map((r, i) => (r.type === END_TYPE && i === records.length - 1 ? { type: END_TYPE, body: endBody(i) } : r));
  return writeFrames(head, out);
}

// ---- damage ---------------------------------------------------------------------------------

/**
 * One fault, with numbers taken modulo what the stream has (the stream is only known once the
 * generated state is encoded), so every plan applies to every stream.
 */
export type Damage =
  | { readonly kind: 'cut-in-stream-header'; readonly at: number }
  | { readonly kind: 'cut-in-record-header'; readonly record: number; readonly at: number }
  | { readonly kind: 'cut-in-body'; readonly record: number; readonly at: number }
  | { readonly kind: 'cut-before-end' }
  | { readonly kind: 'cut-after-record'; readonly record: number }
  | { readonly kind: 'drop'; readonly record: number }
  | { readonly kind: 'duplicate'; readonly record: number }
  | { readonly kind: 'swap'; readonly first: number; readonly second: number }
  | { readonly kind: 'bytes-after-end'; readonly bytes: readonly number[] };

export interface Damaged {
  readonly bytes: Uint8Array;
  /** What was done, for messages. */
  readonly what: string;
  /** For cuts: the length the stream was cut to (a reader's error must be at or before it). */
  readonly cutAt?: number;
}

const mod = (n: number, m: number) => ((n % m) + m) % m;

/** Applies `d` to a valid stream; undefined when the stream has nothing it applies to. */
export function damage(bytes: Uint8Array, d: Damage): Damaged | undefined {
  const { head, frames, records } = recordsOf(bytes);
  const n = frames.length; // END included
  const cut = (len: number, what: string): Damaged => ({ bytes: bytes.slice(0, len), what: `${what} (cut to ${len} of ${bytes.length} bytes)`, cutAt: len });
  switch (d.kind) {
    case 'cut-in-stream-header':
      return cut(mod(d.at, 32), 'cut inside the stream header');
    case 'cut-in-record-header': {
      const i = mod(d.record, n);
      return cut(frames[i]!.offset + 1 + mod(d.at, 15), `cut inside the header of record ${i}`);
    }
    case 'cut-in-body': {
      const withBody = frames.map((f, i) => [f, i] as const).filter(([f]) => f.bodyEnd > f.bodyStart);
      if (withBody.length === 0) return undefined;
      const [f, i] = withBody[mod(d.record, withBody.length)]!;
      const padded = Math.ceil((f.bodyEnd - f.bodyStart) / 8) * 8;
      return cut(f.bodyStart + mod(d.at, padded), `cut inside the body of record ${i}`);
    }
    case 'cut-before-end':
      return cut(frames[n - 1]!.offset, 'cut exactly before END');
    case 'cut-after-record': {
      const i = 1 + mod(d.record, n - 1);
      return cut(frames[i]!.offset, `cut after the whole record ${i - 1}`);
    }
    case 'drop': {
      const i = mod(d.record, n);
      return { bytes: writeFrames(head, records.filter((_, k) => k !== i)), what: `record ${i} (type 0x${records[i]!.type.toString(16)}) dropped` };
    }
    case 'duplicate': {
      const i = mod(d.record, n);
      return { bytes: writeFrames(head, [...records.slice(0, i + 1), records[i]!, ...records.slice(i + 1)]), what: `record ${i} (type 0x${records[i]!.type.toString(16)}) duplicated` };
    }
    case 'swap': {
      // Records of different types, or two neighbours of one type (VCPU records, the chunks of a
      // list: FORMAT.md 6 orders them by key). Two far records of one type may be two domains'
      // TSC_INFO, whose swap is another valid stream. END stays last: END moved into the stream
      // is "bytes after END", which 'duplicate' and 'bytes-after-end' cover.
      const pairs: [number, number][] = [];
      const same = (a: Uint8Array, b: Uint8Array) => a.length === b.length && a.every((x, k) => x === b[k]);
      for (let i = 0; i < n - 1; i++) {
        for (let j = i + 1; j < n - 1; j++) {
          const a = records[i]!;
          const b = records[j]!;
          if (a.type !== b.type || (j === i + 1 && !same(a.body, b.body))) pairs.push([i, j]);
        }
      }
      if (pairs.length === 0) return undefined;
      const [i, j] = pairs[mod(d.first * 7919 + d.second, pairs.length)]!;
      const out = [...records];
      [out[i], out[j]] = [out[j]!, out[i]!];
      return { bytes: writeFrames(head, out), what: `records ${i} and ${j} swapped` };
    }
    case 'bytes-after-end':
      return { bytes: new Uint8Array([...bytes, ...d.bytes]), what: `${d.bytes.length} byte(s) after END` };
  }
}

// ---- unknown optional records ---------------------------------------------------------------

/** An optional record no schema version defines, with a body in the strict MessagePack subset. */
export interface ExtraRecord {
  readonly type: number;
  readonly body: Uint8Array;
}

/** Optional types from this range are defined by no released version (checked where used). */
export const EXTRA_TYPE_BASE = (OPTIONAL_BIT | 0xf000) >>> 0;

export function isUnknownToAll(type: number, schemas: readonly SchemaVersion[]): boolean {
  return schemas.every((s) => !s.records.has(type));
}

/**
 * Inserts `extra` records at the root of the stream: after HOST, before the first DOMAIN (where a
 * reader keeps them on the root of the state, FORMAT.md section 8a).
 */
export function insertAtRoot(bytes: Uint8Array, extra: readonly ExtraRecord[]): Uint8Array {
  const { head, records } = recordsOf(bytes);
  return relay(head, [records[0]!, ...extra, ...records.slice(1)]);
}

/** Inserts one record after record `after` (0 = HOST) of the stream, END's count kept right. */
export function insertAfter(bytes: Uint8Array, after: number, extra: ExtraRecord): Uint8Array {
  const { head, records } = recordsOf(bytes);
  const at = Math.min(after, records.length - 2) + 1;
  return relay(head, [...records.slice(0, at), extra, ...records.slice(at)]);
}

/** The unknown records between HOST and the first DOMAIN record (`domainType`), as written. */
export function rootRecords(bytes: Uint8Array, domainType: number): ExtraRecord[] {
  const { records } = recordsOf(bytes);
  const out: ExtraRecord[] = [];
  for (const r of records.slice(1)) {
    if (r.type === domainType || r.type === END_TYPE) break;
    out.push(r);
  }
  return out;
}
