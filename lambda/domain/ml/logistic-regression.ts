import type { FeatureVector } from './features.ts';

/** A binary logistic-regression model: P(label = 1) = sigmoid(bias + weights · x). */
export interface LogisticModel {
  readonly bias: number;
  readonly weights: readonly number[];
}

export interface TrainOptions {
  /**
   * L2 penalty on the weights (never the bias): the objective is mean log loss + l2 / 2 · ‖w‖², which
   * is scikit-learn's `LogisticRegression(C = 1 / (l2 · rows))`.
   * @default 1e-4
   */
  readonly l2?: number;
  /** @default 500 */
  readonly maxIterations?: number;
  /** Stop once no gradient component exceeds this. @default 1e-6 */
  readonly gradientTolerance?: number;
}

export interface TrainingResult {
  readonly model: LogisticModel;
  readonly iterations: number;
  /** The objective at the returned model. */
  readonly loss: number;
  readonly converged: boolean;
}

/** L-BFGS pairs kept: ten is the usual choice; more buys little on a convex, well-scaled problem. */
const HISTORY = 10;
/** Armijo sufficient-decrease constant of the backtracking line search. */
const ARMIJO = 1e-4;
const MAX_BACKTRACKS = 40;
/** Stop when one step improves the objective by less than this fraction of it. */
const RELATIVE_DECREASE = 1e-12;

/**
 * Fits L2-regularised logistic regression by full-batch L-BFGS over sparse rows. The objective is
 * convex and every step is deterministic, so the same rows give the same model, bit for bit, and
 * the optimum is the one scikit-learn's lbfgs solver finds for the same penalty.
 */
export function trainLogisticRegression(
  rows: readonly FeatureVector[],
  labels: ArrayLike<number>,
  dimension: number,
  options: TrainOptions = {},
): TrainingResult {
  if (rows.length !== labels.length) {
    throw new Error(`rows and labels differ in length: ${rows.length} and ${labels.length}`);
  }
  if (rows.length === 0) throw new Error('cannot train on zero rows');
  const objective = new Objective(rows, labels, dimension, options.l2 ?? 1e-4);
  const maxIterations = options.maxIterations ?? 500;
  const tolerance = options.gradientTolerance ?? 1e-6;
  const size = dimension + 1;
  let x = new Float64Array(size);
  let gradient = new Float64Array(size);
  let loss = objective.evaluate(x, gradient);
  const steps: Float64Array[] = [];
  const changes: Float64Array[] = [];
  let iterations = 0;
  let converged = false;
  while (iterations < maxIterations) {
    if (maxAbs(gradient) <= tolerance) {
      converged = true;
      break;
    }
    let direction = searchDirection(gradient, steps, changes);
    let slope = dot(direction, gradient);
    if (slope >= 0) {
      // Curvature pairs gone stale: restart from steepest descent.
      steps.length = 0;
      changes.length = 0;
      direction = gradient.map((g) => -g);
      slope = dot(direction, gradient);
    }
    // Before any curvature is known, a unit step along the raw gradient may overshoot wildly.
    let stepSize = steps.length === 0 ? Math.min(1, 1 / Math.sqrt(-slope)) : 1;
    const next = new Float64Array(size);
    const nextGradient = new Float64Array(size);
    let nextLoss = Number.POSITIVE_INFINITY;
    for (let backtrack = 0; backtrack < MAX_BACKTRACKS; backtrack++) {
      for (let j = 0; j < size; j++) next[j] = (x[j] as number) + stepSize * (direction[j] as number);
      nextLoss = objective.evaluate(next, nextGradient);
      if (nextLoss <= loss + ARMIJO * stepSize * slope) break;
      stepSize /= 2;
    }
    if (!(nextLoss < loss)) {
      // No descent left at machine precision: x is as good as this solver gets.
      converged = true;
      break;
    }
    iterations++;
    const step = next.map((value, j) => value - (x[j] as number));
    const change = nextGradient.map((value, j) => value - (gradient[j] as number));
    if (dot(step, change) > 1e-12) {
      steps.push(step);
      changes.push(change);
      if (steps.length > HISTORY) {
        steps.shift();
        changes.shift();
      }
    }
    const decrease = loss - nextLoss;
    x = next;
    gradient = nextGradient;
    loss = nextLoss;
    if (decrease <= RELATIVE_DECREASE * Math.max(Math.abs(loss), 1)) {
      converged = true;
      break;
    }
  }
  return {
    model: { bias: x[dimension] as number, weights: Array.from(x.subarray(0, dimension)) },
    iterations,
    loss,
    converged,
  };
}

/** P(label = 1) for one encoded row. */
export function predict(model: LogisticModel, vector: FeatureVector): number {
  let z = model.bias;
  for (let k = 0; k < vector.indices.length; k++) {
    z += (model.weights[vector.indices[k] as number] ?? 0) * (vector.values[k] as number);
  }
  return sigmoid(z);
}

function sigmoid(z: number): number {
  if (z >= 0) return 1 / (1 + Math.exp(-z));
  const e = Math.exp(z);
  return e / (1 + e);
}

/** Mean log loss plus the L2 term, over rows packed once into compressed sparse rows. */
class Objective {
  private readonly offsets: Int32Array;
  private readonly columns: Int32Array;
  private readonly values: Float64Array;
  private readonly labels: Float64Array;

  constructor(
    rows: readonly FeatureVector[],
    labels: ArrayLike<number>,
    private readonly dimension: number,
    private readonly l2: number,
  ) {
    this.offsets = new Int32Array(rows.length + 1);
    rows.forEach((row, i) => {
      this.offsets[i + 1] = (this.offsets[i] as number) + row.indices.length;
    });
    this.columns = new Int32Array(this.offsets[rows.length] as number);
    this.values = new Float64Array(this.columns.length);
    rows.forEach((row, i) => {
      const at = this.offsets[i] as number;
      row.indices.forEach((index, k) => {
        if (index < 0 || index >= dimension) throw new Error(`row ${i} has index ${index} outside 0..${dimension - 1}`);
        this.columns[at + k] = index;
        this.values[at + k] = row.values[k] as number;
      });
    });
    this.labels = Float64Array.from(labels);
  }

  /** The objective at `x` (weights, then bias); writes its gradient into `gradient`. */
  evaluate(x: Float64Array, gradient: Float64Array): number {
    const { offsets, columns, values, labels, dimension } = this;
    const n = labels.length;
    gradient.fill(0);
    const bias = x[dimension] as number;
    let loss = 0;
    let biasGradient = 0;
    for (let i = 0; i < n; i++) {
      const start = offsets[i] as number;
      const end = offsets[i + 1] as number;
      let z = bias;
      for (let k = start; k < end; k++) z += (x[columns[k] as number] as number) * (values[k] as number);
      const y = labels[i] as number;
      // log(1 + e^z) - y·z and sigmoid(z) from one exponential that cannot overflow.
      const e = Math.exp(-Math.abs(z));
      loss += Math.max(z, 0) + Math.log1p(e) - y * z;
      const residual = (z >= 0 ? 1 / (1 + e) : e / (1 + e)) - y;
      for (let k = start; k < end; k++) {
        const column = columns[k] as number;
        gradient[column] = (gradient[column] as number) + residual * (values[k] as number);
      }
      biasGradient += residual;
    }
    let penalty = 0;
    for (let j = 0; j < dimension; j++) {
      const w = x[j] as number;
      penalty += w * w;
      gradient[j] = (gradient[j] as number) / n + this.l2 * w;
    }
    gradient[dimension] = biasGradient / n;
    return loss / n + (this.l2 / 2) * penalty;
  }
}

/** L-BFGS two-loop recursion: an approximation of -H⁻¹·g from the recent steps and gradient changes. */
function searchDirection(gradient: Float64Array, steps: Float64Array[], changes: Float64Array[]): Float64Array {
  const q = Float64Array.from(gradient);
  const alphas = new Float64Array(steps.length);
  for (let m = steps.length - 1; m >= 0; m--) {
    const s = steps[m] as Float64Array;
    const y = changes[m] as Float64Array;
    const alpha = dot(s, q) / dot(s, y);
    alphas[m] = alpha;
    for (let j = 0; j < q.length; j++) q[j] = (q[j] as number) - alpha * (y[j] as number);
  }
  if (steps.length > 0) {
    const s = steps.at(-1) as Float64Array;
    const y = changes.at(-1) as Float64Array;
    const scale = dot(s, y) / dot(y, y);
    for (let j = 0; j < q.length; j++) q[j] = (q[j] as number) * scale;
  }
  for (let m = 0; m < steps.length; m++) {
    const s = steps[m] as Float64Array;
    const y = changes[m] as Float64Array;
    const beta = dot(y, q) / dot(s, y);
    for (let j = 0; j < q.length; j++) q[j] = (q[j] as number) + ((alphas[m] as number) - beta) * (s[j] as number);
  }
  for (let j = 0; j < q.length; j++) q[j] = -(q[j] as number);
  return q;
}

function dot(a: Float64Array, b: Float64Array): number {
  let sum = 0;
  for (let j = 0; j < a.length; j++) sum += (a[j] as number) * (b[j] as number);
  return sum;
}

function maxAbs(values: Float64Array): number {
  let max = 0;
  for (const value of values) max = Math.max(max, Math.abs(value));
  return max;
}
