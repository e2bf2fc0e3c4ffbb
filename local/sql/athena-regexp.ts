import { SqlError } from './sql-error.ts';

/**
 * Capturing groups of a regular expression as Joni (Trino's regex library) counts them: `(` that is not
 * escaped, not in a character class and not `(?…)`, except the named `(?<name>…)` / `(?P<name>…)`.
 */
export function groupCount(pattern: string): number {
  let count = 0;
  let inClass = false;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '\\') i++;
    else if (inClass) inClass = c !== ']';
    else if (c === '[') inClass = true;
    else if (c === '(' && (pattern[i + 1] !== '?' || /^\?P?<[A-Za-z]/.test(pattern.slice(i + 1)))) count++;
  }
  return count;
}

/** regexp_extract(_all)'s group check (JoniRegexpFunctions.validateGroup). */
export function checkGroup(pattern: string | undefined, group: string | undefined): void {
  if (pattern === undefined || group === undefined || !/^\d+$/.test(group.trim())) return;
  const [count, wanted] = [groupCount(pattern), Number(group)];
  if (wanted > count) throw new SqlError(`Pattern has ${count} groups. Cannot access group ${wanted}`);
}

/**
 * A Trino replacement string (JoniRegexpReplace.appendReplacement: `$n` a group, as many digits as name
 * a group, `\x` the character x) in RE2's words (`\n` a group, `\\` a backslash). Without the pattern's
 * text the groups are not known: then only single-digit references are taken.
 */
export function re2Replacement(replacement: string, pattern: string | undefined): string {
  const groups = pattern === undefined ? 9 : groupCount(pattern);
  const illegal = () => new SqlError(`Illegal replacement sequence: ${replacement}`);
  let out = '';
  for (let i = 0; i < replacement.length; i++) {
    const c = replacement[i] as string;
    if (c === '$') {
      const digits = /^\d+/.exec(replacement.slice(i + 1))?.[0];
      if (digits === undefined) throw illegal();
      let group = Number(digits[0]);
      if (group > groups) throw illegal();
      let used = 1;
      while (used < digits.length && group * 10 + Number(digits[used]) <= groups) {
        group = group * 10 + Number(digits[used]);
        used++;
      }
      if (group > 9) throw new SqlError('regexp_replace() with a group reference above $9 is not supported locally');
      out += `\\${group}`;
      i += used;
    } else if (c === '\\') {
      if (i + 1 === replacement.length) throw illegal();
      const next = replacement[++i] as string;
      out += next === '\\' ? '\\\\' : next;
    } else {
      out += c;
    }
  }
  return out;
}
