#!/usr/bin/env node
/**
 * The `xenlu` command: validate, inspect, decode/encode, diff and convert Xen live-update dumps;
 * generate synthetic ones; run the verifier and the static compatibility checker; print schemas.
 */
import { Command, CommanderError } from 'commander';
import { EXIT, reportError } from './errors.js';
import { registerCodegen } from './commands/codegen.js';
import { registerCompat } from './commands/compat.js';
import { registerConvert } from './commands/convert.js';
import { registerDecode } from './commands/decode.js';
import { registerDiff } from './commands/diff.js';
import { registerEncode } from './commands/encode.js';
import { registerGen } from './commands/gen.js';
import { registerInspect } from './commands/inspect.js';
import { registerReport } from './commands/report.js';
import { registerSchema } from './commands/schema.js';
import { registerValidate } from './commands/validate.js';
import { registerVerify } from './commands/verify.js';
import { installSignalHandlers } from './signals.js';

const VERSION = '0.1.0';

function program(): Command {
  const p = new Command('xenlu')
    .description('Validate, inspect, diff and convert Xen live-update dumps (.xlu)')
    .version(VERSION, '-V, --version', 'print the xenlu version')
    .enablePositionalOptions()
    .configureOutput({ outputError: (str, write) => write(`xenlu: ${str.trimEnd().replace(/^error: /, '')} (see --help)\n`) })
    .exitOverride();
  for (const register of [
    registerValidate, registerInspect, registerDecode, registerEncode, registerDiff, registerConvert,
    registerReport, registerGen, registerVerify, registerCompat, registerSchema, registerCodegen,
  ]) {
    register(p).exitOverride();
  }
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
    await program().parseAsync(argv);
  } catch (e) {
    if (e instanceof CommanderError) {
      // Help and --version exit 0; every other parse failure is a usage error.
      process.exitCode = e.exitCode === 0 ? EXIT.ok : EXIT.error;
      return;
    }
    process.exitCode = reportError(e, argv.includes('--debug'));
  }
}

await main(process.argv);
