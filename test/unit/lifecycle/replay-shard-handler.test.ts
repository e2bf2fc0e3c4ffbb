import { describe, expect, it } from 'vitest';
import { AWS_DEFAULTS } from '../../../lambda/domain/aggregation/aggregation-config.ts';
import type { Aggregate } from '../../../lambda/domain/aggregation/aggregation-records.ts';
import { replayShardKey } from '../../../lambda/domain/lifecycle/lifecycle-layout.ts';
import { mergeShards } from '../../../lambda/domain/lifecycle/report-replay.ts';
import { createReplayShardHandler } from '../../../lambda/lifecycle/replay-shard.ts';
import type { FileObjectStore } from '../../../local/lake/file-object-store.ts';
import { buildLake, type LakeRows } from '../../helpers/erasure-fixtures.ts';
import { makeLake } from '../../helpers/lake-fixtures.ts';

/*
 * The reconciliation's replay step over a real lake (files): the fixture lake's two hours straddle
 * the new year; its raw_bcns hold 2 deliveries per hour. Sharded by tx_id, the shards' windows add
 * up to the unsharded replay's, and every bid, impression and click of the range is counted once.
 */

const RUN = 'run-20270101T020000Z';
/** Both fixture hours, 2026-12-31 23:00 to 2027-01-01 01:00 UTC. */
const RANGE = { from: '2026-12-31T23:00:00Z', to: '2027-01-01T01:00:00Z' };
const handle = (store: FileObjectStore) => createReplayShardHandler(store, AWS_DEFAULTS, 1_000);

async function stored(store: FileObjectStore, shard: number): Promise<Aggregate[]> {
  const object = await store.getText(replayShardKey(RUN, shard));
  if (!object) throw new Error(`shard ${shard} stored nothing`);
  return JSON.parse(object.body) as Aggregate[];
}

const sum = (windows: readonly Aggregate[], kind: 'bids' | 'impressions' | 'clicks' | 'spend') =>
  windows.reduce((total, window) => total + window[kind], 0);

/** What the fixture delivered to raw_bcns: its bids, impressions and clicks, and the impressions' spend. */
function delivered(rows: LakeRows) {
  const of = (type: string) => rows.bcns.filter((row) => row.type === type);
  return {
    bids: of('bid').length,
    impressions: of('imp').length,
    clicks: of('click').length,
    spend: of('imp').reduce((total, row) => total + Number(row.win_price), 0),
  };
}

describe('the replay-shard Lambda step', { timeout: 30_000 }, () => {
  it("stores each shard's windows, which add up to the unsharded replay and count every event once", async () => {
    // Prepare
    const store = await makeLake();
    const rows = await buildLake(store);

    // Act
    const whole = await handle(store)({ run_id: `${RUN}-whole`, input: RANGE, shard: 0, shards: 1 });
    const first = await handle(store)({ run_id: RUN, input: RANGE, shard: 0, shards: 2 });
    const second = await handle(store)({ run_id: RUN, input: RANGE, shard: 1, shards: 2 });

    // Assess
    const unsharded = JSON.parse((await store.getText(replayShardKey(`${RUN}-whole`, 0)))?.body ?? '[]') as Aggregate[];
    const shards = [await stored(store, 0), await stored(store, 1)];
    expect(whole).toStrictEqual({ shard: 0, records: rows.bcns.length, files: 4, windows: unsharded.length });
    expect(first.records + second.records).toBe(rows.bcns.length);
    expect(first.records).toBeGreaterThan(0);
    expect(second.records).toBeGreaterThan(0);
    expect([first.windows, second.windows]).toStrictEqual(shards.map((windows) => windows.length));
    expect(mergeShards(shards)).toStrictEqual(unsharded);
    const counted = {
      bids: sum(unsharded, 'bids'),
      impressions: sum(unsharded, 'impressions'),
      clicks: sum(unsharded, 'clicks'),
      spend: sum(unsharded, 'spend'),
    };
    expect(counted).toStrictEqual(delivered(rows));
    expect(counted).toStrictEqual({ bids: 48, impressions: 36, clicks: 24, spend: 54_000_000 });
    expect(new Set(unsharded.map((window) => window.period.slice(0, 4)))).toStrictEqual(new Set(['2026', '2027']));
  });

  it('refuses a range whose end is not after its start, storing nothing', async () => {
    // Prepare
    const store = await makeLake();

    // Act
    const run = handle(store)({ run_id: RUN, input: { from: RANGE.to, to: RANGE.from }, shard: 0, shards: 1 });

    // Assess
    await expect(run).rejects.toThrow('from and to must be ISO-8601 or epoch seconds with from before to');
    expect(await store.getText(replayShardKey(RUN, 0))).toBeUndefined();
  });
});
