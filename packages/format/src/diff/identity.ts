/**
 * How list items are matched between A and B: ranges of frames are compared by coverage (these
 * shapes); items of a list with an identity in the schema (`listIdentity`) by that identity,
 * whatever their position; any other list position by position.
 */
import { type P2mList, p2mEquivalent } from '../migrate/p2m-runs.js';
import type { StructDesc } from '../schema/dsl.js';
import type { RangeShape } from './coverage.js';

const bigintOf = (v: unknown): bigint => (typeof v === 'bigint' ? v : BigInt(v as number));

/** P2M entries (page order) and extents: GFN -> MFN, type, access. */
const P2M_SHAPE: RangeShape = {
  unit: 'gfn',
  start: (x) => bigintOf(x['gfn']),
  count: (x) => ('count' in x ? bigintOf(x['count']) : 1n << bigintOf(x['order'])),
  target: (x) => bigintOf(x['mfn']),
  attrs: ['type', 'access'],
  render: (gfn, count, mfn, attrs) => ({ gfn, mfn, count, ...attrs }),
  // The migrations' own notion of "maps every GFN alike", so diff and downgrade agree.
  equivalent: (a, b) => p2mEquivalent(a as unknown as P2mList, b as unknown as P2mList),
};

/** Page ownership: MFN -> type, pinned. */
const PAGES_SHAPE: RangeShape = {
  unit: 'mfn',
  start: (x) => bigintOf(x['first_mfn']),
  count: (x) => bigintOf(x['count']),
  target: () => undefined,
  attrs: ['type', 'pinned'],
  render: (first_mfn, count, _t, attrs) => ({ first_mfn, count, ...attrs }),
};

const COVERAGE: Readonly<Record<string, RangeShape>> = {
  P2mEntry: P2M_SHAPE,
  P2mExtent: P2M_SHAPE,
  PageRange: PAGES_SHAPE,
};

/** How items of this struct are compared by coverage, when they are ranges of frames. */
export function coverageOf(s: StructDesc): RangeShape | undefined {
  return COVERAGE[s.name];
}
