/**
 * DuckDB macros for Trino's arithmetic where DuckDB's differs: decimal division and remainder
 * (Trino's DecimalOperators: exact, HALF_UP to the result scale, Trino's result precision), division
 * and remainder of doubles by zero (Java's Infinity and NaN), integer division by zero (an error).
 *
 * `typeof()` is folded to a constant when DuckDB binds a query, so the macros over type names here
 * (`ta`, `tb`: `typeof()` of the operands) give constants: the operands' precision and scale, which
 * arithmetic applies, the result type's name. What needs such a constant as an argument
 * (`json_transform`'s type, `struct_extract`'s key) cannot be bound inside a macro and is written by
 * athena-arithmetic.ts, which passes operands as names or repeatable expressions (a macro repeats its
 * argument's text).
 */
const tens = Array.from({ length: 39 }, (_, e) => `CAST('1${'0'.repeat(e)}' AS HUGEINT)`);
const units = Array.from(
  { length: 39 },
  (_, s) => `'s${s}': CAST('${s === 0 ? '1' : `0.${'0'.repeat(s - 1)}1`}' AS DECIMAL(${Math.max(s, 1)},${s}))`,
);

export const NUMERIC_DEFINITIONS: readonly string[] = [
  // Trino's decimal(p, s) of an exact type: integers are decimal(3|5|10|19, 0) (HUGEINT, the sum of
  // integers locally, is Trino's bigint).
  `__athena_scale_of(t) AS coalesce(CAST(nullif(regexp_extract(t, ',(\\d+)\\)$', 1), '') AS INTEGER), 0)`,
  `__athena_precision_of(t) AS CASE t WHEN 'TINYINT' THEN 3 WHEN 'SMALLINT' THEN 5 WHEN 'INTEGER' THEN 10
     ELSE coalesce(CAST(nullif(regexp_extract(t, '^DECIMAL\\((\\d+),', 1), '') AS INTEGER), 19) END`,
  `__athena_exact_type(t) AS t LIKE 'DECIMAL(%' OR t IN ('TINYINT', 'SMALLINT', 'INTEGER', 'BIGINT', 'HUGEINT')`,
  // Which arithmetic Trino applies: f (double or real), d (decimal; an integer is coerced), i (other).
  `__athena_kind(ta, tb) AS CASE
     WHEN ta IN ('DOUBLE', 'FLOAT') OR tb IN ('DOUBLE', 'FLOAT') THEN 'f'
     WHEN (ta LIKE 'DECIMAL(%' OR tb LIKE 'DECIMAL(%') AND __athena_exact_type(ta) AND __athena_exact_type(tb) THEN 'd'
     ELSE 'i' END`,
  '__athena_result_scale(ta, tb) AS greatest(__athena_scale_of(ta), __athena_scale_of(tb))',
  // 10^-s, typed decimal(max(s, 1), s): its JSON text and type name for json_transform.
  `__athena_unit_text(s) AS CASE WHEN s = 0 THEN '1' ELSE '0.' || repeat('0', s - 1) || '1' END`,
  `__athena_unit_type(s) AS '"DECIMAL(' || greatest(s, 1) || ',' || s || ')"'`,
  // Result types (DecimalOperators): a / b is decimal(min(38, pa + sb + max(sb - sa, 0)), max(sa, sb)),
  // a % b is decimal(min(pa - sa, pb - sb) + max(sa, sb), max(sa, sb)).
  `__athena_divide_type(ta, tb) AS '"DECIMAL('
     || least(38, __athena_precision_of(ta) + __athena_scale_of(tb) + greatest(__athena_scale_of(tb) - __athena_scale_of(ta), 0))
     || ',' || __athena_result_scale(ta, tb) || ')"'`,
  `__athena_remainder_type(ta, tb) AS '"DECIMAL('
     || (least(__athena_precision_of(ta) - __athena_scale_of(ta), __athena_precision_of(tb) - __athena_scale_of(tb))
       + __athena_result_scale(ta, tb))
     || ',' || __athena_result_scale(ta, tb) || ')"'`,

  // 10^e as a HUGEINT; 10^-s typed decimal(max(s, 1), s) by a constant key (s2 is 0.01).
  `__athena_ten(e) AS [${tens.join(', ')}][e + 1]`,
  `__athena_units() AS {${units.join(', ')}}`,
  // The unscaled value (1.50 is 150), read from the text so that it binds for an operand of any type.
  `__athena_unscaled(x) AS CAST(replace(CAST(x AS VARCHAR), '.', '') AS HUGEINT)`,
  // n / d rounded half away from zero (one division; in BIGINT when both fit, HUGEINT division is slow),
  // or Division by zero.
  `__athena_half_up_abs(n, d) AS list_transform([n // d], q -> q + CASE WHEN n - q * d >= d - (n - q * d) THEN 1 ELSE 0 END)[1]`,
  `__athena_half_up(n, d) AS list_transform([struct_pack(n := abs(n), d := abs(d), sign := sign(n) * sign(d))], h ->
     CASE
       WHEN h.d = 0 THEN CAST(__athena_fail_int('Division by zero') AS HUGEINT)
       WHEN h.n < 4611686018427387904 AND h.d < 4611686018427387904
         THEN __athena_half_up_abs(CAST(h.n AS BIGINT), CAST(h.d AS BIGINT)) * h.sign
       ELSE __athena_half_up_abs(h.n, h.d) * h.sign END)[1]`,

  // Division. Integers truncate and fail on zero; a double (or real) divided by zero is ±Infinity, or
  // NaN for 0 and NaN; decimals: the quotient's unscaled value at scale max(sa, sb), rounded HALF_UP.
  `__athena_int_divide(a, b) AS a / CASE WHEN b = 0 THEN __athena_fail_int('Division by zero') ELSE b END`,
  `__athena_by_zero(x, negative_zero) AS CASE
     WHEN isnan(x) OR x = 0 THEN 'NaN'::DOUBLE
     WHEN (x < 0) <> negative_zero THEN '-Infinity'::DOUBLE
     ELSE 'Infinity'::DOUBLE END`,
  `__athena_float_divide(a, b) AS CASE
     WHEN b = 0 THEN cast_to_type(__athena_by_zero(CAST(CAST(a AS VARCHAR) AS DOUBLE), signbit(CAST(CAST(b AS VARCHAR) AS DOUBLE))), a / b)
     ELSE a / b END`,
  // ten: 10^(max(sa, sb) - sa + sb), which puts the quotient at the result's scale.
  '__athena_decimal_divide(a, b, ten) AS __athena_half_up(__athena_unscaled(a) * ten, __athena_unscaled(b))',

  // Remainder: the dividend's sign (Java's %); a double's remainder by zero is NaN.
  `__athena_int_remainder(a, b) AS a % CASE WHEN b = 0 THEN __athena_fail_int('Division by zero') ELSE b END`,
  `__athena_float_remainder(a, b) AS CASE WHEN b = 0 THEN cast_to_type('NaN'::DOUBLE, a % b) ELSE a % b END`,
  // ten_a, ten_b: 10^(max(sa, sb) - sa) and 10^(max(sa, sb) - sb), both operands at the result's scale.
  `__athena_decimal_remainder(a, b, ten_a, ten_b) AS list_transform(
     [struct_pack(n := __athena_unscaled(a) * ten_a, d := __athena_unscaled(b) * ten_b)],
     r -> CASE WHEN r.d = 0 THEN CAST(__athena_fail_int('Division by zero') AS HUGEINT) ELSE r.n % r.d END)[1]`,

  "__athena_sum_type(t) AS '\"' || CASE WHEN t = 'HUGEINT' THEN 'BIGINT' ELSE t END || '\"'",
  `__athena_decimal_average(total, n) AS CASE WHEN n = 0 THEN NULL ELSE __athena_half_up(__athena_unscaled(total), n) END`,
  // Rounding (MathFunctions): of a decimal(p, s), round and ceiling/floor give decimal(p - s + min(1, s), 0),
  // round(x, d) decimal(p + 1, s), truncate decimal(max(1, p - s), 0).
  // round(x, d) of decimal(p, s): HALF_UP at d digits (0 when even the integer digits round away);
  // DuckDB's round of a decimal keeps its precision and loses a carry (round(5.5, -1) is 0).
  `__athena_decimal_round(x, d) AS list_transform([__athena_unscaled(x)], u -> CASE
     WHEN d >= __athena_scale_of(typeof(x)) THEN u
     WHEN __athena_precision_of(typeof(x)) - __athena_scale_of(typeof(x)) + d < 0 THEN 0
     ELSE __athena_half_up(u, __athena_ten(__athena_scale_of(typeof(x)) - d)) * __athena_ten(__athena_scale_of(typeof(x)) - d) END)[1]`,
  `__athena_round_type(t) AS '"DECIMAL(' || least(38, __athena_precision_of(t) - __athena_scale_of(t) + least(1, __athena_scale_of(t))) || ',0)"'`,
  `__athena_ceiling_type(t) AS '"DECIMAL(' || (__athena_precision_of(t) - __athena_scale_of(t) + least(1, __athena_scale_of(t))) || ',0)"'`,
  `__athena_round_n_type(t) AS '"DECIMAL(' || least(38, __athena_precision_of(t) + 1) || ',' || __athena_scale_of(t) || ')"'`,
  `__athena_truncate_type(t) AS '"DECIMAL(' || greatest(1, __athena_precision_of(t) - __athena_scale_of(t)) || ',0)"'`,
  // Java's Math.round(x * 10^d) / 10^d, negatives by symmetry; Math.round saturates at Long.MAX_VALUE.
  `__athena_round_double(x, d) AS list_transform([pow(10, d)], f -> CASE
     WHEN isnan(x) OR isinf(x) THEN x
     WHEN x < 0 THEN cast_to_type(-(least(round(-x * f), 9.223372036854775807e18) / f), x)
     ELSE cast_to_type(least(round(x * f), 9.223372036854775807e18) / f, x) END)[1]`,
  // Java's Math: the root of a negative number is NaN, the logarithm of 0 -Infinity (DuckDB's fail).
  `__athena_sqrt(x) AS CASE WHEN x < 0 THEN 'NaN'::DOUBLE ELSE sqrt(x) END`,
  ...['ln', 'log2', 'log10'].map(
    (f) =>
      `__athena_${f}(x) AS CASE WHEN x = 0 THEN '-Infinity'::DOUBLE WHEN x < 0 THEN 'NaN'::DOUBLE ELSE ${f}(x) END`,
  ),
  // The cube root of a whole cube is exact (Math.cbrt(27) is 3.0; DuckDB's answers 3.0000000000000004).
  `__athena_cbrt(x) AS list_transform([cbrt(x)], r -> CASE WHEN round(r) * round(r) * round(r) = x THEN round(r) ELSE r END)[1]`,
  // human_readable_seconds of a whole number of seconds (functions/datetime.md's examples): weeks, days,
  // hours, minutes, seconds, the units that are not 0, singular for 1.
  `__athena_time_unit(n, name) AS CASE WHEN n = 0 THEN NULL WHEN n = 1 THEN '1 ' || name ELSE CAST(n AS VARCHAR) || ' ' || name || 's' END`,
  `__athena_human_readable_seconds(x) AS CASE
     WHEN x IS NULL THEN NULL
     WHEN NOT isfinite(CAST(x AS DOUBLE)) OR x < 0 OR x <> floor(x)
       THEN __athena_fail_text('human_readable_seconds() of a negative, fractional or infinite number is an Athena construct the local engine (DuckDB) does not have')
     ELSE list_transform([CAST(x AS BIGINT)], s -> CASE WHEN s = 0 THEN '0 seconds' ELSE array_to_string(list_filter([
       __athena_time_unit(s // 604800, 'week'), __athena_time_unit(s % 604800 // 86400, 'day'),
       __athena_time_unit(s % 86400 // 3600, 'hour'), __athena_time_unit(s % 3600 // 60, 'minute'),
       __athena_time_unit(s % 60, 'second')], p -> p IS NOT NULL), ', ') END)[1] END`,
  // parse_duration (airlift's Duration: a number and ns/us/ms/s/m/h/d), rounded to milliseconds half up.
  `__athena_parse_duration(s) AS list_transform([regexp_extract(s, '^\\s*(\\d+(?:\\.\\d+)?)\\s*([a-zA-Z]+)\\s*$', ['v', 'u'])], m -> CASE
     WHEN s IS NULL THEN NULL
     WHEN m.u = '' THEN CAST(__athena_fail_text('duration is not a valid data duration string: ' || s) AS INTERVAL)
     WHEN m.u NOT IN ('ns', 'us', 'ms', 's', 'm', 'h', 'd') THEN CAST(__athena_fail_text('Unknown time unit: ' || m.u) AS INTERVAL)
     ELSE to_milliseconds(CAST(floor(CAST(m.v AS DOUBLE) * CASE m.u WHEN 'ns' THEN 1e-6 WHEN 'us' THEN 1e-3 WHEN 'ms' THEN 1
       WHEN 's' THEN 1000 WHEN 'm' THEN 60000 WHEN 'h' THEN 3600000 ELSE 86400000 END + 0.5) AS BIGINT)) END)[1]`,
];
