export { formatTables } from './format-tables.js';
export { describeSchema } from './schema-text.js';
