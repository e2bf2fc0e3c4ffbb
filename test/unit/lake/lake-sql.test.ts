import { describe, expect, it } from 'vitest';
import { LAKE_TABLES } from '../../../lambda/domain/lake/lake-tables.ts';
import { formatRows } from '../../../local/lake/format-rows.ts';
import { LakeSql, SqlError } from '../../../local/lake/lake-sql.ts';
import { bidRows, deliverParquet, makeLake } from '../../helpers/lake-fixtures.ts';

describe('LakeSql', () => {
  it('exposes the eight Glue tables with their columns and the dt/hr partitions, even when empty', async () => {
    // Prepare
    const sql = await LakeSql.open(await makeLake());

    // Act
    const described = await Promise.all(LAKE_TABLES.map((t) => sql.query(`SELECT * FROM ${t.name}`)));
    sql.close();

    // Assess
    expect(described.map((r) => r.columns)).toStrictEqual(
      LAKE_TABLES.map((t) => [...t.columns.map((c) => c.name), 'dt', 'hr']),
    );
    expect(described.every((r) => r.rows.length === 0)).toBe(true);
  });

  it('reads the files the manifests list, with partition values from the path', async () => {
    // Prepare
    const store = await makeLake();
    await deliverParquet(store, 'a', bidRows(0, 3));
    await deliverParquet(store, 'b', bidRows(3, 2), { dt: '2026-11-21', hr: '23' });
    const sql = await LakeSql.open(store);

    // Act
    const result = await sql.query(
      'SELECT dt, hr, count(*) AS n, sum(win_price) AS spend FROM parquet_bcns GROUP BY dt, hr ORDER BY dt',
    );
    sql.close();

    // Assess
    expect(result).toStrictEqual({
      columns: ['dt', 'hr', 'n', 'spend'],
      types: ['varchar', 'varchar', 'bigint', 'bigint'],
      rows: [
        { dt: '2026-11-20', hr: '07', n: 3, spend: 3_000_003 },
        { dt: '2026-11-21', hr: '23', n: 2, spend: 2_000_007 },
      ],
      text: [
        ['2026-11-20', '07', '3', '3000003'],
        ['2026-11-21', '23', '2', '2000007'],
      ],
    });
  });

  it.each([
    [
      'SELECT * FROM bids',
      /^Catalog Error: Table with name bids does not exist!.*\nTables: raw_bcns, raw_impressions/s,
    ],
    ['SELEC 1', /syntax error at or near "SELEC"/],
  ])('rejects %s with a clear SqlError', async (query, message) => {
    // Prepare
    const sql = await LakeSql.open(await makeLake());

    // Act
    const run = sql.query(query);

    // Assess
    await expect(run).rejects.toThrow(SqlError);
    await expect(run).rejects.toThrow(message);
    sql.close();
  });
});

describe('formatRows', () => {
  const result = {
    columns: ['campaign', 'domain', 'n'],
    rows: [
      { campaign: 7, domain: 'a.example.com', n: 12 },
      { campaign: 1234, domain: 'say "hi", ok', n: null },
    ],
  };

  it('renders an aligned table with numbers on the right and a row count', () => {
    expect(formatRows(result, 'table')).toBe(
      [
        'campaign | domain        |    n',
        '---------+---------------+-----',
        '       7 | a.example.com |   12',
        '    1234 | say "hi", ok  | NULL',
        '(2 rows)',
      ].join('\n'),
    );
  });

  it('renders CSV with a header and quoted cells', () => {
    expect(formatRows(result, 'csv')).toBe('campaign,domain,n\n7,a.example.com,12\n1234,"say ""hi"", ok",');
  });

  it('renders JSON rows', () => {
    expect(JSON.parse(formatRows(result, 'json'))).toStrictEqual(result.rows);
  });
});
