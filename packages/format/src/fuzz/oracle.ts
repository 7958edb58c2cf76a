/**
 * What "robust" means for one input, checked: the decoder (buffer and streaming) either returns a
 * state that fits the schema and re-encodes to the very same bytes, or throws a FormatError that
 * says where; never another exception, never slowly. A broken promise is a `FuzzFailure`.
 */
import * as format from '../index.js';
import { decode } from '../decode.js';
import { encode } from '../encode.js';
import { FormatError, type FormatErrorCode } from '../errors.js';
import type { Limits } from '../limits.js';
import { convert } from '../migrate/index.js';
import { SCHEMAS, type State, VERSIONS, type Version } from '../schema/index.js';
import { COLUMNAR_SECTIONS } from '../semantics/any-domain.js';
import { type StreamOptions, readStream } from '../stream.js';
import { checkStructure } from '../structure-check.js';
import { validateSemantics } from '../semantics/index.js';
import { validateDump } from '../validate-dump.js';
import type { Rng } from './rng.js';

export type Outcome = 'ok' | FormatErrorCode;

export type FailureKind =
  | 'exception' | 'unlocated' | 'slow' | 'invalid-state' | 'not-canonical' | 'stream-disagrees' | 'structure-check-disagrees' | 'semantic-check-threw'
  | 'columnar-disagrees';

export class FuzzFailure extends Error {
  override readonly name = 'FuzzFailure';
  constructor(
    readonly kind: FailureKind,
    message: string,
    readonly detail?: unknown,
  ) {
    super(`${kind}: ${message}`);
  }
}

export interface CheckOptions {
  readonly readerVersion?: Version;
  readonly limits?: Partial<Limits>;
  /** A decode slower than this is a failure (a hang in the making); default 5 s plus 4 ms per KB
   * (generous: machines are shared; what it catches is work out of proportion to the input). */
  readonly maxMillis?: number;
  /** Semantic validator to run on accepted states; it must return, not throw. */
  readonly validate?: (state: State, version: Version) => unknown;
}

export interface CheckResult {
  readonly outcome: Outcome;
  /**
   * For accepted streams read at their own version: whether they are the canonical encoding of
   * their state. Always true when set: FORMAT.md section 5 has a reader refuse every other
   * encoding (short structs, nil for a default), and anything else is a FuzzFailure.
   */
  readonly canonical?: boolean;
  readonly error?: FormatError;
  readonly millis: number;
}

function describe(e: unknown): string {
  return e instanceof Error ? `${e.name}: ${e.message}` : String(e);
}

/** Checks a thrown value: a FormatError located inside (or at the end of) the input. */
function checkError(e: unknown, size: number, where: string): FormatError {
  if (!(e instanceof FormatError)) throw new FuzzFailure('exception', `${where} threw ${describe(e)}`, e);
  const off = e.location.offset;
  if (off === undefined || !Number.isInteger(off) || off < 0 || off > size) {
    throw new FuzzFailure('unlocated', `${where} threw ${e.code} with offset ${String(off)} (input ${size} bytes): ${e.message}`, e);
  }
  return e;
}

function sameBytes(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return i;
  return a.length === b.length ? -1 : n;
}

/** The library's semantic validator, once it is exported; the oracle runs it on accepted states. */
export function semanticValidator(): CheckOptions['validate'] {
  const api: Record<string, unknown> = format;
  const v = api['validateSemantics'];
  return typeof v === 'function' ? (v as NonNullable<CheckOptions['validate']>) : undefined;
}

/** Decodes `bytes` and checks every promise the decoder makes. Throws FuzzFailure when one breaks. */
export function checkDecode(bytes: Uint8Array, options: CheckOptions = {}): CheckResult {
  const maxMillis = options.maxMillis ?? 5000 + bytes.length / 250;
  const t0 = performance.now();
  let result;
  try {
    result = decode(bytes, {
      ...(options.readerVersion !== undefined ? { readerVersion: options.readerVersion } : {}),
      ...(options.limits ? { limits: options.limits } : {}),
    });
  } catch (e) {
    const millis = performance.now() - t0;
    const error = checkError(e, bytes.length, 'decode');
    if (millis > maxMillis) throw new FuzzFailure('slow', `decode took ${millis.toFixed(0)} ms to refuse ${bytes.length} bytes`);
    return { outcome: error.code, error, millis };
  }
  const millis = performance.now() - t0;
  if (millis > maxMillis) throw new FuzzFailure('slow', `decode took ${millis.toFixed(0)} ms to accept ${bytes.length} bytes`);
  const { state, version, streamVersion } = result;
  const parsed = SCHEMAS[version].zod.safeParse(state);
  if (!parsed.success) throw new FuzzFailure('invalid-state', `accepted a state that does not fit schema v${version}: ${parsed.error.issues[0]?.message ?? ''} at ${parsed.error.issues[0]?.path.join('.') ?? ''}`);
  let canonical: boolean | undefined;
  if (streamVersion === version) {
    let again: Uint8Array;
    try {
      again = encode(state, version);
    } catch (e) {
      throw new FuzzFailure('not-canonical', `the accepted state does not encode: ${describe(e)}`, e);
    }
    const at = sameBytes(again, bytes);
    canonical = at < 0;
    // One state, one byte sequence: decode | encode gives every accepted stream back.
    if (!canonical) throw new FuzzFailure('not-canonical', `the accepted stream differs from its state's re-encoding at offset ${at}`);
  }
  for (const to of VERSIONS) {
    try {
      convert(state, version, to);
    } catch (e) {
      if (!(e instanceof FormatError)) throw new FuzzFailure('exception', `convert ${version} -> ${to} threw ${describe(e)}`, e);
    }
  }
  if (options.validate) {
    try {
      options.validate(state, version);
    } catch (e) {
      throw new FuzzFailure('semantic-check-threw', `semantic validation threw ${describe(e)}`, e);
    }
  }
  return { outcome: 'ok', millis, ...(canonical !== undefined ? { canonical } : {}) };
}

/** Feeds `bytes` in chunks of random sizes, as a pipe or a slow disk would. */
async function* chunked(bytes: Uint8Array, rng: Rng): AsyncGenerator<Uint8Array> {
  let at = 0;
  while (at < bytes.length) {
    const n = rng.chance(0.2) ? rng.range(1, 16) : rng.range(1, 1 << 14);
    yield bytes.slice(at, at + n);
    at += n;
  }
}

/** Runs the streaming reader over `bytes`; checks it throws only located FormatErrors. */
export async function checkStream(bytes: Uint8Array, rng: Rng, options: CheckOptions = {}): Promise<Outcome> {
  return (await streamVerdict(bytes, rng, options)).outcome;
}

async function streamVerdict(bytes: Uint8Array, rng: Rng, options: CheckOptions): Promise<{ outcome: Outcome; error?: FormatError }> {
  const reader = readStream(chunked(bytes, rng), {
    ...(options.readerVersion !== undefined ? { readerVersion: options.readerVersion } : {}),
    ...(options.limits ? { limits: options.limits } : {}),
  });
  try {
    for await (const ev of reader) void ev;
    return { outcome: 'ok' };
  } catch (e) {
    const error = checkError(e, bytes.length, 'readStream');
    return { outcome: error.code, error };
  }
}

/**
 * The structural checker (structure-check.ts) on `bytes` in chunks of random sizes: its verdict
 * must be the decoder's, `error` being the decoder's refusal. It names no fault (the CLI re-reads a
 * refused input with the reader for that), so the verdict is all there is to compare; a stream it
 * does not cover (rollback) is the reader's alone.
 */
async function checkStructureAgrees(bytes: Uint8Array, rng: Rng, options: CheckOptions, error: FormatError | undefined): Promise<void> {
  let v;
  try {
    v = await checkStructure(chunked(bytes, rng), {
      ...(options.readerVersion !== undefined ? { readerVersion: options.readerVersion } : {}),
      ...(options.limits ? { limits: options.limits } : {}),
    });
  } catch (e) {
    throw new FuzzFailure('exception', `checkStructure threw ${describe(e)}`, e);
  }
  if (v.verdict === 'not-covered') return;
  if ((v.verdict === 'valid') !== (error === undefined)) {
    throw new FuzzFailure('structure-check-disagrees', `decode says ${error ? `${error.code} at offset ${String(error.location.offset)}` : 'ok'}, checkStructure says ${v.verdict}`);
  }
}

/**
 * Both readers on one input: they share one framing loop and one order of checks (FORMAT.md 3),
 * so they must agree on the verdict and, for a refusal, on the first fault: its code, offset and
 * record index. Unknown optional bodies, limits and order rules included. The structural checker
 * must agree on the verdict.
 */
export async function checkBoth(bytes: Uint8Array, rng: Rng, options: CheckOptions = {}): Promise<CheckResult> {
  const r = checkDecode(bytes, options);
  const s = await streamVerdict(bytes, rng, options);
  const where = (e: FormatError | undefined) => (e ? `${e.code} at offset ${String(e.location.offset)}, record ${String(e.location.record)}` : 'ok');
  if (where(r.error) !== where(s.error)) {
    throw new FuzzFailure('stream-disagrees', `decode says ${where(r.error)}, readStream says ${where(s.error)}`);
  }
  await checkStructureAgrees(bytes, rng, options, r.error);
  await checkColumnarAgrees(bytes, rng, options, r.error);
  return r;
}

/**
 * The validation readers, which decode PAGES and P2M into columns (codec/columns.ts) and check a
 * domain at a time: `validateDump` must refuse what `decode` refuses with the same code, offset,
 * record and field path, and find on what it accepts exactly what `validateSemantics` finds on
 * the decoded state; the streaming reader asked `forChecks` must refuse at the same place.
 */
async function checkColumnarAgrees(bytes: Uint8Array, rng: Rng, options: CheckOptions, error: FormatError | undefined): Promise<void> {
  const opts = {
    ...(options.readerVersion !== undefined ? { readerVersion: options.readerVersion } : {}),
    ...(options.limits ? { limits: options.limits } : {}),
  };
  const where = (e: FormatError | undefined) => (e ? `${e.code} at offset ${String(e.location.offset)}, record ${String(e.location.record)}, path ${String(e.location.path)}` : 'ok');
  let checked;
  let refusal: FormatError | undefined;
  try {
    checked = validateDump(bytes, opts);
  } catch (e) {
    refusal = checkError(e, bytes.length, 'validateDump');
  }
  if (where(refusal) !== where(error)) throw new FuzzFailure('columnar-disagrees', `decode says ${where(error)}, validateDump says ${where(refusal)}`);
  if (checked) {
    const state = decode(bytes, opts);
    const want = JSON.stringify(validateSemantics(state.state, state.version));
    const got = JSON.stringify(checked.findings);
    if (got !== want) throw new FuzzFailure('columnar-disagrees', `validateDump finds ${got.slice(0, 300)}, validateSemantics finds ${want.slice(0, 300)}`);
  }
  // The checks' reading, and the diff's (columns when a record's entries are plain, objects otherwise).
  const readings: [string, StreamOptions][] = [['for checks', { forChecks: true }], ['plain columns', { plainColumns: COLUMNAR_SECTIONS }]];
  for (const [name, reading] of readings) {
    const reader = readStream(chunked(bytes, rng), { ...opts, ...reading });
    let streamed: FormatError | undefined;
    try {
      for await (const ev of reader) void ev;
    } catch (e) {
      streamed = checkError(e, bytes.length, `readStream (${name})`);
    }
    const short = (e: FormatError | undefined) => (e ? `${e.code} at offset ${String(e.location.offset)}, record ${String(e.location.record)}` : 'ok');
    if (short(streamed) !== short(error)) throw new FuzzFailure('columnar-disagrees', `decode says ${short(error)}, readStream (${name}) says ${short(streamed)}`);
  }
}
