"""scikit-learn's LogisticRegression on the training set bench/ml.ts exported, for comparison.

Usage: python3 bench/ml_sklearn.py TRAIN.svm HOLDOUT.svm N_FEATURES C RUNS
Prints one JSON object: holdout AUC and log loss, the median fit time over RUNS fits, and the holdout
scores (bench/ml.ts draws both ROC curves with the same code).
"""

import json
import statistics
import sys
import time

import sklearn
from sklearn.datasets import load_svmlight_file
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import log_loss, roc_auc_score


def main() -> None:
    train_file, holdout_file, n_features, c, runs = sys.argv[1:6]
    x_train, y_train = load_svmlight_file(train_file, n_features=int(n_features), zero_based=True)
    x_holdout, y_holdout = load_svmlight_file(holdout_file, n_features=int(n_features), zero_based=True)
    seconds = []
    model = None
    for _ in range(int(runs)):
        # lbfgs leaves the intercept unpenalised, as bench/ml.ts's trainer does; the tolerance and
        # iteration cap let it reach the same optimum.
        model = LogisticRegression(C=float(c), solver="lbfgs", max_iter=1000, tol=1e-6)
        started = time.perf_counter()
        model.fit(x_train, y_train)
        seconds.append(time.perf_counter() - started)
    scores = model.predict_proba(x_holdout)[:, 1]
    print(
        json.dumps(
            {
                "version": sklearn.__version__,
                "auc": roc_auc_score(y_holdout, scores),
                "logLoss": log_loss(y_holdout, scores),
                "trainSeconds": statistics.median(seconds),
                "iterations": int(model.n_iter_[0]),
                "holdoutScores": scores.tolist(),
            }
        )
    )


if __name__ == "__main__":
    main()
