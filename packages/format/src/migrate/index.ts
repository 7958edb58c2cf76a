/**
 * Migrations between adjacent schema versions, and `convert` that chains them. Every migration
 * builds new objects and never mutates its input; unchanged sub-objects are shared by reference.
 * What a reader kept as not understood (unknown.ts) rides along on the rebuilt objects.
 */
import { type Blocker, DowngradeError, FormatError } from '../errors.js';
import { type State, type StateByVersion, type StateV1, type StateV2, type StateV3, type Version, isVersion } from '../schema/index.js';
import { knownRecordCount } from '../encode.js';
import { SCHEMAS } from '../schema/index.js';
import { setUnknownRecords, unknownRecordsOf } from '../unknown.js';
import { type DowngradeContext, type DowngradeOptions, type Migrated, DROPPABLE_FEATURES } from './notes.js';
import { downgrade2to1, upgrade1to2 } from './v1-v2.js';
import { downgrade3to2, upgrade2to3 } from './v2-v3.js';

export type { DowngradeOptions, DroppableFeature, MigrationNote, Migrated } from './notes.js';
export { DROPPABLE_FEATURES } from './notes.js';
export { MAX_SPLIT_ENTRIES, entriesToExtents, extentsToEntries, p2mEquivalent, splitEntryCount } from './p2m-runs.js';
export type { P2mEntryValue, P2mExtentValue, P2mList } from './p2m-runs.js';

function badVersion(what: string, v: unknown): never {
  throw new FormatError('bad-version', `${what}: ${String(v)} is not a schema version this library knows`);
}

/** One step up: from version `from` to `from + 1`. */
export function upgrade(state: StateV1, from: 1): Migrated<StateV2>;
export function upgrade(state: StateV2, from: 2): Migrated<StateV3>;
export function upgrade(state: State, from: Version): Migrated<State>;
export function upgrade(state: State, from: Version): Migrated<State> {
  if (from === 1) return placeUnknown(upgrade1to2(state as StateV1), 2);
  if (from === 2) return placeUnknown(upgrade2to3(state as StateV2), 3);
  return badVersion('upgrade', isVersion(from) ? `${from} + 1` : from);
}

/**
 * One step down: from version `from` to `from - 1`. Throws a DowngradeError naming every blocker,
 * unless `options.drop` names its feature.
 */
export function downgrade(state: StateV2, from: 2, options?: DowngradeOptions): Migrated<StateV1>;
export function downgrade(state: StateV3, from: 3, options?: DowngradeOptions): Migrated<StateV2>;
export function downgrade(state: State, from: Version, options?: DowngradeOptions): Migrated<State>;
export function downgrade(state: State, from: Version, options: DowngradeOptions = {}): Migrated<State> {
  const ctx = contextOf(options);
  const m = downgradeStep(state, from, ctx);
  throwBlockers(ctx.blockers);
  return m;
}

function contextOf(options: DowngradeOptions): DowngradeContext {
  for (const f of options.drop ?? []) {
    if (!(DROPPABLE_FEATURES as readonly string[]).includes(f)) {
      throw new FormatError('bad-value', `cannot drop ${JSON.stringify(f)}: the features a downgrade can drop are ${DROPPABLE_FEATURES.join(', ')}`);
    }
  }
  return { drop: new Set(options.drop ?? []), blockers: [] };
}

function throwBlockers(blockers: readonly Blocker[]): void {
  const [first, ...rest] = blockers;
  if (first) throw new DowngradeError([first, ...rest]);
}

/** A step down that collects its blockers in `ctx` and goes on; its state is unusable if any. */
function downgradeStep(state: State, from: Version, ctx: DowngradeContext): Migrated<State> {
  if (from === 2) return placeUnknown(downgrade2to1(state as StateV2, ctx), 1);
  if (from === 3) return placeUnknown(downgrade3to2(state as StateV3, ctx), 2);
  return badVersion('downgrade', isVersion(from) ? `${from} - 1` : from);
}

/**
 * A step that drops or merges records (runstates, P2M runs) can leave an unknown record placed
 * after more known records than its domain now has; the encoder refuses such a placement, so it
 * moves to after the domain's last record, where it stood. The migrated domains are new objects.
 */
function placeUnknown(m: Migrated<State>, version: Version): Migrated<State> {
  for (const d of m.state.domains as Record<string, unknown>[]) {
    const list = unknownRecordsOf(d);
    if (!list) continue;
    const known = knownRecordCount(SCHEMAS[version], d);
    if (list.some((u) => u.after > known)) setUnknownRecords(d, list.map((u) => (u.after > known ? { ...u, after: known } : u)));
  }
  return m;
}

/**
 * From version `from` to version `to` in adjacent steps, either way; the notes of all steps in
 * order. When `from === to` the same state object is returned, not a copy, with no notes. A
 * downgrade goes through every step before refusing, so that its DowngradeError names the
 * blockers of all steps (3 -> 1: passthrough and FIFO at once).
 */
export function convert<F extends Version, T extends Version>(state: StateByVersion[F], from: F, to: T, options?: DowngradeOptions): Migrated<StateByVersion[T]>;
export function convert(state: State, from: Version, to: Version, options: DowngradeOptions = {}): Migrated<State> {
  if (!isVersion(from)) badVersion('convert from', from);
  if (!isVersion(to)) badVersion('convert to', to);
  const ctx = contextOf(options);
  let current = state;
  const notes: Migrated<State>['notes'] = [];
  for (let v: Version = from; v !== to; ) {
    const step = v < to ? upgrade(current, v) : downgradeStep(current, v, ctx);
    current = step.state;
    for (const n of step.notes) notes.push(n);
    v = (v < to ? v + 1 : v - 1) as Version;
  }
  throwBlockers(ctx.blockers);
  return { state: current, notes };
}
