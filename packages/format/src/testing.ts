/**
 * `@xenlu/format/testing`: the example states and the fuzzer, for tests, benchmarks, the verifier
 * and scripts. Kept out of the main entry: they are test tooling, not the format's API, and a
 * program reading streams should not load them.
 */
export { exampleState, exampleDomain, exampleDomainIndex, EXAMPLE_DOMIDS } from './examples/index.js';
export * from './fuzz/index.js';
