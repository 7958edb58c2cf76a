/**
 * Pieces of @xenlu/format its entry point does not export yet, taken from its built modules (as
 * the CLI does), so switching to the public exports is a change to this file alone.
 */
export { validateSemantics, RULES } from '../../format/dist/semantics/index.js';
