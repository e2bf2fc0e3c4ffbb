// The lake writers on their own thread, as Firehose runs apart from the API on AWS: gzip, JSON
// checks and Parquet conversion never hold up the HTTP server's event loop.
import { join } from 'node:path';
import { parentPort, workerData } from 'node:worker_threads';
import { STREAM_NAMES } from '../../lambda/domain/streams.ts';
import { ParquetConverter } from '../../lambda/lake/json-to-parquet.ts';
import { createLocalKinesisClient } from '../kinesis/kinesis-client.ts';
import { ShardReader } from '../streams/shard-reader.ts';
import { FileObjectStore } from './file-object-store.ts';
import type { LakeThreadData, LakeThreadStatus, ToLakeThread } from './lake-thread.ts';
import { LAKE_PAGE_SIZE, StreamLakeWriter } from './stream-lake-writer.ts';

const STATUS_INTERVAL_MS = 250;
const data = workerData as LakeThreadData;
const client = createLocalKinesisClient(data.kinesisEndpoint);
const store = new FileObjectStore(data.lakeDir);
const converter = await ParquetConverter.open();
const writers = STREAM_NAMES.map(
  (stream) =>
    new StreamLakeWriter({
      stream,
      source: (positions) => new ShardReader(client, stream, positions, LAKE_PAGE_SIZE),
      store,
      converter,
      stateDir: join(data.stateDir),
      maxBytes: data.maxBytes,
      maxAgeMs: data.maxAgeMs,
    }),
);
await Promise.all(writers.map((writer) => writer.start()));
const port = parentPort as NonNullable<typeof parentPort>;

const report = () =>
  port.postMessage({
    type: 'status',
    streams: Object.fromEntries(
      STREAM_NAMES.map((stream, i) => [stream, (writers[i] as StreamLakeWriter).stats]),
    ) as LakeThreadStatus['streams'],
    health: Object.fromEntries(
      STREAM_NAMES.map((stream, i) => [stream, (writers[i] as StreamLakeWriter).health]),
    ) as LakeThreadStatus['health'],
  } satisfies LakeThreadStatus);
report();
const timer = setInterval(report, STATUS_INTERVAL_MS);

port.on('message', async (message: ToLakeThread) => {
  if (message.type !== 'stop') return;
  clearInterval(timer);
  await Promise.all(writers.map((writer) => writer.stop()));
  converter.close();
  client.destroy();
  report();
  port.postMessage({ type: 'stopped' });
});
