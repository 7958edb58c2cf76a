/**
 * One streaming pass over a dump for the report: the memory map (MemoryMap), per-domain facts,
 * record bytes by type, and the frame ranges that validation findings point at. Holds one record
 * at a time (the streaming reader), so memory stays bounded whatever the dump's size.
 */
import { type ByteSource, type Finding, type Limits, P2M_TARGET, RECORD_HEADER_SIZE, STREAM_HEADER_SIZE, paddingOf, readStream } from '../lib.js';
import { producerOf } from '../dump.js';
import { type DomainFacts, MemoryMap, P2M_KINDS, type P2mKind, framesOf, p2mKindOf } from './memory-map.js';

type Obj = Record<string, unknown>;

/** A frame range [start, start + count) a finding is about. */
export type Range = readonly [start: number, count: number];

/** Where on the map a finding points: a domain, frame ranges, or both. */
export interface FindingLink {
  domid?: number;
  ranges: Range[];
}

export interface RecordTypeBytes {
  readonly name: string;
  readonly type: number;
  count: number;
  bytes: number;
}

export interface Scan {
  readonly file: string;
  readonly map: MemoryMap;
  readonly schemaVersion: number;
  readonly producer: string | undefined;
  readonly totalPages: bigint;
  readonly size: number;
  readonly records: number;
  readonly domains: DomainFacts[];
  readonly recordTypes: RecordTypeBytes[];
  /** Per finding (same order as given), where it points. */
  readonly links: FindingLink[];
}

const recordBytes = (len: number) => RECORD_HEADER_SIZE + len + paddingOf(len);

/** The host's total_pages: the first record after the header is HOST, so this reads very little. */
export async function totalPagesOf(source: ByteSource, limits: Partial<Limits>): Promise<bigint> {
  for await (const ev of readStream(source, { limits })) {
    if (ev.kind === 'host') return ev.value['total_pages'] as bigint;
    break;
  }
  return 1n;
}

/** `domains[4]` (by position) or `domains[domid=7]` (by identity), and what follows it. */
const DOMAIN_PATH = /^domains\[(?:domid=)?(\d+)\]\.?(\w+)?(?:\[(\d+)\])?/;
/** An active grant names one machine frame: `domains[1].grant_table.active[2]`. */
const GRANT_PATH = /^domains\[(?:domid=)?(\d+)\]\.(grant_table)\.active\[(\d+)\]/;

/**
 * What a finding's path names, resolved as the stream goes by: host ranges at once, PAGES and P2M
 * entries when their record is read (the entry's index counts across the records a list is cut into).
 */
class LinkResolver {
  readonly links: FindingLink[];
  /** domain position -> section -> entry index -> findings pointing at it */
  private readonly wanted = new Map<number, Map<string, Map<number, number[]>>>();
  private readonly byDomid: boolean[];
  /** Findings whose path names a domain by position, by that position. */
  private readonly byPosition = new Map<number, number[]>();

  /** Where each finding is, by position when it says so (its jq path), else by its path. */
  private readonly places: string[];

  constructor(private readonly findings: readonly Finding[]) {
    this.links = findings.map((f) => ({ ...(f.domid !== undefined ? { domid: f.domid } : {}), ranges: [] }));
    // Paths name list items by identity (`pages[first_mfn=0x100]`); the jq path by position, which is what the stream order gives.
    this.places = findings.map((f) => (f.jq !== undefined ? f.jq.replace(/^\./, '') : f.path));
    this.byDomid = this.places.map((p) => /^domains\[domid=/.test(p));
    this.places.forEach((p, i) => {
      const m = DOMAIN_PATH.exec(p);
      if (m && !this.byDomid[i]) this.byPosition.set(Number(m[1]), [...(this.byPosition.get(Number(m[1])) ?? []), i]);
    });
  }

  host(h: Obj): void {
    const bootmem = h['bootmem'] as Obj[];
    const m2p = h['m2p'] as Obj;
    const handover = h['handover'] as Obj;
    this.places.forEach((path, i) => {
      const link = this.links[i]!;
      let m: RegExpExecArray | null;
      if ((m = /^host\.bootmem\[(\d+)\]/.exec(path)) && bootmem[Number(m[1])]) {
        const b = bootmem[Number(m[1])]!;
        link.ranges.push([Number(b['start']), Number(b['count'])]);
      } else if (path.startsWith('host.m2p')) link.ranges.push([Number(m2p['start']), Number(m2p['count'])]);
      else if ((m = /^host\.handover\.stream_mfns\[(\d+)\]/.exec(path))) {
        const mfn = (handover['stream_mfns'] as bigint[])[Number(m[1])];
        if (mfn !== undefined) link.ranges.push([Number(mfn), 1]);
      } else if (path.startsWith('host.handover.mfn_array_maddr')) link.ranges.push([Number((handover['mfn_array_maddr'] as bigint) >> 12n), 1]);
      else if ((m = GRANT_PATH.exec(path)) || ((m = DOMAIN_PATH.exec(path)) && m[2] !== undefined && m[3] !== undefined)) {
        // Keyed by position; a domid path is resolved when its DOMAIN record names the domid.
        const key = this.byDomid[i] ? -1 - Number(m[1]) : Number(m[1]);
        const [section, entry] = [m[2]!, Number(m[3])];
        const sections = this.wanted.get(key) ?? new Map<string, Map<number, number[]>>();
        const entries = sections.get(section) ?? new Map<number, number[]>();
        entries.set(entry, [...(entries.get(entry) ?? []), i]);
        sections.set(section, entries);
        this.wanted.set(key, sections);
      }
    });
  }

  /** The DOMAIN record at position `index`: a finding that names the domain only by path gets its domid. */
  domain(index: number, domid: number): void {
    for (const i of this.byPosition.get(index) ?? []) this.links[i]!.domid ??= domid;
  }

  /** The entries of one list record of domain `index`/`domid`, numbered from `first`. */
  entries(index: number, domid: number, section: string, first: number, list: readonly Obj[]): void {
    for (const key of [index, -1 - domid]) {
      const want = this.wanted.get(key)?.get(section);
      if (!want) continue;
      for (const [j, findings] of want) {
        const e = list[j - first];
        if (e === undefined) continue;
        const start = section === 'pages' ? e['first_mfn'] : e['mfn'];
        // A P2M entry that maps no machine frame (PoD, paged, emulated MMIO) marks only its domain.
        if (typeof start !== 'bigint' || (section === 'p2m' && P2M_TARGET[String(e['type']) as keyof typeof P2M_TARGET] === 'none')) continue;
        const count = section === 'grant_table' ? 1 : Number(framesOf(e));
        for (const f of findings) this.links[f]!.ranges.push([Number(start), count]);
      }
    }
  }
}

/**
 * Reads `source` once. `gridPages`: the map's extent (the larger total_pages of the dumps drawn
 * together). Throws the reader's located FormatError at a fault.
 */
export async function scanDump(file: string, source: ByteSource, gridPages: bigint, findings: readonly Finding[], limits: Partial<Limits>): Promise<Scan> {
  const reader = readStream(source, { limits });
  const map = new MemoryMap(Number(gridPages));
  const resolver = new LinkResolver(findings);
  const domains: DomainFacts[] = [];
  const types = new Map<string, RecordTypeBytes>();
  const seen = new Map<string, number>(); // entries so far of the current domain's list sections
  let producer: string | undefined;
  let totalPages = 0n;
  let size = STREAM_HEADER_SIZE;
  let records = 0;
  for await (const ev of reader) {
    const f = ev.frame;
    const bytes = recordBytes(f.bodyLength);
    size += bytes;
    records++;
    const name = ev.kind === 'section' ? ev.info.section.record.name : ev.kind === 'host' ? 'HOST' : ev.kind === 'end' ? 'END' : `type 0x${(f.type >>> 0).toString(16).padStart(8, '0')}`;
    const t = types.get(name) ?? { name, type: f.type, count: 0, bytes: 0 };
    t.count++;
    t.bytes += bytes;
    types.set(name, t);
    if (ev.kind === 'host') {
      const h = ev.value;
      producer = producerOf(h);
      totalPages = h['total_pages'] as bigint;
      const boot = map.addOwner('bootmem', 'bootmem');
      for (const r of h['bootmem'] as Obj[]) map.add(boot, r['start'] as bigint, r['count'] as bigint);
      const m2p = h['m2p'] as Obj;
      map.add(map.addOwner('m2p', 'M2P'), m2p['start'] as bigint, m2p['count'] as bigint);
      const handover = h['handover'] as Obj;
      const stream = map.addOwner('stream', 'stream pages');
      for (const mfn of handover['stream_mfns'] as bigint[]) map.add(stream, mfn, 1n);
      map.add(stream, (handover['mfn_array_maddr'] as bigint) >> 12n, 1n);
      resolver.host(h);
    }
    if (ev.kind === 'section' && ev.info.rank === 0) {
      const d = ev.value as Obj;
      domains.push({
        domid: ev.domid, index: domains.length, owner: map.addOwner('domain', `d${ev.domid}`, ev.domid), type: String(d['type']), state: String(d['state']),
        vcpus: 0, eventChannels: 0, p2mRuns: 0, p2m: Object.fromEntries(P2M_KINDS.map((k) => [k, 0n])) as Record<P2mKind, bigint>, records: 0, bytes: 0,
      });
      seen.clear();
      resolver.domain(domains.length - 1, ev.domid);
    }
    const dom = (ev.kind === 'section' || ev.kind === 'unknown') && ev.domid !== undefined ? domains[domains.length - 1] : undefined;
    if (!dom) continue;
    dom.records++;
    dom.bytes += bytes;
    if (ev.kind !== 'section') continue;
    const key = ev.info.key;
    if (key === 'vcpus') dom.vcpus++;
    else if (key === 'event_channels') dom.eventChannels += (ev.value as unknown[]).length;
    else if (key === 'grant_table') resolver.entries(dom.index, dom.domid, key, 0, (ev.value as Obj)['active'] as Obj[]);
    else if (key === 'pages' || key === 'p2m') {
      const list = ev.value as Obj[];
      for (const x of list) {
        if (key === 'pages') map.add(dom.owner, x['first_mfn'] as bigint, framesOf(x));
        else {
          dom.p2mRuns++;
          dom.p2m[p2mKindOf(String(x['type']))] += framesOf(x);
        }
      }
      const first = seen.get(key) ?? 0;
      resolver.entries(dom.index, dom.domid, key, first, list);
      seen.set(key, first + list.length);
    }
  }
  return {
    file, map, schemaVersion: reader.header!.schemaVersion, producer, totalPages, size, records, domains,
    recordTypes: [...types.values()].sort((a, b) => b.bytes - a.bytes), links: resolver.links,
  };
}
