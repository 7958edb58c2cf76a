import { spawnSync } from 'node:child_process';
import { afterEach, describe, expect, test } from 'vitest';
import { BIN, FIXTURE, oneLine, xenlu } from './helpers.js';
import { Progress, githubAnnotations, junitXml, plain, styleFor } from '../src/output.js';

const COMMANDS = ['validate', 'inspect', 'decode', 'encode', 'diff', 'convert', 'gen', 'verify', 'compat', 'schema', 'codegen'];
const ESC = '\x1b[';

describe('every command', () => {
  test('is listed by --help, and its own --help shows an example', () => {
    const top = xenlu(['--help']);
    expect(top.status).toBe(0);
    for (const c of COMMANDS) expect(top.stdout).toMatch(new RegExp(`^  ${c} `, 'm'));
    for (const c of COMMANDS) {
      const r = xenlu([c, '--help']);
      expect(r.status, c).toBe(0);
      expect(r.stdout, c).toMatch(/\nExamples?:\n {2}\$ xenlu /);
      expect(r.stdout, c).toMatch(/--debug/);
    }
  });

  test('usage errors: exit 2, one line on stderr, nothing on stdout', () => {
    for (const args of [['frobnicate'], ['validate', '--nope', 'x'], ['diff', 'only-one'], ['convert', FIXTURE(1), '--to']]) {
      const r = xenlu(args);
      expect(r.status, args.join(' ')).toBe(2);
      expect(r.stdout).toBe('');
      expect(oneLine(r.stderr), r.stderr).toBe(true);
      expect(r.stderr).toMatch(/^xenlu: .*\(see --help\)$/m);
    }
    expect(xenlu(['--version']).stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
  });

  test('errors are one line; the stack trace only with --debug', () => {
    const plainErr = xenlu(['decode', '/nonexistent/dump.xlu']);
    expect(plainErr.status).toBe(2);
    expect(plainErr.stderr).toBe('xenlu: /nonexistent/dump.xlu: no such file or directory\n');
    const debug = xenlu(['decode', '--debug', '/nonexistent/dump.xlu']);
    expect(debug.status).toBe(2);
    expect(debug.stderr.split('\n')[0]).toBe('xenlu: /nonexistent/dump.xlu: no such file or directory');
    expect(debug.stderr).toMatch(/\n\s+at /);
  });

  test('piped output has no colour codes, even with errors and findings', () => {
    for (const args of [['validate', FIXTURE(3)], ['diff', FIXTURE(1), FIXTURE(3)], ['inspect', FIXTURE(2)], ['compat']]) {
      const r = xenlu(args);
      expect(r.stdout.includes(ESC), args.join(' ')).toBe(false);
      expect(r.stderr.includes(ESC), args.join(' ')).toBe(false);
    }
  });

  test('a closed pipe ends the command quietly', () => {
    const r = spawnSync('sh', ['-c', `"${process.execPath}" "${BIN}" decode "${FIXTURE(3)}" | head -c 20 >/dev/null`], { encoding: 'utf8' });
    expect(r.stderr).toBe('');
  });
});

describe('colour and progress', () => {
  const saved = process.env['NO_COLOR'];
  afterEach(() => {
    if (saved === undefined) delete process.env['NO_COLOR'];
    else process.env['NO_COLOR'] = saved;
  });

  test('colour only on a terminal, never with NO_COLOR or --no-color', () => {
    delete process.env['NO_COLOR'];
    expect(styleFor({ isTTY: true }).red('x')).toBe('\x1b[31mx\x1b[39m');
    expect(styleFor({ isTTY: false }).red('x')).toBe('x');
    expect(styleFor({ isTTY: true }, false).red('x')).toBe('x');
    process.env['NO_COLOR'] = '1';
    expect(styleFor({ isTTY: true }).red('x')).toBe('x');
    process.env['NO_COLOR'] = '';
    expect(styleFor({ isTTY: true }).enabled).toBe(true);
  });

  test('TERM=dumb: no colour and no progress bar, as with NO_COLOR', () => {
    delete process.env['NO_COLOR'];
    const term = process.env['TERM'];
    try {
      process.env['TERM'] = 'dumb';
      expect(styleFor({ isTTY: true }).red('x')).toBe('x');
      const written: string[] = [];
      const p = new Progress('x', true, { isTTY: true, write: (s: string | Uint8Array) => (written.push(String(s)), true) } as never);
      p.update(1, 2);
      p.done();
      expect(written).toEqual([]);
      process.env['TERM'] = 'xterm-256color';
      expect(styleFor({ isTTY: true }).enabled).toBe(true);
    } finally {
      if (term === undefined) delete process.env['TERM'];
      else process.env['TERM'] = term;
    }
  });

  test('TERM=dumb on a real terminal: the binary writes no escape sequences', () => {
    // script(1) gives the command a pseudo-terminal, so only TERM decides.
    const cmd = `"${process.execPath}" "${BIN}" diff "${FIXTURE(1)}" "${FIXTURE(3)}"`;
    const onTty = (term: string) => spawnSync('script', ['-qec', cmd, '/dev/null'], { encoding: 'utf8', env: { ...process.env, TERM: term, NO_COLOR: '' } });
    const colour = onTty('xterm');
    expect(colour.stdout).toContain('\x1b[');
    const dumb = onTty('dumb');
    expect(dumb.stdout).toContain('+++');
    expect(dumb.stdout).not.toContain('\x1b');
  });

  test('the progress bar writes only to a terminal, and clears its line', () => {
    const written: string[] = [];
    const tty = { isTTY: true, write: (s: string | Uint8Array) => (written.push(String(s)), true) };
    const p = new Progress('diffing', true, tty as never);
    p.update(50, 100, '50 bytes');
    p.done();
    expect(written[0]).toMatch(/^\r\x1b\[2Kdiffing \[#{15}\.{15}\] +50% 50 bytes$/);
    expect(written.at(-1)).toBe('\r\x1b[2K');
    const quiet: string[] = [];
    const pipe = { isTTY: false, write: (s: string | Uint8Array) => (quiet.push(String(s)), true) };
    const q = new Progress('x', true, pipe as never);
    q.update(1, 2);
    q.done();
    expect(quiet).toEqual([]);
  });
});

describe('report formats', () => {
  test('JSON values: u64 as exact decimal strings, blobs as hex', () => {
    expect(plain({ a: 18446744073709551615n, b: new Uint8Array([0, 171, 255]), c: [1n], d: undefined })).toEqual({ a: '18446744073709551615', b: '00abff', c: ['1'] });
  });

  test('GitHub annotations escape what workflow commands need escaped', () => {
    const out = githubAnnotations([{ name: 'a,b:c.xlu', ok: false, items: [{ rule: 'r.x', severity: 'error', message: '50% bad\nsecond', where: 'p' }, { rule: 'w', severity: 'warning', message: 'm' }] }]);
    expect(out).toBe('::error file=a%2Cb%3Ac.xlu,title=r.x::p: 50%25 bad%0Asecond\n::warning file=a%2Cb%3Ac.xlu,title=w::m\n');
  });

  test('JUnit XML escapes and counts failures', () => {
    const xml = junitXml('t', [
      { name: 'ok.xlu', ok: true, items: [] },
      { name: 'bad<1>.xlu', ok: false, items: [{ rule: 'r', severity: 'error', message: 'a & b' }] },
    ]);
    expect(xml).toMatch(/<testsuites name="t" tests="2" failures="1">/);
    expect(xml).toMatch(/<testsuite name="bad&lt;1&gt;\.xlu" tests="1" failures="1">/);
    expect(xml).toMatch(/<failure type="r" message="a &amp; b"\/>/);
  });
});
