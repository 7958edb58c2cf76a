/**
 * `xenlu verify`: the property-based verifier (round trips, reading across versions, rollback,
 * migrations, negative properties per rule) and the static compatibility check of the released
 * schemas. Exit 1 when a property fails or a breaking change is not allowed.
 */
import { existsSync } from 'node:fs';
import type { Command } from 'commander';
import { run } from '../command.js';
import { EXIT, type ExitCode, UsageError } from '../errors.js';
import { writeOutput } from '../io.js';
import type { Family, Shard, VerifyOptions, VerifyReport } from '../lib.js';
import { Progress, type ReportSuite, githubAnnotations, reportFormatOf } from '../output.js';
import { type CommonOptions, addCommonOptions, collect, example, parseInteger } from '../options.js';

interface VerifyCliOptions extends CommonOptions {
  readonly runs?: string;
  readonly seed?: string;
  readonly property?: string[];
  readonly family?: string[];
  readonly path?: string;
  readonly workers?: string;
  readonly timeBudget?: string;
  readonly shard?: string;
  readonly failures?: string;
  readonly compat?: boolean;
  readonly golden?: string | false;
  readonly scaling?: boolean;
  readonly verbose?: boolean;
  readonly list?: boolean;
  readonly format?: string;
  readonly json?: boolean;
  readonly output?: string;
}

/** Failing properties and open compatibility findings, as annotations. */
function suitesOf(r: VerifyReport): ReportSuite[] {
  const suites: ReportSuite[] = r.properties.map((p) => ({
    name: p.id,
    ok: p.ok,
    items: p.failure
      ? [{ rule: p.id, severity: 'error' as const, message: `${p.failure.message} (replay: ${p.failure.replay})` }]
      : p.notRun ? [{ rule: p.id, severity: 'error' as const, message: 'not run: the time budget was used up (--time-budget)' }] : [],
  }));
  if (r.compat) {
    const open = r.compat.findings.filter((f) => !f.allowed && f.severity !== 'info');
    suites.push({ name: 'compat', ok: r.compat.ok, items: open.map((f) => ({ rule: f.rule, severity: f.severity === 'error' ? 'error' : 'warning', message: f.message, where: `v${f.from}->v${f.to} ${f.subject}` })) });
  }
  return suites;
}

function parseShardOption(text: string, parseShard: (t: string) => Shard): Shard {
  try {
    return parseShard(text);
  } catch (e) {
    throw new UsageError(`--shard: ${(e as Error).message}`);
  }
}

export function registerVerify(program: Command): Command {
  const cmd = program
    .command('verify')
    .description('run the property-based verifier and the static compatibility check; exit 1 on a failure')
    .option('--runs <n>', 'run budget per property (scaled by each property\u2019s weight)')
    .option('--seed <n>', 'seed of the run (default: random; printed in the report)')
    .option('--property <id>', 'only this property id or prefix, e.g. roundtrip. or rollback@v3>v1 (repeatable)', collect)
    .option('--family <name>', 'only this family of properties (repeatable)', collect)
    .option('--path <path>', 'replay one counterexample (with one --property and its --seed)')
    .option('--workers <n>', 'worker threads; 0 runs in-process (default: the number of CPUs)')
    .option('--shard <i/n>', 'run only shard i of n of the properties (same --seed on every shard; the compat and golden checks run in shard 1)')
    .option('--time-budget <seconds>', 'wall-clock budget of the run: properties not started by then are reported as not run (default 120)')
    .option('--failures <dir>', 'where counterexample dumps are written', 'verify-failures')
    .option('--no-compat', 'skip the static compatibility check')
    .option('--golden <dir>', 'the frozen fixtures to check (default: the repository\u2019s fixtures/)')
    .option('--no-golden', 'skip the golden fixtures check')
    .option('--scaling', 'run twice, on one worker then on the pool, and report both throughputs')
    .option('--verbose', 'list every property, not only failures')
    .option('--list', 'list the properties and exit')
    .option('--format <format>', 'text (default), json, junit or github')
    .option('--json', 'same as --format json')
    .option('-o, --output <file>', 'write the report to a file (default: stdout)')
    .addHelpText('after', example('xenlu verify --runs 100', "xenlu verify --property 'rollback@v3>v1' --seed 42 --path '0:1'", 'xenlu verify --family roundtrip --format junit -o verify.xml', 'xenlu verify --seed 7 --shard 2/4'));
  addCommonOptions(cmd);
  return cmd.action(
    run(async (c): Promise<ExitCode> => {
      const { allProperties, formatJson, formatJunit, formatText, parseShard, runVerifier } = await import('../verifier-lib.js');
      const o = c.opts<VerifyCliOptions>();
      if (c.args.length > 0) throw new UsageError(`verify takes no arguments (got ${c.args.join(' ')})`);
      const format = reportFormatOf(o);
      const properties = allProperties();
      if (o.list) {
        const text = format === 'json' ? `${JSON.stringify(properties.map((p) => ({ id: p.id, family: p.family, summary: p.summary })), null, 2)}\n` : `${properties.map((p) => `${p.id}  ${p.summary}`).join('\n')}\n`;
        await writeOutput(o.output, text);
        return EXIT.ok;
      }
      const families = new Set<string>(properties.map((p) => p.family));
      for (const f of o.family ?? []) if (!families.has(f)) throw new UsageError(`--family must be one of ${[...families].join(', ')}, not ${JSON.stringify(f)}`);
      if (typeof o.golden === 'string' && !existsSync(o.golden)) throw new UsageError(`--golden: no such directory: ${o.golden}`);
      const progress = new Progress('verifying');
      const options: VerifyOptions = {
        ...(o.runs !== undefined ? { runs: parseInteger(o.runs, '--runs', 1, 1_000_000) } : {}),
        ...(o.seed !== undefined ? { seed: parseInteger(o.seed, '--seed', -0x8000_0000, 0xffff_ffff) } : {}),
        ...(o.property ? { only: o.property } : {}),
        ...(o.family ? { families: o.family as Family[] } : {}),
        ...(o.path !== undefined ? { path: o.path } : {}),
        ...(o.workers !== undefined ? { workers: parseInteger(o.workers, '--workers', 0, 256) } : {}),
        ...(o.shard !== undefined ? { shard: parseShardOption(o.shard, parseShard) } : {}),
        ...(o.timeBudget !== undefined ? { timeBudgetMs: parseInteger(o.timeBudget, '--time-budget', 1, 86_400) * 1000 } : {}),
        outDir: o.failures ?? 'verify-failures',
        compat: o.compat !== false,
        ...(o.golden !== undefined ? { golden: o.golden } : {}),
        measureScaling: o.scaling === true,
        onResult: (r, done, total) => progress.update(done, total, `${done}/${total} ${r.id}`),
      };
      let report: VerifyReport;
      try {
        report = await runVerifier(options);
      } catch (e) {
        // The runner's option checks (no such property, --path without one property) are usage errors.
        if (e instanceof RangeError || (e instanceof Error && /^(no property matches|--path )/.test(e.message))) throw new UsageError(e.message);
        throw e;
      } finally {
        progress.done();
      }
      const text =
        format === 'json' ? formatJson(report) : format === 'junit' ? formatJunit(report) : format === 'github' ? githubAnnotations(suitesOf(report), () => undefined) : formatText(report, { verbose: o.verbose === true });
      await writeOutput(o.output, text.endsWith('\n') || text === '' ? text : `${text}\n`);
      return report.ok ? EXIT.ok : EXIT.fail;
    }),
  );
}
