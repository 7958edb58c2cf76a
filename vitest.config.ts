import { defineConfig } from 'vitest/config';
import { fileURLToPath } from 'node:url';

// CI (.ci/run) asks for a JSON report beside the usual output by naming its file here, so the
// README's test command stays the one CI runs, with no arguments passed through pnpm.
const jsonReport = process.env['VITEST_JSON'];

const src = (p: string, entry = 'index') => fileURLToPath(new URL(`./packages/${p}/src/${entry}.ts`, import.meta.url));

export default defineConfig({
  resolve: {
    // Tests run against the sources; the CLI tests run the built binary. The subpath comes first:
    // an alias also matches the specifiers below it (`@xenlu/format/...`).
    alias: {
      '@xenlu/format/testing': src('format', 'testing'),
      '@xenlu/format': src('format'),
      '@xenlu/verifier/names': src('verifier', 'names'),
      '@xenlu/verifier': src('verifier'),
    },
  },
  test: {
    include: ['packages/*/test/**/*.test.ts', 'bench/test/**/*.test.ts', 'interop/test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    ...(jsonReport ? { reporters: ['default', 'json'], outputFile: { json: jsonReport } } : {}),
  },
});
