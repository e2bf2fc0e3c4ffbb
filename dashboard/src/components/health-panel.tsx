import { useRef } from 'preact/hooks';
import type { Api } from '../api.ts';
import { type AggregationTiming, type HealthSample, type HealthView, healthView } from '../health-view.ts';
import { usePolling } from '../use-polling.ts';
import { Panel } from './panel.tsx';

export interface HealthPanelProps {
  readonly api: Api;
  readonly refreshMs: number;
  readonly timing: AggregationTiming;
  readonly onStatus: (health: Pick<HealthView, 'status' | 'failing'>) => void;
}

/** The pipeline's stages at a glance, from the same `/health` that `sdp status` reads. */
export function HealthPanel({ api, refreshMs, timing, onStatus }: HealthPanelProps) {
  const previous = useRef<HealthSample | undefined>(undefined);
  const health = usePolling(
    async () => {
      const { status, body } = await api.health();
      const sample: HealthSample = { at: Date.now(), httpStatus: status, body };
      const view = healthView(sample, previous.current, timing);
      previous.current = sample;
      onStatus({ status: view.status, failing: view.failing });
      return view;
    },
    refreshMs,
    [],
  );
  return (
    <Panel title="Pipeline health" name="health" error={health.error} updatedAt={health.updatedAt}>
      <dl class="health">
        {(health.data?.rows ?? []).map((row) => (
          <div key={row.id} class={`health-row state-${row.state}`} data-health={row.id}>
            <dt>{row.label}</dt>
            <dd>{row.value}</dd>
          </div>
        ))}
      </dl>
    </Panel>
  );
}
