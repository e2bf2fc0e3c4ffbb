import { buildDashboard, CONFIG_PATH, type DashboardFile } from '../../dashboard/build/build-dashboard.ts';
import type { PageConfig } from '../../dashboard/src/page-config.ts';
import type { LocalConfig } from '../config.ts';
import type { LocalResponse, Route } from '../http/http-types.ts';

/**
 * `GET /` and `GET /dashboard/{file}`: the dashboard, bundled on the first request (about a tenth
 * of a second) and kept in memory, and its settings for this platform.
 */
export function dashboardRoutes(config: LocalConfig): Route[] {
  let built: Promise<Map<string, DashboardFile>> | undefined;
  const files = () => {
    built ??= buildDashboard().then(
      (list) => new Map(list.map((file) => [file.path, file])),
      (error) => {
        // A failed build is retried on the next request rather than served as a failure forever.
        built = undefined;
        throw error;
      },
    );
    return built;
  };
  const serve = async (path: string): Promise<LocalResponse> => {
    if (path === CONFIG_PATH) {
      return { statusCode: 200, headers: { 'cache-control': 'no-store' }, body: pageConfig(config) };
    }
    const file = (await files()).get(path);
    if (!file) return { statusCode: 404, body: { message: `No dashboard file ${path}` } };
    return {
      statusCode: 200,
      headers: {
        'content-type': file.contentType,
        'cache-control': file.immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
      },
      body: undefined,
      text: file.body,
    };
  };
  return [
    { method: 'GET', path: '/', handler: () => serve('index.html') },
    { method: 'GET', path: '/dashboard/{file}', handler: ({ params }) => serve(`dashboard/${params.file}`) },
  ];
}

/** What the page needs to know about this platform. */
export function pageConfig(config: LocalConfig): PageConfig {
  const period = config.aggregation.period_seconds;
  return {
    apiBase: '',
    auth: 'none',
    healthUrl: '/health',
    model: true,
    periodSeconds: period,
    allowedLatenessSeconds: config.aggregation.allowed_lateness_seconds,
    // Twice a window: a closed window shows within half a period of being written.
    refreshSeconds: Math.max(1, Math.min(5, Math.round(period / 2))),
  };
}
