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

/** A handful of edits to a (decoded, so unshared) copy, so the diff has something to report. */
function edited(b) {
  const d = b.domains[b.domains.length - 1];
  d.tsc_info.incarnation += 1;
  if (d.vcpus[0]) d.vcpus[0].online = !d.vcpus[0].online;
  b.host.time.tsc += 1000n;
  return b;
}

/**
 * Measures one workload. `state` is the v3 state, `makeV1()` builds the v1 state of the same
 * workload (the source of the convert), `features` the optional pieces (toJson,
 * validateSemantics, diffStates); `diff` runs the in-memory diff (the large dumps are diffed
 * streaming, in run.mjs). Each implementation is measured while the process holds only the state
 * and that implementation's own data: everything else live would enlarge the heap that every
 * collection triggered by the measured code has to walk.
 */
export async function measureSpeed({ state, makeV1, settings, features, diff = true, log = () => {} }) {
  const rows = [];
  const version = 3;
  const bytes = encode(state, version);
  const sizes = { xenlu: bytes.length, cstruct: cStructSize(state, version), domains: state.domains.length };
  const measure = async (op, tasks) => rows.push(...(await runGroup(settings, op, tasks)));

  log('xenlu');
  await measure('encode', [
    { impl: IMPLS.xenlu, bytes: bytes.length, fn: () => encode(state, version) },
    { impl: IMPLS.copy, bytes: bytes.length, fn: () => Buffer.from(bytes) },
  ]);
  await measure('decode', [
    { impl: IMPLS.xenlu, bytes: bytes.length, fn: () => decode(bytes, { readerVersion: version }) },
    { impl: IMPLS.copy, bytes: bytes.length, fn: () => Buffer.from(bytes) },
  ]);

  // The MessagePack peers: generic, no schema.
  log('@msgpack/msgpack');
  let mp = mpEncode(state, MP_OPTIONS);
  sizes.msgpack = mp.length;
  await measure('encode', [{ impl: IMPLS.msgpack, bytes: mp.length, fn: () => mpEncode(state, MP_OPTIONS) }]);
  await measure('decode', [{ impl: IMPLS.msgpack, bytes: mp.length, fn: () => mpDecode(mp, MP_OPTIONS) }]);
  mp = undefined;
  log('msgpackr');
  let mpr = mprPack(state);
  sizes.msgpackr = mpr.length;
  await measure('encode', [{ impl: IMPLS.msgpackr, bytes: mpr.length, fn: () => mprPack(state) }]);
  await measure('decode', [{ impl: IMPLS.msgpackr, bytes: mpr.length, fn: () => mprUnpack(mpr) }]);
  mpr = undefined;

  // The JSON peer: JSON.stringify of the JSON form, JSON.parse + zod parse of it (zod.parse
  // throws if it refused the JSON form, and the row says so).
  if (features.toJson) {
    log('json');
    let jsonForm = features.toJson(state, version);
    let text = JSON.stringify(jsonForm);
    sizes.json = Buffer.byteLength(text);
    await measure('encode', [{ impl: IMPLS.json, bytes: sizes.json, fn: () => JSON.stringify(jsonForm) }]);
    jsonForm = undefined;
    const zod = jsonStateZod(version);
    await measure('decode', [
      { impl: IMPLS.json, bytes: sizes.json, fn: () => zod.parse(JSON.parse(text)) },
      { impl: IMPLS.jsonOnly, bytes: sizes.json, fn: () => JSON.parse(text) },
    ]);
    text = undefined;
  }

  if (features.validateSemantics) {
    log('semantics');
    sizes.findings = features.validateSemantics(state, version).length;
    await measure('semantic validation', [
      { impl: IMPLS.xenlu, bytes: bytes.length, fn: () => features.validateSemantics(state, version) },
    ]);
  }

  if (features.validateDump) {
    log('validate');
    await measure('validate (bytes)', [
      { impl: IMPLS.xenlu, bytes: bytes.length, fn: () => features.validateDump(bytes, { readerVersion: version }) },
    ]);
  }

  if (makeV1) {
    log('convert');
    const stateV1 = makeV1();
    const v1bytes = encode(stateV1, 1).length;
    sizes.xenluV1 = v1bytes;
    await measure('convert v1 -> v3', [{ impl: IMPLS.xenlu, bytes: v1bytes, fn: () => convert(stateV1, 1, 3) }]);
  }

  if (diff && features.diffStates) {
    log('diff');
    const other = edited(decode(bytes, { readerVersion: version }).state);
    sizes.diffEntries = features.diffStates(state, version, other, version).entries.length;
    await measure('diff (in memory)', [
      { impl: IMPLS.xenlu, bytes: 2 * bytes.length, fn: () => features.diffStates(state, version, other, version) },
    ]);
  }
  return { sizes, rows };
}
