/**
 * `xenlu validate FILE...`: structural and semantic checks of dumps, several files in parallel on
 * worker threads; `--as N` asks whether a Xen reading schema N would accept each stream and what
 * it would drop (the rollback check).
 */
import { constants as bufferConstants } from 'node:buffer';
import { availableParallelism } from 'node:os';
import { getHeapStatistics } from 'node:v8';
import { Worker, type WorkerOptions } from 'node:worker_threads';
import type { Command } from 'commander';
import { run } from '../command.js';
import { EXIT, type ExitCode, UsageError } from '../errors.js';
import { STDIO, readInput, sizeOf, writeOutput } from '../io.js';
import type { Version } from '../lib.js';
import {
  Progress, type ReportItem, type ReportSuite, type Style, githubAnnotations, junitXml, reportFormatOf, styleFor, toJsonText,
} from '../output.js';
import { type CommonOptions, addCommonOptions, addInputLimitOption, addLimitOptions, example, limitsOf, maxInputBytesOf, parseInteger, parseVersion } from '../options.js';
import { memoryBudget, memoryNeeded, walkDump } from '../dump.js';
import { type FileReport, type ValidateRequest, validateFile } from './validate-file.js';
import { VALIDATE_WORKER } from '../worker-role.js';

interface ValidateOptions extends CommonOptions {
  readonly as?: string;
  readonly format?: string;
  readonly json?: boolean;
  readonly jobs?: string;
  readonly maxPerRule?: string;
  readonly output?: string;
  readonly structureOnly?: boolean;
}

/** Validates requests on up to `jobs` worker threads; reports come back in request order. */
async function validateAll(reqs: readonly ValidateRequest[], jobs: number, onDone: (n: number) => void): Promise<FileReport[]> {
  const results: FileReport[] = new Array(reqs.length);
  let done = 0;
  const finished = (i: number, r: FileReport) => {
    results[i] = r;
    onDone(++done);
  };
  // Dumps whose whole state would not fit in this process's heap are validated one at a time,
  // each in a worker given the memory it needs, after the others.
  const heap = getHeapStatistics();
  const heapFree = (heap.heap_size_limit - heap.used_heap_size) / Math.max(1, Math.min(jobs, reqs.length));
  const small: number[] = [];
  const large: number[] = [];
  reqs.forEach((r, i) => {
    // stdin streamed here, as it comes: it cannot be handed to a worker.
    if (r.stdin) return;
    const size = r.bytes?.length ?? sizeOf(r.file);
    (r.streamed === undefined && size !== undefined && memoryNeeded(size) > heapFree ? large : small).push(i);
  });
  for (const [i, r] of reqs.entries()) if (r.stdin) finished(i, await validateFile(r));
  if (jobs <= 1 || small.length <= 1) {
    for (const i of small) finished(i, await validateFile(reqs[i]!));
  } else {
    await validatePool(reqs, small, jobs, finished);
  }
  for (const i of large) finished(i, await validateLarge(reqs[i]!));
  return results;
}

async function validatePool(reqs: readonly ValidateRequest[], indices: readonly number[], jobs: number, finished: (i: number, r: FileReport) => void): Promise<void> {
  let next = 0;
  const workers = Array.from({ length: Math.min(jobs, indices.length) }, () => newWorker());
  try {
    await Promise.all(
      workers.map(
        (w) =>
          new Promise<void>((resolve, reject) => {
            const send = () => {
              if (next >= indices.length) return resolve();
              const id = indices[next++]!;
              const req = reqs[id]!;
              w.postMessage({ ...req, id }, req.bytes ? [req.bytes.buffer as ArrayBuffer] : []);
            };
            w.on('message', (m: { id: number; report?: FileReport; error?: string }) => {
              if (m.error !== undefined || !m.report) return reject(new Error(`validating ${reqs[m.id]!.file}: ${m.error}`));
              finished(m.id, m.report);
              send();
            });
            w.on('error', reject);
            send();
          }),
      ),
    );
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
}

/**
 * A validate worker. In the bundle (main.cjs, where import.meta.url is the bundle's), the launcher
 * running the bundle as a worker: it compiles from the code cache, which a worker of its own
 * module file would not (about 100 ms more before its first file). Unbuilt into a bundle
 * (dist/main.js), the worker module itself.
 */
function newWorker(options: WorkerOptions = {}): Worker {
  if (import.meta.url.endsWith('.cjs')) return new Worker(new URL('../../bin/xenlu.js', import.meta.url), { ...options, workerData: VALIDATE_WORKER });
  return new Worker(new URL('./validate-worker.js', import.meta.url), options);
}
const MiB = 1 << 20;

/**
 * The heap first given to the streamed check of a large dump, in MiB: one fragmented guest with
 * 1 GiB of RAM (262144 PAGES ranges and P2M entries) is assembled and checked well within it, and
 * a heap kept small keeps the process's peak RSS small (V8 collects late in a large heap). A dump
 * with a larger domain is checked again with the whole memory budget.
 */
const BY_DOMAIN_HEAP_MB = 256;

/**
 * A dump too large for this process's heap: streamed and checked one domain at a time, every rule
 * included (the cross-domain ones on compact indexes, DomainByDomainValidator), in a worker whose
 * heap holds the largest domain. When not even one domain fits in the memory budget, the structure
 * alone is checked, one record at a time.
 */
export async function validateLarge(req: ValidateRequest): Promise<FileReport> {
  const budgetMb = Math.ceil(memoryBudget() / MiB);
  for (const heapMb of new Set([Math.min(BY_DOMAIN_HEAP_MB, budgetMb), budgetMb])) {
    const byDomain = await inWorker({ ...req, streamed: { semantics: true } }, heapMb);
    if (byDomain) return byDomain;
  }
  return validateFile({ ...req, streamed: { semantics: false, why: 'its largest domain did not fit in the memory given to it' } });
}

/**
 * The --max-old-space-size given to this process, if any. V8's flags are per process, so it caps
 * a worker's heap too, and a worker asked for more would hit it as a fatal error, not as a
 * catchable ERR_WORKER_OUT_OF_MEMORY.
 */
function heapFlagMb(): number | undefined {
  const flags = [...process.execArgv, ...(process.env['NODE_OPTIONS'] ?? '').split(/\s+/)];
  let mb: number | undefined;
  for (const f of flags) {
    const m = /^--max[-_]old[-_]space[-_]size=(\d+)$/.exec(f);
    if (m) mb = Number(m[1]);
  }
  return mb;
}

/** Validates `req` on a worker thread with a heap of `heapMb` MiB; undefined when it runs out of memory. */
async function inWorker(req: ValidateRequest, heapMb: number): Promise<FileReport | undefined> {
  const w = newWorker({ resourceLimits: { maxOldGenerationSizeMb: Math.min(heapMb, heapFlagMb() ?? heapMb) } });
  try {
    return await new Promise<FileReport | undefined>((resolve, reject) => {
      w.on('message', (m: { report?: FileReport; error?: string }) => (m.report ? resolve(m.report) : reject(new Error(`validating ${req.file}: ${m.error}`))));
      w.on('error', (e: NodeJS.ErrnoException) => (e.code === 'ERR_WORKER_OUT_OF_MEMORY' ? resolve(undefined) : reject(e)));
      // Copied, not transferred: a fallback may need the bytes again.
      w.postMessage({ ...req, id: 0 });
    });
  } finally {
    await w.terminate();
  }
}

function semanticsNote(r: FileReport): string {
  return `semantic rules not run: ${r.semanticsSkipped}`;
}

function itemsOf(r: FileReport): ReportItem[] {
  const items: ReportItem[] = [];
  if (r.error) {
    items.push({
      rule: r.status === 'unreadable' ? 'io' : r.status === 'refused' ? `refused/${r.error.code}` : `structure/${r.error.code}`,
      severity: 'error',
      message: r.error.message,
      ...(r.error.line !== r.error.message ? { where: r.error.line.slice(0, r.error.line.length - r.error.message.length - 2) } : {}),
    });
  }
  for (const f of r.findings) items.push({ rule: f.rule, severity: f.severity, message: f.message, ...(f.path ? { where: f.path } : {}) });
  for (const d of r.dropped) items.push({ rule: 'dropped', severity: 'info', message: `a schema v${r.readVersion} reader drops ${d.text}` });
  if (r.semanticsSkipped !== undefined) items.push({ rule: 'semantics-not-run', severity: 'warning', message: semanticsNote(r) });
  return items;
}

function summaryLine(r: FileReport, s: Style, asked: Version | undefined): string {
  const facts = [
    r.streamVersion !== undefined ? `schema v${r.streamVersion}` : undefined,
    asked !== undefined ? `read as v${asked}` : undefined,
    r.producer,
    r.domains !== undefined ? `${r.domains} domain${r.domains === 1 ? '' : 's'}` : undefined,
    r.records !== undefined ? `${r.records} records` : undefined,
    r.size !== undefined ? `${r.size} bytes` : undefined,
  ].filter(Boolean);
  const errors = r.findings.filter((f) => f.severity === 'error').length;
  const warnings = r.findings.length - errors;
  let verdict: string;
  switch (r.status) {
    case 'valid':
      verdict = s.green(asked !== undefined ? `accepted by a schema v${asked} reader` : r.streamed === 'structure' ? 'valid structure' : 'valid');
      break;
    case 'refused':
      verdict = s.red(`refused by a schema v${asked} reader`);
      break;
    case 'unreadable':
      verdict = s.red('cannot read');
      break;
    case 'invalid':
      verdict = s.red(r.error ? 'invalid' : `invalid: ${errors} error${errors === 1 ? '' : 's'}`);
  }
  const warn = warnings ? `, ${s.yellow(`${warnings} warning${warnings === 1 ? '' : 's'}`)}` : '';
  return `${s.bold(r.file)}: ${verdict}${warn}${facts.length ? s.dim(` (${facts.join(', ')})`) : ''}`;
}

function textReport(reports: readonly FileReport[], s: Style, asked: Version | undefined): string {
  const lines: string[] = [];
  for (const r of reports) {
    lines.push(summaryLine(r, s, asked));
    if (r.error) lines.push(`  ${s.red('error')}  ${r.error.line}`);
    if (r.semanticsSkipped !== undefined) lines.push(`  ${s.yellow('note')}  ${semanticsNote(r)}`);
    for (const f of r.findings) {
      const sev = f.severity === 'error' ? s.red('error  ') : s.yellow('warning');
      lines.push(`  ${sev}  ${s.cyan(f.rule)}  ${f.path ? `${f.path}: ` : ''}${f.message}`);
    }
    if (r.dropped.length) {
      lines.push(`  a schema v${r.readVersion} reader ${r.status === 'valid' ? 'would drop' : 'drops'}:`);
      for (const d of r.dropped) lines.push(`    ${d.text}`);
    } else if (asked !== undefined && r.status === 'valid' && r.streamVersion !== undefined && r.streamVersion > asked) {
      lines.push('  nothing is dropped');
    }
    if (asked !== undefined) for (const n of r.notes) lines.push(`  ${s.dim(`note: ${n.path ? `${n.path}: ` : ''}${n.message}`)}`);
  }
  return `${lines.join('\n')}\n`;
}

const STATUSES = ['valid', 'invalid', 'refused', 'unreadable'] as const satisfies readonly FileReport['status'][];
type Summary = { files: number } & Record<(typeof STATUSES)[number], number>;

function summaryOf(reports: readonly FileReport[]): Summary {
  const sum: Summary = { files: reports.length, valid: 0, invalid: 0, refused: 0, unreadable: 0 };
  for (const r of reports) sum[r.status]++;
  return sum;
}

/** `3 files: 2 valid, 1 invalid`: valid and invalid always, the other statuses when they occur. */
function summaryText(sum: Summary): string {
  const parts = STATUSES.filter((k) => k === 'valid' || k === 'invalid' || sum[k] > 0).map((k) => `${sum[k]} ${k}`);
  return `${sum.files} file${sum.files === 1 ? '' : 's'}: ${parts.join(', ')}`;
}

/**
 * Default of --max-input-bytes for stdin: validate holds the bytes only (a state too large for the
 * heap is checked a domain at a time from them), so a quarter of the memory budget, within what
 * one Buffer can hold.
 */
function defaultMaxHeldBytes(): number {
  return Math.min(bufferConstants.MAX_LENGTH, Math.floor(memoryBudget() / 4));
}

export function registerValidate(program: Command): Command {
  const cmd = program
    .command('validate')
    .description('check dumps: framing, schema and the semantic rules; exit 1 if any is invalid')
    .argument('<file...>', 'dumps to check (- for stdin)')
    .option('--as <version>', 'read as a Xen of this schema version would: would it accept the stream, and what would it drop? (rollback check)')
    .option('--format <format>', 'text (default), json, junit or github')
    .option('--json', 'same as --format json')
    .option('-j, --jobs <n>', 'files checked in parallel (default: the number of CPUs)')
    .option('--max-per-rule <n>', 'findings listed per rule before the rest are counted', '100')
    .option('--structure-only', 'framing, checksums, order and schema only, streamed in bounded memory: no semantic rules (they need the whole state)')
    .option('-o, --output <file>', 'write the report to a file (default: stdout)')
    .addHelpText('after', example('xenlu validate fixtures/v3/example.xlu', 'xenlu validate --as 1 dump.xlu        # would a v1 Xen accept it?', 'xenlu validate --format github dumps/*.xlu'));
  addLimitOptions(cmd);
  addInputLimitOption(cmd, 'for stdin without --structure-only, a quarter of the memory budget');
  addCommonOptions(cmd);
  return cmd.action(
    run(async (c): Promise<ExitCode> => {
      const files = c.args;
      const o = c.opts<ValidateOptions>();
      const maxInput = maxInputBytesOf(o) ?? defaultMaxHeldBytes();
      const format = reportFormatOf(o);
      const asked = o.as === undefined ? undefined : parseVersion(o.as, '--as');
      const maxPerRule = parseInteger(o.maxPerRule ?? '100', '--max-per-rule', 1, 1_000_000);
      const jobs = o.jobs === undefined ? availableParallelism() : parseInteger(o.jobs, '--jobs', 1, 256);
      const limits = limitsOf(o);
      if (files.filter((f) => f === STDIO).length > 1) throw new UsageError('stdin (-) can be read only once');
      const reqs: ValidateRequest[] = [];
      for (const file of files) {
        reqs.push({
          file,
          maxPerRule,
          limits,
          maxInputBytes: maxInput,
          ...(o.structureOnly ? { streamed: { semantics: false, why: 'asked for with --structure-only' } } : {}),
          ...(asked !== undefined ? { readerVersion: asked } : {}),
          // stdin: streamed with --structure-only; else held, within --max-input-bytes, its
          // records walked as they arrive so garbage stops at the first bad header.
          ...(file === STDIO
            ? o.structureOnly
              ? { stdin: true }
              : { bytes: await readInput(STDIO, { maxBytes: maxInput, flag: '--max-input-bytes', walk: walkDump(asked, limits) }) }
            : {}),
        });
      }
      const progress = new Progress('validating', files.length > 1);
      const reports = await validateAll(reqs, jobs, (n) => progress.update(n, files.length, `${n}/${files.length} files`));
      progress.done();

      const style = styleFor(process.stdout, o.color !== false && o.output === undefined);
      const suites: ReportSuite[] = reports.map((r) => ({ name: r.file, items: itemsOf(r), ok: r.status === 'valid' }));
      const summary = summaryOf(reports);
      // With one file its own line says it all; with many, a last line counts them, as CI logs need.
      const many = reports.length > 1;
      let text: string;
      switch (format) {
        case 'json':
          text = `${toJsonText({ ok: reports.every((r) => r.status === 'valid'), readerVersion: asked ?? null, summary, files: reports })}\n`;
          break;
        case 'junit':
          text = junitXml('xenlu validate', suites);
          break;
        case 'github':
          text = githubAnnotations(suites) + (many ? `::notice title=xenlu validate::${summaryText(summary)}\n` : '');
          break;
        default:
          text = textReport(reports, style, asked) + (many ? `${summaryText(summary)}\n` : '');
      }
      await writeOutput(o.output, text, { inputs: files });
      if (reports.some((r) => r.status === 'unreadable')) return EXIT.error;
      return reports.every((r) => r.status === 'valid') ? EXIT.ok : EXIT.fail;
    }),
  );
}
