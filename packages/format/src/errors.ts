/**
 * The FormatError family: every failure on input bytes, JSON or a state is one of these, with
 * where it happened. No other exception escapes the public API for any input.
 */

export interface Location {
  /** Byte offset in the stream of the first byte at fault. */
  readonly offset?: number;
  /** Index of the record (0 = HOST), when the fault is in or about a record. */
  readonly record?: number;
  /** Name of the record type (or `type 0x...` when unknown). */
  readonly recordType?: string;
  /** Domain the record belongs to, when known. */
  readonly domid?: number;
  /** Field path inside the record body or the state, e.g. `entries[3].gfn`. */
  readonly path?: string;
}

export type FormatErrorCode =
  | 'truncated'
  | 'bad-ident'
  | 'bad-version'
  | 'bad-checksum'
  | 'reserved-nonzero'
  | 'bad-padding'
  | 'bad-length'
  | 'unknown-mandatory-record'
  | 'bad-order'
  | 'missing-end'
  | 'trailing-data'
  | 'bad-body'
  | 'bad-value'
  | 'limit'
  | 'downgrade-blocked'
  | 'bad-state'
  | 'bad-json';

export class FormatError extends Error {
  override readonly name: string = 'FormatError';
  readonly code: FormatErrorCode;
  readonly location: Location;

  constructor(code: FormatErrorCode, message: string, location: Location = {}) {
    super(message);
    this.code = code;
    this.location = location;
  }

  get offset(): number | undefined {
    return this.location.offset;
  }
  get path(): string | undefined {
    return this.location.path;
  }

  /** One line: where, then what. */
  describe(): string {
    return `${formatLocation(this.location)}${this.message}`;
  }
}

/** Framing: header, record headers, checksums, padding, order, END. */
export class FramingError extends FormatError {
  override readonly name = 'FramingError';
}
/** A record body or a field value that does not fit the schema. */
export class BodyError extends FormatError {
  override readonly name = 'BodyError';
}
/** A record type a reader of this version must refuse. */
export class UnknownRecordError extends FormatError {
  override readonly name = 'UnknownRecordError';
  /** Every unknown mandatory record type found, with how many times. */
  readonly types: readonly { readonly type: number; readonly count: number; readonly name?: string }[];
  constructor(message: string, location: Location, types: UnknownRecordError['types']) {
    super('unknown-mandatory-record', message, location);
    this.types = types;
  }
}
/** A configured resource limit was hit. */
export class LimitError extends FormatError {
  override readonly name = 'LimitError';
}
/** One thing a state uses that an older version cannot express. */
export interface Blocker {
  /** The feature, as `convert --drop` names it (DROPPABLE_FEATURES, or `p2m_too_large`). */
  readonly feature: string;
  readonly domid?: number;
  readonly path: string;
  readonly message: string;
}

/**
 * A downgrade that cannot be expressed in the older version. Carries every blocker found, so that
 * a user learns them all at once; `feature` and the location are those of the first.
 */
export class DowngradeError extends FormatError {
  override readonly name = 'DowngradeError';
  readonly feature: string;
  readonly blockers: readonly Blocker[];
  constructor(blockers: readonly [Blocker, ...Blocker[]]) {
    const first = blockers[0];
    const message = blockers.length === 1 ? first.message : `${blockers.length} blockers: ${blockers.map((b) => `${b.message} [${b.feature}]`).join('; ')}`;
    super('downgrade-blocked', message, first.domid === undefined ? { path: first.path } : { domid: first.domid, path: first.path });
    this.feature = first.feature;
    this.blockers = blockers;
  }
}
/** A state (or its JSON form) that does not fit the schema, found before encoding. */
export class StateError extends FormatError {
  override readonly name = 'StateError';
}

export function formatLocation(l: Location): string {
  const parts: string[] = [];
  if (l.offset !== undefined) parts.push(`offset ${l.offset} (0x${l.offset.toString(16)})`);
  if (l.record !== undefined) parts.push(`record ${l.record}${l.recordType ? ` ${l.recordType}` : ''}`);
  else if (l.recordType) parts.push(l.recordType);
  if (l.domid !== undefined) parts.push(`domain ${l.domid}`);
  if (l.path) parts.push(l.path);
  return parts.length ? `${parts.join(', ')}: ` : '';
}

/** Adds outer location facts an inner error did not know. */
export function withLocation(e: unknown, outer: Location): unknown {
  if (!(e instanceof FormatError)) return e;
  const merged: Location = { ...outer, ...e.location };
  (e as { location: Location }).location = merged;
  return e;
}
