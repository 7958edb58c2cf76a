/**
 * The fuzz property, on a modest budget (`pnpm fuzz` runs the long one): for mutations of valid
 * streams of every version, both readers either accept a state that fits the schema and
 * re-encodes to the same bytes, or throw a located FormatError; never anything else, never
 * slowly. Plus the hostile inputs built by hand, and what they cost in time and memory.
 */
import v8 from 'node:v8';
import vm from 'node:vm';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decode } from '../src/decode.js';
import { FormatError, LimitError } from '../src/errors.js';
import { Fuzzer, MUTATORS, Rng, checkBoth, checkDecode, craftedInputs, semanticValidator } from '../src/fuzz/index.js';
import type { Outcome, Recipe } from '../src/fuzz/index.js';
import { readStream } from '../src/stream.js';
import { encodeStreamHeader } from '../src/wire/header.js';

const fuzzer = new Fuzzer();
const goldenV3 = fuzzer.corpus.find((s) => s.name === 'v3-example')!.bytes;

const recipe: fc.Arbitrary<Recipe> = fc.record({
  base: fc.nat({ max: fuzzer.corpus.length - 1 }),
  semantic: fc.option(fc.nat(), { freq: 3 }),
  steps: fc.array(fc.tuple(fc.nat({ max: MUTATORS.length - 1 }), fc.nat()), { minLength: 0, maxLength: 3 }),
  reader: fc.nat({ max: 2 }),
});

describe('fuzz property (modest budget)', () => {
  it('mutated streams: a valid state or a located FormatError, from both readers', async () => {
    const outcomes = new Map<Outcome, number>();
    const validate = semanticValidator();
    await fc.assert(
      fc.asyncProperty(recipe, fc.nat(), async (r, chunkSeed) => {
        const c = fuzzer.build(r);
        const res = await checkBoth(c.bytes, new Rng(chunkSeed), { readerVersion: c.readerVersion, ...(validate ? { validate } : {}) });
        outcomes.set(res.outcome, (outcomes.get(res.outcome) ?? 0) + 1);
      }),
      { numRuns: 300 },
    );
    // The mutators reach past the checksums: order, bodies, values and acceptance all occur.
    for (const code of ['bad-checksum', 'bad-order', 'bad-body', 'bad-value', 'ok'] as const) {
      expect(outcomes.get(code) ?? 0, `outcome ${code} in ${JSON.stringify([...outcomes])}`).toBeGreaterThan(0);
    }
  });

  it('replays a recipe to the same bytes', () => {
    const r: Recipe = { base: 1, semantic: 7, steps: [[3, 11], [20, 5]], reader: 0 };
    expect(fuzzer.build(r).bytes).toEqual(fuzzer.build(r).bytes);
    expect(fuzzer.build(r).trail.length).toBe(3);
  });
});

describe('hostile inputs built by hand', () => {
  for (const c of craftedInputs(goldenV3)) {
    it(`${c.name}: ${c.expect}`, async () => {
      expect(checkDecode(c.bytes).outcome).toBe(c.expect);
      // Both readers: same verdict, and the same first fault (code, offset, record).
      expect((await checkBoth(c.bytes, new Rng(1))).outcome).toBe(c.expect);
    });
  }
});

// A gc() for measuring what a decode retains (node exposes it to a new context once flagged).
v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as () => void;

function used(): number {
  const m = process.memoryUsage();
  return m.heapUsed + m.arrayBuffers;
}

describe('bounded memory and time', () => {
  it('inputs claiming huge sizes fail fast without allocating', () => {
    const claims = craftedInputs(goldenV3).filter((c) => c.expect !== 'ok');
    expect(claims.length).toBeGreaterThan(10);
    for (const c of claims) {
      gc();
      const before = process.memoryUsage().arrayBuffers;
      const t0 = performance.now();
      let err: unknown;
      try {
        decode(c.bytes);
      } catch (e) {
        err = e;
      }
      const ms = performance.now() - t0;
      const grew = process.memoryUsage().arrayBuffers - before;
      expect(err, c.name).toBeInstanceOf(FormatError);
      expect(ms, c.name).toBeLessThan(250);
      // Nothing near what is claimed (up to 4 GiB): at most a small multiple of the input.
      expect(grew, c.name).toBeLessThan(2 * c.bytes.length + (1 << 20));
    }
  });

  it('what a decode keeps is a small multiple of the input, for the densest inputs', () => {
    const dense = craftedInputs(goldenV3).filter((c) => c.expect === 'ok');
    for (const { name, bytes } of [{ name: 'golden v3', bytes: goldenV3 }, ...dense]) {
      gc();
      const before = used();
      const result = decode(bytes);
      gc();
      const kept = used() - before;
      expect(result.state.domains.length).toBeGreaterThan(0);
      expect(kept, `${name}: ${kept} bytes kept for ${bytes.length} bytes of input`).toBeLessThan(32 * bytes.length + (1 << 20));
    }
  });

  it('the streaming reader refuses a record over the limit before buffering it, from an endless source', async () => {
    const head = new Uint8Array(64);
    head.set(encodeStreamHeader(3, 4, 19));
    new DataView(head.buffer).setUint32(32, 1);
    new DataView(head.buffer).setUint32(36, 0x40000000); // claims 1 GiB
    let pulled = 0;
    async function* endless() {
      yield head;
      for (;;) {
        pulled++;
        yield new Uint8Array(1 << 16);
      }
    }
    const reader = readStream(endless());
    const err = await (async () => {
      try {
        for await (const ev of reader) void ev;
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(err).toBeInstanceOf(LimitError);
    expect((err as LimitError).location).toMatchObject({ offset: 36, record: 0 });
    expect(pulled).toBeLessThanOrEqual(1);
  });
});
