#!/usr/bin/env node
/**
 * Standalone entry point until `xenlu verify` wires the same options:
 *   node packages/verifier/dist/bin.js [--runs N] [--seed S] [--property ID]... [--path P]
 *     [--workers N] [--format text|json|junit] [--out FILE] [--failures DIR] [--scaling] [--verbose]
 *     [--no-compat] [--no-golden] [--time-budget SECONDS]
 * Exit status: 0 all properties pass and the schemas are compatible, 1 a property or the
 * compatibility check failed, 2 usage or internal error.
 */
import { writeFileSync, renameSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { formatJson, formatJunit, formatText } from './runner/formatters.js';
import { runVerifier } from './runner/run-verifier.js';

function int(name: string, v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isInteger(n)) throw new Error(`--${name} must be an integer, got ${v}`);
  return n;
}

async function main(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      runs: { type: 'string' },
      seed: { type: 'string' },
      property: { type: 'string', multiple: true },
      path: { type: 'string' },
      workers: { type: 'string' },
      format: { type: 'string', default: 'text' },
      out: { type: 'string' },
      failures: { type: 'string' },
      scaling: { type: 'boolean', default: false },
      verbose: { type: 'boolean', default: false },
      'no-compat': { type: 'boolean', default: false },
      'no-golden': { type: 'boolean', default: false },
      'time-budget': { type: 'string' },
    },
    allowPositionals: true,
  });
  const format = values.format;
  if (format !== 'text' && format !== 'json' && format !== 'junit') throw new Error(`--format must be text, json or junit, got ${format}`);
  const runs = int('runs', values.runs);
  const seed = int('seed', values.seed);
  const workers = int('workers', values.workers);
  const budget = int('time-budget', values['time-budget']);
  const tty = process.stderr.isTTY;
  const report = await runVerifier({
    ...(runs !== undefined ? { runs } : {}),
    ...(seed !== undefined ? { seed } : {}),
    ...(workers !== undefined ? { workers } : {}),
    ...(budget !== undefined ? { timeBudgetMs: budget * 1000 } : {}),
    ...(values.property ? { only: values.property } : {}),
    ...(values.path !== undefined ? { path: values.path } : {}),
    ...(values.failures !== undefined ? { outDir: values.failures } : {}),
    compat: !values['no-compat'],
    golden: !values['no-golden'],
    measureScaling: values.scaling,
    onResult: tty ? (r, done, total) => process.stderr.write(`\r${done}/${total} ${r.ok ? 'ok  ' : 'FAIL'} ${r.id.padEnd(50)}`) : undefined,
  });
  if (tty) process.stderr.write('\r\x1b[K');
  const text = format === 'json' ? formatJson(report) : format === 'junit' ? formatJunit(report) : formatText(report, { verbose: values.verbose });
  if (values.out && values.out !== '-') {
    const tmp = `${values.out}.${process.pid}.tmp`;
    writeFileSync(tmp, text);
    renameSync(tmp, values.out);
    if (format !== 'text') process.stdout.write(formatText(report));
  } else {
    process.stdout.write(text);
  }
  return report.ok ? 0 : 1;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    process.stderr.write(`xenlu verify: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exitCode = 2;
  },
);
