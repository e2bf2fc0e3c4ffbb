import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import type * as sns from 'aws-cdk-lib/aws-sns';
import type * as ssm from 'aws-cdk-lib/aws-ssm';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as tasks from 'aws-cdk-lib/aws-stepfunctions-tasks';
import { NagSuppressions } from 'cdk-nag';
import { Construct } from 'constructs';
import { FEATURE_ENCODING_VERSION } from '../../lambda/domain/ml/features.ts';
import { trainingSetQuery } from '../../lambda/domain/ml/training-set.ts';
import { INSUFFICIENT_DATA_ERROR } from '../../lambda/ml/dataset-split.ts';
import { modelNamePrefix } from '../../lambda/ml/run-names.ts';
import { grantLakeQueries, type LakeQuerySource } from './lake-query-access.ts';
import { linearLearnerImage } from './linear-learner-image.ts';
import { PipelineFunctions } from './pipeline-functions.ts';
import { holdoutTransformJob, putParameter, sageMakerCall, syncTask, trainingJob } from './pipeline-tasks.ts';
import { SAGEMAKER_INSTANCE_TYPES } from './sagemaker-instances.ts';
import { sageMakerExecutionRole } from './sagemaker-role.ts';

export interface SageMakerInstanceTypes {
  /** @default SAGEMAKER_INSTANCE_TYPES.training */
  readonly training?: string;
  /** Batch transform, which scores the holdout. @default SAGEMAKER_INSTANCE_TYPES.transform */
  readonly transform?: string;
  /** The real-time endpoint behind the predictions API. @default SAGEMAKER_INSTANCE_TYPES.endpoint */
  readonly endpoint?: string;
}

/**
 * How the endpoint serves: on an always-on instance of `instanceTypes.endpoint`, or by SageMaker
 * Serverless Inference, billed per inference (`sdp:predictionsEndpoint`). Serverless endpoints
 * support no network isolation, so their models are created without it.
 */
export type EndpointHosting =
  | { readonly kind: 'instance' }
  | { readonly kind: 'serverless'; readonly memoryMiB: number; readonly maxConcurrency: number };

export interface RetrainingPipelineProps {
  /** Prefix of physical names; SageMaker resources are named `<prefix>-ml-<execution name>`. */
  readonly prefix: string;
  /** Holds each run's data under `runs/` and the trained models under `models/`. */
  readonly bucket: s3.IBucket;
  readonly lake: LakeQuerySource;
  /** A bid is labelled by an impression at most this far from it (SPEC.md §5). */
  readonly attributionWindowMs: number;
  /** UTC days of bids each run trains on, its own day included. @default 7 (see training-set.ts) */
  readonly trainingLookbackDays?: number;
  /** The endpoint the pipeline creates with its first accepted model and updates afterwards. */
  readonly endpointName: string;
  /** Set to the start time of every run, for the new-data trigger. */
  readonly lastRunParameter: ssm.IStringParameter;
  /** The serving model's record (JSON, see evaluate-candidate.ts); `{}` until the first deployment. */
  readonly currentModelParameter: ssm.IStringParameter;
  /** Told about every failed run. */
  readonly notifications: sns.ITopic;
  readonly instanceTypes?: SageMakerInstanceTypes;
  /** @default { kind: 'instance' } */
  readonly endpoint?: EndpointHosting;
}

const ENDPOINT_POLL = Duration.minutes(1);
const IN_PROGRESS_ENDPOINT_STATES = ['Creating', 'Updating', 'SystemUpdating', 'RollingBack'];

/**
 * The retraining pipeline (SPEC.md §8) as a Step Functions state machine: the shared training-set
 * query on Athena, its export encoded by features.ts, the built-in linear learner, batch scoring of
 * the holdout by the candidate and by the serving model, the shared quality gate, and only for an
 * accepted candidate a new endpoint config, the endpoint created or updated and watched until it
 * serves that config, and the model recorded. Old models and configs are then deleted; every
 * failure notifies the topic and ends in a Fail state.
 */
export class RetrainingPipeline extends Construct {
  readonly stateMachine: sfn.StateMachine;
  readonly sageMakerRole: iam.Role;
  readonly functions: PipelineFunctions;
  private readonly namePrefix: string;

  constructor(scope: Construct, id: string, props: RetrainingPipelineProps) {
    super(scope, id);
    const { bucket, lake, endpointName } = props;
    this.namePrefix = modelNamePrefix(props.prefix);
    const instanceTypes = {
      training: props.instanceTypes?.training ?? SAGEMAKER_INSTANCE_TYPES.training,
      transform: props.instanceTypes?.transform ?? SAGEMAKER_INSTANCE_TYPES.transform,
      endpoint: props.instanceTypes?.endpoint ?? SAGEMAKER_INSTANCE_TYPES.endpoint,
    };
    const hosting = props.endpoint ?? { kind: 'instance' };
    const image = linearLearnerImage(this);
    const endpointArn = this.sageMakerArn('endpoint', endpointName);
    const runResources = (resource: string) => this.sageMakerArn(resource, `${this.namePrefix}*`);
    this.sageMakerRole = sageMakerExecutionRole(this, 'SageMakerRole', bucket);
    this.functions = new PipelineFunctions(this, 'Functions', {
      bucket,
      lake,
      endpointName,
      modelNamePrefix: this.namePrefix,
    });

    const notifyFailure = new tasks.SnsPublish(this, 'Notify the failure', {
      topic: props.notifications,
      subject: 'Streaming Data Platform: retraining failed',
      message: sfn.TaskInput.fromText(
        sfn.JsonPath.format(
          'Retraining run {} failed. {}: {}',
          sfn.JsonPath.executionName,
          sfn.JsonPath.stringAt('$.error.Error'),
          sfn.JsonPath.stringAt('$.error.Cause'),
        ),
      ),
      resultPath: sfn.JsonPath.DISCARD,
    }).next(new sfn.Fail(this, 'Retraining failed', { errorPath: '$.error.Error', causePath: '$.error.Cause' }));
    const orNotify = <T extends { addCatch(handler: sfn.IChainable, props?: sfn.CatchProps): unknown }>(state: T) => {
      state.addCatch(notifyFailure, { resultPath: '$.error' });
      return state;
    };

    // Training: name the run, note its start, query, export and train.
    const nameRun = new sfn.Pass(this, 'Name the run', {
      parameters: {
        name: sfn.JsonPath.format(`${this.namePrefix}{}`, sfn.JsonPath.executionName),
        baselineTransformJob: sfn.JsonPath.format(`${this.namePrefix}{}-cur`, sfn.JsonPath.executionName),
        // The run's UTC day as an Athena string literal ('YYYY-MM-DD'): the training query's parameter.
        dayLiteral: sfn.JsonPath.format(
          "'{}'",
          sfn.JsonPath.arrayGetItem(sfn.JsonPath.stringSplit(sfn.JsonPath.executionStartTime, 'T'), 0),
        ),
      },
      resultPath: '$.run',
    });
    const trainingSet = trainingSetQuery({
      attributionWindowMs: props.attributionWindowMs,
      lookbackDays: props.trainingLookbackDays,
    });
    const recordRunStart = orNotify(
      putParameter(
        this,
        'Record the run start',
        props.lastRunParameter,
        sfn.JsonPath.stringAt('$$.Execution.StartTime'),
      ),
    );
    const queryTrainingSet = orNotify(
      syncTask(this, 'Query the training set', 'athena:startQueryExecution', {
        Parameters: {
          QueryString: trainingSet.sql,
          'ExecutionParameters.$': `States.Array(${Array(trainingSet.dayParameters).fill('$.run.dayLiteral').join(', ')})`,
          WorkGroup: lake.athenaWorkGroupName,
          QueryExecutionContext: { Database: lake.glueDatabaseName },
        },
        ResultSelector: { 'resultsUri.$': '$.QueryExecution.ResultConfiguration.OutputLocation' },
        ResultPath: '$.query',
      }),
    );
    const exportFeatures = new tasks.LambdaInvoke(this, 'Export the features', {
      lambdaFunction: this.functions.exportTrainingSet,
      payload: sfn.TaskInput.fromObject({
        resultsUri: sfn.JsonPath.stringAt('$.query.resultsUri'),
        runName: sfn.JsonPath.stringAt('$.run.name'),
      }),
      payloadResponseOnly: true,
      resultPath: '$.dataset',
    });
    exportFeatures.addCatch(
      new sfn.Succeed(this, 'Not enough labelled data', {
        comment: 'The lake holds too few labelled bids to train and evaluate a model; a later run tries again.',
      }),
      { errors: [INSUFFICIENT_DATA_ERROR] },
    );
    orNotify(exportFeatures);
    const train = orNotify(
      trainingJob(this, 'Train the candidate', {
        image,
        role: this.sageMakerRole,
        bucket,
        instanceType: instanceTypes.training,
      }),
    );

    // Evaluation: the candidate and the serving model score the same holdout, then the gate decides.
    const createModel = orNotify(
      sageMakerCall(this, 'Create the candidate model', 'createModel', runResources('model'), {
        parameters: {
          ModelName: sfn.JsonPath.stringAt('$.run.name'),
          ExecutionRoleArn: this.sageMakerRole.roleArn,
          PrimaryContainer: { Image: image, ModelDataUrl: sfn.JsonPath.stringAt('$.training.modelArtifacts') },
          EnableNetworkIsolation: hosting.kind === 'instance',
        },
        resultPath: sfn.JsonPath.DISCARD,
      }),
    );
    const readCurrentModel = orNotify(
      new tasks.CallAwsService(this, 'Read the current model', {
        service: 'ssm',
        action: 'getParameter',
        iamAction: 'ssm:GetParameter',
        iamResources: [props.currentModelParameter.parameterArn],
        parameters: { Name: props.currentModelParameter.parameterName },
        resultSelector: { record: sfn.JsonPath.stringToJson(sfn.JsonPath.stringAt('$.Parameter.Value')) },
        resultPath: '$.current',
      }),
    );
    const noBaseline = new sfn.Pass(this, 'No comparable current model', {
      result: sfn.Result.fromObject({ baselineScored: false }),
    });
    const scoreHoldout = orNotify(
      new sfn.Parallel(this, 'Score the holdout', {
        resultSelector: { baselineScored: sfn.JsonPath.stringAt('$[1].baselineScored') },
        resultPath: '$.scoring',
      })
        .branch(
          holdoutTransformJob(this, 'Score with the candidate', {
            modelNamePath: '$.run.name',
            jobNamePath: '$.run.name',
            outputPath: '$.dataset.candidateScoresPrefix',
            instanceType: instanceTypes.transform,
            result: { candidateScored: true },
          }),
        )
        .branch(
          new sfn.Choice(this, 'Is a model serving?')
            .when(
              sfn.Condition.isPresent('$.current.record.modelName'),
              // A model of another feature encoding cannot score these rows; the candidate replaces it.
              new sfn.Choice(this, 'Same feature encoding?')
                .when(
                  sfn.Condition.numberEquals('$.current.record.encodingVersion', FEATURE_ENCODING_VERSION),
                  holdoutTransformJob(this, 'Score with the current model', {
                    modelNamePath: '$.current.record.modelName',
                    jobNamePath: '$.run.baselineTransformJob',
                    outputPath: '$.dataset.baselineScoresPrefix',
                    instanceType: instanceTypes.transform,
                    result: { baselineScored: true },
                  }),
                )
                .otherwise(noBaseline),
            )
            .otherwise(noBaseline),
        ),
    );
    const evaluate = orNotify(
      new tasks.LambdaInvoke(this, 'Evaluate the candidate', {
        lambdaFunction: this.functions.evaluateCandidate,
        payload: sfn.TaskInput.fromObject({
          dataset: sfn.JsonPath.objectAt('$.dataset'),
          runName: sfn.JsonPath.stringAt('$.run.name'),
          baselineScored: sfn.JsonPath.objectAt('$.scoring.baselineScored'),
        }),
        payloadResponseOnly: true,
        resultPath: '$.evaluation',
      }),
    );

    // Deployment: a new endpoint config, the endpoint created or updated, watched until it serves it.
    const createEndpointConfig = orNotify(
      sageMakerCall(this, 'Create the endpoint config', 'createEndpointConfig', runResources('endpoint-config'), {
        parameters: {
          EndpointConfigName: sfn.JsonPath.stringAt('$.run.name'),
          ProductionVariants: [
            {
              VariantName: 'AllTraffic',
              ModelName: sfn.JsonPath.stringAt('$.run.name'),
              ...(hosting.kind === 'instance'
                ? { InitialInstanceCount: 1, InstanceType: instanceTypes.endpoint, InitialVariantWeight: 1 }
                : { ServerlessConfig: { MemorySizeInMB: hosting.memoryMiB, MaxConcurrency: hosting.maxConcurrency } }),
            },
          ],
        },
        resultPath: sfn.JsonPath.DISCARD,
      }),
    );
    const describeEndpoint = (stateId: string) =>
      sageMakerCall(this, stateId, 'describeEndpoint', endpointArn, {
        parameters: { EndpointName: endpointName },
        resultSelector: {
          status: sfn.JsonPath.stringAt('$.EndpointStatus'),
          endpointConfigName: sfn.JsonPath.stringAt('$.EndpointConfigName'),
        },
        resultPath: '$.endpoint',
      });
    // SageMaker authorizes CreateEndpoint and UpdateEndpoint on the endpoint and on the config it names.
    const changeEndpoint = (stateId: string, action: string, extra: Record<string, unknown>) =>
      orNotify(
        sageMakerCall(this, stateId, action, [endpointArn, runResources('endpoint-config')], {
          parameters: { EndpointName: endpointName, EndpointConfigName: sfn.JsonPath.stringAt('$.run.name'), ...extra },
          resultPath: sfn.JsonPath.DISCARD,
        }),
      );
    const createEndpoint = changeEndpoint('Create the endpoint', 'createEndpoint', {});
    const updateEndpoint = changeEndpoint('Update the endpoint', 'updateEndpoint', {
      RetainAllVariantProperties: false,
    });
    const lookUpEndpoint = describeEndpoint('Look up the endpoint');
    // SageMaker answers DescribeEndpoint for a missing endpoint with a generic ValidationException.
    lookUpEndpoint.addCatch(
      new sfn.Choice(this, 'Is the endpoint missing?')
        .when(sfn.Condition.stringMatches('$.error.Cause', '*Could not find endpoint*'), createEndpoint)
        .otherwise(notifyFailure),
      { resultPath: '$.error' },
    );
    const waitForEndpoint = new sfn.Wait(this, 'Wait for the endpoint', { time: sfn.WaitTime.duration(ENDPOINT_POLL) });
    createEndpoint.next(waitForEndpoint);
    const endpointNotUpdated = new sfn.Pass(this, 'Endpoint not updated', {
      parameters: {
        Error: 'EndpointNotUpdated',
        Cause: sfn.JsonPath.format(
          `Endpoint ${endpointName} is {} with endpoint config {}, not {}: SageMaker failed or rolled back the update`,
          sfn.JsonPath.stringAt('$.endpoint.status'),
          sfn.JsonPath.stringAt('$.endpoint.endpointConfigName'),
          sfn.JsonPath.stringAt('$.run.name'),
        ),
      },
      resultPath: '$.error',
    }).next(notifyFailure);
    const recordModel = orNotify(
      putParameter(
        this,
        'Record the new model',
        props.currentModelParameter,
        sfn.JsonPath.jsonToString(sfn.JsonPath.objectAt('$.evaluation.record')),
      ),
    );
    const cleanup = orNotify(
      new tasks.LambdaInvoke(this, 'Clean up old models', {
        lambdaFunction: this.functions.cleanupModels,
        payloadResponseOnly: true,
        resultPath: '$.cleanup',
      }),
    ).next(new sfn.Succeed(this, 'Retraining done'));
    const deploy = createEndpointConfig
      .next(lookUpEndpoint)
      .next(updateEndpoint)
      .next(waitForEndpoint)
      .next(orNotify(describeEndpoint('Check the endpoint')))
      .next(
        new sfn.Choice(this, 'Is the new model in service?')
          .when(
            sfn.Condition.and(
              sfn.Condition.stringEquals('$.endpoint.status', 'InService'),
              sfn.Condition.stringEqualsJsonPath('$.endpoint.endpointConfigName', '$.run.name'),
            ),
            recordModel.next(cleanup),
          )
          .when(
            sfn.Condition.or(
              ...IN_PROGRESS_ENDPOINT_STATES.map((state) => sfn.Condition.stringEquals('$.endpoint.status', state)),
            ),
            waitForEndpoint,
          )
          .otherwise(endpointNotUpdated),
      );

    const definition = nameRun
      .next(recordRunStart)
      .next(queryTrainingSet)
      .next(exportFeatures)
      .next(train)
      .next(createModel)
      .next(readCurrentModel)
      .next(scoreHoldout)
      .next(evaluate)
      .next(
        new sfn.Choice(this, 'Is the candidate at least as good?')
          .when(sfn.Condition.booleanEquals('$.evaluation.accept', true), deploy)
          .otherwise(cleanup),
      );
    this.stateMachine = new sfn.StateMachine(this, 'Resource', {
      comment: 'Streaming Data Platform: retrain the win-probability model and deploy it if at least as good',
      definitionBody: sfn.DefinitionBody.fromChainable(definition),
      timeout: Duration.hours(12),
      tracingEnabled: true,
      logs: {
        destination: new logs.LogGroup(this, 'Logs', {
          retention: logs.RetentionDays.ONE_MONTH,
          removalPolicy: RemovalPolicy.DESTROY,
        }),
        level: sfn.LogLevel.ALL,
        includeExecutionData: true,
      },
    });
    this.grantJobs();
    grantLakeQueries(this, this.stateMachine, lake, { readResultsViaApi: false });
  }

  private sageMakerArn(resource: string, name: string): string {
    return Stack.of(this).formatArn({ service: 'sagemaker', resource, resourceName: name });
  }

  /** The `.sync` jobs are custom states (see pipeline-tasks.ts): their permissions, scoped to the run names. */
  private grantJobs(): void {
    const stack = Stack.of(this);
    const role = this.stateMachine.role;
    // Step Functions tags each job it starts and reads the tags back (its generated `.sync` policies).
    const jobActions = (job: string) => [
      ...['Create', 'Describe', 'Stop'].map((verb) => `sagemaker:${verb}${job}`),
      'sagemaker:AddTags',
      'sagemaker:ListTags',
    ];
    role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: jobActions('TrainingJob'),
        resources: [this.sageMakerArn('training-job', `${this.namePrefix}*`)],
      }),
    );
    role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: jobActions('TransformJob'),
        resources: [this.sageMakerArn('transform-job', `${this.namePrefix}*`)],
      }),
    );
    // Step Functions learns that a SageMaker job ended through these managed EventBridge rules.
    role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: ['events:PutTargets', 'events:PutRule', 'events:DescribeRule'],
        resources: ['TrainingJobs', 'TransformJobs'].map((jobs) =>
          stack.formatArn({
            service: 'events',
            resource: 'rule',
            resourceName: `StepFunctionsGetEventsForSageMaker${jobs}Rule`,
          }),
        ),
      }),
    );
    // The generated athena:startQueryExecution.sync policy reads the data catalog the query names.
    role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: ['athena:GetDataCatalog'],
        resources: [stack.formatArn({ service: 'athena', resource: 'datacatalog', resourceName: 'AwsDataCatalog' })],
      }),
    );
    role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: ['iam:PassRole'],
        resources: [this.sageMakerRole.roleArn],
        conditions: { StringEquals: { 'iam:PassedToService': 'sagemaker.amazonaws.com' } },
      }),
    );
    NagSuppressions.addResourceSuppressions(
      this.stateMachine,
      [
        {
          id: 'AwsSolutions-IAM5',
          reason: `SageMaker jobs, models and endpoint configs are named per run, so they are granted by their ${this.namePrefix}* prefix; X-Ray and CloudWatch Logs delivery support no resource-level permissions; function ARNs with :* cover their versions.`,
          appliesTo: [
            {
              regex: `/^Resource::arn:<AWS::Partition>:sagemaker:(<AWS::Region>|[\\w-]+):(<AWS::AccountId>|\\d+):(training-job|transform-job|model|endpoint-config)\\/${this.namePrefix}\\*$/g`,
            },
            { regex: '/^Resource::<.+\\.Arn>:\\*$/g' },
            'Resource::*',
          ],
        },
      ],
      true,
    );
  }
}
