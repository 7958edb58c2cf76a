/**
 * `xenlu validate FILE...`: structural and semantic checks of dumps, several files in parallel on
 * worker threads; `--as N` asks whether a Xen reading schema N would accept each stream and what
 * it would drop (the rollback check).
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { Command } from 'commander';
import { run } from '../command.js';
import { EXIT, type ExitCode, UsageError } from '../errors.js';
import { STDIO, readInput, writeOutput } from '../io.js';
import type { Version } from '../lib.js';
import {
  Progress, type ReportItem, type ReportSuite, type Style, githubAnnotations, junitXml, reportFormatOf, styleFor, toJsonText,
} from '../output.js';
import { type CommonOptions, addCommonOptions, addLimitOptions, example, limitsOf, parseInteger, parseVersion } from '../options.js';
import { type FileReport, type ValidateRequest, validateFile } from './validate-file.js';

interface ValidateOptions extends CommonOptions {
  readonly as?: string;
  readonly format?: string;
  readonly json?: boolean;
  readonly jobs?: string;
  readonly maxPerRule?: string;
  readonly output?: string;
}

/** Validates requests on up to `jobs` worker threads; reports come back in request order. */
async function validateAll(reqs: readonly ValidateRequest[], jobs: number, onDone: (n: number) => void): Promise<FileReport[]> {
  if (jobs <= 1 || reqs.length <= 1) {
    const out: FileReport[] = [];
    for (const r of reqs) {
      out.push(await validateFile(r));
      onDone(out.length);
    }
    return out;
  }
  const results: FileReport[] = new Array(reqs.length);
  let next = 0;
  let done = 0;
  const url = new URL('./validate-worker.js', import.meta.url);
  const workers = Array.from({ length: Math.min(jobs, reqs.length) }, () => new Worker(url));
  try {
    await Promise.all(
      workers.map(
        (w) =>
          new Promise<void>((resolve, reject) => {
            const send = () => {
              if (next >= reqs.length) return resolve();
              const id = next++;
              const req = reqs[id]!;
              w.postMessage({ ...req, id }, req.bytes ? [req.bytes.buffer as ArrayBuffer] : []);
            };
            w.on('message', (m: { id: number; report?: FileReport; error?: string }) => {
              if (m.error !== undefined || !m.report) return reject(new Error(`validating ${reqs[m.id]!.file}: ${m.error}`));
              results[m.id] = m.report;
              onDone(++done);
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
  return results;
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
      verdict = s.green(asked !== undefined ? `accepted by a schema v${asked} reader` : 'valid');
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
    .option('-o, --output <file>', 'write the report to a file (default: stdout)')
    .addHelpText('after', example('xenlu validate fixtures/v3/example.xlu', 'xenlu validate --as 1 dump.xlu        # would a v1 Xen accept it?', 'xenlu validate --format github dumps/*.xlu'));
  addLimitOptions(cmd);
  addCommonOptions(cmd);
  return cmd.action(
    run(async (c): Promise<ExitCode> => {
      const files = c.args;
      const o = c.opts<ValidateOptions>();
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
          ...(asked !== undefined ? { readerVersion: asked } : {}),
          ...(file === STDIO ? { bytes: await readInput(STDIO) } : {}),
        });
      }
      const progress = new Progress('validating', files.length > 1);
      const reports = await validateAll(reqs, jobs, (n) => progress.update(n, files.length, `${n}/${files.length} files`));
      progress.done();

      const style = styleFor(process.stdout, o.color !== false && o.output === undefined);
      const suites: ReportSuite[] = reports.map((r) => ({ name: r.file, items: itemsOf(r), ok: r.status === 'valid' }));
      let text: string;
      switch (format) {
        case 'json':
          text = `${toJsonText({ ok: reports.every((r) => r.status === 'valid'), readerVersion: asked ?? null, files: reports })}\n`;
          break;
        case 'junit':
          text = junitXml('xenlu validate', suites);
          break;
        case 'github':
          text = githubAnnotations(suites);
          break;
        default:
          text = textReport(reports, style, asked);
      }
      await writeOutput(o.output, text, { inputs: files });
      if (reports.some((r) => r.status === 'unreadable')) return EXIT.error;
      return reports.every((r) => r.status === 'valid') ? EXIT.ok : EXIT.fail;
    }),
  );
}
