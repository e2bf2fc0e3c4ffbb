import { useState } from 'preact/hooks';
import { type Api, type PageConfig, storeApiKey, storedApiKey } from './api.ts';
import { CampaignSeries } from './components/campaign-series.tsx';
import { CampaignTable } from './components/campaign-table.tsx';
import { HealthPanel } from './components/health-panel.tsx';
import { ModelPanel } from './components/model-panel.tsx';
import type { HealthView } from './health-view.ts';

export function App({ config, api }: { readonly config: PageConfig; readonly api: Api }) {
  const [chosen, setChosen] = useState<number | undefined>(undefined);
  const [first, setFirst] = useState<number | undefined>(undefined);
  const [health, setHealth] = useState<Pick<HealthView, 'status' | 'failing'>>({ status: 'unknown', failing: [] });
  const status = health.status;
  const refreshMs = config.refreshSeconds * 1000;
  const campaign = chosen ?? first;
  return (
    <>
      <header class="top">
        <h1>Streaming Data Platform</h1>
        {config.healthUrl && (
          <span class={`status status-${status}`} data-status={status}>
            {status === 'ok'
              ? 'Pipeline healthy'
              : status === 'degraded'
                ? `Pipeline degraded${health.failing.length > 0 ? `: ${health.failing.join(', ')} failing` : ''}`
                : 'Checking…'}
          </span>
        )}
        {config.auth === 'apiKey' && <ApiKeyField />}
      </header>
      <main class="grid">
        {config.healthUrl && (
          <HealthPanel
            api={api}
            refreshMs={refreshMs}
            timing={{ periodSeconds: config.periodSeconds, allowedLatenessSeconds: config.allowedLatenessSeconds }}
            onStatus={setHealth}
          />
        )}
        <CampaignTable api={api} refreshMs={refreshMs} selected={campaign} onSelect={setChosen} onFirst={setFirst} />
        <CampaignSeries
          api={api}
          refreshMs={refreshMs}
          periodSeconds={config.periodSeconds}
          campaignItemId={campaign}
        />
        {config.model && <ModelPanel api={api} />}
      </main>
    </>
  );
}

/** The reports API's key on AWS: entered once, kept in this browser's storage, sent as `x-api-key`. */
function ApiKeyField() {
  const [key, setKey] = useState(storedApiKey());
  return (
    <form
      class="api-key"
      onSubmit={(event) => {
        event.preventDefault();
        storeApiKey(key);
        location.reload();
      }}
    >
      <input
        type="password"
        name="api-key"
        placeholder="Reports API key"
        value={key}
        onInput={(event) => setKey((event.currentTarget as HTMLInputElement).value.trim())}
      />
      <button type="submit">Save</button>
    </form>
  );
}
