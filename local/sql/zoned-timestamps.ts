import { notLocal } from './sql-error.ts';

/**
 * Trino's `timestamp with time zone` keeps its zone; DuckDB's TIMESTAMPTZ is an instant shown in the
 * session zone (UTC here). A value put in another zone (`AT TIME ZONE`, `at_timezone`, `with_timezone`,
 * a zoned literal) is translated as its instant, and where the zone shows (field extraction,
 * formatting, a selected column) the translator uses these expressions instead.
 */
export const isUtcZone = (zone: string) => /^(UTC|Z|Etc\/UTC|GMT|[+-]00:?00)$/i.test(zone.trim());

const OFFSET = /^([+-])(\d{2}):?(\d{2})$/;

/** The zone as Trino prints it: offsets as ±HH:MM, region names as given. */
export function zoneName(zone: string): string {
  const offset = OFFSET.exec(zone.trim());
  return offset ? `${offset[1]}${offset[2]}:${offset[3]}` : zone.trim();
}

function offsetMinutes(zone: string): number | undefined {
  const offset = OFFSET.exec(zone.trim());
  if (!offset) return undefined;
  return (offset[1] === '-' ? -1 : 1) * (Number(offset[2]) * 60 + Number(offset[3]));
}

const quote = (text: string) => `'${text.replaceAll("'", "''")}'`;

/** The wall-clock TIMESTAMP of an instant in a zone. */
export function wallClock(instant: string, zone: string): string {
  const minutes = offsetMinutes(zone);
  if (minutes !== undefined) return `(timezone('UTC', ${instant}) + INTERVAL '${minutes} minutes')`;
  return `timezone(${quote(zoneName(zone))}, ${instant})`;
}

/** The instant (TIMESTAMPTZ) at which a wall-clock TIMESTAMP occurs in a zone. */
export function instantAt(wall: string, zone: string): string {
  const minutes = offsetMinutes(zone);
  if (minutes !== undefined) return `timezone('UTC', CAST(${wall} AS TIMESTAMP) - INTERVAL '${minutes} minutes')`;
  return `timezone(${quote(zoneName(zone))}, CAST(${wall} AS TIMESTAMP))`;
}

/** How Athena prints the value: `2012-10-30 18:00:00.000 America/Los_Angeles`. */
export function zonedText(instant: string, zone: string): string {
  return `(strftime(${wallClock(instant, zone)}, '%Y-%m-%d %H:%M:%S.%g') || ${quote(` ${zoneName(zone)}`)})`;
}

/** Functions that read a zoned value's wall clock (fields, formatting) rather than its instant. */
export const WALL_CLOCK_FUNCTIONS = new Set([
  'year',
  'quarter',
  'month',
  'week',
  'week_of_year',
  'year_of_week',
  'yow',
  'day',
  'day_of_month',
  'day_of_week',
  'dow',
  'day_of_year',
  'doy',
  'hour',
  'minute',
  'second',
  'millisecond',
  'date',
  'date_format',
  'last_day_of_month',
]);

/** Refuses a zoned value where this translation cannot keep its zone. */
export function zoneLost(what: string, zone: string): never {
  throw notLocal(
    `${what} on a timestamp in time zone ${zoneName(zone)}`,
    'the local engine keeps only its instant there',
  );
}
