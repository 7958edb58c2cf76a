/**
 * What a trip through another schema version may change, and how the result is compared.
 * Derived from the two schemas: a field the other version does not write (absent or retired)
 * comes back as its default; a section the other version has no record for comes back empty; a
 * section carried by a *different record type* in the other version was translated, and is
 * compared by the equivalence that translation documents (for the P2M: same GFN -> MFN, type and
 * access for every frame, however the runs are split).
 */
import type { Desc, Node, SchemaVersion, Section, State, StructDesc } from '@xenlu/format';
import { type Difference, firstDifference } from './equality.js';

interface P2mRun {
  gfn: bigint;
  mfn: bigint;
  count: bigint;
  type: string;
  access: string;
}

function runOf(e: Record<string, unknown>): P2mRun {
  const count = typeof e['count'] === 'bigint' ? e['count'] : 1n << BigInt(Number(e['order']));
  return { gfn: e['gfn'] as bigint, mfn: e['mfn'] as bigint, count, type: String(e['type']), access: String(e['access']) };
}

/** Maximal runs: sorted by GFN, neighbours merged when they continue each other in both spaces. */
function maximalRuns(entries: readonly unknown[]): P2mRun[] {
  const runs = entries.map((e) => runOf(e as Record<string, unknown>)).sort((a, b) => (a.gfn < b.gfn ? -1 : a.gfn > b.gfn ? 1 : 0));
  const out: P2mRun[] = [];
  for (const r of runs) {
    const last = out[out.length - 1];
    if (last && last.type === r.type && last.access === r.access && last.gfn + last.count === r.gfn && last.mfn + last.count === r.mfn) {
      last.count += r.count;
    } else {
      out.push({ ...r });
    }
  }
  return out;
}

/** The documented P2M equivalence: every GFN maps to the same MFN, type and access. */
export function p2mRunsEquivalent(a: readonly unknown[], b: readonly unknown[]): Difference | undefined {
  const ra = maximalRuns(a);
  const rb = maximalRuns(b);
  const n = Math.max(ra.length, rb.length);
  for (let i = 0; i < n; i++) {
    const x = ra[i];
    const y = rb[i];
    if (!x || !y || x.gfn !== y.gfn || x.mfn !== y.mfn || x.count !== y.count || x.type !== y.type || x.access !== y.access) {
      const text = (r: P2mRun | undefined) => (r ? `gfn ${r.gfn} -> mfn ${r.mfn} x${r.count} ${r.type}/${r.access}` : '(none)');
      return { path: `p2m run ${i}`, left: text(x), right: text(y) };
    }
  }
  return undefined;
}

function liveNumbers(s: StructDesc): Map<number, string> {
  return new Map(Object.entries(s.fields).map(([name, f]) => [f.no, name]));
}

function structIn(d: Desc): StructDesc | undefined {
  if (d.kind === 'struct') return d;
  if (d.kind === 'list' || d.kind === 'opt') return structIn(d.item.desc);
  return undefined;
}

function projectNode(value: unknown, from: Node, via: Node): unknown {
  const fs = structIn(from.desc);
  const vs = structIn(via.desc);
  if (!fs || !vs || value === null || value === undefined) return value;
  if (Array.isArray(value)) return value.map((v) => projectNode(v, from.desc.kind === 'list' ? from.desc.item : from, via.desc.kind === 'list' ? via.desc.item : via));
  if (from.desc.kind === 'opt' && via.desc.kind === 'opt') return projectNode(value, from.desc.item, via.desc.item);
  return projectStruct(value as Record<string, unknown>, fs, vs);
}

/** `value` (a struct of `from`) after a trip through `via`'s version of the struct. */
export function projectStruct(value: Readonly<Record<string, unknown>>, from: StructDesc, via: StructDesc): Record<string, unknown> {
  const live = liveNumbers(via);
  const out: Record<string, unknown> = {};
  for (const [name, f] of Object.entries(from.fields)) {
    const viaName = live.get(f.no);
    const viaField = viaName === undefined ? undefined : via.fields[viaName];
    if (!viaField) out[name] = f.default !== undefined ? f.default : value[name];
    else out[name] = projectNode(value[name], f.node, viaField.node);
  }
  return out;
}

function emptyOf(section: Section): unknown {
  return section.kind === 'optional' ? null : [];
}

/** Section keys whose record type differs between the versions: compared by equivalence. */
export function translatedSections(a: SchemaVersion, b: SchemaVersion): Set<string> {
  const out = new Set<string>();
  for (const [key, s] of Object.entries(a.sections)) {
    const t = b.sections[key];
    if (t && t.record.type !== s.record.type) out.add(key);
  }
  return out;
}

/**
 * What `state` (of schema `from`) should look like after going to `via` and back, when both
 * migrations succeed. Translated sections are left as they are (compare them by equivalence).
 */
export function expectedRoundTrip(state: State, from: SchemaVersion, via: SchemaVersion): State {
  const translated = translatedSections(from, via);
  const host = projectStruct(state.host as Record<string, unknown>, from.host.body.desc, via.host.body.desc);
  const domains = (state.domains as readonly Record<string, unknown>[]).map((d) => {
    const out: Record<string, unknown> = {};
    for (const [key, section] of Object.entries(from.sections)) {
      const viaSection = via.sections[key];
      const value = d[key];
      if (!viaSection) out[key] = emptyOf(section);
      else if (translated.has(key)) out[key] = value;
      else out[key] = projectNode(value, sectionNode(section), sectionNode(viaSection));
    }
    return out;
  });
  return { host, domains } as unknown as State;
}

/** The node of one element of a section as it appears in the state. */
function sectionNode(section: Section): Node {
  const body = section.record.body;
  if (section.kind !== 'list') return body;
  const entries = body.desc.fields['entries']?.node;
  if (!entries) throw new Error(`list section ${section.record.name} without entries`);
  return entries;
}

type Equivalence = (a: readonly unknown[], b: readonly unknown[]) => Difference | undefined;

/** The equivalence each translation documents, by section key (FORMAT.md section 8). */
const SECTION_EQUIVALENCE: Readonly<Record<string, Equivalence>> = { p2m: p2mRunsEquivalent };

/**
 * The first difference between two states of `schema`, comparing the `equivalent` sections by
 * their documented equivalence (exactly, when none is documented) and everything else exactly.
 */
export function differenceUpTo(actual: State, expected: State, equivalent: ReadonlySet<string>): Difference | undefined {
  const a = actual as unknown as { host: unknown; domains: Record<string, unknown>[] };
  const e = expected as unknown as { host: unknown; domains: Record<string, unknown>[] };
  const host = firstDifference(a.host, e.host, 'host');
  if (host) return host;
  if (a.domains.length !== e.domains.length) return { path: 'domains.length', left: String(a.domains.length), right: String(e.domains.length) };
  for (let i = 0; i < a.domains.length; i++) {
    const da = a.domains[i]!;
    const de = e.domains[i]!;
    const keys = new Set([...Object.keys(da), ...Object.keys(de)]);
    for (const key of keys) {
      const path = `domains[${i}].${key}`;
      const eq = equivalent.has(key) ? SECTION_EQUIVALENCE[key] : undefined;
      if (eq) {
        const d = eq(da[key] as unknown[], de[key] as unknown[]);
        if (d) return { ...d, path: `${path}: ${d.path}` };
        continue;
      }
      const d = firstDifference(da[key], de[key], path);
      if (d) return d;
    }
  }
  return undefined;
}
