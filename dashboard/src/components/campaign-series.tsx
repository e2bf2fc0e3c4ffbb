import { useMemo, useState } from 'preact/hooks';
import uPlot from 'uplot';
import type { Api, CampaignReport } from '../api.ts';
import { formatCount, formatRatio, formatSpend } from '../format.ts';
import { seriesColumns, timeSpan } from '../series.ts';
import { bucketMs, type Granularity, SERIES_RANGES, seriesQuery } from '../time-range.ts';
import { usePolling } from '../use-polling.ts';
import { Chart } from './chart.tsx';
import { Choice, Panel } from './panel.tsx';

const GRANULARITY_LABELS: Record<Granularity, string> = { period: 'Window', hour: 'Hour', day: 'Day' };
/** A chart of more buckets than this would be unreadable anyway; the API answers at most 1,000 a page. */
const MAX_PAGES = 5;

/** Times read in UTC, as the API writes them, whatever the browser's zone. */
const utc = (seconds: number) => uPlot.tzDate(new Date(seconds * 1000), 'Etc/UTC');
/** Counts and spend start at zero, so a small change does not look like a cliff. */
const FROM_ZERO: uPlot.Scale = { range: (_, __, max) => [0, max > 0 ? max * 1.1 : 1] };

/**
 * The x scale: time in UTC over the buckets drawn, a lone bucket a bucket wide on either side. The
 * span comes from the data, not from uPlot's own guess, which widens one instant to 1,000 days.
 */
function timeScale(bucketSeconds: number): uPlot.Scale {
  return {
    time: true,
    range: (plot) => {
      const times = plot.data[0];
      return timeSpan(times[0] ?? null, times.at(-1) ?? null, bucketSeconds, Date.now() / 1000);
    },
  };
}

const POINTS = { show: true, size: 4 };
const COUNT_SERIES: uPlot.Series[] = [
  { label: 'Bids', stroke: '#7aa2f7', width: 2, points: POINTS },
  { label: 'Impressions', stroke: '#9ece6a', width: 2, points: POINTS },
  { label: 'Clicks', stroke: '#e0af68', width: 2, points: POINTS },
];
const SPEND_SERIES: uPlot.Series[] = [
  {
    label: 'Spend',
    stroke: '#bb9af7',
    fill: 'rgba(187, 154, 247, 0.15)',
    width: 2,
    points: POINTS,
    value: (_, value) => (value === null ? '–' : value.toFixed(2)),
  },
];

/** A chart of `series` over time, in buckets `bucketSeconds` wide, counting from zero. */
function timeChart(bucketSeconds: number, series: uPlot.Series[]): Omit<uPlot.Options, 'width' | 'height'> {
  return {
    tzDate: utc,
    scales: { x: timeScale(bucketSeconds), y: FROM_ZERO },
    series: [{}, ...series],
    axes: [axis(), axis()],
    legend: { live: false },
  };
}

function axis(): uPlot.Axis {
  return {
    stroke: '#a9b1d6',
    grid: { stroke: 'rgba(169, 177, 214, 0.12)' },
    ticks: { stroke: 'rgba(169, 177, 214, 0.2)' },
  };
}

export interface CampaignSeriesProps {
  readonly api: Api;
  readonly refreshMs: number;
  readonly periodSeconds: number;
  readonly campaignItemId: number | undefined;
}

/** One campaign's buckets as live charts: a closed window appears at the next poll, without a reload. */
export function CampaignSeries({ api, refreshMs, periodSeconds, campaignItemId }: CampaignSeriesProps) {
  const [rangeId, setRangeId] = useState('1h');
  const range =
    SERIES_RANGES.find((candidate) => candidate.id === rangeId) ?? (SERIES_RANGES[1] as (typeof SERIES_RANGES)[1]);
  const [chosen, setGranularity] = useState<Granularity>('period');
  const granularity = range.granularities.includes(chosen) ? chosen : (range.granularities[0] as Granularity);
  const report = usePolling(
    async () => {
      if (campaignItemId === undefined) return undefined;
      return readAll(api, campaignItemId, {
        ...seriesQuery(range, granularity, Date.now(), periodSeconds),
        limit: '1000',
      });
    },
    refreshMs,
    [campaignItemId, rangeId, granularity],
  );
  const data = report.data;
  const columns = useMemo(() => (data ? seriesColumns(data.periods) : undefined), [data]);
  const bucketSeconds = bucketMs(granularity, periodSeconds) / 1000;
  // Rebuilt (and the charts with them) only when the bucket width changes.
  const options = useMemo(
    () => ({ counts: timeChart(bucketSeconds, COUNT_SERIES), spend: timeChart(bucketSeconds, SPEND_SERIES) }),
    [bucketSeconds],
  );
  const totals = data?.totals;

  return (
    <Panel
      title={campaignItemId === undefined ? 'Campaign' : `Campaign ${campaignItemId}`}
      name="series"
      error={report.error}
      updatedAt={report.updatedAt}
      actions={
        <>
          <Choice label="Range" name="series-range" value={rangeId} options={SERIES_RANGES} onChange={setRangeId} />
          <Choice
            label="Granularity"
            name="granularity"
            value={granularity}
            options={range.granularities.map((id) => ({ id, label: GRANULARITY_LABELS[id] }))}
            onChange={setGranularity}
          />
        </>
      }
    >
      {campaignItemId === undefined ? (
        <p class="empty">Choose a campaign in the list.</p>
      ) : (
        <>
          <dl class="figures" data-figures="series">
            <Figure label="Bids" field="bids" value={totals && formatCount(totals.bids)} />
            <Figure label="Impressions" field="impressions" value={totals && formatCount(totals.impressions)} />
            <Figure label="Clicks" field="clicks" value={totals && formatCount(totals.clicks)} />
            <Figure
              label="Win rate"
              field="win_rate"
              value={totals && formatRatio(totals.bids > 0 ? totals.impressions / totals.bids : null)}
            />
            <Figure
              label="CTR"
              field="ctr"
              value={totals && formatRatio(totals.impressions > 0 ? totals.clicks / totals.impressions : null)}
            />
            <Figure label="Spend" field="spend" value={totals && formatSpend(totals.spend)} />
            <Figure
              label={`${GRANULARITY_LABELS[granularity]}s`}
              field="buckets"
              value={data && formatCount(data.periods.length)}
            />
          </dl>
          {columns && (
            <>
              <Chart
                name="counts"
                options={options.counts}
                data={[columns[0], columns[1], columns[2], columns[3]]}
                height={220}
              />
              <Chart name="spend" options={options.spend} data={[columns[0], columns[4]]} height={160} />
            </>
          )}
        </>
      )}
    </Panel>
  );
}

function Figure({ label, field, value }: { label: string; field: string; value: string | undefined }) {
  return (
    <div class="figure">
      <dt>{label}</dt>
      <dd data-field={field}>{value ?? '…'}</dd>
    </div>
  );
}

/** Every page of a campaign's report (up to {@link MAX_PAGES}), merged. */
async function readAll(api: Api, campaignItemId: number, params: Record<string, string>): Promise<CampaignReport> {
  let report = await api.report(campaignItemId, params);
  const periods = [...report.periods];
  for (let page = 1; report.next_token && page < MAX_PAGES; page++) {
    report = await api.report(campaignItemId, { ...params, next_token: report.next_token });
    periods.push(...report.periods);
  }
  return { ...report, periods, next_token: null };
}
