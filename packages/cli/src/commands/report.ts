/**
 * `xenlu report DUMP [DUMP_B] -o report.html`: one self-contained HTML page showing the host's
 * machine memory map (who owns which frames, Xen's ranges, free), P2M coverage and record bytes
 * per domain, the validation findings linked to where they are, and for two dumps their diff laid
 * over the same map. Exit 0 written, 1 a dump that cannot be read (nothing written), 2 usage or I/O.
 */
import { getHeapStatistics } from 'node:v8';
import type { Command } from 'commander';
import { run } from '../command.js';
import { CliError, EXIT, type ExitCode, InputError, UsageError } from '../errors.js';
import { type OutputSink, STDIO, readInput, sizeOf, withOutput } from '../io.js';
import { type ByteSource, type DiffEntry, DiffReadError, FormatError, type Limits, diffStreams } from '../lib.js';
import { toJsonText } from '../output.js';
import { type CommonOptions, addCommonOptions, addLimitOptions, example, limitsOf, parseInteger } from '../options.js';
import { memoryNeeded } from '../dump.js';
import { type FileReport, validateFile } from './validate-file.js';
import { validateLarge } from './validate.js';
import { DIFF_LISTED, type DiffSummary, reportDocument } from '../report/document.js';
import { reportHtml } from '../report/page.js';
import { type Scan, scanDump, totalPagesOf } from '../report/scan.js';

interface ReportOptions extends CommonOptions {
  readonly output?: string;
  readonly json?: boolean;
  readonly maxPerRule?: string;
}

/** A dump read once from stdin is kept in memory; a file is streamed again for each pass. */
interface Input {
  readonly file: string;
  readonly bytes?: Uint8Array;
}

function sourceOf(i: Input): ByteSource {
  if (!i.bytes) return i.file;
  const bytes = i.bytes;
  return (async function* one() {
    yield bytes;
  })();
}

/** Validation as `xenlu validate` runs it for a dump of this size: whole, or in a sized worker, or domain by domain. */
async function validateAsValidateDoes(i: Input, limits: Partial<Limits>, maxPerRule: number | undefined): Promise<FileReport> {
  const req = { file: i.file, ...(i.bytes ? { bytes: i.bytes } : {}), limits, ...(maxPerRule !== undefined ? { maxPerRule } : {}) };
  const heap = getHeapStatistics();
  const size = i.bytes?.length ?? sizeOf(i.file) ?? 0;
  return memoryNeeded(size) > heap.heap_size_limit - heap.used_heap_size ? validateLarge(req) : validateFile(req);
}

export function registerReport(program: Command): Command {
  const cmd = program
    .command('report')
    .description('a self-contained HTML report: memory map, P2M coverage, record sizes, findings; with two dumps, their diff on the map')
    .argument('<dump>', 'the dump (- for stdin)')
    .argument('[dump_b]', 'a second dump, e.g. taken after the live update: its diff is laid over the map')
    .option('-o, --output <file>', 'write the HTML to a file, atomically (default: stdout, if not a terminal)')
    .option('--json', "the report's data as JSON instead of the page")
    .option('--max-per-rule <n>', 'findings listed per rule before the rest are counted (as validate)', '100')
    .addHelpText('after', example('xenlu report host.xlu -o report.html', 'xenlu report before.xlu after.xlu -o update.html'));
  addLimitOptions(cmd);
  addCommonOptions(cmd);
  return cmd.action(
    run(async (c): Promise<ExitCode> => {
      const files = c.args.filter((a): a is string => typeof a === 'string');
      const o = c.opts<ReportOptions>();
      if (files.filter((f) => f === STDIO).length > 1) throw new UsageError('only one of the two dumps can be stdin (-)');
      if (!o.json && (o.output === undefined || o.output === STDIO) && process.stdout.isTTY) {
        throw new UsageError('refusing to write an HTML page to a terminal: use -o report.html or a pipe');
      }
      const limits = limitsOf(o);
      const maxPerRule = parseInteger(o.maxPerRule ?? '100', '--max-per-rule', 1, 1_000_000);
      const inputs: Input[] = [];
      for (const f of files) inputs.push(f === STDIO ? { file: f, bytes: await readInput(f) } : { file: f });

      // Validation first: a dump that cannot be read stops here, before anything is written.
      const validations: FileReport[] = [];
      for (const i of inputs) {
        const v = await validateAsValidateDoes(i, limits, maxPerRule);
        if (v.error) throw new CliError(`${i.file}: ${v.error.line}`, v.status === 'unreadable' ? EXIT.error : EXIT.fail);
        validations.push(v);
      }
      // One grid for both dumps, so their bins line up.
      let grid = 1n;
      for (const i of inputs) {
        const t = await totalPagesOf(sourceOf(i), limits);
        if (t > grid) grid = t;
      }
      const scans: Scan[] = [];
      for (const [k, i] of inputs.entries()) {
        try {
          scans.push(await scanDump(i.file, sourceOf(i), grid, validations[k]!.findings, limits));
        } catch (e) {
          if (e instanceof FormatError) throw new InputError(i.file, e);
          throw e;
        }
      }
      let diff: DiffSummary | undefined;
      if (inputs.length === 2) {
        const entries: DiffEntry[] = [];
        try {
          const r = await diffStreams(sourceOf(inputs[0]!), sourceOf(inputs[1]!), { limits, onEntry: (e) => void (entries.length < DIFF_LISTED && entries.push(e)) });
          diff = { versionA: r.versionA, versionB: r.versionB, comparedAs: r.comparedAs, same: r.same, counts: r.counts, entries };
        } catch (e) {
          if (e instanceof DiffReadError) throw new InputError(inputs[e.side === 'a' ? 0 : 1]!.file, e.error);
          throw e;
        }
      }
      const doc = reportDocument(scans, validations, diff);
      await withOutput(o.output, { inputs: files }, async (sink: OutputSink) => {
        await sink.write(o.json ? `${toJsonText(doc)}\n` : reportHtml(doc));
      });
      return EXIT.ok;
    }),
  );
}
