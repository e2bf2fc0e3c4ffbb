import { ARRAY_DEFINITIONS } from './athena-array-macros.ts';
import { JSON_DEFINITIONS } from './athena-json-macros.ts';
import { MOMENT_DEFINITIONS } from './athena-moment-macros.ts';
import { NUMERIC_DEFINITIONS } from './athena-numeric-macros.ts';
import { TEXT_DEFINITIONS } from './athena-text-macros.ts';
import { URL_DEFINITIONS } from './athena-url-macros.ts';

/**
 * DuckDB macros that give Athena's (Trino's) results where DuckDB's own functions differ. Macros are
 * untyped (DuckDB cannot pick a typed overload for an aggregate's result), so each branch is written
 * to bind for every argument type and `typeof` picks the branch.
 *
 * An Athena error is raised by a failing cast of `ATHENA_ERROR: <message>` (DuckDB's `error()` is
 * volatile, which `try()` refuses); lake-sql turns DuckDB's conversion message back into `<message>`.
 */
export const ERROR_MARKER = 'ATHENA_ERROR: ';

const fail = (type: string) => `CAST(CAST('${ERROR_MARKER}' || msg AS INTEGER) AS ${type})`;
const isFloating = (x: string) => `typeof(${x}) IN ('DOUBLE', 'FLOAT')`;

/** Trino's type names for DuckDB's (rendered at bind time by `typeof`). */
const TYPE_NAMES: [string, string][] = [
  ['TINYINT', 'tinyint'],
  ['SMALLINT', 'smallint'],
  ['HUGEINT', 'bigint'],
  ['BIGINT', 'bigint'],
  ['INTEGER', 'integer'],
  ['DOUBLE', 'double'],
  ['FLOAT', 'real'],
  ['BOOLEAN', 'boolean'],
  ['DATE', 'date'],
  ['TIMESTAMP WITH TIME ZONE', 'timestamp(3) with time zone'],
  ['TIMESTAMP', 'timestamp(3)'],
  ['VARCHAR', 'varchar'],
  ['BLOB', 'varbinary'],
  ['INTERVAL', 'interval day to second'],
  ['JSON', 'json'],
];

const DEFINITIONS: readonly string[] = [
  `__athena_fail_int(msg) AS ${fail('INTEGER')}`,
  `__athena_fail_double(msg) AS ${fail('DOUBLE')}`,
  `__athena_fail_text(msg) AS ${fail('VARCHAR')}`,
  `__athena_fail_ts(msg) AS ${fail('TIMESTAMP')}`,
  `__athena_fail_bool(msg) AS ${fail('BOOLEAN')}`,

  `__athena_typeof(x) AS ${typeofExpression()}`,

  // Casts whose semantics differ: double to integer rounds half away from zero; a string must be an integer
  // as Long.parseLong reads one (a sign, digits, no spaces).
  ...['TINYINT', 'SMALLINT', 'INTEGER', 'BIGINT'].map(
    (t) => `__athena_cast_${t.toLowerCase()}(x) AS CASE
     WHEN ${isFloating('x')} THEN CAST(round(TRY_CAST(CAST(x AS VARCHAR) AS DOUBLE)) AS ${t})
     WHEN typeof(x) = 'VARCHAR' AND NOT regexp_full_match(CAST(x AS VARCHAR), '[+-]?[0-9]+')
       THEN CAST(__athena_fail_int('Cannot cast ''' || CAST(x AS VARCHAR) || ''' to ${t === 'INTEGER' ? 'INT' : t}') AS ${t})
     ELSE CAST(x AS ${t}) END`,
  ),
  // Java's Double.toString: DuckDB's shortest digits, in scientific notation outside 10^-3 ≤ |d| < 10^7.
  `__athena_sci_digits(digits, exponent) AS
     left(digits, 1) || '.' || CASE WHEN length(digits) > 1 THEN substr(digits, 2) ELSE '0' END || 'E' || CAST(exponent AS VARCHAR)`,
  `__athena_sci_text(s) AS CASE
     WHEN contains(s, 'e') THEN
       CASE WHEN contains(split_part(s, 'e', 1), '.') THEN split_part(s, 'e', 1) ELSE split_part(s, 'e', 1) || '.0' END
       || 'E' || CAST(CAST(split_part(s, 'e', 2) AS INTEGER) AS VARCHAR)
     ELSE __athena_sci_digits(
       CASE WHEN split_part(s, '.', 1) <> '0' THEN rtrim(split_part(s, '.', 1) || split_part(s, '.', 2), '0')
         ELSE rtrim(ltrim(split_part(s, '.', 2), '0'), '0') END,
       CASE WHEN split_part(s, '.', 1) <> '0' THEN length(split_part(s, '.', 1)) - 1
         ELSE -(length(split_part(s, '.', 2)) - length(ltrim(split_part(s, '.', 2), '0')) + 1) END) END`,
  `__athena_double_text(d) AS CASE
     WHEN isnan(d) THEN 'NaN'
     WHEN d = 'Infinity'::DOUBLE THEN 'Infinity'
     WHEN d = '-Infinity'::DOUBLE THEN '-Infinity'
     WHEN d = 0 OR (abs(d) >= 1e-3 AND abs(d) < 1e7) THEN CAST(d AS VARCHAR)
     ELSE CASE WHEN d < 0 THEN '-' ELSE '' END || __athena_sci_text(CAST(abs(d) AS VARCHAR)) END`,
  `__athena_cast_varchar(x) AS CASE
     WHEN ${isFloating('x')} THEN __athena_double_text(TRY_CAST(CAST(x AS VARCHAR) AS DOUBLE))
     WHEN typeof(x) = 'TIMESTAMP' THEN strftime(TRY_CAST(CAST(x AS VARCHAR) AS TIMESTAMP), '%Y-%m-%d %H:%M:%S.%g')
     WHEN typeof(x) = 'TIMESTAMP WITH TIME ZONE'
       THEN strftime(TRY_CAST(CAST(x AS VARCHAR) AS TIMESTAMPTZ), '%Y-%m-%d %H:%M:%S.%g UTC')
     -- Java's BigDecimal text: 0.5, not DuckDB's .5.
     WHEN typeof(x) LIKE 'DECIMAL(%' THEN regexp_replace(CAST(x AS VARCHAR), '^(-?)\\.', '\\10.')
     WHEN typeof(x) LIKE '%[]' OR typeof(x) LIKE 'MAP(%' OR typeof(x) LIKE 'STRUCT(%'
       THEN __athena_fail_text('Cannot cast ' || __athena_typeof(x) || ' to varchar')
     ELSE CAST(x AS VARCHAR) END`,
  `__athena_cast_date(x) AS CAST(x AS DATE)`,

  // ISO 8601 dates as Joda's dateElementParser reads them: 2020, 2020-05, 2020-05-11, 2020-W10, 2020-W10-1, 2020-123.
  `__athena_from_iso8601_date(s) AS CASE
     WHEN regexp_full_match(s, '\\d{4}') THEN CAST(s || '-01-01' AS DATE)
     WHEN regexp_full_match(s, '\\d{4}-\\d{2}') THEN CAST(s || '-01' AS DATE)
     WHEN regexp_full_match(s, '\\d{4}-\\d{2}-\\d{2}') THEN CAST(s AS DATE)
     WHEN regexp_full_match(s, '\\d{4}-W\\d{2}(-[1-7])?') THEN list_transform([make_date(CAST(left(s, 4) AS INTEGER), 1, 4)], jan4 ->
       CAST(jan4 - to_days(CAST(isodow(jan4) - 1 AS INTEGER)) + to_days(CAST(7 * (CAST(substr(s, 7, 2) AS INTEGER) - 1)
         + coalesce(CAST(nullif(substr(s, 10, 1), '') AS INTEGER), 1) - 1 AS INTEGER)) AS DATE))[1]
     WHEN regexp_full_match(s, '\\d{4}-\\d{3}') THEN CAST(make_date(CAST(left(s, 4) AS INTEGER), 1, 1) + to_days(CAST(substr(s, 6, 3) AS INTEGER) - 1) AS DATE)
     ELSE CAST(__athena_fail_ts('Invalid format: "' || s || '"') AS DATE) END`,
  `__athena_not_date(x, what) AS CASE WHEN typeof(x) = 'DATE' THEN __athena_fail_ts(what) ELSE x END`,

  // Dates and times. Athena's session zone is UTC; from_unixtime keeps milliseconds.
  `__athena_from_unixtime(x) AS CAST(epoch_ms(CAST(round(CAST(x AS DOUBLE) * 1000) AS BIGINT)) AS TIMESTAMPTZ)`,
  `__athena_to_unixtime(x) AS epoch(x)`,
  `__athena_from_iso8601_timestamp(s) AS CASE
     WHEN regexp_matches(s, 'T[0-9:.,]*([+-][0-9]{2}(:?[0-9]{2})?|[A-Za-z_/]{2,})$') AND NOT regexp_matches(s, '([+-]00(:?00)?|UTC)$')
       THEN CAST(__athena_fail_ts('a timestamp with a time zone other than UTC is an Athena construct the local engine does not have') AS TIMESTAMPTZ)
     ELSE CAST(s AS TIMESTAMPTZ) END`,
  `__athena_to_iso8601(x) AS CASE typeof(x)
     WHEN 'DATE' THEN strftime(TRY_CAST(CAST(x AS VARCHAR) AS DATE), '%Y-%m-%d')
     WHEN 'TIMESTAMP WITH TIME ZONE' THEN strftime(TRY_CAST(CAST(x AS VARCHAR) AS TIMESTAMPTZ), '%Y-%m-%dT%H:%M:%S.%gZ')
     ELSE strftime(TRY_CAST(CAST(x AS VARCHAR) AS TIMESTAMP), '%Y-%m-%dT%H:%M:%S.%g') END`,

  // approx_percentile: on the sorted values, Trino's t-digest answers the value at rank floor(p * n)
  // while every value is its own centroid (small inputs); larger ones are approximate anyway.
  `__athena_percentile_at(s, p) AS CASE
     WHEN p < 0 OR p > 1 THEN CAST(__athena_fail_int('Percentile must be between 0 and 1') AS BIGINT)
     WHEN len(s) = 0 THEN NULL
     ELSE s[least(CAST(floor(p * len(s)) AS BIGINT), len(s) - 1) + 1] END`,
  `__athena_percentile(vs, p) AS __athena_percentile_at(list_sort(list_filter(vs, v -> v IS NOT NULL)), p)`,
  `__athena_percentiles(vs, ps) AS CASE WHEN len(list_filter(vs, v -> v IS NOT NULL)) = 0 THEN NULL ELSE
     list_transform(ps, p -> __athena_percentile_at(list_sort(list_filter(vs, v -> v IS NOT NULL)), p)) END`,

  // width_bucket (MathFunctions.widthBucket): bucket of x in [min, max) counted from bound1, its
  // descending form as (n - bucket + 1) of the ascending one, in double arithmetic.
  `__athena_width_bucket(x, b1, b2, n) AS list_transform([struct_pack(x := CAST(x AS DOUBLE), b1 := CAST(b1 AS DOUBLE),
       b2 := CAST(b2 AS DOUBLE), n := CAST(n AS BIGINT))], w -> CASE
     WHEN w.n <= 0 THEN CAST(__athena_fail_int('bucketCount must be greater than 0') AS BIGINT)
     WHEN isnan(w.x) THEN CAST(__athena_fail_int('operand must not be NaN') AS BIGINT)
     WHEN NOT isfinite(w.b1) THEN CAST(__athena_fail_int('first bound must be finite') AS BIGINT)
     WHEN NOT isfinite(w.b2) THEN CAST(__athena_fail_int('second bound must be finite') AS BIGINT)
     WHEN w.b1 = w.b2 THEN CAST(__athena_fail_int('bounds cannot equal each other') AS BIGINT)
     ELSE list_transform([CASE
         WHEN w.x < least(w.b1, w.b2) THEN 0
         WHEN w.x >= greatest(w.b1, w.b2) THEN w.n + 1
         ELSE CAST(trunc(CAST(w.n AS DOUBLE) * (w.x - least(w.b1, w.b2)) / (greatest(w.b1, w.b2) - least(w.b1, w.b2)) + 1) AS BIGINT) END],
       r -> CASE WHEN w.b1 > w.b2 THEN w.n - r + 1 ELSE r END)[1] END)[1]`,

  // Arrays and maps
  `__athena_cardinality(x) AS CAST(CASE WHEN json_type(to_json(x)) = 'OBJECT' THEN len(json_keys(to_json(x)))
     ELSE json_array_length(to_json(x)) END AS BIGINT)`,
  `__athena_element_at(x, k) AS (x)[CASE WHEN typeof(x) LIKE '%[]' AND TRY_CAST(k AS BIGINT) = 0
     THEN cast_to_type(__athena_fail_int('SQL array indices start at 1'), k) ELSE k END]`,
  // x[k] fails where element_at answers NULL: an array index out of range, a key not in the map.
  // ([k])[failure] has k's type, so the failing branch fits an index of any type.
  `__athena_subscript(x, k) AS (x)[CASE
     WHEN (x)[k] IS NULL AND CASE WHEN json_type(to_json(x)) = 'ARRAY'
         THEN coalesce(TRY_CAST(k AS BIGINT) NOT BETWEEN 1 AND json_array_length(to_json(x)), false)
         ELSE NOT contains(json_keys(to_json(x)), CAST(k AS VARCHAR)) END
       THEN ([k])[__athena_fail_int(CASE WHEN json_type(to_json(x)) = 'ARRAY'
         THEN 'Array subscript must be less than or equal to array length: ' || CAST(k AS VARCHAR) || ' > ' || CAST(json_array_length(to_json(x)) AS VARCHAR)
         ELSE 'Key not present in map: ' || CAST(k AS VARCHAR) END)]
     ELSE k END]`,
  // Elements as CAST(… AS varchar) writes them (1.0E10, timestamps with milliseconds).
  `__athena_array_join(a, d) AS array_to_string(list_transform(a, x -> __athena_cast_varchar(x)), d)`,
  `__athena_array_join(a, d, r) AS array_to_string(list_transform(a, x -> coalesce(__athena_cast_varchar(x), r)), d)`,
  // First occurrences in order, one NULL kept (DuckDB's list_distinct reorders and drops NULL).
  `__athena_array_distinct(a) AS list_filter(a, (x, i) ->
     i = coalesce(list_position(a, x), list_position(list_transform(a, y -> y IS NULL), true)))`,
  '__athena_array_union(a, b) AS __athena_array_distinct(list_concat(a, b))',
  // NULL is an element like any other (IS DISTINCT FROM): it stays unless b holds one too.
  `__athena_array_except(a, b) AS __athena_array_distinct(list_filter(a, x ->
     CASE WHEN x IS NULL THEN list_count(b) = len(b) ELSE NOT list_contains(b, x) END))`,
  // The longer array's distinct elements (the first when as long) that the other holds, in its order.
  `__athena_array_intersect(a, b) AS list_transform([CASE WHEN len(a) < len(b) THEN [b, a] ELSE [a, b] END], p ->
     __athena_array_distinct(list_filter(p[1], x ->
       CASE WHEN x IS NULL THEN list_count(p[2]) < len(p[2]) ELSE list_contains(p[2], x) END)))[1]`,
  `__athena_slice(a, s, n) AS CASE
     WHEN s = 0 THEN CAST(__athena_fail_int('SQL array indices start at 1') AS INTEGER[])
     WHEN n < 0 THEN CAST(__athena_fail_int('length must be greater than or equal to 0') AS INTEGER[])
     WHEN s > 0 THEN list_slice(a, s, s + n - 1)
     ELSE list_slice(a, len(a) + s + 1, len(a) + s + n) END`,
  // contains_sequence(x, seq): seq appears in x as consecutive elements.
  `__athena_contains_sequence(x, seq) AS len(seq) = 0
     OR len(list_filter(range(1, len(x) - len(seq) + 2), i -> x[i:i + len(seq) - 1] = seq)) > 0`,
  `__athena_map_union(ms) AS list_transform([flatten(list_transform(list_filter(ms, m -> m IS NOT NULL), m -> map_entries(m)))], es ->
     CASE WHEN len(es) = 0 AND len(list_filter(ms, m -> m IS NOT NULL)) = 0 THEN NULL ELSE
       map_from_entries(list_filter(es, (e, i) -> list_position(list_transform(es, f -> f.key), e.key) = i)) END)[1]`,
  // listagg takes varchar only; its output is capped at 1 MiB (ON OVERFLOW ERROR, the default).
  `__athena_listagg_value(x) AS CASE WHEN typeof(x) IN ('VARCHAR', '"NULL"') THEN CAST(x AS VARCHAR)
     ELSE __athena_fail_text('Unexpected parameters (' || __athena_typeof(x) || ', varchar) for function listagg. Expected: listagg(varchar, varchar)') END`,
  `__athena_listagg(s) AS CASE WHEN octet_length(encode(s)) > 1048576
     THEN __athena_fail_text('Concatenated string has the length in bytes larger than the maximum output length 1048576')
     ELSE s END`,
];

/** `CREATE MACRO` bodies, in dependency order; overloads by arity go in one statement. */
export const MACROS: readonly string[] = mergeOverloads([
  ...DEFINITIONS,
  ...NUMERIC_DEFINITIONS,
  ...TEXT_DEFINITIONS,
  ...JSON_DEFINITIONS,
  ...URL_DEFINITIONS,
  ...ARRAY_DEFINITIONS,
  ...MOMENT_DEFINITIONS,
]);

function mergeOverloads(definitions: readonly string[]): string[] {
  const merged = new Map<string, string>();
  for (const definition of definitions) {
    const name = definition.slice(0, definition.indexOf('('));
    const existing = merged.get(name);
    merged.set(name, existing === undefined ? definition : `${existing}, ${definition.slice(name.length)}`);
  }
  return [...merged.values()];
}

/** `typeof` in Trino's spelling: nested types are rewritten from DuckDB's (`BIGINT[]`, `MAP(A, B)`). */
function typeofExpression(): string {
  // DuckDB names the type of NULL "NULL", quotes included.
  let expression = `replace(typeof(x), '"NULL"', 'unknown')`;
  expression = `regexp_replace(${expression}, '^DECIMAL', 'decimal')`;
  for (const [duck, trino] of TYPE_NAMES) {
    expression = `regexp_replace(${expression}, '\\b${duck}\\b', '${trino}', 'g')`;
  }
  // BIGINT[][] → array(array(bigint)); MAP(K, V) → map(k, v); STRUCT(a T) → row(a t).
  for (let depth = 0; depth < 3; depth++) {
    expression = `regexp_replace(${expression}, '([a-z0-9(), ]+?)\\[\\]', 'array(\\1)', 'g')`;
  }
  expression = `replace(replace(${expression}, 'MAP(', 'map('), 'STRUCT(', 'row(')`;
  return expression;
}
