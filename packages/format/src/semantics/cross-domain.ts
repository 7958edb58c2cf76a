/**
 * What the cross-domain rules need to know about the domains already checked, filled one domain
 * at a time and kept compact (no domain is held): domids by stream position, frame ownership, the
 * bound ports of each domid, active grants, assigned devices. A check that names a domain not yet
 * seen (dom0's channel to a guest further on) cannot decide yet: it leaves a deferred check, with
 * only the numbers it needs and the entry that names the place, run once every domain is in.
 * The whole state is checked the same way, domain after domain, so both give the same findings.
 */
import type { AnyDomain } from './any-domain.js';
import { OwnerMap } from './owner-map.js';
import type { Report } from './report.js';

/** A bound port as the other end of a channel sees it. */
export interface PortEnd {
  readonly state: AnyDomain['event_channels'][number]['state'];
  /** For interdomain and unbound channels: the remote domain; -1 otherwise. */
  readonly remoteDomid: number;
  /** For interdomain channels: the remote port; -1 otherwise. */
  readonly remotePort: number;
}

/** An active grant entry, as its maptrack references and pin counts need it. */
export interface ActiveGrant {
  /** Stream position and domid of the granter. */
  readonly index: number;
  readonly domid: number;
  /** Position in the granter's `grant_table.active`, and the entry itself, which names the place (its key). */
  readonly j: number;
  readonly entry: NonNullable<AnyDomain['grant_table']>['active'][number];
  readonly grantee: number;
  readonly pins: number;
  /** Host mappings of the entry in the grantee's maptrack, counted as maptracks arrive. */
  mapped: number;
}

/** (domid, n) as one number: domid < 2^16, n < 2^32, exact below 2^53. */
export const pairKey = (domid: number, n: number): number => domid * 2 ** 32 + n;

export class CrossDomainIndex {
  /** Domid of the domain at each stream position. */
  readonly domidAt: number[] = [];
  /** Stream position of the first domain with each domid. */
  readonly firstOf = new Map<number, number>();
  /** Owner of each frame, as stream positions. */
  readonly owners = new OwnerMap();
  /** Bound ports (first channel per port) of the first domain with each domid, by pairKey(domid, port). */
  readonly ports = new Map<number, PortEnd>();
  /** First active entry of each (granter domid, ref), by pairKey. */
  readonly grants = new Map<number, ActiveGrant>();
  /** Domid holding each PCI device (segment, bus, devfn as one number). */
  readonly devices = new Map<number, number>();
  /** Stream position of the first hardware domain. */
  hardware: number | undefined;
  private readonly deferred: ((report: Report) => void)[] = [];

  /** Registers the domain at stream position `index`; whether it is the first with its domid. */
  enter(index: number, domid: number): boolean {
    this.domidAt[index] = domid;
    if (this.firstOf.has(domid)) return false;
    this.firstOf.set(domid, index);
    return true;
  }

  /** Whether every domain with `domid` that counts (the first) has been checked. */
  seen(domid: number): boolean {
    return this.firstOf.has(domid);
  }

  /** A check to run once every domain is in; it must hold no domain, only numbers and entries. */
  later(check: (report: Report) => void): void {
    this.deferred.push(check);
  }

  /** Runs the deferred checks, in the order they were left. */
  finish(report: Report): void {
    for (const check of this.deferred) check(report);
    this.deferred.length = 0;
  }
}

/**
 * Just enough of a domain to name one of its entries by identity once the domain is gone: its
 * domid and, at `list` (a section, or a section's list field), the entry at position `j`.
 */
export function domainStub(domid: number, list: readonly string[], j: number, entry: unknown): { host: undefined; domains: unknown[] } {
  const items: unknown[] = [];
  items[j] = entry;
  let node: unknown = items;
  for (let k = list.length - 1; k >= 0; k--) node = { [list[k]!]: node };
  return { host: undefined, domains: [{ ...(node as object), domain: { domid } }] };
}
