/**
 * Records -> typed values, one record at a time: decodes each body with the compiled decoder of
 * the reader's schema version and enforces the record order of FORMAT.md section 6. Shared by the
 * buffer decoder and the streaming reader, so both accept exactly the same streams.
 */
import { BodyError, FormatError, FramingError, LimitError, UnknownRecordError, withLocation } from '../errors.js';
import type { Limits } from '../limits.js';
import type { RecordDef, SchemaVersion, Section } from '../schema/records.js';
import { isOptionalType } from '../schema/records.js';
import { type UnknownField, unknownFieldsOf } from '../unknown.js';
import { hex8 } from '../wire/header.js';
import { MsgReader } from '../wire/msgpack-reader.js';
import type { RecordFrame } from '../wire/frame.js';
import { orderFault, structDecoder } from './compile.js';

export interface SectionInfo {
  readonly key: string;
  /** Position in the domain's canonical record order. */
  readonly rank: number;
  readonly section: Section;
}

/** Section lookup by record type for one schema version. */
export function sectionsByType(schema: SchemaVersion): Map<number, SectionInfo> {
  const m = new Map<number, SectionInfo>();
  Object.entries(schema.sections).forEach(([key, section], rank) => m.set(section.record.type, { key, rank, section }));
  return m;
}

export function recordName(schema: SchemaVersion, type: number): string {
  return schema.records.get(type)?.name ?? `type 0x${hex8(type)}${isOptionalType(type) ? ' (optional)' : ''}`;
}

export type RecordEvent =
  | { readonly kind: 'host'; readonly frame: RecordFrame; readonly value: Record<string, unknown> }
  | {
      readonly kind: 'section';
      readonly frame: RecordFrame;
      readonly domid: number;
      readonly info: SectionInfo;
      /** The body struct; for `list` sections, the record's entries. */
      readonly value: Record<string, unknown> | unknown[];
      /** For `list` sections: which record of the section this is, and unknown wrapper fields. */
      readonly chunk: number;
      readonly chunkUnknown?: readonly UnknownField[];
    }
  | { readonly kind: 'unknown'; readonly frame: RecordFrame; readonly domid: number | undefined; readonly body: Uint8Array; readonly after: number }
  | { readonly kind: 'end'; readonly frame: RecordFrame; readonly nrRecords: number };

/** What a reader did not understand: kept in the state, reported here. */
export interface DroppedItem {
  readonly kind: 'field' | 'record';
  /** Record type name (known) or `type 0x...`. */
  readonly record: string;
  /** For fields: the struct and the field numbers. */
  readonly struct?: string;
  readonly fields?: string;
  /** How many structs or records. */
  readonly count: number;
  /** First record index where it was seen. */
  readonly firstRecord: number;
}

export class RecordSequencer {
  readonly schema: SchemaVersion;
  private readonly limits: Limits;
  private readonly byType: Map<number, SectionInfo>;
  private readonly reader = new MsgReader(new Uint8Array(0));
  private readonly dropped = new Map<string, { item: Omit<DroppedItem, 'count'>; count: number }>();
  private currentFrame: RecordFrame | undefined;

  private index = 0;
  private phase: 'host' | 'body' | 'done' = 'host';
  private domid: number | undefined;
  private domains = 0;
  private rank = 0;
  /** Known records of the current section so far (DOMAIN included), for placing unknown ones. */
  private knownInGroup = 1;
  private seenSingles = new Set<string>();
  private chunkCount = new Map<string, number>();
  private lastChunkFull = true;
  private lastListKey: string | undefined;
  private vcpus = 0;
  private entries = new Map<string, number>();
  /** Last key of each ordered section of the current domain. */
  private lastKey = new Map<string, number | bigint>();
  private unknownFields = 0;
  /** The producer's Xen version from the stream header, which HOST must repeat. */
  private readonly headerXen: { readonly xenMajor: number; readonly xenMinor: number } | undefined;
  /** The stream is newer than `schema` (rollback): bodies are read by the rollback rules. */
  private readonly rollback: boolean;

  constructor(schema: SchemaVersion, limits: Limits, header?: { readonly xenMajor: number; readonly xenMinor: number; readonly schemaVersion?: number }) {
    this.schema = schema;
    this.limits = limits;
    this.headerXen = header;
    this.rollback = header?.schemaVersion !== undefined && header.schemaVersion > schema.version;
    this.byType = sectionsByType(schema);
    this.reader.maxDepth = limits.maxDepth;
    this.reader.onUnknownField = this.onUnknownField;
  }

  get recordsSeen(): number {
    return this.index;
  }

  droppedItems(): DroppedItem[] {
    return [...this.dropped.values()].map(({ item, count }) => ({ ...item, count }));
  }

  private noteDropped(key: string, item: Omit<DroppedItem, 'count'>): void {
    const d = this.dropped.get(key);
    if (d) d.count++;
    else this.dropped.set(key, { item, count: 1 });
  }

  private where(frame: RecordFrame, type: number) {
    return {
      offset: frame.offset,
      record: frame.index,
      recordType: recordName(this.schema, type),
      ...(this.domid !== undefined ? { domid: this.domid } : {}),
    };
  }

  private decodeBody(def: RecordDef, frame: RecordFrame, bytes: Uint8Array, bodyAt: number, base: number): Record<string, unknown> {
    const r = this.reader;
    r.reset(bytes, bodyAt, bodyAt + frame.bodyLength, base);
    this.currentFrame = frame;
    const v = structDecoder(def.body.desc, this.rollback)(r);
    if (r.pos !== r.end) r.fail(`${r.end - r.pos} bytes after the body's value`);
    return v;
  }

  /**
   * Checks the body of an unknown optional record as strictly as any other (FORMAT.md 5): exactly
   * one value of the subset, its nesting within maxDepth (the body itself at depth 1, as an unknown
   * field is), nothing after it. Returns its bytes, copied: the input buffer may be reused.
   */
  private checkUnknownBody(frame: RecordFrame, bytes: Uint8Array, bodyAt: number, base: number): Uint8Array {
    const r = this.reader;
    r.reset(bytes, bodyAt, bodyAt + frame.bodyLength, base);
    this.currentFrame = frame;
    // Kept as one item, like one unknown field, whatever it holds.
    this.countUnknown(1, base + bodyAt);
    r.skipValue(1, false);
    if (r.pos !== r.end) r.fail(`${r.end - r.pos} bytes after the body's value`);
    return bytes.slice(bodyAt, bodyAt + frame.bodyLength);
  }

  /**
   * Counts unknown items about to be kept (unknown fields, unknown optional records) against the
   * maxUnknownFields limit of FORMAT.md 7.1; `offset` is where the first of them starts.
   */
  private countUnknown(count: number, offset: number): void {
    const frame = this.currentFrame!;
    this.unknownFields += count;
    const readSoFar = frame.offset + frame.bodyLength;
    if (this.unknownFields > this.limits.maxUnknownFields && this.unknownFields * 4 > readSoFar) {
      throw new LimitError('limit', `${this.unknownFields} unknown fields and records to keep by the end of this record, more than ${this.limits.maxUnknownFields} and more than one per 4 bytes of input (limit maxUnknownFields)`, { offset });
    }
  }

  private readonly onUnknownField = (struct: string, firstNo: number, count: number): void => {
    const frame = this.currentFrame!;
    this.countUnknown(count, this.reader.base + this.reader.pos);
    const record = recordName(this.schema, frame.type);
    const fields = count === 1 ? `${firstNo}` : `${firstNo}-${firstNo + count - 1}`;
    this.noteDropped(`f:${struct}:${fields}`, { kind: 'field', record, struct, fields, firstRecord: frame.index });
  };

  /**
   * Takes the next record: `bytes[bodyAt..]` holds its body, `base` maps buffer positions to
   * stream offsets. Returns what it holds; throws a located FormatError when it breaks a rule.
   */
  accept(frame: RecordFrame, bytes: Uint8Array, bodyAt: number, base: number): RecordEvent {
    try {
      return this.acceptRecord(frame, bytes, bodyAt, base);
    } catch (e) {
      if (e instanceof FormatError) throw withLocation(e, this.where(frame, frame.type));
      throw e;
    } finally {
      this.index++;
    }
  }

  private acceptRecord(frame: RecordFrame, bytes: Uint8Array, bodyAt: number, base: number): RecordEvent {
    const type = frame.type;
    const at = this.where(frame, type);
    if (this.phase === 'done') throw new FramingError('trailing-data', 'record after END', at);
    // The type before the order and the body (FORMAT.md 3): an unknown mandatory record is refused
    // as such wherever it stands.
    if (!this.schema.records.has(type) && !isOptionalType(type)) {
      throw new UnknownRecordError(`unknown mandatory record type 0x${hex8(type)}: a schema ${this.schema.version} reader must refuse this stream`, at, [{ type, count: 1 }]);
    }
    if (this.phase === 'host') {
      if (type !== this.schema.host.type) throw new FramingError('bad-order', `the first record must be HOST, found ${recordName(this.schema, type)}`, at);
      this.phase = 'body';
      const value = this.decodeBody(this.schema.host, frame, bytes, bodyAt, base);
      this.checkProducer(value);
      return { kind: 'host', frame, value };
    }
    if (type === this.schema.end.type) {
      this.closeDomain(frame);
      const v = this.decodeBody(this.schema.end, frame, bytes, bodyAt, base);
      const nrRecords = v['nr_records'] as number;
      if (nrRecords !== this.index) {
        throw new FramingError('bad-order', `END counts ${nrRecords} records before it, the stream has ${this.index}`, at);
      }
      this.phase = 'done';
      return { kind: 'end', frame, nrRecords };
    }
    if (type === this.schema.host.type) throw new FramingError('bad-order', 'a second HOST record', at);
    const info = this.byType.get(type);
    if (!info) {
      // Only optional types get here (the type check above refused the others).
      const body = this.checkUnknownBody(frame, bytes, bodyAt, base);
      this.noteDropped(`r:${type}`, { kind: 'record', record: recordName(this.schema, type), firstRecord: frame.index });
      return { kind: 'unknown', frame, domid: this.domid, body, after: this.domid === undefined ? 1 : this.knownInGroup };
    }
    if (info.rank === 0) {
      const value = this.decodeBody(info.section.record, frame, bytes, bodyAt, base);
      const domid = value['domid'] as number;
      if (this.domid !== undefined && domid <= this.domid) {
        const what = domid === this.domid ? `duplicate DOMAIN for domain ${domid}` : `domain ${domid} after domain ${this.domid}: domains must ascend`;
        throw new FramingError('bad-order', what, { ...at, domid });
      }
      this.closeDomain(frame);
      // Located at this DOMAIN record, the one past the limit, with its own domid.
      if (++this.domains > this.limits.maxDomains) throw new LimitError('limit', `more than ${this.limits.maxDomains} domains`, { ...at, domid });
      this.openDomain(domid);
      return { kind: 'section', frame, domid, info, value, chunk: 0 };
    }
    if (this.domid === undefined) {
      throw new FramingError('bad-order', `${info.section.record.name} before any DOMAIN record`, at);
    }
    if (info.rank < this.rank) {
      throw new FramingError('bad-order', `${info.section.record.name} after a later record of domain ${this.domid}; the order is ${Object.values(this.schema.sections).map((s) => s.record.name).join(', ')}`, at);
    }
    const kind = info.section.kind;
    if ((kind === 'single' || kind === 'optional') && this.seenSingles.has(info.key)) {
      throw new FramingError('bad-order', `a second ${info.section.record.name} record for domain ${this.domid}`, at);
    }
    this.rank = info.rank;
    this.knownInGroup++;
    const body = this.decodeBody(info.section.record, frame, bytes, bodyAt, base);
    if (kind === 'single' || kind === 'optional') {
      this.seenSingles.add(info.key);
      return { kind: 'section', frame, domid: this.domid, info, value: body, chunk: 0 };
    }
    if (kind === 'each') {
      if (++this.vcpus > this.limits.maxVcpus) throw new LimitError('limit', `more than ${this.limits.maxVcpus} ${info.section.record.name} records in domain ${this.domid}`, at);
      const key = info.section.kind === 'each' ? info.section.ascending : undefined;
      if (key !== undefined) this.checkAscending(info.key, key, body[key] as number | bigint, base + bodyAt);
      return { kind: 'section', frame, domid: this.domid, info, value: body, chunk: 0 };
    }
    // A list section: entries chunked over records, each full but the last.
    const chunk = this.chunkCount.get(info.key) ?? 0;
    if (chunk > 0 && (!this.lastChunkFull || this.lastListKey !== info.key)) {
      throw new FramingError('bad-order', `${info.section.record.name} records of domain ${this.domid} must be contiguous, each but the last holding ${maxEntriesOf(info.section)} entries`, at);
    }
    const list = body['entries'] as unknown[];
    const key = ascendingKeyOf(info.section);
    // Within a record the list decoder checked the order; here it runs on across records.
    if (key !== undefined) {
      this.checkAscending(info.key, key, (list[0] as Record<string, number | bigint>)[key]!, () => this.firstEntryOffset(bytes, bodyAt, base), 'entries[0].');
      this.lastKey.set(info.key, (list[list.length - 1] as Record<string, number | bigint>)[key]!);
    }
    const max = maxEntriesOf(info.section);
    this.chunkCount.set(info.key, chunk + 1);
    this.lastChunkFull = list.length === max;
    this.lastListKey = info.key;
    const total = (this.entries.get(info.key) ?? 0) + list.length;
    this.entries.set(info.key, total);
    const limit = info.key === 'event_channels' ? this.limits.maxPorts : this.limits.maxEntries;
    if (total > limit) throw new LimitError('limit', `more than ${limit} ${info.section.record.name} entries in domain ${this.domid}`, at);
    const unknown = unknownFieldsOf(body);
    return { kind: 'section', frame, domid: this.domid, info, value: list, chunk, ...(unknown ? { chunkUnknown: unknown } : {}) };
  }

  /**
   * Keys of `each` records and of list entries strictly ascend over the whole section (FORMAT.md
   * section 6); `offset` locates the offending record body or entry.
   */
  private checkAscending(section: string, key: string, value: number | bigint, offset: number | (() => number), prefix = ''): void {
    const previous = this.lastKey.get(section);
    if (previous !== undefined && !(value > previous)) {
      try {
        orderFault(typeof offset === 'number' ? offset : offset(), key, previous, value);
      } catch (e) {
        if (e instanceof FormatError && prefix) (e as { location: FormatError['location'] }).location = { ...e.location, path: prefix + key };
        throw e;
      }
    }
    this.lastKey.set(section, value);
  }

  /** Stream offset of the first entry of a list record's body: past the struct's and the list's array headers. */
  private firstEntryOffset(bytes: Uint8Array, bodyAt: number, base: number): number {
    const r = new MsgReader(bytes, bodyAt, bytes.length, base);
    r.arrayHeader();
    r.arrayHeader();
    return base + r.pos;
  }

  /**
   * The header's Xen version must be the HOST producer's: otherwise two different streams would
   * decode to one state, and encoding would not be canonical.
   */
  private checkProducer(host: Record<string, unknown>): void {
    if (!this.headerXen) return;
    const p = host['producer'] as { major: number; minor: number };
    const { xenMajor, xenMinor } = this.headerXen;
    if (p.major !== xenMajor || p.minor !== xenMinor) {
      throw new BodyError('bad-value', `stream header names Xen ${xenMajor}.${xenMinor}, the HOST record's producer is ${p.major}.${p.minor}`, { offset: 20, path: 'producer' });
    }
  }

  private openDomain(domid: number): void {
    this.domid = domid;
    this.rank = 0;
    this.knownInGroup = 1;
    this.seenSingles = new Set(['domain']);
    this.chunkCount.clear();
    this.entries.clear();
    this.lastKey.clear();
    this.lastListKey = undefined;
    this.lastChunkFull = true;
    this.vcpus = 0;
  }

  private closeDomain(frame: RecordFrame): void {
    if (this.domid === undefined) return;
    for (const [key, s] of Object.entries(this.schema.sections)) {
      if (s.kind === 'single' && !this.seenSingles.has(key)) {
        throw new FramingError('bad-order', `domain ${this.domid} has no ${s.record.name} record`, { offset: frame.offset, record: frame.index, domid: this.domid });
      }
    }
  }
}

/** The key whose values strictly ascend in a `list` section's entries, if it has one. */
export function ascendingKeyOf(section: Section): string | undefined {
  const d = section.record.body.fields['entries']?.node.desc;
  return d?.kind === 'list' ? d.ascending : undefined;
}

/** Entries per record of a `list` section. */
export function maxEntriesOf(section: Section): number {
  const d = section.record.body.fields['entries']?.node.desc;
  return d?.kind === 'list' ? d.maxItems : 0;
}
