/**
 * How list items are matched between A and B. Items of these structs (by schema struct name,
 * stable across versions) are matched by their identity fields, whatever their position; ranges
 * of frames are compared by coverage; any other list is compared position by position.
 */
import { type P2mList, p2mEquivalent } from '../migrate/p2m-runs.js';
import type { StructDesc } from '../schema/dsl.js';
import type { RangeShape } from './coverage.js';

const IDENTITY: Readonly<Record<string, readonly string[]>> = {
  Vcpu: ['id'],
  EventChannel: ['port'],
  ActiveGrant: ['ref'],
  MaptrackEntry: ['handle'],
  HvmParam: ['index'],
  HvmDevice: ['type', 'instance'],
  IoreqServer: ['id'],
  VcpuRunstate: ['vcpu'],
  FifoVcpu: ['vcpu'],
  Msr: ['index'],
  Cpupool: ['id'],
  PirqBinding: ['pirq'],
  PciDevice: ['segment', 'bus', 'devfn'],
};

/** The identity fields of a struct's items, when they are matched by identity. */
export function identityOf(s: StructDesc): readonly string[] | undefined {
  const key = IDENTITY[s.name];
  return key && key.every((k) => k in s.fields) ? key : undefined;
}

/** The identity of an item, as its path segment shows it: `12`, `rtc:0`. */
export function identityLabel(item: Record<string, unknown>, key: readonly string[]): string {
  return key.map((k) => String(item[k])).join(':');
}

const bigintOf = (v: unknown): bigint => (typeof v === 'bigint' ? v : BigInt(v as number));

/** P2M entries (page order) and extents: GFN -> MFN, type, access. */
const P2M_SHAPE: RangeShape = {
  unit: 'gfn',
  start: (x) => bigintOf(x['gfn']),
  count: (x) => ('count' in x ? bigintOf(x['count']) : 1n << bigintOf(x['order'])),
  target: (x) => bigintOf(x['mfn']),
  attrs: (x) => ({ type: x['type'], access: x['access'] }),
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
  attrs: (x) => ({ type: x['type'], pinned: x['pinned'] }),
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
