import { ConditionalCheckFailedException, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { APIGatewayProxyEvent } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DynamoDbReportStore, type IReportStore } from '../../../lambda/adapters/report-store.ts';
import type { PeriodCounts } from '../../../lambda/domain/reports/campaign-report.ts';
import type { ReportItem } from '../../../lambda/domain/reports/report-item.ts';
import { encodeToken, tokenScope } from '../../../lambda/domain/reports/report-query.ts';
import { createGetReportHandler } from '../../../lambda/reports/get-report.ts';
import { recordingLog } from '../../helpers/recording-ops.ts';

/** Table rows as [name, row], so that `%s` prints the whole name (`$name` truncates it). */
const named = <T extends { name: string }>(rows: T[]): [string, T][] => rows.map((row) => [row.name, row]);

type ReportEvent = Pick<APIGatewayProxyEvent, 'pathParameters' | 'queryStringParameters'>;

const CAMPAIGN = 1463517;
const JSON_HEADERS = { 'content-type': 'application/json' };
const WHOLE_RANGE = ['1970-01-01T00:00:00Z', '9999-12-31T23:59:59Z'];

/** The event API Gateway's proxy integration passes for `GET /reports/campaigns/{id}?query`. */
function reportEvent(id: string | null, query: Record<string, string> | null = null): ReportEvent {
  return { pathParameters: id === null ? null : { campaign_item_id: id }, queryStringParameters: query };
}

const row = (period: string, bids: number, impressions: number, clicks: number, spend: number): PeriodCounts => ({
  period,
  bids,
  impressions,
  clicks,
  spend,
});

const STORED: PeriodCounts[] = [
  row('2026-11-22T10:15:00Z', 10, 4, 1, 4_000_000),
  row('2026-11-22T10:15:10Z', 5, 2, 0, 1_500_000),
  row('2026-11-22T11:00:00Z', 7, 3, 0, 2_100_000),
];

/** An IReportStore whose queries answer `periods` (or fail with `error`) and are recorded. */
function fakeStore(periods: PeriodCounts[] = STORED, error?: Error) {
  const queries: [number, string, string][] = [];
  const store: IReportStore = {
    putReport: () => Promise.reject(new Error('the report API never writes')),
    queryPeriods: async (campaignItemId, from, to) => {
      queries.push([campaignItemId, from, to]);
      if (error) throw error;
      return periods.map((period) => ({ ...period }));
    },
  };
  return { store, queries };
}

describe('GET /reports/campaigns/{campaign_item_id}', () => {
  it('answers 200 with the totals and periods of a campaign as JSON', async () => {
    // Prepare
    const { store, queries } = fakeStore();
    const handler = createGetReportHandler(store);

    // Act
    const result = await handler(reportEvent(String(CAMPAIGN)));

    // Assess
    expect(result).toStrictEqual({
      statusCode: 200,
      headers: JSON_HEADERS,
      body: JSON.stringify({
        campaign_item_id: CAMPAIGN,
        granularity: 'period',
        totals: { bids: 22, impressions: 9, clicks: 1, spend: 7_600_000 },
        periods: STORED,
        next_token: null,
      }),
    });
    expect(queries).toStrictEqual([[CAMPAIGN, ...WHOLE_RANGE]]);
  });

  it('answers 200 with zero totals and no periods for an unknown campaign', async () => {
    // Prepare
    const { store } = fakeStore([]);
    const handler = createGetReportHandler(store);

    // Act
    const result = await handler(reportEvent('42', {}));

    // Assess
    expect(result.statusCode).toBe(200);
    expect(JSON.parse(result.body)).toStrictEqual({
      campaign_item_id: 42,
      granularity: 'period',
      totals: { bids: 0, impressions: 0, clicks: 0, spend: 0 },
      periods: [],
      next_token: null,
    });
  });

  it('rolls periods up to hours and pages them with next_token', async () => {
    // Prepare
    const { store } = fakeStore();
    const handler = createGetReportHandler(store);

    // Act
    const first = await handler(reportEvent(String(CAMPAIGN), { granularity: 'hour', limit: '1' }));
    const token = (JSON.parse(first.body) as { next_token: string }).next_token;
    const second = await handler(reportEvent(String(CAMPAIGN), { granularity: 'hour', limit: '1', next_token: token }));

    // Assess
    const totals = { bids: 22, impressions: 9, clicks: 1, spend: 7_600_000 };
    expect([JSON.parse(first.body), JSON.parse(second.body)]).toStrictEqual([
      {
        campaign_item_id: CAMPAIGN,
        granularity: 'hour',
        totals,
        periods: [row('2026-11-22T10:00:00Z', 15, 6, 1, 5_500_000)],
        next_token: encodeToken('2026-11-22T10:00:00Z', tokenScope({ campaignItemId: CAMPAIGN, granularity: 'hour' })),
      },
      {
        campaign_item_id: CAMPAIGN,
        granularity: 'hour',
        totals,
        periods: [row('2026-11-22T11:00:00Z', 7, 3, 0, 2_100_000)],
        next_token: null,
      },
    ]);
  });

  it.each(
    named<{ name: string; query: Record<string, string>; range: string[] }>([
      {
        name: 'ISO bounds as the inclusive key range',
        query: { from: '2026-11-22T10:15:00Z', to: '2026-11-22T11:00:00Z' },
        range: ['2026-11-22T10:15:00Z', '2026-11-22T10:59:59Z'],
      },
      {
        name: 'epoch-second bounds as the inclusive key range',
        query: { from: '1795342500', to: '1795346100' },
        range: ['2026-11-22T10:15:00Z', '2026-11-22T11:14:59Z'],
      },
      {
        name: 'sub-second bounds rounded inwards',
        query: { from: '2026-11-22T10:15:00.001Z', to: '2026-11-22T10:15:10.500Z' },
        range: ['2026-11-22T10:15:01Z', '2026-11-22T10:15:10Z'],
      },
      {
        name: 'a date with an offset in UTC',
        query: { from: '2026-11-22T12:00:00+02:00' },
        range: ['2026-11-22T10:00:00Z', '9999-12-31T23:59:59Z'],
      },
      { name: 'only to', query: { to: '2026-11-23' }, range: ['1970-01-01T00:00:00Z', '2026-11-22T23:59:59Z'] },
    ]),
  )('queries the store once with %s', async (_, { query, range }) => {
    // Prepare
    const { store, queries } = fakeStore();
    const handler = createGetReportHandler(store);

    // Act
    const result = await handler(reportEvent(String(CAMPAIGN), query));

    // Assess
    expect(result.statusCode).toBe(200);
    expect(queries).toStrictEqual([[CAMPAIGN, ...range]]);
  });

  it('answers 200 with no periods and does not query the store for a range inside one second', async () => {
    // Prepare
    const { store, queries } = fakeStore();
    const handler = createGetReportHandler(store);

    // Act
    const result = await handler(
      reportEvent(String(CAMPAIGN), { from: '2026-11-22T10:15:00.200Z', to: '2026-11-22T10:15:00.800Z' }),
    );

    // Assess
    expect(result).toStrictEqual({
      statusCode: 200,
      headers: JSON_HEADERS,
      body: JSON.stringify({
        campaign_item_id: CAMPAIGN,
        granularity: 'period',
        totals: { bids: 0, impressions: 0, clicks: 0, spend: 0 },
        periods: [],
        next_token: null,
      }),
    });
    expect(queries).toStrictEqual([]);
  });

  it.each(
    named([
      {
        name: 'a negative id',
        event: reportEvent('-1'),
        errors: [{ path: 'campaign_item_id', message: 'must be a non-negative integer, got "-1"' }],
      },
      {
        name: 'a missing path parameter',
        event: reportEvent(null),
        errors: [{ path: 'campaign_item_id', message: 'must be a non-negative integer, got ""' }],
      },
      {
        name: 'an unknown parameter and a bad limit',
        event: reportEvent('7', { page: '2', limit: '0' }),
        errors: [
          { path: 'page', message: 'is not a parameter; use from, to, granularity, limit, next_token' },
          { path: 'limit', message: 'must be an integer from 1 to 1000' },
        ],
      },
      {
        name: 'a reversed range',
        event: reportEvent('7', { from: '2026-11-23', to: '2026-11-22' }),
        errors: [{ path: 'to', message: 'must be after from' }],
      },
      {
        name: 'a forged next_token',
        event: reportEvent('7', {
          next_token: encodeToken('everything', tokenScope({ campaignItemId: 7, granularity: 'period' })),
        }),
        errors: [{ path: 'next_token', message: 'is not a token this API returned' }],
      },
    ]),
  )('rejects %s with 400 and the problems, without querying the store', async (_, { event, errors }) => {
    // Prepare
    const { store, queries } = fakeStore();
    const handler = createGetReportHandler(store);

    // Act
    const result = await handler(event);

    // Assess
    expect({ ...result, body: JSON.parse(result.body) }).toStrictEqual({
      statusCode: 400,
      headers: JSON_HEADERS,
      body: {
        message: `Invalid report request: ${errors.map((e) => `${e.path} ${e.message}`).join('; ')}`,
        errors: errors.map((e) => ({ index: null, ...e })),
      },
    });
    expect(queries).toStrictEqual([]);
  });

  it('fails with 500 and a generic message, leaking no details, when the store throws', async () => {
    // Prepare
    const error = new Error('connect ECONNREFUSED 10.0.3.7:8000 table arn:aws:dynamodb:eu-west-1:123456789012:table/r');
    const { store } = fakeStore(STORED, error);
    const logger = recordingLog();
    const handler = createGetReportHandler(store, logger);

    // Act
    const result = await handler(reportEvent(String(CAMPAIGN)));

    // Assess
    expect(result).toStrictEqual({
      statusCode: 500,
      headers: JSON_HEADERS,
      body: '{"message":"Internal server error"}',
    });
    expect(logger.calls).toStrictEqual([['error', 'get-report failed', error]]);
  });
});

describe('DynamoDbReportStore', () => {
  const TABLE = 'reports';
  const dynamodb = mockClient(DynamoDBDocumentClient);
  let store: DynamoDbReportStore;

  const item: ReportItem = {
    campaign_item_id: CAMPAIGN,
    period: '2026-11-22T10:15:00Z',
    bids: 12,
    impressions: 5,
    clicks: 2,
    spend: 4_900_000,
    version: 19,
    updated_at: '2026-11-22T10:15:14.250Z',
  };
  const conditionalPut = {
    TableName: TABLE,
    Item: item,
    ConditionExpression: 'attribute_not_exists(#version) OR #version < :version',
    ExpressionAttributeNames: { '#version': 'version' },
    ExpressionAttributeValues: { ':version': 19 },
  };
  const periodQuery = (ExclusiveStartKey?: Record<string, unknown>) => ({
    TableName: TABLE,
    KeyConditionExpression: '#pk = :pk AND #sk BETWEEN :from AND :to',
    ExpressionAttributeNames: { '#pk': 'campaign_item_id', '#sk': 'period' },
    ExpressionAttributeValues: { ':pk': CAMPAIGN, ':from': '2026-11-22T00:00:00Z', ':to': '2026-11-22T23:59:59Z' },
    ProjectionExpression: '#sk, bids, impressions, clicks, spend',
    ExclusiveStartKey,
  });

  beforeEach(() => {
    dynamodb.reset();
    const client = DynamoDBDocumentClient.from(
      new DynamoDBClient({ region: 'us-east-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' } }),
    );
    store = new DynamoDbReportStore(client, TABLE);
  });

  afterEach(() => {
    dynamodb.reset();
  });

  it('writes a row with a condition on its version and reports it applied', async () => {
    // Prepare
    dynamodb.on(PutCommand).resolves({});

    // Act
    const outcome = await store.putReport(item);

    // Assess
    expect(outcome).toBe('applied');
    expect(dynamodb.commandCalls(PutCommand).map((call) => call.args[0].input)).toStrictEqual([conditionalPut]);
  });

  it('reports a write the condition refuses as stale', async () => {
    // Prepare
    dynamodb
      .on(PutCommand)
      .rejects(new ConditionalCheckFailedException({ message: 'The conditional request failed', $metadata: {} }));

    // Act
    const outcome = await store.putReport(item);

    // Assess
    expect(outcome).toBe('stale');
    expect(dynamodb.commandCalls(PutCommand)).toHaveLength(1);
  });

  it.each(
    named([
      { name: 'throttling', error: Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' }) },
      { name: 'a missing table', error: Object.assign(new Error('no table'), { name: 'ResourceNotFoundException' }) },
      { name: 'a network error', error: new Error('socket hang up') },
    ]),
  )('fails a write with the error on %s', async (_, { error }) => {
    // Prepare
    dynamodb.on(PutCommand).rejects(error);

    // Act
    const outcome = store.putReport(item);

    // Assess
    await expect(outcome).rejects.toBe(error);
  });

  it('queries the campaign key range and follows LastEvaluatedKey through every page, never scanning', async () => {
    // Prepare
    const pageKey = (period: string) => ({ campaign_item_id: CAMPAIGN, period });
    dynamodb
      .on(QueryCommand)
      .resolvesOnce({
        Items: [row('2026-11-22T10:15:00Z', 1, 0, 0, 0), row('2026-11-22T10:15:10Z', 2, 1, 0, 900_000)],
        LastEvaluatedKey: pageKey('2026-11-22T10:15:10Z'),
      })
      .resolvesOnce({ Items: [], LastEvaluatedKey: pageKey('2026-11-22T10:15:10Z') })
      .resolvesOnce({ Items: [row('2026-11-22T10:15:20Z', 3, 2, 1, 1_800_000)] });

    // Act
    const periods = await store.queryPeriods(CAMPAIGN, '2026-11-22T00:00:00Z', '2026-11-22T23:59:59Z');

    // Assess
    expect(periods).toStrictEqual([
      row('2026-11-22T10:15:00Z', 1, 0, 0, 0),
      row('2026-11-22T10:15:10Z', 2, 1, 0, 900_000),
      row('2026-11-22T10:15:20Z', 3, 2, 1, 1_800_000),
    ]);
    expect(dynamodb.commandCalls(QueryCommand).map((call) => call.args[0].input)).toStrictEqual([
      periodQuery(),
      periodQuery(pageKey('2026-11-22T10:15:10Z')),
      periodQuery(pageKey('2026-11-22T10:15:10Z')),
    ]);
    expect(dynamodb.calls().map((call) => call.args[0].constructor.name)).toStrictEqual([
      'QueryCommand',
      'QueryCommand',
      'QueryCommand',
    ]);
  });

  it('returns no periods for a campaign without rows', async () => {
    // Prepare
    dynamodb.on(QueryCommand).resolves({ Items: [], Count: 0 });

    // Act
    const periods = await store.queryPeriods(CAMPAIGN, '2026-11-22T00:00:00Z', '2026-11-22T23:59:59Z');

    // Assess
    expect(periods).toStrictEqual([]);
    expect(dynamodb.commandCalls(QueryCommand).map((call) => call.args[0].input)).toStrictEqual([periodQuery()]);
  });

  it('fails a query with the error of the page that failed', async () => {
    // Prepare
    const error = Object.assign(new Error('Rate exceeded'), { name: 'ProvisionedThroughputExceededException' });
    dynamodb
      .on(QueryCommand)
      .resolvesOnce({ Items: [row('2026-11-22T10:15:00Z', 1, 0, 0, 0)], LastEvaluatedKey: { x: 1 } })
      .rejectsOnce(error);

    // Act
    const periods = store.queryPeriods(CAMPAIGN, '2026-11-22T00:00:00Z', '2026-11-22T23:59:59Z');

    // Assess
    await expect(periods).rejects.toBe(error);
    expect(dynamodb.commandCalls(QueryCommand)).toHaveLength(2);
  });
});
