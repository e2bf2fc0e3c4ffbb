import { describe, expect, it } from 'vitest';
import { expired, parseRetention } from '../../../../lambda/domain/lifecycle/retention.ts';

describe('parseRetention', () => {
  it('keeps raw 90 days, Parquet for ever and errors 30 days by default', () => {
    expect(parseRetention(undefined, 'SDP_RETENTION_DAYS')).toStrictEqual({
      errors: 30,
      raw_bcns: 90,
      raw_impressions: 90,
      raw_clicks: 90,
      raw_aggregates: 90,
      raw_failed_events: 90,
      parquet_bcns: null,
      parquet_impressions: null,
      parquet_clicks: null,
      parquet_aggregates: null,
      parquet_failed_events: null,
    });
  });

  it.each([
    ['raw=30,parquet=400,parquet_aggregates=forever,raw_bcns=7'],
    ['{"raw":30,"parquet":400,"parquet_aggregates":null,"raw_bcns":7}'],
    [{ raw: 30, parquet: 400, parquet_aggregates: 'forever', raw_bcns: 7 }],
  ])('sets formats, then tables over them, from pairs, JSON or an object (%j)', (raw) => {
    expect(parseRetention(raw, 'sdp:retentionDays')).toStrictEqual({
      errors: 30,
      raw_bcns: 7,
      raw_impressions: 30,
      raw_clicks: 30,
      raw_aggregates: 30,
      raw_failed_events: 30,
      parquet_bcns: 400,
      parquet_impressions: 400,
      parquet_clicks: 400,
      parquet_aggregates: null,
      parquet_failed_events: 400,
    });
  });

  it.each([
    ['raw_users=3', 'SDP_RETENTION_DAYS names "raw_users", which is not one of raw, parquet, errors, raw_bcns'],
    ['raw=0', 'SDP_RETENTION_DAYS: raw must be a whole number of days from 1 to 36500 or "forever", got "0"'],
    ['raw=1.5', 'SDP_RETENTION_DAYS: raw must be a whole number of days from 1 to 36500 or "forever", got "1.5"'],
    ['raw', 'SDP_RETENTION_DAYS must be table=days pairs separated by commas, got "raw"'],
    ['{"raw":', 'SDP_RETENTION_DAYS is not valid JSON: {"raw":'],
  ])('rejects %s naming the setting and the value', (raw, message) => {
    expect(() => parseRetention(raw, 'SDP_RETENTION_DAYS')).toThrow(message);
  });
});

describe('expired', () => {
  it('removes an hour once all of it is older than the days kept, across a year', () => {
    const hour = { dt: '2026-12-31', hr: '23' };
    const gone = Date.UTC(2027, 0, 1) + 7 * 86_400_000;
    expect(expired(hour, 7, gone - 1)).toBe(false);
    expect(expired(hour, 7, gone)).toBe(true);
    expect(expired(hour, null, gone * 2)).toBe(false);
  });
});
