/**
 * Validating one dump: structural (framing, order, schema) by decoding it, then semantic (the
 * cross-record rules). With a reader version, the question is the rollback one: would a Xen that
 * reads that schema accept this stream, and what would it drop? Runs in a worker or inline.
 */
import { stat } from 'node:fs/promises';
import { describeDropped, producerOf, walkDump } from '../dump.js';
import { defaultMaxDumpBytes, readInput, sizeOf } from '../io.js';
import {
  type DroppedItem, type Finding, FormatError, type Limits, type Location, type MigrationNote, type Version, checkStructure, decodeStreamHeader,
  DomainByDomainValidator, type State, domainsOf, readFileBytes, readStream, validateDump,
} from '../lib.js';
import { ownVersion } from '../options.js';

export interface ValidateRequest {
  readonly file: string;
  /** The bytes, when the caller read them (stdin); else the file is read here. */
  readonly bytes?: Uint8Array;
  /** For a device or FIFO named as a file: the most bytes held (--max-input-bytes). */
  readonly maxInputBytes?: number;
  /** Read stdin as a stream (streamed checks only, on the main thread). */
  readonly stdin?: boolean;
  readonly readerVersion?: Version;
  readonly maxPerRule?: number;
  readonly limits?: Partial<Limits>;
  /**
   * Read with the streaming reader instead of decoding the whole state: framing, checksums, order
   * and schema, and with `semantics` every rule, one domain held at a time; without, `why` the
   * semantic rules did not run, for the report.
   */
  readonly streamed?: { readonly semantics: true } | { readonly semantics: false; readonly why: string };
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
  /**
   * Set when the dump was streamed rather than decoded whole: `structure` (no semantic rules, with
   * `semanticsSkipped` saying why) or `by-domain` (every rule, one domain held at a time).
   */
  readonly streamed?: 'structure' | 'by-domain';
  readonly semanticsSkipped?: string;
}

/** Decode failures a reader of an older version must give (the rollback refusals). */
const REFUSALS = new Set(['unknown-mandatory-record', 'bad-value']);

export async function validateFile(req: ValidateRequest): Promise<FileReport> {
  if (req.streamed !== undefined) return checkStreamed(req, req.streamed.semantics ? undefined : req.streamed.why);
  let bytes: Uint8Array;
  try {
    // A device or FIFO named as a file is read like stdin: bounded, its header checked first.
    bytes =
      req.bytes ??
      (sizeOf(req.file) === undefined
        ? await readInput(req.file, { maxBytes: req.maxInputBytes ?? defaultMaxDumpBytes(), flag: '--max-input-bytes', walk: walkDump(req.readerVersion, req.limits ?? {}) })
        : await readFileBytes(req.file));
  } catch (e) {
    return unreadable(req.file, e);
  }
  let streamVersion: number | undefined;
  try {
    streamVersion = decodeStreamHeader(bytes).schemaVersion;
    const readVersion = req.readerVersion ?? ownVersion(streamVersion);
    const r = validateDump(bytes, { readerVersion: readVersion, limits: req.limits ?? {}, ...(req.maxPerRule === undefined ? {} : { maxPerRule: req.maxPerRule }) });
    const findings = r.findings;
    return {
      file: req.file,
      status: findings.some((f) => f.severity === 'error') ? 'invalid' : 'valid',
      size: bytes.length,
      streamVersion,
      readVersion,
      producer: producerOf(r.host),
      domains: r.domains,
      records: r.records,
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

/**
 * The structure-only check of an input that can be read twice, by checkStructure (no objects built
 * per value). It decides valid or not; a refused input (and a stream newer than the reader, which
 * it leaves to the rollback rules) is read again below by the streaming reader, so the error a
 * report shows is the reader's own: code, offset, record and path identical by construction.
 * Undefined when the reader must have its say.
 */
async function checkStructureFast(req: ValidateRequest, why: string): Promise<FileReport | undefined> {
  let v;
  try {
    v = await checkStructure(req.bytes ?? req.file, { ...(req.readerVersion !== undefined ? { readerVersion: req.readerVersion } : {}), limits: req.limits ?? {} });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).syscall !== undefined) return unreadable(req.file, e); // a read failed
    throw e;
  }
  if (v.verdict !== 'valid') return undefined;
  const streamVersion = v.header.schemaVersion;
  return {
    file: req.file,
    status: 'valid',
    size: v.bytes,
    streamVersion,
    readVersion: req.readerVersion ?? ownVersion(streamVersion),
    producer: producerOf(v.host),
    domains: v.domains,
    records: v.records,
    findings: [],
    dropped: v.dropped.map((d) => ({ ...d, text: describeDropped(d, streamVersion) })),
    notes: [],
    streamed: 'structure',
    semanticsSkipped: why,
  };
}

/**
 * The streamed check: structure, and every semantic rule, one domain held at a time; without the
 * rules when `skipped` says why they do not run.
 */
async function checkStreamed(req: ValidateRequest, skipped: string | undefined): Promise<FileReport> {
  const semantics = skipped === undefined;
  let size: number | undefined;
  /** The input can be read twice: bytes in memory or a regular file (not stdin, a FIFO or a device). */
  let rereadable = req.bytes !== undefined;
  try {
    if (req.bytes) size = req.bytes.length;
    else if (!req.stdin) {
      const st = await stat(req.file);
      size = st.size;
      rereadable = st.isFile();
    }
  } catch (e) {
    return unreadable(req.file, e);
  }
  if (skipped !== undefined && rereadable) {
    const fast = await checkStructureFast(req, skipped);
    if (fast !== undefined) return fast;
  }
  const source = req.bytes ? (async function* one(b: Uint8Array) { yield b; })(req.bytes) : req.stdin ? process.stdin : req.file;
  const reader = readStream(source, { ...(req.readerVersion !== undefined ? { readerVersion: req.readerVersion } : {}), limits: req.limits ?? {}, forChecks: semantics });
  let domains = 0;
  let producer: string | undefined;
  let check: DomainByDomainValidator | undefined;
  try {
    if (semantics) {
      // One domain assembled at a time, for its rules.
      for await (const item of domainsOf(reader, { reuseColumns: true })) {
        if (item.kind === 'host') {
          producer = producerOf(item.value);
          check = new DomainByDomainValidator(item.value as State['host'], reader.schema!.version as Version, req.maxPerRule === undefined ? {} : { maxPerRule: req.maxPerRule });
        } else {
          check!.domain(item.value as unknown as State['domains'][number], domains++);
        }
      }
    } else {
      // One record at a time.
      for await (const ev of reader) {
        if (ev.kind === 'host') producer = producerOf(ev.value);
        if (ev.kind === 'section' && ev.info.rank === 0) domains++;
      }
    }
  } catch (e) {
    if (!(e instanceof FormatError)) {
      if ((e as NodeJS.ErrnoException).syscall !== undefined) return unreadable(req.file, e); // a read failed
      throw e;
    }
    return { ...faulty(req, e, size ?? reader.bytesRead, reader.header?.schemaVersion, skipped), streamed: semantics ? 'by-domain' : 'structure' };
  }
  const streamVersion = reader.header!.schemaVersion;
  const findings = check?.finish() ?? [];
  return {
    file: req.file,
    status: findings.some((f) => f.severity === 'error') ? 'invalid' : 'valid',
    size: size ?? reader.bytesRead,
    streamVersion,
    readVersion: req.readerVersion ?? ownVersion(streamVersion),
    ...(producer !== undefined ? { producer } : {}),
    domains,
    records: reader.recordsRead,
    findings,
    dropped: reader.dropped().map((d) => ({ ...d, text: describeDropped(d, streamVersion) })),
    notes: [],
    streamed: semantics ? 'by-domain' : 'structure',
    ...(skipped !== undefined ? { semanticsSkipped: skipped } : {}),
  };
}
