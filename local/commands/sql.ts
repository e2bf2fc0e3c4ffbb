import { LAKE_TABLES, LAKE_VIEWS } from '../../lambda/domain/lake/lake-tables.ts';
import { CommandError, UsageError } from '../cli-error.ts';
import { loadLocalConfig } from '../config.ts';
import { OUTPUT_FORMATS, type OutputFormat } from '../lake/format-rows.ts';
import { runSql } from '../lake/lake-commands.ts';
import { LakeFileError } from '../lake/lake-file-errors.ts';
import { SQL_DIALECTS, type SqlDialect, SqlError } from '../lake/lake-sql.ts';
import { defineCommand } from './command.ts';

export const sqlCommand = defineCommand({
  name: 'sql',
  args: '"<query>"',
  positionals: { min: 1, max: 1 },
  summary: "Run Athena's SQL (engine v3, Trino) over the local lake, with the Athena table names.",
  details: [
    `Tables: ${LAKE_TABLES.filter((t) => t.format === 'raw')
      .map((t) => t.name)
      .join(' ')}`,
    `        ${LAKE_TABLES.filter((t) => t.format === 'parquet')
      .map((t) => t.name)
      .join(' ')}`,
    `Views:  ${LAKE_VIEWS.map((v) => `${v.name} (${v.table.name})`).join(' ')}`,
    'A query Athena would answer runs unchanged and answers as Athena does, or fails naming the',
    'construct the local engine does not have (README: Data lake and SQL).',
    'Reads the lake under SDP_DATA_DIR (DuckDB); the platform need not be running.',
  ].join('\n'),
  options: {
    format: { type: 'string', default: 'table', value: 'F', description: 'table (default), json or csv' },
    dialect: {
      type: 'string',
      default: 'athena',
      value: 'D',
      description: "athena (default) or duckdb: DuckDB's own SQL, as is (not Athena-valid)",
    },
  },
  async run({ values, positionals }) {
    const format = values.format as OutputFormat;
    if (!OUTPUT_FORMATS.includes(format)) {
      throw new UsageError(`--format must be one of ${OUTPUT_FORMATS.join(', ')}, got "${values.format}"`);
    }
    const dialect = values.dialect as SqlDialect;
    if (!SQL_DIALECTS.includes(dialect)) {
      throw new UsageError(`--dialect must be one of ${SQL_DIALECTS.join(', ')}, got "${values.dialect}"`);
    }
    const query = positionals[0] ?? '';
    if (query.trim() === '') throw new UsageError('the query is empty');
    try {
      console.log(await runSql(loadLocalConfig(), query, format, dialect));
      return 0;
    } catch (error) {
      if (error instanceof LakeFileError) throw new CommandError(error.message);
      if (!(error instanceof SqlError)) throw error;
      console.error(error.message);
      return 2;
    }
  },
});
