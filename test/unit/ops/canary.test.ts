import { describe, expect, it } from 'vitest';
import { RequestError } from '../../../lambda/domain/errors.ts';
import { trainingSetQuery } from '../../../lambda/domain/ml/training-set.ts';
import {
  CANARY_CAMPAIGN_ID,
  type CanaryPorts,
  type CanaryRow,
  canaryBid,
  canaryPeriod,
  probeFreshness,
} from '../../../lambda/domain/ops/canary.ts';
import { parseReportQuery } from '../../../lambda/domain/reports/report-query.ts';
import { createCanaryHandler } from '../../../lambda/ops/run-canary.ts';
import { recordingLog, recordingMetrics } from '../../helpers/recording-ops.ts';

/** A controlled clock and a report row that the "writer" writes at `writtenAt`. */
function fakePorts(start: number, writtenAt: number | undefined) {
  let now = start;
  const sent: { tx_id: string; sentAt: number }[] = [];
  const reads: string[] = [];
  const ports: CanaryPorts = {
    sendBid: async (bid, sentAt) => {
      sent.push({ tx_id: bid.tx_id, sentAt });
    },
    readRow: async (campaign, period): Promise<CanaryRow | undefined> => {
      reads.push(`${campaign}/${period}`);
      return writtenAt !== undefined && now >= writtenAt
        ? { bids: 1, updated_at: new Date(writtenAt).toISOString() }
        : undefined;
    },
    now: () => now,
    sleep: async (ms) => {
      now += ms;
    },
  };
  return { ports, sent, reads };
}

describe('the freshness canary', () => {
  it.each([
    ['an hour boundary', Date.parse('2026-11-22T10:59:58.500Z'), '2026-11-22T10:59:00Z'],
    ['a day boundary', Date.parse('2026-11-22T23:59:59.999Z'), '2026-11-22T23:59:00Z'],
    ['a year boundary', Date.parse('2026-12-31T23:59:30.000Z'), '2026-12-31T23:59:00Z'],
  ])('measures bid sent to report row written across %s', async (_name, sentAt, period) => {
    // Prepare: the row is written 71.2 s after the send, inside the next hour, day or year
    const { ports, sent, reads } = fakePorts(sentAt, sentAt + 71_200);

    // Act
    const probe = await probeFreshness(ports, { periodMs: 60_000, timeoutMs: 170_000, pollMs: 100 });

    // Assess
    expect(probe).toStrictEqual({ txId: `canary-${sentAt}`, sentAt, period, latencyMs: 71_200 });
    expect(sent).toStrictEqual([{ tx_id: `canary-${sentAt}`, sentAt }]);
    expect(new Set(reads)).toStrictEqual(new Set([`${CANARY_CAMPAIGN_ID}/${period}`]));
  });

  it('counts a miss when the row is not written before the timeout', async () => {
    // Prepare
    const { ports } = fakePorts(1_000_000, undefined);

    // Act
    const probe = await probeFreshness(ports, { periodMs: 10_000, timeoutMs: 5_000, pollMs: 1_000 });

    // Assess
    expect(probe.latencyMs).toBeUndefined();
  });

  it('does not take a row written before the bid was sent for the bid’s own', async () => {
    // Prepare: an earlier canary's row of the same window, rewritten 2 s after this send
    const sentAt = Date.parse('2026-11-22T10:00:05Z');
    let now = sentAt;
    const ports: CanaryPorts = {
      sendBid: async () => undefined,
      readRow: async () => ({
        bids: 1,
        updated_at: new Date(now < sentAt + 2_000 ? sentAt - 500 : sentAt + 2_000).toISOString(),
      }),
      now: () => now,
      sleep: async (ms) => {
        now += ms;
      },
    };

    // Act
    const probe = await probeFreshness(ports, { periodMs: 10_000, timeoutMs: 60_000, pollMs: 500 });

    // Assess
    expect(probe.latencyMs).toBe(2_000);
  });

  it('sends a bid of the reserved campaign, found by the window of its send time', () => {
    expect(canaryBid(1_795_000_000_123)).toStrictEqual({
      tx_id: 'canary-1795000000123',
      campaign_item_id: 9_007_199_254_740_991,
      app_uid: 'sdp-freshness-canary',
      domain: 'canary.invalid',
    });
    expect(canaryPeriod(Date.parse('2026-11-22T10:00:09.999Z'), 10_000)).toBe('2026-11-22T10:00:00Z');
  });

  it('rejects a report request for the canary’s campaign with 404, and leaves its bids out of training', () => {
    expect(() => parseReportQuery(String(CANARY_CAMPAIGN_ID), {})).toThrow(RequestError);
    try {
      parseReportQuery(String(CANARY_CAMPAIGN_ID), {});
    } catch (error) {
      expect((error as RequestError).statusCode).toBe(404);
    }
    expect(trainingSetQuery().sql).toContain(`AND type = 'bid' AND campaign_item_id <> ${CANARY_CAMPAIGN_ID}`);
  });

  it('records the latency and the serving model’s age as metrics, and logs the probe', async () => {
    // Prepare
    const sentAt = Date.parse('2026-11-22T10:00:01Z');
    const { ports } = fakePorts(sentAt, sentAt + 64_000);
    const logger = recordingLog();
    const metrics = recordingMetrics();
    const handler = createCanaryHandler({
      ports,
      config: { periodMs: 60_000, timeoutMs: 170_000 },
      modelDeployedAt: async () => sentAt - 3_600_000,
      logger,
      metrics,
    });

    // Act
    await handler();

    // Assess
    expect(metrics.totals()).toStrictEqual({ CanaryLatency: 64_000, ModelAgeSeconds: 3_664 });
    expect(logger.calls.map(([level, message]) => [level, message])).toStrictEqual([
      ['info', 'Canary bid reached its report row'],
    ]);
  });
});
