/** bench/RESULTS.md from one run's results (run.mjs). */
import { IMPLS, stats } from './speed.mjs';
import { rowOf } from './targets.mjs';
import { fmtBytes } from './svg.mjs';

const IMPL_ORDER = [IMPLS.xenlu, IMPLS.json, IMPLS.jsonOnly, IMPLS.msgpack, IMPLS.msgpackr, IMPLS.copy];
const OPS = ['encode', 'decode', 'semantic validation', 'validate (bytes)', 'convert v1 -> v3', 'diff (in memory)'];
const ABOUT_OP = {
  encode: 'typed state -> bytes. xenlu: `encode(state, 3)` (checks every value against the schema while writing); JSON: `JSON.stringify` of the JSON form (prepared beforehand, so the peer does not pay for `toJson`); MessagePack peers: generic encode of the typed state (maps with string keys, bigint as int64); Buffer copy: `Buffer.from` of the xenlu bytes.',
  decode: 'bytes -> typed state, validated. xenlu: `decode(bytes)` (framing, CRC chain, every field checked: ranges, enums, lengths, record order); JSON + zod: `JSON.parse` then `parse` with a zod schema of the JSON form (derived from the same descriptors: same ranges, enums, lengths; u64 and blobs stay strings, which favours the peer); JSON only: `JSON.parse` alone, no validation; MessagePack peers: generic decode, no validation; Buffer copy: the memory bandwidth bound.',
  'semantic validation': '`validateSemantics(state, 3)`: every cross-record invariant of the state model, on a decoded state (PAGES and P2M as objects).',
  'validate (bytes)': '`validateDump(bytes)`: what `xenlu validate` runs: decode one domain at a time, PAGES and P2M straight into typed columns, and every rule; no whole state is built.',
  'convert v1 -> v3': '`convert(stateV1, 1, 3)` on the v1 state of the same workload (MB/s of the v1 stream).',
  'diff (in memory)': '`diffStates(a, 3, b, 3)` of the state and a decoded copy with a few edits (MB/s of both streams).',
};

const n = (x, d = 2) => (x === undefined || x === null || Number.isNaN(x) ? 'n/a' : Number(x).toFixed(d));
const ms = (x) => (x === undefined || x === null ? 'n/a' : x >= 100 ? x.toFixed(0) : x >= 1 ? x.toFixed(2) : x.toPrecision(3));
const mib = (x) => (x === undefined || x === null ? 'n/a' : `${x.toFixed(0)} MiB`);
const ratio = (x) => (x === undefined ? 'n/a' : x >= 10 ? `${x.toFixed(0)}x` : `${x.toFixed(2)}x`);
const gateMark = (t) => (!t.gate ? 'no' : t.beyondMargin === true ? '**FAILED**' : 'yes');
const mark = (met) => (met === true ? 'met' : met === false ? '**missed**' : '-');

function table(head, rows) {
  const line = (cells) => `| ${cells.join(' | ')} |`;
  return [line(head), line(head.map(() => '---')), ...rows.map(line)].join('\n');
}

function machine(m) {
  return table(['', ''], [
    ['date', m.date],
    ['mode', m.quick ? 'quick (the CI run)' : 'full'],
    ['Node / V8', `${m.node} / ${m.v8}`],
    ['platform', m.platform],
    ['CPU', `${m.cpus.model} (${m.cpus.count} logical CPUs)`],
    ['page fault (touching a fresh 4 KiB page)', m.machine ? `${(m.machine.pageFaultNs / 1000).toFixed(2)} µs` : 'n/a'],
    ['memcpy bandwidth (64 MiB `Buffer.copy`)', m.machine ? `${m.machine.memcpyGBps.toFixed(2)} GB/s` : 'n/a'],
    ['file read from the page cache (system time per GiB), into a buffer at its start / half a page in', m.machine?.fileReadMsPerGiB ? `${m.machine.fileReadMsPerGiB.bufferStart} ms / ${m.machine.fileReadMsPerGiB.halfPageIn} ms` : 'n/a'],
    ['memory', `${m.memoryGiB} GiB`],
    ['load average (1, 5, 15 min) at start / end', `${m.loadavgStart.join(', ')} / ${m.loadavgEnd?.join(', ')}`],
    ['commit', m.commit],
    ['duration', `${m.durationS} s`],
  ]);
}

function sizes(results) {
  return table(
    ['workload', 'domains', 'xenlu', 'JSON', 'xenlu / JSON', '@msgpack/msgpack', 'msgpackr', 'C structs', 'xenlu / C structs'],
    results.workloads.map((w) => {
      const s = w.sizes;
      return [w.name, s.domains, fmtBytes(s.xenlu), s.json ? fmtBytes(s.json) : 'n/a', s.json ? n(s.xenlu / s.json) : 'n/a',
        fmtBytes(s.msgpack), fmtBytes(s.msgpackr), fmtBytes(s.cstruct), n(s.xenlu / s.cstruct)];
    }),
  );
}

function opTable(results, op) {
  const rows = [];
  for (const w of results.workloads) {
    const x = rowOf(w, op, IMPLS.xenlu);
    const rank = (impl) => (IMPL_ORDER.indexOf(impl) + 1 || 99);
    for (const r of w.rows.filter((q) => q.op === op).sort((a, b) => rank(a.impl) - rank(b.impl))) {
      if (r.error) {
        rows.push([w.name, r.impl, `error: ${r.error}`, '', '', '', '', '']);
        continue;
      }
      const vs = x && r !== x ? ratio(r.cpu.median / x.cpu.median) : '';
      rows.push([w.name, r.impl, ms(r.cpu.median), `${n((100 * r.cpu.mad) / r.cpu.median, 0)}%`, `${ms(r.cpu.min)}-${ms(r.cpu.max)}`,
        ms(r.wall.median), n(r.mbPerS, 1), vs, r.cpu.samples]);
    }
  }
  if (rows.length === 0) return '_not measured in this run_';
  return table(['workload', 'implementation', 'median ms (CPU)', 'MAD', 'min-max ms', 'median ms (wall)', 'MB/s', 'peer time / xenlu time', 'samples'], rows);
}

function streaming(results) {
  const s = table(['dump', 'size', 'records', 'CPU ms', 'wall ms', 'CPU ms / MB', 'cold CPU ms / MB', 'MB/s (wall)', 'peak RSS', 'RSS / MB'],
    results.streaming.map((x) => [x.name, fmtBytes(x.bytes), x.records, ms(x.cpuMs), ms(x.ms), n(x.cpuMsPerMB), n(x.coldCpuMsPerMB), n(x.mbPerS, 1),
      `${mib(x.peakRssMiB)} (${x.rssFrom})`, `${n(x.peakRssMiB / (x.bytes / 2 ** 20), 2)}`]));
  const d = table(['dump', 'size', 'CPU ms', 'wall ms', 'CPU ms / MB', 'peak RSS', 'RSS / MB'],
    results.inMemory.map((x) => [x.name, fmtBytes(x.bytes), ms(x.cpuMs), ms(x.ms), n(x.cpuMsPerMB), mib(x.peakRssMiB), n(x.peakRssMiB / (x.bytes / 2 ** 20), 2)]));
  return { s, d };
}

function summary(results) {
  const t = Object.fromEntries(results.targets.map((x) => [x.id, x]));
  const lines = [];
  const say = (id, what) => {
    const x = t[id];
    if (x && x.value !== 'not measured') lines.push(`- ${what}: ${x.value} (${mark(x.met)}).`);
  };
  say('decode-vs-json', 'Decode + structural validation, times faster than JSON.parse + zod');
  say('decode-vs-msgpackr', 'Decode + validation against msgpackr unpack without validation (above 1 = xenlu faster)');
  say('encode-vs-json', 'Encode, times faster than JSON.stringify');
  say('size-vs-json', 'Stream size over JSON size');
  say('stream-rss', 'Peak RSS of the streaming validation of the 1 GiB dump');
  say('stream-linear', 'Streaming validation, CPU ms per MB');
  say('diff-rss', 'Peak RSS of the streaming diff');
  say('structure-vs-walk', '`validate --structure-only` MB/s over the header-walk + CRC loop\'s');
  say('full-vs-structure', 'Full `validate` time over `--structure-only`\'s');
  say('semantic-frag-vs-host', 'Semantic validation ms/MB, fragmented over host states');
  say('diff-vs-validate', '`diff` of a pair over `validate` of both');
  say('startup', 'CLI start-up above `node -e 0` (CPU)');
  if (results.verifier?.scaling) {
    const { oneWorker: a, pool: b } = results.verifier.scaling;
    lines.push(`- Verifier: ${n(a.perSecond, 1)} property runs/s with 1 worker, ${n(b.perSecond, 1)} with ${b.workers} workers (${ratio(b.perSecond / a.perSecond)}).`);
  }
  return lines.join('\n');
}

const PROCESS_ROWS = {
  startup: { node: '`node -e 0`', xenlu: '`xenlu validate`' },
  structure: { walk: 'header walk + CRC (`header-walk.mjs`)', structure: '`xenlu validate --structure-only`', full: '`xenlu validate`' },
  diff: { diff: '`xenlu diff A B`', validateBoth: '`xenlu validate A B`' },
};

function processTable(p) {
  const rows = [];
  for (const [part, commands] of Object.entries(PROCESS_ROWS)) {
    const m = p[part];
    if (!m) continue;
    for (const [k, label] of Object.entries(commands)) {
      const runs = m.runs[k];
      const med = (key) => stats(runs.map((r) => r[key])).median;
      rows.push([m.name, label, ms(med('cpuMs')), ms(med('ms')), m.bytes ? n(m.bytes / 1e6 / (med('cpuMs') / 1000), 1) : '', mib(med('maxRssMiB')), runs.length]);
    }
  }
  if (rows.length === 0) return '_not measured in this run_';
  return table(['dump', 'command', 'median CPU ms', 'median wall ms', 'MB/s (CPU)', 'median peak RSS', 'rounds'], rows);
}

/** `c`: bench/c-results.json of interop/c/bench.mjs, undefined when it has not been run. */
export function renderMarkdown(results, { svg, c }) {
  const m = results.meta;
  const out = [];
  out.push('# xenlu benchmark results');
  out.push('');
  out.push(`Generated by \`${m.quick ? 'pnpm bench --quick' : 'pnpm bench'}\` (bench/run.mjs); do not edit by hand: rerun it. Raw figures: \`${m.quick ? 'bench/out/results-quick.json' : 'bench/results.json'}\`.`);
  out.push('');
  if (m.quick) {
    out.push('> Quick mode is the CI run: its time budgets are too short for the JIT to reach steady state and its dumps are small, so its speed figures are not comparable with a full run\'s; its gates (see Targets) catch regressions.');
    out.push('');
  }
  out.push('## Machine');
  out.push('');
  out.push(machine(m));
  out.push('');
  out.push('## Summary');
  out.push('');
  out.push(summary(results));
  out.push('');
  out.push('## Targets');
  out.push('');
  out.push(table(['target', 'this run', '', 'gates CI'], results.targets.map((x) => [x.text, x.value, mark(x.met), gateMark(x)])));
  out.push('');
  out.push('± is the noise margin measured in this run (3 x the MAD of the ratio, scaled to a standard deviation). A target that gates CI fails `pnpm bench` (and `--quick`) when its ratio is on the wrong side of the target by more than that margin; only targets met when the gate was added gate (bench/lib/targets.mjs `GATES`).');
  out.push('');
  out.push('## How it is measured');
  out.push('');
  out.push('- Every peer works on the same logical state: the workload\'s v3 state (u64 as bigint, blobs as bytes), its JSON form (`toJson`), or its xenlu stream.');
  out.push('- Each workload runs in its own Node process; each operation in a tinybench `Bench` (warmup, then a time budget or a fixed count for the large workloads). The small and medium workloads (tiny, small, host) warm up for 1 s and at least 1000 calls per task, so their samples time optimised code, as in a process that encodes or decodes many states; the cold cost of a short CLI run is the start-up row\'s.');
  out.push('- **Time is the process CPU time (user + system, GC threads included) of each call**, recorded around each tinybench call, because the machine is shared with other work: the load average above says how much. tinybench\'s wall-clock median is shown beside it. Ratios use CPU medians. MAD = median absolute deviation of the CPU samples, as a share of the median.');
  out.push('- MB/s is each implementation\'s own bytes (its stream, JSON text or MessagePack) per CPU second.');
  out.push('- Peak RSS is `process.resourceUsage().maxRSS` of a child process doing only that job (an idle Node process with xenlu loaded is the floor).');
  out.push('- C structs: the same fields as fixed-width, naturally aligned C structs (strings at their maximum size, lists and variable blobs as count + offset + payload); see `bench/lib/cstruct.mjs`.');
  out.push('');
  out.push('## Workloads');
  out.push('');
  out.push(table(['workload', 'what', 'peak RSS of its speed run'], results.workloads.map((w) => [w.name, w.about, mib(w.peakRssMiB)])));
  out.push('');
  out.push('## Sizes');
  out.push('');
  out.push(sizes(results));
  out.push('');
  for (const op of OPS) {
    out.push(`## ${op[0].toUpperCase()}${op.slice(1)}`);
    out.push('');
    out.push(ABOUT_OP[op]);
    out.push('');
    out.push(opTable(results, op));
    out.push('');
  }
  const { s, d } = streaming(results);
  out.push('## Scaling: streaming validation from tiny to 1 GiB');
  out.push('');
  out.push('`readStream(file)` over the whole dump: framing, CRC chain, every record decoded and checked, one record in memory at a time. Warm: in a process that first read the 100 MB dump once (untimed), so that V8\'s JIT and heap sizing have settled and the figure is the marginal cost; the mean of passes over at least 100 MB in all (ten over the 10 MB dump), so that each carries its share of the collections. Cold: one pass in a fresh process (start-up and JIT included: what a one-off `xenlu validate` pays). Peak RSS is from the cold run (for the 1 GiB dump, read once, from its only run).');
  out.push('');
  out.push(s);
  out.push('');
  const pass = results.streaming.find((x) => x.checkpoints?.length);
  if (pass) {
    out.push(`Within the single pass over the ${fmtBytes(pass.bytes)} dump, cumulative cost when the reader had read:`);
    out.push('');
    out.push(table(['read so far', 'CPU ms', 'wall ms', 'CPU ms / MB'], pass.checkpoints.map((c) => [fmtBytes(c.bytes), ms(c.cpuMs), ms(c.ms), n(c.cpuMsPerMB)])));
    out.push('');
  }
  out.push(`An idle Node process with xenlu loaded peaks at ${mib(results.baselineRssMiB)}.`);
  out.push('');
  out.push('Whole-file `decode` in memory, for comparison (one cold pass in a fresh process; the whole state is held, so memory grows with the dump):');
  out.push('');
  out.push(d);
  out.push('');
  out.push(`![time and memory per MB against dump size](${svg})`);
  out.push('');
  out.push('## Streaming diff');
  out.push('');
  out.push('`diffStreams(a, b)`: both dumps read record by record, merged by domid; B carries a handful of edits.');
  out.push('');
  out.push(results.diff.length
    ? table(['pair', 'bytes (A + B)', 'CPU ms', 'wall ms', 'peak RSS', 'differences'], results.diff.map((x) => [x.name, fmtBytes(x.bytes), ms(x.cpuMs), ms(x.ms), mib(x.peakRssMiB),
      Object.entries(x.counts).filter(([, c]) => c).map(([k, c]) => `${c} ${k}`).join(', ') || 'none']))
    : '_not measured in this run_');
  out.push('');
  out.push('## The CLI as whole processes');
  out.push('');
  out.push('Each command as a user runs it (`node packages/cli/bin/xenlu.js ...`, the bundled CLI), in rounds: every command of a comparison once per round, so each ratio is computed per round and its spread is its noise margin. CPU time and peak RSS are the process\'s own (`bench/lib/rusage-probe.mjs`), worker threads included. The header walk is `bench/lib/header-walk.mjs`: 16-byte record headers and the CRC chain with `zlib.crc32`, bodies unread.');
  out.push('');
  out.push(processTable(results.processes ?? {}));
  out.push('');
  out.push('## Dumps written');
  out.push('');
  out.push('Fragmented dumps are written with the streaming encoder (`StreamEncoder`), one domain at a time (state built and encoded per domain; "reused": written by an earlier run with the same schema and framing, figures from that run).');
  out.push('');
  out.push(table(['dump', 'size', 'domains', 'as C structs', 'write ms', 'peak RSS of the writer'], results.files.map((f) => [f.name, fmtBytes(f.bytes), f.domains,
    f.cstruct ? fmtBytes(f.cstruct) : '', f.writeMs ? `${ms(f.writeMs)}${f.reused ? ' (reused)' : ''}` : '', f.writeRssMiB ? mib(f.writeRssMiB) : ''])));
  out.push('');
  out.push('## Verifier: piscina pool against one worker');
  out.push('');
  if (results.verifier?.scaling) {
    const { oneWorker: a, pool: b } = results.verifier.scaling;
    out.push(table(['workers', 'property runs', 'seconds', 'runs / s'], [a, b].map((x) => [x.workers, x.propertyRuns, n(x.seconds), n(x.perSecond, 1)])));
    out.push('');
    out.push(`Speedup of the pool: ${ratio(b.perSecond / a.perSecond)} (same seed and budget, ${results.verifier.properties} properties, all passed: ${results.verifier.ok}).`);
  } else out.push('_not measured in this run_');
  out.push('');
  out.push(cSection(c));
  if (results.errors.length) {
    out.push('## Parts that failed');
    out.push('');
    for (const e of results.errors) out.push(`- ${e.what}: ${e.message.split('\n')[0]}`);
    out.push('');
  }
  return `${out.join('\n')}\n`;
}

// ---------------------------------------------------------------------------------------------
// C reader and writer: measured by interop/c/bench.mjs (not by pnpm bench, which needs no C
// toolchain), kept in bench/c-results.json and rendered here so a regeneration keeps them.

const C_HEADING = '## C reader and writer (freestanding build), beside memcpy';

/** The figures of bench/c-results.json as a Markdown table. */
export function cTable(c) {
  return table(['workload', 'operation', 'runs', 'MB', 'median ms', 'best ms', 'MB/s (median)'], c.rows.map((r) => [
    r.workload, r.operation, r.runs, (r.bytes / 1e6).toFixed(2), r.medianMs.toFixed(3), r.bestMs.toFixed(3), r.medianMs ? Math.round(r.mbPerS) : '-',
  ]));
}

/** The C section of RESULTS.md, ending with a blank line. */
export function cSection(c) {
  const out = [C_HEADING, ''];
  if (!c) {
    out.push('_not measured: run `pnpm run build && node interop/c/bench.mjs --n 20 --stress` (needs gcc; writes bench/c-results.json)_', '');
    return out.join('\n');
  }
  out.push(
    `Measured by \`${c.command}\` (after \`pnpm run build\`) on branch \`${c.branch}\` at ${c.commit}, ${c.date.slice(0, 10)}, ${c.cpu}, load average ${c.loadavgStart.join(' ')} at the start and ${c.loadavgEnd.join(' ')} at the end; figures in \`bench/c-results.json\`, which \`pnpm bench\` renders here.`,
    '',
    'The library objects are built with Xen\'s flags (`-ffreestanding -nostdinc -O1 -mno-sse ...`, docs/C-INTEGRATION.md) and timed by `interop/c/src/xlu_bench.c` in one process: `read` is `xlu_read` over the whole stream in memory (header, CRC-32 chain, record order, every body walked as canonical MessagePack); `write` is the measuring pass plus the write into a buffer of that size of the same state, compiled in as C data, with the generated serializer `xlu_write_stream_v3` (checked byte for byte against the stream `xenlu gen --version 3 --profile host` wrote); `memcpy` copies the same bytes. Fragmented dumps are `bench/lib/fragmented.mjs` hosts (every page its own P2M entry and PAGES range), read only: a state of millions of entries is too large to compile as C initializers. The CRC-32 is slice-by-8 (eight 256-entry tables, integer only).',
    '',
    cTable(c),
    '',
  );
  // What bounds live-update downtime: reading against copying the same bytes.
  const ratios = [];
  for (const r of c.rows.filter((x) => x.operation === 'read')) {
    const copy = c.rows.find((x) => x.workload === r.workload && x.operation === 'memcpy');
    if (copy?.medianMs) ratios.push(`${r.workload} ${ratio(r.medianMs / copy.medianMs)}`);
  }
  if (ratios.length) out.push(`Reading takes, in median time, this many times a memcpy of the same bytes: ${ratios.join(', ')}.`, '');
  return out.join('\n');
}

/** RESULTS.md with its C section replaced by (or, when it has none, followed by) the one of `c`. */
export function replaceCSection(md, c) {
  const at = md.indexOf(C_HEADING);
  // Last in the file, the section ends with a blank line, as renderMarkdown writes it.
  if (at < 0) return `${md.replace(/\n*$/, '\n\n')}${cSection(c)}\n`;
  const next = md.indexOf('\n## ', at + C_HEADING.length);
  return `${md.slice(0, at)}${cSection(c)}${next < 0 ? '\n' : md.slice(next + 1)}`;
}
