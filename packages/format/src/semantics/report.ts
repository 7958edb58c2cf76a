/**
 * Collects findings. A broken state can violate a rule millions of times (a shifted P2M), so each
 * rule reports at most `maxPerRule` findings, then one finding saying how many it left out.
 */
import type { Version } from '../schema/index.js';
import type { Finding, RuleInfo } from './rule.js';

export class Report {
  private readonly findings: Finding[] = [];
  private readonly counts = new Map<RuleInfo, number>();

  constructor(
    private readonly version: Version,
    private readonly maxPerRule: number,
  ) {}

  /** Whether the rule applies to this version: checks skip the work when it does not. */
  applies(rule: RuleInfo): boolean {
    return rule.versions.includes(this.version);
  }

  add(rule: RuleInfo, path: string, message: string, domid?: number): void {
    if (!this.applies(rule)) return;
    const n = (this.counts.get(rule) ?? 0) + 1;
    this.counts.set(rule, n);
    if (n > this.maxPerRule) return;
    this.findings.push(domid === undefined ? { rule: rule.id, severity: rule.severity, path, message } : { rule: rule.id, severity: rule.severity, path, message, domid });
  }

  /**
   * `add` for loops over millions of entries: the path and message are built only while the
   * rule's findings are still listed, not for the ones past the cap.
   */
  addLazy(rule: RuleInfo, make: () => readonly [path: string, message: string], domid?: number): void {
    if (!this.applies(rule)) return;
    const listed = (this.counts.get(rule) ?? 0) < this.maxPerRule;
    if (listed) {
      const [path, message] = make();
      this.add(rule, path, message, domid);
    } else {
      this.counts.set(rule, (this.counts.get(rule) ?? 0) + 1);
    }
  }

  finish(): Finding[] {
    for (const [rule, n] of this.counts) {
      if (n > this.maxPerRule) {
        this.findings.push({ rule: rule.id, severity: rule.severity, path: '', message: `${n - this.maxPerRule} more findings of ${rule.id} not listed` });
      }
    }
    return this.findings;
  }
}
