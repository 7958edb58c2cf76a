/**
 * What a semantic rule is and what it reports. Rule ids are stable: tools, tests and users refer
 * to them; a rule is never renamed, and a retired id is never reused.
 */
import { SCHEMAS, VERSIONS, type Version } from '../schema/index.js';
import type { SchemaVersion } from '../schema/records.js';

export type Severity = 'error' | 'warning';

/**
 * What decides a rule's verdict, which says where the rule can run:
 * - host: the host alone (bootmem, M2P, stream pages);
 * - domain: one domain with the host (a rule of this scope may also check host values, which the
 *   host decides alone: host.mfn-range);
 * - cross-domain: several domains together (both ends of a channel, ownership across domains),
 *   which ask the indexes of cross-domain.ts, filled one domain at a time.
 */
export type RuleScope = 'host' | 'domain' | 'cross-domain';

export type RuleFamily = 'host' | 'domain' | 'vcpu' | 'evtchn' | 'grant' | 'mem' | 'ioreq' | 'passthrough' | 'tsc' | 'hvm';

export interface RuleInfo {
  /** Stable id, `<family>.<what>`. */
  readonly id: string;
  /** error: xen#2 cannot restore the state faithfully; warning: it can, but the value is ignored. */
  readonly severity: Severity;
  readonly family: RuleFamily;
  readonly scope: RuleScope;
  /** One line: what the rule checks. */
  readonly summary: string;
  /** Schema versions the rule applies to. */
  readonly versions: readonly Version[];
}

export interface Finding {
  readonly rule: string;
  readonly severity: Severity;
  /**
   * Where the offending value is, by identity where the list has one:
   * `domains[domid=7].event_channels[port=5].remote_port`, `host.bootmem[1]`.
   */
  readonly path: string;
  /** The same place by position, as a jq path into `xenlu decode`'s JSON: `.domains[2].event_channels[4].remote_port`. */
  readonly jq?: string;
  /** One line naming the values involved. */
  readonly message: string;
  /** The domain the finding is about, when there is one. */
  readonly domid?: number;
}

type RuleSpec = Omit<RuleInfo, 'family' | 'versions'> & { readonly versions?: readonly Version[] };

/** A family's rules, keyed by a short name for the checks to refer to. */
export function defineRules<const K extends string>(family: RuleFamily, specs: Record<K, RuleSpec>): Record<K, RuleInfo> {
  const out = {} as Record<K, RuleInfo>;
  for (const [k, s] of Object.entries(specs) as [K, RuleSpec][]) {
    if (!s.id.startsWith(`${family}.`)) throw new Error(`rule ${s.id} is not in family ${family}`);
    out[k] = { id: s.id, severity: s.severity, family, scope: s.scope, summary: s.summary, versions: s.versions ?? VERSIONS };
  }
  return out;
}

export interface ValidateOptions {
  /** Findings listed per rule before the rest are summarised in one finding (default 100). */
  readonly maxPerRule?: number;
}

/** The versions whose schema has what a rule is about: rules follow the schema, not a list. */
export function versionsWhere(has: (s: SchemaVersion) => boolean): readonly Version[] {
  return VERSIONS.filter((v) => has(SCHEMAS[v]));
}
/** Versions with the per-domain section `name`. */
export const withSection = (name: string) => versionsWhere((s) => name in s.sections);
/** Versions whose `section` record body (a list's entries for a list section) has the field `field`. */
export function withField(section: string, field: string): readonly Version[] {
  return versionsWhere((s) => {
    const sec = s.sections[section];
    if (!sec) return false;
    const body = sec.record.body.desc;
    const entries = sec.kind === 'list' ? body.fields['entries']?.node.desc : undefined;
    const struct = entries?.kind === 'list' && entries.item.desc.kind === 'struct' ? entries.item.desc : body;
    return field in struct.fields;
  });
}
