import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { numText, versionsText } from '../src/docs/describe-node.js';
import { formatTables } from '../src/docs/format-tables.js';
import { generatedBlock, replaceGeneratedBlock } from '../src/docs/generated-block.js';
import { describeSchema } from '../src/docs/schema-text.js';
import { wireLayout } from '../src/schema/dsl.js';
import { SCHEMAS, VERSIONS } from '../src/schema/index.js';

const FORMAT_MD = new URL('../../../docs/FORMAT.md', import.meta.url);

describe('docs/FORMAT.md', () => {
  it('its generated tables equal formatTables() (run `pnpm gen:docs` after a schema change)', () => {
    const doc = readFileSync(FORMAT_MD, 'utf8');
    expect(generatedBlock(doc, 'tables')).toBe(formatTables());
  });
});

describe('formatTables', () => {
  const md = formatTables();
  const row = (start: string) => md.split('\n').find((l) => l.startsWith(start)) ?? '';

  it('lists every record type of every version, with its class and versions', () => {
    for (const v of VERSIONS) for (const r of SCHEMAS[v].records.values()) expect(md).toContain(`**${r.name}**`);
    expect(row('| `0x80000001` |')).toMatch(/\*\*VCPU_RUNSTATE\*\* \| optional \| 2 \| 4 \| `vcpu_runstates`: list, <= 4096 per record/);
    expect(row('| `0x00000007` |')).toMatch(/\*\*P2M\*\* \| mandatory \| 1 \| 2 \|/);
    expect(row('| `0x0000000e` |')).toMatch(/\*\*P2M_EXTENTS\*\* \| mandatory \| 3 \| 4 \|/);
  });

  it('shows renames, widenings, added fields with defaults, retired fields and added enum values', () => {
    expect(row('| 7 | `xsm_label`')).toContain('`xsm_label` (`ssidref` in v1-2)');
    expect(row('| 9 | `max_pages`')).toContain('`u32` (`u64` in v2-3)');
    expect(row('| 21 | `cpupool`')).toMatch(/\| 0 \| 2 \| 4 \|/);
    expect(row('| 10 | `priority`')).toMatch(/\| 0-15 \| 7 \| 2 \| 4 \|/);
    expect(row('| 11 | `shr_pages`')).toMatch(/\| 1 \| 2 \| \*\*Retired in v3-4\*\*/);
    expect(md).toMatch(/#### `Domain.evtchn_abi`\n\n[^#]*\| 1 \| `fifo` \| added in v2 \|/);
    expect(row('| 1 | `version`')).toContain('1-2 (1 in v1)');
  });

  it('has a table for every struct, with every field number', () => {
    for (const v of VERSIONS) {
      for (const s of collectStructs(v)) {
        const at = md.indexOf(`#### \`${s.name}\`\n`);
        expect(at, s.name).toBeGreaterThanOrEqual(0);
        const section = md.slice(at, md.indexOf('\n\n####', at + 1));
        for (const [i] of wireLayout(s).entries()) expect(section).toContain(`\n| ${i + 1} | `);
      }
    }
  });

  it('gives enum codes and flag bits as Xen numbers them', () => {
    expect(md).toMatch(/#### `HvmDevice.type`\n\n\| Code \(u16\) \|[^#]*\| 19 \| `tsc_adjust` \|/);
    expect(md).toMatch(/#### `P2mExtent.type`, `P2mEntry.type`\n/);
    expect(md).toMatch(/#### `Domain.create_flags`\n\n\| Bit \|[^#]*\| 5 \| `iommu` \|/);
  });

  it('gives the section order of each version', () => {
    for (const v of VERSIONS) {
      const at = md.indexOf(`#### Schema version ${v}\n`);
      const part = md.slice(at, md.indexOf('\n\n###', at + 1));
      const names = [...part.matchAll(/^\| \d+ \| \*\*(\w+)\*\*/gm)].map((m) => m[1]);
      expect(names).toEqual(['HOST', ...Object.values(SCHEMAS[v].sections).map((s) => s.record.name), 'END']);
    }
  });

  it('is deterministic', () => {
    expect(formatTables()).toBe(md);
  });
});

function collectStructs(v: 1 | 2 | 3) {
  const found = new Map<string, import('../src/schema/dsl.js').StructDesc>();
  const visit = (d: import('../src/schema/dsl.js').Desc): void => {
    if (d.kind === 'list' || d.kind === 'opt') return visit(d.item.desc);
    if (d.kind !== 'struct' || found.has(d.name)) return;
    found.set(d.name, d);
    for (const f of Object.values(d.fields)) visit(f.node.desc);
  };
  const schema = SCHEMAS[v];
  visit(schema.host.body.desc);
  for (const s of Object.values(schema.sections)) visit(s.kind === 'list' ? s.record.body.fields.entries.node.item.desc : s.record.body.desc);
  return [...found.values()];
}

describe('generated blocks', () => {
  const doc = 'intro\n<!-- BEGIN GENERATED: tables (from x) -->\nold\n<!-- END GENERATED -->\noutro\n';

  it('replaces only the text between the markers', () => {
    const out = replaceGeneratedBlock(doc, 'tables', 'new\nlines\n');
    expect(out).toBe('intro\n<!-- BEGIN GENERATED: tables (from x) -->\nnew\nlines\n<!-- END GENERATED -->\noutro\n');
    expect(generatedBlock(out, 'tables')).toBe('new\nlines\n');
    expect(replaceGeneratedBlock(out, 'tables', 'old\n')).toBe(doc);
  });

  it('reads an empty block and refuses a file without markers', () => {
    expect(generatedBlock('<!-- BEGIN GENERATED: tables -->\n<!-- END GENERATED -->\n', 'tables')).toBe('');
    expect(() => generatedBlock('no markers', 'tables')).toThrow(/BEGIN GENERATED/);
    expect(() => generatedBlock('<!-- BEGIN GENERATED: tables -->\nx\n', 'tables')).toThrow(/END GENERATED/);
  });
});

describe('describeSchema', () => {
  it('lists each record of the version in stream order, with its type and class', () => {
    for (const v of VERSIONS) {
      const text = describeSchema(v);
      const names = [...text.matchAll(/^ {2}0x[0-9a-f]{8} {2}(\w+) +(mandatory|optional)/gm)].map((m) => m[1]);
      expect(names).toEqual(['HOST', ...Object.values(SCHEMAS[v].sections).map((s) => s.record.name), 'END']);
    }
    expect(describeSchema(2)).toMatch(/0x80000001 {2}VCPU_RUNSTATE +optional/);
  });

  it('lists the fields of the version by number, with renames and retirements as that version has them', () => {
    const v1 = describeSchema(1);
    const v3 = describeSchema(3);
    expect(v1).toMatch(/^ +7 {2}ssidref +u32$/m);
    expect(v1).toMatch(/^ +9 {2}max_pages +u32$/m);
    expect(v1).not.toContain('xsm_label');
    expect(v3).toMatch(/^ +7 {2}xsm_label +u32$/m);
    expect(v3).toMatch(/^ +11 {2}shr_pages +retired +written nil$/m);
    expect(v3).toMatch(/^ +21 {2}cpupool +u32 +default 0$/m);
    expect(v3).toMatch(/^ +3 {2}type +enum u8 +\{pv32=0, pv64=1, hvm=2, pvh=3\}$/m);
    expect(v3).not.toMatch(/^ {2}P2mEntry$/m);
    expect(v1).toMatch(/^ {2}P2mEntry$/m);
  });
});

describe('numbers in the docs', () => {
  it('writes powers of two and one below them as 2^k from 2^16 up', () => {
    expect(numText(65535)).toBe('65535');
    expect(numText(65536)).toBe('2^16');
    expect(numText(0x7fffffff)).toBe('2^31-1');
    expect(numText((1n << 52n) - 1n)).toBe('2^52-1');
    expect(numText(100000)).toBe('100000');
    expect(versionsText([3, 1, 2])).toBe('1-3');
    expect(versionsText([1, 3])).toBe('1, 3');
  });
});
