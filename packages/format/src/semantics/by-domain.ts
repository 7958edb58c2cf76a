/**
 * Semantic validation one domain at a time, for dumps whose whole state does not fit in memory:
 * the host is checked with the rules of host and domain scope, then each domain against the host
 * with the rules of domain scope, giving exactly the findings `validateSemantics` gives on the
 * whole state for those rules. The cross-domain rules are not run; the caller says so.
 */
import type { State, Version } from '../schema/index.js';
import { Context } from './context.js';
import { RULES, runChecks } from './families.js';
import { Report } from './report.js';
import type { Finding, RuleInfo, RuleScope, ValidateOptions } from './rule.js';

const HOST_RUN: ReadonlySet<RuleScope> = new Set<RuleScope>(['host', 'domain']);
const DOMAIN_RUN: ReadonlySet<RuleScope> = new Set<RuleScope>(['domain']);

export class DomainByDomainValidator {
  // One report for every run, so that the cap per rule holds over the whole dump.
  private readonly report: Report;

  constructor(
    private readonly host: State['host'],
    private readonly version: Version,
    opts: ValidateOptions = {},
  ) {
    this.report = new Report(version, opts.maxPerRule ?? 100);
    this.report.restrict(HOST_RUN, false);
    const hostOnly = { host, domains: [] } as unknown as State;
    this.report.locateIn(hostOnly);
    runChecks(new Context(hostOnly, version), this.report);
    this.report.restrict(DOMAIN_RUN, true);
  }

  /** The rules that this validator does not run for `version`: those of cross-domain scope. */
  static notRun(version: Version): RuleInfo[] {
    return RULES.filter((r) => r.scope === 'cross-domain' && r.versions.includes(version));
  }

  /** Checks the domain at position `index` of the stream. */
  domain(domain: State['domains'][number], index: number): void {
    const one = { host: this.host, domains: [domain] } as unknown as State;
    this.report.locateIn(one, index);
    runChecks(new Context(one, this.version, index), this.report);
    // Hold no domain past its check: the next one is assembled in the memory it leaves.
    this.report.locateIn(undefined);
  }

  /** Every finding so far, at most `maxPerRule` per rule, then how many each rule left out. */
  finish(): Finding[] {
    return this.report.finish();
  }
}
