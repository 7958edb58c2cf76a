/**
 * Properties of one schema version: generated states are valid, state -> bytes -> state and
 * bytes -> state -> bytes are identities, equal states give equal bytes, and the bytes mean the
 * state according to the independent reference reader (FORMAT.md alone).
 */
import fc from 'fast-check';
import type { State, Version } from '@xenlu/format';
import { type Profile, stateArbitrary } from '../arbitrary/index.js';
import { referenceDecode } from '../conformance/read-state.js';
import { firstDifference } from '../equality.js';
import type { FormatImpl } from '../impl.js';
import { type PropertyDef, check } from './property.js';
import { describeFindings, sameBytes, describeDifference } from './support.js';

const v = (n: Version) => `v${n}`;

/** A copy with every object rebuilt, keys in reverse insertion order: equal, not identical. */
export function reshuffled<T>(x: T): T {
  if (Array.isArray(x)) return x.map(reshuffled) as T;
  if (x instanceof Uint8Array) return new Uint8Array(x) as T;
  if (typeof x === 'object' && x !== null) {
    return Object.fromEntries(Object.entries(x).reverse().map(([k, val]) => [k, reshuffled(val)])) as T;
  }
  return x;
}

function roundTrip(impl: FormatImpl, s: State, version: Version): void {
  const bytes = impl.encode(s, version);
  const r = impl.decode(bytes, version);
  check(r.version === version && r.streamVersion === version, () => `decoded as version ${r.version} from stream version ${r.streamVersion}, expected ${version}`);
  check(r.dropped.length === 0, () => `a same-version read dropped ${r.dropped.map((d) => d.record).join(', ')}`);
  const d = firstDifference(r.state, s);
  check(d === undefined, () => `state -> bytes -> state differs: ${describeDifference(d)}`);
}

export function sameVersionProperties(version: Version): PropertyDef[] {
  const arb = (profile: Profile = 'small') => stateArbitrary(version, { profile });
  return [
    {
      id: `generator.valid@${v(version)}`,
      family: 'generator',
      summary: 'generated states fit the structural schema and break no semantic rule',
      weight: 0.5,
      stateVersion: version,
      build: (impl) => fc.property(arb(), (s) => {
        const z = impl.schemas[version].zod.safeParse(s);
        check(z.success, () => `structurally invalid: ${z.error?.issues[0]?.path.map(String).join('.')}: ${z.error?.issues[0]?.message}`);
        const f = impl.validateSemantics(s, version);
        check(f.length === 0, () => `a valid-by-construction state has findings: ${describeFindings(f)}`);
      }),
    },
    {
      id: `roundtrip.state@${v(version)}`,
      family: 'roundtrip',
      summary: 'state -> bytes -> state is deep-equal',
      weight: 1,
      stateVersion: version,
      build: (impl) => fc.property(arb(), (s) => roundTrip(impl, s, version)),
    },
    {
      id: `roundtrip.bytes@${v(version)}`,
      family: 'roundtrip',
      summary: 'bytes -> state -> bytes is identical',
      weight: 0.5,
      stateVersion: version,
      build: (impl) => fc.property(arb(), (s) => {
        const bytes = impl.encode(s, version);
        const again = impl.encode(impl.decode(bytes, version).state, version);
        check(sameBytes(bytes, again), () => `re-encoding the decoded state changes the bytes${firstByteDiff(bytes, again)}`);
      }),
    },
    {
      id: `canonical@${v(version)}`,
      family: 'canonical',
      summary: 'equal states (rebuilt, keys reordered) give equal bytes',
      weight: 0.5,
      stateVersion: version,
      build: (impl) => fc.property(arb(), (s) => {
        const a = impl.encode(s, version);
        const b = impl.encode(reshuffled(s), version);
        check(sameBytes(a, b), () => `two equal states encode differently${firstByteDiff(a, b)}`);
      }),
    },
    {
      id: `conformance@${v(version)}`,
      family: 'conformance',
      summary: 'the bytes mean the state per FORMAT.md (independent reference reader, canonical form enforced)',
      weight: 1,
      stateVersion: version,
      build: (impl) => fc.property(arb(), (s) => {
        const bytes = impl.encode(s, version);
        let read: State;
        try {
          read = referenceDecode(bytes, impl.schemas[version]);
        } catch (e) {
          throw new Error(`the reference reader refuses the bytes: ${(e as Error).message}`);
        }
        const d = firstDifference(read, s);
        check(d === undefined, () => `the bytes mean another state per FORMAT.md: ${describeDifference(d)}`);
      }),
    },
    {
      id: `scale.fragmented@${v(version)}`,
      family: 'scale',
      summary: 'round trip of fragmented states (hundreds of small P2M and page ranges)',
      weight: 0.1,
      stateVersion: version,
      build: (impl) => fc.property(arb('fragmented'), (s) => roundTrip(impl, s, version)),
    },
    {
      id: `scale.host@${v(version)}`,
      family: 'scale',
      summary: 'round trip and validity of host-scale states (dom0 + 100 guests)',
      weight: 0.01,
      stateVersion: version,
      build: (impl) => fc.property(arb('host'), (s) => {
        const f = impl.validateSemantics(s, version);
        check(f.length === 0, () => `a host-scale state has findings: ${describeFindings(f)}`);
        roundTrip(impl, s, version);
      }),
    },
  ];
}

function firstByteDiff(a: Uint8Array, b: Uint8Array): string {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return ` (first at byte ${i}: ${a[i]} vs ${b[i]})`;
  return a.length !== b.length ? ` (lengths ${a.length} vs ${b.length})` : '';
}
