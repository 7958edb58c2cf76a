/**
 * Inputs and outputs. `-` is stdin or stdout. An output onto a regular file (or a new one) is
 * written atomically (a temporary file in the same directory, fsync, rename), so a reader never
 * sees half a dump and a failed or interrupted run leaves the old file as it was; onto anything
 * else (a device such as /dev/null, a FIFO, a socket) it is written as a stream, never renamed
 * over. Every write is checked: a failure is exit 2 naming the target, and success means every
 * byte was written. An input that must be held whole is read with a byte limit, and a dump's
 * header is checked before more is read, so /dev/zero or endless stdin fail early.
 */
import { once } from 'node:events';
import { closeSync, createReadStream, fsyncSync, openSync, readFileSync, realpathSync, renameSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { getHeapStatistics } from 'node:v8';
import { CliError, EXIT, InputError, UsageError, reasonOf } from './errors.js';
import { StateError, readFileBytes } from './lib.js';
import { isTerminating, tempFiles } from './signals.js';
import { decodeUtf8 } from './utf8.js';

export const STDIO = '-';

/** How an input is named in messages. */
export function inputName(path: string): string {
  return path === STDIO ? 'stdin' : path;
}

/** What may be read into memory, and a check of the first bytes before the rest is read. */
export interface InputBounds {
  /** Most bytes read; more is refused (exit 2) before it is read. */
  readonly maxBytes: number;
  /** The flag that sets maxBytes, for the message. */
  readonly flag?: string;
  /**
   * Walks the chunks as they arrive (a streaming reader checking each header as it comes). When it
   * stops early, reading stops there and the bytes read so far are returned, so the caller's own
   * reader reports the fault, having all the bytes the walker looked at.
   */
  readonly walk?: (chunks: AsyncIterable<Uint8Array>) => Promise<void>;
}

/** `stdin: more than the N bytes ...` (read so far) or `FILE: S bytes, more than ...` (by its size). */
function tooLarge(path: string, bounds: InputBounds, size?: number): CliError {
  const what = size === undefined ? 'more than' : `${size} bytes, more than`;
  return new CliError(`${inputName(path)}: ${what} the ${bounds.maxBytes} bytes this command holds in memory${bounds.flag ? ` (${bounds.flag})` : ''}`, EXIT.error);
}

/** Reads a stream of chunks within `bounds`. */
async function readBounded(path: string, stream: AsyncIterable<Uint8Array | string>, bounds: InputBounds): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  let n = 0;
  const it = stream[Symbol.asyncIterator]();
  // Each chunk is counted and kept before anyone sees it.
  const tee: AsyncIterable<Uint8Array> = {
    [Symbol.asyncIterator]: () => ({
      async next(): Promise<IteratorResult<Uint8Array>> {
        const r = await it.next();
        if (r.done) return { done: true, value: undefined };
        const c = r.value;
        const b = typeof c === 'string' ? Buffer.from(c) : Buffer.from(c.buffer, c.byteOffset, c.byteLength);
        n += b.length;
        if (n > bounds.maxBytes) throw tooLarge(path, bounds);
        chunks.push(b);
        return { done: false, value: b };
      },
      // The walker stopped: so does reading (the stream is closed).
      async return(): Promise<IteratorResult<Uint8Array>> {
        await it.return?.();
        return { done: true, value: undefined };
      },
    }),
  };
  try {
    if (bounds.walk) await bounds.walk(tee);
    else for await (const _ of tee);
  } finally {
    await it.return?.();
  }
  const all = Buffer.concat(chunks);
  return new Uint8Array(all.buffer, all.byteOffset, all.byteLength);
}

/**
 * The whole of a file, or of stdin for `-`. A regular file is refused by its size before being
 * read; anything else (stdin, a device, a FIFO) is read as a stream within the bounds.
 */
export async function readInput(path: string, bounds: InputBounds = { maxBytes: Number.MAX_SAFE_INTEGER }): Promise<Uint8Array> {
  if (path === STDIO) return readBounded(path, process.stdin, bounds);
  const st = statSync(path);
  if (!st.isFile()) return readBounded(path, createReadStream(path, { highWaterMark: 1 << 20 }), bounds);
  if (st.size > bounds.maxBytes) throw tooLarge(path, bounds, st.size);
  return readFileBytes(path);
}

/** V8's longest string, in UTF-16 units: a JSON text past it cannot be parsed in one piece. */
export const MAX_STRING = (1 << 29) - 24;

/** The decoded state of a dump takes 12-21 times its size (bench/RESULTS.md), plus the runtime. */
export function memoryNeeded(size: number): number {
  return size * 24 + (64 << 20);
}

/**
 * Default of --max-input-bytes for a dump held whole: the largest dump whose decoded state fits
 * this process's heap (the inverse of memoryNeeded), so stdin never grows past what can be decoded.
 */
export function defaultMaxDumpBytes(): number {
  return Math.max(1 << 20, Math.floor((getHeapStatistics().heap_size_limit - (64 << 20)) / 24));
}

/** Default of --max-input-bytes for a JSON state: a quarter of the heap, and never past one string. */
export function defaultMaxJsonBytes(): number {
  return Math.min(MAX_STRING, Math.floor(getHeapStatistics().heap_size_limit / 4));
}

/**
 * The text of a JSON input, at most `maxBytes` of it. Bytes that are not UTF-8 are refused at
 * their offset (a FormatError `bad-json`), never replaced by U+FFFD.
 */
export async function readTextInput(path: string, maxBytes: number = defaultMaxJsonBytes(), flag?: string): Promise<string> {
  const limit = Math.min(maxBytes, MAX_STRING);
  const bytes = await readInput(path, { maxBytes: limit, ...(flag !== undefined && limit === maxBytes ? { flag } : {}) });
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

/** A failed write, read or close of `target` as the one line users see (exit 2). */
export function outputError(target: string, e: unknown): CliError {
  return e instanceof CliError ? e : new CliError(`${target}: ${reasonOf(e)}`, EXIT.error);
}

/** Where output goes; write() as often as needed, then commit() (or abort() on failure). */
export interface OutputSink {
  write(data: string | Uint8Array): Promise<void>;
  commit(): Promise<void>;
  abort(): void;
  /** The reader went away (EPIPE): further output is dropped, the work goes on to its status. */
  readonly gone: boolean;
}

/** Lets the event loop run between writes, so SIGINT/SIGTERM are handled mid-output. */
async function breathe(): Promise<void> {
  // Twice: the second immediate runs after a poll phase, where a pending signal is dispatched.
  await new Promise<void>((r) => setImmediate(r));
  await new Promise<void>((r) => setImmediate(r));
  // Interrupted: the handler is cleaning up and exiting; write nothing more.
  if (isTerminating()) await new Promise<never>(() => {});
}

/**
 * stdout. Each write waits for its callback, which carries the write's error: EPIPE (the reader
 * closed the pipe) drops the rest of the output quietly; any other error is exit 2.
 */
class StdoutSink implements OutputSink {
  gone = false;
  async write(data: string | Uint8Array): Promise<void> {
    if (this.gone || (typeof data !== 'string' && data.length === 0) || data === '') return;
    await breathe();
    try {
      await new Promise<void>((res, rej) => {
        process.stdout.write(data, (err) => (err ? rej(err) : res()));
      });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'EPIPE') {
        this.gone = true;
        return;
      }
      throw outputError('stdout', e);
    }
  }
  async commit(): Promise<void> {}
  abort(): void {}
}

/** A temporary file beside the target, renamed over it on commit. */
class AtomicFileSink implements OutputSink {
  readonly gone = false;
  private readonly tmp: string;
  private fd: number | undefined;

  constructor(private readonly target: string) {
    // Web Crypto's global rather than node:crypto, whose loading cost every command's start ~5 ms.
    const salt = Buffer.from(crypto.getRandomValues(new Uint8Array(4))).toString('hex');
    this.tmp = join(dirname(target), `.${basename(target)}.${process.pid}.${salt}.tmp`);
    this.fd = openSync(this.tmp, 'wx', 0o644);
    tempFiles.add(this.tmp);
  }

  async write(data: string | Uint8Array): Promise<void> {
    const buf = typeof data === 'string' ? Buffer.from(data) : data;
    try {
      let off = 0;
      while (off < buf.length) off += writeSync(this.fd!, buf, off, buf.length - off);
    } catch (e) {
      throw outputError(this.target, e);
    }
    await breathe();
  }

  async commit(): Promise<void> {
    try {
      fsyncSync(this.fd!);
      closeSync(this.fd!);
      this.fd = undefined;
      renameSync(this.tmp, this.target);
    } catch (e) {
      throw outputError(this.target, e);
    }
    tempFiles.delete(this.tmp);
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
    if (this.fd !== undefined) {
      try {
        closeSync(this.fd);
      } catch {
        // closing is all that is left to do
      }
    }
    this.fd = undefined;
    try {
      unlinkSync(this.tmp);
    } catch {
      // already gone
    }
    tempFiles.delete(this.tmp);
  }
}

/**
 * Something that is not a regular file (a device, a FIFO, a socket): opened and written in place
 * as a stream, since a rename would replace the device node itself. Writes are asynchronous, so a
 * slow reader of a FIFO never blocks signal handling; closing is awaited and checked.
 */
class StreamSink implements OutputSink {
  readonly gone = false;
  private out: Promise<{ write(b: Uint8Array): Promise<void>; close(): Promise<void> }> | undefined;

  constructor(
    private readonly target: string,
    private readonly socket: boolean,
  ) {}

  private opened() {
    this.out ??= this.socket ? openSocket(this.target) : openFile(this.target);
    return this.out;
  }

  async write(data: string | Uint8Array): Promise<void> {
    const buf = typeof data === 'string' ? Buffer.from(data) : data;
    try {
      await (await this.opened()).write(buf);
    } catch (e) {
      throw outputError(this.target, e);
    }
    await breathe();
  }

  async commit(): Promise<void> {
    try {
      await (await this.opened()).close();
    } catch (e) {
      throw outputError(this.target, e);
    }
  }

  abort(): void {
    this.out?.then((o) => o.close()).catch(() => {});
  }
}

async function openFile(path: string) {
  const fh = await open(path, 'w');
  return {
    async write(b: Uint8Array) {
      let off = 0;
      // A short write is not an error: write the rest.
      while (off < b.length) off += (await fh.write(b, off, b.length - off)).bytesWritten;
    },
    close: () => fh.close(),
  };
}

async function openSocket(path: string) {
  // Loaded here, by the one output that needs it, not at every command's start.
  const { connect } = await import('node:net');
  const s = connect(path);
  let failure: Error | undefined;
  s.on('error', (e) => (failure = e));
  await Promise.race([once(s, 'connect'), once(s, 'error').then(() => Promise.reject(failure))]);
  return {
    write: (b: Uint8Array) => new Promise<void>((res, rej) => s.write(b, (e) => (e ? rej(e) : res()))),
    async close() {
      await new Promise<void>((res) => s.end(res));
      if (failure) throw failure;
    },
  };
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
  let st;
  try {
    st = statSync(target); // follows symlinks: a link to /dev/null is a device
  } catch {
    return new AtomicFileSink(target); // a new file (or a dangling link, replaced)
  }
  if (st.isFile()) return new AtomicFileSink(realpathSync(target)); // through a link: replace the file, keep the link
  if (st.isDirectory()) throw new CliError(`${target}: is a directory`, EXIT.error);
  return new StreamSink(target, st.isSocket());
}

/** Writes `data` to `-o target` in one go (atomically for files). */
export async function writeOutput(target: string | undefined, data: string | Uint8Array, opts: OutputOptions = {}): Promise<void> {
  await withOutput(target, opts, (sink) => sink.write(data));
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
