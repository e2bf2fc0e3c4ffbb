import {
  type KinesisClient,
  ProvisionedThroughputExceededException,
  type PutRecordsCommand,
  type PutRecordsCommandInput,
  type PutRecordsResultEntry,
  ResourceNotFoundException,
} from '@aws-sdk/client-kinesis';
import { describe, expect, it } from 'vitest';
import { type StreamRecord, toStreamRecord } from '../../../lambda/domain/stream-records.ts';
import { ingestEvents } from '../../../local/ingest/ingest-events.ts';
import { type PutResult, RecordBatcher } from '../../../local/ingest/record-batcher.ts';
import { RECEIVED_AT, txId, validBatch, validBid, validClick } from '../../helpers/factories.ts';

/** Table rows as [name, row], so that `%s` prints the whole name (`$name` truncates it). */
const named = <T extends { name: string }>(rows: T[]): [string, T][] => rows.map((row) => [row.name, row]);

const STREAM = 'bcns';
const THROTTLED = 'ProvisionedThroughputExceededException';

interface PutRecordsReply {
  readonly FailedRecordCount?: number;
  readonly Records?: PutRecordsResultEntry[];
}

interface HeldCall {
  readonly input: PutRecordsCommandInput;
  readonly answer: (reply: PutRecordsReply) => void;
  readonly fail: (error: unknown) => void;
}

/**
 * A KinesisClient stand-in: every PutRecords call is recorded and left pending until the test
 * answers or fails it, unless `auto` answers it at once.
 */
function fakeKinesis(auto?: (input: PutRecordsCommandInput) => PutRecordsReply | Error) {
  const calls: HeldCall[] = [];
  const send = (command: PutRecordsCommand) =>
    new Promise<PutRecordsReply>((resolve, reject) => {
      calls.push({ input: command.input, answer: resolve, fail: reject });
      if (!auto) return;
      const reply = auto(command.input);
      if (reply instanceof Error) reject(reply);
      else resolve(reply);
    });
  return { calls, client: { send } as unknown as KinesisClient };
}

/** Kinesis's answer when it stored every record of the call. */
const storedAll = (input: PutRecordsCommandInput): PutRecordsReply => ({
  FailedRecordCount: 0,
  Records: (input.Records ?? []).map((_, i) => ({ SequenceNumber: `4964${i}`, ShardId: 'shardId-000000000000' })),
});

/** Lets the batcher's setImmediate rounds and the promise callbacks after them run. */
async function settle(): Promise<void> {
  for (let i = 0; i < 3; i++) await new Promise<void>((resolve) => setImmediate(resolve));
}

/** `count` click records whose partition keys are `${caller}-0`, `${caller}-1`, ... */
function recordsOf(caller: string, count: number): StreamRecord[] {
  return Array.from({ length: count }, (_, i) =>
    toStreamRecord('click', validClick({ tx_id: `${caller}-${i}` }), RECEIVED_AT),
  );
}

/** Answers every call, and the calls those answers let start, until none is pending. */
async function answerEverything(calls: readonly HeldCall[]): Promise<void> {
  for (let answered = 0; answered < calls.length; ) {
    const pending = calls.slice(answered);
    answered = calls.length;
    for (const call of pending) call.answer(storedAll(call.input));
    await settle();
  }
}

/** Which callers' records each call carried, in order, judged by partition key prefix. */
function callersPerCall(calls: readonly HeldCall[]): string[][] {
  return calls.map((call) => [
    ...new Set((call.input.Records ?? []).map((entry) => entry.PartitionKey?.split('-')[0] ?? '')),
  ]);
}

const entriesOf = (records: readonly StreamRecord[]) =>
  records.map((record) => ({ Data: Buffer.from(record.data), PartitionKey: record.partitionKey }));

describe('RecordBatcher', () => {
  it('sends the records of puts made in the same tick in one PutRecords call, in order', async () => {
    // Prepare
    const kinesis = fakeKinesis(storedAll);
    const batcher = new RecordBatcher({ client: kinesis.client, streamName: STREAM, callIntervalMs: 0 });
    const callers = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j'].map((caller, i) =>
      recordsOf(caller, (i % 3) + 1),
    );

    // Act
    const results = await Promise.all(callers.map((records) => batcher.put(records)));

    // Assess
    expect(kinesis.calls.map((call) => call.input)).toStrictEqual([
      { StreamName: STREAM, Records: entriesOf(callers.flat()) },
    ]);
    expect(results).toStrictEqual(callers.map((records) => ({ errorCodes: records.map(() => undefined) })));
  });

  it('groups puts made in later microtasks of the same tick into one call', async () => {
    // Prepare: like requests whose bodies finish parsing in separate callbacks of one I/O round.
    const kinesis = fakeKinesis(storedAll);
    const batcher = new RecordBatcher({ client: kinesis.client, streamName: STREAM, callIntervalMs: 0 });

    // Act
    const puts = [batcher.put(recordsOf('a', 1))];
    await Promise.resolve();
    puts.push(batcher.put(recordsOf('b', 1)));
    await Promise.resolve();
    await Promise.resolve();
    puts.push(batcher.put(recordsOf('c', 1)));
    await Promise.all(puts);

    // Assess
    expect(callersPerCall(kinesis.calls)).toStrictEqual([['a', 'b', 'c']]);
  });

  it('groups the puts made while a call is in flight into the next call', async () => {
    // Prepare
    const kinesis = fakeKinesis();
    const batcher = new RecordBatcher({
      client: kinesis.client,
      streamName: STREAM,
      maxInFlight: 1,
      callIntervalMs: 0,
    });
    const first = batcher.put(recordsOf('a', 1));
    await settle();
    const later = [batcher.put(recordsOf('b', 2)), batcher.put(recordsOf('c', 1)), batcher.put(recordsOf('d', 3))];
    await settle();
    const callsWhileInFlight = kinesis.calls.length;

    // Act
    kinesis.calls[0].answer(storedAll(kinesis.calls[0].input));
    await settle();
    kinesis.calls[1].answer(storedAll(kinesis.calls[1].input));
    const results = await Promise.all([first, ...later]);

    // Assess
    expect(callsWhileInFlight).toStrictEqual(1);
    expect(callersPerCall(kinesis.calls)).toStrictEqual([['a'], ['b', 'c', 'd']]);
    expect(results).toStrictEqual([
      { errorCodes: [undefined] },
      { errorCodes: [undefined, undefined] },
      { errorCodes: [undefined] },
      { errorCodes: [undefined, undefined, undefined] },
    ]);
  });

  it('sends the first put after a quiet spell at once', async () => {
    // Prepare
    const kinesis = fakeKinesis(storedAll);
    const batcher = new RecordBatcher({ client: kinesis.client, streamName: STREAM, callIntervalMs: 60_000 });

    // Act
    const result = await batcher.put(recordsOf('a', 1));

    // Assess
    expect(result).toStrictEqual({ errorCodes: [undefined] });
    expect(callersPerCall(kinesis.calls)).toStrictEqual([['a']]);
  });

  it('gathers the puts that follow a round for the call interval into one call', async () => {
    // Prepare
    const kinesis = fakeKinesis(storedAll);
    const batcher = new RecordBatcher({ client: kinesis.client, streamName: STREAM, callIntervalMs: 80 });
    await batcher.put(recordsOf('a', 1));
    const startedAt = performance.now();

    // Act
    const later = batcher.put(recordsOf('b', 1));
    await settle();
    const callsBeforeTheInterval = kinesis.calls.length;
    await new Promise((resolve) => setTimeout(resolve, 20));
    const last = batcher.put(recordsOf('c', 2));
    await Promise.all([later, last]);

    // Assess
    expect(callsBeforeTheInterval).toBe(1);
    expect(callersPerCall(kinesis.calls)).toStrictEqual([['a'], ['b', 'c']]);
    expect(performance.now() - startedAt).toBeGreaterThanOrEqual(75);
  });

  it('ends the gathering as soon as gatherRecords records wait', async () => {
    // Prepare
    const kinesis = fakeKinesis(storedAll);
    const batcher = new RecordBatcher({
      client: kinesis.client,
      streamName: STREAM,
      callIntervalMs: 60_000,
      gatherRecords: 3,
    });
    await batcher.put(recordsOf('a', 1));

    // Act
    const waiting = batcher.put(recordsOf('b', 2));
    await settle();
    const callsWithTwoWaiting = kinesis.calls.length;
    const third = batcher.put(recordsOf('c', 1));
    await Promise.all([waiting, third]);

    // Assess
    expect(callsWithTwoWaiting).toBe(1);
    expect(callersPerCall(kinesis.calls)).toStrictEqual([['a'], ['b', 'c']]);
  });

  it('does not hold back a full call for the call interval', async () => {
    // Prepare
    const kinesis = fakeKinesis(storedAll);
    const batcher = new RecordBatcher({ client: kinesis.client, streamName: STREAM, callIntervalMs: 60_000 });
    await batcher.put(recordsOf('a', 1));

    // Act
    const result = await batcher.put(recordsOf('b', 500));

    // Assess
    expect(result).toStrictEqual({ errorCodes: Array.from({ length: 500 }, () => undefined) });
    expect(callersPerCall(kinesis.calls)).toStrictEqual([['a'], ['b']]);
  });

  it('keeps at most maxInFlight calls in flight while less than a full call waits', async () => {
    // Prepare
    const kinesis = fakeKinesis();
    const batcher = new RecordBatcher({
      client: kinesis.client,
      streamName: STREAM,
      maxInFlight: 2,
      callIntervalMs: 0,
    });
    const puts: Promise<unknown>[] = [];

    // Act: three small callers, one after another, while nothing is answered.
    for (const caller of ['a', 'b', 'c']) {
      puts.push(batcher.put(recordsOf(caller, 10)));
      await settle();
    }
    const inFlightWithSmallBacklog = kinesis.calls.length;
    // A full call's worth of records waiting earns a call beyond the limit.
    puts.push(batcher.put(recordsOf('d', 490)));
    await settle();
    const inFlightWithFullBacklog = kinesis.calls.length;
    await answerEverything(kinesis.calls);
    await Promise.all(puts);

    // Assess
    expect({ inFlightWithSmallBacklog, inFlightWithFullBacklog, callers: callersPerCall(kinesis.calls) }).toStrictEqual(
      {
        inFlightWithSmallBacklog: 2,
        inFlightWithFullBacklog: 3,
        callers: [['a'], ['b'], ['c', 'd']],
      },
    );
  });

  it('allows twice maxInFlight calls while full calls wait, and never more', async () => {
    // Prepare
    const kinesis = fakeKinesis();
    const batcher = new RecordBatcher({
      client: kinesis.client,
      streamName: STREAM,
      maxInFlight: 2,
      callIntervalMs: 0,
    });
    const puts = ['a', 'b', 'c', 'd', 'e', 'f'].map((caller) => batcher.put(recordsOf(caller, 500)));

    // Act
    await settle();
    const inFlightAtFirst = kinesis.calls.length;
    await answerEverything(kinesis.calls);
    await Promise.all(puts);

    // Assess
    expect({ inFlightAtFirst, callers: callersPerCall(kinesis.calls) }).toStrictEqual({
      inFlightAtFirst: 4,
      callers: [['a'], ['b'], ['c'], ['d'], ['e'], ['f']],
    });
  });

  const splits: { name: string; sizes: number[]; calls: string[][] }[] = [
    {
      name: '200 + 200 + 200 + 100 records as 400 and 300',
      sizes: [200, 200, 200, 100],
      calls: [
        ['a', 'b'],
        ['c', 'd'],
      ],
    },
    { name: '500 + 1 records as two calls', sizes: [500, 1], calls: [['a'], ['b']] },
    { name: '499 + 2 records as two calls, not 500 + 1', sizes: [499, 2], calls: [['a'], ['b']] },
    { name: '1 + 499 + 1 records as 500 and 1', sizes: [1, 499, 1], calls: [['a', 'b'], ['c']] },
    { name: '300 + 300 + 300 records as three calls', sizes: [300, 300, 300], calls: [['a'], ['b'], ['c']] },
  ];

  it.each(named(splits))('sends %s, at most 500 per call and each caller whole', async (_name, { sizes, calls }) => {
    // Prepare
    const kinesis = fakeKinesis(storedAll);
    const batcher = new RecordBatcher({ client: kinesis.client, streamName: STREAM, callIntervalMs: 0 });
    const callers = sizes.map((size, i) => recordsOf(String.fromCharCode(97 + i), size));

    // Act
    await Promise.all(callers.map((records) => batcher.put(records)));

    // Assess
    expect({
      callers: callersPerCall(kinesis.calls),
      records: kinesis.calls.map((call) => call.input.Records),
    }).toStrictEqual({
      callers: calls,
      records: calls.map((group) => entriesOf(group.flatMap((caller) => callers[caller.charCodeAt(0) - 97] ?? []))),
    });
  });

  it('never puts more than 5 MB in one call', async () => {
    // Prepare: 1,000,000-byte records, so five fit in 5 MiB and a sixth does not.
    const kinesis = fakeKinesis(storedAll);
    const batcher = new RecordBatcher({ client: kinesis.client, streamName: STREAM, callIntervalMs: 0 });
    const callers = ['a', 'b', 'c', 'd', 'e', 'f'].map((caller) => [
      { data: 'x'.repeat(1_000_000), partitionKey: `${caller}-0` },
    ]);

    // Act
    await Promise.all(callers.map((records) => batcher.put(records)));

    // Assess
    expect(callersPerCall(kinesis.calls)).toStrictEqual([['a', 'b', 'c', 'd', 'e'], ['f']]);
  });

  it('answers each caller with the error codes of its own records', async () => {
    // Prepare
    const kinesis = fakeKinesis(() => ({
      FailedRecordCount: 2,
      Records: [
        { SequenceNumber: '1', ShardId: 'shardId-000000000000' },
        { ErrorCode: THROTTLED, ErrorMessage: 'Rate exceeded for shard shardId-000000000001 in stream bcns.' },
        { SequenceNumber: '2', ShardId: 'shardId-000000000000' },
        { ErrorCode: 'InternalFailure', ErrorMessage: 'Internal service failure.' },
        { SequenceNumber: '3', ShardId: 'shardId-000000000001' },
      ],
    }));
    const batcher = new RecordBatcher({ client: kinesis.client, streamName: STREAM, callIntervalMs: 0 });

    // Act
    const results = await Promise.all([batcher.put(recordsOf('a', 2)), batcher.put(recordsOf('b', 3))]);

    // Assess
    expect(kinesis.calls).toHaveLength(1);
    expect(results).toStrictEqual([
      { errorCodes: [undefined, THROTTLED] },
      { errorCodes: [undefined, 'InternalFailure', undefined] },
    ]);
  });

  const entryCases: { name: string; reply: PutRecordsReply; errorCodes: (string | undefined)[] }[] = [
    {
      name: 'a result without SequenceNumber as failed',
      reply: { FailedRecordCount: 0, Records: [{ SequenceNumber: '1', ShardId: 's' }, { ShardId: 's' }, {}] },
      errorCodes: [undefined, 'InternalFailure', 'InternalFailure'],
    },
    {
      name: 'a result with both SequenceNumber and ErrorCode as failed with its code',
      reply: {
        FailedRecordCount: 1,
        Records: [{ SequenceNumber: '1', ErrorCode: THROTTLED }, { SequenceNumber: '2' }, { SequenceNumber: '3' }],
      },
      errorCodes: [THROTTLED, undefined, undefined],
    },
    {
      name: 'results missing from the end of the reply as failed',
      reply: { FailedRecordCount: 0, Records: [{ SequenceNumber: '1', ShardId: 's' }] },
      errorCodes: [undefined, 'InternalFailure', 'InternalFailure'],
    },
    {
      name: 'a reply without Records as every record failed',
      reply: { FailedRecordCount: 0 },
      errorCodes: ['InternalFailure', 'InternalFailure', 'InternalFailure'],
    },
  ];

  it.each(named(entryCases))('fails %s', async (_name, { reply, errorCodes }) => {
    // Prepare
    const kinesis = fakeKinesis(() => reply);
    const batcher = new RecordBatcher({ client: kinesis.client, streamName: STREAM, callIntervalMs: 0 });

    // Act
    const result = await batcher.put(recordsOf('a', 3));

    // Assess
    expect(result).toStrictEqual({ errorCodes });
  });

  const nameless = Object.assign(new Error('no name'), { name: '' });
  const callErrors: { name: string; error: Error; callError: string }[] = [
    {
      name: 'ProvisionedThroughputExceededException',
      error: new ProvisionedThroughputExceededException({ message: 'Rate exceeded for stream bcns.', $metadata: {} }),
      callError: 'ProvisionedThroughputExceededException',
    },
    {
      name: 'ResourceNotFoundException',
      error: new ResourceNotFoundException({ message: 'Stream bcns not found.', $metadata: {} }),
      callError: 'ResourceNotFoundException',
    },
    { name: 'a network error', error: new TypeError('fetch failed'), callError: 'TypeError' },
    { name: 'an error without a name, as InternalFailure', error: nameless, callError: 'InternalFailure' },
  ];

  it.each(named(callErrors))('fails every caller of a call rejected with %s', async (_name, { error, callError }) => {
    // Prepare
    const kinesis = fakeKinesis(() => error);
    const batcher = new RecordBatcher({ client: kinesis.client, streamName: STREAM, callIntervalMs: 0 });

    // Act
    const results = await Promise.all([batcher.put(recordsOf('a', 2)), batcher.put(recordsOf('b', 1))]);

    // Assess
    expect(results).toStrictEqual([{ callError }, { callError }]);
  });

  it('resolves drain() only after every put has been answered', async () => {
    // Prepare
    const kinesis = fakeKinesis();
    const batcher = new RecordBatcher({
      client: kinesis.client,
      streamName: STREAM,
      maxInFlight: 1,
      callIntervalMs: 0,
    });
    const events: string[] = [];
    const track = (name: string) => (result: PutResult) => events.push(`${name} ${JSON.stringify(result)}`);
    const a = batcher.put(recordsOf('a', 1)).then(track('a'));
    await settle();
    const b = batcher.put(recordsOf('b', 1)).then(track('b'));

    // Act
    const drained = batcher.drain().then(() => events.push('drained'));
    await settle();
    const beforeAnswers = [...events];
    kinesis.calls[0].answer(storedAll(kinesis.calls[0].input));
    await settle();
    const afterFirstAnswer = [...events];
    kinesis.calls[1].fail(new ResourceNotFoundException({ message: 'Stream bcns not found.', $metadata: {} }));
    await Promise.all([a, b, drained]);

    // Assess
    expect({ beforeAnswers, afterFirstAnswer, events }).toStrictEqual({
      beforeAnswers: [],
      afterFirstAnswer: ['a {"errorCodes":[null]}'],
      events: ['a {"errorCodes":[null]}', 'b {"callError":"ResourceNotFoundException"}', 'drained'],
    });
  });

  it('resolves drain() only after the last of several calls in flight has been answered', async () => {
    // Prepare
    const kinesis = fakeKinesis();
    const batcher = new RecordBatcher({
      client: kinesis.client,
      streamName: STREAM,
      maxInFlight: 2,
      callIntervalMs: 0,
    });
    const puts = [batcher.put(recordsOf('a', 500)), batcher.put(recordsOf('b', 500))];
    await settle();
    let drained = false;
    const drain = batcher.drain().then(() => {
      drained = true;
    });

    // Act
    kinesis.calls[1].answer(storedAll(kinesis.calls[1].input));
    await settle();
    const drainedWhileOneInFlight = drained;
    kinesis.calls[0].answer(storedAll(kinesis.calls[0].input));
    await Promise.all([...puts, drain]);

    // Assess
    expect({ calls: kinesis.calls.length, drainedWhileOneInFlight, drained }).toStrictEqual({
      calls: 2,
      drainedWhileOneInFlight: false,
      drained: true,
    });
  });

  it('resolves drain() at once when nothing was put', async () => {
    // Prepare
    const kinesis = fakeKinesis(storedAll);
    const batcher = new RecordBatcher({ client: kinesis.client, streamName: STREAM, callIntervalMs: 0 });

    // Act
    const result = await batcher.drain();

    // Assess
    expect({ result, calls: kinesis.calls.length }).toStrictEqual({ result: undefined, calls: 0 });
  });
});

describe('ingestEvents', () => {
  it('rejects an invalid body with 400 and sends nothing', async () => {
    // Prepare
    const kinesis = fakeKinesis(storedAll);
    const batcher = new RecordBatcher({ client: kinesis.client, streamName: STREAM, callIntervalMs: 0 });
    const body = JSON.stringify([validBid(), { ...validBid(), campaign_item_id: '1463517' }]);

    // Act
    const response = await ingestEvents('bid', body, batcher, RECEIVED_AT);
    await batcher.drain();

    // Assess
    expect({ response, calls: kinesis.calls.length }).toStrictEqual({
      response: {
        statusCode: 400,
        body: {
          message: 'Invalid batch of bid events: 1 error',
          errors: [{ index: 1, path: 'campaign_item_id', message: 'must be an integer, got a string' }],
        },
      },
      calls: 0,
    });
  });

  it('rejects a body over 1 MB with 413 and sends nothing', async () => {
    // Prepare
    const kinesis = fakeKinesis(storedAll);
    const batcher = new RecordBatcher({ client: kinesis.client, streamName: STREAM, callIntervalMs: 0 });
    const body = `${JSON.stringify(validClick())}${' '.repeat(1024 * 1024)}`;

    // Act
    const response = await ingestEvents('click', body, batcher, RECEIVED_AT);

    // Assess
    expect({ response, calls: kinesis.calls.length }).toStrictEqual({
      response: {
        statusCode: 413,
        body: {
          message: 'Request body exceeds 1048576 bytes',
          errors: [{ index: null, path: '', message: 'body must be at most 1048576 bytes' }],
        },
      },
      calls: 0,
    });
  });

  it('accepts a valid batch with 200 and sends exactly its stream records', async () => {
    // Prepare
    const kinesis = fakeKinesis(storedAll);
    const batcher = new RecordBatcher({ client: kinesis.client, streamName: STREAM, callIntervalMs: 0 });
    const events = validBatch('bid', 3);

    // Act
    const response = await ingestEvents('bid', JSON.stringify(events), batcher, RECEIVED_AT);

    // Assess
    expect(response).toStrictEqual({ statusCode: 200, body: { accepted: 3, failed: 0, failures: [] } });
    expect(kinesis.calls.map((call) => call.input)).toStrictEqual([
      {
        StreamName: STREAM,
        Records: entriesOf(events.map((event) => toStreamRecord('bid', event, RECEIVED_AT))),
      },
    ]);
  });

  it('answers a partial failure with 207 naming the records to retry', async () => {
    // Prepare
    const kinesis = fakeKinesis(() => ({
      FailedRecordCount: 1,
      Records: [
        { SequenceNumber: '1', ShardId: 's' },
        { ErrorCode: THROTTLED, ErrorMessage: 'Rate exceeded.' },
      ],
    }));
    const batcher = new RecordBatcher({ client: kinesis.client, streamName: STREAM, callIntervalMs: 0 });
    const body = JSON.stringify([validClick({ tx_id: txId(1) }), validClick({ tx_id: txId(2) })]);

    // Act
    const response = await ingestEvents('click', body, batcher, RECEIVED_AT);

    // Assess
    expect(response).toStrictEqual({
      statusCode: 207,
      body: {
        accepted: 1,
        failed: 1,
        failures: [
          {
            index: 1,
            error_code: THROTTLED,
            message: 'The stream is throttling writes; retry this event with backoff.',
          },
        ],
      },
    });
  });

  it('fails with 429 when the whole call is throttled', async () => {
    // Prepare
    const kinesis = fakeKinesis(
      () => new ProvisionedThroughputExceededException({ message: 'Rate exceeded for stream bcns.', $metadata: {} }),
    );
    const batcher = new RecordBatcher({ client: kinesis.client, streamName: STREAM, callIntervalMs: 0 });

    // Act
    const response = await ingestEvents('click', JSON.stringify(validClick()), batcher, RECEIVED_AT);

    // Assess
    expect(response).toStrictEqual({
      statusCode: 429,
      body: { message: 'The event stream is throttling writes; retry the request with backoff.' },
    });
  });

  it('fails with 503 when the stream is missing', async () => {
    // Prepare
    const kinesis = fakeKinesis(
      () => new ResourceNotFoundException({ message: 'Stream bcns not found.', $metadata: {} }),
    );
    const batcher = new RecordBatcher({ client: kinesis.client, streamName: STREAM, callIntervalMs: 0 });

    // Act
    const response = await ingestEvents('click', JSON.stringify(validClick()), batcher, RECEIVED_AT);

    // Assess
    expect(response).toStrictEqual({
      statusCode: 503,
      body: { message: 'The event stream is unavailable; retry the request with backoff.' },
    });
  });
});
