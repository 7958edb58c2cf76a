/**
 * Where the code generated from the schema (decoders, encoders, structure checkers) becomes
 * functions. Each piece is the body of a factory, built as text when first needed and compiled
 * with `new Function`. Compiling it was a third of a one-off `xenlu validate`'s start-up, and V8
 * caches no code made by `new Function`; so a process can hand in the same factories compiled
 * ahead, from a script V8 does cache (the bundled CLI's launcher, packages/cli/bin/xenlu.js).
 *
 * The hand-over is `globalThis[Symbol.for('xenlu.compiledAhead')]`, an object with
 * `get(key): Function | undefined`, where a key is the factory's parameter names joined by commas,
 * a newline, and its body. A factory is taken from there only when its key is the very text
 * generated now, so a stale set costs a compile, never a wrong decoder.
 */

/** A factory of generated code: called with the code's dependencies, it returns the function. */
export type Factory = (...args: unknown[]) => unknown;

/** What a process hands in under `Symbol.for('xenlu.compiledAhead')`. */
export interface CompiledAhead {
  get(key: string): Factory | undefined;
}

const COMPILED_AHEAD = Symbol.for('xenlu.compiledAhead');

/** The key a factory is known by: `params` joined by commas, a newline, `body`. */
export function factoryKey(params: readonly string[], body: string): string {
  return `${params.join(',')}\n${body}`;
}

/** The factory of `params` and `body`: compiled ahead if it was, else compiled now. */
export function compileFactory(params: readonly string[], body: string): Factory {
  const ahead = (globalThis as { [COMPILED_AHEAD]?: CompiledAhead })[COMPILED_AHEAD];
  const found = ahead?.get(factoryKey(params, body));
  if (found !== undefined) return found;
  return new Function(...params, body) as Factory;
}
