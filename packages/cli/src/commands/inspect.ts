/**
 * `xenlu inspect FILE`: the stream header, the producer, the record table (index, offset, type,
 * length, mandatory or optional), a summary per domain, and which records take the most bytes.
 * Reads the dump with the streaming reader and keeps nothing per record: the JSON record table is
 * written as it is read, the text one keeps its first and last rows (with --all, rows are spooled
 * to a temporary file at 32 bytes each), and the largest records are a bounded top list. So
 * memory stays bounded by the largest record whatever the record count. A fault is reported after
 * what was read up to it.
 */
import type { Command } from 'commander';
import { run } from '../command.js';
import { EXIT, type ExitCode, InputError, UsageError } from '../errors.js';
import { type OutputSink, byteSourceOf, withOutput } from '../io.js';
import { RowSpool, type SpooledRow } from './inspect-spool.js';
import { FormatError, LATEST_VERSION, RECORD_HEADER_SIZE, type RecordEvent, SCHEMAS, STREAM_HEADER_SIZE, type StreamHeader, displayValue, paddingOf, readStream } from '../lib.js';
import { describeDropped, producerOf } from '../dump.js';
import { type Style, hex, plain, styleFor, table, toJsonText } from '../output.js';
import { type CommonOptions, addCommonOptions, addLimitOptions, example, limitsOf, parseInteger } from '../options.js';

interface InspectOptions extends CommonOptions {
  readonly json?: boolean;
  readonly all?: boolean;
  readonly output?: string;
  readonly record?: string;
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
  /** The record whose reading failed: its header was readable, the rest was not accepted. */
  readonly fault?: true;
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
    .option('--record <n>', 'show one record: its header fields and its body as JSON (hex when not understood); 0 is HOST')
    .addHelpText('after', example(
      'xenlu inspect fixtures/v3/example.xlu',
      "xenlu inspect --json dump.xlu | jq '.domains[] | select(.vcpus > 8)'",
      'xenlu inspect --record 17 fixtures/v3/example.xlu',
    ));
  addLimitOptions(cmd);
  addCommonOptions(cmd);
  return cmd.action(
    run(async (c): Promise<ExitCode> => {
      const file = c.args[0]!;
      const o = c.opts<InspectOptions>();
      const reader = readStream(byteSourceOf(file), { limits: limitsOf(o) });
      if (o.record !== undefined) return inspectRecord(file, reader, parseInteger(o.record, '--record', 0, 0xffff_ffff), o);
      const style = styleFor(process.stdout, o.color !== false && o.output === undefined);
      let fault: FormatError | undefined;
      const report = await withOutput(o.output, { inputs: [file] }, async (sink) => {
        const table = o.json ? new JsonTable(sink, file) : new TextTable(sink, o.all === true);
        const t = new Tally();
        try {
          for await (const ev of reader) {
            const f = ev.frame;
            const domid = ev.kind === 'section' || ev.kind === 'unknown' ? ev.domid : undefined;
            const name = ev.kind === 'section' ? ev.info.section.record.name : ev.kind === 'host' ? 'HOST' : ev.kind === 'end' ? 'END' : unknownName(f.type);
            const row: RecordRow = {
              index: f.index, offset: f.offset, type: f.type, name, length: f.bodyLength, optional: (f.type & 0x8000_0000) !== 0,
              known: ev.kind !== 'unknown', ...(domid !== undefined ? { domid } : {}),
            };
            if (ev.kind === 'host') t.host = ev.value;
            if (ev.kind === 'section') {
              if (ev.info.rank === 0) {
                const d = ev.value as Obj;
                t.domains.push({
                  domid: ev.domid, type: String(d['type']), state: String(d['state']), vcpus: 0, eventChannels: 0, p2mRuns: 0,
                  p2mFrames: 0n, ownedFrames: 0n, activeGrants: 0, records: 0, bytes: 0,
                });
              } else addSection(t.domains[t.domains.length - 1]!, ev.info.key, ev.value);
            }
            t.add(row);
            await table.row(row, reader.header!, t.host);
          }
        } catch (e) {
          if (!(e instanceof FormatError)) throw e;
          fault = e;
          const h = reader.faultingHeader;
          if (h && reader.header) {
            const def = reader.schema?.records.get(h.type);
            const row: RecordRow = {
              index: h.index, offset: h.offset, type: h.type, name: def?.name ?? unknownName(h.type), length: h.bodyLength,
              optional: (h.type & 0x8000_0000) !== 0, known: def !== undefined, fault: true,
            };
            await table.row(row, reader.header, t.host);
          }
        }
        const header = reader.header;
        if (!header) throw new InputError(file, fault!);
        const r: Report = {
          file, size: t.size, header: { ...header, ident: 'XENLIVUP' }, producer: t.host ? producerOf(t.host) : undefined, host: t.host ? hostFacts(t.host) : undefined,
          records: t.count, domains: t.domains, largest: t.largestTypes(), largestRecords: t.top,
          dropped: reader.dropped().map((d) => describeDropped(d, header.schemaVersion)),
          ...(fault ? { error: fault.describe(), errorCode: fault.code, errorLocation: fault.location } : {}),
        };
        await table.finish(r, style);
        return r;
      });
      if (report.error !== undefined) throw new InputError(file, fault!);
      return EXIT.ok;
    }),
  );
}

/** One record as `inspect --record` shows it: the header fields, then the body. */
function recordDocument(ev: RecordEvent, name: string): Record<string, unknown> {
  const f = ev.frame;
  const domid = ev.kind === 'section' || ev.kind === 'unknown' ? ev.domid : undefined;
  let body: Record<string, unknown>;
  switch (ev.kind) {
    case 'host':
      body = { body: ev.value };
      break;
    case 'section':
      // A list section's record holds a chunk of the section's entries.
      body = ev.info.section.kind === 'list' ? { chunk: ev.chunk, body: { entries: ev.value } } : { body: ev.value };
      break;
    case 'unknown':
      body = { bodyHex: hex(ev.body) };
      break;
    case 'end':
      body = { body: { nr_records: ev.nrRecords } };
  }
  return {
    index: f.index, offset: f.offset, type: f.type, name, length: f.bodyLength, padding: paddingOf(f.bodyLength),
    optional: (f.type & 0x8000_0000) !== 0, known: ev.kind !== 'unknown', ...(domid !== undefined ? { domid } : {}),
    crc: hex8(f.crc), ...body,
  };
}

/**
 * `--record N`: reads up to record N and no further. A fault before it is reported as for the
 * whole dump (exit 1); a dump with fewer records is exit 2, naming how many it has.
 */
async function inspectRecord(file: string, reader: ReturnType<typeof readStream>, n: number, o: InspectOptions): Promise<ExitCode> {
  let doc: Record<string, unknown> | undefined;
  try {
    for await (const ev of reader) {
      if (ev.frame.index !== n) continue;
      const name = ev.kind === 'section' ? ev.info.section.record.name : ev.kind === 'host' ? 'HOST' : ev.kind === 'end' ? 'END' : unknownName(ev.frame.type);
      doc = recordDocument(ev, name);
      break;
    }
  } catch (e) {
    throw e instanceof FormatError ? new InputError(file, e) : e;
  }
  if (!doc) throw new UsageError(`--record ${n}: ${file} has ${reader.recordsRead} records (0 to ${reader.recordsRead - 1})`);
  let text: string;
  if (o.json) text = `${toJsonText(doc)}\n`;
  else {
    const s = styleFor(process.stdout, o.color !== false && o.output === undefined);
    const { body, bodyHex, ...head } = doc;
    const lines = [
      s.bold(`record ${head['index']} ${head['name']}${head['known'] ? '' : ' (not understood)'}`),
      ...Object.entries(head)
        .filter(([k]) => k !== 'index' && k !== 'name')
        .map(([k, v]) => `  ${k.padEnd(8)} ${k === 'type' ? hex8(v as number) : k === 'offset' ? `${v} (0x${(v as number).toString(16)})` : String(v)}`),
      body !== undefined ? toJsonText(body) : `  body hex ${String(bodyHex)}`,
    ];
    text = `${lines.join('\n')}\n`;
  }
  await withOutput(o.output, { inputs: [file] }, (sink) => sink.write(text));
  return EXIT.ok;
}

/** Names of unknown record types, cached (a bounded number) since millions of records may share a few types. */
const unknownNames = new Map<number, string>();
function unknownName(type: number): string {
  let n = unknownNames.get(type);
  if (n === undefined) {
    n = `type ${hex8(type)}`;
    if (unknownNames.size < 4096) unknownNames.set(type, n);
  }
  return n;
}

/** Records of unknown types counted one by one before the rest share one line, so the table stays bounded. */
const MAX_UNKNOWN_TYPES = 64;
const OTHER_UNKNOWN = 'other unknown types';
/** How many of the largest single records are kept. */
const TOP_RECORDS = 8;

interface TopRecord {
  readonly index: number;
  readonly offset: number;
  readonly name: string;
  readonly bytes: number;
  readonly domid?: number;
}

/** What the report sums over the records, in memory bounded whatever their number. */
class Tally {
  host: Obj | undefined;
  readonly domains: DomainSummary[] = [];
  count = 0;
  size = STREAM_HEADER_SIZE;
  private unknownTypes = 0;
  private readonly byType = new Map<string, { name: string; type: number; count: number; bytes: number }>();
  /** The largest records, largest first: a bounded list, so insertion costs at most TOP_RECORDS steps. */
  readonly top: TopRecord[] = [];

  add(r: RecordRow): void {
    const bytes = recordBytes(r.length);
    this.count++;
    this.size += bytes;
    if (r.domid !== undefined) {
      const dom = this.domains[this.domains.length - 1];
      if (dom) {
        dom.records++;
        dom.bytes += bytes;
      }
    }
    let key = r.name;
    if (!r.known && !this.byType.has(key)) {
      if (this.unknownTypes >= MAX_UNKNOWN_TYPES) key = OTHER_UNKNOWN;
      else this.unknownTypes++;
    }
    const t = this.byType.get(key) ?? { name: key, type: key === OTHER_UNKNOWN ? -1 : r.type, count: 0, bytes: 0 };
    t.count++;
    t.bytes += bytes;
    this.byType.set(key, t);
    if (this.top.length < TOP_RECORDS || bytes > this.top[this.top.length - 1]!.bytes) {
      let i = Math.min(this.top.length, TOP_RECORDS - 1);
      this.top[i] = { index: r.index, offset: r.offset, name: r.name, bytes, ...(r.domid !== undefined ? { domid: r.domid } : {}) };
      for (; i > 0 && this.top[i]!.bytes > this.top[i - 1]!.bytes; i--) [this.top[i], this.top[i - 1]] = [this.top[i - 1]!, this.top[i]!];
    }
  }

  largestTypes(): Report['largest'] {
    return [...this.byType.values()].sort((a, b) => b.bytes - a.bytes).map((t) => ({ ...t, share: this.size ? t.bytes / this.size : 0 }));
  }
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

/** The host facts as --json shows them: frames in hex, as in every report (the schema's display hint). */
function hostJson(h: Obj) {
  const facts = hostFacts(h);
  const bootmem = SCHEMAS[LATEST_VERSION].host.body.desc.fields['bootmem']?.node.desc;
  return { ...facts, bootmem: displayValue(facts.bootmem, bootmem) };
}

interface Report {
  file: string;
  size: number;
  header: StreamHeader & { ident: string };
  producer: string | undefined;
  host: ReturnType<typeof hostFacts> | undefined;
  records: number;
  domains: DomainSummary[];
  largest: { name: string; type: number; count: number; bytes: number; share: number }[];
  largestRecords: TopRecord[];
  dropped: string[];
  error?: string;
  errorCode?: string;
  errorLocation?: FormatError['location'];
}

const quotedNames = new Map<string, string>();
function quoted(name: string): string {
  let q = quotedNames.get(name);
  if (q === undefined) {
    q = JSON.stringify(name);
    if (quotedNames.size < 4096) quotedNames.set(name, q);
  }
  return q;
}

/** `value` as indented JSON, nested one level (its lines after the first indented by two spaces). */
function nested(v: unknown): string {
  return JSON.stringify(plain(v), null, 2).replace(/\n/g, '\n  ');
}

/** The JSON report, written as the records are read: one line per record, in 64 KiB writes. */
class JsonTable {
  private pending = '';
  private started = false;

  constructor(
    private readonly sink: OutputSink,
    private readonly file: string,
  ) {}

  private async start(header: StreamHeader, host: Obj | undefined): Promise<void> {
    this.started = true;
    this.pending =
      `{\n  "file": ${JSON.stringify(this.file)},\n  "header": ${nested({ ...header, ident: 'XENLIVUP' })},\n` +
      (host ? `  "producer": ${JSON.stringify(producerOf(host))},\n  "host": ${nested(hostJson(host))},\n` : '') +
      '  "records": [';
  }

  async row(r: RecordRow, header: StreamHeader, host: Obj | undefined): Promise<void> {
    if (!this.started) await this.start(header, host);
    else this.pending += ',';
    // What JSON.stringify(r) gives, built directly: this runs once per record.
    this.pending +=
      `\n    {"index":${r.index},"offset":${r.offset},"type":${r.type},"name":${quoted(r.name)},"length":${r.length},` +
      `"optional":${r.optional},"known":${r.known}${r.domid !== undefined ? `,"domid":${r.domid}` : ''}${r.fault ? ',"fault":true' : ''}}`;
    if (this.pending.length >= 1 << 16) await this.flush();
  }

  private async flush(): Promise<void> {
    const text = this.pending;
    this.pending = '';
    await this.sink.write(text);
  }

  async finish(r: Report): Promise<void> {
    if (!this.started) await this.start(r.header, undefined);
    const rest = {
      size: r.size, domains: r.domains, largest: r.largest, largestRecords: r.largestRecords, dropped: r.dropped,
      ...(r.error !== undefined ? { error: r.error, errorCode: r.errorCode, errorLocation: r.errorLocation } : {}),
    };
    this.pending += `${r.records ? '\n  ' : ''}],\n  ${nested(rest).slice(4, -4)}\n}\n`;
    await this.flush();
  }
}

const SHOWN_HEAD = 24;
const SHOWN_TAIL = 6;
const TABLE_HEAD = ['#', 'offset', 'type', 'name', 'length', 'kind', 'domain'];
const TABLE_ALIGN = ['r', 'r', 'l', 'l', 'r', 'l', 'r'] as const;

function cellsOf(x: RecordRow | SpooledRow, name: string): string[] {
  return [
    String(x.index), String(x.offset), hex8(x.type), x.known ? name : `${name} (not understood)`, String(x.length),
    x.optional ? 'optional' : 'mandatory', 'fault' in x && x.fault ? '<- fault' : x.domid === undefined ? '' : String(x.domid),
  ];
}

/**
 * The text report, written at the end: the record table keeps its first SHOWN_HEAD rows and a ring
 * of the last SHOWN_TAIL; with --all every row goes to a spool file and only the column widths
 * are kept in memory.
 */
class TextTable {
  private readonly head: RecordRow[] = [];
  private readonly tail: RecordRow[] = [];
  private readonly spool: RowSpool | undefined;
  private readonly widths = TABLE_HEAD.map((h) => h.length);
  /** Names of the known record types seen, to name spooled rows. */
  private readonly names = new Map<number, string>();
  private fault: RecordRow | undefined;

  constructor(
    private readonly sink: OutputSink,
    all: boolean,
  ) {
    if (all) this.spool = new RowSpool();
  }

  async row(r: RecordRow): Promise<void> {
    if (r.fault) {
      // Shown last, after the rows read, whether they are spooled or cut.
      this.fault = r;
      cellsOf(r, r.name).forEach((c, i) => (this.widths[i] = Math.max(this.widths[i]!, c.length)));
      return;
    }
    if (this.spool) {
      this.spool.push(r);
      if (r.known) this.names.set(r.type, r.name);
      // The widths of the cells cellsOf would give, without building them for every record.
      const w = this.widths;
      const digits = (n: number) => (n < 10 ? 1 : Math.floor(Math.log10(n)) + 1);
      w[0] = Math.max(w[0]!, digits(r.index));
      w[1] = Math.max(w[1]!, digits(r.offset));
      w[2] = Math.max(w[2]!, 10);
      w[3] = Math.max(w[3]!, r.name.length + (r.known ? 0 : ' (not understood)'.length));
      w[4] = Math.max(w[4]!, digits(r.length));
      w[5] = Math.max(w[5]!, r.optional ? 8 : 9);
      if (r.domid !== undefined) w[6] = Math.max(w[6]!, digits(r.domid));
    } else if (this.head.length < SHOWN_HEAD) this.head.push(r);
    else {
      this.tail.push(r);
      // One more than shown: a table of exactly HEAD + TAIL + 1 rows is shown whole.
      if (this.tail.length > SHOWN_TAIL + 1) this.tail.shift();
    }
  }

  private tableLines(count: number): Iterable<string> {
    if (this.spool) {
      const spool = this.spool;
      const names = this.names;
      const widths = this.widths;
      const fault = this.fault;
      return (function* lines() {
        try {
          yield formatRow(TABLE_HEAD, widths);
          for (const x of spool.rows()) yield formatRow(cellsOf(x, x.known ? names.get(x.type)! : unknownName(x.type)), widths);
          if (fault) yield formatRow(cellsOf(fault, fault.name), widths);
        } finally {
          spool.close();
        }
      })();
    }
    const rows: string[][] = [TABLE_HEAD];
    const cut = count > SHOWN_HEAD + SHOWN_TAIL + 1;
    for (const x of this.head) rows.push(cellsOf(x, x.name));
    if (cut) rows.push(['...', '', '', `${count - SHOWN_HEAD - SHOWN_TAIL} more (--all lists them)`, '', '', '']);
    for (const x of cut ? this.tail.slice(-SHOWN_TAIL) : this.tail) rows.push(cellsOf(x, x.name));
    if (this.fault) rows.push(cellsOf(this.fault, this.fault.name));
    return table(rows, '  ', TABLE_ALIGN);
  }

  async finish(r: Report, s: Style): Promise<void> {
    const sink = this.sink;
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
    out.push('', s.bold(`Records (${r.records}${r.error ? (this.fault ? ' read, then the record at the fault' : ' read') : ''})`));
    await sink.write(`${out.join('\n')}\n`);
    let chunk = '';
    for (const line of this.tableLines(r.records)) {
      chunk += `${line}\n`;
      if (chunk.length >= 1 << 16) {
        await sink.write(chunk);
        chunk = '';
      }
    }
    out.length = 0;
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
    await sink.write(`${chunk}${out.join('\n')}\n`);
  }
}

/** One row of `table` with widths known in advance (the same padding and trimming). */
function formatRow(cells: readonly string[], widths: readonly number[]): string {
  return `  ${cells.map((c, i) => (i === cells.length - 1 && TABLE_ALIGN[i] !== 'r' ? c : TABLE_ALIGN[i] === 'r' ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join('  ')}`.trimEnd();
}
