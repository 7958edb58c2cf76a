/** JSON paths as errors print them: `domains[3].event_channels[7].port`. */

export function child(path: string, key: string): string {
  return path ? `${path}.${key}` : key;
}

export function at(path: string, index: number): string {
  return `${path}[${index}]`;
}
