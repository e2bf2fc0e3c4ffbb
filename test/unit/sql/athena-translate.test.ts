import { describe, expect, it } from 'vitest';
import { divide, remainder } from '../../../local/sql/athena-arithmetic.ts';
import { FUNCTIONS, unknownFunction } from '../../../local/sql/athena-functions.ts';
import { MACROS } from '../../../local/sql/athena-macros.ts';
import { translateAthena } from '../../../local/sql/athena-translate.ts';
import { javaDouble, trinoType } from '../../../local/sql/athena-values.ts';
import { jodaToStrftime, mysqlToStrftime } from '../../../local/sql/datetime-formats.ts';
import { SqlError } from '../../../local/sql/sql-error.ts';

describe('translateAthena', () => {
  it.each([
    ['SELECT 7 / 2 AS q', `SELECT ${divide('7', '2')} AS q`],
    ['SELECT a * b / c % d AS x FROM t', `SELECT ${remainder(divide('a * b', 'c'), 'd')} AS x FROM t`],
    ['SELECT 0.5 * 10.25 AS x', 'SELECT CAST(0.5 AS DECIMAL(1,1)) * 10.25 AS x'],
    ['SELECT x FROM (VALUES 1, 2) AS t(x)', 'SELECT x FROM (VALUES (1), (2)) AS t(x)'],
    [
      "SELECT count(*) FILTER (WHERE type = 'imp') AS n FROM t",
      "SELECT count(*) FILTER (WHERE type = 'imp') AS n FROM t",
    ],
    [
      'SELECT count_if(x > 0) OVER (PARTITION BY k) AS n FROM t',
      'SELECT CAST(count_if(x > 0) OVER (PARTITION BY k) AS BIGINT) AS n FROM t',
    ],
    ['SELECT 1', 'SELECT 1 AS "__athena_unnamed_0"'],
  ])('translates %s', (athena, duck) => {
    expect(translateAthena(athena)).toStrictEqual({
      kind: 'query',
      sql: duck,
      usesPath: false,
      values: false,
      zonedColumns: [],
    });
  });

  it('reads metadata statements, dropping the database qualifier', () => {
    expect([
      translateAthena("SHOW TABLES LIKE 'raw*'"),
      translateAthena('SHOW COLUMNS FROM sdp_lake.parquet_bcns'),
      translateAthena('DESCRIBE parquet_clicks;'),
    ]).toStrictEqual([
      { kind: 'show-tables', like: 'raw*' },
      { kind: 'show-columns', table: 'parquet_bcns' },
      { kind: 'describe', table: 'parquet_clicks' },
    ]);
  });

  it.each([
    ["SELECT 'open", /Unterminated string at position 8/],
    ['SELECT (1', /Unclosed "\(" at position 8/],
    ['SELECT lambda x: x', /LAMBDA is not Athena/],
    ['SELECT * FROM t QUALIFY row_number() OVER () = 1', /QUALIFY is not Athena/],
    ['SELECT 2 ** 3', /The operator \*\* is not Athena/],
    ['SELECT a FROM t GROUP BY ALL', /GROUP BY ALL is not Athena/],
  ])('rejects %s', (sql, message) => {
    expect(() => translateAthena(sql)).toThrow(SqlError);
    expect(() => translateAthena(sql)).toThrow(message);
  });
});

describe('Athena functions', () => {
  it('defines every macro a rewrite calls', () => {
    const defined = new Set(MACROS.map((m) => m.slice(0, m.indexOf('('))));
    const missing = Object.entries(FUNCTIONS).flatMap(([name, rewrite]) => {
      const args = ['a', "'day'", "'%Y'", 'd'];
      const text = (() => {
        try {
          return rewrite({ name, args, literals: [undefined, 'day', '%Y', undefined], arrays: [], quantifier: '' });
        } catch {
          return '';
        }
      })();
      // A lambda's parameter (`__athena_p -> …`) is a name the rewrite binds itself, not a macro.
      const parameters = new Set([...text.matchAll(/(__athena_[a-z_0-9]+)\s*->/g)].map((m) => m[1]));
      return [...text.matchAll(/__athena_[a-z_0-9]+/g)]
        .map((m) => m[0])
        .filter((m) => !defined.has(m) && !parameters.has(m));
    });
    expect(missing).toStrictEqual([]);
  });

  it('tells an Athena function the local engine lacks from a name Athena does not have', () => {
    expect([unknownFunction('approx_set').message, unknownFunction('list_value').message]).toStrictEqual([
      'Function approx_set() is an Athena construct the local engine (DuckDB) does not have',
      'Function list_value() is not Athena (Trino) SQL: Athena (engine v3) has no function of that name',
    ]);
  });
});

describe('date and time patterns', () => {
  it.each([
    ['%Y-%m-%d %H:%i:%s', '%Y-%m-%d %H:%M:%S'],
    ['%M %e, %Y %l%p', '%B %-d, %Y %-I%p'],
    ['100%% %q', '100%% q'],
  ])('maps the MySQL pattern %s', (mysql, strftime) => {
    expect(mysqlToStrftime(mysql)).toBe(strftime);
  });

  it.each([
    ["yyyy-MM-dd'T'HH:mm:ss.SSS", '%Y-%m-%dT%H:%M:%S.%g'],
    ['EEEE d MMMM yy, h:mm a z', '%A %-d %B %y, %-I:%M %p UTC'],
    ["'it''s' D", "it's %-j"],
    ["h''mm", "%-I'%M"],
  ])('maps the Joda pattern %s', (joda, strftime) => {
    expect(jodaToStrftime(joda)).toBe(strftime);
  });
});

describe('Athena values', () => {
  it.each([
    [3, '3.0'],
    [0.1, '0.1'],
    [1e7, '1.0E7'],
    [1234567.5, '1234567.5'],
    [0.0001, '1.0E-4'],
    [-2.5e-10, '-2.5E-10'],
    [Number.NaN, 'NaN'],
    [Number.NEGATIVE_INFINITY, '-Infinity'],
  ])('prints the double %d as Java does: %s', (value, text) => {
    expect(javaDouble(value)).toBe(text);
  });

  it('names DuckDB types as Trino does', () => {
    expect(
      [
        'HUGEINT',
        'DECIMAL(20,1)',
        'VARCHAR[][]',
        'MAP(VARCHAR, BIGINT[])',
        'STRUCT("a" INTEGER, b VARCHAR)',
        'TIMESTAMP WITH TIME ZONE',
      ].map(trinoType),
    ).toStrictEqual([
      'bigint',
      'decimal(20,1)',
      'array(array(varchar))',
      'map(varchar, array(bigint))',
      'row(a integer, b varchar)',
      'timestamp(3) with time zone',
    ]);
  });
});
