/**
 * The record, field, enum and flags tables of docs/FORMAT.md (section 9), generated from the
 * schema. All versions are merged: records are matched by type number, structs by name and
 * fields by number, so a table shows when each thing appeared, changed, or was retired.
 */
import { type Desc, type StructDesc, wireLayout } from '../schema/dsl.js';
import { LATEST_VERSION, SCHEMAS, VERSIONS, type Version } from '../schema/index.js';
import { type Section, isOptionalType } from '../schema/records.js';
import { type ConstraintStyle, constraintText, defaultText, numText, typeHex, typeText, versionsText } from './describe-node.js';
import { type Placement, leafOf, placements, structsOf } from './schema-walk.js';

/** The Markdown of FORMAT.md section 9, ending with a newline. */
export function formatTables(): string {
  return [
    '## 9. Record and field tables',
    '',
    'Generated from the schema (`packages/format/src/schema/`) by `formatTables()`; do not edit by hand:',
    '`pnpm gen:docs` rewrites this block and a test fails when it is stale. "Since" and "Last" are the',
    'first and last schema versions that define a thing; anything whose last version is below',
    `${LATEST_VERSION} is retired, and its number is never reused. "—" means no constraint beyond the type.`,
    '',
    '### 9.1 Record types',
    '',
    recordTypesTable(),
    '',
    '### 9.2 Record order per schema version',
    '',
    'HOST, then for each domain its records in this order, then END (section 6). Kinds: `single` exactly one',
    'record; `optional` zero or one; `each` one per element; `list` entries split over records of at most the',
    'given number of entries, none for an empty list.',
    '',
    ...VERSIONS.flatMap((v) => [`#### Schema version ${v}`, '', orderTable(v), '']),
    '### 9.3 Structs',
    '',
    'Each struct is a MessagePack array; field number N is element N-1 (section 5). A retired field is',
    'written as nil. Types are the wire types; `X or nil` is an optional value.',
    '',
    ...structTables(),
    '### 9.4 Enums',
    '',
    'Written as the unsigned integer code, of the width given; a reader refuses a code it does not know.',
    '',
    ...leafTables('enum'),
    '### 9.5 Flags',
    '',
    'Written as an unsigned integer of the bits set; a bit with no name must be zero.',
    '',
    ...leafTables('flags'),
  ].join('\n').replace(/\n+$/, '\n');
}

// ---------------------------------------------------------------------------------------------
// Markdown helpers

function table(head: readonly string[], rows: readonly (readonly string[])[]): string {
  const line = (cells: readonly string[]) => `| ${cells.map((c) => (c === '' ? '—' : c.replace(/\|/g, '\\|'))).join(' | ')} |`;
  return [line(head), `|${head.map(() => '---').join('|')}|`, ...rows.map(line)].join('\n');
}

const code = (s: string) => (s === '' ? '' : `\`${s}\``);

/** The latest version's text, followed by how older versions differ: `u64 (u32 in v1)`. */
function withHistory(per: readonly (readonly [Version, string])[], fmt: (s: string) => string = (s) => s, empty = 'none'): string {
  const latest = per[per.length - 1]?.[1] ?? '';
  const older = new Map<string, Version[]>();
  for (const [v, text] of per) if (text !== latest) older.set(text, [...(older.get(text) ?? []), v]);
  const main = fmt(latest);
  if (older.size === 0) return main;
  const notes = [...older].map(([text, vs]) => `${text === '' ? empty : fmt(text)} in v${versionsText(vs)}`);
  return `${main === '' ? empty : main} (${notes.join('; ')})`;
}

function sinceLast(vs: readonly Version[]): [string, string] {
  return [String(Math.min(...vs)), String(Math.max(...vs))];
}

// ---------------------------------------------------------------------------------------------
// 9.1, 9.2 Records

function placementText(p: Placement): string {
  switch (p.kind) {
    case 'host':
      return 'first record';
    case 'end':
      return 'last record';
    case 'list':
      return `\`${p.key}\`: list, <= ${numText(p.maxPerRecord ?? 0)} per record`;
    default:
      return `\`${p.key}\`: ${p.kind}`;
  }
}

function contentText(p: Placement): string {
  return p.kind === 'list' ? `list<${typeText(p.content.desc)}>` : typeText(p.content.desc);
}

function recordTypesTable(): string {
  const byType = new Map<number, [Version, Placement][]>();
  for (const v of VERSIONS) {
    for (const p of placements(SCHEMAS[v])) byType.set(p.record.type, [...(byType.get(p.record.type) ?? []), [v, p]]);
  }
  const rows = [...byType].sort(([a], [b]) => a - b).map(([type, per]) => {
    const versions = per.map(([v]) => v);
    return [
      `\`${typeHex(type)}\``,
      withHistory(per.map(([v, p]) => [v, p.record.name]), (s) => `**${s}**`),
      isOptionalType(type) ? 'optional' : 'mandatory',
      ...sinceLast(versions),
      withHistory(per.map(([v, p]) => [v, placementText(p)])),
      withHistory(per.map(([v, p]) => [v, contentText(p)]), code),
      withHistory(per.map(([v, p]) => [v, p.record.doc])),
    ];
  });
  return table(['Type', 'Record', 'Class', 'Since', 'Last', 'Section', 'Content', 'Description'], rows);
}

function orderTable(v: Version): string {
  const rows = placements(SCHEMAS[v]).map((p, i) => [
    String(i + 1),
    `**${p.record.name}**`,
    `\`${typeHex(p.record.type)}\``,
    p.key ? `\`${p.key}\`` : '',
    p.kind === 'host' || p.kind === 'end' ? 'once per stream' : p.kind,
    p.kind === 'list' ? numText(p.maxPerRecord ?? 0) : '',
    orderText(p.key === undefined ? undefined : SCHEMAS[v].sections[p.key]),
  ]);
  return table(['#', 'Record', 'Type', 'State key', 'Kind', 'Entries per record', 'Order'], rows);
}

/** The key whose values strictly ascend over a section's records or entries (section 6). */
function orderText(s: Section | undefined): string {
  if (s === undefined) return '';
  const entries = s.record.body.fields['entries']?.node.desc;
  const key = s.kind === 'each' ? s.ascending : s.kind === 'list' && entries?.kind === 'list' ? entries.ascending : undefined;
  return key === undefined ? '' : `strictly ascending \`${key}\``;
}

// ---------------------------------------------------------------------------------------------
// 9.3 Structs

const TABLE_STYLE: ConstraintStyle = {
  enumValues: (values) => {
    const names = Object.entries(values);
    return names.length <= 5 ? names.map(([n, c]) => `${n} ${c}`).join(', ') : `${names.length} values (9.4)`;
  },
  flagBits: () => 'bits in 9.5',
};

/** Structs by name over all versions, latest version's reading order first. */
function mergedStructs(): { name: string; per: [Version, StructDesc][]; usedBy: Map<string, Version[]> }[] {
  const out = new Map<string, { name: string; per: [Version, StructDesc][]; usedBy: Map<string, Version[]> }>();
  for (const v of [...VERSIONS].reverse()) {
    for (const s of structsOf(SCHEMAS[v])) {
      let m = out.get(s.desc.name);
      if (!m) out.set(s.desc.name, (m = { name: s.desc.name, per: [], usedBy: new Map() }));
      m.per.unshift([v, s.desc]);
      for (const u of s.usedBy) m.usedBy.set(u, [v, ...(m.usedBy.get(u) ?? [])]);
    }
  }
  return [...out.values()];
}

type SlotInVersion = { v: Version; kind: 'field'; name: string; desc: Desc; default: unknown; doc: string } | { v: Version; kind: 'retired'; name: string; doc: string };

function structTables(): string[] {
  const out: string[] = [];
  for (const s of mergedStructs()) {
    const slots = new Map<number, SlotInVersion[]>();
    for (const [v, d] of s.per) {
      wireLayout(d).forEach((slot, i) => {
        const entry: SlotInVersion =
          slot.kind === 'field'
            ? { v, kind: 'field', name: slot.name, desc: slot.field.node.desc, default: slot.field.default, doc: slot.field.doc }
            : { v, kind: 'retired', name: slot.retired.name, doc: slot.retired.doc };
        slots.set(i + 1, [...(slots.get(i + 1) ?? []), entry]);
      });
    }
    const rows = [...slots].sort(([a], [b]) => a - b).map(([no, per]) => fieldRow(no, per));
    const versions = s.per.map(([v]) => v);
    const used = [...s.usedBy].map(([u, vs]) => (vs.length === versions.length ? u : `${u} (v${versionsText(vs)})`));
    out.push(`#### \`${s.name}\``, '', `Schema version${versions.length > 1 ? 's' : ''} ${versionsText(versions)}. Used by ${used.map(usedText).join(', ')}.`, '');
    out.push(table(['No', 'Field', 'Type', 'Values', 'Default', 'Since', 'Last', 'Description'], rows), '');
  }
  return out;
}

function usedText(u: string): string {
  return u.startsWith('record ') ? `record **${u.slice(7)}**` : `\`${u.replace(/ \(v.*\)$/, '')}\`${/ \(v.*\)$/.exec(u)?.[0] ?? ''}`;
}

function fieldRow(no: number, per: readonly SlotInVersion[]): string[] {
  const fields = per.filter((p): p is Extract<SlotInVersion, { kind: 'field' }> => p.kind === 'field');
  const retired = per.filter((p) => p.kind === 'retired');
  const name = withHistory(fields.map((f) => [f.v, f.name]), code);
  let doc = fields[fields.length - 1]?.doc ?? '';
  if (retired.length > 0) {
    const r = retired[retired.length - 1]!;
    doc = `**Retired in v${versionsText(retired.map((x) => x.v))}**: ${r.doc}.${doc ? ` Was: ${doc}.` : ''}`;
  }
  return [
    String(no),
    fields.length > 0 ? name : `\`${retired[0]!.name}\``,
    withHistory(fields.map((f) => [f.v, typeText(f.desc)]), code),
    withHistory(fields.map((f) => [f.v, constraintText(f.desc, TABLE_STYLE)]), undefined, 'any'),
    withHistory(fields.map((f) => [f.v, defaultText(f.default)])),
    ...(fields.length > 0 ? sinceLast(fields.map((f) => f.v)) : ['', '']),
    doc,
  ];
}

// ---------------------------------------------------------------------------------------------
// 9.4, 9.5 Enums and flags, one table per field that uses them (identical tables merged)

function leafTables(kind: 'enum' | 'flags'): string[] {
  const sites = new Map<string, { title: string; per: [Version, Readonly<Record<string, number>>][]; bits?: number }>();
  for (const s of mergedStructs()) {
    for (const [v, d] of s.per) {
      for (const slot of wireLayout(d)) {
        if (slot.kind !== 'field') continue;
        const leaf = leafOf(slot.field.node.desc);
        if (leaf.kind !== kind) continue;
        const key = `${s.name}#${slot.field.no}`;
        const site = sites.get(key) ?? { title: '', per: [] };
        site.title = `${s.name}.${slot.name}`; // the latest name, versions ascend
        site.per.push([v, leaf.kind === 'enum' ? leaf.values : leaf.kind === 'flags' ? leaf.bits : {}]);
        if (leaf.kind === 'enum') site.bits = leaf.bits;
        sites.set(key, site);
      }
    }
  }
  const tables = new Map<string, string[]>();
  for (const site of sites.values()) {
    const t = valuesTable(kind, site.per, site.bits);
    tables.set(t, [...(tables.get(t) ?? []), site.title]);
  }
  const out: string[] = [];
  for (const [t, titles] of tables) out.push(`#### ${titles.map(code).join(', ')}`, '', t, '');
  return out;
}

function valuesTable(kind: 'enum' | 'flags', per: readonly [Version, Readonly<Record<string, number>>][], bits?: number): string {
  const first = per[0]![0];
  const last = per[per.length - 1]![0];
  const names = new Map<string, [Version, number][]>();
  for (const [v, values] of per) for (const [n, c] of Object.entries(values)) names.set(n, [...(names.get(n) ?? []), [v, c]]);
  const rows = [...names]
    .map(([n, at]) => {
      const vs = at.map(([v]) => v);
      const notes = [Math.min(...vs) > first ? `added in v${Math.min(...vs)}` : '', Math.max(...vs) < last ? `removed after v${Math.max(...vs)}` : ''];
      return { c: at[at.length - 1]![1], row: [withHistory(at.map(([v, c]) => [v, String(c)])), `\`${n}\``, notes.filter(Boolean).join('; ')] };
    })
    .sort((a, b) => a.c - b.c)
    .map((r) => r.row);
  const head = kind === 'enum' ? [`Code (u${bits ?? 8})`, 'Name', 'Note'] : ['Bit', 'Name', 'Note'];
  return table(head, rows);
}
