import { useEffect, useRef, useState } from 'preact/hooks';

export interface Polled<T> {
  readonly data: T | undefined;
  readonly error: string | undefined;
  /** When the last answer arrived, epoch ms. */
  readonly updatedAt: number | undefined;
}

const NOTHING: Polled<never> = { data: undefined, error: undefined, updatedAt: undefined };

/**
 * Runs `load` now, again every `intervalMs`, and afresh whenever `deps` change; drops answers to
 * requests a newer one has overtaken. An answer is kept with the deps it was asked for and shown
 * only while they are the current ones, so the render that follows a change (a new campaign, sort
 * or range) never shows the old answer under the new choice. A slow answer stretches the interval
 * to four times its duration, so a busy server is not asked again at once.
 */
export function usePolling<T>(load: () => Promise<T>, intervalMs: number, deps: readonly unknown[]): Polled<T> {
  const key = JSON.stringify(deps);
  const [state, setState] = useState<{ readonly key: string | undefined; readonly polled: Polled<T> }>({
    key: undefined,
    polled: NOTHING,
  });
  const generation = useRef(0);
  useEffect(() => {
    const mine = ++generation.current;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const run = async () => {
      const started = Date.now();
      try {
        const data = await load();
        if (mine === generation.current) setState({ key, polled: { data, error: undefined, updatedAt: Date.now() } });
      } catch (error) {
        if (mine === generation.current) {
          const message = (error as Error).message;
          setState((old) => ({ key, polled: { ...(old.key === key ? old.polled : NOTHING), error: message } }));
        }
      }
      if (mine === generation.current) timer = setTimeout(run, Math.max(intervalMs, 4 * (Date.now() - started)));
    };
    void run();
    return () => {
      generation.current++;
      clearTimeout(timer);
    };
  }, [key]);
  return state.key === key ? state.polled : NOTHING;
}
