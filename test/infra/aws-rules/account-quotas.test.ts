import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { modelNamePrefix, runExecutionName } from '../../../lambda/ml/run-names.ts';
import { SAGEMAKER_INSTANCE_TYPES } from '../../../lib/ml/sagemaker-instances.ts';
import { MIN_BOOTSTRAP_VERSION } from '../../../local/preflight/preflight.ts';
import { type SynthesizedApp, synthesizeApp } from './synthesized-app.ts';

/*
 * Facts of an AWS account a deployment must fit, checked on the synthesized templates. The app is
 * synthesized with the longest prefix `sdp:prefix` accepts, so every generated name is at its longest.
 */

const LONGEST_PREFIX = `p${'x'.repeat(19)}`;

let synth: SynthesizedApp;

beforeAll(() => {
  synth = synthesizeApp({ 'sdp:prefix': LONGEST_PREFIX });
}, 120_000);

describe('Lambda concurrency', () => {
  // "You can reserve up to the Unreserved account concurrency value minus 100" and new accounts start
  // with a lower concurrency quota than the default 1,000:
  // https://docs.aws.amazon.com/lambda/latest/dg/configuration-concurrency.html
  it('reserves no concurrency for any function, so a new account can deploy every stack', () => {
    // Act
    const reserving = synth.model
      .resources('AWS::Lambda::Function')
      .filter(({ resource }) => resource.Properties?.ReservedConcurrentExecutions !== undefined)
      .map(({ stack, logicalId }) => `${stack}/${logicalId}`);

    // Assess
    expect(reserving).toStrictEqual([]);
  });
});

describe('CDK bootstrap', () => {
  it('requires the bootstrap version npx sdp preflight checks for', () => {
    // Prepare: CDK's CheckBootstrapVersion rule rejects the versions it lists.
    const template = JSON.parse(readFileSync(synth.templateFiles[0] as string, 'utf8'));
    const rejected: string[] =
      template.Rules.CheckBootstrapVersion.Assertions[0].Assert['Fn::Not'][0]['Fn::Contains'][0];

    // Act
    const minimum = Math.max(...rejected.map(Number)) + 1;

    // Assess
    expect(minimum).toBe(MIN_BOOTSTRAP_VERSION);
  });
});

describe('SageMaker instance types', () => {
  it('launches only the instance types listed in lib/ml/sagemaker-instances.ts, which preflight checks', () => {
    // Prepare
    const [stateMachine] = synth.model.resources('AWS::StepFunctions::StateMachine');
    const definition = synth.model.string('SdpMl', stateMachine?.resource.Properties?.DefinitionString);

    // Act
    const launched = [...definition.matchAll(/"InstanceType":"([^"]+)"/g)].map((match) => match[1]);

    // Assess
    expect(new Set(launched)).toStrictEqual(new Set(Object.values(SAGEMAKER_INSTANCE_TYPES)));
    expect(launched).toHaveLength(4);
  });
});

/** Name limits from each service's API reference. */
const NAME_LIMITS: { type: string; property: string; max: number; source: string }[] = [
  {
    type: 'AWS::Kinesis::Stream',
    property: 'Name',
    max: 128,
    source: 'kinesis/latest/APIReference/API_CreateStream.html',
  },
  {
    type: 'AWS::KinesisFirehose::DeliveryStream',
    property: 'DeliveryStreamName',
    max: 64,
    source: 'firehose/latest/APIReference/API_CreateDeliveryStream.html',
  },
  {
    type: 'AWS::KinesisAnalyticsV2::Application',
    property: 'ApplicationName',
    max: 128,
    source: 'managed-flink/latest/apiv2/API_CreateApplication.html',
  },
  {
    type: 'AWS::Athena::WorkGroup',
    property: 'Name',
    max: 128,
    source: 'athena/latest/APIReference/API_CreateWorkGroup.html',
  },
  {
    type: 'AWS::SSM::Parameter',
    property: 'Name',
    max: 1011,
    source: 'systems-manager/latest/APIReference/API_PutParameter.html',
  },
  {
    type: 'AWS::Logs::LogGroup',
    property: 'LogGroupName',
    max: 512,
    source: 'AmazonCloudWatchLogs/latest/APIReference/API_CreateLogGroup.html',
  },
  {
    type: 'AWS::Lambda::Function',
    property: 'FunctionName',
    max: 64,
    source: 'lambda/latest/api/API_CreateFunction.html',
  },
  { type: 'AWS::IAM::Role', property: 'RoleName', max: 64, source: 'IAM/latest/APIReference/API_CreateRole.html' },
];

describe('names within AWS length limits', () => {
  it.each(NAME_LIMITS)(
    'names every $type within $max characters (docs.aws.amazon.com/$source)',
    ({ type, property, max }) => {
      // Act
      const tooLong = synth.model
        .resources(type)
        .filter(({ resource }) => resource.Properties?.[property] !== undefined)
        .map(({ stack, resource }) => synth.model.string(stack, resource.Properties?.[property]))
        .filter((name) => name.length > max);

      // Assess
      expect(tooLong).toStrictEqual([]);
    },
  );

  it('names the Glue database and tables within 255 characters (glue/latest/dg/aws-glue-api-catalog-databases.html)', () => {
    const names = [
      ...synth.model
        .resources('AWS::Glue::Database')
        .map(({ stack, logicalId }) => synth.model.string(stack, { Ref: logicalId })),
      ...synth.model
        .resources('AWS::Glue::Table')
        .map(({ stack, logicalId }) => synth.model.string(stack, { Ref: logicalId })),
    ];
    expect(names.filter((name) => name.length > 255)).toStrictEqual([]);
    expect(names).toContain(`${LONGEST_PREFIX}_lake`);
  });

  // Training and transform jobs, models, endpoint configs and endpoints: 1-63 characters
  // (sagemaker/latest/APIReference/API_CreateTrainingJob.html and the other Create* pages).
  it('names the SageMaker resources of a run within 63 characters', () => {
    // Act
    const run = `${modelNamePrefix(LONGEST_PREFIX)}${runExecutionName(Date.UTC(2026, 11, 31, 23, 59))}`;
    const names = [run, `${run}-cur`, synth.stacks.ml.endpointName];

    // Assess
    expect(names.filter((name) => name.length > 63)).toStrictEqual([]);
    expect(synth.stacks.ml.endpointName).toBe(`${LONGEST_PREFIX}-win-model`);
  });

  // State and execution names: at most 80 characters (step-functions/latest/apireference/API_StartExecution.html,
  // step-functions/latest/dg/concepts-states.html).
  it('names every state and the run executions within 80 characters', () => {
    // Prepare
    const [stateMachine] = synth.model.resources('AWS::StepFunctions::StateMachine');
    const definition = JSON.parse(synth.model.string('SdpMl', stateMachine?.resource.Properties?.DefinitionString));
    const states = (graph: { States: Record<string, { Branches?: unknown[] }> }): string[] =>
      Object.entries(graph.States).flatMap(([name, state]) => [
        name,
        ...((state.Branches ?? []) as (typeof graph)[]).flatMap(states),
      ]);

    // Act
    const names = [...states(definition), runExecutionName(Date.UTC(2026, 11, 31, 23, 59))];

    // Assess
    expect(names.filter((name) => name.length > 80)).toStrictEqual([]);
    expect(names.length).toBeGreaterThan(20);
  });
});
