// The aggregation processor on its own thread, as the Flink job runs apart from the API on AWS:
// the HTTP server's event loop never waits for it.
import { parentPort, workerData } from 'node:worker_threads';
import { createLocalKinesisClient } from '../kinesis/kinesis-client.ts';
import { FileObjectStore } from '../lake/file-object-store.ts';
import { AggregationProcessor, type AggregationProcessorOptions } from './aggregation-processor.ts';
import type { ProcessorStatus, ProcessorThreadData, ToProcessor } from './processor-thread.ts';

const STATUS_INTERVAL_MS = 250;
const { kinesisEndpoint, lakeDir, ...options } = workerData as ProcessorThreadData;
const client = createLocalKinesisClient(kinesisEndpoint);
const lake = lakeDir === undefined ? undefined : new FileObjectStore(lakeDir);
const processor = await AggregationProcessor.start({ ...options, client, lake } satisfies AggregationProcessorOptions);
const port = parentPort as NonNullable<typeof parentPort>;

const report = () =>
  port.postMessage({
    type: 'status',
    watermark: processor.watermark,
    stats: processor.stats,
    health: processor.health,
    failedEvents: { ...processor.failedEvents },
  } satisfies ProcessorStatus);
report();
const timer = setInterval(report, STATUS_INTERVAL_MS);

port.on('message', async (message: ToProcessor) => {
  if (message.type !== 'stop') return;
  clearInterval(timer);
  await processor.stop();
  client.destroy();
  report();
  port.postMessage({ type: 'stopped' });
});
