/**
 * Seeded bugs in the codec, the migrations and the semantic checker, each as a wrapper around the
 * real implementation that behaves exactly as the buggy code would. Several are *symmetric*
 * (writer and reader wrong the same way), which round trips alone cannot see: the independent
 * reference reader and the cross-version properties have to.
 */
import { FormatError, UnknownRecordError, type State, type Version } from '@xenlu/format';
import { HEADER_SIZE, RECORD_HEADER_SIZE, readFrames, writeFrames, padding } from '../conformance/framing.js';
import { endBody } from '../stream-edit.js';
import type { DiffOutcome, FormatImpl, SemanticFinding } from '../impl.js';
import { type LooseDomain, type LooseState, loose } from '../negative/state-edit.js';

/** A deep copy of `s` edited per domain. */
function editDomains(s: State, edit: (d: LooseDomain, st: LooseState) => void): State {
  const c = structuredClone(s);
  const l = loose(c);
  for (const d of l.domains) edit(d, l);
  return c;
}

function reframe(bytes: Uint8Array, readPad: (n: number) => number, writePad: (n: number) => number, keep: (type: number) => boolean = () => true): Uint8Array {
  const { head, frames } = readFrames(bytes, readPad);
  const records = frames.filter((f) => keep(f.type)).map((f) => ({ type: f.type, body: bytes.slice(f.bodyStart, f.bodyEnd) }));
  const end = records[records.length - 1];
  if (end && end.type === 0 && records.length !== frames.length) {
    // END counts the records before it; re-encode the count (a positive fixint or uint32).
    const n = records.length - 1;
    end.body = n < 128 ? new Uint8Array([0x91, n]) : new Uint8Array([0x91, 0xcd, n >> 8, n & 0xff]);
  }
  return writeFrames(head, records, writePad);
}

const offByOne = (n: number) => padding(n) + 1;

/** A stream of whole records that lacks its END, completed with one (as the buggy reader assumes). */
function completed(bytes: Uint8Array): Uint8Array {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const head = { schemaVersion: view.getUint32(12), xenMajor: view.getUint16(20), xenMinor: view.getUint16(22) };
  const records: { type: number; body: Uint8Array }[] = [];
  for (let at = HEADER_SIZE; at < bytes.length;) {
    const length = view.getUint32(at + 4);
    records.push({ type: view.getUint32(at), body: bytes.slice(at + RECORD_HEADER_SIZE, at + RECORD_HEADER_SIZE + length) });
    at += RECORD_HEADER_SIZE + length + padding(length);
  }
  return writeFrames(head, [...records, { type: 0, body: endBody(records.length) }]);
}

const swapPv = (t: string): string => (t === 'pv32' ? 'pv64' : t === 'pv64' ? 'pv32' : t);

function withoutRule(impl: FormatImpl, rule: string): FormatImpl['validateSemantics'] {
  return (s, v) => impl.validateSemantics(s, v).filter((f) => f.rule !== rule);
}

export type ImplMutation = (real: FormatImpl) => FormatImpl;

/** A diff that does not look at unknown records, as before they were compared. */
function blindToUnknown(r: DiffOutcome): DiffOutcome {
  const entries = r.entries.filter((e) => !e.path.includes('$unknown_records'));
  return { entries, same: entries.every((e) => e.kind === 'inexpressible') };
}

export const IMPL_MUTATIONS = {
  /** The writer leaves DOMAIN.sched.cap out (writes its zero value). */
  codecDropsField: (real) => ({
    ...real,
    encode: (s, v) => real.encode(editDomains(s, (d) => {
      d.domain['sched'] = { ...(d.domain['sched'] as object), cap: 0 };
    }), v),
  }),
  /** The in-memory reader takes a stream that stops at a record boundary for complete. */
  decodeAcceptsCutStream: (real) => ({
    ...real,
    decode: (bytes, reader) => {
      try {
        return real.decode(bytes, reader);
      } catch (e) {
        if (!(e instanceof FormatError && e.code === 'missing-end')) throw e;
        return real.decode(completed(bytes), reader);
      }
    },
  }),
  /** The streaming reader ends quietly when its input stops at a record boundary before END. */
  streamAcceptsCutStream: (real) => ({
    ...real,
    readStream: async (chunks, reader) => {
      try {
        await real.readStream(chunks, reader);
      } catch (e) {
        if (!(e instanceof FormatError && e.code === 'missing-end')) throw e;
      }
    },
  }),
  /** The writer leaves out the unknown optional records kept on the root of the state. */
  encodeDropsRootUnknown: (real) => ({
    ...real,
    encode: (s, v) => real.encode({ host: s.host, domains: s.domains } as State, v),
  }),
  /** The diff ignores unknown optional records: a dump with one more is "the same". */
  diffIgnoresUnknown: (real) => ({
    ...real,
    diffStates: (a, va, b, vb) => blindToUnknown(real.diffStates(a, va, b, vb)),
    diffStreams: async (a, b) => blindToUnknown(await real.diffStreams(a, b)),
  }),
  /** An older reader reads the retired shr_pages (nil) as 1 instead of its default 0. */
  codecWrongDefault: (real) => ({
    ...real,
    decode: (bytes, reader) => {
      const r = real.decode(bytes, reader);
      if (r.streamVersion <= reader) return r;
      const state = editDomains(r.state, (d) => {
        if ('shr_pages' in d.domain) d.domain['shr_pages'] = 1;
      });
      return { ...r, state };
    },
  }),
  /** Writer and reader both pad each record with one byte too many. */
  codecPaddingOffByOne: (real) => ({
    ...real,
    encode: (s, v) => reframe(real.encode(s, v), padding, offByOne),
    decode: (bytes, reader) => real.decode(reframe(bytes, offByOne, padding), reader),
  }),
  /** Writer and reader both swap the codes of the pv32 and pv64 domain types. */
  codecSwappedEnum: (real) => ({
    ...real,
    encode: (s, v) => real.encode(editDomains(s, (d) => {
      d.domain['type'] = swapPv(d.domain.type);
    }), v),
    decode: (bytes, reader) => {
      const r = real.decode(bytes, reader);
      return { ...r, state: editDomains(r.state, (d) => {
        d.domain['type'] = swapPv(d.domain.type);
      }) };
    },
  }),
  /** A reader that does not keep what it did not understand (unknown fields and records). */
  codecLosesUnknown: (real) => ({
    ...real,
    decode: (bytes, reader) => {
      const r = real.decode(bytes, reader);
      return { ...r, state: structuredClone(r.state) };
    },
  }),
  /** A reader that skips unknown *mandatory* records as if they were optional. */
  codecIgnoresMandatory: (real) => ({
    ...real,
    decode: (bytes, reader) => {
      try {
        return real.decode(bytes, reader);
      } catch (e) {
        if (!(e instanceof UnknownRecordError)) throw e;
        const refused = new Set(e.types.map((t) => t.type >>> 0));
        return real.decode(reframe(bytes, padding, padding, (t) => !refused.has(t >>> 0)), reader);
      }
    },
  }),
  /** The upgrade forgets the emulated platform devices. */
  upgradeLosesDevices: (real) => ({
    ...real,
    convert: (s, from, to) => {
      const r = real.convert(s, from, to);
      return to > from ? { ...r, state: editDomains(r.state, (d) => { d.hvm_devices = []; }) } : r;
    },
  }),
  /** The 2 -> 1 downgrade drops FIFO state instead of refusing. */
  downgradeDoesNotRefuse: (real) => ({
    ...real,
    convert: (s, from, to) => {
      if (!(from >= 2 && to < 2)) return real.convert(s, from, to);
      const flat = editDomains(s, (d) => {
        if (d.domain.evtchn_abi === 'fifo') {
          d.domain.evtchn_abi = 'two_level';
          d['event_fifo'] = null;
          for (const c of d.event_channels) c['priority'] = 7;
        }
      });
      return real.convert(flat, from, to);
    },
  }),
  /** The 3 -> 2 split gives the second entry of each split extent the wrong MFN. */
  p2mSplitWrongMfn: (real) => ({
    ...real,
    convert: (s, from, to) => {
      const r = real.convert(s, from, to);
      if (!(from === 3 && to < 3)) return r;
      return { ...r, state: editDomains(r.state, (d) => {
        for (let i = 1; i < d.p2m.length; i++) {
          const a = d.p2m[i - 1]!;
          const b = d.p2m[i]!;
          const size = 1n << BigInt(Number(a['order']));
          if (a['type'] === b['type'] && (a['gfn'] as bigint) + size === b['gfn'] && (a['mfn'] as bigint) + size === b['mfn']) b['mfn'] = (b['mfn'] as bigint) + 1n;
        }
      }) };
    },
  }),
  /** The 2 -> 3 upgrade merges neighbouring entries even when their access differs. */
  upgradeMergesAccess: (real) => ({
    ...real,
    convert: (s, from, to) => {
      if (!(from < 3 && to === 3)) return real.convert(s, from, to);
      const r = real.convert(s, from, to);
      return { ...r, state: editDomains(r.state, (d) => {
        const out: Record<string, unknown>[] = [];
        for (const e of d.p2m) {
          const last = out[out.length - 1];
          const lc = last?.['count'] as bigint | undefined;
          if (last && lc !== undefined && last['type'] === e['type'] && (last['gfn'] as bigint) + lc === e['gfn'] && (last['mfn'] as bigint) + lc === e['mfn']) {
            last['count'] = lc + (e['count'] as bigint);
          } else out.push({ ...e });
        }
        d.p2m = out;
      }) };
    },
  }),
  /** The 1 -> 2 upgrade puts every domain in cpupool 99, which the host does not have. */
  upgradeBreaksCpupool: (real) => ({
    ...real,
    convert: (s, from, to) => {
      const r = real.convert(s, from, to);
      return from === 1 && to > 1 ? { ...r, state: editDomains(r.state, (d) => { d.domain['cpupool'] = 99; }) } : r;
    },
  }),
  /** The checker misses asymmetric interdomain channels. */
  semanticsMissesSymmetry: (real) => ({ ...real, validateSemantics: withoutRule(real, 'evtchn.interdomain-symmetric') }),
  /** The checker misses owned pages inside live-update bootmem. */
  semanticsMissesBootmem: (real) => ({ ...real, validateSemantics: withoutRule(real, 'host.owned-outside-bootmem') }),
  /** The checker misses host pin counts that disagree with the grantee's mappings. */
  semanticsMissesPinCount: (real) => ({ ...real, validateSemantics: withoutRule(real, 'grant.pin-count') }),
  /** The checker wrongly requires vCPU 0 to be online... reported as missing for paused domains. */
  semanticsFalsePositive: (real) => ({
    ...real,
    validateSemantics: (s: State, v: Version): readonly SemanticFinding[] => {
      const extra = loose(s).domains.flatMap((d, i) => (d.domain['state'] === 'paused'
        ? [{ rule: 'vcpu.zero-present', severity: 'error', path: `domains[${i}].vcpus`, message: `d${d.domain.domid} (paused) has no vCPU 0` }]
        : []));
      return [...real.validateSemantics(s, v), ...extra];
    },
  }),
} satisfies Record<string, ImplMutation>;
