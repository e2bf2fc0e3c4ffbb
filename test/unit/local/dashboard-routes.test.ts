import { describe, expect, it } from 'vitest';
import { loadLocalConfig } from '../../../local/config.ts';
import { dashboardRoutes } from '../../../local/dashboard/dashboard-routes.ts';
import type { LocalResponse, Route } from '../../../local/http/http-types.ts';

const config = loadLocalConfig({
  SDP_PERIOD_SECONDS: '2',
  SDP_ALLOWED_LATENESS_SECONDS: '1',
  SDP_DATA_DIR: '/tmp/unused',
});
const routes = dashboardRoutes(config);

function get(path: string): Promise<LocalResponse> {
  const route = routes.find((candidate) => candidate.path === (path === '/' ? '/' : '/dashboard/{file}')) as Route;
  const file = path.replace('/dashboard/', '');
  return route.handler({ method: 'GET', path, params: { file }, query: new URLSearchParams(), body: '' });
}

describe('the dashboard routes of the local platform', { timeout: 30_000 }, () => {
  it('serves the page, never cached, naming bundles that are served and cached for good', async () => {
    // Act
    const page = await get('/');
    const [, script] = /src="dashboard\/(app-\w+\.js)"/.exec(String(page.text ?? '')) ?? [];
    const [, styles] = /href="dashboard\/(app-\w+\.css)"/.exec(String(page.text ?? '')) ?? [];
    const js = await get(`/dashboard/${script}`);
    const css = await get(`/dashboard/${styles}`);

    // Assess
    expect(page).toMatchObject({
      statusCode: 200,
      headers: { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-cache' },
    });
    expect(js).toMatchObject({
      statusCode: 200,
      headers: {
        'content-type': 'text/javascript; charset=utf-8',
        'cache-control': 'public, max-age=31536000, immutable',
      },
    });
    // The page's own code and uPlot's, bundled (a failure would print the whole bundle: compare booleans).
    expect(['sdp-dashboard-api-key', '"u-legend"'].map((marker) => js.text?.includes(marker))).toStrictEqual([
      true,
      true,
    ]);
    expect(css).toMatchObject({ statusCode: 200, headers: { 'content-type': 'text/css; charset=utf-8' } });
    expect(css.text?.includes('.uplot')).toBe(true);
  });

  it("tells the page this platform's window, where health is, and to poll every half window", async () => {
    expect(await get('/dashboard/config.json')).toStrictEqual({
      statusCode: 200,
      headers: { 'cache-control': 'no-store' },
      body: {
        apiBase: '',
        auth: 'none',
        healthUrl: '/health',
        model: true,
        periodSeconds: 2,
        allowedLatenessSeconds: 1,
        refreshSeconds: 1,
      },
    });
  });

  it('answers 404 for a file the build did not make', async () => {
    expect(await get('/dashboard/app.js')).toStrictEqual({
      statusCode: 404,
      body: { message: 'No dashboard file dashboard/app.js' },
    });
  });
});
