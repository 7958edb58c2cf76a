/**
 * The implementation under test, as an interface: the properties call only this, so the self-test
 * can inject a mutant (a deliberately broken codec, migration or checker) in place of the real
 * `@xenlu/format`.
 */
import {
  SCHEMAS, convert, decode, diffStates, diffStreams, encode, readStream, validateSemantics,
  type DroppedItem, type MigrationNote, type SchemaVersion, type State, type StateByVersion, type Version,
} from '@xenlu/format';

/** One semantic finding, as the properties need it. */
export interface SemanticFinding {
  readonly rule: string;
  readonly severity: string;
  readonly path: string;
  readonly message: string;
}

export interface DecodedStream {
  readonly version: Version;
  readonly streamVersion: number;
  readonly state: State;
  readonly dropped: readonly DroppedItem[];
}

/** What the diff properties look at. */
export interface DiffOutcome {
  readonly same: boolean;
  readonly entries: readonly { readonly path: string; readonly kind: string }[];
}

export interface FormatImpl {
  readonly name: string;
  readonly schemas: Readonly<Record<Version, SchemaVersion>>;
  encode(state: State, version: Version): Uint8Array;
  decode(bytes: Uint8Array, readerVersion: Version): DecodedStream;
  /**
   * The streaming reader, fed `chunks` one after the other: resolves once the whole stream is read,
   * rejects with the error that stopped it.
   */
  readStream(chunks: readonly Uint8Array[], readerVersion: Version): Promise<void>;
  /** The semantic diff of two decoded states. */
  diffStates(a: State, versionA: Version, b: State, versionB: Version): DiffOutcome;
  /** The streaming semantic diff of two dumps. */
  diffStreams(a: Uint8Array, b: Uint8Array): Promise<DiffOutcome>;
  /** Migrates between any two versions; throws DowngradeError when a downgrade is blocked. */
  convert(state: State, from: Version, to: Version): { readonly state: State; readonly notes: readonly MigrationNote[] };
  validateSemantics(state: State, version: Version): readonly SemanticFinding[];
}

/** `@xenlu/format` itself. */
export const realImpl: FormatImpl = {
  name: '@xenlu/format',
  schemas: SCHEMAS,
  encode: (state, version) => encode(state as StateByVersion[typeof version], version),
  decode: (bytes, readerVersion) => decode(bytes, { readerVersion }),
  readStream: async (chunks, readerVersion) => {
    async function* source(): AsyncGenerator<Uint8Array> {
      yield* chunks;
    }
    for await (const _ of readStream(source(), { readerVersion })) {
      // Every record is read and checked; the events themselves are not needed.
    }
  },
  diffStates: (a, va, b, vb) => diffStates(a, va, b, vb),
  diffStreams: (a, b) => {
    async function* source(bytes: Uint8Array): AsyncGenerator<Uint8Array> {
      yield bytes;
    }
    return diffStreams(source(a), source(b));
  },
  convert: (state, from, to) => convert(state as StateByVersion[typeof from], from, to),
  validateSemantics: (state, version) => validateSemantics(state, version),
};
