import { STREAM_NAMES } from '../../lambda/domain/streams.ts';
import { GIB, type LineContext, type LineItem, line } from '../cost-model.ts';
import { PRICES } from '../price-table.ts';
import { HOURS_PER_MONTH } from '../templates.ts';
import { functionUsage } from './function-usage.ts';
import { firehoseObjects, storedLakeBytes } from './lake-volumes.ts';
import { labelled, roundedGiB } from './line-helpers.ts';

const FIVE_KB = 5 * 1024;
const TIB = 1024 ** 4;
const ATHENA_MINIMUM_BYTES = 10 * 1024 ** 2;
/** Bytes Athena reads with one ranged GET of a Parquet file. */
const ATHENA_BYTES_PER_GET = 8 * 1024 ** 2;

/**
 * The data lake: Firehose ingestion (each record rounded up to 5 KB) and Parquet conversion, the
 * lake's storage and requests, ad-hoc Athena queries and the Glue catalog (within its free tier).
 */
export function lakeLines(context: LineContext): LineItem[] {
  const { deployment, volumes } = context;
  const firehose = deployment.firehoses.flatMap((f) => {
    const ref = labelled(f, 'Data Firehose', `${f.source} → ${f.conversion ? 'Parquet' : 'raw JSON'}`);
    const ingested = roundedGiB(volumes.records[f.source], volumes.recordBytes[f.source], FIVE_KB);
    return [
      line(ref, 'GB ingested (5 KB rounding)', ingested, 'GB', PRICES.firehose.ingestGB.usd),
      line(ref, 'GB converted to Parquet', f.conversion ? ingested : 0, 'GB', PRICES.firehose.formatConversionGB.usd),
    ];
  });

  const bucket = labelled(
    deployment.lakeBucket ?? { stack: deployment.stacks[0] ?? 'app', logicalId: 'Lake' },
    'S3',
    'lake bucket',
  );
  const stored = STREAM_NAMES.map((stream) => storedLakeBytes(context, stream));
  const rawGiB = stored.reduce((sum, s) => sum + s.raw, 0) / GIB;
  const parquetGiB = stored.reduce((sum, s) => sum + s.parquet, 0) / GIB;

  // Requests. A delivered file is a PUT; registering a Parquet file reads and writes its manifest;
  // a lake-writer batch puts its raw and Parquet files and its manifest after reading it;
  // compaction reads each Parquet file once and writes a merged file and a manifest per stream-hour;
  // Athena reads Parquet by ranged GETs and writes one result file a query.
  const delivered = deployment.firehoses.reduce((sum, f) => sum + firehoseObjects(context, f), 0);
  const parquetFiles = deployment.firehoses
    .filter((f) => f.conversion)
    .reduce((sum, f) => sum + firehoseObjects(context, f), 0);
  const writerBatches = deployment.functions
    .filter((fn) => fn.role.kind === 'lakeWriter')
    .reduce((sum, fn) => sum + functionUsage(context, fn).invocations, 0);
  const compacts = deployment.functions.some((fn) => fn.role.kind === 'compaction');
  const compactedHours = compacts && volumes.events > 0 ? STREAM_NAMES.length * HOURS_PER_MONTH : 0;
  const athenaBytes =
    volumes.athenaQueries * Math.max(context.workload.traffic.athenaGiBPerQuery * GIB, ATHENA_MINIMUM_BYTES);
  const puts = delivered + parquetFiles + writerBatches * 3 + compactedHours * 2 + volumes.athenaQueries;
  const gets =
    parquetFiles + writerBatches + (parquetFiles + writerBatches) + compactedHours + athenaBytes / ATHENA_BYTES_PER_GET;

  const { traffic } = context.workload;
  const rawDays = Math.min(deployment.rawRetentionDays ?? traffic.retentionDays, traffic.retentionDays);
  const lake = [
    line(bucket, `raw gzip JSON stored (${rawDays} days)`, rawGiB, 'GB-month', PRICES.s3.storageGBMonth.usd),
    line(
      bucket,
      `Parquet stored (${traffic.retentionDays} days)`,
      parquetGiB,
      'GB-month',
      PRICES.s3.storageGBMonth.usd,
    ),
    line(
      bucket,
      'PUT requests (files, manifests, compaction)',
      puts / 1000,
      'thousand requests',
      PRICES.s3.putRequests.usd,
    ),
    line(
      bucket,
      'GET requests (manifests, compaction, Athena)',
      gets / 1000,
      'thousand requests',
      PRICES.s3.getRequests.usd,
    ),
  ];
  const athena = line(
    { ...bucket, service: 'Athena', resource: 'ad-hoc queries' },
    `TB scanned (${traffic.athenaQueriesPerDay} queries a day × ${traffic.athenaGiBPerQuery} GiB)`,
    athenaBytes / TIB,
    'TB',
    PRICES.athena.scannedTB.usd,
  );
  // Partition projection adds no partitions to the catalog, and Athena and the Parquet Firehoses
  // call it a few times each: both meters stay inside the free first million.
  const glue = { ...bucket, service: 'Glue', resource: 'Data Catalog' };
  const catalog = [
    line(glue, 'catalog objects (first million free)', deployment.catalogObjects, 'objects', 0),
    line(glue, 'catalog requests (first million free)', volumes.athenaQueries * 4 + parquetFiles, 'requests', 0),
  ];
  return [...firehose, ...lake, athena, ...catalog];
}
