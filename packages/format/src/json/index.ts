export { toJson } from './to-json.js';
export { fromJson } from './from-json.js';
export { jsonSchema } from './json-schema.js';
export type { JsonObject, JsonValue } from './json-value.js';
export { identityPath, locateAll, jqPath, identityLabel, domainLabel, showInt, type LocatedPath } from './identity-path.js';
export { displayText, displayValue } from './display.js';
