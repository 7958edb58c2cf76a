import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, test } from 'vitest';
import { ROOT, oneLine, scratch, xenlu } from './helpers.js';

const tmp = scratch('tools');
afterAll(() => tmp.cleanup());

describe('xenlu compat --against and --list-rules', () => {
  test('--list-rules lists every rule id with a one-line summary, in text and JSON', () => {
    const r = xenlu(['compat', '--list-rules']);
    expect(r.status).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^rule +severity +breaks +summary$/);
    expect(lines.some((l) => /^RECORD_RENUMBERED +error +both +A record keeps its name/.test(l))).toBe(true);
    const j = JSON.parse(xenlu(['compat', '--list-rules', '--json']).stdout) as { id: string; summary: string }[];
    expect(j.map((x) => x.id)).toEqual(lines.slice(1).map((l) => l.split(/ +/)[0]));
    expect(j.map((x) => x.id)).toContain('SCHEMA_CHANGED_WITHOUT_VERSION_BUMP');
  });

  test('the working tree against HEAD (schema untouched): every version compatible, exit 0', () => {
    const r = xenlu(['compat', '--against', 'HEAD']);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^schema v3 -> v3: 0 findings, compatible$/m);
    expect(r.stdout.trimEnd().split('\n').at(-1)).toBe('ok');
  });

  test('an edited schema in a repository: a new version and an edit of a released one, named by rule', () => {
    const repo = tmp.path('repo');
    const dir = join(repo, 'packages/format/src/schema');
    mkdirSync(dir, { recursive: true });
    cpSync(join(ROOT, 'packages/format/src/schema'), dir, { recursive: true });
    const git = (...args: string[]) => execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.org', ...args], { cwd: repo, stdio: 'pipe' });
    git('init', '-q');
    git('add', '.');
    git('commit', '-qm', 'schema');
    expect(xenlu(['compat', '--against', 'HEAD'], { cwd: repo }).status).toBe(0);
    // The documented workflow: a copy of the latest version as v5, edited.
    const v4 = readFileSync(join(dir, 'v4.ts'), 'utf8');
    const v5 = v4.replace('export const v4 = deriveVersion(v3, 4,', 'export const v5 = deriveVersion(v3, 5,').replace("record('CPU_POLICY', 15,", "record('CPU_POLICY', 16,");
    expect(v5).not.toBe(v4);
    writeFileSync(join(dir, 'v5.ts'), v5);
    const r = xenlu(['compat', '--against', 'HEAD'], { cwd: join(repo, 'packages') });
    expect(r.status, r.stderr).toBe(1);
    expect(r.stdout).toMatch(/^schema v4 -> v5: .*breaking$/m);
    expect(r.stdout).toMatch(/error {4}RECORD_RENUMBERED {2}CPU_POLICY/);
    // A copy that keeps the version number is named, not silently picked.
    writeFileSync(join(dir, 'v5.ts'), v4);
    const dup = xenlu(['compat', '--against', 'HEAD'], { cwd: repo });
    expect(dup.status).toBe(2);
    expect(dup.stderr).toMatch(/v4\.ts and v5\.ts both define schema version 4/);
    // An edit of a released version in place.
    writeFileSync(join(dir, 'v5.ts'), v5);
    writeFileSync(join(dir, 'v4.ts'), v4.replace("record('CPU_POLICY', 15,", "record('CPU_POLICY', 16,"));
    const inPlace = xenlu(['compat', '--against', 'HEAD', '--json'], { cwd: repo });
    expect(inPlace.status).toBe(1);
    const j = JSON.parse(inPlace.stdout) as { pairs: { from: number; to: number }[]; findings: { rule: string; from: number; to: number }[] };
    expect(j.findings.filter((f) => f.from === 4 && f.to === 4).map((f) => f.rule)).toEqual(expect.arrayContaining(['RECORD_RENUMBERED', 'SCHEMA_CHANGED_WITHOUT_VERSION_BUMP']));
    expect(xenlu(['compat', '--against', 'no-such-ref'], { cwd: repo }).status).toBe(2);
    expect(xenlu(['compat', '--against', 'HEAD', '2', '3'], { cwd: repo }).status).toBe(2);
  });
});

describe('xenlu compat', () => {
  test('the released history passes with the committed allow-list', () => {
    const r = xenlu(['compat']);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^schema v1 -> v2: \d+ findings, compatible$/m);
    expect(r.stdout).toMatch(/^schema v2 -> v3: \d+ findings, compatible$/m);
    expect(r.stdout).toMatch(/allowed {2}MANDATORY_RECORD_ADDED {2}EVENT_FIFO/);
    expect(r.stdout.trimEnd().split('\n').at(-1)).toBe('ok');
  });

  test('without the allow-list, the intended breaks are reported: exit 1, in every format', () => {
    const r = xenlu(['compat', '--no-allow', '2', '3']);
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/error {4}MANDATORY_RECORD_ADDED {2}PASSTHROUGH: .*\[breaks rollback\]/);
    const j = JSON.parse(xenlu(['compat', '--no-allow', '--json', '2', '3']).stdout) as { ok: boolean; findings: { rule: string; severity: string }[] };
    expect(j.ok).toBe(false);
    expect(j.findings.filter((f) => f.severity === 'error').map((f) => f.rule)).toContain('MANDATORY_RECORD_ADDED');
    const gh = xenlu(['compat', '--no-allow', '--format', 'github', '2', '3']);
    expect(gh.stdout).toMatch(/^::error title=MANDATORY_RECORD_ADDED::PASSTHROUGH: /m);
    const ju = xenlu(['compat', '--no-allow', '--format', 'junit', '2', '3']);
    expect(ju.stdout).toMatch(/<testsuite name="v2 -&gt; v3"/);
  });

  test('an edited schema module is checked against a released version', () => {
    const mod = tmp.path('edited.mjs');
    writeFileSync(
      mod,
      [
        `import { SCHEMAS } from '${pathToFileURL(`${ROOT}packages/format/dist/index.js`).href}';`,
        'const v3 = SCHEMAS[3];',
        'const { tsc_info, ...sections } = v3.sections;',
        'const records = new Map([...v3.records].filter(([t]) => t !== tsc_info.record.type));',
        'export default { ...v3, sections, records };',
      ].join('\n'),
    );
    const r = xenlu(['compat', '3', mod]);
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/error {4}RECORD_REMOVED {2}TSC_INFO/);
    expect(r.stdout).toMatch(/SCHEMA_CHANGED_WITHOUT_VERSION_BUMP/);
    writeFileSync(tmp.path('empty.mjs'), 'export const x = 1;\n');
    const none = xenlu(['compat', '3', tmp.path('empty.mjs')]);
    expect(none.status).toBe(2);
    expect(none.stderr).toMatch(/exports no schema version/);
  });

  test('bad arguments exit 2', () => {
    for (const args of [['compat', '3'], ['compat', '3', '9'], ['compat', '3', tmp.path('missing.mjs')], ['compat', '--allow', tmp.path('missing.json'), '2', '3']]) {
      const r = xenlu(args);
      expect(r.status, args.join(' ')).toBe(2);
      expect(oneLine(r.stderr), r.stderr).toBe(true);
    }
    writeFileSync(tmp.path('allow.json'), '{"entries": [{"rule": "NOPE"}]}');
    const bad = xenlu(['compat', '--allow', tmp.path('allow.json'), '2', '3']);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/allow\.json: allow-list entry 0: unknown rule NOPE/);
  });
});

describe('xenlu schema and codegen', () => {
  test('schema prints the records and fields of a version', () => {
    const r = xenlu(['schema', '--version', '2']);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^Schema version 2$/m);
    expect(r.stdout).toMatch(/EVENT_FIFO/);
    expect(r.stdout).not.toMatch(/PASSTHROUGH/);
    const j = JSON.parse(xenlu(['schema', '--json']).stdout) as { version: number; records: { name: string; type: number; optional: boolean }[]; structs: Record<string, { no: number; name: string; retired?: boolean }[]> };
    expect(j.version).toBe(4);
    expect(j.records.find((x) => x.name === 'VCPU_RUNSTATE')).toMatchObject({ type: 0x80000001, optional: true });
    expect(j.structs['Domain']!.find((f) => f.no === 11)).toMatchObject({ name: 'shr_pages', retired: true });
    expect(j.structs['Domain']!.find((f) => f.no === 7)!.name).toBe('xsm_label');
  });

  test('--json-schema is the JSON Schema of the JSON form', () => {
    const r = xenlu(['schema', '--json-schema', '--version', '1']);
    expect(r.status).toBe(0);
    const s = JSON.parse(r.stdout) as Record<string, unknown>;
    expect(JSON.stringify(s)).toMatch(/"\$schema"|"properties"/);
    expect(JSON.stringify(s)).toMatch(/domains/);
  });

  test('codegen c writes the C header', () => {
    const out = tmp.path('xenlu_v3.h');
    const r = xenlu(['codegen', 'c', '--version', '3', '-o', out]);
    expect(r.status).toBe(0);
    const h = xenlu(['codegen', 'c']).stdout;
    expect(h).toMatch(/#ifndef|#pragma once/);
    expect(h).toMatch(/#define/);
    expect(xenlu(['codegen', 'rust']).status).toBe(2);
    expect(xenlu(['schema', '--version', '5']).status).toBe(2);
    expect(xenlu(['schema', 'extra']).status).toBe(2);
  });
});

describe('xenlu verify', () => {
  test('runs the selected properties with a fixed seed: exit 0 and a report', () => {
    const r = xenlu(['verify', '--family', 'roundtrip', '--runs', '2', '--seed', '7', '--workers', '0', '--no-compat']);
    expect(r.status, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toMatch(/seed 7/);
    expect(r.stdout).toMatch(/roundtrip +\d+\/\d+ passed/);
    expect(r.stdout).toMatch(/result: PASS/);
    expect(r.stdout).toMatch(/golden fixtures: 4\/4 read as frozen/);
    const quick = xenlu(['verify', '--family', 'roundtrip', '--runs', '1', '--seed', '7', '--workers', '0', '--no-compat', '--no-golden']);
    expect(quick.status, quick.stdout + quick.stderr).toBe(0);
    expect(quick.stdout).not.toMatch(/golden fixtures/);
    const j = JSON.parse(xenlu(['verify', '--property', 'roundtrip.bytes@v1', '--runs', '1', '--seed', '7', '--workers', '0', '--no-compat', '--json']).stdout) as { ok: boolean; properties: { id: string; ok: boolean }[] };
    expect(j.ok).toBe(true);
    expect(j.properties.map((p) => p.id)).toEqual(['roundtrip.bytes@v1']);
  });

  test('--time-budget bounds the run: what did not fit is reported as not run, exit 1', () => {
    const t0 = Date.now();
    const r = xenlu(['verify', '--family', 'negative', '--runs', '100', '--seed', '7', '--workers', '0', '--no-compat', '--no-golden', '--time-budget', '1', '--json']);
    expect(Date.now() - t0).toBeLessThan(30_000);
    expect(r.status, r.stderr).toBe(1);
    const j = JSON.parse(r.stdout) as { ok: boolean; timeBudgetMs: number; notRun: string[]; properties: { id: string; notRun?: boolean }[] };
    expect(j.ok).toBe(false);
    expect(j.timeBudgetMs).toBe(1000);
    expect(j.notRun.length).toBeGreaterThan(0);
    expect(j.notRun).toEqual(j.properties.filter((p) => p.notRun).map((p) => p.id));
    const text = xenlu(['verify', '--family', 'negative', '--runs', '100', '--workers', '0', '--no-compat', '--no-golden', '--time-budget', '1']);
    expect(text.stdout).toMatch(/NOT RUN: \d+ properties: the time budget of 1\.0 s was used up/);
    expect(xenlu(['verify', '--time-budget', '0']).status).toBe(2);
  });

  test('--list, and bad arguments exit 2', () => {
    const l = xenlu(['verify', '--list']);
    expect(l.status).toBe(0);
    expect(l.stdout).toMatch(/^roundtrip\.state@v1 /m);
    for (const args of [['verify', '--family', 'nope'], ['verify', '--property', 'no.such.property', '--workers', '0'], ['verify', '--runs', '0'], ['verify', 'x'], ['verify', '--golden', 'no/such/dir']]) {
      const r = xenlu(args);
      expect(r.status, args.join(' ')).toBe(2);
      expect(oneLine(r.stderr), r.stderr).toBe(true);
    }
  });
});
