/**
 * Deep equality of states, with the path of the first difference: bigint, Uint8Array, arrays and
 * plain objects (own enumerable keys; the non-enumerable carriers of unknown fields are ignored,
 * as JSON and the schema ignore them). `number` and `bigint` never equal each other: a u64 must
 * stay a bigint.
 */

export interface Difference {
  readonly path: string;
  readonly left: string;
  readonly right: string;
}

export function show(v: unknown): string {
  if (typeof v === 'bigint') return `${v}n`;
  if (v instanceof Uint8Array) return `<${v.length} bytes ${Buffer.from(v.subarray(0, 8)).toString('hex')}${v.length > 8 ? '...' : ''}>`;
  if (Array.isArray(v)) return `[${v.length} items]`;
  if (typeof v === 'object' && v !== null) return `{${Object.keys(v).slice(0, 4).join(', ')}${Object.keys(v).length > 4 ? ', ...' : ''}}`;
  return JSON.stringify(v) ?? String(v);
}

function join(path: string, key: string | number): string {
  return typeof key === 'number' ? `${path}[${key}]` : path === '' ? key : `${path}.${key}`;
}

/** The first difference between `a` and `b`, or undefined when they are deep-equal. */
export function firstDifference(a: unknown, b: unknown, path = ''): Difference | undefined {
  if (Object.is(a, b)) return undefined;
  const differ = (): Difference => ({ path: path || '(root)', left: show(a), right: show(b) });
  if (typeof a !== typeof b || a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return differ();
  if (a instanceof Uint8Array || b instanceof Uint8Array) {
    if (!(a instanceof Uint8Array && b instanceof Uint8Array) || a.length !== b.length) return differ();
    for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return { path: `${path || '(root)'}[byte ${i}]`, left: show(a), right: show(b) };
    return undefined;
  }
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!(Array.isArray(a) && Array.isArray(b))) return differ();
    if (a.length !== b.length) return { path: `${path || '(root)'}.length`, left: String(a.length), right: String(b.length) };
    for (let i = 0; i < a.length; i++) {
      const d = firstDifference(a[i], b[i], join(path, i));
      if (d) return d;
    }
    return undefined;
  }
  const ao = a as Record<string, unknown>;
  const bo = b as Record<string, unknown>;
  const keys = new Set([...Object.keys(ao), ...Object.keys(bo)]);
  for (const k of keys) {
    if (!(k in ao) || !(k in bo)) return { path: join(path, k), left: k in ao ? show(ao[k]) : '(absent)', right: k in bo ? show(bo[k]) : '(absent)' };
    const d = firstDifference(ao[k], bo[k], join(path, k));
    if (d) return d;
  }
  return undefined;
}

export function deepEqual(a: unknown, b: unknown): boolean {
  return firstDifference(a, b) === undefined;
}

/** A deep copy of plain data (bigint, Uint8Array, arrays, objects). */
export function clone<T>(v: T): T {
  return structuredClone(v);
}
