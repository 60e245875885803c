"""The fictional mobile operator's customers and churn-v3, the model that scores them.

Both hands-on stages use this one population: stage 2 logs the model's daily scores, stage 3
trains a model on an export of the same customers. The true churn relation and churn-v3's are the
same logistic function (the model was right until October); what the exercises change is what
the pipeline serves the model, who the customers are and how they behave.
"""

from __future__ import annotations

import datetime as dt

import numpy as np

CATEGORIES = {
    "region": (("north", "south", "east", "west"), (0.24, 0.28, 0.22, 0.26)),
    "contract_type": (("month-to-month", "one-year", "two-year"), (0.52, 0.26, 0.22)),
    "payment_method": (("card", "direct-debit", "bank-transfer", "paper-invoice"), (0.38, 0.34, 0.18, 0.10)),
}
# churn-v3 clips its numeric inputs to the range it was trained on (its model card says so), so a
# value in the wrong unit moves a score as far as the edge of that range and no further.
TRAINING_RANGE = {
    "tenure_months": (1, 72),
    "monthly_charges_usd": (15.0, 130.0),
    "data_usage_gb": (0.0, 120.0),
    "support_calls_30d": (0, 12),
    "last_login_days": (0, 90),
}
# What churn-v3 puts in place of a missing numeric input: the median of its training data
# (January to March 2026; these are the population's medians, rounded as the model card gives them).
TRAINING_MEDIAN = {
    "tenure_months": 22.0,
    "monthly_charges_usd": 51.6,
    "data_usage_gb": 11.0,
    "support_calls_30d": 1.0,
    "last_login_days": 2.0,
}
THRESHOLD = 0.5  # churn-v3 flags a customer when churn_score >= THRESHOLD


def customers(rng: np.random.Generator, n: int, start: dt.date, end: dt.date) -> dict[str, np.ndarray]:
    """The true state of ``n`` customers scored on days spread evenly from ``start`` to ``end``.

    ``day`` holds each row's offset from ``start`` (sorted), ``scored_on`` its ISO date.
    """
    days = (end - start).days + 1
    offsets = np.sort(rng.integers(0, days, size=n))
    rows: dict[str, np.ndarray] = {"day": offsets}
    iso = np.array([(start + dt.timedelta(days=d)).isoformat() for d in range(days)])
    rows["scored_on"] = iso[offsets]
    for name, values in _category_cells(rng, n).items():
        rows[name] = values
    contract = rows["contract_type"]
    # Month-to-month customers are newer on average; two-year contracts skew long.
    tenure = np.where(
        contract == "month-to-month", rng.exponential(16.0, n),
        np.where(contract == "one-year", rng.uniform(6, 60, n), rng.uniform(12, 72, n)),
    )
    rows["tenure_months"] = np.clip(np.round(tenure), 1, 72).astype(int)
    plan_price = rng.choice(np.array([25.0, 45.0, 65.0, 85.0]), size=n, p=[0.22, 0.34, 0.28, 0.16])
    rows["monthly_charges_usd"] = np.round(np.clip(plan_price + rng.normal(0, 9, n), 18, 125), 2)
    rows["data_usage_gb"] = np.round(np.clip(rng.lognormal(np.log(11.0), 0.65, n), 0.1, 110), 1)
    rows["support_calls_30d"] = np.minimum(rng.poisson(0.7 + 0.5 * (contract == "month-to-month"), n), 12)
    lapsing = rng.random(n) < 0.28
    login = np.where(lapsing, rng.exponential(22.0, n), rng.exponential(2.5, n))
    rows["last_login_days"] = np.clip(np.floor(login), 0, 90).astype(int)
    return rows


def _category_cells(rng: np.random.Generator, n: int) -> dict[str, np.ndarray]:
    """Region, contract and payment method for ``n`` rows, each combination in its expected number.

    The three are independent; the count of every combination is its expected count, rounded by
    largest remainder, and the rows are then shuffled. Drawn row by row instead, a 300-row segment
    would differ in make-up between two windows by chance, enough to move its churn rate by
    several points, which a candidate would rightly try to explain.
    """
    names = list(CATEGORIES)
    combos = [()]
    shares = np.ones(1)
    for name in names:
        values, probs = CATEGORIES[name]
        combos = [c + (v,) for c in combos for v in values]
        shares = np.outer(shares, probs).ravel()
    exact = shares * n
    counts = np.floor(exact).astype(int)
    short = n - int(counts.sum())
    counts[np.argsort(-(exact - counts), kind="stable")[:short]] += 1
    cell = rng.permutation(np.repeat(np.arange(len(combos)), counts))
    return {name: np.array([combo[i] for combo in combos])[cell] for i, name in enumerate(names)}


def churn_logit(features: dict[str, np.ndarray]) -> np.ndarray:
    """Churn log-odds given the features: the true relation, and churn-v3's.

    Numeric inputs are clipped to the training range and a missing one (NaN) becomes the training
    median, as churn-v3 does; categories it does not know count as none of the known ones.
    """

    def numeric(name: str) -> np.ndarray:
        values = np.asarray(features[name], dtype=float)
        values = np.where(np.isnan(values), TRAINING_MEDIAN[name], values)
        return np.clip(values, *TRAINING_RANGE[name])

    contract = features["contract_type"]
    return (
        -2.3
        + 1.5 * (contract == "month-to-month")
        - 0.7 * (contract == "two-year")
        - 0.045 * numeric("tenure_months")
        + 0.03 * (numeric("monthly_charges_usd") - 55.0)
        - 0.03 * (numeric("data_usage_gb") - 11.0)
        + 0.45 * numeric("support_calls_30d")
        + 0.11 * numeric("last_login_days")
        + 0.35 * (features["payment_method"] == "paper-invoice")
    )


def sigmoid(z: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-z))


def churn_score(served: dict[str, np.ndarray]) -> np.ndarray:
    """churn-v3's score for the features it was served, rounded as the scoring log stores it."""
    return np.round(sigmoid(churn_logit(served)), 3)


def systematic_labels(rng: np.random.Generator, probability: np.ndarray, cells: list[np.ndarray]) -> np.ndarray:
    """Draw 0/1 labels with the given probabilities, with the count in every cell fixed.

    Within each cell (rows in date order), systematic sampling from one random start: each row
    is still 1 with its own probability, but a cell's count of 1s is its expected count rounded
    up or down, and the 1s are spread evenly over the days. Independent draws would leave chance
    gaps of 8 points or more in some segment's churn rate, which a candidate would rightly try to
    explain; this way every segment effect in the data is one the generator planted.
    """
    labels = np.zeros(len(probability), dtype=int)
    for rows in cells:
        if rows.size == 0:
            continue
        cumulative = np.concatenate([[0.0], np.cumsum(probability[rows])])
        hits = np.floor(cumulative + rng.random())
        labels[rows] = (np.diff(hits) > 0).astype(int)
    return labels


def cells_of(rows: dict[str, np.ndarray], order: np.ndarray | None = None) -> list[np.ndarray]:
    """Row indices of every region x contract x payment cell, in date order (then ``order``)."""
    n = len(rows["day"])
    tiebreak = np.arange(n) if order is None else order
    by_date = np.lexsort((tiebreak, rows["day"]))
    key = np.char.add(np.char.add(rows["region"].astype(str), "|"),
                      np.char.add(rows["contract_type"].astype(str), "|" ))
    key = np.char.add(key, rows["payment_method"].astype(str))
    keyed = key[by_date]
    return [by_date[keyed == value] for value in sorted(set(keyed.tolist()))]
