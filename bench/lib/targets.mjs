/**
 * The issue's targets, evaluated from one run's results. Speed ratios use the median process CPU
 * time per operation (see speed.mjs); each target lists its value per workload and is met only if
 * every workload meets it.
 */
import { IMPLS } from './speed.mjs';

export const MiB = 1 << 20;

/** The result row of `impl` doing `op` on workload `w`. */
export function rowOf(w, op, impl) {
  return w.rows.find((r) => r.op === op && r.impl === impl && r.cpu);
}

/** How many times faster xenlu is than `impl` at `op` on `w` (peer time / xenlu time). */
export function speedup(w, op, impl) {
  const x = rowOf(w, op, IMPLS.xenlu);
  const p = rowOf(w, op, impl);
  return x && p ? p.cpu.median / x.cpu.median : undefined;
}

const fmt = (x, d = 2) => (x === undefined ? 'n/a' : x.toFixed(d));

function perWorkload(results, f, target, cmp) {
  const values = results.workloads.map((w) => ({ name: w.name, v: f(w) })).filter((x) => x.v !== undefined);
  if (values.length === 0) return { value: 'not measured', met: undefined, values };
  return {
    value: values.map((x) => `${x.name} ${fmt(x.v)}x`).join(', '),
    met: values.every((x) => cmp(x.v, target)),
    worst: values.reduce((a, b) => (cmp(a.v, b.v) ? b : a)),
    values,
  };
}

export function evaluateTargets(results) {
  const ge = (v, t) => v >= t;
  const le = (v, t) => v <= t;
  const out = [];
  out.push({ id: 'decode-vs-json', text: 'decode + structural validation >= 2x faster than JSON.parse + zod parse', ...perWorkload(results, (w) => speedup(w, 'decode', IMPLS.json), 2, ge) });
  out.push({ id: 'decode-vs-msgpackr', text: 'decode + structural validation vs msgpackr unpack (no validation; report only)', ...perWorkload(results, (w) => speedup(w, 'decode', IMPLS.msgpackr), 0, () => true), met: undefined });
  out.push({ id: 'encode-vs-json', text: 'encode >= 2x faster than JSON.stringify', ...perWorkload(results, (w) => speedup(w, 'encode', IMPLS.json), 2, ge) });
  out.push({
    id: 'size-vs-json',
    text: 'stream size <= 0.6x the JSON size',
    ...perWorkload(results, (w) => (w.sizes.json ? w.sizes.xenlu / w.sizes.json : undefined), 0.6, le),
  });
  const stress = results.streaming.find((s) => s.bytes >= 512 * MiB);
  out.push({
    id: 'stream-rss',
    text: 'streaming validation of the 1 GiB dump: peak RSS < 256 MiB',
    value: stress ? `${fmt(stress.peakRssMiB, 0)} MiB (${stress.name})` : 'not measured',
    met: stress ? stress.peakRssMiB < 256 : undefined,
  });
  const big = results.streaming.filter((s) => s.bytes >= 9e6);
  const per = big.map((s) => s.cpuMsPerMB);
  const spread = per.length > 1 ? Math.max(...per) / Math.min(...per) - 1 : undefined;
  const marks = stress?.checkpoints ?? [];
  const within = marks.length > 1 ? `; within the one pass over ${stress.name}: ${marks.map((c) => `${fmt(c.cpuMsPerMB)}`).join(', ')} ms/MB at ${marks.map((c) => `${Math.round(c.bytes / 1e6)} MB`).join(', ')}` : '';
  out.push({
    id: 'stream-linear',
    text: 'streaming validation cost per MB within 20% from 10 MB to 1 GiB',
    value: per.length > 1 ? `${big.map((s) => `${s.name} ${fmt(s.cpuMsPerMB)} ms/MB`).join(', ')}: spread ${fmt(100 * spread, 0)}%${within}` : 'not measured',
    met: spread === undefined || !stress ? undefined : spread <= 0.2,
  });
  const host = results.diff.find((d) => d.name === 'host');
  const others = results.diff.filter((d) => d !== host);
  out.push({
    id: 'diff-rss',
    text: 'diff of two host dumps: peak RSS < 512 MiB',
    value: host
      ? `${fmt(host.peakRssMiB, 0)} MiB${others.length ? `; for reference, ${others.map((d) => `${d.name} pair ${fmt(d.peakRssMiB, 0)} MiB`).join(', ')}` : ''}`
      : 'not measured',
    met: host ? host.peakRssMiB < 512 : undefined,
  });
  return out;
}
