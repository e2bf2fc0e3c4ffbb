import { notLocal, SqlError } from './sql-error.ts';

/**
 * MySQL-style `date_format`/`date_parse` specifiers (Trino's table, functions/datetime.md) as DuckDB
 * `strftime`/`strptime` ones. `%f` prints microseconds of a millisecond-precision value ("123000").
 */
const MYSQL_SPECIFIERS: Record<string, string> = {
  a: '%a',
  b: '%b',
  c: '%-m',
  d: '%d',
  e: '%-d',
  f: '%g000',
  H: '%H',
  h: '%I',
  I: '%I',
  i: '%M',
  j: '%j',
  k: '%-H',
  l: '%-I',
  M: '%B',
  m: '%m',
  p: '%p',
  r: '%I:%M:%S %p',
  S: '%S',
  s: '%S',
  T: '%H:%M:%S',
  v: '%V',
  W: '%A',
  x: '%G',
  Y: '%Y',
  y: '%y',
  '%': '%%',
};
/** Listed by Trino as not supported: Athena rejects them too. */
const MYSQL_UNSUPPORTED = new Set(['D', 'U', 'u', 'V', 'w', 'X']);

/** Translates a `date_format` pattern; `%x` for any unlisted x is the character x, as in MySQL. */
export function mysqlToStrftime(format: string): string {
  let out = '';
  for (let i = 0; i < format.length; i++) {
    const c = format[i] as string;
    if (c !== '%') {
      out += c;
      continue;
    }
    const spec = format[++i];
    if (spec === undefined) break;
    if (MYSQL_UNSUPPORTED.has(spec))
      throw new SqlError(`date_format: %${spec} is not supported (Athena rejects it too)`);
    out += MYSQL_SPECIFIERS[spec] ?? (spec === '%' ? '%%' : spec);
  }
  return out;
}

/** `date_parse` accepts fewer specifiers; those it takes map as for formatting, `%f` to fractions. */
export function mysqlToStrptime(format: string): string {
  return mysqlToStrftime(format.replaceAll('%f', '\u0000')).replaceAll('\u0000', '%f');
}

/**
 * A Joda-Time `DateTimeFormat` pattern (`format_datetime`) as a DuckDB `strftime` format. Every local
 * timestamp with time zone is in UTC, so the zone letters are constants.
 */
export function jodaToStrftime(pattern: string): string {
  let out = '';
  let i = 0;
  while (i < pattern.length) {
    const c = pattern[i] as string;
    if (c === "'") {
      // A quoted literal; '' inside or outside quotes is one quote.
      if (pattern[i + 1] === "'") {
        out += "'";
        i += 2;
        continue;
      }
      let j = i + 1;
      let literal = '';
      while (j < pattern.length) {
        if (pattern[j] === "'" && pattern[j + 1] === "'") {
          literal += "'";
          j += 2;
        } else if (pattern[j] === "'") break;
        else literal += pattern[j++];
      }
      out += escapePercent(literal);
      i = j + 1;
      continue;
    }
    if (!/[A-Za-z]/.test(c)) {
      out += escapePercent(c);
      i++;
      continue;
    }
    let n = 1;
    while (pattern[i + n] === c) n++;
    out += jodaField(c, n);
    i += n;
  }
  return out;
}

function jodaField(letter: string, n: number): string {
  const pad = (one: string, two: string) => {
    if (n === 1) return one;
    if (n === 2) return two;
    throw notLocal(`format_datetime pattern "${letter.repeat(n)}"`);
  };
  switch (letter) {
    case 'y':
    case 'Y':
      return n === 2 ? '%y' : '%Y';
    case 'x':
      return n === 2 ? notSupported(letter, n) : '%G';
    case 'M':
      return n >= 4 ? '%B' : n === 3 ? '%b' : pad('%-m', '%m');
    case 'd':
      return pad('%-d', '%d');
    case 'H':
      return pad('%-H', '%H');
    case 'h':
      return pad('%-I', '%I');
    case 'm':
      return pad('%-M', '%M');
    case 's':
      return pad('%-S', '%S');
    case 'S':
      if (n === 3) return '%g';
      if (n === 6) return '%f';
      return notSupported(letter, n);
    case 'a':
      return '%p';
    case 'E':
      return n >= 4 ? '%A' : '%a';
    case 'D':
      return n === 3 ? '%j' : n === 1 ? '%-j' : notSupported(letter, n);
    case 'e':
      return n === 1 ? '%u' : notSupported(letter, n);
    case 'w':
      return pad('%-V', '%V');
    case 'G':
      return 'AD';
    case 'z':
      return n >= 4 ? 'Coordinated Universal Time' : 'UTC';
    case 'Z':
      return n === 1 ? '+0000' : n === 2 ? '+00:00' : 'UTC';
    default:
      return notSupported(letter, n);
  }
}

function notSupported(letter: string, n: number): never {
  throw notLocal(`format_datetime pattern letter "${letter.repeat(n)}"`);
}

const escapePercent = (text: string) => text.replaceAll('%', '%%');
