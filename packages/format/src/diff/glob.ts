/**
 * Path globs for `--ignore`: `*` matches any run of characters inside one path segment (segments
 * are separated by `.` and brackets), `**` any run across segments, `?` one character. A glob that
 * matches a path also matches everything under it, so `host.time` ignores `host.time.tsc`.
 */

function globSource(glob: string): string {
  let re = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i]!;
    if (c === '*') {
      if (glob[i + 1] === '*') {
        re += '.*';
        i++;
      } else re += '[^.\\[\\]]*';
    } else if (c === '?') re += '[^.\\[\\]]';
    else re += c.replace(/[\\^$.|+()[\]{}]/g, '\\$&');
  }
  return re;
}

/** A predicate that is true for paths any of `globs` matches (false for none). */
export function pathMatcher(globs: readonly string[]): (path: string) => boolean {
  if (globs.length === 0) return () => false;
  const re = new RegExp(`^(?:${globs.map(globSource).join('|')})(?:[.[].*)?$`);
  return (path) => re.test(path);
}

/**
 * Whether `glob` can match any of `paths` (from schemaPaths): brackets in the glob are read as
 * `[*]`, since any index or key may stand there. False means the glob names no place in the
 * schema: most likely a typo.
 */
export function globFitsSchema(glob: string, paths: readonly string[]): boolean {
  const match = pathMatcher([glob.replace(/\[[^\]]*\]/g, '[*]')]);
  return paths.some(match);
}
