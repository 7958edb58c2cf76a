/**
 * The C generators work from the schema descriptors of any version, not only the registered ones:
 * a schema built here (version 99, every field kind in every position the generators map, a
 * retired field, every section kind, a list record cut into several records) gets its header,
 * state types, serializer and data generated, the serializer compiles with Xen's flags, and what
 * it writes is, record by record, what the TypeScript struct encoder writes for the same values.
 * This is what a new schema version goes through, with no hand-written C.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { exampleState } from '@xenlu/format/testing';
import { structEncoder } from '../../packages/format/src/codec/compile.js';
import { cHeaderFileName, cHeaderOf } from '../../packages/format/src/codegen/c-header.js';
import { cStateDataOf, cStateTypesFileName, cStateTypesOf } from '../../packages/format/src/codegen/c-state.js';
import { cWriterHeaderFileName, cWriterHeaderOf, cWriterSourceFileName, cWriterSourceOf } from '../../packages/format/src/codegen/c-writer.js';
import { bin, bool, enumOf, field, flags, list, opt, str, struct, u16, u32, u64, u8 } from '../../packages/format/src/schema/dsl.js';
import { v3 } from '../../packages/format/src/schema/index.js';
import { defineVersion, each, entries, listRecord, optional, record, single, type RecordDef } from '../../packages/format/src/schema/records.js';
import { splitRecords } from '../../packages/format/src/wire/assemble.js';
import { MsgWriter } from '../../packages/format/src/wire/msgpack-writer.js';
import { C_DIR, type CBuild, XEN_FLAGS, buildC, valgrind } from './c-toolchain.js';

const Inner = struct('Inner', { a: field(1, u8(), 'a'), b: field(2, u64(), 'b') });
const Every = struct('Every', {
  id: field(1, u32(), 'id'),
  on: field(2, bool(), 'a bool'),
  kind: field(3, enumOf({ x: 1, y: 700 }, 16), 'a 16-bit enum'),
  bits: field(4, flags({ p: 0, q: 31 }), 'flags'),
  name: field(5, str(16), 'a string'),
  fixed: field(6, bin(4), 'a fixed blob'),
  blob: field(7, bin({ min: 1, max: 300 }), 'a variable blob'),
  inner: field(8, Inner, 'a nested struct'),
  inners: field(9, list(Inner, { min: 1, max: 8 }), 'a list of structs'),
  words: field(10, list(u16(), { max: 300 }), 'a list of integers'),
  maybe: field(11, opt(Inner), 'an optional struct'),
  maybe_word: field(12, opt(u64()), 'an optional integer'),
  maybe_name: field(14, opt(str(8)), 'an optional string'),
  names: field(15, list(str(8), { max: 4 }), 'a list of strings'),
  maybe_fixed: field(16, opt(bin(3)), 'an optional fixed blob'),
  maybe_blob: field(17, opt(bin({ max: 16 })), 'an optional variable blob'),
  fixeds: field(18, list(bin(2), { max: 4 }), 'a list of fixed blobs'),
  bools: field(19, list(bool(), { max: 4 }), 'a list of bools'),
}, [{ no: 13, name: 'gone', doc: 'retired, written nil' }]);

const EVERY = record('EVERY', 0x70, Every, 'one struct with every kind');
const INNERS = listRecord('INNERS', 0x71, Inner, 3, 'entries cut into records of three');
const MANY = record('MANY', 0x72, Every, 'one record per element');
const MAYBE = record('MAYBE', 0x80000073, Inner, 'zero or one, optional type');
const schema = defineVersion(99, v3.host, v3.end, { every: single(EVERY), inners: entries(INNERS), many: each(MANY, { ascending: 'id' }), maybe: optional(MAYBE) });

const every = (id: number, on: boolean) => ({
  id, on, kind: on ? 'y' : 'x', bits: { p: on, q: true }, name: on ? 'qu"o\\te?' : '', fixed: new Uint8Array([1, 0, 0xff, 0]),
  blob: new Uint8Array(on ? 300 : 1).map((_, i) => i * 7), inner: { a: 255, b: 1n << 63n },
  inners: [{ a: 1, b: 2n }, { a: 3, b: 0xffffffffn }], words: on ? [0, 65535, 128] : [], maybe: on ? { a: 0, b: 0n } : null, maybe_word: on ? 1n << 40n : null,
  // A present empty blob and an empty string are not nil.
  maybe_name: on ? 'eight by' : id === 2 ? '' : null, names: on ? ['a', '', 'zz'] : [],
  maybe_fixed: on ? new Uint8Array([0, 0, 7]) : null, maybe_blob: on ? new Uint8Array([5, 0, 0]) : id === 2 ? new Uint8Array(0) : null,
  fixeds: on ? [new Uint8Array([1, 2]), new Uint8Array([0, 0])] : [], bools: on ? [true, false, true] : [],
});
const inners = (n: number) => Array.from({ length: n }, (_, i) => ({ a: i, b: BigInt(i) * 1000n }));
const state = {
  host: exampleState(3).host,
  domains: [
    { every: every(1, true), inners: inners(7), many: [every(2, false), every(5, true)], maybe: null },
    { every: every(9, false), inners: [], many: [], maybe: { a: 9, b: 9n } },
  ],
};

/** Type and body of every record the state makes, from the TypeScript struct encoders. */
function expectedRecords(): { type: number; body: Uint8Array }[] {
  const body = (r: RecordDef, value: unknown) => {
    const w = new MsgWriter(1024);
    structEncoder(r.body.desc)(w, value);
    return { type: r.type, body: w.toBytes() };
  };
  const out = [body(schema.host, state.host)];
  for (const d of state.domains) {
    out.push(body(EVERY, d.every));
    for (let i = 0; i < d.inners.length; i += 3) out.push(body(INNERS, { entries: d.inners.slice(i, i + 3) }));
    for (const m of d.many) out.push(body(MANY, m));
    if (d.maybe) out.push(body(MAYBE, d.maybe));
  }
  out.push(body(schema.end, { nr_records: out.length }));
  return out;
}

let c: CBuild;
let dir: string;
let written: Uint8Array;

beforeAll(() => {
  c = buildC();
  dir = join(c.dir, 'any-schema');
  mkdirSync(dir, { recursive: true });
  const files: Record<string, string> = {
    [cHeaderFileName(99)]: cHeaderOf(schema),
    [cStateTypesFileName(99)]: cStateTypesOf(schema),
    [cWriterHeaderFileName(99)]: cWriterHeaderOf(schema),
    [cWriterSourceFileName(99)]: cWriterSourceOf(schema),
    'data.c': cStateDataOf(schema, state, 'xlu_any', 'the test state'),
    'main.c': [
      '#include <stdio.h>',
      `#include "${cWriterHeaderFileName(99)}"`,
      'extern const struct xenlu_v99_state xlu_any;',
      'static uint8_t buf[1u << 16];',
      'int main(void)',
      '{',
      '\tstruct xlu_writer w;',
      '',
      '\txlu_writer_init(&w, buf, sizeof(buf));',
      '\tif (xlu_write_stream_v99(&w, &xlu_any) != XLU_W_OK) {',
      '\t\tfprintf(stderr, "error %s\\n", xlu_write_status_name(w.status));',
      '\t\treturn 1;',
      '\t}',
      '\treturn fwrite(buf, 1, xlu_writer_size(&w), stdout) == xlu_writer_size(&w) ? 0 : 2;',
      '}',
      '',
    ].join('\n'),
  };
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  const inc = ['-I', dir, '-I', join(C_DIR, 'include'), '-I', join(C_DIR, 'src')];
  const compilerInclude = execFileSync('gcc', ['-print-file-name=include'], { encoding: 'utf8' }).trim();
  const writer = spawnSync('gcc', [...XEN_FLAGS, '-isystem', compilerInclude, ...inc, '-c', join(dir, cWriterSourceFileName(99)), '-o', join(dir, 'writer.o')], { encoding: 'utf8' });
  if (writer.status !== 0) throw new Error(`the generated v99 serializer does not compile with Xen's flags:\n${writer.stderr}`);
  const exe = join(dir, 'write-any');
  execFileSync('gcc', ['-std=c99', '-Wall', '-Wextra', '-Werror', '-no-pie', ...inc, join(dir, 'main.c'), join(dir, 'data.c'), join(dir, 'writer.o'),
    ...['xlu_writer.o', 'xlu_mp.o', 'xlu_crc32.o'].map((o) => join(c.dir, o)), '-o', exe]);
  const r = spawnSync(exe, [], { maxBuffer: 1 << 20 });
  if (r.status !== 0) throw new Error(`write-any failed (${r.status}): ${r.stderr.toString()}`);
  written = new Uint8Array(r.stdout);
});

describe('the C generators on a schema built in the test (version 99)', () => {
  it('write every record as the TypeScript struct encoders do, list records cut at MAX_ENTRIES', () => {
    const got = splitRecords(written);
    const want = expectedRecords();
    expect(got.map((r) => r.type >>> 0)).toEqual(want.map((r) => r.type >>> 0));
    got.forEach((r, i) => expect(Buffer.from(r.body).equals(Buffer.from(want[i]!.body)), `record ${i} (type 0x${want[i]!.type.toString(16)}) body`).toBe(true));
    expect(got.filter((r) => r.type === INNERS.type).map((r) => r.body.length > 0)).toEqual([true, true, true]);
  });

  it('write the schema version and the producer into the stream header', () => {
    const view = new DataView(written.buffer, written.byteOffset);
    expect(view.getUint32(12)).toBe(99);
    expect(view.getUint16(20)).toBe(state.host.producer.major);
  });

  it('run clean under valgrind', () => {
    const r = valgrind(join(dir, 'write-any'), []);
    expect(r.status, r.stderr).toBe(0);
  });
});

describe('shapes the C generators do not map', () => {
  it('are refused with the field named, not written wrongly', () => {
    const blobs = struct('Blobs', { id: field(1, u32(), 'id'), parts: field(2, list(bin({ max: 8 }), { max: 4 }), 'variable blobs') });
    const withBlobs = defineVersion(98, v3.host, v3.end, { blobs: single(record('BLOBS', 0x70, blobs, 'blobs')) });
    expect(() => cStateTypesOf(withBlobs)).toThrow(/parts: a list of variable-size blobs has no C type/);
    const strs = listRecord('STRS', 0x71, str(8), 4, 'string entries');
    const withStrs = defineVersion(97, v3.host, v3.end, { every: single(EVERY), strs: entries(strs) });
    expect(() => cWriterSourceOf(withStrs)).toThrow(/STRS: a list record of str entries has no C writer/);
  });
});
