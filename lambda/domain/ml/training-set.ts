import { AWS_DEFAULTS } from '../aggregation/aggregation-config.ts';
import { CANARY_CAMPAIGN_ID } from '../ops/canary.ts';
import { type BidFeatures, fnv1a } from './features.ts';

export interface TrainingSetOptions {
  /**
   * A bid is labelled by an impression at most this far from it, either order (SPEC.md §5); bids
   * younger than this before the newest event may still get theirs, so they are left out.
   * @default 300_000 (the aggregation default, 5 minutes)
   */
  readonly attributionWindowMs?: number;
  /**
   * UTC days of bids the set covers, the run's day included: the partitions a run reads, and so its
   * Athena scan and its export, stay bounded however long the lake grows.
   * @default 7
   */
  readonly lookbackDays?: number;
}

/** The training-set query and the values of its parameters. */
export interface TrainingSetQuery {
  /** The query; each `?` stands for the run's UTC day as `YYYY-MM-DD`. */
  readonly sql: string;
  /** How many `?` the query has: Athena's ExecutionParameters bind them by position. */
  readonly dayParameters: number;
}

export const DEFAULT_LOOKBACK_DAYS = 7;

/**
 * The training set (SPEC.md §8) as one query over `parquet_bcns`: each bid once (its first copy:
 * retries repeat a bid), its features, and label 1 when an impression of the same `tx_id` arrived
 * within the attribution window. The freshness canary's bids are left out. It reads only the arrival
 * partitions (`dt`) of the last `lookbackDays` days up to the run's day, plus the day before them for
 * impressions that came ahead of their bid. One text for both engines: Athena's SQL (engine v3,
 * Trino), which Athena runs on AWS and `LakeSql` translates for DuckDB locally
 * (local/sql/athena-translate.ts); the run's day is a parameter, so the text is the same for every run.
 */
export function trainingSetQuery(options: TrainingSetOptions = {}): TrainingSetQuery {
  const window = options.attributionWindowMs ?? AWS_DEFAULTS.attribution_window_seconds * 1000;
  if (!Number.isSafeInteger(window) || window < 0) {
    throw new Error(`attributionWindowMs must be a non-negative integer, got ${window}`);
  }
  const days = options.lookbackDays ?? DEFAULT_LOOKBACK_DAYS;
  if (!Number.isSafeInteger(days) || days < 1 || days > 3650) {
    throw new Error(`lookbackDays must be an integer from 1 to 3650, got ${days}`);
  }
  // 'YYYY-MM-DD' `back` days before the run's day: DATE - INTERVAL is a DATE in Trino and a TIMESTAMP
  // in DuckDB, hence the cast back to DATE before the one to VARCHAR.
  const dayBefore = (back: number) => `CAST(CAST(CAST(? AS DATE) - INTERVAL '${back}' DAY AS DATE) AS VARCHAR)`;
  const partitions = (back: number) => `dt >= ${dayBefore(back)} AND dt <= ?`;
  const sql = `WITH bid_copies AS (
  SELECT tx_id, campaign_item_id, domain, creative_id, creative_category, win_price, "timestamp",
    row_number() OVER (PARTITION BY tx_id ORDER BY "timestamp") AS copy_rank
  FROM parquet_bcns
  WHERE ${partitions(days - 1)} AND type = 'bid' AND campaign_item_id <> ${CANARY_CAMPAIGN_ID}
),
bids AS (
  SELECT tx_id, campaign_item_id, domain, creative_id, creative_category, win_price, "timestamp"
  FROM bid_copies
  WHERE copy_rank = 1
    AND "timestamp" <= (SELECT max("timestamp") FROM parquet_bcns WHERE ${partitions(days - 1)}) - ${window}
),
impressions AS (
  SELECT DISTINCT tx_id, "timestamp" FROM parquet_bcns WHERE ${partitions(days)} AND type = 'imp'
)
SELECT b.tx_id, b.campaign_item_id, b.domain, b.creative_id, b.creative_category, b.win_price,
  max(CASE WHEN i.tx_id IS NULL THEN 0 ELSE 1 END) AS label
FROM bids b
LEFT JOIN impressions i
  ON i.tx_id = b.tx_id AND i."timestamp" BETWEEN b."timestamp" - ${window} AND b."timestamp" + ${window}
GROUP BY b.tx_id, b.campaign_item_id, b.domain, b.creative_id, b.creative_category, b.win_price
ORDER BY b.tx_id`;
  return { sql, dayParameters: sql.split('?').length - 1 };
}

/**
 * The values of a {@link TrainingSetQuery}'s parameters for a run on `runDay`'s UTC day, as Athena's
 * ExecutionParameters take them: SQL literals (`'2026-11-22'`), substituted for the `?` in order.
 */
export function trainingSetParameters(query: TrainingSetQuery, runDay: Date): string[] {
  if (Number.isNaN(runDay.getTime())) throw new Error('runDay must be a valid date');
  return Array<string>(query.dayParameters).fill(`'${runDay.toISOString().slice(0, 10)}'`);
}

/** `sql` with each `?` replaced by the next literal, as Athena applies ExecutionParameters. */
export function bindParameters(sql: string, literals: readonly string[]): string {
  const parts = sql.split('?');
  if (parts.length - 1 !== literals.length) {
    throw new Error(`The query has ${parts.length - 1} parameters, got ${literals.length} values`);
  }
  return parts.reduce((bound, part, i) => `${bound}${literals[i - 1]}${part}`);
}

/** One row of the training set, typed. */
export interface LabelledBid {
  readonly txId: string;
  readonly label: 0 | 1;
  readonly features: BidFeatures;
}

/**
 * A row of {@link trainingSetQuery}'s result as either engine returns it: DuckDB gives BIGINT columns as
 * bigint, Athena gives every column as a string.
 */
export function parseTrainingRow(row: Record<string, unknown>): LabelledBid {
  const label = toNumber(row, 'label');
  if (label !== 0 && label !== 1) throw new Error(`training row ${String(row.tx_id)}: label must be 0 or 1`);
  const campaign = toNumber(row, 'campaign_item_id');
  if (campaign === null) throw new Error(`training row ${String(row.tx_id)}: campaign_item_id is null`);
  if (typeof row.tx_id !== 'string') throw new Error(`training row: tx_id must be a string, got ${typeof row.tx_id}`);
  return {
    txId: row.tx_id,
    label,
    features: {
      campaign_item_id: campaign,
      domain: toText(row, 'domain'),
      creative_id: toText(row, 'creative_id'),
      creative_category: toText(row, 'creative_category'),
      win_price: toNumber(row, 'win_price'),
    },
  };
}

/** The share of bids held out for evaluation, in percent. */
export const HOLDOUT_PERCENT = 20;

/**
 * Whether a bid belongs to the holdout: by a hash of its `tx_id`, so a bid stays on its side across
 * retrainings and no model is ever evaluated on rows it, or the model it replaces, was trained on.
 */
export function isHoldout(txId: string): boolean {
  return fnv1a(`holdout:${txId}`) % 100 < HOLDOUT_PERCENT;
}

function toNumber(row: Record<string, unknown>, column: string): number | null {
  const value = row[column];
  if (value === null || value === undefined) return null;
  const number = typeof value === 'string' && value !== '' ? Number(value) : value;
  if (typeof number === 'bigint' || (typeof number === 'number' && Number.isFinite(number))) return Number(number);
  throw new Error(`training row ${String(row.tx_id)}: ${column} is not a number: ${String(value)}`);
}

function toText(row: Record<string, unknown>, column: string): string | null {
  const value = row[column];
  if (value === null || value === undefined) return null;
  if (typeof value !== 'string') throw new Error(`training row ${String(row.tx_id)}: ${column} is not a string`);
  return value;
}
