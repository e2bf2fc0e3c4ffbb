import { EVENT_KINDS, EVENT_SPECS, type FieldSpec, fieldEntries } from '../events.ts';
import { FAILED_EVENT_REASONS } from '../failed-events/failed-event.ts';
import { STREAM_NAMES, type StreamName } from '../streams.ts';

/** A Glue/Parquet column: the lake's view of a stream record field. */
export interface LakeColumn {
  readonly name: string;
  readonly type: 'string' | 'bigint';
  readonly comment: string;
}

/** The two tables every stream lands in (SPEC.md §7): raw gzip NDJSON and Parquet. */
export type LakeFormat = 'raw' | 'parquet';
export const LAKE_FORMATS: readonly LakeFormat[] = ['raw', 'parquet'];

export interface LakeTable {
  /** Glue and DuckDB table name, e.g. `parquet_bcns`. */
  readonly name: string;
  readonly stream: StreamName;
  readonly format: LakeFormat;
  readonly columns: readonly LakeColumn[];
}

const glueType = (field: FieldSpec): LakeColumn['type'] => (field.type === 'integer' ? 'bigint' : 'string');
const column = (name: string, field: FieldSpec, comment = field.description): LakeColumn => ({
  name,
  type: glueType(field),
  comment,
});
const epochMs = (name: string, comment: string): LakeColumn => ({ name, type: 'bigint', comment });
const count = (name: string, comment: string): LakeColumn => ({ name, type: 'bigint', comment });

/**
 * Columns of `raw_bcns`/`parquet_bcns`: the union of the three event kinds' fields in schema
 * order (first definition wins), then the server fields.
 */
export function bcnsColumns(): LakeColumn[] {
  const columns = new Map<string, LakeColumn>();
  for (const kind of EVENT_KINDS) {
    for (const [name, field] of fieldEntries(kind)) {
      if (!columns.has(name)) columns.set(name, column(name, field));
    }
  }
  columns.set('type', { name: 'type', type: 'string', comment: 'bid, imp or click; set by the server.' });
  columns.set('timestamp', epochMs('timestamp', 'Receive time, epoch milliseconds (UTC).'));
  return [...columns.values()];
}

/** The bid's fields as they appear on a joined record; the bid's offered price becomes `bid_price`. */
function bidColumns(): LakeColumn[] {
  return fieldEntries('bid').map(([name, field]) =>
    name === 'win_price'
      ? column('bid_price', field, 'The price offered by the bid, micro-units.')
      : column(name, field),
  );
}

/** Columns of the `impressions` stream: an impression joined to its bid (JoinedImpression). */
export function impressionColumns(): LakeColumn[] {
  return [
    ...bidColumns(),
    column('win_price', EVENT_SPECS.impression.fields.win_price),
    epochMs('bid_timestamp', 'Receive time of the bid, epoch milliseconds (UTC).'),
    epochMs('timestamp', 'Receive time of the impression, epoch milliseconds (UTC).'),
  ];
}

/** Columns of the `clicks` stream: a click joined to its impression and bid (JoinedClick). */
export function clickColumns(): LakeColumn[] {
  return [
    ...bidColumns(),
    column('win_price', EVENT_SPECS.impression.fields.win_price),
    epochMs('bid_timestamp', 'Receive time of the bid, epoch milliseconds (UTC).'),
    epochMs('impression_timestamp', 'Receive time of the impression, epoch milliseconds (UTC).'),
    epochMs('timestamp', 'Receive time of the click, epoch milliseconds (UTC).'),
  ];
}

/** Columns of the `aggregates` stream: one campaign × window with absolute counts (Aggregate). */
export function aggregateColumns(): LakeColumn[] {
  return [
    column('campaign_item_id', EVENT_SPECS.bid.fields.campaign_item_id),
    { name: 'period', type: 'string', comment: 'Window start, ISO-8601 UTC, e.g. 2026-11-22T10:15:00Z.' },
    count('bids', 'Bids in the window.'),
    count('impressions', 'Impressions joined to a bid of the window.'),
    count('clicks', 'Clicks joined to an impression of the window.'),
    count('spend', 'Sum of the counted impressions’ clearing prices, micro-units.'),
    count('version', 'bids + impressions + clicks: grows with every correction of the window.'),
  ];
}

/** Columns of the `failed_events` stream: a record a stage refused, with the reason (FailedEvent). */
export function failedEventColumns(): LakeColumn[] {
  const text = (name: string, comment: string): LakeColumn => ({ name, type: 'string', comment });
  return [
    text('reason', `Why it was refused: ${FAILED_EVENT_REASONS.join(', ')}.`),
    text('stage', 'The stage that refused it: aggregation or reports.'),
    text('tx_id', 'The transaction, when the record has one.'),
    text('type', 'bid, imp, click or aggregate; null for a malformed record.'),
    epochMs('event_timestamp', 'The record’s own event time, epoch milliseconds (UTC); null if malformed.'),
    text('event', 'The original record as JSON text (a malformed one exactly as received).'),
    epochMs('timestamp', 'When the stage refused it, epoch milliseconds (UTC).'),
  ];
}

const COLUMNS: Record<StreamName, () => LakeColumn[]> = {
  bcns: bcnsColumns,
  impressions: impressionColumns,
  clicks: clickColumns,
  aggregates: aggregateColumns,
  failed_events: failedEventColumns,
};

export const tableName = (format: LakeFormat, stream: StreamName) => `${format}_${stream}`;

/** The tables of SPEC.md §7 (two per stream), raw first, in stream order. */
export const LAKE_TABLES: readonly LakeTable[] = LAKE_FORMATS.flatMap((format) =>
  STREAM_NAMES.map((stream) => ({ name: tableName(format, stream), stream, format, columns: COLUMNS[stream]() })),
);

/**
 * Views over the tables, created by `sdp sql` locally and as Glue views (Athena) on AWS:
 * `failed_events` is the Parquet copy, the one the operators query.
 */
export interface LakeView {
  readonly name: string;
  readonly table: LakeTable;
}

export const LAKE_VIEWS: readonly LakeView[] = [
  { name: 'failed_events', table: LAKE_TABLES.find((t) => t.name === 'parquet_failed_events') as LakeTable },
];

/** A view's SQL, the same text for DuckDB and Athena (Trino). */
export function viewSql(view: LakeView): string {
  return `SELECT ${[...view.table.columns.map((c) => c.name), 'dt', 'hr'].join(', ')} FROM ${view.table.name}`;
}

export function lakeTable(name: string): LakeTable | undefined {
  return LAKE_TABLES.find((table) => table.name === name);
}

/** The columns of `parquet_<stream>`, the schema every Parquet file of the stream is written with. */
export function parquetColumns(stream: StreamName): readonly LakeColumn[] {
  return COLUMNS[stream]();
}
