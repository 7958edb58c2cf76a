/** A stream that departs from FORMAT.md, as the reference reader sees it. */
export class ConformanceError extends Error {
  override readonly name = 'ConformanceError';

  constructor(
    message: string,
    /** Byte offset in the stream, when known. */
    readonly offset?: number,
  ) {
    super(offset === undefined ? message : `offset ${offset}: ${message}`);
  }
}
