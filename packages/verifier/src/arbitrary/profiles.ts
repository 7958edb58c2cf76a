/**
 * Size profiles of generated states: from one small domain to a host with a hundred guests, and a
 * fragmented shape with many small P2M and ownership ranges.
 */

export type Profile = 'tiny' | 'small' | 'host' | 'fragmented';
export const PROFILES: readonly Profile[] = ['tiny', 'small', 'host', 'fragmented'];

export interface Range {
  readonly min: number;
  readonly max: number;
}

export interface ProfileKnobs {
  /** Domains, dom0 included. */
  readonly domains: Range;
  readonly vcpus: Range;
  /** P2M chunks per hvm/pvh domain. */
  readonly p2mChunks: Range;
  /** Owned ranges outside the P2M per domain. */
  readonly pageRuns: Range;
  /** Superpage (2M, 1G) chunks allowed. */
  readonly bigPages: boolean;
  /** Most free-form interdomain channel pairs, grant links and per-domain extra ports. */
  readonly links: number;
  readonly grants: number;
  readonly ports: number;
  /** Every guest gets xenstore and console channels to dom0 and grants a page to it. */
  readonly guestWiring: boolean;
}

export const PROFILE_KNOBS: Readonly<Record<Profile, ProfileKnobs>> = {
  tiny: {
    domains: { min: 1, max: 2 }, vcpus: { min: 1, max: 2 }, p2mChunks: { min: 0, max: 3 }, pageRuns: { min: 0, max: 2 },
    bigPages: true, links: 2, grants: 2, ports: 2, guestWiring: false,
  },
  small: {
    domains: { min: 1, max: 5 }, vcpus: { min: 1, max: 4 }, p2mChunks: { min: 0, max: 6 }, pageRuns: { min: 0, max: 3 },
    bigPages: true, links: 6, grants: 6, ports: 4, guestWiring: false,
  },
  host: {
    domains: { min: 101, max: 101 }, vcpus: { min: 1, max: 4 }, p2mChunks: { min: 1, max: 4 }, pageRuns: { min: 1, max: 2 },
    bigPages: true, links: 20, grants: 20, ports: 3, guestWiring: true,
  },
  fragmented: {
    domains: { min: 1, max: 3 }, vcpus: { min: 1, max: 2 }, p2mChunks: { min: 50, max: 400 }, pageRuns: { min: 20, max: 200 },
    bigPages: false, links: 2, grants: 2, ports: 2, guestWiring: false,
  },
};

/** The knobs of `profile`, with the domain count pinned when asked. */
export function knobsOf(profile: Profile, domains?: number): ProfileKnobs {
  const k = PROFILE_KNOBS[profile];
  if (domains === undefined) return k;
  if (!Number.isInteger(domains) || domains < 1 || domains > 2000) throw new RangeError(`domains must be 1-2000, got ${domains}`);
  return { ...k, domains: { min: domains, max: domains } };
}

export function isProfile(s: string): s is Profile {
  return (PROFILES as readonly string[]).includes(s);
}
