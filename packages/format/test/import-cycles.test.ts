/**
 * No module of @xenlu/format imports itself through others: a cycle makes the order in which
 * modules initialise depend on which one is imported first (a `const` read before it is set).
 * Type-only imports count too, so that a cycle cannot creep in as a type import first.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const SRC = fileURLToPath(new URL('../src', import.meta.url));

/** Relative specifiers of the static imports and re-exports of a module. */
const IMPORT = /^\s*(?:import|export)\s+(?:type\s+)?(?:[^'";]*?\s+from\s+)?['"](\.{1,2}\/[^'"]+)['"]/gm;

function modules(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith('.ts'))
    .map((e) => join(e.parentPath, e.name))
    .sort();
}

/** Every import cycle under `dir`, each as the chain of files (relative to `dir`) back to its first. */
function importCycles(dir: string): string[][] {
  const graph = new Map<string, string[]>();
  for (const f of modules(dir)) {
    const deps = [...readFileSync(f, 'utf8').matchAll(IMPORT)].map((m) => resolve(dirname(f), m[1]!.replace(/\.js$/, '.ts')));
    graph.set(f, deps);
  }
  // Depth-first search; a dependency still on the stack closes a cycle.
  const cycles: string[][] = [];
  const done = new Set<string>();
  const stack: string[] = [];
  const visit = (f: string): void => {
    stack.push(f);
    for (const d of graph.get(f) ?? []) {
      const at = stack.indexOf(d);
      if (at >= 0) cycles.push([...stack.slice(at), d].map((p) => relative(dir, p)));
      else if (graph.has(d) && !done.has(d)) visit(d);
    }
    stack.pop();
    done.add(f);
  };
  for (const f of graph.keys()) if (!done.has(f)) visit(f);
  return cycles;
}

describe('imports', () => {
  it('finds a cycle when there is one, through re-exports, type imports and multi-line imports', () => {
    const dir = mkdtempSync(join(tmpdir(), 'xenlu-cycles-'));
    try {
      mkdirSync(join(dir, 'sub'));
      writeFileSync(join(dir, 'a.ts'), "import { b } from './sub/b.js';\nexport const a = b;\n");
      writeFileSync(join(dir, 'sub', 'b.ts'), "import type {\n  C,\n} from '../c.js';\nexport const b = 1 as C;\n");
      writeFileSync(join(dir, 'c.ts'), "export { a } from './a.js';\nexport type C = number;\n");
      writeFileSync(join(dir, 'd.ts'), "import { a } from './a.js';\nexport const d = a;\n");
      expect(importCycles(dir)).toEqual([['a.ts', join('sub', 'b.ts'), 'c.ts', 'a.ts']]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('packages/format/src has no import cycle', () => {
    expect(modules(SRC).length).toBeGreaterThan(50);
    expect(importCycles(SRC).map((c) => c.join(' -> '))).toEqual([]);
  });
});
