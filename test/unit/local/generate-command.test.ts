import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, type MockInstance, vi } from 'vitest';
import { main } from '../../../local/cli.ts';

/*
 * `sdp generate` against a stand-in ingestion API that records every tx_id it is sent (issue 12): by
 * default each run sends new events, so a second run adds to the reports instead of repeating the first;
 * --seed repeats a run exactly; and with nothing listening it fails at once, in one line.
 */

/** A one-second run ends after its last click, up to 3 s later: two runs need more than vitest's 5 s. */
const RUNS_TIMEOUT_MS = 20_000;

let api: Server;
let url: string;
/** The tx_ids of the bids each request carried, in arrival order. */
let bids: string[] = [];

beforeAll(async () => {
  api = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = chunks.length > 0 ? JSON.parse(Buffer.concat(chunks).toString('utf8')) : undefined;
      const events: { tx_id: string }[] = Array.isArray(body) ? body : body ? [body] : [];
      if (req.url === '/bid') bids.push(...events.map((event) => event.tx_id));
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ accepted: events.length, failed: 0, failures: [] }));
    });
  });
  await new Promise<void>((resolve) => api.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(api.address() as AddressInfo).port}`;
});

afterAll(() => new Promise((resolve) => api.close(resolve)));

describe('sdp generate', () => {
  let out: MockInstance;
  let err: MockInstance;
  const printed = (spy: MockInstance) => spy.mock.calls.map((call) => call.join(' ')).join('\n');

  beforeEach(() => {
    out = vi.spyOn(console, 'log').mockImplementation(() => {});
    err = vi.spyOn(console, 'error').mockImplementation(() => {});
  });
  afterEach(() => vi.restoreAllMocks());

  /** One run of a second at 40 bids/s; its exit code, seed as printed, and the bids it sent. */
  async function run(...extra: string[]) {
    bids = [];
    out.mockClear();
    err.mockClear();
    const code = await main(['generate', '--url', url, '--rate', '40', '--duration', '1', ...extra]);
    const seed = /^ {2}seed +(\d+) {2}\(--seed \1 sends these events again\)$/m.exec(printed(out))?.[1];
    return { code, seed, bids: [...bids], stderr: printed(err) };
  }

  it(
    'sends new events on every run by default, and prints the seed',
    async () => {
      // Act
      const first = await run();
      const second = await run();

      // Assess
      expect([first.code, second.code]).toStrictEqual([0, 0]);
      expect(first.bids.length).toBeGreaterThanOrEqual(30);
      expect(second.bids.length).toBeGreaterThanOrEqual(30);
      expect(first.seed).toMatch(/^\d+$/);
      expect(second.seed).not.toBe(first.seed);
      expect(first.bids.filter((txId) => second.bids.includes(txId))).toStrictEqual([]);
      expect(first.stderr.split('\n')[0]).toBe(`Seed ${first.seed} (--seed ${first.seed} sends these events again)`);
    },
    RUNS_TIMEOUT_MS,
  );

  it(
    'sends the same events again with the seed a run printed',
    async () => {
      // Prepare
      const original = await run();

      // Act
      const repeat = await run('--seed', original.seed ?? '');

      // Assess: the rate is kept by the clock, so one run may fit a bid or two more than the other, always the
      // next ones of the same sequence: the shorter run's bids are all in the longer one.
      expect(repeat.seed).toBe(original.seed);
      const [shorter, longer] = [original.bids, repeat.bids].sort((a, b) => a.length - b.length) as [
        string[],
        string[],
      ];
      expect(shorter.length).toBeGreaterThanOrEqual(30);
      expect(shorter.filter((txId) => !longer.includes(txId))).toStrictEqual([]);
    },
    RUNS_TIMEOUT_MS,
  );

  it(
    'puts the seed in the JSON summary',
    async () => {
      // Act
      const { code } = await run('--seed', '42', '--json');

      // Assess
      expect(code).toBe(0);
      expect(JSON.parse(printed(out))).toMatchObject({ seed: 42, failedRequests: 0 });
    },
    RUNS_TIMEOUT_MS,
  );

  it.each(['-1', '1.5', '4294967296', 'abc', ''])('rejects --seed %s with exit 2', async (seed) => {
    // Act
    const { code, stderr, bids: sent } = await run(`--seed=${seed}`);

    // Assess
    expect({ code, sent }).toStrictEqual({ code: 2, sent: [] });
    expect(stderr.split('\n')[0]).toBe(`sdp generate: --seed must be an integer from 0 to 4294967295, got "${seed}"`);
  });

  it('fails at once in one line when nothing answers at the URL', async () => {
    // Prepare: a port nothing listens on any more.
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const startedAt = Date.now();

    // Act
    const code = await main(['generate', '--url', `http://127.0.0.1:${port}`, '--duration', '30']);

    // Assess
    expect(Date.now() - startedAt).toBeLessThan(5_000);
    expect({ code, stderr: printed(err), stdout: printed(out) }).toStrictEqual({
      code: 1,
      stderr: `sdp generate: nothing answers at http://127.0.0.1:${port} (ECONNREFUSED): start the platform first ("npm start" or "npx sdp start" in another terminal), or point --url at a running one`,
      stdout: '',
    });
  });

  it('rejects a URL that is not http:// with exit 2', async () => {
    expect(await main(['generate', '--url', 'https://example.com'])).toBe(2);
    expect(printed(err).split('\n')[0]).toBe('sdp generate: --url must be an http:// URL, got "https://example.com"');
  });
});
