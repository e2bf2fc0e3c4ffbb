import { countNon2xx, type LatencySummary, summarizeLatencies } from './answer-stats.ts';
import { NumberedBids } from './bids.ts';
import { type CpuUsage, cpuSince, cpuSnapshot } from './cpu.ts';
import { KeepAlivePool } from './keep-alive-pool.ts';
import type { CheckedPhase } from './read-back.ts';

export interface LoadPhaseOptions {
  /** Base URL of the ingestion API. */
  readonly url: string;
  readonly name: string;
  /** tx_id prefix of this phase's bids; must be unique per phase for the read-back. */
  readonly prefix: string;
  readonly connections: number;
  readonly durationSeconds: number;
  readonly eventsPerRequest: number;
  /** The platform's process, for its CPU use. */
  readonly platformPid: number;
}

export interface LoadPhaseResult {
  readonly name: string;
  readonly prefix: string;
  readonly connections: number;
  readonly eventsPerRequest: number;
  /** From the first request to the last answer. */
  readonly durationSeconds: number;
  /** Requests answered, whatever the status. */
  readonly requests: number;
  /** Requests answered 200: every event in them was stored. */
  readonly ok: number;
  readonly non2xx: number;
  readonly statusCodes: Record<string, number>;
  /** Requests that got no answer: connection errors, or none within the request timeout. */
  readonly errors: number;
  readonly requestsPerSecond: number;
  /** Events in requests answered 200, per second. */
  readonly eventsPerSecond: number;
  readonly eventsAccepted: number;
  readonly latencyMs: LatencySummary;
  /** CPU the load generator itself used per request answered: taken from the platform on a shared machine. */
  readonly generatorMicrosPerRequest: number;
  readonly cpu?: CpuUsage & { readonly platformMicrosPerEvent: number };
}

export interface LoadPhase extends CheckedPhase {
  readonly result: LoadPhaseResult;
}

// Answers slower than this are given up on and counted as errors, so a stalled platform cannot hang the run.
const REQUEST_TIMEOUT_MS = 10_000;

/**
 * Keep-alive clients posting bids to /bid as fast as the API answers, one request in flight per
 * connection (closed loop), until the duration is up; the requests then in flight are waited for, so
 * none is cut off. Every bid has a unique tx_id, and the ones answered 200 are remembered for the read-back.
 */
export async function runLoadPhase(options: LoadPhaseOptions): Promise<LoadPhase> {
  const { eventsPerRequest, connections } = options;
  const bids = new NumberedBids(options.prefix);
  const pool = new KeepAlivePool(new URL('/bid', options.url), connections, REQUEST_TIMEOUT_MS);
  const latencies: number[] = [];
  let errors = 0;
  const acceptedStarts: number[] = [];
  const statusCodes: Record<string, number> = {};

  const cpuBefore = cpuSnapshot(options.platformPid);
  const generatorBefore = process.cpuUsage();
  const started = performance.now();
  const deadline = started + options.durationSeconds * 1000;
  await new Promise<void>((resolve) => {
    let running = connections;
    const sendNext = () => {
      if (performance.now() >= deadline) {
        if (--running === 0) resolve();
        return;
      }
      const start = bids.take(eventsPerRequest);
      const sentAt = performance.now();
      pool.post(bids.body(start, eventsPerRequest), (status) => {
        if (status === undefined) {
          errors++;
        } else {
          latencies.push(performance.now() - sentAt);
          statusCodes[status] = (statusCodes[status] ?? 0) + 1;
          if (status === 200) acceptedStarts.push(start);
        }
        sendNext();
      });
    };
    for (let i = 0; i < connections; i++) sendNext();
  });
  const durationSeconds = (performance.now() - started) / 1000;
  const cpu = cpuSince(cpuBefore, options.platformPid, durationSeconds);
  const generator = process.cpuUsage(generatorBefore);
  pool.close();

  const ok = acceptedStarts.length;
  const answered = latencies.length;
  return {
    result: {
      name: options.name,
      prefix: options.prefix,
      connections,
      eventsPerRequest,
      durationSeconds,
      requests: answered,
      ok,
      non2xx: countNon2xx(statusCodes),
      statusCodes,
      errors,
      requestsPerSecond: answered / durationSeconds,
      eventsPerSecond: (ok * eventsPerRequest) / durationSeconds,
      eventsAccepted: ok * eventsPerRequest,
      latencyMs: summarizeLatencies(Float64Array.from(latencies)),
      generatorMicrosPerRequest: (generator.user + generator.system) / Math.max(1, answered),
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
