import { parseArgs } from 'node:util';
import { lakeDir, loadLocalConfig } from './config.ts';
import { generateTraffic, type TrafficSummary } from './generate/generate-traffic.ts';
import { OUTPUT_FORMATS, type OutputFormat } from './lake/format-rows.ts';
import { runCompaction, runSql } from './lake/lake-commands.ts';
import { SqlError } from './lake/lake-sql.ts';
import { trainLocalModel } from './ml/local-training.ts';
import { describeTrainingReport } from './ml/train-model.ts';
import { startPlatform } from './platform.ts';

const USAGE = `Usage: sdp <command> [options]

Commands:
  start [options]                Run the whole platform locally in the foreground (Ctrl-C stops it).
      --ingest-only              only the APIs and the streams: no processor, reports writer, lake
                                 writers or retraining; the next full start processes what was stored
  generate [options]             Send synthetic bids, impressions and clicks to the ingestion API.
      --rate N                   bids per second (default 100)
      --duration S               seconds to send for (default 10)
      --url U                    API base URL (default http://localhost:$PORT, PORT default 3000)
      --batch N                  events per request, 1 to 500 (default 1)
      --concurrency N            requests in flight (default 32)
      --seed N                   random seed, for reproducible traffic (default 1)
      --json                     print the summary as JSON
  sql "<query>" [options]        Run SQL over the local lake (DuckDB) with the Athena table names:
                                 raw_bcns raw_impressions raw_clicks raw_aggregates
                                 parquet_bcns parquet_impressions parquet_clicks parquet_aggregates
      --format F                 table (default), json or csv
  train                          Train the win-probability model on the local lake; it replaces the
                                 served model only if it is at least as good on the same holdout.
  compact [options]              Merge the small Parquet files of closed hours now (the schedule does
                                 this every SDP_COMPACTION_MINUTES while the platform runs).
      --all                      every hour, including the open one`;

export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'start':
      return start(rest);
    case 'generate':
      return generate(rest);
    case 'sql':
      return sql(rest);
    case 'compact':
      return compact(rest);
    case 'train':
      return train();
    case undefined:
    case 'help':
    case '--help':
      console.log(USAGE);
      return command === undefined ? 1 : 0;
    default:
      console.error(`Unknown command "${command}".\n\n${USAGE}`);
      return 1;
  }
}

async function start(args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: { 'ingest-only': { type: 'boolean', default: false } } });
  const ingestOnly = values['ingest-only'] === true;
  const config = loadLocalConfig();
  const platform = await startPlatform(config, { ingestOnly });
  console.log(`Streaming Data Platform is running (data in ${config.dataDir})${ingestOnly ? ', ingestion only: events wait on the streams' : ''}
  Ingestion API   ${platform.url}/bid  ${platform.url}/impression  ${platform.url}/click
  Reports         ${platform.url}/reports/campaigns/{campaign_item_id}
  Predictions     ${platform.url}/predictions
  Health          ${platform.url}/health
  Kinesis         ${platform.kinesisEndpoint}  (streams: bcns, impressions, clicks, aggregates)
  DynamoDB        ${platform.dynamodbEndpoint}  (table: reports)
  Lake            ${lakeDir(config)}  (query it: npx sdp sql "SELECT count(*) FROM parquet_bcns")
Press Ctrl-C to stop.`);
  await new Promise<void>((resolve) => {
    const shutdown = (signal: string) => {
      console.log(`\n${signal}: answering requests in flight and flushing to the streams...`);
      resolve();
    };
    process.once('SIGINT', () => shutdown('SIGINT'));
    process.once('SIGTERM', () => shutdown('SIGTERM'));
  });
  await platform.stop();
  console.log('Stopped cleanly.');
  return 0;
}

async function sql(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { format: { type: 'string', default: 'table' } },
  });
  const format = values.format as OutputFormat;
  if (!OUTPUT_FORMATS.includes(format)) {
    throw new UsageError(`--format must be one of ${OUTPUT_FORMATS.join(', ')}, got "${values.format}"`);
  }
  if (positionals.length !== 1 || positionals[0]?.trim() === '') {
    throw new UsageError('Usage: sdp sql "<query>" [--format table|json|csv]');
  }
  try {
    console.log(await runSql(loadLocalConfig(), positionals[0] as string, format));
    return 0;
  } catch (error) {
    if (!(error instanceof SqlError)) throw error;
    console.error(error.message);
    return 2;
  }
}

async function train(): Promise<number> {
  const report = await trainLocalModel(loadLocalConfig());
  console.log(describeTrainingReport(report));
  return 0;
}

async function compact(args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: { all: { type: 'boolean', default: false } } });
  const result = await runCompaction(loadLocalConfig(), values.all);
  if (!result.ran) {
    console.log(`Compaction skipped: ${result.reason}`);
    return 0;
  }
  for (const c of result.compacted) {
    console.log(
      `${c.stream} dt=${c.partition.dt}/hr=${c.partition.hr}: ${c.inputs} files -> ${c.outputs}, ${c.rows} rows`,
    );
  }
  console.log(`Compacted ${result.compacted.length} partitions; deleted ${result.deleted} retired files.`);
  return 0;
}

async function generate(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      rate: { type: 'string', default: '100' },
      duration: { type: 'string', default: '10' },
      url: { type: 'string' },
      batch: { type: 'string', default: '1' },
      concurrency: { type: 'string', default: '32' },
      seed: { type: 'string', default: '1' },
      json: { type: 'boolean', default: false },
    },
  });
  const url = values.url ?? `http://localhost:${loadLocalConfig().port}`;
  const options = {
    rate: positive('--rate', values.rate),
    durationSeconds: positive('--duration', values.duration),
    batchSize: positive('--batch', values.batch, 500),
    concurrency: positive('--concurrency', values.concurrency),
    seed: positive('--seed', values.seed),
  };
  const interactive = process.stderr.isTTY && !values.json;
  const summary = await generateTraffic({
    url,
    ...options,
    onProgress: (progress) => {
      const line = progressLine(progress);
      if (interactive) process.stderr.write(`\r${line}`);
      else if (!values.json) console.error(line);
    },
  });
  if (interactive) process.stderr.write('\n');
  if (values.json) console.log(JSON.stringify(summary, null, 2));
  else console.log(summaryText(summary, url));
  return summary.failedRequests === 0 ? 0 : 2;
}

function progressLine(s: TrafficSummary): string {
  const seconds = s.elapsedMs / 1000;
  const sent = s.events.bid.sent + s.events.impression.sent + s.events.click.sent;
  return `${seconds.toFixed(0)}s  bids ${s.events.bid.sent}  impressions ${s.events.impression.sent}  clicks ${s.events.click.sent}  ${Math.round(sent / seconds)} events/s  failed requests ${s.failedRequests}`;
}

function summaryText(s: TrafficSummary, url: string): string {
  const rows = (['bid', 'impression', 'click'] as const).map(
    (kind) =>
      `  ${kind.padEnd(11)} sent ${String(s.events[kind].sent).padStart(8)}  accepted ${String(s.events[kind].accepted).padStart(8)}  failed ${s.events[kind].failed}`,
  );
  return [
    `Sent to ${url} in ${(s.elapsedMs / 1000).toFixed(1)} s: ${s.requests} requests, ${s.failedRequests} failed`,
    ...rows,
    `  campaigns   ${Object.keys(s.campaigns).length}`,
  ].join('\n');
}

function positive(name: string, raw: string, max = Number.POSITIVE_INFINITY): number {
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0 || value > max) {
    throw new UsageError(
      `${name} must be a number greater than 0${Number.isFinite(max) ? ` and at most ${max}` : ''}, got "${raw}"`,
    );
  }
  return value;
}

class UsageError extends Error {
  override name = 'UsageError';
}
