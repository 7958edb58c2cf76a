/**
 * Nothing lost on output, nothing unbounded on input (issue 10): `-o` onto a device, FIFO, socket
 * or link is written in place; every write is checked (ENOSPC via /dev/full is exit 2 with one
 * line naming the target, for every command that writes); a closed pipe keeps the command's own
 * status; SIGINT/SIGTERM leave no temporary file, no child Node, and the old target intact;
 * /dev/zero, garbage and endless stdin fail early; `diff --json` never leaves half a document.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { closeSync, existsSync, lstatSync, openSync, readFileSync, readdirSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { LATEST_VERSION, crc32, splitRecords } from '@xenlu/format';
import { BIN, FIXTURE, ROOT, oneLine, scratch, xenlu } from './helpers.js';

const work = scratch('io-safety');
let big: string;
let other: string;

beforeAll(() => {
  big = work.path('big.xlu');
  other = work.path('other.xlu');
  for (const [seed, file] of [['3', big], ['4', other]] as const) {
    const r = xenlu(['gen', '--profile', 'host', '--seed', seed, '-o', file]);
    expect(r.status, r.stderr).toBe(0);
  }
});
afterAll(() => work.cleanup());

interface Exit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: Buffer;
  readonly stderr: string;
}

/** Starts `node [nodeArgs] xenlu args`; stdio as given (stdout piped unless set). */
function start(args: readonly string[], opts: { nodeArgs?: readonly string[]; env?: Record<string, string>; stdin?: 'pipe' | 'ignore' | number; stdout?: 'pipe' | 'ignore' | number } = {}): ChildProcess {
  return spawn(process.execPath, [...(opts.nodeArgs ?? []), BIN, ...args], {
    cwd: ROOT,
    env: { ...process.env, ...opts.env },
    stdio: [opts.stdin ?? 'ignore', opts.stdout ?? 'pipe', 'pipe'],
  });
}

function finished(child: ChildProcess): Promise<Exit> {
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  child.stdout?.on('data', (b: Buffer) => out.push(b));
  child.stdout?.on('error', () => {});
  child.stderr?.on('data', (b: Buffer) => err.push(b));
  return new Promise((resolve) =>
    child.once('close', (code, signal) => resolve({ code, signal, stdout: Buffer.concat(out), stderr: Buffer.concat(err).toString('utf8') })),
  );
}

async function waitFor(check: () => boolean, ms: number): Promise<boolean> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (check()) return true;
    await new Promise((r) => setTimeout(r, 10));
  }
  return check();
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Temporary files of the atomic writer in `dir`. */
function leftovers(dir: string): string[] {
  return readdirSync(dir).filter((f) => f.startsWith('.') && f.endsWith('.tmp'));
}

describe('-o onto something that is not a regular file is written in place', () => {
  test('/dev/null and a symlink to it: exit 0, the device is still a device, the link still a link', () => {
    for (const args of [['decode', FIXTURE(3)], ['gen'], ['encode', '--version', '3', FIXTURE(3, 'json')], ['convert', '-q', FIXTURE(1), '--to', '3']]) {
      const r = xenlu([...args, '-o', '/dev/null']);
      expect(r.status, `${args.join(' ')}: ${r.stderr}`).toBe(0);
      expect(r.stderr).toBe('');
    }
    expect(statSync('/dev/null').isCharacterDevice()).toBe(true);
    const link = work.path('null-link');
    symlinkSync('/dev/null', link);
    const r = xenlu(['decode', FIXTURE(3), '-o', link]);
    expect(r.status, r.stderr).toBe(0);
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(statSync('/dev/null').isCharacterDevice()).toBe(true);
    expect(leftovers(work.dir)).toEqual([]);
  });

  test('a symlink to a regular file: the file gets the output atomically, the link stays', () => {
    const real = work.path('real.json');
    const link = work.path('real-link.json');
    writeFileSync(real, 'old');
    symlinkSync(real, link);
    const r = xenlu(['decode', FIXTURE(3), '-o', link]);
    expect(r.status, r.stderr).toBe(0);
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(readFileSync(real, 'utf8')).toBe(xenlu(['decode', FIXTURE(3)]).stdout);
  });

  test('a FIFO with a reader: every byte arrives, the FIFO stays a FIFO', async () => {
    const fifo = work.path('pipe.fifo');
    expect(spawnSync('mkfifo', [fifo]).status).toBe(0);
    const reader = spawn('cat', [fifo], { stdio: ['ignore', 'pipe', 'ignore'] });
    const read = finished(reader);
    const r = await finished(start(['decode', big, '-o', fifo]));
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toBe('');
    const got = (await read).stdout;
    expect(got.equals(xenlu(['decode', big]).stdoutBytes)).toBe(true);
    expect(statSync(fifo).isFIFO()).toBe(true);
    expect(leftovers(work.dir)).toEqual([]);
  });

  test('a listening Unix socket: the stream is sent to it', async () => {
    const sock = work.path('out.sock');
    const chunks: Buffer[] = [];
    const server = createServer((c) => c.on('data', (b: Buffer) => chunks.push(b)));
    await new Promise<void>((res) => server.listen(sock, res));
    try {
      const r = await finished(start(['gen', '--seed', '9', '-o', sock]));
      expect(r.code, r.stderr).toBe(0);
      await waitFor(() => Buffer.concat(chunks).length > 0, 2000);
      expect(Buffer.concat(chunks).equals(xenlu(['gen', '--seed', '9']).stdoutBytes)).toBe(true);
      expect(statSync(sock).isSocket()).toBe(true);
    } finally {
      server.close();
    }
  });
});

/** Every command that writes output, with arguments that make it write something. */
const WRITERS: readonly (readonly string[])[] = [
  ['decode', FIXTURE(3)],
  ['encode', '--version', '3', FIXTURE(3, 'json')],
  ['convert', '-q', FIXTURE(1), '--to', '3'],
  ['gen'],
  ['gen', '--json'],
  ['inspect', FIXTURE(3)],
  ['inspect', '--json', FIXTURE(3)],
  ['inspect', '--all', FIXTURE(3)],
  ['diff', FIXTURE(1), FIXTURE(3)],
  ['diff', '--json', FIXTURE(1), FIXTURE(3)],
  ['validate', FIXTURE(3)],
  ['validate', '--json', FIXTURE(3)],
  ['validate', '--format', 'junit', FIXTURE(3)],
  ['schema'],
  ['schema', '--json'],
  ['schema', '--json-schema'],
  ['codegen', 'c'],
  ['compat', '1', '2', '--json'],
  ['verify', '--runs', '1', '--property', 'roundtrip', '--workers', '0', '--no-compat'],
];

describe('every write is checked: a full disk (/dev/full) is exit 2, one line, no stack trace', () => {
  test('-o /dev/full', () => {
    for (const args of WRITERS) {
      const r = xenlu([...args, '-o', '/dev/full']);
      expect(r.status, `${args.join(' ')}: ${r.stderr}`).toBe(2);
      expect(r.stderr, args.join(' ')).toBe('xenlu: /dev/full: no space left on device\n');
    }
  });

  test('stdout redirected to /dev/full', async () => {
    const full = openSync('/dev/full', 'w');
    try {
      for (const args of WRITERS) {
        const r = await finished(start(args, { stdout: full }));
        expect(r.code, `${args.join(' ')}: ${r.stderr}`).toBe(2);
        expect(r.stderr, args.join(' ')).toBe('xenlu: stdout: no space left on device\n');
      }
      // The reports that go to stdout beside -o FILE are checked too.
      for (const args of [['convert', FIXTURE(1), '--to', '3', '--json', '-o', work.path('c.xlu')], ['encode', '--version', '3', FIXTURE(3, 'json'), '--json', '-o', work.path('e.xlu')]]) {
        const r = await finished(start(args, { stdout: full }));
        expect(r.code, `${args.join(' ')}: ${r.stderr}`).toBe(2);
        expect(r.stderr).toBe('xenlu: stdout: no space left on device\n');
      }
    } finally {
      closeSync(full);
    }
  });
});

describe('a pipe closed early keeps the status of the work done', () => {
  /** Runs xenlu with its stdout pipe closed by the reader before anything is read. */
  async function closedEarly(args: readonly string[]): Promise<Exit> {
    const child = start(args);
    child.stdout!.destroy();
    return finished(child);
  }

  test('diff of differing dumps | head: still exit 1, nothing on stderr', async () => {
    const r = await closedEarly(['diff', big, other]);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('');
    const j = await closedEarly(['diff', '--json', big, other]);
    expect(j.code).toBe(1);
    expect(j.stderr).toBe('');
  });

  test('diff | head -1 through a shell: the status of xenlu itself is 1', () => {
    const r = spawnSync('bash', ['-c', `"${process.execPath}" "${BIN}" diff "${big}" "${other}" | head -1; echo "status=\${PIPESTATUS[0]}"`], { encoding: 'utf8' });
    expect(r.stdout).toMatch(/^--- .*\nstatus=1\n$/);
    expect(r.stderr).toBe('');
  });

  test('decode big | head -c 10: decode\u2019s status (0), no error; a bad dump still exit 1', async () => {
    const r = await closedEarly(['decode', big]);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    const bad = work.path('bad.xlu');
    writeFileSync(bad, readFileSync(big).subarray(0, 5000));
    const b = await closedEarly(['decode', bad]);
    expect(b.code).toBe(1);
    expect(oneLine(b.stderr)).toBe(true);
  });
});

/**
 * A preload that slows every write to an output's temporary file (100 ms each), after writing the
 * pid of the writing process to a marker file: a signal then lands while the output is half
 * written, whatever the machine's speed, and the event loop still turns between writes.
 */
const SLOW = `
const fs = require('node:fs');
const { syncBuiltinESMExports } = require('node:module');
const tmpFds = new Set();
const openSync = fs.openSync;
fs.openSync = function (path, ...rest) {
  const fd = openSync.call(fs, path, ...rest);
  if (/\\/\\.[^/]*\\.\\d+\\.[0-9a-f]+\\.tmp$/.test(String(path))) tmpFds.add(fd);
  return fd;
};
const writeSync = fs.writeSync;
fs.writeSync = function (fd, ...rest) {
  if (tmpFds.has(fd)) {
    if (!fs.existsSync(process.env.XENLU_TEST_MARKER)) fs.writeFileSync(process.env.XENLU_TEST_MARKER, String(process.pid));
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 100);
  }
  return writeSync.call(fs, fd, ...rest);
};
syncBuiltinESMExports();
`;

describe('SIGINT and SIGTERM', () => {
  const OLD = 'the old target\n';

  /**
   * Starts `args -o target` slowed down, waits until it is writing, sends `signal` to the xenlu
   * process, and checks: exit status 128+n, no temporary file, the old target intact, the
   * writing process gone, and still nothing written a while later.
   */
  async function interrupt(name: string, args: readonly string[], signal: NodeJS.Signals, nodeArgs: readonly string[] = []): Promise<{ writer: number; xenlu: number }> {
    const target = work.path(`${name}.out`);
    writeFileSync(target, OLD);
    const preload = work.path('slow.cjs');
    writeFileSync(preload, SLOW);
    const marker = work.path(`${name}.marker`);
    const child = start([...args, '-o', target], { nodeArgs: [...nodeArgs, '--require', preload], env: { XENLU_TEST_MARKER: marker }, stdout: 'ignore' });
    const done = finished(child);
    expect(await waitFor(() => existsSync(marker) && readFileSync(marker, 'utf8') !== '', 60_000)).toBe(true);
    const writer = Number(readFileSync(marker, 'utf8'));
    expect(leftovers(work.dir).length).toBe(1);
    child.kill(signal);
    const r = await done;
    expect(r.code === 128 + (signal === 'SIGINT' ? 2 : 15) || r.signal === signal, `exit ${r.code} ${r.signal}: ${r.stderr}`).toBe(true);
    expect(leftovers(work.dir)).toEqual([]);
    expect(readFileSync(target, 'utf8')).toBe(OLD);
    expect(await waitFor(() => !alive(writer), 10_000)).toBe(true);
    await new Promise((res) => setTimeout(res, 500));
    expect(readFileSync(target, 'utf8')).toBe(OLD);
    expect(leftovers(work.dir)).toEqual([]);
    return { writer, xenlu: child.pid! };
  }

  test('decode -o: SIGTERM (143) and SIGINT (130) remove the temporary file, the old target stays', async () => {
    await interrupt('decode-term', ['decode', big], 'SIGTERM');
    await interrupt('decode-int', ['decode', big], 'SIGINT');
  });

  test('gen -o and convert -o: the same', async () => {
    await interrupt('gen', ['gen', '--profile', 'host'], 'SIGTERM');
    // big is a dump of the latest version: converting it to that version always writes.
    await interrupt('convert', ['convert', big, '--to', String(LATEST_VERSION)], 'SIGINT');
  });

  test('decode in a child Node with a larger heap: the child is stopped with its parent and writes nothing after', async () => {
    // A heap too small for the dump's decoded state makes decode run itself again in a child.
    const { writer, xenlu: parent } = await interrupt('sized', ['decode', big], 'SIGTERM', ['--max-old-space-size=16']);
    expect(writer).not.toBe(parent);
  });

  test('the parent killed outright (SIGKILL): the child notices, removes its temporary file and exits', async () => {
    const target = work.path('orphan.out');
    writeFileSync(target, OLD);
    const preload = work.path('slow.cjs');
    writeFileSync(preload, SLOW);
    const marker = work.path('orphan.marker');
    const child = start(['decode', big, '-o', target], { nodeArgs: ['--max-old-space-size=16', '--require', preload], env: { XENLU_TEST_MARKER: marker }, stdout: 'ignore' });
    const done = finished(child);
    expect(await waitFor(() => existsSync(marker) && readFileSync(marker, 'utf8') !== '', 60_000)).toBe(true);
    const writer = Number(readFileSync(marker, 'utf8'));
    expect(writer).not.toBe(child.pid);
    child.kill('SIGKILL');
    await done;
    expect(await waitFor(() => !alive(writer), 10_000)).toBe(true);
    expect(leftovers(work.dir)).toEqual([]);
    expect(readFileSync(target, 'utf8')).toBe(OLD);
  });
});

describe('input is bounded', () => {
  test('validate - < /dev/zero: exit 1 at once, bad-ident at offset 0', async () => {
    const zero = openSync('/dev/zero', 'r');
    try {
      const t0 = Date.now();
      const r = await finished(start(['validate', '--json', '-'], { stdin: zero }));
      expect(Date.now() - t0).toBeLessThan(20_000);
      expect(r.code, r.stderr).toBe(1);
      const j = JSON.parse(r.stdout.toString('utf8')) as { files: { error: { code: string; location: { offset: number } } }[] };
      expect(j.files[0]!.error.code).toBe('bad-ident');
      expect(j.files[0]!.error.location.offset).toBe(0);
      for (const args of [['validate', '--structure-only', '-'], ['decode', '-'], ['convert', '-', '--to', '1'], ['inspect', '-'], ['diff', FIXTURE(3), '-']]) {
        const x = await finished(start(args, { stdin: zero }));
        expect(x.code, `${args.join(' ')}: ${x.stderr}`).toBe(args[0] === 'diff' ? 2 : 1);
        // validate reports on stdout, the others on stderr.
        expect(x.stderr + x.stdout.toString('utf8'), args.join(' ')).toMatch(/offset 0 \(0x0\).*ident/);
      }
    } finally {
      closeSync(zero);
    }
    // Named as a file, a device is read the same way.
    const d = xenlu(['decode', '/dev/zero']);
    expect(d.status).toBe(1);
    expect(d.stderr).toMatch(/^xenlu: \/dev\/zero: offset 0 \(0x0\).*ident/);
  });

  test('1 GiB of garbage on stdin: refused in well under the time it takes to read it', () => {
    for (const args of [['validate', '-'], ['validate', '--structure-only', '-'], ['decode', '-']]) {
      const t0 = Date.now();
      const r = spawnSync('bash', ['-c', `head -c 1G /dev/urandom | "${process.execPath}" "${BIN}" ${args.join(' ')}; echo "status=\${PIPESTATUS[1]}"`], { encoding: 'utf8' });
      expect(Date.now() - t0, args.join(' ')).toBeLessThan(10_000);
      expect(r.stdout, args.join(' ')).toMatch(/status=1\n$/);
    }
  });

  /** Writes a valid stream header and valid-looking bytes after it, forever, to `child`'s stdin. */
  function endless(child: ChildProcess, head: Uint8Array, fill: Buffer): void {
    const stdin = child.stdin!;
    stdin.on('error', () => {});
    stdin.write(head);
    const more = (): void => {
      while (!stdin.destroyed && stdin.write(fill));
      if (!stdin.destroyed) stdin.once('drain', more);
    };
    more();
  }

  /**
   * A valid stream that never ends: the v3 fixture without its END, then tiny unknown optional
   * records (type 0x80007777, body one MessagePack 0) forever, the checksum chain carried along.
   */
  function endlessValid(child: ChildProcess): void {
    const fixture = readFileSync(FIXTURE(3));
    const records = splitRecords(fixture);
    let crc = fixture.readUInt32BE(records.at(-2)!.offset + 8);
    const rec = Buffer.alloc(24);
    rec.writeUInt32BE(0x8000_7777, 0);
    rec.writeUInt32BE(1, 4);
    const stdin = child.stdin!;
    stdin.on('error', () => {});
    stdin.write(fixture.subarray(0, records.at(-1)!.offset));
    const more = (): void => {
      while (!stdin.destroyed) {
        const chunk = Buffer.alloc(24 * 2048);
        for (let at = 0; at < chunk.length; at += 24) {
          crc = crc32(rec.subarray(12, 24), crc32(rec.subarray(0, 8), crc));
          rec.copy(chunk, at);
          chunk.writeUInt32BE(crc, at + 8);
        }
        if (!stdin.write(chunk)) break;
      }
      if (!stdin.destroyed) stdin.once('drain', more);
    };
    more();
  }

  test('an endless valid stream on stdin is refused by --max-input-bytes (exit 2, one line)', async () => {
    for (const args of [['decode', '-'], ['convert', '-', '--to', '2'], ['validate', '-']]) {
      const child = start([...args, '--max-input-bytes', '1000000'], { stdin: 'pipe' });
      endlessValid(child);
      const r = await finished(child);
      expect(r.code, `${args.join(' ')}: ${r.stderr}`).toBe(2);
      expect(oneLine(r.stderr)).toBe(true);
      expect(r.stderr).toMatch(/^xenlu: stdin: more than the 1000000 bytes this command holds in memory \(--max-input-bytes\)$/m);
    }
    const child = start(['encode', '-', '--max-input-bytes', '1000000'], { stdin: 'pipe' });
    endless(child, Buffer.from('{"schema_version": 3, "host": "'), Buffer.alloc(1 << 16, 0x41));
    const r = await finished(child);
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toMatch(/stdin: more than the 1000000 bytes.*--max-input-bytes/);
  });

  test('a valid start, then endless garbage: refused at the first bad record, not at the limit', async () => {
    const head = readFileSync(FIXTURE(3)).subarray(0, 4096);
    for (const args of [['validate', '--json', '-'], ['decode', '-'], ['convert', '-', '--to', '2']]) {
      const t0 = Date.now();
      const child = start(args, { stdin: 'pipe' });
      endless(child, head, Buffer.alloc(1 << 16, 0x5a));
      const r = await finished(child);
      expect(Date.now() - t0, args.join(' ')).toBeLessThan(20_000);
      expect(r.code, `${args.join(' ')}: ${r.stderr}`).toBe(1);
      expect(r.stderr + r.stdout.toString('utf8')).toMatch(/record \d+/);
    }
  });

  test('--max-input-bytes: a file over it is refused before it is read; a bad value is a usage error', () => {
    const size = statSync(FIXTURE(3)).size;
    const r = xenlu(['decode', FIXTURE(3), '--max-input-bytes', String(size - 1)]);
    expect(r.status).toBe(2);
    expect(r.stderr).toBe(`xenlu: ${FIXTURE(3)}: ${size} bytes, more than the ${size - 1} bytes this command holds in memory (--max-input-bytes)\n`);
    expect(xenlu(['decode', FIXTURE(3), '--max-input-bytes', String(size)]).status).toBe(0);
    expect(xenlu(['decode', FIXTURE(3), '--max-input-bytes', 'lots']).status).toBe(2);
  });
});

describe('diff --json never leaves half a document', () => {
  test('B cut before its end: stdout is one complete JSON document with an error, exit 2; -o FILE gets nothing', async () => {
    const cut = work.path('cut.xlu');
    const bytes = readFileSync(other);
    writeFileSync(cut, bytes.subarray(0, bytes.length - 24));
    const r = xenlu(['diff', '--json', big, cut]);
    expect(r.status).toBe(2);
    expect(oneLine(r.stderr)).toBe(true);
    const doc = JSON.parse(r.stdout) as { entries: unknown[]; error: string };
    expect(doc.entries.length).toBeGreaterThan(0);
    expect(doc.error).toMatch(/cut\.xlu: /);
    const out = work.path('diff.json');
    const f = xenlu(['diff', '--json', big, cut, '-o', out]);
    expect(f.status).toBe(2);
    expect(existsSync(out)).toBe(false);
    expect(leftovers(work.dir)).toEqual([]);
  });
});
