import {
  type _Record,
  GetRecordsCommand,
  GetShardIteratorCommand,
  type KinesisClient,
  ListShardsCommand,
} from '@aws-sdk/client-kinesis';

/** The last sequence number handled in each shard; absent shards start at the oldest record. */
export type ShardPositions = Record<string, string>;

export interface ShardBatch {
  readonly shardId: string;
  readonly records: _Record[];
  /** The shard had nothing newer when this batch was read. */
  readonly caughtUp: boolean;
}

/**
 * Reads every shard of a stream from saved positions, like a Lambda event source mapping or a
 * Flink source: iterators are renewed when they expire and can be rewound to the last position
 * the caller committed, so a failed batch is read again.
 */
export class ShardReader {
  readonly #iterators = new Map<string, string | undefined>();
  /** The last record handed out per shard (until a rewind): where a renewed iterator resumes. */
  readonly #readUpTo = new Map<string, string>();
  #shardIds: string[] = [];

  constructor(
    private readonly client: KinesisClient,
    readonly streamName: string,
    private readonly positions: ShardPositions,
    private readonly limit = 1000,
  ) {}

  async read(): Promise<ShardBatch[]> {
    if (this.#shardIds.length === 0) {
      const { Shards = [] } = await this.client.send(new ListShardsCommand({ StreamName: this.streamName }));
      this.#shardIds = Shards.map((shard) => shard.ShardId as string);
    }
    return Promise.all(this.#shardIds.map((shardId) => this.#readShard(shardId)));
  }

  /** Records the caller has fully handled; the next rewind starts after them. */
  commit(shardId: string, sequenceNumber: string): void {
    this.positions[shardId] = sequenceNumber;
  }

  /** Drops the shard's iterator so the next read starts after its committed position. */
  rewind(shardId: string): void {
    this.#iterators.delete(shardId);
    this.#readUpTo.delete(shardId);
  }

  async #readShard(shardId: string): Promise<ShardBatch> {
    for (let attempt = 0; ; attempt++) {
      const iterator = this.#iterators.get(shardId) ?? (await this.#newIterator(shardId));
      try {
        const page = await this.client.send(new GetRecordsCommand({ ShardIterator: iterator, Limit: this.limit }));
        this.#iterators.set(shardId, page.NextShardIterator);
        const records = page.Records ?? [];
        const last = records.at(-1)?.SequenceNumber;
        if (last) this.#readUpTo.set(shardId, last);
        // A full page may have more behind it whatever MillisBehindLatest says: kinesalite always answers 0.
        const caughtUp = records.length === 0 || (records.length < this.limit && page.MillisBehindLatest === 0);
        return { shardId, records, caughtUp };
      } catch (error) {
        // Iterators live five minutes (of the service's clock, which a laptop's sleep moves on): an
        // idle consumer asks for a new one after the last record it was given, not the last one it
        // committed, or a caller that holds uncommitted records (the lake writer's buffer) gets them twice.
        if ((error as Error).name !== 'ExpiredIteratorException' || attempt > 0) throw error;
        this.#iterators.delete(shardId);
      }
    }
  }

  async #newIterator(shardId: string): Promise<string> {
    const after = this.#readUpTo.get(shardId) ?? this.positions[shardId];
    const { ShardIterator } = await this.client.send(
      new GetShardIteratorCommand({
        StreamName: this.streamName,
        ShardId: shardId,
        ...(after
          ? { ShardIteratorType: 'AFTER_SEQUENCE_NUMBER', StartingSequenceNumber: after }
          : { ShardIteratorType: 'TRIM_HORIZON' }),
      }),
    );
    return ShardIterator as string;
  }
}
