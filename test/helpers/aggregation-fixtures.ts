import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AggregationSettings } from '../../lambda/domain/aggregation/aggregation-config.ts';
import type { Aggregate, JoinedClick, JoinedImpression } from '../../lambda/domain/aggregation/aggregation-records.ts';

/** One shared test vector: the contract between the TypeScript core and the Flink job. */
export interface AggregationFixture {
  readonly description: string;
  readonly config: AggregationSettings;
  /** In arrival order: a bcns event, a raw record string, or a watermark; end of input closes everything. */
  readonly input: readonly ({ event: Record<string, unknown> } | { raw: string } | { watermark: number })[];
  readonly expected: {
    /** Every aggregate emitted, corrections included, sorted by campaign, period, version. */
    readonly aggregates: Aggregate[];
    readonly impressions: JoinedImpression[];
    readonly clicks: JoinedClick[];
    readonly dropped: { readonly malformed: number; readonly duplicates: number; readonly late: number };
  };
}

export const FIXTURE_DIR = new URL('../fixtures/aggregation/', import.meta.url);

export function loadAggregationFixtures(): [string, AggregationFixture][] {
  return readdirSync(FIXTURE_DIR)
    .filter((file) => file.endsWith('.json'))
    .sort()
    .map((file) => [file.replace(/\.json$/, ''), JSON.parse(readFileSync(join(FIXTURE_DIR.pathname, file), 'utf8'))]);
}
