"""A variant of the stage-2 dataset: churn-v3's scoring log, six stable months and a troubled October.

A fictional mobile operator scores its customers every day with churn-v3 and learns 30 days later
who left. The reference window is April to September 2026, when nothing was wrong; October holds
the causes drawn for the variant from the cause menu (see stage2_causes.py and
docs/data/stage2-causes.toml): real changes in the customers, faults in the input pipeline and a
fault in the log itself.

The labels always follow the customers' true state (and any concept drift); churn-v3's score
follows what the pipeline served it, as in production. Every random draw comes from generators
seeded with (seed, attempt, stream), so a seed always gives byte-identical files, natively and in
the browser (numpy 2.0.2 on both). If a draw's accuracy drop falls outside the menu's stated
range, or if some customer segment's churn rate moved by more than chance allows without a
planted cause (see stage2_segments.py), the next attempt of the same seed is used; the seed alone
still fixes the result.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass, field

import numpy as np

from ..performance import classification_summary
from .customers import THRESHOLD, cells_of, churn_logit, churn_score, customers, sigmoid, systematic_labels
from .stage2_causes import APPLY, APPLY_ORDER, Menu, Planted, Window, draw_causes, load_menu
from .stage2_segments import SEGMENT_COLUMNS, SegmentChange, segment_changes, unplanted

MODEL_NAME = "churn-v3"
REFERENCE_START = dt.date(2026, 4, 1)
REFERENCE_END = dt.date(2026, 9, 30)
CURRENT_START = dt.date(2026, 10, 1)
CURRENT_END = dt.date(2026, 10, 31)
REFERENCE_ROWS = 12000  # about 2,000 scored customers a month for six months
CURRENT_ROWS = 4000  # one month at twice the sampling rate, so October's figures are stable
MAX_ATTEMPTS = 40

COLUMNS = [
    "scored_on", "region", "contract_type", "payment_method", "tenure_months",
    "monthly_charges_usd", "data_usage_gb", "support_calls_30d", "last_login_days",
    "churn_score", "predicted_churn", "churned",
]
FEATURES = COLUMNS[1:9]
_FORMATS = {"monthly_charges_usd": "{:.2f}", "data_usage_gb": "{:.1f}", "churn_score": "{:.3f}"}
_WHOLE = {"tenure_months", "support_calls_30d", "last_login_days", "predicted_churn", "churned"}

# Random streams: one per purpose, and one per cause (so leaving a cause out changes nothing else).
_PLAN, _REFERENCE, _REFERENCE_LABELS, _CURRENT, _CURRENT_LABELS, _CAUSE = 0, 1, 2, 3, 4, 10


def _rng(seed: int, attempt: int, stream: int) -> np.random.Generator:
    return np.random.default_rng([seed, attempt, stream])


@dataclass(frozen=True)
class October:
    """The October log as written (duplicates included), with what the generator knows besides."""

    rows: dict[str, np.ndarray]          # the CSV's columns (NaN marks a missing cell)
    true: dict[str, np.ndarray]          # the customers' true feature values, row for row
    probability: np.ndarray              # each row's true churn probability
    recorded_probability: np.ndarray     # the chance its label reads 1 (after any label delay)
    touched: dict[str, np.ndarray]       # cause id -> rows it changed
    copy: np.ndarray                     # True for the second copy of a duplicated row
    expected_accuracy: float             # churn-v3's accuracy in expectation over the labels


@dataclass(frozen=True)
class Stage2Variant:
    seed: int
    attempt: int
    causes: tuple[Planted, ...]
    reference: dict[str, np.ndarray]
    reference_probability: np.ndarray
    current: October
    reference_csv: str
    current_csv: str
    _without: dict[str, October] = field(default_factory=dict, repr=False, compare=False)

    def without(self, cause: str) -> October:
        """The October log rebuilt without that one cause (same customers, same draws)."""
        if cause not in self._without:
            self._without[cause] = _october(self.seed, self.attempt, self.causes, leave_out=cause)
        return self._without[cause]

    @property
    def accuracy_reference(self) -> float:
        return accuracy(self.reference)

    @property
    def accuracy_current(self) -> float:
        return accuracy(self.current.rows)

    @property
    def accuracy_drop_points(self) -> float:
        return 100 * (self.accuracy_reference - self.accuracy_current)

    def cost_points(self, cause: str) -> float:
        """Expected accuracy points this cause costs October: without it, minus with it."""
        return 100 * (self.without(cause).expected_accuracy - self.current.expected_accuracy)

    def planted(self, cause: str) -> Planted | None:
        return next((p for p in self.causes if p.cause == cause), None)

    def segments(self) -> list[SegmentChange]:
        return _segments(self.reference, self.current, self.causes)


def _segments(reference: dict[str, np.ndarray], current: October, causes: tuple[Planted, ...]) -> list[SegmentChange]:
    """Churn rate by segment; October's rows by the customers' own categories, each row once."""
    once = ~current.copy
    october = {k: current.true[k][once] for k in SEGMENT_COLUMNS}
    october["churned"] = current.rows["churned"][once]
    concept = next(p for p in causes if p.cause == "concept-drift").params
    return segment_changes(reference, october, {"region": concept["region"], "contract_type": concept["contract"]})


def accuracy(rows: dict[str, np.ndarray], mask: np.ndarray | None = None) -> float:
    """churn-v3's accuracy on the rows (optionally within a mask), by the evaluator's one definition."""
    label, predicted = rows["churned"] == 1, rows["predicted_churn"] == 1
    if mask is not None:
        label, predicted = label[mask], predicted[mask]
    return classification_summary(label, predicted)["accuracy"]


def _reference(seed: int, attempt: int) -> tuple[dict[str, np.ndarray], np.ndarray]:
    true = customers(_rng(seed, attempt, _REFERENCE), REFERENCE_ROWS, REFERENCE_START, REFERENCE_END)
    probability = sigmoid(churn_logit(true))
    rows = dict(true)
    rows["churn_score"] = churn_score(true)
    rows["predicted_churn"] = (rows["churn_score"] >= THRESHOLD).astype(int)
    rows["churned"] = systematic_labels(_rng(seed, attempt, _REFERENCE_LABELS), probability, cells_of(true))
    return rows, probability


def _october(seed: int, attempt: int, causes: tuple[Planted, ...], leave_out: str | None = None) -> October:
    true = customers(_rng(seed, attempt, _CURRENT), CURRENT_ROWS, CURRENT_START, CURRENT_END)
    n = CURRENT_ROWS
    window = Window(true=true, served={k: v.copy() for k, v in true.items()}, start=CURRENT_START,
                    day=true["day"], logit_shift=np.zeros(n))
    for planted in causes:
        if planted.cause != leave_out:
            APPLY[planted.cause](window, planted, _rng(seed, attempt, _CAUSE + APPLY_ORDER.index(planted.cause)))

    probability = sigmoid(churn_logit(window.true) + window.logit_shift)
    churned = systematic_labels(_rng(seed, attempt, _CURRENT_LABELS), probability, cells_of(window.true))
    recorded_probability = probability
    if window.recorded_share is not None:
        days_left = np.round(window.recorded_share * 30)
        churned = churned * (window.exit_after <= days_left)
        recorded_probability = probability * window.recorded_share

    rows = dict(window.served)
    rows["churn_score"] = churn_score(window.served)
    rows["predicted_churn"] = (rows["churn_score"] >= THRESHOLD).astype(int)
    rows["churned"] = churned.astype(int)

    # A retried scoring job writes a day's rows twice, one run after the other.
    repeat = window.repeat if window.repeat is not None else np.ones(n, dtype=int)
    order, copy = [], []
    for day in np.unique(true["day"]):
        today = np.flatnonzero(true["day"] == day)
        runs = int(repeat[today[0]])
        order.extend(np.tile(today, runs).tolist())
        copy.extend([False] * len(today) + [True] * (len(today) * (runs - 1)))
    order_arr = np.array(order)
    expected = np.where(rows["predicted_churn"] == 1, recorded_probability, 1 - recorded_probability)[order_arr]
    return October(
        rows={k: rows[k][order_arr] for k in COLUMNS},
        true={k: window.true[k][order_arr] for k in FEATURES},
        probability=probability[order_arr],
        recorded_probability=recorded_probability[order_arr],
        touched={k: v[order_arr] for k, v in window.touched.items()},
        copy=np.array(copy, dtype=bool),
        expected_accuracy=float(expected.mean()),
    )


def to_csv(rows: dict[str, np.ndarray]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    columns = []
    for name in COLUMNS:
        values = rows[name]
        if name in _FORMATS:
            fmt = _FORMATS[name]
            columns.append(["" if v != v else fmt.format(v) for v in values.tolist()])
        elif name in _WHOLE:
            columns.append(["" if v != v else str(int(v)) for v in values.tolist()])
        else:
            columns.append([str(v) for v in values.tolist()])
    writer.writerows(zip(*columns))
    return out.getvalue()


def make_variant(seed: int, menu: Menu | None = None) -> Stage2Variant:
    """The variant for ``seed`` (a whole number, 0 or more); the same seed always gives the same files."""
    menu = menu or load_menu()
    low, high = menu.accuracy_drop_points
    for attempt in range(MAX_ATTEMPTS):
        causes = tuple(draw_causes(menu, _rng(seed, attempt, _PLAN)))
        reference, reference_probability = _reference(seed, attempt)
        current = _october(seed, attempt, causes)
        drop = 100 * (accuracy(reference) - accuracy(current.rows))
        if low <= drop <= high and not unplanted(_segments(reference, current, causes)):
            return Stage2Variant(
                seed=seed,
                attempt=attempt,
                causes=causes,
                reference=reference,
                reference_probability=reference_probability,
                current=current,
                reference_csv=to_csv(reference),
                current_csv=to_csv(current.rows),
            )
    raise RuntimeError(f"seed {seed}: no draw in {MAX_ATTEMPTS} attempts had an accuracy drop of {low}-{high} points")
