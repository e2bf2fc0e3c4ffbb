/** One bin of a calibration (reliability) curve: rows whose predicted probability fell in the bin. */
export interface CalibrationBin {
  /** Mean predicted probability of the bin's rows. */
  readonly predicted: number;
  /** Share of the bin's rows that won. */
  readonly observed: number;
  readonly count: number;
}

/**
 * The calibration curve of probabilities against 0/1 labels, in `bins` equal-width bins of [0, 1]
 * (scikit-learn's `calibration_curve` with `strategy="uniform"`); empty bins are left out. A
 * calibrated model's bins lie on the diagonal: of the bids it gives 30%, 30% win.
 */
export function calibrationCurve(labels: ArrayLike<number>, scores: ArrayLike<number>, bins = 10): CalibrationBin[] {
  if (labels.length !== scores.length) {
    throw new Error(`labels and scores differ in length: ${labels.length} and ${scores.length}`);
  }
  if (!Number.isInteger(bins) || bins < 1) throw new Error(`bins must be a positive integer, got ${bins}`);
  const sums = Array.from({ length: bins }, () => ({ predicted: 0, observed: 0, count: 0 }));
  for (let i = 0; i < labels.length; i++) {
    const score = scores[i] as number;
    const bin = sums[Math.min(bins - 1, Math.max(0, Math.floor(score * bins)))] as (typeof sums)[number];
    bin.predicted += score;
    bin.observed += labels[i] as number;
    bin.count++;
  }
  return sums
    .filter((bin) => bin.count > 0)
    .map((bin) => ({ predicted: bin.predicted / bin.count, observed: bin.observed / bin.count, count: bin.count }));
}
