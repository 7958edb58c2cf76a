/**
 * The generated block of a Markdown file: the text between a `<!-- BEGIN GENERATED: <name> ... -->`
 * line and the next `<!-- END GENERATED -->` line. Everything outside it is left byte for byte.
 */

function markers(doc: string, name: string): { start: number; end: number } {
  const begin = new RegExp(`^<!-- BEGIN GENERATED: ${name}\\b.*-->$`, 'm').exec(doc);
  if (!begin) throw new Error(`no "<!-- BEGIN GENERATED: ${name} ... -->" line`);
  const start = begin.index + begin[0].length + 1;
  const end = doc.indexOf('<!-- END GENERATED -->', start - 1);
  if (end < 0) throw new Error(`no "<!-- END GENERATED -->" line after the ${name} block`);
  return { start: Math.min(start, end), end };
}

/** The current content of the block (empty when the markers are adjacent). */
export function generatedBlock(doc: string, name: string): string {
  const { start, end } = markers(doc, name);
  return doc.slice(start, end);
}

/** `doc` with the block's content replaced by `content` (which should end with a newline). */
export function replaceGeneratedBlock(doc: string, name: string, content: string): string {
  const { start, end } = markers(doc, name);
  return doc.slice(0, start) + content + doc.slice(end);
}
