/**
 * `xenlu decode FILE`: the dump as JSON (u64 as exact decimal strings, blobs as hex), with its
 * schema version, so that `xenlu decode x.xlu | xenlu encode -` gives back the same bytes.
 */
import type { Command } from 'commander';
import { run } from '../command.js';
import { EXIT, type ExitCode } from '../errors.js';
import { writeOutput } from '../io.js';
import { readDump } from '../dump.js';
import { toJson } from '../lib.js';
import { type CommonOptions, addCommonOptions, addLimitOptions, example, limitsOf, parseVersion } from '../options.js';
import { stateDocument } from './state-document.js';

interface DecodeOptions extends CommonOptions {
  readonly as?: string;
  readonly compact?: boolean;
  readonly output?: string;
  readonly force?: boolean;
}

export function registerDecode(program: Command): Command {
  const cmd = program
    .command('decode')
    .description('print a dump as JSON (u64 as decimal strings, blobs as hex)')
    .argument('<file>', 'the dump (- for stdin)')
    .option('--as <version>', 'read as a reader of this schema version (default: the stream\u2019s own)')
    .option('--compact', 'one line instead of indented JSON')
    .option('-o, --output <file>', 'write to a file, atomically (default: stdout)')
    .option('--force', 'allow -o to overwrite an input file')
    .option('--json', 'accepted for uniformity: the output is always JSON')
    .addHelpText('after', example("xenlu decode fixtures/v3/example.xlu | jq '.domains[1].domain'", 'xenlu decode dump.xlu | xenlu encode - -o copy.xlu    # same bytes'));
  addLimitOptions(cmd);
  addCommonOptions(cmd);
  return cmd.action(
    run(async (c): Promise<ExitCode> => {
      const file = c.args[0]!;
      const o = c.opts<DecodeOptions>();
      const r = await readDump(file, o.as === undefined ? undefined : parseVersion(o.as, '--as'), limitsOf(o));
      const doc = stateDocument(r.version, toJson(r.state, r.version));
      const text = `${JSON.stringify(doc, null, o.compact ? undefined : 2)}\n`;
      await writeOutput(o.output, text, { inputs: [file], force: o.force === true });
      return EXIT.ok;
    }),
  );
}
