/**
 * Piscina worker: runs one property task against the real implementation. Loaded from dist, one
 * module instance per thread, so the property catalogue is built once per worker.
 */
import { propertyById } from '../properties/catalogue.js';
import { type PropertyResult, type PropertyTask, runProperty } from './run-property.js';

export default function runTask(task: PropertyTask): Promise<PropertyResult> {
  const def = propertyById(task.id);
  if (!def) throw new Error(`no property ${task.id}`);
  return runProperty(def, task);
}
