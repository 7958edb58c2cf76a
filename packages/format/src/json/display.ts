/**
 * Values as reports show them, in text and in `--json` alike: integers the schema marks
 * `display: 'hex'` (frame numbers, addresses, registers, MSR indexes) as `"0x100200"`, other u64
 * as decimal strings (as `decode` prints them), blobs as hex. Walks the value along its schema
 * node; what the node does not describe (a stretch of frames' `count`) falls back to the plain form.
 */
import { type Desc, isHex } from '../schema/dsl.js';

const hexOf = (b: Uint8Array): string => Buffer.from(b.buffer, b.byteOffset, b.length).toString('hex');

export function displayValue(v: unknown, desc?: Desc): unknown {
  if (typeof v === 'bigint' || typeof v === 'number') {
    if (desc && isHex(desc)) return `0x${v.toString(16)}`;
    return typeof v === 'bigint' ? v.toString() : v;
  }
  if (v instanceof Uint8Array) return hexOf(v);
  while (desc?.kind === 'opt') desc = desc.item.desc;
  if (Array.isArray(v)) {
    const item = desc?.kind === 'list' ? desc.item.desc : undefined;
    return v.map((x) => displayValue(x, item));
  }
  if (v !== null && typeof v === 'object') {
    const fields = desc?.kind === 'struct' ? desc.fields : undefined;
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) if (x !== undefined) out[k] = displayValue(x, fields?.[k]?.node.desc);
    return out;
  }
  return v;
}


/**
 * The same as one line of text: hinted integers in hex and other numbers bare, strings and blobs
 * (hex) quoted, as JSON would show them (`{"gfn":0x200,"count":512,"type":"ram_rw"}`).
 */
export function displayText(v: unknown, desc?: Desc): string {
  if (typeof v === 'bigint' || typeof v === 'number') return desc && isHex(desc) ? `0x${v.toString(16)}` : v.toString();
  if (v instanceof Uint8Array) return JSON.stringify(hexOf(v));
  while (desc?.kind === 'opt') desc = desc.item.desc;
  if (Array.isArray(v)) {
    const item = desc?.kind === 'list' ? desc.item.desc : undefined;
    return `[${v.map((x) => displayText(x, item)).join(',')}]`;
  }
  if (v !== null && typeof v === 'object') {
    const fields = desc?.kind === 'struct' ? desc.fields : undefined;
    const parts = Object.entries(v).filter(([, x]) => x !== undefined).map(([k, x]) => `${JSON.stringify(k)}:${displayText(x, fields?.[k]?.node.desc)}`);
    return `{${parts.join(',')}}`;
  }
  return JSON.stringify(v) ?? String(v);
}
