import { App } from 'aws-cdk-lib';
import { describe, expect, it } from 'vitest';
import { STREAM_NAMES } from '../../lambda/domain/streams.ts';
import { loadPlatformConfig } from '../../lib/platform-config.ts';

const load = (context: Record<string, unknown>) => loadPlatformConfig(new App({ context }).node, STREAM_NAMES);
/** The settings apart from the cost levers, which test/infra/cost-levers.test.ts covers. */
const settings = (context: Record<string, unknown>) => {
  const { levers: _levers, ...rest } = load(context);
  return rest;
};

describe('loadPlatformConfig', () => {
  it('defaults to on-demand streams, 24 h retention, no API key and 1000/2000 throttling', () => {
    expect(settings({})).toStrictEqual({
      prefix: 'sdp',
      shards: {},
      retentionHours: 24,
      customerManagedKey: false,
      apiKeyRequired: false,
      throttleRateLimit: 1000,
      throttleBurstLimit: 2000,
      reportsAuth: 'iam',
      aggregation: {
        period_seconds: 60,
        attribution_window_seconds: 300,
        click_window_seconds: 900,
        allowed_lateness_seconds: 5,
      },
      flinkParallelism: 1,
      flinkAutoScaling: true,
      lakeBufferSeconds: 300,
      lakeBufferMiB: 128,
      rawRetentionDays: 90,
      compactionMinutes: 60,
      athenaScanLimitGiB: 10,
      trainingDays: 7,
      retrainSchedule: 'rate(1 day)',
      retrainMinNewBids: 100_000,
      predictionsAuth: 'iam',
      alarmEmail: undefined,
      canary: true,
      retention: {
        errors: 30,
        ...Object.fromEntries(STREAM_NAMES.map((stream) => [`raw_${stream}`, 90])),
        ...Object.fromEntries(STREAM_NAMES.map((stream) => [`parquet_${stream}`, null])),
      },
      reconcile: { schedule: 'cron(0 2 * * ? *)', shards: 1, driftThreshold: 0 },
      dashboard: false,
    });
  });

  it('reads -c values, which arrive as strings', () => {
    // Act
    const config = settings({
      'sdp:prefix': 'ads',
      'sdp:shards': '2',
      'sdp:retentionHours': '48',
      'sdp:apiKey': 'true',
      'sdp:customerManagedKey': 'true',
      'sdp:throttleRateLimit': '50',
      'sdp:throttleBurstLimit': '100',
      'sdp:reportsAuth': 'apiKey',
      'sdp:periodSeconds': '30',
      'sdp:attributionWindowSeconds': '120',
      'sdp:clickWindowSeconds': '240',
      'sdp:allowedLatenessSeconds': '0',
      'sdp:flinkParallelism': '3',
      'sdp:flinkAutoScaling': 'false',
      'sdp:lakeBufferSeconds': '0',
      'sdp:lakeBufferMiB': '64',
      'sdp:rawRetentionDays': '30',
      'sdp:compactionMinutes': '15',
      'sdp:athenaScanLimitGiB': '100',
      'sdp:trainingDays': '30',
      'sdp:retrainSchedule': 'rate(6 hours)',
      'sdp:retrainMinNewBids': '25000',
      'sdp:predictionsAuth': 'apiKey',
      'sdp:alarmEmail': 'oncall@example.com',
      'sdp:canary': 'false',
      'sdp:retentionDays': 'parquet=400,raw_bcns=7,errors=14',
      'sdp:reconcileSchedule': 'cron(30 3 * * ? *)',
      'sdp:reconcileShards': '8',
      'sdp:reconcileDriftThreshold': '5',
      'sdp:dashboard': 'true',
    });

    // Assess
    expect(config).toStrictEqual({
      prefix: 'ads',
      shards: { bcns: 2, impressions: 2, clicks: 2, aggregates: 2, failed_events: 2 },
      retentionHours: 48,
      customerManagedKey: true,
      apiKeyRequired: true,
      throttleRateLimit: 50,
      throttleBurstLimit: 100,
      reportsAuth: 'apiKey',
      aggregation: {
        period_seconds: 30,
        attribution_window_seconds: 120,
        click_window_seconds: 240,
        allowed_lateness_seconds: 0,
      },
      flinkParallelism: 3,
      flinkAutoScaling: false,
      lakeBufferSeconds: 0,
      lakeBufferMiB: 64,
      rawRetentionDays: 30,
      compactionMinutes: 15,
      athenaScanLimitGiB: 100,
      trainingDays: 30,
      retrainSchedule: 'rate(6 hours)',
      retrainMinNewBids: 25_000,
      predictionsAuth: 'apiKey',
      alarmEmail: 'oncall@example.com',
      canary: false,
      // Raw tables take sdp:rawRetentionDays unless sdp:retentionDays names them.
      retention: {
        errors: 14,
        ...Object.fromEntries(STREAM_NAMES.map((stream) => [`raw_${stream}`, stream === 'bcns' ? 7 : 30])),
        ...Object.fromEntries(STREAM_NAMES.map((stream) => [`parquet_${stream}`, 400])),
      },
      reconcile: { schedule: 'cron(30 3 * * ? *)', shards: 8, driftThreshold: 5 },
      dashboard: true,
    });
  });

  it('provisions only the streams a JSON object names', () => {
    expect(load({ 'sdp:shards': '{"bcns":4,"aggregates":1}' }).shards).toStrictEqual({ bcns: 4, aggregates: 1 });
  });

  it.each([
    [
      { 'sdp:shards': '{"bids":2}' },
      'sdp:shards names unknown stream "bids": streams are bcns, impressions, clicks, aggregates, failed_events',
    ],
    [
      { 'sdp:shards': '0' },
      'sdp:shards must be a number of shards >= 1, a JSON object of stream name to shards, or "auto", got "0"',
    ],
    [
      { 'sdp:shards': 'two' },
      'sdp:shards must be a number of shards >= 1, a JSON object of stream name to shards, or "auto", got "two"',
    ],
    [
      { 'sdp:shards': '[2]' },
      'sdp:shards must be a number of shards >= 1, a JSON object of stream name to shards, or "auto", got "[2]"',
    ],
    [{ 'sdp:retentionHours': 12 }, 'sdp:retentionHours must be an integer from 24 to 8760, got 12'],
    [{ 'sdp:reportsAuth': 'cognito' }, 'sdp:reportsAuth must be one of iam, apiKey, got "cognito"'],
    [{ 'sdp:apiKey': 'yes' }, 'sdp:apiKey must be true or false, got "yes"'],
    [
      { 'sdp:prefix': 'My_Prefix' },
      `sdp:prefix must be 1-20 lowercase letters, digits or '-', starting with a letter, got "My_Prefix"`,
    ],
    [{ 'sdp:lakeBufferSeconds': 901 }, 'sdp:lakeBufferSeconds must be an integer from 0 to 900, got 901'],
    [{ 'sdp:lakeBufferMiB': '32' }, 'sdp:lakeBufferMiB must be an integer from 64 to 128, got "32"'],
    [{ 'sdp:rawRetentionDays': 0 }, 'sdp:rawRetentionDays must be an integer from 1 to 3650, got 0'],
    [{ 'sdp:compactionMinutes': 1.5 }, 'sdp:compactionMinutes must be an integer from 1 to 1440, got 1.5'],
    [{ 'sdp:athenaScanLimitGiB': 0 }, 'sdp:athenaScanLimitGiB must be an integer from 1 to 102400, got 0'],
    [{ 'sdp:retrainMinNewBids': 0 }, 'sdp:retrainMinNewBids must be an integer from 1 to 1000000000, got 0'],
    [{ 'sdp:periodSeconds': '1e3' }, 'sdp:periodSeconds must be an integer from 1 to 86400, got "1e3"'],
    [{ 'sdp:predictionsAuth': 'none' }, 'sdp:predictionsAuth must be one of iam, apiKey, got "none"'],
    [{ 'sdp:dashboard': 'yes' }, 'sdp:dashboard must be true or false, got "yes"'],
  ])('rejects invalid context %j with one line naming the key, the value and the range', (context, message) => {
    expect(() => load(context)).toThrow(new RegExp(`^${message.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`));
  });
});
