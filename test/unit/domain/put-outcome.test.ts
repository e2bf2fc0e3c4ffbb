import { describe, expect, it } from 'vitest';
import { type IngestResponse, putRecordsCallFailed, putRecordsResponse } from '../../../lambda/domain/put-outcome.ts';

/** Table rows as [name, row], so that `%s` prints the whole name (`$name` truncates it). */
const named = <T extends { name: string }>(rows: T[]): [string, T][] => rows.map((row) => [row.name, row]);

const THROTTLED = 'ProvisionedThroughputExceededException';
const INTERNAL = 'InternalFailure';
const throttledFailure = (index: number) => ({
  index,
  error_code: THROTTLED,
  message: 'The stream is throttling writes; retry this event with backoff.',
});
const internalFailure = (index: number) => ({
  index,
  error_code: INTERNAL,
  message: 'The stream failed to store this event; retry it.',
});

describe('putRecordsResponse', () => {
  const cases: { name: string; codes: (string | undefined)[]; expected: IngestResponse }[] = [
    {
      name: 'a single stored record as 200',
      codes: [undefined],
      expected: { statusCode: 200, body: { accepted: 1, failed: 0, failures: [] } },
    },
    {
      name: 'three stored records as 200',
      codes: [undefined, undefined, undefined],
      expected: { statusCode: 200, body: { accepted: 3, failed: 0, failures: [] } },
    },
    {
      name: 'one throttled record among stored ones as 207, naming its index',
      codes: [undefined, THROTTLED, undefined],
      expected: { statusCode: 207, body: { accepted: 2, failed: 1, failures: [throttledFailure(1)] } },
    },
    {
      name: 'an InternalFailure among stored records as 207',
      codes: [INTERNAL, undefined],
      expected: { statusCode: 207, body: { accepted: 1, failed: 1, failures: [internalFailure(0)] } },
    },
    {
      name: 'mixed failures among stored records as 207, in request order',
      codes: [undefined, INTERNAL, undefined, THROTTLED],
      expected: {
        statusCode: 207,
        body: { accepted: 2, failed: 2, failures: [internalFailure(1), throttledFailure(3)] },
      },
    },
    {
      name: 'every record throttled as 429',
      codes: [THROTTLED, THROTTLED],
      expected: {
        statusCode: 429,
        body: { accepted: 0, failed: 2, failures: [throttledFailure(0), throttledFailure(1)] },
      },
    },
    {
      name: 'every record failed internally as 503',
      codes: [INTERNAL, INTERNAL, INTERNAL],
      expected: {
        statusCode: 503,
        body: { accepted: 0, failed: 3, failures: [internalFailure(0), internalFailure(1), internalFailure(2)] },
      },
    },
    {
      name: 'every record failed, some throttled, as 429',
      codes: [INTERNAL, THROTTLED],
      expected: {
        statusCode: 429,
        body: { accepted: 0, failed: 2, failures: [internalFailure(0), throttledFailure(1)] },
      },
    },
    {
      name: 'an unknown per-record code as a failure to retry',
      codes: [undefined, 'KMSAccessDeniedException'],
      expected: {
        statusCode: 207,
        body: {
          accepted: 1,
          failed: 1,
          failures: [
            {
              index: 1,
              error_code: 'KMSAccessDeniedException',
              message: 'The stream failed to store this event; retry it.',
            },
          ],
        },
      },
    },
  ];

  it.each(named(cases))('answers %s', (_name, { codes, expected }) => {
    // Prepare: the case table.

    // Act
    const response = putRecordsResponse(codes);

    // Assess
    expect(response).toStrictEqual(expected);
  });

  it('answers 500 records with one failure at the end as 207', () => {
    // Prepare
    const codes = [...Array.from({ length: 499 }, () => undefined), THROTTLED];

    // Act
    const response = putRecordsResponse(codes);

    // Assess
    expect(response).toStrictEqual({
      statusCode: 207,
      body: { accepted: 499, failed: 1, failures: [throttledFailure(499)] },
    });
  });
});

describe('putRecordsCallFailed', () => {
  const throttled: IngestResponse = {
    statusCode: 429,
    body: { message: 'The event stream is throttling writes; retry the request with backoff.' },
  };
  const unavailable: IngestResponse = {
    statusCode: 503,
    body: { message: 'The event stream is unavailable; retry the request with backoff.' },
  };
  const cases: { name: string; errorType: string; expected: IngestResponse }[] = [
    { name: 'ProvisionedThroughputExceededException as 429', errorType: THROTTLED, expected: throttled },
    { name: 'LimitExceededException as 429', errorType: 'LimitExceededException', expected: throttled },
    { name: 'KMSThrottlingException as 429', errorType: 'KMSThrottlingException', expected: throttled },
    {
      name: 'a namespaced throttling __type as 429',
      errorType: 'com.amazonaws.kinesis.v20131202#ProvisionedThroughputExceededException',
      expected: throttled,
    },
    { name: 'ResourceNotFoundException as 503', errorType: 'ResourceNotFoundException', expected: unavailable },
    { name: 'InternalFailure as 503', errorType: INTERNAL, expected: unavailable },
    { name: 'AccessDeniedException as 503', errorType: 'AccessDeniedException', expected: unavailable },
    { name: 'an empty error type as 503', errorType: '', expected: unavailable },
  ];

  it.each(named(cases))('answers %s', (_name, { errorType, expected }) => {
    // Prepare: the case table.

    // Act
    const response = putRecordsCallFailed(errorType);

    // Assess
    expect(response).toStrictEqual(expected);
  });
});
