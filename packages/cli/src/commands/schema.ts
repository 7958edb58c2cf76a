/** `xenlu schema`: a schema version's records and fields, as text, as JSON, or as JSON Schema. */
import type { Command } from 'commander';
import { run } from '../command.js';
import { EXIT, type ExitCode, UsageError } from '../errors.js';
import { writeOutput } from '../io.js';
import { type Desc, LATEST_VERSION, SCHEMAS, type Version, describeSchema, isOptionalType, jsonSchema, wireLayout } from '../lib.js';
import { toJsonText } from '../output.js';
import { type CommonOptions, addCommonOptions, example, parseVersion } from '../options.js';

interface SchemaOptions extends CommonOptions {
  readonly version?: string;
  readonly jsonSchema?: boolean;
  readonly json?: boolean;
  readonly output?: string;
}

function typeOf(d: Desc): unknown {
  switch (d.kind) {
    case 'uint':
      return { type: `u${d.bits}`, min: d.min, max: d.max, ...(d.oneOf ? { oneOf: d.oneOf } : {}) };
    case 'u64':
      return { type: 'u64', min: d.min, max: d.max };
    case 'bool':
      return { type: 'bool' };
    case 'str':
      return { type: 'str', maxBytes: d.maxBytes };
    case 'bin':
      return { type: 'bin', minBytes: d.minBytes, maxBytes: d.maxBytes };
    case 'enum':
      return { type: 'enum', bits: d.bits, values: d.values };
    case 'flags':
      return { type: 'flags', bits: d.bits };
    case 'list':
      return { type: 'list', minItems: d.minItems, maxItems: d.maxItems, item: typeOf(d.item.desc) };
    case 'opt':
      return { type: 'optional', item: typeOf(d.item.desc) };
    case 'struct':
      return { type: 'struct', name: d.name };
  }
}

/** The records of a version and each struct's fields by number, as plain data. */
function schemaListing(version: Version) {
  const schema = SCHEMAS[version];
  const structs: Record<string, unknown[]> = {};
  const visit = (d: Desc): void => {
    if (d.kind === 'list' || d.kind === 'opt') return visit(d.item.desc);
    if (d.kind !== 'struct' || structs[d.name]) return;
    structs[d.name] = wireLayout(d).map((slot, i) =>
      slot.kind === 'retired'
        ? { no: i + 1, name: slot.retired.name, retired: true, doc: slot.retired.doc }
        : { no: i + 1, name: slot.name, ...(typeOf(slot.field.node.desc) as object), ...(slot.field.default !== undefined ? { default: slot.field.default } : {}), doc: slot.field.doc },
    );
    for (const slot of wireLayout(d)) if (slot.kind === 'field') visit(slot.field.node.desc);
  };
  const records = [
    { name: schema.host.name, type: schema.host.type, optional: false, placement: 'first', body: schema.host.body.desc.name },
    ...Object.entries(schema.sections).map(([key, s]) => ({
      name: s.record.name, type: s.record.type, optional: isOptionalType(s.record.type), section: key, kind: s.kind, body: s.record.body.desc.name,
    })),
    { name: schema.end.name, type: schema.end.type, optional: false, placement: 'last', body: schema.end.body.desc.name },
  ];
  visit(schema.host.body.desc);
  for (const s of Object.values(schema.sections)) visit(s.record.body.desc);
  visit(schema.end.body.desc);
  return { version, records, structs };
}

export function registerSchema(program: Command): Command {
  const cmd = program
    .command('schema')
    .description('print a schema version: its records and fields, or its JSON Schema')
    .option('--version <version>', 'schema version', String(LATEST_VERSION))
    .option('--json-schema', 'the JSON Schema of the JSON form (what `decode` prints)')
    .option('--json', 'the records and fields as JSON')
    .option('-o, --output <file>', 'write to a file, atomically (default: stdout)')
    .addHelpText('after', example('xenlu schema --version 2', 'xenlu schema --json-schema > state-v3.schema.json'));
  addCommonOptions(cmd);
  return cmd.action(
    run(async (c): Promise<ExitCode> => {
      const o = c.opts<SchemaOptions>();
      if (c.args.length > 0) throw new UsageError(`schema takes no arguments (got ${c.args.join(' ')}); use --version N`);
      const version = parseVersion(o.version ?? String(LATEST_VERSION), '--version');
      if (o.json && o.jsonSchema) throw new UsageError('choose one of --json and --json-schema');
      const text = o.jsonSchema
        ? `${JSON.stringify(jsonSchema(version), null, 2)}\n`
        : o.json
          ? `${toJsonText(schemaListing(version))}\n`
          : `${describeSchema(version).trimEnd()}\n`;
      await writeOutput(o.output, text);
      return EXIT.ok;
    }),
  );
}
