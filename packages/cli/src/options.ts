/** Parsing and checking of option values; a bad value is a UsageError (exit 2). */
import type { Command } from 'commander';
import { UsageError } from './errors.js';
import { DEFAULT_LIMITS, LATEST_VERSION, type Limits, VERSIONS, type Version, isVersion } from './lib.js';

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

/** The reader limits a user can set on the command line, by flag; each maps to a field of Limits. */
const LIMIT_FLAGS = [
  ['--max-record-bytes', 'maxRecordBytes', 'largest record body, bytes'],
  ['--max-depth', 'maxDepth', 'deepest nesting of unknown values'],
  ['--max-domains', 'maxDomains', 'most domains in one stream'],
  ['--max-vcpus', 'maxVcpus', 'most vCPU records per domain'],
  ['--max-ports', 'maxPorts', 'most event channels per domain'],
  ['--max-entries', 'maxEntries', 'most entries of one list section per domain'],
  ['--max-unknown-fields', 'maxUnknownFields', 'unknown fields kept beyond one per 4 input bytes'],
] as const satisfies readonly (readonly [string, keyof Limits, string])[];

/** Adds the reader limit flags, each shown with its default. */
export function addLimitOptions(cmd: Command): Command {
  for (const [flag, key, what] of LIMIT_FLAGS) cmd.option(`${flag} <n>`, `reader limit: ${what} (default ${DEFAULT_LIMITS[key]})`);
  return cmd;
}

/** The limits the user set with the flags of addLimitOptions; a bad value is a UsageError. */
export function limitsOf(opts: object): Partial<Limits> {
  const o = opts as Record<string, unknown>;
  const limits: { -readonly [K in keyof Limits]?: number } = {};
  for (const [flag, key] of LIMIT_FLAGS) {
    const v = o[key];
    if (typeof v === 'string') limits[key] = parseInteger(v, flag, 1, Number.MAX_SAFE_INTEGER);
  }
  return limits;
}

/**
 * `--max-input-bytes`: for commands that hold their whole input in memory (decode, convert,
 * encode, validate): an input past it is refused before it is read further (exit 2).
 */
export function addInputLimitOption(cmd: Command, defaultText: string): Command {
  return cmd.option('--max-input-bytes <n>', `most bytes of input held in memory; more is refused early (default: ${defaultText})`);
}

export function maxInputBytesOf(opts: object): number | undefined {
  const v = (opts as { maxInputBytes?: unknown }).maxInputBytes;
  return typeof v === 'string' ? parseInteger(v, '--max-input-bytes', 1, Number.MAX_SAFE_INTEGER) : undefined;
}
