/**
 * Every command in README.md and docs/*.md runs as written. Blocks tagged `sh` run as one script
 * each (set -e: every line must succeed); blocks tagged `console` are transcripts: each `$ command`
 * runs, and its output (stdout and stderr together) and exit status (`[exit N]`, default 0) must be
 * what the transcript shows, a line `...` standing for any lines. Other blocks (`text`, untagged,
 * languages) are not run, so they may not hold a `$ ` prompt. Commands run in a scratch folder that
 * holds the repository's top level (fixtures, packages, scripts ... linked; interop/ copied, since
 * `make` writes into it), with the workspace's `xenlu` on PATH and `pnpm` as `npx -y pnpm@10`.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, cpSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT } from './helpers.js';

/** Commands not run here, each with why; the reason is printed when it is passed over. */
const NOT_RUN: Readonly<Record<string, string>> = {
  'npx -y pnpm@10 install --frozen-lockfile && npx -y pnpm@10 demo': 'README command 1: CI runs it on a fresh clone (.ci/run)',
  'npx -y pnpm@10 install --frozen-lockfile && npx -y pnpm@10 test': 'README command 2: this test is part of it',
  'npx -y pnpm@10 install --frozen-lockfile && npx -y pnpm@10 build': 'the install and build this test suite runs after',
  'pnpm verify': 'the CI suite .ci/suites/verify.sh runs it',
};

interface Block {
  readonly file: string;
  readonly line: number;
  readonly lang: string;
  readonly body: readonly string[];
}

function blocksOf(file: string): Block[] {
  const lines = readFileSync(join(ROOT, file), 'utf8').split('\n');
  const out: Block[] = [];
  // Fences may be indented (a block inside a list item); the body loses that indentation.
  let open: { line: number; lang: string; indent: string; body: string[] } | undefined;
  lines.forEach((l, i) => {
    const fence = /^(\s*)```(\S*)/.exec(l);
    if (!fence) {
      open?.body.push(l.startsWith(open.indent) ? l.slice(open.indent.length) : l);
      return;
    }
    if (open) {
      const { indent: _, ...block } = open;
      out.push({ file, ...block });
      open = undefined;
    } else open = { line: i + 1, lang: fence[2]!, indent: fence[1]!, body: [] };
  });
  return out;
}

const DOCS = ['README.md', ...readdirSync(join(ROOT, 'docs')).filter((f) => f.endsWith('.md')).sort().map((f) => `docs/${f}`)];
const BLOCKS = DOCS.flatMap(blocksOf);

// ---- the scratch folder ----------------------------------------------------------------------

const scratch = mkdtempSync(join(tmpdir(), 'xenlu-docs-'));
const work = join(scratch, 'repo');
const bin = join(scratch, 'bin');
mkdirSync(work);
mkdirSync(bin);
for (const entry of readdirSync(ROOT)) {
  if (entry === '.git' || entry === 'interop') continue;
  symlinkSync(join(ROOT, entry), join(work, entry));
}
cpSync(join(ROOT, 'interop'), join(work, 'interop'), { recursive: true, filter: (p) => !/\/build(\/|$)/.test(p) });
writeFileSync(join(bin, 'pnpm'), '#!/bin/sh\nexec npx -y pnpm@10 "$@"\n');
chmodSync(join(bin, 'pnpm'), 0o755);
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function sh(script: string) {
  const env: NodeJS.ProcessEnv = { ...process.env, PATH: `${bin}:${join(ROOT, 'node_modules/.bin')}:${process.env['PATH']}`, NO_COLOR: '1', TERM: 'dumb' };
  delete env['FORCE_COLOR'];
  const r = spawnSync('bash', ['-o', 'pipefail', '-c', script], { cwd: work, env, encoding: 'utf8', timeout: 300_000, maxBuffer: 64 << 20 });
  if (r.error) throw r.error;
  return { status: r.status, output: r.stdout };
}

/** Lines of `actual` against `expected`, where an expected line `...` matches any run of lines. */
function matches(expected: readonly string[], actual: readonly string[]): boolean {
  const go = (i: number, j: number): boolean => {
    if (i === expected.length) return j === actual.length;
    if (expected[i] === '...') {
      for (let k = j; k <= actual.length; k++) if (go(i + 1, k)) return true;
      return false;
    }
    return j < actual.length && expected[i]!.trimEnd() === actual[j]!.trimEnd() && go(i + 1, j + 1);
  };
  return go(0, 0);
}

interface Step {
  readonly command: string;
  readonly expected: string[];
  readonly exit: number;
  readonly line: number;
}

function transcript(b: Block): Step[] {
  const steps: { command: string; expected: string[]; exit: number; line: number }[] = [];
  b.body.forEach((l, i) => {
    if (l.startsWith('$ ')) steps.push({ command: l.slice(2), expected: [], exit: 0, line: b.line + 1 + i });
    else if (steps.length) {
      const exit = /^\[exit (\d+)[\];]/.exec(l);
      if (exit) steps.at(-1)!.exit = Number(exit[1]);
      else steps.at(-1)!.expected.push(l);
    }
  });
  for (const s of steps) while (s.expected.length && s.expected.at(-1)!.trim() === '') s.expected.pop();
  return steps;
}

const stripComment = (l: string) => l.replace(/\s+#\s.*$/, '').trimEnd();

describe('the commands of the docs run as written', () => {
  it('commands stand only in runnable blocks (sh, console)', () => {
    // A prompt anywhere but a transcript, or a command line in an untagged block (synopses are `text`).
    const command = (lang: string, l: string) => l.startsWith('$ ') || (lang === '' && /^(xenlu|pnpm|npx|node|make|bash) /.test(l));
    const hidden = BLOCKS.filter((b) => b.lang !== 'sh' && b.lang !== 'console').flatMap((b) =>
      b.body.flatMap((l, i) => (command(b.lang, l) ? [`${b.file}:${b.line + 1 + i}: ${l}`] : [])));
    expect(hidden).toEqual([]);
    expect(BLOCKS.filter((b) => b.lang === 'sh' || b.lang === 'console').length).toBeGreaterThan(4);
  });

  for (const b of BLOCKS.filter((x) => x.lang === 'sh')) {
    it(`${b.file}:${b.line} (sh)`, () => {
      const lines = b.body.map(stripComment).filter((l) => l.trim() !== '' && !l.trim().startsWith('#'));
      const run = lines.filter((l) => {
        const why = NOT_RUN[l.trim()];
        if (why) console.log(`not run: ${b.file}:${b.line}: ${l.trim()}: ${why}`);
        return !why;
      });
      if (run.length === 0) return;
      const r = sh(`set -e\n${run.join('\n')}`);
      expect(r.status, `${b.file}:${b.line}\n${run.join('\n')}\n---\n${r.output}`).toBe(0);
    }, 600_000);
  }

  for (const b of BLOCKS.filter((x) => x.lang === 'console')) {
    it(`${b.file}:${b.line} (console)`, () => {
      const steps = transcript(b);
      expect(steps.length).toBeGreaterThan(0);
      const regenerated: string[] = [];
      let stale = false;
      for (const s of steps) {
        const r = sh(`${s.command} 2>&1`);
        const got = r.output === '' ? [] : r.output.replace(/\n$/, '').split('\n');
        const ok = r.status === s.exit && matches(s.expected, got);
        stale ||= !ok;
        regenerated.push(`$ ${s.command}`, ...(ok ? s.expected : got), `[exit ${r.status}]`, '');
        if (process.env['UPDATE_DOC_TRANSCRIPTS'] === '1') continue;
        expect({ status: r.status, ok }, `${b.file}:${s.line}: $ ${s.command}\n--- expected\n${s.expected.join('\n')}\n--- got\n${r.output}`)
          .toEqual({ status: s.exit, ok: true });
      }
      // UPDATE_DOC_TRANSCRIPTS=1 rewrites a stale transcript with what the commands print now.
      if (stale && process.env['UPDATE_DOC_TRANSCRIPTS'] === '1') {
        const path = join(ROOT, b.file);
        const lines = readFileSync(path, 'utf8').split('\n');
        const indent = /^\s*/.exec(lines[b.line - 1]!)![0];
        lines.splice(b.line, b.body.length, ...regenerated.slice(0, -1).map((l) => (l === '' ? l : indent + l)));
        writeFileSync(path, lines.join('\n'));
      }
    }, 600_000);
  }
});
