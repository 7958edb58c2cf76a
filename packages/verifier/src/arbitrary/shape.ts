/**
 * Shapes the builder's version-independent values into one schema version's struct: the fields
 * the version defines, in field-number order, integers as `number` or `bigint` as its descriptor
 * says. Values the builder does not set come from schema-derived filler, so a field a later
 * schema adds is still filled (or defaulted).
 */
import type { Desc, StructDesc } from '@xenlu/format';

function coerce(d: Desc, v: unknown): unknown {
  if (d.kind === 'uint' && typeof v === 'bigint') return Number(v);
  if (d.kind === 'u64' && typeof v === 'number') return BigInt(v);
  return v;
}

/**
 * The struct `s` from `values` (builder-set, may hold fields other versions have) over `filler`
 * (schema-derived, complete for `s`).
 */
export function shapeStruct(s: StructDesc, values: Readonly<Record<string, unknown>>, filler: Readonly<Record<string, unknown>> = {}): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const fields = Object.entries(s.fields).sort(([, a], [, b]) => a.no - b.no);
  for (const [name, f] of fields) {
    // A field neither built nor filled (one a later schema adds) takes its schema default.
    const v = name in values ? values[name] : name in filler ? filler[name] : f.default;
    if (v === undefined) throw new Error(`${s.name}.${name}: neither built, filled nor defaulted`);
    out[name] = coerce(f.node.desc, v);
  }
  return out;
}
