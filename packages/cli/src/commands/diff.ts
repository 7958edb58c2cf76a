/**
 * `xenlu diff A B`: the semantic diff of two dumps, of the same or different schema versions, in
 * one streaming pass over both. Exit 0 when they are the same, 1 when they differ, 2 on trouble
 * (like diff(1)); values one version cannot express are shown as such and do not count.
 */
import type { Command } from 'commander';
import { run } from '../command.js';
import { CliError, EXIT, type ExitCode, UsageError, describeError, warn } from '../errors.js';
import { type OutputSink, byteSourceOf, sizeOf, withOutput } from '../io.js';
import { type DiffEntry, DiffReadError, type DiffResult, diffStreams, displayText, displayValue } from '../lib.js';
import { Progress, type Style, plain, styleFor, table } from '../output.js';
import { type CommonOptions, addCommonOptions, addLimitOptions, collect, example, limitsOf } from '../options.js';

interface DiffCliOptions extends CommonOptions {
  readonly ignore?: string[];
  readonly stat?: boolean;
  readonly json?: boolean;
  readonly output?: string;
  readonly full?: boolean;
  readonly quiet?: boolean;
  readonly nameOnly?: boolean;
}

const MARK: Record<DiffEntry['kind'], string> = { added: '+', removed: '-', changed: '~', inexpressible: '!' };

/** Values cut to this many characters in text, unless --full. */
const SHORT = 60;

/** A value as text: integers the schema marks hex (frames, addresses, registers) in hex (`displayText`). */
function valueText(v: unknown, node: DiffEntry['node'], full: boolean): string {
  if (v instanceof Uint8Array && !full) return `<${v.length} bytes>`;
  const text = displayText(v, node);
  return full || text.length <= SHORT ? text : `${text.slice(0, SHORT - 3)}...`;
}

/** Two values of one struct (a stretch of frames): only the fields that differ. */
function fieldsChanged(e: DiffEntry, full: boolean): string | undefined {
  const { a, b } = e;
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object' || Array.isArray(a) || a instanceof Uint8Array) return undefined;
  const fields = e.node?.kind === 'struct' ? e.node.fields : {};
  const oa = a as Record<string, unknown>;
  const ob = b as Record<string, unknown>;
  const keys = [...new Set([...Object.keys(oa), ...Object.keys(ob)])].filter((k) => displayText(oa[k]) !== displayText(ob[k]));
  const one = (k: string, x: unknown) => valueText(x, fields[k]?.node.desc, full);
  return keys.map((k) => `${k} ${one(k, oa[k])} -> ${one(k, ob[k])}`).join(', ');
}

/**
 * One line per entry, like a field-level `git diff`: `~ path: old -> new` for a changed value
 * (a struct only by the fields that differ), `+ path` / `- path` for an added or removed item or
 * domain (its whole value with --full), `! path: A: value (why)` for what one version cannot hold.
 */
function entryLine(e: DiffEntry, s: Style, full: boolean): string {
  const mark = MARK[e.kind];
  const color = e.kind === 'added' ? s.green : e.kind === 'removed' ? s.red : e.kind === 'changed' ? s.yellow : s.cyan;
  let detail = '';
  switch (e.kind) {
    case 'changed':
      detail = (full ? undefined : bytesDetail(e.a, e.b)) ?? fieldsChanged(e, full) ?? `${valueText(e.a, e.node, full)} -> ${valueText(e.b, e.node, full)}`;
      break;
    case 'added':
      if (full) detail = valueText(e.b, e.node, true);
      break;
    case 'removed':
      if (full) detail = valueText(e.a, e.node, true);
      break;
    case 'inexpressible': {
      const v = 'a' in e ? `A: ${valueText(e.a, e.node, full)}` : 'b' in e ? `B: ${valueText(e.b, e.node, full)}` : '';
      detail = v && e.note ? `${v} (${e.note})` : v || (e.note ?? '');
    }
  }
  return `${color(`${mark} ${e.path}`)}${detail ? `: ${detail}` : ''}`;
}

/** For blobs: how many bytes differ and where, rather than two walls of hex. */
function bytesDetail(a: unknown, b: unknown): string | undefined {
  if (!(a instanceof Uint8Array) || !(b instanceof Uint8Array)) return undefined;
  let first = -1;
  let n = 0;
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    if (a[i] !== b[i]) {
      if (first < 0) first = i;
      n++;
    }
  }
  const len = a.length === b.length ? `${a.length} bytes` : `${a.length} -> ${b.length} bytes`;
  return `${len}, ${n} differ from offset 0x${first.toString(16)}`;
}

/** `host`, `domains[7]`: the place an entry belongs to, for --stat. */
function placeOf(path: string): string {
  const m = /^(domains\[[^\]]+\]|[^.[]+)/.exec(path);
  return m ? m[1]! : path;
}

/** An entry in --json: its values as reports show them (`displayValue`). */
function entryJson(e: DiffEntry): Record<string, unknown> {
  const out = plain(e) as Record<string, unknown>;
  if ('a' in e) out['a'] = displayValue(e.a, e.node);
  if ('b' in e) out['b'] = displayValue(e.b, e.node);
  return out;
}

function summary(r: DiffResult): string {
  const c = r.counts;
  const changes = c.added + c.removed + c.changed;
  const parts = [`${c.added} added`, `${c.removed} removed`, `${c.changed} changed`];
  const gaps = c.inexpressible ? `; ${c.inexpressible} not expressible in both versions` : '';
  return changes === 0 ? `no differences${gaps}` : `${changes} difference${changes === 1 ? '' : 's'}: ${parts.join(', ')}${gaps}`;
}

export function registerDiff(program: Command): Command {
  const cmd = program
    .command('diff')
    .description('semantic diff of two dumps (any schema versions); exit 0 same, 1 different, 2 trouble')
    .argument('<a>', 'the first dump, e.g. taken on Xen A before the update (- for stdin)')
    .argument('<b>', 'the second dump, e.g. taken on Xen B after it')
    .option('--ignore <glob>', 'leave out paths matching the glob (repeatable): * within a segment, ** across', collect)
    .option('--stat', 'counts per domain instead of every difference')
    .option('--json', 'machine-readable output (u64 as decimal strings, frames and addresses as "0x..." strings, blobs as hex)')
    .option('--full', 'whole values: added and removed items in full, changed values uncut')
    .option('--name-only', 'the paths that differ only, one per line')
    .option('-q, --quiet', 'no output; the exit status alone says whether the dumps differ')
    .option('-o, --output <file>', 'write to a file, atomically (default: stdout)')
    .addHelpText(
      'after',
      example('xenlu diff before.xlu after.xlu', "xenlu diff --ignore 'host.time' --ignore '**.tsc' a.xlu b.xlu", 'xenlu diff --stat dump-v1.xlu dump-v3.xlu', 'xenlu diff --quiet a.xlu b.xlu || echo differ'),
    );
  addLimitOptions(cmd);
  addCommonOptions(cmd);
  return cmd.action(
    run(async (c): Promise<ExitCode> => {
      const [fa, fb] = c.args as [string, string];
      const o = c.opts<DiffCliOptions>();
      if (fa === '-' && fb === '-') throw new UsageError('only one of the two dumps can be stdin (-)');
      const shapes = [o.json && '--json', o.stat && '--stat', o.nameOnly && '--name-only', o.quiet && '--quiet'].filter(Boolean);
      if (shapes.length > 1 && !(o.json && o.stat && shapes.length === 2)) throw new UsageError(`${shapes.join(' and ')} cannot be used together`);
      if (o.full && (o.json || o.stat || o.nameOnly || o.quiet)) throw new UsageError('--full shapes the text output only');
      const limits = limitsOf(o);
      const style = styleFor(process.stdout, o.color !== false && o.output === undefined);
      const total = (sizeOf(fa) ?? 0) + (sizeOf(fb) ?? 0);
      const progress = new Progress('diffing');
      const places = new Map<string, Record<DiffEntry['kind'], number>>();
      const result = await withOutput(o.output, { inputs: [fa, fb] }, async (sink: OutputSink) => {
        let pending: string[] = [];
        let first = true;
        const flush = async () => {
          if (pending.length === 0) return;
          const text = pending.join('');
          pending = [];
          await sink.write(text);
        };
        let head: string[] = [];
        const header = (v: { versionA: number; versionB: number; comparedAs: number }) => {
          head = [
            style.bold(`--- ${fa} (schema v${v.versionA})`),
            style.bold(`+++ ${fb} (schema v${v.versionB})${v.versionA !== v.versionB ? `, compared as schema v${v.comparedAs}` : ''}`),
          ];
        };
        if (o.json && !o.stat) pending.push(`{\n  "a": ${JSON.stringify(fa)},\n  "b": ${JSON.stringify(fb)},\n  "entries": [`);
        const onEntry = (e: DiffEntry) => {
          if (o.quiet) {
            // Nothing to say: the exit status does.
          } else if (o.nameOnly) {
            pending.push(`${e.path}\n`);
          } else if (o.stat) {
            const p = places.get(placeOf(e.path)) ?? { added: 0, removed: 0, changed: 0, inexpressible: 0 };
            p[e.kind]++;
            places.set(placeOf(e.path), p);
          } else if (o.json) {
            pending.push(`${first ? '' : ','}\n    ${JSON.stringify(entryJson(e))}`);
          } else {
            // Like diff(1): nothing at all when the dumps are the same.
            if (first) pending.push(`${head.join('\n')}\n`);
            pending.push(`${entryLine(e, style, o.full === true)}\n`);
          }
          first = false;
        };
        let r: DiffResult;
        try {
          r = await diffStreams(byteSourceOf(fa), byteSourceOf(fb), {
            ignore: o.ignore ?? [],
            limits,
            onStart: header,
            onEntry,
            onProgress: async (ba, bb) => {
              // Clear the bar before entries go to the same terminal, then redraw it.
              if (pending.length > 0) progress.done();
              await flush();
              progress.update(ba + bb, total || undefined, `${ba + bb} bytes`);
            },
          });
        } catch (e) {
          const failure = e instanceof DiffReadError ? new CliError(`${e.side === 'a' ? fa : fb}: ${e.error.describe()}`, EXIT.error) : e;
          if (o.json && !o.stat && !o.nameOnly && !o.quiet && !sink.gone) {
            // Entries may already be out: close the document, saying why it stops, so stdout never
            // holds half a JSON text. (A file output is discarded whole on the error.)
            const { line } = describeError(failure);
            pending.push(`${first ? '' : '\n  '}],\n  "error": ${JSON.stringify(line)}\n}\n`);
            await flush();
          }
          throw failure;
        } finally {
          progress.done();
        }
        const meta = {
          versionA: r.versionA, versionB: r.versionB, comparedAs: r.comparedAs, domainsA: r.domainsA, domainsB: r.domainsB,
          same: r.same, counts: r.counts,
        };
        if (o.quiet || o.nameOnly) {
          // The entries (or nothing) are the whole output.
        } else if (o.stat && o.json) {
          pending.push(`${JSON.stringify({ a: fa, b: fb, ...meta, places: Object.fromEntries(places) }, null, 2)}\n`);
        } else if (o.json) {
          pending.push(`${first ? '' : '\n  '}],\n${JSON.stringify(meta, null, 2).slice(2, -2)}\n}\n`);
        } else if (o.stat && !first) {
          const rows = [...places].map(([place, k]) => [
            place,
            '|',
            [k.added && style.green(`${k.added} added`), k.removed && style.red(`${k.removed} removed`), k.changed && style.yellow(`${k.changed} changed`), k.inexpressible && style.cyan(`${k.inexpressible} inexpressible`)]
              .filter(Boolean)
              .join(', '),
          ]);
          pending.push(`${[...head, ...table(rows, ' '), summary(r)].join('\n')}\n`);
        } else if (!first) {
          pending.push(`${summary(r)}\n`);
        }
        await flush();
        return r;
      });
      // After the output, like git's "pathspec did not match": a typo would otherwise hide nothing, silently.
      for (const g of result.unmatchedIgnores) warn(`--ignore '${g}' matched nothing`);
      return result.same ? EXIT.ok : EXIT.fail;
    }),
  );
}
