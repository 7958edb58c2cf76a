/**
 * The record order of FORMAT.md section 6, decided from record types and a few body values (a
 * domid, a count, the first and last keys of a section): HOST first, domains ascending, each
 * domain's sections in canonical order, singles once, list records contiguous and full but the
 * last, keys ascending across records, the per-domain limits, END counting the records. The record
 * sequencer (which decodes bodies) and the structural checker (which only checks them) both run
 * it, so they accept exactly the same orders. Faults are FormatErrors located at `at`.
 */
import { BodyError, FramingError, LimitError, UnknownRecordError, type Location } from '../errors.js';
import type { Limits } from '../limits.js';
import type { SchemaVersion } from '../schema/records.js';
import { isOptionalType } from '../schema/records.js';
import { hex8 } from '../wire/header.js';
import { orderFault } from './compile.js';
import { type SectionInfo, ascendingKeyOf, maxEntriesOf, recordName, sectionsByType } from './sections.js';

/** What a record is, by its type and place: its body is read accordingly. */
export type Placement =
  | { readonly kind: 'host' }
  | { readonly kind: 'end' }
  | { readonly kind: 'unknown' }
  | { readonly kind: 'section'; readonly info: SectionInfo };

const HOST: Placement = { kind: 'host' };
const END: Placement = { kind: 'end' };
const UNKNOWN: Placement = { kind: 'unknown' };

export class RecordOrder {
  private readonly schema: SchemaVersion;
  private readonly limits: Limits;
  private readonly placements: Map<number, Placement>;
  private phase: 'host' | 'body' | 'done' = 'host';
  private currentDomid: number | undefined;
  private domains = 0;
  private rank = 0;
  /** Known records of the current section so far (DOMAIN included), for placing unknown ones. */
  private knownInGroup = 1;
  private seenSingles = new Set<string>();
  private chunkCount = new Map<string, number>();
  private lastChunkFull = true;
  private lastListKey: string | undefined;
  private vcpus = 0;
  private entries = new Map<string, number>();
  /** Last key of each ordered section of the current domain. */
  private lastKey = new Map<string, number | bigint>();
  /** The producer's Xen version from the stream header, which HOST must repeat. */
  private readonly headerXen: { readonly xenMajor: number; readonly xenMinor: number } | undefined;

  constructor(schema: SchemaVersion, limits: Limits, header?: { readonly xenMajor: number; readonly xenMinor: number }) {
    this.schema = schema;
    this.limits = limits;
    this.headerXen = header;
    this.placements = new Map([...sectionsByType(schema)].map(([type, info]): [number, Placement] => [type, { kind: 'section', info }]));
  }

  /** The domain whose records are being read, once a DOMAIN record was. */
  get domid(): number | undefined {
    return this.currentDomid;
  }

  /** Domains opened so far. */
  get domainCount(): number {
    return this.domains;
  }

  /** How many known records of the current group precede an unknown one (HOST alone at the root). */
  get unknownAfter(): number {
    return this.currentDomid === undefined ? 1 : this.knownInGroup;
  }

  /**
   * The type and place of the next record, before its body is read: after END nothing, an unknown
   * mandatory type never (FORMAT.md 3: the type before the order and the body), HOST first and
   * once, sections inside a domain in canonical order, singles once. END closes the open domain.
   */
  place(type: number, at: Location): Placement {
    if (this.phase === 'done') throw new FramingError('trailing-data', 'record after END', at);
    if (!this.schema.records.has(type) && !isOptionalType(type)) {
      throw new UnknownRecordError(`unknown mandatory record type 0x${hex8(type)}: a schema ${this.schema.version} reader must refuse this stream`, at, [{ type, count: 1 }]);
    }
    if (this.phase === 'host') {
      if (type !== this.schema.host.type) throw new FramingError('bad-order', `the first record must be HOST, found ${recordName(this.schema, type)}`, at);
      this.phase = 'body';
      return HOST;
    }
    if (type === this.schema.end.type) {
      this.closeDomain(at);
      return END;
    }
    if (type === this.schema.host.type) throw new FramingError('bad-order', 'a second HOST record', at);
    const placement = this.placements.get(type);
    if (placement === undefined) return UNKNOWN; // only optional types get here
    if (placement.kind !== 'section') return placement;
    const info = placement.info;
    if (info.rank === 0) return placement;
    if (this.currentDomid === undefined) throw new FramingError('bad-order', `${info.section.record.name} before any DOMAIN record`, at);
    if (info.rank < this.rank) {
      throw new FramingError('bad-order', `${info.section.record.name} after a later record of domain ${this.currentDomid}; the order is ${Object.values(this.schema.sections).map((s) => s.record.name).join(', ')}`, at);
    }
    const kind = info.section.kind;
    if (kind === 'single' || kind === 'optional') {
      if (this.seenSingles.has(info.key)) throw new FramingError('bad-order', `a second ${info.section.record.name} record for domain ${this.currentDomid}`, at);
      this.seenSingles.add(info.key);
    }
    this.rank = info.rank;
    this.knownInGroup++;
    return placement;
  }

  /**
   * The header's Xen version must be the HOST producer's: otherwise two different streams would
   * decode to one state, and encoding would not be canonical.
   */
  producer(major: number, minor: number): void {
    if (!this.headerXen) return;
    const { xenMajor, xenMinor } = this.headerXen;
    if (major !== xenMajor || minor !== xenMinor) {
      throw new BodyError('bad-value', `stream header names Xen ${xenMajor}.${xenMinor}, the HOST record's producer is ${major}.${minor}`, { offset: 20, path: 'producer' });
    }
  }

  /** END's count of the records before it, `index` of them read. */
  end(nrRecords: number, index: number, at: Location): void {
    if (nrRecords !== index) throw new FramingError('bad-order', `END counts ${nrRecords} records before it, the stream has ${index}`, at);
    this.phase = 'done';
  }

  /** A DOMAIN record with its domid: domains ascend, the previous one is complete, the count within the limit. */
  domain(domid: number, at: Location): void {
    if (this.currentDomid !== undefined && domid <= this.currentDomid) {
      const what = domid === this.currentDomid ? `duplicate DOMAIN for domain ${domid}` : `domain ${domid} after domain ${this.currentDomid}: domains must ascend`;
      throw new FramingError('bad-order', what, { ...at, domid });
    }
    this.closeDomain(at);
    // Located at this DOMAIN record, the one past the limit, with its own domid.
    if (++this.domains > this.limits.maxDomains) throw new LimitError('limit', `more than ${this.limits.maxDomains} domains`, { ...at, domid });
    this.currentDomid = domid;
    this.rank = 0;
    this.knownInGroup = 1;
    this.seenSingles = new Set(['domain']);
    this.chunkCount.clear();
    this.entries.clear();
    this.lastKey.clear();
    this.lastListKey = undefined;
    this.lastChunkFull = true;
    this.vcpus = 0;
  }

  /** A record of an `each` section, with its ascending key when the section has one (`offset` locates its body). */
  each(info: SectionInfo, key: number | bigint | undefined, offset: number, at: Location): void {
    if (++this.vcpus > this.limits.maxVcpus) throw new LimitError('limit', `more than ${this.limits.maxVcpus} ${info.section.record.name} records in domain ${this.currentDomid}`, at);
    if (key !== undefined) this.ascending(info.key, key, offset);
  }

  /**
   * A record of a `list` section holding `count` entries, with the first and last entry keys when
   * the list is ordered: records contiguous, each full but the last, keys ascending across them,
   * the per-domain entry limit. `firstOffset` locates the first entry, computed only on a fault.
   */
  list(info: SectionInfo, count: number, firstKey: number | bigint | undefined, lastKey: number | bigint | undefined, firstOffset: () => number, at: Location): void {
    const chunk = this.chunkCount.get(info.key) ?? 0;
    if (chunk > 0 && (!this.lastChunkFull || this.lastListKey !== info.key)) {
      throw new FramingError('bad-order', `${info.section.record.name} records of domain ${this.currentDomid} must be contiguous, each but the last holding ${maxEntriesOf(info.section)} entries`, at);
    }
    // Within a record the list decoder checked the order; here it runs on across records.
    if (firstKey !== undefined && lastKey !== undefined) {
      this.ascending(info.key, firstKey, firstOffset, 'entries[0].');
      this.lastKey.set(info.key, lastKey);
    }
    this.chunkCount.set(info.key, chunk + 1);
    this.lastChunkFull = count === maxEntriesOf(info.section);
    this.lastListKey = info.key;
    const total = (this.entries.get(info.key) ?? 0) + count;
    this.entries.set(info.key, total);
    const limit = info.key === 'event_channels' ? this.limits.maxPorts : this.limits.maxEntries;
    if (total > limit) throw new LimitError('limit', `more than ${limit} ${info.section.record.name} entries in domain ${this.currentDomid}`, at);
  }

  /** Which record of its list section the last one taken was (0 = first). */
  chunkOf(info: SectionInfo): number {
    return (this.chunkCount.get(info.key) ?? 1) - 1;
  }

  /**
   * Keys of `each` records and of list entries strictly ascend over the whole section (FORMAT.md
   * section 6); `offset` locates the offending record body or entry.
   */
  private ascending(section: string, value: number | bigint, offset: number | (() => number), prefix = ''): void {
    const previous = this.lastKey.get(section);
    if (previous !== undefined && !(value > previous)) {
      const key = this.keyName(section);
      try {
        orderFault(typeof offset === 'number' ? offset : offset(), key, previous, value);
      } catch (e) {
        if (e instanceof BodyError && prefix) (e as { location: Location }).location = { ...e.location, path: prefix + key };
        throw e;
      }
    }
    this.lastKey.set(section, value);
  }

  private keyName(section: string): string {
    const s = this.schema.sections[section]!;
    return (s.kind === 'each' ? s.ascending : ascendingKeyOf(s))!;
  }

  private closeDomain(at: Location): void {
    if (this.currentDomid === undefined) return;
    for (const [key, s] of Object.entries(this.schema.sections)) {
      if (s.kind === 'single' && !this.seenSingles.has(key)) {
        throw new FramingError('bad-order', `domain ${this.currentDomid} has no ${s.record.name} record`, { offset: at.offset!, record: at.record!, domid: this.currentDomid });
      }
    }
  }
}
