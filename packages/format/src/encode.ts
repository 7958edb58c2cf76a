/**
 * typed state -> canonical bytes. Every field written is checked against the schema on the way
 * (a bad state is a located StateError, never a broken stream); records follow the canonical
 * order and chunking; what a reader preserved from a newer writer is put back where it was.
 */
import { FormatError, StateError } from './errors.js';
import { type ChunkEncoder, type StructEncoder, chunkEncoder, structEncoder } from './codec/compile.js';
import { SCHEMAS, type StateByVersion, type Version } from './schema/index.js';
import { type SchemaVersion, type Section, isOptionalType } from './schema/records.js';
import { ascendingKeyOf, maxEntriesOf } from './codec/sequence.js';
import { type UnknownRecord, setUnknownFields, unknownChunkFieldsOf, unknownRecordsOf } from './unknown.js';
import { RECORD_HEADER_SIZE, paddingOf, sealRecordAt } from './wire/frame.js';
import { encodeStreamHeader } from './wire/header.js';
import { MsgWriter } from './wire/msgpack-writer.js';

type BodyEncoder = (w: MsgWriter, value: unknown) => void;

class StreamWriter {
  readonly w: MsgWriter;
  private crc: number;
  count = 0;

  constructor(schemaVersion: number, xenMajor: number, xenMinor: number, buffer: number | Uint8Array) {
    this.w = new MsgWriter(buffer);
    const header = encodeStreamHeader(schemaVersion, xenMajor, xenMinor);
    this.w.raw(header);
    this.crc = new DataView(header.buffer).getUint32(28);
  }

  /** Starts a record: leaves room for its header, returns where it is. The body follows. */
  begin(): number {
    const w = this.w;
    const at = w.pos;
    w.ensure(RECORD_HEADER_SIZE);
    w.pos = at + RECORD_HEADER_SIZE;
    return at;
  }

  /** Ends the record begun at `at`: pads its body and fills in its header and running checksum. */
  seal(at: number, type: number): void {
    const w = this.w;
    const length = w.pos - at - RECORD_HEADER_SIZE;
    const padding = paddingOf(length);
    w.ensure(padding);
    // The buffer may be reused: the padding and the reserved header field are written as zeros.
    for (let i = 0; i < padding; i++) w.buf[w.pos++] = 0;
    // The writer's own view: the body may have grown the buffer, never moved `at`.
    w.view.setUint32(at + 12, 0);
    this.crc = sealRecordAt(w.buf, w.view, at, w.pos, type, length, this.crc);
    this.count++;
  }

  /** Writes one record whose body is `encodeBody(w, value)`. */
  record(type: number, encodeBody: BodyEncoder, value: unknown): void {
    const at = this.begin();
    encodeBody(this.w, value);
    this.seal(at, type);
  }

  raw(type: number, body: Uint8Array): void {
    const at = this.begin();
    this.w.raw(body);
    this.seal(at, type);
  }
}

function atPath(e: unknown, path: string): unknown {
  if (e instanceof FormatError) {
    const inner = e.location.path;
    const full = inner === undefined ? path : inner.startsWith('[') ? path + inner : `${path}.${inner}`;
    (e as { location: FormatError['location'] }).location = { ...e.location, path: full };
  }
  return e;
}

function writeUnknown(out: StreamWriter, list: readonly UnknownRecord[] | undefined, after: number): void {
  if (!list) return;
  for (const u of list) if (u.after === after) out.raw(u.type, u.body);
}

/**
 * Refuses unknown records that cannot go back where a reader found them: a type a reader of
 * `schema` would not skip (bit 31 clear, or a type it knows), or an `after` outside the known
 * records of the group (`known`: HOST alone for the root, DOMAIN and its records for a domain).
 * Written anyway, they would make a stream its own reader refuses or reads differently; dropped,
 * they would be lost.
 */
function checkUnknown(list: readonly UnknownRecord[] | undefined, schema: SchemaVersion, known: number, path: string): void {
  if (!list) return;
  list.forEach((u, i) => {
    const at = `${path}${path ? '.' : ''}$unknown_records[${i}]`;
    if (!Number.isInteger(u.type) || u.type < 0 || u.type > 0xffffffff || !isOptionalType(u.type)) {
      throw new StateError('bad-state', `unknown record type ${String(u.type)} is not an optional type (bit 31 set): a reader would refuse the stream`, { path: `${at}.type` });
    }
    const def = schema.records.get(u.type);
    if (def) throw new StateError('bad-state', `record type 0x${u.type.toString(16)} is ${def.name}, which schema v${schema.version} knows: it belongs in the state, not among unknown records`, { path: `${at}.type` });
    if (!Number.isInteger(u.after) || u.after < 1 || u.after > known) {
      const where = path ? `this domain has ${known} known records (DOMAIN included)` : 'only HOST comes before the first domain';
      throw new StateError('bad-state', `cannot place an unknown record after ${String(u.after)} known records: ${where}, so "after" must be ${known === 1 ? '1' : `1-${known}`}`, { path: `${at}.after` });
    }
    if (!(u.body instanceof Uint8Array)) throw new StateError('bad-state', 'expected the record body as bytes', { path: `${at}.body` });
  });
}

export interface EncodeOptions {
  /** Initial output buffer size; it grows as needed. */
  readonly sizeHint?: number;
}

/**
 * Writes a stream incrementally: the host first, then one domain at a time, then END. `take()`
 * hands over the bytes written so far, so a caller can flush them to a file and keep memory bounded
 * by the largest domain. `encode` is this in one go.
 */
export class StreamEncoder<V extends Version = Version> {
  private readonly out: StreamWriter;
  private readonly schema: SchemaVersion;
  private domains = 0;
  private ended = false;

  constructor(version: V, host: StateByVersion[V]['host'], options: EncodeOptions & { rootUnknown?: readonly UnknownRecord[]; buffer?: Uint8Array } = {}) {
    const schema = SCHEMAS[version];
    if (!schema) throw new StateError('bad-state', `schema version ${String(version)} is not known`);
    this.schema = schema;
    const producer = (host as { producer?: { major?: unknown; minor?: unknown } } | null)?.producer;
    const major = producer?.major;
    const minor = producer?.minor;
    if (typeof major !== 'number' || typeof minor !== 'number' || !(major >= 0 && major <= 0xffff) || !(minor >= 0 && minor <= 0xffff)) {
      throw new StateError('bad-state', 'host.producer.major and .minor must be u16 integers', { path: 'host.producer' });
    }
    this.out = new StreamWriter(version, major, minor, options.buffer ?? options.sizeHint ?? 1 << 16);
    checkUnknown(options.rootUnknown, schema, 1, '');
    writeBody(this.out, host, schema.host.type, structEncoder(schema.host.body.desc), 'host');
    writeUnknown(this.out, options.rootUnknown, 1);
  }

  /** Appends one domain's records (domains must come in ascending domid). */
  domain(d: StateByVersion[V]['domains'][number]): this {
    if (this.ended) throw new StateError('bad-state', 'domain after END');
    writeDomain(this.out, this.schema, d, this.domains++);
    return this;
  }

  /** Writes END. */
  end(): this {
    if (!this.ended) {
      const out = this.out;
      out.record(this.schema.end.type, structEncoder(this.schema.end.body.desc), { nr_records: out.count });
      this.ended = true;
    }
    return this;
  }

  /** @internal The buffer written into (for `encode` to keep as its scratch buffer). */
  get buffer(): Uint8Array {
    return this.out.w.buf;
  }

  /** The bytes written since the last call, and forgets them. */
  take(): Uint8Array {
    const w = this.out.w;
    const bytes = w.toBytes();
    w.pos = 0;
    return bytes;
  }
}

/**
 * Encodes a state of schema `version` into canonical stream bytes: the same state always gives
 * the same bytes.
 */
export function encode<V extends Version>(state: StateByVersion[V], version: V, options: EncodeOptions = {}): Uint8Array {
  if (typeof state !== 'object' || state === null) throw new StateError('bad-state', 'expected a state object');
  const s = state as { host?: unknown; domains?: unknown };
  if (!Array.isArray(s.domains)) throw new StateError('bad-state', 'expected a list of domains', { path: 'domains' });
  const rootUnknown = unknownRecordsOf(s);
  const sizeHint = options.sizeHint ?? estimateSize(SCHEMAS[version], s.domains);
  // Streams are written into a reused buffer, then copied out at their exact size.
  const small = sizeHint <= SCRATCH_MAX;
  const kept = small ? scratch : largeScratch?.deref();
  const buffer = kept && kept.length >= sizeHint ? kept : undefined;
  const enc = new StreamEncoder(version, s.host as StateByVersion[V]['host'], { sizeHint, ...(buffer ? { buffer } : {}), ...(rootUnknown ? { rootUnknown } : {}) });
  for (const d of s.domains) enc.domain(d as StateByVersion[V]['domains'][number]);
  const bytes = enc.end().take();
  if (!small) largeScratch = new WeakRef(enc.buffer);
  else if (enc.buffer.length <= SCRATCH_MAX) scratch = enc.buffer;
  return bytes;
}

const SCRATCH_MAX = 1 << 16;
let scratch: Uint8Array | undefined;
/**
 * The buffer of the last larger stream, held weakly: encoding again soon (a loop, a benchmark)
 * writes into it and allocates only the copy it returns, and a process that encoded once does not
 * keep it. Every large buffer is external memory to V8, which answers enough of it with a full
 * collection of the whole heap, the state being encoded included: that cost more than the writing.
 */
let largeScratch: WeakRef<Uint8Array> | undefined;

/**
 * How one domain section is written, resolved once per schema: its record's encoder (for a list
 * section, the encoder of a chunk of entries written in place), and its order and chunking.
 */
interface SectionWriter {
  readonly key: string;
  readonly section: Section;
  readonly type: number;
  readonly body: StructEncoder;
  readonly chunk: ChunkEncoder | undefined;
  /** Entries per record of a list section. */
  readonly max: number;
  /** The key that strictly ascends across the records of an `each` section, or the entries of a `list` one. */
  readonly ascending: string | undefined;
}

const sectionWriters = new WeakMap<SchemaVersion, readonly SectionWriter[]>();

/** A schema's domain sections in record order, resolved once per schema. */
function sectionsOf(schema: SchemaVersion): readonly SectionWriter[] {
  let list = sectionWriters.get(schema);
  if (!list) {
    list = Object.entries(schema.sections).map(([key, section]) => ({
      key,
      section,
      type: section.record.type,
      body: structEncoder(section.record.body.desc),
      chunk: section.kind === 'list' ? chunkEncoder(section.record.body.desc) : undefined,
      max: section.kind === 'list' ? maxEntriesOf(section) : 0,
      ascending: section.kind === 'list' ? ascendingKeyOf(section) : section.kind === 'each' ? section.ascending : undefined,
    }));
    sectionWriters.set(schema, list);
  }
  return list;
}

/**
 * About the stream size of `domains`, so the output buffer is allocated once: growing it by
 * doubling allocates twice the output, and on a large heap every big allocation costs a full GC.
 * Typical sizes, not bounds: a wrong guess only costs one growth or some unused capacity.
 */
function estimateSize(schema: SchemaVersion | undefined, domains: readonly unknown[]): number {
  const PER_DOMAIN = 1024;
  const PER_RECORD = 1024;
  const PER_ENTRY = 16;
  let size = 1 << 12;
  if (!schema) return size;
  const sections = sectionsOf(schema);
  for (const d of domains) {
    size += PER_DOMAIN;
    if (typeof d !== 'object' || d === null) continue;
    for (const { key, section } of sections) {
      const v = (d as Record<string, unknown>)[key];
      if (!Array.isArray(v)) continue;
      if (section.kind === 'list') size += v.length * PER_ENTRY;
      else if (section.kind === 'each') size += v.length * PER_RECORD;
    }
  }
  return Math.min(size, 1 << 30);
}

/** The path of domain `index`'s section `key`, of its item `item` when one is given (only built for an error). */
function sectionPath(index: number, key: string, item?: number): string {
  return `domains[${index}].${key}${item === undefined ? '' : `[${item}]`}`;
}

/** Writes one record of body `value`; a fault in it gets `path` (a path, or a domain section's). */
function writeBody(out: StreamWriter, value: unknown, type: number, body: StructEncoder, path: string | number, key = '', item?: number): void {
  const at = out.begin();
  try {
    body(out.w, value);
  } catch (e) {
    throw atPath(e, typeof path === 'string' ? path : sectionPath(path, key, item));
  }
  out.seal(at, type);
}

/** Entry `i` of an ordered section must be above entry `i - 1` (FORMAT.md section 6). */
function checkAscending(list: readonly unknown[], i: number, key: string, index: number, section: string): void {
  const prev = (list[i - 1] as Record<string, unknown>)[key] as number | bigint;
  const cur = (list[i] as Record<string, unknown>)[key] as number | bigint;
  if (!(cur > prev)) throw new StateError('bad-state', `${key} must strictly ascend: ${cur} follows ${prev}`, { path: `${sectionPath(index, section, i)}.${key}` });
}

function writeDomain(out: StreamWriter, schema: SchemaVersion, d: unknown, index: number): void {
  if (typeof d !== 'object' || d === null) throw new StateError('bad-state', 'expected a domain state object', { path: `domains[${index}]` });
  const ds = d as Record<string, unknown>;
  const unknown = unknownRecordsOf(ds);
  if (unknown) checkUnknown(unknown, schema, knownRecordCount(schema, ds), `domains[${index}]`);
  let written = 0;
  for (const s of sectionsOf(schema)) {
    const value = ds[s.key];
    switch (s.section.kind) {
      case 'single':
        writeBody(out, value, s.type, s.body, index, s.key);
        if (unknown) writeUnknown(out, unknown, ++written);
        break;
      case 'optional':
        if (value === undefined) throw new StateError('bad-state', 'missing (use null when absent)', { path: sectionPath(index, s.key) });
        if (value !== null) {
          writeBody(out, value, s.type, s.body, index, s.key);
          if (unknown) writeUnknown(out, unknown, ++written);
        }
        break;
      case 'each':
        if (!Array.isArray(value)) throw new StateError('bad-state', 'expected a list', { path: sectionPath(index, s.key) });
        for (let i = 0; i < value.length; i++) {
          writeBody(out, value[i], s.type, s.body, index, s.key, i);
          if (s.ascending !== undefined && i > 0) checkAscending(value, i, s.ascending, index, s.key);
          if (unknown) writeUnknown(out, unknown, ++written);
        }
        break;
      case 'list': {
        if (!Array.isArray(value)) throw new StateError('bad-state', 'expected a list', { path: sectionPath(index, s.key) });
        const chunks = unknownChunkFieldsOf(value);
        // Each record holds the entries [start, start + max) of the list, written in place.
        const body: { entries: unknown[] } = { entries: value };
        for (let start = 0, chunk = 0; start < value.length; start += s.max, chunk++) {
          const extra = chunks?.find((c) => c.chunk === chunk);
          const chunkBody = extra ? { entries: value } : body;
          if (extra) setUnknownFields(chunkBody, [...extra.fields]);
          const end = Math.min(start + s.max, value.length);
          const at = out.begin();
          try {
            s.chunk!(out.w, chunkBody, start, end);
          } catch (e) {
            // The encoder names entries by their index in the whole list.
            if (e instanceof FormatError && e.location.path?.startsWith('entries[')) {
              (e as { location: FormatError['location'] }).location = { ...e.location, path: e.location.path.slice('entries'.length) };
            }
            throw atPath(e, sectionPath(index, s.key));
          }
          out.seal(at, s.type);
          // Each record's entries were checked in order by its encoder; this is the seam between two.
          if (s.ascending !== undefined && start > 0) checkAscending(value, start, s.ascending, index, s.key);
          if (unknown) writeUnknown(out, unknown, ++written);
        }
        break;
      }
    }
  }
}

/** How many records the known sections of domain `d` make (a malformed section counts 0: writing it fails). */
export function knownRecordCount(schema: SchemaVersion, d: Record<string, unknown>): number {
  let n = 0;
  for (const { key, section, max } of sectionsOf(schema)) {
    const v = d[key];
    if (section.kind === 'single') n++;
    else if (section.kind === 'optional') n += v === null || v === undefined ? 0 : 1;
    else if (Array.isArray(v)) n += section.kind === 'each' ? v.length : Math.ceil(v.length / max);
  }
  return n;
}
