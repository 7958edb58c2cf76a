/** The glue between commander and the command modules. */
import type { Command } from 'commander';
import { type ExitCode, reportError } from './errors.js';
import type { CommonOptions } from './options.js';

/** What each command's action does: its exit status, or a thrown error. */
export type Action = (cmd: Command) => Promise<ExitCode>;

/** Wraps a command action: errors become one line and an exit status. */
export function run(action: Action) {
  return async (...args: unknown[]): Promise<void> => {
    const cmd = args[args.length - 1] as Command;
    try {
      process.exitCode = await action(cmd);
    } catch (e) {
      process.exitCode = reportError(e, cmd.opts<CommonOptions>().debug === true);
    }
  };
}

