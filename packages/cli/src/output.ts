/**
 * Human and machine output: colour only on a TTY and never with NO_COLOR, TERM=dumb or --no-color; JSON
 * with u64 as exact decimal strings and blobs as hex; lists of findings as text, JSON, JUnit XML
 * or GitHub workflow commands, so CI can annotate pull requests.
 */
import { UsageError } from './errors.js';

export interface Style {
  readonly enabled: boolean;
  red(s: string): string;
  green(s: string): string;
  yellow(s: string): string;
  cyan(s: string): string;
  dim(s: string): string;
  bold(s: string): string;
}

/**
 * Colour for `stream` when it is a terminal, NO_COLOR is unset or empty, TERM is not `dumb` (a
 * terminal that cannot show escapes, as Emacs shells), and --no-color was not given.
 */
export function styleFor(stream: Pick<NodeJS.WriteStream, 'isTTY'>, colorOption: boolean = true): Style {
  const noColor = (process.env['NO_COLOR'] !== undefined && process.env['NO_COLOR'] !== '') || process.env['TERM'] === 'dumb';
  const enabled = colorOption && !noColor && stream.isTTY === true;
  const wrap = (open: number, close: number) => (s: string) => (enabled ? `\x1b[${open}m${s}\x1b[${close}m` : s);
  return {
    enabled,
    red: wrap(31, 39),
    green: wrap(32, 39),
    yellow: wrap(33, 39),
    cyan: wrap(36, 39),
    dim: wrap(2, 22),
    bold: wrap(1, 22),
  };
}

export const REPORT_FORMATS = ['text', 'json', 'junit', 'github'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

/** `--format`, with `--json` as a shorthand for `--format json`. */
export function reportFormatOf(opts: { format?: string; json?: boolean }): ReportFormat {
  if (opts.json) {
    if (opts.format !== undefined && opts.format !== 'json') throw new UsageError(`--json and --format ${opts.format} disagree`);
    return 'json';
  }
  const f = opts.format ?? 'text';
  if (!(REPORT_FORMATS as readonly string[]).includes(f)) throw new UsageError(`--format must be one of ${REPORT_FORMATS.join(', ')}, not ${f}`);
  return f as ReportFormat;
}

const HEX = '0123456789abcdef';
export function hex(bytes: Uint8Array): string {
  let s = '';
  for (const b of bytes) s += HEX[b >> 4]! + HEX[b & 15]!;
  return s;
}

/** A value JSON.stringify can write exactly: bigint as a decimal string, bytes as hex. */
export function plain(v: unknown): unknown {
  if (typeof v === 'bigint') return v.toString();
  if (v instanceof Uint8Array) return hex(v);
  if (Array.isArray(v)) return v.map(plain);
  if (v !== null && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) if (x !== undefined) out[k] = plain(x);
    return out;
  }
  return v;
}

export function toJsonText(v: unknown, pretty = true): string {
  return JSON.stringify(plain(v), null, pretty ? 2 : undefined);
}

/** A one-line rendering of a value for humans, cut to about `max` characters. */
export function shortValue(v: unknown, max = 100): string {
  const s = render(v, max);
  return s.length > max ? `${s.slice(0, max - 3)}...` : s;
}

function render(v: unknown, budget: number): string {
  if (typeof v === 'bigint') return v > 0xffffn ? `0x${v.toString(16)}` : v.toString();
  if (typeof v === 'string') return JSON.stringify(v);
  if (v instanceof Uint8Array) return `<${v.length} bytes${v.length ? ` ${hex(v.subarray(0, 8))}${v.length > 8 ? '..' : ''}` : ''}>`;
  if (Array.isArray(v)) {
    const parts: string[] = [];
    let used = 2;
    for (const x of v) {
      if (used > budget) {
        parts.push(`... ${v.length - parts.length} more`);
        break;
      }
      const r = render(x, budget - used);
      parts.push(r);
      used += r.length + 2;
    }
    return `[${parts.join(', ')}]`;
  }
  if (v !== null && typeof v === 'object') {
    const parts: string[] = [];
    let used = 2;
    for (const [k, x] of Object.entries(v)) {
      if (used > budget) {
        parts.push('...');
        break;
      }
      const r = `${k}: ${render(x, budget - used)}`;
      parts.push(r);
      used += r.length + 2;
    }
    return `{${parts.join(', ')}}`;
  }
  return String(v);
}

// ---------------------------------------------------------------------------------------------
// Findings (validate, verify, compat)

export type ItemSeverity = 'error' | 'warning' | 'info';

/** One finding as every report format shows it. */
export interface ReportItem {
  readonly rule: string;
  readonly severity: ItemSeverity;
  readonly message: string;
  /** Where in the dump or schema: a state path, a record location, a schema subject. */
  readonly where?: string;
}

/** The findings about one subject (a file, a property, a pair of schema versions). */
export interface ReportSuite {
  readonly name: string;
  readonly items: readonly ReportItem[];
  /** Whether the subject passed; a suite may pass with warnings. */
  readonly ok: boolean;
}

function escapeXml(s: string): string {
  return s.replace(/[<>&"']/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c]!);
}

/** JUnit XML: a testsuite per subject, a failed testcase per error, a skipped one per warning. */
export function junitXml(tool: string, suites: readonly ReportSuite[]): string {
  const lines = ['<?xml version="1.0" encoding="UTF-8"?>'];
  const failures = suites.reduce((n, s) => n + s.items.filter((i) => i.severity === 'error').length + (s.ok || s.items.some((i) => i.severity === 'error') ? 0 : 1), 0);
  const tests = suites.reduce((n, s) => n + Math.max(1, s.items.length), 0);
  lines.push(`<testsuites name="${escapeXml(tool)}" tests="${tests}" failures="${failures}">`);
  for (const s of suites) {
    const errs = s.items.filter((i) => i.severity === 'error').length;
    lines.push(`  <testsuite name="${escapeXml(s.name)}" tests="${Math.max(1, s.items.length)}" failures="${errs}">`);
    if (s.items.length === 0) {
      lines.push(`    <testcase classname="${escapeXml(s.name)}" name="${s.ok ? 'passed' : 'failed'}">${s.ok ? '' : '<failure message="failed"/>'}</testcase>`);
    }
    for (const i of s.items) {
      const name = escapeXml(`${i.rule}${i.where ? ` ${i.where}` : ''}`);
      const msg = escapeXml(i.message);
      const body = i.severity === 'error' ? `<failure type="${escapeXml(i.rule)}" message="${msg}"/>` : `<skipped message="${escapeXml(i.severity)}: ${msg}"/>`;
      lines.push(`    <testcase classname="${escapeXml(s.name)}" name="${name}">${body}</testcase>`);
    }
    lines.push('  </testsuite>');
  }
  lines.push('</testsuites>');
  return `${lines.join('\n')}\n`;
}

function escapeGithubData(s: string): string {
  return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}
function escapeGithubProperty(s: string): string {
  return escapeGithubData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

/** GitHub Actions workflow commands: one annotation per finding, on the subject's file. */
export function githubAnnotations(suites: readonly ReportSuite[], fileOf: (suite: ReportSuite) => string | undefined = (s) => s.name): string {
  const out: string[] = [];
  for (const s of suites) {
    const file = fileOf(s);
    for (const i of s.items) {
      const level = i.severity === 'error' ? 'error' : i.severity === 'warning' ? 'warning' : 'notice';
      const props = [file !== undefined ? `file=${escapeGithubProperty(file)}` : '', `title=${escapeGithubProperty(i.rule)}`].filter(Boolean).join(',');
      out.push(`::${level} ${props}::${escapeGithubData(`${i.where ? `${i.where}: ` : ''}${i.message}`)}`);
    }
  }
  return out.length ? `${out.join('\n')}\n` : '';
}

// ---------------------------------------------------------------------------------------------
// Progress

/** A one-line progress bar on stderr, only when stderr is a terminal that shows escapes (not TERM=dumb). */
export class Progress {
  private readonly enabled: boolean;
  private last = 0;
  private shown = false;

  constructor(
    private readonly label: string,
    enabled = true,
    private readonly stream: Pick<NodeJS.WriteStream, 'isTTY' | 'write'> = process.stderr,
  ) {
    this.enabled = enabled && stream.isTTY === true && process.env['TERM'] !== 'dumb';
  }

  update(done: number, total: number | undefined, detail = ''): void {
    if (!this.enabled) return;
    const now = Date.now();
    if (now - this.last < 100 && (total === undefined || done < total)) return;
    this.last = now;
    const width = 30;
    let line: string;
    if (total && total > 0) {
      const f = Math.min(1, done / total);
      const n = Math.round(f * width);
      line = `${this.label} [${'#'.repeat(n)}${'.'.repeat(width - n)}] ${(f * 100).toFixed(0).padStart(3)}% ${detail}`;
    } else line = `${this.label} ${detail}`;
    this.stream.write(`\r\x1b[2K${line}`);
    this.shown = true;
  }

  done(): void {
    if (this.shown) this.stream.write('\r\x1b[2K');
    this.shown = false;
  }
}

/** Columns padded to their widest cell. */
export function table(rows: readonly (readonly string[])[], indent = '', align: readonly ('l' | 'r')[] = []): string[] {
  const widths: number[] = [];
  for (const r of rows) r.forEach((c, i) => (widths[i] = Math.max(widths[i] ?? 0, c.length)));
  return rows.map((r) => indent + r.map((c, i) => (i === r.length - 1 && align[i] !== 'r' ? c : align[i] === 'r' ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join('  ').trimEnd());
}
