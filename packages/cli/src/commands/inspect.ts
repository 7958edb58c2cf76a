/**
 * `xenlu inspect FILE`: the stream header, the producer, the record table (index, offset, type,
 * length, mandatory or optional), a summary per domain, and which records take the most bytes.
 * Reads the dump with the streaming reader, so memory stays bounded; a fault is reported after
 * what was read up to it.
 */
import type { Command } from 'commander';
import { run } from '../command.js';
import { EXIT, type ExitCode, InputError } from '../errors.js';
import { byteSourceOf, writeOutput } from '../io.js';
import { FormatError, RECORD_HEADER_SIZE, STREAM_HEADER_SIZE, type StreamHeader, paddingOf, readStream } from '../lib.js';
import { describeDropped, producerOf } from '../dump.js';
import { type Style, styleFor, table, toJsonText } from '../output.js';
import { type CommonOptions, addCommonOptions, addLimitOptions, example, limitsOf } from '../options.js';

interface InspectOptions extends CommonOptions {
  readonly json?: boolean;
  readonly all?: boolean;
  readonly output?: string;
}

interface RecordRow {
  readonly index: number;
  readonly offset: number;
  readonly type: number;
  readonly name: string;
  readonly length: number;
  readonly optional: boolean;
  readonly known: boolean;
  readonly domid?: number;
}

interface DomainSummary {
  domid: number;
  type: string;
  state: string;
  vcpus: number;
  eventChannels: number;
  p2mRuns: number;
  p2mFrames: bigint;
  ownedFrames: bigint;
  activeGrants: number;
  records: number;
  bytes: number;
}

type Obj = Record<string, unknown>;

const hex8 = (n: number) => `0x${(n >>> 0).toString(16).padStart(8, '0')}`;
const recordBytes = (len: number) => RECORD_HEADER_SIZE + len + paddingOf(len);

function frames(x: Obj): bigint {
  return 'count' in x ? (x['count'] as bigint) : 'order' in x ? 1n << BigInt(x['order'] as number) : 0n;
}

function addSection(d: DomainSummary, key: string, value: unknown): void {
  switch (key) {
    case 'vcpus':
      d.vcpus++;
      break;
    case 'event_channels':
      d.eventChannels += (value as unknown[]).length;
      break;
    case 'p2m':
      for (const x of value as Obj[]) {
        d.p2mRuns++;
        d.p2mFrames += frames(x);
      }
      break;
    case 'pages':
      for (const x of value as Obj[]) d.ownedFrames += frames(x);
      break;
    case 'grant_table':
      d.activeGrants += ((value as Obj)['active'] as unknown[]).length;
      break;
  }
}

function bytesText(n: number): string {
  return n >= 2 ** 30 ? `${(n / 2 ** 30).toFixed(1)} GiB` : n >= 1 << 20 ? `${(n / (1 << 20)).toFixed(1)} MiB` : n >= 1 << 10 ? `${(n / 1024).toFixed(1)} KiB` : `${n} B`;
}

export function registerInspect(program: Command): Command {
  const cmd = program
    .command('inspect')
    .description('show a dump: header, producer, record table, per-domain summary, largest records')
    .argument('<file>', 'the dump (- for stdin)')
    .option('--json', 'machine-readable output')
    .option('--all', 'list every record (default: the first and last ones of a long table)')
    .option('-o, --output <file>', 'write to a file (default: stdout)')
    .addHelpText('after', example('xenlu inspect fixtures/v3/example.xlu', "xenlu inspect --json dump.xlu | jq '.domains[] | select(.vcpus > 8)'"));
  addLimitOptions(cmd);
  addCommonOptions(cmd);
  return cmd.action(
    run(async (c): Promise<ExitCode> => {
      const file = c.args[0]!;
      const o = c.opts<InspectOptions>();
      const reader = readStream(byteSourceOf(file), { limits: limitsOf(o) });
      const rows: RecordRow[] = [];
      const domains: DomainSummary[] = [];
      let host: Obj | undefined;
      let fault: FormatError | undefined;
      try {
        for await (const ev of reader) {
          const f = ev.frame;
          const domid = ev.kind === 'section' || ev.kind === 'unknown' ? ev.domid : undefined;
          const name = ev.kind === 'section' ? ev.info.section.record.name : ev.kind === 'host' ? 'HOST' : ev.kind === 'end' ? 'END' : `type ${hex8(f.type)}`;
          rows.push({
            index: f.index, offset: f.offset, type: f.type, name, length: f.bodyLength, optional: (f.type & 0x8000_0000) !== 0,
            known: ev.kind !== 'unknown', ...(domid !== undefined ? { domid } : {}),
          });
          if (ev.kind === 'host') host = ev.value;
          if (ev.kind === 'section') {
            if (ev.info.rank === 0) {
              const d = ev.value as Obj;
              domains.push({
                domid: ev.domid, type: String(d['type']), state: String(d['state']), vcpus: 0, eventChannels: 0, p2mRuns: 0,
                p2mFrames: 0n, ownedFrames: 0n, activeGrants: 0, records: 0, bytes: 0,
              });
            } else addSection(domains[domains.length - 1]!, ev.info.key, ev.value);
          }
          const dom = domid !== undefined ? domains[domains.length - 1] : undefined;
          if (dom) {
            dom.records++;
            dom.bytes += recordBytes(f.bodyLength);
          }
        }
      } catch (e) {
        if (!(e instanceof FormatError)) throw e;
        fault = e;
      }
      const header = reader.header;
      if (!header) throw new InputError(file, fault!);
      const size = STREAM_HEADER_SIZE + rows.reduce((n, r) => n + recordBytes(r.length), 0);
      const byType = new Map<string, { name: string; type: number; count: number; bytes: number }>();
      for (const r of rows) {
        const t = byType.get(r.name) ?? { name: r.name, type: r.type, count: 0, bytes: 0 };
        t.count++;
        t.bytes += recordBytes(r.length);
        byType.set(r.name, t);
      }
      const largest = [...byType.values()].sort((a, b) => b.bytes - a.bytes);
      const dropped = reader.dropped().map((d) => describeDropped(d, header.schemaVersion));

      const report = {
        file, size, header: { ...header, ident: 'XENLIVUP' }, producer: host ? producerOf(host) : undefined, host: host ? hostFacts(host) : undefined,
        records: rows, domains, largest: largest.map((t) => ({ ...t, share: size ? t.bytes / size : 0 })), dropped,
        ...(fault ? { error: fault.describe(), errorCode: fault.code, errorLocation: fault.location } : {}),
      };
      const text = o.json ? `${toJsonText(report)}\n` : inspectText(report, styleFor(process.stdout, o.color !== false && o.output === undefined), o.all === true);
      await writeOutput(o.output, text, { inputs: [file] });
      if (fault) throw new InputError(file, fault);
      return EXIT.ok;
    }),
  );
}

function hostFacts(h: Obj) {
  const cpupools = h['cpupools'] as Obj[];
  return {
    nr_pcpus: h['nr_pcpus'],
    total_pages: h['total_pages'],
    bootmem: h['bootmem'],
    cpupools: cpupools.map((p) => ({ id: p['id'], scheduler: p['scheduler'], pcpus: (p['pcpus'] as unknown[]).length })),
  };
}

interface Report {
  file: string;
  size: number;
  header: StreamHeader & { ident: string };
  producer: string | undefined;
  host: ReturnType<typeof hostFacts> | undefined;
  records: RecordRow[];
  domains: DomainSummary[];
  largest: { name: string; type: number; count: number; bytes: number; share: number }[];
  dropped: string[];
  error?: string;
  errorCode?: string;
  errorLocation?: FormatError['location'];
}

const SHOWN_HEAD = 24;
const SHOWN_TAIL = 6;

function inspectText(r: Report, s: Style, all: boolean): string {
  const h = r.header;
  const out: string[] = [];
  out.push(`${s.bold(r.file)}: ${bytesText(r.size)} (${r.size} bytes)${r.error ? s.red(' up to the fault') : ''}`);
  out.push(`  header     ${h.ident}, framing v${h.framingVersion}, schema v${h.schemaVersion}, producer Xen ${h.xenMajor}.${h.xenMinor}`);
  if (r.producer) out.push(`  producer   ${r.producer}`);
  if (r.host) {
    const pages = r.host.total_pages as bigint;
    const boot = (r.host.bootmem as Obj[]).map((b) => `0x${(b['start'] as bigint).toString(16)}+0x${(b['count'] as bigint).toString(16)}`).join(', ');
    out.push(`  host       ${r.host.nr_pcpus} pCPUs, ${pages} pages (${bytesText(Number(pages) * 4096)}), bootmem ${boot}`);
    out.push(`  cpupools   ${r.host.cpupools.map((p) => `${p.id} ${p.scheduler} (${p.pcpus} pCPUs)`).join(', ')}`);
  }
  out.push('', s.bold(`Records (${r.records.length})`));
  const rows: string[][] = [['#', 'offset', 'type', 'name', 'length', 'kind', 'domain']];
  const shown = all || r.records.length <= SHOWN_HEAD + SHOWN_TAIL + 1 ? r.records : [...r.records.slice(0, SHOWN_HEAD), undefined, ...r.records.slice(-SHOWN_TAIL)];
  for (const x of shown) {
    if (!x) {
      rows.push(['...', '', '', `${r.records.length - SHOWN_HEAD - SHOWN_TAIL} more (--all lists them)`, '', '', '']);
      continue;
    }
    rows.push([
      String(x.index), String(x.offset), hex8(x.type), x.known ? x.name : `${x.name} (not understood)`, String(x.length),
      x.optional ? 'optional' : 'mandatory', x.domid === undefined ? '' : String(x.domid),
    ]);
  }
  out.push(...table(rows, '  ', ['r', 'r', 'l', 'l', 'r', 'l', 'r']));
  out.push('', s.bold(`Domains (${r.domains.length})`));
  const drows: string[][] = [['domid', 'type', 'state', 'vcpus', 'ports', 'p2m runs', 'p2m frames', 'owned frames', 'grants', 'records', 'bytes']];
  for (const d of r.domains) {
    drows.push([
      String(d.domid), d.type, d.state, String(d.vcpus), String(d.eventChannels), String(d.p2mRuns), String(d.p2mFrames),
      String(d.ownedFrames), String(d.activeGrants), String(d.records), String(d.bytes),
    ]);
  }
  out.push(...table(drows, '  ', ['r', 'l', 'l', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r']));
  out.push('', s.bold('Largest records, by type'));
  const lrows: string[][] = [['name', 'records', 'bytes', 'share']];
  for (const t of r.largest.slice(0, 8)) lrows.push([t.name, String(t.count), String(t.bytes), `${(t.share * 100).toFixed(1)}%`]);
  out.push(...table(lrows, '  ', ['l', 'r', 'r', 'r']));
  if (r.dropped.length) {
    out.push('', s.bold('Not understood by this reader'));
    for (const d of r.dropped) out.push(`  ${d}`);
  }
  return `${out.join('\n')}\n`;
}
