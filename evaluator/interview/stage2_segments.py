"""Churn rate by customer segment in both windows of a stage-2 variant, and which moves need explaining.

A candidate who breaks October down by region, contract and payment method will see every
segment's churn rate move a little. A move needs explaining when it is larger than the moves of
the segment's contract types elsewhere (the real changes in the customers move every segment,
more where churn is common) by more than chance allows for its size. The generator accepts a
draw only when the one such segment is the planted concept drift, and the key quotes the figures.

Rule: for a segment with at least MIN_ROWS October rows, compare its change in churn rate with
the change it would have had if each of its contract types had moved as that contract type did
outside the concept-drift segment. It needs explaining when the gap is at least MIN_POINTS
percentage points and at least Z standard errors of the change.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import combinations

import numpy as np

from .customers import CATEGORIES

SEGMENT_COLUMNS = ("region", "contract_type", "payment_method")
MIN_ROWS = 150
MIN_POINTS = 5.0
Z = 2.5


@dataclass(frozen=True)
class SegmentChange:
    values: dict[str, str]
    reference_rows: int
    current_rows: int
    reference_rate: float
    current_rate: float
    expected_change: float  # from the moves of its contract types outside the drifting segment
    standard_error: float
    in_drifting_segment: bool  # overlaps the segment the variant's concept drift planted

    @property
    def change(self) -> float:
        return self.current_rate - self.reference_rate

    @property
    def gap(self) -> float:
        return self.change - self.expected_change

    @property
    def needs_explaining(self) -> bool:
        return (self.current_rows >= MIN_ROWS and abs(self.gap) >= MIN_POINTS / 100
                and abs(self.gap) >= Z * self.standard_error)

    def label(self) -> str:
        return ", ".join(self.values.values())


def segment_changes(reference: dict[str, np.ndarray], current: dict[str, np.ndarray],
                    drifting: dict[str, str]) -> list[SegmentChange]:
    """Every segment of one or two of region, contract and payment method, with its change.

    ``reference`` and ``current`` hold ``churned`` and the three segment columns (the customers'
    own categories); ``drifting`` names the concept-drift segment, e.g. {"region": "north",
    "contract_type": "month-to-month"}.
    """

    def inside(rows: dict[str, np.ndarray], values: dict[str, str]) -> np.ndarray:
        mask = np.ones(len(rows["churned"]), dtype=bool)
        for column, value in values.items():
            mask &= rows[column] == value
        return mask

    in_ref, in_cur = inside(reference, drifting), inside(current, drifting)
    contracts = CATEGORIES["contract_type"][0]
    contract_change = {}
    for contract in contracts:
        r = (reference["contract_type"] == contract) & ~in_ref
        c = (current["contract_type"] == contract) & ~in_cur
        contract_change[contract] = current["churned"][c].mean() - reference["churned"][r].mean()

    changes = []
    for size in (1, 2):
        for columns in combinations(SEGMENT_COLUMNS, size):
            for values in _value_grid(columns):
                r, c = inside(reference, values), inside(current, values)
                if not r.any() or not c.any():
                    continue
                pr, pc = float(reference["churned"][r].mean()), float(current["churned"][c].mean())
                mix = {k: float((reference["contract_type"][r] == k).mean()) for k in contracts}
                changes.append(SegmentChange(
                    values=values,
                    reference_rows=int(r.sum()),
                    current_rows=int(c.sum()),
                    reference_rate=pr,
                    current_rate=pc,
                    expected_change=float(sum(mix[k] * contract_change[k] for k in contracts)),
                    standard_error=float(np.sqrt(pr * (1 - pr) / r.sum() + pc * (1 - pc) / c.sum())),
                    in_drifting_segment=bool((c & in_cur).any()),
                ))
    return changes


def _value_grid(columns: tuple[str, ...]) -> list[dict[str, str]]:
    grid: list[dict[str, str]] = [{}]
    for column in columns:
        grid = [{**g, column: v} for g in grid for v in CATEGORIES[column][0]]
    return grid


def unplanted(changes: list[SegmentChange]) -> list[SegmentChange]:
    """Segments outside the planted concept drift whose move would need explaining."""
    return [s for s in changes if not s.in_drifting_segment and s.needs_explaining]
