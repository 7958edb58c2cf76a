/**
 * Generated code compiled ahead (codec/generated-code.ts): a factory handed in is taken only under
 * the exact text generated now; anything else is compiled.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { type CompiledAhead, type Factory, compileFactory, factoryKey } from '../src/codec/generated-code.js';

const AHEAD = Symbol.for('xenlu.compiledAhead');
const global = globalThis as { [AHEAD]?: CompiledAhead };
afterEach(() => {
  delete global[AHEAD];
});

const BODY = '"use strict"; return a + b;';

describe('compileFactory', () => {
  it('compiles the body when nothing was compiled ahead', () => {
    expect(compileFactory(['a', 'b'], BODY)(2, 3)).toBe(5);
  });

  it('takes the factory handed in under the parameters and body it was generated as', () => {
    const ahead: Factory = () => 'ahead';
    global[AHEAD] = new Map([[factoryKey(['a', 'b'], BODY), ahead]]);
    expect(compileFactory(['a', 'b'], BODY)).toBe(ahead);
  });

  it('compiles a body that differs from the one compiled ahead (a stale set), or the same body under other parameters', () => {
    const stale: Factory = () => 'stale';
    global[AHEAD] = new Map([
      [factoryKey(['a', 'b'], '"use strict"; return a - b;'), stale],
      [factoryKey(['b', 'a'], BODY), stale],
    ]);
    const f = compileFactory(['a', 'b'], BODY);
    expect(f).not.toBe(stale);
    expect(f(2, 3)).toBe(5);
  });

  it('keys a factory as the launcher reads it: parameters joined by commas, a newline, the body', () => {
    // packages/cli/bin/xenlu.js splits a key at its first newline to write the factory's text.
    expect(factoryKey(['d', 'P', 'bad'], 'x\ny')).toBe('d,P,bad\nx\ny');
  });
});
