/**
 * The golden fixtures are frozen: released versions must keep decoding to their example state and
 * the example state must keep encoding to exactly these bytes.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decode } from '../src/decode.js';
import { encode } from '../src/encode.js';
import { exampleState } from '../src/examples/index.js';
import { fromJson, toJson } from '../src/json/index.js';
import { convert } from '../src/migrate/index.js';
import { FormatError, UnknownRecordError } from '../src/errors.js';
import { SCHEMAS, VERSIONS, type Version } from '../src/schema/index.js';
import { splitRecords } from '../src/wire/assemble.js';

const golden = (v: Version) => new Uint8Array(readFileSync(new URL(`../../../fixtures/v${v}/example.xlu`, import.meta.url)));
const goldenJson = (v: Version): unknown => JSON.parse(readFileSync(new URL(`../../../fixtures/v${v}/example.json`, import.meta.url), 'utf8'));

describe.each(VERSIONS)('golden fixture v%i', (v) => {
  it('decodes to the example state, with nothing dropped', () => {
    const d = decode(golden(v), { readerVersion: v });
    expect(d.streamVersion).toBe(v);
    expect(d.state).toEqual(exampleState(v));
    expect(d.dropped).toEqual([]);
    expect(d.notes).toEqual([]);
  });

  it('the example state encodes to the same bytes', () => {
    expect(Buffer.from(encode(exampleState(v), v)).equals(Buffer.from(golden(v)))).toBe(true);
  });

  it('the JSON golden is the JSON form of the example state, and reads back to it', () => {
    expect(toJson(exampleState(v), v)).toEqual(goldenJson(v));
    expect(fromJson(goldenJson(v), v)).toEqual(exampleState(v));
  });

  it('uses every record type of its version', () => {
    const seen = new Set(decode(golden(v), { readerVersion: v }).records.map((r) => r.name));
    const missing = [...SCHEMAS[v].records.values()].map((r) => r.name).filter((n) => !seen.has(n));
    expect(missing).toEqual([]);
  });
});

describe('cross-version reads', () => {
  it('v1 and v2 goldens read by a v3 reader equal their upgrades', () => {
    for (const w of [1, 2] as const) {
      const d = decode(golden(w), { readerVersion: 3 });
      expect(d.version).toBe(3);
      expect(d.streamVersion).toBe(w);
      expect(d.state).toEqual(convert(exampleState(w), w, 3).state);
    }
  });

  it('v1 golden read by a v2 reader equals its upgrade', () => {
    const d = decode(golden(1), { readerVersion: 2 });
    expect(d.state).toEqual(convert(exampleState(1), 1, 2).state);
  });

  it('a v3 state with no v3-only feature downgrades to v1 and back to an equivalent state', () => {
    const s3 = convert(exampleState(1), 1, 3).state;
    const down = convert(s3, 3, 1);
    const again = convert(down.state, 1, 3).state;
    expect(again).toEqual(s3);
    // And through the bytes: writer v1 -> reader v3.
    expect(decode(encode(down.state as ReturnType<typeof exampleState<1>>, 1), { readerVersion: 3 }).state).toEqual(s3);
  });

  it('a v2 stream with a FIFO domain is refused by a v1 reader, at its first fault: the FIFO ABI value, then EVENT_FIFO', () => {
    expect(exampleState(2).domains.some((d) => d.event_fifo !== null)).toBe(true);
    const refusal = (bytes: Uint8Array): FormatError => {
      try {
        decode(bytes, { readerVersion: 1 });
      } catch (e) {
        if (e instanceof FormatError) return e;
        throw e;
      }
      throw new Error('accepted');
    };
    // In stream order, the DOMAIN record's evtchn_abi (fifo, unknown to v1) comes before EVENT_FIFO.
    const first = refusal(golden(2));
    expect(first.code).toBe('bad-value');
    expect(first.location.recordType).toBe('DOMAIN');
    // With that value made one v1 knows, the EVENT_FIFO record is the first fault, named.
    const s2 = exampleState(2);
    for (const d of s2.domains) d.domain.evtchn_abi = 'two_level';
    const err = refusal(encode(s2, 2));
    expect(err).toBeInstanceOf(UnknownRecordError);
    expect(err.message).toContain('EVENT_FIFO');
    expect((err as UnknownRecordError).types.map((t) => t.name)).toContain('EVENT_FIFO');
  });

  it('a v3 stream with PASSTHROUGH is refused by a v2 reader, naming PASSTHROUGH', () => {
    expect(exampleState(3).domains.some((d) => d.passthrough !== null)).toBe(true);
    let err: unknown;
    try {
      decode(golden(3), { readerVersion: 2 });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(UnknownRecordError);
    expect((err as UnknownRecordError).types.map((t) => t.name)).toContain('PASSTHROUGH');
  });

  it('the optional VCPU_RUNSTATE is skipped by a v1 reader and reported dropped', () => {
    // A v2 state a v1 Xen can take: no FIFO domain, grant tables v1, max_pages within u32.
    const s2 = convert(exampleState(1), 1, 2).state as ReturnType<typeof exampleState<2>>;
    const runstates = exampleState(2).domains.find((d) => d.vcpu_runstates.length > 0)!;
    const target = s2.domains.find((d) => d.domain.domid === runstates.domain.domid)!;
    target.vcpu_runstates = runstates.vcpu_runstates.filter((r) => target.vcpus.some((c) => c.id === r.vcpu));
    expect(target.vcpu_runstates.length).toBeGreaterThan(0);
    const bytes = encode(s2, 2);
    const d = decode(bytes, { readerVersion: 1 });
    expect(d.version).toBe(1);
    expect(d.streamVersion).toBe(2);
    const dropped = d.dropped.find((x) => x.kind === 'record');
    expect(dropped).toMatchObject({ record: expect.stringContaining('0x80000001'), count: 1 });
    // The rollback read equals the writer-side downgrade (which also drops the runstates).
    expect(d.state).toEqual(convert(s2, 2, 1).state);
    // And a v1 tool re-encoding what it read keeps the runstates and the v2-only fields.
    const reencoded = encode(d.state, 1);
    expect(splitRecords(reencoded).map((r) => r.type)).toEqual(splitRecords(bytes).map((r) => r.type));
  });
});
