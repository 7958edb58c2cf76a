/** Semantic diff of two live-update states or dumps, of the same or different schema versions. */
export type { DiffCounts, DiffEntry, DiffKind, DiffOptions, DiffResult } from './types.js';
export { diffStates } from './differ.js';
export { DiffReadError, diffStreams, type StreamDiffOptions } from './stream.js';
export { pathMatcher } from './glob.js';
export { versionGaps, type VersionGap } from './sections.js';
