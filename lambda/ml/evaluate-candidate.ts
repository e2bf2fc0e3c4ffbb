import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { FEATURE_ENCODING_VERSION } from '../domain/ml/features.ts';
import { auc, logLoss } from '../domain/ml/metrics.ts';
import { type GateDecision, gateModel, type ModelMetrics } from '../domain/ml/model-gate.ts';
import { evaluationPoints, SERVICES } from '../domain/ops/metrics.ts';
import { instrumented, lambdaObservability } from '../observability/lambda-observability.ts';
import { parseS3Uri, type RunUris } from './run-layout.ts';

/** What the pipeline stores in SSM about the model the endpoint serves. */
export interface ModelRecord {
  readonly modelName: string;
  readonly endpointConfigName: string;
  readonly trainingJobName: string;
  /** The features.ts encoding the model was trained on; a model of another encoding is never compared. */
  readonly encodingVersion: number;
  /** Its metrics on the holdout of the run that deployed it. */
  readonly holdoutMetrics: ModelMetrics;
  readonly evaluatedAt: string;
}

export interface EvaluateEvent {
  readonly dataset: Pick<RunUris, 'holdoutLabelsUri' | 'candidateScoresUri' | 'baselineScoresUri'>;
  /** The run's name: its training job, model and endpoint config all carry it. */
  readonly runName: string;
  /** Whether the serving model scored the same holdout (there is one, and it uses this encoding). */
  readonly baselineScored: boolean;
}

export interface Evaluation extends GateDecision {
  readonly candidate: ModelMetrics;
  readonly baseline: ModelMetrics | null;
  /** The record to store when the candidate is deployed. */
  readonly record: ModelRecord;
}

/**
 * The quality gate of the pipeline (SPEC.md §8): scores the batch-transform outputs of the candidate
 * and of the serving model on the same holdout with the shared metrics, and decides with the shared
 * gate, exactly as the local trainer does.
 */
export function createEvaluateHandler(s3: S3Client, now: () => Date = () => new Date()) {
  const text = async (uri: string) => {
    const { bucket, key } = parseS3Uri(uri);
    const { Body } = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    if (!Body) throw new Error(`${uri} has no body`);
    return Body.transformToString('utf8');
  };
  return async (event: EvaluateEvent): Promise<Evaluation> => {
    const labels = parseLabels(await text(event.dataset.holdoutLabelsUri));
    const metricsOf = async (uri: string): Promise<ModelMetrics> => {
      const scores = parseScores(await text(uri), uri);
      if (scores.length !== labels.length) {
        throw new Error(`${uri} has ${scores.length} scores for ${labels.length} holdout rows`);
      }
      return { auc: auc(labels, scores), logLoss: logLoss(labels, scores) };
    };
    const candidate = await metricsOf(event.dataset.candidateScoresUri);
    const baseline = event.baselineScored ? await metricsOf(event.dataset.baselineScoresUri) : null;
    const decision = gateModel(candidate, baseline ?? undefined);
    return {
      ...decision,
      candidate,
      baseline,
      record: {
        modelName: event.runName,
        endpointConfigName: event.runName,
        trainingJobName: event.runName,
        encodingVersion: FEATURE_ENCODING_VERSION,
        holdoutMetrics: candidate,
        evaluatedAt: now().toISOString(),
      },
    };
  };
}

function parseLabels(text: string): number[] {
  return lines(text).map((line, i) => {
    if (line !== '0' && line !== '1') throw new Error(`holdout label ${i} is "${line}", not 0 or 1`);
    return Number(line);
  });
}

/** The linear learner's `application/jsonlines` answers: `{"score":0.31,"predicted_label":0}` per row. */
function parseScores(text: string, uri: string): number[] {
  return lines(text).map((line, i) => {
    const score = (JSON.parse(line) as { score?: unknown }).score;
    if (typeof score !== 'number' || !(score >= 0 && score <= 1)) {
      throw new Error(`${uri} line ${i + 1} has no score between 0 and 1: ${line.slice(0, 200)}`);
    }
    return score;
  });
}

function lines(text: string): string[] {
  return text.split('\n').filter((line) => line.trim() !== '');
}

let evaluateHandler: ReturnType<typeof createEvaluateHandler> | undefined;
const observability = lambdaObservability(SERVICES.retraining);

/** The gate's inputs and decision become the holdout AUC/log loss and promoted/rejected metrics. */
export const handler = instrumented(observability, async (event: EvaluateEvent) => {
  evaluateHandler ??= createEvaluateHandler(new S3Client({}));
  const evaluation = await evaluateHandler(event);
  observability.sink.record(evaluationPoints(evaluation.candidate, evaluation.baseline, evaluation.accept));
  observability.logger.info('Candidate evaluated', {
    runName: event.runName,
    accept: evaluation.accept,
    reason: evaluation.reason,
    candidate: evaluation.candidate,
    baseline: evaluation.baseline,
  });
  return evaluation;
});
