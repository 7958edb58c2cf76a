/** Schema 3 <-> 4: defaults with notes up, named refusals down, and a v3 reader of a v4 stream. */
import { describe, expect, it } from 'vitest';
import { DowngradeError, FormatError, StateError, UnknownRecordError } from '../src/errors.js';
import { exampleState } from '../src/examples/index.js';
import { decode } from '../src/decode.js';
import { encode } from '../src/encode.js';
import { convert, downgrade, upgrade } from '../src/migrate/index.js';
import { validateSemantics } from '../src/semantics/index.js';
import { v4 } from '../src/schema/v4.js';

function blockers(f: () => unknown): DowngradeError {
  try {
    f();
  } catch (e) {
    if (e instanceof DowngradeError) return e;
    throw e;
  }
  throw new Error('not refused');
}

describe('upgrade 3 -> 4', () => {
  it('gives every domain an empty CPU policy and the added fields their defaults, with notes', () => {
    const s3 = exampleState(3);
    const { state, notes } = upgrade(s3, 3);
    expect(v4.zod.safeParse(state).success).toBe(true);
    for (const d of state.domains) {
      expect(d.cpu_policy).toEqual({ cpuid: [], msrs: [] });
      expect(d.domain.shared_info_mfn).toBeNull();
      for (const c of d.event_channels) expect([c.last_vcpu, c.last_priority, c.xen_consumer]).toEqual([c.notify_vcpu, c.priority, 0]);
    }
    const hvm = state.domains[1]!;
    expect(hvm.ioreq_servers.map((r) => r.bufioreq)).toEqual(['legacy', 'off']);
    expect(notes.map((n) => n.path)).toEqual(['domains[*].cpu_policy', 'domains[*].domain']);
    expect(validateSemantics(state, 4)).toEqual([]);
  });

  it('refuses, by name, a host total_pages above 2^40 (40-bit machine frames)', () => {
    const s3 = exampleState(3);
    s3.host.total_pages = (1n << 40n) + 1n;
    expect(() => upgrade(s3, 3)).toThrow(StateError);
    expect(() => upgrade(s3, 3)).toThrow(/host total_pages 1099511627777 is above 2\^40/);
    s3.host.total_pages = 1n << 40n;
    expect(upgrade(s3, 3).state.host.total_pages).toBe(1n << 40n);
  });

  it('refuses, by name, a max_pages that does not fit v4 u32', () => {
    const s3 = exampleState(3);
    s3.domains[1]!.domain.max_pages = 1n << 32n;
    expect(() => upgrade(s3, 3)).toThrow(StateError);
    expect(() => upgrade(s3, 3)).toThrow(/domain 1: max_pages 4294967296 does not fit/);
  });

  it('refuses more IOREQ server ids than MAX_NR_IOREQ_SERVERS', () => {
    const s3 = exampleState(3);
    s3.domains[1]!.ioreq_servers[1]!.id = 8;
    expect(() => upgrade(s3, 3)).toThrow(/at most 8 \(ids 0-7, MAX_NR_IOREQ_SERVERS\)/);
  });

  it('downgrade(upgrade(s)) is s', () => {
    const s3 = exampleState(3);
    expect(downgrade(upgrade(s3, 3).state, 4).state).toEqual(s3);
  });
});

describe('downgrade 4 -> 3', () => {
  it('names every feature v3 cannot carry in the example', () => {
    const e = blockers(() => downgrade(exampleState(4), 4));
    const features = new Set(e.blockers.map((b) => b.feature));
    expect([...features].sort()).toEqual([
      'cpu_policy', 'domain_state', 'fifo_private', 'ioreq_gfn', 'ioreq_state', 'vcpu_state', 'xen_consumer', 'xen_heap_frames', 'xen_pages',
    ]);
    expect(e.blockers.find((b) => b.feature === 'ioreq_gfn')!.message).toContain('domain 1: IOREQ server(s) 1 map their pages through acquire_resource');
  });

  it('drops what it is told to, with a note each, and refuses what cannot be dropped', () => {
    const s4 = upgrade(exampleState(3), 3).state;
    s4.domains[0]!.cpu_policy.cpuid.push({ leaf: 0, subleaf: 0xffffffff, eax: 0xd, ebx: 0, ecx: 0, edx: 0 });
    s4.domains[0]!.domain.watchdogs = [{ id: 0, timeout_s: 30 }];
    expect(blockers(() => downgrade(s4, 4)).blockers.map((b) => b.feature)).toEqual(['cpu_policy', 'domain_state']);
    const { state, notes } = downgrade(s4, 4, { drop: ['cpu_policy', 'domain_state'] });
    expect(notes.map((n) => n.feature)).toEqual(['cpu_policy', 'domain_state']);
    expect(notes[1]!.message).toContain('watchdogs [{"id":0,"timeout_s":30}] dropped');
    expect(state).toEqual(exampleState(3));

    s4.domains[1]!.event_channels[0]!.xen_consumer = 1;
    const e = blockers(() => downgrade(s4, 4, { drop: ['cpu_policy', 'domain_state'] }));
    expect(e.feature).toBe('xen_consumer');
    expect(e.message).toContain('domain 1: port(s) 1 are consumed by Xen itself');
  });

  it('refuses a host with more pCPUs than v3 holds', () => {
    const s4 = upgrade(exampleState(3), 3).state;
    s4.host.nr_pcpus = 16383;
    expect(blockers(() => downgrade(s4, 4)).feature).toBe('nr_pcpus');
  });
});

describe('a v3 reader of a v4 stream (rollback)', () => {
  it('refuses it by the name of the mandatory CPU_POLICY record', () => {
    const bytes = encode(exampleState(4), 4);
    let err: unknown;
    try {
      decode(bytes, { readerVersion: 3 });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(FormatError);
    expect(err).toBeInstanceOf(UnknownRecordError);
    expect((err as Error).message).toContain('unknown mandatory record CPU_POLICY (0x0000000f) x5');
  });

  it('reads a domainless v4 stream, keeping HOST.xen_pages unread, and the upgrade takes it back', () => {
    const s4 = exampleState(4);
    s4.domains = [];
    const read = decode(encode(s4, 4), { readerVersion: 3 });
    expect(read.dropped).toEqual([expect.objectContaining({ kind: 'field', struct: 'Host', fields: '11' })]);
    expect(convert(read.state, 3, 4).state).toEqual(s4);
  });

  it('a v4 reader reads a v3 stream through the upgrade', () => {
    const r = decode(encode(exampleState(3), 3));
    expect(r.version).toBe(4);
    expect(r.state).toEqual(convert(exampleState(3), 3, 4).state);
  });
});
