/**
 * The lossless law (FORMAT.md section 8a): for every stream a reader accepts, its JSON form,
 * through JSON text and back, encodes to the very same bytes. Checked over seeded mutations of the
 * fuzz corpus (so over the odd streams the reader accepts, not only the canonical ones), read at
 * the stream's own version and, for rollback, by every older reader that accepts it.
 */
import { describe, expect, it } from 'vitest';
import { decode } from '../src/decode.js';
import { encode } from '../src/encode.js';
import { encodeAsRead } from '../src/encode-as-read.js';
import { FormatError } from '../src/errors.js';
import { exampleState } from '../src/examples/index.js';
import { Fuzzer, MUTATORS, Rng, type Seed, seedCorpus } from '../src/fuzz/index.js';
import { fromJson, toJson } from '../src/json/index.js';
import { type State, VERSIONS, type Version, isVersion } from '../src/schema/index.js';
import { decodeStreamHeader } from '../src/wire/header.js';

/** decode -> toJson -> JSON text -> fromJson -> encode (as the stream's version), as the CLI does. */
function roundTrip(bytes: Uint8Array, readerVersion: Version): Uint8Array | undefined {
  let read;
  try {
    read = decode(bytes, { readerVersion });
  } catch (e) {
    if (e instanceof FormatError) return undefined;
    throw e;
  }
  const json: unknown = JSON.parse(JSON.stringify(toJson(read.state, readerVersion)));
  return encodeAsRead(fromJson(json, readerVersion), readerVersion, read.streamVersion);
}

/**
 * Seeds an older reader accepts too: each example state cut to the domains a reader one version
 * older can read (no record it must refuse), so rollback reads of mutations succeed often.
 */
function rollbackSeeds(): Seed[] {
  const out: Seed[] = [];
  for (const version of VERSIONS) {
    if (version === 1) continue;
    const state = exampleState(version);
    const domains = state.domains as unknown[];
    const readable = domains.filter((d) => {
      const one = { host: state.host, domains: [d] } as State;
      try {
        decode(encode(one, version), { readerVersion: (version - 1) as Version });
        return true;
      } catch {
        return false;
      }
    });
    const cut = { ...state, domains: readable } as State;
    out.push({ name: `v${version}-rollback-readable`, version, state: cut, bytes: encode(cut, version) });
  }
  return out;
}

describe('decode | encode is byte-identical (the lossless law)', () => {
  it('holds for every mutated stream a reader accepts, at its own version and on rollback', () => {
    const corpus = [...seedCorpus(), ...rollbackSeeds()];
    const fuzzer = new Fuzzer(corpus);
    const rng = new Rng(20261201);
    const stats = { cases: 0, own: 0, rollback: 0 };
    const deadline = performance.now() + 20_000;
    for (let i = 0; i < 1500 && performance.now() < deadline; i++) {
      const steps = Array.from({ length: rng.range(0, 3) }, () => [rng.int(MUTATORS.length), rng.next()] as const);
      const c = fuzzer.build({ base: rng.int(corpus.length), semantic: rng.chance(0.3) ? rng.next() : null, steps, reader: 0 });
      stats.cases++;
      let streamVersion: number;
      try {
        streamVersion = decodeStreamHeader(c.bytes).schemaVersion;
      } catch {
        continue;
      }
      if (!isVersion(streamVersion)) continue;
      const trail = `case ${i} (${c.base}: ${c.trail.join(', ')})`;
      const own = roundTrip(c.bytes, streamVersion);
      if (own === undefined) continue;
      stats.own++;
      expect(Buffer.from(own).equals(Buffer.from(c.bytes)), `${trail}: own-version read does not re-encode to its bytes`).toBe(true);
      for (const reader of VERSIONS.filter((v) => v < streamVersion)) {
        const back = roundTrip(c.bytes, reader);
        if (back === undefined) continue;
        stats.rollback++;
        expect(Buffer.from(back).equals(Buffer.from(c.bytes)), `${trail}: a v${reader} reader's read does not re-encode to its bytes`).toBe(true);
      }
    }
    // The law was exercised on many accepted streams, rollback reads included.
    expect(stats.own, JSON.stringify(stats)).toBeGreaterThan(100);
    expect(stats.rollback, JSON.stringify(stats)).toBeGreaterThan(30);
  }, 60_000);
});
