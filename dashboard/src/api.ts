/** The page's settings and its one way to talk to the APIs. */
import type { ModelSummary } from '../../lambda/domain/ml/model-summary.ts';
import type { CampaignList } from '../../lambda/domain/reports/campaign-list.ts';
import type { CampaignReport } from '../../lambda/domain/reports/campaign-report.ts';
import type { PageConfig } from './page-config.ts';

export type { CampaignList, CampaignReport, ModelSummary, PageConfig };

const API_KEY_ITEM = 'sdp-dashboard-api-key';

export class ApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export async function loadConfig(): Promise<PageConfig> {
  const response = await fetch('dashboard/config.json', { cache: 'no-store' });
  if (!response.ok) throw new ApiError(`dashboard/config.json answered ${response.status}`, response.status);
  return (await response.json()) as PageConfig;
}

export function storedApiKey(): string {
  return localStorage.getItem(API_KEY_ITEM) ?? '';
}

export function storeApiKey(key: string): void {
  if (key) localStorage.setItem(API_KEY_ITEM, key);
  else localStorage.removeItem(API_KEY_ITEM);
}

export class Api {
  constructor(private readonly config: PageConfig) {}

  campaigns(params: Record<string, string>): Promise<CampaignList> {
    return this.#get('/reports/campaigns', params);
  }

  report(campaignItemId: number, params: Record<string, string>): Promise<CampaignReport> {
    return this.#get(`/reports/campaigns/${campaignItemId}`, params);
  }

  model(): Promise<ModelSummary> {
    return this.#get('/reports/model', {});
  }

  /** `/health` answers 503 with the same body when a stage is stuck: both are answers, not failures. */
  async health(): Promise<{ status: number; body: unknown }> {
    if (!this.config.healthUrl) throw new ApiError('This deployment serves no health endpoint', 404);
    const response = await fetch(this.config.healthUrl, { cache: 'no-store' });
    return { status: response.status, body: await response.json().catch(() => undefined) };
  }

  async #get<T>(path: string, params: Record<string, string>): Promise<T> {
    const query = new URLSearchParams(params).toString();
    const headers: Record<string, string> = {};
    if (this.config.auth === 'apiKey') headers['x-api-key'] = storedApiKey();
    const response = await fetch(`${this.config.apiBase}${path}${query ? `?${query}` : ''}`, {
      headers,
      cache: 'no-store',
    });
    const body = (await response.json().catch(() => ({}))) as { message?: string };
    if (!response.ok) {
      throw new ApiError(
        `${path} answered ${response.status}: ${body.message ?? response.statusText}`,
        response.status,
      );
    }
    return body as T;
  }
}
