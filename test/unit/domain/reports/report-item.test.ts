import { describe, expect, it } from 'vitest';
import type { Aggregate } from '../../../../lambda/domain/aggregation/aggregation-records.ts';
import { parseAggregate, type ReportItem, toReportItem } from '../../../../lambda/domain/reports/report-item.ts';

/** Table rows as [name, row], so that `%s` prints the whole name (`$name` truncates it). */
const named = <T extends { name: string }>(rows: T[]): [string, T][] => rows.map((row) => [row.name, row]);

const AGGREGATE: Aggregate = {
  campaign_item_id: 1463517,
  period: '2026-11-22T10:15:00Z',
  bids: 12,
  impressions: 5,
  clicks: 2,
  spend: 4_900_000,
  version: 19,
};

/** The aggregate as the processor writes it, with `changes` applied on top. */
const json = (changes: Record<string, unknown> = {}) => JSON.stringify({ ...AGGREGATE, ...changes });

describe('parseAggregate', () => {
  it('reads an aggregate record into the exact Aggregate', () => {
    // Act
    const aggregate = parseAggregate(json());

    // Assess
    expect(aggregate).toStrictEqual(AGGREGATE);
  });

  it.each(
    named([
      {
        name: 'all counts zero',
        changes: { bids: 0, impressions: 0, clicks: 0, spend: 0, version: 0 },
      },
      { name: 'campaign 0', changes: { campaign_item_id: 0 } },
      { name: 'the largest safe campaign id', changes: { campaign_item_id: Number.MAX_SAFE_INTEGER } },
      { name: 'impressions and clicks without bids', changes: { bids: 0, version: 7 } },
      { name: 'a leap day period', changes: { period: '2028-02-29T23:59:50Z' } },
    ]),
  )('accepts %s', (_, { changes }) => {
    // Act
    const aggregate = parseAggregate(json(changes));

    // Assess
    expect(aggregate).toStrictEqual({ ...AGGREGATE, ...changes });
  });

  it.each(
    named([
      { name: 'text that is not JSON', data: 'not json' },
      { name: 'an empty record', data: '' },
      { name: 'a truncated record', data: json().slice(0, -1) },
      { name: 'JSON null', data: 'null' },
      { name: 'a JSON array', data: `[${json()}]` },
      { name: 'a JSON number', data: '19' },
      { name: 'a JSON string', data: JSON.stringify(json()) },
      {
        name: 'a bcns bid record',
        data: '{"tx_id":"t-1","campaign_item_id":7,"app_uid":"a","type":"bid","timestamp":1}',
      },
    ]),
  )('rejects %s', (_, { data }) => {
    // Act
    const aggregate = parseAggregate(data);

    // Assess
    expect(aggregate).toBeUndefined();
  });

  it.each(
    named([
      { name: 'a missing period', period: undefined },
      { name: 'a period as epoch ms', period: 1_795_342_500_000 },
      { name: 'a date without a time', period: '2026-11-22' },
      { name: 'a period without a zone', period: '2026-11-22T10:15:00' },
      { name: 'a period with milliseconds', period: '2026-11-22T10:15:00.000Z' },
      { name: 'a period with an offset', period: '2026-11-22T10:15:00+00:00' },
      { name: 'a period with a space', period: '2026-11-22 10:15:00Z' },
      { name: 'a period in lower case', period: '2026-11-22t10:15:00z' },
      { name: 'a period with surrounding space', period: ' 2026-11-22T10:15:00Z' },
      { name: 'a period in month 13', period: '2026-13-22T10:15:00Z' },
      { name: 'a period on February 30th', period: '2026-02-30T10:15:00Z' },
      { name: 'a period at hour 24', period: '2026-11-22T24:00:00Z' },
      { name: 'a period at second 60', period: '2026-11-22T10:15:60Z' },
    ]),
  )('rejects %s', (_, { period }) => {
    // Act
    const aggregate = parseAggregate(json({ period }));

    // Assess
    expect(aggregate).toBeUndefined();
  });

  it.each(
    named([
      { name: 'negative bids', changes: { bids: -1, version: 6 } },
      { name: 'fractional impressions', changes: { impressions: 4.5, version: 18.5 } },
      { name: 'clicks as a string', changes: { clicks: '2' } },
      { name: 'a missing spend', changes: { spend: undefined } },
      { name: 'a negative spend', changes: { spend: -1 } },
      { name: 'a fractional spend', changes: { spend: 0.5 } },
      { name: 'a null version', changes: { version: null } },
      { name: 'a negative campaign id', changes: { campaign_item_id: -7 } },
      { name: 'a campaign id as a string', changes: { campaign_item_id: '1463517' } },
      { name: 'an unsafe campaign id', changes: { campaign_item_id: 2 ** 53 } },
      { name: 'bids beyond the safe integers', changes: { bids: 2 ** 53, version: 2 ** 53 + 7 } },
    ]),
  )('rejects %s', (_, { changes }) => {
    // Act
    const aggregate = parseAggregate(json(changes));

    // Assess
    expect(aggregate).toBeUndefined();
  });

  it.each(
    named([
      { name: 'a version one below the sum of the counts', version: 18 },
      { name: 'a version one above the sum of the counts', version: 20 },
      { name: 'a version that includes the spend', version: 4_900_019 },
      { name: 'a version of zero with counts', version: 0 },
    ]),
  )('rejects %s', (_, { version }) => {
    // Act
    const aggregate = parseAggregate(json({ version }));

    // Assess
    expect(aggregate).toBeUndefined();
  });
});

describe('toReportItem', () => {
  it('copies the aggregate and stamps the write time', () => {
    // Act
    const item = toReportItem(AGGREGATE, new Date(Date.UTC(2026, 10, 22, 10, 15, 14, 250)));

    // Assess
    expect(item).toStrictEqual({ ...AGGREGATE, updated_at: '2026-11-22T10:15:14.250Z' } satisfies ReportItem);
  });

  it('keeps only the fields of a report row from a record with extra fields', () => {
    // Prepare
    const parsed = parseAggregate(json({ window_end: '2026-11-22T10:15:10Z', updated_at: 'forged' })) as Aggregate;

    // Act
    const item = toReportItem(parsed, new Date(Date.UTC(2026, 10, 22, 10, 15, 14)));

    // Assess
    expect(item).toStrictEqual({ ...AGGREGATE, updated_at: '2026-11-22T10:15:14.000Z' });
  });
});
