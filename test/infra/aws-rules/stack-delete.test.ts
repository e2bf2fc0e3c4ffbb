import { beforeAll, describe, expect, it } from 'vitest';
import { modelNamePrefix, runExecutionName } from '../../../lambda/ml/run-names.ts';
import { resourcePolicies, resourcePolicyOf, rolePrincipals, simulate } from './iam-policies.ts';
import { type SynthesizedApp, synthesizeApp, TARGET } from './synthesized-app.ts';

/*
 * What `cdk destroy` leaves behind. CloudFormation deletes only what it created; the retraining
 * pipeline creates SageMaker jobs, models, endpoint configs and an endpoint at run time, so a custom
 * resource of the ML stack must be allowed to remove each kind, after the state machine is gone.
 * Everything else is deleted, but for the data CloudFormation retains on purpose, named here and in
 * the README's "Deploy to AWS".
 */

let synth: SynthesizedApp;

beforeAll(() => {
  synth = synthesizeApp();
}, 120_000);

describe('cdk destroy', () => {
  it('removes every kind of SageMaker resource the state machine creates, after the state machine', async () => {
    // Prepare: the functions behind the ML stack's custom resources, through their providers.
    const { model } = synth;
    const ml = model.templates.SdpMl;
    const customs = Object.entries(ml?.Resources ?? {}).filter(([, r]) => r.Type.startsWith('Custom::'));
    const functionNames = model.resources('AWS::Lambda::Function').filter(({ stack }) => stack === 'SdpMl');
    const roles = rolePrincipals(model);
    const handlers = functionNames
      .filter(({ resource }) => JSON.stringify(resource.Properties?.Environment ?? {}).includes('MODEL_NAME_PREFIX'))
      .map(({ resource }) => roles.find((role) => role.arn === model.string('SdpMl', resource.Properties?.Role)));
    const run = `${modelNamePrefix('sdp')}${runExecutionName(Date.UTC(2026, 10, 22, 10, 15))}`;
    const sageMaker = (resource: string, name: string) => model.arn('sagemaker', `${resource}/${name}`);
    const removals = [
      { action: 'sagemaker:DeleteEndpoint', resource: sageMaker('endpoint', 'sdp-win-model') },
      { action: 'sagemaker:DeleteEndpointConfig', resource: sageMaker('endpoint-config', run) },
      { action: 'sagemaker:DeleteModel', resource: sageMaker('model', run) },
      { action: 'sagemaker:StopTrainingJob', resource: sageMaker('training-job', run) },
      { action: 'sagemaker:StopTransformJob', resource: sageMaker('transform-job', run) },
    ];

    // Act: which of the pipeline's functions may remove all of it.
    const policies = resourcePolicies(model);
    const able = [];
    for (const handler of handlers) {
      if (!handler) continue;
      const outcomes = await Promise.all(
        removals.map((call) => simulate(handler, call, resourcePolicyOf(policies, call.resource), TARGET.account)),
      );
      if (outcomes.every((outcome) => outcome === 'Allowed')) able.push(handler.logicalId);
    }

    // Assess: one such function, behind a custom resource the state machine depends on.
    expect(able).toHaveLength(1);
    expect(customs.map(([, r]) => r.Type)).toContain('Custom::SageMakerTeardown');
    const [teardownId] = customs.find(([, r]) => r.Type === 'Custom::SageMakerTeardown') ?? [];
    const [stateMachine] = model.resources('AWS::StepFunctions::StateMachine');
    expect([stateMachine?.resource.DependsOn].flat()).toContain(teardownId);
  });

  // The rollups are kept with the report rows they sum: a new stack's campaign list then still
  // covers the days the kept report table holds.
  it('retains only the report and rollup tables, the lake and its access logs, and the account’s API Gateway logging role', () => {
    // Act
    const retained = synth.model
      .resources()
      .filter(({ resource }) => resource.DeletionPolicy === 'Retain')
      .map(({ stack, logicalId, resource }) => `${stack} ${resource.Type} ${logicalId.replace(/[0-9A-F]{8}$/, '')}`);

    // Assess
    expect(retained.sort()).toStrictEqual(
      [
        'SdpApiGatewayLogging AWS::ApiGateway::Account Account',
        'SdpApiGatewayLogging AWS::IAM::Role CloudWatchRole',
        'SdpCatalog AWS::S3::Bucket Lake',
        'SdpCatalog AWS::S3::Bucket LakeAccessLogs',
        'SdpReports AWS::DynamoDB::GlobalTable Rollups',
        'SdpReports AWS::DynamoDB::GlobalTable Table',
      ].sort(),
    );
  });

  it('empties every bucket it deletes first, which CloudFormation cannot delete holding objects', () => {
    // Prepare: the buckets CloudFormation deletes, and the auto-delete custom resources.
    const { model } = synth;
    const deleted = model
      .resources('AWS::S3::Bucket')
      .filter(({ resource }) => resource.DeletionPolicy !== 'Retain')
      .map(({ stack, logicalId }) => `${stack} ${logicalId.replace(/[0-9A-F]{8}$/, '')}`);
    const emptied = model
      .resources('Custom::S3AutoDeleteObjects')
      .map(({ stack, resource }) => `${stack} ${model.resolve(stack, resource.Properties?.BucketName)}`);

    // Assess: the Athena results and ML pipeline buckets, each emptied by the custom resource.
    expect(deleted.sort()).toStrictEqual(['SdpCatalog QueryResults', 'SdpMl PipelineBucket']);
    expect(emptied.sort()).toStrictEqual(
      model
        .resources('AWS::S3::Bucket')
        .filter(({ resource }) => resource.DeletionPolicy !== 'Retain')
        .map(({ stack, logicalId }) => `${stack} ${model.string(stack, { Ref: logicalId })}`)
        .sort(),
    );
  });
});

describe('log groups', () => {
  // Lambda creates /aws/lambda/<name> on first use when a function names no log group; CloudFormation
  // does not know it, so it would outlive the stack.
  it('gives every function a log group of its own stack, deleted with it', () => {
    const functions = synth.model.resources('AWS::Lambda::Function');
    const without = functions
      .filter(
        ({ resource }) =>
          (resource.Properties?.LoggingConfig as { LogGroup?: unknown } | undefined)?.LogGroup === undefined,
      )
      .map(({ stack, logicalId }) => `${stack}/${logicalId}`);
    expect(without).toStrictEqual([]);
    expect(
      synth.model.resources('AWS::Logs::LogGroup').filter(({ resource }) => resource.DeletionPolicy !== 'Delete'),
    ).toStrictEqual([]);
  });
});
