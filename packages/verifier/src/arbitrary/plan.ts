/**
 * The plan of a generated state: the free choices (sizes, kinds, which domain links to which, and
 * schema-derived filler for unconstrained fields). fast-check generates and shrinks plans; the
 * builder turns any plan into a state that satisfies every invariant, so shrinking never leaves
 * the valid space. Cross-domain references are plain numbers taken modulo the domain count.
 */
import fc from 'fast-check';
import { structArbitrary } from './from-schema.js';
import { type Caps, fieldDesc, sectionStruct, structOf } from './caps.js';
import type { ProfileKnobs, Range } from './profiles.js';

export type Filler = Record<string, unknown>;

/** P2M types whose frames the domain owns (asm/p2m.h); the first ones are the common case. */
export const RAM_TYPES = ['ram_rw', 'ram_rw', 'ram_rw', 'ram_logdirty', 'ram_ro', 'ram_paging_out', 'ram_paging_in', 'ram_broken', 'ioreq_server'] as const;
/** Of those, the ones Xen counts as RAM (P2M_RAM_TYPES): what STORE_PFN and CONSOLE_PFN may name. */
export const PARAM_RAM_TYPES: readonly string[] = ['ram_rw', 'ram_logdirty', 'ram_ro', 'ram_paging_out', 'ram_paging_in', 'ioreq_server'];
export const FOREIGN_TYPES = ['grant_map_rw', 'grant_map_ro', 'map_foreign'] as const;
/** P2M types with no backing frame: the MFN means nothing. */
export const UNBACKED_TYPES = ['invalid', 'mmio_dm', 'populate_on_demand', 'ram_paged'] as const;
export const PV_PAGE_TYPES = ['none', 'l1', 'l2', 'l3', 'l4', 'seg_desc', 'writable'] as const;

export interface ChunkPlan {
  readonly kind: 'ram' | 'shared' | 'foreign' | 'mmio' | 'unbacked';
  /** 0, 9 or 18. */
  readonly order: number;
  /** Consecutive entries of that order (v1/v2), or the multiple of 2^order (v3). */
  readonly repeat: number;
  /** v3, order 0: MFN not aligned like the GFN, so the downgrade splits it into 4K entries. */
  readonly misalign: boolean;
  readonly ramType: number;
  readonly access: number;
  readonly gfnGap: number;
  /** Foreign: which other domain, and where in its memory. */
  readonly peer: number;
  readonly pick: number;
}

export interface PortPlan {
  readonly vcpu: number;
  readonly fill: Filler;
}

export interface DomainPlan {
  readonly domidGap: number;
  readonly type: 'pv32' | 'pv64' | 'hvm' | 'pvh';
  readonly runState: 'running' | 'paused' | 'dying';
  readonly domainFill: Filler;
  readonly tscFill: Filler;
  readonly vcpuFills: readonly Filler[];
  /** Gaps between vCPU ids (id k = id k-1 + 1 + gap), and whether a dying domain lost vCPU 0. */
  readonly vcpuGaps: readonly number[];
  readonly dropVcpu0: boolean;
  readonly extraVcpuSlots: number;
  readonly maxPagesSlack: bigint;
  readonly portSlack: number;
  readonly gfnBase: number;
  readonly chunks: readonly ChunkPlan[];
  readonly pageRuns: readonly { readonly count: number; readonly type: number; readonly pinned: boolean; readonly gap: number }[];
  readonly fifo: boolean;
  readonly fifoFill: Filler;
  readonly fifoVcpuFill: Filler;
  readonly ipis: readonly PortPlan[];
  readonly virqs: readonly (PortPlan & { readonly virq: number })[];
  readonly unbound: readonly (PortPlan & { readonly remote: number })[];
  /** PIRQ channels of versions without PIRQ bindings (before v3 a pirq channel stands alone). */
  readonly pirqChannels: readonly (PortPlan & { readonly gap: number })[];
  readonly grantTable: null | { readonly version: number; readonly extraFrames: number; readonly extraMax: number; readonly refGap: number };
  readonly params: { readonly store: boolean; readonly console: boolean; readonly bufioreq: boolean; readonly pick: number; readonly others: readonly Filler[] };
  readonly devices: readonly Filler[];
  /** `unbound`: the vCPU ports wait for the device model (unbound to it) rather than being connected. */
  readonly ioreq: readonly { readonly dm: number; readonly unbound: boolean; readonly fill: Filler; readonly chan: Filler }[];
  /** Filler of the channels and mappings the builder adds on its own (wiring, IOREQ ports). */
  readonly chanFill: Filler;
  readonly mapFill: Filler;
  readonly passthrough: null | { readonly devices: number; readonly fill: Filler; readonly pirqs: readonly { readonly gap: number; readonly bound: boolean; readonly vcpu: number; readonly fill: Filler; readonly chan: Filler }[] };
  readonly runstates: readonly Filler[] | null;
  readonly pool: number;
}

export interface LinkPlan {
  readonly a: number;
  readonly b: number;
  readonly vcpuA: number;
  readonly vcpuB: number;
  readonly fillA: Filler;
  readonly fillB: Filler;
}

export interface GrantPlan {
  readonly granter: number;
  readonly grantee: number;
  /** One element per host mapping the grantee made: true = read-only. */
  readonly maps: readonly boolean[];
  readonly deviceRw: number;
  readonly deviceRo: number;
  /** Device mappings the grantee made (maptrack entries with device_map only). */
  readonly deviceMaps: number;
  /** Version 2 tables: a transitive grant of a third domain's frame, a sub-page window. */
  readonly transitive: boolean;
  readonly subPage: boolean;
  readonly pick: number;
  readonly vcpu: number;
  readonly mapFill: Filler;
}

export interface HostPlan {
  readonly fill: Filler;
  readonly nrPcpus: number;
  readonly pools: readonly { readonly gap: number; readonly fill: Filler }[];
  readonly bootmemBefore: readonly { readonly gap: number; readonly count: number }[];
  readonly bootmemAfter: readonly { readonly gap: number; readonly count: number }[];
  readonly m2pPages: number;
  readonly streamPages: number;
  readonly recordStreamMfns: boolean;
  readonly slack: number;
}

export interface StatePlan {
  readonly host: HostPlan;
  readonly domains: readonly DomainPlan[];
  readonly links: readonly LinkPlan[];
  readonly grants: readonly GrantPlan[];
  readonly wiring: boolean;
}

const nat = (max: number) => fc.nat({ max });
const between = (r: Range) => fc.integer({ min: r.min, max: r.max });

function listFill(caps: Caps, section: string): fc.Arbitrary<Filler> {
  return structArbitrary(sectionStruct(caps.schema, section));
}

function nestedFill(caps: Caps, section: string, field: string): fc.Arbitrary<Filler> {
  const d = fieldDesc(sectionStruct(caps.schema, section), field);
  if (!d) throw new Error(`schema v${caps.version}: ${section}.${field} missing`);
  const item = d.kind === 'list' || d.kind === 'opt' ? d.item : undefined;
  if (!item) throw new Error(`${section}.${field}: expected a list or optional struct`);
  const inner = item.desc.kind === 'opt' ? item.desc.item : item;
  return structArbitrary(structOf(inner));
}

function chunkArbitrary(caps: Caps, k: ProfileKnobs): fc.Arbitrary<ChunkPlan> {
  const orders = k.bigPages ? [0, 0, 0, 9, 18] : [0];
  return fc.record({
    kind: fc.constantFrom<ChunkPlan['kind']>('ram', 'ram', 'ram', 'ram', 'shared', 'foreign', 'mmio', 'unbacked'),
    order: fc.constantFrom(...orders),
    repeat: fc.integer({ min: 1, max: 3 }),
    misalign: caps.p2mExtents ? fc.boolean() : fc.constant(false),
    ramType: nat(RAM_TYPES.length - 1),
    access: nat(10),
    gfnGap: fc.oneof(fc.constant(0), nat(4)),
    peer: nat(1000),
    pick: nat(1 << 20),
  });
}

function domainArbitrary(caps: Caps, k: ProfileKnobs, isDom0: boolean): fc.Arbitrary<DomainPlan> {
  const types = isDom0 ? (['pv64', 'pvh'] as const) : (['pv32', 'pv64', 'hvm', 'hvm', 'pvh'] as const);
  const port = fc.record({ vcpu: nat(64), fill: listFill(caps, 'event_channels') });
  const vcpuFill = structArbitrary(sectionStruct(caps.schema, 'vcpus'), { nonNull: ['hvm', 'pv'], seeded: ['hvm', 'pv', 'msrs'] });
  return fc.record({
    domidGap: isDom0 ? fc.constant(0) : fc.oneof(fc.constant(0), nat(3)),
    type: fc.constantFrom(...types),
    runState: isDom0 ? fc.constant('running' as const) : fc.constantFrom('running' as const, 'running' as const, 'paused' as const, 'dying' as const),
    domainFill: structArbitrary(sectionStruct(caps.schema, 'domain')),
    tscFill: structArbitrary(sectionStruct(caps.schema, 'tsc_info')),
    vcpuFills: fc.array(vcpuFill, { minLength: k.vcpus.min, maxLength: k.vcpus.max }),
    vcpuGaps: fc.array(fc.oneof(fc.constant(0), nat(2)), { maxLength: k.vcpus.max }),
    dropVcpu0: fc.boolean(),
    extraVcpuSlots: nat(3),
    maxPagesSlack: fc.oneof(fc.constant(0n), fc.bigInt({ min: 0n, max: 1n << 20n }), fc.bigInt({ min: 1n << 32n, max: 1n << 40n })),
    portSlack: fc.oneof(fc.constant(0), nat(5000)),
    gfnBase: nat(64),
    chunks: fc.array(chunkArbitrary(caps, k), { minLength: k.p2mChunks.min, maxLength: k.p2mChunks.max }),
    pageRuns: fc.array(
      fc.record({ count: fc.integer({ min: 1, max: 64 }), type: nat(PV_PAGE_TYPES.length - 1), pinned: fc.boolean(), gap: nat(2) }),
      { minLength: k.pageRuns.min, maxLength: k.pageRuns.max },
    ),
    fifo: caps.fifo ? fc.boolean() : fc.constant(false),
    fifoFill: caps.fifo ? listFill(caps, 'event_fifo') : fc.constant({}),
    fifoVcpuFill: caps.fifo ? nestedFill(caps, 'event_fifo', 'vcpus') : fc.constant({}),
    ipis: fc.array(port, { maxLength: k.ports }),
    virqs: fc.array(fc.record({ vcpu: nat(64), virq: nat(23), fill: listFill(caps, 'event_channels') }), { maxLength: k.ports }),
    unbound: fc.array(fc.record({ vcpu: nat(64), remote: nat(1000), fill: listFill(caps, 'event_channels') }), { maxLength: k.ports }),
    pirqChannels: 'passthrough' in caps.schema.sections
      ? fc.constant([])
      : fc.array(fc.record({ vcpu: nat(64), gap: nat(8), fill: listFill(caps, 'event_channels') }), { maxLength: k.ports }),
    grantTable: fc.option(
      fc.record({ version: fc.integer({ min: 1, max: Math.max(1, caps.maxGrantVersion) }), extraFrames: nat(2), extraMax: nat(4), refGap: nat(3) }),
      { nil: null },
    ),
    params: fc.record({
      store: fc.boolean(),
      console: fc.boolean(),
      bufioreq: fc.boolean(),
      pick: nat(1 << 16),
      others: fc.array(listFill(caps, 'hvm_params'), { maxLength: 3 }),
    }),
    devices: fc.array(listFill(caps, 'hvm_devices'), { maxLength: 4 }),
    ioreq: fc.array(fc.record({ dm: nat(1000), unbound: fc.boolean(), fill: listFill(caps, 'ioreq_servers'), chan: listFill(caps, 'event_channels') }), { maxLength: 2 }),
    chanFill: listFill(caps, 'event_channels'),
    mapFill: caps.schema.sections['grant_table'] ? nestedFill(caps, 'grant_table', 'maptrack') : fc.constant({}),
    passthrough: caps.passthrough
      ? fc.option(
          fc.record({
            devices: nat(3),
            fill: listFill(caps, 'passthrough'),
            pirqs: fc.array(
              fc.record({ gap: nat(8), bound: fc.boolean(), vcpu: nat(64), fill: nestedFill(caps, 'passthrough', 'pirqs'), chan: listFill(caps, 'event_channels') }),
              { maxLength: 3 },
            ),
          }),
          { nil: null, freq: 2 },
        )
      : fc.constant(null),
    runstates: caps.runstates ? fc.option(fc.array(listFill(caps, 'vcpu_runstates'), { minLength: 1, maxLength: 4 }), { nil: null }) : fc.constant(null),
    pool: nat(8),
  });
}

function hostArbitrary(caps: Caps): fc.Arbitrary<HostPlan> {
  const region = fc.record({ gap: fc.integer({ min: 1, max: 64 }), count: fc.integer({ min: 1, max: 4096 }) });
  const host = caps.schema.host.body.desc;
  const poolField = host.fields['cpupools']?.node.desc;
  const poolFill = poolField?.kind === 'list' ? structArbitrary(structOf(poolField.item)) : fc.constant({});
  return fc.record({
    fill: structArbitrary(host),
    nrPcpus: fc.integer({ min: 1, max: 16 }),
    pools: fc.array(fc.record({ gap: nat(3), fill: poolFill }), { minLength: 1, maxLength: 3 }),
    bootmemBefore: fc.array(region, { minLength: 1, maxLength: 2 }),
    bootmemAfter: fc.array(region, { maxLength: 2 }),
    m2pPages: fc.integer({ min: 1, max: 64 }),
    streamPages: fc.integer({ min: 1, max: 8 }),
    recordStreamMfns: fc.boolean(),
    slack: nat(1 << 16),
  });
}

export function statePlanArbitrary(caps: Caps, k: ProfileKnobs): fc.Arbitrary<StatePlan> {
  const guests = fc.array(domainArbitrary(caps, k, false), { minLength: k.domains.min - 1, maxLength: k.domains.max - 1 });
  const link = fc.record({ a: nat(1000), b: nat(1000), vcpuA: nat(64), vcpuB: nat(64), fillA: listFill(caps, 'event_channels'), fillB: listFill(caps, 'event_channels') });
  const grantMap = caps.schema.sections['grant_table'] ? nestedFill(caps, 'grant_table', 'maptrack') : fc.constant({});
  const grant = fc.record({
    granter: nat(1000),
    grantee: nat(1000),
    maps: fc.array(fc.boolean(), { maxLength: 3 }),
    deviceRw: nat(2),
    deviceRo: nat(2),
    deviceMaps: fc.oneof(fc.constant(0), nat(2)),
    transitive: fc.boolean(),
    subPage: fc.boolean(),
    pick: nat(1 << 20),
    vcpu: nat(64),
    mapFill: grantMap,
  });
  return fc.record({
    host: hostArbitrary(caps),
    domains: fc.tuple(domainArbitrary(caps, k, true), guests).map(([d0, rest]) => [d0, ...rest]),
    links: fc.array(link, { maxLength: k.links }),
    grants: fc.array(grant, { maxLength: k.grants }),
    wiring: fc.constant(k.guestWiring),
  });
}

