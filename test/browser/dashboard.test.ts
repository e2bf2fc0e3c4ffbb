/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
// The callbacks of page.evaluate and friends run in the page, where the DOM exists.
import { randomUUID } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LIST_RANGES, listQuery } from '../../dashboard/src/time-range.ts';
import type { ModelSummary } from '../../lambda/domain/ml/model-summary.ts';
import type { CampaignList } from '../../lambda/domain/reports/campaign-list.ts';
import type { CampaignReport } from '../../lambda/domain/reports/campaign-report.ts';
import { loadLocalConfig } from '../../local/config.ts';
import { trainLocalModel } from '../../local/ml/local-training.ts';
import { launchChromium, type TestBrowser } from '../helpers/browser.ts';
import {
  FREE_PORTS,
  get,
  PROJECT_DIR,
  post,
  removeDataDir,
  startTestPlatform,
  type TestPlatform,
} from '../helpers/local-platform.ts';
import { until } from '../helpers/until.ts';

/*
 * The dashboard in a real browser (Debian's headless Chromium through puppeteer-core) against a
 * local platform fed known traffic: the numbers on the page are the reports API's, the charts draw
 * one point per window the API answers, a window that closes appears without a reload, and the model
 * panel shows what the trainer kept. Screenshots go to .ci/out (CI keeps them as artifacts).
 */

const PERIOD_MS = 2_000;
const ATTRIBUTION_SECONDS = 3;
const ENV = {
  SDP_PERIOD_SECONDS: String(PERIOD_MS / 1000),
  SDP_ALLOWED_LATENESS_SECONDS: '1',
  SDP_OUT_OF_ORDERNESS_MS: '200',
  SDP_ATTRIBUTION_WINDOW_SECONDS: String(ATTRIBUTION_SECONDS),
  SDP_LAKE_FLUSH_SECONDS: '1',
  SDP_RETRAIN_BIDS: '0',
  SDP_COMPACTION_MINUTES: '0',
};
const SCREENSHOTS = resolve(PROJECT_DIR, process.env.SDP_SCREENSHOT_DIR ?? '.ci/out');
const LAST_24_HOURS = LIST_RANGES.find((range) => range.id === '24h') as (typeof LIST_RANGES)[number];

/** Campaign → bids, how many of them won an impression, and how many of those were clicked. */
const FUNNELS = {
  4190001: { bids: 30, wins: 12, clicks: 3 },
  4190002: { bids: 20, wins: 10, clicks: 1 },
  4190003: { bids: 10, wins: 2, clicks: 0 },
} as const;
const CAMPAIGNS = Object.keys(FUNNELS).map(Number);
const [FIRST] = CAMPAIGNS as [number];
/** Bids whose outcome depends on their price, for the model to learn from. */
const MODEL_CAMPAIGN = 4_190_009;
const MODEL_BIDS = 1_000;

const prefix = randomUUID();
const clearing = (i: number) => 400_000 + ((i * 7_919) % 1_000) * 1_000;
const bid = (campaign: number, i: number) => ({
  tx_id: `${prefix}-${campaign}-${i}`,
  campaign_item_id: campaign,
  app_uid: `app-${i % 50}`,
  domain: ['news.example.com', 'blog.example.io', 'www.google.com'][i % 3],
  creative_id: `creative-${i % 4}`,
  creative_category: i % 2 === 0 ? 'finance' : 'travel',
  win_price: 2 * clearing(i),
});
const impression = (campaign: number, i: number) => ({ tx_id: `${prefix}-${campaign}-${i}`, win_price: clearing(i) });
const click = (campaign: number, i: number) => ({ tx_id: `${prefix}-${campaign}-${i}` });
/** A model bid wins when its price is in the upper 60%, except every tenth one (noise). */
const modelWins = (i: number) => (i * 7_919) % 1_000 > 400 !== (i % 10 === 0);

const expectedTotals = (campaign: number) => {
  const { bids, wins, clicks } = FUNNELS[campaign as keyof typeof FUNNELS];
  let spend = 0;
  for (let i = 0; i < wins; i++) spend += clearing(i);
  return { bids, impressions: wins, clicks, spend };
};

let platform: TestPlatform;
let chromium: TestBrowser;
let page: Page;

async function send(route: '/bid' | '/impression' | '/click', events: object[]): Promise<void> {
  for (let i = 0; i < events.length; i += 100) {
    const reply = await post(platform.url, route, events.slice(i, i + 100));
    if (reply.status !== 200) throw new Error(`POST ${route} answered ${reply.status}: ${JSON.stringify(reply.body)}`);
  }
}

async function api<T>(path: string): Promise<T> {
  const reply = await get(platform.url, path);
  if (reply.status !== 200) throw new Error(`GET ${path} answered ${reply.status}: ${JSON.stringify(reply.body)}`);
  return reply.body as T;
}

/** The campaign list as the page asks for it by default: the last 24 hours by spend. */
function pageList(): Promise<CampaignList> {
  const { from, to } = listQuery(LAST_24_HOURS, Date.now());
  return api<CampaignList>(`/reports/campaigns?from=${from}&to=${to}&sort=spend&order=desc&limit=25`);
}

/** Like `until`, but a setup that never gets there fails, naming what it waited for. */
async function settled<T>(what: string, read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 60_000) {
  const value = await until(read, done, timeoutMs, 250);
  if (!done(value)) throw new Error(`Timed out waiting for ${what}; last: ${JSON.stringify(value)}`);
  return value;
}

/** Text of every `[data-field]` cell in a table row or figure list, by field. */
function fields(selector: string): Promise<Record<string, string>> {
  return page.$eval(selector, (element) =>
    Object.fromEntries(
      [...element.querySelectorAll('[data-field]')].map((cell) => [
        cell.getAttribute('data-field'),
        cell.textContent?.trim(),
      ]),
    ),
  );
}

const integer = (text: string | undefined) => Number((text ?? '').replaceAll(',', ''));
const percent = (ratio: number | null) => (ratio === null ? '–' : `${(ratio * 100).toFixed(1)}%`);
const money = (micros: number) =>
  (micros / 1_000_000).toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });

/** Points in a chart's uPlot data and whether its canvas has anything drawn on it. */
function chartState(name: string): Promise<{ points: number; series: number; drawn: boolean }> {
  return page.$eval(`[data-chart="${name}"]`, (element) => {
    const plot = (element as HTMLElement & { uplot?: { data: unknown[][] } }).uplot;
    const canvas = element.querySelector('canvas') as HTMLCanvasElement;
    const pixels = canvas.getContext('2d')?.getImageData(0, 0, canvas.width, canvas.height).data ?? [];
    let drawn = false;
    for (let i = 3; i < pixels.length && !drawn; i += 4) drawn = (pixels[i] as number) > 0;
    return { points: plot?.data[0]?.length ?? -1, series: plot?.data.length ?? -1, drawn };
  });
}

beforeAll(async () => {
  platform = await startTestPlatform(undefined, ENV);
  // Model traffic first: a bid is labelled once a later event is an attribution window younger.
  const modelBids = Array.from({ length: MODEL_BIDS }, (_, i) => i);
  await send(
    '/bid',
    modelBids.map((i) => bid(MODEL_CAMPAIGN, i)),
  );
  await send(
    '/impression',
    modelBids.filter(modelWins).map((i) => impression(MODEL_CAMPAIGN, i)),
  );
  await sleep(ATTRIBUTION_SECONDS * 1000 + 500);
  for (const campaign of CAMPAIGNS) {
    const { bids, wins, clicks } = FUNNELS[campaign as keyof typeof FUNNELS];
    await send(
      '/bid',
      Array.from({ length: bids }, (_, i) => bid(campaign, i)),
    );
    await send(
      '/impression',
      Array.from({ length: wins }, (_, i) => impression(campaign, i)),
    );
    await send(
      '/click',
      Array.from({ length: clicks }, (_, i) => click(campaign, i)),
    );
  }
  // The lake writers flush every second; train until the labelled bids have landed, then again, so a
  // second model replaces the first and the panel has one to compare with.
  const config = loadLocalConfig({ ...FREE_PORTS, SDP_DATA_DIR: platform.dataDir, ...ENV });
  await settled(
    'a first model',
    () => trainLocalModel(config),
    (report) => report.saved,
    60_000,
  );
  const second = await trainLocalModel(config);
  if (!second.saved) throw new Error(`The second training run saved no model: ${second.reason}`);
  await settled('the windows to close', pageList, (list) =>
    CAMPAIGNS.every((campaign) => {
      const row = list.campaigns.find((candidate) => candidate.campaign_item_id === campaign);
      return (
        JSON.stringify(row && { ...row, win_rate: undefined, ctr: undefined }) ===
        JSON.stringify({ campaign_item_id: campaign, ...expectedTotals(campaign), win_rate: undefined, ctr: undefined })
      );
    }),
  );
  chromium = await launchChromium();
  page = await chromium.browser.newPage();
  await page.setViewport({ width: 1440, height: 1100 });
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push((error as Error).message));
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  await page.goto(`${platform.url}/`, { waitUntil: 'networkidle0' });
  if (errors.length > 0) throw new Error(`The page reported errors: ${errors.join('; ')}`);
  await page.evaluate(() => {
    (window as Window & { loadedOnce?: string }).loadedOnce = 'yes';
  });
  await mkdir(SCREENSHOTS, { recursive: true });
}, 180_000);

afterAll(async () => {
  await chromium?.close();
  await platform?.stop();
  if (platform) await removeDataDir(platform.dataDir);
});

describe('the dashboard in headless Chromium', () => {
  it('lists the campaigns with exactly the totals, win rates, CTRs and spend the reports API answers', async () => {
    // Prepare
    const list = await pageList();
    await page.waitForFunction(
      (count) => document.querySelectorAll('[data-panel="campaigns"] tbody tr[data-campaign]').length === count,
      {},
      list.campaigns.length,
    );

    // Act
    const rows = await page.$$eval('[data-panel="campaigns"] tbody tr[data-campaign]', (trs) =>
      trs.map((tr) => tr.getAttribute('data-campaign')),
    );
    const shown = await Promise.all(rows.map((id) => fields(`tr[data-campaign="${id}"]`)));
    const totals = await fields('tr[data-row="totals"]');

    // Assess
    expect(rows.map(Number)).toStrictEqual(list.campaigns.map((row) => row.campaign_item_id));
    expect(shown).toStrictEqual(
      list.campaigns.map((row) => ({
        campaign_item_id: String(row.campaign_item_id),
        bids: row.bids.toLocaleString('en-US'),
        impressions: row.impressions.toLocaleString('en-US'),
        clicks: row.clicks.toLocaleString('en-US'),
        win_rate: percent(row.win_rate),
        ctr: percent(row.ctr),
        spend: money(row.spend),
      })),
    );
    for (const campaign of CAMPAIGNS) {
      const row = shown[rows.indexOf(String(campaign))];
      const { from, to } = listQuery(LAST_24_HOURS, Date.now());
      const report = await api<CampaignReport>(`/reports/campaigns/${campaign}?from=${from}&to=${to}`);
      expect([integer(row?.bids), integer(row?.impressions), integer(row?.clicks), row?.spend]).toStrictEqual([
        report.totals.bids,
        report.totals.impressions,
        report.totals.clicks,
        money(report.totals.spend),
      ]);
      expect(report.totals).toStrictEqual(expectedTotals(campaign));
    }
    expect(integer(totals.bids)).toBe(list.totals.bids);
    expect(totals.spend).toBe(money(list.totals.spend));
  });

  it('sorts by a column when its header is clicked, as the API sorts', async () => {
    // Prepare
    const { from, to } = listQuery(LAST_24_HOURS, Date.now());
    const byClicks = await api<CampaignList>(`/reports/campaigns?from=${from}&to=${to}&sort=clicks&order=desc`);

    // Act
    await page.click('th[data-sort="clicks"]');
    await page.waitForFunction(
      (first) => document.querySelector('[data-panel="campaigns"] tbody tr')?.getAttribute('data-campaign') === first,
      {},
      String(byClicks.campaigns[0]?.campaign_item_id),
    );
    const order = await page.$$eval('[data-panel="campaigns"] tbody tr[data-campaign]', (trs) =>
      trs.map((tr) => Number(tr.getAttribute('data-campaign'))),
    );
    // The page's default order again, shown, so the next test does not click rows being replaced.
    const bySpend = await pageList();
    await page.click('th[data-sort="spend"]');
    await page.waitForFunction(
      (ids) =>
        document.querySelector('th[data-sort="spend"]')?.getAttribute('aria-sort') === 'descending' &&
        [...document.querySelectorAll('[data-panel="campaigns"] tbody tr[data-campaign]')]
          .map((tr) => tr.getAttribute('data-campaign'))
          .join() === ids,
      {},
      bySpend.campaigns.map((row) => row.campaign_item_id).join(),
    );

    // Assess
    expect(order).toStrictEqual(byClicks.campaigns.map((row) => row.campaign_item_id));
  });

  it("charts a chosen campaign's windows, one point per window the reports API answers", async () => {
    // Act
    // A locator waits for the row to be attached, visible and still before it clicks: the list
    // re-renders at every poll.
    await page.locator(`tr[data-campaign="${FIRST}"]`).click();
    await page.waitForFunction(
      (title) => document.querySelector('[data-panel="series"] h2')?.textContent === title,
      {},
      `Campaign ${FIRST}`,
    );
    const report = await api<CampaignReport>(
      `/reports/campaigns/${FIRST}?from=${new Date(Date.now() - 3_600_000).toISOString()}`,
    );
    await page.waitForFunction(
      (count) => document.querySelector('[data-panel="series"] [data-field="buckets"]')?.textContent === count,
      {},
      String(report.periods.length),
    );
    const figures = await fields('[data-figures="series"]');
    const counts = await chartState('counts');
    const spend = await chartState('spend');
    await page.screenshot({ path: join(SCREENSHOTS, 'dashboard.png'), fullPage: true });

    // Assess
    expect(report.periods.length).toBeGreaterThan(0);
    expect(figures).toStrictEqual({
      bids: report.totals.bids.toLocaleString('en-US'),
      impressions: report.totals.impressions.toLocaleString('en-US'),
      clicks: report.totals.clicks.toLocaleString('en-US'),
      win_rate: percent(report.totals.impressions / report.totals.bids),
      ctr: percent(report.totals.clicks / report.totals.impressions),
      spend: money(report.totals.spend),
      buckets: String(report.periods.length),
    });
    expect(counts).toStrictEqual({ points: report.periods.length, series: 4, drawn: true });
    expect(spend).toStrictEqual({ points: report.periods.length, series: 2, drawn: true });
  });

  it('adds a window that closes to the chart and the list without a reload', async () => {
    // Prepare: the next events land in a window after every window charted so far.
    await page.waitForSelector('[data-chart="counts"] canvas');
    const before = await chartState('counts');
    await sleep(PERIOD_MS);
    const extra = FUNNELS[FIRST as keyof typeof FUNNELS].bids;

    // Act
    await send('/bid', [bid(FIRST, extra), bid(FIRST, extra + 1)]);
    await send('/impression', [impression(FIRST, extra)]);
    await page.waitForFunction(
      (points) => {
        const plot = (
          document.querySelector('[data-chart="counts"]') as HTMLElement & { uplot?: { data: unknown[][] } }
        ).uplot;
        return plot?.data[0]?.length === points;
      },
      { timeout: 30_000 },
      before.points + 1,
    );
    const report = await api<CampaignReport>(
      `/reports/campaigns/${FIRST}?from=${new Date(Date.now() - 3_600_000).toISOString()}`,
    );
    await page.waitForFunction(
      (id, bids) =>
        document.querySelector(`tr[data-campaign="${id}"] [data-field="bids"]`)?.textContent === String(bids),
      { timeout: 30_000 },
      String(FIRST),
      report.totals.bids,
    );
    const loadedOnce = await page.evaluate(() => (window as Window & { loadedOnce?: string }).loadedOnce);
    const navigations = await page.evaluate(() => performance.getEntriesByType('navigation').length);
    await page.screenshot({ path: join(SCREENSHOTS, 'dashboard-new-window.png'), fullPage: true });

    // Assess
    expect(report.periods).toHaveLength(before.points + 1);
    expect(report.totals.bids).toBe(expectedTotals(FIRST).bids + 2);
    expect(report.periods.at(-1)).toMatchObject({ bids: 2, impressions: 1, clicks: 0, spend: clearing(extra) });
    expect(await chartState('counts')).toStrictEqual({ points: report.periods.length, series: 4, drawn: true });
    expect({ loadedOnce, navigations }).toStrictEqual({ loadedOnce: 'yes', navigations: 1 });
  });

  it('shows the pipeline health from /health', async () => {
    // Act
    await page.waitForFunction(() => !document.querySelector('[data-health="ingest"] dd')?.textContent?.includes('–'));
    const health = await page.$$eval('[data-health]', (rows) =>
      rows.map((row) => [row.getAttribute('data-health'), row.className.replace('health-row ', '')]),
    );
    const status = await page.$eval('[data-status]', (element) => element.getAttribute('data-status'));
    const lastWindow = await page.$eval('[data-health="window"] dd', (element) => element.textContent);
    const lake = await page.$eval('[data-health="lake"] dd', (element) => element.textContent);
    const compaction = await page.$eval('[data-health="compaction"] dd', (element) => element.textContent);

    // Assess
    expect(status).toBe('ok');
    expect(health).toStrictEqual([
      ['ingest', 'state-ok'],
      ['lag', 'state-ok'],
      ['window', 'state-ok'],
      ['lake', 'state-ok'],
      ['compaction', 'state-unknown'],
      ['failed', 'state-ok'],
    ]);
    expect(lastWindow).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} UTC$/);
    expect(lake).toMatch(/^last file \d+(\.\d)? (ms|s|min) ago$/);
    // SDP_COMPACTION_MINUTES=0 turns the schedule off.
    expect(compaction).toBe('not run yet');
  });

  it("shows the model's AUC and log loss beside the previous model's, its gate decision and calibration", async () => {
    // Prepare
    const summary = await api<ModelSummary>('/reports/model');
    const model = summary.model as NonNullable<ModelSummary['model']>;

    // Act
    await page.waitForSelector('[data-chart="calibration"] canvas');
    const shown = await fields('[data-panel="model"]');
    const calibration = await chartState('calibration');
    await page.screenshot({ path: join(SCREENSHOTS, 'dashboard-model.png'), fullPage: true });

    // Assess
    expect(model.replaced).not.toBeNull();
    expect(shown).toStrictEqual({
      auc: model.auc.toFixed(4),
      'previous-auc': model.replaced?.auc.toFixed(4),
      log_loss: model.log_loss.toFixed(4),
      'previous-log_loss': model.replaced?.log_loss.toFixed(4),
      trained_at: `${model.trained_at.slice(0, 10)} ${model.trained_at.slice(11, 19)} UTC`,
      gate: `Accepted ${summary.last_run?.at.slice(0, 10)} ${summary.last_run?.at.slice(11, 19)} UTC: ${summary.last_run?.reason}`,
    });
    expect(model.calibration.length).toBeGreaterThanOrEqual(3);
    expect(calibration).toStrictEqual({ points: model.calibration.length, series: 3, drawn: true });
  });
});
