import type { z } from 'zod';
import { v1 } from './v1.js';
import { v2 } from './v2.js';
import { v3 } from './v3.js';
import type { SchemaVersion } from './records.js';

export { v1, v2, v3 };
export type StateV1 = z.infer<typeof v1.zod>;
export type StateV2 = z.infer<typeof v2.zod>;
export type StateV3 = z.infer<typeof v3.zod>;
export type State = StateV1 | StateV2 | StateV3;
export type DomainStateV1 = StateV1['domains'][number];
export type DomainStateV2 = StateV2['domains'][number];
export type DomainStateV3 = StateV3['domains'][number];
export type StateByVersion = { 1: StateV1; 2: StateV2; 3: StateV3 };
export type Version = keyof StateByVersion;

export const VERSIONS = [1, 2, 3] as const satisfies readonly Version[];
export const LATEST_VERSION = 3 as const;
export const SCHEMAS: Readonly<Record<Version, SchemaVersion>> = { 1: v1, 2: v2, 3: v3 };

export function isVersion(n: number): n is Version {
  return n === 1 || n === 2 || n === 3;
}
export function schemaOf(version: Version): SchemaVersion {
  return SCHEMAS[version];
}
