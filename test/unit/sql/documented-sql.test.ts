import { readdirSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LakeSql, SqlError } from '../../../local/lake/lake-sql.ts';
import { athenaFixtureLake } from './athena-fixture-lake.ts';

const ROOT = new URL('../../../', import.meta.url);
const DOCUMENTS = ['README.md', ...readdirSync(new URL('docs/', ROOT)).map((name) => `docs/${name}`)].filter((name) =>
  name.endsWith('.md'),
);

interface Example {
  readonly source: string;
  readonly query: string;
  readonly dialect: 'athena' | 'duckdb';
}

/**
 * Every SQL query the README and docs show: the double-quoted query of each `sdp sql`, `npm run sql`
 * and `aws athena --query-string` command, and each inline `SELECT …` in the prose.
 */
function documentedQueries(): Example[] {
  const examples: Example[] = [];
  for (const source of DOCUMENTS) {
    const text = readFileSync(new URL(source, ROOT), 'utf8').replace(/\\\n\s*/g, ' ');
    for (const line of text.split('\n')) {
      if (!/sdp sql |npm run sql |--query-string /.test(line)) continue;
      const query = /"((?:[^"\\]|\\.)*)"(?=[^"]*$)/.exec(line.replace(/\s+(>|#).*$/, ''))?.[1];
      if (query === undefined) continue;
      examples.push({
        source,
        query: query.replace(/\\(.)/g, '$1'),
        dialect: line.includes('--dialect duckdb') ? 'duckdb' : 'athena',
      });
    }
    for (const [, query] of text.matchAll(/`(SELECT [^`]+)`/g))
      examples.push({ source, query: query as string, dialect: 'athena' });
  }
  return examples;
}

describe('SQL in the README and docs', () => {
  const examples = documentedQueries();
  let athena: LakeSql;
  let duckdb: LakeSql;
  beforeAll(async () => {
    const store = await athenaFixtureLake();
    athena = await LakeSql.open(store);
    duckdb = await LakeSql.open(store, { dialect: 'duckdb' });
  });
  afterAll(() => {
    athena.close();
    duckdb.close();
  });

  it('finds the examples it checks', () => {
    expect(examples.filter((e) => e.source === 'README.md').length).toBeGreaterThanOrEqual(10);
    expect(examples.some((e) => e.source.startsWith('docs/'))).toBe(true);
  });

  it.each(
    examples.filter((e) => e.dialect === 'athena').map((e) => [e.source, e.query.replaceAll('$', '＄'), e] as const),
  )('%s: runs locally as Athena SQL: %s', async (_, __, example) => {
    // Act
    const result = await athena.query(example.query);

    // Assess: the Athena dialect refuses what Athena would, so a query it runs is Athena's SQL.
    expect(result.columns.length).toBeGreaterThan(0);
  });

  it.each(examples.filter((e) => e.dialect === 'duckdb').map((e) => [e.query, e] as const))(
    '--dialect duckdb example runs as DuckDB SQL and is refused as Athena SQL: %s',
    async (_, example) => {
      // Act
      const result = await duckdb.query(example.query);
      const asAthena = athena.query(example.query);

      // Assess
      expect(result.rows.length).toBe(1);
      await expect(asAthena).rejects.toThrow(SqlError);
    },
  );
});
