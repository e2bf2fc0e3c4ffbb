import { notLocal, SqlError } from './sql-error.ts';

/**
 * DuckDB result types and values as Athena reports them: Trino type names (`bigint`, `timestamp(3)`)
 * and the text of each value as GetQueryResults gives it (`2026-11-20 07:00:00.000 UTC`, `[1, 2]`,
 * `{a=1}`, `1.0E10`). DuckDB's HUGEINT is the sum of integers, Trino's bigint.
 */
export function trinoType(duck: string): string {
  const list = /^(.*)\[\]$/.exec(duck);
  if (list) return `array(${trinoType(list[1] as string)})`;
  const map = /^MAP\((.*)\)$/.exec(duck);
  if (map)
    return `map(${splitTypes(map[1] as string)
      .map(trinoType)
      .join(', ')})`;
  const struct = /^STRUCT\((.*)\)$/.exec(duck);
  if (struct) {
    const fields = structFields(struct[1] as string).map(([name, type]) =>
      name === '' ? trinoType(type) : `${name} ${trinoType(type)}`,
    );
    return `row(${fields.join(', ')})`;
  }
  const decimal = /^DECIMAL\((\d+),(\d+)\)$/.exec(duck);
  if (decimal) return `decimal(${decimal[1]},${decimal[2]})`;
  return SCALAR_TYPES[duck] ?? duck.toLowerCase();
}

const SCALAR_TYPES: Record<string, string> = {
  TINYINT: 'tinyint',
  SMALLINT: 'smallint',
  INTEGER: 'integer',
  BIGINT: 'bigint',
  HUGEINT: 'bigint',
  DOUBLE: 'double',
  FLOAT: 'real',
  BOOLEAN: 'boolean',
  VARCHAR: 'varchar',
  DATE: 'date',
  TIMESTAMP: 'timestamp(3)',
  'TIMESTAMP WITH TIME ZONE': 'timestamp(3) with time zone',
  INTERVAL: 'interval day to second',
  BLOB: 'varbinary',
  JSON: 'json',
  '"NULL"': 'unknown',
};

/** A struct's fields, `"a" INTEGER, b VARCHAR`, as [name, type] pairs (an unnamed field's name is ''). */
function structFields(text: string): [string, string][] {
  return splitTypes(text).map((field) => {
    const [, quoted = '', type = ''] = /^("(?:[^"]|"")*"|\S+) (.*)$/.exec(field) ?? [];
    return [quoted.replace(/^"|"$/g, '').replaceAll('""', '"'), type];
  });
}

function splitTypes(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let current = '';
  for (const c of text) {
    if (c === '(') depth++;
    if (c === ')') depth--;
    if (c === ',' && depth === 0) {
      parts.push(current.trim());
      current = '';
    } else current += c;
  }
  if (current.trim() !== '') parts.push(current.trim());
  return parts;
}

/** A DuckDB value (from `getRows()`) as Athena's text; NULL stays null. */
export function athenaText(value: unknown, duck: string): string | null {
  if (value === null || value === undefined) return null;
  const list = /^(.*)\[\]$/.exec(duck);
  if (list)
    return `[${items(value)
      .map((v) => athenaText(v, list[1] as string) ?? 'null')
      .join(', ')}]`;
  const map = /^MAP\((.*)\)$/.exec(duck);
  if (map) {
    const [keyType, valueType] = splitTypes(map[1] as string) as [string, string];
    const entries = (value as { entries: { key: unknown; value: unknown }[] }).entries;
    return `{${entries.map((e) => `${athenaText(e.key, keyType)}=${athenaText(e.value, valueType) ?? 'null'}`).join(', ')}}`;
  }
  const struct = /^STRUCT\((.*)\)$/.exec(duck);
  if (struct) {
    const fields = structFields(struct[1] as string);
    if (fields.some(([name]) => name === '')) {
      throw notLocal('A row with unnamed fields as a value', 'name them: CAST(ROW(…) AS ROW(a bigint, b varchar))');
    }
    const entries = (value as { entries: Record<string, unknown> }).entries;
    return `{${fields.map(([name, type]) => `${name}=${athenaText(entries[name], type) ?? 'null'}`).join(', ')}}`;
  }
  switch (duck) {
    case 'BLOB':
      throw notLocal('A varbinary value in the result', 'print it with to_hex() or to_base64()');
    case 'DOUBLE':
      return javaDouble(value as number);
    case 'FLOAT':
      return javaFloat(value as number);
    case 'TIMESTAMP':
      return timestampText((value as { micros: bigint }).micros);
    case 'TIMESTAMP WITH TIME ZONE':
      return `${timestampText((value as { micros: bigint }).micros)} UTC`;
    case 'INTERVAL':
      return intervalText(value as { months: number; days: number; micros: bigint });
    default:
      return String(value);
  }
}

/** The value for JSON output: numbers and booleans as such, everything else as Athena's text. */
export function jsonValue(value: unknown, duck: string): unknown {
  if (value === null || value === undefined) return null;
  if (typeof value === 'boolean') return value;
  if (typeof value === 'bigint') {
    return value <= BigInt(Number.MAX_SAFE_INTEGER) && value >= BigInt(Number.MIN_SAFE_INTEGER)
      ? Number(value)
      : value.toString();
  }
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  return athenaText(value, duck);
}

function items(value: unknown): unknown[] {
  return (value as { items: unknown[] }).items;
}

function timestampText(micros: bigint): string {
  const millis = micros / 1000n - (micros % 1000n < 0n ? 1n : 0n);
  const iso = new Date(Number(millis)).toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, 23)}`;
}

/**
 * The Trino type of an INTERVAL column, which DuckDB does not tell apart: year to month when a value
 * holds months (a column of zero intervals reads as day to second).
 */
export function intervalType(values: readonly unknown[]): string {
  const months = values.some((v) => v !== null && v !== undefined && (v as { months: number }).months !== 0);
  return months ? 'interval year to month' : 'interval day to second';
}

function intervalText({ months, days, micros }: { months: number; days: number; micros: bigint }): string {
  // Trino has no interval of months and days together: one operand's type would have refused the other.
  if (months !== 0 && (days !== 0 || micros !== 0n))
    throw new SqlError('Cannot apply operator: interval year to month + interval day to second');
  if (months !== 0 && days === 0 && micros === 0n) {
    const sign = months < 0 ? '-' : '';
    return `${sign}${Math.floor(Math.abs(months) / 12)}-${Math.abs(months) % 12}`;
  }
  const total = BigInt(days) * 86_400_000_000n + micros;
  const negative = total < 0n;
  const abs = negative ? -total : total;
  const ms = abs / 1000n;
  const d = ms / 86_400_000n;
  const rest = ms % 86_400_000n;
  const pad = (n: bigint, width = 2) => n.toString().padStart(width, '0');
  const text = `${d} ${pad(rest / 3_600_000n)}:${pad((rest / 60_000n) % 60n)}:${pad((rest / 1000n) % 60n)}.${pad(rest % 1000n, 3)}`;
  return negative ? `-${text}` : text;
}

/** Java's `Double.toString`, which Athena uses for doubles: `3.0`, `0.1`, `1.0E10`, `1.0E-5`. */
export function javaDouble(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (!Number.isFinite(value)) return value > 0 ? 'Infinity' : '-Infinity';
  if (value === 0) return Object.is(value, -0) ? '-0.0' : '0.0';
  const abs = Math.abs(value);
  if (abs >= 1e-3 && abs < 1e7) {
    const plain = String(value);
    return plain.includes('.') ? plain : `${plain}.0`;
  }
  return scientific(value.toExponential());
}

function javaFloat(value: number): string {
  if (!Number.isFinite(value) || value === 0) return javaDouble(value);
  let digits = 1;
  while (digits < 9 && Math.fround(Number(value.toPrecision(digits))) !== value) digits++;
  const shortest = Number(value.toPrecision(digits));
  const abs = Math.abs(shortest);
  if (abs >= 1e-3 && abs < 1e7) return javaDouble(shortest);
  return scientific(shortest.toExponential());
}

function scientific(exponential: string): string {
  const [mantissa, exponent] = exponential.split('e') as [string, string];
  return `${mantissa.includes('.') ? mantissa : `${mantissa}.0`}E${exponent.replace('+', '')}`;
}
