import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { countNon2xx, summarizeLatencies } from '../../../bench/lib/answer-stats.ts';
import { runLoadPhase } from '../../../bench/lib/load-phase.ts';

describe('summarizeLatencies', () => {
  it('gives nearest-rank percentiles, the mean and the maximum', () => {
    const latencies = Float64Array.from({ length: 200 }, (_, i) => 200 - i);
    expect(summarizeLatencies(latencies)).toEqual({ p50: 100, p99: 198, average: 100.5, max: 200 });
  });

  it('gives NaN for no latencies', () => {
    const summary = summarizeLatencies(new Float64Array(0));
    expect([summary.p50, summary.p99, summary.average, summary.max].every(Number.isNaN)).toBe(true);
  });
});

describe('countNon2xx', () => {
  it('counts every answer outside 2xx', () => {
    expect(countNon2xx({ 200: 5, 207: 2, 400: 3, 503: 1 })).toBe(4);
  });
});

describe('runLoadPhase', () => {
  let server: Server | undefined;
  afterEach(() => server?.close());

  /** Answers 200 to bids whose tx_id ends in an even digit and 503 to the others, after a short delay. */
  async function startServer(received: string[]): Promise<string> {
    const listening = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk) => {
        body += chunk;
      });
      req.on('end', () => {
        const parsed = JSON.parse(body);
        const txIds = (Array.isArray(parsed) ? parsed : [parsed]).map((bid: { tx_id: string }) => bid.tx_id);
        received.push(...txIds);
        const status = Number((txIds[0] as string).at(-1)) % 2 === 0 ? 200 : 503;
        setTimeout(() => res.writeHead(status, { 'content-length': 2 }).end('{}'), 2);
      });
    });
    server = listening;
    await new Promise<void>((resolve) => listening.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(listening.address() as AddressInfo).port}`;
  }

  it('keeps every connection busy until the time is up, waits for the last answers and counts each status', async () => {
    const received: string[] = [];
    const url = await startServer(received);
    const { result, acceptedTxIds, inFlightAtStop } = await runLoadPhase({
      url,
      name: 'test',
      prefix: 'lp',
      connections: 4,
      durationSeconds: 0.3,
      eventsPerRequest: 1,
      platformPid: process.pid,
    });

    expect(result.requests).toBe(received.length);
    // More than two rounds per connection: every connection stayed busy (a loaded machine sends fewer).
    expect(result.requests).toBeGreaterThan(2 * 4);
    expect(result.ok + result.non2xx).toBe(result.requests);
    expect(result.statusCodes).toEqual({ 200: result.ok, 503: result.non2xx });
    expect(result.errors).toBe(0);
    expect(inFlightAtStop).toBe(0);
    const accepted = [...acceptedTxIds()];
    expect(accepted.sort()).toEqual(received.filter((txId) => Number(txId.at(-1)) % 2 === 0).sort());
    expect(result.eventsAccepted).toBe(accepted.length);
    expect(result.latencyMs.p50).toBeGreaterThanOrEqual(2);
    expect(result.durationSeconds).toBeGreaterThanOrEqual(0.3);
  });

  it('sends arrays of bids when a request carries several', async () => {
    const received: string[] = [];
    const url = await startServer(received);
    const { result, acceptedTxIds } = await runLoadPhase({
      url,
      name: 'test',
      prefix: 'lp',
      connections: 2,
      durationSeconds: 0.1,
      eventsPerRequest: 10,
      platformPid: process.pid,
    });

    expect(received.length).toBe(result.requests * 10);
    expect(new Set(received).size).toBe(received.length);
    expect([...acceptedTxIds()].length).toBe(result.ok * 10);
    expect(result.eventsAccepted).toBe(result.ok * 10);
  });
});
