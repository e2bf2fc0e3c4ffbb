import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import puppeteer, { type Browser } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { removeDataDir, startTestPlatform, type TestPlatform } from '../helpers/local-platform.ts';

/*
 * GET /docs in a real browser, cut off from everything but the platform: Swagger UI, served by the
 * platform from the installed package, renders the local OpenAPI document without a CDN.
 */

const CHROMIUM = process.env.SDP_CHROMIUM ?? '/usr/bin/chromium';

let platform: TestPlatform;
let browser: Browser;
let profile: string;

beforeAll(async () => {
  if (!existsSync(CHROMIUM))
    throw new Error(`No Chromium at ${CHROMIUM}: apt-get install -y chromium, or set SDP_CHROMIUM`);
  platform = await startTestPlatform();
  profile = await mkdtemp(join(tmpdir(), 'sdp-chromium-'));
  browser = await puppeteer.launch({
    executablePath: CHROMIUM,
    headless: true,
    userDataDir: profile,
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-sync'],
  });
});

afterAll(async () => {
  await browser?.close();
  await rm(profile, { recursive: true, force: true });
  await platform?.stop();
  await removeDataDir(platform?.dataDir);
});

describe('GET /docs', () => {
  it('renders every operation of the local document with nothing fetched from anywhere but the platform', async () => {
    // Prepare: any request off the platform fails, as it would offline.
    const page = await browser.newPage();
    const requested: string[] = [];
    await page.setRequestInterception(true);
    page.on('request', (request) => {
      requested.push(request.url());
      if (request.url().startsWith(platform.url) || request.url().startsWith('data:')) void request.continue();
      else void request.abort();
    });

    // Act
    const response = await page.goto(`${platform.url}/docs`, { waitUntil: 'networkidle0' });
    await page.waitForSelector('.opblock-summary-path', { timeout: 30_000 });
    const operations = await page.$$eval('.opblock-summary', (blocks) =>
      blocks.map((block) => {
        const method = block.querySelector('.opblock-summary-method')?.textContent ?? '';
        const path = block.querySelector('.opblock-summary-path')?.getAttribute('data-path') ?? '';
        return `${method} ${path}`;
      }),
    );
    const title = await page.$eval('.info .title', (element) => element.textContent ?? '');

    // Assess
    expect(response?.status()).toBe(200);
    expect(title).toMatch(/^Streaming Data Platform \(local\)/);
    expect(operations.sort()).toStrictEqual(
      [
        'POST /bid',
        'POST /impression',
        'POST /click',
        'GET /reports/campaigns',
        'GET /reports/campaigns/{campaign_item_id}',
        'GET /reports/model',
        'POST /predictions',
        'GET /metrics',
        'GET /health',
        'GET /openapi.json',
        'GET /docs',
      ].sort(),
    );
    expect(requested.filter((url) => !url.startsWith(platform.url) && !url.startsWith('data:'))).toStrictEqual([]);
    expect(requested).toContain(`${platform.url}/openapi.json`);
    await page.screenshot({ path: join(profile, 'docs.png') });
    await page.close();
  });
});
