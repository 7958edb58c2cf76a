/**
 * A verifier report as text (for people), JSON (for tools) and JUnit XML (for CI).
 */
import type { CompatReport } from '../compat/check.js';
import type { Report, ReportedProperty, Throughput } from './report.js';

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

function rate(t: Throughput): string {
  return `${t.propertyRuns} property runs in ${t.seconds} s = ${t.perSecond} runs/s (${t.workers} worker${t.workers === 1 ? '' : 's'})`;
}

function compatText(c: CompatReport): string[] {
  const pairs = c.pairs.map((p) => `v${p.from} -> v${p.to}`).join(', ');
  const open = c.findings.filter((f) => !f.allowed && f.severity !== 'info');
  const lines = [`compat (${pairs}): ${c.ok ? 'ok' : 'BREAKING'}, ${c.findings.length} findings, ${c.findings.filter((f) => f.allowed).length} allowed`];
  for (const f of open) lines.push(`  ${f.severity.toUpperCase()} ${f.rule} v${f.from}->v${f.to} ${f.subject}: ${f.message}`);
  return lines;
}

function failureText(p: ReportedProperty): string[] {
  const f = p.failure;
  if (!f) return [];
  const lines = [
    `FAIL ${p.id} after ${p.runs} run(s)${f.shrinks ? `, shrunk ${f.shrinks} times` : ''}${f.shrinkStopped ? ' (shrinking stopped by its time budget)' : ''}`,
    `  ${f.message}`,
    `  replay: ${f.replay}`,
  ];
  if (f.xluFile) lines.push(`  counterexample dump: ${f.xluFile}`);
  if (f.counterexample) lines.push(`  counterexample (v${f.stateVersion} state):`, ...f.counterexample.split('\n').map((l) => `    ${l}`));
  return lines;
}

export interface TextOptions {
  /** List every property, not only failures and the per-family summary. */
  readonly verbose?: boolean;
}

export function formatText(r: Report, opts: TextOptions = {}): string {
  const failed = r.properties.filter((p) => !p.ok && !p.notRun);
  const lines = [
    `xenlu verify: ${r.properties.length} properties${r.shard ? ` (shard ${r.shard.index}/${r.shard.count})` : ''}, seed ${r.seed}, budget ${r.runs} runs, ${seconds(r.durationMs)}`,
  ];
  const families = new Map<string, { n: number; ok: number; runs: number }>();
  for (const p of r.properties) {
    const f = families.get(p.family) ?? { n: 0, ok: 0, runs: 0 };
    f.n++;
    if (p.ok) f.ok++;
    f.runs += p.runs;
    families.set(p.family, f);
  }
  for (const [name, f] of families) lines.push(`  ${name.padEnd(13)} ${f.ok}/${f.n} passed, ${f.runs} runs`);
  if (opts.verbose) for (const p of r.properties) lines.push(`  ${p.ok ? 'pass' : 'FAIL'} ${p.id} (${p.runs} runs${p.skips ? `, ${p.skips} skipped` : ''}, ${seconds(p.durationMs)})`);
  for (const p of failed) lines.push('', ...failureText(p));
  if (r.notRun.length > 0) {
    lines.push('', `NOT RUN: ${r.notRun.length} propert${r.notRun.length === 1 ? 'y' : 'ies'}: the time budget of ${seconds(r.timeBudgetMs)} was used up (raise it with --time-budget)`);
    lines.push(...r.notRun.map((id) => `  ${id}`));
  }
  if (r.compat) lines.push('', ...compatText(r.compat));
  if (r.golden) {
    lines.push(`golden fixtures: ${r.golden.filter((g) => g.ok).length}/${r.golden.length} read as frozen`);
    for (const g of r.golden) if (!g.ok) lines.push(`  FAIL ${g.file}: ${g.message}`);
  }
  lines.push('', `throughput: ${rate(r.throughput)}`);
  if (r.scaling) lines.push(`scaling: 1 worker ${r.scaling.oneWorker.perSecond} runs/s; ${r.scaling.pool.workers} workers ${r.scaling.pool.perSecond} runs/s`);
  const goldenFailed = (r.golden ?? []).filter((g) => !g.ok).length;
  lines.push(`result: ${r.ok ? 'PASS' : `FAIL (${failed.length} propert${failed.length === 1 ? 'y' : 'ies'} failed${r.notRun.length ? `, ${r.notRun.length} not run` : ''}${r.compat && !r.compat.ok ? ', compat breaking' : ''}${goldenFailed ? `, ${goldenFailed} golden fixture(s) broken` : ''})`}`);
  return `${lines.join('\n')}\n`;
}

export function formatJson(r: Report): string {
  return `${JSON.stringify(r, null, 2)}\n`;
}

function xml(s: string): string {
  return s
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    // XML 1.0 cannot carry most control characters, even escaped.
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

export function formatJunit(r: Report): string {
  const suites = new Map<string, ReportedProperty[]>();
  for (const p of r.properties) suites.set(p.family, [...(suites.get(p.family) ?? []), p]);
  const out = ['<?xml version="1.0" encoding="UTF-8"?>'];
  const golden = r.golden ?? [];
  const total = r.properties.length + (r.compat ? 1 : 0) + golden.length;
  const failures = r.properties.filter((p) => !p.ok).length + (r.compat && !r.compat.ok ? 1 : 0) + golden.filter((g) => !g.ok).length;
  out.push(`<testsuites name="xenlu verify" tests="${total}" failures="${failures}" time="${(r.durationMs / 1000).toFixed(3)}">`);
  for (const [family, props] of suites) {
    const time = props.reduce((t, p) => t + p.durationMs, 0) / 1000;
    out.push(`  <testsuite name="${xml(family)}" tests="${props.length}" failures="${props.filter((p) => !p.ok).length}" time="${time.toFixed(3)}">`);
    out.push(`    <properties><property name="seed" value="${r.seed}"/><property name="runs" value="${r.runs}"/></properties>`);
    for (const p of props) {
      const open = `    <testcase classname="verify.${xml(family)}" name="${xml(p.id)}" time="${(p.durationMs / 1000).toFixed(3)}"`;
      if (p.notRun) {
        out.push(`${open}>`, `      <failure message="not run: the time budget was used up" type="NotRun"/>`, '    </testcase>');
        continue;
      }
      if (!p.failure) {
        out.push(`${open}/>`);
        continue;
      }
      const body = [p.failure.message, `replay: ${p.failure.replay}`, p.failure.xluFile ? `dump: ${p.failure.xluFile}` : '', p.failure.counterexample].filter(Boolean).join('\n');
      out.push(`${open}>`, `      <failure message="${xml(p.failure.message)}" type="PropertyFailure">${xml(body)}</failure>`, '    </testcase>');
    }
    out.push('  </testsuite>');
  }
  if (r.compat) {
    const c = r.compat;
    out.push(`  <testsuite name="compat" tests="1" failures="${c.ok ? 0 : 1}" time="0">`);
    const name = `released schemas ${c.pairs.map((p) => `v${p.from}>v${p.to}`).join(' ')}`;
    if (c.ok) out.push(`    <testcase classname="verify.compat" name="${xml(name)}"/>`);
    else {
      const open = c.findings.filter((f) => !f.allowed && f.severity !== 'info').map((f) => `${f.rule} v${f.from}->v${f.to} ${f.subject}: ${f.message}`);
      out.push(`    <testcase classname="verify.compat" name="${xml(name)}">`, `      <failure message="breaking schema changes" type="CompatFailure">${xml(open.join('\n'))}</failure>`, '    </testcase>');
    }
    out.push('  </testsuite>');
  }
  if (golden.length > 0) {
    out.push(`  <testsuite name="golden" tests="${golden.length}" failures="${golden.filter((g) => !g.ok).length}" time="0">`);
    for (const g of golden) {
      const open = `    <testcase classname="verify.golden" name="${xml(g.file)}"`;
      if (g.ok) out.push(`${open}/>`);
      else out.push(`${open}>`, `      <failure message="${xml(g.message ?? '')}" type="GoldenFailure">${xml(g.message ?? '')}</failure>`, '    </testcase>');
    }
    out.push('  </testsuite>');
  }
  out.push('</testsuites>');
  return `${out.join('\n')}\n`;
}
