/**
 * Inputs and outputs: `-` is stdin or stdout; output files are written atomically (a temporary
 * file in the same directory, fsync, rename), so a reader never sees half a dump and a failed run
 * leaves the old file as it was; an input file is never overwritten unless --force.
 */
import { once } from 'node:events';
import { closeSync, fsyncSync, openSync, readFileSync, renameSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { randomBytes } from 'node:crypto';
import { CliError, EXIT, InputError, UsageError } from './errors.js';
import { StateError } from './lib.js';
import { decodeUtf8 } from './utf8.js';

export const STDIO = '-';

async function readAll(stream: AsyncIterable<Uint8Array | string>): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(typeof c === 'string' ? Buffer.from(c) : Buffer.from(c.buffer, c.byteOffset, c.byteLength));
  return new Uint8Array(Buffer.concat(chunks));
}

/** The whole of a file, or of stdin for `-`. */
export async function readInput(path: string): Promise<Uint8Array> {
  if (path === STDIO) return readAll(process.stdin);
  const b = await readFile(path);
  return new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
}

/** V8's longest string, in UTF-16 units: a JSON text past it cannot be parsed in one piece. */
const MAX_STRING = (1 << 29) - 24;

/**
 * The text of a JSON input. Bytes that are not UTF-8 are refused at their offset (a FormatError
 * `bad-json`), never replaced by U+FFFD.
 */
export async function readTextInput(path: string): Promise<string> {
  const tooLong = (n: number) =>
    new CliError(`${path === STDIO ? 'stdin' : path}: ${n} bytes of JSON, more than one JavaScript string holds (${MAX_STRING}): the JSON form works for dumps up to about 80 MB`, EXIT.error);
  const size = sizeOf(path);
  if (size !== undefined && size > MAX_STRING) throw tooLong(size); // without reading it
  const bytes = await readInput(path);
  if (bytes.length > MAX_STRING) throw tooLong(bytes.length);
  const r = decodeUtf8(bytes);
  if ('badOffset' in r) throw new InputError(path === STDIO ? 'stdin' : path, new StateError('bad-json', 'not UTF-8: the JSON must be UTF-8 text', { offset: r.badOffset }));
  return r.text;
}

/** For the streaming reader: a path, or stdin as an async source of chunks. */
export function byteSourceOf(path: string): string | AsyncIterable<Uint8Array> {
  if (path !== STDIO) {
    // Fail now with a clean I/O error rather than inside the reader.
    statSync(path);
    return path;
  }
  return process.stdin;
}

/** Size of a file in bytes, or undefined (stdin, or not a regular file). */
export function sizeOf(path: string): number | undefined {
  if (path === STDIO) return undefined;
  try {
    const s = statSync(path);
    return s.isFile() ? s.size : undefined;
  } catch {
    return undefined;
  }
}

function sameFile(a: string, b: string): boolean {
  if (resolve(a) === resolve(b)) return true;
  try {
    const x = statSync(a);
    const y = statSync(b);
    return x.dev === y.dev && x.ino === y.ino;
  } catch {
    return false;
  }
}

/** Where output goes; write() as often as needed, then commit() (or abort() on failure). */
export interface OutputSink {
  write(data: string | Uint8Array): Promise<void>;
  commit(): Promise<void>;
  abort(): void;
}

class StdoutSink implements OutputSink {
  async write(data: string | Uint8Array): Promise<void> {
    if (!process.stdout.write(data)) await once(process.stdout, 'drain');
  }
  async commit(): Promise<void> {}
  abort(): void {}
}

/** A temporary file beside the target, renamed over it on commit. */
class AtomicFileSink implements OutputSink {
  private readonly tmp: string;
  private fd: number | undefined;

  constructor(private readonly target: string) {
    this.tmp = join(dirname(target), `.${basename(target)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
    this.fd = openSync(this.tmp, 'wx', 0o644);
  }

  async write(data: string | Uint8Array): Promise<void> {
    const buf = typeof data === 'string' ? Buffer.from(data) : data;
    let off = 0;
    while (off < buf.length) off += writeSync(this.fd!, buf, off, buf.length - off);
  }

  async commit(): Promise<void> {
    fsyncSync(this.fd!);
    closeSync(this.fd!);
    this.fd = undefined;
    renameSync(this.tmp, this.target);
    // The rename is durable once the directory is synced too.
    try {
      const d = openSync(dirname(this.target), 'r');
      try {
        fsyncSync(d);
      } finally {
        closeSync(d);
      }
    } catch {
      // Some file systems refuse to fsync a directory; the data itself is synced.
    }
  }

  abort(): void {
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
    try {
      unlinkSync(this.tmp);
    } catch {
      // already gone
    }
  }
}

export interface OutputOptions {
  /** Overwrite a file that is also an input. */
  readonly force?: boolean;
  /** The command's input files, which must not be overwritten without --force. */
  readonly inputs?: readonly string[];
  /** The output is a binary stream: refuse to send it to a terminal. */
  readonly binary?: boolean;
}

/** A sink for `-o target` (stdout when absent or `-`). */
export function openOutput(target: string | undefined, opts: OutputOptions = {}): OutputSink {
  if (target === undefined || target === STDIO) {
    if (opts.binary && process.stdout.isTTY) {
      throw new UsageError('refusing to write a binary stream to a terminal: use -o FILE or a pipe');
    }
    return new StdoutSink();
  }
  if (!opts.force) {
    const clash = (opts.inputs ?? []).find((i) => i !== STDIO && sameFile(i, target));
    if (clash !== undefined) throw new CliError(`${target}: is also an input; use --force to overwrite it`, EXIT.error);
  }
  return new AtomicFileSink(target);
}

/** Writes `data` to `-o target` in one go (atomically for files). */
export async function writeOutput(target: string | undefined, data: string | Uint8Array, opts: OutputOptions = {}): Promise<void> {
  const sink = openOutput(target, opts);
  try {
    await sink.write(data);
    await sink.commit();
  } catch (e) {
    sink.abort();
    throw e;
  }
}

/** Runs `fill` against a sink for `target`, committing on success and discarding on failure. */
export async function withOutput<T>(target: string | undefined, opts: OutputOptions, fill: (sink: OutputSink) => Promise<T>): Promise<T> {
  const sink = openOutput(target, opts);
  try {
    const r = await fill(sink);
    await sink.commit();
    return r;
  } catch (e) {
    sink.abort();
    throw e;
  }
}

/** Reads a file synchronously (small configuration files such as allow-lists). */
export function readSmallFile(path: string): string {
  return readFileSync(path, 'utf8');
}
