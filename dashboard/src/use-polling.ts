import { useEffect, useRef, useState } from 'preact/hooks';

export interface Polled<T> {
  readonly data: T | undefined;
  readonly error: string | undefined;
  /** When the last answer arrived, epoch ms. */
  readonly updatedAt: number | undefined;
}

/**
 * Runs `load` now, again every `intervalMs`, and afresh whenever `deps` change (an answer for
 * other deps is never shown); drops answers to requests a newer one has overtaken. A slow answer
 * stretches the interval to four times its duration, so a busy server is not asked again at once.
 */
export function usePolling<T>(load: () => Promise<T>, intervalMs: number, deps: readonly unknown[]): Polled<T> {
  const [state, setState] = useState<Polled<T>>({ data: undefined, error: undefined, updatedAt: undefined });
  const generation = useRef(0);
  useEffect(() => {
    const mine = ++generation.current;
    if (mine > 1) setState({ data: undefined, error: undefined, updatedAt: undefined });
    let timer: ReturnType<typeof setTimeout> | undefined;
    const run = async () => {
      const started = Date.now();
      try {
        const data = await load();
        if (mine === generation.current) setState({ data, error: undefined, updatedAt: Date.now() });
      } catch (error) {
        if (mine === generation.current) setState((old) => ({ ...old, error: (error as Error).message }));
      }
      if (mine === generation.current) timer = setTimeout(run, Math.max(intervalMs, 4 * (Date.now() - started)));
    };
    void run();
    return () => {
      generation.current++;
      clearTimeout(timer);
    };
  }, deps);
  return state;
}
