/** The verifier's runtime, loaded only by the commands that use it (verify, gen, compat). */
export {
  AllowListError, allProperties, checkCompat, checkSchemaHistory, formatJson, formatJunit, formatText, generateState,
  loadAllowList, parseAllowList, parseShard, runVerifier,
} from '@xenlu/verifier';
