import { describe, expect, it } from 'vitest';
import { aggregationConfig, LOCAL_DEFAULTS } from '../../../../lambda/domain/aggregation/aggregation-config.ts';
import type { BcnsRecord } from '../../../../lambda/domain/aggregation/aggregation-records.ts';
import {
  type AggregationChanges,
  type AggregationOutput,
  type AggregationSnapshot,
  Aggregator,
} from '../../../../lambda/domain/aggregation/aggregator.ts';
import type { TxState } from '../../../../lambda/domain/aggregation/tx-joiner.ts';
import type { WindowState } from '../../../../lambda/domain/aggregation/window-aggregator.ts';
import {
  clearingPrice,
  clickProbability,
  createCatalog,
  makeBid,
  seededRandom,
  winProbability,
} from '../../../../local/generate/traffic-model.ts';

const config = aggregationConfig(LOCAL_DEFAULTS);
const T0 = 1_767_225_600_000;

/** Realistic traffic with duplicates, out-of-order joins and a watermark every 50 records. */
function traffic(count: number): ({ record: BcnsRecord } | { watermark: number })[] {
  const random = seededRandom(11);
  const catalog = createCatalog(random, 5);
  const items: ({ record: BcnsRecord } | { watermark: number })[] = [];
  let t = T0;
  while (items.length < count) {
    t += 40;
    const bid = makeBid(random, catalog);
    const bidRecord: BcnsRecord = { ...bid, type: 'bid', timestamp: t };
    const won = random() < winProbability(bid);
    const impression: BcnsRecord = {
      type: 'imp',
      tx_id: bid.tx_id,
      win_price: clearingPrice(random, bid),
      timestamp: t + 500,
    };
    // Some impressions arrive before their bid, some events twice.
    if (won && random() < 0.2) items.push({ record: impression });
    items.push({ record: bidRecord });
    if (random() < 0.05) items.push({ record: bidRecord });
    if (won) items.push({ record: impression });
    if (won && random() < clickProbability(bid) * 5)
      items.push({ record: { type: 'click', tx_id: bid.tx_id, timestamp: t + 900 } });
    if (items.length % 50 < 3) items.push({ watermark: t - 1000 });
  }
  return items;
}

function run(aggregator: Aggregator, items: ReturnType<typeof traffic>, out: AggregationOutput[]): void {
  for (const item of items) {
    if ('watermark' in item) aggregator.advanceWatermark(item.watermark, out);
    else aggregator.process(item.record, out);
  }
}

/** A key-value checkpoint store fed only with drained changes, as the local processor's is. */
class Checkpoint {
  readonly txs = new Map<string, TxState>();
  readonly windows = new Map<string, WindowState>();
  watermark = Number.NEGATIVE_INFINITY;
  stats = { records: 0, malformed: 0, duplicates: 0, lateDropped: 0 };

  apply(changes: AggregationChanges): void {
    // Round-trip through JSON, as a store on disk would.
    const copy = JSON.parse(JSON.stringify(changes)) as AggregationChanges;
    for (const [key, state] of copy.txs) state ? this.txs.set(key, state) : this.txs.delete(key);
    for (const [key, state] of copy.windows) state ? this.windows.set(key, state) : this.windows.delete(key);
    this.watermark = changes.watermark;
    this.stats = copy.stats;
  }

  snapshot(): AggregationSnapshot {
    return { watermark: this.watermark, stats: this.stats, txs: this.txs, windows: this.windows.values() };
  }
}

describe('Aggregator checkpoints', () => {
  it('restores from drained changes to produce exactly the outputs of an uninterrupted run', () => {
    // Prepare
    const items = traffic(6000);
    const uninterrupted: AggregationOutput[] = [];
    const reference = new Aggregator(config);
    run(reference, items, uninterrupted);
    reference.advanceWatermark(Number.POSITIVE_INFINITY, uninterrupted);

    // Act: checkpoint every 100 items, "crash" at item 3000, restore, and finish.
    const checkpoint = new Checkpoint();
    const first = new Aggregator(config);
    const beforeCrash: AggregationOutput[] = [];
    for (let i = 0; i < 3000; i += 100) {
      run(first, items.slice(i, i + 100), beforeCrash);
      checkpoint.apply(first.drainChanges());
    }
    const restored = new Aggregator(config, checkpoint.snapshot());
    const afterCrash: AggregationOutput[] = [];
    run(restored, items.slice(3000), afterCrash);
    restored.advanceWatermark(Number.POSITIVE_INFINITY, afterCrash);

    // Assess
    expect([...beforeCrash, ...afterCrash]).toStrictEqual(uninterrupted);
    expect(restored.stats).toStrictEqual(reference.stats);
    expect(uninterrupted.filter((o) => o.stream === 'aggregates').length).toBeGreaterThan(50);
    expect(reference.stats.duplicates).toBeGreaterThan(0);
  });

  it('drains nothing when nothing changed', () => {
    // Prepare
    const aggregator = new Aggregator(config);
    aggregator.process({ type: 'bid', tx_id: 't1', campaign_item_id: 1, app_uid: 'u', timestamp: T0 }, []);
    aggregator.drainChanges();

    // Act
    const changes = aggregator.drainChanges();

    // Assess
    expect({ txs: changes.txs, windows: changes.windows }).toStrictEqual({ txs: [], windows: [] });
  });

  it('reports purged windows and expired transactions as deletions', () => {
    // Prepare
    const aggregator = new Aggregator(config);
    aggregator.process({ type: 'bid', tx_id: 't1', campaign_item_id: 7, app_uid: 'u', timestamp: T0 }, []);
    aggregator.drainChanges();

    // Act
    aggregator.advanceWatermark(T0 + 86_400_000, []);
    const changes = aggregator.drainChanges();

    // Assess
    expect({ txs: changes.txs, windows: changes.windows }).toStrictEqual({
      txs: [['t1', undefined]],
      windows: [[`${T0}:7`, undefined]],
    });
  });
});
