/**
 * bytes -> records -> typed state, for a stream held in memory. Two passes: the framing pass
 * checks every header, checksum and padding and finds every record type the reader must refuse;
 * only then are bodies decoded and the record order enforced (by the same sequencer the streaming
 * reader uses).
 */
import { FramingError, UnknownRecordError } from './errors.js';
import { type Limits, resolveLimits } from './limits.js';
import { type MigrationNote, convert } from './migrate/index.js';
import { LATEST_VERSION, SCHEMAS, type State, type StateByVersion, type Version, isVersion } from './schema/index.js';
import { isOptionalType } from './schema/records.js';
import type { SchemaVersion } from './schema/records.js';
import { type DroppedItem, RecordSequencer, recordName } from './codec/sequence.js';
import { setUnknownChunkFields, setUnknownRecords, type UnknownChunkFields, type UnknownRecord } from './unknown.js';
import { type RecordFrame, RECORD_HEADER_SIZE, checkRecord, recordExtent } from './wire/frame.js';
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

/** Framing pass: every record checked and located; stops at END. */
export function scanFrames(bytes: Uint8Array, header: StreamHeader, limits: Limits): RecordFrame[] {
  const frames: RecordFrame[] = [];
  let at = STREAM_HEADER_SIZE;
  let crc = header.crc;
  for (;;) {
    const size = recordExtent(bytes, at, 0, frames.length, limits.maxRecordBytes, bytes.length - at);
    const frame = checkRecord(bytes, at, 0, frames.length, crc);
    frames.push(frame);
    crc = frame.crc;
    at += size;
    if (frame.type === 0) break;
  }
  if (at !== bytes.length) {
    throw new FramingError('trailing-data', `${bytes.length - at} bytes after the END record`, { offset: at, record: frames.length });
  }
  return frames;
}

function refuseUnknownMandatory(frames: readonly RecordFrame[], schema: SchemaVersion): void {
  const counts = new Map<number, { count: number; first: RecordFrame }>();
  for (const f of frames) {
    if (schema.records.has(f.type) || isOptionalType(f.type)) continue;
    const c = counts.get(f.type);
    if (c) c.count++;
    else counts.set(f.type, { count: 1, first: f });
  }
  if (counts.size === 0) return;
  const types = [...counts].map(([type, { count }]) => ({ type, count, name: knownName(type) }));
  const first = [...counts.values()][0]!.first;
  const list = types.map((t) => `${t.name ?? `type 0x${hex8(t.type)}`} (0x${hex8(t.type)}) x${t.count}`).join(', ');
  throw new UnknownRecordError(`a schema ${schema.version} reader must refuse this stream: unknown mandatory record ${list}`,
    { offset: first.offset, record: first.index, recordType: types[0]!.name ?? `type 0x${hex8(types[0]!.type)}` }, types);
}

/** Names a record type from any version this library knows (for the messages of older readers). */
function knownName(type: number): string | undefined {
  for (const v of [LATEST_VERSION, 2, 1] as const) {
    const r = SCHEMAS[v].records.get(type);
    if (r) return r.name;
  }
  return undefined;
}

/** Builds the typed state from records, as a reader of `schema`'s version. */
export function decodeAs(bytes: Uint8Array, schema: SchemaVersion, header: StreamHeader, limits: Limits) {
  const frames = scanFrames(bytes, header, limits);
  refuseUnknownMandatory(frames, schema);
  const seq = new RecordSequencer(schema, limits, header);
  const records: RecordInfo[] = [];
  // One name string per record type, not per record: a stream of many small records stays cheap.
  const names = new Map<number, string>();
  const nameOf = (type: number): string => {
    let n = names.get(type);
    if (n === undefined) names.set(type, (n = recordName(schema, type)));
    return n;
  };
  const root: { host?: unknown; domains: Record<string, unknown>[] } = { domains: [] };
  const rootUnknown: UnknownRecord[] = [];
  let domain: Record<string, unknown> | undefined;
  let domainUnknown: UnknownRecord[] = [];
  let chunkFields = new Map<string, UnknownChunkFields[]>();
  const closeDomain = () => {
    if (!domain) return;
    if (domainUnknown.length) setUnknownRecords(domain, domainUnknown);
    for (const [key, chunks] of chunkFields) setUnknownChunkFields(domain[key] as object, chunks);
  };
  for (const frame of frames) {
    const ev = seq.accept(frame, bytes, frame.offset + RECORD_HEADER_SIZE, 0);
    records.push({
      index: frame.index, offset: frame.offset, type: frame.type, name: nameOf(frame.type),
      bodyLength: frame.bodyLength, optional: isOptionalType(frame.type),
      domid: ev.kind === 'section' || ev.kind === 'unknown' ? ev.domid : undefined, known: ev.kind !== 'unknown',
    });
    switch (ev.kind) {
      case 'host':
        root.host = ev.value;
        break;
      case 'end':
        break;
      case 'unknown':
        (domain ? domainUnknown : rootUnknown).push({ type: frame.type, body: ev.body, after: ev.after });
        break;
      case 'section': {
        const { key, rank, section } = ev.info;
        if (rank === 0) {
          closeDomain();
          domain = {};
          domainUnknown = [];
          chunkFields = new Map();
          for (const [k, s] of Object.entries(schema.sections)) domain[k] = s.kind === 'single' ? undefined : s.kind === 'optional' ? null : [];
          domain[key] = ev.value;
          root.domains.push(domain);
          break;
        }
        const d = domain!;
        if (section.kind === 'each') (d[key] as unknown[]).push(ev.value);
        else if (section.kind === 'list') {
          const entries = ev.value as unknown[];
          if (ev.chunk === 0) d[key] = entries;
          else {
            const all = d[key] as unknown[];
            for (let i = 0; i < entries.length; i++) all.push(entries[i]);
          }
          if (ev.chunkUnknown) {
            const list = chunkFields.get(key) ?? [];
            list.push({ chunk: ev.chunk, fields: ev.chunkUnknown });
            chunkFields.set(key, list);
          }
        } else d[key] = ev.value;
        break;
      }
    }
  }
  closeDomain();
  seq.finish(bytes.length);
  if (rootUnknown.length) setUnknownRecords(root, rootUnknown);
  return { state: root as unknown as State, records, dropped: seq.droppedItems() };
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
    notes = converted.notes;
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
