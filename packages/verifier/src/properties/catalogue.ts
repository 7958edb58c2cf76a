/**
 * Every property, for every schema version and every pair of versions.
 */
import { VERSIONS, type Version } from '@xenlu/format';
import { preservationProperty, rollbackProperty, upgradeProperty } from './cross-version.js';
import { framingProperty } from './framing.js';
import { migrationProperties } from './migration.js';
import { negativeProperties } from './negative.js';
import type { Family, PropertyDef } from './property.js';
import { sameVersionProperties } from './same-version.js';
import { diffUnknownProperty, rootUnknownProperty } from './unknown-records.js';

export function versionPairs(versions: readonly Version[] = VERSIONS): [Version, Version][] {
  const out: [Version, Version][] = [];
  for (const lo of versions) for (const hi of versions) if (lo < hi) out.push([lo, hi]);
  return out;
}

let cached: PropertyDef[] | undefined;

/** All properties, in a stable order (the runner's seeds and reports follow it). */
export function allProperties(): readonly PropertyDef[] {
  if (cached) return cached;
  const out: PropertyDef[] = [];
  for (const v of VERSIONS) out.push(...sameVersionProperties(v), framingProperty(v), rootUnknownProperty(v), diffUnknownProperty(v));
  for (const [lo, hi] of versionPairs()) {
    out.push(upgradeProperty(lo, hi), rollbackProperty(hi, lo), preservationProperty(hi, lo), ...migrationProperties(lo, hi));
  }
  for (const v of VERSIONS) out.push(...negativeProperties(v));
  cached = out;
  return out;
}

export interface PropertyFilter {
  /** Ids or prefixes (`roundtrip.`, `rollback@v3>v1`); a trailing `*` matches any suffix. */
  readonly only?: readonly string[];
  readonly families?: readonly Family[];
}

function matches(id: string, pattern: string): boolean {
  return pattern.endsWith('*') ? id.startsWith(pattern.slice(0, -1)) : id === pattern || id.startsWith(`${pattern}.`) || id.startsWith(`${pattern}@`);
}

export function selectProperties(filter: PropertyFilter = {}): PropertyDef[] {
  return allProperties().filter(
    (p) => (!filter.only?.length || filter.only.some((o) => matches(p.id, o))) && (!filter.families?.length || filter.families.includes(p.family)),
  );
}

export function propertyById(id: string): PropertyDef | undefined {
  return allProperties().find((p) => p.id === id);
}
