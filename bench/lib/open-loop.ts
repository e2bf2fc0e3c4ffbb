import { countNon2xx, type LatencySummary, summarizeLatencies } from './answer-stats.ts';
import { NumberedBids } from './bids.ts';
import { type CpuUsage, cpuSince, cpuSnapshot } from './cpu.ts';
import { KeepAlivePool } from './keep-alive-pool.ts';
import type { CheckedPhase } from './read-back.ts';

export interface OpenLoopOptions {
  /** Base URL of the ingestion API. */
  readonly url: string;
  readonly name: string;
  /** tx_id prefix of this phase's bids; must be unique per phase for the read-back. */
  readonly prefix: string;
  readonly requestsPerSecond: number;
  readonly durationSeconds: number;
  readonly eventsPerRequest: number;
  /** Keep-alive connections the client may open; past this, requests queue for one and the wait counts as latency. */
  readonly maxConnections: number;
  /** The platform's process, for its CPU use. */
  readonly platformPid: number;
}

export interface OpenLoopResult {
  readonly name: string;
  readonly prefix: string;
  readonly eventsPerRequest: number;
  readonly requestsPerSecond: number;
  readonly durationSeconds: number;
  readonly requests: number;
  /** Requests answered 200: every event in them was stored. */
  readonly ok: number;
  /** Requests answered with a status outside 2xx. */
  readonly non2xx: number;
  readonly statusCodes: Record<string, number>;
  /** Requests that got no answer: connection errors, or no answer within the request timeout. */
  readonly errors: number;
  readonly eventsAccepted: number;
  /** From each request's scheduled send time to the end of its answer, over the requests answered. */
  readonly latencyMs: LatencySummary;
  /** How late the most delayed request left: large values mean the load generator itself fell behind. */
  readonly maxSendLagMs: number;
  /** Connections opened: about the most requests that were in flight at once. */
  readonly connectionsUsed: number;
  readonly cpu?: CpuUsage & { readonly platformMicrosPerEvent: number };
}

export interface OpenLoopPhase extends CheckedPhase {
  readonly result: OpenLoopResult;
}

// Answers slower than this are given up on and counted as errors, so a stalled platform cannot hang the run.
const REQUEST_TIMEOUT_MS = 10_000;
const TICK_MS = 1;

/**
 * Posts bids to /bid at a fixed rate, one request every 1/rate s whether or not earlier ones were
 * answered (open loop), and times each from when it was due to be sent, so queueing anywhere (the
 * client's sockets, the platform's event loop) is in the latency, as a real client population sees it.
 */
export async function runOpenLoop(options: OpenLoopOptions): Promise<OpenLoopPhase> {
  const { eventsPerRequest, requestsPerSecond } = options;
  const bids = new NumberedBids(options.prefix);
  const pool = new KeepAlivePool(new URL('/bid', options.url), options.maxConnections, REQUEST_TIMEOUT_MS);
  const total = Math.round(requestsPerSecond * options.durationSeconds);
  const intervalMs = 1000 / requestsPerSecond;
  const latencies = new Float64Array(total);
  const acceptedStarts: number[] = [];
  const statusCodes: Record<string, number> = {};
  let answered = 0;
  let errors = 0;
  let maxSendLagMs = 0;

  const send = (dueAt: number): Promise<void> => {
    const start = bids.take(eventsPerRequest);
    maxSendLagMs = Math.max(maxSendLagMs, performance.now() - dueAt);
    return new Promise((resolve) => {
      pool.post(bids.body(start, eventsPerRequest), (status) => {
        if (status === undefined) {
          errors++;
        } else {
          latencies[answered++] = performance.now() - dueAt;
          statusCodes[status] = (statusCodes[status] ?? 0) + 1;
          if (status === 200) acceptedStarts.push(start);
        }
        resolve();
      });
    });
  };

  const cpuBefore = cpuSnapshot(options.platformPid);
  const started = performance.now();
  const inFlight: Promise<void>[] = [];
  await new Promise<void>((resolve) => {
    const timer = setInterval(() => {
      const due = Math.min(total, Math.floor((performance.now() - started) / intervalMs) + 1);
      while (inFlight.length < due) inFlight.push(send(started + inFlight.length * intervalMs));
      if (inFlight.length === total) {
        clearInterval(timer);
        resolve();
      }
    }, TICK_MS);
  });
  const durationSeconds = (performance.now() - started) / 1000;
  await Promise.all(inFlight);
  // Until the last answer: the platform's work for the phase includes its backlog at the end.
  const cpu = cpuSince(cpuBefore, options.platformPid, (performance.now() - started) / 1000);
  pool.close();

  const ok = acceptedStarts.length;
  return {
    result: {
      name: options.name,
      prefix: options.prefix,
      eventsPerRequest,
      requestsPerSecond,
      durationSeconds,
      requests: total,
      ok,
      non2xx: countNon2xx(statusCodes),
      statusCodes,
      errors,
      eventsAccepted: ok * eventsPerRequest,
      latencyMs: summarizeLatencies(latencies.subarray(0, answered)),
      maxSendLagMs,
      connectionsUsed: pool.opened,
      ...(cpu && { cpu: { ...cpu, platformMicrosPerEvent: (cpu.platformCpuSeconds * 1e6) / (ok * eventsPerRequest) } }),
    },
    // Every request is waited for, so only those that got no answer can have been stored unacknowledged.
    inFlightAtStop: errors * eventsPerRequest,
    *acceptedTxIds() {
      for (const start of acceptedStarts) {
        for (let n = start; n < start + eventsPerRequest; n++) yield bids.txId(n);
      }
    },
  };
}
