import type { KinesisClient, PutRecordsCommand, PutRecordsCommandInput } from '@aws-sdk/client-kinesis';
import { describe, expect, it } from 'vitest';
import { type ClientEvent, EVENT_KINDS, type EventKind, fieldEntries } from '../../../lambda/domain/events.ts';
import { putRecordsCallFailed, putRecordsResponse } from '../../../lambda/domain/put-outcome.ts';
import { toStreamRecord } from '../../../lambda/domain/stream-records.ts';
import { parseEventBody } from '../../../lambda/domain/validate-events.ts';
import {
  putRecordsErrorTemplate,
  putRecordsRequestTemplate,
  putRecordsResponseTemplate,
} from '../../../lib/ingestion/mapping-templates.ts';
import { ingestEvents } from '../../../local/ingest/ingest-events.ts';
import { RecordBatcher } from '../../../local/ingest/record-batcher.ts';
import { renderTemplate } from '../../helpers/api-gateway-vtl.ts';
import { RECEIVED_AT, requiredOnly, serverType, txId, validBatch, validEvent } from '../../helpers/factories.ts';

/*
 * Mapping templates are tested, not trusted: each one is rendered with a model of API Gateway's
 * template runtime and must produce exactly what the local platform produces for the same input.
 */

/** Table rows as [name, row], so that `%s` prints the whole name (`$name` truncates it). */
const named = <T extends { name: string }>(rows: T[]): [string, T][] => rows.map((row) => [row.name, row]);

const STREAM = 'bcns';
const json = (value: unknown): string => JSON.stringify(value);
const reversed = <T extends object>(event: T): T => Object.fromEntries(Object.entries(event).reverse()) as T;

/** Strings that JSON must escape, or that a template engine might misread. */
const SPECIAL_STRINGS = [
  'say "hi"',
  'C:\\ads\\new\\',
  'line1\nline2\r\n',
  'tab\there',
  'nul\u0000us\u001f',
  'café é',
  '广告中文',
  'ad 😀 👨‍👩‍👧',
  'a\u2028b',
  '</script>',
  // \u007b is '{', escaped so that the linter does not take `${p}` for a template placeholder.
  '$input.body #set($x = 1) $\u007bp} ## #end $context.requestTimeEpoch',
  '{"type":"click"}',
];

/** The event with every string field of its kind set to `value`. */
function withStrings<K extends EventKind>(kind: K, event: ClientEvent<K>, value: string): ClientEvent<K> {
  const strings = fieldEntries(kind)
    .filter(([, field]) => field.type === 'string')
    .map(([name]) => [name, value]);
  return { ...event, ...Object.fromEntries(strings) };
}

/** The PutRecords request the local platform builds, with Data base64-encoded as it travels. */
function expectedRequest(kind: EventKind, events: readonly ClientEvent[], receivedAt: number) {
  return {
    StreamName: STREAM,
    Records: events.map((event) => {
      const record = toStreamRecord(kind, event, receivedAt);
      return { Data: Buffer.from(record.data).toString('base64'), PartitionKey: record.partitionKey };
    }),
  };
}

/** A KinesisClient stand-in that records each PutRecords input and stores every record. */
function recordingKinesis() {
  const inputs: PutRecordsCommandInput[] = [];
  const client = {
    send: async (command: PutRecordsCommand) => {
      inputs.push(command.input);
      return {
        FailedRecordCount: 0,
        Records: (command.input.Records ?? []).map((_, i) => ({
          SequenceNumber: `${i}`,
          ShardId: 'shardId-000000000000',
        })),
      };
    },
  };
  return { inputs, client: client as unknown as KinesisClient };
}

describe('putRecordsRequestTemplate and a key given twice', () => {
  it('writes the key once, with the last value, the one the request model validated', () => {
    // Prepare
    const body = '{"tx_id":"first","campaign_item_id":"x","app_uid":"u","tx_id":"last","campaign_item_id":7}';

    // Act
    const { output } = renderTemplate(putRecordsRequestTemplate('bid', STREAM), {
      body,
      requestTimeEpoch: RECEIVED_AT,
    });

    // Assess
    const [record] = (JSON.parse(output) as { Records: { Data: string; PartitionKey: string }[] }).Records;
    expect({
      data: Buffer.from(record?.Data ?? '', 'base64').toString('utf8'),
      key: record?.PartitionKey,
    }).toStrictEqual({
      data: `{"tx_id":"last","campaign_item_id":7,"app_uid":"u","type":"bid","timestamp":${RECEIVED_AT}}`,
      key: 'last',
    });
  });
});

describe('putRecordsRequestTemplate', () => {
  describe.each(EVENT_KINDS)('for %s', (kind) => {
    const full = validEvent(kind);
    const minimal = requiredOnly(kind, full);
    const batch3 = validBatch(kind, 3);
    const withServerFields = (event: ClientEvent, timestamp: number) =>
      ({ type: serverType(kind), timestamp, ...event }) as ClientEvent;
    const bodies: { name: string; body: string }[] = [
      { name: 'a single event', body: json(full) },
      { name: 'a single event in a one-element array', body: json([full]) },
      { name: 'a batch of 3 events', body: json(batch3) },
      { name: 'a batch of 500 events', body: json(validBatch(kind, 500)) },
      { name: 'a single event with only the required fields', body: json(minimal) },
      {
        name: 'a batch of events with only the required fields',
        body: json(validBatch(kind, 3).map((event) => requiredOnly(kind, event))),
      },
      {
        name: 'a batch alternating all-field and required-only events',
        body: json(validBatch(kind, 4).map((event, i) => (i % 2 === 0 ? event : requiredOnly(kind, event)))),
      },
      {
        name: 'a batch with quotes, backslashes, control characters, non-ASCII and emoji in strings',
        body: json(SPECIAL_STRINGS.map((value) => withStrings(kind, full, value))),
      },
      {
        name: 'a single event with special characters in strings',
        body: json(withStrings(kind, full, SPECIAL_STRINGS[0] ?? '')),
      },
      { name: 'a single event with a client type and timestamp', body: json(withServerFields(full, 1)) },
      {
        name: 'a batch with client types and timestamps',
        body: json(batch3.map((event, i) => withServerFields(event, 1717243199000 + i + 0.5))),
      },
      { name: 'a single event with its keys in reverse order', body: json(reversed(full)) },
      { name: 'a batch with keys in reverse order', body: json(batch3.map(reversed)) },
      { name: 'a pretty-printed single event with leading newlines', body: `\n\n${JSON.stringify(full, null, 2)}\n` },
      {
        name: 'a pretty-printed batch with leading spaces, tabs and CRLF',
        body: ` \t\r\n${JSON.stringify(batch3, null, '\t')}\r\n`,
      },
      { name: 'a compact batch with a leading space', body: ` ${json(batch3)}` },
      // JSON.parse and Jackson's tree model (API Gateway's) both keep the last of duplicate keys.
      { name: 'a single event with tx_id given twice', body: json(full).replace('{', '{"tx_id":"shadowed",') },
      {
        name: 'a batch whose events give a key twice',
        body: `[${batch3.map((event) => json(event).replace('{', '{"tx_id":"shadowed",')).join(',')}]`,
      },
    ];

    it.each(named(bodies))('builds the local platform’s PutRecords request for %s', (_name, { body }) => {
      // Prepare: API Gateway validates the body against the request model before the template runs.
      const events = parseEventBody(kind, body);

      // Act
      const { output, statusOverride } = renderTemplate(putRecordsRequestTemplate(kind, STREAM), {
        body,
        requestTimeEpoch: RECEIVED_AT,
      });

      // Assess
      expect(JSON.parse(output)).toStrictEqual(expectedRequest(kind, events, RECEIVED_AT));
      expect(statusOverride).toBeUndefined();
    });

    it.each(named(bodies))('sends the same bytes as ingestEvents for %s', async (_name, { body }) => {
      // Prepare
      const kinesis = recordingKinesis();
      const batcher = new RecordBatcher({ client: kinesis.client, streamName: STREAM });

      // Act
      await ingestEvents(kind, body, batcher, RECEIVED_AT);
      const { output } = renderTemplate(putRecordsRequestTemplate(kind, STREAM), {
        body,
        requestTimeEpoch: RECEIVED_AT,
      });

      // Assess
      const rendered = JSON.parse(output) as { StreamName: string; Records: { Data: string; PartitionKey: string }[] };
      expect(kinesis.inputs).toStrictEqual([
        {
          StreamName: rendered.StreamName,
          Records: rendered.Records.map((record) => ({
            Data: Buffer.from(record.Data, 'base64'),
            PartitionKey: record.PartitionKey,
          })),
        },
      ]);
    });
  });

  it('writes the request time of each request as the timestamp', () => {
    // Prepare
    const body = json([validEvent('click', { tx_id: txId(1) }), validEvent('click', { tx_id: txId(2) })]);
    const requestTimeEpoch = 1_700_000_000_123;

    // Act
    const { output } = renderTemplate(putRecordsRequestTemplate('click', STREAM), { body, requestTimeEpoch });

    // Assess
    const data = (JSON.parse(output) as { Records: { Data: string }[] }).Records.map((record) =>
      Buffer.from(record.Data, 'base64').toString('utf8'),
    );
    expect(data).toStrictEqual([
      '{"tx_id":"3f9c2b7e-5d1a-4c8e-9b6f-000000000001","type":"click","timestamp":1700000000123}',
      '{"tx_id":"3f9c2b7e-5d1a-4c8e-9b6f-000000000002","type":"click","timestamp":1700000000123}',
    ]);
  });

  it('names the stream it is given', () => {
    // Prepare
    const body = json(validEvent('click'));

    // Act
    const { output } = renderTemplate(putRecordsRequestTemplate('click', 'sdp-prod-bcns'), { body });

    // Assess
    expect((JSON.parse(output) as { StreamName: string }).StreamName).toStrictEqual('sdp-prod-bcns');
  });
});

/** A PutRecords response as Kinesis returns it for these per-record outcomes (undefined = stored). */
function kinesisResponse(codes: readonly (string | undefined)[]): string {
  return JSON.stringify({
    EncryptionType: 'KMS',
    FailedRecordCount: codes.filter((code) => code !== undefined).length,
    Records: codes.map((code, i) =>
      code === undefined
        ? { SequenceNumber: `4964${String(i).padStart(52, '0')}`, ShardId: `shardId-00000000000${i % 4}` }
        : { ErrorCode: code, ErrorMessage: `${code} for shard shardId-00000000000${i % 4} in stream bcns.` },
    ),
  });
}

describe('putRecordsResponseTemplate', () => {
  const T = 'ProvisionedThroughputExceededException';
  const F = 'InternalFailure';
  const S = undefined;
  const cases: { name: string; codes: (string | undefined)[] }[] = [
    { name: 'one stored record', codes: [S] },
    { name: 'three stored records', codes: [S, S, S] },
    { name: '500 stored records', codes: Array.from({ length: 500 }, () => S) },
    { name: 'a partial failure with throttling', codes: [S, T, S] },
    { name: 'a partial failure with InternalFailure', codes: [F, S, S] },
    { name: 'one stored and one throttled record', codes: [T, S] },
    { name: 'one stored and one failed record', codes: [S, F] },
    { name: 'a partial failure with both codes', codes: [S, F, T, S] },
    { name: 'every record throttled', codes: [T, T, T] },
    { name: 'every record failed with InternalFailure', codes: [F, F] },
    { name: 'every record failed, throttled and InternalFailure mixed', codes: [F, T, F] },
    { name: 'a single throttled record', codes: [T] },
    {
      name: '500 records with every third one throttled',
      codes: Array.from({ length: 500 }, (_, i) => (i % 3 === 0 ? T : S)),
    },
  ];

  it.each(named(cases))('answers like putRecordsResponse for %s', (_name, { codes }) => {
    // Prepare
    const expected = putRecordsResponse(codes);

    // Act
    const { output, statusOverride } = renderTemplate(putRecordsResponseTemplate(), { body: kinesisResponse(codes) });

    // Assess: the integration response is 200 unless the template overrides it.
    expect({ body: JSON.parse(output), statusOverride }).toStrictEqual({
      body: expected.body,
      statusOverride: expected.statusCode === 200 ? undefined : expected.statusCode,
    });
  });
});

describe('putRecordsErrorTemplate', () => {
  const cases: { name: string; type: string | undefined }[] = [
    { name: 'ProvisionedThroughputExceededException', type: 'ProvisionedThroughputExceededException' },
    { name: 'LimitExceededException', type: 'LimitExceededException' },
    { name: 'KMSThrottlingException', type: 'KMSThrottlingException' },
    {
      name: 'a namespaced ProvisionedThroughputExceededException',
      type: 'com.amazonaws.kinesis.v20131202#ProvisionedThroughputExceededException',
    },
    { name: 'ResourceNotFoundException', type: 'ResourceNotFoundException' },
    { name: 'AccessDeniedException', type: 'AccessDeniedException' },
    { name: 'KMSDisabledException', type: 'KMSDisabledException' },
    { name: 'InternalFailure (a 5xx)', type: 'InternalFailure' },
  ];

  it.each(named(cases))('answers like putRecordsCallFailed for %s', (_name, { type }) => {
    // Prepare
    const expected = putRecordsCallFailed(type ?? '');
    const body = JSON.stringify({ __type: type, message: 'Rate exceeded for stream bcns under account 123456789012.' });

    // Act
    const { output, statusOverride } = renderTemplate(putRecordsErrorTemplate(), { body });

    // Assess: the construct maps 4xx and 5xx to a 503 integration response unless the template overrides it.
    expect({ body: JSON.parse(output), statusOverride }).toStrictEqual({
      body: expected.body,
      statusOverride: expected.statusCode === 503 ? undefined : expected.statusCode,
    });
  });

  it('answers 503 when the error body has no __type', () => {
    // Prepare
    const body = JSON.stringify({ message: 'Service Unavailable' });

    // Act
    const { output, statusOverride } = renderTemplate(putRecordsErrorTemplate(), { body });

    // Assess
    expect({ body: JSON.parse(output), statusOverride }).toStrictEqual({
      body: { message: 'The event stream is unavailable; retry the request with backoff.' },
      statusOverride: undefined,
    });
  });
});
