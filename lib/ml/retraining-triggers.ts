import { Duration, Token } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as ssm from 'aws-cdk-lib/aws-ssm';
import type * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { PIPELINE_ENV } from '../../lambda/ml/pipeline-config.ts';
import type { StartRetrainingEvent } from '../../lambda/ml/start-retraining.ts';
import { SdpFunction } from '../constructs/sdp-function.ts';
import { grantLakeQueries, type LakeQuerySource } from './lake-query-access.ts';

export interface RetrainingTriggersProps {
  readonly stateMachine: sfn.IStateMachine;
  /** When the last run started; the new-data check counts bids labelled since. */
  readonly lastRunParameter: ssm.IStringParameter;
  readonly lake: LakeQuerySource;
  /** A bid's label is final this long after it (SPEC.md §5). */
  readonly attributionWindowMs: number;
  /** EventBridge schedule expression of the regular run. @default 'rate(1 day)' */
  readonly schedule?: string;
  /** New labelled bids since the last run that start the next one. @default 100_000 */
  readonly minNewBids?: number;
  /** How often new bids are counted. @default Duration.minutes(15) */
  readonly dataCheckInterval?: Duration;
}

/**
 * What starts the retraining pipeline: a schedule, and a check for enough new labelled bids. Both go
 * through one starter function that never starts a run while one runs, and names each run by its
 * 15-minute slot, so two invocations racing past that check in one slot collide on the execution
 * name and only one run starts (see start-retraining.ts). No reserved concurrency: a new account's
 * concurrency quota cannot spare it.
 */
export class RetrainingTriggers extends Construct {
  readonly starter: lambda.IFunction;
  readonly scheduleRule: events.Rule;
  readonly dataCheckRule: events.Rule;

  constructor(scope: Construct, id: string, props: RetrainingTriggersProps) {
    super(scope, id);
    const { schedule = 'rate(1 day)', minNewBids = 100_000, dataCheckInterval = Duration.minutes(15) } = props;
    if (!Token.isUnresolved(schedule) && !/^(rate|cron)\(.+\)$/.test(schedule)) {
      throw new Error(`schedule must be an EventBridge rate(...) or cron(...) expression. Received "${schedule}"`);
    }
    if (!Number.isSafeInteger(minNewBids) || minNewBids < 1) {
      throw new Error(`minNewBids must be a whole number >= 1. Received ${minNewBids}`);
    }

    this.starter = new SdpFunction(this, 'Starter', {
      entry: 'lambda/ml/start-retraining.ts',
      description: 'Starts the retraining pipeline on schedule or on enough new labelled bids, one run at a time',
      environment: {
        [PIPELINE_ENV.stateMachineArn]: props.stateMachine.stateMachineArn,
        [PIPELINE_ENV.lastRunParameter]: props.lastRunParameter.parameterName,
        [PIPELINE_ENV.minNewBids]: String(minNewBids),
        [PIPELINE_ENV.attributionWindowMs]: String(props.attributionWindowMs),
        [PIPELINE_ENV.database]: props.lake.glueDatabaseName,
        [PIPELINE_ENV.workGroup]: props.lake.athenaWorkGroupName,
      },
      // Counting new bids waits for an Athena query.
      timeout: Duration.minutes(3),
    }).function;
    props.stateMachine.grantStartExecution(this.starter);
    this.starter.addToRolePolicy(
      new iam.PolicyStatement({ actions: ['states:ListExecutions'], resources: [props.stateMachine.stateMachineArn] }),
    );
    this.starter.addToRolePolicy(
      new iam.PolicyStatement({ actions: ['ssm:GetParameter'], resources: [props.lastRunParameter.parameterArn] }),
    );
    grantLakeQueries(this, this.starter, props.lake, { readResultsViaApi: true });

    const rule = (
      ruleId: string,
      ruleSchedule: events.Schedule,
      trigger: StartRetrainingEvent['trigger'],
      description: string,
    ) =>
      new events.Rule(this, ruleId, {
        description,
        schedule: ruleSchedule,
        targets: [
          new targets.LambdaFunction(this.starter, {
            // The scheduled time, identical in a duplicate delivery, names the run.
            event: events.RuleTargetInput.fromObject({ trigger, time: events.EventField.time }),
            retryAttempts: 2,
            maxEventAge: Duration.hours(1),
          }),
        ],
      });
    this.scheduleRule = rule('Schedule', events.Schedule.expression(schedule), 'schedule', 'Regular retraining run');
    this.dataCheckRule = rule(
      'DataCheck',
      events.Schedule.rate(dataCheckInterval),
      'newData',
      `Retraining run once ${minNewBids} new labelled bids arrived`,
    );
  }
}
