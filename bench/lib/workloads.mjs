/**
 * The workloads: states of several sizes, from the verifier's generator (so the bench and
 * `xenlu gen` agree) up to fragmented hosts built by `fragmented.mjs`. Each is built in both the
 * schema version it is measured in (v3, the latest) and v1 (the source of the v1 -> v3 convert).
 */
import { buildState, planForSize } from './fragmented.mjs';

export const MB = 1e6;
export const MiB = 1 << 20;

/**
 * The fragmented in-memory workload is the largest whose JSON form still fits in one V8 string
 * (2^29 - 24 characters in Node 20): its JSON is ~6.4x the stream, so ~80 MB rather than 100.
 */
export const FRAGMENTED_BYTES = 80 * MB;

/** Per-workload tinybench settings: small states get a time budget, large ones a fixed count. */
// Small and medium states warm up for a second and at least a thousand calls: V8 optimises a
// function after some hundreds of calls, and the functions an encode or decode calls once per
// state (header, host, END) need a thousand or more to get there; samples taken before would time
// the interpreter, not the code.
const FAST = { time: 400, iterations: 10, warmup: true, warmupIterations: 1000, warmupTime: 1000 };
const MEDIUM = { time: 1500, iterations: 8, warmup: true, warmupIterations: 1000, warmupTime: 1000 };
const LARGE = { time: 0, iterations: 2, warmup: false };
const QUICK = { time: 50, iterations: 2, warmup: true, warmupIterations: 1, warmupTime: 20 };

function generated(profile, domains) {
  return (features, version) => {
    if (!features.generateState) throw new Error('the verifier (generateState) is not built');
    return features.generateState(version, { seed: 1, profile, ...(domains ? { domains } : {}) });
  };
}

function fragmented(bytes) {
  return (_features, version) => buildState(planForSize(version, bytes));
}

export const WORKLOADS = [
  { name: 'tiny', about: 'generator profile `tiny`, 1 domain, seed 1', make: generated('tiny', 1), bench: FAST, diff: true },
  { name: 'small', about: 'generator profile `small`, 5 domains, seed 1', make: generated('small', 5), bench: FAST, diff: true },
  { name: 'host', about: 'generator profile `host`: dom0 + 100 guests, seed 1', make: generated('host'), bench: MEDIUM, diff: true },
  { name: 'frag-10MB', about: 'fragmented host, ~10 MB: guests of 4 KiB P2M entries and page ranges', make: fragmented(10 * MB), bench: { ...LARGE, iterations: 3 } },
  { name: 'fragmented', about: 'fragmented host, ~80 MB (the largest whose JSON form fits in a V8 string)', make: fragmented(FRAGMENTED_BYTES), bench: LARGE },
];

/** The quick (CI smoke) run: a tiny state, a host and a 1 MB fragmented one, short budgets. */
export const QUICK_WORKLOADS = [
  { ...WORKLOADS[0], bench: QUICK },
  { ...WORKLOADS[2], bench: QUICK },
  { name: 'frag-1MB', about: 'fragmented host, ~1 MB', make: fragmented(1 * MB), bench: QUICK },
];

export function workloadByName(name, quick) {
  const w = (quick ? QUICK_WORKLOADS : WORKLOADS).find((x) => x.name === name);
  if (!w) throw new Error(`no workload ${name}`);
  return w;
}
