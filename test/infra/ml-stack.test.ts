import ajvDraft04 from 'ajv-draft-04';
import { App, Aspects, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { AwsSolutionsChecks } from 'cdk-nag';
import { describe, expect, it } from 'vitest';
import { FEATURE_DIMENSION, FEATURE_ENCODING_VERSION } from '../../lambda/domain/ml/features.ts';
import { trainingSetQuery } from '../../lambda/domain/ml/training-set.ts';
import { MlStack, type MlStackProps } from '../../lib/ml/ml-stack.ts';

// A CommonJS module: under NodeNext the default import is `module.exports`, whose `default` is the class.
const Ajv = ajvDraft04.default;

/** CDK's auto-delete provider, whose role the bucket policy lets empty the bucket on `cdk destroy`. */
const AUTO_DELETE_ROLE = 'CustomS3AutoDeleteObjectsCustomResourceProviderRole3B1BD092';

type Lake = Pick<MlStackProps, 'lakeBucket' | 'athenaResultsBucket' | 'glueDatabaseName' | 'athenaWorkGroupName'>;

/** The ML stack beside a stub of the catalog stack's bucket, results bucket, database and workgroup. */
function synth(props: Partial<MlStackProps> = {}, nag = false) {
  // Bundling the Lambda code is esbuild's job at deploy; these tests read the template only.
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
  const catalog = new Stack(app, 'Catalog');
  const lake: Lake = {
    lakeBucket: new s3.Bucket(catalog, 'Lake'),
    athenaResultsBucket: new s3.Bucket(catalog, 'Results'),
    glueDatabaseName: 'sdp_lake',
    athenaWorkGroupName: 'sdp-lake',
  };
  const stack = new MlStack(app, 'Ml', { ...lake, ...props });
  if (nag) Aspects.of(app).add(new AwsSolutionsChecks({ verbose: true }));
  app.synth();
  return { stack, template: Template.fromStack(stack) };
}

interface State {
  readonly Type: string;
  readonly Next?: string;
  readonly End?: boolean;
  readonly Resource?: string;
  readonly Parameters?: Record<string, unknown>;
  readonly ResultSelector?: Record<string, unknown>;
  readonly ResultPath?: string | null;
  readonly Choices?: { Next: string; [rule: string]: unknown }[];
  readonly Default?: string;
  readonly Catch?: { ErrorEquals: string[]; Next: string; ResultPath?: string }[];
  readonly Branches?: Definition[];
  readonly [key: string]: unknown;
}
interface Definition {
  readonly StartAt: string;
  readonly States: Record<string, State>;
}

/** A CloudFormation reference inside the definition, written as cdk-nag writes them: `<Logical.Attr>`. */
function reference(part: Record<string, unknown>): string {
  if ('Ref' in part) return `<${part.Ref}>`;
  if ('Fn::GetAtt' in part) return `<${(part['Fn::GetAtt'] as string[]).join('.')}>`;
  if ('Fn::FindInMap' in part) {
    const [map, key, attribute] = part['Fn::FindInMap'] as [string, Record<string, unknown>, string];
    return `<${map}[${reference(key)}].${attribute}>`;
  }
  throw new Error(`Unexpected reference in the definition: ${JSON.stringify(part)}`);
}

function definitionOf(template: Template): Definition {
  const machines = Object.values(template.findResources('AWS::StepFunctions::StateMachine'));
  expect(machines).toHaveLength(1);
  const parts = machines[0]?.Properties.DefinitionString['Fn::Join'][1] as (string | Record<string, unknown>)[];
  return JSON.parse(parts.map((part) => (typeof part === 'string' ? part : reference(part))).join(''));
}

/** The states a run passes through when everything succeeds and the candidate is accepted. */
function happyPath(definition: Definition): [string, string][] {
  const path: [string, string][] = [];
  let name: string | undefined = definition.StartAt;
  while (name !== undefined) {
    const state: State = definition.States[name] as State;
    path.push([name, state.Type]);
    name = state.Type === 'Choice' ? state.Choices?.[0]?.Next : state.Next;
  }
  return path;
}

const PARTITION = '<AWS::Partition>';
const sageMakerArn = (resource: string, name: string) => ({
  'Fn::Join': [
    '',
    [
      'arn:',
      { Ref: 'AWS::Partition' },
      ':sagemaker:',
      { Ref: 'AWS::Region' },
      ':',
      { Ref: 'AWS::AccountId' },
      `:${resource}/${name}`,
    ],
  ],
});

/** The statements of the inline policy of the role `roleLogicalId` (by prefix). */
function statementsOf(
  template: Template,
  rolePrefix: string,
): { Action: string | string[]; Resource: unknown; Condition?: unknown; Effect: string }[] {
  const policies = Object.values(template.findResources('AWS::IAM::Policy')).filter((policy) =>
    policy.Properties.Roles.some((role: { Ref: string }) => role.Ref.startsWith(rolePrefix)),
  );
  expect(policies).toHaveLength(1);
  return policies[0]?.Properties.PolicyDocument.Statement;
}

describe('MlStack', () => {
  const { stack, template } = synth();
  const definition = definitionOf(template);
  const states = definition.States;

  describe('the retraining state machine', () => {
    it('runs export, training, holdout scoring, the gate and the deployment in this order', () => {
      expect(happyPath(definition)).toStrictEqual([
        ['Name the run', 'Pass'],
        ['Record the run start', 'Task'],
        ['Query the training set', 'Task'],
        ['Export the features', 'Task'],
        ['Train the candidate', 'Task'],
        ['Create the candidate model', 'Task'],
        ['Read the current model', 'Task'],
        ['Score the holdout', 'Parallel'],
        ['Evaluate the candidate', 'Task'],
        ['Is the candidate at least as good?', 'Choice'],
        ['Create the endpoint config', 'Task'],
        ['Look up the endpoint', 'Task'],
        ['Update the endpoint', 'Task'],
        ['Wait for the endpoint', 'Wait'],
        ['Check the endpoint', 'Task'],
        ['Is the new model in service?', 'Choice'],
        ['Record the new model', 'Task'],
        ['Clean up old models', 'Task'],
        ['Retraining done', 'Succeed'],
      ]);
      expect(Object.keys(states).sort()).toStrictEqual(
        [
          ...happyPath(definition).map(([name]) => name),
          'Create the endpoint',
          'Endpoint not updated',
          'Is the endpoint missing?',
          'Not enough labelled data',
          'Notify the failure',
          'Retraining failed',
        ].sort(),
      );
    });

    it('names every SageMaker resource of a run <prefix>-ml-<execution name>', () => {
      expect(states['Name the run']?.Parameters).toStrictEqual({
        'name.$': "States.Format('sdp-ml-{}', $$.Execution.Name)",
        'baselineTransformJob.$': "States.Format('sdp-ml-{}-cur', $$.Execution.Name)",
        'dayLiteral.$':
          "States.Format('\\'{}\\'', States.ArrayGetItem(States.StringSplit($$.Execution.StartTime, 'T'), 0))",
      });
    });

    it('records the run start for the new-data trigger before anything else', () => {
      expect(states['Record the run start']).toMatchObject({
        Resource: `arn:${PARTITION}:states:::aws-sdk:ssm:putParameter`,
        Parameters: {
          Name: expect.stringMatching(/^<LastRunStart[0-9A-F]{8}>$/),
          'Value.$': '$$.Execution.StartTime',
          Overwrite: true,
        },
        ResultPath: null,
      });
    });

    it('runs the shared training-set SQL on the workgroup, bound to the run’s day, and waits for it', () => {
      const query = trainingSetQuery({ attributionWindowMs: 300_000 });
      expect(query.dayParameters).toBe(6);
      expect(states['Name the run']?.Parameters).toMatchObject({
        'dayLiteral.$':
          "States.Format('\\'{}\\'', States.ArrayGetItem(States.StringSplit($$.Execution.StartTime, 'T'), 0))",
      });
      expect(states['Query the training set']).toMatchObject({
        Resource: `arn:${PARTITION}:states:::athena:startQueryExecution.sync`,
        Parameters: {
          QueryString: query.sql,
          'ExecutionParameters.$': `States.Array(${Array(6).fill('$.run.dayLiteral').join(', ')})`,
          WorkGroup: 'sdp-lake',
          QueryExecutionContext: { Database: 'sdp_lake' },
        },
        ResultSelector: { 'resultsUri.$': '$.QueryExecution.ResultConfiguration.OutputLocation' },
      });
    });

    it('queries with the attribution window and the days it is given', () => {
      const query = definitionOf(synth({ attributionWindowMs: 60_000, trainingDays: 30 }).template).States[
        'Query the training set'
      ];
      expect(query?.Parameters?.QueryString).toBe(
        trainingSetQuery({ attributionWindowMs: 60_000, lookbackDays: 30 }).sql,
      );
    });

    it('exports the query result to the run folder and ends quietly when the lake has too little labelled data', () => {
      expect(states['Export the features']).toMatchObject({
        Resource: expect.stringMatching(/^<RetrainingFunctionsExportTrainingSet[0-9A-F]{8}\.Arn>$/),
        Parameters: { 'resultsUri.$': '$.query.resultsUri', 'runName.$': '$.run.name' },
        ResultPath: '$.dataset',
      });
      expect(states['Export the features']?.Catch).toStrictEqual([
        { ErrorEquals: ['InsufficientTrainingDataError'], Next: 'Not enough labelled data' },
        { ErrorEquals: ['States.ALL'], ResultPath: '$.error', Next: 'Notify the failure' },
      ]);
      expect(states['Not enough labelled data']?.Type).toBe('Succeed');
    });

    it('trains the built-in linear learner as a binary classifier on the encoded features', () => {
      const train = states['Train the candidate'];
      expect(train?.Resource).toBe(`arn:${PARTITION}:states:::sagemaker:createTrainingJob.sync`);
      expect(train?.Parameters).toStrictEqual({
        'TrainingJobName.$': '$.run.name',
        AlgorithmSpecification: {
          TrainingImage: expect.stringMatching(
            /^<RetrainingLinearLearnerRegistries[0-9A-F]{8}\[<AWS::Region>\]\.account>\.dkr\.ecr\.<AWS::Region>\.<AWS::URLSuffix>\/linear-learner:1$/,
          ),
          TrainingInputMode: 'File',
        },
        HyperParameters: {
          predictor_type: 'binary_classifier',
          feature_dim: String(FEATURE_DIMENSION),
          loss: 'logistic',
          binary_classifier_model_selection_criteria: 'cross_entropy_loss',
          normalize_data: 'false',
          mini_batch_size: '1000',
          epochs: '15',
        },
        InputDataConfig: ['train', 'validation'].map((channel) => ({
          ChannelName: channel,
          ContentType: 'text/csv',
          DataSource: {
            S3DataSource: {
              S3DataType: 'S3Prefix',
              'S3Uri.$': `$.dataset.${channel}Uri`,
              S3DataDistributionType: 'FullyReplicated',
            },
          },
        })),
        OutputDataConfig: { S3OutputPath: expect.stringMatching(/^s3:\/\/<PipelineBucket[0-9A-F]{8}>\/models\/$/) },
        ResourceConfig: { InstanceCount: 1, InstanceType: 'ml.m5.large', VolumeSizeInGB: 30 },
        RoleArn: expect.stringMatching(/^<RetrainingSageMakerRole[0-9A-F]{8}\.Arn>$/),
        StoppingCondition: { MaxRuntimeInSeconds: 7200 },
        EnableNetworkIsolation: true,
      });
      expect(train?.ResultSelector).toStrictEqual({ 'modelArtifacts.$': '$.ModelArtifacts.S3ModelArtifacts' });
    });

    it('uses the region’s linear learner registry, and refuses a region without one', () => {
      const ireland = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
      const catalog = new Stack(ireland, 'Catalog', { env: { region: 'eu-west-1' } });
      const lake = {
        lakeBucket: new s3.Bucket(catalog, 'Lake'),
        athenaResultsBucket: new s3.Bucket(catalog, 'Results'),
      };
      const names = { glueDatabaseName: 'sdp_lake', athenaWorkGroupName: 'sdp-lake' };
      const ml = new MlStack(ireland, 'Ml', { env: { region: 'eu-west-1' }, ...lake, ...names });
      const train = definitionOf(Template.fromStack(ml)).States['Train the candidate'];
      expect(train?.Parameters?.AlgorithmSpecification).toStrictEqual({
        TrainingImage: '438346466558.dkr.ecr.eu-west-1.<AWS::URLSuffix>/linear-learner:1',
        TrainingInputMode: 'File',
      });
      expect(() => new MlStack(ireland, 'Mars', { env: { region: 'mars-north-1' }, ...lake, ...names })).toThrow(
        /linear learner image is not known for region mars-north-1/,
      );
    });

    it('scores the holdout with the candidate, and with the serving model only if it uses this encoding', () => {
      const scoring = states['Score the holdout'];
      const [candidate, baseline] = scoring?.Branches ?? [];
      expect(candidate?.States['Score with the candidate']).toMatchObject({
        Resource: `arn:${PARTITION}:states:::sagemaker:createTransformJob.sync`,
        Parameters: {
          'TransformJobName.$': '$.run.name',
          'ModelName.$': '$.run.name',
          TransformInput: {
            ContentType: 'text/csv',
            SplitType: 'Line',
            DataSource: { S3DataSource: { S3DataType: 'S3Prefix', 'S3Uri.$': '$.dataset.holdoutFeaturesUri' } },
          },
          TransformOutput: {
            'S3OutputPath.$': '$.dataset.candidateScoresPrefix',
            Accept: 'application/jsonlines',
            AssembleWith: 'Line',
          },
        },
      });
      expect(baseline?.States['Is a model serving?']).toStrictEqual({
        Type: 'Choice',
        Choices: [{ Variable: '$.current.record.modelName', IsPresent: true, Next: 'Same feature encoding?' }],
        Default: 'No comparable current model',
      });
      expect(baseline?.States['Same feature encoding?']).toStrictEqual({
        Type: 'Choice',
        Choices: [
          {
            Variable: '$.current.record.encodingVersion',
            NumericEquals: FEATURE_ENCODING_VERSION,
            Next: 'Score with the current model',
          },
        ],
        Default: 'No comparable current model',
      });
      expect(baseline?.States['Score with the current model']?.Parameters).toMatchObject({
        'TransformJobName.$': '$.run.baselineTransformJob',
        'ModelName.$': '$.current.record.modelName',
        TransformOutput: { 'S3OutputPath.$': '$.dataset.baselineScoresPrefix' },
      });
      expect(scoring?.ResultSelector).toStrictEqual({ 'baselineScored.$': '$[1].baselineScored' });
    });

    it('deploys only a candidate the evaluation accepts; a rejected one is cleaned up', () => {
      expect(states['Evaluate the candidate']?.Parameters).toStrictEqual({
        'dataset.$': '$.dataset',
        'runName.$': '$.run.name',
        'baselineScored.$': '$.scoring.baselineScored',
      });
      expect(states['Is the candidate at least as good?']).toStrictEqual({
        Type: 'Choice',
        Choices: [{ Variable: '$.evaluation.accept', BooleanEquals: true, Next: 'Create the endpoint config' }],
        Default: 'Clean up old models',
      });
    });

    it('creates the endpoint when it is missing and updates it otherwise', () => {
      expect(states['Look up the endpoint']?.Catch).toStrictEqual([
        { ErrorEquals: ['States.ALL'], ResultPath: '$.error', Next: 'Is the endpoint missing?' },
      ]);
      expect(states['Is the endpoint missing?']).toStrictEqual({
        Type: 'Choice',
        Choices: [
          { Variable: '$.error.Cause', StringMatches: '*Could not find endpoint*', Next: 'Create the endpoint' },
        ],
        Default: 'Notify the failure',
      });
      expect(states['Create the endpoint config']?.Parameters).toStrictEqual({
        'EndpointConfigName.$': '$.run.name',
        ProductionVariants: [
          {
            VariantName: 'AllTraffic',
            'ModelName.$': '$.run.name',
            InitialInstanceCount: 1,
            InstanceType: 'ml.m5.large',
            InitialVariantWeight: 1,
          },
        ],
      });
      expect(states['Create the endpoint']).toMatchObject({
        Resource: `arn:${PARTITION}:states:::aws-sdk:sagemaker:createEndpoint`,
        Parameters: { EndpointName: 'sdp-win-model', 'EndpointConfigName.$': '$.run.name' },
        Next: 'Wait for the endpoint',
      });
      expect(states['Update the endpoint']).toMatchObject({
        Resource: `arn:${PARTITION}:states:::aws-sdk:sagemaker:updateEndpoint`,
        Parameters: {
          EndpointName: 'sdp-win-model',
          'EndpointConfigName.$': '$.run.name',
          RetainAllVariantProperties: false,
        },
        Next: 'Wait for the endpoint',
      });
    });

    it('records the model only once the endpoint serves its config, and fails on a rollback', () => {
      expect(states['Wait for the endpoint']).toStrictEqual({ Type: 'Wait', Seconds: 60, Next: 'Check the endpoint' });
      expect(states['Is the new model in service?']).toStrictEqual({
        Type: 'Choice',
        Choices: [
          {
            And: [
              { Variable: '$.endpoint.status', StringEquals: 'InService' },
              { Variable: '$.endpoint.endpointConfigName', StringEqualsPath: '$.run.name' },
            ],
            Next: 'Record the new model',
          },
          {
            Or: ['Creating', 'Updating', 'SystemUpdating', 'RollingBack'].map((status) => ({
              Variable: '$.endpoint.status',
              StringEquals: status,
            })),
            Next: 'Wait for the endpoint',
          },
        ],
        Default: 'Endpoint not updated',
      });
      expect(states['Endpoint not updated']).toMatchObject({ ResultPath: '$.error', Next: 'Notify the failure' });
      expect(states['Record the new model']?.Parameters).toStrictEqual({
        Name: expect.stringMatching(/^<CurrentModel[0-9A-F]{8}>$/),
        'Value.$': 'States.JsonToString($.evaluation.record)',
        Overwrite: true,
      });
    });

    it('sends every failure to the topic, then to a Fail state', () => {
      const tasks = Object.entries(states).filter(([, state]) => ['Task', 'Parallel'].includes(state.Type));
      const uncaught = tasks
        .filter(([name]) => name !== 'Notify the failure' && name !== 'Look up the endpoint')
        .filter(
          ([, state]) =>
            !state.Catch?.some((c) => c.ErrorEquals.includes('States.ALL') && c.Next === 'Notify the failure'),
        );
      expect(uncaught.map(([name]) => name)).toStrictEqual([]);
      expect(states['Notify the failure']).toMatchObject({
        Resource: `arn:${PARTITION}:states:::sns:publish`,
        Parameters: {
          TopicArn: expect.stringMatching(/^<Notifications[0-9A-F]{8}>$/),
          'Message.$':
            "States.Format('Retraining run {} failed. {}: {}', $$.Execution.Name, $.error.Error, $.error.Cause)",
        },
        Next: 'Retraining failed',
      });
      expect(states['Retraining failed']).toStrictEqual({
        Type: 'Fail',
        ErrorPath: '$.error.Error',
        CausePath: '$.error.Cause',
      });
    });

    it('logs every execution, traces it and times out after 12 hours', () => {
      template.hasResourceProperties('AWS::StepFunctions::StateMachine', {
        TracingConfiguration: { Enabled: true },
        LoggingConfiguration: Match.objectLike({ Level: 'ALL', IncludeExecutionData: true }),
      });
      expect(definition).toMatchObject({ TimeoutSeconds: 43_200 });
    });
  });

  describe('triggers', () => {
    it('starts a run every day and checks for new data every 15 minutes, both through the starter', () => {
      const rules = Object.values(template.findResources('AWS::Events::Rule')).map((rule) => rule.Properties);
      const target = (trigger: string) => [
        {
          Arn: { 'Fn::GetAtt': [expect.stringMatching(/^TriggersStarter[0-9A-F]{8}$/), 'Arn'] },
          Id: 'Target0',
          InputTransformer: {
            InputPathsMap: { time: '$.time' },
            InputTemplate: `{"trigger":"${trigger}","time":<time>}`,
          },
          RetryPolicy: { MaximumEventAgeInSeconds: 3600, MaximumRetryAttempts: 2 },
        },
      ];
      expect(rules).toStrictEqual([
        {
          Description: 'Regular retraining run',
          ScheduleExpression: 'rate(1 day)',
          State: 'ENABLED',
          Targets: target('schedule'),
        },
        {
          Description: 'Retraining run once 100000 new labelled bids arrived',
          ScheduleExpression: 'rate(15 minutes)',
          State: 'ENABLED',
          Targets: target('newData'),
        },
      ]);
    });

    it('takes the schedule and the new-bid threshold from its props, and rejects a bad schedule', () => {
      const custom = synth({ retrainSchedule: 'cron(0 3 * * ? *)', retrainMinNewBids: 5000 }).template;
      custom.hasResourceProperties('AWS::Events::Rule', { ScheduleExpression: 'cron(0 3 * * ? *)' });
      custom.hasResourceProperties('AWS::Lambda::Function', {
        Environment: { Variables: Match.objectLike({ RETRAIN_MIN_NEW_BIDS: '5000' }) },
      });
      expect(() => synth({ retrainSchedule: 'every day' })).toThrow(
        'schedule must be an EventBridge rate(...) or cron(...) expression. Received "every day"',
      );
      expect(() => synth({ retrainMinNewBids: 0 })).toThrow('minNewBids must be a whole number >= 1. Received 0');
    });

    it('configures the starter with the state machine, the last run and the lake, without reserved concurrency', () => {
      template.hasResourceProperties('AWS::Lambda::Function', {
        ReservedConcurrentExecutions: Match.absent(),
        Timeout: 180,
        Environment: {
          Variables: {
            NODE_OPTIONS: '--enable-source-maps',
            RETRAINING_STATE_MACHINE_ARN: { Ref: Match.stringLikeRegexp('^Retraining[0-9A-F]{8}$') },
            LAST_RUN_PARAMETER: { Ref: Match.stringLikeRegexp('^LastRunStart') },
            RETRAIN_MIN_NEW_BIDS: '100000',
            ATTRIBUTION_WINDOW_MS: '300000',
            LAKE_DATABASE: 'sdp_lake',
            ATHENA_WORK_GROUP: 'sdp-lake',
          },
        },
      });
    });

    it('lets the starter list and start executions of this state machine only', () => {
      const statements = statementsOf(template, 'TriggersStarter');
      const stateMachine = { Ref: expect.stringMatching(/^Retraining[0-9A-F]{8}$/) };
      expect(statements.filter((s) => [s.Action].flat().some((a) => a.startsWith('states:')))).toStrictEqual([
        { Action: 'states:StartExecution', Effect: 'Allow', Resource: stateMachine },
        { Action: 'states:ListExecutions', Effect: 'Allow', Resource: stateMachine },
      ]);
    });
  });

  describe('IAM', () => {
    it('lets the predict function invoke exactly the one endpoint', () => {
      template.hasResourceProperties('AWS::Lambda::Function', {
        Description: 'POST predictions: P(win) from the SageMaker endpoint',
        Environment: { Variables: { NODE_OPTIONS: '--enable-source-maps', ENDPOINT_NAME: 'sdp-win-model' } },
      });
      expect(statementsOf(template, 'PredictServiceRole')).toStrictEqual([
        { Action: ['xray:PutTraceSegments', 'xray:PutTelemetryRecords'], Effect: 'Allow', Resource: '*' },
        { Action: 'sagemaker:InvokeEndpoint', Effect: 'Allow', Resource: sageMakerArn('endpoint', 'sdp-win-model') },
      ]);
    });

    it('lets the state machine pass only the SageMaker role, and only to SageMaker', () => {
      const passRole = statementsOf(template, 'RetrainingRole').filter((s) => s.Action === 'iam:PassRole');
      expect(passRole).toStrictEqual([
        {
          Action: 'iam:PassRole',
          Condition: { StringEquals: { 'iam:PassedToService': 'sagemaker.amazonaws.com' } },
          Effect: 'Allow',
          Resource: { 'Fn::GetAtt': [expect.stringMatching(/^RetrainingSageMakerRole[0-9A-F]{8}$/), 'Arn'] },
        },
      ]);
    });

    it.each([
      ['sdp', 'sdp-ml-*', 'sdp-win-model'],
      ['acme-ads', 'acme-ads-ml-*', 'acme-ads-win-model'],
    ])('scopes the state machine’s SageMaker actions to the %s names', (prefix, runs, endpoint) => {
      const { template: scoped } = prefix === 'sdp' ? { template } : synth({ prefix });
      const sagemaker = statementsOf(scoped, 'RetrainingRole')
        .filter((s) => [s.Action].flat().some((a) => a.startsWith('sagemaker:')))
        .sort((a, b) => String(a.Action).localeCompare(String(b.Action)));
      // CreateEndpoint/UpdateEndpoint are authorized on the endpoint config too; `.sync` tags the jobs.
      expect(sagemaker).toStrictEqual([
        {
          Action: 'sagemaker:CreateEndpoint',
          Effect: 'Allow',
          Resource: [sageMakerArn('endpoint', endpoint), sageMakerArn('endpoint-config', runs)],
        },
        { Action: 'sagemaker:CreateEndpointConfig', Effect: 'Allow', Resource: sageMakerArn('endpoint-config', runs) },
        { Action: 'sagemaker:CreateModel', Effect: 'Allow', Resource: sageMakerArn('model', runs) },
        {
          Action: [
            'sagemaker:CreateTrainingJob',
            'sagemaker:DescribeTrainingJob',
            'sagemaker:StopTrainingJob',
            'sagemaker:AddTags',
            'sagemaker:ListTags',
          ],
          Effect: 'Allow',
          Resource: sageMakerArn('training-job', runs),
        },
        {
          Action: [
            'sagemaker:CreateTransformJob',
            'sagemaker:DescribeTransformJob',
            'sagemaker:StopTransformJob',
            'sagemaker:AddTags',
            'sagemaker:ListTags',
          ],
          Effect: 'Allow',
          Resource: sageMakerArn('transform-job', runs),
        },
        { Action: 'sagemaker:DescribeEndpoint', Effect: 'Allow', Resource: sageMakerArn('endpoint', endpoint) },
        {
          Action: 'sagemaker:UpdateEndpoint',
          Effect: 'Allow',
          Resource: [sageMakerArn('endpoint', endpoint), sageMakerArn('endpoint-config', runs)],
        },
      ]);
    });

    it('lets the cleanup delete only the pipeline’s models and endpoint configs', () => {
      const statements = statementsOf(template, 'RetrainingFunctionsCleanupModels').filter((s) =>
        [s.Action].flat().some((a) => a.startsWith('sagemaker:')),
      );
      expect(statements).toStrictEqual([
        { Action: ['sagemaker:ListModels', 'sagemaker:ListEndpointConfigs'], Effect: 'Allow', Resource: '*' },
        { Action: 'sagemaker:DescribeEndpoint', Effect: 'Allow', Resource: sageMakerArn('endpoint', 'sdp-win-model') },
        {
          Action: ['sagemaker:DescribeEndpointConfig', 'sagemaker:DeleteEndpointConfig'],
          Effect: 'Allow',
          Resource: sageMakerArn('endpoint-config', 'sdp-ml-*'),
        },
        { Action: 'sagemaker:DeleteModel', Effect: 'Allow', Resource: sageMakerArn('model', 'sdp-ml-*') },
      ]);
    });

    it('queries only parquet_bcns on the one workgroup', () => {
      const statements = statementsOf(template, 'RetrainingRole');
      const glue = (resource: string) => ({
        'Fn::Join': [
          '',
          [
            'arn:',
            { Ref: 'AWS::Partition' },
            ':glue:',
            { Ref: 'AWS::Region' },
            ':',
            { Ref: 'AWS::AccountId' },
            `:${resource}`,
          ],
        ],
      });
      const athena = (resource: string) => ({
        'Fn::Join': [
          '',
          [
            'arn:',
            { Ref: 'AWS::Partition' },
            ':athena:',
            { Ref: 'AWS::Region' },
            ':',
            { Ref: 'AWS::AccountId' },
            `:${resource}`,
          ],
        ],
      });
      expect(statements.filter((s) => [s.Action].flat().some((a) => /^(athena|glue):/.test(a)))).toStrictEqual([
        // Step Functions' generated policy for athena:startQueryExecution.sync.
        { Action: 'athena:GetDataCatalog', Effect: 'Allow', Resource: athena('datacatalog/AwsDataCatalog') },
        {
          Action: ['athena:StartQueryExecution', 'athena:GetQueryExecution', 'athena:StopQueryExecution'],
          Effect: 'Allow',
          Resource: {
            'Fn::Join': [
              '',
              [
                'arn:',
                { Ref: 'AWS::Partition' },
                ':athena:',
                { Ref: 'AWS::Region' },
                ':',
                { Ref: 'AWS::AccountId' },
                ':workgroup/sdp-lake',
              ],
            ],
          },
        },
        {
          Action: ['glue:GetDatabase', 'glue:GetTable'],
          Effect: 'Allow',
          Resource: [glue('catalog'), glue('database/sdp_lake'), glue('table/sdp_lake/parquet_bcns')],
        },
      ]);
    });

    it('grants no IAM action with a bare * anywhere', () => {
      const actions = Object.values(template.findResources('AWS::IAM::Policy')).flatMap((policy) =>
        policy.Properties.PolicyDocument.Statement.flatMap(
          (statement: { Action: string | string[] }) => statement.Action,
        ),
      );
      expect(actions.length).toBeGreaterThan(40);
      expect(actions.filter((action) => action === '*' || action.endsWith(':*'))).toStrictEqual([]);
    });
  });

  describe('storage and notifications', () => {
    it('keeps run data encrypted, private, TLS-only and for 30 days', () => {
      template.hasResourceProperties('AWS::S3::Bucket', {
        BucketEncryption: {
          ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }],
        },
        PublicAccessBlockConfiguration: {
          BlockPublicAcls: true,
          BlockPublicPolicy: true,
          IgnorePublicAcls: true,
          RestrictPublicBuckets: true,
        },
        LifecycleConfiguration: {
          Rules: [
            { ExpirationInDays: 30, Id: 'expire-runs', Prefix: 'runs/', Status: 'Enabled' },
            {
              AbortIncompleteMultipartUpload: { DaysAfterInitiation: 1 },
              Id: 'abort-incomplete-uploads',
              Status: 'Enabled',
            },
          ],
        },
      });
      template.hasResourceProperties('AWS::S3::BucketPolicy', {
        PolicyDocument: {
          Statement: [
            Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
            Match.objectLike({
              Action: ['s3:PutBucketPolicy', 's3:GetBucket*', 's3:List*', 's3:DeleteObject*'],
              Principal: { AWS: { 'Fn::GetAtt': [AUTO_DELETE_ROLE, 'Arn'] } },
            }),
          ],
        },
      });
    });

    it('deletes the bucket with its objects on cdk destroy, logging the emptying to a log group of the stack', () => {
      // Assess
      const [[bucketId, bucket]] = Object.entries(template.findResources('AWS::S3::Bucket'));
      expect([bucket.DeletionPolicy, bucket.UpdateReplacePolicy]).toStrictEqual(['Delete', 'Delete']);
      expect(bucket.Properties.Tags).toStrictEqual([{ Key: 'aws-cdk:auto-delete-objects', Value: 'true' }]);
      expect(
        Object.values(template.findResources('Custom::S3AutoDeleteObjects')).map((r) => r.Properties.BucketName),
      ).toStrictEqual([{ Ref: bucketId }]);
      const handler = template.toJSON().Resources.CustomS3AutoDeleteObjectsCustomResourceProviderHandler9D90184F;
      expect(template.toJSON().Resources[handler.Properties.LoggingConfig.LogGroup.Ref]).toMatchObject({
        Type: 'AWS::Logs::LogGroup',
        DeletionPolicy: 'Delete',
      });
    });

    it('keeps the bucket and its objects when asked to retain it', () => {
      // Act
      const { template: retained } = synth({ bucketRemovalPolicy: RemovalPolicy.RETAIN });

      // Assess
      retained.hasResource('AWS::S3::Bucket', { DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
      expect(Object.keys(retained.toJSON().Resources).filter((id) => id.includes('AutoDelete'))).toStrictEqual([]);
    });

    it('starts with no model and the epoch as the last run', () => {
      template.hasResourceProperties('AWS::SSM::Parameter', {
        Name: '/sdp/ml/current-model',
        Type: 'String',
        Value: '{}',
      });
      template.hasResourceProperties('AWS::SSM::Parameter', {
        Name: '/sdp/ml/last-run-start',
        Type: 'String',
        Value: '1970-01-01T00:00:00.000Z',
      });
    });

    it('notifies failures on an encrypted topic, by email when given an address', () => {
      template.hasResourceProperties('AWS::SNS::Topic', {
        KmsMasterKeyId: {
          'Fn::Join': [
            '',
            [
              'arn:',
              { Ref: 'AWS::Partition' },
              ':kms:',
              { Ref: 'AWS::Region' },
              ':',
              { Ref: 'AWS::AccountId' },
              ':alias/aws/sns',
            ],
          ],
        },
      });
      template.resourceCountIs('AWS::SNS::Subscription', 0);
      synth({ notificationEmail: 'ml-oncall@example.com' }).template.hasResourceProperties('AWS::SNS::Subscription', {
        Protocol: 'email',
        Endpoint: 'ml-oncall@example.com',
      });
    });

    it('rejects a prefix that cannot name SageMaker resources', () => {
      expect(() => synth({ prefix: 'SDP_1' })).toThrow(
        `prefix must be 1-20 lowercase letters, digits or '-', starting with a letter. Received "SDP_1"`,
      );
    });
  });

  describe('the predictions API', () => {
    it('serves POST / through the predict function, IAM-authenticated and validated by default', () => {
      template.hasResourceProperties('AWS::ApiGateway::Method', {
        HttpMethod: 'POST',
        ResourceId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^Api'), 'RootResourceId'] },
        AuthorizationType: 'AWS_IAM',
        ApiKeyRequired: false,
        RequestModels: { 'application/json': { Ref: Match.stringLikeRegexp('^ApiPredictionsRequest') } },
        RequestValidatorId: { Ref: Match.stringLikeRegexp('^ApiValidator') },
        Integration: {
          Type: 'AWS_PROXY',
          IntegrationHttpMethod: 'POST',
          Uri: Match.objectLike({
            'Fn::Join': ['', Match.arrayWith([{ 'Fn::GetAtt': [Match.stringLikeRegexp('^Predict'), 'Arn'] }])],
          }),
        },
      });
      template.hasResourceProperties('AWS::ApiGateway::Model', {
        Schema: {
          $schema: 'http://json-schema.org/draft-04/schema#',
          title: 'PredictionsRequest',
          type: ['object', 'array'],
          items: { type: 'object' },
          minItems: 1,
          maxItems: 500,
        },
      });
      template.hasResourceProperties('AWS::ApiGateway::Stage', {
        StageName: 'v1',
        TracingEnabled: true,
        AccessLogSetting: Match.objectLike({ DestinationArn: Match.anyValue() }),
        MethodSettings: [Match.objectLike({ ThrottlingRateLimit: 100, ThrottlingBurstLimit: 200 })],
      });
      template.hasResourceProperties('AWS::ApiGateway::GatewayResponse', {
        ResponseType: 'THROTTLED',
        StatusCode: '429',
        ResponseTemplates: { 'application/json': '{"message":"Too many requests; retry with backoff"}' },
      });
      template.resourceCountIs('AWS::ApiGateway::Account', 0);
    });

    it('lets the original platform’s request bodies through its model to the handler, which judges the fields', () => {
      // Prepare: API Gateway validates with the model (JSON Schema draft 4) before it invokes the function.
      const [model] = Object.values(template.findResources('AWS::ApiGateway::Model'));
      const validate = new Ajv({ strict: false }).compile(model?.Properties.Schema);
      const bodies = {
        originalTest: '{"campaignItemId":"c","domain":"d","creativeId":"i","creativeCategory":"CC","winPrice":100.0}',
        decimalString: '{"campaignItemId":"1463517","winPrice":1.5}',
        integer: '[{"campaignItemId":1463517,"winPrice":1500000}]',
        notARequest: '"c"',
        emptyBatch: '[]',
      };

      // Act
      const verdicts = Object.fromEntries(
        Object.entries(bodies).map(([name, body]) => [name, validate(JSON.parse(body))]),
      );

      // Assess: "c" then gets the handler's 400 (test/unit/ml/predict.test.ts), a decimal string a score.
      expect(verdicts).toStrictEqual({
        originalTest: true,
        decimalString: true,
        integer: true,
        notARequest: false,
        emptyBatch: false,
      });
    });

    it('requires an API key with a usage plan instead, when asked', () => {
      const keyed = synth({ apiAuth: 'apiKey' }).template;
      keyed.hasResourceProperties('AWS::ApiGateway::Method', {
        HttpMethod: 'POST',
        AuthorizationType: 'NONE',
        ApiKeyRequired: true,
      });
      keyed.resourceCountIs('AWS::ApiGateway::UsagePlan', 1);
      keyed.resourceCountIs('AWS::ApiGateway::ApiKey', 1);
    });

    it('outputs UrlForPredictions as the stage URL', () => {
      expect(template.findOutputs('UrlForPredictions').UrlForPredictions?.Value).toStrictEqual({
        'Fn::Join': [
          '',
          [
            'https://',
            { Ref: expect.stringMatching(/^Api[0-9A-F]{8}$/) },
            '.execute-api.',
            { Ref: 'AWS::Region' },
            '.',
            { Ref: 'AWS::URLSuffix' },
            '/',
            { Ref: expect.stringMatching(/^ApiDeploymentStagev1/) },
          ],
        ],
      });
      expect(stack.endpointName).toBe('sdp-win-model');
    });
  });

  it.each(['iam', 'apiKey'] as const)('has no unsuppressed cdk-nag errors or warnings (%s auth)', (apiAuth) => {
    const annotations = Annotations.fromStack(synth({ apiAuth }, true).stack);
    expect(annotations.findError('*', Match.stringLikeRegexp('AwsSolutions-.*'))).toStrictEqual([]);
    expect(annotations.findWarning('*', Match.stringLikeRegexp('AwsSolutions-.*'))).toStrictEqual([]);
  });
});
