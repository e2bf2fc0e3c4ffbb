import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { encodeFeatures, toCsvFeatures, toCsvRow } from '../domain/ml/features.ts';
import { parseTrainingRow } from '../domain/ml/training-set.ts';
import { SERVICES } from '../domain/ops/metrics.ts';
import { instrumented, lambdaObservability } from '../observability/lambda-observability.ts';
import { csvRecords } from './athena-csv.ts';
import { checkLabelCounts, type LabelCounts, type Split, splitOf } from './dataset-split.ts';
import { PIPELINE_ENV, requireEnv } from './pipeline-config.ts';
import { parseS3Uri, type RunUris, runLayout, runUris } from './run-layout.ts';
import { S3ObjectWriter } from './s3-object-writer.ts';

export interface ExportEvent {
  /** The training-set query's result CSV, `s3://…/<query id>.csv`. */
  readonly resultsUri: string;
  /** The Step Functions execution name, which names the run's folder. */
  readonly runName: string;
}

export interface ExportResult extends RunUris {
  readonly labels: LabelCounts;
}

/**
 * Turns the training-set query's result into the run's SageMaker inputs (see run-layout.ts), every
 * row encoded by the shared features.ts, exactly as the predictions handler encodes a request.
 * Throws InsufficientTrainingDataError, writing nothing, when the rows cannot train a model.
 */
export function createExportHandler(s3: S3Client, bucket: string) {
  return async (event: ExportEvent): Promise<ExportResult> => {
    const layout = runLayout(event.runName);
    const source = parseS3Uri(event.resultsUri);
    const writer = (key: string, contentType: string) => new S3ObjectWriter(s3, bucket, key, contentType);
    const rows: Record<Exclude<Split, 'holdout'>, S3ObjectWriter> = {
      train: writer(layout.trainKey, 'text/csv'),
      validation: writer(layout.validationKey, 'text/csv'),
    };
    const holdoutFeatures = writer(layout.holdoutFeaturesKey, 'text/csv');
    const holdoutLabels = writer(layout.holdoutLabelsKey, 'text/plain');
    const writers = [rows.train, rows.validation, holdoutFeatures, holdoutLabels];
    const labels = {
      train: { positives: 0, negatives: 0 },
      validation: { positives: 0, negatives: 0 },
      holdout: { positives: 0, negatives: 0 },
    };
    try {
      const { Body } = await s3.send(new GetObjectCommand({ Bucket: source.bucket, Key: source.key }));
      for await (const record of csvRecords(Body as AsyncIterable<Uint8Array>)) {
        const bid = parseTrainingRow(record);
        const vector = encodeFeatures(bid.features);
        const split = splitOf(bid.txId);
        labels[split][bid.label === 1 ? 'positives' : 'negatives']++;
        if (split === 'holdout') {
          await holdoutFeatures.write(`${toCsvFeatures(vector)}\n`);
          await holdoutLabels.write(`${bid.label}\n`);
        } else {
          await rows[split].write(`${toCsvRow(bid.label, vector)}\n`);
        }
      }
      checkLabelCounts(labels);
      for (const file of writers) await file.close();
    } catch (error) {
      await Promise.allSettled(writers.map((file) => file.abort()));
      throw error;
    }
    return { ...runUris(bucket, layout), labels };
  };
}

let exportHandler: ReturnType<typeof createExportHandler> | undefined;

const observability = lambdaObservability(SERVICES.retraining);

export const handler = instrumented(observability, async (event: ExportEvent) => {
  exportHandler ??= createExportHandler(new S3Client({}), requireEnv(process.env, PIPELINE_ENV.bucket));
  return exportHandler(event);
});
