/**
 * `xenlu convert FILE --to N`: upgrade or downgrade a dump to another schema version. A downgrade
 * that the older version cannot express is refused (exit 1), naming the feature that blocks it.
 */
import type { Command } from 'commander';
import { run } from '../command.js';
import { CliError, EXIT, type ExitCode, InputError, UsageError } from '../errors.js';
import { writeOutput } from '../io.js';
import { ensureHeapFor, readDump } from '../dump.js';
import { DowngradeError, FormatError, type MigrationNote, SCHEMAS, convert, encode, locateAll } from '../lib.js';
import { styleFor } from '../output.js';
import { type CommonOptions, addCommonOptions, addInputLimitOption, addLimitOptions, example, limitsOf, maxInputBytesOf, parseVersion } from '../options.js';

interface ConvertOptions extends CommonOptions {
  readonly to?: string;
  readonly output?: string;
  readonly force?: boolean;
  readonly json?: boolean;
  readonly quiet?: boolean;
}

export function registerConvert(program: Command): Command {
  const cmd = program
    .command('convert')
    .description('upgrade or downgrade a dump to another schema version; refuses, naming the blocking feature, when it cannot be expressed')
    .argument('<file>', 'the dump (- for stdin)')
    .requiredOption('--to <version>', 'target schema version')
    .option('-o, --output <file>', 'write to a file, atomically (default: stdout, if not a terminal)')
    .option('--force', 'allow -o to overwrite the input file')
    .option('--json', 'print a JSON report (versions, notes) on stdout; needs -o')
    .option('-q, --quiet', 'do not print the migration notes on stderr')
    .addHelpText('after', example('xenlu convert dump-v1.xlu --to 3 -o dump-v3.xlu', 'xenlu convert dump.xlu --to 1 -o rollback.xlu   # refused if a domain uses FIFO event channels'));
  addLimitOptions(cmd);
  addInputLimitOption(cmd, 'the largest dump whose decoded state fits the heap');
  addCommonOptions(cmd);
  return cmd.action(
    run(async (c): Promise<ExitCode> => {
      const file = c.args[0]!;
      const o = c.opts<ConvertOptions>();
      const to = parseVersion(o.to!, '--to');
      if (o.json && (o.output === undefined || o.output === '-')) throw new UsageError('--json needs -o FILE: the stream goes there, the report to stdout');
      const limits = limitsOf(o);
      const maxInput = maxInputBytesOf(o);
      const sized = await ensureHeapFor(file);
      if (sized !== undefined) return sized;
      const r = await readDump(file, undefined, limits, maxInput);
      let state;
      let notes: readonly MigrationNote[];
      try {
        ({ state, notes } = convert(r.state, r.version, to));
      } catch (e) {
        if (e instanceof DowngradeError) {
          throw new CliError(`${file}: cannot convert from schema v${r.version} to v${to}: ${e.describe()} (blocked by ${e.feature})`, EXIT.fail);
        }
        throw e instanceof FormatError ? new InputError(file, e) : e;
      }
      // Notes locate values by position in the source; reports name them by identity, as validate and diff do.
      notes = locateAll(SCHEMAS[r.version], r.state, notes);
      const bytes = encode(state, to);
      await writeOutput(o.output, bytes, { inputs: [file], force: o.force === true, binary: true });
      if (o.json) {
        await writeOutput(undefined, `${JSON.stringify({ input: file, output: o.output, from: r.version, to, bytes: bytes.length, notes })}\n`);
      } else if (!o.quiet) {
        const s = styleFor(process.stderr, o.color !== false);
        for (const n of notes) process.stderr.write(`${s.dim(`note: ${n.kind}: ${n.path ? `${n.path}: ` : ''}${n.message}`)}\n`);
      }
      return EXIT.ok;
    }),
  );
}
