/**
 * The pipeline-health panel's rows from `GET /health`, the source `sdp status` reads too. Pure: two
 * samples in (a rate needs two), rows out.
 *
 * Today's `/health` carries the processor's watermark and counters and the lake writers' counters;
 * what it does not carry yet (lake freshness, the last compaction) shows as not reported.
 */
import { formatCount, formatDuration, formatInstant } from './format.ts';
import { iso } from './time-range.ts';

export interface HealthSample {
  /** When the answer arrived, epoch ms. */
  readonly at: number;
  readonly httpStatus: number;
  readonly body: unknown;
}

export type HealthState = 'ok' | 'warn' | 'unknown';

export interface HealthRow {
  readonly id: 'ingest' | 'lag' | 'window' | 'lake' | 'compaction' | 'failed';
  readonly label: string;
  readonly value: string;
  readonly state: HealthState;
}

export interface HealthView {
  readonly status: 'ok' | 'degraded' | 'unknown';
  /** The components `/health` names as failing (a full disk, a stuck consumer). */
  readonly failing: readonly string[];
  readonly rows: readonly HealthRow[];
}

export interface AggregationTiming {
  readonly periodSeconds: number;
  readonly allowedLatenessSeconds: number;
}

interface HealthBody {
  status?: string;
  failing?: string[];
  watermark?: string | null;
  aggregation?: { records?: number; malformed?: number; lateDropped?: number };
  lake?: Record<string, { rejected?: number }>;
}

export function healthView(
  current: HealthSample,
  previous: HealthSample | undefined,
  timing: AggregationTiming,
): HealthView {
  const body = (current.body ?? {}) as HealthBody;
  const before = previous?.body as HealthBody | undefined;
  const watermark = typeof body.watermark === 'string' ? Date.parse(body.watermark) : Number.NaN;
  const records = body.aggregation?.records;
  const earlier = before?.aggregation?.records;
  const seconds = previous ? (current.at - previous.at) / 1000 : 0;
  const rate =
    records !== undefined && earlier !== undefined && seconds > 0 && records >= earlier
      ? (records - earlier) / seconds
      : undefined;
  const lateness = timing.allowedLatenessSeconds * 1000;
  const period = timing.periodSeconds * 1000;
  const lag = Number.isFinite(watermark) ? Math.max(0, current.at - watermark) : undefined;
  const lastClosed = Number.isFinite(watermark)
    ? Math.floor((watermark - lateness) / period) * period - period
    : undefined;
  const failed =
    body.aggregation === undefined
      ? undefined
      : (body.aggregation.malformed ?? 0) +
        (body.aggregation.lateDropped ?? 0) +
        Object.values(body.lake ?? {}).reduce((sum, stream) => sum + (stream.rejected ?? 0), 0);
  const rows: HealthRow[] = [
    {
      id: 'ingest',
      label: 'Ingest rate',
      value: rate === undefined ? '–' : `${formatCount(rate)} events/s`,
      state: rate === undefined ? 'unknown' : 'ok',
    },
    {
      id: 'lag',
      label: 'Processor lag',
      value: lag === undefined ? '–' : formatDuration(lag),
      // A window closes `period + lateness` after it starts; twice that behind is falling behind.
      state: lag === undefined ? 'unknown' : lag > 2 * (period + lateness) ? 'warn' : 'ok',
    },
    {
      id: 'window',
      label: 'Last window closed',
      value: lastClosed === undefined ? '–' : formatInstant(iso(lastClosed)),
      state: lastClosed === undefined ? 'unknown' : 'ok',
    },
    { id: 'lake', label: 'Lake freshness', value: 'not reported', state: 'unknown' },
    { id: 'compaction', label: 'Last compaction', value: 'not reported', state: 'unknown' },
    {
      id: 'failed',
      label: 'Failed events',
      value: failed === undefined ? '–' : formatCount(failed),
      state: failed === undefined ? 'unknown' : failed > 0 ? 'warn' : 'ok',
    },
  ];
  const status =
    current.httpStatus === 200 && body.status === 'ok' ? 'ok' : current.httpStatus === 0 ? 'unknown' : 'degraded';
  return { status, failing: Array.isArray(body.failing) ? body.failing : [], rows };
}
