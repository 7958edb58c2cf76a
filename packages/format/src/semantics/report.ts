/**
 * Collects findings. A broken state can violate a rule millions of times (a shifted P2M), so each
 * rule reports at most `maxPerRule` findings, then one finding saying how many it left out. One
 * report may collect several runs (the host, then each domain of a dump): the cap then holds over
 * all of them, as over the whole state.
 */
import { identityPath } from '../json/identity-path.js';
import { SCHEMAS, type State, type Version } from '../schema/index.js';
import type { Finding, RuleInfo, RuleScope } from './rule.js';

export class Report {
  private readonly findings: Finding[] = [];
  private readonly counts = new Map<RuleInfo, number>();
  private scopes: ReadonlySet<RuleScope> = new Set<RuleScope>(['host', 'domain', 'cross-domain']);
  private aboutDomainsOnly = false;
  private where: { readonly state: State; readonly firstIndex: number } | undefined;

  constructor(
    private readonly version: Version,
    private readonly maxPerRule: number,
  ) {}

  /**
   * Which rules the next checks run, and whether findings about no domain are dropped (a run over
   * one domain repeats the host's findings, which the host's run already reported).
   */
  restrict(scopes: ReadonlySet<RuleScope>, aboutDomainsOnly: boolean): void {
    this.scopes = scopes;
    this.aboutDomainsOnly = aboutDomainsOnly;
  }

  /**
   * The state the next checks run on: the checks name places by position (`domains[4].p2m[2]`),
   * the findings by identity (`domains[domid=7].p2m[gfn=0x80000]`) with the positional form as `jq`.
   * `firstIndex`: the stream position of `state.domains[0]`.
   */
  locateIn(state: State | undefined, firstIndex = 0): void {
    this.where = state && { state, firstIndex };
  }

  /**
   * `add` for a check deferred past its domain: `stub` (cross-domain.ts domainStub) holds what
   * names the place, the domain at stream position `index`.
   */
  addDeferred(stub: { host: undefined; domains: unknown[] }, index: number, rule: RuleInfo, path: string, message: string, domid: number): void {
    const was = this.where;
    this.where = { state: stub as unknown as State, firstIndex: index };
    this.add(rule, path, message, domid);
    this.where = was;
  }

  /** Whether findings about no domain are taken now: a check skips the host's own loops when not. */
  aboutHost(): boolean {
    return !this.aboutDomainsOnly;
  }

  /** Whether the rule runs (its version and scope): checks skip the work when it does not. */
  applies(rule: RuleInfo): boolean {
    return rule.versions.includes(this.version) && this.scopes.has(rule.scope);
  }

  add(rule: RuleInfo, path: string, message: string, domid?: number): void {
    if (!this.takes(rule, domid)) return;
    const n = (this.counts.get(rule) ?? 0) + 1;
    this.counts.set(rule, n);
    if (n > this.maxPerRule) return;
    const at = this.where ? identityPath(SCHEMAS[this.version], this.where.state, path, this.where.firstIndex) : undefined;
    const place = at ? { path: at.path, jq: at.jq } : { path };
    this.findings.push(domid === undefined ? { rule: rule.id, severity: rule.severity, ...place, message } : { rule: rule.id, severity: rule.severity, ...place, message, domid });
  }

  /**
   * `add` for loops over millions of entries: the path and message are built only while the
   * rule's findings are still listed, not for the ones past the cap.
   */
  addLazy(rule: RuleInfo, make: () => readonly [path: string, message: string], domid?: number): void {
    if (!this.takes(rule, domid)) return;
    const listed = (this.counts.get(rule) ?? 0) < this.maxPerRule;
    if (listed) {
      const [path, message] = make();
      this.add(rule, path, message, domid);
    } else {
      this.counts.set(rule, (this.counts.get(rule) ?? 0) + 1);
    }
  }

  private takes(rule: RuleInfo, domid: number | undefined): boolean {
    return this.applies(rule) && !(this.aboutDomainsOnly && domid === undefined);
  }

  finish(): Finding[] {
    const out = [...this.findings];
    for (const [rule, n] of this.counts) {
      if (n > this.maxPerRule) {
        out.push({ rule: rule.id, severity: rule.severity, path: '', message: `${n - this.maxPerRule} more findings of ${rule.id} not listed` });
      }
    }
    return out;
  }
}
