import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { aggregationConfig, LOCAL_DEFAULTS } from '../../../lambda/domain/aggregation/aggregation-config.ts';
import { type AggregationOutput, Aggregator } from '../../../lambda/domain/aggregation/aggregator.ts';
import { readAudit, readErasure } from '../../../lambda/lake/erasure-store.ts';
import { requestErasure } from '../../../lambda/lake/request-erasure.ts';
import { purgeStoppedProcessor } from '../../../local/processor/join-state-erasure.ts';
import { ProcessorStore } from '../../../local/processor/processor-store.ts';
import { filesContaining } from '../../helpers/byte-scan.ts';
import { ERASED, OTHERS } from '../../helpers/erasure-fixtures.ts';
import { makeLake } from '../../helpers/lake-fixtures.ts';

const T = Date.UTC(2027, 0, 1, 12);

/** A stopped processor's checkpoint holding open transactions of the erased user and of another. */
async function checkpoint(path: string): Promise<void> {
  const aggregator = new Aggregator(aggregationConfig(LOCAL_DEFAULTS));
  const out: AggregationOutput[] = [];
  const events = [
    { type: 'bid', tx_id: 'e-1', campaign_item_id: 7, app_uid: ERASED, timestamp: T },
    { type: 'imp', tx_id: 'e-1', win_price: 5, timestamp: T + 10 },
    { type: 'bid', tx_id: 'e-2', campaign_item_id: 7, app_uid: ERASED, timestamp: T + 20 },
    { type: 'bid', tx_id: 'k-1', campaign_item_id: 7, app_uid: OTHERS[0], timestamp: T + 30 },
    { type: 'imp', tx_id: 'orphan', win_price: 5, timestamp: T + 40 },
  ];
  for (const event of events) aggregator.process(event as never, out);
  const store = await ProcessorStore.open(path);
  const meta = { watermark: T, stats: aggregator.stats, positions: {}, pending: [], outputPositions: {} };
  await store.commit(aggregator.drainChanges(), meta);
  await store.close();
}

describe('purgeStoppedProcessor', () => {
  it('drops the erased transactions from a stopped processor’s join state and leaves no byte of the id in its files', async () => {
    // Prepare
    const statePath = join(await mkdtemp(join(tmpdir(), 'sdp-processor-')), 'processor');
    await checkpoint(statePath);
    const lake = await makeLake();
    const erasure = await requestErasure({
      store: lake,
      appUids: [ERASED],
      now: T + 60_000,
      streamRetentionHours: 24,
      deliveryMs: 0,
    });
    const holding = await filesContaining(statePath, ERASED);

    // Act
    const purged = await purgeStoppedProcessor(lake, statePath, T + 61_000);

    // Assess
    expect(holding).not.toStrictEqual([]);
    expect(purged).toBe(true);
    const store = await ProcessorStore.open(statePath);
    const { snapshot } = await store.load();
    await store.close();
    expect([...(snapshot?.txs ?? [])].map(([txId]) => txId).sort()).toStrictEqual(['k-1', 'orphan']);
    expect(await filesContaining(statePath, ERASED)).toStrictEqual([]);
    expect((await readErasure(lake, erasure.id))?.joinStatePurged).toStrictEqual({
      at: T + 61_000,
      txIds: 0,
      transactions: 2,
    });
    expect((await readAudit(lake, erasure.id)).map((entry) => [entry.event, entry.transactions])).toStrictEqual([
      ['requested', undefined],
      ['join-state-purged', 2],
    ]);
  });

  it('leaves a store another process holds alone and says so', async () => {
    // Prepare
    const statePath = join(await mkdtemp(join(tmpdir(), 'sdp-processor-')), 'processor');
    await checkpoint(statePath);
    const lake = await makeLake();
    await requestErasure({ store: lake, appUids: [ERASED], now: T + 60_000, streamRetentionHours: 24, deliveryMs: 0 });
    const running = await ProcessorStore.open(statePath);

    // Act
    const purged = await purgeStoppedProcessor(lake, statePath, T + 61_000);

    // Assess
    await running.close();
    expect(purged).toBe(false);
    expect(await filesContaining(statePath, ERASED)).not.toStrictEqual([]);
  });
});
