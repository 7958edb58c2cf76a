/**
 * The registry of schema versions: the one list every other list of versions (docs, migrations,
 * rules, CLI options, generators) is derived from. Adding a version is adding its module here.
 */
import type { z } from 'zod';
import { v1 } from './v1.js';
import { v2 } from './v2.js';
import { v3 } from './v3.js';
import { v4 } from './v4.js';
import type { SchemaVersion } from './records.js';

export { v1, v2, v3, v4 };

/** Every released schema version, oldest first; the last is the one this library writes. */
const RELEASED = [v1, v2, v3, v4] as const;

type Released = (typeof RELEASED)[number];
type Last<T extends readonly unknown[]> = T extends readonly [...unknown[], infer L] ? L : never;

export type Version = Released['version'];
export type SchemaOf<V extends Version> = Extract<Released, { readonly version: V }>;
export type StateByVersion = { [V in Version]: z.infer<SchemaOf<V>['zod']> };
export type DomainStateByVersion = { [V in Version]: StateByVersion[V]['domains'][number] };
export type State = StateByVersion[Version];
/** A domain's state in any version. */
export type AnyDomainState = DomainStateByVersion[Version];
export type StateV1 = StateByVersion[1];
export type StateV2 = StateByVersion[2];
export type StateV3 = StateByVersion[3];
export type StateV4 = StateByVersion[4];
export type DomainStateV1 = DomainStateByVersion[1];
export type DomainStateV2 = DomainStateByVersion[2];
export type DomainStateV3 = DomainStateByVersion[3];
export type DomainStateV4 = DomainStateByVersion[4];

export const VERSIONS: readonly Version[] = RELEASED.map((s) => s.version);
export const LATEST_VERSION = RELEASED[RELEASED.length - 1]!.version as Last<typeof RELEASED>['version'];
export const SCHEMAS: Readonly<Record<Version, SchemaVersion>> = Object.fromEntries(RELEASED.map((s): [Version, SchemaVersion] => [s.version, s])) as Record<Version, SchemaVersion>;

RELEASED.forEach((s, i) => {
  if (s.version !== i + 1) throw new Error(`schema registry: version ${s.version} at position ${i + 1}`);
});

export function isVersion(n: number): n is Version {
  return (VERSIONS as readonly number[]).includes(n);
}
export function schemaOf(version: Version): SchemaVersion {
  return SCHEMAS[version];
}
