/**
 * @xenlu/format: the normative, versioned schema of the Xen live-update stream, its wire format,
 * codec, validation and migrations.
 */
export * from './schema/index.js';
export { U64_MAX } from './schema/dsl.js';
export type { Desc, Field, Node, RetiredField, StructDesc, Slot } from './schema/dsl.js';
export { wireLayout } from './schema/dsl.js';
export { OPTIONAL_BIT, isOptionalType } from './schema/records.js';
export type { RecordDef, Section, SchemaVersion } from './schema/records.js';
export * as xen from './schema/xen.js';

export * from './errors.js';
export { DEFAULT_LIMITS, type Limits, resolveLimits } from './limits.js';
export * from './unknown.js';

export { encode, StreamEncoder, type EncodeOptions } from './encode.js';
export { encodeAsRead } from './encode-as-read.js';
export { decode, readingSchema, type DecodeOptions, type DecodeResult, type RecordInfo } from './decode.js';
export { validateDump, type DumpValidation, type DumpValidationOptions } from './validate-dump.js';
export { EntryColumns, type EntryList, entryAt } from './codec/columns.js';
export type { DroppedItem, RecordEvent, SectionInfo } from './codec/sequence.js';
export { sectionsByType, recordName, maxEntriesOf } from './codec/sections.js';
export { STREAM_HEADER_SIZE, FRAMING_VERSION, STREAM_IDENT, type StreamHeader, decodeStreamHeader } from './wire/header.js';
export { RECORD_HEADER_SIZE, paddingOf } from './wire/frame.js';
export { crc32 } from './wire/crc32.js';

export {
  DROPPABLE_FEATURES, convert, upgrade, downgrade, p2mEquivalent, entriesToExtents, extentsToEntries, type DowngradeOptions, type DroppableFeature,
  type MigrationNote, type Migrated, type P2mList,
} from './migrate/index.js';
export { assembleStream, reseal, splitRecords, type RawRecord } from './wire/assemble.js';
export { readStream, type ByteSource, type RecordHeaderPeek, type StreamOptions, type StreamReader } from './stream.js';
export { checkStructure, type StructureOptions, type StructureVerdict } from './structure-check.js';
export { readFileBytes } from './read-ahead.js';
export { attachUnknown, domainsOf, keepingUnknown, type StreamItem, type Unread } from './stream-domains.js';
export { toJson, fromJson, jsonSchema, type JsonObject, type JsonValue, identityPath, locateAll, jqPath, identityLabel, domainLabel, showInt, type LocatedPath, displayText, displayValue } from './json/index.js';
export { formatTables, describeSchema } from './docs/index.js';
export {
  validateSemantics, RULES, ruleById, P2M_TARGET, P2M_RAM_TYPES, CROSS_DOMAIN_RULES, DomainByDomainValidator,
  type Finding, type RuleInfo, type RuleFamily, type RuleScope, type Severity, type ValidateOptions, type P2mTarget,
} from './semantics/index.js';
export * from './diff/index.js';
export { C_VERSIONS_HEADER_FILE_NAME, cHeader, cHeaderFileName, cVersionsHeader } from './codegen/c-header.js';
export { cStateTypes, cStateTypesFileName, cStateData } from './codegen/c-state.js';
export { C_CRC32_TABLE_FILE_NAME, cCrc32Table } from './codegen/c-crc32.js';
export { C_WRITERS_HEADER_FILE_NAME, cWriterHeader, cWriterHeaderFileName, cWriterSource, cWriterSourceFileName, cWritersHeader } from './codegen/c-writer.js';
