/**
 * The pipeline-health panel's rows from `GET /health`, the source `sdp status` reads too. Pure: two
 * samples in (a rate needs two), rows out.
 *
 * `/health` carries the processor's watermark and counters, the lake writers' counters, and per
 * component its status with the stage's details: the lake's last file, the last compaction run. What
 * an answer does not carry (a platform started without its consumers) shows as not reported.
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

interface ComponentBody {
  status?: string;
  last_file_at?: string | null;
  last_run_at?: string | null;
}

interface HealthBody {
  status?: string;
  components?: Record<string, ComponentBody>;
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
  const components = body.components ?? {};
  const broken = (name: string) => ['failing', 'stuck'].includes(components[name]?.status ?? '');
  // The lake is its writers (lake_bcns, …) and the files they published (lake).
  const lakeBroken = Object.keys(components).some((name) => name.startsWith('lake') && broken(name));
  const lastFile = components.lake?.last_file_at ? Date.parse(components.lake.last_file_at) : undefined;
  const lastCompaction = components.compaction?.last_run_at ?? undefined;
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
    {
      id: 'lake',
      label: 'Lake freshness',
      value:
        lastFile !== undefined
          ? `last file ${formatDuration(Math.max(0, current.at - lastFile))} ago`
          : components.lake
            ? 'no files yet'
            : 'not reported',
      state: lakeBroken ? 'warn' : lastFile === undefined ? 'unknown' : 'ok',
    },
    {
      id: 'compaction',
      label: 'Last compaction',
      value: lastCompaction ? formatInstant(lastCompaction) : components.compaction ? 'not run yet' : 'not reported',
      state: broken('compaction') ? 'warn' : lastCompaction ? 'ok' : 'unknown',
    },
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
