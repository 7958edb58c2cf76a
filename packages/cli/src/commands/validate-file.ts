/**
 * Validating one dump: structural (framing, order, schema) by decoding it, then semantic (the
 * cross-record rules). With a reader version, the question is the rollback one: would a Xen that
 * reads that schema accept this stream, and what would it drop? Runs in a worker or inline.
 */
import { readFile, stat } from 'node:fs/promises';
import { describeDropped, producerOf } from '../dump.js';
import {
  type DroppedItem, type Finding, FormatError, type Limits, type Location, type MigrationNote, type Version, decode, decodeStreamHeader,
  readStream, validateSemantics,
} from '../lib.js';
import { ownVersion } from '../options.js';

export interface ValidateRequest {
  readonly file: string;
  /** The bytes, when the caller read them (stdin); else the file is read here. */
  readonly bytes?: Uint8Array;
  readonly readerVersion?: Version;
  readonly maxPerRule?: number;
  readonly limits?: Partial<Limits>;
  /**
   * Check framing, checksums, order and schema with the streaming reader, in bounded memory, and
   * not the semantic rules (they need the whole state): the reason why, for the report.
   */
  readonly structureOnly?: string;
}

export interface FileReport {
  readonly file: string;
  /**
   * valid: no error finding; invalid: the dump breaks a rule or cannot be decoded; refused: a
   * reader of the asked version must refuse it; unreadable: the file could not be read.
   */
  readonly status: 'valid' | 'invalid' | 'refused' | 'unreadable';
  readonly size?: number;
  readonly streamVersion?: number;
  readonly readVersion?: number;
  readonly producer?: string;
  readonly domains?: number;
  readonly records?: number;
  /** Why the dump could not be decoded, or the file read. */
  readonly error?: { readonly code: string; readonly message: string; readonly location?: Location; readonly line: string };
  readonly findings: readonly Finding[];
  /** What the reader did not understand, named. */
  readonly dropped: readonly (DroppedItem & { readonly text: string })[];
  /** What the upgrade (or nothing else) changed on the way to the reader's version. */
  readonly notes: readonly MigrationNote[];
  /** Set when the semantic rules were not run, saying why; the verdict is then the structure's. */
  readonly semanticsSkipped?: string;
}

/** Decode failures a reader of an older version must give (the rollback refusals). */
const REFUSALS = new Set(['unknown-mandatory-record', 'bad-value']);

export async function validateFile(req: ValidateRequest): Promise<FileReport> {
  if (req.structureOnly !== undefined) return checkStructure(req, req.structureOnly);
  let bytes: Uint8Array;
  try {
    bytes = req.bytes ?? new Uint8Array(await readFile(req.file));
  } catch (e) {
    return unreadable(req.file, e);
  }
  let streamVersion: number | undefined;
  try {
    streamVersion = decodeStreamHeader(bytes).schemaVersion;
    const readVersion = req.readerVersion ?? ownVersion(streamVersion);
    const r = decode(bytes, { readerVersion: readVersion, limits: req.limits ?? {} });
    const findings = validateSemantics(r.state, r.version, req.maxPerRule === undefined ? {} : { maxPerRule: req.maxPerRule });
    return {
      file: req.file,
      status: findings.some((f) => f.severity === 'error') ? 'invalid' : 'valid',
      size: bytes.length,
      streamVersion,
      readVersion,
      producer: producerOf(r.state.host),
      domains: r.state.domains.length,
      records: r.records.length,
      findings,
      dropped: r.dropped.map((d) => ({ ...d, text: describeDropped(d, streamVersion!) })),
      notes: r.notes,
    };
  } catch (e) {
    if (!(e instanceof FormatError)) throw e;
    return faulty(req, e, bytes.length, streamVersion);
  }
}

/** The report on a dump that could not be decoded: refused (the rollback rules) or invalid. */
function faulty(req: ValidateRequest, e: FormatError, size: number, streamVersion: number | undefined, semanticsSkipped?: string): FileReport {
  const rollback = req.readerVersion !== undefined && streamVersion !== undefined && streamVersion > req.readerVersion;
  return {
    file: req.file,
    status: rollback && REFUSALS.has(e.code) ? 'refused' : 'invalid',
    size,
    ...(streamVersion !== undefined ? { streamVersion } : {}),
    ...(req.readerVersion !== undefined ? { readVersion: req.readerVersion } : {}),
    error: { code: e.code, message: e.message, location: e.location, line: e.describe() },
    findings: [],
    dropped: [],
    notes: [],
    ...(semanticsSkipped !== undefined ? { semanticsSkipped } : {}),
  };
}

function unreadable(file: string, e: unknown): FileReport {
  const err = e as NodeJS.ErrnoException;
  const message = err.code === 'ENOENT' ? 'no such file or directory' : err.code === 'EISDIR' ? 'is a directory' : err.message;
  return { file, status: 'unreadable', error: { code: err.code ?? 'io', message, line: message }, findings: [], dropped: [], notes: [] };
}

/** The structural check alone, one record in memory at a time (the streaming reader). */
async function checkStructure(req: ValidateRequest, why: string): Promise<FileReport> {
  let size: number;
  try {
    size = req.bytes ? req.bytes.length : (await stat(req.file)).size;
  } catch (e) {
    return unreadable(req.file, e);
  }
  const source = req.bytes ? (async function* one(b: Uint8Array) { yield b; })(req.bytes) : req.file;
  const reader = readStream(source, { ...(req.readerVersion !== undefined ? { readerVersion: req.readerVersion } : {}), limits: req.limits ?? {} });
  let domains = 0;
  let records = 0;
  let producer: string | undefined;
  try {
    for await (const ev of reader) {
      records++;
      if (ev.kind === 'host') producer = producerOf(ev.value);
      if (ev.kind === 'section' && ev.info.rank === 0) domains++;
    }
  } catch (e) {
    if (!(e instanceof FormatError)) {
      if ((e as NodeJS.ErrnoException).syscall !== undefined) return unreadable(req.file, e); // a read failed
      throw e;
    }
    return faulty(req, e, size, reader.header?.schemaVersion, why);
  }
  const streamVersion = reader.header!.schemaVersion;
  return {
    file: req.file,
    status: 'valid',
    size,
    streamVersion,
    readVersion: req.readerVersion ?? ownVersion(streamVersion),
    ...(producer !== undefined ? { producer } : {}),
    domains,
    records,
    findings: [],
    dropped: reader.dropped().map((d) => ({ ...d, text: describeDropped(d, streamVersion) })),
    notes: [],
    semanticsSkipped: why,
  };
}
