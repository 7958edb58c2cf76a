/**
 * Migrations preserve every semantic invariant, and a trip to another version and back gives the
 * state back up to what the schemas say the trip loses (fields the other version does not write
 * come back as defaults, sections it has no record for come back empty) and up to the documented
 * equivalence of translated sections (the P2M: same mapping, runs split differently).
 */
import fc from 'fast-check';
import { DowngradeError, type Version } from '@xenlu/format';
import { rollbackArbitrary, stateArbitrary } from '../arbitrary/index.js';
import { differenceUpTo, expectedRoundTrip, translatedSections } from '../equivalence.js';
import type { FormatImpl } from '../impl.js';
import { type PropertyDef, check } from './property.js';
import { describeDifference, describeFindings, errorText } from './support.js';

function trip(impl: FormatImpl, s: Parameters<FormatImpl['convert']>[0], from: Version, via: Version, blockedOk: boolean): void {
  let there;
  try {
    there = impl.convert(s, from, via).state;
  } catch (e) {
    if (blockedOk && e instanceof DowngradeError) return;
    throw new Error(`convert ${from} -> ${via} failed: ${errorText(e)}`);
  }
  const f = impl.validateSemantics(there, via);
  check(f.length === 0, () => `convert ${from} -> ${via} breaks rules of v${via}: ${describeFindings(f)}`);
  const back = impl.convert(there, via, from).state;
  const fb = impl.validateSemantics(back, from);
  check(fb.length === 0, () => `convert ${via} -> ${from} breaks rules of v${from}: ${describeFindings(fb)}`);
  const schemas = impl.schemas;
  const expected = expectedRoundTrip(s, schemas[from], schemas[via]);
  const d = differenceUpTo(back, expected, translatedSections(schemas[from], schemas[via]));
  check(d === undefined, () => `v${from} -> v${via} -> v${from} changes the state beyond what v${via} cannot hold: ${describeDifference(d)}`);
}

export function migrationProperties(lo: Version, hi: Version): PropertyDef[] {
  return [
    {
      id: `migration.up@v${lo}>v${hi}`,
      family: 'migration',
      summary: `upgrade ${lo} -> ${hi} keeps every invariant, and the downgrade back gives the state (up to the P2M split)`,
      weight: 1,
      stateVersion: lo,
      build: (impl) => fc.property(stateArbitrary(lo, { upTo: hi }), (s) => trip(impl, s, lo, hi, false)),
    },
    {
      id: `migration.down@v${hi}>v${lo}`,
      family: 'migration',
      summary: `downgrade ${hi} -> ${lo}, when not blocked, keeps every invariant, and the upgrade back gives the state up to what v${lo} cannot hold`,
      weight: 1,
      stateVersion: hi,
      build: (impl) => fc.property(rollbackArbitrary(hi, lo), (s) => trip(impl, s, hi, lo, true)),
    },
  ];
}
