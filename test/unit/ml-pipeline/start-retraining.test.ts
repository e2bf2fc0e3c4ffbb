import {
  AthenaClient,
  GetQueryExecutionCommand,
  GetQueryResultsCommand,
  StartQueryExecutionCommand,
  StopQueryExecutionCommand,
} from '@aws-sdk/client-athena';
import { ExecutionAlreadyExists, ListExecutionsCommand, SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { GetParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { AthenaQueries } from '../../../lambda/ml/athena-queries.ts';
import { countBids, newLabelledBidsSql } from '../../../lambda/ml/new-labelled-bids.ts';
import { runExecutionName } from '../../../lambda/ml/run-names.ts';
import { createStartRetrainingHandler, type StarterConfig } from '../../../lambda/ml/start-retraining.ts';

const sfn = mockClient(SFNClient);
const ssm = mockClient(SSMClient);
const athena = mockClient(AthenaClient);
afterEach(() => {
  sfn.reset();
  ssm.reset();
  athena.reset();
});

const STATE_MACHINE = 'arn:aws:states:eu-west-1:123456789012:stateMachine:RetrainingCD01ED72-AbCdEf';
const CONFIG: StarterConfig = {
  stateMachineArn: STATE_MACHINE,
  lastRunParameter: '/sdp/ml/last-run-start',
  minNewBids: 100_000,
  attributionWindowMs: 300_000,
};
const LAST_RUN = '2026-11-21T10:15:03.125Z';
/** The scheduled time of an EventBridge event, as the rule passes it. */
const EVENT_TIME = '2026-11-22T10:17:00Z';

/** A starter whose bid counter answers `newBids` and records the ranges it was asked for. */
function starter(newBids = 0) {
  const counted: [number, number][] = [];
  const handler = createStartRetrainingHandler({
    sfn: new SFNClient({}),
    ssm: new SSMClient({}),
    countNewBids: async (fromMs, toMs) => {
      counted.push([fromMs, toMs]);
      return newBids;
    },
    config: CONFIG,
    now: () => Date.parse('2026-11-22T10:44:59.999Z'),
  });
  return { handler, counted };
}

const started = () => sfn.commandCalls(StartExecutionCommand).map((call) => call.args[0].input);

describe('the retraining starter', () => {
  beforeEach(() => {
    sfn.on(ListExecutionsCommand).resolves({ executions: [] });
    sfn.on(StartExecutionCommand).callsFake((input) => ({
      executionArn: `${STATE_MACHINE.replace(':stateMachine:', ':execution:')}:${input.name}`,
      startDate: new Date(),
    }));
    ssm.on(GetParameterCommand, { Name: '/sdp/ml/last-run-start' }).resolves({ Parameter: { Value: LAST_RUN } });
  });

  it('starts a scheduled run named by its 15-minute slot, without counting bids', async () => {
    // Prepare
    const { handler, counted } = starter();

    // Act
    const outcome = await handler({ trigger: 'schedule', time: EVENT_TIME });

    // Assess
    expect(outcome).toStrictEqual({
      started: true,
      executionName: 'retrain-20261122t1015',
      executionArn: 'arn:aws:states:eu-west-1:123456789012:execution:RetrainingCD01ED72-AbCdEf:retrain-20261122t1015',
    });
    expect(started()).toStrictEqual([
      { stateMachineArn: STATE_MACHINE, name: 'retrain-20261122t1015', input: '{"trigger":"schedule"}' },
    ]);
    expect(counted).toStrictEqual([]);
    expect(sfn.commandCalls(ListExecutionsCommand).map((call) => call.args[0].input)).toStrictEqual([
      { stateMachineArn: STATE_MACHINE, statusFilter: 'RUNNING', maxResults: 1 },
    ]);
  });

  it.each(['schedule', 'newData', 'manual'] as const)('never starts a %s run while one is running', async (trigger) => {
    // Prepare
    sfn.on(ListExecutionsCommand).resolves({
      executions: [
        {
          executionArn: `${STATE_MACHINE}:retrain-20261122t0945`,
          stateMachineArn: STATE_MACHINE,
          name: 'retrain-20261122t0945',
          status: 'RUNNING',
          startDate: new Date('2026-11-22T09:45:01Z'),
        },
      ],
    });
    const { handler, counted } = starter(1_000_000);

    // Act
    const outcome = await handler({ trigger, time: EVENT_TIME });

    // Assess
    expect(outcome).toStrictEqual({
      started: false,
      reason: 'running',
      detail: 'retrain-20261122t0945 is still running',
    });
    expect(started()).toStrictEqual([]);
    expect(counted).toStrictEqual([]);
  });

  it('counts the bids labelled since the last run started, one attribution window behind', async () => {
    // Prepare
    const { handler, counted } = starter(100_000);

    // Act
    const outcome = await handler({ trigger: 'newData', time: EVENT_TIME });

    // Assess
    const window = 300_000;
    expect(counted).toStrictEqual([[Date.parse(LAST_RUN) - window, Date.parse(EVENT_TIME) - window]]);
    expect(outcome).toMatchObject({ started: true, executionName: 'retrain-20261122t1015' });
    expect(started()).toStrictEqual([
      { stateMachineArn: STATE_MACHINE, name: 'retrain-20261122t1015', input: '{"trigger":"newData"}' },
    ]);
  });

  it('starts no run while fewer new labelled bids than the threshold arrived', async () => {
    // Prepare
    const { handler } = starter(99_999);

    // Act
    const outcome = await handler({ trigger: 'newData', time: EVENT_TIME });

    // Assess
    expect(outcome).toStrictEqual({
      started: false,
      reason: 'not-enough-data',
      detail: '99999 new labelled bids since the run of 2026-11-21T10:15:03.125Z; 100000 start one',
    });
    expect(started()).toStrictEqual([]);
  });

  it('lets only one of two racing starters start a run: the second collides on the slot name', async () => {
    // Prepare
    sfn
      .on(StartExecutionCommand)
      .resolvesOnce({ executionArn: `${STATE_MACHINE}:retrain-20261122t1015`, startDate: new Date() })
      .rejects(new ExecutionAlreadyExists({ message: 'Execution Already Exists', $metadata: {} }));
    const { handler } = starter(250_000);

    // Act
    const outcomes = await Promise.all([
      handler({ trigger: 'schedule', time: '2026-11-22T10:15:00Z' }),
      handler({ trigger: 'newData', time: '2026-11-22T10:29:59Z' }),
    ]);

    // Assess
    expect(outcomes.map((outcome) => outcome.started).sort()).toStrictEqual([false, true]);
    expect(outcomes.find((outcome) => !outcome.started)).toStrictEqual({
      started: false,
      reason: 'already-started',
      detail: 'retrain-20261122t1015 was already started in this 15-minute slot',
    });
    expect(started().map((input) => input.name)).toStrictEqual(['retrain-20261122t1015', 'retrain-20261122t1015']);
  });

  it('names a manual run by the current time', async () => {
    // Prepare
    const { handler } = starter();

    // Act
    const outcome = await handler({ trigger: 'manual' });

    // Assess
    expect(outcome).toMatchObject({ started: true, executionName: 'retrain-20261122t1030' });
  });

  it('fails on other Step Functions errors instead of reporting them as a skipped run', async () => {
    sfn.on(StartExecutionCommand).rejects(new Error('Rate exceeded'));
    await expect(starter().handler({ trigger: 'schedule', time: EVENT_TIME })).rejects.toThrow('Rate exceeded');
  });

  it.each([
    [{ trigger: 'hourly', time: EVENT_TIME }, 'trigger must be one of schedule, newData, manual. Received "hourly"'],
    [{ trigger: 'schedule', time: 'yesterday' }, 'time must be an ISO-8601 time. Received "yesterday"'],
  ])('rejects a malformed event %j', async (event, message) => {
    await expect(starter().handler(event as never)).rejects.toThrow(message);
    expect(sfn.commandCalls(ListExecutionsCommand)).toHaveLength(0);
  });
});

describe('run names', () => {
  it.each([
    ['2026-11-22T10:15:00.000Z', 'retrain-20261122t1015'],
    ['2026-11-22T10:29:59.999Z', 'retrain-20261122t1015'],
    ['2026-11-22T10:30:00.000Z', 'retrain-20261122t1030'],
    ['2026-01-02T00:07:00.000Z', 'retrain-20260102t0000'],
  ])('names a run at %s %s', (time, name) => {
    expect(runExecutionName(Date.parse(time))).toBe(name);
  });
});

describe('counting new labelled bids with Athena', () => {
  const queries = (sleep = vi.fn(async () => {})) =>
    new AthenaQueries(new AthenaClient({}), {
      database: 'sdp_lake',
      workGroup: 'sdp-lake',
      pollMs: 500,
      timeoutMs: 1000,
      sleep,
    });

  it('counts distinct bids in the range over the partitions from its first day', () => {
    expect(newLabelledBidsSql(Date.parse('2026-11-21T10:10:03.125Z'), Date.parse('2026-11-22T10:12:00Z'))).toBe(
      `SELECT count(DISTINCT tx_id) AS bids
FROM parquet_bcns
WHERE dt >= '2026-11-21' AND type = 'bid' AND campaign_item_id <> 9007199254740991
  AND "timestamp" > 1795255803125 AND "timestamp" <= 1795342320000`,
    );
  });

  it('runs the query on the workgroup, polls until it succeeds and reads the one value', async () => {
    // Prepare
    athena.on(StartQueryExecutionCommand).resolves({ QueryExecutionId: 'q-1' });
    athena
      .on(GetQueryExecutionCommand)
      .resolvesOnce({ QueryExecution: { Status: { State: 'RUNNING' } } })
      .resolves({ QueryExecution: { Status: { State: 'SUCCEEDED' } } });
    athena.on(GetQueryResultsCommand).resolves({
      ResultSet: { Rows: [{ Data: [{ VarCharValue: 'bids' }] }, { Data: [{ VarCharValue: '123456' }] }] },
    });
    const sleep = vi.fn(async () => {});

    // Act
    const count = await countBids(queries(sleep), 1_000, 2_000);

    // Assess
    expect(count).toBe(123_456);
    expect(athena.commandCalls(StartQueryExecutionCommand).map((call) => call.args[0].input)).toStrictEqual([
      {
        QueryString: newLabelledBidsSql(1_000, 2_000),
        WorkGroup: 'sdp-lake',
        QueryExecutionContext: { Database: 'sdp_lake' },
      },
    ]);
    expect(athena.commandCalls(GetQueryResultsCommand).map((call) => call.args[0].input)).toStrictEqual([
      { QueryExecutionId: 'q-1', MaxResults: 2 },
    ]);
    expect(sleep.mock.calls).toStrictEqual([[500]]);
  });

  it('needs no query for an empty range', async () => {
    expect(await countBids(queries(), 2_000, 2_000)).toBe(0);
    expect(athena.commandCalls(StartQueryExecutionCommand)).toHaveLength(0);
  });

  it('fails with Athena’s reason when the query fails', async () => {
    athena.on(StartQueryExecutionCommand).resolves({ QueryExecutionId: 'q-2' });
    athena.on(GetQueryExecutionCommand).resolves({
      QueryExecution: { Status: { State: 'FAILED', StateChangeReason: 'TABLE_NOT_FOUND: parquet_bcns' } },
    });
    await expect(countBids(queries(), 1_000, 2_000)).rejects.toThrow(
      'Athena query q-2 FAILED: TABLE_NOT_FOUND: parquet_bcns',
    );
  });

  it('stops a query that runs past the timeout', async () => {
    // Prepare
    athena.on(StartQueryExecutionCommand).resolves({ QueryExecutionId: 'q-3' });
    athena.on(GetQueryExecutionCommand).resolves({ QueryExecution: { Status: { State: 'RUNNING' } } });
    athena.on(StopQueryExecutionCommand).resolves({});

    // Act
    const counting = countBids(queries(), 1_000, 2_000);

    // Assess
    await expect(counting).rejects.toThrow('Athena query q-3 still RUNNING after 1000 ms; stopped it');
    expect(athena.commandCalls(GetQueryExecutionCommand)).toHaveLength(3);
    expect(athena.commandCalls(StopQueryExecutionCommand).map((call) => call.args[0].input)).toStrictEqual([
      { QueryExecutionId: 'q-3' },
    ]);
  });
});
