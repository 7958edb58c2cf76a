/**
 * `xenlu convert FILE --to N`: upgrade or downgrade a dump to another schema version. A downgrade
 * that the older version cannot express is refused (exit 1), naming every feature that blocks it;
 * `--drop FEATURE` drops (or clamps) one of them instead, with a note per domain, for test rigs.
 */
import type { Command } from 'commander';
import { run } from '../command.js';
import { EXIT, type ExitCode, InputError, UsageError } from '../errors.js';
import { writeOutput } from '../io.js';
import { ensureHeapFor, readDump } from '../dump.js';
import { type Blocker, DROPPABLE_FEATURES, DowngradeError, type DroppableFeature, FormatError, type MigrationNote, SCHEMAS, convert, encode, formatLocation, locateAll } from '../lib.js';
import { styleFor } from '../output.js';
import { type CommonOptions, addCommonOptions, collect, addInputLimitOption, addLimitOptions, example, limitsOf, maxInputBytesOf, parseVersion } from '../options.js';

interface ConvertOptions extends CommonOptions {
  readonly to?: string;
  readonly output?: string;
  readonly force?: boolean;
  readonly json?: boolean;
  readonly quiet?: boolean;
  readonly drop?: string[];
}

function droppable(names: readonly string[]): DroppableFeature[] {
  for (const f of names) {
    if (!(DROPPABLE_FEATURES as readonly string[]).includes(f)) throw new UsageError(`--drop ${f}: not a feature a downgrade can drop; these can: ${DROPPABLE_FEATURES.join(', ')}`);
  }
  return names as DroppableFeature[];
}

/** The refusal in words: one line for one blocker, else a line per blocker under a heading. */
function refusalText(file: string, from: number, to: number, blockers: readonly Blocker[]): string {
  const head = `xenlu: ${file}: cannot convert from schema v${from} to v${to}: `;
  const line = (b: Blocker) => `${formatLocation(b)}${b.message} (blocked by ${b.feature})`;
  if (blockers.length === 1) return `${head}${line(blockers[0]!)}\n`;
  return `${head}${blockers.length} blockers (each can be dropped, with losses, by --drop FEATURE, except p2m_too_large):\n${blockers.map((b) => `  ${line(b)}\n`).join('')}`;
}

export function registerConvert(program: Command): Command {
  const cmd = program
    .command('convert')
    .description('upgrade or downgrade a dump to another schema version; refuses, naming every blocking feature, when it cannot be expressed')
    .argument('<file>', 'the dump (- for stdin)')
    .requiredOption('--to <version>', 'target schema version')
    .option('-o, --output <file>', 'write to a file, atomically (default: stdout, if not a terminal)')
    .option('--force', 'allow -o to overwrite the input file')
    .option('--json', 'print a JSON report (versions, notes) on stdout; needs -o')
    .option('-q, --quiet', 'do not print the migration notes on stderr')
    .option('--drop <feature>', `downgrade with losses: drop (or clamp) this blocking feature instead of refusing; repeatable; one of ${DROPPABLE_FEATURES.join(', ')}`, collect)
    .addHelpText('after', example(
      'xenlu convert dump-v1.xlu --to 3 -o dump-v3.xlu',
      'xenlu convert dump.xlu --to 1 -o rollback.xlu   # refused if a domain uses FIFO event channels',
      'xenlu convert dump.xlu --to 1 --drop event_fifo -o rig.xlu   # test rigs only: FIFO state dropped',
    ));
  addLimitOptions(cmd);
  addInputLimitOption(cmd, 'the largest dump whose decoded state fits the heap');
  addCommonOptions(cmd);
  return cmd.action(
    run(async (c): Promise<ExitCode> => {
      const file = c.args[0]!;
      const o = c.opts<ConvertOptions>();
      const to = parseVersion(o.to!, '--to');
      const drop = droppable(o.drop ?? []);
      if (o.json && (o.output === undefined || o.output === '-')) throw new UsageError('--json needs -o FILE: the stream goes there, the report to stdout');
      const limits = limitsOf(o);
      const maxInput = maxInputBytesOf(o);
      const sized = await ensureHeapFor(file);
      if (sized !== undefined) return sized;
      const r = await readDump(file, undefined, limits, maxInput);
      let state;
      let notes: readonly MigrationNote[];
      try {
        ({ state, notes } = convert(r.state, r.version, to, { drop }));
      } catch (e) {
        if (e instanceof DowngradeError) {
          // A refusal is an answer, not a crash: as a document under --json, nothing written to -o.
          // Blockers name their place by identity, as notes, findings and diff entries do.
          const blockers = locateAll(SCHEMAS[r.version], r.state, e.blockers);
          if (o.json) await writeOutput(undefined, `${JSON.stringify({ refused: true, input: file, from: r.version, to, blockers })}\n`);
          else process.stderr.write(refusalText(file, r.version, to, blockers));
          return EXIT.fail;
        }
        throw e instanceof FormatError ? new InputError(file, e) : e;
      }
      // Notes locate values by position in the source; reports name them by identity, as validate and diff do.
      notes = locateAll(SCHEMAS[r.version], r.state, notes);
      const bytes = encode(state, to);
      await writeOutput(o.output, bytes, { inputs: [file], force: o.force === true, binary: true });
      if (o.json) {
        const dropped = notes.filter((n) => n.feature !== undefined);
        await writeOutput(undefined, `${JSON.stringify({ refused: false, input: file, output: o.output, from: r.version, to, bytes: bytes.length, notes, dropped })}\n`);
      } else if (!o.quiet) {
        const s = styleFor(process.stderr, o.color !== false);
        for (const n of notes) process.stderr.write(`${s.dim(`note: ${n.kind}: ${n.path ? `${n.path}: ` : ''}${n.message}`)}\n`);
      }
      return EXIT.ok;
    }),
  );
}
