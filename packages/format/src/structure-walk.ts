/**
 * The structural pass over whole records held in a buffer, building no objects per value: framing
 * (header, length limit, checksum chain, reserved, padding) as the record loop checks it, the
 * record order and limits by the same RecordOrder and UnknownTally the record sequencer runs, and
 * each body by a checker compiled from the schema (codec/check.ts). The few records whose values
 * the order needs (HOST, DOMAIN, END, `each` records with a key) are decoded, one per record.
 *
 * It decides only whether the stream is valid: any fault throws a FormatError whose location is not
 * meaningful; the caller re-reads the input with the reader for the diagnostic.
 */
import { CheckContext, structChecker } from './codec/check.js';
import { structDecoder } from './codec/compile.js';
import { RecordOrder } from './codec/record-order.js';
import { type SectionInfo, ascendingKeyOf } from './codec/sections.js';
import { type DroppedItem, UnknownTally } from './codec/unknown-tally.js';
import { FramingError, type Location } from './errors.js';
import type { Limits } from './limits.js';
import type { RecordDef, SchemaVersion } from './schema/records.js';
import { RECORD_HEADER_SIZE, type RecordFrame, checkRecord, recordExtent } from './wire/frame.js';
import type { StreamHeader } from './wire/header.js';
import { MsgReader } from './wire/msgpack-reader.js';

/** Locations are the reader's to give: the walk's faults only say "not valid". */
const NOWHERE: Location = {};

/** A u64 key from its halves: a number while exact, else a bigint (rare: keys above 2^53). */
function keyOf(hi: number, lo: number): number | bigint {
  return hi < 0x200000 ? hi * 0x100000000 + lo : (BigInt(hi) << 32n) | BigInt(lo);
}

export class StructureWalk {
  readonly schema: SchemaVersion;
  private readonly limits: Limits;
  private readonly order: RecordOrder;
  private readonly tally: UnknownTally;
  private readonly cx = new CheckContext();
  private readonly reader = new MsgReader(new Uint8Array(0));
  private frame: RecordFrame | undefined;
  private crc: number;
  private index = 0;
  private ended = false;
  /** The HOST record's body, once read. */
  host: Record<string, unknown> | undefined;
  /** Bytes the next record needs from where `records` stopped (its header, then all of it). */
  need = RECORD_HEADER_SIZE;

  /** Whether this walk checks the checksum chain (else another thread does). */
  private readonly checksums: boolean;

  constructor(schema: SchemaVersion, limits: Limits, header: StreamHeader, checksums = true) {
    this.checksums = checksums;
    this.schema = schema;
    this.limits = limits;
    this.crc = header.crc;
    this.order = new RecordOrder(schema, limits, header);
    this.tally = new UnknownTally(schema, limits);
    this.cx.maxDepth = limits.maxDepth;
    this.cx.onUnknown = (struct, firstNo, count, offset) => this.tally.fields(this.frame!, struct, firstNo, count, offset);
    this.reader.maxDepth = limits.maxDepth;
    this.reader.onUnknownField = (struct, firstNo, count) => this.tally.fields(this.frame!, struct, firstNo, count, this.reader.base + this.reader.pos);
  }

  /** True once END has been taken. */
  get done(): boolean {
    return this.ended;
  }

  /** Records taken (END included). */
  get recordCount(): number {
    return this.index;
  }

  get domains(): number {
    return this.order.domainCount;
  }

  dropped(): DroppedItem[] {
    return this.tally.droppedItems();
  }

  /**
   * Takes the whole records in bytes[at, end) (bytes[at] is stream offset base + at) and returns
   * where it stopped: at END, or where a record is not all there (`need` then says how many bytes
   * it wants from there). `inputEnds` says nothing follows `end`. Throws at a fault.
   */
  records(bytes: Uint8Array, at: number, end: number, base: number, inputEnds: boolean): number {
    while (!this.ended) {
      const available = end - at;
      if (available < RECORD_HEADER_SIZE && !inputEnds) {
        this.need = RECORD_HEADER_SIZE;
        return at;
      }
      const size = recordExtent(bytes, at, base, this.index, this.limits.maxRecordBytes, inputEnds ? available : Number.MAX_SAFE_INTEGER);
      if (size > available) {
        this.need = size;
        return at;
      }
      const frame = checkRecord(bytes, at, base, this.index, this.checksums ? this.crc : undefined);
      this.body(frame, bytes, at + RECORD_HEADER_SIZE, base);
      this.crc = frame.crc;
      this.index++;
      at += size;
    }
    this.need = 0;
    return at;
  }

  /** After END: any byte more is trailing data. */
  refuseTrailing(extra: number): void {
    if (extra > 0) throw new FramingError('trailing-data', 'bytes after the END record', NOWHERE);
  }

  private decode(def: RecordDef, frame: RecordFrame, bytes: Uint8Array, bodyAt: number, base: number): Record<string, unknown> {
    const r = this.reader;
    r.reset(bytes, bodyAt, bodyAt + frame.bodyLength, base);
    const v = structDecoder(def.body.desc)(r);
    if (r.pos !== r.end) r.fail('bytes after the body\u2019s value');
    return v;
  }

  private check(def: RecordDef, bytes: Uint8Array, bodyAt: number, bodyEnd: number, report = false): void {
    if (structChecker(def.body.desc, report)(bytes, bodyAt, bodyEnd, this.cx) !== bodyEnd) this.fault();
  }

  private fault(): never {
    throw new FramingError('bad-body', 'not a valid body', NOWHERE);
  }

  private body(frame: RecordFrame, bytes: Uint8Array, bodyAt: number, base: number): void {
    this.frame = frame;
    this.cx.base = base;
    const bodyEnd = bodyAt + frame.bodyLength;
    const placed = this.order.place(frame.type, NOWHERE);
    switch (placed.kind) {
      case 'host': {
        const host = this.decode(this.schema.host, frame, bytes, bodyAt, base);
        const p = host['producer'] as { major: number; minor: number };
        this.order.producer(p.major, p.minor);
        this.host = host;
        return;
      }
      case 'end': {
        const v = this.decode(this.schema.end, frame, bytes, bodyAt, base);
        this.order.end(v['nr_records'] as number, this.index, NOWHERE);
        this.ended = true;
        return;
      }
      case 'unknown':
        this.tally.record(frame, base + bodyAt);
        if (this.cx.skip(bytes, bodyAt, bodyEnd, 1) !== bodyEnd) this.fault();
        this.tally.recordTaken(frame);
        return;
      case 'section':
        this.section(placed.info, frame, bytes, bodyAt, base);
    }
  }

  private section(info: SectionInfo, frame: RecordFrame, bytes: Uint8Array, bodyAt: number, base: number): void {
    const section = info.section;
    if (info.rank === 0) {
      this.order.domain(this.decode(section.record, frame, bytes, bodyAt, base)['domid'] as number, NOWHERE);
    } else if (section.kind === 'each') {
      const key = section.ascending;
      if (key === undefined) this.check(section.record, bytes, bodyAt, bodyAt + frame.bodyLength);
      const value = key === undefined ? undefined : (this.decode(section.record, frame, bytes, bodyAt, base)[key] as number | bigint);
      this.order.each(info, value, 0, NOWHERE);
    } else {
      this.check(section.record, bytes, bodyAt, bodyAt + frame.bodyLength, section.kind === 'list');
      if (section.kind === 'list') {
        const cx = this.cx;
        const ordered = ascendingKeyOf(section) !== undefined;
        const k = cx.keys;
        this.order.list(info, cx.items, ordered ? keyOf(k[0]!, k[1]!) : undefined, ordered ? keyOf(k[2]!, k[3]!) : undefined, () => 0, NOWHERE);
      }
    }
  }
}
