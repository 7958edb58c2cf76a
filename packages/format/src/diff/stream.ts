/**
 * The streaming diff: both dumps are read record by record with `readStream` and merged by domid
 * (both list domains in ascending domid, FORMAT.md section 6). Two dumps of one version are
 * compared section by section as the records arrive (a domain's sections come in schema order),
 * and the P2M and page ownership chunk by chunk, the two readers advancing together through a
 * coverage sweep: neither side's domain is held whole. Those chunks are read as columns of
 * numbers (objects when their entries carry unknown fields), so the sweep makes no object per
 * entry. Across versions each domain is assembled whole, as objects, as the older one is upgraded
 * before comparing.
 */
import { EntryColumns } from '../codec/columns.js';
import type { RecordEvent } from '../codec/sequence.js';
import { DomainAssembler } from '../domain-assembler.js';
import { FormatError } from '../errors.js';
import type { Limits } from '../limits.js';
import { SCHEMAS, type Version } from '../schema/index.js';
import type { Section } from '../schema/records.js';
import { type ByteSource, type StreamReader, readStream } from '../stream.js';
import { type Unread, attachUnknown, keepingUnknown } from '../stream-domains.js';
import { type UnknownChunkFields, type UnknownRecord, setUnknownChunkFields } from '../unknown.js';
import { type DomainPair, StateDiffer } from './differ.js';
import { coverageOf } from './identity.js';
import { sectionDesc } from './sections.js';
import type { DiffOptions, DiffResult } from './types.js';

type Obj = Record<string, unknown>;
type SectionEvent = Extract<RecordEvent, { kind: 'section' }>;

export interface StreamDiffOptions extends DiffOptions {
  readonly limits?: Partial<Limits>;
  /** Called once both stream headers are read, before any entry: the versions being compared. */
  readonly onStart?: (versions: { versionA: Version; versionB: Version; comparedAs: Version }) => void;
  /** Called after each domain is compared, with the bytes read so far from each side; awaited, so a caller can flush output. */
  readonly onProgress?: (bytesA: number, bytesB: number) => void | Promise<void>;
}

/** A FormatError from reading one of the two dumps, saying which. */
export class DiffReadError extends FormatError {
  override readonly name = 'DiffReadError';
  readonly side: 'a' | 'b';
  readonly error: FormatError;
  constructor(side: 'a' | 'b', error: FormatError) {
    super(error.code, error.message, error.location);
    this.side = side;
    this.error = error;
  }
}

let coverageSections: ReadonlySet<string> | undefined;

/**
 * The list sections compared by coverage in any version (the P2M, page ownership): read as
 * columns when their records are plain, so the sweep reads numbers, not an object per entry.
 */
function sectionsByCoverage(): ReadonlySet<string> {
  coverageSections ??= new Set(
    Object.values(SCHEMAS).flatMap((schema) =>
      Object.entries(schema.sections).flatMap(([key, s]) => {
        const d = sectionDesc(s);
        return s.kind === 'list' && d.kind === 'list' && d.item.desc.kind === 'struct' && coverageOf(d.item.desc) ? [key] : [];
      }),
    ),
  );
  return coverageSections;
}

/** One dump's records, with one event of lookahead, so a domain's end is seen before it is compared. */
class Side {
  readonly reader: StreamReader;
  private readonly events: AsyncIterator<RecordEvent>;
  /** Unknown records and fields read but not yet handed out with their domain (or the root). */
  private readonly unknown = new Map<number | 'root', Unread>();
  private peeked: RecordEvent | undefined;
  private ended = false;
  /** The domain whose records are being read. */
  private domid: number | undefined;
  /** The list sections read as columns when plain: none until `readColumns`. */
  private readonly columnar = new Set<string>();
  constructor(
    readonly side: 'a' | 'b',
    source: ByteSource,
    limits: Partial<Limits> | undefined,
  ) {
    this.reader = readStream(source, { ...(limits ? { limits } : {}), plainColumns: this.columnar });
    this.events = keepingUnknown(this.reader, this.unknown)[Symbol.asyncIterator]();
  }

  /**
   * From the next record on, the sections compared by coverage come as columns when plain: for
   * two dumps of one version, whose domains are compared as they stream (never assembled whole).
   */
  readColumns(): void {
    for (const key of sectionsByCoverage()) this.columnar.add(key);
  }

  /**
   * The next host or section event, not taken; undefined at the end. Unknown records are set
   * aside by keepingUnknown on the way, and END is read past (the reader checks that nothing follows).
   */
  async peek(): Promise<RecordEvent | undefined> {
    while (!this.peeked && !this.ended) {
      try {
        const r = await this.events.next();
        if (r.done) this.ended = true;
        else if (r.value.kind === 'host' || r.value.kind === 'section') this.peeked = r.value;
      } catch (e) {
        throw e instanceof FormatError ? new DiffReadError(this.side, e) : e;
      }
    }
    return this.peeked;
  }

  async take(): Promise<RecordEvent | undefined> {
    const ev = await this.peek();
    this.peeked = undefined;
    if (ev?.kind === 'section' && ev.info.rank === 0) this.domid = domidOf(ev);
    return ev;
  }

  /** The next event if it is a record of the open domain's section `key`. */
  async takeOf(key: string): Promise<SectionEvent | undefined> {
    const ev = await this.peek();
    return ev?.kind === 'section' && ev.info.rank > 0 && ev.info.key === key ? ((await this.take()) as SectionEvent) : undefined;
  }

  /** The DOMAIN record starting the next domain, not taken; undefined at the end. */
  async nextDomain(): Promise<SectionEvent | undefined> {
    const ev = await this.peek();
    if (ev === undefined) return undefined;
    if (ev.kind !== 'section' || ev.info.rank !== 0) throw new DiffReadError(this.side, new FormatError('bad-order', 'a domain starts with its DOMAIN record'));
    return ev;
  }

  /** The rest of the open domain (its DOMAIN record taken already), assembled whole with what it carries unread. */
  async assemble(first: SectionEvent): Promise<Obj> {
    const assembler = new DomainAssembler(this.reader.schema!, false);
    assembler.add(first);
    for (let ev = await this.peek(); ev?.kind === 'section' && ev.info.rank > 0; ev = await this.peek()) assembler.add((await this.take())!);
    const domain = assembler.finish()!;
    attachUnknown(domain, this.unknown);
    return domain;
  }

  /** Reads past the rest of the open domain. */
  async skipDomain(): Promise<void> {
    for (let ev = await this.peek(); ev?.kind === 'section' && ev.info.rank > 0; ev = await this.peek()) await this.take();
    await this.peek();
  }

  /** One section of the open domain, whole (as the domain assembler holds it, absent ones as such). */
  async section(key: string, section: Section): Promise<unknown> {
    let value: unknown = section.kind === 'single' ? undefined : section.kind === 'optional' ? null : [];
    for (let ev = await this.takeOf(key); ev; ev = await this.takeOf(key)) {
      if (section.kind === 'each') (value as unknown[]).push(ev.value);
      else if (section.kind === 'list') {
        if (ev.chunk === 0) value = ev.value;
        else for (const e of ev.value as unknown[]) (value as unknown[]).push(e);
      } else value = ev.value;
    }
    const chunks = section.kind === 'list' ? this.unread(key) : undefined;
    if (chunks) setUnknownChunkFields(value as object, chunks);
    return value;
  }

  /** The unknown fields of the open domain's list section `key`, by record. */
  unread(key: string): UnknownChunkFields[] | undefined {
    return this.domid === undefined ? undefined : this.unknown.get(this.domid)?.chunkFields.get(key);
  }

  /** The open domain's unknown records, all read once the next domain (or the end) is peeked; set aside no longer. */
  async domainRecords(domid: number): Promise<UnknownRecord[] | undefined> {
    await this.peek();
    const records = this.unknown.get(domid)?.records;
    this.unknown.delete(domid);
    return records;
  }

  /** The root's unknown records: all read once the first domain (or the end) has been peeked. */
  rootRecords(): UnknownRecord[] | undefined {
    return this.unknown.get('root')?.records;
  }

  get version(): Version {
    return this.reader.schema!.version as Version;
  }

  async close(): Promise<void> {
    await this.events.return?.(undefined);
  }
}

function domidOf(ev: SectionEvent): number {
  return (ev.value as Obj)['domid'] as number;
}

/** Compares a domain in both dumps of one version, section by section, the P2M and pages as they stream. */
async function comparePair(differ: StateDiffer, A: Side, B: Side, x: SectionEvent, y: SectionEvent): Promise<void> {
  const domid = domidOf(x);
  const pair: DomainPair = differ.openDomainPair(domid);
  for (const [key, section] of Object.entries(A.reader.schema!.sections)) {
    if (key === x.info.key) {
      differ.compareSection(pair, key, x.value, y.value);
      continue;
    }
    const coverage = differ.coverageOfSection(pair, key);
    if (!coverage) {
      const [a, b] = [await A.section(key, section), await B.section(key, section)];
      differ.compareSection(pair, key, a, b);
      continue;
    }
    const sides = { a: A, b: B };
    for (let need = coverage.sweep.advance(); need !== 'done'; need = coverage.sweep.advance()) {
      const ev = await sides[need].takeOf(key);
      if (!ev) coverage.sweep.end(need);
      else if (ev.value instanceof EntryColumns) {
        coverage.sweep.push(need, ev.value);
        // Read into the sweep's runs: the next chunk may take its columns.
        ev.value.recycle();
      } else coverage.sweep.push(need, ev.value as Obj[]);
    }
    coverage.finish(A.unread(key), B.unread(key));
  }
  differ.compareDomainRecords(pair, await A.domainRecords(domid), await B.domainRecords(domid));
}

/**
 * Semantic diff of two dumps (paths or async byte sources), in one streaming pass over each.
 * Each is read in its own version and compared in the newer one. Throws a DiffReadError (a
 * FormatError naming the side) when either cannot be read.
 */
export async function diffStreams(a: ByteSource, b: ByteSource, options: StreamDiffOptions = {}): Promise<DiffResult> {
  const A = new Side('a', a, options.limits);
  const B = new Side('b', b, options.limits);
  try {
    const [ha, hb] = await Promise.all([A.take(), B.take()]);
    if (ha?.kind !== 'host' || hb?.kind !== 'host') throw new FormatError('bad-order', 'a stream starts with its HOST record');
    const comparedAs = (A.version > B.version ? A.version : B.version) as Version;
    // Before any list record is read: the DOMAIN records come first.
    if (A.version === B.version) for (const side of [A, B]) side.readColumns();
    options.onStart?.({ versionA: A.version, versionB: B.version, comparedAs });
    const differ = new StateDiffer(A.version, B.version, options);
    differ.compareHost(ha.value, hb.value);
    let [x, y] = await Promise.all([A.nextDomain(), B.nextDomain()]);
    differ.compareRootRecords(A.rootRecords(), B.rootRecords());
    while (x || y) {
      const c = !x ? 1 : !y ? -1 : domidOf(x) - domidOf(y);
      if (c <= 0) await A.take();
      if (c >= 0) await B.take();
      if (c === 0 && A.version === B.version) await comparePair(differ, A, B, x!, y!);
      else if (c === 0 || A.version !== B.version) {
        const [da, db] = await Promise.all([c <= 0 ? A.assemble(x!) : undefined, c >= 0 ? B.assemble(y!) : undefined]);
        differ.compareDomain(da, db);
      } else {
        // A domain on one side only is reported by its DOMAIN record: the rest is read past.
        const [side, ev] = c < 0 ? [A, x!] : [B, y!];
        differ.compareDomain(c < 0 ? { domain: ev.value } : undefined, c > 0 ? { domain: ev.value } : undefined);
        await side.skipDomain();
        await side.domainRecords(domidOf(ev));
      }
      await options.onProgress?.(A.reader.bytesRead, B.reader.bytesRead);
      [x, y] = await Promise.all([c <= 0 ? A.nextDomain() : x, c >= 0 ? B.nextDomain() : y]);
    }
    return differ.result(A.reader.dropped(), B.reader.dropped());
  } finally {
    await Promise.all([A.close(), B.close()]);
  }
}
