/**
 * Loading an ES module file at run time: a schema module named to `compat`, the compiled schema
 * sources of `compat --against`. The bundle is a script the launcher compiles (bin/xenlu.js),
 * where import() does not work: there, this module's import() is the launcher's
 * (scripts/bundle-cli.mjs).
 */
import { pathToFileURL } from 'node:url';

export async function importFile(path: string): Promise<Record<string, unknown>> {
  return (await import(pathToFileURL(path).href)) as Record<string, unknown>;
}
