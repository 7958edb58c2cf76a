/**
 * Reading across versions. Upgrade: a newer reader of older bytes gets exactly the migrated state,
 * valid in its version. Rollback: an older reader of newer bytes refuses exactly when a mandatory
 * record it does not know is present (naming it) or the downgrade is blocked; otherwise it gets
 * the writer-side downgrade and reports exactly what it dropped. Preservation: what the older
 * tool kept without understanding comes back when its output is read by the newer version.
 */
import fc from 'fast-check';
import {
  DowngradeError, FormatError, OPTIONAL_BIT, UnknownRecordError,
  type Desc, type SchemaVersion, type State, type StructDesc, type Version,
} from '@xenlu/format';
import { rollbackArbitrary, stateArbitrary } from '../arbitrary/index.js';
import { loadAllowList } from '../compat/released.js';
import { readFrames } from '../conformance/framing.js';
import { firstDifference } from '../equality.js';
import type { DecodedStream, FormatImpl } from '../impl.js';
import { type PropertyDef, check } from './property.js';
import { describeDifference, describeFindings, errorText } from './support.js';

const hex = (t: number) => `0x${(t >>> 0).toString(16)}`;

/** Whether `hi` writes slots (at any depth) that `lo` does not know: an older reader drops them. */
function hasExtraFields(hi: Desc, lo: Desc): boolean {
  if (hi.kind === 'opt' || hi.kind === 'list') {
    return lo.kind === hi.kind ? hasExtraFields(hi.item.desc, lo.item.desc) : false;
  }
  if (hi.kind !== 'struct' || lo.kind !== 'struct') return false;
  const slots = (s: StructDesc) => Object.keys(s.fields).length + s.retired.length;
  if (slots(hi) > slots(lo)) return true;
  const loByNo = new Map(Object.values(lo.fields).map((f) => [f.no, f]));
  return Object.values(hi.fields).some((f) => {
    const l = loByNo.get(f.no);
    return l !== undefined && hasExtraFields(f.node.desc, l.node.desc);
  });
}

interface StreamFacts {
  readonly unknownMandatory: number[];
  /** Offset of the first record of an unknown mandatory type (Infinity when none). */
  readonly firstUnknownMandatory: number;
  readonly unknownOptional: number[];
  /** Names of records both know whose bodies carry fields the reader does not. */
  readonly extraFields: string[];
}

function streamFacts(bytes: Uint8Array, writer: SchemaVersion, reader: SchemaVersion): StreamFacts {
  const frames = readFrames(bytes).frames;
  const types = new Set(frames.map((f) => f.type));
  const unknown = [...types].filter((t) => !reader.records.has(t));
  const isMandatory = (t: number) => ((t & OPTIONAL_BIT) >>> 0) === 0 && !reader.records.has(t);
  const extraFields = [...types].flatMap((t) => {
    const w = writer.records.get(t);
    const r = reader.records.get(t);
    return w && r && hasExtraFields(w.body.desc, r.body.desc) ? [r.name] : [];
  });
  return {
    unknownMandatory: unknown.filter((t) => ((t & OPTIONAL_BIT) >>> 0) === 0),
    firstUnknownMandatory: frames.find((f) => isMandatory(f.type))?.offset ?? Number.POSITIVE_INFINITY,
    unknownOptional: unknown.filter((t) => ((t & OPTIONAL_BIT) >>> 0) !== 0),
    extraFields,
  };
}

let knowingBreaks: Set<string> | undefined;

/**
 * New mandatory records the allow-list accepts as knowing rollback breaks (written whatever the
 * state): an older reader refuses them although the writer-side downgrade works. Every other new
 * mandatory record is feature-gated, so its presence must block the downgrade too.
 */
function rollbackBreakRecords(): Set<string> {
  knowingBreaks ??= new Set(loadAllowList().entries.filter((e) => e.rule === 'MANDATORY_RECORD_ADDED' && e.rollbackBreak === true).map((e) => e.subject));
  return knowingBreaks;
}

function attempt<T>(f: () => T): { ok: true; value: T } | { ok: false; error: unknown } {
  try {
    return { ok: true, value: f() };
  } catch (error) {
    return { ok: false, error };
  }
}

function recordNamed(item: { record: string }, writer: SchemaVersion, type: number): boolean {
  return item.record === writer.records.get(type)?.name || item.record.toLowerCase().includes(hex(type).slice(2));
}

function checkDropped(read: DecodedStream, facts: StreamFacts, writer: SchemaVersion): void {
  for (const t of facts.unknownOptional) {
    check(read.dropped.some((d) => d.kind === 'record' && recordNamed(d, writer, t)), () => `the reader skipped optional record ${writer.records.get(t)?.name ?? hex(t)} without reporting it dropped`);
  }
  for (const name of facts.extraFields) {
    check(read.dropped.some((d) => d.kind === 'field' && d.record === name), () => `the reader ignored fields of ${name} it does not know without reporting them dropped`);
  }
  for (const d of read.dropped) {
    const expected = d.kind === 'record'
      ? facts.unknownOptional.some((t) => recordNamed(d, writer, t))
      : facts.extraFields.includes(d.record);
    check(expected, () => `the reader reports ${d.kind} ${d.record}${d.fields ? ` ${d.fields}` : ''} dropped, which the stream does not hold`);
  }
}

export function upgradeProperty(lo: Version, hi: Version): PropertyDef {
  return {
    id: `upgrade@v${lo}>v${hi}`,
    family: 'upgrade',
    summary: `a v${hi} reader of v${lo} bytes gets exactly convert(s, ${lo}, ${hi}), valid in v${hi}`,
    weight: 1,
    stateVersion: lo,
    build: (impl) => fc.property(stateArbitrary(lo, { upTo: hi }), (s) => {
      const read = impl.decode(impl.encode(s, lo), hi);
      check(read.version === hi && read.streamVersion === lo, () => `read as version ${read.version} from stream version ${read.streamVersion}`);
      const migrated = impl.convert(s, lo, hi).state;
      const d = firstDifference(read.state, migrated);
      check(d === undefined, () => `the v${hi} reader's state differs from the upgrade: ${describeDifference(d)}`);
      const f = impl.validateSemantics(read.state, hi);
      check(f.length === 0, () => `the upgraded state breaks rules of v${hi}: ${describeFindings(f)}`);
    }),
  };
}

/** What a v`lo` reader of `s`'s v`hi` bytes must do; returns its read when it must succeed. */
function rollback(impl: FormatImpl, s: State, hi: Version, lo: Version): { read: DecodedStream; down: State } | undefined {
  const writer = impl.schemas[hi];
  const reader = impl.schemas[lo];
  const bytes = impl.encode(s, hi);
  const facts = streamFacts(bytes, writer, reader);
  const down = attempt(() => impl.convert(s, hi, lo).state);
  if (!down.ok) check(down.error instanceof DowngradeError, () => `the downgrade failed with ${errorText(down.error)}, not a DowngradeError naming the feature`);
  const read = attempt(() => impl.decode(bytes, lo));
  if (facts.unknownMandatory.length > 0) {
    const names = facts.unknownMandatory.map((t) => writer.records.get(t)?.name ?? hex(t)).join(', ');
    check(!read.ok, () => `a v${lo} reader accepted a stream holding mandatory record(s) ${names} it does not know`);
    const e = read.error;
    // FORMAT.md 3: the first fault in stream order is the error. A value this reader cannot take
    // in a record before the first unknown mandatory one comes first; otherwise the refusal is
    // that record's, naming every unknown mandatory record.
    const before = e instanceof FormatError && !(e instanceof UnknownRecordError) && (e.location.offset ?? Number.POSITIVE_INFINITY) < facts.firstUnknownMandatory;
    if (!before) {
      check(e instanceof UnknownRecordError, () => `a v${lo} reader refused ${names} with ${errorText(e)}, neither naming the unknown records nor at a fault before them`);
      check(e.location.offset === facts.firstUnknownMandatory, () => `the refusal is located at offset ${String(e.location.offset)}, not at the first unknown mandatory record (${facts.firstUnknownMandatory})`);
      const named = new Set(e.types.map((t) => t.type >>> 0));
      check(facts.unknownMandatory.every((t) => named.has(t)), () => `the refusal names ${[...named].map(hex).join(', ')}, not all of ${names}`);
    }
    const gated = facts.unknownMandatory.map((t) => writer.records.get(t)?.name ?? hex(t)).filter((n) => !rollbackBreakRecords().has(n));
    check(gated.length === 0 || !down.ok, () => `the stream holds ${gated.join(', ')}, written only for a feature v${lo} cannot express, yet the downgrade to v${lo} succeeds instead of refusing`);
    return undefined;
  }
  if (!down.ok) {
    check(!read.ok, () => `the downgrade is blocked (${errorText(down.error)}) but a v${lo} reader accepted the v${hi} bytes`);
    check(read.error instanceof FormatError, () => `a v${lo} reader failed with ${errorText(read.error)}, not a located FormatError`);
    const loc = read.error.location;
    check(loc.path !== undefined || loc.recordType !== undefined, () => `the refusal (${read.error instanceof Error ? read.error.message : ''}) names neither a record nor a field`);
    return undefined;
  }
  check(read.ok, () => `the downgrade succeeds but a v${lo} reader refused the v${hi} bytes: ${errorText(read.ok ? undefined : read.error)}`);
  const r = read.value;
  check(r.version === lo && r.streamVersion === hi, () => `read as version ${r.version} from stream version ${r.streamVersion}`);
  const d = firstDifference(r.state, down.value);
  check(d === undefined, () => `the rollback read differs from the writer-side downgrade: ${describeDifference(d)}`);
  checkDropped(r, facts, writer);
  const f = impl.validateSemantics(r.state, lo);
  check(f.length === 0, () => `the rolled-back state breaks rules of v${lo}: ${describeFindings(f)}`);
  return { read: r, down: down.value };
}

export function rollbackProperty(hi: Version, lo: Version): PropertyDef {
  return {
    id: `rollback@v${hi}>v${lo}`,
    family: 'rollback',
    summary: `a v${lo} reader of v${hi} bytes refuses exactly unknown mandatory records (naming them) and blocked downgrades; otherwise it gets the downgrade and reports what it dropped`,
    weight: 1,
    stateVersion: hi,
    build: (impl) => fc.property(rollbackArbitrary(hi, lo), (s) => {
      rollback(impl, s, hi, lo);
    }),
  };
}

export function preservationProperty(hi: Version, lo: Version): PropertyDef {
  return {
    id: `preservation@v${hi}>v${lo}`,
    family: 'preservation',
    summary: `v${hi} bytes read by a v${lo} tool and written back are read by v${hi} as the original state (nothing silently lost)`,
    weight: 0.5,
    stateVersion: hi,
    build: (impl) => fc.property(rollbackArbitrary(hi, lo), (s) => {
      const rb = rollback(impl, s, hi, lo);
      if (!rb) return;
      const rewritten = impl.encode(rb.read.state, lo);
      const back = impl.decode(rewritten, hi).state;
      const d = firstDifference(back, s);
      check(d === undefined, () => `after a v${lo} tool rewrote the stream, v${hi} reads another state: ${describeDifference(d)}`);
    }),
  };
}
