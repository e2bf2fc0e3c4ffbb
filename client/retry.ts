/** How the client retries what the platform did not store. */
export interface RetryOptions {
  /** Requests per call, the first included. @default 5 */
  readonly attempts?: number;
  /** Backoff before the first retry; it doubles each time, with full jitter. @default 100 */
  readonly baseDelayMs?: number;
  /** @default 5000 */
  readonly maxDelayMs?: number;
  /** For tests: how to wait. @default setTimeout */
  readonly sleep?: (ms: number) => Promise<void>;
  /** For tests: a number in [0, 1). @default Math.random */
  readonly random?: () => number;
}

export interface Backoff {
  readonly attempts: number;
  /** Waits before retry number `retry` (1 for the first retry). */
  wait(retry: number): Promise<void>;
}

export function backoff(options: RetryOptions = {}): Backoff {
  const {
    attempts = 5,
    baseDelayMs = 100,
    maxDelayMs = 5_000,
    sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)),
    random = Math.random,
  } = options;
  if (!Number.isInteger(attempts) || attempts < 1)
    throw new RangeError(`attempts must be an integer >= 1, got ${attempts}`);
  return {
    attempts,
    // Full jitter (AWS Architecture Blog, "Exponential Backoff And Jitter"): clients throttled together
    // do not come back together.
    wait: (retry) => sleep(Math.floor(random() * Math.min(maxDelayMs, baseDelayMs * 2 ** (retry - 1)))),
  };
}

/** Statuses after which the same request may succeed: the stream throttled (429) or failed (503). */
export const RETRYABLE_STATUSES: ReadonlySet<number> = new Set([429, 503]);
