/**
 * `xenlu encode JSON`: the JSON form of a state (as `decode` writes it) back to a canonical dump,
 * of the schema version of the stream it was read from (`stream_schema_version`), never another
 * one unless `--version` says so.
 */
import type { Command } from 'commander';
import { run } from '../command.js';
import { EXIT, type ExitCode, InputError, UsageError } from '../errors.js';
import { readTextInput, writeOutput } from '../io.js';
import { FormatError, StateError, encode, encodeAsRead, fromJson } from '../lib.js';
import { type CommonOptions, addCommonOptions, addInputLimitOption, example, maxInputBytesOf, parseVersion } from '../options.js';
import { readStateDocument } from './state-document.js';

interface EncodeOptions extends CommonOptions {
  readonly version?: string;
  readonly output?: string;
  readonly force?: boolean;
  readonly json?: boolean;
}

export function registerEncode(program: Command): Command {
  const cmd = program
    .command('encode')
    .description('turn the JSON form of a state back into a dump (canonical bytes)')
    .argument('<json>', 'the JSON (- for stdin)')
    .option('--version <version>', 'schema version of a JSON state without "schema_version"; with one that has "stream_schema_version", write the state\u2019s own version instead of the stream\u2019s')
    .option('-o, --output <file>', 'write to a file, atomically (default: stdout, if not a terminal)')
    .option('--force', 'allow -o to overwrite an input file')
    .option('--json', 'print a JSON summary of what was written (needs -o)')
    .addHelpText('after', example('xenlu decode dump.xlu | xenlu encode - -o copy.xlu', 'xenlu encode --version 3 fixtures/v3/example.json -o example.xlu'));
  addInputLimitOption(cmd, 'a quarter of the heap, at most 512 MiB, the longest JavaScript string');
  addCommonOptions(cmd);
  return cmd.action(
    run(async (c): Promise<ExitCode> => {
      const file = c.args[0]!;
      const o = c.opts<EncodeOptions>();
      const versionOption = o.version === undefined ? undefined : parseVersion(o.version, '--version');
      if (o.json && (o.output === undefined || o.output === '-')) throw new UsageError('--json needs -o FILE: the stream goes there, the summary to stdout');
      const text = await readTextInput(file, maxInputBytesOf(o), '--max-input-bytes');
      let parsed: unknown;
      try {
        parsed = JSON.parse(text);
      } catch (e) {
        throw new InputError(file, new StateError('bad-json', `not JSON: ${(e as Error).message}`));
      }
      const doc = readStateDocument(parsed, versionOption);
      const { version, write } = doc;
      let bytes: Uint8Array;
      try {
        const state = fromJson(doc.state, version);
        bytes = write === version ? encode(state, version) : encodeAsRead(state, version, write);
      } catch (e) {
        if (!(e instanceof FormatError)) throw e;
        if (write === version) throw new InputError(file, e);
        // The header the user gets must be the one the stream had, or one they asked for.
        throw new InputError(file, new StateError(e.code, `${e.message}; \`--version ${version}\` writes a schema v${version} stream instead`, e.location));
      }
      if (doc.streamVersion !== write) {
        process.stderr.write(`xenlu: note: ${file}: the state was read from a schema v${doc.streamVersion} stream; written as schema v${write}, as --version ${write} asks\n`);
      }
      await writeOutput(o.output, bytes, { inputs: [file], force: o.force === true, binary: true });
      if (o.json) await writeOutput(undefined, `${JSON.stringify({ output: o.output, version: write, bytes: bytes.length })}\n`);
      return EXIT.ok;
    }),
  );
}
