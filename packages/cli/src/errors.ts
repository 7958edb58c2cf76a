/**
 * Exit statuses and error reporting (design brief section 6): 0 success, same or valid; 1 an
 * invalid dump, differences, a failed property or a refused conversion; 2 usage, I/O or internal
 * error. Errors print as one line with their location; the stack only with --debug.
 */
import { FormatError } from './lib.js';

export const EXIT = { ok: 0, fail: 1, error: 2 } as const;
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** Bad arguments: exit 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** A failure with its own exit status and an optional prefix naming the input (a file). */
export class CliError extends Error {
  override readonly name = 'CliError';
  constructor(
    message: string,
    readonly exitCode: ExitCode,
  ) {
    super(message);
  }
}

/**
 * A FormatError about one input file: exit 1 (the dump or JSON is invalid). The line ends with the
 * error code in brackets, so every command names a fault the same way (code and offset).
 */
export class InputError extends Error {
  override readonly name = 'InputError';
  constructor(
    readonly file: string,
    readonly error: FormatError,
  ) {
    super(`${file}: ${error.describe()} [${error.code}]`);
  }
}

function isNodeError(e: unknown): e is NodeJS.ErrnoException {
  return e instanceof Error && typeof (e as NodeJS.ErrnoException).code === 'string' && 'syscall' in e;
}

const REASONS: Record<string, string> = {
  ENOENT: 'no such file or directory',
  EACCES: 'permission denied',
  EISDIR: 'is a directory',
  ENOTDIR: 'not a directory',
  EEXIST: 'already exists',
  ENOSPC: 'no space left on device',
  EIO: 'input/output error',
  EDQUOT: 'disk quota exceeded',
  EFBIG: 'file too large',
  EPIPE: 'broken pipe',
  ENXIO: 'no such device or address',
  ECONNREFUSED: 'connection refused',
  EROFS: 'read-only file system',
};

/** Why an I/O operation failed, in words, without Node's `ENOSPC: ..., write` decoration. */
export function reasonOf(e: unknown): string {
  const err = e as NodeJS.ErrnoException;
  if (typeof err?.code === 'string' && REASONS[err.code]) return REASONS[err.code]!;
  const msg = e instanceof Error ? e.message : String(e);
  // `EXDEV: cross-device link not permitted, rename 'a' -> 'b'`: keep the words.
  return msg.split('\n')[0]!.replace(/^E[A-Z]+: /, '').replace(/, \w+( '.*)?$/, '');
}

/** One line for any error, and the exit status it calls for. */
export function describeError(e: unknown): { line: string; exitCode: ExitCode } {
  if (e instanceof UsageError) return { line: e.message, exitCode: EXIT.error };
  if (e instanceof CliError) return { line: e.message, exitCode: e.exitCode };
  if (e instanceof InputError) return { line: e.message, exitCode: EXIT.fail };
  if (e instanceof FormatError) return { line: e.describe(), exitCode: EXIT.fail };
  if (isNodeError(e)) {
    const path = e.path ? `${e.path}: ` : '';
    return { line: `${path}${reasonOf(e)}`, exitCode: EXIT.error };
  }
  const msg = e instanceof Error ? e.message : String(e);
  return { line: `internal error: ${msg.split('\n')[0]}`, exitCode: EXIT.error };
}

/** Prints `xenlu: <line>` (and the stack with --debug) on stderr; returns the exit status. */
export function reportError(e: unknown, debug: boolean): ExitCode {
  const { line, exitCode } = describeError(e);
  process.stderr.write(`xenlu: ${line}\n`);
  if (debug && e instanceof Error && e.stack) process.stderr.write(`${e.stack}\n`);
  return exitCode;
}

/** Prints `xenlu: warning: <line>` on stderr: something the user likely did not mean; the exit status stays. */
export function warn(line: string): void {
  process.stderr.write(`xenlu: warning: ${line}\n`);
}
