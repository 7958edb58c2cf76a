/**
 * The benchmark driver of bench/RESULTS.md's C section (interop/c/bench.mjs) builds and runs, so
 * the figures can be reproduced: it times read, write and memcpy on the freestanding objects, and
 * refuses to time a writer whose bytes differ from the stream it is given.
 */
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { encode } from '@xenlu/format';
import { exampleState } from '@xenlu/format/testing';
import { cStateData } from '../../packages/format/src/codegen/c-state.js';
import { C_DIR, type CBuild, REPO, buildC, valgrind } from './c-toolchain.js';

let c: CBuild;
let bench: string;
beforeAll(() => {
  c = buildC();
  const state = join(c.dir, 'bench_state.c');
  writeFileSync(state, cStateData(3, exampleState(3), 'xlu_bench_state', 'exampleState(3)'));
  execFileSync('make', ['-s', '-C', C_DIR, `O=${c.dir}`, join(c.dir, 'xlu-bench'), `BENCH_STATE=${state}`], { stdio: ['ignore', 'pipe', 'pipe'] });
  bench = join(c.dir, 'xlu-bench');
});

describe('xlu-bench', () => {
  it('times read, write and memcpy of the golden stream under valgrind', () => {
    const r = valgrind(bench, [join(REPO, 'fixtures/v3/example.xlu'), '2']);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const ops = r.stdout.trim().split('\n').map((l) => l.split(/\s+/)[0]);
    expect(ops).toEqual(['read', 'write', 'memcpy']);
    expect(r.stdout).toContain(`bytes=${encode(exampleState(3), 3).length} `);
  });

  it('fails when the state it writes is not the stream it read', () => {
    const other = join(c.dir, 'other.xlu');
    const s = exampleState(3);
    writeFileSync(other, encode({ ...s, domains: s.domains.slice(1) }, 3));
    const r = valgrind(bench, [other, '1']);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/measured \d+ bytes|bytes differ/);
  });
});
