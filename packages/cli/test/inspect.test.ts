import { readFileSync, writeFileSync } from 'node:fs';
import { afterAll, describe, expect, test } from 'vitest';
import { FIXTURE, oneLine, scratch, xenlu } from './helpers.js';

const tmp = scratch('inspect');
afterAll(() => tmp.cleanup());

interface InspectJson {
  size: number;
  header: { ident: string; schemaVersion: number; xenMajor: number; xenMinor: number };
  producer: string;
  records: { index: number; offset: number; type: number; name: string; length: number; optional: boolean; domid?: number }[];
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
