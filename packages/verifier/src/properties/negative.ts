/**
 * Negative properties: for each semantic rule, a valid state broken in exactly that rule makes the
 * checker report exactly that rule.
 */
import fc from 'fast-check';
import type { Version } from '@xenlu/format';
import { stateArbitrary } from '../arbitrary/index.js';
import { clone } from '../equality.js';
import { type Breaker, breakContext, breakersFor } from '../negative/breakers.js';
import { loose } from '../negative/state-edit.js';
import { type PropertyDef, check } from './property.js';
import { describeFindings } from './support.js';

export function negativeProperty(version: Version, breaker: Breaker): PropertyDef {
  const ctx = breakContext(version);
  return {
    id: `negative.${breaker.rule}@v${version}`,
    family: 'negative',
    summary: `a valid state broken in ${breaker.rule} alone is reported as exactly ${breaker.rule}`,
    weight: 0.25,
    stateVersion: version,
    build: (impl) => fc.property(stateArbitrary(version), fc.nat({ max: 1 << 16 }), (s, pick) => {
      const broken = clone(s);
      fc.pre(breaker.apply(loose(broken), pick, ctx));
      const findings = impl.validateSemantics(broken, version);
      const rules = [...new Set(findings.map((f) => f.rule))];
      check(rules.includes(breaker.rule), () => `breaking ${breaker.rule} is not reported${findings.length ? `; reported instead: ${describeFindings(findings)}` : ''}`);
      check(rules.length === 1, () => `breaking ${breaker.rule} alone also reports ${rules.filter((r) => r !== breaker.rule).join(', ')}: ${describeFindings(findings.filter((f) => f.rule !== breaker.rule))}`);
    }),
  };
}

export function negativeProperties(version: Version): PropertyDef[] {
  return breakersFor(version).map((b) => negativeProperty(version, b));
}
