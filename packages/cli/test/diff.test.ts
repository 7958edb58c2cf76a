import { readFileSync, writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { FIXTURE, jqValue, oneLine, readJson, scratch, writeJson, xenlu } from './helpers.js';

const tmp = scratch('diff');
afterAll(() => tmp.cleanup());

interface Doc {
  host: { time: { tsc: string } };
  domains: {
    domain: { domid: number; sched: { weight: number } };
    vcpus: { id: number; online: boolean }[];
    event_channels: { port: number }[];
    p2m: { gfn: string; count: string; access: string }[];
    hvm_params: { index: number; value: string }[];
    grant_table: { active: { ref: number; mfn: string }[] } | null;
  }[];
}

interface DiffJson {
  entries: { path: string; kind: string; domid?: number; a?: unknown; b?: unknown; jq?: { a?: string; b?: string } }[];
  same: boolean;
  versionA: number;
  versionB: number;
  counts: Record<string, number>;
}

const A = tmp.path('host-a.xlu');
const B = tmp.path('host-b.xlu');
let expected: string[] = [];

/** Two 101-domain dumps (a generated host) that differ in eight known places. */
beforeAll(() => {
  expect(xenlu(['gen', '--version', '3', '--profile', 'host', '--seed', '11', '--json', '-o', tmp.path('a.json')]).status).toBe(0);
  expect(xenlu(['encode', tmp.path('a.json'), '-o', A]).status).toBe(0);
  const doc = readJson(tmp.path('a.json')) as Doc;
  expect(doc.domains.length).toBeGreaterThanOrEqual(100);
  const pick = (from: number, ok: (d: Doc['domains'][number]) => boolean) => {
    const d = doc.domains.slice(from).find(ok);
    if (!d) throw new Error(`no domain after index ${from} fits`);
    return d;
  };
  const hex = (n: bigint) => `0x${n.toString(16)}`;

  doc.host.time.tsc = (BigInt(doc.host.time.tsc) + 1n).toString();
  expected.push('changed host.time.tsc');

  const ch = pick(10, (d) => d.event_channels.length >= 2);
  expected.push(`removed domains[domid=${ch.domain.domid}].event_channels[port=${ch.event_channels[1]!.port}]`);
  ch.event_channels.splice(1, 1);

  const vc = pick(20, (d) => d.vcpus.length >= 2);
  vc.vcpus[1]!.online = !vc.vcpus[1]!.online;
  expected.push(`changed domains[domid=${vc.domain.domid}].vcpus[id=${vc.vcpus[1]!.id}].online`);

  const pm = pick(30, (d) => d.p2m.length >= 1);
  const x = pm.p2m[0]!;
  x.access = x.access === 'rwx' ? 'rw' : 'rwx';
  expected.push(`changed domains[domid=${pm.domain.domid}].p2m[gfn=${hex(BigInt(x.gfn))}-${hex(BigInt(x.gfn) + BigInt(x.count) - 1n)}]`);

  const hp = pick(40, (d) => d.hvm_params.length >= 1);
  hp.hvm_params[0]!.value = (BigInt(hp.hvm_params[0]!.value) + 1n).toString();
  expected.push(`changed domains[domid=${hp.domain.domid}].hvm_params[index=${hp.hvm_params[0]!.index}].value`);

  const gone = doc.domains[50]!;
  doc.domains.splice(50, 1);
  expected.push(`removed domains[domid=${gone.domain.domid}]`);

  const gt = pick(60, (d) => (d.grant_table?.active.length ?? 0) >= 1);
  const g = gt.grant_table!.active[0]!;
  g.mfn = (BigInt(g.mfn) + 1n).toString();
  expected.push(`changed domains[domid=${gt.domain.domid}].grant_table.active[ref=${g.ref}].mfn`);

  const sw = doc.domains[70]!;
  sw.domain.sched.weight = sw.domain.sched.weight === 512 ? 256 : 512;
  expected.push(`changed domains[domid=${sw.domain.domid}].domain.sched.weight`);

  writeJson(tmp.path('b.json'), doc);
  expect(xenlu(['encode', tmp.path('b.json'), '-o', B]).status).toBe(0);
  expected = expected.sort();
});

describe('xenlu diff', () => {
  test('two 100-domain dumps that differ in eight places: exactly those places, exit 1', () => {
    const r = xenlu(['diff', '--json', A, B]);
    expect(r.status).toBe(1);
    const j = JSON.parse(r.stdout) as DiffJson;
    expect(j.entries.map((e) => `${e.kind} ${e.path}`).sort()).toEqual(expected);
    expect(j.same).toBe(false);
    expect(j.counts).toEqual({ added: 0, removed: 2, changed: 6, inexpressible: 0 });
    // u64 values as exact decimal strings.
    const tsc = j.entries.find((e) => e.path === 'host.time.tsc')!;
    expect(BigInt(tsc.b as string) - BigInt(tsc.a as string)).toBe(1n);

    const text = xenlu(['diff', A, B]);
    expect(text.status).toBe(1);
    const lines = text.stdout.trimEnd().split('\n');
    expect(lines[0]).toBe(`--- ${A} (schema v3)`);
    expect(lines[1]).toBe(`+++ ${B} (schema v3)`);
    expect(lines.slice(2, -1).map((l) => l.split(': ')[0]!).map((l) => `${{ '~': 'changed', '-': 'removed', '+': 'added' }[l[0]!]} ${l.slice(2)}`).sort()).toEqual(expected);
    expect(lines.at(-1)).toBe('8 differences: 0 added, 2 removed, 6 changed');
  });

  test('each entry carries jq paths into each side\'s decode JSON, and frames and addresses read in hex', () => {
    const j = JSON.parse(xenlu(['diff', '--json', A, B]).stdout) as DiffJson;
    const docA = xenlu(['decode', A]).stdout;
    const docB = xenlu(['decode', B]).stdout;
    for (const e of j.entries) {
      // Where a side has a value, its jq path finds the item or field it is about.
      if (e.kind === 'removed') expect(e.jq?.b).toBeUndefined();
      if (e.kind !== 'removed') expect(e.jq?.b, e.path).toBeDefined();
      if (e.kind !== 'added') expect(e.jq?.a, e.path).toBeDefined();
      if (e.path.endsWith('.online') || e.path.endsWith('.weight')) {
        expect(jqValue(docA, e.jq!.a!)).toBe(JSON.stringify(e.a));
        expect(jqValue(docB, e.jq!.b!)).toBe(JSON.stringify(e.b));
      }
      // A removed event channel or domain: A's jq path names that very item.
      const port = /event_channels\[port=(\d+)\]$/.exec(e.path);
      if (port) expect(jqValue(docA, `${e.jq!.a!}.port`)).toBe(port[1]);
      const domid = /^domains\[domid=(\d+)\]$/.exec(e.path);
      if (domid) expect(jqValue(docA, `${e.jq!.a!}.domain.domid`)).toBe(domid[1]);
    }
    // An MFN (the schema marks it hex) as a hex string in --json and in text.
    const mfn = j.entries.find((e) => e.path.endsWith('.mfn'))!;
    expect(mfn.a).toMatch(/^0x[0-9a-f]+$/);
    expect(BigInt(mfn.b as string) - BigInt(mfn.a as string)).toBe(1n);
    expect(xenlu(['diff', A, B]).stdout).toContain(`~ ${mfn.path}: ${mfn.a as string} -> ${mfn.b as string}\n`);
  });

  test('--name-only prints the paths, --quiet nothing; both exit as diff does; --full prints whole values', () => {
    const names = xenlu(['diff', '--name-only', A, B]);
    expect(names.status).toBe(1);
    expect(names.stdout.trimEnd().split('\n').sort()).toEqual(expected.map((e) => e.replace(/^\w+ /, '')).sort());
    expect(xenlu(['diff', '--name-only', A, A])).toMatchObject({ status: 0, stdout: '' });
    expect(xenlu(['diff', '--quiet', A, B])).toMatchObject({ status: 1, stdout: '', stderr: '' });
    expect(xenlu(['diff', '-q', A, A])).toMatchObject({ status: 0, stdout: '', stderr: '' });
    // A removed domain: one line with its identity, its value only with --full.
    const gone = expected.find((e) => /^removed domains\[domid=\d+\]$/.test(e))!.replace('removed ', '');
    expect(xenlu(['diff', A, B]).stdout).toContain(`- ${gone}\n`);
    expect(xenlu(['diff', '--full', A, B]).stdout).toMatch(new RegExp(`^- ${gone.replace(/[[\]]/g, '\\$&')}: \\{"domid":\\d+,`, 'm'));
    for (const bad of [['--quiet', '--json'], ['--name-only', '--stat'], ['--full', '--json']]) {
      const r = xenlu(['diff', ...bad, A, B]);
      expect(r.status, bad.join(' ')).toBe(2);
      expect(r.stderr).toMatch(/cannot be used together|shapes the text output only/);
    }
  });

  test('--ignore leaves out what a glob matches; --stat counts per place', () => {
    const r = xenlu(['diff', '--json', '--ignore', 'host.time', '--ignore', 'domains[*].p2m', A, B]);
    expect(r.status).toBe(1);
    const j = JSON.parse(r.stdout) as DiffJson;
    expect(j.entries.map((e) => `${e.kind} ${e.path}`).sort()).toEqual(expected.filter((e) => !e.includes('host.time') && !e.includes('.p2m[')));
    const stat = xenlu(['diff', '--stat', A, B]);
    expect(stat.status).toBe(1);
    expect(stat.stdout).toMatch(/^ host +\| +1 changed$/m);
    expect(stat.stdout.match(/^ domains\[domid=\d+\] +\| +1 (changed|removed)$/gm)).toHaveLength(7);
    expect(stat.stdout.trimEnd().split('\n').at(-1)).toBe('8 differences: 0 added, 2 removed, 6 changed');
    expect(xenlu(['diff', '--ignore', '**', A, B]).status).toBe(0);
  });

  test('an --ignore glob that names no place in the schema warns on stderr; the exit status stays', () => {
    const typo = xenlu(['diff', '--ignore', 'host.tiem', '--ignore', 'domains[*].p2m', A, B]);
    expect(typo.status).toBe(1);
    expect(typo.stderr).toBe("xenlu: warning: --ignore 'host.tiem' matched nothing\n");
    const same = xenlu(['diff', '--ignore', 'domains[*].vcpu.rip', A, A]);
    expect(same.status).toBe(0);
    expect(same.stdout).toBe('');
    expect(same.stderr).toBe("xenlu: warning: --ignore 'domains[*].vcpu.rip' matched nothing\n");
    // Places the schema has, even where nothing differs, and any index or key: no warning.
    for (const g of ['host.time', 'domains[7].event_channels[port=5].priority', '**.tsc', 'domains[*].domain.evtchn_abi', 'domains']) {
      const r = xenlu(['diff', '--ignore', g, A, A]);
      expect([r.status, r.stderr], g).toEqual([0, '']);
    }
  });

  test('a dump against itself: nothing, exit 0', () => {
    const r = xenlu(['diff', A, A]);
    expect(r.status).toBe(0);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe('');
  });

  test('a v1 dump and its v3 conversion differ by the documented version differences only', () => {
    const v1 = tmp.path('host-v1.xlu');
    const v3 = tmp.path('host-v1-as-v3.xlu');
    expect(xenlu(['gen', '--version', '1', '--profile', 'host', '--seed', '12', '-o', v1]).status).toBe(0);
    expect(xenlu(['convert', '-q', v1, '--to', '3', '-o', v3]).status).toBe(0);
    const r = xenlu(['diff', '--json', v1, v3]);
    expect(r.status, r.stdout.slice(0, 2000)).toBe(0);
    const j = JSON.parse(r.stdout) as DiffJson;
    expect([j.versionA, j.versionB, j.same]).toEqual([1, 3, true]);
    const gaps = j.entries.filter((e) => e.domid === undefined).map((e) => e.path).sort();
    expect(gaps).toEqual([
      'domains[*].domain.cpupool',
      'domains[*].domain.shr_pages',
      'domains[*].event_channels[*].priority',
      'domains[*].event_fifo',
      'domains[*].passthrough',
      'domains[*].vcpu_runstates',
    ]);
    // Per domain, only values of the retired field that the upgrade had to drop.
    for (const e of j.entries.filter((x) => x.domid !== undefined)) {
      expect(e.kind).toBe('inexpressible');
      expect(e.path).toMatch(/^domains\[domid=\d+\]\.domain\.shr_pages$/);
    }
    const text = xenlu(['diff', v1, v3]);
    expect(text.stdout).toMatch(/compared as schema v3/);
    expect(text.stdout).toMatch(/^! domains\[\*\]\.domain\.cpupool: schema v1 \(A\) cannot express it$/m);
    expect(text.stdout.trimEnd().split('\n').at(-1)).toMatch(/^no differences; \d+ not expressible in both versions$/);
  });

  test('across versions, a real change still shows', () => {
    const doc = JSON.parse(xenlu(['decode', '--as', '3', FIXTURE(2)]).stdout) as Doc;
    doc.domains[2]!.domain.sched.weight += 1;
    writeJson(tmp.path('v2-edit.json'), doc);
    // --version 3: a v3 dump, compared across versions (without it, encode writes the stream's v2 back).
    expect(xenlu(['encode', '--version', '3', tmp.path('v2-edit.json'), '-o', tmp.path('v2-edit.xlu')]).status).toBe(0);
    const r = xenlu(['diff', '--json', FIXTURE(2), tmp.path('v2-edit.xlu')]);
    expect(r.status).toBe(1);
    const j = JSON.parse(r.stdout) as DiffJson;
    expect(j.entries.filter((e) => e.kind !== 'inexpressible').map((e) => e.path)).toEqual([`domains[domid=${doc.domains[2]!.domain.domid}].domain.sched.weight`]);
  });

  test('unknown optional records count: one added at the root or in a domain makes the dumps differ (text and --json)', () => {
    const doc = JSON.parse(xenlu(['decode', FIXTURE(3)]).stdout) as Doc & Record<string, unknown>;
    writeJson(tmp.path('u-a.json'), doc);
    // A record type no version defines (optional bit set), as a newer writer would add it.
    doc['$unknown_records'] = [{ type: 0x8000f00d, after: 1, body: '920102' }];
    (doc.domains[1] as unknown as Record<string, unknown>)['$unknown_records'] = [{ type: 0x8000f00e, after: 1, body: 'c0' }];
    writeJson(tmp.path('u-b.json'), doc);
    for (const x of ['a', 'b']) expect(xenlu(['encode', tmp.path(`u-${x}.json`), '-o', tmp.path(`u-${x}.xlu`)]).status).toBe(0);
    const domid = doc.domains[1]!.domain.domid;
    const text = xenlu(['diff', tmp.path('u-a.xlu'), tmp.path('u-b.xlu')]);
    expect(text.status).toBe(1);
    expect(text.stdout).toMatch(/^\+ \$unknown_records\[0x8000f00d#0\]$/m);
    expect(text.stdout).toMatch(/^\+ domains\[domid=\d+\]\.\$unknown_records\[0x8000f00e#0\]$/m);
    expect(text.stdout).toContain(`+ domains[domid=${domid}].$unknown_records[0x8000f00e#0]`);
    // --full: the added record whole.
    expect(xenlu(['diff', '--full', tmp.path('u-a.xlu'), tmp.path('u-b.xlu')]).stdout).toMatch(/^\+ \$unknown_records\[0x8000f00d#0\]: {"type":2147545101,"after":1,"body":"920102"}$/m);
    expect(text.stdout.trimEnd().split('\n').at(-1)).toBe('2 differences: 2 added, 0 removed, 0 changed');
    const r = xenlu(['diff', '--json', tmp.path('u-b.xlu'), tmp.path('u-a.xlu')]);
    expect(r.status).toBe(1);
    const j = JSON.parse(r.stdout) as DiffJson;
    expect(j.same).toBe(false);
    expect(j.entries).toEqual([
      { path: '$unknown_records[0x8000f00d#0]', kind: 'removed', a: { type: 0x8000f00d, after: 1, body: '920102' } },
      { path: `domains[domid=${domid}].$unknown_records[0x8000f00e#0]`, kind: 'removed', a: { type: 0x8000f00e, after: 1, body: 'c0' }, domid },
    ]);
    expect(xenlu(['diff', tmp.path('u-b.xlu'), tmp.path('u-b.xlu')]).status).toBe(0);
  });

  test('trouble exits 2: an unreadable dump names the file and the offset; bad arguments', () => {
    const bytes = readFileSync(B);
    bytes[bytes.length - 40]! ^= 1;
    writeFileSync(tmp.path('bad.xlu'), bytes);
    const r = xenlu(['diff', A, tmp.path('bad.xlu')]);
    expect(r.status).toBe(2);
    expect(oneLine(r.stderr)).toBe(true);
    expect(r.stderr).toMatch(/^xenlu: .*bad\.xlu: offset \d+ \(0x[0-9a-f]+\)/);
    for (const args of [['diff', A], ['diff', A, tmp.path('missing.xlu')], ['diff', '-', '-']]) {
      const u = xenlu(args);
      expect(u.status, args.join(' ')).toBe(2);
      expect(oneLine(u.stderr), u.stderr).toBe(true);
    }
  });
});
