/**
 * A compact listing of one schema version for `xenlu schema`: its records in stream order, then
 * each struct once with its fields by number.
 */
import { wireLayout } from '../schema/dsl.js';
import { type Version, schemaOf } from '../schema/index.js';
import { isOptionalType } from '../schema/records.js';
import { type ConstraintStyle, constraintText, defaultText, numText, typeHex, typeText } from './describe-node.js';
import { placements, structsOf } from './schema-walk.js';

const TEXT_STYLE: ConstraintStyle = {
  enumValues: (values) => `{${Object.entries(values).map(([n, c]) => `${n}=${c}`).join(', ')}}`,
  flagBits: (bits) => `{${Object.entries(bits).map(([n, b]) => `${n}=bit${b}`).join(', ')}}`,
};

/** The records and fields of schema `version`, as plain text lines. */
export function describeSchema(version: Version): string {
  const schema = schemaOf(version);
  const lines: string[] = [`Schema version ${version}`, '', 'Records, in stream order (HOST, each domain\u2019s records, END):'];
  const records = placements(schema).map((p) => [
    typeHex(p.record.type),
    p.record.name,
    isOptionalType(p.record.type) ? 'optional' : 'mandatory',
    p.key === undefined ? (p.kind === 'host' ? 'first' : 'last') : `${p.key}: ${p.kind}${p.kind === 'list' ? ` <= ${numText(p.maxPerRecord ?? 0)}/record` : ''}`,
    p.kind === 'list' ? `list<${typeText(p.content.desc)}>` : typeText(p.content.desc),
  ]);
  lines.push(...columns(records, '  '), '', 'Structs (field number, name, type, allowed values and default):');
  for (const s of structsOf(schema)) {
    lines.push('', `  ${s.desc.name}`);
    const rows = wireLayout(s.desc).map((slot, i) =>
      slot.kind === 'retired'
        ? [String(i + 1), slot.retired.name, 'retired', 'written nil']
        : [
            String(i + 1),
            slot.name,
            typeText(slot.field.node.desc),
            // Last column, so long enum lists do not push the others apart.
            [constraintText(slot.field.node.desc, TEXT_STYLE), slot.field.default === undefined ? '' : `default ${defaultText(slot.field.default)}`]
              .filter(Boolean)
              .join('; '),
          ],
    );
    lines.push(...columns(rows, '    '));
  }
  return `${lines.join('\n')}\n`;
}

/** Rows as left-aligned columns (numbers right-aligned in the first), trailing blanks trimmed. */
function columns(rows: readonly string[][], indent: string): string[] {
  const widths: number[] = [];
  for (const r of rows) r.forEach((c, i) => (widths[i] = Math.max(widths[i] ?? 0, c.length)));
  return rows.map((r) =>
    (indent + r.map((c, i) => (i === 0 && /^\d+$/.test(c) ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join('  ')).trimEnd(),
  );
}
