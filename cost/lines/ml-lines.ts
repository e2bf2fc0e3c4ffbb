import { GIB, type LineContext, type LineItem, line, SECONDS_PER_MONTH } from '../cost-model.ts';
import type { FunctionFacts } from '../deployment.ts';
import type { PipelineFacts } from '../deployment-pipeline.ts';
import { PRICES, sageMakerInstanceHour } from '../price-table.ts';
import { HOURS_PER_MONTH } from '../templates.ts';
import { lakeBytes } from './lake-volumes.ts';
import { labelled } from './line-helpers.ts';

const TIB = 1024 ** 4;
const ATHENA_MINIMUM_BYTES = 10 * 1024 ** 2;

/** The retraining starter of a deployment, if it has one. */
function starterOf(context: LineContext): FunctionFacts | undefined {
  return context.deployment.functions.find((fn) => fn.role.kind === 'retrainStarter');
}

/**
 * Retraining runs a month that train a model. The schedule starts its runs; each data check starts
 * one more once `minNewBids` labelled bids arrived; one run at a time, so no more runs than fit in
 * the month. Without traffic a run stops at "Not enough labelled data" before training.
 */
export function retrainingRuns(context: LineContext): number {
  const starter = starterOf(context);
  if (starter?.role.kind !== 'retrainStarter' || context.volumes.bids === 0) return 0;
  const { scheduledRunsPerMonth, dataChecksPerMonth, minNewBids } = starter.role;
  const byData = Math.min(context.volumes.bids / minNewBids, dataChecksPerMonth);
  const fit = (HOURS_PER_MONTH * 60) / runMinutes(context);
  return Math.min(scheduledRunsPerMonth + byData, fit);
}

/** Minutes a run takes: query and export, training, the holdout transforms, and a deployment when accepted. */
export function runMinutes(context: LineContext): number {
  const a = context.workload.assumptions;
  return 5 + a.trainingMinutes + a.transformMinutes + a.acceptedRunShare * a.endpointUpdateMinutes;
}

/** Bytes one run's training-set query scans: the window's bcns Parquet, cut off at the workgroup limit. */
function trainingQueryBytes(context: LineContext): number {
  const perDay = lakeBytes(context, 'bcns').parquet / (HOURS_PER_MONTH / 24);
  const scanned = Math.max(perDay * context.workload.assumptions.trainingWindowDays, ATHENA_MINIMUM_BYTES);
  return Math.min(scanned, context.deployment.athenaScanCutoffBytes ?? Number.POSITIVE_INFINITY);
}

/** SageMaker jobs and endpoint, the state machine's transitions, and the pipeline's Athena queries. */
export function mlLines(context: LineContext): LineItem[] {
  return context.deployment.pipelines.flatMap((pipeline) => pipelineLines(context, pipeline));
}

function pipelineLines(context: LineContext, pipeline: PipelineFacts): LineItem[] {
  const a = context.workload.assumptions;
  const runs = retrainingRuns(context);
  const ref = labelled(pipeline, 'SageMaker', 'retraining pipeline');
  const hourly = (type: string) => sageMakerInstanceHour(type).usd;
  const items = [
    line(
      ref,
      `training (${pipeline.training.instanceType}, ${runs.toFixed(0)} runs × ${a.trainingMinutes} min)`,
      (runs * a.trainingMinutes * pipeline.training.instanceCount) / 60,
      'instance-hours',
      hourly(pipeline.training.instanceType),
    ),
    ...pipeline.transforms.map((transform, i) =>
      line(
        ref,
        `batch transform ${i + 1} (${transform.instanceType}, ${a.transformMinutes} min a run)`,
        (runs * a.transformMinutes * transform.instanceCount) / 60,
        'instance-hours',
        hourly(transform.instanceType),
      ),
    ),
    ...endpointLines(context, pipeline),
    line(
      { ...ref, service: 'Step Functions', resource: 'retraining state machine' },
      'state transitions',
      (runs * (pipeline.states + 3 * a.acceptedRunShare * a.endpointUpdateMinutes)) / 1000,
      'thousand transitions',
      PRICES.stepFunctions.stateTransitions.usd,
    ),
    line(
      { ...ref, service: 'Athena', resource: 'training-set query' },
      'TB scanned by the training-set query',
      (runs * pipeline.athenaQueries * trainingQueryBytes(context)) / TIB,
      'TB',
      PRICES.athena.scannedTB.usd,
    ),
  ];
  const starter = starterOf(context);
  if (starter?.role.kind === 'retrainStarter' && context.volumes.events > 0) {
    // Each check counts bids labelled since the last run: at least Athena's 10 MB minimum.
    const perCheck = Math.max(
      ATHENA_MINIMUM_BYTES,
      (lakeBytes(context, 'bcns').parquet / starter.role.dataChecksPerMonth) * 0.1,
    );
    items.push(
      line(
        labelled(starter, 'Athena', 'new-data check'),
        'TB scanned counting new labelled bids',
        (starter.role.dataChecksPerMonth * perCheck) / TIB,
        'TB',
        PRICES.athena.scannedTB.usd,
      ),
    );
  }
  if (runs > 0 && runs * runMinutes(context) >= HOURS_PER_MONTH * 60 * 0.999) {
    context.warn(
      `Retraining runs back to back (${runs.toFixed(0)} a month): ${context.volumes.bids.toExponential(2)} bids a month reach the new-data threshold at every check`,
    );
  }
  return items;
}

function endpointLines(context: LineContext, pipeline: PipelineFacts): LineItem[] {
  const ref = labelled(pipeline, 'SageMaker', 'predictions endpoint');
  const endpoint = pipeline.endpoint;
  if (endpoint.kind === 'instance') {
    return [
      line(
        ref,
        `real-time endpoint (${endpoint.instanceCount} × ${endpoint.instanceType}, always on)`,
        endpoint.instanceCount * HOURS_PER_MONTH,
        'instance-hours',
        sageMakerInstanceHour(endpoint.instanceType).usd,
      ),
    ];
  }
  const { predictions } = context.volumes;
  const { inferenceMs, inferenceBytes } = context.workload.assumptions;
  const concurrent = (predictions / SECONDS_PER_MONTH) * (inferenceMs / 1000);
  if (concurrent > endpoint.maxConcurrency * 0.5) {
    context.warn(
      `Serverless Inference averages ${concurrent.toFixed(1)} concurrent invocations against a maximum of ${endpoint.maxConcurrency}: peaks would be throttled`,
    );
  }
  return [
    line(
      ref,
      `serverless compute (${endpoint.memoryMiB} MB × ${inferenceMs} ms a prediction)`,
      predictions * (inferenceMs / 1000) * (endpoint.memoryMiB / 1024),
      'GB-seconds',
      PRICES.sagemaker.serverlessGBSecond.usd,
    ),
    line(
      ref,
      'serverless data processed',
      (predictions * inferenceBytes) / GIB,
      'GB',
      PRICES.sagemaker.serverlessDataGB.usd,
    ),
  ];
}
