/**
 * Unknown optional records at the root of a stream (between HOST and the first DOMAIN): a newer
 * writer's stream-level records. No released version writes one, so generated states never hold
 * them and the per-domain preservation properties cannot see them lost; these properties insert
 * them into the bytes. A tool must keep them byte for byte when it re-encodes, in the same version
 * and across a conversion to any other version (FORMAT.md sections 7 and 8a). And the diff must
 * see them: two dumps that differ only by one are not the same.
 */
import fc from 'fast-check';
import { FormatError, VERSIONS, type SchemaVersion, type Version } from '@xenlu/format';
import { stateArbitrary } from '../arbitrary/index.js';
import type { FormatImpl } from '../impl.js';
import { EXTRA_TYPE_BASE, type ExtraRecord, insertAfter, insertAtRoot, isUnknownToAll, recordsOf, rootRecords } from '../stream-edit.js';
import { type PropertyDef, check } from './property.js';
import { errorText, sameBytes } from './support.js';

const hexOf = (b: Uint8Array) => Buffer.from(b).toString('hex');

/** One MessagePack value in the strict subset (shortest forms), as an unknown record's body. */
const bodyArbitrary: fc.Arbitrary<Uint8Array> = fc.oneof(
  fc.array(fc.nat({ max: 0x7f }), { maxLength: 15 }).map((xs) => new Uint8Array([0x90 | xs.length, ...xs])),
  fc.uint8Array({ minLength: 0, maxLength: 40 }).map((b) => new Uint8Array([0xc4, b.length, ...b])),
  fc.nat({ max: 0x7f }).map((x) => new Uint8Array([x])),
);

export function extraRecordsArbitrary(schemas: readonly SchemaVersion[]): fc.Arbitrary<ExtraRecord[]> {
  const record = fc.record({
    type: fc.nat({ max: 0xfff }).map((k) => (EXTRA_TYPE_BASE + k) >>> 0).filter((t) => isUnknownToAll(t, schemas)),
    body: bodyArbitrary,
  });
  return fc.array(record, { minLength: 1, maxLength: 3 });
}

export function describeRecords(rs: readonly ExtraRecord[]): string {
  return rs.length === 0 ? 'none' : rs.map((r) => `0x${r.type.toString(16)}:${hexOf(r.body)}`).join(', ');
}

export function sameRecords(a: readonly ExtraRecord[], b: readonly ExtraRecord[]): boolean {
  return a.length === b.length && a.every((r, i) => r.type === b[i]!.type && sameBytes(r.body, b[i]!.body));
}

/** What a reader of `version` makes of the bytes, or undefined when it rightly refuses them. */
function readAs(impl: FormatImpl, bytes: Uint8Array, version: Version) {
  try {
    return impl.decode(bytes, version);
  } catch (e) {
    // A rollback may be refused (unknown mandatory records, a blocked downgrade): the rollback
    // property judges that. Only a refusal that is not a FormatError is wrong here.
    check(e instanceof FormatError, () => `a v${version} reader failed with ${errorText(e)}`);
    return undefined;
  }
}

export function rootUnknownProperty(version: Version): PropertyDef {
  return {
    id: `preservation.root@v${version}`,
    family: 'preservation',
    summary: 'unknown optional records at the root of the stream survive decode + encode byte for byte, in the same version and converted to every other',
    weight: 0.5,
    stateVersion: version,
    build: (impl) => fc.property(stateArbitrary(version, { profile: 'tiny' }), extraRecordsArbitrary(VERSIONS.map((v) => impl.schemas[v])), (s, extra) => {
      const bytes = insertAtRoot(impl.encode(s, version), extra);
      const read = readAs(impl, bytes, version);
      check(read !== undefined, () => `a v${version} reader refused its own stream with root unknown records ${describeRecords(extra)}`);
      const again = impl.encode(read.state, version);
      check(sameBytes(again, bytes), () => `decode + encode of a stream with root unknown records ${describeRecords(extra)} changes the bytes: the re-encoded root holds ${describeRecords(rootRecords(again, impl.schemas[version].sections['domain']!.record.type))}`);
      for (const w of VERSIONS) {
        if (w === version) continue;
        const other = readAs(impl, bytes, w);
        if (!other) continue;
        const out = impl.encode(other.state, w);
        const kept = rootRecords(out, impl.schemas[w].sections['domain']!.record.type);
        check(sameRecords(kept, extra), () => `read as v${w} and written back, the root unknown records ${describeRecords(extra)} became ${describeRecords(kept)}`);
      }
    }),
  };
}

export function diffUnknownProperty(version: Version): PropertyDef {
  return {
    id: `diff.unknown-records@v${version}`,
    family: 'diff',
    summary: 'a dump and the same dump with one unknown optional record added (at the root or in a domain) differ, in memory and streamed, by exactly that record',
    weight: 0.3,
    stateVersion: version,
    build: (impl) => fc.asyncProperty(
      stateArbitrary(version, { profile: 'tiny' }), extraRecordsArbitrary(VERSIONS.map((v) => impl.schemas[v])), fc.nat(),
      async (s, extra, where) => {
        const bytes = impl.encode(s, version);
        const after = where % (recordsOf(bytes).records.length - 1);
        const more = insertAfter(bytes, after, extra[0]!);
        const a = impl.decode(bytes, version).state;
        const b = impl.decode(more, version).state;
        const what = `record 0x${extra[0]!.type.toString(16)} inserted after record ${after}`;
        for (const [how, r] of [['in memory', impl.diffStates(a, version, b, version)], ['streamed', await impl.diffStreams(bytes, more)]] as const) {
          check(!r.same, () => `the diff ${how} calls the dumps the same, though one has an unknown optional record more (${what})`);
          const listed = r.entries.map((e) => `${e.kind} ${e.path}`);
          check(r.entries.length === 1 && r.entries[0]!.kind === 'added' && r.entries[0]!.path.includes('$unknown_records'),
            () => `the diff ${how} of ${what} reports ${listed.join('; ') || 'nothing'}, not one added unknown record`);
        }
        const same = await impl.diffStreams(more, more);
        check(same.same && same.entries.length === 0, () => `a dump with an unknown record differs from itself (${what})`);
      },
    ),
  };
}
