/** One headline figure of a benchmark, as the summary of docs/benchmarks.md shows it. */
export interface Headline {
  readonly figure: string;
  readonly value: string;
  /** The figure against a ceiling or a goal; empty when there is nothing to compare with. */
  readonly comparedWith: string;
}

/** The ceilings measured by bench:ingest, against which throughput figures are set. */
export interface Ceilings {
  readonly kinesisRecordsPerSecond?: number;
  readonly httpRequestsPerSecond?: number;
}

type Headlines = (results: unknown, ceilings: Ceilings) => Headline[];

/**
 * The headline figures of each benchmark, read from its bench/results JSON. Results are read
 * leniently: a field a script no longer writes shows as n/a rather than breaking the summary.
 */
export const HEADLINES: Readonly<Record<string, Headlines>> = {
  ingest: (r, c) => [
    {
      figure: 'No-op HTTP server ceiling (one bid per request, 64 connections)',
      value: unit(c.httpRequestsPerSecond, 'requests/s'),
      comparedWith: 'ceiling',
    },
    {
      figure: 'Raw Kinesis PutRecords ceiling (500 records per call)',
      value: unit(c.kinesisRecordsPerSecond, 'records/s'),
      comparedWith: 'ceiling',
    },
    ...(['ingestOnly.', ''] as const).flatMap((run): Headline[] => {
      const label = run ? 'ingestion only, `--ingest-only`' : 'whole platform';
      return [
        {
          figure: `Single-event ingestion, ${label} (64 connections, closed loop)`,
          value: `${unit(num(r, `${run}single.requestsPerSecond`), 'events/s')}, p99 ${ms(num(r, `${run}single.latencyMs.p99`))}`,
          comparedWith: versus(num(r, `${run}single.requestsPerSecond`), c.httpRequestsPerSecond, 'no-op HTTP ceiling'),
        },
        {
          figure: `Batched ingestion, ${label} (100 bids per request)`,
          value: `${unit(num(r, `${run}batched.eventsPerSecond`), 'events/s')}, p99 ${ms(num(r, `${run}batched.latencyMs.p99`))}`,
          comparedWith: versus(num(r, `${run}batched.eventsPerSecond`), c.kinesisRecordsPerSecond, 'Kinesis ceiling'),
        },
      ];
    }),
    {
      figure: 'Accepted events lost / stored twice (both runs)',
      value: `${int(bothRuns(r, 'lost'))} / ${int(bothRuns(r, 'duplicates'))}`,
      comparedWith: 'goal 0 / 0',
    },
  ],
  gatling: (r) => [
    {
      figure: `Gatling ApiPerformanceTest at the sustained rate, ${int(num(r, 'run.durationSeconds'))} s`,
      value: `${unit(num(r, 'gatling.stats.global.total'), 'requests')}, ${int(num(r, 'gatling.stats.global.ko'))} KO, p99 ${ms(num(r, 'gatling.stats.global.responseTimeMs.p99'))}`,
      comparedWith:
        at(r, 'lossCheck.exitCode') === 0 ? 'loss check passed (0 lost / 0 doubled)' : '**loss check failed**',
    },
  ],
  sustained: (r, c) => {
    const rate = num(r, 'held.load.requestsPerSecond');
    const held = num(r, 'search.holdSeconds');
    const bound = num(r, 'search.p99BoundMs');
    return [
      {
        figure: `Highest single-event rate held ${int(held)} s (open loop, p99 < ${int(bound)} ms, nothing lost)`,
        value:
          rate === undefined ? 'none held' : `${unit(rate, 'events/s')}, p99 ${ms(num(r, 'held.load.latencyMs.p99'))}`,
        comparedWith: [
          versus(rate, c.httpRequestsPerSecond, 'no-op HTTP ceiling'),
          versus(rate, c.kinesisRecordsPerSecond, 'Kinesis ceiling'),
        ].join('; '),
      },
    ];
  },
  aggregation: (r, c) => [
    {
      figure: 'Aggregation core, raw JSON records, one core',
      value: unit(num(r, 'rawEventsPerSecond'), 'events/s'),
      comparedWith: versus(num(r, 'rawEventsPerSecond'), c.kinesisRecordsPerSecond, 'Kinesis ceiling'),
    },
    {
      figure: 'Aggregation core, parsed records, one core',
      value: unit(num(r, 'parsedEventsPerSecond'), 'events/s'),
      comparedWith: versus(num(r, 'parsedEventsPerSecond'), c.kinesisRecordsPerSecond, 'Kinesis ceiling'),
    },
  ],
  freshness: (r) => [
    {
      figure: 'End-to-end freshness p50 / p99 (POST /bid until the report counts it)',
      value: `${seconds(num(r, 'p50Ms'), 1000)} / ${seconds(num(r, 'p99Ms'), 1000)}, ${int(num(r, 'missing'))} of ${int(num(r, 'probes'))} probes never seen`,
      comparedWith: `goal p99 ≤ ${seconds(num(r, 'budgetMs'), 1000)}`,
    },
  ],
  flink: (r, c) => [
    {
      figure: 'Flink job on a MiniCluster, parallelism 1 / 2',
      value: `${int(num(r, 'flink.parallelism1_events_per_s'))} / ${unit(num(r, 'flink.parallelism2_events_per_s'), 'events/s')}`,
      comparedWith: versus(num(r, 'flink.parallelism2_events_per_s'), c.kinesisRecordsPerSecond, 'Kinesis ceiling'),
    },
  ],
  lake: (r, c) => [
    {
      figure: 'Lake writer (local Kinesis to gzip NDJSON + Parquet)',
      value: unit(num(r, 'writer.rowsPerSecond'), 'rows/s'),
      comparedWith: versus(num(r, 'writer.rowsPerSecond'), c.kinesisRecordsPerSecond, 'Kinesis ceiling'),
    },
    {
      figure: 'Grouped query over 10,000,000 events, before / after compaction',
      value: `${seconds(num(r, 'before.querySeconds'))} / ${seconds(num(r, 'after.querySeconds'))}`,
      comparedWith: `${times(num(r, 'speedup'))} faster after compaction`,
    },
  ],
  ml: (r) => [
    {
      figure: 'Holdout AUC, ours / scikit-learn on the same rows',
      value: `${fixed(num(r, 'ours.auc'), 4)} / ${fixed(num(r, 'sklearn.auc'), 4)}`,
      comparedWith: `difference ${fixed(num(r, 'aucDifference'), 4)}`,
    },
    {
      figure: 'Training time, ours / scikit-learn',
      value: `${seconds(num(r, 'ours.trainSeconds'))} / ${seconds(num(r, 'sklearn.trainSeconds'))}`,
      comparedWith: '',
    },
    {
      figure: 'POST /predictions over HTTP, one bid, p50 / p99',
      value: `${fixed(num(r, 'latency.http.p50Ms'), 2)} / ${fixed(num(r, 'latency.http.p99Ms'), 2)} ms`,
      comparedWith: '',
    },
  ],
};

/** The value at a dotted path of a parsed JSON value, if there is one. */
export function at(json: unknown, path: string): unknown {
  let value = json;
  for (const key of path.split('.')) {
    value = value !== null && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined;
  }
  return value;
}

/** The number at a dotted path of a parsed JSON value, if it is one. */
export function num(json: unknown, path: string): number | undefined {
  const value = at(json, path);
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

function total(json: unknown, arrayPath: string, field: string): number | undefined {
  const items = at(json, arrayPath);
  return Array.isArray(items) ? items.reduce<number>((sum, item) => sum + (num(item, field) ?? 0), 0) : undefined;
}

/** A read-back total over the whole-platform run and the --ingest-only one; undefined if either is missing. */
function bothRuns(json: unknown, field: string): number | undefined {
  const whole = total(json, 'readBack.phases', field);
  const ingestOnly = total(json, 'ingestOnly.readBack.phases', field);
  return whole === undefined || ingestOnly === undefined ? undefined : whole + ingestOnly;
}

function versus(value: number | undefined, ceiling: number | undefined, name: string): string {
  if (value === undefined) return 'n/a';
  if (ceiling === undefined) return `n/a (${name} not measured)`;
  const ratio = value / ceiling;
  return ratio < 1 ? `${(ratio * 100).toFixed(1)}% of the ${name}` : `${times(ratio)} the ${name}`;
}

function unit(value: number | undefined, name: string): string {
  return value === undefined ? 'n/a' : `${int(value)} ${name}`;
}

function int(value: number | undefined): string {
  return value === undefined ? 'n/a' : Math.round(value).toLocaleString('en-US');
}

function fixed(value: number | undefined, digits: number): string {
  return value === undefined ? 'n/a' : value.toFixed(digits);
}

function times(value: number | undefined): string {
  return value === undefined ? 'n/a' : `${value.toFixed(1)}×`;
}

function seconds(value: number | undefined, perSecond = 1): string {
  return value === undefined ? 'n/a' : `${(value / perSecond).toFixed(2)} s`;
}

function ms(value: number | undefined): string {
  return value === undefined ? 'n/a' : `${value.toFixed(value < 10 ? 1 : 0)} ms`;
}
