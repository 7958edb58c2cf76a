/**
 * SIGINT and SIGTERM: the temporary files of `-o` are removed, a child Node this process started
 * (for a larger heap) is stopped with it and waited for, and the process exits 128 + the signal
 * number (130, 143), as the shell expects. Nothing is written after the signal is handled. A child
 * whose parent disappears (even by SIGKILL) notices its IPC channel closing and does the same.
 */
import type { ChildProcess } from 'node:child_process';
import { unlinkSync } from 'node:fs';
import { constants } from 'node:os';

/** Set in a run a parent xenlu started with a larger heap (dump.ts), so it never starts another. */
export const SIZED_RUN = 'XENLU_SIZED_HEAP';

/** Temporary files of atomic outputs still being written. */
export const tempFiles = new Set<string>();
const children = new Set<ChildProcess>();
let terminating = false;

export function isTerminating(): boolean {
  return terminating;
}

/** A child to stop (with the same signal) and wait for when this process is interrupted. */
export function trackChild(child: ChildProcess): void {
  children.add(child);
  child.once('exit', () => children.delete(child));
}

function removeTempFiles(): void {
  for (const f of tempFiles) {
    try {
      unlinkSync(f);
    } catch {
      // already gone
    }
  }
  tempFiles.clear();
}

/** How long a child gets to clean up after the signal before it is killed outright. */
const CHILD_GRACE_MS = 5000;

async function terminate(signal: NodeJS.Signals, status: number): Promise<never> {
  if (terminating) return new Promise<never>(() => {});
  terminating = true;
  removeTempFiles();
  await Promise.all(
    [...children].map(
      (c) =>
        new Promise<void>((done) => {
          if (c.exitCode !== null || c.signalCode !== null) return done();
          c.once('exit', () => done());
          c.kill(signal);
          setTimeout(() => c.kill('SIGKILL'), CHILD_GRACE_MS).unref();
        }),
    ),
  );
  removeTempFiles();
  process.exit(status);
}

export function installSignalHandlers(): void {
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => void terminate(signal, 128 + constants.signals[signal]));
  }
  // Started by a parent xenlu for a larger heap (dump.ts), with an IPC channel: its end closing
  // means the parent is gone. (Another program's IPC channel is left alone.)
  if (process.channel && process.env[SIZED_RUN] !== undefined) {
    process.channel.unref();
    process.on('disconnect', () => void terminate('SIGTERM', 128 + constants.signals.SIGHUP));
  }
}
