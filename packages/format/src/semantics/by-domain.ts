/**
 * Semantic validation one domain at a time, so that a dump of any size is checked in memory
 * bounded by its largest domain plus compact cross-domain indexes (cross-domain.ts): the host is
 * checked with the rules of host and domain scope, then each domain with the rules of domain and
 * cross-domain scope as it arrives, and the cross-domain checks that named a domain further on
 * run at the end. `validateSemantics` checks a whole state the same way, so the findings are the
 * same whether a dump is decoded whole or streamed.
 */
import type { State, Version } from '../schema/index.js';
import { Context, Scratch } from './context.js';
import { CrossDomainIndex } from './cross-domain.js';
import { type Family, familiesFor, finishChecks, runChecks } from './families.js';
import { claimOwnership } from './memory.js';
import { Report } from './report.js';
import type { Finding, RuleScope, ValidateOptions } from './rule.js';

const HOST_RUN: ReadonlySet<RuleScope> = new Set<RuleScope>(['host', 'domain']);
const DOMAIN_RUN: ReadonlySet<RuleScope> = new Set<RuleScope>(['domain', 'cross-domain']);

export class DomainByDomainValidator {
  // One report for every run, so that the cap per rule holds over the whole dump.
  private readonly report: Report;
  private readonly across = new CrossDomainIndex();
  private readonly scratch = Scratch.shared();
  /** The families run on each domain. */
  private readonly families: readonly Family[];

  constructor(
    private readonly host: State['host'],
    private readonly version: Version,
    opts: ValidateOptions = {},
  ) {
    this.report = new Report(version, opts.maxPerRule ?? 100);
    this.report.restrict(HOST_RUN, false);
    const hostOnly = { host, domains: [] } as unknown as State;
    this.report.locateIn(hostOnly);
    runChecks(new Context(hostOnly, version, this.across), this.report);
    this.report.restrict(DOMAIN_RUN, true);
    this.families = familiesFor(this.report);
  }

  /** Checks the domain at position `index` of the stream (positions in order, from 0). */
  domain(domain: State['domains'][number], index: number): void {
    const one = { host: this.host, domains: [domain] } as unknown as State;
    this.report.locateIn(one, index);
    this.across.enter(index, domain.domain.domid);
    const ctx = new Context(one, this.version, this.across, index, this.scratch);
    claimOwnership(ctx, this.report);
    runChecks(ctx, this.report, this.families);
    // Hold no domain past its check: the next one is assembled in the memory it leaves.
    this.report.locateIn(undefined);
  }

  /** Runs the checks left for the end; then every finding, at most `maxPerRule` per rule, then how many each rule left out. */
  finish(): Finding[] {
    finishChecks(this.across, this.report);
    return this.report.finish();
  }
}
