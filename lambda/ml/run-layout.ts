/**
 * Where a run keeps its data in the pipeline bucket, under `runs/<execution name>/`: the linear
 * learner's `train` and `validation` channels (label first, no header), the holdout's features and
 * labels as separate files (batch transform scores features only), and the transform outputs.
 */
export interface RunLayout {
  readonly trainKey: string;
  readonly validationKey: string;
  readonly holdoutFeaturesKey: string;
  readonly holdoutLabelsKey: string;
  /** Batch transform writes `<input file name>.out` under its output path. */
  readonly candidateScoresKey: string;
  readonly baselineScoresKey: string;
}

/** The layout's S3 URIs, as the state machine passes them to SageMaker. */
export interface RunUris {
  readonly trainUri: string;
  readonly validationUri: string;
  readonly holdoutFeaturesUri: string;
  readonly holdoutLabelsUri: string;
  /** Transform output paths, and the objects the transforms write there. */
  readonly candidateScoresPrefix: string;
  readonly candidateScoresUri: string;
  readonly baselineScoresPrefix: string;
  readonly baselineScoresUri: string;
}

export const RUNS_PREFIX = 'runs/';
const HOLDOUT_FEATURES_FILE = 'features.csv';

export function runLayout(runName: string): RunLayout {
  if (!/^[A-Za-z0-9-]{1,80}$/.test(runName)) {
    throw new Error(`runName must be 1-80 letters, digits or '-'. Received "${runName}"`);
  }
  const root = `${RUNS_PREFIX}${runName}/`;
  return {
    trainKey: `${root}train/train.csv`,
    validationKey: `${root}validation/validation.csv`,
    holdoutFeaturesKey: `${root}holdout/${HOLDOUT_FEATURES_FILE}`,
    holdoutLabelsKey: `${root}holdout-labels/labels.txt`,
    candidateScoresKey: `${root}scores/candidate/${HOLDOUT_FEATURES_FILE}.out`,
    baselineScoresKey: `${root}scores/baseline/${HOLDOUT_FEATURES_FILE}.out`,
  };
}

export function runUris(bucket: string, layout: RunLayout): RunUris {
  const uri = (key: string) => `s3://${bucket}/${key}`;
  const directory = (key: string) => uri(key.slice(0, key.lastIndexOf('/') + 1));
  return {
    trainUri: directory(layout.trainKey),
    validationUri: directory(layout.validationKey),
    holdoutFeaturesUri: uri(layout.holdoutFeaturesKey),
    holdoutLabelsUri: uri(layout.holdoutLabelsKey),
    candidateScoresPrefix: directory(layout.candidateScoresKey),
    candidateScoresUri: uri(layout.candidateScoresKey),
    baselineScoresPrefix: directory(layout.baselineScoresKey),
    baselineScoresUri: uri(layout.baselineScoresKey),
  };
}

/** Bucket and key of an `s3://bucket/key` URI. */
export function parseS3Uri(uri: string): { bucket: string; key: string } {
  const match = /^s3:\/\/([^/]+)\/(.+)$/.exec(uri);
  if (!match) throw new Error(`Not an s3://bucket/key URI: "${uri}"`);
  return { bucket: match[1] as string, key: match[2] as string };
}
