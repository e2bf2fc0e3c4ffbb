import { template, typeSwitch, withOperands } from './athena-switch.ts';
import { notLocal } from './sql-error.ts';

/**
 * `a || b` as Trino's concatenation operator: two varchars, two arrays of one type, or an array and an
 * element of it (functions/array.md); anything else fails as Trino's analyzer would (DuckDB turns
 * `1 || 2` into '12'). DuckDB binds every branch, so the operands reach each one cast to what it needs
 * through `as`.
 */
export function concatOperator(left: string, right: string): string {
  return withOperands([left, right], (a, b) => {
    const [ta, tb] = [`typeof(${a})`, `typeof(${b})`];
    const key = `CASE
      WHEN ${ta} = '"NULL"' OR ${tb} = '"NULL"' THEN 'i'
      WHEN ${ta} = ${tb} || '[]' THEN 'f'
      WHEN ${tb} = ${ta} || '[]' THEN 'd'
      WHEN ${ta} LIKE '%[]' AND ${ta} = ${tb} THEN 'l'
      WHEN ${ta} LIKE '%[]' AND ${tb} LIKE '%[]' THEN 'j'
      WHEN ${ta} = 'VARCHAR' AND ${tb} = 'VARCHAR' THEN 'o'
      ELSE 'x' END`;
    const listType = (t: string) => `CASE WHEN ${t} LIKE '%[]' THEN ${t} ELSE 'VARCHAR[]' END`;
    return typeSwitch(key, {
      i: 'NULL',
      f: `list_append(${asType(a, `${tb} || '[]'`)}, ${b})`,
      d: `list_prepend(${a}, ${asType(b, `${ta} || '[]'`)})`,
      l: `list_concat(${asType(a, listType(ta))}, ${asType(b, listType(ta))})`,
      j: `CAST(__athena_fail_text(${quote(notLocal('|| of arrays of different element types').message)}) AS VARCHAR[])`,
      o: `(CAST(${a} AS VARCHAR) || CAST(${b} AS VARCHAR))`,
      x: `__athena_fail_text('Cannot apply operator: ' || __athena_typeof(${a}) || ' || ' || __athena_typeof(${b}))`,
    });
  });
}

/**
 * `value` as the DuckDB list type the constant text `type` names: unchanged where it is of that type (the
 * branch that runs), else through varchar, which casts from and to anything (branches that only bind).
 */
export function asType(value: string, type: string): string {
  // A type DuckDB names with quotes (of NULL, of a quoted field) cannot be a template's: a list of varchar is.
  const safe = (t: string) => `CASE WHEN ${t} LIKE '%"%' OR ${t} LIKE '%NULL%' THEN 'VARCHAR[]' ELSE ${t} END`;
  const own = template(
    `'"' || CASE WHEN typeof(${value}) = ${safe(type)} THEN typeof(${value}) ELSE 'VARCHAR' END || '"'`,
  );
  return `cast_to_type(cast_to_type(${value}, ${own}), ${template(`'"' || ${safe(type)} || '"'`)})`;
}

const quote = (text: string) => `'${text.replaceAll("'", "''")}'`;
