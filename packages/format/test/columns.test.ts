/**
 * PAGES and P2M decoded into columns for the checks (codec/columns.ts) must be the entries the
 * object decoder gives, and a list the object decoder refuses must be refused the same way: same
 * code, offset, record and field path, whichever path (fast or checked) the column decoder took.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { EntryColumns } from '../src/codec/columns.js';
import { decode } from '../src/decode.js';
import { FormatError } from '../src/errors.js';
import { Raw, type MsgValue, parseBody, serializeBody } from '../src/fuzz/msgpack-tree.js';
import { SCHEMAS, VERSIONS, type Version } from '../src/schema/index.js';
import { COLUMNAR_SECTIONS } from '../src/semantics/any-domain.js';
import { validateSemantics } from '../src/semantics/index.js';
import { readStream } from '../src/stream.js';
import { domainsOf } from '../src/stream-domains.js';
import { checkStructure } from '../src/structure-check.js';
import { validateDump } from '../src/validate-dump.js';
import { assembleStream, splitRecords } from '../src/wire/assemble.js';

const golden = (v: Version) => new Uint8Array(readFileSync(new URL(`../../../fixtures/v${v}/example.xlu`, import.meta.url)));

/** The record types of the sections held as columns in version v. */
function columnTypes(v: Version): Set<number> {
  const out = new Set<number>();
  for (const [key, s] of Object.entries(SCHEMAS[v].sections)) if (COLUMNAR_SECTIONS.has(key)) out.add(s.record.type);
  return out;
}

/** The first fault a reader names, as the readers must agree on it. */
function where(e: unknown): string {
  if (!(e instanceof FormatError)) throw e;
  return `${e.code} at ${String(e.location.offset)}, record ${String(e.location.record)}, path ${String(e.location.path)}: ${e.message}`;
}

function outcome(run: () => unknown): string {
  try {
    run();
    return 'ok';
  } catch (e) {
    return where(e);
  }
}

/** Each edit of one entry list (the record body's field 1) that a reader refuses or keeps in its own way. */
const EDITS: readonly { readonly name: string; readonly edit: (entries: MsgValue[]) => boolean }[] = [
  { name: 'swap the first two entries', edit: (l) => l.length >= 2 && ([l[0], l[1]] = [l[1]!, l[0]!]) !== undefined },
  { name: 'repeat the first entry', edit: (l) => (l.splice(1, 0, structuredClone(l[0]!)), true) },
  ...[0, 1, 2, 3, 4].flatMap((k) => [
    { name: `field ${k + 1} nil`, edit: (l: MsgValue[]) => setField(l, k, null) },
    { name: `field ${k + 1} 2^53`, edit: (l: MsgValue[]) => setField(l, k, 2n ** 53n) },
    { name: `field ${k + 1} 2^52`, edit: (l: MsgValue[]) => setField(l, k, 2n ** 52n) },
    { name: `field ${k + 1} 200`, edit: (l: MsgValue[]) => setField(l, k, 200n) },
    // Fixints at the edges of the fast path's checks: a count's minimum, codes just past an enum's, the largest.
    ...[0n, 11n, 16n, 127n].map((x) => ({ name: `field ${k + 1} ${x}`, edit: (l: MsgValue[]) => setField(l, k, x) })),
    { name: `field ${k + 1} 5 as uint 8`, edit: (l: MsgValue[]) => setField(l, k, new Raw(Uint8Array.of(0xcc, 5))) },
    { name: `field ${k + 1} 5 as uint 16`, edit: (l: MsgValue[]) => setField(l, k, new Raw(Uint8Array.of(0xcd, 0, 5))) },
    { name: `field ${k + 1} 200 as uint 16`, edit: (l: MsgValue[]) => setField(l, k, new Raw(Uint8Array.of(0xcd, 0, 200))) },
    { name: `field ${k + 1} 0x1234 as uint 16`, edit: (l: MsgValue[]) => setField(l, k, new Raw(Uint8Array.of(0xcd, 0x12, 0x34))) },
    { name: `field ${k + 1} 5 as uint 32`, edit: (l: MsgValue[]) => setField(l, k, new Raw(Uint8Array.of(0xce, 0, 0, 0, 5))) },
    { name: `field ${k + 1} a body cut inside it`, edit: (l: MsgValue[]) => setField(l, k, new Raw(Uint8Array.of(0xce, 0, 1))) },
    { name: `field ${k + 1} 0x1234 as uint 64`, edit: (l: MsgValue[]) => setField(l, k, new Raw(Uint8Array.of(0xcf, 0, 0, 0, 0, 0, 0, 0x12, 0x34))) },
    { name: `field ${k + 1} true`, edit: (l: MsgValue[]) => setField(l, k, true) },
    { name: `field ${k + 1} a string`, edit: (l: MsgValue[]) => setField(l, k, 'x') },
  ]),
  { name: 'an unknown trailing field', edit: (l) => (l.forEach((e) => Array.isArray(e) && e.push(7n)), true) },
  { name: 'a missing last field', edit: (l) => Array.isArray(l[0]) && (l[0].pop(), true) },
  { name: 'an entry that is not an array', edit: (l) => ((l[0] = 3n), true) },
];

function setField(list: MsgValue[], k: number, value: MsgValue): boolean {
  const e = list[list.length > 1 ? 1 : 0];
  if (!Array.isArray(e) || k >= e.length) return false;
  e[k] = value;
  return true;
}

/** Every stream that edits one columnar record of the version's golden stream, resealed. */
function* editedStreams(v: Version): Generator<{ readonly name: string; readonly bytes: Uint8Array }> {
  const types = columnTypes(v);
  const records = splitRecords(golden(v));
  for (const [i, r] of records.entries()) {
    if (!types.has(r.type)) continue;
    for (const e of EDITS) {
      const body = parseBody(r.body);
      if (!Array.isArray(body) || !Array.isArray(body[0])) throw new Error(`record ${i} has no entry list`);
      if (!e.edit(body[0])) continue;
      const edited = records.map((x, j) => (j === i ? { type: x.type, body: serializeBody(body) } : { type: x.type, body: x.body }));
      yield { name: `record ${i}: ${e.name}`, bytes: assembleStream(v, edited) };
    }
  }
}

describe('entries held as columns', () => {
  for (const v of VERSIONS) {
    it(`v${v}: every PAGES and P2M entry reads back as the object decoder gives it`, async () => {
      const bytes = golden(v);
      const objects = decode(bytes, { readerVersion: v }).state.domains as unknown as Record<string, unknown>[];
      let i = 0;
      let entries = 0;
      for await (const item of domainsOf(readStream((async function* one() { yield bytes; })(), { readerVersion: v, forChecks: true }))) {
        if (item.kind !== 'domain') continue;
        const want = objects[i++]!;
        for (const key of COLUMNAR_SECTIONS) {
          const list = item.value[key];
          const expected = want[key] as unknown[];
          if (expected.length === 0) continue;
          expect(list, key).toBeInstanceOf(EntryColumns);
          const cols = list as EntryColumns;
          expect(cols.length).toBe(expected.length);
          for (let j = 0; j < cols.length; j++) expect(cols.at(j)).toEqual(expected[j]);
          entries += cols.length;
        }
      }
      expect(i).toBe(objects.length);
      expect(entries).toBeGreaterThan(10);
    });

    it(`v${v}: an edited PAGES or P2M record is refused where decode refuses it, or checked alike`, () => {
      let refused = 0;
      let accepted = 0;
      for (const s of editedStreams(v)) {
        for (const reader of new Set([v, Math.max(1, v - 1) as Version])) {
          const want = outcome(() => decode(s.bytes, { readerVersion: reader }));
          let got: ReturnType<typeof validateDump> | undefined;
          const found = outcome(() => (got = validateDump(s.bytes, { readerVersion: reader })));
          expect(found, `${s.name}, read as v${reader}`).toBe(want);
          if (want === 'ok') {
            const r = decode(s.bytes, { readerVersion: reader });
            expect(got!.findings, s.name).toEqual(validateSemantics(r.state, r.version));
            expect(got!.dropped, s.name).toEqual(r.dropped);
            accepted++;
          } else refused++;
        }
      }
      // Both kinds occur: the edits reach the checked path's errors and its accepted oddities.
      expect(refused).toBeGreaterThan(20);
      expect(accepted).toBeGreaterThan(0);
    });
  }

  for (const v of VERSIONS) {
    it(`v${v}: the structure check (checkStructure) gives decode's verdict on every edited PAGES or P2M record`, async () => {
      const verdicts = new Set<string>();
      for (const s of editedStreams(v)) {
        const want = outcome(() => decode(s.bytes, { readerVersion: v })) === 'ok' ? 'valid' : 'invalid';
        expect((await checkStructure(s.bytes, { readerVersion: v })).verdict, s.name).toBe(want);
        verdicts.add(want);
      }
      expect([...verdicts].sort()).toEqual(['invalid', 'valid']);
    });
  }

  it('an unknown trailing field of an entry is counted as dropped, not kept', () => {
    const v = 4;
    const s = [...editedStreams(v)].find((x) => x.name.endsWith('an unknown trailing field'))!;
    const r = validateDump(s.bytes, { readerVersion: v });
    expect(r.dropped.length).toBeGreaterThan(0);
    expect(r.dropped).toEqual(decode(s.bytes, { readerVersion: v }).dropped);
  });
});
