/** A domain of any schema version, as the rules read it. */
import type { DomainStateV1, DomainStateV2, DomainStateV3 } from '../schema/index.js';

export type AnyDomain = DomainStateV1 | DomainStateV2 | DomainStateV3;
export type EventChannel = AnyDomain['event_channels'][number];
