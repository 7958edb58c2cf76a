/**
 * The `xenlu` command: validate, inspect, decode/encode, diff and convert Xen live-update dumps;
 * generate synthetic ones; run the verifier and the static compatibility checker; print schemas.
 */
import { isMainThread, workerData } from 'node:worker_threads';
import { Command, CommanderError } from 'commander';
import { EXIT, reportError } from './errors.js';
import { installSignalHandlers } from './signals.js';
import { VALIDATE_WORKER } from './worker-role.js';

const VERSION = '0.1.0';

/** What a command module exports: the function that adds its command to the program. */
type Register = (program: Command) => Command;

/**
 * Each command's module, under the name it runs by, in the order `xenlu --help` lists them. A
 * module is imported when its command runs (the bundle splits them into their own chunks), so a
 * command compiles and evaluates its own code and what it imports, not every command's: loading
 * all of them was most of a one-off `xenlu validate`'s start-up above `node -e 0`.
 */
const COMMANDS: Readonly<Record<string, () => Promise<Register>>> = {
  validate: async () => (await import('./commands/validate.js')).registerValidate,
  inspect: async () => (await import('./commands/inspect.js')).registerInspect,
  decode: async () => (await import('./commands/decode.js')).registerDecode,
  encode: async () => (await import('./commands/encode.js')).registerEncode,
  diff: async () => (await import('./commands/diff.js')).registerDiff,
  convert: async () => (await import('./commands/convert.js')).registerConvert,
  report: async () => (await import('./commands/report.js')).registerReport,
  gen: async () => (await import('./commands/gen.js')).registerGen,
  verify: async () => (await import('./commands/verify.js')).registerVerify,
  compat: async () => (await import('./commands/compat.js')).registerCompat,
  schema: async () => (await import('./commands/schema.js')).registerSchema,
  codegen: async () => (await import('./commands/codegen.js')).registerCodegen,
};

/**
 * The commands `argv` can run. With program options only before the command
 * (enablePositionalOptions) and none that takes a value, a command runs only when it is the first
 * argument: then it is the one command needed, its help and errors being its own. Anything else
 * (no command, --help, --version, an unknown name, which commander answers with a suggestion)
 * needs them all.
 */
function commandsFor(argv: readonly string[]): string[] {
  const first = argv[2];
  return first !== undefined && Object.hasOwn(COMMANDS, first) ? [first] : Object.keys(COMMANDS);
}

async function program(argv: readonly string[]): Promise<Command> {
  const p = new Command('xenlu')
    .description('Validate, inspect, diff and convert Xen live-update dumps (.xlu)')
    .version(VERSION, '-V, --version', 'print the xenlu version')
    .enablePositionalOptions()
    .configureOutput({ outputError: (str, write) => write(`xenlu: ${str.trimEnd().replace(/^error: /, '')} (see --help)\n`) })
    .exitOverride();
  const names = commandsFor(argv);
  const registers = await Promise.all(names.map((name) => COMMANDS[name]!()));
  registers.forEach((register, i) => {
    const cmd = register(p).exitOverride();
    // The table's key is how a command is found before its module loads: it must be its name.
    if (cmd.name() !== names[i]) throw new Error(`xenlu: the command loaded as ${names[i]} is named ${cmd.name()}`);
  });
  return p;
}

async function main(argv: string[]): Promise<void> {
  // Write errors on stdout reach the writer through each write's callback (io.ts): a closed pipe
  // drops the rest of the output and keeps the command's status, anything else is exit 2. The
  // stream's 'error' event must not become an uncaught exception meanwhile.
  process.stdout.on('error', () => {});
  process.stderr.on('error', () => {});
  installSignalHandlers();
  try {
    await (await program(argv)).parseAsync(argv);
  } catch (e) {
    if (e instanceof CommanderError) {
      // Help and --version exit 0; every other parse failure is a usage error.
      process.exitCode = e.exitCode === 0 ? EXIT.ok : EXIT.error;
      return;
    }
    process.exitCode = reportError(e, argv.includes('--debug'));
  }
}

// Not a top-level await: the bundle is CommonJS (bin/xenlu.js compiles it with its code cache),
// and main() settles every error itself. A validate worker runs the same bundle through the same
// launcher, so that it starts from the code cache too; it only answers the files it is sent.
if (!isMainThread && workerData === VALIDATE_WORKER) void import('./commands/validate-worker.js');
else void main(process.argv);
