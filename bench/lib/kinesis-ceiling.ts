import { Agent, request } from 'node:http';
import { DescribeStreamSummaryCommand } from '@aws-sdk/client-kinesis';
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

/** Distinct PutRecords bodies cycled through; the ceiling stream is never read, so repeats do no harm. */
const BODY_COUNT = 16;

/**
 * The raw PutRecords rate of the Kinesis service: the most any ingestion path in front of it can reach.
 * The calls are built before timing starts and sent as plain HTTP, so the client (which shares the
 * machine) spends next to nothing per call: with the SDK it took a third of a core, and the platform's
 * own batched ingestion outran the "ceiling".
 */
export async function measureKinesisCeiling(options: CeilingOptions): Promise<CeilingResult> {
  const client = createLocalKinesisClient(options.endpoint);
  let shards: number;
  try {
    const { StreamDescriptionSummary } = await client.send(
      new DescribeStreamSummaryCommand({ StreamName: options.likeStream }),
    );
    shards = StreamDescriptionSummary?.OpenShardCount ?? 1;
    await ensureStreams(client, { [CEILING_STREAM]: shards });
  } finally {
    client.destroy();
  }
  const calls = putRecordsCalls(options.recordsPerCall);
  const agent = new Agent({ keepAlive: true, maxSockets: options.callsInFlight });
  try {
    // Warm-up first: kinesalite's code paths and the keep-alive sockets should be hot when timing starts.
    await putFor(options, calls, agent, options.warmupSeconds);
    const started = performance.now();
    const cpuBefore = cpuSnapshot(options.platformPid);
    const totals = await putFor(options, calls, agent, options.durationSeconds);
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
      averageRecordBytes: calls.averageRecordBytes,
      ...(cpu && { cpu: { ...cpu, platformMicrosPerEvent: (cpu.platformCpuSeconds * 1e6) / totals.recordsStored } }),
    };
  } finally {
    agent.destroy();
  }
}

interface PreparedCalls {
  readonly bodies: readonly Buffer[];
  readonly averageRecordBytes: number;
}

/** PutRecords request bodies of bid records shaped as the API writes them, as the SDK would serialize them. */
function putRecordsCalls(recordsPerCall: number): PreparedCalls {
  const bids = new NumberedBids('ceiling');
  let bytes = 0;
  const bodies = Array.from({ length: BODY_COUNT }, () => {
    const start = bids.take(recordsPerCall);
    const Records = Array.from({ length: recordsPerCall }, (_, i) => {
      const record = toStreamRecord('bid', bids.bid(start + i), Date.now());
      bytes += record.data.length;
      return { Data: Buffer.from(record.data).toString('base64'), PartitionKey: record.partitionKey };
    });
    return Buffer.from(JSON.stringify({ StreamName: CEILING_STREAM, Records }));
  });
  return { bodies, averageRecordBytes: bytes / (BODY_COUNT * recordsPerCall) };
}

async function putFor(
  { endpoint, recordsPerCall, callsInFlight }: CeilingOptions,
  { bodies }: PreparedCalls,
  agent: Agent,
  seconds: number,
): Promise<{ calls: number; recordsStored: number; recordsFailed: number }> {
  const deadline = performance.now() + seconds * 1000;
  const totals = { calls: 0, recordsStored: 0, recordsFailed: 0 };
  const sender = async () => {
    while (performance.now() < deadline) {
      const failed = await putRecords(endpoint, agent, bodies[totals.calls % bodies.length] as Buffer);
      totals.calls++;
      totals.recordsStored += recordsPerCall - failed;
      totals.recordsFailed += failed;
    }
  };
  await Promise.all(Array.from({ length: callsInFlight }, sender));
  return totals;
}

// The local service checks that a request is signed, not the signature.
const HEADERS = {
  'content-type': 'application/x-amz-json-1.1',
  'x-amz-target': 'Kinesis_20131202.PutRecords',
  'x-amz-date': '20260101T000000Z',
  authorization:
    'AWS4-HMAC-SHA256 Credential=local/20260101/us-east-1/kinesis/aws4_request, SignedHeaders=host;x-amz-date, Signature=0',
};

/** One PutRecords call; resolves to its FailedRecordCount. */
function putRecords(endpoint: string, agent: Agent, body: Buffer): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(
      endpoint,
      { method: 'POST', agent, headers: { ...HEADERS, 'content-length': body.length } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('error', reject);
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          const failed = /"FailedRecordCount":(\d+)/.exec(text)?.[1];
          if (res.statusCode !== 200 || failed === undefined) {
            reject(new Error(`PutRecords answered ${res.statusCode}: ${text.slice(0, 300)}`));
          } else resolve(Number(failed));
        });
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}
