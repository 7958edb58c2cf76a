/**
 * The reference C code builds with the project's flags, its own unit checks pass under valgrind,
 * the library parts allocate nothing, and the generated headers are valid strict C99 together.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { C_DIR, type CBuild, LIB_OBJECTS, VALGRIND_ERROR, buildC, valgrind } from './c-toolchain.js';

let c: CBuild;
beforeAll(() => {
  c = buildC();
});

describe('reference C code', () => {
  it('passes its unit checks (CRC, writer shape/range/space errors, chunked lists) under valgrind', () => {
    const r = valgrind(c.unit, []);
    expect(r.stdout).not.toContain('FAIL');
    expect(r.stdout.trim()).toBe('ok');
    expect(r.status).toBe(0);
  });

  it('allocates nothing in the writer, the reader, the CRC and the MessagePack layer', () => {
    for (const obj of LIB_OBJECTS) {
      const undefinedSymbols = execFileSync('nm', ['-u', join(c.dir, obj)], { encoding: 'utf8' });
      expect(undefinedSymbols, obj).not.toMatch(/\b(malloc|calloc|realloc|free|aligned_alloc|posix_memalign)\b/);
    }
    // The check can fail: the drivers do allocate.
    expect(execFileSync('nm', ['-u', join(c.dir, 'xlu_read_main.o')], { encoding: 'utf8' })).toMatch(/\bmalloc\b/);
  });

  it('compiles the generated headers together (xenlu_versions.h includes every version) as strict C99', () => {
    const src = join(c.dir, 'all-headers.c');
    writeFileSync(src, [
      '#include "xenlu_versions.h"', '#include "xenlu_stream.h"',
      'int main(void) { return (int)(XENLU_V1_REC_HOST + XENLU_V2_REC_VCPU_RUNSTATE + XENLU_V3_F_DOMAIN_XSM_LABEL + XENLU_RECORD_HEADER_SIZE) & 1; }',
      '',
    ].join('\n'));
    const r = spawnSync('gcc', ['-std=c99', '-pedantic', '-Wall', '-Wextra', '-Werror', '-I', join(C_DIR, 'include'), '-c', src, '-o', join(c.dir, 'all-headers.o')], { encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
  });

  it('runs its programs under valgrind, which reports a memory error as status 99', () => {
    // A program that reads one byte past a heap block: the harness must see it.
    const src = join(c.dir, 'overread.c');
    writeFileSync(src, '#include <stdlib.h>\nint main(void) { volatile char *p = malloc(4); int v = p[4]; free((void *)p); return v & 0; }\n');
    execFileSync('gcc', ['-std=c99', '-O0', src, '-o', join(c.dir, 'overread')]);
    expect(valgrind(join(c.dir, 'overread'), []).status).toBe(VALGRIND_ERROR);
  });
});
