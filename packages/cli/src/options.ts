/** Parsing and checking of option values; a bad value is a UsageError (exit 2). */
import type { Command } from 'commander';
import { UsageError } from './errors.js';
import { LATEST_VERSION, VERSIONS, type Version, isVersion } from './lib.js';

export function parseVersion(s: string, flag: string): Version {
  const n = Number(s);
  if (!/^\d+$/.test(s) || !isVersion(n)) throw new UsageError(`${flag} must be a schema version (${VERSIONS.join(', ')}), not ${JSON.stringify(s)}`);
  return n;
}

export function parseInteger(s: string, flag: string, min: number, max: number): number {
  const n = Number(s);
  if (!/^-?\d+$/.test(s) || !Number.isSafeInteger(n) || n < min || n > max) {
    throw new UsageError(`${flag} must be an integer from ${min} to ${max}, not ${JSON.stringify(s)}`);
  }
  return n;
}

/** The version a reader uses by default for a stream of `streamVersion`: its own, if known. */
export function ownVersion(streamVersion: number): Version {
  return isVersion(streamVersion) ? streamVersion : LATEST_VERSION;
}

/** Options every command takes. */
export interface CommonOptions {
  readonly debug?: boolean;
  readonly color?: boolean;
}

export function addCommonOptions(cmd: Command): Command {
  return cmd.option('--debug', 'print stack traces of errors').option('--no-color', 'no colours, even on a terminal');
}

/** `--ignore` and similar repeatable options. */
export function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

export function example(...lines: string[]): string {
  return `\nExample${lines.length > 1 ? 's' : ''}:\n${lines.map((l) => `  $ ${l}`).join('\n')}\n`;
}
