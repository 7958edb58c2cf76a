/**
 * Deterministic fragmented hosts of any size, built one domain at a time so a 1 GiB dump can be
 * written without holding its state: dom0 plus HVM guests whose memory is interleaved with each
 * other at 4 KiB granularity (ballooned, long-running guests), so every owned page is its own
 * PAGES range and every guest frame its own P2M entry (the worst case of state-model.md section 5).
 * The generator's profiles stop at a few hundred ranges; this scales to tens of millions.
 *
 * The vCPU contexts, TSC info and platform devices come from the example HVM guest, so every
 * record is as realistic as the hand-built examples; cross-domain references (grants, interdomain
 * channels, IOREQ servers) are left out, so the state stays valid by construction at any size.
 */
import { exampleState } from '@xenlu/format/testing';

/** Guest memory starts above every special region of the example host (16 GiB). */
const GUEST_BASE = 0x40_0000n;
/** Encoded bytes per guest page, measured (P2M entry + PAGES range); used to size a request. */
export const BYTES_PER_PAGE = 23;

/** Template parts taken once per version from the example state. */
function templates(version) {
  const s = exampleState(version);
  const dom0 = s.domains.find((d) => d.domain.domid === 0);
  const hvm = s.domains.find((d) => d.domain.type === 'hvm' && d.domain.state === 'running');
  return { host: s.host, dom0, hvm };
}

/**
 * A fragmented host plan: `guests` HVM guests of `pagesPerGuest` pages each.
 * `host()`, then `domain(0)` (dom0) and `domain(k)` for guest k = 1..guests, in ascending domid.
 */
export function fragmentedPlan(version, { guests, pagesPerGuest }) {
  if (!Number.isInteger(guests) || guests < 1 || guests > 0x7fe0) throw new RangeError(`guests must be 1-32736, got ${guests}`);
  if (!Number.isInteger(pagesPerGuest) || pagesPerGuest < 1) throw new RangeError(`pagesPerGuest must be >= 1, got ${pagesPerGuest}`);
  const t = templates(version);
  // Guests interleave: guest k owns frames GUEST_BASE + j * stride + (k - 1). A stride of at least
  // 2 keeps a lone guest's frames apart too.
  const stride = BigInt(Math.max(guests, 2));
  const totalPages = GUEST_BASE + BigInt(pagesPerGuest) * stride + 0x1000n;
  return {
    version,
    guests,
    pagesPerGuest,
    domainCount: guests + 1,
    host() {
      return { ...t.host, total_pages: totalPages };
    },
    domain(k) {
      if (k === 0) return structuredClone(t.dom0Stripped ??= stripDom0(t.dom0, version));
      return guest(t.hvm, version, k, pagesPerGuest, stride);
    },
  };
}

/** Builds the whole state of a plan in memory. */
export function buildState(plan) {
  const domains = [];
  for (let k = 0; k < plan.domainCount; k++) domains.push(plan.domain(k));
  return { host: plan.host(), domains };
}

/** A plan whose stream is about `bytes` long, with guests of at most `maxPagesPerGuest` pages (1 GiB of RAM). */
export function planForSize(version, bytes, maxPagesPerGuest = 1 << 18) {
  const pages = Math.max(1, Math.round(bytes / BYTES_PER_PAGE));
  const guests = Math.ceil(pages / maxPagesPerGuest);
  return fragmentedPlan(version, { guests, pagesPerGuest: Math.ceil(pages / guests) });
}

/** dom0 without its links to the example guests (grants, interdomain channels, PIRQ channels). */
function stripDom0(d, version) {
  const out = structuredClone(d);
  out.grant_table = null;
  out.event_channels = d.event_channels.filter((c) => c.state === 'virq' || c.state === 'ipi');
  if ('passthrough' in out) out.passthrough = null;
  if (out.event_fifo) {
    // FIFO queue heads may only name bound ports.
    const bound = new Set(out.event_channels.map((c) => c.port));
    for (const v of out.event_fifo.vcpus) v.heads = v.heads.map((p) => (bound.has(p) ? p : 0));
  }
  void version;
  return out;
}

/** gcd-free multiplier for the P2M permutation. */
function coprimeStep(n) {
  let a = Math.floor(n * 0.6180339887) | 1;
  const gcd = (x, y) => (y === 0 ? x : gcd(y, x % y));
  while (gcd(a, n) !== 1) a += 2;
  return a % n || 1;
}

function guest(tpl, version, k, n, stride) {
  const domid = k;
  // Frame numbers stay below 2^53: one BigInt allocation per value, not three.
  const base = Number(GUEST_BASE) + (k - 1);
  const step = Number(stride);
  const pages = new Array(n);
  for (let j = 0; j < n; j++) pages[j] = { first_mfn: BigInt(base + j * step), count: 1n, type: 'none', pinned: false };
  // gfn i maps the owned frame perm(i): scattered, so no two neighbouring gfns merge into an extent.
  const a = coprimeStep(n);
  const b = (k * 7919) % n;
  const p2m = new Array(n);
  const extents = version >= 3;
  for (let i = 0; i < n; i++) {
    const mfn = BigInt(base + ((i * a + b) % n) * step);
    p2m[i] = extents
      ? { gfn: BigInt(i), mfn, count: 1n, type: 'ram_rw', access: 'rwx' }
      : { gfn: BigInt(i), mfn, order: 0, type: 'ram_rw', access: 'rwx' };
  }
  const handle = new Uint8Array(16);
  new DataView(handle.buffer).setUint32(12, domid);
  handle[0] = 0x6e;
  const domain = {
    ...tpl.domain,
    domid,
    handle,
    // Page counts in the template's width: u32 (number) in v1 max_pages and from v4, else u64.
    max_pages: typeof tpl.domain.max_pages === 'number' ? n + 256 : BigInt(n + 256),
    tot_pages: typeof tpl.domain.tot_pages === 'number' ? n : BigInt(n),
    max_vcpus: tpl.vcpus.length,
    shared_info_gfn: BigInt(n) + 0x10n,
    evtchn_abi: 'two_level',
  };
  if ('cpupool' in domain) domain.cpupool = 0;
  if ('shr_pages' in domain) domain.shr_pages = 0;
  // v4: the template's Xen-heap frame is its own; these guests do not record theirs.
  if ('shared_info_mfn' in domain) domain.shared_info_mfn = null;
  domain.create_flags = { ...tpl.domain.create_flags, iommu: false };
  const vcpus = tpl.vcpus.map((v) => ({ ...structuredClone(v), hard_affinity: [0, 1, 2, 3], soft_affinity: [], vcpu_info: null }));
  const d = {
    domain,
    tsc_info: { ...tpl.tsc_info },
    p2m,
    vcpus,
    pages,
    grant_table: null,
    hvm_params: [],
    hvm_devices: tpl.hvm_devices.map((x) => ({ ...x })),
    event_channels: [],
    ioreq_servers: [],
  };
  if (version >= 2) {
    d.event_fifo = null;
    d.vcpu_runstates = tpl.vcpu_runstates.map((r) => structuredClone(r));
  }
  if (version >= 3) d.passthrough = null;
  if ('cpu_policy' in tpl) d.cpu_policy = structuredClone(tpl.cpu_policy);
  // Keys in the version's section order, as decode gives them.
  return orderLike(tpl, d);
}

function orderLike(tpl, d) {
  const out = {};
  for (const key of Object.keys(tpl)) out[key] = d[key];
  return out;
}
