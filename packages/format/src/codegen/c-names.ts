/** Naming and literal helpers shared by the C generators. */

const C_KEYWORDS = new Set([
  'auto', 'break', 'case', 'char', 'const', 'continue', 'default', 'do', 'double', 'else', 'enum', 'extern', 'float',
  'for', 'goto', 'if', 'inline', 'int', 'long', 'register', 'restrict', 'return', 'short', 'signed', 'sizeof', 'static',
  'struct', 'switch', 'typedef', 'union', 'unsigned', 'void', 'volatile', 'while', '_Bool', '_Complex', '_Imaginary',
  'bool', 'true', 'false',
]);

/** `HvmCpu` -> `hvm_cpu`, `P2mExtent` -> `p2m_extent`, `HVM_DEVICES` -> `hvm_devices`. */
export function snakeCase(name: string): string {
  return name.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase();
}

export function upperSnake(name: string): string {
  return snakeCase(name).toUpperCase();
}

/** A schema name used as a C identifier: refuses keywords rather than mangling them. */
export function cIdent(name: string): string {
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name) || C_KEYWORDS.has(name)) throw new Error(`"${name}" is not usable as a C identifier`);
  return name;
}

/** An unsigned literal: decimal with `u` up to 32 bits, hex with `ULL` above. */
export function cUint(v: number | bigint): string {
  const b = BigInt(v);
  if (b < 0n) throw new Error(`negative value ${b} has no unsigned literal`);
  return b <= 0xffffffffn ? `${b}u` : `0x${b.toString(16).toUpperCase()}ULL`;
}

export function cHex32(v: number): string {
  return `0x${(v >>> 0).toString(16).toUpperCase().padStart(8, '0')}u`;
}

/** Text safe inside a C block comment: ASCII only, no comment terminator. */
export function commentText(s: string): string {
  return s
    .replace(/[\u2018\u2019]/g, "'")
    .replace(/[\u201c\u201d]/g, '"')
    .replace(/[^\x20-\x7e]/g, '?')
    .replace(/\*\//g, '* /');
}

/** Tracks generated macro or type names so that two schema names never map to one C name. */
export class NameRegistry {
  private readonly owners = new Map<string, string>();
  claim(name: string, owner: string): string {
    const prev = this.owners.get(name);
    if (prev !== undefined && prev !== owner) throw new Error(`C name ${name} would be generated for both ${prev} and ${owner}`);
    this.owners.set(name, owner);
    return name;
  }
}

/** `XENLU_V3_` */
export function versionPrefix(version: number): string {
  return `XENLU_V${version}_`;
}

/** Macro prefix of a field's attributes and enum codes: `XENLU_V3_DOMAIN_TYPE`. */
export function fieldMacro(version: number, structName: string, fieldName: string): string {
  return `${versionPrefix(version)}${upperSnake(structName)}_${upperSnake(fieldName)}`;
}

/** Macro of a field number: `XENLU_V3_F_DOMAIN_TYPE`. */
export function fieldNumberMacro(version: number, structName: string, fieldName: string): string {
  return `${versionPrefix(version)}F_${upperSnake(structName)}_${upperSnake(fieldName)}`;
}

/** Suffix of list items under a field's prefix. */
export const ITEM_SUFFIX = '_ITEM';
