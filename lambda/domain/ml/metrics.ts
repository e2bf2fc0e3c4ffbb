/** Probabilities are clipped this far from 0 and 1, so one confident miss costs a lot but not infinity. */
const EPSILON = 1e-15;

/**
 * Area under the ROC curve from ranks (Mann–Whitney U): the chance that a random positive scores
 * above a random negative, ties counting half. NaN when the labels hold only one class.
 */
export function auc(labels: ArrayLike<number>, scores: ArrayLike<number>): number {
  const n = checkLengths(labels, scores);
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => (scores[a] as number) - (scores[b] as number));
  let positives = 0;
  let positiveRankSum = 0;
  for (let start = 0; start < n; ) {
    let end = start;
    while (end + 1 < n && scores[order[end + 1] as number] === scores[order[start] as number]) end++;
    // Tied scores share the average of the ranks they span (ranks count from 1).
    const rank = (start + end) / 2 + 1;
    for (let k = start; k <= end; k++) {
      if (labels[order[k] as number] === 1) {
        positives++;
        positiveRankSum += rank;
      }
    }
    start = end + 1;
  }
  const negatives = n - positives;
  if (positives === 0 || negatives === 0) return Number.NaN;
  return (positiveRankSum - (positives * (positives + 1)) / 2) / (positives * negatives);
}

/** Mean negative log-likelihood of 0/1 labels under predicted probabilities (natural log). */
export function logLoss(labels: ArrayLike<number>, probabilities: ArrayLike<number>): number {
  const n = checkLengths(labels, probabilities);
  if (n === 0) return Number.NaN;
  let total = 0;
  for (let i = 0; i < n; i++) {
    const p = Math.min(Math.max(probabilities[i] as number, EPSILON), 1 - EPSILON);
    total -= labels[i] === 1 ? Math.log(p) : Math.log(1 - p);
  }
  return total / n;
}

function checkLengths(labels: ArrayLike<number>, scores: ArrayLike<number>): number {
  if (labels.length !== scores.length) {
    throw new Error(`labels and scores differ in length: ${labels.length} and ${scores.length}`);
  }
  return labels.length;
}

/** A point of a ROC curve: the false and true positive rates at one score threshold. */
export interface RocPoint {
  readonly fpr: number;
  readonly tpr: number;
}

/**
 * The ROC curve of scores against 0/1 labels, from (0, 0) to (1, 1): one point per distinct score
 * (tied scores move both rates at once, as scikit-learn's `roc_curve` does), thinned to at most
 * `maxPoints`: the first point at or past each of `maxPoints - 1` evenly spaced false positive rates,
 * then (1, 1).
 */
export function rocCurve(labels: ArrayLike<number>, scores: ArrayLike<number>, maxPoints = 101): RocPoint[] {
  const n = checkLengths(labels, scores);
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => (scores[b] as number) - (scores[a] as number));
  let positives = 0;
  for (let i = 0; i < n; i++) positives += labels[i] === 1 ? 1 : 0;
  const negatives = n - positives;
  if (positives === 0 || negatives === 0) throw new Error('A ROC curve needs both positive and negative labels');
  const points: RocPoint[] = [{ fpr: 0, tpr: 0 }];
  let truePositives = 0;
  let falsePositives = 0;
  for (let k = 0; k < n; ) {
    const score = scores[order[k] as number];
    while (k < n && scores[order[k] as number] === score) {
      if (labels[order[k] as number] === 1) truePositives++;
      else falsePositives++;
      k++;
    }
    points.push({ fpr: falsePositives / negatives, tpr: truePositives / positives });
  }
  if (points.length <= maxPoints) return points;
  const kept: RocPoint[] = [];
  let next = 0;
  for (let slot = 0; slot < maxPoints - 1; slot++) {
    const target = slot / (maxPoints - 1);
    while (next < points.length - 1 && (points[next] as RocPoint).fpr < target) next++;
    const point = points[next] as RocPoint;
    if (kept.at(-1) !== point) kept.push(point);
  }
  kept.push(points.at(-1) as RocPoint);
  return kept;
}
