/**
 * The seeds mutations start from: the golden example state of each schema version, and a
 * smaller cut of each (two domains), encoded by the real encoder. Small seeds make more cases per
 * second; the full ones reach every record type.
 */
import { encode } from '../encode.js';
import { exampleState } from '../examples/index.js';
import { type State, VERSIONS, type Version } from '../schema/index.js';

export interface Seed {
  readonly name: string;
  readonly version: Version;
  readonly state: State;
  readonly bytes: Uint8Array;
}

export function seedCorpus(): Seed[] {
  const out: Seed[] = [];
  for (const version of VERSIONS) {
    const full = exampleState(version);
    out.push({ name: `v${version}-example`, version, state: full, bytes: encode(full, version) });
    const small = exampleState(version);
    (small.domains as unknown[]).splice(2);
    out.push({ name: `v${version}-two-domains`, version, state: small, bytes: encode(small, version) });
  }
  return out;
}
