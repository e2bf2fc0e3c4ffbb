/**
 * What `GET /health` says about one part of the platform: working, failing with an error, or stuck
 * (it should move and has not, local/ops/stage-health.ts), with details such as lag for the stage.
 */
export type ComponentHealth = (
  | { readonly status: 'ok' | 'idle' }
  | {
      readonly status: 'failing';
      /** The error that started the failure, e.g. `IO error: …/000012.log: No space left on device`. */
      readonly error: string;
      /** When the component started failing (ISO-8601), kept across its retries. */
      readonly since: string;
    }
  | {
      readonly status: 'stuck';
      /** Why it counts as stuck, in a sentence. */
      readonly reason: string;
    }
) & { readonly [detail: string]: unknown };

/** Whether `GET /health` must answer 503 for this component. */
export const isUnhealthy = (component: ComponentHealth | undefined) =>
  component?.status === 'failing' || component?.status === 'stuck';

/**
 * Whether a component that retries on its own (an emulator, a stream consumer) currently works. The
 * transitions tell the caller when to log, so that a component retrying every 100 ms logs once when it
 * starts failing and once when it recovers, not on every retry.
 */
export class HealthState {
  #failure: { error: string; since: number } | undefined;

  /** Records a failure; true if the component was working until now. */
  fail(error: unknown, now = Date.now()): boolean {
    const message = error instanceof Error ? error.message : String(error);
    const started = this.#failure === undefined;
    this.#failure ??= { error: message, since: now };
    return started;
  }

  /** Records a success; true if the component was failing until now. */
  ok(): boolean {
    const recovered = this.#failure !== undefined;
    this.#failure = undefined;
    return recovered;
  }

  snapshot(): ComponentHealth {
    return this.#failure === undefined
      ? { status: 'ok' }
      : { status: 'failing', error: this.#failure.error, since: new Date(this.#failure.since).toISOString() };
  }
}

/**
 * `GET /health`: 200 and `"status":"ok"` while every component works, else 503 with `"status":"failing"` and
 * the failing or stuck components named, so a load balancer or a person sees which part to look at.
 */
export function healthResponse(
  components: Readonly<Record<string, ComponentHealth>>,
  details: Readonly<Record<string, unknown>>,
): { statusCode: number; body: Record<string, unknown> } {
  const failing = Object.keys(components).filter((name) => isUnhealthy(components[name]));
  return {
    statusCode: failing.length === 0 ? 200 : 503,
    body: {
      status: failing.length === 0 ? 'ok' : 'failing',
      ...(failing.length === 0 ? {} : { failing }),
      components,
      ...details,
    },
  };
}
