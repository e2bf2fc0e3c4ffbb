/**
 * Athena (engine v3, Trino) queries over the fixture lake (athena-fixture-lake.ts) with the answers
 * Athena's semantics give, worked out by hand from the Trino documentation (functions/*.md, cited per
 * group), never by running the local engine. Cells are written as Athena's GetQueryResults returns
 * them: text, NULL as null, timestamps with milliseconds, doubles as Java prints them (1.0E10).
 */
export interface CorpusCase {
  readonly sql: string;
  /** Result column names; Trino names an unnamed expression _colN. */
  readonly columns?: readonly string[];
  /** Trino type names of the result columns. */
  readonly types?: readonly string[];
  readonly rows?: readonly (readonly (string | null)[])[];
  /** The query fails, with a message matching this. */
  readonly error?: RegExp;
}

// The six queries of issue 16, as a new user would write them.
const ISSUE: CorpusCase[] = [
  {
    // "timestamp"/1000 is bigint division (truncates); from_unixtime answers timestamp(3) with time zone.
    sql: `SELECT date_trunc('hour', from_unixtime("timestamp"/1000)) AS hour, count(*) AS events
          FROM parquet_bcns GROUP BY 1 ORDER BY 1`,
    columns: ['hour', 'events'],
    types: ['timestamp(3) with time zone', 'bigint'],
    rows: [
      ['2026-11-20 07:00:00.000 UTC', '6'],
      ['2026-11-20 08:00:00.000 UTC', '2'],
      ['2026-12-31 23:00:00.000 UTC', '1'],
      ['2027-01-01 00:00:00.000 UTC', '1'],
    ],
  },
  {
    // Five distinct app_uid values; approx_distinct is exact at this size (standard error 2.3%).
    sql: 'SELECT approx_distinct(app_uid) FROM parquet_bcns',
    columns: ['_col0'],
    types: ['bigint'],
    rows: [['5']],
  },
  {
    sql: `SELECT date_format(from_unixtime("timestamp"/1000), '%Y-%m-%d %H') AS hour, count(*) AS events
          FROM parquet_bcns GROUP BY 1 ORDER BY 1`,
    types: ['varchar', 'bigint'],
    rows: [
      ['2026-11-20 07', '6'],
      ['2026-11-20 08', '2'],
      ['2026-12-31 23', '1'],
      ['2027-01-01 00', '1'],
    ],
  },
  {
    sql: `SELECT domain, count(*) AS bids FROM parquet_bcns
          WHERE type = 'bid' AND regexp_like(domain, 'google') GROUP BY domain ORDER BY domain`,
    rows: [
      ['maps.google.com', '1'],
      ['www.google.com', '3'],
    ],
  },
  {
    // Five prices 450 600 800 900 1200: the value at rank floor(0.5 * 5) = 2 of the sorted list.
    sql: 'SELECT approx_percentile(win_price, 0.5) FROM parquet_impressions',
    types: ['bigint'],
    rows: [['800']],
  },
  {
    sql: `SELECT campaign_item_id, element_at(array_agg(domain ORDER BY "timestamp" DESC), 1) AS last_domain
          FROM parquet_bcns WHERE type = 'bid' GROUP BY campaign_item_id ORDER BY 1`,
    types: ['bigint', 'varchar'],
    rows: [
      ['100', 'shop.example.com'],
      ['200', 'www.google.com'],
      ['300', 'www.google.com'],
    ],
  },
];

// Where DuckDB and Trino differ: integer division, date_trunc types, %i/%M, NULL order, substr, round.
const EDGES: CorpusCase[] = [
  {
    // functions/math.md: integer division truncates toward zero; % keeps the dividend's sign.
    sql: 'SELECT 7 / 2, -7 / 2, 7 % 3, -7 % 3, 7.0 / 2e0',
    types: ['integer', 'integer', 'integer', 'integer', 'double'],
    rows: [['3', '-3', '1', '-1', '3.5']],
  },
  {
    // 12450 / 9 = 1383.33…: bigint / bigint is bigint, avg(bigint) is double.
    sql: 'SELECT sum(win_price) / count(*) AS per_row, avg(win_price) AS mean FROM parquet_bcns WHERE win_price IS NOT NULL',
    types: ['bigint', 'double'],
    rows: [['1383', '1383.3333333333333']],
  },
  {
    sql: 'SELECT typeof(7 / 2), typeof(7 / 2e0), typeof(count(*)), typeof(sum(win_price)), typeof(avg(win_price)) FROM parquet_bcns',
    rows: [['integer', 'double', 'bigint', 'bigint', 'double']],
  },
  { sql: 'SELECT count(*) / 0 FROM parquet_bcns', error: /^Division by zero$/ },
  { sql: 'SELECT try(n / 0) FROM (SELECT count(*) AS n FROM parquet_bcns)', rows: [[null]] },
  {
    // date_trunc returns the input's type: a date stays a date.
    sql: "SELECT date_trunc('month', DATE '2026-11-20'), date_trunc('day', TIMESTAMP '2026-11-20 07:30:00'), date_trunc('year', from_unixtime(1795158000))",
    types: ['date', 'timestamp(3)', 'timestamp(3) with time zone'],
    rows: [['2026-11-01', '2026-11-20 00:00:00.000', '2026-01-01 00:00:00.000 UTC']],
  },
  {
    // functions/datetime.md: date_trunc units, on 2001-08-22 03:04:05.321.
    sql: `SELECT date_trunc('second', t), date_trunc('minute', t), date_trunc('week', t), date_trunc('quarter', t)
          FROM (VALUES TIMESTAMP '2001-08-22 03:04:05.321') AS v(t)`,
    rows: [
      ['2001-08-22 03:04:05.000', '2001-08-22 03:04:00.000', '2001-08-20 00:00:00.000', '2001-07-01 00:00:00.000'],
    ],
  },
  {
    // MySQL specifiers: %i is minutes, %M the month name.
    sql: "SELECT date_format(TIMESTAMP '2026-11-20 07:05:09', '%i'), date_format(TIMESTAMP '2026-11-20 07:05:09', '%M')",
    rows: [['05', 'November']],
  },
  {
    sql: `SELECT date_format(t, '%a %b %e %c'), date_format(t, '%H %k %l %h %p'), date_format(t, '%j %y %W'),
            date_format(t, '%T'), date_format(t, '%r'), date_format(t, '%f'), date_format(t, '%s%%')
          FROM (VALUES TIMESTAMP '2026-11-20 07:05:09.123') AS v(t)`,
    rows: [['Fri Nov 20 11', '07 7 7 07 AM', '324 26 Friday', '07:05:09', '07:05:09 AM', '123000', '09%']],
  },
  {
    // NULLS LAST is the default whatever the direction.
    sql: "SELECT domain FROM parquet_bcns WHERE type = 'bid' ORDER BY domain DESC",
    rows: [
      ['www.google.com'],
      ['www.google.com'],
      ['www.google.com'],
      ['shop.example.com'],
      ['news.example.com'],
      ['maps.google.com'],
      [null],
    ],
  },
  {
    sql: "SELECT domain FROM parquet_bcns WHERE type = 'bid' ORDER BY domain NULLS FIRST LIMIT 2",
    rows: [[null], ['maps.google.com']],
  },
  {
    // functions/string.md: a negative start counts from the end; position 0 and past the end are empty.
    sql: "SELECT substr('Athena', -3), substr('Athena', -3, 2), substr('Athena', 2, 3), substr('Athena', 0), substr('Athena', 10), substr('Athena', -10)",
    rows: [['ena', 'en', 'the', '', '', '']],
  },
  {
    // round: half away from zero; a decimal keeps its scale; negative digits round to tens.
    sql: 'SELECT round(2.5), round(-2.5), round(0.5e0), round(-0.5e0), round(2.45, 1), round(1.25e0, 1), round(15, -1)',
    rows: [['3', '-3', '1.0', '-1.0', '2.50', '1.3', '20']],
  },
  {
    sql: 'SELECT approx_percentile(win_price, ARRAY[0.1, 0.5, 0.9]) FROM parquet_impressions',
    types: ['array(bigint)'],
    rows: [['[450, 800, 1200]']],
  },
  {
    sql: 'SELECT approx_percentile(win_price, 0.2), approx_percentile(win_price, 0), approx_percentile(win_price, 1) FROM parquet_impressions',
    rows: [['600', '450', '1200']],
  },
  {
    // Casts from double round half away from zero; from decimal likewise.
    sql: 'SELECT CAST(2.5e0 AS bigint), CAST(-2.5e0 AS bigint), CAST(3.49e0 AS integer), CAST(2.5 AS integer)',
    types: ['bigint', 'bigint', 'integer', 'integer'],
    rows: [['3', '-3', '3', '3']],
  },
  {
    sql: "SELECT try_cast('12' AS integer), try_cast('1.5' AS integer), try_cast('abc' AS bigint)",
    rows: [['12', null, null]],
  },
  { sql: "SELECT CAST('1.5' AS integer)", error: /Cannot cast '1\.5' to INT/ },
  {
    sql: "SELECT CAST(1.5e0 AS varchar), CAST(true AS varchar), CAST(DATE '2026-11-20' AS varchar), CAST(42 AS varchar), CAST(TIMESTAMP '2026-11-20 07:00:00' AS varchar)",
    rows: [['1.5', 'true', '2026-11-20', '42', '2026-11-20 07:00:00.000']],
  },
  {
    // Java's Double.toString: scientific notation from 10^7 on and below 10^-3.
    sql: 'SELECT CAST(1e10 AS varchar), CAST(12345678.9e0 AS varchar), CAST(-0.00025e0 AS varchar), CAST(9999999.5e0 AS varchar)',
    rows: [['1.0E10', '1.23456789E7', '-2.5E-4', '9999999.5']],
  },
  {
    sql: "SELECT split_part(domain, '.', 1), split_part(domain, '.', 4) FROM parquet_bcns WHERE tx_id = 'tx-5'",
    rows: [['maps', null]],
  },
  { sql: "SELECT split_part('a,b', ',', 0)", error: /Index must be greater than zero/ },
  {
    sql: "SELECT regexp_extract(domain, '^([a-z]+)\\.', 1), regexp_extract(domain, '[0-9]+') FROM parquet_bcns WHERE tx_id = 'tx-2'",
    rows: [['news', null]],
  },
  {
    // Doubles print as Java does: scientific notation from 10^7 on.
    sql: 'SELECT to_unixtime(from_unixtime(1795158000)), 1e10, 0.1e0 + 0.2e0, 1e0 / 4',
    types: ['double', 'double', 'double', 'double'],
    rows: [['1.795158E9', '1.0E10', '0.30000000000000004', '0.25']],
  },
];

// Aggregates (functions/aggregate.md).
const AGGREGATES: CorpusCase[] = [
  {
    // Names fold to lower case; non-reserved keywords (language/reserved.md) are plain aliases.
    sql: 'SELECT count(*) AS rows, count(DISTINCT tx_id) AS Tx_Ids, 1 AS first FROM parquet_bcns',
    columns: ['rows', 'tx_ids', 'first'],
    types: ['bigint', 'bigint', 'integer'],
    rows: [['10', '7', '1']],
  },
  { sql: 'SELECT count(*) FROM parquet_bcns', columns: ['_col0'], types: ['bigint'], rows: [['10']] },
  {
    sql: 'SELECT type, count(*) AS events FROM parquet_bcns GROUP BY type ORDER BY type',
    rows: [
      ['bid', '7'],
      ['click', '1'],
      ['imp', '2'],
    ],
  },
  {
    sql: "SELECT max(win_price, 2), min(win_price, 2) FROM parquet_bcns WHERE type = 'bid'",
    types: ['array(bigint)', 'array(bigint)'],
    rows: [['[3000, 2500]', '[500, 700]']],
  },
  {
    sql: "SELECT count_if(type = 'bid'), count_if(win_price > 1000) FROM parquet_bcns",
    types: ['bigint', 'bigint'],
    rows: [['7', '4']],
  },
  {
    sql: "SELECT max_by(tx_id, win_price), min_by(tx_id, win_price) FROM parquet_bcns WHERE type = 'bid'",
    rows: [['tx-4', 'tx-3']],
  },
  {
    sql: "SELECT campaign_item_id, arbitrary(creative_category) FROM parquet_bcns WHERE tx_id = 'tx-4' GROUP BY 1",
    rows: [['200', 'IAB1']],
  },
  {
    sql: "SELECT count(*) FILTER (WHERE type = 'imp'), sum(win_price) FILTER (WHERE type = 'imp') FROM parquet_bcns",
    rows: [['2', '1250']],
  },
  {
    sql: "SELECT bool_and(win_price > 400), bool_or(win_price > 2900), every(win_price > 600) FROM parquet_bcns WHERE type = 'bid'",
    types: ['boolean', 'boolean', 'boolean'],
    rows: [['true', 'true', 'false']],
  },
  {
    // Population standard deviation 2, sample variance 32 / 7.
    sql: 'SELECT stddev_pop(x), var_samp(x) FROM (VALUES 2, 4, 4, 4, 5, 5, 7, 9) AS t(x)',
    rows: [['2.0', '4.571428571428571']],
  },
  {
    sql: "SELECT cardinality(array_agg(tx_id)), contains(array_agg(tx_id), 'tx-3'), contains(array_agg(tx_id), 'tx-9') FROM parquet_bcns",
    rows: [['10', 'true', 'false']],
  },
  {
    sql: "SELECT array_join(array_agg(tx_id ORDER BY tx_id), ',') FROM parquet_bcns WHERE type = 'imp'",
    rows: [['tx-1,tx-3']],
  },
  {
    sql: "SELECT element_at(m, 'tx-4'), cardinality(m), m['tx-1'] FROM (SELECT map_agg(tx_id, win_price) AS m FROM parquet_bcns WHERE type = 'bid')",
    types: ['bigint', 'bigint', 'bigint'],
    rows: [['3000', '7', '1000']],
  },
  {
    sql: "SELECT CAST(count_if(type = 'imp') AS double) / count_if(type = 'bid') FROM parquet_bcns",
    types: ['double'],
    rows: [['0.2857142857142857']],
  },
  {
    sql: "SELECT campaign_item_id, count(*) FROM parquet_bcns WHERE type = 'bid' GROUP BY campaign_item_id HAVING count(*) > 2",
    rows: [['100', '3']],
  },
  {
    // The latest version of each window is what the reports serve.
    sql: 'SELECT campaign_item_id, period, max_by(clicks, version) AS clicks, max(version) FROM parquet_aggregates GROUP BY 1, 2 ORDER BY 1',
    rows: [
      ['100', '2026-11-20T07:00:00Z', '1', '4'],
      ['200', '2026-11-20T07:00:00Z', '1', '3'],
    ],
  },
];

// Grouping (sql/select.md: GROUPING SETS, ROLLUP, CUBE, grouping()).
const GROUPING: CorpusCase[] = [
  {
    sql: "SELECT campaign_item_id, count(*) AS n FROM parquet_bcns WHERE type = 'bid' GROUP BY GROUPING SETS ((campaign_item_id), ()) ORDER BY campaign_item_id",
    rows: [
      ['100', '3'],
      ['200', '2'],
      ['300', '2'],
      [null, '7'],
    ],
  },
  {
    sql: 'SELECT dt, hr, count(*) FROM parquet_bcns GROUP BY ROLLUP (dt, hr) ORDER BY dt, hr',
    rows: [
      ['2026-11-20', '07', '6'],
      ['2026-11-20', '08', '2'],
      ['2026-11-20', null, '8'],
      ['2026-12-31', '23', '1'],
      ['2026-12-31', null, '1'],
      ['2027-01-01', '00', '1'],
      ['2027-01-01', null, '1'],
      [null, null, '10'],
    ],
  },
  {
    sql: 'SELECT type, grouping(type) AS g, count(*) AS n FROM parquet_bcns GROUP BY CUBE (type) ORDER BY g, type',
    rows: [
      ['bid', '0', '7'],
      ['click', '0', '1'],
      ['imp', '0', '2'],
      [null, '1', '10'],
    ],
  },
];

// Window functions (functions/window.md).
const WINDOWS: CorpusCase[] = [
  {
    sql: 'SELECT x, first_value(x) IGNORE NULLS OVER (ORDER BY x NULLS FIRST) FROM (VALUES 1, NULL, 2) AS t(x) ORDER BY x NULLS FIRST',
    rows: [
      [null, null],
      ['1', '1'],
      ['2', '1'],
    ],
  },
  {
    sql: `SELECT tx_id, row_number() OVER (PARTITION BY campaign_item_id ORDER BY "timestamp") AS rn
          FROM parquet_bcns WHERE type = 'bid' ORDER BY tx_id`,
    types: ['varchar', 'bigint'],
    rows: [
      ['tx-1', '1'],
      ['tx-2', '2'],
      ['tx-3', '1'],
      ['tx-4', '2'],
      ['tx-5', '1'],
      ['tx-6', '2'],
      ['tx-7', '3'],
    ],
  },
  {
    sql: `SELECT domain, rank() OVER (ORDER BY n DESC) AS r, dense_rank() OVER (ORDER BY n DESC) AS d
          FROM (SELECT domain, count(*) AS n FROM parquet_bcns WHERE type = 'bid' AND domain IS NOT NULL GROUP BY domain)
          ORDER BY domain`,
    rows: [
      ['maps.google.com', '2', '2'],
      ['news.example.com', '2', '2'],
      ['shop.example.com', '2', '2'],
      ['www.google.com', '1', '1'],
    ],
  },
  {
    sql: `SELECT tx_id, sum(win_price) OVER (ORDER BY "timestamp" ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS running
          FROM parquet_bcns WHERE type = 'bid' ORDER BY "timestamp"`,
    types: ['varchar', 'bigint'],
    rows: [
      ['tx-1', '1000'],
      ['tx-2', '3000'],
      ['tx-3', '3500'],
      ['tx-4', '6500'],
      ['tx-5', '8000'],
      ['tx-6', '10500'],
      ['tx-7', '11200'],
    ],
  },
  {
    sql: `SELECT tx_id, lag(tx_id) OVER (ORDER BY "timestamp") AS before, lead(win_price, 1, 0) OVER (ORDER BY "timestamp") AS next_price
          FROM parquet_bcns WHERE type = 'bid' ORDER BY "timestamp"`,
    rows: [
      ['tx-1', null, '2000'],
      ['tx-2', 'tx-1', '500'],
      ['tx-3', 'tx-2', '3000'],
      ['tx-4', 'tx-3', '1500'],
      ['tx-5', 'tx-4', '2500'],
      ['tx-6', 'tx-5', '700'],
      ['tx-7', 'tx-6', '0'],
    ],
  },
  {
    sql: `SELECT tx_id, count_if(type = 'imp') OVER (PARTITION BY tx_id) AS imps
          FROM parquet_bcns WHERE type = 'bid' AND campaign_item_id = 200 ORDER BY tx_id`,
    rows: [
      ['tx-3', '0'],
      ['tx-4', '0'],
    ],
  },
];

// Dates and times (functions/datetime.md); Athena's session zone is UTC.
const DATETIME: CorpusCase[] = [
  {
    sql: "SELECT from_unixtime(0), from_unixtime(0) AT TIME ZONE 'UTC'",
    types: ['timestamp(3) with time zone', 'timestamp(3) with time zone'],
    rows: [['1970-01-01 00:00:00.000 UTC', '1970-01-01 00:00:00.000 UTC']],
  },
  {
    sql: `SELECT from_unixtime("timestamp" / 1e3) FROM parquet_bcns WHERE tx_id = 'tx-4'`,
    rows: [['2026-11-20 08:15:00.999 UTC']],
  },
  {
    sql: `SELECT hour(t), minute(t), second(t), millisecond(t), day_of_week(t), day_of_year(t), week(t), year(t), month(t), quarter(t), day(t)
          FROM (SELECT from_unixtime(1795162500.999e0) AS t)`,
    types: Array(11).fill('bigint'),
    rows: [['8', '15', '0', '999', '5', '324', '47', '2026', '11', '4', '20']],
  },
  {
    // 2027-01-01 is a Friday of ISO week 53 of 2026.
    sql: `SELECT tx_id, year(from_unixtime("timestamp" / 1000)), week(from_unixtime("timestamp" / 1000)), year_of_week(from_unixtime("timestamp" / 1000))
          FROM parquet_bcns WHERE dt >= '2026-12-31' ORDER BY tx_id`,
    rows: [
      ['tx-6', '2026', '53', '2026'],
      ['tx-7', '2027', '53', '2026'],
    ],
  },
  {
    sql: "SELECT extract(YEAR FROM DATE '2026-11-20'), extract(DOW FROM DATE '2026-11-20'), extract(HOUR FROM TIMESTAMP '2026-11-20 07:05:09')",
    rows: [['2026', '5', '7']],
  },
  {
    // date_diff counts whole units: 07:30 to 09:10 is one hour.
    sql: `SELECT date_add('day', 1, DATE '2026-12-31'), date_add('hour', 1, TIMESTAMP '2026-12-31 23:30:00'),
            date_diff('day', DATE '2026-11-20', DATE '2027-01-01'), date_diff('hour', TIMESTAMP '2026-11-20 07:30:00', TIMESTAMP '2026-11-20 09:10:00')`,
    types: ['date', 'timestamp(3)', 'bigint', 'bigint'],
    rows: [['2027-01-01', '2027-01-01 00:30:00.000', '42', '1']],
  },
  { sql: "SELECT date_add('month', 1, DATE '2026-01-31')", rows: [['2026-02-28']] },
  {
    sql: "SELECT date_parse('2026/11/20 07', '%Y/%m/%d %H')",
    types: ['timestamp(3)'],
    rows: [['2026-11-20 07:00:00.000']],
  },
  {
    sql: "SELECT format_datetime(from_unixtime(1795162500), 'yyyy-MM-dd HH:mm:ss'), format_datetime(from_unixtime(1795162500), 'EEE, d MMM yyyy')",
    rows: [['2026-11-20 08:15:00', 'Fri, 20 Nov 2026']],
  },
  {
    sql: "SELECT to_iso8601(DATE '2026-11-20'), to_iso8601(from_unixtime(1795162500))",
    rows: [['2026-11-20', '2026-11-20T08:15:00.000Z']],
  },
  {
    sql: "SELECT DATE '2026-12-31' + INTERVAL '1' DAY, TIMESTAMP '2026-12-31 23:00:00' + INTERVAL '2' HOUR",
    types: ['date', 'timestamp(3)'],
    rows: [['2027-01-01', '2027-01-01 01:00:00.000']],
  },
  {
    sql: "SELECT count(*) FROM parquet_bcns WHERE CAST(dt AS date) BETWEEN DATE '2026-12-01' AND DATE '2027-12-31'",
    rows: [['2']],
  },
  {
    sql: "SELECT date(from_unixtime(1798761599)), last_day_of_month(DATE '2026-02-10')",
    types: ['date', 'date'],
    rows: [['2026-12-31', '2026-02-28']],
  },
  {
    sql: 'SELECT DISTINCT from_iso8601_timestamp(period) FROM parquet_aggregates',
    types: ['timestamp(3) with time zone'],
    rows: [['2026-11-20 07:00:00.000 UTC']],
  },
  {
    sql: `SELECT count(*) FROM parquet_bcns WHERE from_unixtime("timestamp" / 1000) >= TIMESTAMP '2026-11-20 08:00:00'`,
    rows: [['4']],
  },
];

// functions/datetime.md's own examples (date_add, date_diff, from_iso8601_timestamp, from_unixtime), and
// what its definitions give at month and year ends (Joda's field differences).
const DATETIME_DOCS: CorpusCase[] = [
  {
    sql: `SELECT date_add('second', 86, TIMESTAMP '2020-03-01 00:00:00'), date_add('hour', 9, TIMESTAMP '2020-03-01 00:00:00'),
            date_add('day', -1, TIMESTAMP '2020-03-01 00:00:00 UTC')`,
    types: ['timestamp(3)', 'timestamp(3)', 'timestamp(3) with time zone'],
    rows: [['2020-03-01 00:01:26.000', '2020-03-01 09:00:00.000', '2020-02-29 00:00:00.000 UTC']],
  },
  {
    sql: `SELECT date_diff('second', TIMESTAMP '2020-03-01 00:00:00', TIMESTAMP '2020-03-02 00:00:00'),
            date_diff('hour', TIMESTAMP '2020-03-01 00:00:00 UTC', TIMESTAMP '2020-03-02 00:00:00 UTC'),
            date_diff('day', DATE '2020-03-01', DATE '2020-03-02'),
            date_diff('second', TIMESTAMP '2020-06-01 12:30:45.000000000', TIMESTAMP '2020-06-02 12:30:45.123456789'),
            date_diff('millisecond', TIMESTAMP '2020-06-01 12:30:45.000000000', TIMESTAMP '2020-06-02 12:30:45.123456789')`,
    types: Array(5).fill('bigint'),
    rows: [['86400', '24', '1', '86400', '86400123']],
  },
  {
    // A month from Jan 31 is the last day of February; Feb 29 to Feb 28 of the next year is a whole year
    // (Joda balances the leap day); 12:00 to 11:00 of the next day is not a whole day.
    sql: `SELECT date_add('year', 1, DATE '2020-02-29'), date_add('quarter', 1, DATE '2020-11-30'), date_add('week', 1, DATE '2020-01-01'),
            date_diff('month', DATE '2020-01-31', DATE '2020-02-29'), date_diff('year', DATE '2020-02-29', DATE '2021-02-28'),
            date_diff('quarter', DATE '2020-01-01', DATE '2020-12-31'), date_diff('day', TIMESTAMP '2020-01-01 12:00:00', TIMESTAMP '2020-01-02 11:00:00')`,
    rows: [['2021-02-28', '2021-02-28', '2020-01-08', '1', '1', '3', '0']],
  },
  {
    // ISO weeks: 2021-01-01 is in week 53 of 2020; Sunday is day 7.
    sql: `SELECT day_of_week(DATE '2020-01-05'), dow(DATE '2020-01-05'), week(DATE '2021-01-01'), week_of_year(DATE '2021-01-03'),
            year_of_week(DATE '2021-01-01'), yow(DATE '2019-12-30'), day_of_year(DATE '2020-12-31'), doy(DATE '2020-12-31'),
            last_day_of_month(DATE '2020-02-10'), date_trunc('week', DATE '2020-05-03')`,
    rows: [['7', '7', '53', '53', '2020', '2020', '366', '366', '2020-02-29', '2020-04-27']],
  },
  {
    // The time defaults to midnight and the zone to the session's (UTC); an offset is kept.
    sql: `SELECT from_iso8601_timestamp('2020-05-11T11:15:05'), from_iso8601_timestamp('2020-05-11'),
            from_iso8601_timestamp('2020-05-11T11:15:05.055+01:00'), from_iso8601_timestamp('2020-05-11T11:15:05Z')`,
    types: Array(4).fill('timestamp(3) with time zone'),
    rows: [
      [
        '2020-05-11 11:15:05.000 UTC',
        '2020-05-11 00:00:00.000 UTC',
        '2020-05-11 11:15:05.055 +01:00',
        '2020-05-11 11:15:05.000 UTC',
      ],
    ],
  },
  {
    sql: "SELECT from_iso8601_timestamp(s) FROM (VALUES '2020-05-11', '2020-05-11T01:02') AS t(s)",
    rows: [['2020-05-11 00:00:00.000 UTC'], ['2020-05-11 01:02:00.000 UTC']],
  },
  {
    // from_unixtime(unixtime, hours, minutes): the zone is that offset.
    sql: 'SELECT from_unixtime(1589195705, 5, 30), from_unixtime(1589195705, -5, 30), from_unixtime(1589195705, 0, 0)',
    types: Array(3).fill('timestamp(3) with time zone'),
    rows: [['2020-05-11 16:45:05.000 +05:30', '2020-05-11 06:45:05.000 -04:30', '2020-05-11 11:15:05.000 UTC']],
  },
  {
    sql: "SELECT CAST('2020-05-03 12:34:56.789' AS timestamp(3)), to_unixtime(TIMESTAMP '2020-05-11 11:15:05.055 UTC')",
    types: ['timestamp(3)', 'double'],
    rows: [['2020-05-03 12:34:56.789', '1.589195705055E9']],
  },
  {
    // Intervals (functions/datetime.md, interval functions): year to month prints y-m, day to second d hh:mm:ss.fff.
    sql: `SELECT INTERVAL '3' YEAR + INTERVAL '5' MONTH, INTERVAL '2' DAY + INTERVAL '3' HOUR, INTERVAL '-14' MONTH,
            TIMESTAMP '2020-03-01 00:00:00' - TIMESTAMP '2020-02-01 00:00:00', DATE '2020-01-31' + INTERVAL '1' MONTH`,
    types: [
      'interval year to month',
      'interval day to second',
      'interval year to month',
      'interval day to second',
      'date',
    ],
    rows: [['3-5', '2 03:00:00.000', '-1-2', '29 00:00:00.000', '2020-02-29']],
  },
  {
    sql: "SELECT INTERVAL '1' MONTH + INTERVAL '1' DAY",
    error: /^Cannot apply operator: interval year to month \+ interval day to second$/,
  },
  {
    // A date column (not only a literal) stays a date under date_add and ± interval; hours do not go into a date.
    sql: `SELECT date_add('day', 1, d), date_add('quarter', 1, d), d + INTERVAL '1' DAY, d - INTERVAL '1' MONTH, typeof(d + INTERVAL '1' DAY)
          FROM (VALUES DATE '2020-01-31') AS t(d)`,
    rows: [['2020-02-01', '2020-04-30', '2020-02-01', '2019-12-31', 'date']],
  },
  {
    sql: "SELECT min(date_add('day', 1, CAST(dt AS date))), min(CAST(dt AS date) + INTERVAL '1' DAY) FROM parquet_bcns",
    types: ['date', 'date'],
    rows: [['2026-11-21', '2026-11-21']],
  },
  {
    sql: "SELECT date_add('hour', 1, d) FROM (VALUES DATE '2020-01-31') AS t(d)",
    error: /^'hour' is not a valid DATE field$/,
  },
  {
    sql: "SELECT d + INTERVAL '1' HOUR FROM (VALUES DATE '2020-01-31') AS t(d)",
    error: /^Cannot add hour, minutes or seconds to a date$/,
  },
  {
    // functions/datetime.md's examples, and the UDF page's 134823.
    sql: `SELECT human_readable_seconds(96), human_readable_seconds(3762), human_readable_seconds(56363463),
            human_readable_seconds(134823), human_readable_seconds(1), human_readable_seconds(0)`,
    rows: [
      [
        '1 minute, 36 seconds',
        '1 hour, 2 minutes, 42 seconds',
        '93 weeks, 1 day, 8 hours, 31 minutes, 3 seconds',
        '1 day, 13 hours, 27 minutes, 3 seconds',
        '1 second',
        '0 seconds',
      ],
    ],
  },
  {
    // functions/datetime.md's parse_duration examples: 42.8 ms rounds to 43.
    sql: "SELECT parse_duration('42.8ms'), parse_duration('3.81 d'), parse_duration('5m')",
    types: Array(3).fill('interval day to second'),
    rows: [['0 00:00:00.043', '3 19:26:24.000', '0 00:05:00.000']],
  },
  {
    sql: "SELECT current_date AT TIME ZONE 'UTC'",
    error: /^Type of value must be a time or timestamp with or without time zone \(actual date\)$/,
  },
  {
    sql: "SELECT CAST('2020-05-03 12:34:56.123456' AS timestamp(6))",
    error: /^Type timestamp\(6\) is an Athena construct the local engine/,
  },
];

// functions/aggregate.md's statistical aggregates, with the values Trino's AggregationUtils arithmetic
// (Welford updates in input order) gives: x = 1, 2, 3, 10 has mean 4, M2 = 50, M3 = 180, M4 = 1394, so
// skewness sqrt(4) * 180 / 50^1.5 and kurtosis 4*5*3 * 1394 / (2*1 * 50^2) - 3*3^2 / (2*1) = 3.228.
const STATISTICS: CorpusCase[] = [
  {
    sql: `SELECT stddev(x), stddev_samp(x), stddev_pop(x), variance(x), var_samp(x), var_pop(x) FROM (VALUES 1, 2, 3, 4) AS t(x)`,
    types: Array(6).fill('double'),
    rows: [
      [
        '1.2909944487358056',
        '1.2909944487358056',
        '1.118033988749895',
        '1.6666666666666667',
        '1.6666666666666667',
        '1.25',
      ],
    ],
  },
  {
    // One value: the sample statistics are NULL, the population ones 0.
    sql: 'SELECT stddev(x), variance(x), stddev_pop(x), var_pop(x), covar_samp(x, x), covar_pop(x, x) FROM (VALUES 5) AS t(x)',
    rows: [[null, null, '0.0', '0.0', null, '0.0']],
  },
  {
    sql: 'SELECT skewness(x), kurtosis(x), round(skewness(x), 10), round(kurtosis(x), 10) FROM (VALUES 1, 2, 3, 10) AS t(x)',
    types: Array(4).fill('double'),
    rows: [['1.0182337649086284', '3.2280000000000015', '1.0182337649', '3.228']],
  },
  {
    // skewness needs three values, kurtosis four; a constant input is 0 / 0.
    sql: `SELECT (SELECT skewness(x) FROM (VALUES 1, 2) AS t(x)), (SELECT kurtosis(x) FROM (VALUES 1, 2, 3) AS t(x)),
            (SELECT skewness(x) FROM (VALUES 2, 2, 2, 2) AS t(x)), (SELECT kurtosis(x) FROM (VALUES 2, 2, 2, 2) AS t(x))`,
    rows: [[null, null, 'NaN', 'NaN']],
  },
  {
    // y = 2, 4, 7 on x = 1, 2, 3: slope C2 / M2X = 5 / 2, intercept 13/3 - 2.5 * 2; corr(y, x) takes x second.
    sql: `SELECT regr_slope(y, x), regr_intercept(y, x), corr(y, x), covar_samp(y, x), covar_pop(y, x)
          FROM (VALUES (1, 2), (2, 4), (3, 7)) AS t(x, y)`,
    types: Array(5).fill('double'),
    rows: [['2.5', '-0.666666666666667', '0.9933992677987827', '2.5', '1.6666666666666667']],
  },
  {
    // Not finite (x constant, 0 / 0) is NULL for corr and regr_*; a row with a NULL is skipped.
    sql: 'SELECT corr(y, x), regr_slope(y, x), regr_intercept(y, x), count(*) FROM (VALUES (1, 2), (1, 4), (NULL, 5)) AS t(x, y)',
    rows: [[null, null, null, '3']],
  },
  {
    sql: `SELECT type, corr(win_price, campaign_item_id) IS NULL, regr_slope(win_price, win_price)
          FROM parquet_bcns GROUP BY type ORDER BY type`,
    rows: [
      ['bid', 'false', '1.0'],
      ['click', 'true', null],
      ['imp', 'true', '1.0'],
    ],
  },
  {
    // map_agg skips a NULL key and keeps a repeated key's first value; max_by/min_by take the row of the
    // largest (smallest) non-NULL y even where x is NULL, with n the n values in y's order.
    sql: `SELECT map_agg(k, v), cardinality(map_agg(k, v)), max_by(k, v), min_by(k, v), max_by(k, v, 2), min_by(k, v, 2)
          FROM (VALUES ('a', 1), ('a', 2), (NULL, 5), ('c', 3), ('z', NULL)) AS t(k, v)`,
    rows: [['{a=1, c=3, z=null}', '3', null, 'a', '[null, c]', '[a, a]']],
  },
  {
    // Of reals, sum and avg are reals (RealSumAggregation, RealAverageAggregation): 1 + 2.1 is the real 3.1.
    sql: 'SELECT sum(x), avg(x), typeof(sum(x)), typeof(avg(x)) FROM (VALUES CAST(1 AS real), CAST(2.1 AS real)) AS t(x)',
    types: ['real', 'real', 'varchar', 'varchar'],
    rows: [['3.1', '1.55', 'real', 'real']],
  },
  {
    sql: 'SELECT bitwise_and_agg(x), bitwise_or_agg(x), typeof(bitwise_and_agg(x)) FROM (VALUES 12, 10) AS t(x)',
    rows: [['8', '14', 'bigint']],
  },
  {
    sql: 'SELECT bool_and(x), bool_or(x), every(x) FROM (VALUES CAST(NULL AS boolean)) AS t(x)',
    rows: [[null, null, null]],
  },
];

// functions/math.md and conversion.md where DuckDB's functions differ: Java's Math answers NaN and
// -Infinity where DuckDB fails, a whole cube's root is exact, random(n) keeps n's type, a decimal's text
// has its leading 0, and CAST(varchar AS boolean) takes only true/false/t/f/1/0 (VarcharOperators).
const MATH_AND_CASTS: CorpusCase[] = [
  {
    sql: 'SELECT sqrt(-1), ln(0), ln(-1), log10(0), log2(-1), log(2, 0), log(2, 8), log(10, 1000), sqrt(4)',
    types: Array(9).fill('double'),
    rows: [['NaN', '-Infinity', 'NaN', '-Infinity', 'NaN', '-Infinity', '3.0', '2.9999999999999996', '2.0']],
  },
  {
    sql: 'SELECT cbrt(27), cbrt(-8), cbrt(0), power(2, 0.5), exp(1000), power(0, -1)',
    rows: [['3.0', '-2.0', '0.0', '1.4142135623730951', 'Infinity', 'Infinity']],
  },
  {
    // array_join casts each element to varchar as CAST does: Java's double text, timestamps with milliseconds.
    sql: `SELECT array_join(ARRAY[1.5E0, 1e10, 0.1E0, NULL], ','), array_join(ARRAY[1.50, 2.0], ','),
            array_join(ARRAY[TIMESTAMP '2020-01-01 10:00:00'], ','), array_join(ARRAY[1, NULL], '-', 'x')`,
    rows: [['1.5,1.0E10,0.1', '1.50,2.00', '2020-01-01 10:00:00.000', '1-x']],
  },
  {
    sql: 'SELECT typeof(random()), typeof(rand()), random(10) BETWEEN 0 AND 9, typeof(random(10)), typeof(random(CAST(5 AS bigint)))',
    rows: [['double', 'double', 'true', 'integer', 'bigint']],
  },
  { sql: 'SELECT random(0)', error: /^bound must be positive$/ },
  {
    sql: `SELECT CAST(x AS varchar), CAST(-0.25 AS varchar), CAST(0.00 AS varchar), CAST(12.50 AS varchar), typeof(NULL), typeof(ARRAY[NULL])
          FROM (VALUES 0.5) AS t(x)`,
    rows: [['0.5', '-0.25', '0.00', '12.50', 'unknown', 'array(unknown)']],
  },
  {
    sql: "SELECT CAST('T' AS boolean), CAST('f' AS boolean), CAST('False' AS boolean), CAST('1' AS boolean), CAST(2 AS boolean), CAST(0.0E0 AS boolean), try_cast('yes' AS boolean)",
    rows: [['true', 'false', 'false', 'true', 'true', 'false', null]],
  },
  { sql: "SELECT CAST('yes' AS boolean)", error: /^Cannot cast 'yes' to BOOLEAN$/ },
  {
    // varchar(n): a string is cut to n characters; a number longer than n cannot be represented.
    sql: "SELECT CAST('abc' AS varchar(2)), CAST('ab' AS varchar(5)), CAST(12 AS varchar(5)), try_cast('héllo' AS varchar(2)), try_cast(12345 AS varchar(2))",
    rows: [['ab', 'ab', '12', 'hé', null]],
  },
  {
    // VarcharOperators: Long.parseLong takes a sign and digits, no spaces; Double.parseDouble trims.
    sql: "SELECT CAST('+12' AS bigint), CAST('-7' AS integer), try_cast(' 1' AS bigint), CAST(' 1.5 ' AS double)",
    rows: [['12', '-7', null, '1.5']],
  },
  { sql: "SELECT CAST(' 12 ' AS integer)", error: /^Cannot cast ' 12 ' to INT$/ },
  {
    sql: `SELECT CAST(ARRAY[1.5E0, 1e10] AS ARRAY(varchar)), CAST(ARRAY[TIMESTAMP '2020-01-01 00:00:00'] AS ARRAY(varchar)),
            CAST(JSON '["a", 1]' AS ARRAY(varchar)), CAST(ARRAY['x', NULL] AS ARRAY(varchar)), CAST(ARRAY[0.5, 1.25] AS ARRAY(varchar))`,
    rows: [['[1.5, 1.0E10]', '[2020-01-01 00:00:00.000]', '[a, 1]', '[x, null]', '[0.50, 1.25]']],
  },
  { sql: 'SELECT CAST(12345 AS varchar(2))', error: /^Value 12345 cannot be represented as varchar\(2\)$/ },
  {
    // IS [NOT] DISTINCT FROM (functions/comparison.md) in a select list: its FROM does not end the list.
    sql: `SELECT NULL = NULL, 1 IS DISTINCT FROM NULL, 1 IS NOT DISTINCT FROM 1, NULL IS NOT DISTINCT FROM NULL, x IS DISTINCT FROM 2 AS d
          FROM (VALUES 1, 2) AS t(x) ORDER BY x`,
    rows: [
      [null, 'true', 'true', 'true', 'true'],
      [null, 'true', 'true', 'true', 'false'],
    ],
  },
];

// functions/regexp.md's examples, and Joni's replacement and group rules (JoniRegexpFunctions):
// `\x` is the character x, `$` needs a group the pattern has, a group past the pattern's fails.
const REGEXP_DOCS: CorpusCase[] = [
  {
    sql: `SELECT regexp_count('1a 2b 14m', '\\s*[a-z]+\\s*'), regexp_extract_all('1a 2b 14m', '\\d+'), regexp_extract_all('1a 2b 14m', '(\\d+)([a-z]+)', 2),
            regexp_extract('1a 2b 14m', '\\d+'), regexp_extract('1a 2b 14m', '(\\d+)([a-z]+)', 2), regexp_like('1a 2b 14m', '\\d+b'),
            regexp_replace('1a 2b 14m', '\\d+[ab] '), regexp_replace('1a 2b 14m', '(\\d+)([ab]) ', '3c$2 '), regexp_split('1a 2b 14m', '\\s*[a-z]+\\s*')`,
    rows: [['3', '[1, 2, 14]', '[a, b, m]', '1', 'a', 'true', '14m', '3ca 3cb 14m', '[1, 2, 14, ]']],
  },
  {
    // $10 with one group is $1 then 0; \$ a dollar sign; \\ one backslash.
    sql: "SELECT regexp_replace('abc', '(b)', '$10'), regexp_replace('abc', 'b', '\\$'), regexp_replace('abc', 'b', '[\\\\]'), regexp_extract('abc', '(?:a)(b)', 1)",
    rows: [['ab0c', 'a$c', 'a[\\]c', 'b']],
  },
  { sql: "SELECT regexp_replace('abc', 'b', '$1')", error: /^Illegal replacement sequence: \$1$/ },
  { sql: "SELECT regexp_replace('abc', 'b', 'x$')", error: /^Illegal replacement sequence: x\$$/ },
  { sql: "SELECT regexp_extract('abc', 'a', 1)", error: /^Pattern has 0 groups\. Cannot access group 1$/ },
  { sql: "SELECT regexp_extract_all('abc', '(a)(b)', 3)", error: /^Pattern has 2 groups\. Cannot access group 3$/ },
];

// functions/map.md and array.md: the lambda functions over maps, and NULL elements as Trino's
// ArrayContains, ArrayPositionFunction, ArrayExceptFunction and ArrayIntersectFunction treat them.
const MAPS_AND_SETS: CorpusCase[] = [
  {
    sql: `SELECT map_filter(MAP(ARRAY[10, 20, 30], ARRAY['a', NULL, 'c']), (k, v) -> v IS NOT NULL),
            map_filter(MAP(ARRAY['k1', 'k2', 'k3'], ARRAY[20, 3, 15]), (k, v) -> v > 10),
            transform_values(MAP(ARRAY[1, 2, 3], ARRAY[10, 20, 30]), (k, v) -> v + k),
            transform_keys(MAP(ARRAY['a', 'b'], ARRAY[1, 2]), (k, v) -> upper(k))`,
    types: ['map(integer, varchar)', 'map(varchar, integer)', 'map(integer, integer)', 'map(varchar, integer)'],
    rows: [['{10=a, 30=c}', '{k1=20, k3=15}', '{1=11, 2=22, 3=33}', '{A=1, B=2}']],
  },
  {
    sql: `SELECT contains(ARRAY[1, NULL], 2), contains(ARRAY[1, NULL], 1), contains(ARRAY[1], NULL), contains(ARRAY[1], 2),
            array_position(ARRAY[1, NULL], NULL), array_position(ARRAY[5, 6, 5], 5), array_position(ARRAY[5], 7)`,
    rows: [[null, 'true', null, 'false', null, '1', '0']],
  },
  {
    // array_intersect keeps the longer array's order (the first's when as long); NULL meets NULL.
    sql: `SELECT array_except(ARRAY[1, NULL, 2, 2], ARRAY[2]), array_except(ARRAY[1, NULL], ARRAY[NULL]),
            array_intersect(ARRAY[1, 2, 2, NULL], ARRAY[2, NULL, 5]), array_intersect(ARRAY[3, 1], ARRAY[1, 2, 3]),
            reverse(ARRAY[1, 2, 3]), reverse('abc')`,
    rows: [['[1, null]', '[1]', '[2, null]', '[1, 3]', '[3, 2, 1]', 'cba']],
  },
  {
    sql: "SELECT reverse(array_agg(tx_id ORDER BY tx_id)), reverse(max(tx_id)) FROM parquet_bcns WHERE type = 'imp'",
    rows: [['[tx-3, tx-1]', '3-xt']],
  },
];

// functions/json.md: json_array_contains matches a top-level element of the value's own JSON kind
// (2 is not "2", [1] holds no 1); Trino's bracketed path members.
const JSON_DOCS: CorpusCase[] = [
  {
    sql: `SELECT json_array_contains('[1, 2, 3]', 2), json_array_contains(JSON '["a", "b"]', 'a'), json_array_contains('[1.5, "2"]', 2),
            json_array_contains('[1.5, 2]', 1.5), json_array_contains('[true]', true), json_array_contains('{"a": 1}', 1),
            json_array_contains('[[1]]', 1), json_array_contains('[]', 1), json_array_contains('not json', 1)`,
    rows: [['true', 'true', 'false', 'true', 'true', null, 'false', 'false', null]],
  },
  {
    sql: `SELECT json_extract('{"a b": 1}', '$["a b"]'), json_size('{"x": {"a b": [1, 2]}}', '$.x["a b"]'),
            json_extract_scalar('{"a": null}', '$.a'), json_extract_scalar('{"a": {"b": 1}}', '$.a')`,
    types: ['json', 'bigint', 'varchar', 'varchar'],
    rows: [['1', '2', null, null]],
  },
];

// The concatenation operator (functions/array.md, string.md; Athena's "Concatenating arrays" example):
// arrays of one type, an array and its element, two strings; anything else Trino's analyzer refuses.
const CONCATENATION: CorpusCase[] = [
  {
    sql: 'SELECT ARRAY [4,5] || ARRAY[ ARRAY[1,2], ARRAY[3,4] ] AS items',
    types: ['array(array(integer))'],
    rows: [['[[4, 5], [1, 2], [3, 4]]']],
  },
  {
    sql: `SELECT ARRAY[1, 2] || ARRAY[3, 4], ARRAY[1] || 2, 0 || ARRAY[1], 'a' || 'b' || 'c', ARRAY['x'] || 'y', 'a' || NULL,
            concat(ARRAY[1], ARRAY[2], ARRAY[3])`,
    rows: [['[1, 2, 3, 4]', '[1, 2]', '[0, 1]', 'abc', '[x, y]', null, '[1, 2, 3]']],
  },
  {
    sql: "SELECT tx_id || '-' || type, 'n=' || CAST(1 + 2 AS varchar) FROM parquet_bcns WHERE type = 'imp' ORDER BY 1",
    rows: [
      ['tx-1-imp', 'n=3'],
      ['tx-3-imp', 'n=3'],
    ],
  },
  {
    sql: "SELECT concat('a', 'b', 'c', 'd'), concat(ARRAY[1], ARRAY[2], 3), concat('a', NULL)",
    rows: [['abcd', '[1, 2, 3]', null]],
  },
  { sql: "SELECT concat('a', 1)", error: /^Cannot apply operator: varchar \|\| integer$/ },
  { sql: 'SELECT 1 || 2', error: /^Cannot apply operator: integer \|\| integer$/ },
  { sql: "SELECT 'a' || 1", error: /^Cannot apply operator: varchar \|\| integer$/ },
];

// split_to_map (functions/string.md; SplitToMapFunction's checks and messages).
const SPLIT_TO_MAP: CorpusCase[] = [
  {
    // A trailing entry delimiter ends the string; an empty key or value is kept.
    sql: `SELECT cardinality(m), element_at(m, 'a'), element_at(m, 'c'), element_at(m, ''), split_to_map('', ',', '='), typeof(m)
          FROM (SELECT split_to_map('a=123,b=.4,c=,=d,', ',', '=') AS m)`,
    rows: [['4', '123', '', 'd', '{}', 'map(varchar, varchar)']],
  },
  { sql: "SELECT split_to_map('a=123,a=.4', ',', '=')", error: /^Duplicate keys \(a\) are not allowed$/ },
  {
    sql: "SELECT split_to_map('key==value', ',', '=')",
    error: /^Key-value delimiter must appear exactly once in each entry\. Bad input: 'key==value'$/,
  },
  {
    sql: "SELECT split_to_map('key', ',', '=')",
    error: /^Key-value delimiter must appear exactly once in each entry\. Bad input: 'key'$/,
  },
  {
    sql: "SELECT split_to_map('a=123,b=.4,c=', '=', '=')",
    error: /^entryDelimiter and keyValueDelimiter must not be the same$/,
  },
];

// Time zones (functions/datetime.md: AT TIME ZONE, at_timezone, with_timezone, from_iso8601_timestamp).
const ZONES: CorpusCase[] = [
  {
    sql: "SELECT timestamp '2012-10-31 01:00 UTC' AT TIME ZONE 'America/Los_Angeles'",
    types: ['timestamp(3) with time zone'],
    rows: [['2012-10-30 18:00:00.000 America/Los_Angeles']],
  },
  {
    // The session zone is UTC: 09:08 UTC is 02:08 in Los Angeles (PDT until 2022-11-06).
    sql: "SELECT at_timezone(TIMESTAMP '2022-11-01 09:08:07.321', 'America/Los_Angeles') AS la, with_timezone(TIMESTAMP '2022-11-01 09:08:07.321', 'America/Los_Angeles') AS wall",
    types: ['timestamp(3) with time zone', 'timestamp(3) with time zone'],
    rows: [['2022-11-01 02:08:07.321 America/Los_Angeles', '2022-11-01 09:08:07.321 America/Los_Angeles']],
  },
  {
    sql: "SELECT from_iso8601_timestamp('2020-05-11T11:15:05.055+01:00'), from_iso8601_timestamp('2020-05-11T11:15:05Z')",
    rows: [['2020-05-11 11:15:05.055 +01:00', '2020-05-11 11:15:05.000 UTC']],
  },
  {
    // 07:00 UTC is 12:30 in India (UTC+05:30).
    sql: `SELECT hour(from_unixtime(1795158000) AT TIME ZONE 'Asia/Kolkata'),
            date_format(from_unixtime(1795158000) AT TIME ZONE 'Asia/Kolkata', '%H:%i'),
            CAST(from_unixtime(1795158000) AT TIME ZONE 'Asia/Kolkata' AS date),
            from_unixtime(1795158000) AT TIME ZONE 'Asia/Kolkata' = from_unixtime(1795158000),
            timezone(from_unixtime(1795158000) AT TIME ZONE 'Asia/Kolkata')`,
    rows: [['12', '12:30', '2026-11-20', 'true', 'Asia/Kolkata']],
  },
  {
    sql: `SELECT date_format(from_unixtime("timestamp" / 1000) AT TIME ZONE 'America/New_York', '%Y-%m-%d %H') AS local_hour, count(*)
          FROM parquet_bcns WHERE dt >= '2026-12-31' GROUP BY 1 ORDER BY 1`,
    rows: [
      ['2026-12-31 18', '1'],
      ['2026-12-31 19', '1'],
    ],
  },
  {
    sql: "SELECT date_trunc('day', from_unixtime(1795158000) AT TIME ZONE 'America/New_York'), to_unixtime(TIMESTAMP '2012-10-31 01:00 America/Los_Angeles')",
    rows: [['2026-11-20 00:00:00.000 America/New_York', '1.3516704E9']],
  },
];

// Arrays, maps, lambdas and UNNEST (functions/array.md, map.md, lambda.md; sql/select.md UNNEST).
const COLLECTIONS: CorpusCase[] = [
  {
    sql: "SELECT x, n FROM UNNEST(ARRAY['a', 'b', 'c']) WITH ORDINALITY AS t(x, n) ORDER BY n",
    rows: [
      ['a', '1'],
      ['b', '2'],
      ['c', '3'],
    ],
  },
  {
    sql: "SELECT b.tx_id, t.part FROM parquet_bcns b CROSS JOIN UNNEST(split(b.domain, '.')) AS t(part) WHERE b.tx_id = 'tx-5' ORDER BY t.part",
    rows: [
      ['tx-5', 'com'],
      ['tx-5', 'google'],
      ['tx-5', 'maps'],
    ],
  },
  {
    sql: `SELECT b.tx_id, p.price, p.i FROM (SELECT tx_id, array_agg(win_price ORDER BY "timestamp") AS prices FROM parquet_bcns GROUP BY tx_id) b
          CROSS JOIN UNNEST(b.prices) WITH ORDINALITY AS p(price, i) WHERE b.tx_id = 'tx-3' ORDER BY p.i`,
    rows: [
      ['tx-3', '500', '1'],
      ['tx-3', '450', '2'],
      ['tx-3', null, '3'],
    ],
  },
  {
    // UNNEST of a map gives its keys and values; of several arrays, rows zipped and padded with NULL.
    sql: "SELECT t.k, t.v FROM (VALUES MAP(ARRAY['a', 'b'], ARRAY[1, 2])) AS s(m) CROSS JOIN UNNEST(s.m) AS t(k, v) ORDER BY t.k",
    rows: [
      ['a', '1'],
      ['b', '2'],
    ],
  },
  {
    sql: "SELECT x, y FROM UNNEST(ARRAY[1, 2, 3], ARRAY['a', 'b']) AS t(x, y) ORDER BY x",
    rows: [
      ['1', 'a'],
      ['2', 'b'],
      ['3', null],
    ],
  },
  {
    sql: 'SELECT transform(ARRAY[1, 2, 3], x -> x * 2), filter(ARRAY[5, 10, 15], x -> x > 7), reduce(ARRAY[1, 2, 3, 4], 0, (s, x) -> s + x, s -> s * 10)',
    rows: [['[2, 4, 6]', '[10, 15]', '100']],
  },
  {
    sql: "SELECT transform(array_agg(win_price ORDER BY win_price), p -> p / 100) FROM parquet_bcns WHERE type = 'imp'",
    types: ['array(bigint)'],
    rows: [['[4, 8]']],
  },
  {
    sql: "SELECT array_distinct(ARRAY[3, 1, 3, NULL, 1, NULL]), array_max(ARRAY[1, 7, 3]), array_position(ARRAY['a', 'b'], 'b'), slice(ARRAY[1, 2, 3, 4], 2, 2), array_sort(ARRAY[3, 1, 2]), sequence(1, 5, 2)",
    rows: [['[3, 1, null]', '7', '2', '[2, 3]', '[1, 2, 3]', '[1, 3, 5]']],
  },
  {
    sql: 'SELECT element_at(ARRAY[1, 2, 3], -1), element_at(ARRAY[1, 2, 3], 5), cardinality(ARRAY[]), ARRAY[1, 2] || ARRAY[3]',
    rows: [['3', null, '0', '[1, 2, 3]']],
  },
  {
    sql: "SELECT ARRAY[10, 20, 30][2], split(domain, '.')[1], ARRAY[1, NULL][2] FROM parquet_bcns WHERE tx_id = 'tx-5'",
    rows: [['20', 'maps', null]],
  },
  { sql: 'SELECT ARRAY[1, 2, 3][5]', error: /^Array subscript must be less than or equal to array length: 5 > 3$/ },
  { sql: "SELECT MAP(ARRAY['a'], ARRAY[1])['b']", error: /^Key not present in map: b$/ },
  {
    sql: "SELECT map_keys(MAP(ARRAY['a', 'b'], ARRAY[1, 2])), element_at(MAP(ARRAY['a'], ARRAY[1]), 'z'), MAP(ARRAY['a', 'b'], ARRAY[1, 2])",
    rows: [['[a, b]', null, '{a=1, b=2}']],
  },
  {
    sql: 'SELECT any_match(ARRAY[1, 2], x -> x > 1), all_match(ARRAY[1, 2], x -> x > 1), none_match(ARRAY[1, 2], x -> x > 5)',
    rows: [['true', 'false', 'true']],
  },
];

// Arrays as functions/array.md shows them (its examples' answers), and where DuckDB's list functions
// differ: NULL elements, bounds, a descending sequence, date sequences.
const ARRAYS: CorpusCase[] = [
  {
    sql: 'SELECT ARRAY[1, 1.2, 4], ARRAY[1, 1.2, 4][2]',
    types: ['array(decimal(11,1))', 'decimal(11,1)'],
    rows: [['[1.0, 1.2, 4.0]', '1.2']],
  },
  {
    sql: `SELECT filter(ARRAY[5, -6, NULL, 7], x -> x > 0), transform(ARRAY[5, NULL, 6], x -> coalesce(x, 0) + 1),
            reduce(ARRAY[5, 20, NULL, 50], 0, (s, x) -> s + x, s -> s), reduce(ARRAY[5, 20, NULL, 50], 0, (s, x) -> s + coalesce(x, 0), s -> s)`,
    rows: [['[5, 7]', '[6, 1, 7]', null, '75']],
  },
  {
    sql: `SELECT zip_with(ARRAY[1, 2], ARRAY[3, 4], (x, y) -> x + y), zip_with(ARRAY['a'], ARRAY['d', null, 'f'], (x, y) -> coalesce(x, y)),
            ngrams(ARRAY['foo', 'bar', 'baz', 'foo'], 2), ngrams(ARRAY['foo', 'bar', 'baz', 'foo'], 5), trim_array(ARRAY[1, 2, 3, 4], 2), repeat('a', 3)`,
    rows: [
      [
        '[4, 6]',
        '[a, null, f]',
        '[[foo, bar], [bar, baz], [baz, foo]]',
        '[[foo, bar, baz, foo]]',
        '[1, 2]',
        '[a, a, a]',
      ],
    ],
  },
  {
    // A NULL element makes array_max NULL and arrays_overlap NULL (without a common element); array_remove
    // keeps NULLs; a predicate NULL for some element and false for the others is NULL; all of nothing is true.
    sql: `SELECT arrays_overlap(ARRAY[1, NULL], ARRAY[2]), array_max(ARRAY[1, NULL]), array_remove(ARRAY[1, 2, NULL], 2),
            any_match(ARRAY[NULL, 1], x -> x > 1), all_match(ARRAY[], x -> x > 1)`,
    rows: [[null, null, '[1, null]', null, 'true']],
  },
  {
    sql: `SELECT sequence(5, 1), sequence(DATE '2020-01-03', DATE '2020-01-01'), sequence(DATE '2020-01-01', DATE '2020-03-01', INTERVAL '1' MONTH)`,
    types: ['array(bigint)', 'array(date)', 'array(date)'],
    rows: [['[5, 4, 3, 2, 1]', '[2020-01-03, 2020-01-02, 2020-01-01]', '[2020-01-01, 2020-02-01, 2020-03-01]']],
  },
  { sql: 'SELECT element_at(ARRAY[1], 0)', error: /^SQL array indices start at 1$/ },
  { sql: 'SELECT sequence(1, 5, -1)', error: /^sequence stop value should be greater than or equal to start value/ },
  { sql: 'SELECT sequence(1, 50000)', error: /^result of sequence function must not have more than 10000 entries$/ },
  {
    sql: 'SELECT array_sort(ARRAY[3, 2, 5], (x, y) -> IF(x < y, 1, IF(x = y, 0, -1)))',
    error: /^array_sort\(\) with a comparator is an Athena construct the local engine/,
  },
];

// Strings and regular expressions (functions/string.md, regexp.md).
const STRINGS: CorpusCase[] = [
  {
    sql: "SELECT strpos('www.google.com', 'google'), strpos('www.google.com', 'x'), position('g' IN 'www.google.com')",
    types: ['bigint', 'bigint', 'bigint'],
    rows: [['5', '0', '5']],
  },
  {
    sql: "SELECT regexp_replace(domain, '^www\\.', ''), regexp_replace('2026-11-20', '(\\d+)-(\\d+)-(\\d+)', '$3/$2/$1') FROM parquet_bcns WHERE tx_id = 'tx-1' AND type = 'bid'",
    rows: [['google.com', '20/11/2026']],
  },
  {
    sql: "SELECT regexp_extract_all('a1b22c333', '[0-9]+'), regexp_count('a1b22c333', '[0-9]+'), regexp_like('abc', '^a'), regexp_like('abc', '^b')",
    rows: [['[1, 22, 333]', '3', 'true', 'false']],
  },
  { sql: "SELECT split('a.b.c', '.')", types: ['array(varchar)'], rows: [['[a, b, c]']] },
  {
    sql: `SELECT concat(tx_id, '-', type), tx_id || ':' || type FROM parquet_bcns WHERE "timestamp" = 1795158001500`,
    rows: [['tx-1-imp', 'tx-1:imp']],
  },
  {
    sql: "SELECT length('Athena'), upper('a'), lower('B'), reverse('abc'), lpad('7', 3, '0'), rpad('7', 3, '0'), trim('  x  '), replace('a-b-c', '-'), starts_with('athena', 'ath')",
    rows: [['6', 'A', 'b', 'cba', '007', '700', 'x', 'abc', 'true']],
  },
  {
    sql: "SELECT json_extract_scalar('{\"a\": {\"b\": 7}}', '$.a.b'), json_extract_scalar('{\"a\": {\"b\": 7}}', '$.a'), json_array_length('[1, 2, 3]')",
    rows: [['7', null, '3']],
  },
];

// Strings where DuckDB differs (StringFunctions.java): empty patterns, limits, overlapping matches,
// padding and the whitespace trim removes (Java's Character.isWhitespace).
const TEXT: CorpusCase[] = [
  {
    // translate: the first mapping of a character wins; one without a counterpart is deleted.
    sql: "SELECT lpad('hello', 3, 'x'), rpad('7', 5, 'ab'), lpad('7', 5, 'ab'), translate('abcabc', 'aab', 'xy'), codepoint('A')",
    types: ['varchar', 'varchar', 'varchar', 'varchar', 'integer'],
    rows: [['hel', '7abab', 'abab7', 'xcxc', '65']],
  },
  {
    // An empty search inserts before every character and at the end; an empty delimiter splits them;
    // occurrences may overlap; a negative instance counts from the end.
    sql: "SELECT replace('abc', '', 'x'), replace('a-b-c', '-'), split_part('abc', '', 2), split_part('abc', '', 4), split('a.b.c', '.', 2), strpos('aaaa', 'aa', 2), strpos('abcabc', 'c', -2)",
    rows: [['xaxbxcx', 'abc', 'b', null, '[a, b.c]', '2', '3']],
  },
  {
    sql: "SELECT concat_ws(',', 'a', NULL, 'b'), concat_ws(NULL, 'a', 'b'), concat_ws('-', ARRAY['a', NULL, 'b']), concat_ws('/', split(domain, '.')) FROM parquet_bcns WHERE tx_id = 'tx-5'",
    rows: [['a,b', null, 'a-b', 'maps/google/com']],
  },
  {
    // U+3000 (ideographic space) is whitespace to Java; the trailing space of 'a ' stays after ltrim.
    sql: "SELECT trim(chr(9) || ' a ' || chr(10)), length(ltrim(chr(12288) || 'a ')), trim('xxaxx', 'x'), rtrim('xxaxx', 'x')",
    rows: [['a', '2', 'a', 'xxa']],
  },
  {
    sql: "SELECT substring('abcdef' FROM 2 FOR 3), substring('abcdef' FROM -2), trim(BOTH 'x' FROM 'xxaxx'), trim(LEADING FROM '  a  '), trim(TRAILING 'x' FROM 'xxaxx')",
    rows: [['bcd', 'ef', 'a', 'a  ', 'xxa']],
  },
  { sql: "SELECT lpad('7', 3, '')", error: /^Padding string must not be empty$/ },
  { sql: "SELECT rpad('7', -1, 'x')", error: /^Target length must be in the range \[0\.\.2147483647\]$/ },
  { sql: "SELECT codepoint('AB')", error: /^Input string must be a single character string$/ },
  { sql: "SELECT split('abc', '')", error: /^The delimiter may not be the empty string$/ },
  { sql: "SELECT strpos('abc', 'a', 0)", error: /^'instance' must be a positive or negative number\.$/ },
];

// JSON casts and functions (functions/json.md: "Cast to JSON", "Cast from JSON", json_format, json_size).
const JSON_CASES: CorpusCase[] = [
  {
    sql: `SELECT CAST(JSON 'null' AS VARCHAR), CAST(JSON '1' AS INTEGER), CAST(JSON '9223372036854775807' AS BIGINT),
            CAST(JSON '"abc"' AS VARCHAR), CAST(JSON 'true' AS BOOLEAN), CAST(JSON '1.234' AS DOUBLE)`,
    types: ['varchar', 'integer', 'bigint', 'varchar', 'boolean', 'double'],
    rows: [[null, '1', '9223372036854775807', 'abc', 'true', '1.234']],
  },
  {
    sql: `SELECT CAST(JSON '[1,23,456]' AS ARRAY(INTEGER)), CAST(JSON '[1,null,456]' AS ARRAY(INTEGER)),
            CAST(JSON '[[1,23],[456]]' AS ARRAY(ARRAY(INTEGER))), CAST(JSON '{"k1":1,"k2":23,"k3":456}' AS MAP(VARCHAR, INTEGER))`,
    types: ['array(integer)', 'array(integer)', 'array(array(integer))', 'map(varchar, integer)'],
    rows: [['[1, 23, 456]', '[1, null, 456]', '[[1, 23], [456]]', '{k1=1, k2=23, k3=456}']],
  },
  {
    sql: `SELECT CAST(JSON '[[1, 23], 456]' AS ARRAY(JSON)), CAST(JSON '[null]' AS ARRAY(JSON))`,
    types: ['array(json)', 'array(json)'],
    rows: [['[[1,23], 456]', '[null]']],
  },
  {
    sql: `SELECT CAST(NULL AS JSON), CAST(1 AS JSON), CAST('abc' AS JSON), CAST(true AS JSON), CAST(ARRAY[1, 23, 456] AS JSON),
            CAST(ARRAY[1, NULL, 456] AS JSON), CAST(MAP(ARRAY['k1', 'k2', 'k3'], ARRAY[1, 23, 456]) AS JSON)`,
    types: Array(7).fill('json'),
    rows: [[null, '1', '"abc"', 'true', '[1,23,456]', '[1,null,456]', '{"k1":1,"k2":23,"k3":456}']],
  },
  {
    sql: `SELECT json_format(JSON '{"a": 1, "b": 2}'), json_format(JSON '[1, 2, 3]'), json_format(JSON '"abc"'),
            json_format(JSON '42'), json_format(JSON 'true'), json_format(JSON 'null')`,
    rows: [['{"a":1,"b":2}', '[1,2,3]', '"abc"', '42', 'true', 'null']],
  },
  { sql: "SELECT CAST(JSON '[1, 2, 3]' AS VARCHAR)", error: /^Cannot cast '\[1,2,3\]' to varchar/ },
  {
    // A text that is not JSON extracts to NULL (JsonExtract.extract).
    sql: `SELECT json_size('{"x": {"a": 1, "b": 2}}', '$.x'), json_size('{"x": [1, 2, 3]}', '$.x'),
            json_size('{"x": {"a": 1, "b": 2}}', '$.x.a'), json_extract_scalar('not json', '$.a')`,
    types: ['bigint', 'bigint', 'bigint', 'varchar'],
    rows: [['2', '3', '0', null]],
  },
  {
    sql: `SELECT json_extract_scalar(item, '$.id') AS id
          FROM UNNEST(CAST(json_extract('{"items": [{"id": 1}, {"id": 2}]}', '$.items') AS ARRAY(JSON))) AS t(item)`,
    rows: [['1'], ['2']],
  },
  {
    // TRY_CAST answers NULL for a value that does not cast, not for an error computing the value.
    sql: `SELECT try_cast(JSON '"x"' AS bigint), try_cast(json_parse('[1, "a"]') AS ARRAY(bigint)), CAST(json_extract('{"a": "x"}', '$.a') AS varchar)`,
    rows: [[null, null, 'x']],
  },
  { sql: 'SELECT try_cast(1 / 0 AS varchar)', error: /^Division by zero$/ },
];

// URLs (UrlFunctions.java over java.net.URI: a part the URI lacks is '', a string it rejects NULL; path,
// query and fragment percent-decoded, a parameter URL-decoded) and varbinary (functions/binary.md).
const URLS_AND_BINARY: CorpusCase[] = [
  {
    sql: `SELECT url_extract_host(u), url_extract_protocol(u), url_extract_port(u), url_extract_path(u), url_extract_query(u),
            url_extract_fragment(u), url_extract_parameter(u, 'y'), url_extract_parameter(u, 'z'), url_extract_parameter(u, 'q')
          FROM (VALUES 'http://user@www.ex.com:8080/a%20b/c?x=1&y=%2B+a&z#frag') AS t(u)`,
    types: ['varchar', 'varchar', 'bigint', 'varchar', 'varchar', 'varchar', 'varchar', 'varchar', 'varchar'],
    rows: [['www.ex.com', 'http', '8080', '/a b/c', 'x=1&y=++a&z', 'frag', '+ a', '', null]],
  },
  {
    // No scheme: a path, so no host; an underscore makes the authority registry-based (no host); a space
    // is no URI; mailto: is opaque.
    sql: `SELECT url_extract_host('www.example.com'), url_extract_host('https://my_host.com/x'), url_extract_host('http://1.2.3.4/'),
            url_extract_host('http://a b/'), url_extract_host('mailto:a@b.com'), url_extract_protocol('//h/p'),
            url_extract_parameter('http://h/?a=1&a=2', 'a'), url_extract_parameter('http://h/', 'a')`,
    rows: [['', '', '1.2.3.4', null, '', '', '1', null]],
  },
  {
    // Guava's form escaper keeps letters, digits and -_.*, writes a space as +.
    sql: "SELECT url_encode('a b/c?é*~'), url_decode('a+b%2Bc%C3%A9')",
    rows: [['a+b%2Fc%3F%C3%A9*%7E', 'a b+cé']],
  },
  {
    sql: "SELECT to_hex(md5(to_utf8('abc'))), to_hex(sha256(to_utf8('abc'))), to_base64(to_utf8('abc')), from_utf8(from_base64('YWJj')), to_hex(to_utf8('é')), typeof(md5(to_utf8('a')))",
    rows: [
      [
        '900150983CD24FB0D6963F7D28E17F72',
        'BA7816BF8F01CFEA414140DE5DAE2223B00361A396177A9CB410FF61F20015AD',
        'YWJj',
        'abc',
        'C3A9',
        'varbinary',
      ],
    ],
  },
  { sql: "SELECT to_hex('abc')", error: /^to_hex\(\) takes a varbinary in Athena/ },
  {
    sql: "SELECT to_utf8('abc')",
    error: /^A varbinary value in the result is an Athena construct the local engine \(DuckDB\) does not have/,
  },
  {
    sql: "SELECT url_extract_host('http://bücher.de/')",
    error: /^url functions of a URL with non-ASCII characters or \[ \] are an Athena construct the local engine/,
  },
];

// Functions Athena engine version 3 added (Athena docs, engine-versions-reference-0003) and others
// analysts reach for: listagg, histogram, map_union, contains_sequence, from_iso8601_date forms,
// parse_datetime, GROUPS window frames.
const MORE_FUNCTIONS: CorpusCase[] = [
  {
    sql: "SELECT listagg(value, ',') WITHIN GROUP (ORDER BY value) csv_value FROM (VALUES 'a', 'c', 'b') t(value)",
    columns: ['csv_value'],
    types: ['varchar'],
    rows: [['a,b,c']],
  },
  {
    // NULLs are skipped; no value at all is NULL.
    sql: `SELECT type, listagg(tx_id, ';') WITHIN GROUP (ORDER BY tx_id DESC) AS txs, listagg(domain, ',' ON OVERFLOW ERROR) WITHIN GROUP (ORDER BY domain) AS domains
          FROM parquet_bcns WHERE type <> 'bid' OR campaign_item_id = 300 GROUP BY type ORDER BY type`,
    rows: [
      ['bid', 'tx-6;tx-5', 'maps.google.com,www.google.com'],
      ['click', 'tx-3', null],
      ['imp', 'tx-3;tx-1', null],
    ],
  },
  {
    sql: "SELECT listagg(v, ',') WITHIN GROUP (ORDER BY v) FROM (VALUES 1, 3, 2) t(v)",
    error: /^Unexpected parameters \(integer, varchar/,
  },
  {
    sql: `SELECT element_at(histogram(type), 'bid'), element_at(histogram(type), 'click'), cardinality(histogram(domain)),
            array_sort(map_keys(histogram(campaign_item_id))) FROM parquet_bcns`,
    types: ['bigint', 'bigint', 'bigint', 'array(bigint)'],
    rows: [['7', '1', '4', '[100, 200, 300]']],
  },
  {
    sql: `SELECT cardinality(map_union(m)), element_at(map_union(m), 'b'), element_at(map_union(m), 'c')
          FROM (VALUES MAP(ARRAY['a', 'b'], ARRAY[1, 2]), MAP(ARRAY['c'], ARRAY[3]), NULL) AS t(m)`,
    rows: [['3', '2', '3']],
  },
  {
    sql: 'SELECT contains_sequence(ARRAY[1, 2, 3, 4, 5, 6], ARRAY[1, 2]), contains_sequence(ARRAY[1, 2, 3], ARRAY[1, 3])',
    rows: [['true', 'false']],
  },
  {
    // functions/datetime.md: a calendar date, an ISO week date, a year and day of year.
    sql: "SELECT from_iso8601_date('2020-05-11'), from_iso8601_date('2020-W10'), from_iso8601_date('2020-123'), from_iso8601_date('2021-W01-5')",
    types: ['date', 'date', 'date', 'date'],
    rows: [['2020-05-11', '2020-03-02', '2020-05-02', '2021-01-08']],
  },
  {
    sql: "SELECT parse_datetime('2026-11-20 07:05', 'yyyy-MM-dd HH:mm')",
    types: ['timestamp(3) with time zone'],
    rows: [['2026-11-20 07:05:00.000 UTC']],
  },
  {
    // Peer groups null,null | 1 | 2,2 | 3,3,3: one group before to two after.
    sql: `SELECT a, array_agg(a) OVER (ORDER BY a ASC NULLS FIRST GROUPS BETWEEN 1 PRECEDING AND 2 FOLLOWING) AS w
          FROM (VALUES 3, 3, 2, 1, null) T(a) ORDER BY a NULLS FIRST`,
    rows: [
      [null, '[null, 1, 2]'],
      ['1', '[null, 1, 2, 3, 3]'],
      ['2', '[1, 2, 3, 3]'],
      ['3', '[2, 3, 3]'],
      ['3', '[2, 3, 3]'],
    ],
  },
  { sql: "SELECT concat('a')", error: /^There must be two or more concatenation arguments$/ },
];

// Conditionals, casts, types, arithmetic (functions/conditional.md, conversion.md, math.md).
const SCALARS: CorpusCase[] = [
  {
    sql: "SELECT tx_id, if(win_price >= 2000, 'high', 'low') FROM parquet_bcns WHERE type = 'bid' ORDER BY tx_id",
    rows: [
      ['tx-1', 'low'],
      ['tx-2', 'high'],
      ['tx-3', 'low'],
      ['tx-4', 'high'],
      ['tx-5', 'low'],
      ['tx-6', 'high'],
      ['tx-7', 'low'],
    ],
  },
  {
    sql: 'SELECT if(1 > 2, 1), nullif(1, 1), coalesce(NULL, 2), greatest(1, 5, 3), least(2e0, 1e0)',
    rows: [[null, null, '2', '5', '1.0']],
  },
  {
    sql: "SELECT coalesce(domain, 'unknown') FROM parquet_bcns WHERE tx_id = 'tx-3' AND type = 'bid'",
    rows: [['unknown']],
  },
  {
    sql: "SELECT type, CASE type WHEN 'bid' THEN 1 WHEN 'imp' THEN 2 ELSE 3 END AS k FROM parquet_bcns WHERE tx_id = 'tx-3' ORDER BY k",
    rows: [
      ['bid', '1'],
      ['imp', '2'],
      ['click', '3'],
    ],
  },
  {
    sql: 'SELECT typeof(1), typeof(1.5), typeof(1e0), typeof(true), typeof(DATE \'2026-11-20\'), typeof(ARRAY[1, 2]), typeof("timestamp"), typeof(dt), typeof(hr) FROM parquet_bcns LIMIT 1',
    rows: [['integer', 'decimal(2,1)', 'double', 'boolean', 'date', 'array(integer)', 'bigint', 'varchar', 'varchar']],
  },
  {
    sql: 'SELECT ceil(1.2e0), floor(-1.2e0), abs(-3), sign(-2), mod(7, 3), power(2, 10), sqrt(16e0), truncate(2.7e0)',
    rows: [['2.0', '-2.0', '3', '-1', '1', '1024.0', '4.0', '2.0']],
  },
  { sql: 'SELECT width_bucket(5.5e0, 0e0, 10e0, 5)', rows: [['3']] },
  { sql: "SELECT try(1 / 0), try(CAST('x' AS bigint))", rows: [[null, null]] },
];

// Relational: joins, set operations, subqueries, VALUES, LIMIT/OFFSET (sql/select.md).
const RELATIONAL: CorpusCase[] = [
  {
    sql: `WITH bids AS (SELECT tx_id, win_price FROM parquet_bcns WHERE type = 'bid'),
               imps AS (SELECT tx_id, win_price FROM parquet_bcns WHERE type = 'imp')
          SELECT b.tx_id, b.win_price AS bid, i.win_price AS paid FROM bids b JOIN imps i ON i.tx_id = b.tx_id ORDER BY b.tx_id`,
    columns: ['tx_id', 'bid', 'paid'],
    rows: [
      ['tx-1', '1000', '800'],
      ['tx-3', '500', '450'],
    ],
  },
  {
    sql: `SELECT count(*) AS bids, count_if(i.tx_id IS NOT NULL) AS won FROM parquet_bcns b
          LEFT JOIN (SELECT DISTINCT tx_id FROM parquet_bcns WHERE type = 'imp') i ON i.tx_id = b.tx_id WHERE b.type = 'bid'`,
    rows: [['7', '2']],
  },
  {
    sql: "SELECT tx_id FROM parquet_bcns WHERE type = 'imp' INTERSECT SELECT tx_id FROM parquet_bcns WHERE type = 'click'",
    rows: [['tx-3']],
  },
  {
    sql: "SELECT count(*) FROM parquet_bcns b WHERE b.type = 'bid' AND EXISTS (SELECT 1 FROM parquet_bcns c WHERE c.type = 'click' AND c.tx_id = b.tx_id)",
    rows: [['1']],
  },
  {
    sql: "SELECT count(*) FROM parquet_bcns WHERE domain LIKE '%.example.com' AND win_price BETWEEN 700 AND 2000",
    rows: [['2']],
  },
  { sql: "SELECT count(*) FROM parquet_bcns WHERE domain IS DISTINCT FROM 'www.google.com'", rows: [['7']] },
  { sql: "SELECT count(*) FROM parquet_bcns WHERE tx_id IN ('tx-1', 'tx-2') AND type <> 'imp'", rows: [['2']] },
  {
    sql: 'SELECT * FROM (VALUES 1, 2, 3) AS t(x) ORDER BY x DESC',
    columns: ['x'],
    rows: [['3'], ['2'], ['1']],
  },
  {
    sql: "VALUES (1, 'a'), (2, 'b')",
    columns: ['_col0', '_col1'],
    rows: [
      ['1', 'a'],
      ['2', 'b'],
    ],
  },
  {
    sql: "SELECT tx_id FROM parquet_bcns WHERE type = 'bid' ORDER BY tx_id OFFSET 2 LIMIT 2",
    rows: [['tx-3'], ['tx-4']],
  },
  {
    sql: "SELECT tx_id FROM parquet_bcns WHERE type = 'bid' ORDER BY tx_id FETCH FIRST 2 ROWS ONLY",
    rows: [['tx-1'], ['tx-2']],
  },
  {
    sql: "SELECT tx_id, win_price * 2 AS doubled, win_price - 1 FROM parquet_bcns WHERE tx_id = 'tx-7'",
    columns: ['tx_id', 'doubled', '_col2'],
    types: ['varchar', 'bigint', 'bigint'],
    rows: [['tx-7', '1400', '699']],
  },
];

// The lake: partitions as strings, "$path", metadata statements (Athena: SHOW, DESCRIBE).
const LAKE: CorpusCase[] = [
  { sql: "SELECT count(*) FROM parquet_bcns WHERE dt = '2026-11-20' AND hr = '08'", rows: [['2']] },
  {
    sql: `SELECT DISTINCT regexp_extract("$path", 'dt=[0-9-]+/hr=[0-9]+') AS partition FROM parquet_bcns ORDER BY 1`,
    rows: [['dt=2026-11-20/hr=07'], ['dt=2026-11-20/hr=08'], ['dt=2026-12-31/hr=23'], ['dt=2027-01-01/hr=00']],
  },
  {
    sql: 'SHOW TABLES',
    columns: ['tab_name'],
    rows: [
      ['failed_events'],
      ['parquet_aggregates'],
      ['parquet_bcns'],
      ['parquet_clicks'],
      ['parquet_failed_events'],
      ['parquet_impressions'],
      ['raw_aggregates'],
      ['raw_bcns'],
      ['raw_clicks'],
      ['raw_failed_events'],
      ['raw_impressions'],
    ],
  },
  {
    sql: "SHOW TABLES LIKE 'parquet*'",
    rows: [
      ['parquet_aggregates'],
      ['parquet_bcns'],
      ['parquet_clicks'],
      ['parquet_failed_events'],
      ['parquet_impressions'],
    ],
  },
  {
    sql: 'SHOW COLUMNS IN parquet_aggregates',
    columns: ['field'],
    rows: [
      ['campaign_item_id'],
      ['period'],
      ['bids'],
      ['impressions'],
      ['clicks'],
      ['spend'],
      ['version'],
      ['dt'],
      ['hr'],
    ],
  },
  {
    sql: 'SELECT campaign_item_id, sum(spend) FROM parquet_aggregates WHERE version = 4 GROUP BY campaign_item_id',
    rows: [['100', '800']],
  },
  { sql: 'SELECT count(*) FROM raw_bcns', rows: [['0']] },
];

// Decimals (functions/decimal.md; DecimalOperators: a / b is decimal(min(38, pa + sb + max(sb - sa, 0)),
// max(sa, sb)) rounded HALF_UP, a % b decimal(min(pa - sa, pb - sb) + max(sa, sb), max(sa, sb)); an
// integer operand is decimal(10,0), a bigint decimal(19,0); a literal's precision leaves out leading zeros).
const DECIMALS: CorpusCase[] = [
  {
    // 1 * 1.0 is decimal(12,1) = 1.0; 1.0 / 3 = 0.333… to scale 1. 2 / 3.0: 200 / 30 = 6.67 → 0.7.
    sql: 'SELECT 1 * 1.0 / 3, 2 / 3.0, -7.5 / 2, 10.00 / 3.0',
    types: ['decimal(12,1)', 'decimal(12,1)', 'decimal(2,1)', 'decimal(5,2)'],
    rows: [['0.3', '0.7', '-3.8', '3.33']],
  },
  {
    // 1.00 / 8 = 0.125: half away from zero at scale 2.
    sql: 'SELECT 1.0 / 8, 1.00 / 8, -1.00 / 8, 5 / 2.0, 7 / 2 * 1.0, 7 * 1.0 / 2',
    types: ['decimal(2,1)', 'decimal(3,2)', 'decimal(3,2)', 'decimal(12,1)', 'decimal(12,1)', 'decimal(12,1)'],
    rows: [['0.1', '0.13', '-0.13', '2.5', '3.0', '3.5']],
  },
  {
    // count_if is a bigint: 2 * 1.0 is decimal(21,1); sum(win_price) = 12450, a bigint, * 100.0 is decimal(23,1).
    sql: "SELECT count_if(type = 'imp') * 1.0 / count(*) AS imp_rate, sum(win_price) * 100.0 / count(*) FROM parquet_bcns",
    columns: ['imp_rate', '_col1'],
    types: ['decimal(21,1)', 'decimal(23,1)'],
    rows: [['0.2', '124500.0']],
  },
  {
    // Campaign 100 won 1 of 3 bids over 1000: 100.0 / 3 = 33.3; round(decimal(23,1), 1) is decimal(24,1).
    sql: `SELECT campaign_item_id, round(count_if(win_price > 1000) * 100.0 / count(*), 1) AS pct
          FROM parquet_bcns WHERE type = 'bid' GROUP BY 1 ORDER BY 1`,
    types: ['bigint', 'decimal(24,1)'],
    rows: [
      ['100', '33.3'],
      ['200', '50.0'],
      ['300', '100.0'],
    ],
  },
  {
    // 600 / 700 = 0.857 → 0.9.
    sql: 'SELECT tx_id, win_price * 1.0 / bid_price AS ratio FROM parquet_impressions ORDER BY tx_id',
    types: ['varchar', 'decimal(21,1)'],
    rows: [
      ['tx-1', '0.8'],
      ['tx-10', '0.9'],
      ['tx-3', '0.9'],
      ['tx-8', '0.9'],
      ['tx-9', '0.8'],
    ],
  },
  {
    // 100.0 % 2.55 = 10000 % 255 at scale 2 = 55; decimal(min(3, 1) + 2, 2).
    sql: 'SELECT 5.5 % 2, -5.5 % 2, 100.0 % 2.55, mod(7.5, 2)',
    types: ['decimal(2,1)', 'decimal(2,1)', 'decimal(3,2)', 'decimal(2,1)'],
    rows: [['1.5', '-1.5', '0.55', '1.5']],
  },
  { sql: 'SELECT 1.0 / 0', error: /^Division by zero$/ },
  { sql: 'SELECT 5.5 % 0', error: /^Division by zero$/ },
  { sql: 'SELECT try(1.0 / 0), try(5 / 0)', rows: [[null, null]] },
  {
    // A double divided by zero is Java's: ±Infinity, NaN for 0 and NaN; the remainder by zero is NaN.
    sql: 'SELECT 1e0 / 0, -1e0 / 0, 0e0 / 0, 1e0 % 0, nan() / 0',
    types: ['double', 'double', 'double', 'double', 'double'],
    rows: [['Infinity', '-Infinity', 'NaN', 'NaN', 'NaN']],
  },
  {
    sql: "SELECT typeof(0.5), typeof(0.05), typeof(100.0), typeof(.5), typeof(DECIMAL '12.50'), typeof(1.5 * 2), typeof(1.5 + 2)",
    rows: [
      [
        'decimal(1,1)',
        'decimal(2,2)',
        'decimal(4,1)',
        'decimal(1,1)',
        'decimal(4,2)',
        'decimal(12,1)',
        'decimal(12,1)',
      ],
    ],
  },
  {
    // The sum of decimal(3,2) is decimal(38,2); the average keeps decimal(3,2): 6.25 / 3 = 2.083 → 2.08.
    sql: 'SELECT sum(x), avg(x) FROM (VALUES 1.25, 2.50, 2.50) AS t(x)',
    types: ['decimal(38,2)', 'decimal(3,2)'],
    rows: [['6.25', '2.08']],
  },
  { sql: 'SELECT avg(x) FROM (VALUES 0.25, 0.50) AS t(x)', types: ['decimal(2,2)'], rows: [['0.38']] },
  {
    // round/ceiling/floor of decimal(p, s): decimal(p - s + min(1, s), 0); round(x, d): decimal(p + 1, s);
    // truncate: decimal(max(1, p - s), 0); sign: decimal(1,0).
    sql: 'SELECT round(2.5), ceil(12.34), floor(-12.34), truncate(-2.7), sign(-2.5), round(9.95, 1), round(95.5, -1)',
    types: [
      'decimal(2,0)',
      'decimal(3,0)',
      'decimal(3,0)',
      'decimal(1,0)',
      'decimal(1,0)',
      'decimal(4,2)',
      'decimal(4,1)',
    ],
    rows: [['3', '13', '-13', '-2', '-1', '10.00', '100.0']],
  },
  {
    // Integers keep their type; round of a double is Java's Math.round(x * 10^d) / 10^d (2.675 * 100 is 267.5).
    sql: 'SELECT ceil(5), floor(CAST(7 AS bigint)), sign(-2), round(15, -1), round(2.675e0, 2), round(1.005e0, 2), round(-0.4e0), sign(-0e0)',
    types: ['integer', 'bigint', 'integer', 'integer', 'double', 'double', 'double', 'double'],
    rows: [['5', '7', '-1', '20', '2.68', '1.0', '-0.0', '-0.0']],
  },
  {
    // greatest and least are NULL when an argument is.
    sql: 'SELECT greatest(1, NULL), least(2, NULL, 1), greatest(1, 5, 3), least(1.5, 2)',
    types: ['integer', 'integer', 'integer', 'decimal(11,1)'],
    rows: [[null, null, '5', '1.5']],
  },
  {
    // MathFunctions.widthBucket; with bound1 > bound2 the bucket is n - b + 1 of the ascending one.
    sql: 'SELECT width_bucket(3.14, 0, 4, 3), width_bucket(3.14, 4, 0, 3), width_bucket(2, 4, 0, 4), width_bucket(4, 4, 0, 4), width_bucket(-1, 3.2, 0, 4)',
    rows: [['3', '1', '2', '0', '5']],
  },
  { sql: 'SELECT width_bucket(3.14, -1, -1, 3)', error: /^bounds cannot equal each other$/ },
];

// try() around aggregates, windows and subqueries (functions/conditional.md): the division by zero over
// their results is caught.
const TRIES: CorpusCase[] = [
  { sql: 'SELECT try(count(*) / 0) FROM parquet_bcns', types: ['bigint'], rows: [[null]] },
  {
    // Campaign 100 has 3 bids: 3 / 0.
    sql: `SELECT campaign_item_id, try(count(*) / (count(*) - 3)) AS q, try(campaign_item_id / (count(*) - 3)) AS r
          FROM parquet_bcns WHERE type = 'bid' GROUP BY campaign_item_id ORDER BY 1`,
    rows: [
      ['100', null, null],
      ['200', '-2', '-200'],
      ['300', '-2', '-300'],
    ],
  },
  {
    // 4 of 7 bids over 1000: 4.0 / 7 = 0.57 → 0.6; no click has a price.
    sql: `SELECT type, TRY(SUM(CASE WHEN win_price > 1000 THEN 1 ELSE 0 END) * 1.0 / NULLIF(COUNT(win_price), 0)) AS share
          FROM parquet_bcns GROUP BY type ORDER BY type`,
    types: ['varchar', 'decimal(21,1)'],
    rows: [
      ['bid', '0.6'],
      ['click', null],
      ['imp', '0.0'],
    ],
  },
  { sql: 'SELECT try((SELECT max(win_price) FROM parquet_bcns) / 0)', rows: [[null]] },
  {
    sql: `SELECT tx_id, try(win_price / (sum(win_price) OVER (PARTITION BY tx_id) - win_price)) AS r
          FROM parquet_bcns WHERE type <> 'click' ORDER BY tx_id, r`,
    rows: [
      ['tx-1', '0'],
      ['tx-1', '1'],
      ['tx-2', null],
      ['tx-3', '0'],
      ['tx-3', '1'],
      ['tx-4', null],
      ['tx-5', null],
      ['tx-6', null],
      ['tx-7', null],
    ],
  },
  { sql: 'SELECT try(try(count(*) / 0) + max(win_price)) FROM parquet_bcns', rows: [[null]] },
];

// Refused with the construct named: Athena does not have it, or the local engine does not.
const REFUSED: CorpusCase[] = [
  {
    sql: 'SELECT count(*) FROM parquet_bcns WHERE hr = 8',
    error: /Cannot apply operator: varchar = integer.*hr is a string/,
  },
  { sql: "SELECT strftime(now(), '%Y')", error: /Function strftime\(\) is not Athena \(Trino\) SQL/ },
  { sql: 'SELECT CAST(1 AS bigint)::varchar', error: /The operator :: is not Athena \(Trino\) SQL/ },
  { sql: "SELECT domain ILIKE '%G%' FROM parquet_bcns", error: /ILIKE is not Athena \(Trino\) SQL/ },
  { sql: 'SELECT [1, 2]', error: /A bare \[ \] list is not Athena/ },
  {
    sql: 'SELECT approx_most_frequent(3, domain, 10) FROM parquet_bcns',
    error: /Function approx_most_frequent\(\) is an Athena construct the local engine \(DuckDB\) does not have/,
  },
  {
    sql: "SELECT to_iso8601(from_unixtime(0) AT TIME ZONE 'Europe/Paris')",
    error: /to_iso8601\(\) on a timestamp in time zone Europe\/Paris is an Athena construct the local engine/,
  },
  { sql: "SELECT date_format(now(), '%D')", error: /%D is not supported/ },
  { sql: 'SELECT *, "$path" FROM parquet_bcns', error: /SELECT \* together with "\$path"/ },
  { sql: 'CREATE TABLE t AS SELECT 1', error: /CREATE statements is an Athena construct the local engine/ },
  { sql: 'SELECT 1; SELECT 2', error: /one statement at a time/ },
  {
    sql: 'SELECT max(from_unixtime("timestamp" / 1000) AT TIME ZONE \'Asia/Kolkata\') FROM parquet_bcns',
    error: /max\(\) on a timestamp in time zone Asia\/Kolkata is an Athena construct the local engine/,
  },
  {
    sql: "SELECT hour(t) FROM (SELECT from_unixtime(0) AT TIME ZONE 'Asia/Kolkata' AS t)",
    error: /A timestamp in time zone Asia\/Kolkata as a column of a subquery or WITH is an Athena construct/,
  },
  {
    sql: 'SELECT try(CASE WHEN tx_id IN (SELECT tx_id FROM parquet_clicks) THEN 1 / 0 END) FROM parquet_bcns',
    error: /try\(\) around IN \(subquery\) is an Athena construct the local engine/,
  },
  {
    sql: 'SELECT try(reduce(ARRAY[1], 0, (s, x) -> s + x, s -> s) / count(*)) FROM parquet_bcns',
    error: /try\(\) around an aggregate, a window or a subquery together with a lambda is an Athena construct/,
  },
];

export const ATHENA_CORPUS: readonly CorpusCase[] = [
  ...ISSUE,
  ...EDGES,
  ...AGGREGATES,
  ...GROUPING,
  ...WINDOWS,
  ...DATETIME,
  ...DATETIME_DOCS,
  ...ZONES,
  ...COLLECTIONS,
  ...ARRAYS,
  ...STRINGS,
  ...TEXT,
  ...JSON_CASES,
  ...URLS_AND_BINARY,
  ...MORE_FUNCTIONS,
  ...SCALARS,
  ...DECIMALS,
  ...STATISTICS,
  ...SPLIT_TO_MAP,
  ...MATH_AND_CASTS,
  ...REGEXP_DOCS,
  ...MAPS_AND_SETS,
  ...JSON_DOCS,
  ...CONCATENATION,
  ...TRIES,
  ...RELATIONAL,
  ...LAKE,
  ...REFUSED,
];
