/**
 * The static compatibility check: compares schema versions, applies the allow-list and decides
 * whether the change set passes.
 */
import type { SchemaVersion } from '@xenlu/format';
import { type AllowEntry, type AllowList, EMPTY_ALLOW_LIST } from './allow-list.js';
import { compareHistory, compareSchemas } from './compare-schemas.js';
import type { RawFinding } from './compare-node.js';
import { type Breaks, type Severity, compatRule } from './rules.js';

export interface CompatFinding extends RawFinding {
  readonly severity: Severity;
  readonly breaks: Breaks;
  readonly from: number;
  readonly to: number;
  /** The allow-list entry that accepts this finding, if any. */
  readonly allowed?: AllowEntry;
}

export interface CompatReport {
  readonly pairs: readonly { readonly from: number; readonly to: number }[];
  readonly findings: readonly CompatFinding[];
  /** True when no error (and, in strict mode, no warning) is left without an allow-list entry. */
  readonly ok: boolean;
}

export interface CompatOptions {
  readonly allow?: AllowList;
  /** Warnings fail too, unless allowed. */
  readonly strict?: boolean;
}

/** Rules that only rename: an edited schema may do these without a new version number. */
const NAME_ONLY = new Set(['FIELD_RENAMED', 'ENUM_VALUE_RENAMED', 'ALLOW_ENTRY_UNUSED']);

function pairFindings(raw: readonly RawFinding[], from: number, to: number, allow: AllowList): CompatFinding[] {
  const findings = raw.map((f): CompatFinding => {
    const r = compatRule(f.rule);
    const allowed = allow.entries.find((e) => e.rule === f.rule && e.from === from && e.to === to && e.subject === f.subject);
    return { ...f, severity: r.severity, breaks: r.breaks, from, to, ...(allowed ? { allowed } : {}) };
  });
  if (from === to && findings.some((f) => !NAME_ONLY.has(f.rule))) {
    const subjects = [...new Set(findings.filter((f) => !NAME_ONLY.has(f.rule)).map((f) => f.subject))];
    const rule = compatRule('SCHEMA_CHANGED_WITHOUT_VERSION_BUMP');
    const allowed = allow.entries.find((e) => e.rule === rule.id && e.from === from && e.to === to);
    findings.push({
      rule: 'SCHEMA_CHANGED_WITHOUT_VERSION_BUMP',
      subject: `v${to}`,
      message: `version ${to} changes on the wire (${subjects.slice(0, 5).join(', ')}${subjects.length > 5 ? ', ...' : ''}) but keeps its number`,
      severity: rule.severity,
      breaks: rule.breaks,
      from,
      to,
      ...(allowed ? { allowed } : {}),
    });
  }
  return findings;
}

function finish(pairs: { from: number; to: number }[], findings: CompatFinding[], opts: CompatOptions): CompatReport {
  const allow = opts.allow ?? EMPTY_ALLOW_LIST;
  const used = new Set(findings.flatMap((f) => (f.allowed ? [f.allowed] : [])));
  for (const e of allow.entries) {
    if (used.has(e) || !pairs.some((p) => p.from === e.from && p.to === e.to)) continue;
    const r = compatRule('ALLOW_ENTRY_UNUSED');
    findings.push({
      rule: 'ALLOW_ENTRY_UNUSED',
      subject: e.subject,
      message: `allow-list entry ${e.rule} ${e.subject} (${e.from} -> ${e.to}) matches no finding`,
      severity: r.severity,
      breaks: r.breaks,
      from: e.from,
      to: e.to,
    });
  }
  const failing = (f: CompatFinding) => !f.allowed && (f.severity === 'error' || (opts.strict === true && f.severity === 'warning'));
  return { pairs, findings, ok: !findings.some(failing) };
}

/** Compares `next` against `prev`: an adjacent newer version, or an edited copy of the same one. */
export function checkCompat(prev: SchemaVersion, next: SchemaVersion, opts: CompatOptions = {}): CompatReport {
  const allow = opts.allow ?? EMPTY_ALLOW_LIST;
  const pair = { from: prev.version, to: next.version };
  return finish([pair], pairFindings(compareSchemas(prev, next), pair.from, pair.to, allow), opts);
}

/**
 * Checks a release history (ascending versions): every adjacent pair, plus record type numbers
 * reused from any earlier version.
 */
export function checkSchemaHistory(versions: readonly SchemaVersion[], opts: CompatOptions = {}): CompatReport {
  const allow = opts.allow ?? EMPTY_ALLOW_LIST;
  const pairs: { from: number; to: number }[] = [];
  const findings: CompatFinding[] = [];
  for (let i = 1; i < versions.length; i++) {
    const prev = versions[i - 1]!;
    const next = versions[i]!;
    const raw = [...compareSchemas(prev, next), ...compareHistory(versions.slice(0, i - 1), next)];
    pairs.push({ from: prev.version, to: next.version });
    findings.push(...pairFindings(raw, prev.version, next.version, allow));
  }
  return finish(pairs, findings, opts);
}
