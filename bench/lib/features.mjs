/**
 * The pieces of the built packages the bench uses, found by name: the public entry points first,
 * then the module that defines them (for pieces not yet exported). A piece that is not built is
 * `undefined`, and the report says it was not measured rather than failing the whole run.
 */
import * as format from '@xenlu/format';

async function tryImport(spec) {
  try {
    return await import(spec);
  } catch {
    return undefined;
  }
}

const DIST = new URL('../../packages/', import.meta.url);
const dist = (pkg, path) => new URL(`${pkg}/dist/${path}`, DIST).href;

async function find(name, modules) {
  for (const spec of modules) {
    const m = spec === '@xenlu/format' ? format : await tryImport(spec);
    if (m && typeof m[name] === 'function') return m[name];
  }
  return undefined;
}

/** Everything optional the bench can use, resolved once. */
export async function loadFeatures() {
  const verifier = ['@xenlu/verifier', dist('verifier', 'index.js')];
  return {
    toJson: await find('toJson', ['@xenlu/format', dist('format', 'json/index.js')]),
    validateSemantics: await find('validateSemantics', ['@xenlu/format', dist('format', 'semantics/index.js')]),
    validateDump: await find('validateDump', ['@xenlu/format', dist('format', 'validate-dump.js')]),
    diffStates: await find('diffStates', ['@xenlu/format', dist('format', 'diff/index.js')]),
    diffStreams: await find('diffStreams', ['@xenlu/format', dist('format', 'diff/index.js')]),
    generateState: await find('generateState', [...verifier, dist('verifier', 'arbitrary/index.js')]),
    runVerifier: await find('runVerifier', [...verifier, dist('verifier', 'runner/index.js')]),
    exampleState: await find('exampleState', ['@xenlu/format/testing', dist('format', 'examples/index.js')]),
  };
}
