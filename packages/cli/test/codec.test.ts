import { existsSync, readFileSync, readdirSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { afterAll, describe, expect, test } from 'vitest';
import { encode } from '../../format/src/encode.js';
import { LATEST_VERSION } from '../../format/src/schema/index.js';
import { exampleState } from '../../format/src/examples/index.js';
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

  test('decode --domain N: the whole decode with that domain alone, unknown records included, also --as N', () => {
    const records = splitRecords(new Uint8Array(readFileSync(FIXTURE(3)))).map(({ type, body }) => ({ type, body }));
    const firstDomain = records.findIndex((r, i) => i > 0 && r.type === 2);
    records.splice(firstDomain + 2, 0, { type: 0x8000_0101, body: Uint8Array.of(0x92, 0x01, 0xa1, 0x78) });
    const end = records[records.length - 1]!;
    end.body = Uint8Array.of(0x91, records.length - 1);
    const file = tmp.path('domain-unknown.xlu');
    writeFileSync(file, assembleStream(3, records, { major: 4, minor: 19 }));
    type Doc = { domains: { domain: { domid: number }; $unknown_records?: unknown[] }[] };
    const cases: [string, string[]][] = [[file, []], [FIXTURE(1), ['--as', '3']], [FIXTURE(2), []]];
    for (const [dump, extra] of cases) {
      const whole = JSON.parse(xenlu(['decode', '--compact', ...extra, dump]).stdout) as Doc;
      for (const d of whole.domains) {
        const one = xenlu(['decode', '--compact', ...extra, '--domain', String(d.domain.domid), dump]);
        expect(one.status, one.stderr).toBe(0);
        expect(one.stdout).toBe(`${JSON.stringify({ ...whole, domains: [d] })}\n`);
      }
    }
    const withUnknown = (JSON.parse(xenlu(['decode', file]).stdout) as Doc).domains.filter((d) => d.$unknown_records);
    expect(withUnknown).toHaveLength(1);
    // Indented like the whole decode, and encodable: the same document with one domain.
    const pretty = xenlu(['decode', '--domain', '7', FIXTURE(3)]);
    expect(pretty.stdout).toBe(`${JSON.stringify(JSON.parse(pretty.stdout), null, 2)}\n`);
    expect(xenlu(['encode', '-o', tmp.path('only-7.xlu'), '-'], { input: pretty.stdout }).status).toBe(0);
    const missing = xenlu(['decode', '--domain', '9', FIXTURE(3)]);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toMatch(/--domain 9: .* has no domain 9 \(its domains: 0, 1, 2, 3, 7\)/);
    // A damaged dump is refused as by a whole decode, even after the domain asked for.
    const bytes = Buffer.from(readFileSync(FIXTURE(3)));
    bytes[bytes.length - 20]! ^= 0x40;
    writeFileSync(tmp.path('damaged-tail.xlu'), bytes);
    const bad = xenlu(['decode', '--domain', '0', tmp.path('damaged-tail.xlu')]);
    expect(bad.status).toBe(1);
    expect(bad.stdout).toBe('');
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

  test('encode takes integers in hex ("0x100200") as crit does; decode | encode stays byte-identical', () => {
    const text = xenlu(['decode', FIXTURE(3)]).stdout;
    const doc = JSON.parse(text) as { host: Record<string, unknown>; domains: { pages: Record<string, unknown>[]; domain: Record<string, unknown> }[] };
    doc.host['total_pages'] = `0x${BigInt(doc.host['total_pages'] as string).toString(16)}`;
    doc.domains[1]!.pages[0]!['first_mfn'] = `0x${BigInt(doc.domains[1]!.pages[0]!['first_mfn'] as string).toString(16)}`;
    doc.domains[1]!.domain['max_vcpus'] = `0x${(doc.domains[1]!.domain['max_vcpus'] as number).toString(16)}`;
    const hexed = xenlu(['encode', '-'], { input: JSON.stringify(doc) });
    expect(hexed.status, hexed.stderr).toBe(0);
    expect(Buffer.compare(hexed.stdoutBytes, readFileSync(FIXTURE(3)))).toBe(0);
    // decode prints the canonical form back, and re-encodes to the same bytes.
    const canonical = xenlu(['encode', '-'], { input: text });
    expect(Buffer.compare(canonical.stdoutBytes, readFileSync(FIXTURE(3)))).toBe(0);
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
    expect(r.stderr).toMatch(/note: translated: domains\[domid=1\]\.p2m: domain 1: \d+ page-order P2M entries became \d+ extent/);
    expect(xenlu(['convert', '-q', up, '--to', '1', '-o', down]).status).toBe(0);
    // Equal up to how P2M runs are split, and shr_pages (retired in v3) written back as 0.
    const d = xenlu(['diff', '--ignore', 'domains[*].domain.shr_pages', FIXTURE(1), down]);
    expect(d.status, d.stdout).toBe(0);
  });

  test('a downgrade the older version cannot express is refused, naming the feature', () => {
    const r = xenlu(['convert', FIXTURE(3), '--to', '2', '-o', tmp.path('never.xlu')]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/cannot convert from schema v3 to v2: 2 blockers/);
    expect(r.stderr).toMatch(/^ {2}domain 0, domains\[domid=0\]\.passthrough: .*\(blocked by passthrough\)$/m);
    expect(existsSync(tmp.path('never.xlu'))).toBe(false);
    const fifo = xenlu(['convert', FIXTURE(2), '--to', '1', '-o', tmp.path('never.xlu')]);
    expect(fifo.status).toBe(1);
    expect(fifo.stderr).toMatch(/blocked by event_fifo/);
  });

  // The v3 example: passthrough in domains 0 and 1, FIFO in 0 and 1, grant-table v2 in 1.
  const ALL_BLOCKERS = [
    'passthrough@0', 'passthrough@1', 'event_fifo@0', 'event_fifo@0', 'event_fifo@1', 'event_fifo@1', 'grant_v2@1',
  ];
  interface Refusal { refused: boolean; from: number; to: number; blockers: { feature: string; domid: number; path: string; message: string }[] }

  test('3 -> 1 names every blocker of both steps at once, in text and as a --json document', () => {
    const text = xenlu(['convert', FIXTURE(3), '--to', '1', '-o', tmp.path('never.xlu')]);
    expect(text.status).toBe(1);
    const lines = text.stderr.trimEnd().split('\n');
    expect(lines[0]).toMatch(/cannot convert from schema v3 to v1: 7 blockers .*--drop FEATURE/);
    expect(lines.slice(1).map((l) => /blocked by (\w+)\)$/.exec(l)?.[1])).toEqual(ALL_BLOCKERS.map((b) => b.split('@')[0]));
    const json = xenlu(['convert', FIXTURE(3), '--to', '1', '-o', tmp.path('never.xlu'), '--json']);
    expect(json.status).toBe(1);
    expect(json.stderr).toBe('');
    const doc = JSON.parse(json.stdout) as Refusal;
    expect([doc.refused, doc.from, doc.to]).toEqual([true, 3, 1]);
    expect(doc.blockers.map((b) => `${b.feature}@${b.domid}`)).toEqual(ALL_BLOCKERS);
    // Named by identity like every path the CLI prints, with the jq path into the decode JSON beside.
    expect(doc.blockers[6]).toMatchObject({ path: 'domains[domid=1].grant_table.version', jq: '.domains[1].grant_table.version', message: expect.stringContaining('grant-table version 2') });
    expect(existsSync(tmp.path('never.xlu'))).toBe(false);
  });

  test.each(['passthrough', 'event_fifo', 'grant_v2'])('--drop %s drops exactly that feature, and the others still refuse', (feature) => {
    const r = xenlu(['convert', FIXTURE(3), '--to', '1', '-o', tmp.path('never.xlu'), '--json', '--drop', feature]);
    expect(r.status).toBe(1);
    const doc = JSON.parse(r.stdout) as Refusal;
    expect(doc.blockers.map((b) => `${b.feature}@${b.domid}`)).toEqual(ALL_BLOCKERS.filter((b) => !b.startsWith(`${feature}@`)));
  });

  test('--drop of every blocker converts, listing what was dropped per domain; the result is valid', () => {
    const out = tmp.path('rig-v1.xlu');
    const args = ['convert', FIXTURE(3), '--to', '1', '-o', out, '--drop', 'passthrough', '--drop', 'event_fifo', '--drop', 'grant_v2'];
    const text = xenlu(args);
    expect(text.status, text.stderr).toBe(0);
    expect(text.stderr).toMatch(/^note: dropped: domains\[domid=1\]\.grant_table\.version: domain 1: grant-table version 2 written as version 1: .*\(--drop grant_v2\)$/m);
    expect(text.stderr.match(/\(--drop \w+\)$/gm)).toHaveLength(ALL_BLOCKERS.length);
    const r = xenlu([...args, '--json']);
    expect(r.status).toBe(0);
    const doc = JSON.parse(r.stdout) as { refused: boolean; dropped: { feature: string; domid: number; kind: string }[] };
    expect(doc.refused).toBe(false);
    expect(doc.dropped.map((d) => `${d.feature}@${d.domid}`).sort()).toEqual([...ALL_BLOCKERS].sort());
    expect(doc.dropped.every((d) => d.kind === 'dropped')).toBe(true);
    expect(xenlu(['validate', out]).status).toBe(0);
  });

  test('--drop of an unknown feature is a usage error listing the valid ones', () => {
    for (const bad of ['nope', 'p2m_too_large', 'EVENT_FIFO']) {
      const r = xenlu(['convert', FIXTURE(3), '--to', '1', '-o', tmp.path('never.xlu'), '--drop', bad]);
      expect(r.status).toBe(2);
      expect(r.stderr).toContain(`--drop ${bad}: not a feature a downgrade can drop; these can: event_fifo, grant_v2, max_pages_wide, passthrough`);
    }
  });

  test('--json reports versions and notes; bad --to is a usage error', () => {
    const r = xenlu(['convert', FIXTURE(1), '--to', '2', '-o', tmp.path('j.xlu'), '--json']);
    expect(r.status).toBe(0);
    const j = JSON.parse(r.stdout) as { from: number; to: number; notes: { kind: string; path: string; jq?: string }[] };
    expect([j.from, j.to]).toEqual([1, 2]);
    expect(j.notes.map((n) => n.kind)).toContain('defaulted');
    // Notes name places as validate and diff do; a wildcard note keeps its wildcard.
    expect(j.notes.find((n) => n.path.endsWith('.cpupool'))).toMatchObject({ path: 'domains[*].domain.cpupool', jq: '.domains[].domain.cpupool' });
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
    expect(doc.schema_version).toBe(LATEST_VERSION);
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

describe('encode never rewrites the stream header silently (FORMAT.md sections 7 and 8a)', () => {
  /** A v3 dump a v2 reader can read (no P2M extents, no passthrough), with a v3-only retired nil. */
  function rollbackReadable(): string {
    const s = exampleState(3);
    const pv = { host: s.host, domains: s.domains.filter((d) => d.p2m.length === 0 && d.passthrough === null) };
    const file = tmp.path('v3-pv.xlu');
    writeFileSync(file, encode(pv, 3));
    return file;
  }

  test('a rollback read says both versions, and encode writes the stream\u2019s version back, byte for byte', () => {
    const file = rollbackReadable();
    const d = xenlu(['decode', '--as', '2', file]);
    expect(d.status, d.stderr).toBe(0);
    const doc = JSON.parse(d.stdout) as Record<string, unknown>;
    expect(Object.keys(doc).slice(0, 2)).toEqual(['schema_version', 'stream_schema_version']);
    expect([doc['schema_version'], doc['stream_schema_version']]).toEqual([2, 3]);
    const back = xenlu(['encode', '-'], { input: d.stdout });
    expect(back.status, back.stderr).toBe(0);
    expect(back.stderr).toBe('');
    expect(Buffer.compare(back.stdoutBytes, readFileSync(file))).toBe(0);
    // Read at its own version, the document has no second key.
    expect(Object.keys(JSON.parse(xenlu(['decode', file]).stdout) as object)[1]).toBe('host');
  });

  test('--version with the state\u2019s own version writes that version, and says so', () => {
    const d = xenlu(['decode', '--as', '2', rollbackReadable()]);
    const w = xenlu(['encode', '--version', '2', '-o', tmp.path('as-v2.xlu'), '-'], { input: d.stdout });
    expect(w.status, w.stderr).toBe(0);
    expect(w.stderr).toMatch(/note: -: the state was read from a schema v3 stream; written as schema v2, as --version 2 asks/);
    expect(readFileSync(tmp.path('as-v2.xlu')).readUint32BE(12)).toBe(2);
    expect(xenlu(['validate', '--structure-only', tmp.path('as-v2.xlu')]).status).toBe(0);
  });

  test('a stream newer than every version this tool knows: decode reads it by rollback, encode refuses to write another header', () => {
    // The latest version's golden relabelled as the next version, which this tool does not know.
    const [L, N] = [LATEST_VERSION, LATEST_VERSION + 1];
    const records = splitRecords(encode(exampleState(L), L));
    const file = tmp.path(`v${N}.xlu`);
    writeFileSync(file, assembleStream(N, records, { major: 4, minor: 19 }));
    const d = xenlu(['decode', file]);
    expect(d.status, d.stderr).toBe(0);
    const doc = JSON.parse(d.stdout) as Record<string, unknown>;
    expect([doc['schema_version'], doc['stream_schema_version']]).toEqual([L, N]);
    const out = tmp.path(`never-v${N}.xlu`);
    const e = xenlu(['encode', '-', '-o', out], { input: d.stdout });
    expect(e.status).toBe(1);
    expect(oneLine(e.stderr), e.stderr).toBe(true);
    expect(e.stderr).toMatch(new RegExp(`read from a schema v${N} stream, a version this tool cannot write.*\`--version ${L}\` writes a schema v${L} stream instead`));
    expect(existsSync(out)).toBe(false);
    const w = xenlu(['encode', '--version', String(L), '-', '-o', out], { input: d.stdout });
    expect(w.status, w.stderr).toBe(0);
    expect(w.stderr).toMatch(new RegExp(`schema v${N} stream; written as schema v${L}`));
  });

  test('an upgrade read (decode --as 3 of a v1 dump) is written back as v1, reading back as the same state', () => {
    const d = xenlu(['decode', '--as', '3', FIXTURE(1)]);
    expect(d.status, d.stderr).toBe(0);
    const out = tmp.path('back-to-v1.xlu');
    const back = xenlu(['encode', '-', '-o', out], { input: d.stdout });
    expect(back.status, back.stderr).toBe(0);
    expect(readFileSync(out).readUint32BE(12)).toBe(1);
    expect(xenlu(['decode', '--as', '3', out]).stdout).toBe(d.stdout);
    // What the upgrade read dropped (shr_pages, retired in v3) is all that differs from the original.
    const diff = xenlu(['diff', FIXTURE(1), out]);
    expect(diff.stdout).toMatch(/^~ domains\[domid=1\]\.domain\.shr_pages: 1 -> 0$/m);
    expect(diff.stdout).toMatch(/1 difference/);
  });

  test('a stream_schema_version that is not a version number is a usage error', () => {
    const doc = JSON.parse(xenlu(['decode', FIXTURE(2)]).stdout) as Record<string, unknown>;
    const r = xenlu(['encode', '-'], { input: JSON.stringify({ schema_version: 2, stream_schema_version: 'three', host: doc['host'], domains: doc['domains'] }) });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/"stream_schema_version": "three" is not a schema version/);
  });
});

describe('encode refuses what it would have to guess at', () => {
  test('bytes that are not UTF-8: exit 1 with the byte offset, never U+FFFD', () => {
    const text = Buffer.from(xenlu(['decode', '--compact', FIXTURE(3)]).stdout);
    const at = text.indexOf('"extra":"') + 9;
    const bad = Buffer.concat([text.subarray(0, at), Buffer.of(0xff), text.subarray(at)]);
    writeFileSync(tmp.path('latin.json'), bad);
    const r = xenlu(['encode', tmp.path('latin.json'), '-o', tmp.path('latin.xlu')]);
    expect(r.status).toBe(1);
    expect(oneLine(r.stderr), r.stderr).toBe(true);
    expect(r.stderr).toContain(`latin.json: offset ${at} (0x${at.toString(16)}): not UTF-8`);
    expect(existsSync(tmp.path('latin.xlu'))).toBe(false);
    // A truncated sequence at the very end is located too.
    const cut = xenlu(['encode', '-'], { input: Buffer.concat([text.subarray(0, text.length - 1), Buffer.of(0xe2, 0x82)]) });
    expect(cut.stderr).toContain(`stdin: offset ${text.length - 1} `);
  });

  test('a lone surrogate in a JSON string: exit 1 with its JSON path', () => {
    const text = xenlu(['decode', '--compact', FIXTURE(3)]).stdout.replace(/"extra":"[^"]*"/, '"extra":"\\ud800"');
    const r = xenlu(['encode', '-'], { input: text });
    expect(r.status).toBe(1);
    expect(oneLine(r.stderr), r.stderr).toBe(true);
    expect(r.stderr).toMatch(/host\.producer\.extra.*lone surrogate \(U\+D800\)/);
  });

  test('an unknown record it cannot place, or an unknown value that is not one MessagePack value: exit 1 with the JSON path', () => {
    const doc = JSON.parse(xenlu(['decode', FIXTURE(3)]).stdout) as { domains: Record<string, unknown>[] } & Record<string, unknown>;
    doc.domains[1]!['$unknown_records'] = [{ type: 0x8000_0100, after: 999, body: '90' }];
    const r = xenlu(['encode', '-'], { input: JSON.stringify(doc) });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/domains\[1\]\.\$unknown_records\[0\]\.after: cannot place an unknown record after 999 known records/);
    doc.domains[1]!['$unknown_records'] = [{ type: 0x8000_0100, after: 1, body: '80' }];
    const m = xenlu(['encode', '-'], { input: JSON.stringify(doc) });
    expect(m.status).toBe(1);
    expect(m.stderr).toMatch(/domains\[1\]\.\$unknown_records\[0\]\.body: a record body is not one MessagePack value/);
  });
});
