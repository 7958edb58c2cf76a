// The long fuzz run (`pnpm fuzz`, after the build): mutations of valid streams of every version
// through both readers, checked by the oracle of packages/format/src/fuzz. A watchdog thread
// kills a case that runs too long and reports it as a hang. A failure is shrunk by fast-check,
// printed with its replay seed, and saved under fixtures/crashers/ for the regression test.
//
//   node scripts/fuzz.mjs [--minutes M] [--runs N] [--seed S] [--replay '<recipe json>']
//                         [--hang-seconds H] [--out DIR] [--shard i/n] [--json]
//
// --shard i/n (a CI matrix of n jobs, the same --seed and --runs in each): the run generates the
// same sequence of cases as the unsharded one and checks every n-th of them (those whose index is
// i-1 modulo n; the hand-made inputs in shard 1), so the n shards together check exactly the cases
// of the unsharded run. Once a case fails, its shrinking checks every candidate. --json prints the
// summary as one JSON object on the last line.
import { mkdirSync, writeFileSync } from 'node:fs';
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import { parseArgs } from 'node:util';

const FUZZ = '@xenlu/format/testing';

if (isMainThread) await main();
else await work(workerData);

function usage(message) {
  if (message) console.error(`fuzz: ${message}`);
  console.error("usage: node scripts/fuzz.mjs [--minutes M] [--runs N] [--seed S] [--replay '<recipe json>'] [--hang-seconds H] [--out DIR] [--shard i/n] [--json]");
  process.exit(2);
}

function numberOpt(values, name, fallback) {
  if (values[name] === undefined) return fallback;
  const n = Number(values[name]);
  if (!Number.isFinite(n) || n < 0) usage(`--${name} must be a non-negative number`);
  return n;
}

async function main() {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        minutes: { type: 'string' },
        runs: { type: 'string' },
        seed: { type: 'string' },
        replay: { type: 'string' },
        'hang-seconds': { type: 'string' },
        out: { type: 'string' },
        shard: { type: 'string' },
        json: { type: 'boolean' },
        help: { type: 'boolean' },
      },
    }));
  } catch (e) {
    usage(e.message);
  }
  if (values.help) usage();
  const runs = values.runs !== undefined ? Math.floor(numberOpt(values, 'runs', 0)) : undefined;
  // With neither budget given, a long run: ten minutes.
  const minutes = numberOpt(values, 'minutes', runs === undefined ? 10 : undefined);
  const seed = values.seed !== undefined ? Number(values.seed) | 0 : (Date.now() ^ (process.pid << 8)) | 0;
  const hangSeconds = numberOpt(values, 'hang-seconds', 30);
  let shard = { index: 1, count: 1 };
  if (values.shard !== undefined) {
    const m = /^(\d+)\/(\d+)$/.exec(values.shard);
    if (!m || !(Number(m[2]) >= 1 && Number(m[1]) >= 1 && Number(m[1]) <= Number(m[2]))) usage('--shard is i/n with 1 <= i <= n, e.g. 2/4');
    shard = { index: Number(m[1]), count: Number(m[2]) };
    if (values.seed === undefined) usage('--shard needs --seed: every shard must generate the same cases');
  }
  const out = values.out ?? new URL('../fixtures/crashers/', import.meta.url).pathname;
  let replay;
  if (values.replay !== undefined) {
    try {
      replay = JSON.parse(values.replay);
    } catch {
      usage('--replay takes the recipe JSON a failure printed');
    }
  }

  const shardText = shard.count > 1 ? `, shard ${shard.index}/${shard.count}` : '';
  console.log(`fuzz: seed ${seed}${shardText}, ${runs !== undefined ? `${runs} runs` : 'no run limit'}, ${minutes !== undefined ? `${minutes} min` : 'no time limit'}, hang after ${hangSeconds} s`);
  const worker = new Worker(new URL(import.meta.url), { workerData: { runs, minutes, seed, replay, shard } });
  let current;
  let lastBeat = Date.now();
  let finished = false;
  const t0 = Date.now();

  const result = await new Promise((resolve) => {
    const watchdog = setInterval(() => {
      if (Date.now() - lastBeat > hangSeconds * 1000) {
        clearInterval(watchdog);
        void worker.terminate();
        resolve({ hang: true });
      }
    }, 1000);
    worker.on('message', (m) => {
      lastBeat = Date.now();
      if (m.type === 'case') current = m.recipe;
      else if (m.type === 'progress') console.log(`fuzz: ${m.tried} inputs, ${((Date.now() - t0) / 1000).toFixed(0)} s`);
      else if (m.type === 'done') {
        finished = true;
        clearInterval(watchdog);
        resolve(m);
      }
    });
    worker.on('error', (e) => {
      clearInterval(watchdog);
      resolve({ crash: String(e?.stack ?? e) });
    });
    worker.on('exit', (code) => {
      clearInterval(watchdog);
      if (!finished) resolve({ crash: `worker exited with code ${code}` });
    });
  });

  if (result.hang || result.crash) {
    const what = result.hang ? `hang: no progress for ${hangSeconds} s` : `fuzz worker died: ${result.crash}`;
    console.log(`fuzz: FAILED, ${what}`);
    if (current?.crafted === undefined && current?.base === undefined) console.log('fuzz: it happened while setting up');
    else {
      console.log(`fuzz: last recipe ${JSON.stringify(current)} (replay with --replay '${JSON.stringify(current)}')`);
      saveCrasher(out, await rebuild(current), current, seed, what);
    }
    process.exit(1);
  }

  const seconds = (Date.now() - t0) / 1000;
  console.log(`fuzz: ${result.tried} inputs tried in ${seconds.toFixed(1)} s (${(result.tried / seconds).toFixed(0)}/s), seed ${seed}`);
  console.log(`fuzz: ${result.crafted} hand-made hostile inputs checked`);
  console.log('fuzz: outcomes by error code:');
  for (const [code, n] of Object.entries(result.outcomes).sort((a, b) => b[1] - a[1])) console.log(`  ${code.padEnd(26)} ${n}`);
  console.log('fuzz: inputs by last mutator:');
  for (const [name, n] of Object.entries(result.mutators).sort((a, b) => b[1] - a[1])) console.log(`  ${name.padEnd(26)} ${n}`);
  if (result.failure) {
    const f = result.failure;
    console.log(`fuzz: FAILED after ${f.numRuns} runs (${f.numShrinks} shrinks): ${f.error}`);
    console.log(`fuzz: replay with --seed ${f.seed} (fast-check path ${f.path}), or --replay '${JSON.stringify(f.recipe)}'`);
    saveCrasher(out, await rebuild(f.recipe), f.recipe, f.seed, f.error);
    process.exit(1);
  }
  console.log('fuzz: no failure');
  if (values.json) console.log(JSON.stringify({ seed, shard, tried: result.tried, crafted: result.crafted, checked: result.checked, outcomes: result.outcomes, mutators: result.mutators }));
}

/** The input of a recipe: a mutation recipe, or `{ crafted: name }` for a hand-made input. */
async function rebuild(recipe) {
  const { Fuzzer, craftedInputs } = await import(FUZZ);
  const fuzzer = new Fuzzer();
  if (recipe.crafted === undefined) {
    try {
      return fuzzer.build(recipe);
    } catch (e) {
      // The recipe cannot even be built: a bug of the fuzzer, with no input to keep.
      console.log(`fuzz: the fuzzer itself failed building this recipe: ${e?.stack ?? e}`);
      return undefined;
    }
  }
  const golden = fuzzer.corpus.find((s) => s.name === 'v3-example').bytes;
  const c = craftedInputs(golden).find((x) => x.name === recipe.crafted);
  return { bytes: c.bytes, trail: [], base: 'crafted', readerVersion: 3 };
}

function saveCrasher(dir, fuzzCase, recipe, seed, error) {
  if (fuzzCase === undefined) return;
  mkdirSync(dir, { recursive: true });
  const name = `fuzz-${(seed >>> 0).toString(16)}-${Date.now().toString(36)}`;
  writeFileSync(`${dir}/${name}.xlu`, fuzzCase.bytes);
  const expected = {
    found: `pnpm fuzz, seed ${seed}: ${error}`,
    recipe,
    trail: fuzzCase.trail,
    base: fuzzCase.base,
    readerVersion: fuzzCase.readerVersion,
    // Filled in when the fault is fixed: the outcome the fixed decoder gives.
    expect: null,
  };
  writeFileSync(`${dir}/${name}.expected.json`, `${JSON.stringify(expected, null, 2)}\n`);
  console.log(`fuzz: saved ${dir}/${name}.xlu and .expected.json (fill in "expect" once fixed)`);
}

// ---------------------------------------------------------------------------------------------
// The worker: runs the cases and reports each one to the watchdog before it starts.

async function work({ runs, minutes, seed, replay, shard }) {
  const fc = (await import('fast-check')).default;
  const { Fuzzer, MUTATORS, Rng, checkBoth, craftedInputs, semanticValidator } = await import(FUZZ);
  const fuzzer = new Fuzzer();
  const validate = semanticValidator();
  const outcomes = {};
  const mutators = {};
  let tried = 0;
  let lastProgress = Date.now();

  const golden = fuzzer.corpus.find((s) => s.name === 'v3-example').bytes;
  parentPort.postMessage({ type: 'case', recipe: { setup: 'building the hand-made inputs' } });
  // The hand-made inputs are one shard's work: the first.
  const crafted = shard.index === 1 ? craftedInputs(golden) : [];
  for (const c of crafted) {
    parentPort.postMessage({ type: 'case', recipe: { crafted: c.name } });
    const r = await checkBoth(c.bytes, new Rng(1));
    if (r.outcome !== c.expect) throw new Error(`hand-made input "${c.name}": expected ${c.expect}, got ${r.outcome}`);
    tried++;
  }

  // Generated cases are numbered as fast-check asks for them; this shard checks every n-th. After
  // a failure every call is a shrink candidate of that failure, and all are checked.
  let caseIndex = 0;
  let failing = false;
  const checked = [];
  const one = async (recipe, chunkSeed) => {
    const index = caseIndex++;
    if (!failing && index % shard.count !== shard.index - 1) return;
    checked.push(index);
    try {
      await checkOne(recipe, chunkSeed);
    } catch (e) {
      failing = true;
      throw e;
    }
  };
  const checkOne = async (recipe, chunkSeed) => {
    parentPort.postMessage({ type: 'case', recipe });
    const c = fuzzer.build(recipe);
    const r = await checkBoth(c.bytes, new Rng(chunkSeed), { readerVersion: c.readerVersion, ...(validate ? { validate } : {}) });
    tried++;
    // An accepted stream that is not its state's canonical encoding is a failure in the oracle.
    const key = r.outcome;
    outcomes[key] = (outcomes[key] ?? 0) + 1;
    const lastStep = c.trail[c.trail.length - 1] ?? 'none (seed as is)';
    const last = lastStep.startsWith('state:') ? 'state edit only' : lastStep;
    mutators[last] = (mutators[last] ?? 0) + 1;
    if (Date.now() - lastProgress > 15_000) {
      lastProgress = Date.now();
      parentPort.postMessage({ type: 'progress', tried });
    }
  };

  if (replay) {
    let failure;
    try {
      if (replay.crafted !== undefined) throw new Error('hand-made inputs are checked at every start; run without --replay');
      await checkOne(replay, 1);
    } catch (e) {
      failure = { recipe: replay, seed, path: '-', numRuns: 1, numShrinks: 0, error: String(e?.message ?? e) };
    }
    parentPort.postMessage({ type: 'done', tried, crafted: crafted.length, outcomes, mutators, failure });
    return;
  }

  const recipe = fc.record({
    base: fc.nat({ max: fuzzer.corpus.length - 1 }),
    semantic: fc.option(fc.nat(), { freq: 3 }),
    steps: fc.array(fc.tuple(fc.nat({ max: MUTATORS.length - 1 }), fc.nat()), { minLength: 0, maxLength: 4 }),
    reader: fc.nat({ max: 2 }),
  });
  const details = await fc.check(
    fc.asyncProperty(recipe, fc.nat(), one),
    {
      seed,
      numRuns: runs ?? 2_000_000_000,
      ...(minutes !== undefined ? { interruptAfterTimeLimit: minutes * 60_000, markInterruptAsFailure: false } : {}),
    },
  );
  const failure = details.failed && !details.interrupted
    ? {
        recipe: details.counterexample[0],
        seed: details.seed,
        path: details.counterexamplePath,
        numRuns: details.numRuns,
        numShrinks: details.numShrinks,
        error: String(details.errorInstance?.message ?? details.error),
      }
    : undefined;
  parentPort.postMessage({ type: 'done', tried, crafted: crafted.length, outcomes, mutators, failure, checked: digest(checked) });
}

/** A short fingerprint of which case numbers were checked, so shards can be compared cheaply. */
function digest(indexes) {
  return { count: indexes.length, sum: indexes.reduce((a, b) => a + b, 0) };
}
