#!/usr/bin/env node
// The installed `xenlu` command. It is committed beside the sources, not built, so that installing
// the workspace can link it before anything is compiled (a package manager links bins at install
// time); it runs the bundled CLI (scripts/bundle-cli.mjs: one file instead of ~200 modules), or
// says how to build it.
//
// Compiling the bundle was most of what start-up still cost, and Node 20 keeps no compile cache
// (module.enableCompileCache is Node 22). So the bundle is CommonJS, compiled here as a vm.Script
// with V8's code cache of it (`main.cjs.v8cache`), which the build writes by running
// `xenlu validate` once with XENLU_WRITE_CODE_CACHE=1. V8 refuses a cache of another V8 version
// or other flags (the script then compiles as usual); the CRC-32 of the bundle heading the cache
// refuses one of another bundle, which V8 would take for this one if it had the same length. The
// code @xenlu/format generates from the schema comes compiled ahead the same way (generated.js).
// `validate`'s worker threads run this launcher too (src/worker-role.ts), for the same cache.
import { createRequire } from 'node:module';

// Node's modules by require(): an import of one builds its ES module facade, reading every export,
// and node:fs's lazy ReadStream getter alone loads all of node:stream (~5 ms of each start).
const require = createRequire(import.meta.url);
const { existsSync, readFileSync, writeFileSync } = require('node:fs');
const { dirname, join } = require('node:path');
const { fileURLToPath } = require('node:url');
const vm = require('node:vm');
const { crc32 } = require('node:zlib');

const bundle = fileURLToPath(new URL('../dist/bundle/main.cjs', import.meta.url));
if (!existsSync(bundle)) {
  process.stderr.write(`xenlu: not built yet: run \`npx -y pnpm@10 build\` in the xenlu workspace (${fileURLToPath(new URL('../../..', import.meta.url))})\n`);
  process.exit(2);
}
const writeCache = process.env.XENLU_WRITE_CODE_CACHE === '1' && require('node:worker_threads').isMainThread;

/**
 * `file` compiled as a script, with V8's cached code of it (`${file}.v8cache`) if the build left
 * one for this very text. With XENLU_WRITE_CODE_CACHE=1 the cache is written at exit, so that it
 * holds the functions the run compiled, not only the top level (about 2.5x the code, and 20 ms less
 * start-up than a cache of the top level alone).
 */
function compileCached(file) {
  const source = readFileSync(file);
  const crc = crc32(source);
  const cacheFile = `${file}.v8cache`;
  const cache = existsSync(cacheFile) ? readFileSync(cacheFile) : undefined;
  const cachedData = cache && cache.length > 4 && cache.readUInt32LE(0) === crc ? cache.subarray(4) : undefined;
  const script = new vm.Script(source.toString('utf8'), { filename: file, cachedData });
  if (writeCache) {
    process.on('exit', () => {
      const header = Buffer.alloc(4);
      header.writeUInt32LE(crc);
      writeFileSync(cacheFile, Buffer.concat([header, script.createCachedData()]));
    });
  }
  return script;
}

// The code @xenlu/format generates from the schema, compiled ahead (codec/generated-code.ts): a
// script whose value is [key, factory] pairs, written by the build from a run of its own with
// XENLU_RECORD_GENERATED_CODE=1, which records the keys of every factory compiled. A missing or
// stale file only costs compiles.
const generated = join(dirname(bundle), 'generated.js');
const COMPILED_AHEAD = Symbol.for('xenlu.compiledAhead');
if (process.env.XENLU_RECORD_GENERATED_CODE === '1') {
  const keys = new Set();
  globalThis[COMPILED_AHEAD] = { get: (key) => void keys.add(key) };
  if (require('node:worker_threads').isMainThread) process.on('exit', () => writeFileSync(generated, generatedScript(keys)));
} else if (existsSync(generated)) {
  globalThis[COMPILED_AHEAD] = new Map(compileCached(generated).runInThisContext());
}

/** The script of the factories of `keys` (parameters, a newline, the body), each under its key. */
function generatedScript(keys) {
  const pairs = [...keys].map((key) => {
    const nl = key.indexOf('\n');
    return `[${JSON.stringify(key)}, function (${key.slice(0, nl)}) {\n${key.slice(nl + 1)}\n}]`;
  });
  return `[\n${pairs.join(',\n')}\n]\n`;
}

// The bundle is a function of a CommonJS module's parameters and of an import(), which a script
// compiled by vm cannot call itself (scripts/bundle-cli.mjs).
const script = compileCached(bundle);
const module = { exports: {} };
script.runInThisContext()(module.exports, createRequire(bundle), module, bundle, dirname(bundle), (specifier) => import(specifier));
