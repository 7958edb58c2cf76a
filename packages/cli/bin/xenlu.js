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
// refuses one of another bundle, which V8 would take for this one if it had the same length.
// `validate`'s worker threads run this launcher too (src/worker-role.ts), for the same cache.
import { createRequire } from 'node:module';

// Node's modules by require(): an import of one builds its ES module facade, reading every export,
// and node:fs's lazy ReadStream getter alone loads all of node:stream (~5 ms of each start).
const require = createRequire(import.meta.url);
const { existsSync, readFileSync, writeFileSync } = require('node:fs');
const { dirname } = require('node:path');
const { fileURLToPath } = require('node:url');
const vm = require('node:vm');
const { crc32 } = require('node:zlib');

const bundle = fileURLToPath(new URL('../dist/bundle/main.cjs', import.meta.url));
if (!existsSync(bundle)) {
  process.stderr.write(`xenlu: not built yet: run \`npx -y pnpm@10 build\` in the xenlu workspace (${fileURLToPath(new URL('../../..', import.meta.url))})\n`);
  process.exit(2);
}
const cacheFile = `${bundle}.v8cache`;
const source = readFileSync(bundle);
const sourceCrc = crc32(source);

/** The cached code of this very bundle, if the build left one. */
function cachedData() {
  if (!existsSync(cacheFile)) return undefined;
  const c = readFileSync(cacheFile);
  return c.length > 4 && c.readUInt32LE(0) === sourceCrc ? c.subarray(4) : undefined;
}

// The bundle is a function of a CommonJS module's parameters and of an import(), which a script
// compiled by vm cannot call itself (scripts/bundle-cli.mjs).
const script = new vm.Script(source.toString('utf8'), { filename: bundle, cachedData: cachedData() });
if (process.env.XENLU_WRITE_CODE_CACHE === '1' && require('node:worker_threads').isMainThread) {
  // At exit, so that the cache holds the functions the run compiled, not only the top level
  // (about 2.5x the code, and 20 ms less start-up than a cache of the top level alone).
  process.on('exit', () => {
    const header = Buffer.alloc(4);
    header.writeUInt32LE(sourceCrc);
    writeFileSync(cacheFile, Buffer.concat([header, script.createCachedData()]));
  });
}
const module = { exports: {} };
script.runInThisContext()(module.exports, createRequire(bundle), module, bundle, dirname(bundle), (specifier) => import(specifier));
