import { ROLLUP_KEYS } from '../lambda/domain/reports/campaign-rollup.ts';
import { STREAM_NAMES, type StreamName } from '../lambda/domain/streams.ts';
import { PIPELINE_ENV } from '../lambda/ml/pipeline-config.ts';
import { type PipelineFacts, readPipeline } from './deployment-pipeline.ts';
import {
  asArray,
  HOURS_PER_MONTH,
  type Located,
  type ResourceRef,
  scheduleRunsPerMonth,
  TemplateSet,
  type Templates,
} from './templates.ts';

/*
 * What the cost model needs to know about a deployment, read from its synthesized templates: every
 * billed resource with the settings that drive its bill. The platform's semantics (which stream
 * carries what) come from the stream names; everything configurable comes from the templates.
 */

export interface StreamFacts extends ResourceRef {
  readonly name: StreamName;
  readonly mode: 'ON_DEMAND' | 'PROVISIONED';
  /** Provisioned shards; undefined on demand. */
  readonly shards?: number;
  readonly retentionHours: number;
  /** Shared-throughput consumers: Firehoses, the Flink job, Lambda event source mappings. */
  readonly consumers: number;
  readonly customerManagedKey: boolean;
}

/** `erasure`: the lifecycle stack's IAM-only operator API, called a handful of times a month. */
export type ApiKind = 'ingestion' | 'reports' | 'predictions' | 'erasure';

export interface RestApiFacts extends ResourceRef {
  readonly kind: ApiKind;
  /** Days the stage's access-log group keeps lines; undefined when the stage logs no access. */
  readonly accessLogRetentionDays?: number;
  /** Bytes CloudWatch Logs bills for one access-log line of the stage's format. */
  readonly accessLogLineBytes?: number;
  readonly tracing: boolean;
}

export interface FirehoseFacts extends ResourceRef {
  readonly source: StreamName;
  /** Converts to Parquet (format conversion is billed). */
  readonly conversion: boolean;
  readonly bufferSeconds: number;
  readonly bufferMiB: number;
}

export interface FlinkFacts extends ResourceRef {
  readonly parallelism: number;
  readonly parallelismPerKpu: number;
  readonly autoScaling: boolean;
  readonly snapshots: boolean;
  readonly periodSeconds: number;
}

/** An event source mapping: the stream a function reads and how it batches. */
export interface StreamBatching {
  readonly stream: StreamName;
  readonly batchSize: number;
  readonly windowSeconds: number;
}

/** What invokes a function, which decides how often and how long it runs. */
export type FunctionRole =
  | { readonly kind: 'reportsWriter'; readonly batchSize: number }
  | {
      readonly kind: 'lakeWriter';
      readonly batches: readonly StreamBatching[];
    }
  | { readonly kind: 'api'; readonly api: ApiKind }
  | { readonly kind: 'fileRegistration' }
  | { readonly kind: 'compaction'; readonly everyMinutes: number }
  /** The freshness canary: a scheduled bid put on bcns, then a wait for its report row. */
  | { readonly kind: 'canary'; readonly everyMinutes: number }
  | {
      readonly kind: 'retrainStarter';
      /** Runs the regular schedule starts a month. */
      readonly scheduledRunsPerMonth: number;
      /** Checks for enough new labelled bids a month; each may start a run. */
      readonly dataChecksPerMonth: number;
      readonly minNewBids: number;
    }
  | { readonly kind: 'pipelineTask' }
  /** Custom-resource handlers and the like: invoked on deployments only. */
  | { readonly kind: 'deployOnly' };

export interface FunctionFacts extends ResourceRef {
  readonly memoryMiB: number;
  readonly architecture: 'arm64' | 'x86_64';
  readonly tracing: boolean;
  readonly role: FunctionRole;
}

export interface TableFacts extends ResourceRef {
  /** `reports`: a row per campaign and window; `rollups`: the per-day campaign totals the campaign list reads. */
  readonly kind: 'reports' | 'rollups';
  readonly onDemand: boolean;
  readonly pointInTimeRecovery: boolean;
}

export interface Deployment {
  readonly stacks: readonly string[];
  readonly streams: readonly StreamFacts[];
  readonly restApis: readonly RestApiFacts[];
  readonly firehoses: readonly FirehoseFacts[];
  readonly flinkApps: readonly FlinkFacts[];
  readonly functions: readonly FunctionFacts[];
  readonly tables: readonly TableFacts[];
  readonly pipelines: readonly PipelineFacts[];
  /** Days raw files live in the lake (the lifecycle rule on `raw/`); undefined = kept. */
  readonly rawRetentionDays?: number;
  /** The Athena workgroup's per-query scan cutoff, in bytes. */
  readonly athenaScanCutoffBytes?: number;
  readonly lakeBucket?: ResourceRef;
  /** Tables and databases in the Glue Data Catalog. */
  readonly catalogObjects: number;
  readonly alarms: readonly ResourceRef[];
  readonly customerManagedKeys: readonly ResourceRef[];
}

export function readDeployment(templates: Templates): Deployment {
  const set = new TemplateSet(templates);
  const streamOf = (value: unknown, stack: string) => streamName(set, set.target(value, stack));

  const firehoses = set.ofType('AWS::KinesisFirehose::DeliveryStream').map(({ stack, logicalId, resource }) => {
    const props = resource.Properties ?? {};
    const source = (props.KinesisStreamSourceConfiguration as Record<string, unknown> | undefined)?.KinesisStreamARN;
    const s3 = props.ExtendedS3DestinationConfiguration as Record<string, Record<string, unknown>>;
    const name = streamOf(source, stack);
    if (!name)
      throw new Error(`Firehose ${stack}/${logicalId} reads no platform stream; the cost model knows only those`);
    return {
      stack,
      logicalId,
      source: name,
      conversion: s3.DataFormatConversionConfiguration?.Enabled === true,
      bufferSeconds: Number(s3.BufferingHints?.IntervalInSeconds ?? 300),
      bufferMiB: Number(s3.BufferingHints?.SizeInMBs ?? 5),
    };
  });

  const flinkApps = set.ofType('AWS::KinesisAnalyticsV2::Application').map((app) => readFlink(app));
  const flinkReads = flinkApps.flatMap((app) => streamsReadByRole(set, app));
  const mappings = set.ofType('AWS::Lambda::EventSourceMapping').map(({ stack, resource }) => ({
    stream: streamOf(resource.Properties?.EventSourceArn, stack),
    fn: set.target(resource.Properties?.FunctionName, stack),
    batchSize: Number(resource.Properties?.BatchSize ?? 100),
    windowSeconds: Number(resource.Properties?.MaximumBatchingWindowInSeconds ?? 0),
  }));

  const streams = set.ofType('AWS::Kinesis::Stream').flatMap(({ stack, logicalId, resource }) => {
    const name = streamName(set, { stack, logicalId });
    if (!name) return [];
    const props = resource.Properties ?? {};
    const mode = ((props.StreamModeDetails as { StreamMode?: string } | undefined)?.StreamMode ??
      'PROVISIONED') as StreamFacts['mode'];
    const keyId = (props.StreamEncryption as { KeyId?: unknown } | undefined)?.KeyId;
    const consumers =
      firehoses.filter((f) => f.source === name).length +
      flinkReads.filter((read) => read === name).length +
      mappings.filter((m) => m.stream === name).length;
    return [
      {
        stack,
        logicalId,
        name,
        mode,
        shards: mode === 'PROVISIONED' ? Number(props.ShardCount ?? 1) : undefined,
        retentionHours: Number(props.RetentionPeriodHours ?? 24),
        consumers,
        customerManagedKey: keyId !== undefined && keyId !== 'alias/aws/kinesis',
      },
    ];
  });

  const restApis = readRestApis(set);
  const functions = readFunctions(set, restApis, mappings);
  const lakeBucket = set.ofType('AWS::S3::Bucket').find(({ resource }) => rawRule(resource) !== undefined);
  const workGroup = set.ofType('AWS::Athena::WorkGroup')[0];
  const cutoff = (workGroup?.resource.Properties?.WorkGroupConfiguration as Record<string, unknown> | undefined)
    ?.BytesScannedCutoffPerQuery;

  return {
    stacks: set.stacks,
    streams,
    restApis: restApis.map(({ handler: _handler, ...api }) => api),
    firehoses,
    flinkApps: flinkApps.map(({ role: _role, ...app }) => app),
    functions,
    tables: [...set.ofType('AWS::DynamoDB::GlobalTable'), ...set.ofType('AWS::DynamoDB::Table')].map(readTable),
    pipelines: set.ofType('AWS::StepFunctions::StateMachine').flatMap((machine) => readPipeline(machine)),
    rawRetentionDays: lakeBucket ? rawRule(lakeBucket.resource) : undefined,
    athenaScanCutoffBytes: cutoff === undefined ? undefined : Number(cutoff),
    lakeBucket: lakeBucket ? { stack: lakeBucket.stack, logicalId: lakeBucket.logicalId } : undefined,
    catalogObjects: set.ofType('AWS::Glue::Table').length + set.ofType('AWS::Glue::Database').length,
    alarms: set.ofType('AWS::CloudWatch::Alarm').map(({ stack, logicalId }) => ({ stack, logicalId })),
    customerManagedKeys: set.ofType('AWS::KMS::Key').map(({ stack, logicalId }) => ({ stack, logicalId })),
  };
}

/** The platform stream a resource is: the name of a Kinesis stream ends with `-<stream>`. */
function streamName(set: TemplateSet, ref: ResourceRef | undefined): StreamName | undefined {
  if (!ref) return undefined;
  const resource = set.get(ref);
  if (resource?.Type !== 'AWS::Kinesis::Stream') return undefined;
  const name = String(resource.Properties?.Name ?? '');
  return STREAM_NAMES.find((stream) => name === stream || name.endsWith(`-${stream}`));
}

function readFlink({ stack, logicalId, resource }: Located) {
  const config = resource.Properties?.ApplicationConfiguration as Record<string, Record<string, unknown>>;
  const flink = config.FlinkApplicationConfiguration as Record<string, Record<string, unknown>>;
  const parallelism = flink.ParallelismConfiguration ?? {};
  const groups = ((config.EnvironmentProperties?.PropertyGroups as unknown[]) ?? []) as {
    PropertyMap: Record<string, unknown>;
  }[];
  const period = groups.map((group) => group.PropertyMap['period.seconds']).find((value) => value !== undefined);
  return {
    stack,
    logicalId,
    role: resource.Properties?.ServiceExecutionRole,
    parallelism: Number(parallelism.Parallelism ?? 1),
    parallelismPerKpu: Number(parallelism.ParallelismPerKPU ?? 1),
    autoScaling: parallelism.AutoScalingEnabled !== false,
    snapshots: (config.ApplicationSnapshotConfiguration as { SnapshotsEnabled?: boolean })?.SnapshotsEnabled === true,
    periodSeconds: Number(period ?? 60),
  };
}

/** The streams a Flink application reads: those its role may call GetRecords on. */
function streamsReadByRole(set: TemplateSet, app: { stack: string; role: unknown }): StreamName[] {
  const role = set.target(app.role, app.stack);
  if (!role) return [];
  return set
    .statementsOf(role)
    .filter((statement) => statement.Action.includes('kinesis:GetRecords'))
    .flatMap((statement) => statement.Resource.map((resource) => streamName(set, set.target(resource, role.stack))))
    .filter((name): name is StreamName => name !== undefined);
}

function readRestApis(set: TemplateSet) {
  return set.ofType('AWS::ApiGateway::RestApi').map(({ stack, logicalId }) => {
    const methods = set
      .ofType('AWS::ApiGateway::Method')
      .filter(
        (method) =>
          method.stack === stack && set.target(method.resource.Properties?.RestApiId, stack)?.logicalId === logicalId,
      );
    const integrations = methods.map((method) => method.resource.Properties?.Integration as Record<string, unknown>);
    const stage = set
      .ofType('AWS::ApiGateway::Stage')
      .find((s) => s.stack === stack && set.target(s.resource.Properties?.RestApiId, stack)?.logicalId === logicalId);
    const handler = integrations
      .flatMap((integration) => set.targetsWithin(integration?.Uri, stack))
      .find((ref) => set.get(ref)?.Type === 'AWS::Lambda::Function');
    const kinesis = integrations.some((integration) =>
      JSON.stringify(integration?.Uri ?? '').includes('kinesis:action'),
    );
    const kind: ApiKind = kinesis
      ? 'ingestion'
      : handlerCalls(set, handler, 'sagemaker:InvokeEndpoint')
        ? 'predictions'
        : handlerCalls(set, handler, 'states:StartExecution')
          ? 'erasure'
          : 'reports';
    return {
      stack,
      logicalId,
      kind,
      handler,
      accessLogRetentionDays: accessLogRetention(set, stage),
      accessLogLineBytes: accessLogLineBytes(stage),
      tracing: stage?.resource.Properties?.TracingEnabled === true,
    };
  });
}

/** Typical widths of the `$context` variables an access-log format names (a request id is a UUID, ...). */
const CONTEXT_VARIABLE_BYTES: Readonly<Record<string, number>> = {
  requestId: 36,
  extendedRequestId: 16,
  'identity.sourceIp': 13,
  requestTime: 26,
  requestTimeEpoch: 13,
  httpMethod: 4,
  resourcePath: 12,
  path: 16,
  status: 3,
  protocol: 8,
  responseLength: 3,
  'identity.user': 1,
  'identity.caller': 1,
  'identity.userAgent': 40,
};
/** CloudWatch Logs bills each log event's bytes plus 26 bytes of metadata. */
const LOG_EVENT_OVERHEAD = 26;

/** The billed bytes of one access-log line: the format with each variable at its typical width. */
export function accessLogLineBytes(stage: Located | undefined): number | undefined {
  const format = (stage?.resource.Properties?.AccessLogSetting as { Format?: unknown } | undefined)?.Format;
  if (typeof format !== 'string') return undefined;
  const rendered = format.replace(/\$context\.([A-Za-z.]+)/g, (_, name: string) =>
    'x'.repeat(CONTEXT_VARIABLE_BYTES[name] ?? 8),
  );
  return Buffer.byteLength(rendered) + LOG_EVENT_OVERHEAD;
}

/** Retention of the log group a stage's access logs go to; 3,653 days (ten years) stands for "never expire". */
function accessLogRetention(set: TemplateSet, stage: Located | undefined): number | undefined {
  const setting = stage?.resource.Properties?.AccessLogSetting as { DestinationArn?: unknown } | undefined;
  if (!stage || !setting) return undefined;
  const group = set.target(setting.DestinationArn, stage.stack);
  const days = group ? set.get(group)?.Properties?.RetentionInDays : undefined;
  return days === undefined ? 3653 : Number(days);
}

function roleOf(set: TemplateSet, fn: ResourceRef | undefined): ResourceRef | undefined {
  return fn ? set.target(set.get(fn)?.Properties?.Role, fn.stack) : undefined;
}

function handlerCalls(set: TemplateSet, fn: ResourceRef | undefined, action: string): boolean {
  const role = roleOf(set, fn);
  return role !== undefined && set.statementsOf(role).some((statement) => statement.Action.includes(action));
}

function readFunctions(
  set: TemplateSet,
  apis: readonly (RestApiFacts & { handler?: ResourceRef })[],
  mappings: readonly { stream?: StreamName; fn?: ResourceRef; batchSize: number; windowSeconds: number }[],
): FunctionFacts[] {
  const same = (a: ResourceRef | undefined, b: ResourceRef) => a?.stack === b.stack && a.logicalId === b.logicalId;
  const rules = set.ofType('AWS::Events::Rule');
  const machines = set.ofType('AWS::StepFunctions::StateMachine');
  return set.ofType('AWS::Lambda::Function').map(({ stack, logicalId, resource }) => {
    const ref = { stack, logicalId };
    const props = resource.Properties ?? {};
    const targeting = rules.filter((rule) =>
      asArray(rule.resource.Properties?.Targets).some((target) =>
        same(set.target((target as { Arn: unknown }).Arn, rule.stack), ref),
      ),
    );
    const batches = mappings
      .filter((m) => same(m.fn, ref) && m.stream !== undefined)
      .map(({ stream, batchSize, windowSeconds }) => ({ stream: stream as StreamName, batchSize, windowSeconds }));
    const api = apis.find((a) => a.handler && same(a.handler, ref));
    const invokedByMachine = machines.some(
      (machine) =>
        machine.stack === stack &&
        set.targetsWithin(machine.resource.Properties?.DefinitionString, stack).some((r) => same(r, ref)),
    );
    const schedules = targeting
      .map((rule) => rule.resource.Properties?.ScheduleExpression)
      .filter((e): e is string => typeof e === 'string');
    let role: FunctionRole = { kind: 'deployOnly' };
    // The reports writer puts items in the report table; any other stream reader writes the lake.
    if (batches.length > 0 && handlerCalls(set, ref, 'dynamodb:PutItem')) {
      role = { kind: 'reportsWriter', batchSize: batches[0]?.batchSize ?? 100 };
    } else if (batches.length > 0) {
      role = { kind: 'lakeWriter', batches };
    } else if (api) role = { kind: 'api', api: api.kind };
    else if (targeting.some((rule) => rule.resource.Properties?.EventPattern !== undefined))
      role = { kind: 'fileRegistration' };
    else if (schedules.length > 0 && handlerCalls(set, ref, 'states:StartExecution')) {
      role = starterRole(targeting, props);
    } else if (schedules.length > 0) {
      const everyMinutes = (HOURS_PER_MONTH * 60) / scheduleRunsPerMonth(schedules[0] as string);
      role = handlerCalls(set, ref, 'kinesis:PutRecord')
        ? { kind: 'canary', everyMinutes }
        : { kind: 'compaction', everyMinutes };
    } else if (invokedByMachine) role = { kind: 'pipelineTask' };
    return {
      stack,
      logicalId,
      memoryMiB: Number(props.MemorySize ?? 128),
      architecture: asArray(props.Architectures).includes('arm64') ? 'arm64' : 'x86_64',
      tracing: (props.TracingConfig as { Mode?: string } | undefined)?.Mode === 'Active',
      role,
    };
  });
}

function readTable({ stack, logicalId, resource }: Located): TableFacts {
  const props = resource.Properties ?? {};
  const replicas = asArray(props.Replicas) as {
    PointInTimeRecoverySpecification?: { PointInTimeRecoveryEnabled?: boolean };
  }[];
  const pitr =
    (props.PointInTimeRecoverySpecification as { PointInTimeRecoveryEnabled?: boolean } | undefined)
      ?.PointInTimeRecoveryEnabled === true ||
    replicas.some((replica) => replica.PointInTimeRecoverySpecification?.PointInTimeRecoveryEnabled === true);
  const partitionKey = (asArray(props.KeySchema) as { AttributeName?: string; KeyType?: string }[]).find(
    (key) => key.KeyType === 'HASH',
  )?.AttributeName;
  return {
    stack,
    logicalId,
    kind: partitionKey === ROLLUP_KEYS.partitionKey ? 'rollups' : 'reports',
    onDemand: props.BillingMode === 'PAY_PER_REQUEST',
    pointInTimeRecovery: pitr,
  };
}

function rawRule(bucket: { Properties?: Record<string, unknown> }): number | undefined {
  const rules = ((bucket.Properties?.LifecycleConfiguration as { Rules?: unknown[] } | undefined)?.Rules ?? []) as {
    Prefix?: string;
    ExpirationInDays?: number;
  }[];
  // One rule per raw table (sdp:retentionDays): the longest prices the raw copy, conservatively.
  const days = rules.filter((rule) => rule.Prefix?.startsWith('raw/')).map((rule) => rule.ExpirationInDays ?? 0);
  return days.length > 0 ? Math.max(...days) : undefined;
}

/**
 * The retraining starter's triggers: rules whose input says `"trigger":"newData"` check for new
 * labelled bids (see lambda/ml/start-retraining.ts); the others start a run on schedule.
 */
function starterRole(rules: readonly Located[], props: Record<string, unknown>): FunctionRole {
  const isDataCheck = (rule: Located) => JSON.stringify(rule.resource.Properties?.Targets ?? '').includes('newData');
  const perMonth = (selected: readonly Located[]) =>
    selected.reduce((sum, rule) => sum + scheduleRunsPerMonth(String(rule.resource.Properties?.ScheduleExpression)), 0);
  const variables = (props.Environment as { Variables?: Record<string, unknown> } | undefined)?.Variables ?? {};
  return {
    kind: 'retrainStarter',
    scheduledRunsPerMonth: perMonth(rules.filter((rule) => !isDataCheck(rule))),
    dataChecksPerMonth: perMonth(rules.filter(isDataCheck)),
    minNewBids: Number(variables[PIPELINE_ENV.minNewBids] ?? Number.POSITIVE_INFINITY),
  };
}
