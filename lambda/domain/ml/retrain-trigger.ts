export interface RetrainTriggerOptions {
  /** Labelled bids that must arrive after the last run started before the next run. */
  readonly threshold: number;
  /** One training run; the trigger never calls it again before the returned promise settles. */
  readonly train: () => Promise<unknown>;
  /** Told about a failed run; the trigger keeps counting either way. */
  readonly onError?: (error: unknown) => void;
}

/**
 * Retrains once enough new labelled bids arrived (SPEC.md §8), one run at a time. Bids noted while
 * a run is in flight count toward the next run, which starts as soon as the current one ends if
 * they already reach the threshold. A failed run is not retried by itself: the next threshold's
 * worth of bids triggers the next attempt, so a broken trainer cannot spin.
 */
export class RetrainTrigger {
  private pendingBids = 0;
  private inFlight: Promise<void> | undefined;

  constructor(private readonly options: RetrainTriggerOptions) {
    if (!Number.isInteger(options.threshold) || options.threshold < 1) {
      throw new Error(`threshold must be a positive integer, got ${options.threshold}`);
    }
  }

  /** Counts `count` newly labelled bids and starts a run if they reach the threshold and none runs. */
  noteLabelledBids(count: number): void {
    if (!Number.isInteger(count) || count < 0) throw new Error(`count must be a non-negative integer, got ${count}`);
    this.pendingBids += count;
    this.maybeStart();
  }

  /** Labelled bids counted toward the next run. */
  get pending(): number {
    return this.pendingBids;
  }

  get running(): boolean {
    return this.inFlight !== undefined;
  }

  /** Settles once no run is in flight, including any follow-up run started meanwhile (e.g. at shutdown). */
  async idle(): Promise<void> {
    while (this.inFlight) await this.inFlight;
  }

  private maybeStart(): void {
    if (this.inFlight || this.pendingBids < this.options.threshold) return;
    this.pendingBids = 0;
    // Started on a microtask, so even a trainer that throws synchronously settles `inFlight` after it is set.
    this.inFlight = Promise.resolve()
      .then(() => this.options.train())
      .then(
        () => undefined,
        (error: unknown) => this.options.onError?.(error),
      )
      .finally(() => {
        this.inFlight = undefined;
        this.maybeStart();
      });
  }
}
