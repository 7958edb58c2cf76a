/**
 * Mutators of stream bytes. Three families:
 * - `byte`: blind damage (bit flips, insertions, deletions, truncation, bogus lengths, non-zero
 *   padding and reserved fields, trailing bytes); half of the time the checksums are then
 *   recomputed, so the checks behind them are reached too;
 * - `record`: whole records dropped, duplicated, reordered, retyped, inserted or replaced, with
 *   checksums fixed;
 * - `body`: a record body parsed as a MessagePack tree, one node changed (boundary integers,
 *   wrong types, extra or missing fields, deep nesting, hostile headers), checksums fixed.
 * Every mutator is a pure function of its input and the Rng, so a recipe replays exactly.
 */
import { type RawRecord, assembleStream, reseal, splitRecords } from '../wire/assemble.js';
import { RECORD_HEADER_SIZE, paddingOf } from '../wire/frame.js';
import { STREAM_HEADER_SIZE } from '../wire/header.js';
import { INTERESTING_BYTES, INTERESTING_U64, hostileValue, nested } from './hostile.js';
import { type MsgValue, Raw, parseBody, serializeBody } from './msgpack-tree.js';
import type { Rng } from './rng.js';
import { UNKNOWN_BODIES } from './crafted.js';

export type MutatorFamily = 'byte' | 'record' | 'body';

export interface Mutator {
  readonly name: string;
  readonly family: MutatorFamily;
  /** Returns new bytes; never modifies `input`. */
  readonly apply: (input: Uint8Array, rng: Rng) => Uint8Array;
}

/** Record types that exist in some schema version, to retype records into. */
const KNOWN_TYPES: readonly number[] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 0x80000001];

function schemaVersionOf(bytes: Uint8Array): number {
  return bytes.length >= 16 ? new DataView(bytes.buffer, bytes.byteOffset, 16).getUint32(12) : 3;
}

interface Layout {
  readonly version: number;
  /** The producer's Xen version from the header, kept when the stream is rebuilt. */
  readonly xen: { readonly major: number; readonly minor: number };
  readonly records: (RawRecord & { offset: number })[];
}

function layout(bytes: Uint8Array): Layout {
  const v = bytes.length >= 24 ? new DataView(bytes.buffer, bytes.byteOffset, 24) : undefined;
  const xen = v ? { major: v.getUint16(20), minor: v.getUint16(22) } : { major: 4, minor: 19 };
  return { version: schemaVersionOf(bytes), xen, records: bytes.length >= STREAM_HEADER_SIZE ? splitRecords(bytes) : [] };
}

function recordEnd(r: RawRecord & { offset: number }): number {
  return r.offset + RECORD_HEADER_SIZE + r.body.length + paddingOf(r.body.length);
}

function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

function setU32(bytes: Uint8Array, at: number, v: number): void {
  if (at + 4 <= bytes.length) new DataView(bytes.buffer, bytes.byteOffset).setUint32(at, v >>> 0);
}

/** A position, biased towards record and stream headers where the framing lives. */
function position(bytes: Uint8Array, rng: Rng): number {
  if (bytes.length === 0) return 0;
  const recs = rng.chance(0.3) ? layout(bytes).records : [];
  if (recs.length > 0) return Math.min(bytes.length - 1, rng.pick(recs).offset + rng.int(RECORD_HEADER_SIZE));
  if (rng.chance(0.1)) return rng.int(Math.min(bytes.length, STREAM_HEADER_SIZE));
  return rng.int(bytes.length);
}

// ---------------------------------------------------------------------------------------------
// Byte level

const flipBit: Mutator = {
  name: 'flip-bit',
  family: 'byte',
  apply(input, rng) {
    const out = input.slice();
    if (out.length) out[position(out, rng)]! ^= 1 << rng.int(8);
    return out;
  },
};

const setByte: Mutator = {
  name: 'set-byte',
  family: 'byte',
  apply(input, rng) {
    const out = input.slice();
    if (out.length) out[position(out, rng)] = rng.chance(0.5) ? rng.pick(INTERESTING_BYTES) : rng.int(256);
    return out;
  },
};

const insertBytes: Mutator = {
  name: 'insert-bytes',
  family: 'byte',
  apply(input, rng) {
    const at = rng.int(input.length + 1);
    const n = rng.size(64);
    const ins = rng.chance(0.5) ? rng.bytes(n) : new Uint8Array(n).fill(rng.pick(INTERESTING_BYTES));
    return concat(input.subarray(0, at), ins, input.subarray(at));
  },
};

const deleteBytes: Mutator = {
  name: 'delete-bytes',
  family: 'byte',
  apply(input, rng) {
    if (input.length === 0) return input.slice();
    const at = rng.int(input.length);
    const n = Math.min(rng.size(64), input.length - at);
    return concat(input.subarray(0, at), input.subarray(at + n));
  },
};

const truncate: Mutator = {
  name: 'truncate',
  family: 'byte',
  apply(input, rng) {
    const recs = layout(input).records;
    const r = rng.int(4);
    let at: number;
    if (r === 0 && recs.length) at = rng.pick(recs).offset; // at a record boundary
    else if (r === 1 && recs.length) {
      const rec = rng.pick(recs);
      at = rec.offset + 1 + rng.int(recordEnd(rec) - rec.offset - 1); // inside a record
    } else if (r === 2) at = rng.int(Math.min(STREAM_HEADER_SIZE, input.length) + 1); // inside the header
    else at = rng.int(input.length);
    return input.slice(0, at);
  },
};

const copyRegion: Mutator = {
  name: 'copy-region',
  family: 'byte',
  apply(input, rng) {
    const out = input.slice();
    if (out.length < 2) return out;
    const n = Math.min(rng.size(64), out.length);
    const from = rng.int(out.length - n + 1);
    const to = rng.int(out.length - n + 1);
    out.copyWithin(to, from, from + n);
    return out;
  },
};

const fillRegion: Mutator = {
  name: 'fill-region',
  family: 'byte',
  apply(input, rng) {
    const out = input.slice();
    if (out.length === 0) return out;
    const at = position(out, rng);
    out.fill(rng.pick([0x00, 0xff, 0xc0]), at, at + rng.size(32));
    return out;
  },
};

/** Lengths that point past the end, claim gigabytes, sit just over the limit, or are off by one. */
const bogusLength: Mutator = {
  name: 'bogus-length',
  family: 'byte',
  apply(input, rng) {
    const out = input.slice();
    const recs = layout(out).records;
    if (recs.length === 0) return out;
    const rec = rng.pick(recs);
    const left = out.length - rec.offset - RECORD_HEADER_SIZE;
    const len = rng.pick([
      0xffffffff, 0x80000000, 0x40000000, 64 * 1024 * 1024 + 1, 64 * 1024 * 1024, left + 1, left + 8, left,
      rec.body.length + 1, rec.body.length + 8, Math.max(0, rec.body.length - 1), Math.max(0, rec.body.length - 8), 0,
    ]);
    setU32(out, rec.offset + 4, len);
    return rng.chance(0.5) ? reseal(out) : out;
  },
};

const nonZeroPadding: Mutator = {
  name: 'nonzero-padding',
  family: 'byte',
  apply(input, rng) {
    const out = input.slice();
    const padded = layout(out).records.filter((r) => paddingOf(r.body.length) > 0);
    if (padded.length === 0) return out;
    const rec = rng.pick(padded);
    const at = rec.offset + RECORD_HEADER_SIZE + rec.body.length + rng.int(paddingOf(rec.body.length));
    out[at] = 1 + rng.int(255);
    return rng.chance(0.8) ? reseal(out) : out;
  },
};

const nonZeroReserved: Mutator = {
  name: 'nonzero-reserved',
  family: 'byte',
  apply(input, rng) {
    const out = input.slice();
    const recs = layout(out).records;
    const v = rng.chance(0.5) ? 1 << rng.int(32) : rng.next() || 1;
    if (recs.length === 0 || rng.chance(0.25)) setU32(out, rng.pick([16, 24]), v); // stream flags or reserved
    else setU32(out, rng.pick(recs).offset + 12, v);
    return rng.chance(0.8) ? reseal(out) : out;
  },
};

const headerField: Mutator = {
  name: 'header-field',
  family: 'byte',
  apply(input, rng) {
    const out = input.slice();
    const r = rng.int(3);
    if (r === 0) setU32(out, 12, rng.pick([0, 1, 2, 3, 4, 0x7fffffff, 0xffffffff])); // schema version
    else if (r === 1) setU32(out, 8, rng.pick([0, 2, 0xffffffff])); // framing version
    else setU32(out, 20, rng.next()); // producer Xen version
    return rng.chance(0.9) ? reseal(out) : out;
  },
};

const trailing: Mutator = {
  name: 'trailing-bytes',
  family: 'byte',
  apply(input, rng) {
    const recs = layout(input).records;
    const r = rng.int(3);
    let tail: Uint8Array;
    if (r === 0 || recs.length === 0) tail = rng.bytes(rng.size(64));
    else if (r === 1) {
      const rec = rng.pick(recs);
      tail = input.slice(rec.offset, recordEnd(rec)); // a whole record after END
    } else tail = new Uint8Array(rng.pick([1, 7, 8, 16]));
    return rng.chance(0.5) ? reseal(concat(input, tail)) : concat(input, tail);
  },
};

// ---------------------------------------------------------------------------------------------
// Record level (checksums fixed)

function rebuild(l: Layout, records: RawRecord[]): Uint8Array {
  return assembleStream(l.version, records, l.xen);
}

function withRecords(input: Uint8Array, rng: Rng, edit: (recs: RawRecord[], rng: Rng) => void): Uint8Array {
  const l = layout(input);
  if (l.records.length === 0) return input.slice();
  const recs: RawRecord[] = l.records.map((r) => ({ type: r.type, body: r.body }));
  edit(recs, rng);
  return rebuild(l, recs);
}

const dropRecord: Mutator = {
  name: 'drop-record',
  family: 'record',
  apply: (input, rng) => withRecords(input, rng, (recs) => void recs.splice(rng.int(recs.length), 1)),
};

const duplicateRecord: Mutator = {
  name: 'duplicate-record',
  family: 'record',
  apply: (input, rng) =>
    withRecords(input, rng, (recs) => {
      const i = rng.int(recs.length);
      recs.splice(rng.chance(0.5) ? i : rng.int(recs.length + 1), 0, recs[i]!);
    }),
};

const swapRecords: Mutator = {
  name: 'swap-records',
  family: 'record',
  apply: (input, rng) =>
    withRecords(input, rng, (recs) => {
      const i = rng.int(recs.length);
      const j = rng.chance(0.5) ? Math.min(recs.length - 1, i + 1) : rng.int(recs.length);
      [recs[i], recs[j]] = [recs[j]!, recs[i]!];
    }),
};

const moveRecord: Mutator = {
  name: 'move-record',
  family: 'record',
  apply: (input, rng) =>
    withRecords(input, rng, (recs) => {
      const [r] = recs.splice(rng.int(recs.length), 1);
      recs.splice(rng.int(recs.length + 1), 0, r!);
    }),
};

const retype: Mutator = {
  name: 'retype-record',
  family: 'record',
  apply: (input, rng) =>
    withRecords(input, rng, (recs) => {
      const i = rng.int(recs.length);
      const r = rng.int(3);
      const type = r === 0 ? rng.pick(KNOWN_TYPES) : r === 1 ? (0x80000000 | rng.next()) >>> 0 : rng.next() & 0x7fffffff;
      recs[i] = { type, body: recs[i]!.body };
    }),
};

const insertRecord: Mutator = {
  name: 'insert-record',
  family: 'record',
  apply: (input, rng) =>
    withRecords(input, rng, (recs) => {
      const r = rng.int(4);
      const type = r < 2 ? (0x80000000 | rng.int(0x100)) >>> 0 : r === 2 ? rng.pick(KNOWN_TYPES) : rng.int(0x100);
      // Unknown optional records get the bodies FORMAT.md 5 refuses (and a few it takes) too.
      const body = r < 2 && rng.chance(0.3) ? rng.pick(UNKNOWN_BODIES)[1] : rng.chance(0.5) ? serializeBody(randomValue(rng, 3)) : rng.bytes(rng.int(40));
      recs.splice(1 + rng.int(recs.length), 0, { type, body });
    }),
};

const replaceBody: Mutator = {
  name: 'replace-body',
  family: 'record',
  apply: (input, rng) =>
    withRecords(input, rng, (recs) => {
      const i = rng.int(recs.length);
      const r = rng.int(3);
      const body = r === 0 ? new Uint8Array(0) : r === 1 ? rng.pick(recs).body : rng.bytes(rng.size(64));
      recs[i] = { type: recs[i]!.type, body };
    }),
};

const endCount: Mutator = {
  name: 'end-count',
  family: 'record',
  apply: (input, rng) =>
    withRecords(input, rng, (recs) => {
      const i = recs.findIndex((r) => r.type === 0);
      if (i < 0) return;
      const n = BigInt(i);
      const v = rng.pick([n - 1n, n + 1n, 0n, 0xffffffffn, n + 0x100000000n].filter((x) => x >= 0n));
      recs[i] = { type: 0, body: serializeBody([v]) };
    }),
};

// ---------------------------------------------------------------------------------------------
// Body level (structure-aware, checksums fixed)

function randomValue(rng: Rng, depth: number): MsgValue {
  const r = rng.int(depth > 0 ? 7 : 6);
  switch (r) {
    case 0:
      return rng.pick(INTERESTING_U64);
    case 1:
      return null;
    case 2:
      return rng.chance(0.5);
    case 3:
      return 'x'.repeat(rng.pick([0, 1, 31, 32, 255, 256]));
    case 4:
      return rng.bytes(rng.pick([0, 1, 15, 16, 64, 255, 256, 512, 1024]));
    case 5:
      return hostileValue(rng);
    default:
      return Array.from({ length: rng.int(5) }, () => randomValue(rng, depth - 1));
  }
}

interface Slot {
  readonly parent: MsgValue[];
  readonly index: number;
}

/** Every position in the tree (array elements), so any node can be replaced. */
function slots(root: MsgValue[], out: Slot[] = []): Slot[] {
  root.forEach((v, index) => {
    out.push({ parent: root, index });
    if (Array.isArray(v)) slots(v, out);
  });
  return out;
}

function cloneValue(v: MsgValue): MsgValue {
  if (Array.isArray(v)) return v.map(cloneValue);
  if (v instanceof Uint8Array) return v.slice();
  return v;
}

type TreeEdit = (slot: Slot, rng: Rng) => void;

const TREE_EDITS: readonly { readonly name: string; readonly edit: TreeEdit }[] = [
  {
    name: 'int-boundary',
    edit({ parent, index }, rng) {
      const v = parent[index];
      const cur = typeof v === 'bigint' ? v : 0n;
      const options = [...INTERESTING_U64, cur + 1n, cur > 0n ? cur - 1n : 1n, cur ^ (1n << BigInt(rng.int(64)))];
      parent[index] = rng.pick(options.filter((x) => x >= 0n && x <= 0xffffffffffffffffn));
    },
  },
  { name: 'wrong-type', edit: ({ parent, index }, rng) => void (parent[index] = randomValue(rng, 1)) },
  { name: 'nil', edit: ({ parent, index }) => void (parent[index] = null) },
  { name: 'hostile-header', edit: ({ parent, index }, rng) => void (parent[index] = hostileValue(rng)) },
  { name: 'deep-nesting', edit: ({ parent, index }, rng) => void (parent[index] = nested(rng.pick([8, 31, 32, 33, 64, 1000, 100_000]))) },
  { name: 'extra-field', edit: ({ parent }, rng) => void parent.push(rng.chance(0.7) ? randomValue(rng, 2) : nested(rng.size(64))) },
  { name: 'many-extra-fields', edit: ({ parent }, rng) => void parent.push(...Array.from({ length: rng.pick([16, 1000, 70_000]) }, () => null)) },
  { name: 'drop-last', edit: ({ parent }) => void parent.pop() },
  { name: 'drop-element', edit: ({ parent, index }) => void parent.splice(index, 1) },
  { name: 'duplicate-element', edit: ({ parent, index }) => void parent.splice(index, 0, cloneValue(parent[index]!)) },
  {
    name: 'swap-elements',
    edit({ parent, index }, rng) {
      const j = rng.int(parent.length);
      [parent[index], parent[j]] = [parent[j]!, parent[index]!];
    },
  },
  {
    name: 'resize-blob',
    edit({ parent, index }, rng) {
      const v = parent[index];
      if (v instanceof Uint8Array) parent[index] = v.length > 0 && rng.chance(0.5) ? v.subarray(0, v.length - 1) : Uint8Array.from([...v, 0]);
      else if (typeof v === 'string') parent[index] = rng.chance(0.5) ? v + 'x'.repeat(rng.size(300)) : '\u{1f600}'.repeat(rng.size(100));
    },
  },
];

const bodyEdit: Mutator = {
  name: 'body-edit',
  family: 'body',
  apply(input, rng) {
    const l = layout(input);
    if (l.records.length === 0) return input.slice();
    const recs: RawRecord[] = l.records.map((r) => ({ type: r.type, body: r.body }));
    const i = rng.int(recs.length);
    const tree = parseBody(recs[i]!.body);
    if (!Array.isArray(tree)) return input.slice();
    const all = slots(tree);
    const edit = rng.pick(TREE_EDITS);
    if (all.length === 0) tree.push(randomValue(rng, 2));
    else edit.edit(rng.pick(all), rng);
    recs[i] = { type: recs[i]!.type, body: serializeBody(tree) };
    return rebuild(l, recs);
  },
};

const bodyTrailing: Mutator = {
  name: 'body-trailing-bytes',
  family: 'body',
  apply: (input, rng) =>
    withRecords(input, rng, (recs) => {
      const i = rng.int(recs.length);
      const extra = rng.chance(0.5) ? serializeBody(randomValue(rng, 1)) : rng.bytes(rng.size(8));
      recs[i] = { type: recs[i]!.type, body: concat(recs[i]!.body, extra) };
    }),
};

export const MUTATORS: readonly Mutator[] = [
  flipBit, setByte, insertBytes, deleteBytes, truncate, copyRegion, fillRegion, bogusLength, nonZeroPadding, nonZeroReserved,
  headerField, trailing,
  dropRecord, duplicateRecord, swapRecords, moveRecord, retype, insertRecord, replaceBody, endCount,
  bodyEdit, bodyEdit, bodyEdit, bodyTrailing,
];

/** Names of the tree edits, for reports. */
export const TREE_EDIT_NAMES: readonly string[] = TREE_EDITS.map((e) => e.name);

/** Applies a byte mutator and, half of the time, fixes the checksums afterwards. */
export function applyMutator(m: Mutator, input: Uint8Array, rng: Rng): Uint8Array {
  const out = m.apply(input, rng);
  return m.family === 'byte' && rng.chance(0.5) ? reseal(out) : out;
}

export { Raw };
