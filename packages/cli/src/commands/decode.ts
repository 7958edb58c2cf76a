/**
 * `xenlu decode FILE`: the dump as JSON (u64 as exact decimal strings, blobs as hex), with its
 * schema version (and the stream's, when it was read as another version), so that
 * `xenlu decode x.xlu | xenlu encode -` gives back the same bytes.
 */
import { randomUUID } from 'node:crypto';
import type { Command } from 'commander';
import { run } from '../command.js';
import { EXIT, type ExitCode, InputError, UsageError } from '../errors.js';
import { type OutputSink, byteSourceOf, withOutput } from '../io.js';
import { ensureHeapFor, readDump } from '../dump.js';
import {
  FormatError, type JsonValue, type State, type Version, attachUnknown, convert, domainsOf, keepingUnknown, readStream, setUnknownRecords, toJson,
  type Unread, unknownRecordsOf,
} from '../lib.js';
import { type CommonOptions, addCommonOptions, addInputLimitOption, addLimitOptions, example, limitsOf, maxInputBytesOf, parseInteger, parseVersion } from '../options.js';
import { stateDocument } from './state-document.js';

interface DecodeOptions extends CommonOptions {
  readonly as?: string;
  readonly domain?: string;
  readonly compact?: boolean;
  readonly output?: string;
  readonly force?: boolean;
}

export function registerDecode(program: Command): Command {
  const cmd = program
    .command('decode')
    .description('print a dump as JSON (u64 as decimal strings, blobs as hex)')
    .argument('<file>', 'the dump (- for stdin)')
    .option('--as <version>', 'read as a reader of this schema version (default: the stream\u2019s own)')
    .option('--compact', 'one line instead of indented JSON')
    .option('-o, --output <file>', 'write to a file, atomically (default: stdout)')
    .option('--force', 'allow -o to overwrite an input file')
    .option('--json', 'accepted for uniformity: the output is always JSON')
    .option('--domain <domid>', 'only this domain (by domid), with the host: the same document with one domain; streamed, one domain held at a time')
    .addHelpText('after', example(
      "xenlu decode fixtures/v3/example.xlu | jq '.domains[1].domain'",
      'xenlu decode dump.xlu | xenlu encode - -o copy.xlu    # same bytes',
      "xenlu decode --domain 7 dump.xlu | jq '.domains[0].vcpus'",
    ));
  addLimitOptions(cmd);
  addInputLimitOption(cmd, 'the largest dump whose decoded state fits the heap');
  addCommonOptions(cmd);
  return cmd.action(
    run(async (c): Promise<ExitCode> => {
      const file = c.args[0]!;
      const o = c.opts<DecodeOptions>();
      const as = o.as === undefined ? undefined : parseVersion(o.as, '--as');
      const limits = limitsOf(o);
      const maxInput = maxInputBytesOf(o);
      if (o.domain !== undefined) return decodeDomain(file, parseInteger(o.domain, '--domain', 0, 0xffff), as, o);
      const sized = await ensureHeapFor(file);
      if (sized !== undefined) return sized;
      const r = await readDump(file, as, limits, maxInput);
      await withOutput(o.output, { inputs: [file], force: o.force === true }, (sink) => writeDocument(sink, r.state, r.version, r.streamVersion, o.compact === true));
      return EXIT.ok;
    }),
  );
}

/**
 * `--domain N`: the dump read with the streaming reader, one domain held at a time, to its end (so
 * a damaged dump is refused as by a whole decode); the document has the host and domain N only,
 * with what the reader kept unknown in that domain. Root-level unknown records are left out.
 */
async function decodeDomain(file: string, domid: number, as: Version | undefined, o: DecodeOptions): Promise<ExitCode> {
  const reader = readStream(byteSourceOf(file), { limits: limitsOf(o), ...(as !== undefined ? { readerVersion: as } : {}) });
  const kept = new Map<number | 'root', Unread>();
  let host: Record<string, unknown> | undefined;
  let found: Record<string, unknown> | undefined;
  const seen: number[] = [];
  try {
    for await (const item of domainsOf(keepingUnknown(reader, kept))) {
      if (item.kind === 'host') host = item.value;
      else {
        const id = (item.value['domain'] as Record<string, unknown>)['domid'] as number;
        seen.push(id);
        if (id === domid) {
          attachUnknown(item.value, kept);
          found = item.value;
        } else kept.delete(id);
      }
    }
  } catch (e) {
    throw e instanceof FormatError ? new InputError(file, e) : e;
  }
  if (!found || !host) {
    const list = seen.length > 32 ? `${seen.slice(0, 32).join(', ')}, ...` : seen.join(', ');
    throw new UsageError(`--domain ${domid}: ${file} has no domain ${domid} (its domains: ${list || 'none'})`);
  }
  const streamVersion = reader.header!.schemaVersion;
  const readVersion = reader.schema!.version as Version;
  let state = { host, domains: [found] } as unknown as State;
  // Read in the stream's own version, then upgraded to --as, as a whole decode does.
  if (as !== undefined && readVersion !== as) state = convert(state, readVersion, as).state;
  const version = as ?? readVersion;
  await withOutput(o.output, { inputs: [file], force: o.force === true }, (sink) => writeDocument(sink, state, version, streamVersion, o.compact === true));
  return EXIT.ok;
}

/**
 * Writes the JSON document a domain at a time: the text is exactly `JSON.stringify(document, null,
 * 2)` (or compact), but never one string, which V8 caps at 512 MiB (a dump of about 80 MB).
 */
async function writeDocument(sink: OutputSink, state: State, version: Version, streamVersion: number, compact: boolean): Promise<void> {
  const indent = compact ? undefined : 2;
  // The state without its domains, keeping what a reader preserved at the root.
  const bare = { host: state.host, domains: [] };
  const unknown = unknownRecordsOf(state);
  if (unknown) setUnknownRecords(bare, [...unknown]);
  const skeleton = stateDocument(version, toJson(bare as unknown as State, version), streamVersion);
  const marker = `\u0000domains-${randomUUID()}`;
  const [head, tail] = JSON.stringify({ ...skeleton, domains: marker }, null, indent).split(JSON.stringify(marker)) as [string, string];
  await sink.write(`${head}[`);
  const domains = state.domains;
  for (let i = 0; i < domains.length; i++) {
    // The reader of stdout went away: the rest would be thrown away anyway.
    if (sink.gone) return;
    const d = (toJson({ host: state.host, domains: [domains[i]!] } as State, version)['domains'] as JsonValue[])[0];
    const text = JSON.stringify(d, null, indent);
    await sink.write(compact ? `${i ? ',' : ''}${text}` : `${i ? ',' : ''}\n    ${text.replace(/\n/g, '\n    ')}`);
  }
  await sink.write(`${compact || domains.length === 0 ? '' : '\n  '}]${tail}\n`);
}
