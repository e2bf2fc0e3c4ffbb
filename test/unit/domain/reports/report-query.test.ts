import { describe, expect, it } from 'vitest';
import { RequestError } from '../../../../lambda/domain/errors.ts';
import {
  encodeToken,
  parseReportQuery,
  type ReportQuery,
  tokenScope,
} from '../../../../lambda/domain/reports/report-query.ts';

/** Table rows as [name, row], so that `%s` prints the whole name (`$name` truncates it). */
const named = <T extends { name: string }>(rows: T[]): [string, T][] => rows.map((row) => [row.name, row]);

type Params = Record<string, string | undefined>;

const ID = '1463517';
const DEFAULT_SCOPE = tokenScope({ campaignItemId: 1463517, granularity: 'period' });
const DEFAULTS: ReportQuery = {
  campaignItemId: 1463517,
  fromMs: undefined,
  toMs: undefined,
  granularity: 'period',
  limit: 100,
  after: undefined,
};

const PARAMETERS = 'from, to, granularity, limit, next_token';
const TIME_HINT = 'must be ISO-8601 (e.g. 2026-11-22T10:00:00Z) or epoch seconds';

const idIssue = (id: string) => ({
  index: null,
  path: 'campaign_item_id',
  message: `must be a non-negative integer, got "${id}"`,
});
const unknownIssue = (name: string) => ({ index: null, path: name, message: `is not a parameter; use ${PARAMETERS}` });
const timeIssue = (name: string, raw: string) => ({ index: null, path: name, message: `${TIME_HINT}, got "${raw}"` });
const ORDER_ISSUE = { index: null, path: 'to', message: 'must be after from' };
const GRANULARITY_ISSUE = { index: null, path: 'granularity', message: 'must be one of period, hour, day' };
const LIMIT_ISSUE = { index: null, path: 'limit', message: 'must be an integer from 1 to 1000' };
const TOKEN_ISSUE = { index: null, path: 'next_token', message: 'is not a token this API returned' };

/** What a rejected request throws, as the API would answer it. */
function rejection(id: string | undefined, params: Params) {
  try {
    parseReportQuery(id, params);
  } catch (error) {
    if (!(error instanceof RequestError)) throw error;
    return { name: error.name, statusCode: error.statusCode, json: JSON.parse(JSON.stringify(error)) as unknown };
  }
  throw new Error('parseReportQuery accepted the request');
}

/** The RequestError answer listing exactly `issues`, in order. */
function answer(...issues: { path: string; message: string }[]) {
  return {
    name: 'RequestError',
    statusCode: 400,
    json: {
      message: `Invalid report request: ${issues.map((issue) => `${issue.path} ${issue.message}`).join('; ')}`,
      errors: issues,
    },
  };
}

const base64url = (text: string) => Buffer.from(text).toString('base64url');

describe('parseReportQuery with valid requests', () => {
  it.each(
    named([
      { name: 'no parameters as the defaults', id: ID, params: {}, expected: DEFAULTS },
      { name: 'campaign 0', id: '0', params: {}, expected: { ...DEFAULTS, campaignItemId: 0 } },
      {
        // The largest, 2^53 - 1, is the freshness canary's campaign (404, test/unit/ops/canary.test.ts).
        name: 'the largest id a client campaign can have',
        id: '9007199254740990',
        params: {},
        expected: { ...DEFAULTS, campaignItemId: Number.MAX_SAFE_INTEGER - 1 },
      },
      {
        name: 'an ISO date as midnight UTC',
        id: ID,
        params: { from: '2026-11-22' },
        expected: { ...DEFAULTS, fromMs: Date.UTC(2026, 10, 22) },
      },
      {
        name: 'an ISO date-time with minutes only',
        id: ID,
        params: { from: '2026-11-22T10:15Z' },
        expected: { ...DEFAULTS, fromMs: Date.UTC(2026, 10, 22, 10, 15) },
      },
      {
        name: 'an ISO date-time with seconds in UTC',
        id: ID,
        params: { to: '2026-11-22T10:15:30Z' },
        expected: { ...DEFAULTS, toMs: Date.UTC(2026, 10, 22, 10, 15, 30) },
      },
      {
        name: 'an ISO date-time with milliseconds',
        id: ID,
        params: { from: '2026-11-22T10:15:30.250Z' },
        expected: { ...DEFAULTS, fromMs: Date.UTC(2026, 10, 22, 10, 15, 30, 250) },
      },
      {
        name: 'an ISO date-time with a positive offset converted to UTC',
        id: ID,
        params: { from: '2026-11-22T10:15:30+02:00' },
        expected: { ...DEFAULTS, fromMs: Date.UTC(2026, 10, 22, 8, 15, 30) },
      },
      {
        name: 'an ISO date-time with tenths and a negative half-hour offset',
        id: ID,
        params: { to: '2026-11-22T10:15:30.5-05:30' },
        expected: { ...DEFAULTS, toMs: Date.UTC(2026, 10, 22, 15, 45, 30, 500) },
      },
      {
        name: 'a leap day',
        id: ID,
        params: { from: '2028-02-29' },
        expected: { ...DEFAULTS, fromMs: Date.UTC(2028, 1, 29) },
      },
      {
        name: 'epoch seconds for from and to',
        id: ID,
        params: { from: '1795342500', to: '1795346100' },
        expected: { ...DEFAULTS, fromMs: 1_795_342_500_000, toMs: 1_795_346_100_000 },
      },
      { name: 'epoch second 0', id: ID, params: { from: '0' }, expected: { ...DEFAULTS, fromMs: 0 } },
      {
        name: 'from one millisecond before to',
        id: ID,
        params: { from: '2026-11-22T10:15:30.999Z', to: '2026-11-22T10:15:31Z' },
        expected: {
          ...DEFAULTS,
          fromMs: Date.UTC(2026, 10, 22, 10, 15, 30, 999),
          toMs: Date.UTC(2026, 10, 22, 10, 15, 31),
        },
      },
      {
        name: 'the last second of year 9999',
        id: ID,
        params: { to: '9999-12-31T23:59:59Z' },
        expected: { ...DEFAULTS, toMs: Date.UTC(9999, 11, 31, 23, 59, 59) },
      },
      { name: 'granularity period', id: ID, params: { granularity: 'period' }, expected: DEFAULTS },
      {
        name: 'granularity hour',
        id: ID,
        params: { granularity: 'hour' },
        expected: { ...DEFAULTS, granularity: 'hour' },
      },
      {
        name: 'granularity day',
        id: ID,
        params: { granularity: 'day' },
        expected: { ...DEFAULTS, granularity: 'day' },
      },
      { name: 'the smallest limit', id: ID, params: { limit: '1' }, expected: { ...DEFAULTS, limit: 1 } },
      { name: 'the largest limit', id: ID, params: { limit: '1000' }, expected: { ...DEFAULTS, limit: 1000 } },
      { name: 'a limit with a leading zero', id: ID, params: { limit: '050' }, expected: { ...DEFAULTS, limit: 50 } },
      {
        name: 'every parameter at once',
        id: ID,
        params: {
          from: '2026-11-22',
          to: '2026-11-23',
          granularity: 'hour',
          limit: '24',
          next_token: encodeToken(
            '2026-11-22T05:00:00Z',
            tokenScope({
              campaignItemId: 1463517,
              fromMs: Date.UTC(2026, 10, 22),
              toMs: Date.UTC(2026, 10, 23),
              granularity: 'hour',
            }),
          ),
        },
        expected: {
          campaignItemId: 1463517,
          fromMs: Date.UTC(2026, 10, 22),
          toMs: Date.UTC(2026, 10, 23),
          granularity: 'hour',
          limit: 24,
          after: '2026-11-22T05:00:00Z',
        },
      },
    ] satisfies { name: string; id: string; params: Params; expected: ReportQuery }[]),
  )('parses %s', (_, { id, params, expected }) => {
    // Act
    const query = parseReportQuery(id, params);

    // Assess
    expect(query).toStrictEqual(expected);
  });

  it('reads back the bucket a next_token made by encodeToken names', () => {
    // Prepare
    const token = encodeToken('2026-11-22T10:15:00Z', tokenScope({ campaignItemId: 1463517, granularity: 'period' }));

    // Act
    const query = parseReportQuery(ID, { next_token: token });

    // Assess
    expect(token).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(query).toStrictEqual({ ...DEFAULTS, after: '2026-11-22T10:15:00Z' });
  });

  it.each([
    ['another granularity', { granularity: 'day' }],
    ['another range', { from: '2026-11-01' }],
  ])('rejects a next_token reused with %s', (_, params) => {
    // Prepare
    const token = encodeToken('2026-11-22T10:15:00Z', DEFAULT_SCOPE);

    // Act
    const act = () => parseReportQuery(ID, { ...params, next_token: token });

    // Assess
    expect(act).toThrow(
      'Invalid report request: next_token belongs to another query: repeat the same campaign, from, to and granularity with it',
    );
  });

  it('rejects a next_token of another campaign', () => {
    const token = encodeToken('2026-11-22T10:15:00Z', tokenScope({ campaignItemId: 42, granularity: 'period' }));
    expect(() => parseReportQuery(ID, { next_token: token })).toThrow(/next_token belongs to another query/);
  });
});

describe('parseReportQuery with invalid requests', () => {
  it.each(
    named([
      { name: 'a negative id', id: '-1' },
      { name: 'a fractional id', id: '1.5' },
      { name: 'an id in exponent notation', id: '1e3' },
      { name: 'an id one above the largest safe integer', id: '9007199254740992' },
      { name: 'an id of 17 digits', id: '12345678901234567' },
      { name: 'an empty id', id: '' },
      { name: 'an id with letters', id: 'campaign-7' },
      { name: 'an id with a plus sign', id: '+7' },
      { name: 'an id with spaces', id: ' 7' },
    ]),
  )('rejects %s', (_, { id }) => {
    // Act
    const result = rejection(id, {});

    // Assess
    expect(result).toStrictEqual(answer(idIssue(id)));
  });

  it('rejects a missing path parameter as an empty id', () => {
    // Act
    const result = rejection(undefined, {});

    // Assess
    expect(result).toStrictEqual(answer(idIssue('')));
  });

  it.each(
    named([
      { name: 'an unknown parameter', params: { campaign: '7' }, names: ['campaign'] },
      { name: 'a parameter in the wrong case', params: { From: '2026-11-22' }, names: ['From'] },
      { name: 'two unknown parameters in the order given', params: { page: '2', size: '10' }, names: ['page', 'size'] },
    ]),
  )('rejects %s', (_, { params, names }) => {
    // Act
    const result = rejection(ID, params);

    // Assess
    expect(result).toStrictEqual(answer(...names.map(unknownIssue)));
  });

  it.each(
    named([
      { name: 'a word', raw: 'yesterday' },
      { name: 'an empty value', raw: '' },
      { name: 'a date-time without a zone', raw: '2026-11-22T10:15:00' },
      { name: 'a date-time with a space', raw: '2026-11-22 10:15:00Z' },
      { name: 'a date-time with microseconds', raw: '2026-11-22T10:15:00.123456Z' },
      { name: 'month 13', raw: '2026-13-01' },
      { name: 'day 0', raw: '2026-01-00' },
      { name: 'February 30th', raw: '2026-02-30' },
      { name: 'February 29th of a common year', raw: '2027-02-29T00:00:00Z' },
      { name: 'April 31st', raw: '2026-04-31T10:00:00Z' },
      { name: 'hour 25', raw: '2026-11-22T25:00:00Z' },
      { name: 'second 60', raw: '2026-11-22T23:59:60Z' },
      { name: 'a year before 1970', raw: '1969-12-31T23:59:59Z' },
      { name: 'a five-digit year', raw: '10000-01-01' },
      { name: 'negative epoch seconds', raw: '-5' },
      { name: 'fractional epoch seconds', raw: '1795342500.5' },
      { name: 'epoch milliseconds (12 digits)', raw: '179534250000' },
    ]),
  )('rejects from and to given as %s', (_, { raw }) => {
    // Act
    const result = rejection(ID, { from: raw, to: raw });

    // Assess
    expect(result).toStrictEqual(answer(timeIssue('from', raw), timeIssue('to', raw)));
  });

  it.each(
    named([
      { name: 'from equal to to', from: '2026-11-22T10:00:00Z', to: '2026-11-22T10:00:00Z' },
      { name: 'from equal to to in different notations', from: '2026-11-22T12:00:00+02:00', to: '1795341600' },
      { name: 'from after to', from: '2026-11-23', to: '2026-11-22' },
      { name: 'from one millisecond after to', from: '2026-11-22T10:00:00.001Z', to: '2026-11-22T10:00:00Z' },
    ]),
  )('rejects %s', (_, { from, to }) => {
    // Act
    const result = rejection(ID, { from, to });

    // Assess
    expect(result).toStrictEqual(answer(ORDER_ISSUE));
  });

  it.each(['week', 'HOUR', 'hours', '', 'minute'])('rejects granularity "%s"', (granularity) => {
    // Act
    const result = rejection(ID, { granularity });

    // Assess
    expect(result).toStrictEqual(answer(GRANULARITY_ISSUE));
  });

  it.each(['0', '1001', 'abc', '-1', '1.5', '', '1e2', '10 '])('rejects limit "%s"', (limit) => {
    // Act
    const result = rejection(ID, { limit });

    // Assess
    expect(result).toStrictEqual(answer(LIMIT_ISSUE));
  });

  it.each(
    named([
      { name: 'an empty token', token: '' },
      { name: 'a token that is not base64url JSON', token: 'garbage!!' },
      { name: 'a token naming something other than a period', token: encodeToken('not-a-period', DEFAULT_SCOPE) },
      {
        name: 'a token naming a period with milliseconds',
        token: encodeToken('2026-11-22T10:15:00.000Z', DEFAULT_SCOPE),
      },
      { name: 'a token with a numeric bucket', token: base64url('{"after":1795342500}') },
      { name: 'a token of JSON null', token: base64url('null') },
      { name: 'a token without the bucket', token: base64url('{"before":"2026-11-22T10:15:00Z"}') },
    ]),
  )('rejects %s', (_, { token }) => {
    // Act
    const result = rejection(ID, { next_token: token });

    // Assess
    expect(result).toStrictEqual(answer(TOKEN_ISSUE));
  });

  it('rejects a request with several problems, listing each in one answer', () => {
    // Act
    const result = rejection('-7', {
      from: 'soon',
      to: '2026-02-30',
      granularity: 'week',
      limit: '0',
      next_token: 'forged',
      sort: 'desc',
    });

    // Assess
    expect(result).toStrictEqual(
      answer(
        idIssue('-7'),
        unknownIssue('sort'),
        timeIssue('from', 'soon'),
        timeIssue('to', '2026-02-30'),
        GRANULARITY_ISSUE,
        LIMIT_ISSUE,
        TOKEN_ISSUE,
      ),
    );
  });

  it('rejects a reversed range together with a bad limit', () => {
    // Act
    const result = rejection(ID, { from: '1795346100', to: '1795342500', limit: '1001' });

    // Assess
    expect(result).toStrictEqual(answer(ORDER_ISSUE, LIMIT_ISSUE));
  });
});
