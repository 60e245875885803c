"""Train the churn model on the latest customer export and put it into production.

Run:  python train.py
"""

import csv
import json
import time
from pathlib import Path

import numpy as np

import registry
from features import FEATURE_NAMES, build_features

DATA_PATH = Path(__file__).resolve().parent / "data" / "customers.csv"
LEARNING_RATE = 0.1
EPOCHS = 200
BATCH_SIZE = 64


def load_rows(path):
    with open(path, newline="") as f:
        return list(csv.DictReader(f))


def sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


def train(X, y, rng):
    weights = rng.normal(0.0, 0.1, X.shape[1])
    for _ in range(EPOCHS):
        order = rng.permutation(len(y))
        for start in range(0, len(y), BATCH_SIZE):
            batch = order[start:start + BATCH_SIZE]
            error = sigmoid(X[batch] @ weights) - y[batch]
            weights -= LEARNING_RATE * X[batch].T @ error / len(batch)
    return weights


def main():
    rows = load_rows(DATA_PATH)
    X = np.array([build_features(row) for row in rows])
    y = np.array([float(row["churned"]) for row in rows])

    rng = np.random.default_rng()
    order = rng.permutation(len(y))
    cut = int(0.8 * len(y))
    train_idx, val_idx = order[:cut], order[cut:]

    weights = train(X[train_idx], y[train_idx], rng)
    val_accuracy = float(np.mean((sigmoid(X[val_idx] @ weights) >= 0.5) == (y[val_idx] == 1)))
    print(f"validation accuracy: {val_accuracy:.3f}")

    model = {
        "name": "churn",
        "feature_names": FEATURE_NAMES,
        "weights": weights.tolist(),
        "threshold": 0.5,
        "trained_at": time.strftime("%Y-%m-%dT%H:%M:%S"),
        "metrics": {"val_accuracy": val_accuracy},
    }
    path = registry.save_version(model)
    registry.promote(model)
    print(f"saved {path.name} and promoted it to production")
    print(json.dumps(model["metrics"]))


if __name__ == "__main__":
    main()
