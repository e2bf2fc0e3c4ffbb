import { divide, remainder } from './athena-arithmetic.ts';
import { concatOperator } from './athena-concat.ts';
import { typeSwitch, withOperands } from './athena-switch.ts';
import { notLocal } from './sql-error.ts';
import { isOp, isWord, type Token } from './sql-tokens.ts';
import { isUtcZone, zoneLost, zoneName } from './zoned-timestamps.ts';

// The operands and operators a translated sequence is made of, and the rules that hold between them
// (folding `/`, `%` and date arithmetic; where a zoned timestamp may go; Trino's column names).

/** Column alias standing for Trino's `_colN` name of an unnamed select item; lake-sql renames it. */
export const UNNAMED_PREFIX = '__athena_unnamed_';

/** A translated run of an expression: an operand (`atom`) or an operator/keyword between operands. */
export interface Unit {
  readonly text: string;
  readonly atom: boolean;
  readonly token?: Token;
  /** The source nodes of an atom, for the syntactic checks. */
  readonly kind?: 'identifier' | 'number' | 'string' | 'date' | 'interval' | 'star' | 'zoned' | 'other';
  readonly name?: string;
  /** For a `zoned` unit (a timestamp with a time zone other than UTC, `text` its instant): the zone. */
  readonly zone?: string;
}

/** A translated argument: its text, and its zone when it is a timestamp in a zone other than UTC. */
export interface Argument {
  readonly text: string;
  readonly zone?: string;
}

// Words that end an operand or start a clause: never function names, never operands.
export const KEYWORDS = new Set(
  (
    'SELECT FROM WHERE GROUP BY HAVING ORDER LIMIT OFFSET FETCH FIRST NEXT ROWS ROW ONLY UNION INTERSECT EXCEPT ALL ' +
    'DISTINCT AS ON USING JOIN INNER LEFT RIGHT FULL OUTER CROSS NATURAL AND OR NOT IN IS NULL LIKE ESCAPE ' +
    'BETWEEN CASE WHEN THEN ELSE END WITH RECURSIVE VALUES OVER PARTITION RANGE GROUPS PRECEDING FOLLOWING ' +
    'UNBOUNDED CURRENT FILTER WINDOW ASC DESC NULLS LAST EXISTS SOME ANY LATERAL UNNEST ORDINALITY TABLESAMPLE ' +
    'BERNOULLI SYSTEM TRUE FALSE AT TIME ZONE INTERVAL GROUPING SETS ROLLUP CUBE TIES'
  ).split(' '),
);

// Trino's reserved keywords (docs: Language > Reserved keywords): only these cannot be an alias unquoted.
export const RESERVED_WORDS = new Set(
  (
    'ALTER AND AS BETWEEN BY CASE CAST CONSTRAINT CREATE CROSS CUBE CURRENT_CATALOG CURRENT_DATE CURRENT_PATH ' +
    'CURRENT_ROLE CURRENT_SCHEMA CURRENT_TIME CURRENT_TIMESTAMP CURRENT_USER DEALLOCATE DELETE DESCRIBE DISTINCT ' +
    'DROP ELSE END ESCAPE EXCEPT EXECUTE EXISTS EXTRACT FALSE FOR FROM FULL GROUP GROUPING HAVING IN INNER INSERT ' +
    'INTERSECT INTO IS JOIN JSON_ARRAY JSON_EXISTS JSON_OBJECT JSON_QUERY JSON_TABLE JSON_VALUE LEFT LIKE LISTAGG ' +
    'LOCALTIME LOCALTIMESTAMP NATURAL NORMALIZE NOT NULL ON OR ORDER OUTER PREPARE RECURSIVE RIGHT ROLLUP SELECT ' +
    'SKIP TABLE THEN TRIM TRUE UESCAPE UNION UNNEST USING VALUES WHEN WHERE WITH'
  ).split(' '),
);

// DuckDB has these; Athena does not. Refused by name so that a query that runs locally runs on Athena.
export const DUCKDB_ONLY_WORDS: Record<string, string> = {
  ILIKE: 'use lower(x) LIKE ...',
  QUALIFY: 'filter the window result in an outer query',
  PIVOT: '',
  UNPIVOT: '',
  SUMMARIZE: '',
  ASOF: '',
  POSITIONAL: '',
  ANTI: 'use NOT EXISTS',
  SEMI: 'use EXISTS',
  GLOB: 'use LIKE',
  SIMILAR: 'use regexp_like',
  LAMBDA: 'write x -> expression',
  EXCLUDE: '',
};
export const DUCKDB_ONLY_OPS: Record<string, string> = {
  '::': 'write CAST(x AS type)',
  '//': 'integer division is `/` on integers',
  '**': 'use power(x, y)',
  '^': 'use power(x, y)',
  '==': 'write =',
  '->>': 'use json_extract_scalar',
  '{': 'write ROW(...) or MAP(...)',
  '}': '',
  $: '',
  '@': '',
  '#': '',
  '~': '',
  '&': '',
  '|': '',
  '!': '',
  '<=>': 'write IS NOT DISTINCT FROM',
  ':': '',
  '=>': '',
  '?': 'parameters are not supported locally',
};

export const LAKE_VARCHAR_PARTITIONS = new Set(['dt', 'hr']);
export const COMPARISONS = new Set(['=', '<>', '!=', '<', '>', '<=', '>=']);

export const VALUES_END = ['ORDER', 'LIMIT', 'OFFSET', 'FETCH', 'UNION', 'INTERSECT', 'EXCEPT', 'AS'];
/** Arithmetic and CASE results carry only the instant locally: refused rather than shown in UTC. */
export function refuseZoneLoss(units: readonly Unit[]): void {
  units.forEach((unit, i) => {
    if (unit.kind !== 'zoned') return;
    for (const neighbour of [units[i - 1]?.token, units[i + 1]?.token]) {
      if (isOp(neighbour, '+', '-', '||') || isWord(neighbour, 'THEN', 'ELSE')) {
        zoneLost(`${neighbour?.value}`, unit.zone as string);
      }
    }
  });
}

/** A subquery's column cannot carry a zone locally: refused rather than shown in UTC. */
export function refuseZonedColumns(units: readonly Unit[]): void {
  const select = findOutermostSelect(units);
  if (select < 0) return;
  let itemStart = true;
  for (let k = select + 1; k < units.length; k++) {
    const unit = units[k] as Unit;
    if (endsSelectList(units, k)) return;
    if (itemStart && unit.kind === 'zoned') {
      throw notLocal(
        `A timestamp in time zone ${zoneName(unit.zone as string)} as a column of a subquery or WITH`,
        'apply AT TIME ZONE in the outermost SELECT',
      );
    }
    itemStart = isOp(unit.token, ',') || (k === select + 1 && isWord(unit.token, 'DISTINCT', 'ALL'));
  }
}

export const textOf = (result: string | Unit) => (typeof result === 'string' ? result : result.text);

/** A timestamp with time zone: a plain TIMESTAMPTZ in UTC, else a `zoned` unit that remembers its zone. */
export function zoned(instant: string, zone: string): Unit {
  return isUtcZone(zone)
    ? { text: instant, atom: true, kind: 'other' }
    : { text: instant, atom: true, kind: 'zoned', zone };
}

export const SELECT_LIST_END = [
  'FROM',
  'WHERE',
  'GROUP',
  'HAVING',
  'ORDER',
  'LIMIT',
  'UNION',
  'INTERSECT',
  'EXCEPT',
  'WINDOW',
  'OFFSET',
  'FETCH',
];

/** Whether units[k] ends a select list: the FROM of `a IS [NOT] DISTINCT FROM b` does not. */
export function endsSelectList(units: readonly Unit[], k: number): boolean {
  const token = units[k]?.token;
  return isWord(token, ...SELECT_LIST_END) && !(isWord(token, 'FROM') && isWord(units[k - 1]?.token, 'DISTINCT'));
}

export function findOutermostSelect(units: readonly Unit[]): number {
  return units.findIndex((u) => isWord(u.token, 'SELECT'));
}

export function isUnnamed(item: readonly Unit[]): boolean {
  const only = item[0] as Unit;
  if (item.length === 1) return only.kind !== 'identifier' && only.kind !== 'star' && !isOp(only.token, '*');
  const last = item[item.length - 1] as Unit;
  const beforeLast = item[item.length - 2] as Unit;
  if (isWord(beforeLast.token, 'AS')) return false;
  // `expression alias`: an identifier right after an operand.
  return !(last.kind === 'identifier' && beforeLast.atom && !last.text.includes('.'));
}

export const TYPED_LITERALS = new Set([
  'DATE',
  'TIMESTAMP',
  'TIME',
  'DECIMAL',
  'X',
  'JSON',
  'BIGINT',
  'INTEGER',
  'SMALLINT',
  'TINYINT',
  'DOUBLE',
  'REAL',
  'BOOLEAN',
  'VARCHAR',
]);

export const EXTRACT_FIELDS: Record<string, string> = {
  YEAR: 'year',
  QUARTER: 'quarter',
  MONTH: 'month',
  WEEK: 'week',
  DAY: 'day',
  DAY_OF_MONTH: 'day',
  DAY_OF_WEEK: 'day_of_week',
  DOW: 'day_of_week',
  DAY_OF_YEAR: 'day_of_year',
  DOY: 'day_of_year',
  YEAR_OF_WEEK: 'year_of_week',
  YOW: 'year_of_week',
  HOUR: 'hour',
  MINUTE: 'minute',
  SECOND: 'second',
};

/**
 * Folds `a * b / c % d` left to right into one operand, `/` and `%` with Trino's semantics
 * (athena-arithmetic.ts); then `date ± interval` (a date in Trino, a timestamp in DuckDB) back to a date;
 * then `a || b` (athena-concat.ts).
 */
export function fold(units: readonly Unit[]): Unit[] {
  const out: Unit[] = [];
  for (let i = 0; i < units.length; i++) {
    const unit = units[i] as Unit;
    const left = out[out.length - 1];
    const right = units[i + 1];
    if (isOp(unit.token, '*', '/', '%') && left?.atom && right?.atom && left.kind !== 'star') {
      const op = unit.token?.value;
      const text =
        op === '*'
          ? `${left.text} * ${right.text}`
          : op === '/'
            ? divide(left.text, right.text)
            : remainder(left.text, right.text);
      out[out.length - 1] = { text, atom: true, kind: 'other' };
      i++;
      continue;
    }
    out.push(unit);
  }
  const dated: Unit[] = [];
  for (let i = 0; i < out.length; i++) {
    const unit = out[i] as Unit;
    const left = dated[dated.length - 1];
    const right = out[i + 1];
    if (
      isOp(unit.token, '+', '-') &&
      left?.kind === 'date' &&
      right?.kind === 'interval' &&
      ['day', 'month', 'year'].includes(right.name ?? '')
    ) {
      dated[dated.length - 1] = {
        text: `CAST(${left.text} ${unit.text} ${right.text} AS DATE)`,
        atom: true,
        kind: 'date',
      };
      i++;
      continue;
    }
    // Any other operand: a date by its type (a column, a cast) stays a date, as in Trino.
    if (
      isOp(unit.token, '+', '-') &&
      left?.atom &&
      left.kind !== 'zoned' &&
      left.kind !== 'star' &&
      right?.kind === 'interval' &&
      !isOp(dated[dated.length - 2]?.token, '+', '-')
    ) {
      const dayUnit = ['day', 'month', 'year'].includes(right.name ?? '');
      const text = withOperands([left.text], (value) =>
        typeSwitch(`CASE WHEN typeof(${value}) = 'DATE' THEN 'd' ELSE 'o' END`, {
          d: dayUnit
            ? `CAST(${value} ${unit.text} ${right.text} AS DATE)`
            : "CAST(__athena_fail_ts('Cannot add hour, minutes or seconds to a date') AS DATE)",
          o: `(${value} ${unit.text} ${right.text})`,
        }),
      );
      dated[dated.length - 1] = { text, atom: true, kind: 'other' };
      i++;
      continue;
    }
    dated.push(unit);
  }
  // `a || b` binds looser than + and -: folded only between operands no + or - touches.
  const joined: Unit[] = [];
  for (let i = 0; i < dated.length; i++) {
    const unit = dated[i] as Unit;
    const left = joined[joined.length - 1];
    const right = dated[i + 1];
    if (
      isOp(unit.token, '||') &&
      left?.atom &&
      right?.atom &&
      !isOp(joined[joined.length - 2]?.token, '+', '-') &&
      !isOp(dated[i + 2]?.token, '+', '-')
    ) {
      joined[joined.length - 1] = { text: concatOperator(left.text, right.text), atom: true, kind: 'other' };
      i++;
      continue;
    }
    joined.push(unit);
  }
  return joined;
}
