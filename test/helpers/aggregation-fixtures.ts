import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AggregationSettings } from '../../lambda/domain/aggregation/aggregation-config.ts';
import type { Aggregate, JoinedClick, JoinedImpression } from '../../lambda/domain/aggregation/aggregation-records.ts';
import type { FailedEventDraft } from '../../lambda/domain/failed-events/failed-event.ts';

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
    /** Every record set aside, without the stage's wall-clock `timestamp`, sorted by {@link compareFailedEvents}. */
    readonly failed_events: FailedEventDraft[];
  };
}

export const FIXTURE_DIR = new URL('../fixtures/aggregation/', import.meta.url);

export function loadAggregationFixtures(): [string, AggregationFixture][] {
  return readdirSync(FIXTURE_DIR)
    .filter((file) => file.endsWith('.json'))
    .sort()
    .map((file) => [file.replace(/\.json$/, ''), JSON.parse(readFileSync(join(FIXTURE_DIR.pathname, file), 'utf8'))]);
}

/** The order failed events are compared in (FixtureOutputs in the Java suite sorts the same way). */
export function compareFailedEvents(a: FailedEventDraft, b: FailedEventDraft): number {
  return (
    byCodeUnits(a.reason, b.reason) ||
    byCodeUnits(a.tx_id ?? '', b.tx_id ?? '') ||
    byCodeUnits(a.type ?? '', b.type ?? '') ||
    byCodeUnits(a.event, b.event)
  );
}

/** Java's String.compareTo, so both suites agree on the order whatever the locale. */
function byCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
