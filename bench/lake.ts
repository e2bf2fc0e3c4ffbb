// Data lake benchmark: the local lake writer's rows/s, and a grouped query over 10 million events
// before and after compaction. See docs/benchmarks.md.
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PutRecordsCommand } from '@aws-sdk/client-kinesis';
import { DuckDBInstance } from '@duckdb/node-api';
import { dataPrefix, HOUR_MS, manifestKey, type Partition, partitionOf } from '../lambda/domain/lake/lake-layout.ts';
import { parquetColumns } from '../lambda/domain/lake/lake-tables.ts';
import { ParquetConverter } from '../lambda/lake/json-to-parquet.ts';
import { updateManifest } from '../lambda/lake/manifest.ts';
import { castColumns, quoteLiteral } from '../lambda/lake/parquet-files.ts';
import { compactLake } from '../lambda/lake/run-compaction.ts';
import { createLocalKinesisClient, ensureStreams } from '../local/kinesis/kinesis-client.ts';
import { FileObjectStore } from '../local/lake/file-object-store.ts';
import { LakeSql } from '../local/lake/lake-sql.ts';
import { LAKE_PAGE_SIZE, StreamLakeWriter } from '../local/lake/stream-lake-writer.ts';
import { startEmulator } from '../local/services/emulator-service.ts';
import { ShardReader } from '../local/streams/shard-reader.ts';
import { bcnsTraffic } from './lib/bcns-traffic.ts';
import { writeBenchmarkCharts } from './lib/write-charts.ts';
import { machineInfo, machineMarkdown, replaceSection, writeJson } from './report.ts';

const RESULTS_FILE = fileURLToPath(new URL('./results/lake.json', import.meta.url));
const DOCS_FILE = fileURLToPath(new URL('../docs/benchmarks.md', import.meta.url));
const WRITER_RECORDS = 200_000;
const QUERY_EVENTS = 10_000_000;
const HOURS = 24;
/** The local writer flushes every 10 s by default: 360 small files an hour. */
const FILES_PER_HOUR = 360;
const RUNS = 3;
const QUERY = `SELECT campaign_item_id, type, count(*) AS events, sum(win_price) AS value
  FROM parquet_bcns GROUP BY campaign_item_id, type ORDER BY campaign_item_id, type`;
const TARGET_SECONDS = 1;
const TARGET_SPEEDUP = 3;

async function writerRowsPerSecond(dir: string): Promise<{ rowsPerSecond: number; seconds: number; files: number }> {
  const kinesis = await startEmulator('kinesis', { dataDir: join(dir, 'emulator') });
  const client = createLocalKinesisClient(kinesis.endpoint);
  try {
    await ensureStreams(client, { bcns: 2 });
    const records = bcnsTraffic(WRITER_RECORDS).map((record) => JSON.stringify(record));
    console.log(`Filling a local bcns stream with ${WRITER_RECORDS.toLocaleString('en-US')} records...`);
    for (let i = 0; i < records.length; i += 500 * 4) {
      await Promise.all(
        [0, 1, 2, 3].map((j) => {
          const batch = records.slice(i + j * 500, i + (j + 1) * 500);
          if (batch.length === 0) return undefined;
          return client.send(
            new PutRecordsCommand({
              StreamName: 'bcns',
              Records: batch.map((data, k) => ({ Data: Buffer.from(data), PartitionKey: `${i + j * 500 + k}` })),
            }),
          );
        }),
      );
    }
    const converter = await ParquetConverter.open();
    const store = new FileObjectStore(join(dir, 'writer-lake'));
    const writer = new StreamLakeWriter({
      stream: 'bcns',
      source: (positions) => new ShardReader(client, 'bcns', positions, LAKE_PAGE_SIZE),
      store,
      converter,
      stateDir: join(dir, 'writer-state'),
      maxBytes: 64 * 1024 * 1024,
      maxAgeMs: 10_000,
      pollMs: 20,
    });
    const started = performance.now();
    await writer.start();
    while (writer.stats.records < WRITER_RECORDS) await new Promise((resolve) => setTimeout(resolve, 20));
    await writer.stop();
    const seconds = (performance.now() - started) / 1000;
    converter.close();
    if (writer.stats.rows !== WRITER_RECORDS) throw new Error(`wrote ${writer.stats.rows} rows of ${WRITER_RECORDS}`);
    return { rowsPerSecond: Math.round(WRITER_RECORDS / seconds), seconds, files: writer.stats.files };
  } finally {
    client.destroy();
    await kinesis.stop();
  }
}

/** 10 M bid/imp/click rows over 24 hours in 10-second files, as the lake writer would leave them. */
async function generateSmallFiles(store: FileObjectStore): Promise<void> {
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  const columns = parquetColumns('bcns');
  const start = Date.UTC(2026, 10, 1);
  const rowsPerFile = Math.ceil(QUERY_EVENTS / (HOURS * FILES_PER_HOUR));
  console.log(
    `Writing ${(HOURS * FILES_PER_HOUR).toLocaleString('en-US')} small Parquet files of ${rowsPerFile} events...`,
  );
  for (let hour = 0; hour < HOURS; hour++) {
    const partition = partitionOf(start + hour * HOUR_MS);
    const keys: string[] = [];
    for (let f = 0; f < FILES_PER_HOUR; f++) {
      const first = (hour * FILES_PER_HOUR + f) * rowsPerFile;
      const last = Math.min(first + rowsPerFile, QUERY_EVENTS);
      const key = `${dataPrefix('parquet', 'bcns', partition)}bcns-${hour}-${f}.parquet`;
      const path = store.uri(key);
      await mkdir(dirname(path), { recursive: true });
      await connection.run(`COPY (SELECT ${castColumns(columns)} FROM (
          SELECT 'tx-' || (i // 10) AS tx_id,
                 1000000 + (i // 10) % 200 AS campaign_item_id,
                 'app-' || (hash(i // 10) % 100000) AS app_uid,
                 'site' || ((i // 10) % 50) || '.example.com' AS domain,
                 'creative-' || ((i // 10) % 400) AS creative_id,
                 'category-' || ((i // 10) % 12) AS creative_category,
                 CASE WHEN i % 10 < 7 THEN 500000 + hash(i) % 2000000 WHEN i % 10 < 9 THEN 400000 + hash(i) % 1000000 END AS win_price,
                 CASE WHEN i % 10 < 7 THEN 'bid' WHEN i % 10 < 9 THEN 'imp' ELSE 'click' END AS type,
                 ${start + hour * HOUR_MS} + (i - ${first}) AS timestamp
          FROM range(${first}, ${last}) t(i)))
        TO ${quoteLiteral(path)} (FORMAT parquet, COMPRESSION snappy)`);
      keys.push(key);
    }
    await updateManifest(store, manifestKey('bcns', partition), () => keys);
  }
  connection.closeSync();
  instance.closeSync();
}

interface QueryFigures {
  files: number;
  bytes: number;
  openSeconds: number;
  querySeconds: number;
  groups: number;
}

async function timeQuery(store: FileObjectStore, partitions: Partition[]): Promise<QueryFigures> {
  const objects = (await Promise.all(partitions.map((p) => store.list(dataPrefix('parquet', 'bcns', p))))).flat();
  const times: number[] = [];
  let openSeconds = 0;
  let groups = 0;
  for (let run = 0; run < RUNS; run++) {
    const opened = performance.now();
    const sql = await LakeSql.open(store);
    openSeconds = (performance.now() - opened) / 1000;
    const started = performance.now();
    groups = (await sql.query(QUERY)).rows.length;
    times.push((performance.now() - started) / 1000);
    sql.close();
  }
  times.sort((a, b) => a - b);
  return {
    files: objects.length,
    bytes: objects.reduce((sum, o) => sum + o.size, 0),
    openSeconds,
    querySeconds: times[Math.floor(times.length / 2)] as number,
    groups,
  };
}

async function main(): Promise<number> {
  const machine = machineInfo();
  const dir = await mkdtemp(join(tmpdir(), 'sdp-bench-lake-'));
  try {
    const writer = await writerRowsPerSecond(dir);
    console.log(`Lake writer: ${writer.rowsPerSecond.toLocaleString('en-US')} rows/s`);
    const store = new FileObjectStore(join(dir, 'query-lake'));
    await generateSmallFiles(store);
    const partitions = Array.from({ length: HOURS }, (_, h) => partitionOf(Date.UTC(2026, 10, 1) + h * HOUR_MS));
    const before = await timeQuery(store, partitions);
    console.log(`Before compaction: ${before.files} files, ${before.querySeconds.toFixed(2)} s`);
    const compactStarted = performance.now();
    const compaction = await compactLake({
      store,
      lookbackHours: 1,
      graceMs: 0,
      targetBytes: 256 * 1024 * 1024,
      partitions,
    });
    const compactSeconds = (performance.now() - compactStarted) / 1000;
    await compactLake({ store, lookbackHours: 1, graceMs: 0, targetBytes: 256 * 1024 * 1024, partitions });
    const after = await timeQuery(store, partitions);
    console.log(`After compaction: ${after.files} files, ${after.querySeconds.toFixed(2)} s`);
    if (!compaction.ran || before.groups !== after.groups) throw new Error('compaction changed the query result');
    const speedup = before.querySeconds / after.querySeconds;
    const met = after.querySeconds < TARGET_SECONDS && speedup >= TARGET_SPEEDUP;
    writeJson(RESULTS_FILE, { machine, writer, before, after, compactSeconds, speedup, query: QUERY });
    const fmt = (n: number) => n.toLocaleString('en-US');
    const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
    replaceSection(
      DOCS_FILE,
      'lake',
      `## Data lake

Regenerated by \`npm run bench:lake\` (bench/lake.ts); raw figures in \`bench/results/lake.json\`.

${machineMarkdown(machine)}

**Lake writer.** ${fmt(WRITER_RECORDS)} realistic \`bcns\` records are put on a local Kinesis stream (2 shards) first; then one
\`StreamLakeWriter\` reads them back, writes gzip NDJSON and Snappy Parquet (DuckDB) per partition, registers the files
and checkpoints: **${fmt(writer.rowsPerSecond)} rows/s** (${writer.seconds.toFixed(1)} s, ${writer.files} files), reading from local Kinesis included.

**Grouped query over ${fmt(QUERY_EVENTS)} events.** ${HOURS} hourly partitions of \`parquet_bcns\`, each in ${FILES_PER_HOUR} small files as 10-second
flushes leave them; \`${QUERY.replace(/\s+/g, ' ')}\` (${before.groups} groups) through \`LakeSql\` (what \`npx sdp sql\` runs),
median of ${RUNS} runs; *open* is building the table views from the manifests. Then \`compactLake\` over the ${HOURS} partitions
took ${compactSeconds.toFixed(1)} s and the query ran again.

| | Files | Bytes | Open | Query |
| --- | ---: | ---: | ---: | ---: |
| Before compaction | ${fmt(before.files)} | ${mib(before.bytes)} | ${before.openSeconds.toFixed(2)} s | ${before.querySeconds.toFixed(2)} s |
| After compaction | ${fmt(after.files)} | ${mib(after.bytes)} | ${after.openSeconds.toFixed(2)} s | ${after.querySeconds.toFixed(2)} s |

| Target | Goal | Measured | Met |
| --- | ---: | ---: | :---: |
| Query after compaction | < ${TARGET_SECONDS} s | ${after.querySeconds.toFixed(2)} s | ${after.querySeconds < TARGET_SECONDS ? 'yes' : '**no**'} |
| Speed-up from compaction | ≥ ${TARGET_SPEEDUP}× | ${speedup.toFixed(1)}× | ${speedup >= TARGET_SPEEDUP ? 'yes' : '**no**'} |
`,
    );
    await writeBenchmarkCharts();
    return met ? 0 : 1;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

process.exitCode = await main();
