/** `xenlu codegen c`: the C header of a schema version, for the serializer and restorer in Xen. */
import type { Command } from 'commander';
import { run } from '../command.js';
import { EXIT, type ExitCode, UsageError } from '../errors.js';
import { writeOutput } from '../io.js';
import { LATEST_VERSION, cHeader, cHeaderFileName } from '../lib.js';
import { type CommonOptions, addCommonOptions, example, parseVersion } from '../options.js';

interface CodegenOptions extends CommonOptions {
  readonly version?: string;
  readonly output?: string;
  readonly json?: boolean;
}

const LANGUAGES = ['c'] as const;

export function registerCodegen(program: Command): Command {
  const cmd = program
    .command('codegen')
    .description('generate code from the schema: the C header (record types, field numbers, limits)')
    .argument('<language>', `target language: ${LANGUAGES.join(', ')}`)
    .option('--version <version>', 'schema version', String(LATEST_VERSION))
    .option('-o, --output <file>', 'write to a file, atomically (default: stdout)')
    .option('--json', 'print {"file", "text"} as JSON')
    .addHelpText('after', example('xenlu codegen c --version 3 -o xenlu_v3.h'));
  addCommonOptions(cmd);
  return cmd.action(
    run(async (c): Promise<ExitCode> => {
      const lang = c.args[0]!;
      const o = c.opts<CodegenOptions>();
      if (!(LANGUAGES as readonly string[]).includes(lang)) throw new UsageError(`unknown language ${JSON.stringify(lang)}: one of ${LANGUAGES.join(', ')}`);
      const version = parseVersion(o.version ?? String(LATEST_VERSION), '--version');
      const text = cHeader(version);
      await writeOutput(o.output, o.json ? `${JSON.stringify({ file: cHeaderFileName(version), text })}\n` : text);
      return EXIT.ok;
    }),
  );
}
