/**
 * The reference writer and reader build as hypervisor code: every library object compiles with
 * Xen's flags and only the compiler's own headers plus include/xlu_env.h, references nothing but
 * memcpy, memset, memcmp and strlen outside the library, and is the very object the hosted
 * drivers (so every other interop test and valgrind run) are linked with.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { C_DIR, type CBuild, LIB_OBJECTS, XEN_FLAGS, buildC } from './c-toolchain.js';

/** What Xen's xen/string.h provides them; nothing else may be undefined. */
const ALLOWED = new Set(['memcpy', 'memset', 'memcmp', 'strlen']);

let c: CBuild;
let compilerInclude: string;
let fresh: string[];

function nm(args: readonly string[], obj: string): string[] {
  return execFileSync('nm', [...args, obj], { encoding: 'utf8' }).split('\n').map((l) => l.trim().split(/\s+/).pop() ?? '').filter((s) => s !== '');
}

/** Compiles one library source with exactly Xen's flags into `out`; returns gcc's status and stderr. */
function compileXen(src: string, out: string): { status: number | null; stderr: string } {
  const r = spawnSync('gcc', [...XEN_FLAGS, '-isystem', compilerInclude, '-I', join(C_DIR, 'include'), '-I', join(C_DIR, 'src'), '-c', src, '-o', out], { encoding: 'utf8' });
  return { status: r.status, stderr: r.stderr };
}

beforeAll(() => {
  c = buildC();
  compilerInclude = execFileSync('gcc', ['-print-file-name=include'], { encoding: 'utf8' }).trim();
  fresh = LIB_OBJECTS.map((obj) => {
    const out = join(c.dir, `xen-${obj}`);
    const r = compileXen(join(C_DIR, 'src', obj.replace(/\.o$/, '.c')), out);
    expect(r.stderr, obj).toBe('');
    expect(r.status, obj).toBe(0);
    return out;
  });
});

describe('the C library as hypervisor code', () => {
  it('compiles every library source with exactly Xen\'s flags, with no warning', () => {
    expect(fresh).toHaveLength(LIB_OBJECTS.length);
  });

  it('references nothing outside the library but memcpy, memset, memcmp and strlen', () => {
    const defined = new Set(fresh.flatMap((obj) => nm(['--defined-only', '-g'], obj)));
    for (const obj of fresh) {
      const foreign = nm(['-u'], obj).filter((s) => !defined.has(s));
      expect(foreign.filter((s) => !ALLOWED.has(s)), obj).toEqual([]);
    }
    // Linked together, only the environment's functions stay undefined.
    const all = join(c.dir, 'xen-all.o');
    execFileSync('ld', ['-r', '-o', all, ...fresh]);
    const undef = nm(['-u'], all);
    expect(undef.length).toBeGreaterThan(0);
    expect(undef.filter((s) => !ALLOWED.has(s))).toEqual([]);
  });

  it('the check can fail: a hosted driver references libc, and libc headers are not found', () => {
    expect(nm(['-u'], join(c.dir, 'xlu_read_main.o')).filter((s) => !ALLOWED.has(s))).toContain('printf');
    const src = join(c.dir, 'hosted.c');
    writeFileSync(src, '#include <string.h>\nint f(const char *s) { return (int)strlen(s); }\n');
    expect(compileXen(src, join(c.dir, 'hosted.o')).status).not.toBe(0);
  });

  it('links the drivers with the objects built by those flags', () => {
    // The Makefile's library rule uses the same flags, and gcc records them in each object's DWARF producer.
    const makefile = readFileSync(join(C_DIR, 'Makefile'), 'utf8');
    for (const flag of XEN_FLAGS) expect(makefile, flag).toContain(flag);
    for (const obj of LIB_OBJECTS) {
      const producer = execFileSync('readelf', ['--debug-dump=info', join(c.dir, obj)], { encoding: 'utf8' })
        .split('\n').find((l) => l.includes('DW_AT_producer')) ?? '';
      for (const flag of ['-ffreestanding', '-fno-builtin', '-mno-sse', '-mno-red-zone', '-msoft-float', '-fno-pie', '-std=gnu99']) {
        expect(producer, `${obj} ${flag}`).toContain(flag);
      }
      // Same code as the fresh compile: the drivers run what Xen would build.
      expect(nm(['--defined-only', '-g'], join(c.dir, obj)), obj).toEqual(nm(['--defined-only', '-g'], join(c.dir, `xen-${obj}`)));
    }
    for (const driver of ['xlu_read_main.o', 'xlu_write_main.o', 'xlu_unit.o']) {
      const producer = execFileSync('readelf', ['--debug-dump=info', join(c.dir, driver)], { encoding: 'utf8' });
      expect(producer, driver).not.toContain('-ffreestanding');
    }
  });
});
