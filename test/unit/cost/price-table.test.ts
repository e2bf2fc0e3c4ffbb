import { describe, expect, it } from 'vitest';
import {
  PRICED_SAGEMAKER_INSTANCES,
  PRICES,
  type Price,
  READ_ON,
  REGION,
  sageMakerInstanceHour,
  type TieredPrice,
  tieredCost,
} from '../../../cost/price-table.ts';

const allPrices = (): [string, Price | TieredPrice][] => [
  ...Object.entries(PRICES).flatMap(([service, prices]) =>
    Object.entries(prices).map(([name, p]) => [`${service}.${name}`, p] as [string, Price | TieredPrice]),
  ),
  ...PRICED_SAGEMAKER_INSTANCES.map((type) => [`sagemaker.${type}`, sageMakerInstanceHour(type)] as [string, Price]),
];

describe('the price table', () => {
  it('is dated (the day its pages were read) and priced for us-east-1', () => {
    expect(READ_ON).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(Number.isNaN(Date.parse(READ_ON))).toBe(false);
    expect(REGION).toBe('us-east-1');
  });

  it.each(allPrices())('%s names its AWS pricing page, how it was checked and what was read', (_, p) => {
    expect(p.source).toMatch(/^https:\/\/aws\.amazon\.com\/[a-z0-9/-]*pricing\//);
    expect(['AWS page copy', 'AWS blog or docs', 'third-party transcripts', 'not found in stored copies']).toContain(
      p.check,
    );
    expect(p.evidence.length).toBeGreaterThan(20);
    expect(p.unit.length).toBeGreaterThan(3);
    const figures = 'tiers' in p ? p.tiers.map((tier) => tier.usd) : [p.usd];
    for (const usd of figures) expect(usd).toBeGreaterThanOrEqual(0);
  });

  it('prices REST API calls in the account-wide tiers of the API Gateway page', () => {
    // The page's own example: 15 billion calls = 333M × $3.50 + 667M × $2.80 + 14B × $2.38 = $36,353.10.
    expect(tieredCost(PRICES.apiGateway.restRequests, 15e9, 1e6)).toBeCloseTo(36_353.1, 6);
    // Its other example: 5 million calls × $3.50 = $17.50.
    expect(tieredCost(PRICES.apiGateway.restRequests, 5e6, 1e6)).toBeCloseTo(17.5, 9);
    // Above 20 billion, $1.51 a million.
    expect(tieredCost(PRICES.apiGateway.restRequests, 21e9, 1e6)).toBeCloseTo(
      333 * 3.5 + 667 * 2.8 + 19_000 * 2.38 + 1_000 * 1.51,
      6,
    );
  });

  it('rejects a SageMaker instance type it has no price for, naming the file to add it to', () => {
    expect(sageMakerInstanceHour('ml.m5.large').usd).toBe(0.115);
    expect(() => sageMakerInstanceHour('ml.p4d.24xlarge')).toThrow(
      'The price table has no price for SageMaker instance type ml.p4d.24xlarge; add it to cost/price-table.ts',
    );
  });
});
