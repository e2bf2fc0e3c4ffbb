import { describe, expect, it } from 'vitest';
import {
  encodeFeatures,
  FEATURE_DIMENSION,
  fnv1a,
  fromPredictionInput,
  HASH_BUCKETS,
  toCsvFeatures,
  toCsvRow,
} from '../../../lambda/domain/ml/features.ts';

const BID = {
  campaign_item_id: 1463517,
  domain: 'www.google.com',
  creative_id: 'cr-80431',
  creative_category: 'IAB3-1',
  win_price: 1_250_000,
};

/** log1p(125 cents) against the 1.50 centre, over the 0.6 scale. */
const PRICE_125 = (Math.log1p(125) - Math.log1p(150)) / 0.6;

describe('encodeFeatures', () => {
  it('encodes a bid as four hashed categoricals and its standardised log price (pinned: changing it needs a new FEATURE_ENCODING_VERSION)', () => {
    // Act
    const vector = encodeFeatures(BID);

    // Assess
    expect(vector).toStrictEqual({ indices: [434, 505, 598, 853, HASH_BUCKETS], values: [1, 1, 1, 1, PRICE_125] });
    expect(PRICE_125).toBeCloseTo(-0.301663, 6);
  });

  it('gives a missing categorical a bucket of its own and flags a missing price', () => {
    // Act
    const vector = encodeFeatures({
      campaign_item_id: 7,
      domain: null,
      creative_id: null,
      creative_category: null,
      win_price: null,
    });

    // Assess
    expect(vector).toStrictEqual({ indices: [117, 221, 479, 623, HASH_BUCKETS + 1], values: [1, 1, 1, 1, 1] });
  });

  it('tells an empty string from a missing value and leaves a price at the centre implicit', () => {
    // Act
    const vector = encodeFeatures({
      campaign_item_id: 7,
      domain: '',
      creative_id: null,
      creative_category: null,
      win_price: 1_500_000,
    });

    // Assess
    expect(vector).toStrictEqual({ indices: [117, 221, 479, 985], values: [1, 1, 1, 1] });
  });

  it('namespaces the hash by field: the same text in two fields lands in different buckets', () => {
    // Act
    const vector = encodeFeatures({
      campaign_item_id: 1,
      domain: '1',
      creative_id: '1',
      creative_category: '1',
      win_price: null,
    });

    // Assess
    expect(vector.indices).toHaveLength(5);
  });

  it('encodes a predictions request exactly as the lake row of the same bid', () => {
    // Prepare
    const request = {
      campaignItemId: BID.campaign_item_id,
      domain: BID.domain,
      creativeId: BID.creative_id,
      creativeCategory: BID.creative_category,
      winPrice: BID.win_price,
    };

    // Act
    const fromRequest = encodeFeatures(fromPredictionInput(request));

    // Assess
    expect(fromRequest).toStrictEqual(encodeFeatures(BID));
  });

  it('maps absent optional request fields to the nulls the lake holds', () => {
    // Act
    const features = fromPredictionInput({ campaignItemId: 7, winPrice: 0 });

    // Assess
    expect(features).toStrictEqual({
      campaign_item_id: 7,
      domain: null,
      creative_id: null,
      creative_category: null,
      win_price: 0,
    });
  });
});

describe('fnv1a', () => {
  it.each([
    ['', 0x811c9dc5],
    ['a', 0xe40c292c],
    ['foobar', 0xbf9cf968],
  ])('hashes %j to the published FNV-1a 32-bit value', (text, hash) => {
    // Act & Assess
    expect(fnv1a(text)).toBe(hash);
  });

  it.each(['é', '日本', '😀 emoji', 'lone \ud800 high', 'lone \udc00 low', '\ud800\ud800'])(
    'hashes %j over the bytes TextEncoder gives',
    (text) => {
      // Prepare
      let expected = 0x811c9dc5;
      for (const byte of new TextEncoder().encode(text)) expected = Math.imul(expected ^ byte, 0x01000193);

      // Act & Assess
      expect(fnv1a(text)).toBe(expected >>> 0);
    },
  );
});

describe('CSV export', () => {
  it('writes a dense training row with the label first and six-decimal values', () => {
    // Act
    const row = toCsvRow(1, encodeFeatures(BID));

    // Assess
    const cells = row.split(',');
    expect(cells).toHaveLength(1 + FEATURE_DIMENSION);
    const nonZero = cells.flatMap((cell, i) => (cell === '0' ? [] : [[i, cell]]));
    expect(nonZero).toStrictEqual([
      [0, '1'],
      [435, '1'],
      [506, '1'],
      [599, '1'],
      [854, '1'],
      [HASH_BUCKETS + 1, '-0.301663'],
    ]);
  });

  it('writes inference rows as the training rows without their label', () => {
    // Prepare
    const vector = encodeFeatures(BID);

    // Act
    const features = toCsvFeatures(vector);

    // Assess
    expect(`0,${features}`).toBe(toCsvRow(0, vector));
  });
});
