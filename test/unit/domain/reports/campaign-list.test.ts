import { describe, expect, it } from 'vitest';
import { RequestError } from '../../../../lambda/domain/errors.ts';
import { buildCampaignList } from '../../../../lambda/domain/reports/campaign-list.ts';
import {
  type CampaignListQuery,
  encodeOffsetToken,
  listScope,
  parseCampaignListQuery,
} from '../../../../lambda/domain/reports/campaign-list-query.ts';
import type { Counts } from '../../../../lambda/domain/reports/campaign-report.ts';
import { rollupReads } from '../../../../lambda/domain/reports/campaign-rollup.ts';

const at = (iso: string) => Date.parse(iso);
const counts = (bids: number, impressions: number, clicks: number, spend: number): Counts => ({
  bids,
  impressions,
  clicks,
  spend,
});

describe('parseCampaignListQuery', () => {
  it.each([
    {
      name: 'within an hour',
      now: '2026-11-22T10:15:00Z',
      from: '2026-11-21T11:00:00Z',
      to: '2026-11-22T11:00:00Z',
    },
    {
      name: 'at the first instant of an hour',
      now: '2026-11-22T10:00:00Z',
      from: '2026-11-21T11:00:00Z',
      to: '2026-11-22T11:00:00Z',
    },
    {
      name: 'in the last hour of a day',
      now: '2026-11-22T23:59:59.999Z',
      from: '2026-11-22T00:00:00Z',
      to: '2026-11-23T00:00:00Z',
    },
    {
      name: 'in the first hour of a year',
      now: '2027-01-01T00:00:01Z',
      from: '2026-12-31T01:00:00Z',
      to: '2027-01-01T01:00:00Z',
    },
  ])('defaults to the 24 hours ending with the hour in progress: $name', ({ now, from, to }) => {
    // Act
    const query = parseCampaignListQuery({}, new Date(now));

    // Assess
    expect(query).toStrictEqual({
      fromMs: at(from),
      toMs: at(to),
      sort: 'spend',
      order: 'desc',
      limit: 50,
      offset: 0,
    });
  });

  it('reads the range, sort, order, limit and page token it is given', () => {
    // Prepare
    const scope = listScope({ fromMs: at('2026-11-01'), toMs: at('2026-11-08'), sort: 'ctr', order: 'asc' });

    // Act
    const query = parseCampaignListQuery(
      {
        from: '2026-11-01',
        to: String(at('2026-11-08') / 1000),
        sort: 'ctr',
        order: 'asc',
        limit: '1000',
        next_token: encodeOffsetToken(1000, scope),
      },
      new Date('2026-11-22T10:15:00Z'),
    );

    // Assess
    expect(query).toStrictEqual({
      fromMs: at('2026-11-01'),
      toMs: at('2026-11-08'),
      sort: 'ctr',
      order: 'asc',
      limit: 1000,
      offset: 1000,
    });
  });

  it('sorts campaign ids ascending unless told otherwise', () => {
    expect(parseCampaignListQuery({ sort: 'campaign_item_id' }, new Date('2026-11-22T10:15:00Z')).order).toBe('asc');
  });

  it('rejects every bad parameter at once, naming each', () => {
    // Act
    const parse = () =>
      parseCampaignListQuery(
        { from: '2026-11-22T10:30:00Z', to: 'yesterday', sort: 'name', order: 'up', limit: '0', page: '2' },
        new Date('2026-11-22T10:15:00Z'),
      );

    // Assess
    expect(parse).toThrow(RequestError);
    expect(() => parse()).toThrow(
      expect.objectContaining({
        errors: [
          { index: null, path: 'page', message: 'is not a parameter; use from, to, sort, order, limit, next_token' },
          {
            index: null,
            path: 'to',
            message: 'must be ISO-8601 (e.g. 2026-11-22T10:00:00Z) or epoch seconds, got "yesterday"',
          },
          {
            index: null,
            path: 'from',
            message: 'must be a whole UTC hour (totals are kept per hour), got "2026-11-22T10:30:00Z"',
          },
          {
            index: null,
            path: 'sort',
            message: 'must be one of campaign_item_id, bids, impressions, clicks, spend, win_rate, ctr',
          },
          { index: null, path: 'order', message: 'must be asc or desc' },
          { index: null, path: 'limit', message: 'must be an integer from 1 to 1000' },
        ],
      }),
    );
  });

  it.each([
    { name: 'an empty range', params: { from: '2026-11-22T10:00:00Z', to: '2026-11-22T10:00:00Z' }, path: 'to' },
    { name: 'a range longer than 92 days', params: { from: '2026-01-01', to: '2026-04-04' }, path: 'to' },
    { name: 'a token that is not one', params: { next_token: 'abc' }, path: 'next_token' },
    {
      name: 'a token of another order',
      params: {
        from: '2026-11-01',
        to: '2026-11-02',
        next_token: encodeOffsetToken(
          50,
          listScope({ fromMs: at('2026-11-01'), toMs: at('2026-11-02'), sort: 'spend', order: 'asc' }),
        ),
      },
      path: 'next_token',
    },
  ])('rejects $name', ({ params, path }) => {
    expect(() => parseCampaignListQuery(params, new Date('2026-11-22T10:15:00Z'))).toThrow(
      expect.objectContaining({ errors: [expect.objectContaining({ path })] }),
    );
  });

  it('accepts a range of exactly 92 days', () => {
    expect(parseCampaignListQuery({ from: '2026-01-01', to: '2026-04-03' }, new Date()).toMs).toBe(at('2026-04-03'));
  });
});

describe('buildCampaignList', () => {
  const query = (overrides: Partial<CampaignListQuery> = {}): CampaignListQuery => ({
    fromMs: at('2026-11-22T00:00:00Z'),
    toMs: at('2026-11-23T00:00:00Z'),
    sort: 'spend',
    order: 'desc',
    limit: 50,
    offset: 0,
    ...overrides,
  });
  const totals = new Map([
    [30, counts(10, 5, 1, 900)],
    [10, counts(20, 5, 0, 900)],
    [20, counts(4, 0, 0, 0)],
    [40, counts(0, 0, 0, 0)],
    [50, counts(8, 8, 4, 2000)],
  ]);

  it('answers the campaigns with win rate and CTR, sorted by spend, ties by id, and the totals of all', () => {
    expect(buildCampaignList(query(), totals)).toStrictEqual({
      from: '2026-11-22T00:00:00Z',
      to: '2026-11-23T00:00:00Z',
      sort: 'spend',
      order: 'desc',
      campaign_count: 5,
      totals: counts(42, 18, 5, 3800),
      campaigns: [
        { campaign_item_id: 50, ...counts(8, 8, 4, 2000), win_rate: 1, ctr: 0.5 },
        { campaign_item_id: 10, ...counts(20, 5, 0, 900), win_rate: 0.25, ctr: 0 },
        { campaign_item_id: 30, ...counts(10, 5, 1, 900), win_rate: 0.5, ctr: 0.2 },
        { campaign_item_id: 20, ...counts(4, 0, 0, 0), win_rate: 0, ctr: null },
        { campaign_item_id: 40, ...counts(0, 0, 0, 0), win_rate: null, ctr: null },
      ],
      next_token: null,
    });
  });

  it.each([
    { sort: 'ctr', order: 'desc', ids: [50, 30, 10, 20, 40] },
    { sort: 'ctr', order: 'asc', ids: [10, 30, 50, 20, 40] },
    { sort: 'win_rate', order: 'asc', ids: [20, 10, 30, 50, 40] },
    { sort: 'bids', order: 'asc', ids: [40, 20, 50, 30, 10] },
    { sort: 'campaign_item_id', order: 'desc', ids: [50, 40, 30, 20, 10] },
  ] as const)('sorts by $sort $order, campaigns without the ratio last', ({ sort, order, ids }) => {
    const list = buildCampaignList(query({ sort, order }), totals);
    expect(list.campaigns.map((c) => c.campaign_item_id)).toStrictEqual(ids);
  });

  it('pages with a token that continues where the page ended, and no token on the last page', () => {
    // Act
    const first = buildCampaignList(query({ limit: 2 }), totals);
    const second = buildCampaignList(query({ limit: 2, offset: 2 }), totals);
    const last = buildCampaignList(query({ limit: 2, offset: 4 }), totals);

    // Assess
    expect(first.campaigns.map((c) => c.campaign_item_id)).toStrictEqual([50, 10]);
    expect(first.next_token).toBe(encodeOffsetToken(2, listScope(query())));
    expect(second.campaigns.map((c) => c.campaign_item_id)).toStrictEqual([30, 20]);
    expect(second.next_token).toBe(encodeOffsetToken(4, listScope(query())));
    expect(last.campaigns.map((c) => c.campaign_item_id)).toStrictEqual([40]);
    expect(last.next_token).toBeNull();
    expect(last.totals).toStrictEqual(first.totals);
  });

  it('leaves hidden campaigns out of the list, the count and the totals', () => {
    const list = buildCampaignList(query(), totals, new Set([50, 99]));
    expect(list.campaign_count).toBe(4);
    expect(list.totals).toStrictEqual(counts(34, 10, 1, 1800));
    expect(list.campaigns.map((c) => c.campaign_item_id)).toStrictEqual([10, 30, 20, 40]);
  });
});

describe('rollupReads', () => {
  it.each([
    {
      name: 'one whole day',
      from: '2026-11-22T00:00:00Z',
      to: '2026-11-23T00:00:00Z',
      reads: [{ kind: 'day', day: '2026-11-22' }],
    },
    {
      name: 'hours inside one day',
      from: '2026-11-22T09:00:00Z',
      to: '2026-11-22T12:00:00Z',
      reads: [{ kind: 'hours', day: '2026-11-22', hours: [9, 10, 11] }],
    },
    {
      name: 'the last and first hours of a year',
      from: '2026-12-31T22:00:00Z',
      to: '2027-01-01T02:00:00Z',
      reads: [
        { kind: 'hours', day: '2026-12-31', hours: [22, 23] },
        { kind: 'hours', day: '2027-01-01', hours: [0, 1] },
      ],
    },
    {
      name: 'part of a day, whole days, then part of a day',
      from: '2026-02-27T23:00:00Z',
      to: '2026-03-02T01:00:00Z',
      reads: [
        { kind: 'hours', day: '2026-02-27', hours: [23] },
        { kind: 'day', day: '2026-02-28' },
        { kind: 'day', day: '2026-03-01' },
        { kind: 'hours', day: '2026-03-02', hours: [0] },
      ],
    },
  ])('covers $name', ({ from, to, reads }) => {
    expect(rollupReads(at(from), at(to))).toStrictEqual(reads);
  });

  it('rejects a range that is not whole hours', () => {
    expect(() => rollupReads(at('2026-11-22T10:30:00Z'), at('2026-11-22T12:00:00Z'))).toThrow(
      /must be whole UTC hours/,
    );
  });
});
