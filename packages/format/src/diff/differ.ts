/**
 * The diff of two states, one domain at a time: each side is lifted (upgraded) to the newer of
 * the two versions, one domain at a time, then compared section by section. Holding one domain
 * of each side is all it needs, so the streaming form keeps memory bounded by the largest domain.
 */
import type { DroppedItem } from '../codec/sequence.js';
import { convert } from '../migrate/index.js';
import { SCHEMAS, type State, type Version } from '../schema/index.js';
import type { SchemaVersion } from '../schema/records.js';
import { type CompareContext, type JqPair, compareNode, coverageReporter, emitEntry, step } from './compare.js';
import { CoverageSweep } from './coverage.js';
import { coverageOf } from './identity.js';
import { listIdentity } from '../schema/dsl.js';
import { globFitsSchema, pathMatcher } from './glob.js';
import { domainLabel, identityPath } from '../json/identity-path.js';
import { schemaPaths, sectionDesc, versionGaps } from './sections.js';
import type { DiffCounts, DiffEntry, DiffOptions, DiffResult } from './types.js';
import { type UnknownChunkFields, type UnknownRecord, unknownRecordsOf } from '../unknown.js';
import { compareUnknownChunkFields, compareUnknownRecords } from './unknown-records.js';

type Obj = Record<string, unknown>;
type Side = 'a' | 'b';

/** A domain in both A and B, as entries name it. */
export interface DomainPair {
  readonly path: string;
  readonly ctx: CompareContext;
  /** Its place in each side's decode JSON. */
  readonly jq: JqPair;
}

export class StateDiffer {
  readonly comparedAs: Version;
  private readonly schema: SchemaVersion;
  /** The older side's schema, when the versions differ. */
  private readonly olderSchema: SchemaVersion | undefined;
  private readonly olderSide: Side | undefined;
  private readonly gapNote: string | undefined;
  private readonly ignored: (path: string) => boolean;
  /** `--ignore` globs that no entry has matched yet, with their own matcher. */
  private readonly unusedGlobs = new Map<string, (path: string) => boolean>();
  private readonly entries: DiffEntry[] = [];
  private readonly counts: DiffCounts = { added: 0, removed: 0, changed: 0, inexpressible: 0 };
  private domainsA = 0;
  private domainsB = 0;
  private hostA: unknown;
  private hostB: unknown;

  constructor(
    readonly versionA: Version,
    readonly versionB: Version,
    private readonly options: DiffOptions = {},
  ) {
    this.comparedAs = (versionA > versionB ? versionA : versionB) as Version;
    this.schema = SCHEMAS[this.comparedAs];
    this.ignored = pathMatcher(options.ignore ?? []);
    for (const g of options.ignore ?? []) this.unusedGlobs.set(g, pathMatcher([g]));
    if (versionA !== versionB) {
      this.olderSide = versionA < versionB ? 'a' : 'b';
      const older = this.olderSide === 'a' ? versionA : versionB;
      this.olderSchema = SCHEMAS[older];
      this.gapNote = `schema v${older} (${this.olderSide.toUpperCase()}) cannot express it`;
      for (const gap of versionGaps(this.schema, this.olderSchema)) {
        const note = gap.why === 'missing' ? this.gapNote : `retired in schema v${this.comparedAs}: ${this.olderSide.toUpperCase()}'s values are not compared`;
        this.emit({ path: gap.path, kind: 'inexpressible', note });
      }
    }
  }

  private readonly emit = (e: DiffEntry): void => {
    if (this.ignored(e.path)) {
      for (const [glob, match] of this.unusedGlobs) if (match(e.path)) this.unusedGlobs.delete(glob);
      return;
    }
    this.counts[e.kind]++;
    if (this.options.onEntry) this.options.onEntry(e);
    else this.entries.push(e);
  };

  private context(domid?: number): CompareContext {
    return {
      emit: this.emit,
      ...(this.olderSide ? { olderSide: this.olderSide, gapNote: this.gapNote! } : {}),
      ...(domid !== undefined ? { domid } : {}),
    };
  }

  compareHost(hostA: unknown, hostB: unknown): void {
    this.hostA = hostA;
    this.hostB = hostB;
    compareNode(this.schema.host.body.desc, this.olderSchema?.host.body.desc, hostA, hostB, 'host', this.context(), { a: '.host', b: '.host' });
  }

  /**
   * Compares the unknown optional records kept on the root of each side (a newer writer's
   * stream-level records). Call after `compareHost`, before the domains: that is where they stand.
   */
  compareRootRecords(a: readonly UnknownRecord[] | undefined, b: readonly UnknownRecord[] | undefined): void {
    compareUnknownRecords(a, b, '', this.context());
  }

  /** A domain of `side`, in its own version, as the compared version holds it. */
  private lift(side: Side, domain: Obj): Obj {
    const version = side === 'a' ? this.versionA : this.versionB;
    if (version === this.comparedAs) return domain;
    const host = side === 'a' ? this.hostA : this.hostB;
    const one = { host, domains: [domain] } as unknown as State;
    const { state, notes } = convert(one, version, this.comparedAs);
    const domid = (domain['domain'] as Obj)['domid'] as number;
    // What the upgrade had to drop is what the newer version cannot express.
    for (const n of notes) {
      if (n.kind !== 'dropped') continue;
      const at = identityPath(SCHEMAS[version], one, n.path);
      const value = 'value' in at ? { [side]: at.value } : {};
      emitEntry(this.context(domid), { path: at.path, kind: 'inexpressible', ...value, note: n.message });
    }
    return state.domains[0] as unknown as Obj;
  }

  /**
   * Compares one domain present in A, in B, or both (same domid), each in its side's version.
   * Call in ascending domid, after `compareHost`.
   */
  compareDomain(a: Obj | undefined, b: Obj | undefined): void {
    const at = this.placeDomain(a !== undefined, b !== undefined);
    const la = a && this.lift('a', a);
    const lb = b && this.lift('b', b);
    const domid = ((la ?? lb)!['domain'] as Obj)['domid'] as number;
    const pair = this.domainPair(at, domid);
    if (!la || !lb) {
      emitEntry(pair.ctx, la ? { path: pair.path, kind: 'removed', a: la['domain'] } : { path: pair.path, kind: 'added', b: lb!['domain'] }, this.schema.sections['domain'] ? sectionDesc(this.schema.sections['domain']) : undefined, pair.jq);
      return;
    }
    for (const key of Object.keys(this.schema.sections)) this.compareSection(pair, key, la[key], lb[key]);
    // The lift carries them over (or adopts those the compared version knows).
    this.compareDomainRecords(pair, unknownRecordsOf(la), unknownRecordsOf(lb));
  }

  /** Positions of the next domain in each side's stream (and decode JSON), which lists domains in ascending domid. */
  private placeDomain(a: boolean, b: boolean): JqPair {
    const jq = { ...(a ? { a: `.domains[${this.domainsA}]` } : {}), ...(b ? { b: `.domains[${this.domainsB}]` } : {}) };
    if (a) this.domainsA++;
    if (b) this.domainsB++;
    return jq;
  }

  private domainPair(jq: JqPair, domid: number): DomainPair {
    return { path: `domains[${domainLabel(domid)}]`, ctx: this.context(domid), jq };
  }

  /**
   * For a streamed comparison of two dumps of the same version: the domain pair (same domid, in
   * both), compared section by section as the sections are read. Call in ascending domid.
   */
  openDomainPair(domid: number): DomainPair {
    return this.domainPair(this.placeDomain(true, true), domid);
  }

  /** One section of a domain pair, each side as the compared version holds it. */
  compareSection(pair: DomainPair, key: string, a: unknown, b: unknown): void {
    const section = this.schema.sections[key]!;
    const olderSection = this.olderSchema?.sections[key];
    const older = this.olderSchema === undefined ? undefined : olderSection ? sectionDesc(olderSection) : null;
    compareNode(sectionDesc(section), older, a, b, `${pair.path}.${key}`, pair.ctx, step(pair.jq, `.${key}`));
  }

  /**
   * A section of a same-version domain pair compared by coverage (the P2M, page ownership), fed
   * its items as they are read; `finish` with each side's unknown chunk fields once both have
   * ended. Undefined for a section compared otherwise.
   */
  coverageOfSection(pair: DomainPair, key: string): { sweep: CoverageSweep; finish(a?: readonly UnknownChunkFields[], b?: readonly UnknownChunkFields[]): void } | undefined {
    const list = sectionDesc(this.schema.sections[key]!);
    if (list.kind !== 'list' || list.item.desc.kind !== 'struct') return undefined;
    const shape = coverageOf(list.item.desc);
    const id = listIdentity(list);
    if (!shape || !id) return undefined;
    const path = `${pair.path}.${key}`;
    const sweep = new CoverageSweep(shape, coverageReporter(list.item.desc, id[0]!, path, pair.ctx, step(pair.jq, `.${key}`)));
    return { sweep, finish: (a, b) => compareUnknownChunkFields(a, b, path, pair.ctx) };
  }

  /** The unknown optional records of a domain pair: after its sections. */
  compareDomainRecords(pair: DomainPair, a: readonly UnknownRecord[] | undefined, b: readonly UnknownRecord[] | undefined): void {
    compareUnknownRecords(a, b, pair.path, pair.ctx);
  }

  result(droppedA: readonly DroppedItem[] = [], droppedB: readonly DroppedItem[] = []): DiffResult {
    const c = this.counts;
    return {
      versionA: this.versionA,
      versionB: this.versionB,
      comparedAs: this.comparedAs,
      entries: this.entries,
      counts: { ...c },
      domainsA: this.domainsA,
      domainsB: this.domainsB,
      same: c.added + c.removed + c.changed === 0,
      droppedA,
      droppedB,
      unmatchedIgnores: this.unmatchedIgnores(),
    };
  }

  /**
   * The `--ignore` globs that matched no entry and can match no path of either version's schema.
   * (A glob that fits the schema but matched nothing here is fine: those values were equal.)
   * Paths of unknown fields and records (`$unknown...`) are not in the schema: never reported.
   */
  private unmatchedIgnores(): string[] {
    const unused = [...this.unusedGlobs.keys()].filter((g) => !g.includes('$'));
    if (unused.length === 0) return [];
    const paths = [...new Set([...schemaPaths(SCHEMAS[this.versionA]), ...schemaPaths(SCHEMAS[this.versionB])])];
    return unused.filter((g) => !globFitsSchema(g, paths));
  }
}

function domidOf(d: unknown): number {
  return ((d as Obj)['domain'] as Obj)['domid'] as number;
}

/** Semantic diff of two states in memory, each of its own schema version. */
export function diffStates(a: State, versionA: Version, b: State, versionB: Version, options: DiffOptions = {}): DiffResult {
  const differ = new StateDiffer(versionA, versionB, options);
  differ.compareHost(a.host, b.host);
  differ.compareRootRecords(unknownRecordsOf(a), unknownRecordsOf(b));
  const byDomid = (x: unknown, y: unknown) => domidOf(x) - domidOf(y);
  const A = [...(a.domains as unknown[])].sort(byDomid) as Obj[];
  const B = [...(b.domains as unknown[])].sort(byDomid) as Obj[];
  let i = 0;
  let j = 0;
  while (i < A.length || j < B.length) {
    const x = A[i];
    const y = B[j];
    const c = !x ? 1 : !y ? -1 : domidOf(x) - domidOf(y);
    differ.compareDomain(c <= 0 ? x : undefined, c >= 0 ? y : undefined);
    if (c <= 0) i++;
    if (c >= 0) j++;
  }
  return differ.result();
}
