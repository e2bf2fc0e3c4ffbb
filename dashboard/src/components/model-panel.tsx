import { useMemo } from 'preact/hooks';
import type uPlot from 'uplot';
import type { Api, ModelSummary } from '../api.ts';
import { formatCount, formatInstant, formatMetric } from '../format.ts';
import { usePolling } from '../use-polling.ts';
import { Chart } from './chart.tsx';
import { Panel } from './panel.tsx';

/** The model changes at most once per training run: polling it slower than the reports is plenty. */
const MODEL_REFRESH_MS = 30_000;

const TENTHS = [0, 0.2, 0.4, 0.6, 0.8, 1];

const CALIBRATION_OPTIONS: Omit<uPlot.Options, 'width' | 'height'> = {
  scales: { x: { time: false, range: [0, 1] }, y: { range: [0, 1] } },
  series: [
    { label: 'Predicted', value: (_, value) => (value === null ? '–' : value.toFixed(3)) },
    {
      label: 'Perfectly calibrated',
      stroke: 'rgba(169, 177, 214, 0.5)',
      dash: [4, 4],
      width: 1,
      points: { show: false },
    },
    {
      label: 'Observed win rate',
      stroke: '#7dcfff',
      width: 2,
      points: { show: true, size: 7, fill: '#7dcfff' },
      value: (_, value) => (value === null ? '–' : value.toFixed(3)),
    },
  ],
  axes: [
    {
      label: 'Predicted P(win)',
      stroke: '#a9b1d6',
      grid: { stroke: 'rgba(169, 177, 214, 0.12)' },
      splits: () => TENTHS,
      values: (_, ticks) => ticks.map((tick) => tick.toFixed(1)),
    },
    {
      label: 'Observed win rate',
      stroke: '#a9b1d6',
      grid: { stroke: 'rgba(169, 177, 214, 0.12)' },
      splits: () => TENTHS,
      values: (_, ticks) => ticks.map((tick) => tick.toFixed(1)),
    },
  ],
  legend: { live: false },
};

export function ModelPanel({ api }: { readonly api: Api }) {
  const summary = usePolling(() => api.model(), MODEL_REFRESH_MS, []);
  const data = summary.data;
  return (
    <Panel title="Win-probability model" name="model" error={summary.error} updatedAt={summary.updatedAt}>
      {data && !data.model && (
        <p class="empty">
          No model yet: send traffic (<code>npx sdp generate</code>), wait for bids to be labelled, then run{' '}
          <code>npx sdp train</code>.
        </p>
      )}
      {data?.model && <ModelDetails summary={data} model={data.model} />}
    </Panel>
  );
}

function ModelDetails({ summary, model }: { summary: ModelSummary; model: NonNullable<ModelSummary['model']> }) {
  const compared = model.replaced ?? summary.previous;
  const calibration = useMemo((): uPlot.AlignedData => {
    const predicted = model.calibration.map((bin) => bin.predicted);
    return [predicted, predicted, model.calibration.map((bin) => bin.observed)];
  }, [model]);
  const run = summary.last_run;
  return (
    <div class="model">
      <div class="model-facts">
        <table class="metrics">
          <thead>
            <tr>
              <th />
              <th>Served model</th>
              <th>{model.replaced ? 'Previous (same holdout)' : 'Previous'}</th>
            </tr>
          </thead>
          <tbody>
            <tr>
              <th>Holdout AUC</th>
              <td data-field="auc">{formatMetric(model.auc)}</td>
              <td data-field="previous-auc">{formatMetric(compared?.auc)}</td>
            </tr>
            <tr>
              <th>Log loss</th>
              <td data-field="log_loss">{formatMetric(model.log_loss)}</td>
              <td data-field="previous-log_loss">{formatMetric(compared?.log_loss)}</td>
            </tr>
            <tr>
              <th>Price-only AUC</th>
              <td>{formatMetric(model.baseline_auc)}</td>
              <td />
            </tr>
          </tbody>
        </table>
        <dl class="facts">
          <dt>Trained</dt>
          <dd data-field="trained_at">{formatInstant(model.trained_at)}</dd>
          <dt>Rows</dt>
          <dd>
            {formatCount(model.train_rows)} training, {formatCount(model.holdout_rows)} holdout
          </dd>
          {run && (
            <>
              <dt>Last run</dt>
              <dd data-field="gate" class={run.accepted ? 'accepted' : 'rejected'}>
                <strong>{run.accepted ? 'Accepted' : 'Rejected'}</strong> {formatInstant(run.at)}: {run.reason}
              </dd>
            </>
          )}
        </dl>
      </div>
      <div class="calibration">
        <h3>Calibration on the holdout</h3>
        {model.calibration.length > 0 ? (
          <Chart name="calibration" options={CALIBRATION_OPTIONS} data={calibration} height={240} />
        ) : (
          <p class="empty">This model was saved before calibration was kept; the next training run records it.</p>
        )}
      </div>
    </div>
  );
}
