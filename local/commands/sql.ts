import { UsageError } from '../cli-error.ts';
import { loadLocalConfig } from '../config.ts';
import { OUTPUT_FORMATS, type OutputFormat } from '../lake/format-rows.ts';
import { runSql } from '../lake/lake-commands.ts';
import { SqlError } from '../lake/lake-sql.ts';
import { defineCommand } from './command.ts';

export const sqlCommand = defineCommand({
  name: 'sql',
  args: '"<query>"',
  positionals: { min: 1, max: 1 },
  summary: 'Run SQL over the local lake with the Athena table names.',
  details: `Tables: raw_bcns raw_impressions raw_clicks raw_aggregates
        parquet_bcns parquet_impressions parquet_clicks parquet_aggregates`,
  options: {
    format: { type: 'string', default: 'table', value: 'F', description: 'table (default), json or csv' },
  },
  async run({ values, positionals }) {
    const format = values.format as OutputFormat;
    if (!OUTPUT_FORMATS.includes(format)) {
      throw new UsageError(`--format must be one of ${OUTPUT_FORMATS.join(', ')}, got "${values.format}"`);
    }
    const query = positionals[0] ?? '';
    if (query.trim() === '') throw new UsageError('the query is empty');
    try {
      console.log(await runSql(loadLocalConfig(), query, format));
      return 0;
    } catch (error) {
      if (!(error instanceof SqlError)) throw error;
      console.error(error.message);
      return 2;
    }
  },
});
