/**
 * The report's data: what the page draws, as plain JSON (u64 as decimal strings, as everywhere in
 * the CLI's JSON). Embedded in the HTML as `<script type="application/json" id="xenlu-report-data">`
 * and printed by `xenlu report --json`.
 */
import type { DiffCounts, DiffEntry, Finding } from '../lib.js';
import { shortValue } from '../output.js';
import type { FileReport } from '../commands/validate-file.js';
import { P2M_KINDS } from './memory-map.js';
import type { Scan } from './scan.js';

/** Diff entries listed in the page; the counts cover them all. */
export const DIFF_LISTED = 2000;

export interface DiffSummary {
  readonly versionA: number;
  readonly versionB: number;
  readonly comparedAs: number;
  readonly same: boolean;
  readonly counts: DiffCounts;
  readonly entries: readonly DiffEntry[];
}

const ownerKey = (o: { kind: string; domid?: number }) => (o.kind === 'domain' ? `d${o.domid}` : o.kind);

function entryDetail(e: DiffEntry): string {
  switch (e.kind) {
    case 'changed':
      return `${shortValue(e.a, 60)} -> ${shortValue(e.b, 60)}`;
    case 'added':
      return shortValue(e.b, 120);
    case 'removed':
      return shortValue(e.a, 120);
    case 'inexpressible':
      return e.note ?? '';
  }
}

function dumpDocument(s: Scan, v: FileReport) {
  const findings: readonly Finding[] = v.findings;
  return {
    file: s.file,
    size: s.size,
    schemaVersion: s.schemaVersion,
    producer: s.producer ?? null,
    totalPages: s.totalPages.toString(),
    records: s.records,
    validation: {
      status: v.status,
      errors: findings.filter((f) => f.severity === 'error').length,
      warnings: findings.filter((f) => f.severity !== 'error').length,
      ...(v.streamed !== undefined ? { streamed: v.streamed, note: v.semanticsSkipped ?? '' } : {}),
    },
    map: {
      nbins: s.map.nbins,
      binSize: s.map.binSize,
      totalPages: s.map.totalPages,
      owners: s.map.owners.map((o) => ({ kind: o.kind, label: o.label, ...(o.domid !== undefined ? { domid: o.domid } : {}), frames: o.frames.toString(), outside: o.outside.toString() })),
      bins: s.map.packed(),
    },
    domains: s.domains.map((d) => ({
      domid: d.domid, index: d.index, owner: d.owner, type: d.type, state: d.state, vcpus: d.vcpus, eventChannels: d.eventChannels,
      p2mRuns: d.p2mRuns, p2m: Object.fromEntries(P2M_KINDS.map((k) => [k, d.p2m[k].toString()])), records: d.records, bytes: d.bytes,
      ownedFrames: s.map.owners[d.owner]!.frames.toString(),
    })),
    recordTypes: s.recordTypes.map((t) => ({ ...t })),
    findings: findings.map((f, i) => ({
      rule: f.rule, severity: f.severity, path: f.path, message: f.message, ...(f.domid !== undefined ? { domid: f.domid } : {}), ranges: s.links[i]!.ranges,
    })),
  };
}

/** Frames per bin whose owner differs between A and B (at bin resolution: what each owner lost). */
function ownerChanges(a: Scan, b: Scan): number[][] {
  const out: number[][] = [];
  for (let bin = 0; bin < a.map.nbins; bin++) {
    const after = new Map<string, number>();
    for (const [o, n] of b.map.bin(bin)) after.set(ownerKey(b.map.owners[o]!), n);
    let changed = 0;
    for (const [o, n] of a.map.bin(bin)) changed += Math.max(0, n - (after.get(ownerKey(a.map.owners[o]!)) ?? 0));
    // Frames taken from free memory count too.
    const usedA = [...a.map.bin(bin).values()].reduce((x, y) => x + y, 0);
    const usedB = [...after.values()].reduce((x, y) => x + y, 0);
    changed += Math.max(0, usedB - usedA);
    if (changed > 0) out.push([bin, changed]);
  }
  return out;
}

export function reportDocument(scans: readonly Scan[], validations: readonly FileReport[], diff?: DiffSummary) {
  const changed = diff && scans.length === 2 ? ownerChanges(scans[0]!, scans[1]!) : undefined;
  return {
    tool: 'xenlu report',
    dumps: scans.map((s, i) => dumpDocument(s, validations[i]!)),
    ...(diff
      ? {
          diff: {
            versionA: diff.versionA, versionB: diff.versionB, comparedAs: diff.comparedAs, same: diff.same, counts: diff.counts,
            differences: diff.counts.added + diff.counts.removed + diff.counts.changed,
            entries: diff.entries.map((e) => ({ kind: e.kind, path: e.path, ...(e.domid !== undefined ? { domid: e.domid } : {}), detail: entryDetail(e) })),
            ownerChangedFrames: changed!.reduce((n, [, c]) => n + c!, 0),
            ownerChangedBins: changed!,
          },
        }
      : {}),
  };
}

export type ReportDocument = ReturnType<typeof reportDocument>;
