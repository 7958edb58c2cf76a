/**
 * Hand-built example states, one per schema version: dom0 (PV, hardware + xenstore + privileged),
 * an HVM guest, a PVH driver domain, a 32-bit PV guest and a dying HVM guest. Together they use
 * every record type and every enum value of their version, every optional value both null and
 * not, and satisfy every semantic rule. v2 and v3 are evolutions of v1: same host and domains,
 * plus the features the version adds (FIFO ABI, grant v2, runstates; passthrough, extents).
 *
 * One deliberate gap: in v1 no grant is transitive or sub-page, because Xen allows those only
 * in grant-table version 2, which v1 cannot express.
 */
import type { AnyDomainState, DomainStateByVersion, State, StateByVersion, Version } from '../schema/index.js';
import { dom0 } from './dom0.js';
import { dyingGuest } from './dying-guest.js';
import { exampleHost } from './host.js';
import { hvmGuest } from './hvm-guest.js';
import { type DomainBuilder, type DomainParts, toV1, toV2, toV3 } from './parts.js';
import { toV4, toV4Host } from './v4.js';
import { pvGuest } from './pv-guest.js';
import { pvhGuest } from './pvh-guest.js';

export { EXAMPLE_DOMIDS } from './layout.js';

/** In ascending domid, as a stream lists them. */
const DOMAINS: readonly DomainBuilder[] = [dom0, hvmGuest, pvhGuest, pvGuest, dyingGuest];

/** A fresh example state of `version`: every call builds new objects, so callers may mutate it. */
export function exampleState<V extends Version>(version: V): StateByVersion[V];
export function exampleState(version: Version): State {
  const host = exampleHost();
  const p = PROJECTIONS[version] as Projection<Version>;
  return { host: p.host(host), domains: DOMAINS.map((build, i) => p.domain(build(version), i)) } as State;
}

type Host = ReturnType<typeof exampleHost>;
interface Projection<V extends Version> {
  host(h: Host): StateByVersion[V]['host'];
  domain(p: DomainParts, i: number): DomainStateByVersion[V];
}
const same = (h: Host) => h;
/** The projection of the parts onto each version: a version without one does not compile. */
const PROJECTIONS: { readonly [V in Version]: Projection<V> } = {
  1: { host: same, domain: toV1 },
  2: { host: same, domain: toV2 },
  3: { host: same, domain: toV3 },
  4: { host: toV4Host, domain: toV4 },
};

type DomainOf<S extends State> = S extends { domains: (infer D)[] } ? D : never;

/** The domain with `domid` in `state`; throws when there is none. */
export function exampleDomain<S extends State>(state: S, domid: number): DomainOf<S> {
  const domains: readonly AnyDomainState[] = state.domains;
  const found = domains.find((d) => d.domain.domid === domid);
  if (!found) throw new Error(`no domain ${domid} in the example state`);
  return found as DomainOf<S>;
}

/** Index of the domain with `domid` in `state.domains` (for building finding paths). */
export function exampleDomainIndex(state: State, domid: number): number {
  const domains: readonly { domain: { domid: number } }[] = state.domains;
  const i = domains.findIndex((d) => d.domain.domid === domid);
  if (i < 0) throw new Error(`no domain ${domid} in the example state`);
  return i;
}
