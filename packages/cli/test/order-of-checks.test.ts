/**
 * One order of checks (FORMAT.md section 3): for the same damaged stream, the library's two
 * readers (decode on a buffer, readStream on chunks) and the CLI's validate, validate
 * --structure-only, decode and inspect all report the same first fault: code, offset and record.
 * Each stream holds two or more faults, so a reader checking in another order would name another.
 */
import { writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { decode } from '../../format/src/decode.js';
import { encode } from '../../format/src/encode.js';
import { FormatError } from '../../format/src/errors.js';
import { exampleState } from '../../format/src/examples/index.js';
import { readStream } from '../../format/src/stream.js';
import { type RawRecord, assembleStream, reseal, splitRecords } from '../../format/src/wire/assemble.js';
import { scratch, xenlu } from './helpers.js';

interface Fault {
  readonly code: string;
  readonly offset: number | undefined;
  readonly record?: number | undefined;
}

const golden = encode(exampleState(3), 3);
const view = new DataView(golden.buffer, golden.byteOffset, 24);
const xen = { major: view.getUint16(20), minor: view.getUint16(22) };
const raw = (b: Uint8Array): RawRecord[] => splitRecords(b).map(({ type, body }) => ({ type, body }));
const recs = raw(golden);
const n = recs.length;
const endOf = (count: number): RawRecord => ({ type: 0, body: new Uint8Array(count < 128 ? [0x91, count] : count < 256 ? [0x91, 0xcc, count] : [0x91, 0xcd, count >> 8, count & 0xff]) });
/** The golden's records with `edit` applied, END recounted, resealed. */
const build = (edit: (body: RawRecord[]) => RawRecord[]): Uint8Array => {
  const body = edit(recs.slice(0, -1));
  return assembleStream(3, [...body, endOf(body.length)], xen);
};
const offsetOf = (bytes: Uint8Array, i: number) => splitRecords(bytes)[i]!.offset;
const setU32 = (b: Uint8Array, at: number, v: number) => new DataView(b.buffer, b.byteOffset, b.byteLength).setUint32(at, v >>> 0);
const MAP = new Uint8Array([0x81, 0x01, 0x02]);

/** Each case: the bytes and the first fault in stream order, as FORMAT.md 3 defines it. */
function cases(): { name: string; bytes: Uint8Array; expect: Fault }[] {
  const out: { name: string; bytes: Uint8Array; expect: Fault }[] = [];
  const badBody2 = build((r) => r.map((x, i) => (i === 2 ? { type: x.type, body: MAP } : x)));
  const body2 = offsetOf(badBody2, 2) + 16;
  {
    // A bad body at record 2, then a bad checksum at a late record.
    const b = badBody2.slice();
    const late = offsetOf(b, n - 3);
    b[late + 8] = b[late + 8]! ^ 0xff;
    out.push({ name: 'bad body early, bad checksum late', bytes: b, expect: { code: 'bad-body', offset: body2, record: 2 } });
  }
  {
    // A bad body at record 2, then an unknown mandatory record.
    const b = build((r) => {
      const c = r.map((x, i) => (i === 2 ? { type: x.type, body: MAP } : x));
      c.splice(n - 3, 0, { type: 0x77, body: new Uint8Array([0x90]) });
      return c;
    });
    out.push({ name: 'bad body early, unknown mandatory record late', bytes: b, expect: { code: 'bad-body', offset: body2, record: 2 } });
  }
  {
    // An unknown mandatory record, then a bad body.
    const b = build((r) => {
      const c = r.map((x, i) => (i === 5 ? { type: x.type, body: MAP } : x));
      c.splice(3, 0, { type: 0x77, body: new Uint8Array([0x90]) });
      return c;
    });
    out.push({ name: 'unknown mandatory record, then a bad body', bytes: b, expect: { code: 'unknown-mandatory-record', offset: offsetOf(b, 3), record: 3 } });
  }
  {
    // A bad body at record 2, then the stream cut short.
    const b = badBody2.slice(0, offsetOf(badBody2, n - 2) + 20);
    out.push({ name: 'bad body early, truncated', bytes: b, expect: { code: 'bad-body', offset: body2, record: 2 } });
  }
  {
    const cut = golden.slice(0, offsetOf(golden, n - 3) + 20);
    out.push({ name: 'truncated inside a record', bytes: cut, expect: { code: 'bad-length', offset: offsetOf(golden, n - 3) + 4, record: n - 3 } });
    const atBoundary = golden.slice(0, offsetOf(golden, n - 1));
    out.push({ name: 'cut before END', bytes: atBoundary, expect: { code: 'missing-end', offset: offsetOf(golden, n - 1), record: n - 1 } });
    const header = golden.slice(0, offsetOf(golden, 4) + 9);
    out.push({ name: 'cut inside a record header', bytes: header, expect: { code: 'truncated', offset: offsetOf(golden, 4), record: 4 } });
  }
  {
    const b = reseal(Uint8Array.from([...golden, 0, 0, 0, 0, 0, 0, 0, 0]));
    out.push({ name: 'trailing bytes', bytes: b, expect: { code: 'trailing-data', offset: golden.length, record: n } }); // located as the record that would follow END
    const both = reseal(Uint8Array.from([...badBody2, 1, 2, 3]));
    out.push({ name: 'bad body early, trailing bytes', bytes: both, expect: { code: 'bad-body', offset: body2, record: 2 } });
  }
  {
    // Records out of order (TSC_INFO moved after a VCPU), then a bad checksum later.
    const tsc = recs.findIndex((r) => r.type === 6);
    const b = build((r) => {
      const c = [...r];
      const [t] = c.splice(tsc, 1);
      c.splice(tsc + 1, 0, t!);
      return c;
    });
    const late = offsetOf(b, n - 2);
    b[late + 8] = b[late + 8]! ^ 1;
    out.push({ name: 'out of order, bad checksum later', bytes: b, expect: { code: 'bad-order', offset: offsetOf(b, tsc + 1), record: tsc + 1 } });
  }
  {
    // An unknown optional record whose body is a map, then an unknown mandatory one.
    const b = build((r) => [...r.slice(0, 3), { type: 0x8000_0077, body: MAP }, ...r.slice(3, -2), { type: 0x78, body: new Uint8Array([0xc0]) }, ...r.slice(-2)]);
    out.push({ name: 'unknown optional record with a map body, then an unknown mandatory', bytes: b, expect: { code: 'bad-body', offset: offsetOf(b, 3) + 16, record: 3 } });
  }
  {
    // A bad checksum early, then a bad body (behind it, never looked at).
    const b = build((r) => r.map((x, i) => (i === 7 ? { type: x.type, body: MAP } : x)));
    b[offsetOf(b, 3) + 8] ^= 0x10;
    out.push({ name: 'bad checksum early, bad body later', bytes: b, expect: { code: 'bad-checksum', offset: offsetOf(b, 3) + 8, record: 3 } });
  }
  {
    // A record length over the limit (and past the input): the limit, from the header alone.
    const b = golden.slice();
    const at = offsetOf(golden, 4);
    setU32(b, at + 4, 0x7ffffff0);
    out.push({ name: 'length over the limit', bytes: b, expect: { code: 'limit', offset: at + 4, record: 4 } });
  }
  return out;
}

function libDecode(bytes: Uint8Array): Fault | 'ok' {
  try {
    decode(bytes);
    return 'ok';
  } catch (e) {
    if (!(e instanceof FormatError)) throw e;
    return { code: e.code, offset: e.location.offset, record: e.location.record };
  }
}

async function libStream(bytes: Uint8Array, chunk: number): Promise<Fault | 'ok'> {
  async function* chunks() {
    for (let i = 0; i < bytes.length; i += chunk) yield bytes.slice(i, i + chunk);
  }
  try {
    for await (const ev of readStream(chunks())) void ev;
    return 'ok';
  } catch (e) {
    if (!(e instanceof FormatError)) throw e;
    return { code: e.code, offset: e.location.offset, record: e.location.record };
  }
}

/** Code and offset from a CLI error line: `...: offset N (0x..), ...: message [code]`. */
function fromLine(stderr: string): Fault {
  const line = stderr.trimEnd().split('\n').pop() ?? '';
  const m = /offset (\d+) \(0x[0-9a-f]+\).*\[([a-z-]+)\]$/.exec(line);
  if (!m) throw new Error(`no located error in: ${stderr}`);
  return { code: m[2]!, offset: Number(m[1]) };
}

const all = cases();
const tmp = scratch('order');
const files: string[] = [];
beforeAll(() => {
  all.forEach((c, i) => {
    const p = tmp.path(`case${i}.xlu`);
    writeFileSync(p, c.bytes);
    files.push(p);
  });
});
afterAll(() => tmp.cleanup());

describe('one order of checks, every entry point', () => {
  test.each(all.map((c, i) => [c.name, i] as const))('%s', async (_name, i) => {
    const c = all[i]!;
    const expected = c.expect;
    expect(libDecode(c.bytes), 'decode').toEqual(expected);
    for (const chunk of [1, 7, 4096]) expect(await libStream(c.bytes, chunk), `readStream, chunks of ${chunk}`).toEqual(expected);

    const file = files[i]!;
    const where = { code: expected.code, offset: expected.offset };
    for (const args of [['validate', '--json', file], ['validate', '--structure-only', '--json', file]]) {
      const r = xenlu(args);
      expect(r.status, args.join(' ')).toBe(1);
      const report = JSON.parse(r.stdout) as { files: { error: { code: string; location: { offset?: number } } }[] };
      const e = report.files[0]!.error;
      expect({ code: e.code, offset: e.location.offset }, args.join(' ')).toEqual(where);
    }
    const d = xenlu(['decode', file]);
    expect(d.status, 'decode').toBe(1);
    expect(fromLine(d.stderr), 'xenlu decode').toEqual(where);
    const ins = xenlu(['inspect', '--json', file]);
    expect(ins.status, 'inspect').toBe(1);
    expect(fromLine(ins.stderr), 'xenlu inspect').toEqual(where);
    const j = JSON.parse(ins.stdout) as { errorCode: string; errorLocation: { offset: number } };
    expect({ code: j.errorCode, offset: j.errorLocation.offset }, 'inspect --json').toEqual(where);
  }, 60_000);
});
