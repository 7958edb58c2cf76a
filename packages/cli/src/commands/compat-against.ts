/**
 * `compat --against REF`: the schema modules as they are in a git ref and in the working tree,
 * each compiled from its TypeScript source (with the workspace's `typescript`) into a temporary
 * directory and loaded, so that an edited schema is checked without a build, as `buf breaking
 * --against` does.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { CliError, EXIT, UsageError } from '../errors.js';
import { importFile } from '../import-file.js';
import type { SchemaVersion } from '../lib.js';

/** Where the schema modules live, relative to the repository root. */
export const SCHEMA_DIR = 'packages/format/src/schema';

/** The schema versions one tree defines, by number, with the file that defines each. */
export interface SchemaTree {
  readonly label: string;
  readonly versions: ReadonlyMap<number, { readonly schema: SchemaVersion; readonly file: string }>;
}

function git(args: readonly string[], cwd: string): string {
  try {
    return execFileSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 64 << 20 });
  } catch (e) {
    const err = e as { stderr?: string; code?: string };
    const why = err.code === 'ENOENT' ? 'git is not installed' : (err.stderr ?? String(e)).trim().split('\n')[0];
    throw new CliError(`--against: git ${args.join(' ')}: ${why}`, EXIT.error);
  }
}

type TypeScript = typeof import('typescript');

async function typescript(): Promise<TypeScript> {
  try {
    return ((await import('typescript')) as { default: TypeScript }).default;
  } catch {
    throw new CliError('--against compiles the schema sources with the `typescript` package, which is not installed here (it is a devDependency of the xenlu workspace)', EXIT.error);
  }
}

export function isSchemaVersion(v: unknown): v is SchemaVersion {
  if (typeof v !== 'object' || v === null) return false;
  const s = v as Partial<SchemaVersion>;
  return typeof s.version === 'number' && typeof s.sections === 'object' && s.records instanceof Map && s.host !== undefined && s.end !== undefined;
}

/**
 * Compiles `sources` (file name -> TypeScript) into `dir` and collects the schema versions their
 * modules export. Each tree gets its own directory: ES modules are cached by URL.
 */
async function loadTree(label: string, sources: ReadonlyMap<string, string>, dir: string, ts: TypeScript): Promise<SchemaTree> {
  writeFileSync(join(dir, 'package.json'), '{"type":"module"}\n');
  // The schema modules import zod: give them the one @xenlu/format uses.
  const zodDir = dirname(createRequire(import.meta.resolve('@xenlu/format')).resolve('zod/package.json'));
  mkdirSync(join(dir, 'node_modules'));
  symlinkSync(zodDir, join(dir, 'node_modules', 'zod'), 'dir');
  for (const [name, text] of sources) {
    const out = ts.transpileModule(text, {
      fileName: name,
      compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022, verbatimModuleSyntax: true },
    });
    writeFileSync(join(dir, name.replace(/\.ts$/, '.js')), out.outputText);
  }
  const versions = new Map<number, { schema: SchemaVersion; file: string }>();
  // index.ts re-exports the versions: load it last, so that each is named by its defining file.
  const order = [...sources.keys()].sort((a, b) => Number(a === 'index.ts') - Number(b === 'index.ts') || a.localeCompare(b));
  for (const name of order) {
    let mod: Record<string, unknown>;
    try {
      mod = await importFile(join(dir, name.replace(/\.ts$/, '.js')));
    } catch (e) {
      throw new CliError(`${label}:${SCHEMA_DIR}/${name}: cannot load: ${(e as Error).message.split('\n')[0]}`, EXIT.error);
    }
    for (const v of Object.values(mod)) {
      if (!isSchemaVersion(v)) continue;
      const seen = versions.get(v.version);
      if (seen && seen.schema !== v) {
        throw new UsageError(`${label}: ${seen.file} and ${name} both define schema version ${v.version}; give the edited copy its own version number`);
      }
      versions.set(v.version, { schema: v, file: seen?.file ?? name });
    }
  }
  return { label, versions };
}

const isModule = (name: string) => name.endsWith('.ts') && !name.endsWith('.d.ts');

/** The schema trees of `ref` and of the working tree of the repository holding the current directory. */
export async function loadAgainst(ref: string): Promise<{ old: SchemaTree; current: SchemaTree }> {
  const ts = await typescript();
  const top = git(['rev-parse', '--show-toplevel'], process.cwd()).trim();
  const refNames = git(['ls-tree', '--name-only', `${ref}:${SCHEMA_DIR}`], top).split('\n').filter(isModule);
  const refSources = new Map(refNames.map((n) => [n, git(['show', `${ref}:${SCHEMA_DIR}/${n}`], top)] as const));
  let workNames: string[];
  try {
    workNames = readdirSync(join(top, SCHEMA_DIR)).filter(isModule);
  } catch {
    throw new CliError(`--against: ${join(top, SCHEMA_DIR)}: no schema sources in this working tree`, EXIT.error);
  }
  const workSources = new Map(workNames.map((n) => [n, readFileSync(join(top, SCHEMA_DIR, n), 'utf8')] as const));
  const tmp = mkdtempSync(join(tmpdir(), 'xenlu-compat-'));
  try {
    mkdirSync(join(tmp, 'ref'));
    mkdirSync(join(tmp, 'work'));
    const old = await loadTree(ref, refSources, join(tmp, 'ref'), ts);
    const current = await loadTree('working tree', workSources, join(tmp, 'work'), ts);
    return { old, current };
  } finally {
    // Loaded modules stay in memory; the files are no longer needed.
    rmSync(tmp, { recursive: true, force: true });
  }
}

/**
 * The pairs to check: each version in both trees against itself (an edit to a released version),
 * and each version only in the working tree against the newest of the ref below it (a new version).
 */
export function againstPairs(old: SchemaTree, current: SchemaTree): [SchemaVersion, SchemaVersion][] {
  const pairs: [SchemaVersion, SchemaVersion][] = [];
  const oldVersions = [...old.versions.keys()].sort((a, b) => a - b);
  for (const v of [...current.versions.keys()].sort((a, b) => a - b)) {
    const next = current.versions.get(v)!.schema;
    const same = old.versions.get(v);
    const below = oldVersions.filter((x) => x < v).at(-1);
    const prev = same?.schema ?? (below === undefined ? undefined : old.versions.get(below)!.schema);
    if (prev) pairs.push([prev, next]);
  }
  return pairs;
}
