import { existsSync, readFileSync, readdirSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { afterAll, describe, expect, test } from 'vitest';
import { assembleStream, splitRecords } from '../../format/src/wire/assemble.js';
import { FIXTURE, oneLine, readJson, scratch, xenlu } from './helpers.js';

const tmp = scratch('codec');
afterAll(() => tmp.cleanup());

describe('xenlu decode / encode', () => {
  test.each([1, 2, 3] as const)('decode | encode reproduces the v%i fixture byte for byte', (v) => {
    const json = xenlu(['decode', FIXTURE(v)]);
    expect(json.status).toBe(0);
    const back = xenlu(['encode', '-'], { input: json.stdout });
    expect(back.status).toBe(0);
    expect(Buffer.compare(back.stdoutBytes, readFileSync(FIXTURE(v)))).toBe(0);
  });

  test('decode is written a domain at a time, yet is exactly the indented (or compact) JSON of the document, unknown records included', () => {
    // The v3 example with an unknown optional record after HOST and one inside domain 1's records.
    const records = splitRecords(new Uint8Array(readFileSync(FIXTURE(3)))).map(({ type, body }) => ({ type, body }));
    const firstDomain = records.findIndex((r, i) => i > 0 && r.type === 2);
    records.splice(firstDomain + 2, 0, { type: 0x8000_0101, body: Uint8Array.of(0x92, 0x01, 0xa1, 0x78) });
    records.splice(1, 0, { type: 0x8000_0100, body: Uint8Array.of(0x91, 0x07) });
    const end = records[records.length - 1]!;
    end.body = Uint8Array.of(0x91, records.length - 1); // END counts the records before it
    const file = tmp.path('with-unknown.xlu');
    writeFileSync(file, assembleStream(3, records, { major: 4, minor: 19 }));
    const pretty = xenlu(['decode', file]);
    expect(pretty.status, pretty.stderr).toBe(0);
    const doc = JSON.parse(pretty.stdout) as { $unknown_records?: unknown[]; domains: { $unknown_records?: unknown[] }[] };
    expect(pretty.stdout).toBe(`${JSON.stringify(doc, null, 2)}\n`);
    expect(doc.$unknown_records).toHaveLength(1);
    expect(doc.domains.filter((d) => d.$unknown_records).length).toBe(1);
    const compact = xenlu(['decode', '--compact', file]);
    expect(compact.stdout).toBe(`${JSON.stringify(doc)}\n`);
    const back = xenlu(['encode', '-'], { input: compact.stdout });
    expect(back.status, back.stderr).toBe(0);
    expect(Buffer.compare(back.stdoutBytes, readFileSync(file))).toBe(0);
  });

  test('a dump whose state does not fit the heap is decoded by a run with a heap sized for it', async () => {
    const { writeFragmented } = (await import('../../../bench/lib/dumps.mjs')) as {
      writeFragmented: (file: string, p: { version: number; guests: number; pagesPerGuest: number }) => unknown;
    };
    const file = tmp.path('fragmented-2MB.xlu');
    writeFragmented(file, { version: 3, guests: 2, pagesPerGuest: 40_000 });
    const small = { NODE_OPTIONS: '--max-old-space-size=16' }; // far below the ~110 MiB it needs
    // Without the sized rerun (as inside one), this heap is refused: so the run below needed it.
    const inner = xenlu(['decode', '--compact', file], { env: { ...small, XENLU_SIZED_HEAP: '1' } });
    expect(inner.status).toBe(2);
    expect(inner.stderr).toMatch(/needs about \d+ MiB of memory, this process has \d+ MiB/);
    const r = xenlu(['decode', '--compact', file], { env: small });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toBe(xenlu(['decode', '--compact', file]).stdout);
    const c = xenlu(['convert', '-q', file, '--to', '2', '-o', tmp.path('fragmented-2MB-v2.xlu')], { env: small });
    expect(c.status, c.stderr).toBe(0);
    expect(xenlu(['validate', tmp.path('fragmented-2MB-v2.xlu')]).status).toBe(0);
  });

  test('a dump whose state the machine cannot hold is refused up front, not a crash', () => {
    const file = tmp.path('huge.xlu');
    writeFileSync(file, '');
    truncateSync(file, 2 ** 40); // sparse, never read: the size alone decides
    for (const cmd of [['decode', file], ['convert', file, '--to', '1', '-o', tmp.path('never.xlu')]]) {
      const r = xenlu(cmd);
      expect(r.status, r.stderr).toBe(2);
      expect(oneLine(r.stderr), r.stderr).toBe(true);
      expect(r.stderr).toMatch(/needs about \d+ MiB of memory, more than this machine allows .*--structure-only/);
    }
    expect(existsSync(tmp.path('never.xlu'))).toBe(false);
  });

  test('a JSON text longer than one JavaScript string is refused before it is read', () => {
    const file = tmp.path('huge.json');
    writeFileSync(file, '');
    truncateSync(file, 1 << 29); // sparse: nothing is written
    const r = xenlu(['encode', file, '-o', tmp.path('huge.xlu')]);
    expect(r.status).toBe(2);
    expect(oneLine(r.stderr), r.stderr).toBe(true);
    expect(r.stderr).toMatch(/huge\.json: 536870912 bytes, more than the \d+ bytes this command holds in memory/);
  });

  test('the JSON carries the schema version, u64 as exact decimal strings and blobs as hex', () => {
    const doc = JSON.parse(xenlu(['decode', FIXTURE(3)]).stdout) as Record<string, unknown> & {
      host: { time: { tsc: unknown } };
      domains: { domain: { handle: unknown; max_pages: unknown } }[];
    };
    expect(Object.keys(doc)[0]).toBe('schema_version');
    expect(doc['schema_version']).toBe(3);
    expect(doc.host.time.tsc).toMatch(/^\d+$/);
    expect(doc.domains[1]!.domain.handle).toMatch(/^[0-9a-f]{32}$/);
    // Same content as the fixture's committed JSON form.
    const { schema_version: _v, ...state } = doc;
    expect(state).toEqual(readJson(FIXTURE(3, 'json')));
  });

  test('encode takes a bare state with --version, and refuses without one', () => {
    const out = tmp.path('from-fixture-json.xlu');
    const r = xenlu(['encode', '--version', '3', FIXTURE(3, 'json'), '-o', out]);
    expect(r.status).toBe(0);
    expect(Buffer.compare(readFileSync(out), readFileSync(FIXTURE(3)))).toBe(0);
    const none = xenlu(['encode', FIXTURE(3, 'json'), '-o', tmp.path('x.xlu')]);
    expect(none.status).toBe(2);
    expect(none.stderr).toMatch(/--version N/);
    const clash = xenlu(['encode', '--version', '2', '-'], { input: xenlu(['decode', FIXTURE(3)]).stdout });
    expect(clash.status).toBe(2);
    expect(clash.stderr).toMatch(/disagrees/);
  });

  test('bad JSON input: exit 1, one located line', () => {
    writeFileSync(tmp.path('broken.json'), '{"schema_version": 3, "host": ');
    const r = xenlu(['encode', tmp.path('broken.json'), '-o', tmp.path('y.xlu')]);
    expect(r.status).toBe(1);
    expect(oneLine(r.stderr)).toBe(true);
    expect(r.stderr).toMatch(/broken\.json: not JSON/);

    const doc = JSON.parse(xenlu(['decode', FIXTURE(2)]).stdout) as { domains: { vcpus: { id: number }[] }[] };
    doc.domains[1]!.vcpus[0]!.id = 99999;
    writeFileSync(tmp.path('bad-value.json'), JSON.stringify(doc));
    const v = xenlu(['encode', tmp.path('bad-value.json'), '-o', tmp.path('z.xlu')]);
    expect(v.status).toBe(1);
    expect(oneLine(v.stderr)).toBe(true);
    expect(v.stderr).toMatch(/domains\[1\]\.vcpus\[0\]\.id/);
    expect(existsSync(tmp.path('z.xlu'))).toBe(false);
  });

  test('decode of a truncated dump: exit 1 with the offset', () => {
    const bytes = readFileSync(FIXTURE(1));
    writeFileSync(tmp.path('cut.xlu'), bytes.subarray(0, 5000));
    const r = xenlu(['decode', tmp.path('cut.xlu')]);
    expect(r.status).toBe(1);
    expect(r.stdout).toBe('');
    expect(oneLine(r.stderr)).toBe(true);
    expect(r.stderr).toMatch(/cut\.xlu: offset \d+/);
  });
});

describe('atomic output', () => {
  test('-o writes the file whole; a failed run leaves the old file and no temporary files', () => {
    const out = tmp.path('atomic.xlu');
    writeFileSync(out, 'old contents');
    writeFileSync(tmp.path('no-domains.json'), '{"schema_version": 3, "host": {}}');
    const bad = xenlu(['encode', tmp.path('no-domains.json'), '-o', out]);
    expect(bad.status).not.toBe(0);
    expect(readFileSync(out, 'utf8')).toBe('old contents');
    expect(readdirSync(tmp.dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    const good = xenlu(['convert', '-q', FIXTURE(2), '--to', '3', '-o', out]);
    expect(good.status).toBe(0);
    expect(readFileSync(out).subarray(0, 8).toString()).toBe('XENLIVUP');
    expect(readdirSync(tmp.dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  test('an input file is never overwritten without --force', () => {
    const f = tmp.path('inplace.xlu');
    writeFileSync(f, readFileSync(FIXTURE(1)));
    const before = statSync(f).mtimeMs;
    const r = xenlu(['convert', f, '--to', '2', '-o', f]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/is also an input; use --force/);
    expect(statSync(f).mtimeMs).toBe(before);
    expect(xenlu(['convert', '-q', f, '--to', '2', '-o', f, '--force']).status).toBe(0);
    expect(xenlu(['inspect', '--json', f]).stdout).toMatch(/"schemaVersion": 2/);
  });
});

describe('xenlu convert', () => {
  test('v1 -> v3 -> v1 gives back the same dump', () => {
    const up = tmp.path('up.xlu');
    const down = tmp.path('down.xlu');
    const r = xenlu(['convert', FIXTURE(1), '--to', '3', '-o', up]);
    expect(r.status).toBe(0);
    expect(r.stderr).toMatch(/note: translated: domain 1: \d+ page-order P2M entries became \d+ extent/);
    expect(xenlu(['convert', '-q', up, '--to', '1', '-o', down]).status).toBe(0);
    // Equal up to how P2M runs are split, and shr_pages (retired in v3) written back as 0.
    const d = xenlu(['diff', '--ignore', 'domains[*].domain.shr_pages', FIXTURE(1), down]);
    expect(d.status, d.stdout).toBe(0);
  });

  test('a downgrade the older version cannot express is refused, naming the feature', () => {
    const r = xenlu(['convert', FIXTURE(3), '--to', '2', '-o', tmp.path('never.xlu')]);
    expect(r.status).toBe(1);
    expect(oneLine(r.stderr)).toBe(true);
    expect(r.stderr).toMatch(/cannot convert from schema v3 to v2: .*passthrough.*\(blocked by PASSTHROUGH\)/);
    expect(existsSync(tmp.path('never.xlu'))).toBe(false);
    const fifo = xenlu(['convert', FIXTURE(2), '--to', '1', '-o', tmp.path('never.xlu')]);
    expect(fifo.status).toBe(1);
    expect(fifo.stderr).toMatch(/blocked by EVENT_FIFO/);
  });

  test('--json reports versions and notes; bad --to is a usage error', () => {
    const r = xenlu(['convert', FIXTURE(1), '--to', '2', '-o', tmp.path('j.xlu'), '--json']);
    expect(r.status).toBe(0);
    const j = JSON.parse(r.stdout) as { from: number; to: number; notes: { kind: string }[] };
    expect([j.from, j.to]).toEqual([1, 2]);
    expect(j.notes.map((n) => n.kind)).toContain('defaulted');
    expect(xenlu(['convert', FIXTURE(1), '--to', '7']).status).toBe(2);
    expect(xenlu(['convert', FIXTURE(1)]).status).toBe(2);
    expect(xenlu(['convert', FIXTURE(1), '--to', '2']).status).toBe(0); // stdout is a pipe here
  });
});

describe('xenlu gen', () => {
  test('the same seed gives the same bytes, another seed other bytes; the dump is valid', () => {
    const a = xenlu(['gen', '--version', '2', '--seed', '42', '--profile', 'small']);
    const b = xenlu(['gen', '--version', '2', '--seed', '42', '--profile', 'small']);
    const c = xenlu(['gen', '--version', '2', '--seed', '43', '--profile', 'small']);
    expect(a.status).toBe(0);
    expect(a.stdoutBytes.length).toBeGreaterThan(100);
    expect(Buffer.compare(a.stdoutBytes, b.stdoutBytes)).toBe(0);
    expect(Buffer.compare(a.stdoutBytes, c.stdoutBytes)).not.toBe(0);
    const v = xenlu(['validate', '-'], { input: a.stdoutBytes });
    expect(v.status, v.stdout).toBe(0);
    expect(v.stdout).toMatch(/valid \(schema v2/);
  });

  test('--domains and --json', () => {
    const r = xenlu(['gen', '--profile', 'tiny', '--domains', '3', '--seed', '5', '--json']);
    expect(r.status).toBe(0);
    const doc = JSON.parse(r.stdout) as { schema_version: number; domains: unknown[] };
    expect(doc.schema_version).toBe(3);
    expect(doc.domains).toHaveLength(3);
  });

  test('bad arguments exit 2', () => {
    for (const args of [['gen', '--profile', 'huge'], ['gen', '--version', '0'], ['gen', '--domains', '0'], ['gen', '--seed', 'x'], ['gen', 'extra']]) {
      const r = xenlu(args);
      expect(r.status, args.join(' ')).toBe(2);
      expect(oneLine(r.stderr), r.stderr).toBe(true);
    }
  });
});
