// The README's main job: the xenlu command on the bundled golden fixtures, as a user runs it.
// validate (structure + semantic rules), inspect (header, records, domains, sizes), a semantic diff
// across schema versions, and the rollback check (would an older Xen accept the stream?).
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const bin = fileURLToPath(new URL('../packages/cli/dist/main.js', import.meta.url));

const steps = [
  { why: 'Check the three fixtures: framing, schema and the semantic rules', args: ['validate', 'fixtures/v1/example.xlu', 'fixtures/v2/example.xlu', 'fixtures/v3/example.xlu'], expect: 0 },
  { why: 'What is in the v3 dump', args: ['inspect', 'fixtures/v3/example.xlu'], expect: 0 },
  { why: 'What differs between the v2 and the v3 dump, compared as v3 (exit 1: they differ)', args: ['diff', 'fixtures/v2/example.xlu', 'fixtures/v3/example.xlu'], expect: 1 },
  { why: 'Would a Xen reading schema v2 accept the v3 dump? (rollback check; exit 1: refused)', args: ['validate', '--as', '2', 'fixtures/v3/example.xlu'], expect: 1 },
];

let failed = 0;
for (const s of steps) {
  process.stdout.write(`\n# ${s.why}\n$ xenlu ${s.args.join(' ')}\n`);
  const r = spawnSync(process.execPath, [bin, ...s.args], { cwd: root, stdio: ['ignore', 'inherit', 'inherit'] });
  if (r.status !== s.expect) {
    process.stdout.write(`(unexpected exit status ${r.status}, expected ${s.expect})\n`);
    failed++;
  }
}
process.exitCode = failed ? 1 : 0;
