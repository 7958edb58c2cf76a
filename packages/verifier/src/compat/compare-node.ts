/**
 * Compares two schema nodes (the same field in two schema versions) by their wire descriptors:
 * structs by field number, integers by the set of values they accept, enums and flags by code.
 */
import type { Desc, Field, Node, StructDesc } from '@xenlu/format';
import type { CompatRuleId } from './rules.js';

export interface RawFinding {
  readonly rule: CompatRuleId;
  readonly subject: string;
  readonly message: string;
}

export type Emit = (rule: CompatRuleId, subject: string, message: string) => void;

interface IntSet {
  readonly min: bigint;
  readonly max: bigint;
  readonly oneOf?: readonly bigint[];
}

function intSet(d: Desc): IntSet | undefined {
  if (d.kind === 'uint') {
    return { min: BigInt(d.min), max: BigInt(d.max), ...(d.oneOf ? { oneOf: d.oneOf.map(BigInt) } : {}) };
  }
  if (d.kind === 'u64') return { min: d.min, max: d.max };
  return undefined;
}

/** Whether every value `a` accepts is accepted by `b`. */
function intSubset(a: IntSet, b: IntSet): boolean {
  const inB = (v: bigint) => v >= b.min && v <= b.max && (!b.oneOf || b.oneOf.includes(v));
  if (a.oneOf) return a.oneOf.every(inB);
  if (a.min < b.min || a.max > b.max) return false;
  if (!b.oneOf) return true;
  // A range inside an explicit value list: only small ranges can be.
  if (a.max - a.min > 4096n) return false;
  for (let v = a.min; v <= a.max; v++) if (!inB(v)) return false;
  return true;
}

function describeInt(s: IntSet): string {
  return s.oneOf ? `{${s.oneOf.join(', ')}}` : `${s.min}..${s.max}`;
}

/** A stable text form of a default value, for comparing defaults across versions. */
export function stableText(v: unknown): string {
  return JSON.stringify(v, (_k, x: unknown) => {
    if (typeof x === 'bigint') return `${x}n`;
    if (x instanceof Uint8Array) return `bin:${Buffer.from(x).toString('hex')}`;
    return x;
  }) ?? 'undefined';
}

function lengthBounds(d: Desc): { min: number; max: number; what: string } | undefined {
  if (d.kind === 'str') return { min: 0, max: d.maxBytes, what: 'bytes' };
  if (d.kind === 'bin') return { min: d.minBytes, max: d.maxBytes, what: 'bytes' };
  if (d.kind === 'list') return { min: d.minItems, max: d.maxItems, what: 'items' };
  return undefined;
}

export function compareNode(a: Node, b: Node, subject: string, emit: Emit): void {
  const da = a.desc;
  const db = b.desc;
  const ia = intSet(da);
  const ib = intSet(db);
  if (ia && ib) {
    if (!intSubset(ia, ib)) emit('INTEGER_NARROWED', subject, `accepted values ${describeInt(ia)} become ${describeInt(ib)}`);
    if (!intSubset(ib, ia)) emit('INTEGER_WIDENED', subject, `accepted values ${describeInt(ia)} become ${describeInt(ib)}`);
    return;
  }
  if (da.kind === 'opt' || db.kind === 'opt') {
    if (da.kind === 'opt' && db.kind !== 'opt') {
      emit('NULLABLE_REMOVED', subject, 'no longer accepts nil');
      compareNode(da.item, b, subject, emit);
    } else if (da.kind !== 'opt' && db.kind === 'opt') {
      emit('NULLABLE_ADDED', subject, 'now accepts nil');
      compareNode(a, db.item, subject, emit);
    } else if (da.kind === 'opt' && db.kind === 'opt') {
      compareNode(da.item, db.item, subject, emit);
    }
    return;
  }
  if (da.kind !== db.kind) {
    emit('TYPE_CHANGED', subject, `${da.kind} becomes ${db.kind}`);
    return;
  }
  const la = lengthBounds(da);
  const lb = lengthBounds(db);
  if (la && lb) {
    if (lb.min > la.min || lb.max < la.max) emit('LENGTH_NARROWED', subject, `${la.min}..${la.max} ${la.what} become ${lb.min}..${lb.max}`);
    if (lb.min < la.min || lb.max > la.max) emit('LENGTH_WIDENED', subject, `${la.min}..${la.max} ${la.what} become ${lb.min}..${lb.max}`);
  }
  switch (da.kind) {
    case 'enum': {
      if (db.kind !== 'enum') return;
      compareCodes(da.values, db.values, subject, emit, 'enum');
      const maxCode = Math.max(0, ...Object.values(db.values));
      if (db.bits < da.bits) emit('INTEGER_NARROWED', subject, `enum width ${da.bits} becomes ${db.bits} bits`);
      else if (maxCode >= 2 ** db.bits) emit('INTEGER_NARROWED', subject, `code ${maxCode} does not fit ${db.bits} bits`);
      return;
    }
    case 'flags':
      if (db.kind === 'flags') compareCodes(da.bits, db.bits, subject, emit, 'flag');
      return;
    case 'list':
      if (db.kind === 'list') compareNode(da.item, db.item, `${subject}[]`, emit);
      return;
    case 'struct':
      if (db.kind === 'struct') compareStruct(da, db, subject, emit);
      return;
    default:
      return;
  }
}

function compareCodes(
  a: Readonly<Record<string, number>>,
  b: Readonly<Record<string, number>>,
  subject: string,
  emit: Emit,
  what: 'enum' | 'flag',
): void {
  const byCodeB = new Map(Object.entries(b).map(([n, c]) => [c, n]));
  for (const [name, code] of Object.entries(a)) {
    const codeB = b[name];
    if (codeB === undefined) {
      const renamedTo = byCodeB.get(code);
      if (what === 'enum' && renamedTo !== undefined && a[renamedTo] === undefined) {
        emit('ENUM_VALUE_RENAMED', `${subject}.${name}`, `code ${code} is now called ${renamedTo}`);
      } else {
        emit(what === 'enum' ? 'ENUM_VALUE_REMOVED' : 'FLAG_REMOVED', `${subject}.${name}`, `${what} ${name} (${code}) removed`);
      }
    } else if (codeB !== code) {
      emit(what === 'enum' ? 'ENUM_VALUE_RENUMBERED' : 'FLAG_MOVED', `${subject}.${name}`, `${name} moves from ${code} to ${codeB}`);
    }
  }
  const byCodeA = new Map(Object.entries(a).map(([n, c]) => [c, n]));
  for (const [name, code] of Object.entries(b)) {
    if (a[name] !== undefined) continue;
    const was = byCodeA.get(code);
    // A rename was reported above; a code that changed hands was reported as removed or renumbered.
    if (was !== undefined) continue;
    emit(what === 'enum' ? 'ENUM_VALUE_ADDED' : 'FLAG_ADDED', `${subject}.${name}`, `${what} ${name} (${code}) added`);
  }
}

type Slot = { readonly kind: 'field'; readonly name: string; readonly field: Field } | { readonly kind: 'retired'; readonly name: string };

function slots(s: StructDesc): Map<number, Slot> {
  const m = new Map<number, Slot>();
  for (const [name, field] of Object.entries(s.fields)) m.set(field.no, { kind: 'field', name, field });
  for (const r of s.retired) m.set(r.no, { kind: 'retired', name: r.name });
  return m;
}

export function compareStruct(a: StructDesc, b: StructDesc, subject: string, emit: Emit): void {
  const sa = slots(a);
  const sb = slots(b);
  const numbers = [...new Set([...sa.keys(), ...sb.keys()])].sort((x, y) => x - y);
  for (const no of numbers) {
    const x = sa.get(no);
    const y = sb.get(no);
    const at = (name: string) => `${subject}.${name}`;
    if (x?.kind === 'field' && y?.kind === 'field') {
      const path = at(y.name);
      if (x.name !== y.name) emit('FIELD_RENAMED', path, `field ${no} ${x.name} is now called ${y.name}`);
      const dx = x.field.default;
      const dy = y.field.default;
      if (dx !== undefined && dy === undefined) emit('FIELD_DEFAULT_REMOVED', path, `field ${no} loses its default ${stableText(dx)}`);
      else if (dx !== undefined && dy !== undefined && stableText(dx) !== stableText(dy)) {
        emit('FIELD_DEFAULT_CHANGED', path, `field ${no} default ${stableText(dx)} becomes ${stableText(dy)}`);
      }
      compareNode(x.field.node, y.field.node, path, emit);
    } else if (x?.kind === 'field' && y?.kind === 'retired') {
      if (x.field.default === undefined) emit('FIELD_RETIRED_WITHOUT_DEFAULT', at(x.name), `field ${no} retired, but older readers have no default for the nil`);
      else emit('FIELD_RETIRED', at(x.name), `field ${no} retired; older readers read ${stableText(x.field.default)}`);
    } else if (x && !y) {
      emit('FIELD_REMOVED', at(x.name), `field ${no} (${x.name}) is neither a field nor retired any more`);
    } else if (x?.kind === 'retired' && y?.kind === 'field') {
      emit('FIELD_NUMBER_REUSED', at(y.name), `retired field number ${no} (${x.name}) reused by ${y.name}`);
    } else if (!x && y?.kind === 'field') {
      if (y.field.default === undefined) emit('FIELD_ADDED_WITHOUT_DEFAULT', at(y.name), `field ${no} added without a default`);
      else emit('FIELD_ADDED', at(y.name), `field ${no} added, default ${stableText(y.field.default)}`);
    }
  }
}
