/**
 * The generated C headers: the checked-in copies must be exactly what the schema generates now
 * (a schema change without `node scripts/gen-c-headers.mjs` fails here), and every number in them
 * must be the schema's.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { C_VERSIONS_HEADER_FILE_NAME, cHeader, cHeaderFileName, cVersionsHeader } from '../src/codegen/c-header.js';
import { wireLayout } from '../src/schema/dsl.js';
import type { Node, StructDesc } from '../src/schema/dsl.js';
import { LATEST_VERSION, SCHEMAS, VERSIONS, type Version } from '../src/schema/index.js';
import { OPTIONAL_BIT, type Section } from '../src/schema/records.js';

const checkedIn = (v: Version) => readFileSync(new URL(`../../../interop/c/include/${cHeaderFileName(v)}`, import.meta.url), 'utf8');

/** Object-like macros of a header, values evaluated (the forms the generator writes). */
function macros(text: string): Map<string, bigint> {
  const raw = new Map<string, string>();
  for (const m of text.matchAll(/^#define ([A-Z0-9_]+) (.+?)(?: \/\*.*\*\/)?$/gm)) raw.set(m[1]!, m[2]!);
  const values = new Map<string, bigint>();
  const evaluate = (expr: string): bigint => {
    const e = expr.trim();
    let m: RegExpMatchArray | null;
    if ((m = e.match(/^(0x[0-9A-F]+|\d+)(u|ULL)$/))) return BigInt(m[1]!);
    if ((m = e.match(/^\(1u << (\d+)\)$/))) return 1n << BigInt(m[1]!);
    if ((m = e.match(/^\(([A-Z0-9_]+) \| (.+)\)$/))) return evaluate(m[1]!) | evaluate(m[2]!);
    if (/^[A-Z0-9_]+$/.test(e) && raw.has(e)) return evaluate(raw.get(e)!);
    throw new Error(`cannot evaluate ${e}`);
  };
  for (const [name, expr] of raw) {
    if (expr.startsWith('"')) continue;
    values.set(name, evaluate(expr));
  }
  return values;
}

const snake = (s: string) => s.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toUpperCase();

function structsOf(v: Version): StructDesc[] {
  const seen = new Map<string, StructDesc>();
  const visit = (n: Node): void => {
    const d = n.desc;
    if (d.kind === 'list' || d.kind === 'opt') visit(d.item);
    else if (d.kind === 'struct' && !seen.has(d.name)) {
      seen.set(d.name, d);
      for (const f of Object.values(d.fields)) visit(f.node);
    }
  };
  const s = SCHEMAS[v];
  visit(s.host.body);
  visit(s.end.body);
  for (const sec of Object.values(s.sections)) {
    if (sec.kind === 'list') visit(sec.record.body.fields['entries']!.node);
    else visit(sec.record.body);
  }
  return [...seen.values()];
}

describe.each(VERSIONS)('C header of schema v%i', (v) => {
  const text = cHeader(v);
  const m = macros(text);
  const p = `XENLU_V${v}_`;

  it('is checked in up to date (regenerate: pnpm run build && node scripts/gen-c-headers.mjs)', () => {
    expect(checkedIn(v) === text, `interop/c/include/${cHeaderFileName(v)} is stale`).toBe(true);
  });

  it('is deterministic and plain ASCII', () => {
    expect(cHeader(v)).toBe(text);
    expect(/^[\t\n\x20-\x7e]*$/.test(text)).toBe(true);
  });

  it('has the framing constants of FORMAT.md', () => {
    expect(text).toContain('#define XENLU_IDENT "XENLIVUP"');
    expect(m.get('XENLU_STREAM_HEADER_SIZE')).toBe(32n);
    expect(m.get('XENLU_RECORD_HEADER_SIZE')).toBe(16n);
    expect(m.get('XENLU_REC_OPTIONAL')).toBe(BigInt(OPTIONAL_BIT));
    expect(m.get('XENLU_FRAMING_VERSION')).toBe(1n);
    expect(m.get(`${p}SCHEMA_VERSION`)).toBe(BigInt(v));
  });

  it('gives every record type its number, optional bit included', () => {
    const s = SCHEMAS[v];
    for (const r of s.records.values()) expect(m.get(`${p}REC_${r.name}`), r.name).toBe(BigInt(r.type));
    expect(m.get(`${p}NR_RECORD_TYPES`)).toBe(BigInt(s.records.size));
    const optional = [...s.records.values()].filter((r) => r.type & OPTIONAL_BIT);
    for (const r of optional) expect(text).toContain(`#define ${p}REC_${r.name} (XENLU_REC_OPTIONAL | `);
  });

  it('lists the sections in stream order with their kinds and order keys', () => {
    const sections = Object.entries(SCHEMAS[v].sections);
    const rows = [...text.matchAll(new RegExp(`^\\tX\\(([A-Z0-9_]+), ([A-Z0-9_]+), ([A-Z0-9_]+), XENLU_SECTION_([A-Z]+), ([A-Za-z0-9_]+), (\\d+)u\\)`, 'gm'))];
    expect(rows.map((r) => [r[1], r[2], r[3], r[4]])).toEqual(sections.map(([k, s]) => [snake(k), s.record.name, `${p}REC_${s.record.name}`, s.kind.toUpperCase()]));
    // The order key is the field number of the key the schema declares (0: unordered).
    const keyNo = (s: Section): number => {
      if (s.kind === 'each') return s.ascending ? s.record.body.fields[s.ascending]!.no : 0;
      const d = s.record.body.fields['entries']?.node.desc;
      if (s.kind !== 'list' || d?.kind !== 'list' || !d.ascending || d.item.desc.kind !== 'struct') return 0;
      return d.item.desc.fields[d.ascending]!.no;
    };
    expect(rows.map((r) => Number(r[6]))).toEqual(sections.map(([, s]) => keyNo(s)));
    expect(rows.some((r) => r[6] !== '0')).toBe(true);
    sections.forEach(([k], i) => expect(m.get(`${p}SEC_${snake(k)}`)).toBe(BigInt(i)));
  });

  it('numbers every field of every struct as the schema does', () => {
    for (const s of structsOf(v)) {
      const S = snake(s.name);
      const slots = wireLayout(s);
      expect(m.get(`${p}${S}_NR_FIELDS`), s.name).toBe(BigInt(slots.length));
      for (const slot of slots) {
        const name = slot.kind === 'field' ? slot.name : slot.retired.name;
        const no = slot.kind === 'field' ? slot.field.no : slot.retired.no;
        expect(m.get(`${p}F_${S}_${snake(name)}`), `${s.name}.${name}`).toBe(BigInt(no));
      }
    }
  });

  it('carries enum codes, flag bits, limits and defaults', () => {
    for (const s of structsOf(v)) {
      for (const [name, f] of Object.entries(s.fields)) {
        const fp = `${p}${snake(s.name)}_${snake(name)}`;
        const d = f.node.desc;
        if (d.kind === 'enum') {
          for (const [value, code] of Object.entries(d.values)) expect(m.get(`${fp}_${snake(value)}`), `${fp} ${value}`).toBe(BigInt(code));
          expect(m.get(`${fp}_BITS`)).toBe(BigInt(d.bits));
        } else if (d.kind === 'flags') {
          let mask = 0n;
          for (const [bit, n] of Object.entries(d.bits)) {
            expect(m.get(`${fp}_${snake(bit)}`)).toBe(1n << BigInt(n));
            mask |= 1n << BigInt(n);
          }
          expect(m.get(`${fp}_MASK`)).toBe(mask);
        } else if (d.kind === 'list') {
          expect(m.get(`${fp}_MAX_ITEMS`), fp).toBe(BigInt(d.maxItems));
        } else if (d.kind === 'bin') {
          expect(m.get(d.minBytes === d.maxBytes ? `${fp}_SIZE` : `${fp}_MAX_BYTES`), fp).toBe(BigInt(d.maxBytes));
        } else if (d.kind === 'u64') {
          expect(m.get(`${fp}_BITS`)).toBe(64n);
        } else if (d.kind === 'uint') {
          expect(m.get(`${fp}_BITS`)).toBe(BigInt(d.bits));
          if (d.min > 0) expect(m.get(`${fp}_MIN`)).toBe(BigInt(d.min));
        }
        if (typeof f.default === 'number' || typeof f.default === 'bigint') expect(m.get(`${fp}_DEFAULT`), fp).toBe(BigInt(f.default));
      }
    }
  });
});

describe('C headers across versions', () => {
  it('show the schema changes: widened max_pages, renamed ssidref, retired shr_pages, new records', () => {
    const [h1, h2, h3] = VERSIONS.map((v) => macros(cHeader(v)));
    expect(h1!.get('XENLU_V1_DOMAIN_MAX_PAGES_BITS')).toBe(32n);
    expect(h2!.get('XENLU_V2_DOMAIN_MAX_PAGES_BITS')).toBe(64n);
    expect(h2!.get('XENLU_V2_F_DOMAIN_SSIDREF')).toBe(h3!.get('XENLU_V3_F_DOMAIN_XSM_LABEL'));
    expect(cHeader(3)).toMatch(/#define XENLU_V3_F_DOMAIN_SHR_PAGES 11u \/\* retired/);
    expect(h1!.has('XENLU_V1_REC_EVENT_FIFO')).toBe(false);
    expect(h2!.get('XENLU_V2_REC_EVENT_FIFO')).toBe(12n);
    expect(h2!.get('XENLU_V2_EVENT_CHANNEL_PRIORITY_DEFAULT')).toBe(7n);
    expect(h3!.has('XENLU_V3_REC_P2M')).toBe(false);
    expect(h3!.get('XENLU_V3_REC_P2M_EXTENTS')).toBe(14n);
  });

  it('share one version-independent block, so several can be included together', () => {
    const common = (t: string) => t.slice(t.indexOf('#ifndef XENLU_COMMON_CONSTANTS'), t.indexOf('#endif /* XENLU_COMMON_CONSTANTS */'));
    const blocks = VERSIONS.map((v) => common(cHeader(v)));
    expect(blocks[0]!.length).toBeGreaterThan(100);
    expect(new Set(blocks).size).toBe(1);
  });

  it('are listed by xenlu_versions.h: an include and an X(N) row per version, ascending from 1, and the latest', () => {
    const text = cVersionsHeader();
    const path = new URL(`../../../interop/c/include/${C_VERSIONS_HEADER_FILE_NAME}`, import.meta.url);
    expect(readFileSync(path, 'utf8') === text, `interop/c/include/${C_VERSIONS_HEADER_FILE_NAME} is stale`).toBe(true);
    expect([...text.matchAll(/^#include "(.+)"$/gm)].map((r) => r[1])).toEqual(VERSIONS.map((v) => cHeaderFileName(v)));
    const rows = [...text.matchAll(/^\tX\((\d+)\)/gm)].map((r) => Number(r[1]));
    expect(rows).toEqual([...VERSIONS]);
    expect(rows).toEqual(rows.map((_, i) => i + 1)); // the reader indexes its tables by version - 1
    expect(macros(text).get('XENLU_LATEST_VERSION')).toBe(BigInt(LATEST_VERSION));
    expect(macros(text).get('XENLU_NR_VERSIONS')).toBe(BigInt(VERSIONS.length));
  });
});
