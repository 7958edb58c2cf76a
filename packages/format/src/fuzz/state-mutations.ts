/**
 * Semantic mutations: a decoded state changed in ways the schema still allows (values swapped
 * between domains, entries duplicated or dropped, enum values exchanged, boundary integers), then
 * encoded by the real encoder. The stream is well framed with correct checksums, so what it
 * exercises is the decoder's order and range checks, the migrations and the semantic rules.
 */
import { FormatError } from '../errors.js';
import { encode } from '../encode.js';
import type { State, Version } from '../schema/index.js';
import { INTERESTING_U64 } from './hostile.js';
import type { Rng } from './rng.js';

type Obj = Record<string, unknown>;

interface Site {
  readonly parent: Obj | unknown[];
  readonly key: string | number;
  /** Field name the value sits under (array elements: the array's field). */
  readonly field: string;
  readonly value: unknown;
}

/** Values seen under each field name, across example states: the source of plausible swaps. */
export type ValuePool = ReadonlyMap<string, readonly unknown[]>;

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Uint8Array);

function sites(root: unknown, field: string, out: Site[]): Site[] {
  if (Array.isArray(root)) {
    root.forEach((v, i) => {
      out.push({ parent: root, key: i, field, value: v });
      sites(v, field, out);
    });
  } else if (isObj(root)) {
    for (const [k, v] of Object.entries(root)) {
      out.push({ parent: root, key: k, field: k, value: v });
      sites(v, k, out);
    }
  }
  return out;
}

export function valuePool(states: readonly State[]): ValuePool {
  const pool = new Map<string, unknown[]>();
  for (const s of states) {
    for (const site of sites(s, 'state', [])) {
      const list = pool.get(site.field) ?? [];
      if (list.length < 64) list.push(site.value);
      pool.set(site.field, list);
    }
  }
  return pool;
}

function set(site: Site, v: unknown): void {
  (site.parent as Record<string | number, unknown>)[site.key] = v;
}

const NUMBERS = [0, 1, 2, 7, 8, 15, 16, 23, 24, 38, 39, 255, 256, 1023, 1024, 4095, 4096, 0x7fef, 0x7ff0, 0xffff, 0x1ffff, 0x20000, 0xffffffff];

type Edit = (s: State, all: Site[], rng: Rng, pool: ValuePool) => boolean;

const EDITS: readonly { readonly name: string; readonly edit: Edit }[] = [
  {
    name: 'number-boundary',
    edit(_s, all, rng) {
      const nums = all.filter((x) => typeof x.value === 'number' || typeof x.value === 'bigint');
      if (!nums.length) return false;
      const site = rng.pick(nums);
      if (typeof site.value === 'number') set(site, rng.pick([...NUMBERS, site.value + 1, Math.max(0, site.value - 1)]));
      else {
        const v = site.value as bigint;
        set(site, rng.pick([...INTERESTING_U64, v + 1n, v > 0n ? v - 1n : 0n, v + 0x200n, v * 2n].filter((x) => x <= 0xffffffffffffffffn)));
      }
      return true;
    },
  },
  {
    name: 'value-from-pool',
    edit(_s, all, rng, pool) {
      const site = rng.pick(all);
      const options = pool.get(site.field);
      if (!options?.length) return false;
      set(site, structuredClone(rng.pick(options)));
      return true;
    },
  },
  {
    name: 'flip-bool',
    edit(_s, all, rng) {
      const bools = all.filter((x) => typeof x.value === 'boolean');
      if (!bools.length) return false;
      const site = rng.pick(bools);
      set(site, !site.value);
      return true;
    },
  },
  {
    name: 'list-edit',
    edit(_s, all, rng) {
      const lists = all.filter((x) => Array.isArray(x.value) && (x.value as unknown[]).length > 0);
      if (!lists.length) return false;
      const a = rng.pick(lists).value as unknown[];
      const i = rng.int(a.length);
      switch (rng.int(5)) {
        case 0:
          a.splice(i, 1);
          break;
        case 1:
          a.splice(i, 0, structuredClone(a[i]));
          break;
        case 2: {
          const j = rng.int(a.length);
          [a[i], a[j]] = [a[j], a[i]];
          break;
        }
        case 3:
          a.reverse();
          break;
        default:
          a.length = 0;
      }
      return true;
    },
  },
  {
    name: 'null-out',
    edit(_s, all, rng) {
      const objs = all.filter((x) => isObj(x.value) && typeof x.key === 'string');
      if (!objs.length) return false;
      set(rng.pick(objs), null);
      return true;
    },
  },
  {
    name: 'swap-sections',
    edit(s, _all, rng) {
      // Earlier edits may have put anything in `domains`.
      const ds = Array.isArray(s.domains) ? (s.domains as unknown[]).filter(isObj) : [];
      if (ds.length < 2) return false;
      const a = rng.pick(ds);
      const b = rng.pick(ds);
      const key = rng.pick(Object.keys(a).filter((k) => k !== 'domain'));
      [a[key], b[key]] = [b[key], a[key]];
      return true;
    },
  },
  {
    name: 'domains-edit',
    edit(s, _all, rng) {
      const ds: unknown = s.domains;
      if (!Array.isArray(ds) || !ds.length) return false;
      const i = rng.int(ds.length);
      const r = rng.int(3);
      if (r === 0) ds.splice(i, 1);
      else if (r === 1) ds.splice(i, 0, structuredClone(ds[i]));
      else {
        const j = rng.int(ds.length);
        [ds[i], ds[j]] = [ds[j], ds[i]];
      }
      return true;
    },
  },
];

export const STATE_EDIT_NAMES: readonly string[] = EDITS.map((e) => e.name);

/**
 * Encodes a mutated copy of `state` (`edits` random edits). Edits the encoder refuses are
 * retried with other choices; undefined when none could be encoded.
 */
export function encodeMutatedState(state: State, version: Version, rng: Rng, pool: ValuePool, edits = 1): { bytes: Uint8Array; edits: string[] } | undefined {
  for (let attempt = 0; attempt < 8; attempt++) {
    const s = structuredClone(state);
    const names: string[] = [];
    for (let k = 0; k < edits; k++) {
      const e = rng.pick(EDITS);
      if (e.edit(s, sites(s, 'state', []), rng, pool)) names.push(e.name);
    }
    try {
      return { bytes: encode(s, version), edits: names };
    } catch (err) {
      if (!(err instanceof FormatError)) throw err;
    }
  }
  return undefined;
}
