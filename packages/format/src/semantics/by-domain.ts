/**
 * Semantic validation one domain at a time, for dumps whose whole state does not fit in memory:
 * each domain is checked against the host with the rules that it and the host decide alone, and
 * gives exactly the findings `validateSemantics` gives it on the whole state. The rules that
 * compare domains with each other (CROSS_DOMAIN_RULES) are not run; the caller says so.
 */
import type { State, Version } from '../schema/index.js';
import type { Finding, RuleInfo } from './rule.js';
import { RULES, type ValidateOptions, validateSemantics } from './index.js';

/**
 * Rules whose verdict on a domain depends on other domains: ownership across domains, both ends of
 * interdomain channels and grant mappings, device models, devices assigned twice. (Domid
 * uniqueness is among them; in a stream the ascending-domid order already guarantees it.)
 */
export const CROSS_DOMAIN_RULES: ReadonlySet<string> = new Set([
  'domain.domid-unique', 'domain.one-hardware', 'evtchn.interdomain-symmetric',
  'grant.host-pins-mapped', 'grant.pin-count', 'grant.maptrack-dangling', 'grant.mfn-owner',
  'mem.ownership-disjoint', 'mem.p2m-ram-owned', 'mem.p2m-foreign-owned', 'mem.p2m-mmio-unowned',
  'ioreq.dm-exists', 'ioreq.ports-bound', 'passthrough.device-unique', 'passthrough.iommu-root-not-ram',
]);

const LEFT_OUT = /^(\d+) more findings of /;

export class DomainByDomainValidator {
  private readonly max: number;
  private readonly listed: Finding[] = [];
  private readonly counts = new Map<string, number>();

  constructor(
    private readonly host: State['host'],
    private readonly version: Version,
    opts: ValidateOptions = {},
  ) {
    this.max = opts.maxPerRule ?? 100;
    // The host alone: its own rules (bootmem, M2P, stream pages).
    this.take(validateSemantics({ host, domains: [] } as unknown as State, version, { maxPerRule: this.max }), 'host');
  }

  /** The rules that this validator does not run for `version`. */
  static notRun(version: Version): RuleInfo[] {
    return RULES.filter((r) => CROSS_DOMAIN_RULES.has(r.id) && r.versions.includes(version));
  }

  /** Checks the domain at position `index` of the stream. */
  domain(domain: State['domains'][number], index: number): void {
    const found = validateSemantics({ host: this.host, domains: [domain] } as unknown as State, this.version, { maxPerRule: this.max });
    this.take(found, `domains[${index}]`);
  }

  private take(found: readonly Finding[], at: string): void {
    for (const f of found) {
      if (CROSS_DOMAIN_RULES.has(f.rule)) continue;
      const left = f.path === '' ? LEFT_OUT.exec(f.message) : null;
      if (left) {
        this.counts.set(f.rule, (this.counts.get(f.rule) ?? 0) + Number(left[1]));
        continue;
      }
      // A domain's run also repeats the host's findings: those came from the host's run.
      if (at !== 'host' && !f.path.startsWith('domains[0]')) continue;
      const n = (this.counts.get(f.rule) ?? 0) + 1;
      this.counts.set(f.rule, n);
      if (n <= this.max) this.listed.push(at === 'host' ? f : { ...f, path: at + f.path.slice('domains[0]'.length) });
    }
  }

  /** Every finding so far, at most `maxPerRule` per rule, then how many each rule left out. */
  finish(): Finding[] {
    const out = [...this.listed];
    for (const [rule, n] of this.counts) {
      if (n > this.max) out.push({ rule, severity: RULES.find((r) => r.id === rule)!.severity, path: '', message: `${n - this.max} more findings of ${rule} not listed` });
    }
    return out;
  }
}
