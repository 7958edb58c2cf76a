/**
 * bytes -> records -> one domain at a time -> rules: the whole validation of a stream held in
 * memory. It runs the framing loop and the domain assembler `decode` runs, so it refuses the same
 * streams at the same first fault, but it never builds the whole state: each domain is checked
 * as it closes and then dropped, with its PAGES and P2M decoded straight into columns
 * (codec/columns.ts). Memory is the input plus the largest domain, and a dump of millions of
 * entries makes no object per entry.
 */
import type { DroppedItem } from './codec/sequence.js';
import { decode, readRecords, readingSchema } from './decode.js';
import { DomainAssembler } from './domain-assembler.js';
import { type Limits, resolveLimits } from './limits.js';
import type { MigrationNote } from './migrate/index.js';
import { RecordLoop } from './record-loop.js';
import { LATEST_VERSION, type State, type Version } from './schema/index.js';
import { COLUMNAR_SECTIONS } from './semantics/any-domain.js';
import { DomainByDomainValidator, validateSemantics } from './semantics/index.js';
import type { Finding } from './semantics/rule.js';
import { type StreamHeader, decodeStreamHeader } from './wire/header.js';

export interface DumpValidationOptions {
  /** Schema version of the reader (default: the latest); the stream is checked as that reader reads it. */
  readonly readerVersion?: Version;
  readonly limits?: Partial<Limits>;
  /** Findings listed per rule (default 100); the rest are counted. */
  readonly maxPerRule?: number;
}

export interface DumpValidation {
  readonly header: StreamHeader;
  /** The reader's schema version, the one the rules ran for. */
  readonly version: Version;
  readonly host: State['host'];
  readonly domains: number;
  readonly records: number;
  readonly findings: readonly Finding[];
  /** What the reader did not understand. */
  readonly dropped: readonly DroppedItem[];
  /** What the upgrade to the reader's version changed, when the stream is older. */
  readonly notes: readonly MigrationNote[];
}

/**
 * Decodes and validates a stream held in memory. Throws the located `FormatError` `decode` throws
 * for a stream the reader must refuse; otherwise the findings of every rule.
 */
export function validateDump(bytes: Uint8Array, options: DumpValidationOptions = {}): DumpValidation {
  const limits = resolveLimits(options.limits);
  const header = decodeStreamHeader(bytes);
  const readerVersion = options.readerVersion ?? LATEST_VERSION;
  const schema = readingSchema(header.schemaVersion, readerVersion);
  const opts = options.maxPerRule === undefined ? {} : { maxPerRule: options.maxPerRule };
  if (schema.version !== readerVersion) {
    // An older stream is upgraded before the rules run, and an upgrade takes the whole state.
    const r = decode(bytes, { readerVersion, limits });
    const findings = validateSemantics(r.state, r.version, opts);
    return { header, version: readerVersion, host: r.state.host, domains: r.state.domains.length, records: r.records.length, findings, dropped: r.dropped, notes: r.notes };
  }
  const loop = new RecordLoop(schema, limits, header, COLUMNAR_SECTIONS);
  // Each domain is checked as it closes, before the next one's lists arrive: its columns can be reused.
  const assembler = new DomainAssembler(schema, false, { reuseColumns: true });
  let check: DomainByDomainValidator | undefined;
  let host: State['host'] | undefined;
  let domains = 0;
  const checkDomain = (d: Record<string, unknown> | undefined) => {
    if (d) check!.domain(d as unknown as State['domains'][number], domains++);
  };
  readRecords(bytes, loop, schema, (ev) => {
    if (ev.kind === 'host') {
      host = ev.value as State['host'];
      check = new DomainByDomainValidator(host, readerVersion, opts);
    }
    checkDomain(assembler.add(ev));
  });
  checkDomain(assembler.finish());
  return {
    header, version: readerVersion, host: host!, domains, records: loop.nextIndex, findings: check!.finish(), dropped: loop.sequencer.droppedItems(), notes: [],
  };
}
