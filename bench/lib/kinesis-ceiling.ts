import { DescribeStreamSummaryCommand, type KinesisClient, PutRecordsCommand } from '@aws-sdk/client-kinesis';
import { toStreamRecord } from '../../lambda/domain/stream-records.ts';
import { createLocalKinesisClient, ensureStreams } from '../../local/kinesis/kinesis-client.ts';
import { NumberedBids } from './bids.ts';
import { type CpuUsage, cpuSince, cpuSnapshot } from './cpu.ts';

export interface CeilingOptions {
  readonly endpoint: string;
  /** Its shard count is copied, so the ceiling is measured on the same layout as the real stream. */
  readonly likeStream: string;
  readonly recordsPerCall: number;
  readonly callsInFlight: number;
  readonly warmupSeconds: number;
  readonly durationSeconds: number;
  /** The process serving `endpoint`, for its CPU use. */
  readonly platformPid: number;
}

export interface CeilingResult {
  readonly stream: string;
  readonly shards: number;
  readonly recordsPerCall: number;
  readonly callsInFlight: number;
  readonly durationSeconds: number;
  readonly calls: number;
  readonly recordsStored: number;
  readonly recordsFailed: number;
  readonly recordsPerSecond: number;
  readonly averageRecordBytes: number;
  readonly cpu?: CpuUsage & { readonly platformMicrosPerEvent: number };
}

// A stream of its own, so the read-back of bcns only sees what came through the HTTP API.
const CEILING_STREAM = 'bench-ceiling';

/** The raw PutRecords rate of the Kinesis service: the most any ingestion path in front of it can reach. */
export async function measureKinesisCeiling(options: CeilingOptions): Promise<CeilingResult> {
  const client = createLocalKinesisClient(options.endpoint);
  try {
    const { StreamDescriptionSummary } = await client.send(
      new DescribeStreamSummaryCommand({ StreamName: options.likeStream }),
    );
    const shards = StreamDescriptionSummary?.OpenShardCount ?? 1;
    await ensureStreams(client, { [CEILING_STREAM]: shards });
    const bids = new NumberedBids('ceiling');
    // Warm-up first: kinesalite's code paths and the keep-alive sockets should be hot when timing starts.
    await putFor(client, bids, options, options.warmupSeconds);
    const started = performance.now();
    const cpuBefore = cpuSnapshot(options.platformPid);
    const { bytes, ...totals } = await putFor(client, bids, options, options.durationSeconds);
    const durationSeconds = (performance.now() - started) / 1000;
    const cpu = cpuSince(cpuBefore, options.platformPid, durationSeconds);
    return {
      stream: CEILING_STREAM,
      shards,
      recordsPerCall: options.recordsPerCall,
      callsInFlight: options.callsInFlight,
      durationSeconds,
      ...totals,
      recordsPerSecond: totals.recordsStored / durationSeconds,
      averageRecordBytes: bytes / (totals.recordsStored + totals.recordsFailed),
      ...(cpu && { cpu: { ...cpu, platformMicrosPerEvent: (cpu.platformCpuSeconds * 1e6) / totals.recordsStored } }),
    };
  } finally {
    client.destroy();
  }
}

async function putFor(
  client: KinesisClient,
  bids: NumberedBids,
  { recordsPerCall, callsInFlight }: CeilingOptions,
  seconds: number,
): Promise<{ calls: number; recordsStored: number; recordsFailed: number; bytes: number }> {
  const deadline = performance.now() + seconds * 1000;
  const totals = { calls: 0, recordsStored: 0, recordsFailed: 0, bytes: 0 };
  const sender = async () => {
    while (performance.now() < deadline) {
      const start = bids.take(recordsPerCall);
      const receivedAt = Date.now();
      const Records = Array.from({ length: recordsPerCall }, (_, i) => {
        const record = toStreamRecord('bid', bids.bid(start + i), receivedAt);
        totals.bytes += record.data.length;
        return { Data: Buffer.from(record.data), PartitionKey: record.partitionKey };
      });
      const result = await client.send(new PutRecordsCommand({ StreamName: CEILING_STREAM, Records }));
      const failed = result.FailedRecordCount ?? 0;
      totals.calls++;
      totals.recordsStored += recordsPerCall - failed;
      totals.recordsFailed += failed;
    }
  };
  await Promise.all(Array.from({ length: callsInFlight }, sender));
  return totals;
}
