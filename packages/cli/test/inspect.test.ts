import { spawnSync } from 'node:child_process';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { afterAll, describe, expect, test } from 'vitest';
import { crc32, splitRecords } from '@xenlu/format';
import { BIN, FIXTURE, oneLine, scratch, xenlu } from './helpers.js';

const tmp = scratch('inspect');
afterAll(() => tmp.cleanup());

interface InspectJson {
  size: number;
  header: { ident: string; schemaVersion: number; xenMajor: number; xenMinor: number };
  producer: string;
  records: { index: number; offset: number; type: number; name: string; length: number; optional: boolean; domid?: number; fault?: boolean }[];
  domains: { domid: number; type: string; vcpus: number; eventChannels: number; p2mFrames: string; ownedFrames: string; bytes: number }[];
  largest: { name: string; bytes: number; share: number }[];
}

describe('xenlu inspect', () => {
  test('header, producer, record table, domains and the largest records', () => {
    const r = xenlu(['inspect', FIXTURE(3)]);
    expect(r.status).toBe(0);
    const out = r.stdout;
    expect(out).toMatch(/header {5}XENLIVUP, framing v1, schema v3, producer Xen 4\.19/);
    expect(out).toMatch(/producer {3}Xen 4\.19\.1 \(c447b730\)/);
    expect(out).toMatch(/^Records \(47\)$/m);
    expect(out).toMatch(/^ +0 +32 +0x00000001 +HOST +\d+ +mandatory$/m);
    expect(out).toMatch(/0x80000001 +VCPU_RUNSTATE +\d+ +optional +\d+$/m);
    expect(out).toMatch(/^Domains \(5\)$/m);
    expect(out).toMatch(/^ +1 +hvm +running +2 /m);
    expect(out).toMatch(/^Largest records, by type\n +name +records +bytes +share\n +VCPU /m);
    expect(out).toMatch(/more \(--all lists them\)/);
    expect(xenlu(['inspect', '--all', FIXTURE(3)]).stdout).not.toMatch(/more \(--all/);
  });

  test('--json: the full record table agrees with the file', () => {
    const r = xenlu(['inspect', '--json', FIXTURE(2)]);
    expect(r.status).toBe(0);
    const j = JSON.parse(r.stdout) as InspectJson;
    const bytes = readFileSync(FIXTURE(2));
    expect(j.size).toBe(bytes.length);
    expect(j.header).toMatchObject({ ident: 'XENLIVUP', schemaVersion: 2, xenMajor: 4, xenMinor: 19 });
    expect(j.records[0]).toMatchObject({ index: 0, offset: 32, type: 1, name: 'HOST', optional: false });
    expect(j.records.at(-1)).toMatchObject({ name: 'END', type: 0 });
    for (const rec of j.records) {
      // Each row's type and length are what the record header at that offset says.
      expect(bytes.readUInt32BE(rec.offset)).toBe(rec.type);
      expect(bytes.readUInt32BE(rec.offset + 4)).toBe(rec.length);
    }
    expect(j.domains.map((d) => d.domid)).toEqual([0, 1, 2, 3, 7]);
    // Frames in hex, counts in decimal, as every report shows them: the same values as decode's.
    const host = (JSON.parse(r.stdout) as { host: { bootmem: { start: string; count: string }[] } }).host;
    const decoded = (JSON.parse(xenlu(['decode', FIXTURE(2)]).stdout) as { host: { bootmem: { start: string; count: string }[] } }).host;
    expect(host.bootmem.map((b) => [BigInt(b.start), b.count])).toEqual(decoded.bootmem.map((b) => [BigInt(b.start), b.count]));
    for (const b of host.bootmem) expect(b.start).toMatch(/^0x[0-9a-f]+$/);
    expect(j.domains.reduce((n, d) => n + d.bytes, 0)).toBeLessThan(j.size);
    expect(j.largest[0]!.bytes).toBeGreaterThanOrEqual(j.largest[1]!.bytes);
    expect(j.largest.reduce((n, t) => n + t.share, 0)).toBeCloseTo(1 - 32 / j.size, 5);
  });

  test('reads stdin; a v1 dump shows page-order P2M frames', () => {
    const r = xenlu(['inspect', '--json', '-'], { input: readFileSync(FIXTURE(1)) });
    expect(r.status).toBe(0);
    const j = JSON.parse(r.stdout) as InspectJson;
    expect(j.header.schemaVersion).toBe(1);
    expect(BigInt(j.domains.find((d) => d.domid === 1)!.p2mFrames)).toBeGreaterThan(0n);
  });

  test('a damaged dump: what was read up to the fault, then a located error, exit 1', () => {
    const bytes = readFileSync(FIXTURE(3));
    writeFileSync(tmp.path('cut.xlu'), bytes.subarray(0, 4000));
    const r = xenlu(['inspect', tmp.path('cut.xlu')]);
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/up to the fault/);
    expect(r.stdout).toMatch(/HOST/);
    expect(oneLine(r.stderr)).toBe(true);
    expect(r.stderr).toMatch(/cut\.xlu: offset \d+ \(0x[0-9a-f]+\), record \d+/);

    // Every record read, then the one at the fault: its header is readable, its body cut short.
    const rows = r.stdout.split('\n').filter((l) => /^ +\d+ +\d+ +0x/.test(l));
    expect(rows.at(-2)).toMatch(/^ +13 +1440 +0x0000000e +P2M_EXTENTS +182 +mandatory +1$/);
    expect(rows.at(-1)).toMatch(/^ +14 +1640 +0x00000003 +VCPU +2823 +mandatory +<- fault$/);
    expect(r.stdout).toMatch(/^Records \(14 read, then the record at the fault\)$/m);
    expect(r.stderr).toMatch(/record 14: record body length 2823 runs past the end/);

    writeFileSync(tmp.path('junk.xlu'), Buffer.from('definitely not a live-update stream'));
    const j = xenlu(['inspect', tmp.path('junk.xlu')]);
    expect(j.status).toBe(1);
    expect(j.stdout).toBe('');
    expect(oneLine(j.stderr)).toBe(true);
    expect(j.stderr).toMatch(/junk\.xlu: /);

    const m = xenlu(['inspect', tmp.path('missing.xlu')]);
    expect(m.status).toBe(2);
    expect(m.stderr).toMatch(/missing\.xlu: no such file or directory/);
    expect(xenlu(['inspect']).status).toBe(2);
  });
});

/**
 * The v3 fixture with `n` tiny unknown optional records (type 0x80007777, body one MessagePack
 * 0) before END: 24 bytes each, the checksum chain carried along.
 */
function withUnknownRecords(n: number): Buffer {
  const fixture = readFileSync(FIXTURE(3));
  const records = splitRecords(fixture);
  const end = records.at(-1)!;
  expect(end.type).toBe(0);
  const prefix = fixture.subarray(0, end.offset);
  let crc = prefix.readUInt32BE(records.at(-2)!.offset + 8);
  const out = Buffer.alloc(prefix.length + n * 24 + 24);
  prefix.copy(out);
  const rec = Buffer.alloc(24);
  rec.writeUInt32BE(0x8000_7777, 0);
  rec.writeUInt32BE(1, 4);
  const head = rec.subarray(0, 8);
  const rest = rec.subarray(12, 24);
  let at = prefix.length;
  for (let i = 0; i < n; i++) {
    crc = crc32(rest, crc32(head, crc));
    rec.copy(out, at);
    out.writeUInt32BE(crc, at + 8);
    at += 24;
  }
  // END: [nr_records], every record before it counted, HOST included.
  const body = Buffer.from([0x91, 0xce, 0, 0, 0, 0]);
  body.writeUInt32BE(records.length - 1 + n, 2);
  out.writeUInt32BE(0, at);
  out.writeUInt32BE(body.length, at + 4);
  body.copy(out, at + 16);
  crc = crc32(out.subarray(at + 12, at + 24), crc32(out.subarray(at, at + 8), crc));
  out.writeUInt32BE(crc, at + 8);
  return out;
}

describe('inspect: a damaged record in the middle, and --record N', () => {
  const records = splitRecords(readFileSync(FIXTURE(3)));
  /** The v3 fixture with one bit of record 30's body flipped: its checksum no longer matches. */
  function damaged(): string {
    const bytes = Buffer.from(readFileSync(FIXTURE(3)));
    bytes[records[30]!.offset + 16 + 5]! ^= 0x40;
    const file = tmp.path('bit-30.xlu');
    writeFileSync(file, bytes);
    return file;
  }

  test('the record table lists every record before the fault and the faulting one, in text (--all) and JSON', () => {
    const file = damaged();
    const text = xenlu(['inspect', '--all', file]);
    expect(text.status).toBe(1);
    const rows = text.stdout.split('\n').filter((l) => /^ +\d+ +\d+ +0x/.test(l));
    expect(rows.map((l) => Number(l.trim().split(/ +/)[0]))).toEqual([...Array(31).keys()]);
    expect(rows.at(-1)).toMatch(/^ +30 +11128 +0x00000009 +GRANT_TABLE +55 +mandatory +<- fault$/);
    expect(text.stderr).toMatch(/record 30: record checksum is/);
    const json = xenlu(['inspect', '--json', file]);
    expect(json.status).toBe(1);
    const j = JSON.parse(json.stdout) as InspectJson & { error: string };
    expect(j.records.map((x) => x.index)).toEqual([...Array(31).keys()]);
    expect(j.records.filter((x) => x.fault)).toEqual([{ index: 30, offset: 11128, type: 9, name: 'GRANT_TABLE', length: 55, optional: false, known: true, fault: true }]);
    expect(j.error).toMatch(/record checksum/);
  });

  test('--record N: the header fields and the decoded body, in text and JSON; reads no further than N', () => {
    const text = xenlu(['inspect', '--record', '17', FIXTURE(3)]);
    expect(text.status).toBe(0);
    expect(text.stdout).toMatch(/^record 17 GRANT_TABLE\n {2}offset +7384 \(0x1cd8\)\n {2}type +0x00000009\n {2}length +116\n/);
    expect(text.stdout).toMatch(/^ {2}domid +1$/m);
    const j = JSON.parse(xenlu(['inspect', '--json', '--record', '13', FIXTURE(3)]).stdout) as Record<string, unknown> & { body: { entries: unknown[] } };
    expect(j).toMatchObject({ index: 13, offset: records[13]!.offset, type: 14, name: 'P2M_EXTENTS', length: 182, optional: false, known: true, domid: 1, chunk: 0 });
    expect(j.body.entries.length).toBeGreaterThan(0);
    const host = JSON.parse(xenlu(['inspect', '--json', '--record', '0', FIXTURE(3)]).stdout) as { name: string; body: { nr_pcpus: number } };
    expect(host.name).toBe('HOST');
    expect(host.body.nr_pcpus).toBeGreaterThan(0);
    // A record before the damage reads fine from a damaged dump; the damaged one is the error.
    const file = damaged();
    expect(xenlu(['inspect', '--record', '29', file]).status).toBe(0);
    const bad = xenlu(['inspect', '--record', '30', file]);
    expect(bad.status).toBe(1);
    expect(bad.stderr).toMatch(/record 30: record checksum/);
  });

  test('--record N of a record not understood: its body as hex; past the end: exit 2', () => {
    const file = tmp.path('one-unknown.xlu');
    writeFileSync(file, withUnknownRecords(1));
    const j = JSON.parse(xenlu(['inspect', '--json', '--record', '46', file]).stdout) as Record<string, unknown>;
    expect(j).toMatchObject({ index: 46, type: 0x8000_7777, name: 'type 0x80007777', length: 1, optional: true, known: false, bodyHex: '00' });
    expect(j['body']).toBeUndefined();
    expect(xenlu(['inspect', '--record', '46', file]).stdout).toMatch(/^record 46 type 0x80007777 \(not understood\)\n[^]* {2}body hex 00\n$/);
    const past = xenlu(['inspect', '--record', '47', FIXTURE(3)]);
    expect(past.status).toBe(2);
    expect(past.stderr).toMatch(/--record 47: .* has 47 records \(0 to 46\)/);
    expect(xenlu(['inspect', '--record', 'x', FIXTURE(3)]).status).toBe(2);
  });
});

describe('inspect memory is bounded by the largest record, whatever the record count', () => {
  test('3 million records under a 160 MiB heap: the text report, and --json that parses with every record', () => {
    const n = 3_000_000;
    const file = tmp.path('many.xlu');
    writeFileSync(file, withUnknownRecords(n));
    expect(xenlu(['validate', '--structure-only', file]).status).toBe(0);
    const capped = (args: readonly string[]) =>
      spawnSync(process.execPath, ['--max-old-space-size=160', BIN, ...args], { encoding: 'utf8', maxBuffer: 1 << 20, timeout: 300_000 });

    const text = capped(['inspect', file]);
    expect(text.status, text.stderr).toBe(0);
    expect(text.stdout).toMatch(new RegExp(`^Records \\(${n + 47}\\)$`, 'm'));
    expect(text.stdout).toMatch(/^ +type 0x80007777 +3000000 +72000000 +\d/m);

    const json = capped(['inspect', '--json', file, '-o', tmp.path('many.json')]);
    expect(json.status, json.stderr).toBe(0);
    // Parsed in a Node with room for the whole document.
    const check = spawnSync(
      process.execPath,
      ['--max-old-space-size=4096', '-e', `const j = JSON.parse(require('fs').readFileSync(${JSON.stringify(tmp.path('many.json'))}, 'utf8')); console.log(JSON.stringify({ records: j.records.length, last: j.records.at(-1), unknown: j.records.filter((r) => !r.known).length, size: j.size, top: j.largestRecords[0] }));`],
      { encoding: 'utf8', timeout: 300_000 },
    );
    expect(check.status, check.stderr).toBe(0);
    const got = JSON.parse(check.stdout) as { records: number; last: { name: string }; unknown: number; size: number; top: { name: string } };
    expect(got.records).toBe(n + 47);
    expect(got.unknown).toBe(n);
    expect(got.last.name).toBe('END');
    expect(got.size).toBe(statSync(file).size);
    expect(got.top.name).toBe('VCPU');
  }, 900_000);

  test('--all lists half a million records under a 64 MiB heap, each once', () => {
    const n = 500_000;
    const file = tmp.path('half-million.xlu');
    writeFileSync(file, withUnknownRecords(n));
    const all = spawnSync(process.execPath, ['--max-old-space-size=64', BIN, 'inspect', '--all', file, '-o', tmp.path('all.txt')], { encoding: 'utf8', timeout: 300_000 });
    expect(all.status, all.stderr).toBe(0);
    const text = readFileSync(tmp.path('all.txt'), 'utf8');
    const lines = text.split('\n').filter((l) => /0x80007777 +type 0x80007777 \(not understood\) +1 +optional( +\d+)?$/.test(l));
    expect(lines.length).toBe(n);
    expect(text).not.toMatch(/more \(--all/);
    expect(text).toMatch(/^ +\d+ +\d+ +0x00000000 +END +6 +mandatory$/m);
  }, 600_000);
});
