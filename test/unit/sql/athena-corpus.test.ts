import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LakeSql, SqlError } from '../../../local/lake/lake-sql.ts';
import { ATHENA_CORPUS } from './athena-corpus.ts';
import { athenaFixtureLake } from './athena-fixture-lake.ts';

describe('Athena corpus on the fixture lake', () => {
  let sql: LakeSql;
  beforeAll(async () => {
    sql = await LakeSql.open(await athenaFixtureLake());
  });
  afterAll(() => sql.close());

  it('holds at least 80 answered queries', () => {
    expect(ATHENA_CORPUS.filter((c) => c.rows !== undefined).length).toBeGreaterThanOrEqual(80);
  });

  it.each(ATHENA_CORPUS.map((c) => [c.sql.replace(/\s+/g, ' ').replaceAll('$', '＄'), c] as const))(
    '%s',
    async (_, c) => {
      // Act
      const run = sql.query(c.sql);

      // Assess
      if (c.error !== undefined) {
        await expect(run).rejects.toThrow(SqlError);
        await expect(run).rejects.toThrow(c.error);
        return;
      }
      const result = await run;
      expect(result.text).toStrictEqual(c.rows);
      if (c.columns !== undefined) expect(result.columns).toStrictEqual(c.columns);
      if (c.types !== undefined) expect(result.types).toStrictEqual(c.types);
    },
  );
});
