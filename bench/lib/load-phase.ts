import autocannon from 'autocannon';
import { NumberedBids } from './bids.ts';
import { type CpuUsage, cpuSince, cpuSnapshot } from './cpu.ts';
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
  readonly durationSeconds: number;
  /** Requests answered, whatever the status. */
  readonly requests: number;
  /** Requests answered 200: every event in them was stored. */
  readonly ok: number;
  readonly non2xx: number;
  readonly statusCodes: Record<string, number>;
  readonly errors: number;
  readonly timeouts: number;
  readonly requestsPerSecond: number;
  /** Events in requests answered 200, per second. */
  readonly eventsPerSecond: number;
  readonly eventsAccepted: number;
  readonly latencyMs: { readonly p50: number; readonly p99: number; readonly average: number; readonly max: number };
  readonly cpu?: CpuUsage & { readonly platformMicrosPerEvent: number };
}

export interface LoadPhase extends CheckedPhase {
  readonly result: LoadPhaseResult;
}

/**
 * Keep-alive clients posting bids to /bid as fast as the API answers (one request in flight per
 * connection). Every bid has a unique tx_id, and the ones answered 200 are remembered for the read-back.
 */
export async function runLoadPhase(options: LoadPhaseOptions): Promise<LoadPhase> {
  const { eventsPerRequest } = options;
  const bids = new NumberedBids(options.prefix);
  const acceptedStarts: number[] = [];
  let responses = 0;
  const cpuBefore = cpuSnapshot(options.platformPid);
  const result = await autocannon({
    url: `${options.url}/bid`,
    connections: options.connections,
    duration: options.durationSeconds,
    pipelining: 1,
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    requests: [
      {
        setupRequest: (request, context) => {
          context.start = bids.take(eventsPerRequest);
          return { ...request, body: bids.body(context.start as number, eventsPerRequest) };
        },
        // With one request in flight per connection, the context still describes the request answered.
        onResponse: (status, _body, context) => {
          responses++;
          if (status === 200) acceptedStarts.push(context.start as number);
        },
      },
    ],
  });
  const cpu = cpuSince(cpuBefore, options.platformPid, result.duration);
  const ok = acceptedStarts.length;
  const statusCodes = Object.fromEntries(
    Object.entries(result.statusCodeStats).map(([code, { count }]) => [code, count]),
  );
  if (responses !== result.requests.total) {
    console.warn(`${options.name}: counted ${responses} responses, autocannon ${result.requests.total}`);
  }
  return {
    result: {
      name: options.name,
      prefix: options.prefix,
      connections: options.connections,
      eventsPerRequest,
      durationSeconds: result.duration,
      requests: responses,
      ok,
      non2xx: result.non2xx,
      statusCodes,
      errors: result.errors,
      timeouts: result.timeouts,
      requestsPerSecond: responses / result.duration,
      eventsPerSecond: (ok * eventsPerRequest) / result.duration,
      eventsAccepted: ok * eventsPerRequest,
      latencyMs: {
        p50: result.latency.p50,
        p99: result.latency.p99,
        average: result.latency.average,
        max: result.latency.max,
      },
      ...(cpu && { cpu: { ...cpu, platformMicrosPerEvent: (cpu.platformCpuSeconds * 1e6) / (ok * eventsPerRequest) } }),
    },
    // One request in flight per connection, cut off when autocannon stops.
    inFlightAtStop: options.connections * eventsPerRequest,
    *acceptedTxIds() {
      for (const start of acceptedStarts) {
        for (let n = start; n < start + eventsPerRequest; n++) yield bids.txId(n);
      }
    },
  };
}
