import type { LakeColumn } from '../domain/lake/lake-tables.ts';
import {
  APP_UID_COLUMN,
  type ErasureTarget,
  RECEIVE_TIME_COLUMNS,
  STRING_LITERAL,
  TEXT_COLUMNS,
  TX_ID_COLUMN,
} from '../domain/lifecycle/erasure-match.ts';
import { quoteIdentifier, quoteLiteral, type RowSelection } from './parquet-files.ts';

const INSERT_CHUNK = 1000;
const APP_TABLE = 'erased_app_uids';
const TX_TABLE = 'erased_tx_ids';

/**
 * The rows `ErasureMatcher` erases, in SQL over Parquet files with `columns`, or undefined when no
 * column can hold an id (the aggregates). The hashes go into temporary tables, so a user with a
 * hundred thousand transactions makes a join, not a statement of that size.
 */
export function erasedRows(target: ErasureTarget, columns: readonly LakeColumn[]): RowSelection | undefined {
  const names = new Set(columns.map((c) => c.name));
  const hash = (expression: string) => `sha256(${quoteLiteral(target.salt)} || ${expression})`;
  const anyHash = `(SELECT list(h) FROM (SELECT h FROM ${APP_TABLE} UNION ALL SELECT h FROM ${TX_TABLE}))`;
  const clauses: string[] = [];
  if (names.has(APP_UID_COLUMN)) {
    const times = RECEIVE_TIME_COLUMNS.filter((name) => names.has(name)).map(quoteIdentifier);
    const received =
      times.length > 0 ? `coalesce(coalesce(${times.join(', ')}) <= ${target.requestedAt}, true)` : 'true';
    clauses.push(
      `(coalesce(${hash(quoteIdentifier(APP_UID_COLUMN))} IN (SELECT h FROM ${APP_TABLE}), false) AND ${received})`,
    );
  }
  if (names.has(TX_ID_COLUMN)) {
    clauses.push(`coalesce(${hash(quoteIdentifier(TX_ID_COLUMN))} IN (SELECT h FROM ${TX_TABLE}), false)`);
  }
  for (const name of TEXT_COLUMNS.filter((text) => names.has(text))) {
    const literals = `regexp_extract_all(${quoteIdentifier(name)}, ${quoteLiteral(STRING_LITERAL.source)}, 1)`;
    clauses.push(`coalesce(list_has_any(list_transform(${literals}, x -> ${hash('x')}), ${anyHash}), false)`);
  }
  if (clauses.length === 0) return undefined;
  return {
    setup: [...hashTable(APP_TABLE, target.appUids), ...hashTable(TX_TABLE, target.txIds)],
    where: `(${clauses.join(' OR ')})`,
  };
}

/** The rows not erased: what a file keeps. */
export function keptRows(erased: RowSelection): RowSelection {
  return { setup: erased.setup, where: `NOT ${erased.where}` };
}

/**
 * The erased user's own rows in files with `columns` (their bids, and impressions or clicks joined
 * to them; a failed event's JSON text too), with the expression of their `tx_id`'s salted hash, or
 * undefined when the table cannot have such rows.
 */
export function ownedRows(
  target: ErasureTarget,
  columns: readonly LakeColumn[],
): { readonly selection: RowSelection; readonly txIdHash: string } | undefined {
  const names = new Set(columns.map((c) => c.name));
  if (!names.has(TX_ID_COLUMN)) return undefined;
  const hash = (expression: string) => `sha256(${quoteLiteral(target.salt)} || ${expression})`;
  const times = RECEIVE_TIME_COLUMNS.filter((name) => names.has(name)).map(quoteIdentifier);
  const received = times.length > 0 ? `coalesce(coalesce(${times.join(', ')}) <= ${target.requestedAt}, true)` : 'true';
  const owners: string[] = [];
  if (names.has(APP_UID_COLUMN)) owners.push(quoteIdentifier(APP_UID_COLUMN));
  for (const name of TEXT_COLUMNS.filter((text) => names.has(text))) {
    const column = quoteIdentifier(name);
    owners.push(`CASE WHEN json_valid(${column}) THEN json_extract_string(${column}, '$.app_uid') END`);
  }
  if (owners.length === 0) return undefined;
  const owned = owners.map((owner) => `coalesce(${hash(owner)} IN (SELECT h FROM ${APP_TABLE}), false)`).join(' OR ');
  return {
    selection: {
      setup: hashTable(APP_TABLE, target.appUids),
      where: `${quoteIdentifier(TX_ID_COLUMN)} IS NOT NULL AND (${owned}) AND ${received}`,
    },
    txIdHash: hash(quoteIdentifier(TX_ID_COLUMN)),
  };
}

function hashTable(table: string, hashes: ReadonlySet<string>): string[] {
  const values = [...hashes];
  const statements = [`CREATE OR REPLACE TEMP TABLE ${table} (h VARCHAR)`];
  for (let i = 0; i < values.length; i += INSERT_CHUNK) {
    const chunk = values.slice(i, i + INSERT_CHUNK);
    statements.push(`INSERT INTO ${table} VALUES ${chunk.map((h) => `(${quoteLiteral(h)})`).join(', ')}`);
  }
  return statements;
}
