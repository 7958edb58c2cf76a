/**
 * What a reader did not understand, tallied: unknown trailing fields and unknown optional records
 * are counted against the maxUnknownFields limit of FORMAT.md 7.1 and named for the report. The
 * record sequencer and the structural checker share it, so both refuse at the same count and
 * report the same dropped items.
 */
import { LimitError } from '../errors.js';
import type { Limits } from '../limits.js';
import type { SchemaVersion } from '../schema/records.js';
import type { RecordFrame } from '../wire/frame.js';
import { recordName } from './sections.js';

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

export class UnknownTally {
  private readonly schema: SchemaVersion;
  private readonly limits: Limits;
  private readonly dropped = new Map<string, { item: Omit<DroppedItem, 'count'>; count: number }>();
  private unknownItems = 0;

  constructor(schema: SchemaVersion, limits: Limits) {
    this.schema = schema;
    this.limits = limits;
  }

  droppedItems(): DroppedItem[] {
    return [...this.dropped.values()].map(({ item, count }) => ({ ...item, count }));
  }

  private note(key: string, item: Omit<DroppedItem, 'count'>): void {
    const d = this.dropped.get(key);
    if (d) d.count++;
    else this.dropped.set(key, { item, count: 1 });
  }

  /**
   * Counts unknown items about to be kept (unknown fields, unknown optional records) against the
   * limit; `offset` is where the first of them starts, in the record `frame`.
   */
  private count(frame: RecordFrame, count: number, offset: number): void {
    this.unknownItems += count;
    const readSoFar = frame.offset + frame.bodyLength;
    if (this.unknownItems > this.limits.maxUnknownFields && this.unknownItems * 4 > readSoFar) {
      throw new LimitError('limit', `${this.unknownItems} unknown fields and records to keep by the end of this record, more than ${this.limits.maxUnknownFields} and more than one per 4 bytes of input (limit maxUnknownFields)`, { offset });
    }
  }

  /** Unknown trailing fields firstNo.. of `struct` in the body of `frame`, the first at `offset`. */
  fields(frame: RecordFrame, struct: string, firstNo: number, count: number, offset: number): void {
    this.count(frame, count, offset);
    const fields = count === 1 ? `${firstNo}` : `${firstNo}-${firstNo + count - 1}`;
    this.note(`f:${struct}:${fields}`, { kind: 'field', record: recordName(this.schema, frame.type), struct, fields, firstRecord: frame.index });
  }

  /** The whole body of an unknown optional record, kept as one item whatever it holds; it starts at `offset`. */
  record(frame: RecordFrame, offset: number): void {
    this.count(frame, 1, offset);
  }

  /** An unknown optional record, once its body was found well-formed. */
  recordTaken(frame: RecordFrame): void {
    this.note(`r:${frame.type}`, { kind: 'record', record: recordName(this.schema, frame.type), firstRecord: frame.index });
  }
}
