/**
 * The streaming diff: both dumps are read record by record with `readStream`, each domain is
 * assembled from its records, and the two sides are merged by domid (both are in ascending
 * domid, FORMAT.md section 6). At most one domain per side is held at a time.
 */
import { FormatError } from '../errors.js';
import type { Limits } from '../limits.js';
import type { Version } from '../schema/index.js';
import { type ByteSource, type StreamReader, readStream } from '../stream.js';
import { type StreamItem, type Unread, attachUnknown, domainsOf, keepingUnknown } from '../stream-domains.js';
import type { UnknownRecord } from '../unknown.js';
import { StateDiffer } from './differ.js';
import type { DiffOptions, DiffResult } from './types.js';

type Obj = Record<string, unknown>;

export interface StreamDiffOptions extends DiffOptions {
  readonly limits?: Partial<Limits>;
  /** Called once both stream headers are read, before any entry: the versions being compared. */
  readonly onStart?: (versions: { versionA: Version; versionB: Version; comparedAs: Version }) => void;
  /** Called after each domain is compared, with the bytes read so far from each side; awaited, so a caller can flush output. */
  readonly onProgress?: (bytesA: number, bytesB: number) => void | Promise<void>;
}

/** A FormatError from reading one of the two dumps, saying which. */
export class DiffReadError extends FormatError {
  override readonly name = 'DiffReadError';
  readonly side: 'a' | 'b';
  readonly error: FormatError;
  constructor(side: 'a' | 'b', error: FormatError) {
    super(error.code, error.message, error.location);
    this.side = side;
    this.error = error;
  }
}

class Side {
  readonly reader: StreamReader;
  private readonly items: AsyncGenerator<StreamItem>;
  /** Unknown records and fields read but not yet handed out with their domain (or the root). */
  private readonly unknown = new Map<number | 'root', Unread>();
  constructor(
    readonly side: 'a' | 'b',
    source: ByteSource,
    limits: Partial<Limits> | undefined,
  ) {
    this.reader = readStream(source, limits ? { limits } : {});
    this.items = domainsOf(keepingUnknown(this.reader, this.unknown));
  }
  async next(): Promise<StreamItem | undefined> {
    try {
      const r = await this.items.next();
      if (r.done) return undefined;
      // A domain is handed out once its last record has been read, unknown ones included.
      if (r.value.kind === 'domain') {
        const domid = domidOf(r.value.value);
        attachUnknown(r.value.value, this.unknown);
      }
      return r.value;
    } catch (e) {
      throw e instanceof FormatError ? new DiffReadError(this.side, e) : e;
    }
  }
  /** The root's unknown records: all read once the first domain (or the end) has been. */
  rootRecords(): UnknownRecord[] | undefined {
    return this.unknown.get('root')?.records;
  }
  get version(): Version {
    return this.reader.schema!.version as Version;
  }
  async close(): Promise<void> {
    await this.items.return(undefined);
  }
}

function domidOf(d: Obj): number {
  return (d['domain'] as Obj)['domid'] as number;
}

/**
 * Semantic diff of two dumps (paths or async byte sources), in one streaming pass over each.
 * Each is read in its own version and compared in the newer one. Throws a DiffReadError (a
 * FormatError naming the side) when either cannot be read.
 */
export async function diffStreams(a: ByteSource, b: ByteSource, options: StreamDiffOptions = {}): Promise<DiffResult> {
  const A = new Side('a', a, options.limits);
  const B = new Side('b', b, options.limits);
  try {
    const [ha, hb] = await Promise.all([A.next(), B.next()]);
    if (ha?.kind !== 'host' || hb?.kind !== 'host') throw new FormatError('bad-order', 'a stream starts with its HOST record');
    const comparedAs = (A.version > B.version ? A.version : B.version) as Version;
    options.onStart?.({ versionA: A.version, versionB: B.version, comparedAs });
    const differ = new StateDiffer(A.version, B.version, options);
    differ.compareHost(ha.value, hb.value);
    let [x, y] = await Promise.all([A.next(), B.next()]);
    differ.compareRootRecords(A.rootRecords(), B.rootRecords());
    while (x || y) {
      const c = !x ? 1 : !y ? -1 : domidOf(x.value) - domidOf(y.value);
      differ.compareDomain(c <= 0 ? x!.value : undefined, c >= 0 ? y!.value : undefined);
      await options.onProgress?.(A.reader.bytesRead, B.reader.bytesRead);
      [x, y] = await Promise.all([c <= 0 ? A.next() : x, c >= 0 ? B.next() : y]);
    }
    return differ.result(A.reader.dropped(), B.reader.dropped());
  } finally {
    await Promise.all([A.close(), B.close()]);
  }
}
