import { LAKE_TABLES, LAKE_VIEWS, type LakeTable, lakeTable } from '../../lambda/domain/lake/lake-tables.ts';
import { SqlError } from './sql-error.ts';

/** A metadata statement's answer: Athena runs these as Hive DDL, with these column names. */
export interface MetadataRows {
  readonly columns: string[];
  readonly rows: string[][];
}

const PARTITIONS = [
  { name: 'dt', type: 'string', comment: 'Arrival date, UTC (YYYY-MM-DD).' },
  { name: 'hr', type: 'string', comment: 'Arrival hour, UTC (00-23).' },
];

/** `SHOW TABLES [LIKE 'pattern']`: `*` matches any characters and `|` separates alternatives. */
export function showTables(like?: string): MetadataRows {
  const pattern =
    like === undefined
      ? undefined
      : new RegExp(
          `^(${like
            .split('|')
            .map((p) => p.trim().split('*').map(escapeRegExp).join('.*'))
            .join('|')})$`,
          'i',
        );
  // Athena lists views with the tables.
  const names = [...LAKE_TABLES, ...LAKE_VIEWS]
    .map((t) => t.name)
    .filter((name) => pattern?.test(name) ?? true)
    .sort();
  return { columns: ['tab_name'], rows: names.map((name) => [name]) };
}

/** `SHOW COLUMNS IN table`: the column names, partition columns last. */
export function showColumns(name: string): MetadataRows {
  const table = known(name);
  return { columns: ['field'], rows: [...table.columns, ...PARTITIONS].map((c) => [c.name]) };
}

/** `DESCRIBE table`: Hive's three columns, the partition columns repeated under their heading. */
export function describeTable(name: string): MetadataRows {
  const table = known(name);
  const row = (c: { name: string; type: string; comment: string }) => [c.name, c.type, c.comment];
  return {
    columns: ['col_name', 'data_type', 'comment'],
    rows: [
      ...table.columns.map(row),
      ...PARTITIONS.map(row),
      ['', '', ''],
      ['# Partition Information', '', ''],
      ['# col_name', 'data_type', 'comment'],
      ['', '', ''],
      ...PARTITIONS.map(row),
    ],
  };
}

function known(name: string): LakeTable {
  const table = lakeTable(name);
  if (table === undefined) {
    throw new SqlError(`Table sdp_lake.${name} does not exist\nTables: ${LAKE_TABLES.map((t) => t.name).join(', ')}`);
  }
  return table;
}

const escapeRegExp = (text: string) => text.replace(/[.+?^${}()[\]\\]/g, '\\$&');
