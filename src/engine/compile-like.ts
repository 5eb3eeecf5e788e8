/**
 * SQL LIKE (spec §14 item 22): `%` matches any run, `_` one character, case-sensitive, whole string.
 * Compiled once to a RegExp with every other character escaped; linear-time (no nested quantifiers).
 */
export function compileLike(pattern: string): (value: unknown) => boolean {
  let source = '^';
  for (const ch of pattern) {
    if (ch === '%') source += '[\\s\\S]*';
    else if (ch === '_') source += '[\\s\\S]';
    else source += ch.replace(/[\\^$.*+?()[\]{}|/-]/g, '\\$&');
  }
  const re = new RegExp(`${source}$`, 'u');
  return (value) => typeof value === 'string' && re.test(value);
}
