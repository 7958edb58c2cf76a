/**
 * The verifier's names that a command line needs before it runs anything (profiles, compat rule
 * ids): plain data, a subpath of its own so that loading them does not load fast-check.
 */
export { PROFILES, type Profile, isProfile } from './arbitrary/profiles.js';
export { COMPAT_RULES, type CompatRule, type CompatRuleId } from './compat/rules.js';
