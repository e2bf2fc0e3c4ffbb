import { HOUR_MS, type Partition, partitionStart } from '../lake/lake-layout.ts';
import { LAKE_FORMATS, type LakeFormat, tableName } from '../lake/lake-tables.ts';
import { STREAM_NAMES, type StreamName } from '../streams.ts';

/**
 * How long the lake keeps each table, in days (null: for ever), and its error records. Set per
 * table or per format (`raw`, `parquet`) with the CDK context key `sdp:retentionDays` or the local
 * variable `SDP_RETENTION_DAYS`, e.g. `raw=30,parquet_bcns=400,errors=14` or the same as JSON.
 * A partition goes once its whole hour is older than its table's days.
 */
export type Retention = Readonly<Record<string, number | null>>;

/** The errors prefix (records the writers could not convert) has a retention of its own. */
export const ERRORS_KEY = 'errors';
export const RETENTION_DEFAULTS = { raw: 90, parquet: null, errors: 30 } as const;
const MAX_DAYS = 36_500;

/** Every key a retention may set: the formats, the errors, then each table. */
export function retentionKeys(streams: readonly StreamName[] = STREAM_NAMES): string[] {
  return [...LAKE_FORMATS, ERRORS_KEY, ...LAKE_FORMATS.flatMap((f) => streams.map((s) => tableName(f, s)))];
}

/**
 * Parses a retention setting into days per table and for the errors. `raw` and `parquet` set every
 * table of that format; a table's own key wins. `source` names the setting in errors.
 */
export function parseRetention(
  raw: unknown,
  source: string,
  defaults: {
    readonly raw: number | null;
    readonly parquet: number | null;
    readonly errors: number | null;
  } = RETENTION_DEFAULTS,
): Retention {
  const given = entries(raw, source);
  const keys = retentionKeys();
  for (const key of Object.keys(given)) {
    if (!keys.includes(key)) {
      throw new Error(`${source} names "${key}", which is not one of ${keys.join(', ')}`);
    }
  }
  const days = (key: string, fallback: number | null) => (key in given ? (given[key] as number | null) : fallback);
  const formats: Record<LakeFormat, number | null> = {
    raw: days('raw', defaults.raw),
    parquet: days('parquet', defaults.parquet),
  };
  const retention: Record<string, number | null> = { [ERRORS_KEY]: days(ERRORS_KEY, defaults.errors) };
  for (const format of LAKE_FORMATS) {
    for (const stream of STREAM_NAMES) {
      const table = tableName(format, stream);
      retention[table] = days(table, formats[format]);
    }
  }
  return retention;
}

function entries(raw: unknown, source: string): Record<string, number | null> {
  if (raw === undefined || raw === null || raw === '') return {};
  let value: unknown = raw;
  if (typeof raw === 'string') {
    value = raw.trim().startsWith('{')
      ? parseJson(raw, source)
      : Object.fromEntries(
          raw.split(',').map((pair) => {
            const [key = '', days = ''] = pair.split('=').map((part) => part.trim());
            if (key === '' || days === '') {
              throw new Error(`${source} must be table=days pairs separated by commas, got "${raw}"`);
            }
            return [key, days];
          }),
        );
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new Error(`${source} must be an object of table → days, got ${JSON.stringify(raw)}`);
  }
  const result: Record<string, number | null> = {};
  for (const [key, days] of Object.entries(value)) {
    if (days === null || days === 'forever') result[key] = null;
    else {
      const n = Number(days);
      if (!Number.isInteger(n) || n < 1 || n > MAX_DAYS) {
        throw new Error(
          `${source}: ${key} must be a whole number of days from 1 to ${MAX_DAYS} or "forever", got ${JSON.stringify(days)}`,
        );
      }
      result[key] = n;
    }
  }
  return result;
}

function parseJson(raw: string, source: string): unknown {
  try {
    return JSON.parse(raw);
  } catch {
    throw new Error(`${source} is not valid JSON: ${raw}`);
  }
}

/** Whether a partition kept `days` days has gone by `now`: its whole hour is older than that. */
export function expired(partition: Partition, days: number | null, now: number): boolean {
  return days !== null && partitionStart(partition) + HOUR_MS + days * 24 * HOUR_MS <= now;
}
