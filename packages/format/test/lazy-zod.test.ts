/**
 * The schema's zod schemas are built on first use (lazyZod): importing the schema (every command's
 * start-up) builds none, and a built one is the one every later use gets.
 */
import { describe, expect, it } from 'vitest';
import { lazyZod, u32 } from '../src/schema/dsl.js';
import { SCHEMAS } from '../src/schema/index.js';

describe('lazy zod schemas', () => {
  it('builds on first access, once, and not before', () => {
    let built = 0;
    const node = lazyZod(() => {
      built++;
      return u32().zod;
    }, { desc: { kind: 'bool' } as const });
    expect(built).toBe(0);
    expect(node.desc.kind).toBe('bool');
    const first = node.zod;
    expect(built).toBe(1);
    expect(node.zod).toBe(first);
    expect(built).toBe(1);
  });

  it('a version schema built on demand still checks the whole state', () => {
    const z = SCHEMAS[3].zod;
    expect(z).toBe(SCHEMAS[3].zod);
    expect(z.safeParse({ host: {}, domains: [] }).success).toBe(false);
  });
});
