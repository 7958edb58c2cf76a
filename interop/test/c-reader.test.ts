/**
 * xenlu writes, C reads: the reference C reader accepts the golden streams of every version and
 * generated host-scale dumps, and prints the same canonical summary as @xenlu/format computes
 * (summary.ts). Newer-version streams are read by the C reader's rules (rollback) like xenlu's.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { LATEST_VERSION, VERSIONS, type Version, assembleStream, decode, encode, splitRecords } from '@xenlu/format';
import { exampleState } from '@xenlu/format/testing';
import { type Profile, generateState } from '@xenlu/verifier';
import { type CBuild, REPO, buildC, valgrind } from './c-toolchain.js';
import { summarize } from './summary.js';

let c: CBuild;
beforeAll(() => {
  c = buildC();
});

/** The C reader's summary of `bytes`, run under valgrind; fails on a refusal or a memory error. */
function cSummary(name: string, bytes: Uint8Array): string {
  const file = join(c.dir, `${name}.xlu`);
  writeFileSync(file, bytes);
  const r = valgrind(c.read, [file]);
  if (r.status !== 0) throw new Error(`xlu-read ${name}: status ${r.status}: ${r.stderr}`);
  return r.stdout;
}

describe.each(VERSIONS)('golden fixture v%i', (v) => {
  it('C reader summary equals xenlu summary', () => {
    const bytes = new Uint8Array(readFileSync(join(REPO, `fixtures/v${v}/example.xlu`)));
    const expected = summarize(bytes);
    expect(expected).toMatch(new RegExp(`^stream framing=1 schema=${v} reader=${v} `));
    expect(expected.split('\n').filter((l) => l.startsWith('domain ')).length).toBe(exampleState(v).domains.length);
    expect(cSummary(`golden-v${v}`, bytes)).toBe(expected);
  });
});

const dumps: readonly { version: Version; profile: Profile; seed: number }[] = [
  { version: 1, profile: 'host', seed: 11 },
  { version: 2, profile: 'host', seed: 12 },
  { version: 3, profile: 'host', seed: 13 },
  { version: 3, profile: 'fragmented', seed: 14 },
];

describe.each(dumps)('generated dump v$version $profile', ({ version, profile, seed }) => {
  it('C reader summary equals xenlu summary', () => {
    const bytes = encode(generateState(version, { seed, profile }), version);
    const expected = summarize(bytes);
    if (profile === 'host') expect(expected.split('\n').filter((l) => l.startsWith('domain ')).length).toBeGreaterThan(100);
    expect(cSummary(`gen-v${version}-${profile}`, bytes)).toBe(expected);
  });
});

describe('list sections over several records', () => {
  it('C reader summary equals xenlu summary for 70000 P2M extents and event channels over 32768', () => {
    const s = exampleState(3);
    const guest = s.domains[1]!;
    guest.p2m = Array.from({ length: 70_000 }, (_, i) => ({
      gfn: BigInt(2 * i), mfn: 0x100000n + BigInt(i), count: 1n, type: 'ram_rw' as const, access: 'rwx' as const,
    }));
    const dom0 = s.domains[0]!;
    const proto = dom0.event_channels.find((e) => e.state === 'ipi')!;
    dom0.event_channels = Array.from({ length: 40_000 }, (_, i) => ({ ...proto, port: i + 1 }));
    const bytes = encode(s, 3);
    const expected = summarize(bytes);
    const records = (n: number) => Math.ceil(n / 32768);
    expect(expected.match(/ P2M_EXTENTS /g)?.length).toBe(s.domains.reduce((k, d) => k + records(d.p2m.length), 0));
    expect(expected.match(/ EVENT_CHANNELS /g)?.length).toBe(s.domains.reduce((k, d) => k + records(d.event_channels.length), 0));
    expect(expected).toContain(`domain ${guest.domain.domid} type=hvm vcpus=${guest.vcpus.length} ports=${guest.event_channels.length} p2m=70000 `);
    expect(cSummary('chunked', bytes)).toBe(expected);
  });
});

describe('rollback: a stream newer than the reader, read by the latest schema rules', () => {
  it('skips an unknown optional record and unknown trailing fields, like xenlu', () => {
    const records = splitRecords(encode(exampleState(LATEST_VERSION), LATEST_VERSION)).map(({ type, body }) => ({ type, body }));
    const out: { type: number; body: Uint8Array }[] = [];
    for (const r of records) {
      if (r.type === 2) {
        // DOMAIN: one more field (a next version's addition) after the known ones.
        expect(r.body[0]).toBe(0xdc);
        const body = new Uint8Array(r.body.length + 1);
        body.set(r.body);
        body[2] = r.body[2]! + 1;
        body[r.body.length] = 0x2a;
        out.push({ type: r.type, body });
        out.push({ type: 0x8000_0042, body: new Uint8Array([0x91, 0x07]) });
      } else if (r.type === 0) {
        out.push({ type: 0, body: new Uint8Array([0x91, out.length]) });
      } else {
        out.push(r);
      }
    }
    const newer = LATEST_VERSION + 1;
    const bytes = assembleStream(newer, out);
    const d = decode(bytes, { readerVersion: LATEST_VERSION });
    expect(d.streamVersion).toBe(newer);
    expect(d.dropped.map((x) => x.kind).sort()).toEqual(['field', 'record']);
    const expected = summarize(bytes);
    expect(expected).toMatch(new RegExp(`^stream framing=1 schema=${newer} reader=${LATEST_VERSION} `));
    expect(expected).toContain(' 0x80000042 ');
    expect(cSummary('rollback', bytes)).toBe(expected);
  });
});
