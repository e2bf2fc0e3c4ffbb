import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetRecordsCommand, type KinesisClient, PutRecordsCommand } from '@aws-sdk/client-kinesis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLocalKinesisClient, ensureStreams } from '../../../local/kinesis/kinesis-client.ts';
import { type EmulatorService, startEmulator } from '../../../local/services/emulator-service.ts';
import { ShardReader } from '../../../local/streams/shard-reader.ts';

let dataDir: string;
let kinesis: EmulatorService;
let client: KinesisClient;

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'sdp-shard-reader-'));
  kinesis = await startEmulator('kinesis', { dataDir });
  client = createLocalKinesisClient(kinesis.endpoint);
  await ensureStreams(client, { events: 1 });
  const Records = Array.from({ length: 25 }, (_, i) => ({ Data: Buffer.from(`{"n":${i}}`), PartitionKey: `k${i}` }));
  await client.send(new PutRecordsCommand({ StreamName: 'events', Records }));
});

afterAll(async () => {
  client?.destroy();
  await kinesis?.stop();
  await rm(dataDir, { recursive: true, force: true });
});

describe('ShardReader', () => {
  it('counts a shard as caught up only once a page comes back short of the limit', async () => {
    const reader = new ShardReader(client, 'events', {}, 10);
    const pages: [number, boolean][] = [];
    for (let read = 0; read < 4; read++) {
      const [batch] = await reader.read();
      pages.push([batch?.records.length ?? -1, batch?.caughtUp ?? false]);
    }

    // kinesalite answers MillisBehindLatest 0 even with 15 records still behind the first page.
    expect(pages).toStrictEqual([
      [10, false],
      [10, false],
      [5, true],
      [0, true],
    ]);
  });

  it('reads on from the committed position after a rewind', async () => {
    const reader = new ShardReader(client, 'events', {}, 10);
    const [first] = await reader.read();
    reader.commit(first?.shardId as string, first?.records.at(-1)?.SequenceNumber as string);
    await reader.read();
    reader.rewind(first?.shardId as string);
    const [again] = await reader.read();

    expect(again?.records.map((record) => Buffer.from(record.Data as Uint8Array).toString())).toStrictEqual(
      Array.from({ length: 10 }, (_, i) => `{"n":${i + 10}}`),
    );
  });

  it('renews an expired iterator after the last record it handed out, not the last one committed', async () => {
    // Prepare: a client whose next GetRecords fails as after a laptop's sleep (iterators live 5 minutes)
    let expire = false;
    const expiring = {
      send: (command: unknown) => {
        if (expire && command instanceof GetRecordsCommand) {
          expire = false;
          return Promise.reject(Object.assign(new Error('Iterator expired'), { name: 'ExpiredIteratorException' }));
        }
        return client.send(command as GetRecordsCommand);
      },
    } as unknown as KinesisClient;
    const reader = new ShardReader(expiring, 'events', {}, 10);
    await reader.read();

    // Act: the first ten records are held but not committed, as the lake writer holds its buffer
    expire = true;
    const [next] = await reader.read();

    // Assess
    expect(next?.records.map((record) => Buffer.from(record.Data as Uint8Array).toString())).toStrictEqual(
      Array.from({ length: 10 }, (_, i) => `{"n":${i + 10}}`),
    );
  });
});
