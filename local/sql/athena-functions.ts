import { extreme, remainder, rounding, typedAverage, typedSum } from './athena-arithmetic.ts';
import { concatOperator } from './athena-concat.ts';
import { checkGroup, re2Replacement } from './athena-regexp.ts';
import { template, typeSwitch, withOperands } from './athena-switch.ts';
import { jodaToStrftime, mysqlToStrftime, mysqlToStrptime } from './datetime-formats.ts';
import { notAthena, notLocal, SqlError } from './sql-error.ts';

/** Marks where an aggregate's FILTER and OVER clauses go inside a rewrite that wraps it. */
export const AGGREGATE_END = '\u0001';

/** A call as the translator saw it: translated arguments, and the string literal each one is, if any. */
export interface Call {
  readonly name: string;
  readonly args: readonly string[];
  /** The value of each argument that is a plain string literal. */
  readonly literals: readonly (string | undefined)[];
  /** Whether each argument was written as `ARRAY[...]`. */
  readonly arrays: readonly boolean[];
  /** `DISTINCT ` or `ALL ` when the aggregate's arguments began with it. */
  readonly quantifier: string;
  /** The translated `ORDER BY …` of `WITHIN GROUP (ORDER BY …)` (listagg). */
  readonly orderBy?: string;
}

/** How one Athena function runs locally: a DuckDB expression built from the translated call. */
type Rewrite = (call: Call) => string;

const same: Rewrite = (c) => `${c.name}(${c.quantifier}${c.args.join(', ')})`;
const as =
  (duck: string): Rewrite =>
  (c) =>
    `${duck}(${c.quantifier}${c.args.join(', ')})`;
const macro: Rewrite = (c) => `__athena_${c.name}(${c.args.join(', ')})`;
const arity =
  (counts: number[], rewrite: Rewrite): Rewrite =>
  (c) => {
    if (!counts.includes(c.args.length)) {
      throw new SqlError(`${c.name}() takes ${counts.join(' or ')} arguments, got ${c.args.length}`);
    }
    return rewrite(c);
  };
/** Wraps an integer aggregate (DuckDB: HUGEINT) so that the result is Trino's bigint. */
const bigint =
  (rewrite: Rewrite): Rewrite =>
  (c) =>
    `CAST(${rewrite(c)}${AGGREGATE_END} AS BIGINT)`;

function literal(c: Call, index: number, what: string): string {
  const value = c.literals[index];
  if (value === undefined) throw notLocal(`${c.name}() with a ${what} that is not a string literal`);
  return value;
}

const quote = (text: string) => `'${text.replaceAll("'", "''")}'`;

const UNITS = ['millisecond', 'second', 'minute', 'hour', 'day', 'week', 'month', 'quarter', 'year'];
function unit(c: Call, index = 0): string {
  const value = literal(c, index, 'unit').toLowerCase();
  if (!UNITS.includes(value)) throw new SqlError(`${c.name}: '${value}' is not a valid unit (${UNITS.join(', ')})`);
  return value;
}

/** `date_trunc`: DuckDB's `time_bucket` keeps the input type (date stays date), as Trino does. */
const dateTrunc: Rewrite = (c) => {
  const u = unit(c);
  const width = u === 'quarter' ? '3 month' : `1 ${u}`;
  const input = ['millisecond', 'second', 'minute', 'hour'].includes(u)
    ? `__athena_not_date(${c.args[1]}, ${quote(`'${u}' is not a valid DATE field`)})`
    : c.args[1];
  return `time_bucket(INTERVAL '${width}', ${input})`;
};

/** date_add: a date stays a date (DuckDB's date + interval is a timestamp), for date units only. */
const dateAdd: Rewrite = (c) => {
  const u = unit(c);
  const amount = c.args[1];
  const interval = u === 'quarter' ? `to_months(3 * (${amount}))` : `to_${u}s(CAST(${amount} AS BIGINT))`;
  const dateUnit = ['day', 'week', 'month', 'quarter', 'year'].includes(u);
  return withOperands([c.args[2] as string], (base) =>
    typeSwitch(`CASE WHEN typeof(${base}) = 'DATE' THEN 'd' ELSE 'o' END`, {
      d: dateUnit
        ? `CAST(${base} + ${interval} AS DATE)`
        : `CAST(__athena_fail_ts(${quote(`'${u}' is not a valid DATE field`)}) AS DATE)`,
      o: `(${base} + ${interval})`,
    }),
  );
};

/** Trino's date_diff counts whole units elapsed (Joda), as DuckDB's date_sub does; date_diff counts boundaries. */
const dateDiff: Rewrite = (c) => `date_sub('${unit(c)}', ${c.args[1]}, ${c.args[2]})`;

const dateFormat: Rewrite = (c) => `strftime(${c.args[0]}, ${quote(mysqlToStrftime(literal(c, 1, 'format')))})`;
const dateParse: Rewrite = (c) =>
  `CAST(strptime(${c.args[0]}, ${quote(mysqlToStrptime(literal(c, 1, 'format')))}) AS TIMESTAMP)`;
const formatDatetime: Rewrite = (c) => `strftime(${c.args[0]}, ${quote(jodaToStrftime(literal(c, 1, 'format')))})`;

const approxPercentile: Rewrite = (c) => {
  if (c.args.length !== 2) throw notLocal(`approx_percentile() with ${c.args.length} arguments (weights, accuracy)`);
  const fn = c.arrays[1] ? '__athena_percentiles' : '__athena_percentile';
  return `${fn}(list(${c.args[0]})${AGGREGATE_END}, ${c.args[1]})`;
};

const reduce: Rewrite = (c) => {
  const [array, initial, step, output] = c.args;
  return `list_transform([list_reduce(${array}, ${step}, ${initial})], ${output})[1]`;
};

/** The (x, y) pairs of a two-argument statistical aggregate, Trino's (y, x): the dependent value first. */
const pairs = (c: Call) =>
  `list(${c.quantifier}struct_pack(x := CAST(${c.args[1]} AS DOUBLE), y := CAST(${c.args[0]} AS DOUBLE)))${AGGREGATE_END}`;

/** random() is a double in [0, 1); random(n) an integer of n's type in [0, n). */
const randomInteger: Rewrite = (c) =>
  c.args.length === 0
    ? 'random()'
    : `cast_to_type(CASE WHEN ${c.args[0]} <= 0 THEN __athena_fail_int('bound must be positive') ELSE floor(random() * ${c.args[0]}) END, ${c.args[0]})`;

/** regexp_extract and regexp_extract_all: a group the pattern does not have fails, as in Trino. */
const regexpExtract: Rewrite = (c) => {
  checkGroup(c.literals[1], c.args[2]);
  return macro(c);
};

/**
 * A JSON path literal in DuckDB's words: Trino's bracketed member `$["a b"]` is DuckDB's `$."a b"`.
 */
const jsonPath: Rewrite = (c) => {
  const path = c.literals[1];
  if (path === undefined) return macro(c);
  const duckPath = path.replace(/\[\s*"((?:[^"\\]|\\.)*)"\s*\]/g, '."$1"');
  return `__athena_${c.name}(${c.args[0]}, ${quote(duckPath)})`;
};

const byN = (c: Call, extreme: 'max' | 'min') =>
  c.args.length === 2
    ? `arg_${extreme}_null(${c.quantifier}${c.args.join(', ')})`
    : `__athena_${extreme}_by_n(list(${c.quantifier}struct_pack(y := ${c.args[1]}, x := ${c.args[0]}))${AGGREGATE_END}, ${c.args[2]})`;

const regexp: (duck: string) => Rewrite = (duck) => (c) => `${duck}(${c.args.join(', ')})`;

/**
 * Athena (engine v3, Trino) functions that run locally, by lower-case name. Each one either is DuckDB's
 * function of the same meaning or is rewritten to an expression with Trino's result (macros in
 * athena-macros.ts hold the longer ones).
 */
export const FUNCTIONS: Record<string, Rewrite> = {
  // Aggregates
  count: same,
  count_if: bigint(as('count_if')),
  sum: (c) => typedSum(`sum(${c.quantifier}${c.args.join(', ')})${AGGREGATE_END}`, `min(${c.args[0]})${AGGREGATE_END}`),
  avg: arity([1], (c) =>
    typedAverage((fn) => `${fn}(${fn === 'min' ? '' : c.quantifier}${c.args[0]})${AGGREGATE_END}`),
  ),
  // max(x, n) and min(x, n): the n largest (smallest) values, as DuckDB's overloads answer them.
  min: arity([1, 2], same),
  max: arity([1, 2], same),
  arbitrary: as('any_value'),
  any_value: as('any_value'),
  // max_by/min_by: x of the row with the largest (smallest) y even where x is NULL (DuckDB's arg_max skips
  // such rows; arg_max_null does not); with n, the n values of x in order of y.
  max_by: arity([2, 3], (c) => byN(c, 'max')),
  min_by: arity([2, 3], (c) => byN(c, 'min')),
  bool_and: same,
  bool_or: same,
  every: as('bool_and'),
  array_agg: same,
  // histogram counts are bigint (DuckDB's UBIGINT); NULLs are not counted.
  histogram: arity(
    [1],
    (c) =>
      `map_from_entries(list_transform(map_entries(histogram(${c.args[0]})${AGGREGATE_END}), e -> struct_pack(k := e.key, v := CAST(e.value AS BIGINT))))`,
  ),
  // map_union: every key once; for a key in several maps Trino takes the value of an arbitrary one (here the first).
  map_union: arity([1], (c) => `__athena_map_union(list(${c.args[0]})${AGGREGATE_END})`),
  listagg: (c) => {
    if (c.orderBy === undefined) throw new SqlError('listagg() needs WITHIN GROUP (ORDER BY ...)');
    const [value, separator = "''"] = c.args;
    return `__athena_listagg(string_agg(${c.quantifier}__athena_listagg_value(${value}), ${separator} ${c.orderBy})${AGGREGATE_END})`;
  },
  // map_agg: a row with a NULL key is skipped, a repeated key keeps its first value (KeyValuePairs).
  map_agg: arity(
    [2],
    (c) => `__athena_map_agg(list(struct_pack(k := ${c.args[0]}, v := ${c.args[1]}))${AGGREGATE_END})`,
  ),
  approx_distinct: (c) => `count(DISTINCT ${c.args[0]})`,
  approx_percentile: approxPercentile,
  stddev: as('stddev_samp'),
  stddev_samp: same,
  stddev_pop: same,
  variance: as('var_samp'),
  var_samp: same,
  var_pop: same,
  // corr, regr_slope, regr_intercept (y, x), skewness, kurtosis: Trino's arithmetic (athena-moment-macros.ts).
  corr: arity([2], (c) => `__athena_corr(${pairs(c)})`),
  regr_slope: arity([2], (c) => `__athena_regr_slope(${pairs(c)})`),
  regr_intercept: arity([2], (c) => `__athena_regr_intercept(${pairs(c)})`),
  skewness: arity([1], (c) => `__athena_skewness(list(${c.quantifier}CAST(${c.args[0]} AS DOUBLE))${AGGREGATE_END})`),
  kurtosis: arity([1], (c) => `__athena_kurtosis(list(${c.quantifier}CAST(${c.args[0]} AS DOUBLE))${AGGREGATE_END})`),
  bitwise_and_agg: arity([1], (c) => `CAST(bit_and(CAST(${c.args[0]} AS BIGINT))${AGGREGATE_END} AS BIGINT)`),
  bitwise_or_agg: arity([1], (c) => `CAST(bit_or(CAST(${c.args[0]} AS BIGINT))${AGGREGATE_END} AS BIGINT)`),
  bitwise_xor_agg: arity([1], (c) => `CAST(bit_xor(CAST(${c.args[0]} AS BIGINT))${AGGREGATE_END} AS BIGINT)`),
  covar_samp: same,
  covar_pop: same,
  geometric_mean: same,
  checksum: (c) => {
    throw notLocal(`${c.name}()`);
  },
  // Window functions
  row_number: same,
  rank: same,
  dense_rank: same,
  percent_rank: same,
  cume_dist: same,
  ntile: same,
  lag: same,
  lead: same,
  first_value: same,
  last_value: same,
  nth_value: same,
  grouping: same,
  // Conditional
  if: (c) => `CASE WHEN ${c.args[0]} THEN ${c.args[1]} ELSE ${c.args[2] ?? 'NULL'} END`,
  coalesce: same,
  nullif: same,
  greatest: (c) => extreme('greatest', c.args),
  least: (c) => extreme('least', c.args),
  // Math
  abs: same,
  ceil: arity([1], (c) => rounding('ceiling', c.args[0] as string)),
  ceiling: arity([1], (c) => rounding('ceiling', c.args[0] as string)),
  floor: arity([1], (c) => rounding('floor', c.args[0] as string)),
  round: arity([1, 2], (c) => rounding('round', c.args[0] as string, c.args[1])),
  truncate: (c) => {
    if (c.args.length !== 1) throw notLocal('truncate(x, d)');
    return rounding('truncate', c.args[0] as string);
  },
  sign: arity([1], (c) => rounding('sign', c.args[0] as string)),
  sqrt: arity([1], macro),
  cbrt: arity([1], macro),
  exp: same,
  ln: arity([1], macro),
  log2: arity([1], macro),
  log10: arity([1], macro),
  log: arity([2], (c) => `(__athena_ln(${c.args[1]}) / __athena_ln(${c.args[0]}))`),
  power: as('pow'),
  pow: same,
  mod: arity([2], (c) => remainder(c.args[0] as string, c.args[1] as string)),
  pi: same,
  e: (c) => arity([0], () => 'exp(1)')(c),
  infinity: () => "'Infinity'::DOUBLE",
  nan: () => "'NaN'::DOUBLE",
  is_nan: as('isnan'),
  is_finite: as('isfinite'),
  is_infinite: as('isinf'),
  random: arity([0, 1], randomInteger),
  rand: arity([0, 1], randomInteger),
  radians: same,
  degrees: same,
  sin: same,
  cos: same,
  tan: same,
  asin: same,
  acos: same,
  atan: same,
  atan2: same,
  width_bucket: (c) => {
    if (c.args.length !== 4) throw notLocal('width_bucket(x, bins)');
    return `__athena_width_bucket(${c.args.join(', ')})`;
  },
  // Strings
  length: same,
  lower: same,
  upper: same,
  trim: arity([1, 2], (c) => (c.args.length === 1 ? macro(c) : same(c))),
  ltrim: arity([1, 2], (c) => (c.args.length === 1 ? macro(c) : same(c))),
  rtrim: arity([1, 2], (c) => (c.args.length === 1 ? macro(c) : same(c))),
  lpad: arity([3], (c) => `__athena_pad(${c.args.join(', ')}, true)`),
  rpad: arity([3], (c) => `__athena_pad(${c.args.join(', ')}, false)`),
  translate: arity([3], same),
  concat: (c) => {
    if (c.args.length < 2) throw new SqlError('There must be two or more concatenation arguments');
    // As the || operator: strings, or arrays and their elements.
    return c.args.slice(1).reduce((joined, next) => concatOperator(joined, next), c.args[0] as string);
  },
  concat_ws: concatWs,
  replace: arity([2, 3], (c) => `__athena_replace(${c.args[0]}, ${c.args[1]}, ${c.args[2] ?? "''"})`),
  reverse: arity([1], (c) =>
    withOperands(c.args, (v) =>
      // Each branch binds for the other's type: a string is no list, a list goes through text.
      typeSwitch(`CASE WHEN typeof(${v}) LIKE '%[]' THEN 'l' ELSE 'o' END`, {
        l: `list_reverse(cast_to_type(${v}, ${template(`CASE WHEN typeof(${v}) LIKE '%[]' THEN '"' || typeof(${v}) || '"' ELSE '"VARCHAR[]"' END`)}))`,
        o: `reverse(CAST(${v} AS VARCHAR))`,
      }),
    ),
  ),
  strpos: arity([2, 3], (c) => (c.args.length === 2 ? same(c) : `__athena_strpos(${c.args.join(', ')})`)),
  position: same,
  substr: macro,
  substring: (c) => macro({ ...c, name: 'substr' }),
  split: arity([2, 3], as('__athena_split')),
  split_part: arity([3], macro),
  split_to_map: arity([3], macro),
  starts_with: same,
  chr: same,
  codepoint: arity([1], macro),
  levenshtein_distance: as('levenshtein'),
  hamming_distance: as('hamming'),
  // Regular expressions (DuckDB uses RE2, Trino Joni by default: the same for ordinary patterns)
  regexp_like: regexp('regexp_matches'),
  regexp_extract: arity([2, 3], regexpExtract),
  regexp_extract_all: arity([2, 3], regexpExtract),
  regexp_replace: (c) => `regexp_replace(${c.args[0]}, ${c.args[1]}, ${trinoReplacement(c)}, 'g')`,
  regexp_split: as('regexp_split_to_array'),
  regexp_count: (c) => `len(regexp_extract_all(${c.args.join(', ')}))`,
  // Dates and times
  from_unixtime: arity([1], macro),
  to_unixtime: macro,
  from_iso8601_timestamp: macro,
  from_iso8601_date: arity([1], macro),
  parse_datetime: arity([2], (c) => {
    const pattern = literal(c, 1, 'format');
    if (/[zZ]/.test(pattern.replace(/'[^']*'/g, '')))
      throw notLocal('parse_datetime() with a time zone in the pattern');
    return `CAST(strptime(${c.args[0]}, ${quote(jodaToStrftime(pattern))}) AS TIMESTAMPTZ)`;
  }),
  to_iso8601: macro,
  date_trunc: arity([2], dateTrunc),
  date_add: arity([3], dateAdd),
  date_diff: arity([3], dateDiff),
  date_format: arity([2], dateFormat),
  date_parse: arity([2], dateParse),
  format_datetime: arity([2], formatDatetime),
  date: (c) => `__athena_cast_date(${c.args[0]})`,
  year: bigint(same),
  quarter: bigint(same),
  month: bigint(same),
  week: bigint(as('weekofyear')),
  week_of_year: bigint(as('weekofyear')),
  year_of_week: bigint(as('isoyear')),
  yow: bigint(as('isoyear')),
  day: bigint(same),
  day_of_month: bigint(as('day')),
  day_of_week: bigint(as('isodow')),
  dow: bigint(as('isodow')),
  day_of_year: bigint(as('dayofyear')),
  doy: bigint(as('dayofyear')),
  hour: bigint(same),
  minute: bigint(same),
  second: bigint(same),
  millisecond: (c) => `CAST(millisecond(${c.args[0]}) % 1000 AS BIGINT)`,
  last_day_of_month: as('last_day'),
  current_timezone: () => "'UTC'",
  now: () => 'CAST(current_timestamp AS TIMESTAMPTZ)',
  human_readable_seconds: arity([1], macro),
  parse_duration: arity([1], macro),
  to_milliseconds: (c) => `CAST(epoch_ms(${c.args[0]}) AS BIGINT)`,
  // Arrays
  cardinality: (c) => `__athena_cardinality(${c.args[0]})`,
  element_at: macro,
  contains: arity([2], macro),
  array_contains: (c) => `list_contains(${c.args.join(', ')})`,
  array_join: macro,
  array_distinct: macro,
  array_max: arity([1], macro),
  array_min: arity([1], macro),
  array_position: arity([2], macro),
  array_remove: arity([2], macro),
  array_sort: (c) => {
    if (c.args.length !== 1) throw notLocal('array_sort() with a comparator');
    return `list_sort(${c.args[0]})`;
  },
  array_union: macro,
  array_except: macro,
  array_intersect: arity([2], macro),
  arrays_overlap: arity([2], macro),
  repeat: arity([2], macro),
  trim_array: arity([2], macro),
  ngrams: arity([2], macro),
  zip_with: arity([3], zipWith),
  contains_sequence: arity([2], macro),
  concat_arrays: as('list_concat'),
  flatten: same,
  sequence: arity([2, 3], sequence),
  slice: macro,
  transform: as('list_transform'),
  filter: as('list_filter'),
  reduce: arity([4], reduce),
  any_match: arity([2], (c) => `__athena_any_match(list_transform(${c.args.join(', ')}))`),
  all_match: arity([2], (c) => `__athena_all_match(list_transform(${c.args.join(', ')}))`),
  none_match: arity([2], (c) => `__athena_none_match(list_transform(${c.args.join(', ')}))`),
  // Maps
  map: (c) => (c.args.length === 0 ? 'MAP {}' : `map(${c.args.join(', ')})`),
  map_filter: arity([2], mapLambda),
  transform_values: arity([2], mapLambda),
  transform_keys: arity([2], mapLambda),
  map_keys: same,
  map_values: same,
  map_from_entries: same,
  map_entries: same,
  map_concat: same,
  // varbinary (functions/binary.md): DuckDB's BLOB; its hashes answer hex text, Trino's the bytes.
  to_utf8: arity([1], as('encode')),
  from_utf8: arity([1], as('decode')),
  to_hex: arity([1], macro),
  from_hex: arity([1], as('unhex')),
  to_base64: arity([1], macro),
  from_base64: arity([1], same),
  md5: arity([1], (c) => `unhex(md5(__athena_binary(${c.args[0]}, 'md5')))`),
  sha1: arity([1], (c) => `unhex(sha1(__athena_binary(${c.args[0]}, 'sha1')))`),
  sha256: arity([1], (c) => `unhex(sha256(__athena_binary(${c.args[0]}, 'sha256')))`),
  // URLs (UrlFunctions.java)
  url_extract_protocol: arity([1], (c) => urlPart(c, 'scheme')),
  url_extract_host: arity([1], (c) => urlPart(c, 'host')),
  url_extract_port: arity([1], (c) => `CAST((__athena_url_parts(${c.args[0]})).port AS BIGINT)`),
  url_extract_path: arity([1], (c) => urlPart(c, 'path', true)),
  url_extract_query: arity([1], (c) => urlPart(c, 'raw_query', true)),
  url_extract_fragment: arity([1], (c) => urlPart(c, 'fragment', true)),
  url_extract_parameter: arity([2], (c) => `CAST(__athena_url_parameter(${c.args.join(', ')}) AS VARCHAR)`),
  url_encode: arity([1], macro),
  url_decode: arity([1], macro),
  // JSON
  json_extract_scalar: arity([2], jsonPath),
  json_extract: arity([2], jsonPath),
  json_array_contains: arity([2], macro),
  json_array_length: macro,
  json_parse: (c) => `json(${c.args[0]})`,
  is_json_scalar: (c) => `(json_type(${c.args[0]}) NOT IN ('OBJECT', 'ARRAY'))`,
  json_format: arity([1], (c) => `CAST(CAST(${c.args[0]} AS JSON) AS VARCHAR)`),
  json_size: arity([2], jsonPath),
  // Types
  typeof: (c) => `__athena_typeof(${c.args[0]})`,
};

/** Aggregate functions: inside `try()` they are computed outside DuckDB's TRY (athena-try.ts). */
export const AGGREGATES = new Set([
  'count',
  'count_if',
  'sum',
  'avg',
  'min',
  'max',
  'arbitrary',
  'any_value',
  'max_by',
  'min_by',
  'bool_and',
  'bool_or',
  'every',
  'array_agg',
  'map_agg',
  'approx_distinct',
  'approx_percentile',
  'stddev',
  'stddev_samp',
  'stddev_pop',
  'variance',
  'var_samp',
  'var_pop',
  'corr',
  'covar_samp',
  'covar_pop',
  'regr_slope',
  'regr_intercept',
  'skewness',
  'kurtosis',
  'bitwise_and_agg',
  'bitwise_or_agg',
  'bitwise_xor_agg',
  'geometric_mean',
  'checksum',
  'grouping',
  'histogram',
  'map_union',
  'listagg',
]);

/** A part of a URL (UrlFunctions: Java's null is ''; path, query and fragment percent-decoded). */
function urlPart(c: Call, part: string, decoded = false): string {
  const value = `(__athena_url_parts(${c.args[0]})).${part}`;
  const text = decoded ? `url_decode(coalesce(${value}, ''))` : value;
  return `CAST(CASE WHEN __athena_url_parts(${c.args[0]}) IS NOT NULL THEN ${text} END AS VARCHAR)`;
}

/**
 * sequence of integers (bigint), of dates (dates) or timestamps, by a step or by 1 (a day). Each branch
 * binds for the other's arguments too (they go through text), though only one runs.
 */
function sequence(c: Call): string {
  return withOperands(c.args, (start, stop, step) => {
    const as = (value: string, type: string) => `CAST(CAST(${value} AS VARCHAR) AS ${type})`;
    const [from, to] = [as(start as string, 'TIMESTAMP'), as(stop as string, 'TIMESTAMP')];
    const days = `CASE WHEN ${from} <= ${to} THEN INTERVAL '1 day' ELSE INTERVAL '-1 day' END`;
    return typeSwitch(
      `CASE WHEN typeof(${start}) IN ('DATE', 'TIMESTAMP', 'TIMESTAMP WITH TIME ZONE') THEN 'd' ELSE 'i' END`,
      {
        i: `__athena_sequence(${[start, stop, step]
          .filter((a) => a !== undefined)
          .map((a) => as(a as string, 'BIGINT'))
          .join(', ')})`,
        d: `cast_to_type(__athena_sequence_temporal(${from}, ${to}, ${step === undefined ? days : as(step, 'INTERVAL')}), [${start}])`,
      },
    );
  });
}

/** The parameters and body of a translated two-parameter lambda, `(x, y) -> body`. */
function twoParameters(c: Call, index: number): [string, string, string] {
  const lambda = /^\(\s*([A-Za-z_]\w*)\s*,\s*([A-Za-z_]\w*)\s*\)\s*->\s*([\s\S]+)$/.exec(c.args[index] as string);
  if (lambda === null) throw new SqlError(`${c.name}() needs a lambda of two parameters, (x, y) -> ...`);
  return [lambda[1] as string, lambda[2] as string, lambda[3] as string];
}

/** `body` with x and y bound to the values a and b, by one-element lambdas (DuckDB's take one parameter). */
const bound = ([x, y, body]: [string, string, string], a: string, b: string) =>
  `list_transform([${a}], ${x} -> list_transform([${b}], ${y} -> ${body})[1])[1]`;

/**
 * zip_with(a, b, (x, y) -> body): the lambda applied to the arrays' elements pairwise, the shorter
 * padded with NULLs.
 */
function zipWith(c: Call): string {
  return `list_transform(list_zip(${c.args[0]}, ${c.args[1]}), __athena_z ->
    ${bound(twoParameters(c, 2), '__athena_z[1]', '__athena_z[2]')})`;
}

/** map_filter, transform_values, transform_keys: the (k, v) lambda over the map's entries, in their order. */
function mapLambda(c: Call): string {
  const lambda = bound(twoParameters(c, 1), '__athena_e.key', '__athena_e.value');
  const entries = `map_entries(${c.args[0]})`;
  if (c.name === 'map_filter') return `map_from_entries(list_filter(${entries}, __athena_e -> ${lambda}))`;
  const entry =
    c.name === 'transform_values'
      ? `struct_pack(k := __athena_e.key, v := ${lambda})`
      : `struct_pack(k := ${lambda}, v := __athena_e.value)`;
  // A NULL or repeated new key fails in map_from_entries, as in Trino.
  return `map_from_entries(list_transform(${entries}, __athena_e -> ${entry}))`;
}

/** concat_ws(separator, array) joins the array; NULL elements and arguments are skipped. */
function concatWs(c: Call): string {
  if (c.args.length < 2) throw new SqlError(`concat_ws() takes 2 or more arguments, got ${c.args.length}`);
  if (c.args.length > 2) return same(c);
  return withOperands(c.args, (separator, value) =>
    typeSwitch(`CASE WHEN typeof(${value}) LIKE '%[]' THEN 'l' ELSE 'o' END`, {
      l: `CASE WHEN ${separator} IS NOT NULL THEN array_to_string(cast_to_type(${value}, ['']), ${separator}) END`,
      o: `concat_ws(${separator}, ${value})`,
    }),
  );
}

/** Trino's replacement strings name groups `$1`; DuckDB (RE2) writes `\1`. */
function trinoReplacement(c: Call): string {
  if (c.args.length < 3) return "''";
  const value = c.literals[2];
  if (value === undefined) throw notLocal('regexp_replace() with a replacement that is not a string literal');
  if (value.includes('${')) throw notLocal('regexp_replace() with named group references');
  return quote(re2Replacement(value, c.literals[1]));
}

/**
 * DuckDB functions a query might reach for that Athena does not have. The message says so, rather than
 * letting a query run locally that Athena would reject.
 */
export function unknownFunction(name: string): SqlError {
  return ATHENA_ONLY.has(name)
    ? notLocal(`Function ${name}()`)
    : notAthena(`Function ${name}()`, 'Athena (engine v3) has no function of that name');
}

/** Functions in Trino's list (docs functions/list.md) without a local rewrite. */
const ATHENA_ONLY = new Set([
  'approx_most_frequent',
  'approx_set',
  'array_first',
  'array_histogram',
  'array_last',
  'at_timezone',
  'bar',
  'beta_cdf',
  'bing_tile',
  'bit_count',
  'bitwise_and',
  'bitwise_left_shift',
  'bitwise_not',
  'bitwise_or',
  'bitwise_right_shift',
  'bitwise_right_shift_arithmetic',
  'bitwise_xor',
  'char2hexint',
  'classify',
  'color',
  'combinations',
  'cosh',
  'cosine_distance',
  'cosine_similarity',
  'crc32',
  'current_groups',
  'current_user',
  'date_sub',
  'empty_approx_set',
  'evaluate_classifier_predictions',
  'features',
  'format',
  'format_number',
  'from_base',
  'from_base32',
  'from_base64url',
  'from_big_endian_32',
  'from_big_endian_64',
  'from_ieee754_32',
  'from_ieee754_64',
  'from_iso8601_timestamp_nanos',
  'from_unixtime_nanos',
  'hash_counts',
  'hmac_md5',
  'hmac_sha1',
  'hmac_sha256',
  'hmac_sha512',
  'index',
  'intersection_cardinality',
  'inverse_beta_cdf',
  'inverse_normal_cdf',
  'jaccard_index',
  'json_array_get',
  'json_exists',
  'json_query',
  'json_value',
  'learn_classifier',
  'learn_regressor',
  'localtime',
  'luhn_check',
  'make_set_digest',
  'map_zip_with',
  'merge',
  'merge_set_digest',
  'multimap_agg',
  'multimap_from_entries',
  'murmur3',
  'normal_cdf',
  'normalize',
  'numeric_histogram',
  'objectid_timestamp',
  'parse_data_size',
  'parse_presto_data_size',
  'qdigest_agg',
  'reduce_agg',
  'regexp_position',
  'render',
  'rgb',
  'set_agg',
  'set_union',
  'sha512',
  'shuffle',
  'sinh',
  'soundex',
  'split_to_multimap',
  'spooky_hash_v2_32',
  'spooky_hash_v2_64',
  'st_point',
  'tanh',
  'tdigest_agg',
  'timestamp_objectid',
  'timezone_hour',
  'timezone_minute',
  'title_case',
  'to_base',
  'to_base32',
  'to_base64url',
  'to_big_endian_32',
  'to_big_endian_64',
  'to_char',
  'to_date',
  'to_ieee754_32',
  'to_ieee754_64',
  'to_timestamp',
  'uuid',
  'value_at_quantile',
  'values_at_quantiles',
  'version',
  'wilson_interval_lower',
  'wilson_interval_upper',
  'with_timezone',
  'word_stem',
  'xxhash64',
  'zip',
]);
