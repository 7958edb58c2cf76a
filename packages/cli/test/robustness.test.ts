/**
 * The CLI on hostile input and under crashes: bad dumps give one line with the location and
 * exit 1 (a stack trace only with --debug); an output file is replaced atomically, so a run
 * killed in the middle of writing leaves the old file intact and nothing that breaks a rerun;
 * an input file is never overwritten without --force.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { craftedInputs } from '@xenlu/format/testing';
import { BIN, FIXTURE, ROOT, oneLine, scratch, xenlu } from './helpers.js';

const work = scratch('robustness');
const OLD = 'the old contents of existing.json\n';
let big: string;
/** What a clean `decode big -o ...` writes. */
let reference: Buffer;

beforeAll(() => {
  big = work.path('big.xlu');
  const gen = xenlu(['gen', '--profile', 'host', '--seed', '3', '-o', big]);
  expect(gen.status, gen.stderr).toBe(0);
  const ref = work.path('reference.json');
  const r = xenlu(['decode', big, '-o', ref]);
  expect(r.status, r.stderr).toBe(0);
  reference = readFileSync(ref);
  expect(reference.length).toBeGreaterThan(1 << 20);
});

afterAll(() => work.cleanup());

function run(args: readonly string[], extraNodeArgs: readonly string[] = [], env: Record<string, string> = {}): ChildProcess {
  return spawn(process.execPath, [...extraNodeArgs, BIN, ...args], { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
}

function exited(child: ChildProcess): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  return new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
}

async function waitFor(test: () => boolean, ms: number): Promise<boolean> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (test()) return true;
    await new Promise((r) => setTimeout(r, 5));
  }
  return test();
}

/** Temporary files of the atomic writer left in `dir` (by a killed run). */
function leftovers(dir: string, target: string): string[] {
  return readdirSync(dir).filter((f) => f.startsWith(`.${target}.`) && f.endsWith('.tmp'));
}

/**
 * A preload that stops the CLI half-way through writing any `.tmp` file: it writes the first half
 * of the buffer, drops a marker, and blocks until the test kills the process. So the kill lands
 * in the middle of the write, every time, whatever the machine's speed.
 */
const STALL = `
const fs = require('node:fs');
const { syncBuiltinESMExports } = require('node:module');
const tmpFds = new Set();
const openSync = fs.openSync;
fs.openSync = function (path, ...rest) {
  const fd = openSync.call(fs, path, ...rest);
  if (String(path).endsWith('.tmp')) tmpFds.add(fd);
  return fd;
};
const writeSync = fs.writeSync;
fs.writeSync = function (fd, buffer, offset, length, ...rest) {
  if (tmpFds.has(fd) && typeof buffer !== 'string' && typeof length === 'number' && length > 1) {
    const half = Math.floor(length / 2);
    writeSync.call(fs, fd, buffer, offset, half);
    fs.writeFileSync(process.env.XENLU_TEST_MARKER, String(half));
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0);
  }
  return writeSync.call(fs, fd, buffer, offset, length, ...rest);
};
syncBuiltinESMExports();
`;

describe('atomic outputs under SIGKILL', () => {
  it('killed in the middle of writing a large output: the old file is intact, and a rerun works', async () => {
    const target = work.path('existing.json');
    writeFileSync(target, OLD);
    const preload = work.path('stall.cjs');
    writeFileSync(preload, STALL);
    const marker = work.path('mid-write');
    const child = run(['decode', big, '-o', target], ['--require', preload], { XENLU_TEST_MARKER: marker });
    const done = exited(child);
    // The marker exists before its content is in: wait for the content.
    expect(await waitFor(() => existsSync(marker) && readFileSync(marker, 'utf8') !== '', 60_000)).toBe(true);
    // Mid-write: half of the new output sits in the temporary file beside the target.
    const tmp = leftovers(work.dir, 'existing.json');
    expect(tmp.length).toBe(1);
    const written = statSync(work.path(tmp[0]!)).size;
    expect(written).toBe(Number(readFileSync(marker, 'utf8')));
    expect(written).toBeGreaterThan(0);
    expect(written).toBeLessThan(reference.length);
    child.kill('SIGKILL');
    expect((await done).signal).toBe('SIGKILL');
    expect(readFileSync(target, 'utf8')).toBe(OLD);

    // The killed run's temporary file is hidden and does not stand in the way of a rerun.
    const again = xenlu(['decode', big, '-o', target]);
    expect(again.status, again.stderr).toBe(0);
    expect(readFileSync(target).equals(reference)).toBe(true);
    const stillThere = leftovers(work.dir, 'existing.json');
    expect(stillThere.every((f) => tmp.includes(f))).toBe(true);
  });

  it('killed at any moment, the output is the old file or the whole new one, never a mix', async () => {
    const target = work.path('raced.json');
    for (const delay of [50, 150, 300, 500, 800, 1200, 1800, 2600]) {
      writeFileSync(target, OLD);
      const child = run(['decode', big, '-o', target]);
      const done = exited(child);
      const timer = setTimeout(() => child.kill('SIGKILL'), delay);
      const { code } = await done;
      clearTimeout(timer);
      const now = readFileSync(target);
      const isOld = now.toString('utf8') === OLD;
      const isNew = now.equals(reference);
      expect(isOld || isNew, `killed after ${delay} ms (exit ${code}): ${now.length} bytes, neither old nor new`).toBe(true);
      if (code === 0) expect(isNew).toBe(true);
    }
  });
});

describe('bad input', () => {
  const golden = readFileSync(FIXTURE(3));
  const damaged: [string, Uint8Array][] = [
    ['truncated', golden.subarray(0, 1000)],
    ['one bit flipped', (() => {
      const b = Uint8Array.from(golden);
      b[b.length >> 1]! ^= 0x10;
      return b;
    })()],
    ['empty', new Uint8Array(0)],
    ['not a dump', new TextEncoder().encode('{"this": "is json"}\n')],
    ...craftedInputs(new Uint8Array(golden))
      .filter((c) => c.expect !== 'ok' && c.bytes.length > 0 && c.bytes.length < 4 << 20)
      .slice(0, 5)
      .map((c): [string, Uint8Array] => [c.name, c.bytes]),
  ];

  damaged.forEach(([name, bytes], i) => {
    it(`${name}: exit 1, one line with the location, no stack trace`, () => {
      const file = work.path(`bad-${name.replace(/[^a-z0-9]+/gi, '-')}.xlu`);
      writeFileSync(file, bytes);
      const r = xenlu(['decode', file]);
      expect(r.status).toBe(1);
      expect(r.stdout).toBe('');
      expect(oneLine(r.stderr), r.stderr).toBe(true);
      expect(r.stderr).toMatch(/^xenlu: .*offset \d+/);
      expect(r.stderr).not.toMatch(/\n\s+at /);
      if (i < 3) {
        const v = xenlu(['validate', file]);
        expect(v.status).toBe(1);
        expect(v.stdout + v.stderr).toMatch(/offset \d+/);
        expect(v.stdout + v.stderr).not.toMatch(/\n\s+at /);
      }
    });
  });

  it('--debug adds the stack trace', () => {
    const file = work.path('bad-debug.xlu');
    writeFileSync(file, golden.subarray(0, 1000));
    const r = xenlu(['decode', file, '--debug']);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/^xenlu: .*offset \d+/);
    expect(r.stderr).toMatch(/\n\s+at /);
  });

  it('the fuzz crashers: one line, the expected exit status', () => {
    const dir = `${ROOT}fixtures/crashers/`;
    const names = readdirSync(dir).filter((f) => f.endsWith('.xlu'));
    expect(names.length).toBeGreaterThan(0);
    for (const n of names) {
      const meta = JSON.parse(readFileSync(`${dir}${n.slice(0, -4)}.expected.json`, 'utf8')) as { limits?: Record<string, number>; expect?: { outcome: string } };
      // maxDepth -> --max-depth: the limits the crasher was found with, as the flags a user would give.
      const flags = Object.entries(meta.limits ?? {}).flatMap(([k, v]) => [`--${k.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`, String(v)]);
      const r = xenlu(['decode', ...flags, `${dir}${n}`]);
      if (meta.expect?.outcome === 'ok') expect(r.status, `${n}: ${r.stderr}`).toBe(0);
      else {
        expect(r.status, n).toBe(1);
        expect(oneLine(r.stderr), r.stderr).toBe(true);
      }
    }
  });

  it('reader limits set by flag apply on every reading command; a bad value is exit 2', () => {
    const v1 = FIXTURE(1);
    const cases: [string[], RegExp][] = [
      [['validate', '--max-vcpus', '1', v1], /more than 1 VCPU records in domain 0/],
      [['inspect', '--max-record-bytes', '100', v1], /exceeds the limit of 100 bytes/],
      [['decode', '--max-domains', '2', v1], /more than 2 domains/],
      [['convert', '--max-ports', '3', '--to', '3', v1, '-o', work.path('limited.xlu')], /more than 3 EVENT_CHANNELS entries/],
      [['diff', '--max-entries', '2', v1, FIXTURE(2)], /more than 2 \w+ entries/],
    ];
    for (const [args, message] of cases) {
      const r = xenlu(args);
      expect(r.status, args.join(' ')).toBe(args[0] === 'diff' ? 2 : 1);
      expect(r.stdout + r.stderr, args.join(' ')).toMatch(message);
      expect(r.stdout + r.stderr).toMatch(/offset \d+/);
      if (args[0] === 'convert') expect(existsSync(work.path('limited.xlu'))).toBe(false);
      // The same command within the default limits reads the dump.
      const ok = xenlu(args.filter((_, i) => i !== 1 && i !== 2));
      expect(ok.stderr, args.join(' ')).not.toMatch(message);
    }
    for (const bad of ['0', '-1', 'x', '1.5']) {
      const r = xenlu(['decode', '--max-depth', bad, v1]);
      expect(r.status).toBe(2);
      expect(r.stderr).toMatch(/--max-depth must be an integer/);
    }
  });

  it('a missing input: exit 2, one line', () => {
    const r = xenlu(['decode', work.path('no-such-file.xlu')]);
    expect(r.status).toBe(2);
    expect(oneLine(r.stderr), r.stderr).toBe(true);
    expect(r.stderr).toMatch(/no-such-file\.xlu/);
  });

  it('an output in a missing directory: exit 2, one line, nothing written', () => {
    const r = xenlu(['decode', FIXTURE(3), '-o', work.path('missing-dir/out.json')]);
    expect(r.status).toBe(2);
    expect(oneLine(r.stderr), r.stderr).toBe(true);
    expect(existsSync(work.path('missing-dir'))).toBe(false);
  });
});

describe('inputs are never overwritten without --force', () => {
  for (const [cmd, version, extra] of [['decode', 3, []], ['convert', 1, ['--to', '2']]] as const) {
    it(`${cmd} -o <its own input>`, () => {
      const file = work.path(`own-${cmd}.xlu`);
      const original = readFileSync(FIXTURE(version));
      writeFileSync(file, original);
      const alias = work.path(`own-${cmd}-link.xlu`);
      symlinkSync(file, alias);
      for (const out of [file, alias]) {
        const r = xenlu([cmd, file, ...extra, '-o', out]);
        expect(r.status, r.stderr).toBe(2);
        expect(oneLine(r.stderr), r.stderr).toBe(true);
        expect(r.stderr).toMatch(/--force/);
        expect(readFileSync(file).equals(original)).toBe(true);
      }
      const forced = xenlu([cmd, file, ...extra, '-o', file, '--force']);
      expect(forced.status, forced.stderr).toBe(0);
      expect(readFileSync(file).equals(original)).toBe(false);
      expect(leftovers(work.dir, `own-${cmd}.xlu`)).toEqual([]);
    });
  }
});
