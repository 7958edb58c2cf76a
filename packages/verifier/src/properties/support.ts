/** Small helpers the property bodies share: messages and comparisons. */
import type { Difference } from '../equality.js';
import type { SemanticFinding } from '../impl.js';

export function describeDifference(d: Difference | undefined): string {
  return d ? `at ${d.path}: ${d.left} vs ${d.right}` : '(none)';
}

export function describeFindings(f: readonly SemanticFinding[]): string {
  const head = f.slice(0, 3).map((x) => `${x.rule} at ${x.path}: ${x.message}`).join('; ');
  return f.length > 3 ? `${head}; and ${f.length - 3} more` : head;
}

export function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && Buffer.compare(a, b) === 0;
}

export function errorText(e: unknown): string {
  return e instanceof Error ? `${e.name}: ${e.message}` : String(e);
}
