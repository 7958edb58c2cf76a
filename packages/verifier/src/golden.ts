/**
 * The frozen golden fixtures (`fixtures/v<N>/*.xlu` with their `.json`) are the released bytes of
 * each version. Generated round trips cannot see a schema edited in place (writer and reader
 * change together); these can: each fixture must still mean its JSON to the reference reader and
 * the codec, re-encode to the same bytes, and be read by every newer reader into a valid state.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { VERSIONS, isVersion, toJson, type State, type StateByVersion, type Version } from '@xenlu/format';
import { readFrames } from './conformance/framing.js';
import { referenceDecode } from './conformance/read-state.js';
import { firstDifference } from './equality.js';
import { type FormatImpl, realImpl } from './impl.js';
import { describeDifference, describeFindings, errorText, sameBytes } from './properties/support.js';

export interface GoldenResult {
  readonly file: string;
  readonly version: number;
  readonly ok: boolean;
  /** What broke, when not ok. */
  readonly message?: string;
}

/** The repository's fixtures directory, from src/ or dist/ alike. */
export const DEFAULT_FIXTURES_DIR = fileURLToPath(new URL('../../../fixtures', import.meta.url));

function json(state: State, v: Version): unknown {
  return JSON.parse(JSON.stringify(toJson(state as StateByVersion[typeof v], v)));
}

function checkOne(bytes: Uint8Array, expected: unknown, impl: FormatImpl): string | undefined {
  let version: number;
  try {
    version = readFrames(bytes).head.schemaVersion;
  } catch (e) {
    return `framing: ${errorText(e)}`;
  }
  if (!isVersion(version)) return `schema version ${version} is not known`;
  try {
    const d = firstDifference(json(referenceDecode(bytes, impl.schemas[version]), version), expected);
    if (d) return `the reference reader reads another state than the frozen JSON: ${describeDifference(d)}`;
  } catch (e) {
    return `the reference reader refuses it with the current v${version} schema: ${errorText(e)}`;
  }
  const read = impl.decode(bytes, version);
  const d = firstDifference(json(read.state, version), expected);
  if (d) return `the v${version} reader reads another state than the frozen JSON: ${describeDifference(d)}`;
  if (!sameBytes(impl.encode(read.state, version), bytes)) return `re-encoding it with the current v${version} schema changes its bytes`;
  for (const reader of VERSIONS.filter((v) => v > version)) {
    try {
      const up = impl.decode(bytes, reader);
      const f = impl.validateSemantics(up.state, reader);
      if (f.length > 0) return `read by v${reader}: ${describeFindings(f)}`;
    } catch (e) {
      return `a v${reader} reader refuses it: ${errorText(e)}`;
    }
  }
  return undefined;
}

/** Checks every `v<N>/<name>.xlu` that has a `<name>.json` beside it. */
export function checkGoldenFixtures(dir: string = DEFAULT_FIXTURES_DIR, impl: FormatImpl = realImpl): GoldenResult[] {
  if (!existsSync(dir)) return [];
  const out: GoldenResult[] = [];
  for (const sub of readdirSync(dir).filter((d) => /^v\d+$/.test(d)).sort()) {
    for (const name of readdirSync(join(dir, sub)).filter((f) => f.endsWith('.xlu')).sort()) {
      const jsonFile = join(dir, sub, name.replace(/\.xlu$/, '.json'));
      if (!existsSync(jsonFile)) continue;
      const file = join(sub, name);
      let message: string | undefined;
      try {
        message = checkOne(new Uint8Array(readFileSync(join(dir, sub, name))), JSON.parse(readFileSync(jsonFile, 'utf8')), impl);
      } catch (e) {
        message = errorText(e);
      }
      out.push({ file, version: Number(sub.slice(1)), ok: message === undefined, ...(message ? { message } : {}) });
    }
  }
  return out;
}
