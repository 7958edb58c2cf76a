/**
 * `xenlu compat [OLD NEW]`: the static compatibility checker (like `buf breaking`) between two
 * schema versions, or schema modules (a JavaScript module exporting a schema version, e.g. an
 * edited copy of the latest one). Without arguments: the released history v1 -> v2 -> ... with
 * the committed allow-list; `--against REF`: the schema sources of a git ref against the working
 * tree's (compat-against.ts). Exit 1 when a breaking change is not allowed.
 */
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { run } from '../command.js';
import { CliError, EXIT, type ExitCode, UsageError, warn } from '../errors.js';
import { importFile } from '../import-file.js';
import { readSmallFile, writeOutput } from '../io.js';
import { type AllowList, COMPAT_RULES, type CompatFinding, type CompatReport, SCHEMAS, type SchemaVersion, VERSIONS, isVersion } from '../lib.js';
import { type ReportItem, type ReportSuite, type Style, githubAnnotations, junitXml, reportFormatOf, styleFor, table, toJsonText } from '../output.js';
import { type CommonOptions, addCommonOptions, example } from '../options.js';
import { againstPairs, isSchemaVersion, loadAgainst } from './compat-against.js';

interface CompatCliOptions extends CommonOptions {
  /** A file, or false for --no-allow. */
  readonly allow?: string | false;
  readonly strict?: boolean;
  readonly format?: string;
  readonly json?: boolean;
  readonly output?: string;
  readonly against?: string;
  readonly listRules?: boolean;
}

/** `--list-rules`: every rule id with its severity, whom it breaks and a one-line summary. */
function rulesText(format: string): string {
  if (format === 'json') return `${toJsonText(COMPAT_RULES.map(({ id, severity, breaks, summary }) => ({ id, severity, breaks, summary })))}\n`;
  const rows = COMPAT_RULES.map((r) => [r.id, r.severity, r.breaks, r.summary.split(/(?<=\.) /)[0]!]);
  return `${table([['rule', 'severity', 'breaks', 'summary'], ...rows]).join('\n')}\n`;
}

/** One report of several pairs checked on their own (as `--against` does). */
function merged(reports: readonly CompatReport[]): CompatReport {
  return { pairs: reports.flatMap((r) => r.pairs), findings: reports.flatMap((r) => r.findings), ok: reports.every((r) => r.ok) };
}

/** A schema version by number, or the one a module exports (default, `schema`, or its only schema export). */
async function loadSchema(spec: string): Promise<SchemaVersion> {
  if (/^\d+$/.test(spec)) {
    const n = Number(spec);
    if (!isVersion(n)) throw new UsageError(`${spec} is not a schema version (${VERSIONS.join(', ')}); give a version or a module path`);
    return SCHEMAS[n];
  }
  let mod: Record<string, unknown>;
  try {
    mod = await importFile(resolve(spec));
  } catch (e) {
    throw new CliError(`${spec}: cannot load the schema module: ${(e as Error).message.split('\n')[0]}`, EXIT.error);
  }
  if (isSchemaVersion(mod['default'])) return mod['default'];
  if (isSchemaVersion(mod['schema'])) return mod['schema'];
  const found = Object.values(mod).filter(isSchemaVersion);
  if (found.length === 1) return found[0]!;
  throw new CliError(
    `${spec}: ${found.length === 0 ? 'exports no schema version' : `exports ${found.length} schema versions`}; export one as default or as \`schema\``,
    EXIT.error,
  );
}

function suitesOf(report: CompatReport): ReportSuite[] {
  return report.pairs.map((p) => {
    const fs = report.findings.filter((f) => f.from === p.from && f.to === p.to);
    const items: ReportItem[] = fs.map((f) => ({
      rule: f.rule,
      severity: f.allowed ? 'info' : f.severity,
      message: `${f.message}${f.allowed ? ` (allowed: ${f.allowed.reason})` : ''}`,
      where: f.subject,
    }));
    const failing = (f: CompatFinding) => !f.allowed && f.severity === 'error';
    return { name: `v${p.from} -> v${p.to}`, items, ok: !fs.some(failing) };
  });
}

function textOf(report: CompatReport, s: Style): string {
  const lines: string[] = [];
  for (const p of report.pairs) {
    const fs = report.findings.filter((f) => f.from === p.from && f.to === p.to);
    const open = fs.filter((f) => !f.allowed && f.severity === 'error').length;
    lines.push(`${s.bold(`schema v${p.from} -> v${p.to}`)}: ${fs.length} finding${fs.length === 1 ? '' : 's'}${open ? s.red(`, ${open} breaking`) : s.green(', compatible')}`);
    for (const f of fs) {
      const sev = f.allowed ? s.dim('allowed') : f.severity === 'error' ? s.red('error  ') : f.severity === 'warning' ? s.yellow('warning') : s.dim('info   ');
      lines.push(`  ${sev}  ${s.cyan(f.rule)}  ${f.subject}: ${f.message}${f.breaks !== 'none' ? s.dim(` [breaks ${f.breaks}]`) : ''}`);
      if (f.allowed) lines.push(`           ${s.dim(`allowed: ${f.allowed.reason}`)}`);
    }
  }
  lines.push(report.ok ? s.green('ok') : s.red('breaking changes not on the allow-list'));
  return `${lines.join('\n')}\n`;
}

export function registerCompat(program: Command): Command {
  const cmd = program
    .command('compat')
    .description('static compatibility check between schema versions or schema modules; exit 1 on a breaking change not allowed')
    .argument('[old]', 'older schema: a version number or a module path (default: check the released history)')
    .argument('[new]', 'newer (or edited) schema: a version number or a module path')
    .option('--allow <file>', 'allow-list JSON of intended breaks (default: the committed packages/verifier/compat-allow.json)')
    .option('--no-allow', 'no allow-list: report every break')
    .option('--strict', 'warnings fail too')
    .option('--format <format>', 'text (default), json, junit or github')
    .option('--json', 'same as --format json')
    .option('-o, --output <file>', 'write the report to a file (default: stdout)')
    .option('--against <ref>', `compare the schema sources (${'packages/format/src/schema'}) of a git ref with the working tree's, like buf breaking --against`)
    .option('--list-rules', 'list the rule ids, each with its severity, whom it breaks and a summary')
    .addHelpText('after', example(
      'xenlu compat',
      'xenlu compat --no-allow 2 3',
      'xenlu compat 3 ./my-edited-schema.mjs --format github',
      'xenlu compat --against HEAD        # after editing packages/format/src/schema/v4.ts',
      'xenlu compat --list-rules',
    ));
  addCommonOptions(cmd);
  return cmd.action(
    run(async (c): Promise<ExitCode> => {
      const { AllowListError, checkCompat, checkSchemaHistory, loadAllowList, parseAllowList } = await import('../verifier-lib.js');
      const o = c.opts<CompatCliOptions>();
      const format = reportFormatOf(o);
      const [oldSpec, newSpec] = c.args;
      if (o.listRules) {
        if (format !== 'text' && format !== 'json') throw new UsageError(`--list-rules prints text or json, not ${format}`);
        await writeOutput(o.output, rulesText(format));
        return EXIT.ok;
      }
      if (oldSpec !== undefined && o.against !== undefined) throw new UsageError('--against compares the working tree with a git ref: give no OLD and NEW with it');
      if (oldSpec !== undefined && newSpec === undefined) throw new UsageError('give both OLD and NEW, or neither (the released history)');
      let allow: AllowList | undefined;
      try {
        allow = typeof o.allow === 'string' ? parseAllowList(readSmallFile(o.allow)) : o.allow === false ? undefined : loadAllowList();
      } catch (e) {
        if (e instanceof AllowListError) throw new CliError(`${typeof o.allow === 'string' ? o.allow : 'allow-list'}: ${e.message}`, EXIT.error);
        throw e;
      }
      const opts = { strict: o.strict === true, ...(allow ? { allow } : {}) };
      let report: CompatReport;
      if (o.against !== undefined) {
        const { old, current } = await loadAgainst(o.against);
        for (const [v, { file }] of old.versions) {
          if (!current.versions.has(v)) warn(`--against ${o.against}: schema version ${v} (${file}) is gone from the working tree: not checked`);
        }
        report = merged(againstPairs(old, current).map(([prev, next]) => checkCompat(prev, next, opts)));
      } else {
        report =
          oldSpec === undefined
            ? checkSchemaHistory(VERSIONS.map((v) => SCHEMAS[v]), opts)
            : checkCompat(await loadSchema(oldSpec), await loadSchema(newSpec!), opts);
      }
      const suites = suitesOf(report);
      const text =
        format === 'json'
          ? `${toJsonText(report)}\n`
          : format === 'junit'
            ? junitXml('xenlu compat', suites)
            : format === 'github'
              ? githubAnnotations(suites, () => undefined)
              : textOf(report, styleFor(process.stdout, o.color !== false && o.output === undefined));
      await writeOutput(o.output, text);
      return report.ok ? EXIT.ok : EXIT.fail;
    }),
  );
}
