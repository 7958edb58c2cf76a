/**
 * Every resource limit is enforced by both readers, exactly at its value, as a located
 * LimitError: record size, nesting depth, domains, vCPUs, ports, entries per list section and
 * unknown fields kept.
 */
import { describe, expect, it } from 'vitest';
import { decode } from '../src/decode.js';
import { encode } from '../src/encode.js';
import { LimitError, type Location } from '../src/errors.js';
import { exampleState } from '../src/examples/index.js';
import { nested, parseBody, serializeBody, type MsgValue } from '../src/fuzz/index.js';
import { DEFAULT_LIMITS, type Limits, resolveLimits } from '../src/limits.js';
import { readStream } from '../src/stream.js';
import { SCHEMAS } from '../src/schema/index.js';
import { assembleStream, splitRecords } from '../src/wire/assemble.js';

const state = exampleState(3);
const golden = encode(state, 3);
const records = splitRecords(golden);

function hostWith(extra: MsgValue[]): Uint8Array {
  const recs = records.map((r) => ({ type: r.type, body: r.body }));
  const host = parseBody(recs[0]!.body) as MsgValue[];
  recs[0] = { type: recs[0]!.type, body: serializeBody([...host, ...extra]) };
  const v = new DataView(golden.buffer, golden.byteOffset, 24);
  return assembleStream(3, recs, { major: v.getUint16(20), minor: v.getUint16(22) });
}

async function streamError(bytes: Uint8Array, limits: Partial<Limits>): Promise<unknown> {
  async function* chunks() {
    for (let i = 0; i < bytes.length; i += 4096) yield bytes.slice(i, i + 4096);
  }
  try {
    for await (const ev of readStream(chunks(), { limits })) void ev;
    return undefined;
  } catch (e) {
    return e;
  }
}

function decodeError(bytes: Uint8Array, limits: Partial<Limits>): unknown {
  try {
    decode(bytes, { limits });
    return undefined;
  } catch (e) {
    return e;
  }
}

/** At `ok` the stream passes both readers; one below, both refuse it with a LimitError located as `where`. */
async function enforced(bytes: Uint8Array, key: keyof Limits, ok: number, where: Location): Promise<LimitError> {
  expect(decodeError(bytes, { [key]: ok })).toBeUndefined();
  expect(await streamError(bytes, { [key]: ok })).toBeUndefined();
  const e1 = decodeError(bytes, { [key]: ok - 1 });
  const e2 = await streamError(bytes, { [key]: ok - 1 });
  for (const e of [e1, e2]) {
    expect(e).toBeInstanceOf(LimitError);
    expect((e as LimitError).code).toBe('limit');
    expect((e as LimitError).location).toMatchObject(where);
  }
  return e1 as LimitError;
}

const perDomain = (f: (d: (typeof state.domains)[number]) => number) => Math.max(...state.domains.map(f));

/**
 * The record that takes a per-domain count past `limit`: `count` says what each record adds to
 * the count of its key (undefined: not counted). Its index, offset and domid are where a
 * LimitError must point, not the record before it.
 */
function crossing(limit: number, count: (type: number, body: Uint8Array) => { key: string; add: number } | undefined): Location {
  const totals = new Map<string, number>();
  let domid: number | undefined;
  for (const [index, r] of records.entries()) {
    if (r.type === 2) {
      domid = ((parseBody(r.body) as MsgValue[])[0] as bigint | number) as number;
      totals.clear();
    }
    const c = count(r.type, r.body);
    if (!c) continue;
    const total = (totals.get(c.key) ?? 0) + c.add;
    totals.set(c.key, total);
    if (total > limit) return { offset: r.offset, record: index, domid: Number(domid) };
  }
  throw new Error('the limit is never crossed');
}

const typeOf = (key: string) => (SCHEMAS[3].sections as Record<string, { record: { type: number } }>)[key]!.record.type;
const entriesIn = (body: Uint8Array) => ((parseBody(body) as MsgValue[])[0] as MsgValue[]).length;

describe('limits', () => {
  it('has safe defaults, and refuses nonsense values', () => {
    expect(DEFAULT_LIMITS.maxRecordBytes).toBe(64 * 1024 * 1024);
    expect(DEFAULT_LIMITS.maxDepth).toBeGreaterThan(0);
    expect(resolveLimits({ maxDomains: 3 }).maxDomains).toBe(3);
    expect(() => resolveLimits({ maxDepth: -1 })).toThrow(RangeError);
    expect(() => resolveLimits({ maxEntries: 1.5 })).toThrow(RangeError);
  });

  it('maxRecordBytes: the largest body', async () => {
    const largest = records.reduce((a, r) => (r.body.length > a.body.length ? r : a));
    const index = records.indexOf(largest);
    await enforced(golden, 'maxRecordBytes', largest.body.length, { offset: largest.offset + 4, record: index });
  });

  it('maxDepth: unknown values nested in a body', async () => {
    const depth = 8;
    // The unknown field is at depth 1, so `depth - 1` arrays put its innermost value at `depth`.
    const bytes = hostWith([nested(depth - 1)]);
    // At the innermost value (the nil closing the body), the first one nested too deep.
    const host = splitRecords(bytes)[0]!;
    await enforced(bytes, 'maxDepth', depth, { record: 0, recordType: 'HOST', offset: host.offset + 16 + host.body.length - 1 });
    expect(decodeError(hostWith([nested(depth)]), { maxDepth: depth })).toBeInstanceOf(LimitError);
  });

  it('maxDomains: the DOMAIN record one past the limit', async () => {
    const n = state.domains.length;
    const domainRecords = records.filter((r) => r.type === 2);
    expect(domainRecords.length).toBe(n);
    const last = domainRecords[n - 1]!;
    const domid = Number((parseBody(last.body) as MsgValue[])[0]);
    await enforced(golden, 'maxDomains', n, { offset: last.offset, record: records.indexOf(last), recordType: 'DOMAIN', domid });
  });

  it('maxVcpus: VCPU records of one domain', async () => {
    const most = perDomain((d) => d.vcpus.length);
    expect(most).toBeGreaterThan(1);
    const vcpu = typeOf('vcpus');
    const where = crossing(most - 1, (type) => (type === vcpu ? { key: 'vcpus', add: 1 } : undefined));
    await enforced(golden, 'maxVcpus', most, { ...where, recordType: 'VCPU' });
  });

  it('maxPorts: event channels of one domain', async () => {
    const most = perDomain((d) => d.event_channels.length);
    expect(most).toBeGreaterThan(1);
    const ports = typeOf('event_channels');
    const where = crossing(most - 1, (type, body) => (type === ports ? { key: 'ports', add: entriesIn(body) } : undefined));
    await enforced(golden, 'maxPorts', most, { ...where, recordType: 'EVENT_CHANNELS' });
  });

  it('maxEntries: entries of one list section of one domain', async () => {
    const lists = ['p2m', 'pages', 'hvm_params', 'hvm_devices', 'vcpu_runstates', 'ioreq_servers'] as const;
    const most = perDomain((d) => Math.max(...lists.map((k) => (d[k] as unknown[]).length)));
    expect(most).toBeGreaterThan(1);
    const types = new Map(Object.entries(SCHEMAS[3].sections).filter(([k, sec]) => sec.kind === 'list' && k !== 'event_channels').map(([k, sec]) => [sec.record.type, k]));
    const where = crossing(most - 1, (type, body) => (types.has(type) ? { key: types.get(type)!, add: entriesIn(body) } : undefined));
    await enforced(golden, 'maxEntries', most, where);
  });

  it('maxUnknownFields: beyond the limit and one per 4 bytes of input', async () => {
    const many = hostWith(Array.from({ length: 100 }, () => null));
    const host = splitRecords(many)[0]!;
    // At the first unknown field of the struct that crossed it (the 100 nils end the body).
    await enforced(many, 'maxUnknownFields', 100, { record: 0, offset: host.offset + 16 + host.body.length - 100 });
    // Under one per 4 bytes read so far, they are kept whatever the limit.
    const sparse = hostWith(Array.from({ length: 40 }, () => null));
    expect(decodeError(sparse, { maxUnknownFields: 0 })).toBeUndefined();
    expect(decode(sparse).dropped).toEqual([{ kind: 'field', record: 'HOST', struct: 'Host', fields: expect.any(String), count: 1, firstRecord: 0 }]);
  });

  it('maxUnknownFields: an unknown optional record counts one, and is named when it crosses the limit', async () => {
    const many = hostWith(Array.from({ length: 100 }, () => null));
    const recs = splitRecords(many).map((r) => ({ type: r.type, body: r.body }));
    recs.splice(1, 0, { type: 0x8000_0077, body: new Uint8Array([0xc0]) });
    recs[recs.length - 1] = { type: 0, body: serializeBody([BigInt(recs.length - 1)]) };
    const v = new DataView(golden.buffer, golden.byteOffset, 24);
    const bytes = assembleStream(3, recs, { major: v.getUint16(20), minor: v.getUint16(22) });
    const unknown = splitRecords(bytes)[1]!;
    await enforced(bytes, 'maxUnknownFields', 101, { record: 1, offset: unknown.offset + 16 });
  });
});
