/**
 * Migrations between adjacent schema versions, and `convert` that chains them. Every migration
 * builds new objects and never mutates its input; unchanged sub-objects are shared by reference.
 * What a reader kept as not understood (unknown.ts) rides along on the rebuilt objects.
 */
import { type Blocker, DowngradeError, FormatError } from '../errors.js';
import { LATEST_VERSION, type State, type StateByVersion, VERSIONS, type Version, isVersion } from '../schema/index.js';
import { knownRecordCount } from '../encode.js';
import { SCHEMAS } from '../schema/index.js';
import { setUnknownRecords, unknownRecordsOf } from '../unknown.js';
import { type DowngradeContext, type DowngradeOptions, type Migrated, DROPPABLE_FEATURES } from './notes.js';
import { downgrade2to1, upgrade1to2 } from './v1-v2.js';
import { downgrade3to2, upgrade2to3 } from './v2-v3.js';
import { downgrade4to3, upgrade3to4 } from './v3-v4.js';

export type { DowngradeOptions, DroppableFeature, MigrationNote, Migrated } from './notes.js';
export { DROPPABLE_FEATURES } from './notes.js';
export { MAX_SPLIT_ENTRIES, entriesToExtents, extentsToEntries, p2mEquivalent, splitEntryCount } from './p2m-runs.js';
export type { P2mEntryValue, P2mExtentValue, P2mList } from './p2m-runs.js';

function badVersion(what: string, v: unknown): never {
  throw new FormatError('bad-version', `${what}: ${String(v)} is not a schema version this library knows`);
}

/**
 * The migrations between adjacent versions, keyed by the version they start from: the one place a
 * new version's steps are registered. The overloads of `upgrade` and `downgrade` derive from them.
 */
const UPGRADES = { 1: upgrade1to2, 2: upgrade2to3, 3: upgrade3to4 } as const;
const DOWNGRADES = { 2: downgrade2to1, 3: downgrade3to2, 4: downgrade4to3 } as const;
type Upgradable = keyof typeof UPGRADES;
type Downgradable = keyof typeof DOWNGRADES;
type Upgraded = { [V in Upgradable]: ReturnType<(typeof UPGRADES)[V]> };
type Downgraded = { [V in Downgradable]: ReturnType<(typeof DOWNGRADES)[V]> };

for (const v of VERSIONS) {
  const up = v !== LATEST_VERSION && !(v in UPGRADES);
  const down = v !== 1 && !(v in DOWNGRADES);
  if (up || down) throw new Error(`migrations: no ${up ? 'upgrade' : 'downgrade'} step from version ${v}`);
}

function canUpgrade(v: Version): v is Upgradable {
  return v in UPGRADES;
}
function canDowngrade(v: Version): v is Downgradable {
  return v in DOWNGRADES;
}

/** One step up: from version `from` to `from + 1`. */
export function upgrade<V extends Upgradable>(state: StateByVersion[V], from: V): Upgraded[V];
export function upgrade(state: State, from: Version): Migrated<State>;
export function upgrade(state: State, from: Version): Migrated<State> {
  if (!canUpgrade(from)) return badVersion('upgrade', isVersion(from) ? `${from} + 1` : from);
  const step = UPGRADES[from] as (s: State) => Migrated<State>;
  return placeUnknown(step(state), (from + 1) as Version);
}

/**
 * One step down: from version `from` to `from - 1`. Throws a DowngradeError naming every blocker,
 * unless `options.drop` names its feature.
 */
export function downgrade<V extends Downgradable>(state: StateByVersion[V], from: V, options?: DowngradeOptions): Downgraded[V];
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
  if (!canDowngrade(from)) return badVersion('downgrade', isVersion(from) ? `${from} - 1` : from);
  const step = DOWNGRADES[from] as (s: State, c: DowngradeContext) => Migrated<State>;
  return placeUnknown(step(state, ctx), (from - 1) as Version);
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
