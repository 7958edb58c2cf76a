/** A domain of any schema version, as the rules read it. */
import type { AnyDomainState } from '../schema/index.js';

export type AnyDomain = AnyDomainState;
export type EventChannel = AnyDomain['event_channels'][number];
