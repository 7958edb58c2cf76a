/**
 * Records -> typed values, one record at a time: decodes each body with the compiled decoder of
 * the reader's schema version and enforces the record order of FORMAT.md section 6 (record-order.ts,
 * which the structural checker runs too). Shared by the buffer decoder and the streaming reader, so
 * both accept exactly the same streams.
 */
import { FormatError, type Location, withLocation } from '../errors.js';
import type { Limits } from '../limits.js';
import type { RecordDef, SchemaVersion } from '../schema/records.js';
import { type UnknownField, unknownFieldsOf } from '../unknown.js';
import { MsgReader } from '../wire/msgpack-reader.js';
import type { RecordFrame } from '../wire/frame.js';
import { EntryColumns } from './columns.js';
import { type ListReading, structDecoder } from './compile.js';
import { RecordOrder } from './record-order.js';
import { type SectionInfo, ascendingKeyOf, recordName } from './sections.js';
import { type DroppedItem, UnknownTally } from './unknown-tally.js';

export { type SectionInfo, ascendingKeyOf, maxEntriesOf, recordName, sectionsByType } from './sections.js';
export type { DroppedItem } from './unknown-tally.js';

export type RecordEvent =
  | { readonly kind: 'host'; readonly frame: RecordFrame; readonly value: Record<string, unknown> }
  | {
      readonly kind: 'section';
      readonly frame: RecordFrame;
      readonly domid: number;
      readonly info: SectionInfo;
      /** The body struct; for `list` sections, the record's entries (as columns when the sequencer was asked to). */
      readonly value: Record<string, unknown> | unknown[] | EntryColumns;
      /** For `list` sections: which record of the section this is, and unknown wrapper fields. */
      readonly chunk: number;
      readonly chunkUnknown?: readonly UnknownField[];
    }
  | { readonly kind: 'unknown'; readonly frame: RecordFrame; readonly domid: number | undefined; readonly body: Uint8Array; readonly after: number }
  | { readonly kind: 'end'; readonly frame: RecordFrame; readonly nrRecords: number };

const NONE: ReadonlySet<string> = new Set();

export class RecordSequencer {
  readonly schema: SchemaVersion;
  private readonly order: RecordOrder;
  private readonly tally: UnknownTally;
  private readonly reader = new MsgReader(new Uint8Array(0));
  private currentFrame: RecordFrame | undefined;
  private index = 0;
  /** The stream is newer than `schema` (rollback): bodies are read by the rollback rules. */
  private readonly rollback: boolean;

  /** List sections whose flat entries are decoded as EntryColumns (for the checks, or the diff), by section key. */
  private readonly columnar: ReadonlySet<string>;
  /** How those sections are read (ListReading). */
  private readonly reading: Exclude<ListReading, 'objects'>;

  constructor(
    schema: SchemaVersion,
    limits: Limits,
    header?: { readonly xenMajor: number; readonly xenMinor: number; readonly schemaVersion?: number },
    columnar: ReadonlySet<string> = NONE,
    reading: Exclude<ListReading, 'objects'> = 'columns',
  ) {
    this.schema = schema;
    this.columnar = columnar;
    this.reading = reading;
    this.order = new RecordOrder(schema, limits, header);
    this.tally = new UnknownTally(schema, limits);
    this.rollback = header?.schemaVersion !== undefined && header.schemaVersion > schema.version;
    this.reader.maxDepth = limits.maxDepth;
    this.reader.onUnknownField = this.onUnknownField;
  }

  get recordsSeen(): number {
    return this.index;
  }

  droppedItems(): DroppedItem[] {
    return this.tally.droppedItems();
  }

  private where(frame: RecordFrame, type: number): Location {
    const domid = this.order.domid;
    return {
      offset: frame.offset,
      record: frame.index,
      recordType: recordName(this.schema, type),
      ...(domid !== undefined ? { domid } : {}),
    };
  }

  private decodeBody(def: RecordDef, frame: RecordFrame, bytes: Uint8Array, bodyAt: number, base: number, reading: ListReading = 'objects'): Record<string, unknown> {
    const r = this.reader;
    r.reset(bytes, bodyAt, bodyAt + frame.bodyLength, base);
    this.currentFrame = frame;
    const v = structDecoder(def.body.desc, this.rollback, reading)(r);
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
    this.tally.record(frame, base + bodyAt);
    r.skipValue(1, false);
    if (r.pos !== r.end) r.fail(`${r.end - r.pos} bytes after the body's value`);
    return bytes.slice(bodyAt, bodyAt + frame.bodyLength);
  }

  private readonly onUnknownField = (struct: string, firstNo: number, count: number): void => {
    this.tally.fields(this.currentFrame!, struct, firstNo, count, this.reader.base + this.reader.pos);
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
    const placed = this.order.place(type, at);
    if (placed.kind === 'host') {
      const value = this.decodeBody(this.schema.host, frame, bytes, bodyAt, base);
      const p = value['producer'] as { major: number; minor: number };
      this.order.producer(p.major, p.minor);
      return { kind: 'host', frame, value };
    }
    if (placed.kind === 'end') {
      const v = this.decodeBody(this.schema.end, frame, bytes, bodyAt, base);
      this.order.end(v['nr_records'] as number, this.index, at);
      return { kind: 'end', frame, nrRecords: v['nr_records'] as number };
    }
    if (placed.kind === 'unknown') {
      const body = this.checkUnknownBody(frame, bytes, bodyAt, base);
      this.tally.recordTaken(frame);
      return { kind: 'unknown', frame, domid: this.order.domid, body, after: this.order.unknownAfter };
    }
    const info = placed.info;
    const body = this.decodeBody(info.section.record, frame, bytes, bodyAt, base, info.section.kind === 'list' && this.columnar.has(info.key) ? this.reading : 'objects');
    if (info.rank === 0) {
      const domid = body['domid'] as number;
      this.order.domain(domid, at);
      return { kind: 'section', frame, domid, info, value: body, chunk: 0 };
    }
    const domid = this.order.domid!;
    const section = info.section;
    if (section.kind === 'single' || section.kind === 'optional') return { kind: 'section', frame, domid, info, value: body, chunk: 0 };
    if (section.kind === 'each') {
      const key = section.ascending;
      this.order.each(info, key === undefined ? undefined : (body[key] as number | bigint), base + bodyAt, at);
      return { kind: 'section', frame, domid, info, value: body, chunk: 0 };
    }
    // A list section: entries chunked over records, each full but the last.
    const list = body['entries'] as Record<string, number | bigint>[] | EntryColumns;
    const key = ascendingKeyOf(section);
    const keyAt = (j: number) => (list instanceof EntryColumns ? list.column(key!)[j]! : list[j]![key!]!);
    this.order.list(info, list.length, key === undefined ? undefined : keyAt(0), key === undefined ? undefined : keyAt(list.length - 1), () => this.firstEntryOffset(bytes, bodyAt, base), at);
    const unknown = unknownFieldsOf(body);
    return { kind: 'section', frame, domid, info, value: list, chunk: this.order.chunkOf(info), ...(unknown ? { chunkUnknown: unknown } : {}) };
  }

  /** Stream offset of the first entry of a list record's body: past the struct's and the list's array headers. */
  private firstEntryOffset(bytes: Uint8Array, bodyAt: number, base: number): number {
    const r = new MsgReader(bytes, bodyAt, bytes.length, base);
    r.arrayHeader();
    r.arrayHeader();
    return base + r.pos;
  }
}
