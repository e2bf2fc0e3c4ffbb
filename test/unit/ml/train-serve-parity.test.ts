import {
  InvokeEndpointCommand,
  type InvokeEndpointCommandOutput,
  SageMakerRuntimeClient,
} from '@aws-sdk/client-sagemaker-runtime';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { encodeFeatures, type FeatureVector, toCsvRow } from '../../../lambda/domain/ml/features.ts';
import {
  bindParameters,
  parseTrainingRow,
  trainingSetParameters,
  trainingSetQuery,
} from '../../../lambda/domain/ml/training-set.ts';
import { createPredictHandler } from '../../../lambda/predictions/predict.ts';
import { SageMakerScorer } from '../../../lambda/predictions/sagemaker-scorer.ts';
import { RECEIVED_AT } from '../../helpers/factories.ts';
import { duckDbLake } from './duckdb-lake.ts';

/** Two bids as the ingestion API received them: one with every field, one with only the required ones. */
const FULL = {
  tx_id: 'tx-full',
  campaign_item_id: 1463517,
  app_uid: 'app-1',
  domain: 'www.google.com',
  creative_id: 'cr-80431',
  creative_category: 'IAB3-1',
  win_price: 1_250_000,
};
const SPARSE = { tx_id: 'tx-sparse', campaign_item_id: 42, app_uid: 'app-2', win_price: 3_000_000 };

/** The lake path: the bids land in parquet_bcns, the training query reads them, the export encodes them. */
async function exportedRows(): Promise<Map<string, { vector: FeatureVector; csv: string }>> {
  const ts = RECEIVED_AT;
  const lake = await duckDbLake([
    { ...FULL, type: 'bid', timestamp: ts },
    { ...SPARSE, type: 'bid', timestamp: ts },
    { tx_id: 'tx-full', win_price: 700_000, type: 'imp', timestamp: ts + 1_000 },
    { tx_id: 'other', type: 'click', timestamp: ts + 3_600_000 },
  ]);
  try {
    const query = trainingSetQuery();
    const bids = (await lake.query(bindParameters(query.sql, trainingSetParameters(query, new Date(ts))))).map(
      parseTrainingRow,
    );
    return new Map(
      bids.map((bid) => {
        const vector = encodeFeatures(bid.features);
        return [bid.txId, { vector, csv: toCsvRow(bid.label, vector) }];
      }),
    );
  } finally {
    lake.close();
  }
}

describe('train/serve parity', () => {
  const sagemaker = mockClient(SageMakerRuntimeClient);
  afterEach(() => sagemaker.reset());

  it('encodes a bid on the predictions path exactly as the training export encodes it', async () => {
    // Prepare
    const exported = await exportedRows();
    const served: FeatureVector[] = [];
    const handler = createPredictHandler({
      score: async (rows) => {
        served.push(...rows);
        return rows.map(() => 0.5);
      },
    });
    const requests = [
      {
        campaignItemId: FULL.campaign_item_id,
        domain: FULL.domain,
        creativeId: FULL.creative_id,
        creativeCategory: FULL.creative_category,
        winPrice: FULL.win_price,
      },
      { campaignItemId: SPARSE.campaign_item_id, winPrice: SPARSE.win_price },
    ];

    // Act
    const result = await handler({ body: JSON.stringify(requests), isBase64Encoded: false });

    // Assess
    expect(result.statusCode).toBe(200);
    expect(served).toStrictEqual([exported.get('tx-full')?.vector, exported.get('tx-sparse')?.vector]);
  });

  it('sends SageMaker the CSV features the training export wrote for the same bid, minus the label', async () => {
    // Prepare
    const exported = await exportedRows();
    sagemaker.on(InvokeEndpointCommand).resolves({
      Body: new TextEncoder().encode(
        '{"predictions":[{"score":0.6,"predicted_label":1}]}',
      ) as InvokeEndpointCommandOutput['Body'],
    });
    const handler = createPredictHandler(new SageMakerScorer(new SageMakerRuntimeClient({}), 'endpoint'));

    // Act
    await handler({
      body: JSON.stringify({
        campaignItemId: FULL.campaign_item_id,
        domain: FULL.domain,
        creativeId: FULL.creative_id,
        creativeCategory: FULL.creative_category,
        winPrice: FULL.win_price,
      }),
      isBase64Encoded: false,
    });

    // Assess
    const sent = sagemaker.commandCalls(InvokeEndpointCommand)[0]?.args[0].input.Body;
    expect(`1,${sent}`).toBe(exported.get('tx-full')?.csv);
  });
});
