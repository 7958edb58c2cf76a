/**
 * Builds the reference C code (interop/c) once per test process with the project's flags (the
 * library objects freestanding, as Xen builds hypervisor code; the drivers hosted), and runs its
 * programs under valgrind. A missing compiler, nm or valgrind fails the tests with the command
 * that installs them: CI runs interop/setup.sh, nothing is skipped silently.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { VERSIONS } from '@xenlu/format';
import { cWriterSourceFileName } from '../../packages/format/src/codegen/c-writer.js';

export const C_DIR = fileURLToPath(new URL('../c/', import.meta.url));
export const REPO = fileURLToPath(new URL('../../', import.meta.url));

export interface CBuild {
  readonly dir: string;
  readonly write: string;
  readonly read: string;
  readonly unit: string;
}

export interface CRun {
  readonly status: number;
  readonly stdout: string;
  readonly stderr: string;
}

function requireTool(cmd: string, args: string[], what: string): void {
  const r = spawnSync(cmd, args, { encoding: 'utf8' });
  if (r.error || r.status !== 0) {
    throw new Error(`${what} is missing: run \`bash interop/setup.sh\` (as root) to install gcc, binutils, valgrind and zlib1g-dev`);
  }
}

let built: CBuild | undefined;

export function buildC(): CBuild {
  if (built) return built;
  requireTool('gcc', ['--version'], 'gcc');
  requireTool('make', ['--version'], 'make');
  requireTool('valgrind', ['--version'], 'valgrind');
  requireTool('nm', ['--version'], 'nm (binutils)');
  const dir = mkdtempSync(join(tmpdir(), 'xenlu-c-'));
  execFileSync('make', ['-s', '-C', C_DIR, `O=${dir}`], { stdio: ['ignore', 'pipe', 'pipe'] });
  built = { dir, write: join(dir, 'xlu-write'), read: join(dir, 'xlu-read'), unit: join(dir, 'xlu-unit') };
  return built;
}

/** The library objects: built freestanding, linked into every driver; a generated serializer per schema version. */
export const LIB_OBJECTS: readonly string[] = [
  'xlu_crc32.o', 'xlu_writer.o', ...VERSIONS.map((v) => cWriterSourceFileName(v).replace(/\.c$/, '.o')), 'xlu_reader.o', 'xlu_mp.o',
];

/** Xen's flags for hypervisor code, as issue 11 and docs/C-INTEGRATION.md name them. */
export const XEN_FLAGS = [
  '-std=gnu99', '-ffreestanding', '-fno-builtin', '-nostdinc', '-O1', '-Werror', '-Wall', '-Wdeclaration-after-statement',
  '-Wredundant-decls', '-msoft-float', '-mno-sse', '-fno-pie', '-mno-red-zone',
] as const;

/** Exit status valgrind reports when it found a memory error. */
export const VALGRIND_ERROR = 99;

/** Runs a built program under valgrind (memcheck, leak check); a memory error makes status 99. */
export function valgrind(program: string, args: readonly string[]): CRun {
  const r = spawnSync('valgrind', ['-q', `--error-exitcode=${VALGRIND_ERROR}`, '--leak-check=full', '--errors-for-leak-kinds=definite', program, ...args], {
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
  });
  if (r.error) throw r.error;
  return { status: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}
