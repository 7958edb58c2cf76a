/**
 * bytes -> records -> typed state, for a stream held in memory. One pass, record by record, with
 * the framing loop and domain assembler the streaming reader uses too, so both name the same
 * first fault (FORMAT.md section 3 gives the order of checks).
 */
import { UnknownRecordError } from './errors.js';
import { type Limits, resolveLimits } from './limits.js';
import { type MigrationNote, convert } from './migrate/index.js';
import { locateAll } from './json/identity-path.js';
import { LATEST_VERSION, SCHEMAS, type State, type StateByVersion, VERSIONS, type Version, isVersion } from './schema/index.js';
import { isOptionalType } from './schema/records.js';
import type { SchemaVersion } from './schema/records.js';
import { type DroppedItem, type RecordEvent, recordName } from './codec/sequence.js';
import { DomainAssembler } from './domain-assembler.js';
import { RecordLoop } from './record-loop.js';
import { setUnknownRecords } from './unknown.js';
import { RECORD_HEADER_SIZE, paddingOf } from './wire/frame.js';
import { STREAM_HEADER_SIZE, type StreamHeader, decodeStreamHeader, hex8 } from './wire/header.js';

export interface DecodeOptions {
  /** Schema version of the reader (default: the latest). Older streams are upgraded to it; newer ones read by the rollback rules. */
  readonly readerVersion?: Version;
  readonly limits?: Partial<Limits>;
}

export interface RecordInfo {
  readonly index: number;
  readonly offset: number;
  readonly type: number;
  readonly name: string;
  readonly bodyLength: number;
  readonly optional: boolean;
  /** Domain the record belongs to (undefined for HOST, END and records before the first DOMAIN). */
  readonly domid: number | undefined;
  /** False for records this reader does not know (skipped optional records). */
  readonly known: boolean;
}

export interface DecodeResult<V extends Version = Version> {
  /** Schema version of `state`: the reader's version. */
  readonly version: V;
  /** Schema version written in the stream header. */
  readonly streamVersion: number;
  readonly header: StreamHeader;
  readonly state: StateByVersion[V];
  readonly records: readonly RecordInfo[];
  /** What this reader did not understand; a tool keeps it in `state` and writes it back. */
  readonly dropped: readonly DroppedItem[];
  /** What the upgrade from the stream's version changed or dropped. */
  readonly notes: readonly MigrationNote[];
  /** Total stream length in bytes. */
  readonly size: number;
}

/** The schema a reader of version R uses for a stream of version W. */
export function readingSchema(streamVersion: number, readerVersion: Version): SchemaVersion {
  return streamVersion <= readerVersion && isVersion(streamVersion) ? SCHEMAS[streamVersion] : SCHEMAS[readerVersion];
}

/**
 * Best-effort look-ahead once the loop met an unknown mandatory record: the types of every
 * unknown mandatory record after it, following the record lengths (unchecked) as far as they stay
 * inside the input, so the message names them all. The error's code and location stay those of
 * the first one, as the streaming reader reports it.
 */
function unknownMandatoryAhead(bytes: Uint8Array, first: UnknownRecordError, schema: SchemaVersion): UnknownRecordError {
  const counts = new Map<number, number>();
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let at = first.location.offset!;
  while (at + RECORD_HEADER_SIZE <= bytes.length) {
    const type = view.getUint32(at);
    if (!schema.records.has(type) && !isOptionalType(type)) counts.set(type, (counts.get(type) ?? 0) + 1);
    if (type === schema.end.type) break;
    const length = view.getUint32(at + 4);
    at += RECORD_HEADER_SIZE + length + paddingOf(length);
  }
  const types = [...counts].map(([type, count]) => ({ type, count, name: knownName(type) }));
  const list = types.map((t) => `${t.name ?? `type 0x${hex8(t.type)}`} (0x${hex8(t.type)}) x${t.count}`).join(', ');
  return new UnknownRecordError(`a schema ${schema.version} reader must refuse this stream: unknown mandatory record ${list}`,
    { ...first.location, recordType: types[0]!.name ?? `type 0x${hex8(types[0]!.type)}` }, types);
}

/** Names a record type from any version this library knows (for the messages of older readers). */
function knownName(type: number): string | undefined {
  for (const v of [...VERSIONS].reverse()) {
    const r = SCHEMAS[v].records.get(type);
    if (r) return r.name;
  }
  return undefined;
}

/**
 * Runs the framing loop over a stream held in memory, from its first record to the check that
 * nothing follows END, handing each record's event to `take`. An unknown mandatory record is
 * refused naming every one the stream holds.
 */
export function readRecords(bytes: Uint8Array, loop: RecordLoop, schema: SchemaVersion, take: (ev: RecordEvent) => void): void {
  let at = STREAM_HEADER_SIZE;
  while (!loop.done) {
    const size = loop.extent(bytes, at, 0, bytes.length - at, true);
    let ev;
    try {
      ev = loop.step(bytes, at, 0);
    } catch (e) {
      throw e instanceof UnknownRecordError ? unknownMandatoryAhead(bytes, e, schema) : e;
    }
    at += size;
    take(ev);
  }
  loop.refuseTrailing(bytes.length - at, at, true);
}

/** Builds the typed state from records, as a reader of `schema`'s version, with the framing loop both readers share. */
export function decodeAs(bytes: Uint8Array, schema: SchemaVersion, header: StreamHeader, limits: Limits) {
  const loop = new RecordLoop(schema, limits, header);
  const records: RecordInfo[] = [];
  // One name string per record type, not per record: a stream of many small records stays cheap.
  const names = new Map<number, string>();
  const nameOf = (type: number): string => {
    let n = names.get(type);
    if (n === undefined) names.set(type, (n = recordName(schema, type)));
    return n;
  };
  const root: { host?: unknown; domains: Record<string, unknown>[] } = { domains: [] };
  const assembler = new DomainAssembler(schema, true);
  readRecords(bytes, loop, schema, (ev) => {
    const frame = ev.frame;
    records.push({
      index: frame.index, offset: frame.offset, type: frame.type, name: nameOf(frame.type),
      bodyLength: frame.bodyLength, optional: isOptionalType(frame.type),
      domid: ev.kind === 'section' || ev.kind === 'unknown' ? ev.domid : undefined, known: ev.kind !== 'unknown',
    });
    if (ev.kind === 'host') root.host = ev.value;
    const closed = assembler.add(ev);
    if (closed) root.domains.push(closed);
  });
  const last = assembler.finish();
  if (last) root.domains.push(last);
  if (assembler.rootUnknown.length) setUnknownRecords(root, assembler.rootUnknown);
  return { state: root as unknown as State, records, dropped: loop.sequencer.droppedItems() };
}

/**
 * Decodes a whole stream held in memory. Throws a located `FormatError` for anything the reader
 * must refuse; never another exception for any input bytes.
 */
export function decode<V extends Version = typeof LATEST_VERSION>(bytes: Uint8Array, options: DecodeOptions & { readerVersion?: V } = {}): DecodeResult<V> {
  const limits = resolveLimits(options.limits);
  const readerVersion = (options.readerVersion ?? LATEST_VERSION) as V;
  const header = decodeStreamHeader(bytes);
  const schema = readingSchema(header.schemaVersion, readerVersion);
  const { state, records, dropped } = decodeAs(bytes, schema, header, limits);
  let result: State = state;
  let notes: readonly MigrationNote[] = [];
  if (schema.version !== readerVersion) {
    const converted = convert(state, schema.version as Version, readerVersion);
    result = converted.state;
    notes = locateAll(schema, state, converted.notes);
  }
  return {
    version: readerVersion,
    streamVersion: header.schemaVersion,
    header,
    state: result as StateByVersion[V],
    records,
    dropped,
    notes,
    size: bytes.length,
  };
}
