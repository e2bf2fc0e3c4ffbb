import type { KinesisClient } from '@aws-sdk/client-kinesis';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createLocalKinesisClient, ensureStreams } from '../../../local/kinesis/kinesis-client.ts';
import { type ReadRecord, readAllRecords } from '../../../local/kinesis/read-stream.ts';
import { unwrittenOutputs, writeOutputs } from '../../../local/processor/output-writer.ts';
import type { PendingOutput } from '../../../local/processor/processor-store.ts';
import { type EmulatorService, startEmulator } from '../../../local/services/emulator-service.ts';
import type { ShardPositions } from '../../../local/streams/shard-reader.ts';
import { makeDataDir, removeDataDir } from '../../helpers/local-platform.ts';

/*
 * The processor's exactly-once output against a real Kinesis API (kinesalite on a temporary
 * folder): a crash after part of the pending outputs was written is simulated by writing a prefix
 * of them, and recovery must send exactly the rest.
 */

let dataDir: string;
let kinesis: EmulatorService;
let client: KinesisClient;
/** Each test gets its own streams, so positions and contents never leak between tests. */
let streams: { impressions: string; aggregates: string };
let run = 0;

beforeAll(async () => {
  dataDir = await makeDataDir();
  kinesis = await startEmulator('kinesis', { dataDir });
  client = createLocalKinesisClient(kinesis.endpoint);
});

afterAll(async () => {
  client?.destroy();
  await kinesis?.stop();
  if (dataDir) await removeDataDir(dataDir);
});

beforeEach(async () => {
  run++;
  streams = { impressions: `impressions-${run}`, aggregates: `aggregates-${run}` };
  await ensureStreams(client, { [streams.impressions]: 1, [streams.aggregates]: 2 });
});

function impression(n: number): PendingOutput {
  const txId = `3f9c2b7e-5d1a-4c8e-9b6f-${n.toString(16).padStart(12, '0')}`;
  return {
    stream: streams.impressions,
    partitionKey: txId,
    data: JSON.stringify({
      tx_id: txId,
      campaign_item_id: 1463517,
      win_price: 980_000 + n,
      timestamp: 1_795_342_500_000,
    }),
  };
}

function aggregate(campaign: number, bids: number): PendingOutput {
  return {
    stream: streams.aggregates,
    partitionKey: String(campaign),
    data: JSON.stringify({
      campaign_item_id: campaign,
      period: '2026-11-22T10:15:00Z',
      bids,
      impressions: 0,
      clicks: 0,
      spend: 0,
      version: bids,
    }),
  };
}

/** What a stream holds after `positions` (all of it without), as pending outputs, in shard order. */
async function written(stream: string, positions: ShardPositions = {}): Promise<PendingOutput[]> {
  const records = await readAllRecords(client, stream, positions);
  return records.map((record: ReadRecord) => ({ stream, partitionKey: record.partitionKey, data: record.data }));
}

/** Outputs in a stable order, for comparing what several shards hold regardless of shard order. */
const sorted = (outputs: PendingOutput[]) =>
  [...outputs].sort((a, b) => a.stream.localeCompare(b.stream) || a.data.localeCompare(b.data));

describe('writeOutputs', () => {
  it('puts every output on its stream and records the last sequence number of each shard', async () => {
    // Prepare
    const outputs = [impression(1), aggregate(7, 1), impression(2), aggregate(8, 3), aggregate(9, 2)];
    const positions: Record<string, ShardPositions> = {};

    // Act
    await writeOutputs(client, outputs, positions);

    // Assess
    expect(await written(streams.impressions)).toStrictEqual([impression(1), impression(2)]);
    expect(sorted(await written(streams.aggregates))).toStrictEqual(
      sorted([aggregate(7, 1), aggregate(8, 3), aggregate(9, 2)]),
    );
    const lastPerShard: Record<string, ShardPositions> = {};
    for (const stream of Object.values(streams)) {
      for (const record of await readAllRecords(client, stream)) {
        lastPerShard[stream] = { ...lastPerShard[stream], [record.shardId]: record.sequenceNumber };
      }
    }
    expect(positions).toStrictEqual(lastPerShard);
  });

  it('writes more outputs than one PutRecords call takes, in order', async () => {
    // Prepare
    const outputs = Array.from({ length: 501 }, (_, n) => impression(n));
    const positions: Record<string, ShardPositions> = {};

    // Act
    await writeOutputs(client, outputs, positions);

    // Assess
    expect(await written(streams.impressions)).toStrictEqual(outputs);
  });

  it('moves positions forward from where they were', async () => {
    // Prepare
    const positions: Record<string, ShardPositions> = {};
    await writeOutputs(client, [impression(1)], positions);
    const before = structuredClone(positions);

    // Act
    await writeOutputs(client, [impression(2)], positions);

    // Assess
    expect(await written(streams.impressions, before[streams.impressions])).toStrictEqual([impression(2)]);
    expect(await written(streams.impressions, positions[streams.impressions])).toStrictEqual([]);
  });
});

describe('unwrittenOutputs after a crash', () => {
  /** Outputs a previous, completed send left on the streams before the positions were saved. */
  async function earlierOutputs(): Promise<Record<string, ShardPositions>> {
    const positions: Record<string, ShardPositions> = {};
    // The same payloads as some pending ones: records before the positions must not count as written.
    await writeOutputs(client, [impression(1), impression(2), aggregate(7, 1), aggregate(8, 1)], positions);
    return positions;
  }

  const PENDING = () => [
    impression(1),
    aggregate(7, 1),
    impression(2),
    aggregate(7, 2),
    impression(3),
    aggregate(8, 1),
    aggregate(9, 4),
  ];

  it.each([0, 1, 3, 5, 6])('drops exactly the first %i pending outputs a crash left written', async (prefix) => {
    // Prepare
    const positions = await earlierOutputs();
    const pending = PENDING();
    await writeOutputs(client, pending.slice(0, prefix), structuredClone(positions));

    // Act
    const unwritten = await unwrittenOutputs(client, pending, positions);

    // Assess
    expect(unwritten).toStrictEqual(pending.slice(prefix));
  });

  it('returns the outputs of the streams a send died before reaching', async () => {
    // Prepare
    const positions = await earlierOutputs();
    const pending = PENDING();
    let puts = 0;
    const dying = {
      send: (command: Parameters<KinesisClient['send']>[0]) => {
        if (++puts === 2) return Promise.reject(new Error('process killed'));
        return client.send(command);
      },
    } as KinesisClient;
    const sent = writeOutputs(dying, pending, structuredClone(positions));
    await expect(sent).rejects.toThrow('process killed');

    // Act
    const unwritten = await unwrittenOutputs(client, pending, positions);

    // Assess
    expect(unwritten).toStrictEqual([aggregate(7, 1), aggregate(7, 2), aggregate(8, 1), aggregate(9, 4)]);
  });

  it('drops every pending output when the crash came after the whole send', async () => {
    // Prepare
    const positions = await earlierOutputs();
    const pending = PENDING();
    await writeOutputs(client, pending, structuredClone(positions));

    // Act
    const unwritten = await unwrittenOutputs(client, pending, positions);

    // Assess
    expect(unwritten).toStrictEqual([]);
  });

  it('finds the written outputs from the start of streams that had no positions yet', async () => {
    // Prepare
    const pending = PENDING();
    await writeOutputs(client, pending.slice(0, 4), {});

    // Act
    const unwritten = await unwrittenOutputs(client, pending, {});

    // Assess
    expect(unwritten).toStrictEqual(pending.slice(4));
  });

  it('keeps one of two identical pending outputs when only one was written', async () => {
    // Prepare
    const positions = await earlierOutputs();
    const pending = [impression(5), aggregate(7, 3), impression(5), aggregate(7, 3)];
    await writeOutputs(client, pending.slice(0, 2), structuredClone(positions));

    // Act
    const unwritten = await unwrittenOutputs(client, pending, positions);

    // Assess
    expect(unwritten).toStrictEqual([impression(5), aggregate(7, 3)]);
  });

  it('leaves each output on its stream exactly once when recovery sends what it returns', async () => {
    // Prepare
    const positions = await earlierOutputs();
    const pending = PENDING();
    await writeOutputs(client, pending.slice(0, 3), structuredClone(positions));
    const unwritten = await unwrittenOutputs(client, pending, positions);

    // Act
    await writeOutputs(client, unwritten, structuredClone(positions));

    // Assess
    const after = [
      ...(await written(streams.impressions, positions[streams.impressions])),
      ...(await written(streams.aggregates, positions[streams.aggregates])),
    ];
    expect(sorted(after)).toStrictEqual(sorted(pending));
  });
});
