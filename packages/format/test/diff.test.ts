import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { DiffReadError, type DiffEntry, diffStates, diffStreams, pathMatcher, versionGaps } from '../src/diff/index.js';
import { decode } from '../src/decode.js';
import { encode } from '../src/encode.js';
import { assembleStream, splitRecords } from '../src/wire/assemble.js';
import { setUnknownChunkFields, setUnknownFields } from '../src/unknown.js';
import { exampleState } from '../src/examples/index.js';
import { convert } from '../src/migrate/index.js';
import { SCHEMAS, type DomainStateV3, type StateV1, type StateV3 } from '../src/schema/index.js';

const dir = mkdtempSync(join(tmpdir(), 'xenlu-diff-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function write(name: string, bytes: Uint8Array): string {
  const p = join(dir, name);
  writeFileSync(p, bytes);
  return p;
}

/** A host with `n` domains (domids 0..n-1) cloned from the example domains, each in its own memory region. */
function bigState(n: number): StateV3 {
  const ex = exampleState(3);
  const domains: DomainStateV3[] = [];
  for (let i = 0; i < n; i++) {
    const d = structuredClone(ex.domains[i % ex.domains.length]!);
    d.domain.domid = i;
    domains.push(d);
  }
  return { host: ex.host, domains };
}

function dom(s: StateV3, domid: number): DomainStateV3 {
  const d = s.domains.find((x) => x.domain.domid === domid);
  if (!d) throw new Error(`no domain ${domid}`);
  return d;
}

const summary = (entries: readonly DiffEntry[]) => entries.map((e) => `${e.kind} ${e.path}`).sort();

describe('diffStates', () => {
  test('a state against itself (and a deep copy) has no entries', () => {
    const s = bigState(12);
    for (const other of [s, structuredClone(s)]) {
      const r = diffStates(s, 3, other, 3);
      expect(r.entries).toEqual([]);
      expect(r.same).toBe(true);
      expect(r.domainsA).toBe(12);
      expect(r.domainsB).toBe(12);
    }
  });

  test('100 domains with known edits report exactly those places', () => {
    const a = bigState(100);
    const b = structuredClone(a);
    b.host.time.tsc += 1000n;
    const d17 = dom(b, 17);
    const v = d17.vcpus.find((x) => x.hvm !== null) ?? d17.vcpus[0]!;
    v.online = !v.online;
    const d42 = dom(b, 42);
    const removedPort = d42.event_channels[1]!.port;
    d42.event_channels.splice(1, 1);
    const d63 = dom(b, 63);
    d63.domain.roles.privileged = !d63.domain.roles.privileged;
    const d88 = dom(a, 88); // removed from B
    b.domains = b.domains.filter((x) => x.domain.domid !== 88);
    const added = structuredClone(dom(a, 5));
    added.domain.domid = 150;
    b.domains.push(added);

    const r = diffStates(a, 3, b, 3);
    expect(summary(r.entries)).toEqual(summary([
      { kind: 'changed', path: 'host.time.tsc' },
      { kind: 'changed', path: `domains[domid=17].vcpus[id=${v.id}].online` },
      { kind: 'removed', path: `domains[domid=42].event_channels[port=${removedPort}]` },
      { kind: 'changed', path: 'domains[domid=63].domain.roles.privileged' },
      { kind: 'removed', path: 'domains[domid=88]' },
      { kind: 'added', path: 'domains[domid=150]' },
    ]));
    expect(r.counts).toEqual({ added: 1, removed: 2, changed: 3, inexpressible: 0 });
    expect(r.same).toBe(false);
    const tsc = r.entries.find((e) => e.path === 'host.time.tsc')!;
    expect(tsc.b).toBe((tsc.a as bigint) + 1000n);
    expect(r.entries.find((e) => e.path === 'domains[domid=88]')!.a).toEqual(d88.domain);
    expect(r.entries.find((e) => e.path.startsWith('domains[domid=42]'))!.domid).toBe(42);
  });

  test('list items are matched by identity, not position', () => {
    const a = bigState(5);
    const b = structuredClone(a);
    for (const d of b.domains) {
      d.event_channels.reverse();
      d.hvm_params.reverse();
      for (const v of d.vcpus) v.msrs.reverse();
      if (d.grant_table) d.grant_table.active.reverse();
    }
    expect(diffStates(a, 3, b, 3).entries).toEqual([]);
    const port = dom(b, 1).event_channels[0]!;
    port.masked = !port.masked;
    expect(summary(diffStates(a, 3, b, 3).entries)).toEqual([`changed domains[domid=1].event_channels[port=${port.port}].masked`]);
  });

  test('P2M and page ownership are compared by coverage, not by how runs are split', () => {
    const a = bigState(3);
    const b = structuredClone(a);
    const d = dom(b, 1);
    // Split the largest extent into three adjacent ones: same coverage.
    const i = d.p2m.reduce((best, x, k) => (x.count > d.p2m[best]!.count ? k : best), 0);
    const x = d.p2m[i]!;
    const third = x.count / 4n;
    d.p2m.splice(i, 1,
      { ...x, count: third },
      { ...x, gfn: x.gfn + third, mfn: x.mfn + third, count: third },
      { ...x, gfn: x.gfn + 2n * third, mfn: x.mfn + 2n * third, count: x.count - 2n * third });
    const pg = d.pages[0]!;
    d.pages.splice(0, 1, { ...pg, count: 1n }, { ...pg, first_mfn: pg.first_mfn + 1n, count: pg.count - 1n });
    expect(pg.count).toBeGreaterThan(1n);
    expect(diffStates(a, 3, b, 3).entries).toEqual([]);

    // Remap 16 frames in the middle of that extent: exactly that stretch changes.
    const mid = d.p2m[i + 1]!;
    d.p2m.splice(i + 1, 1,
      { ...mid, count: 8n },
      { ...mid, gfn: mid.gfn + 8n, mfn: 0x3a_0000n, count: 16n },
      { ...mid, gfn: mid.gfn + 24n, mfn: mid.mfn + 24n, count: mid.count - 24n });
    // And drop the last 4 frames of the domain's first page range.
    const first = d.pages[0]!;
    d.pages[1] = { ...d.pages[1]!, count: d.pages[1]!.count - 4n };
    const end = first.first_mfn + pg.count;
    const r = diffStates(a, 3, b, 3);
    const gfn = mid.gfn + 8n;
    expect(summary(r.entries)).toEqual([
      `changed domains[domid=1].p2m[gfn=0x${gfn.toString(16)}-0x${(gfn + 15n).toString(16)}]`,
      `removed domains[domid=1].pages[first_mfn=0x${(end - 4n).toString(16)}-0x${(end - 1n).toString(16)}]`,
    ]);
    const changed = r.entries.find((e) => e.kind === 'changed')!;
    expect(changed.a).toEqual({ gfn, mfn: mid.mfn + 8n, count: 16n, type: x.type, access: x.access });
    expect(changed.b).toEqual({ gfn, mfn: 0x3a_0000n, count: 16n, type: x.type, access: x.access });
  });

  test('coverage differences: added, removed and changed stretches, merged across run boundaries', () => {
    const a = bigState(1);
    const b = structuredClone(a);
    const base = 0x30_0000n;
    a.domains[0]!.pages = [{ first_mfn: base, count: 0x100n, type: 'writable', pinned: false }];
    // B: the same frames in three runs, frames 0x10-0x2f pinned, 0x100-0x10f added; 0xf0-0xff gone.
    b.domains[0]!.pages = [
      { first_mfn: base, count: 0x10n, type: 'writable', pinned: false },
      { first_mfn: base + 0x10n, count: 0x20n, type: 'writable', pinned: true },
      { first_mfn: base + 0x30n, count: 0xc0n, type: 'writable', pinned: false },
      { first_mfn: base + 0x100n, count: 0x10n, type: 'l1', pinned: false },
    ];
    const r = diffStates(a, 3, b, 3);
    const hex = (n: bigint) => `0x${n.toString(16)}`;
    expect(r.entries.map((e) => [e.kind, e.path])).toEqual([
      ['changed', `domains[domid=0].pages[first_mfn=${hex(base + 0x10n)}-${hex(base + 0x2fn)}]`],
      ['removed', `domains[domid=0].pages[first_mfn=${hex(base + 0xf0n)}-${hex(base + 0xffn)}]`],
      ['added', `domains[domid=0].pages[first_mfn=${hex(base + 0x100n)}-${hex(base + 0x10fn)}]`],
    ]);
    expect(r.entries[0]!.a).toEqual({ first_mfn: base + 0x10n, count: 0x20n, type: 'writable', pinned: false });
    expect(r.entries[0]!.b).toEqual({ first_mfn: base + 0x10n, count: 0x20n, type: 'writable', pinned: true });
    expect(r.entries[2]!.b).toEqual({ first_mfn: base + 0x100n, count: 0x10n, type: 'l1', pinned: false });
  });

  test('a v1 state and its v3 conversion differ only by the documented version gaps', () => {
    const s1 = exampleState(1);
    const s3 = convert(s1, 1, 3).state;
    const gaps = versionGaps(SCHEMAS[3], SCHEMAS[1]).map((g) => g.path);
    for (const [a, va, b, vb] of [[s1, 1, s3, 3], [s3, 3, s1, 1]] as const) {
      const r = diffStates(a, va, b, vb);
      expect(r.same).toBe(true);
      expect(r.comparedAs).toBe(3);
      expect(r.counts.added + r.counts.removed + r.counts.changed).toBe(0);
      for (const e of r.entries) {
        expect(e.kind).toBe('inexpressible');
        // Either a schema gap itself, or a value of a retired field the upgrade dropped.
        const asGap = e.path.replace(/^domains\[domid=\d+\]/, 'domains[*]');
        expect(gaps).toContain(asGap);
      }
      expect(r.entries.filter((e) => e.domid === undefined).map((e) => e.path).sort()).toEqual([...gaps].sort());
    }
  });

  test('version gaps are derived from the schemas', () => {
    expect(versionGaps(SCHEMAS[3], SCHEMAS[3])).toEqual([]);
    const g12 = versionGaps(SCHEMAS[2], SCHEMAS[1]);
    expect(g12).toEqual(expect.arrayContaining([
      { path: 'domains[*].domain.cpupool', why: 'missing' },
      { path: 'domains[*].event_channels[*].priority', why: 'missing' },
      { path: 'domains[*].event_fifo', why: 'missing' },
      { path: 'domains[*].vcpu_runstates', why: 'missing' },
    ]));
    const g23 = versionGaps(SCHEMAS[3], SCHEMAS[2]);
    expect(g23).toEqual([
      { path: 'domains[*].domain.shr_pages', why: 'retired' },
      { path: 'domains[*].passthrough', why: 'missing' },
    ]);
  });

  test('across versions, values the older version cannot hold are inexpressible, real edits are changes', () => {
    const s1: StateV1 = exampleState(1);
    const s3 = structuredClone(convert(s1, 1, 3).state);
    dom(s3, 1).domain.cpupool = 3;
    dom(s3, 2).domain.max_vcpus += 1;
    const r = diffStates(s1, 1, s3, 3);
    const concrete = r.entries.filter((e) => e.domid !== undefined && !e.path.endsWith('shr_pages'));
    expect(concrete).toEqual([
      // A (v1) has no cpupool: its jq path is B's alone.
      { path: 'domains[domid=1].domain.cpupool', kind: 'inexpressible', b: 3, jq: { b: '.domains[1].domain.cpupool' }, domid: 1, note: 'schema v1 (A) cannot express it' },
      {
        path: 'domains[domid=2].domain.max_vcpus', kind: 'changed', a: s3.domains[2]!.domain.max_vcpus - 1, b: s3.domains[2]!.domain.max_vcpus,
        jq: { a: '.domains[2].domain.max_vcpus', b: '.domains[2].domain.max_vcpus' }, domid: 2,
      },
    ]);
    expect(r.same).toBe(false);
    // The other way round, B is the older side: the jq path is A's alone.
    const back = diffStates(s3, 3, s1, 1).entries.find((e) => e.path === 'domains[domid=1].domain.cpupool');
    expect(back).toMatchObject({ kind: 'inexpressible', a: 3, jq: { a: '.domains[1].domain.cpupool' } });
    expect(back!.jq).not.toHaveProperty('b');
  });

  test('--ignore globs leave out what they match, and everything under it', () => {
    const a = bigState(4);
    const b = structuredClone(a);
    b.host.time.tsc += 1n;
    b.host.time.system_time_ns += 1n;
    dom(b, 2).tsc_info.elapsed_ns += 5n;
    dom(b, 3).domain.max_vcpus += 1;
    const all = diffStates(a, 3, b, 3).entries.map((e) => e.path).sort();
    expect(all).toEqual(['domains[domid=2].tsc_info.elapsed_ns', 'domains[domid=3].domain.max_vcpus', 'host.time.system_time_ns', 'host.time.tsc']);
    expect(diffStates(a, 3, b, 3, { ignore: ['host.time'] }).entries.map((e) => e.path).sort())
      .toEqual(['domains[domid=2].tsc_info.elapsed_ns', 'domains[domid=3].domain.max_vcpus']);
    const r = diffStates(a, 3, b, 3, { ignore: ['host.time', 'domains[*].tsc_info.*_ns'] });
    expect(r.entries.map((e) => e.path)).toEqual(['domains[domid=3].domain.max_vcpus']);
    expect(r.counts.changed).toBe(1);
    expect(diffStates(a, 3, b, 3, { ignore: ['**'] }).same).toBe(true);
  });

  test('onEntry receives the entries instead of the result', () => {
    const a = bigState(3);
    const b = structuredClone(a);
    dom(b, 0).domain.max_vcpus += 1;
    const seen: DiffEntry[] = [];
    const r = diffStates(a, 3, b, 3, { onEntry: (e) => seen.push(e) });
    expect(r.entries).toEqual([]);
    expect(seen.map((e) => e.path)).toEqual(['domains[domid=0].domain.max_vcpus']);
    expect(r.counts.changed).toBe(1);
  });
});

describe('pathMatcher', () => {
  test('segments, wildcards and subtrees', () => {
    const m = pathMatcher(['host.time', 'domains[*].vcpus[*].hvm.cpu.tsc', '**.pending']);
    expect(m('host.time')).toBe(true);
    expect(m('host.time.tsc')).toBe(true);
    expect(m('host.timeX')).toBe(false);
    expect(m('domains[3].vcpus[0].hvm.cpu.tsc')).toBe(true);
    expect(m('domains[3].vcpus[0].hvm.cpu.tsc_aux')).toBe(false);
    expect(m('domains[3].vcpus.x[0].hvm.cpu.tsc')).toBe(false);
    expect(m('domains[3].event_channels[5].pending')).toBe(true);
    expect(m('domains[3].event_channels[5].masked')).toBe(false);
    expect(pathMatcher([])('anything')).toBe(false);
    expect(pathMatcher(['domains[1?]'])('domains[12].domain')).toBe(true);
    expect(pathMatcher(['domains[1?]'])('domains[1]')).toBe(false);
  });
});

describe('diffStreams', () => {
  test('streaming over two 100-domain dumps agrees with the in-memory diff', async () => {
    const a = bigState(100);
    const b = structuredClone(a);
    dom(b, 3).vcpus[0]!.singleshot_deadline_ns += 1n;
    const dropped = dom(b, 96).hvm_params[0]!;
    dom(b, 96).hvm_params = dom(b, 96).hvm_params.slice(1);
    dom(b, 50).domain.handle[0]! ^= 0xff;
    const fa = write('a100.xlu', encode(a, 3));
    const fb = write('b100.xlu', encode(b, 3));
    let progress = 0;
    const r = await diffStreams(fa, fb, { onProgress: () => void progress++ });
    expect(summary(r.entries)).toEqual(summary(diffStates(a, 3, b, 3).entries));
    expect(summary(r.entries)).toEqual([
      'changed domains[domid=3].vcpus[id=0].singleshot_deadline_ns',
      'changed domains[domid=50].domain.handle',
      `removed domains[domid=96].hvm_params[index=${dropped.index}]`,
    ]);
    expect(progress).toBe(100);
    expect(r.domainsA).toBe(100);
    const same = await diffStreams(fa, fa);
    expect(same.same).toBe(true);
    expect(same.entries).toEqual([]);
  });

  test('a v1 dump against its v3 conversion: only version gaps', async () => {
    const s1 = exampleState(1);
    const fa = write('ex1.xlu', encode(s1, 1));
    const fb = write('ex1-as-v3.xlu', encode(convert(s1, 1, 3).state, 3));
    const r = await diffStreams(fa, fb);
    expect(r.versionA).toBe(1);
    expect(r.versionB).toBe(3);
    expect(r.same).toBe(true);
    expect(new Set(r.entries.map((e) => e.kind))).toEqual(new Set(['inexpressible']));
    expect(summary(r.entries)).toEqual(summary(diffStates(s1, 1, convert(s1, 1, 3).state, 3).entries));
  });

  test('reads both dumps domain by domain, never a whole dump ahead', async () => {
    const bytes = encode(bigState(40), 3);
    async function* chunks(b: Uint8Array) {
      for (let i = 0; i < b.length; i += 512) yield b.subarray(i, i + 512);
    }
    const seen: [number, number][] = [];
    const r = await diffStreams(chunks(bytes), chunks(bytes), { onProgress: (a, b) => void seen.push([a, b]) });
    expect(r.same).toBe(true);
    expect(seen).toHaveLength(40);
    // After the first domain, each side has read about one domain's worth, not the dump.
    expect(seen[0]![0]).toBeLessThan(bytes.length / 10);
    expect(seen[0]![1]).toBeLessThan(bytes.length / 10);
    for (let i = 1; i < seen.length; i++) expect(seen[i]![0]).toBeGreaterThan(seen[i - 1]![0]);
  });

  test('reads async byte sources, and names the side that cannot be read', async () => {
    const bytes = encode(bigState(3), 3);
    async function* chunks(b: Uint8Array) {
      for (let i = 0; i < b.length; i += 1000) yield b.subarray(i, i + 1000);
    }
    expect((await diffStreams(chunks(bytes), chunks(bytes))).same).toBe(true);
    const bad = bytes.slice();
    bad[bad.length - 100]! ^= 1;
    const err = await diffStreams(chunks(bytes), chunks(bad)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DiffReadError);
    expect((err as DiffReadError).side).toBe('b');
    expect((err as DiffReadError).code).toBe('bad-checksum');
    expect((err as DiffReadError).describe()).toMatch(/offset \d+/);
  });
});

describe('unknown optional records', () => {
  /** A type no schema version defines, optional; the body is one strict MessagePack value. */
  const T = 0x8000f00d;
  const record = (body: number[]) => ({ type: T, body: new Uint8Array(body) });
  const base = encode(exampleState(3), 3);

  /** `bytes` with `extra` inserted after record `after` (0 = HOST), END's count kept right. */
  function inserted(bytes: Uint8Array, after: number, extra: { type: number; body: Uint8Array }): Uint8Array {
    const records = splitRecords(bytes).map(({ type, body }) => ({ type, body }));
    records.splice(after + 1, 0, extra);
    records[records.length - 1] = { type: 0, body: new Uint8Array([0x91, records.length - 1]) };
    return assembleStream(3, records);
  }
  const baseRecords = splitRecords(base);
  const secondDomainIndex = baseRecords.indexOf(baseRecords.filter((r) => r.type === 2)[1]!);
  const secondDomid = exampleState(3).domains[1]!.domain.domid;

  async function both(a: Uint8Array, b: Uint8Array): Promise<string[]> {
    const mem = diffStates(decode(a).state, 3, decode(b).state, 3);
    const streamed = await diffStreams(write('u-a.xlu', a), write('u-b.xlu', b));
    expect(summary(streamed.entries)).toEqual(summary(mem.entries));
    expect(streamed.same).toBe(mem.same);
    return summary(mem.entries);
  }

  test('one added at the root (stream level) makes two dumps different', async () => {
    const withRoot = inserted(base, 0, record([0x92, 1, 2]));
    expect(await both(base, withRoot)).toEqual(['added $unknown_records[0x8000f00d#0]']);
    const r = diffStates(decode(base).state, 3, decode(withRoot).state, 3);
    expect(r.same).toBe(false);
    expect(r.entries[0]!.b).toEqual({ type: T, after: 1, body: new Uint8Array([0x92, 1, 2]) });
    expect(await both(withRoot, withRoot)).toEqual([]);
    expect(diffStates(decode(base).state, 3, decode(withRoot).state, 3, { ignore: ['**$unknown_records'] }).same).toBe(true);
  });

  test('one added, removed or changed in a domain, by type and position', async () => {
    const inDomain = inserted(base, secondDomainIndex, record([0xc0]));
    expect(await both(base, inDomain)).toEqual([`added domains[domid=${secondDomid}].$unknown_records[0x8000f00d#0]`]);
    expect(await both(inDomain, base)).toEqual([`removed domains[domid=${secondDomid}].$unknown_records[0x8000f00d#0]`]);
    const otherBody = inserted(base, secondDomainIndex, record([0x05]));
    expect(await both(inDomain, otherBody)).toEqual([`changed domains[domid=${secondDomid}].$unknown_records[0x8000f00d#0].body`]);
    const later = inserted(base, secondDomainIndex + 1, record([0xc0]));
    expect(await both(inDomain, later)).toEqual([`changed domains[domid=${secondDomid}].$unknown_records[0x8000f00d#0].after`]);
  });
});

describe('unknown fields', () => {
  test('of a struct and of a list section, added, removed or changed, in memory and streamed', async () => {
    const a = exampleState(3);
    const b = structuredClone(a);
    const d = b.domains[1]!;
    // What a reader of an older version keeps of a newer writer's fields (FORMAT.md 8a: $unknown).
    setUnknownFields(d.domain, [{ no: 22, raw: new Uint8Array([0x07]) }]);
    setUnknownFields(d.vcpus[0]!, [{ no: 11, raw: new Uint8Array([0xc3]) }]);
    setUnknownChunkFields(d.hvm_params, [{ chunk: 0, fields: [{ no: 2, raw: new Uint8Array([0x90]) }] }]);
    const domid = d.domain.domid;
    const want = [
      `added domains[domid=${domid}].domain.$unknown[22]`,
      `added domains[domid=${domid}].hvm_params.$unknown_chunk_fields[0][2]`,
      `added domains[domid=${domid}].vcpus[id=${d.vcpus[0]!.id}].$unknown[11]`,
    ];
    expect(summary(diffStates(a, 3, b, 3).entries)).toEqual(want);
    const fa = write('f-a.xlu', encode(a, 3));
    const fb = write('f-b.xlu', encode(b, 3));
    expect(summary((await diffStreams(fa, fb)).entries)).toEqual(want);
    // Decoded, they ride on the state as they were written (structuredClone would drop them).
    const read = decode(encode(b, 3), { readerVersion: 3 }).state;
    const c = decode(encode(b, 3), { readerVersion: 3 }).state;
    setUnknownFields(c.domains[1]!.domain, [{ no: 22, raw: new Uint8Array([0x08]) }]);
    expect(summary(diffStates(read, 3, c, 3).entries)).toEqual([`changed domains[domid=${domid}].domain.$unknown[22]`]);
    expect(summary(diffStates(c, 3, a, 3).entries)).toEqual(want.map((w) => w.replace('added', 'removed')));
    expect((await diffStreams(fb, fb)).same).toBe(true);
  });
});
