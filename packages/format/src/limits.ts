/** Resource limits a reader enforces; every one hit is a located LimitError. */

export interface Limits {
  /** Largest record body, bytes. */
  readonly maxRecordBytes: number;
  /** Deepest nesting of unknown values (known ones are bounded by the schema). */
  readonly maxDepth: number;
  /** Most domains in one stream. */
  readonly maxDomains: number;
  /** Most vCPU records per domain. */
  readonly maxVcpus: number;
  /** Most event channels per domain. */
  readonly maxPorts: number;
  /** Most entries of one list section (P2M, PAGES, ...) per domain. */
  readonly maxEntries: number;
  /**
   * Unknown fields kept (for writing back) beyond one per 4 bytes of input read so far. Each costs
   * about 100 bytes of memory whatever its size, so without this a body of nils would need 100
   * times its size; real newer-version fields are denser than that and never hit it.
   */
  readonly maxUnknownFields: number;
}

export const DEFAULT_LIMITS: Limits = {
  maxRecordBytes: 64 * 1024 * 1024,
  maxDepth: 32,
  maxDomains: 0x7ff0,
  maxVcpus: 4096,
  maxPorts: 1 << 17,
  maxEntries: 1 << 26,
  maxUnknownFields: 1 << 16,
};

export function resolveLimits(partial?: Partial<Limits>): Limits {
  const l = { ...DEFAULT_LIMITS, ...partial };
  for (const [k, v] of Object.entries(l)) {
    if (!Number.isSafeInteger(v) || v < 0) throw new RangeError(`limit ${k} must be a non-negative integer, got ${v}`);
  }
  return l;
}
