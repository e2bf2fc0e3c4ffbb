import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  GetObjectCommand,
  PutObjectCommand,
  S3Client,
  UploadPartCommand,
} from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { encodeFeatures, toCsvFeatures, toCsvRow } from '../../../lambda/domain/ml/features.ts';
import { isHoldout } from '../../../lambda/domain/ml/training-set.ts';
import { InsufficientTrainingDataError, splitOf } from '../../../lambda/ml/dataset-split.ts';
import { createExportHandler } from '../../../lambda/ml/export-training-set.ts';
import { S3ObjectWriter } from '../../../lambda/ml/s3-object-writer.ts';
import { txId } from '../../helpers/factories.ts';
import { s3Body } from './s3-body.ts';

const s3 = mockClient(S3Client);
afterEach(() => s3.reset());

const BUCKET = 'sdp-ml-pipeline';
const RUN = 'sdp-ml-retrain-20261122t1015';
const RESULTS_URI = 's3://sdp-athena-results/results/5f1e2a9c-0b7d-4c1e-9a43-1f6d2e8b7c10.csv';
const HEADER = '"tx_id","campaign_item_id","domain","creative_id","creative_category","win_price","label"';

interface Row {
  readonly seed: number;
  readonly label: 0 | 1;
  readonly domain: string | null;
  readonly winPrice: number | null;
}

/** Seeds whose tx_id falls in each split (checked in the first test). */
const TRAIN_WIN: Row = { seed: 1, label: 1, domain: 'www.google.com', winPrice: 1_250_000 };
const TRAIN_LOSS: Row = { seed: 2, label: 0, domain: null, winPrice: null };
const VALIDATION: Row = { seed: 8, label: 1, domain: 'news.example', winPrice: 900_000 };
const HOLDOUT_WIN: Row = { seed: 0, label: 1, domain: 'www.google.com', winPrice: 2_000_000 };
const HOLDOUT_LOSS: Row = { seed: 5, label: 0, domain: 'news.example', winPrice: 100_000 };

/** A row as Athena writes it: every value quoted, NULL as an empty unquoted field. */
const athenaLine = (row: Row) =>
  [
    txId(row.seed),
    '1463517',
    row.domain,
    'cr-80431',
    'IAB3-1',
    row.winPrice === null ? null : String(row.winPrice),
    String(row.label),
  ]
    .map((value) => (value === null ? '' : `"${value}"`))
    .join(',');

const vector = (row: Row) =>
  encodeFeatures({
    campaign_item_id: 1463517,
    domain: row.domain,
    creative_id: 'cr-80431',
    creative_category: 'IAB3-1',
    win_price: row.winPrice,
  });

function givenResults(rows: Row[]) {
  s3.on(GetObjectCommand, {
    Bucket: 'sdp-athena-results',
    Key: 'results/5f1e2a9c-0b7d-4c1e-9a43-1f6d2e8b7c10.csv',
  }).resolves({
    Body: s3Body(`${[HEADER, ...rows.map(athenaLine)].join('\n')}\n`, 4096),
  });
  s3.on(PutObjectCommand).resolves({});
}

const puts = () =>
  s3.commandCalls(PutObjectCommand).map(({ args: [{ input }] }) => ({
    Key: input.Key,
    ContentType: input.ContentType,
    Body: (input.Body as Buffer).toString('utf8'),
  }));

describe('export of the training set', () => {
  it('routes the fixture rows by the split of their tx_id', () => {
    expect(
      [TRAIN_WIN, TRAIN_LOSS, VALIDATION, HOLDOUT_WIN, HOLDOUT_LOSS].map((row) => splitOf(txId(row.seed))),
    ).toStrictEqual(['train', 'train', 'validation', 'holdout', 'holdout']);
  });

  it('writes training rows label first, and the holdout as features and labels, encoded by features.ts', async () => {
    // Prepare
    givenResults([HOLDOUT_WIN, TRAIN_WIN, VALIDATION, TRAIN_LOSS, HOLDOUT_LOSS]);
    const handler = createExportHandler(new S3Client({}), BUCKET);

    // Act
    await handler({ resultsUri: RESULTS_URI, runName: RUN });

    // Assess
    const root = `runs/${RUN}/`;
    expect(puts()).toStrictEqual([
      {
        Key: `${root}train/train.csv`,
        ContentType: 'text/csv',
        Body: `${toCsvRow(1, vector(TRAIN_WIN))}\n${toCsvRow(0, vector(TRAIN_LOSS))}\n`,
      },
      {
        Key: `${root}validation/validation.csv`,
        ContentType: 'text/csv',
        Body: `${toCsvRow(1, vector(VALIDATION))}\n`,
      },
      {
        Key: `${root}holdout/features.csv`,
        ContentType: 'text/csv',
        Body: `${toCsvFeatures(vector(HOLDOUT_WIN))}\n${toCsvFeatures(vector(HOLDOUT_LOSS))}\n`,
      },
      { Key: `${root}holdout-labels/labels.txt`, ContentType: 'text/plain', Body: '1\n0\n' },
    ]);
    expect(s3.commandCalls(PutObjectCommand).every(({ args: [{ input }] }) => input.Bucket === BUCKET)).toBe(true);
  });

  it('answers the run’s SageMaker inputs and outputs and the label counts of each split', async () => {
    // Prepare
    givenResults([HOLDOUT_WIN, TRAIN_WIN, VALIDATION, TRAIN_LOSS, HOLDOUT_LOSS]);

    // Act
    const result = await createExportHandler(new S3Client({}), BUCKET)({ resultsUri: RESULTS_URI, runName: RUN });

    // Assess
    const root = `s3://${BUCKET}/runs/${RUN}/`;
    expect(result).toStrictEqual({
      trainUri: `${root}train/`,
      validationUri: `${root}validation/`,
      holdoutFeaturesUri: `${root}holdout/features.csv`,
      holdoutLabelsUri: `${root}holdout-labels/labels.txt`,
      candidateScoresPrefix: `${root}scores/candidate/`,
      candidateScoresUri: `${root}scores/candidate/features.csv.out`,
      baselineScoresPrefix: `${root}scores/baseline/`,
      baselineScoresUri: `${root}scores/baseline/features.csv.out`,
      labels: {
        train: { positives: 1, negatives: 1 },
        validation: { positives: 1, negatives: 0 },
        holdout: { positives: 1, negatives: 1 },
      },
    });
  });

  it.each([
    [
      'the holdout has no lost bid',
      [TRAIN_WIN, TRAIN_LOSS, VALIDATION, HOLDOUT_WIN],
      'holdout has 1 won and 0 lost bids; it needs both',
    ],
    ['validation is empty', [TRAIN_WIN, TRAIN_LOSS, HOLDOUT_WIN, HOLDOUT_LOSS], 'validation is empty'],
    [
      'the lake holds no labelled bid',
      [],
      'train has 0 won and 0 lost bids; it needs both; holdout has 0 won and 0 lost bids; it needs both; validation is empty',
    ],
  ])('rejects with InsufficientTrainingDataError and writes nothing when %s', async (_case, rows, problems) => {
    // Prepare
    givenResults(rows);
    const handler = createExportHandler(new S3Client({}), BUCKET);

    // Act
    const exported = handler({ resultsUri: RESULTS_URI, runName: RUN });

    // Assess
    await expect(exported).rejects.toThrow(InsufficientTrainingDataError);
    await expect(exported).rejects.toThrow(`Not enough labelled bids to train: ${problems}`);
    expect(s3.commandCalls(PutObjectCommand)).toHaveLength(0);
  });

  it('rejects a run name that cannot name a folder', async () => {
    await expect(
      createExportHandler(new S3Client({}), BUCKET)({ resultsUri: RESULTS_URI, runName: '../other' }),
    ).rejects.toThrow(`runName must be 1-80 letters, digits or '-'. Received "../other"`);
  });
});

describe('splitOf', () => {
  it('holds out the shared 20% of bids and validates on 10% of the rest, the same way every run', () => {
    // Prepare
    const txIds = Array.from({ length: 100_000 }, (_, i) => `tx-${i}`);

    // Act
    const splits = txIds.map(splitOf);

    // Assess
    const count = (split: string) => splits.filter((s) => s === split).length;
    expect([count('holdout'), count('validation'), count('train')]).toStrictEqual([19_961, 7_990, 72_049]);
    expect(txIds.every((id, i) => (splits[i] === 'holdout') === isHoldout(id))).toBe(true);
    expect(txIds.map(splitOf)).toStrictEqual(splits);
  });
});

describe('S3ObjectWriter', () => {
  const MIB = 1024 * 1024;

  it('uploads an object larger than a part in parts of at least the part size, in order', async () => {
    // Prepare
    s3.on(CreateMultipartUploadCommand).resolves({ UploadId: 'upload-1' });
    s3.on(UploadPartCommand).callsFake((input) => ({ ETag: `"etag-${input.PartNumber}"` }));
    s3.on(CompleteMultipartUploadCommand).resolves({});
    const writer = new S3ObjectWriter(new S3Client({}), BUCKET, 'runs/r/train/train.csv', 'text/csv', 5 * MIB);

    // Act
    for (const fill of ['a', 'b', 'c']) await writer.write(fill.repeat(3 * MIB));
    await writer.close();

    // Assess
    expect(s3.commandCalls(CreateMultipartUploadCommand).map((call) => call.args[0].input)).toStrictEqual([
      { Bucket: BUCKET, Key: 'runs/r/train/train.csv', ContentType: 'text/csv' },
    ]);
    expect(
      s3
        .commandCalls(UploadPartCommand)
        .map(({ args: [{ input }] }) => [input.PartNumber, (input.Body as Buffer).length]),
    ).toStrictEqual([
      [1, 6 * MIB],
      [2, 3 * MIB],
    ]);
    expect(s3.commandCalls(CompleteMultipartUploadCommand).map((call) => call.args[0].input)).toStrictEqual([
      {
        Bucket: BUCKET,
        Key: 'runs/r/train/train.csv',
        UploadId: 'upload-1',
        MultipartUpload: {
          Parts: [
            { ETag: '"etag-1"', PartNumber: 1 },
            { ETag: '"etag-2"', PartNumber: 2 },
          ],
        },
      },
    ]);
    expect(s3.commandCalls(PutObjectCommand)).toHaveLength(0);
  });

  it('aborts an unfinished multipart upload', async () => {
    // Prepare
    s3.on(CreateMultipartUploadCommand).resolves({ UploadId: 'upload-2' });
    s3.on(UploadPartCommand).resolves({ ETag: '"etag-1"' });
    const writer = new S3ObjectWriter(new S3Client({}), BUCKET, 'runs/r/train/train.csv', 'text/csv', 5 * MIB);
    await writer.write('x'.repeat(5 * MIB));

    // Act
    await writer.abort();

    // Assess
    expect(s3.commandCalls(AbortMultipartUploadCommand).map((call) => call.args[0].input)).toStrictEqual([
      { Bucket: BUCKET, Key: 'runs/r/train/train.csv', UploadId: 'upload-2' },
    ]);
    expect(s3.commandCalls(CompleteMultipartUploadCommand)).toHaveLength(0);
  });

  it('rejects parts smaller than S3 allows', () => {
    expect(() => new S3ObjectWriter(new S3Client({}), BUCKET, 'k', 'text/csv', 1024)).toThrow(
      'partBytes must be at least 5242880. Received 1024',
    );
  });
});
