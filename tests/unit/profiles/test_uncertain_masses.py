"""The bounds' uncertain mass of every bin-edge window at once equals the item-by-item sum."""

from __future__ import annotations

import numpy as np

from evaluator.profiles import compare as cmp
from evaluator.profiles import profile_table
from evaluator.tables import Column, Table


def _sides(rng):
    n = 30_000
    columns = {
        "spread": rng.lognormal(3, 1, n),  # bucket mode
        "whole": rng.integers(0, 20_000, n).astype(np.float64),  # bucket mode, whole numbers
        "few": rng.poisson(5, n).astype(np.float64),  # exact mode
        "mixed": np.where(rng.random(n) < 0.3, 0.0, rng.normal(0, 1, n)),  # a point mass among buckets
    }
    table = Table("t.csv", {k: Column(k, numeric=v) for k, v in columns.items()}, n, ",", "utf-8", [])
    return cmp.sides_of(profile_table(table))


def test_every_window_at_once_equals_one_by_one():
    rng = np.random.default_rng(11)
    sides = _sides(rng)
    assert {s.mode for s in sides.values()} == {"exact", "bucket"}
    for side in sides.values():
        places = np.concatenate((side.lo, side.hi))
        windows = []
        for _ in range(200):
            a, b = np.sort(rng.choice(places, 2))
            x = float(rng.choice(places))
            u = float(rng.uniform(side.min - 1, side.max + 1))
            windows += [(float(a), float(b)), (x, x), (u, u + abs(float(rng.normal()))), (u, u)]
        got = cmp._uncertain_masses(side, windows)
        want = np.array([cmp._uncertain_mass(side, a, b) for a, b in windows])
        assert got.tolist() == want.tolist()
        assert np.any(want > 0)
