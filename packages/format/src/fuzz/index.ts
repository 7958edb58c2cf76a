/**
 * Fuzzing support: mutators of stream bytes (blind and structure-aware), semantic state edits,
 * hostile hand-made inputs, and the oracle that checks what the decoder promises. Used by the
 * test suite and by `pnpm fuzz` (scripts/fuzz.mjs); not part of the library's public API.
 */
export { Rng } from './rng.js';
export { type MsgValue, Raw, parseBody, serializeBody } from './msgpack-tree.js';
export { HOSTILE_VALUES, INTERESTING_U64, nested } from './hostile.js';
export { MUTATORS, TREE_EDIT_NAMES, applyMutator, type Mutator, type MutatorFamily } from './mutations.js';
export { STATE_EDIT_NAMES, encodeMutatedState, valuePool, type ValuePool } from './state-mutations.js';
export { type Seed, seedCorpus } from './corpus.js';
export { type Crafted, craftedInputs } from './crafted.js';
export { type CheckOptions, type CheckResult, type FailureKind, FuzzFailure, type Outcome, checkBoth, checkDecode, checkStream, semanticValidator } from './oracle.js';
export { type FuzzCase, Fuzzer, type Recipe, recipeText } from './harness.js';
