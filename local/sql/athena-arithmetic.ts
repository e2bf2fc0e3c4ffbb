import { template, typeSwitch, withOperands } from './athena-switch.ts';
import { notLocal, SqlError } from './sql-error.ts';

/**
 * Trino's numeric semantics as DuckDB expressions, where the result's type depends on the operands'
 * types (decimal division, the sum of integers, round of a decimal): switches resolved when DuckDB
 * binds the query (athena-switch.ts) over the macros of athena-numeric-macros.ts.
 */

/** 10^e as a HUGEINT; 10^-s typed decimal(max(s, 1), s) for a constant s. */
const ten = (exponent: string) => `__athena_ten(${exponent})`;
const unit = (scale: string) => `struct_extract(__athena_units(), 's' || (${scale}))`;
const scaleOf = (x: string) => `__athena_scale_of(typeof(${x}))`;

type Operation = 'divide' | 'remainder';

function arithmetic(operation: Operation, left: string, right: string): string {
  return withOperands([left, right], (a, b) => {
    const types = `typeof(${a}), typeof(${b})`;
    const scale = `__athena_result_scale(${types})`;
    const unscaled =
      operation === 'divide'
        ? `__athena_decimal_divide(${a}, ${b}, ${ten(`${scale} - ${scaleOf(a)} + ${scaleOf(b)}`)})`
        : `__athena_decimal_remainder(${a}, ${b}, ${ten(`${scale} - ${scaleOf(a)}`)}, ${ten(`${scale} - ${scaleOf(b)}`)})`;
    return typeSwitch(`__athena_kind(${types})`, {
      i: `__athena_int_${operation}(${a}, ${b})`,
      f: `__athena_float_${operation}(${a}, ${b})`,
      d: `cast_to_type(${unscaled} * ${unit(scale)}, ${template(`__athena_${operation}_type(${types})`)})`,
    });
  });
}

/** `left / right` with Trino's result: integer, double or decimal division by the operands' types. */
export const divide = (left: string, right: string) => arithmetic('divide', left, right);

/** `left % right` (and `mod`) with Trino's result. */
export const remainder = (left: string, right: string) => arithmetic('remainder', left, right);

/**
 * `sum`: Trino sums integers to bigint, DuckDB to HUGEINT (a sum outside bigint fails, as in Trino), and
 * reals to a real (DuckDB: a double). `aggregate` is the DuckDB call, its FILTER/OVER marker included;
 * `minimum` the min() of the same argument, whose type is the argument's.
 */
export const typedSum = (aggregate: string, minimum: string) =>
  `cast_to_type(${aggregate}, ${template(`CASE WHEN typeof(${minimum}) = 'FLOAT' THEN '"FLOAT"' ELSE __athena_sum_type(typeof(${aggregate})) END`)})`;

/**
 * `avg`: of a decimal(p, s), Trino's average is a decimal(p, s), the sum's unscaled value over the count
 * rounded HALF_UP (DecimalAverageAggregation); DuckDB's is a double. `call` builds the DuckDB call of
 * an aggregate over the argument, with the quantifier and the FILTER/OVER marker.
 */
export function typedAverage(call: (name: string) => string): string {
  const type = `typeof(${call('min')})`;
  return typeSwitch(`CASE WHEN ${type} LIKE 'DECIMAL(%' THEN 'd' ELSE 'o' END`, {
    d: `cast_to_type(__athena_decimal_average(${call('sum')}, ${call('count')}) * ${unit(`__athena_scale_of(${type})`)}, ${template(`'"' || ${type} || '"'`)})`,
    // A real's average is a real (RealAverageAggregation), DuckDB's a double.
    o: `cast_to_type(${call('avg')}, ${template(`CASE WHEN ${type} = 'FLOAT' THEN '"FLOAT"' ELSE '"' || typeof(${call('avg')}) || '"' END`)})`,
  });
}

type Rounding = 'round' | 'ceiling' | 'floor' | 'truncate' | 'sign';

/**
 * round, ceiling, floor, truncate and sign with Trino's result types (of decimal(p, s): round and
 * ceiling/floor decimal(p - s + min(1, s), 0), round(x, d) decimal(p + 1, s), truncate
 * decimal(max(1, p - s), 0), sign decimal(1,0); an integer keeps its type, where DuckDB's ceil, floor
 * and sign of one do not), and Trino's round of a double (Java's Math.round of x·10^d, over 10^d).
 */
export function rounding(name: Rounding, argument: string, digits?: string): string {
  return withOperands(digits === undefined ? [argument] : [argument, digits], (v, d) => {
    const t = `typeof(${v})`;
    const decimal = (type: string, result: string) =>
      `cast_to_type(${result}, ${template(`__athena_${type}_type(${t})`)})`;
    const same = (result: string) => `cast_to_type(${result}, ${v})`;
    const branches: Record<Rounding, Record<'i' | 'f' | 'd', string>> = {
      round:
        d === undefined
          ? { d: decimal('round', `round(${v})`), f: `__athena_round_double(${v}, 0)`, i: v }
          : {
              d: decimal('round_n', `__athena_decimal_round(${v}, ${d}) * ${unit(`__athena_scale_of(${t})`)}`),
              f: `__athena_round_double(${v}, ${d})`,
              i: same(`__athena_decimal_round(${v}, ${d})`),
            },
      ceiling: { d: decimal('ceiling', `ceil(${v})`), f: `ceil(${v})`, i: same(`ceil(${v})`) },
      floor: { d: decimal('ceiling', `floor(${v})`), f: `floor(${v})`, i: same(`floor(${v})`) },
      truncate: { d: decimal('truncate', `trunc(${v})`), f: `trunc(${v})`, i: same(`trunc(${v})`) },
      sign: {
        d: `CAST(sign(${v}) AS DECIMAL(1,0))`,
        f: `CASE WHEN ${v} = 0 OR isnan(${v}) THEN ${v} ELSE ${same(`sign(${v})`)} END`,
        i: same(`sign(${v})`),
      },
    };
    const key = `CASE WHEN ${t} LIKE 'DECIMAL(%' THEN 'd' WHEN ${t} IN ('DOUBLE', 'FLOAT') THEN 'f' ELSE 'i' END`;
    return typeSwitch(key, branches[name]);
  });
}

/** greatest and least: NULL when any argument is NULL (Trino), where DuckDB skips NULLs. */
export const extreme = (name: 'greatest' | 'least', args: readonly string[]) =>
  `list_transform([[${args.join(', ')}]], g -> CASE WHEN list_count(g) < len(g) THEN NULL ELSE list_${name === 'greatest' ? 'max' : 'min'}(g) END)[1]`;

const BIGINT_MAX = 9_223_372_036_854_775_807n;

/**
 * A numeric literal as Trino types it: `1.50` is decimal(3,2) and `0.5` decimal(1,1) (Decimals.parse:
 * leading zeros do not count; DuckDB counts the 0 of `0.5`), `1e0` a double, `7` an integer or bigint.
 */
export function numericLiteral(text: string): string {
  if (/e/i.test(text)) return text;
  if (!text.includes('.')) {
    if (BigInt(text) > BIGINT_MAX) throw notLocal(`The integer literal ${text}, outside bigint,`);
    return text;
  }
  const [whole = '', fraction = ''] = text.split('.');
  const digits = whole.replace(/^0+/, '');
  const precision = Math.max(1, digits.length + fraction.length);
  if (precision > 38) throw new SqlError(`Value exceeds maximum precision: ${text}`);
  return digits === whole ? text : `CAST(${text} AS DECIMAL(${precision},${fraction.length}))`;
}
