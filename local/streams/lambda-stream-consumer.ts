import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { _Record, KinesisClient } from '@aws-sdk/client-kinesis';
import type { KinesisStreamBatchResponse, KinesisStreamEvent } from 'aws-lambda';
import { type ComponentHealth, HealthState } from '../health/component-health.ts';
import { readJsonFile, writeJsonFileAtomic } from './json-file.ts';
import { type ShardPositions, ShardReader } from './shard-reader.ts';

export interface LambdaStreamConsumerOptions {
  readonly client: KinesisClient;
  readonly streamName: string;
  /** The Lambda handler, called exactly as a Kinesis event source mapping calls it. */
  readonly handler: (event: KinesisStreamEvent) => Promise<KinesisStreamBatchResponse | undefined>;
  /** Where the shard positions are saved after each handled batch. */
  readonly checkpointPath: string;
  /** @default 100, the event source mapping's default */
  readonly batchSize?: number;
  /** @default 100 */
  readonly idleMs?: number;
}

/**
 * A local Kinesis event source mapping: polls the stream, invokes the handler per shard batch
 * with partial batch responses, retries from the first reported failure, and saves positions
 * only after success (at least once; handlers are idempotent).
 */
export class LambdaStreamConsumer {
  readonly #options: Required<LambdaStreamConsumerOptions>;
  readonly #positions: ShardPositions;
  readonly #reader: ShardReader;
  readonly #health = new HealthState();
  #running = false;
  #loop: Promise<void> | undefined;

  constructor(options: LambdaStreamConsumerOptions) {
    this.#options = { batchSize: 100, idleMs: 100, ...options };
    mkdirSync(dirname(options.checkpointPath), { recursive: true });
    this.#positions = readJsonFile<ShardPositions>(options.checkpointPath, {});
    this.#reader = new ShardReader(options.client, options.streamName, this.#positions, this.#options.batchSize);
  }

  /** Failing from a failed poll or batch until one succeeds again. */
  get health(): ComponentHealth {
    return this.#health.snapshot();
  }

  start(): void {
    this.#running = true;
    this.#loop = this.#run();
  }

  /** Finishes the batch in hand, saves positions and stops. */
  async stop(): Promise<void> {
    this.#running = false;
    await this.#loop;
  }

  async #run(): Promise<void> {
    while (this.#running) {
      let handled = 0;
      try {
        let itemFailure: string | undefined;
        for (const batch of await this.#reader.read()) {
          if (batch.records.length === 0) continue;
          const result = await this.#handle(batch.shardId, batch.records);
          handled += result.handled;
          itemFailure ??= result.failed;
        }
        // A record the handler reports failed (a write it could not make) is retried like a throw.
        if (itemFailure !== undefined) throw new Error(`the handler reported record ${itemFailure} as failed`);
        if (this.#health.ok()) console.error(`Consumer of ${this.#options.streamName} recovered.`);
      } catch (error) {
        if (this.#health.fail(error)) {
          console.error(`Consumer of ${this.#options.streamName} failed; retrying until it works`, error);
        }
      }
      if (handled === 0) await new Promise((resolve) => setTimeout(resolve, this.#options.idleMs));
    }
  }

  async #handle(shardId: string, records: _Record[]): Promise<{ handled: number; failed?: string }> {
    let response: KinesisStreamBatchResponse | undefined;
    try {
      response = await this.#options.handler(this.#event(shardId, records));
    } catch (error) {
      // A thrown handler fails the whole batch, as in Lambda: read it again from the last position.
      this.#reader.rewind(shardId);
      throw error;
    }
    const failed = response?.batchItemFailures?.[0]?.itemIdentifier;
    const failedAt = failed === undefined ? -1 : records.findIndex((record) => record.SequenceNumber === failed);
    const done = failedAt === -1 ? records : records.slice(0, failedAt);
    const last = done.at(-1)?.SequenceNumber;
    if (last) {
      this.#reader.commit(shardId, last);
      writeJsonFileAtomic(this.#options.checkpointPath, this.#positions);
    }
    if (failedAt === -1) return { handled: done.length };
    this.#reader.rewind(shardId);
    return { handled: done.length, failed };
  }

  #event(shardId: string, records: _Record[]): KinesisStreamEvent {
    const arn = `arn:aws:kinesis:us-east-1:000000000000:stream/${this.#options.streamName}`;
    return {
      Records: records.map((record) => ({
        kinesis: {
          kinesisSchemaVersion: '1.0',
          partitionKey: record.PartitionKey as string,
          sequenceNumber: record.SequenceNumber as string,
          data: Buffer.from(record.Data ?? new Uint8Array()).toString('base64'),
          approximateArrivalTimestamp: (record.ApproximateArrivalTimestamp?.getTime() ?? 0) / 1000,
        },
        eventSource: 'aws:kinesis',
        eventVersion: '1.0',
        eventID: `${shardId}:${record.SequenceNumber}`,
        eventName: 'aws:kinesis:record',
        invokeIdentityArn: 'arn:aws:iam::000000000000:role/local',
        awsRegion: 'us-east-1',
        eventSourceARN: arn,
      })),
    };
  }
}
