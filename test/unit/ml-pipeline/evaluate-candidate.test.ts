import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { FEATURE_ENCODING_VERSION } from '../../../lambda/domain/ml/features.ts';
import { auc, logLoss } from '../../../lambda/domain/ml/metrics.ts';
import { gateModel } from '../../../lambda/domain/ml/model-gate.ts';
import { createEvaluateHandler, type EvaluateEvent } from '../../../lambda/ml/evaluate-candidate.ts';
import { s3Body } from './s3-body.ts';

const s3 = mockClient(S3Client);
afterEach(() => s3.reset());

const RUN = 'sdp-ml-retrain-20261122t1015';
const ROOT = `runs/${RUN}/`;
const EVALUATED_AT = new Date('2026-11-22T10:41:07.000Z');
const LABELS = [1, 0, 1, 0, 0];
/** The candidate ranks every win above every loss; the serving model mixes them up. */
const CANDIDATE = [0.81, 0.12, 0.64, 0.3, 0.08];
const BASELINE = [0.55, 0.6, 0.4, 0.2, 0.5];

const event = (baselineScored: boolean): EvaluateEvent => ({
  dataset: {
    holdoutLabelsUri: `s3://sdp-ml-pipeline/${ROOT}holdout-labels/labels.txt`,
    candidateScoresUri: `s3://sdp-ml-pipeline/${ROOT}scores/candidate/features.csv.out`,
    baselineScoresUri: `s3://sdp-ml-pipeline/${ROOT}scores/baseline/features.csv.out`,
  },
  runName: RUN,
  baselineScored,
});

/** Batch transform output of the linear learner in application/jsonlines. */
const jsonLines = (scores: number[]) =>
  scores.map((score) => `${JSON.stringify({ score, predicted_label: score >= 0.5 ? 1 : 0 })}\n`).join('');

function givenObjects(objects: Record<string, string>) {
  for (const [key, text] of Object.entries(objects)) {
    s3.on(GetObjectCommand, { Bucket: 'sdp-ml-pipeline', Key: `${ROOT}${key}` }).resolves({ Body: s3Body(text) });
  }
}

describe('evaluation of the candidate', () => {
  it('compares the candidate with the serving model on the same holdout, by the shared metrics and gate', async () => {
    // Prepare
    givenObjects({
      'holdout-labels/labels.txt': `${LABELS.join('\n')}\n`,
      'scores/candidate/features.csv.out': jsonLines(CANDIDATE),
      'scores/baseline/features.csv.out': jsonLines(BASELINE),
    });
    const candidate = { auc: auc(LABELS, CANDIDATE), logLoss: logLoss(LABELS, CANDIDATE) };
    const baseline = { auc: auc(LABELS, BASELINE), logLoss: logLoss(LABELS, BASELINE) };

    // Act
    const evaluation = await createEvaluateHandler(new S3Client({}), () => EVALUATED_AT)(event(true));

    // Assess
    expect(candidate.auc).toBe(1);
    expect(evaluation).toStrictEqual({
      ...gateModel(candidate, baseline),
      accept: true,
      candidate,
      baseline,
      record: {
        modelName: RUN,
        endpointConfigName: RUN,
        trainingJobName: RUN,
        encodingVersion: FEATURE_ENCODING_VERSION,
        holdoutMetrics: candidate,
        evaluatedAt: '2026-11-22T10:41:07.000Z',
      },
    });
  });

  it('rejects a candidate that scores worse than the serving model', async () => {
    // Prepare
    givenObjects({
      'holdout-labels/labels.txt': `${LABELS.join('\n')}\n`,
      'scores/candidate/features.csv.out': jsonLines(BASELINE),
      'scores/baseline/features.csv.out': jsonLines(CANDIDATE),
    });

    // Act
    const evaluation = await createEvaluateHandler(new S3Client({}), () => EVALUATED_AT)(event(true));

    // Assess
    expect(evaluation.accept).toBe(false);
    expect(evaluation.reason).toBe('candidate AUC 0.5000 is below the current 1.0000 by more than 0.002');
  });

  it('accepts a first model on its own metrics, reading no baseline', async () => {
    // Prepare
    givenObjects({
      'holdout-labels/labels.txt': `${LABELS.join('\n')}\n`,
      'scores/candidate/features.csv.out': jsonLines(CANDIDATE),
    });

    // Act
    const evaluation = await createEvaluateHandler(new S3Client({}), () => EVALUATED_AT)(event(false));

    // Assess
    expect(evaluation).toMatchObject({ accept: true, baseline: null });
    expect(evaluation.reason).toMatch(/^first model \(AUC 1\.0000, log loss /);
    expect(s3.commandCalls(GetObjectCommand).map((call) => call.args[0].input.Key)).toStrictEqual([
      `${ROOT}holdout-labels/labels.txt`,
      `${ROOT}scores/candidate/features.csv.out`,
    ]);
  });

  it('fails when the scores do not line up with the holdout', async () => {
    givenObjects({
      'holdout-labels/labels.txt': `${LABELS.join('\n')}\n`,
      'scores/candidate/features.csv.out': jsonLines(CANDIDATE.slice(1)),
    });
    await expect(createEvaluateHandler(new S3Client({}))(event(false))).rejects.toThrow(
      `s3://sdp-ml-pipeline/${ROOT}scores/candidate/features.csv.out has 4 scores for 5 holdout rows`,
    );
  });

  it('fails on an answer without a probability', async () => {
    givenObjects({
      'holdout-labels/labels.txt': '1\n',
      'scores/candidate/features.csv.out': '{"predicted_label":1}\n',
    });
    await expect(createEvaluateHandler(new S3Client({}))(event(false))).rejects.toThrow(
      'features.csv.out line 1 has no score between 0 and 1: {"predicted_label":1}',
    );
  });
});
