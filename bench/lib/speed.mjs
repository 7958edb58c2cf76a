/**
 * Time per operation of xenlu and its peers on one workload, with tinybench. Each group of tasks
 * (encode, decode, ...) runs in its own Bench and the data only it needs is dropped afterwards,
 * so the largest workload fits in memory. Every peer works on the same logical state.
 */
import { Bench } from 'tinybench';
import { encode as mpEncode, decode as mpDecode } from '@msgpack/msgpack';
import { pack as mprPack, unpack as mprUnpack } from 'msgpackr';
import { convert, decode, encode } from '@xenlu/format';
import { cStructSize } from './cstruct.mjs';
import { jsonStateZod } from './json-zod.mjs';

const MP_OPTIONS = { useBigInt64: true };

/** The impls measured per op; `xenlu` first, peers after, `Buffer copy` last (the bound). */
export const IMPLS = {
  xenlu: 'xenlu',
  json: 'JSON + zod',
  jsonOnly: 'JSON only',
  msgpack: '@msgpack/msgpack',
  msgpackr: 'msgpackr',
  copy: 'Buffer copy',
};

/** Median, median absolute deviation, min and max of samples (ms). */
export function stats(samples) {
  const xs = [...samples].sort((a, b) => a - b);
  const n = xs.length;
  if (n === 0) return undefined;
  const q = (p) => {
    const i = (n - 1) * p;
    const lo = Math.floor(i);
    return xs[lo] + (xs[Math.min(lo + 1, n - 1)] - xs[lo]) * (i - lo);
  };
  const median = q(0.5);
  const dev = xs.map((x) => Math.abs(x - median)).sort((a, b) => a - b);
  const m = (n - 1) / 2;
  const mad = (dev[Math.floor(m)] + dev[Math.ceil(m)]) / 2;
  return { median, mad, min: xs[0], max: xs[n - 1], p25: q(0.25), p75: q(0.75), samples: n };
}

/** The process CPU time (user + system, all threads: GC included) of each call, in ms. */
function cpuTime() {
  const c = process.cpuUsage();
  return (c.user + c.system) / 1000;
}

function summarize(task, cpuSamples, op, impl, bytes) {
  const r = task.result;
  if (!r || (r.state !== 'completed' && r.state !== 'aborted-with-statistics')) {
    const error = r && 'error' in r ? String(r.error?.message ?? r.error) : `task ${r?.state ?? 'not run'}`;
    return { op, impl, error };
  }
  const l = r.latency;
  const cpu = stats(cpuSamples);
  return {
    op,
    impl,
    bytes,
    cpu,
    wall: { median: l.p50, mad: l.mad, min: l.min, max: l.max, p75: l.p75, samples: l.samplesCount },
    mbPerS: bytes / (cpu.median / 1000) / 1e6,
  };
}

/**
 * Runs one group of tasks. tinybench times each call (wall clock); each call's process CPU time is
 * recorded too, because on a shared machine wall time mostly measures the neighbours.
 */
async function runGroup(settings, op, tasks) {
  const cpu = new Map(tasks.map((t) => [t.impl, []]));
  const bench = new Bench({
    ...settings,
    throws: false,
    // Warmup calls do not count.
    setup: (task, mode) => {
      if (mode === 'run') cpu.get(task.name).length = 0;
    },
  });
  for (const t of tasks) {
    const samples = cpu.get(t.impl);
    bench.add(t.impl, () => {
      const c0 = cpuTime();
      t.fn();
      samples.push(cpuTime() - c0);
    });
  }
  await bench.run();
  return bench.tasks.map((task, i) => summarize(task, cpu.get(tasks[i].impl), op, tasks[i].impl, tasks[i].bytes));
}

/** Edits a handful of places of a decoded copy, so the diff has something to report. */
function edited(state) {
  const b = structuredCloneState(state);
  const d = b.domains[b.domains.length - 1];
  d.tsc_info.incarnation += 1;
  if (d.vcpus[0]) d.vcpus[0].online = !d.vcpus[0].online;
  b.host.time.tsc += 1000n;
  return b;
}

function structuredCloneState(state) {
  return structuredClone(state);
}

/**
 * Measures one workload. `state` is the v3 state, `stateV1` the v1 state of the same profile,
 * `features` the optional pieces (toJson, validateSemantics, diffStates); `diff` runs the in-memory
 * diff (the large dumps are diffed streaming, in run.mjs).
 */
export async function measureSpeed({ state, stateV1, settings, features, diff = true, log = () => {} }) {
  const rows = [];
  const version = 3;
  const bytes = encode(state, version);
  const sizes = { xenlu: bytes.length, cstruct: cStructSize(state, version), domains: state.domains.length };

  // Encode and decode: xenlu and the binary peers.
  let mp = mpEncode(state, MP_OPTIONS);
  let mpr = mprPack(state);
  sizes.msgpack = mp.length;
  sizes.msgpackr = mpr.length;
  log('encode');
  rows.push(...(await runGroup(settings, 'encode', [
    { impl: IMPLS.xenlu, bytes: bytes.length, fn: () => encode(state, version) },
    { impl: IMPLS.msgpack, bytes: mp.length, fn: () => mpEncode(state, MP_OPTIONS) },
    { impl: IMPLS.msgpackr, bytes: mpr.length, fn: () => mprPack(state) },
    { impl: IMPLS.copy, bytes: bytes.length, fn: () => Buffer.from(bytes) },
  ])));
  log('decode');
  rows.push(...(await runGroup(settings, 'decode', [
    { impl: IMPLS.xenlu, bytes: bytes.length, fn: () => decode(bytes, { readerVersion: version }) },
    { impl: IMPLS.msgpack, bytes: mp.length, fn: () => mpDecode(mp, MP_OPTIONS) },
    { impl: IMPLS.msgpackr, bytes: mpr.length, fn: () => mprUnpack(mpr) },
    { impl: IMPLS.copy, bytes: bytes.length, fn: () => Buffer.from(bytes) },
  ])));
  mp = mpr = undefined;

  // The JSON peer: JSON.stringify of the JSON form, JSON.parse + zod parse of it.
  if (features.toJson) {
    let jsonForm = features.toJson(state, version);
    let text = JSON.stringify(jsonForm);
    sizes.json = Buffer.byteLength(text);
    const zod = jsonStateZod(version);
    const check = zod.safeParse(JSON.parse(text));
    if (!check.success) throw new Error(`the JSON peer's zod schema refuses the JSON form: ${check.error.issues[0]?.message} at ${check.error.issues[0]?.path.join('.')}`);
    log('json');
    rows.push(...(await runGroup(settings, 'encode', [
      { impl: IMPLS.json, bytes: sizes.json, fn: () => JSON.stringify(jsonForm) },
    ])));
    jsonForm = undefined;
    rows.push(...(await runGroup(settings, 'decode', [
      { impl: IMPLS.json, bytes: sizes.json, fn: () => zod.parse(JSON.parse(text)) },
      { impl: IMPLS.jsonOnly, bytes: sizes.json, fn: () => JSON.parse(text) },
    ])));
    text = undefined;
  }

  if (features.validateSemantics) {
    log('semantics');
    const findings = features.validateSemantics(state, version);
    sizes.findings = findings.length;
    rows.push(...(await runGroup(settings, 'semantic validation', [
      { impl: IMPLS.xenlu, bytes: bytes.length, fn: () => features.validateSemantics(state, version) },
    ])));
  }

  if (stateV1) {
    log('convert');
    const v1bytes = encode(stateV1, 1).length;
    sizes.xenluV1 = v1bytes;
    rows.push(...(await runGroup(settings, 'convert v1 -> v3', [
      { impl: IMPLS.xenlu, bytes: v1bytes, fn: () => convert(stateV1, 1, 3) },
    ])));
  }

  if (diff && features.diffStates) {
    log('diff');
    const other = edited(decode(bytes, { readerVersion: version }).state);
    const result = features.diffStates(state, version, other, version);
    sizes.diffEntries = result.entries.length;
    rows.push(...(await runGroup(settings, 'diff (in memory)', [
      { impl: IMPLS.xenlu, bytes: 2 * bytes.length, fn: () => features.diffStates(state, version, other, version) },
    ])));
  }
  return { sizes, rows };
}
