/**
 * Event-time progress of a multi-shard stream, as a Flink source computes it: each shard's
 * watermark is its newest timestamp minus the out-of-orderness bound, and the stream's is the
 * minimum over shards. A shard that has been read to its end is idle: new records in it will
 * carry a receive time near now, so it holds the watermark back no further than the clock does.
 */
export class WatermarkTracker {
  readonly #shards = new Map<string, { newest: number; idle: boolean }>();

  constructor(private readonly outOfOrdernessMs: number) {}

  observe(shardId: string, timestamp: number): void {
    const shard = this.#shard(shardId);
    if (timestamp > shard.newest) shard.newest = timestamp;
  }

  setIdle(shardId: string, idle: boolean): void {
    this.#shard(shardId).idle = idle;
  }

  watermark(now: number): number {
    let watermark = Number.POSITIVE_INFINITY;
    for (const shard of this.#shards.values()) {
      const newest = shard.idle ? Math.max(shard.newest, now) : shard.newest;
      watermark = Math.min(watermark, newest - this.outOfOrdernessMs);
    }
    return this.#shards.size === 0 ? Number.NEGATIVE_INFINITY : watermark;
  }

  #shard(shardId: string) {
    let shard = this.#shards.get(shardId);
    if (!shard) {
      shard = { newest: Number.NEGATIVE_INFINITY, idle: false };
      this.#shards.set(shardId, shard);
    }
    return shard;
  }
}
