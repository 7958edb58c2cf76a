/**
 * The allow-list: intended breaks, each with its reason. A new mandatory record must also say
 * whether it is written only while a feature is in use (then rollback stays safe for streams that
 * do not use the feature) or is an accepted rollback break.
 */
import { isCompatRuleId, type CompatRuleId } from './rules.js';

export interface AllowEntry {
  readonly rule: CompatRuleId;
  /** Older and newer schema versions of the pair the entry is about. */
  readonly from: number;
  readonly to: number;
  /** Record or field path as findings name it, e.g. `DOMAIN.max_pages`. */
  readonly subject: string;
  readonly reason: string;
  /** MANDATORY_RECORD_ADDED only: the feature whose use alone makes the record appear. */
  readonly emittedOnlyWhen?: string;
  /** MANDATORY_RECORD_ADDED only: the record is written regardless, rollback is knowingly lost. */
  readonly rollbackBreak?: boolean;
}

export interface AllowList {
  readonly entries: readonly AllowEntry[];
}

export class AllowListError extends Error {
  override readonly name = 'AllowListError';
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function parseEntry(v: unknown, i: number): AllowEntry {
  const where = `allow-list entry ${i}`;
  if (!isObject(v)) throw new AllowListError(`${where}: not an object`);
  const { rule, from, to, subject, reason, emittedOnlyWhen, rollbackBreak } = v;
  if (typeof rule !== 'string' || !isCompatRuleId(rule)) throw new AllowListError(`${where}: unknown rule ${String(rule)}`);
  if (!Number.isInteger(from) || !Number.isInteger(to)) throw new AllowListError(`${where}: from and to must be schema version numbers`);
  if (typeof subject !== 'string' || subject === '') throw new AllowListError(`${where}: subject is required`);
  if (typeof reason !== 'string' || reason.trim().length < 10) throw new AllowListError(`${where} (${rule} ${subject}): a reason of at least a few words is required`);
  if (emittedOnlyWhen !== undefined && typeof emittedOnlyWhen !== 'string') throw new AllowListError(`${where}: emittedOnlyWhen must be a string`);
  if (rollbackBreak !== undefined && typeof rollbackBreak !== 'boolean') throw new AllowListError(`${where}: rollbackBreak must be a boolean`);
  if (rule === 'MANDATORY_RECORD_ADDED' && (emittedOnlyWhen === undefined) === (rollbackBreak !== true)) {
    throw new AllowListError(
      `${where} (${subject}): a new mandatory record needs exactly one of "emittedOnlyWhen" (the feature that alone makes it appear) or "rollbackBreak": true`,
    );
  }
  if (rule !== 'MANDATORY_RECORD_ADDED' && (emittedOnlyWhen !== undefined || rollbackBreak !== undefined)) {
    throw new AllowListError(`${where}: emittedOnlyWhen and rollbackBreak apply to MANDATORY_RECORD_ADDED only`);
  }
  return {
    rule,
    from: from as number,
    to: to as number,
    subject,
    reason,
    ...(emittedOnlyWhen !== undefined ? { emittedOnlyWhen } : {}),
    ...(rollbackBreak !== undefined ? { rollbackBreak } : {}),
  };
}

/** Parses the allow-list JSON text (`{ "entries": [...] }`), rejecting entries without reasons. */
export function parseAllowList(text: string): AllowList {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new AllowListError(`allow-list is not JSON: ${(e as Error).message}`);
  }
  if (!isObject(json) || !Array.isArray(json.entries)) throw new AllowListError('allow-list must be an object with an "entries" array');
  return { entries: json.entries.map(parseEntry) };
}

export const EMPTY_ALLOW_LIST: AllowList = { entries: [] };
