/**
 * The slice-by-8 CRC-32 tables of the C reader and writer, as a const array in a generated C
 * header: computed here from the polynomial the TypeScript side uses, so the C code neither
 * builds a table at run time (no writable state, nothing to initialise in early boot) nor
 * carries 2048 hand-copied constants: the tables of crc32Bytes (wire/crc32.ts).
 */
import { CRC32_POLY, CRC32_SLICES, crc32SliceTables } from '../wire/crc32.js';
import { cHex32 } from './c-names.js';

export const C_CRC32_TABLE_FILE_NAME = 'xlu_crc32_table.h';
export function cCrc32Table(): string {
  const out = [
    '/*',
    ` * ${C_CRC32_TABLE_FILE_NAME}: slice-by-${CRC32_SLICES} tables of the stream's CRC-32 (polynomial ${cHex32(CRC32_POLY)}, reflected), for xlu_crc32.c.`,
    ' *',
    ' * GENERATED from packages/format/src/wire/crc32.ts by scripts/gen-c-headers.mjs. Do not edit: regenerate.',
    ' */',
    '#ifndef XLU_CRC32_TABLE_H',
    '#define XLU_CRC32_TABLE_H',
    '',
    '#include <stdint.h>',
    '',
    `static const uint32_t xlu_crc32_table[${CRC32_SLICES}][256] = {`,
  ];
  for (const t of crc32SliceTables()) {
    out.push('\t{');
    for (let i = 0; i < 256; i += 8) out.push(`\t\t${Array.from(t.subarray(i, i + 8), (x) => cHex32(x)).join(', ')},`);
    out.push('\t},');
  }
  out.push('};', '', '#endif /* XLU_CRC32_TABLE_H */');
  return out.join('\n') + '\n';
}
