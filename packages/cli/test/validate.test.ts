import { readFileSync, writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { encode } from '../../format/src/encode.js';
import { exampleState } from '../../format/src/examples/index.js';
import { OPTIONAL_BIT } from '../../format/src/schema/records.js';
import { assembleStream, splitRecords } from '../../format/src/wire/assemble.js';
import type { StateV3 } from '../../format/src/schema/index.js';
import { FIXTURE, jqValue, oneLine, scratch, writeJson, xenlu } from './helpers.js';

const tmp = scratch('validate');
afterAll(() => tmp.cleanup());

/** A v2 dump without FIFO or grant v2 (the v1 example upgraded): a v1 Xen can read it back. */
const V2_ROLLBACKABLE = tmp.path('v1-as-v2.xlu');
/** The v3 example with a semantic fault: a domain owns more pages than it may. */
const SEMANTIC_BAD = tmp.path('tot-pages.xlu');
/** The v3 example with one byte flipped inside a record body. */
const CORRUPT = tmp.path('corrupt.xlu');

beforeAll(() => {
  expect(xenlu(['convert', '-q', FIXTURE(1), '--to', '2', '-o', V2_ROLLBACKABLE]).status).toBe(0);
  const doc = JSON.parse(xenlu(['decode', FIXTURE(3)]).stdout) as { domains: { domain: { max_pages: string; tot_pages: string } }[] };
  const d = doc.domains[1]!.domain;
  d.tot_pages = (BigInt(d.max_pages) + 1n).toString();
  writeJson(tmp.path('bad.json'), doc);
  expect(xenlu(['encode', tmp.path('bad.json'), '-o', SEMANTIC_BAD]).status).toBe(0);
  const bytes = readFileSync(FIXTURE(3));
  bytes[2000]! ^= 0x40;
  writeFileSync(CORRUPT, bytes);
});

describe('xenlu validate', () => {
  test('the bundled fixtures are valid: exit 0, one line each', () => {
    const r = xenlu(['validate', FIXTURE(1), FIXTURE(2), FIXTURE(3)]);
    expect(r.status).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(4);
    expect(lines[0]).toMatch(/fixtures\/v1\/example\.xlu: valid \(schema v1, Xen 4\.19/);
    expect(lines[2]).toMatch(/v3\/example\.xlu: valid \(schema v3, .*5 domains, 47 records, \d+ bytes\)/);
    expect(lines[3]).toBe('3 files: 3 valid, 0 invalid');
    // One file: its own line is the summary.
    expect(xenlu(['validate', FIXTURE(1)]).stdout.trimEnd().split('\n')).toHaveLength(1);
    expect(r.stderr).toBe('');
  });

  test('many files in parallel: results in argument order, exit 1 when one is invalid', () => {
    const r = xenlu(['validate', '-j', '3', FIXTURE(1), CORRUPT, FIXTURE(2), SEMANTIC_BAD, FIXTURE(3)]);
    expect(r.status).toBe(1);
    const heads = r.stdout.split('\n').filter((l) => !l.startsWith(' ') && l !== '');
    expect(heads.pop()).toBe('5 files: 3 valid, 2 invalid');
    expect(heads.map((l) => l.split(':')[0])).toEqual([FIXTURE(1), CORRUPT, FIXTURE(2), SEMANTIC_BAD, FIXTURE(3)]);
    expect(heads[1]).toMatch(/: invalid/);
    expect(r.stdout).toMatch(/ {2}error {2}offset \d+ \(0x[0-9a-f]+\), record \d+: record checksum is 0x[0-9a-f]{8}, computed/);
    expect(heads[3]).toMatch(/invalid: \d+ errors?/);
    expect(r.stdout).toMatch(/domain\.tot[_-]|tot_pages/);
  });

  test('--json: a summary object counts the files by status; an unreadable one is counted too', () => {
    const r = xenlu(['validate', '--json', FIXTURE(1), CORRUPT, FIXTURE(3), '/nonexistent/x.xlu']);
    expect(r.status).toBe(2);
    const j = JSON.parse(r.stdout) as { ok: boolean; summary: Record<string, number>; files: { status: string }[] };
    expect(j.summary).toEqual({ files: 4, valid: 2, invalid: 1, refused: 0, unreadable: 1 });
    expect(j.files.map((f) => f.status)).toEqual(['valid', 'invalid', 'valid', 'unreadable']);
    const text = xenlu(['validate', FIXTURE(1), CORRUPT, FIXTURE(3), '/nonexistent/x.xlu']);
    expect(text.stdout.trimEnd().split('\n').at(-1)).toBe('4 files: 2 valid, 1 invalid, 1 unreadable');
    const refused = xenlu(['validate', '--as', '1', FIXTURE(1), FIXTURE(2)]);
    expect(refused.stdout.trimEnd().split('\n').at(-1)).toBe('2 files: 1 valid, 0 invalid, 1 refused');
  });

  test('semantic findings name the rule and the path', () => {
    const r = xenlu(['validate', '--format', 'json', SEMANTIC_BAD]);
    expect(r.status).toBe(1);
    const j = JSON.parse(r.stdout) as { ok: boolean; files: { status: string; findings: { rule: string; path: string; jq: string; severity: string }[] }[] };
    expect(j.ok).toBe(false);
    expect(j.files[0]!.status).toBe('invalid');
    const f = j.files[0]!.findings.find((x) => x.severity === 'error')!;
    expect(f.rule).toMatch(/^domain\./);
    // By identity in `path`, by position in `jq`, which finds the offending value in decode's JSON.
    expect(f.path).toBe('domains[domid=1].domain.tot_pages');
    expect(f.jq).toBe('.domains[1].domain.tot_pages');
    const doc = xenlu(['decode', SEMANTIC_BAD]).stdout;
    expect(jqValue(doc, f.jq)).toBe(JSON.stringify((JSON.parse(doc) as { domains: { domain: { tot_pages: string } }[] }).domains[1]!.domain.tot_pages));
    expect(jqValue(doc, `${f.jq.replace(/\.tot_pages$/, '')}.domid`)).toBe('1');
  });

  test('--as N: the rollback check says what an older Xen would drop', () => {
    const r = xenlu(['validate', '--as', '1', V2_ROLLBACKABLE]);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/accepted by a schema v1 reader \(schema v2, read as v1/);
    expect(r.stdout).toContain('a schema v1 reader would drop:');
    expect(r.stdout).toMatch(/field 21 \(cpupool\) of Domain in DOMAIN x5/);
    expect(r.stdout).toMatch(/field 10 \(priority\) of EventChannel in EVENT_CHANNELS x\d+/);
  });

  test('--as N: a stream an older Xen must refuse is refused, naming the records', () => {
    const r = xenlu(['validate', '--as', '2', FIXTURE(3)]);
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/refused by a schema v2 reader/);
    expect(r.stdout).toMatch(/unknown mandatory record PASSTHROUGH/);
    const j = JSON.parse(xenlu(['validate', '--as', '1', '--json', FIXTURE(2)]).stdout) as { files: { status: string; error: { code: string } }[] };
    expect(j.files[0]!.status).toBe('refused');
    // The first fault in stream order (FORMAT.md 3): the FIFO ABI value of a DOMAIN record, which
    // v1 does not define, comes before the EVENT_FIFO record.
    expect(j.files[0]!.error.code).toBe('bad-value');
  });

  test('--as to a newer version reads by upgrading', () => {
    const r = xenlu(['validate', '--as', '2', FIXTURE(1)]);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/accepted by a schema v2 reader \(schema v1, read as v2/);
    expect(r.stdout).toMatch(/note: .*cpupool/);
  });

  test('--format github annotates the file; junit is one testsuite per file', () => {
    const gh = xenlu(['validate', '--format', 'github', FIXTURE(3), CORRUPT]);
    expect(gh.status).toBe(1);
    const lines = gh.stdout.trimEnd().split('\n');
    expect(lines.pop()).toBe('::notice title=xenlu validate::2 files: 1 valid, 1 invalid');
    expect(lines.length).toBeGreaterThan(0);
    for (const l of lines) expect(l).toMatch(new RegExp(`^::error file=${CORRUPT.replace(/[/.]/g, '\\$&')},title=structure/bad-checksum::`));
    const ju = xenlu(['validate', '--format', 'junit', FIXTURE(3), SEMANTIC_BAD]);
    expect(ju.status).toBe(1);
    expect(ju.stdout).toMatch(/^<\?xml version="1\.0"/);
    expect(ju.stdout.match(/<testsuite /g)).toHaveLength(2);
    expect(ju.stdout).toMatch(/<testcase classname="[^"]*example\.xlu" name="passed">/);
    expect(ju.stdout).toMatch(/<failure type="domain\.[^"]+"/);
  });

  test('reads stdin for -', () => {
    const r = xenlu(['validate', '-'], { input: readFileSync(FIXTURE(2)) });
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^-: valid \(schema v2/);
  });

  test('not a dump, a missing file, bad arguments', () => {
    writeFileSync(tmp.path('text.xlu'), 'hello, this is not a stream at all\n');
    const notDump = xenlu(['validate', tmp.path('text.xlu')]);
    expect(notDump.status).toBe(1);
    expect(notDump.stdout).toMatch(/invalid/);
    expect(notDump.stdout).toMatch(/XENLIVUP|ident/i);

    const missing = xenlu(['validate', tmp.path('nope.xlu'), FIXTURE(3)]);
    expect(missing.status).toBe(2);
    expect(missing.stdout).toMatch(/nope\.xlu: cannot read/);
    expect(missing.stdout).toMatch(/no such file/);

    for (const args of [['validate'], ['validate', '--as', '9', FIXTURE(3)], ['validate', '--format', 'xml', FIXTURE(3)], ['validate', '--bogus', FIXTURE(3)]]) {
      const r = xenlu(args);
      expect(r.status, args.join(' ')).toBe(2);
      expect(r.stdout).toBe('');
      expect(oneLine(r.stderr), r.stderr).toBe(true);
      expect(r.stderr).toMatch(/^xenlu: /);
    }
  });
});

describe('xenlu validate on dumps larger than memory allows', () => {
  /** A ~9 MB fragmented host: its decoded state needs far more heap than the caps set below. */
  const BIG = tmp.path('fragmented-9MB.xlu');
  /**
   * Room for one domain of BIG, not for its whole decoded state (measured: the whole state fits
   * from about 110 MB, one domain down to 50 MB; 75 sits in the middle).
   */
  const HEAP_75 = { NODE_OPTIONS: '--max-old-space-size=75' };
  /**
   * The same with a fault inside one domain (the second guest's tot_pages above its max_pages) and
   * one across domains (its first GFN mapping a frame of the guest after it).
   */
  const BAD_BIG = tmp.path('fragmented-9MB-bad.xlu');
  beforeAll(async () => {
    const { fragmentedPlan, buildState } = (await import('../../../bench/lib/fragmented.mjs')) as {
      fragmentedPlan: (v: number, p: { guests: number; pagesPerGuest: number }) => unknown;
      buildState: (plan: unknown) => StateV3;
    };
    const state = buildState(fragmentedPlan(3, { guests: 6, pagesPerGuest: 70_000 }));
    writeFileSync(BIG, encode(state, 3));
    const d = state.domains[2]!.domain;
    d.tot_pages = d.max_pages + 1n;
    state.domains[2]!.p2m[0]!.mfn = state.domains[3]!.pages[0]!.first_mfn;
    writeFileSync(BAD_BIG, encode(state, 3));
  });

  test('--structure-only streams framing, order and schema checks and says the semantic rules did not run', () => {
    const r = xenlu(['validate', '--structure-only', FIXTURE(3)]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/example\.xlu: valid structure \(schema v3, .*5 domains, 47 records/);
    expect(r.stdout).toMatch(/note {2}semantic rules not run: asked for with --structure-only/);
    // Semantic faults are not looked for; structural ones still are.
    expect(xenlu(['validate', '--structure-only', SEMANTIC_BAD]).status).toBe(0);
    const bad = xenlu(['validate', '--structure-only', '--json', CORRUPT]);
    expect(bad.status).toBe(1);
    const j = JSON.parse(bad.stdout) as { files: { status: string; error: { code: string; location: { offset: number } }; semanticsSkipped: string }[] };
    expect(j.files[0]!.status).toBe('invalid');
    expect(j.files[0]!.error.location.offset).toBeGreaterThan(0);
    expect(j.files[0]!.semanticsSkipped).toMatch(/--structure-only/);
  });

  test('--structure-only of a file (the fast structural check) reports what the streaming reader reports (stdin)', () => {
    // The v3 example with what a newer writer might add: an unknown trailing field in HOST and an
    // unknown optional record after it, so the report lists dropped items too.
    const records = splitRecords(readFileSync(FIXTURE(3)));
    const host = records[0]!.body;
    expect(host[0]! >= 0x90 && host[0]! < 0x9f).toBe(true);
    const grown = new Uint8Array(host.length + 1);
    grown.set(host);
    grown[0] = host[0]! + 1;
    grown[host.length] = 0xc0;
    const body = [...records.slice(1, -1), records[records.length - 1]!];
    // END counts the records before it: one more now (a fixint while under 128).
    expect(records.length).toBeLessThan(128);
    body[body.length - 1] = { type: records[records.length - 1]!.type, body: new Uint8Array([0x91, records.length]) };
    const newer = tmp.path('newer-fields.xlu');
    writeFileSync(newer, assembleStream(3, [{ type: records[0]!.type, body: grown }, { type: (OPTIONAL_BIT | 0x77) >>> 0, body: new Uint8Array([0x91, 0x01]) }, ...body], { major: 4, minor: 19 }));
    for (const file of [FIXTURE(1), FIXTURE(2), FIXTURE(3), newer, SEMANTIC_BAD, CORRUPT]) {
      const fast = xenlu(['validate', '--structure-only', '--json', file]);
      const reader = xenlu(['validate', '--structure-only', '--json', '-'], { input: readFileSync(file) });
      expect(fast.status, file).toBe(reader.status);
      // The name differs; so does the size of a refused input (what stdin gave until the fault).
      const strip = (out: string) => (JSON.parse(out) as { files: { file: string; status: string; size: number }[] }).files.map((f) => ({ ...f, file: undefined, size: f.status === 'valid' ? f.size : undefined }));
      expect(strip(fast.stdout), file).toEqual(strip(reader.stdout));
    }
    const j = JSON.parse(xenlu(['validate', '--structure-only', '--json', newer]).stdout) as { files: { status: string; dropped: { kind: string }[] }[] };
    expect(j.files[0]!.status).toBe('valid');
    expect(j.files[0]!.dropped.map((d) => d.kind).sort()).toEqual(['field', 'record']);
  });

  test('a dump whose state does not fit the heap is checked one domain at a time, every rule included, in bounded memory', () => {
    // The heap capped below what the decoded state needs: validate streams the dump, domain by domain.
    const r = xenlu(['validate', BIG, FIXTURE(3)], { env: HEAP_75 });
    expect(r.stderr).not.toMatch(/FATAL|heap out of memory/);
    expect(r.status, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toMatch(/fragmented-9MB\.xlu: valid \(schema v3, .*7 domains/);
    expect(r.stdout).toMatch(/example\.xlu: valid \(/);
    expect(r.stdout).not.toMatch(/not run|note/);
    const gh = xenlu(['validate', '--format', 'github', BIG], { env: HEAP_75 });
    expect(gh.status).toBe(0);
    expect(gh.stdout).not.toMatch(/^::warning/m);
  });

  test('one domain at a time, PAGES and P2M are held as columns, off the heap: a heap far below one domain of objects is enough', () => {
    // One domain of BIG as objects needed about 35 MB of heap (the validate worker's own bundle): 25 leaves it short.
    const r = xenlu(['validate', BIG], { env: { NODE_OPTIONS: '--max-old-space-size=25' } });
    expect(r.stderr).not.toMatch(/FATAL|heap out of memory/);
    expect(r.status, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toMatch(/fragmented-9MB\.xlu: valid \(schema v3, .*7 domains, 82 records/);
    expect(r.stdout).not.toMatch(/not run/);
  });

  test('when not even its largest domain fits, the structure alone is checked, one record at a time', () => {
    // A domain whose maptrack (objects on the heap) needs about 60 MB, under a 25 MB heap.
    const file = tmp.path('big-maptrack.xlu');
    const s = exampleState(3);
    const gt = s.domains[0]!.grant_table!;
    const entry = gt.maptrack[0]!;
    gt.maptrack = Array.from({ length: 400_000 }, (_, i) => ({ ...entry, handle: i, flags: { ...entry.flags } }));
    writeFileSync(file, encode(s, 3));
    const r = xenlu(['validate', file], { env: { NODE_OPTIONS: '--max-old-space-size=25' } });
    expect(r.stderr).not.toMatch(/FATAL|heap out of memory/);
    expect(r.status, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toMatch(/big-maptrack\.xlu: valid structure \(schema v3, .*5 domains/);
    expect(r.stdout).toMatch(/semantic rules not run: its largest domain did not fit in the memory given to it/);
  });

  test('checked one domain at a time, faults within and across domains are found as on the decoded state, at the same paths', () => {
    type Report = { files: { status: string; streamed?: string; findings: { rule: string; path: string; jq: string; message: string }[] }[] };
    const bad = xenlu(['validate', '--json', BAD_BIG], { env: HEAP_75 });
    expect(bad.status, bad.stderr).toBe(1);
    const j = JSON.parse(bad.stdout) as Report;
    expect(j.files[0]!.streamed).toBe('by-domain');
    expect(j.files[0]!.findings.map((f) => `${f.rule} ${f.jq}`)).toEqual([
      'domain.tot-pages-max .domains[2].domain.tot_pages',
      'domain.tot-pages-owned .domains[2].domain.tot_pages',
      'mem.p2m-ram-owned .domains[2].p2m[0].mfn',
    ]);
    expect(j.files[0]!.findings.map((f) => f.path)).toEqual(['domains[domid=2].domain.tot_pages', 'domains[domid=2].domain.tot_pages', 'domains[domid=2].p2m[gfn=0x0].mfn']);
    // Decoded whole (the default heap holds it): the same findings, in the same order.
    const whole = JSON.parse(xenlu(['validate', '--json', BAD_BIG]).stdout) as Report;
    expect(whole.files[0]!.streamed).toBeUndefined();
    expect(whole.files[0]!.findings).toEqual(j.files[0]!.findings);
  });
});
