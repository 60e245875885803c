"""The rebuilt values of a bucket-mode column (`Side.values`) are the same, bit for bit, as those of
a plain re-expansion (every bucket's arrays repeated value by value, the previous implementation,
kept here as the reference), over generated columns of every kind the rebuild distinguishes:
whole numbers, numbers with few decimals, continuous values, negative values, and columns whose
buckets are partly single values."""

from __future__ import annotations

import numpy as np
import pytest

from evaluator.profiles import grid, profile_table
from evaluator.profiles.compare import Side
from evaluator.tables import Column, Table

from .accuracy import generated_columns


def plain_values(side: Side) -> np.ndarray:
    counts = side.rebuilt_counts
    out = np.repeat(side.lo, counts)
    spread = ~side.exact
    if not spread.any():
        return out
    starts = np.concatenate(([0], np.cumsum(counts)[:-1]))
    within = np.arange(out.size) - np.repeat(starts, counts)
    c = np.repeat(counts, counts).astype(np.float64)
    lo, hi = np.repeat(side.lo, counts), np.repeat(side.hi, counts)
    if side.whole:
        first = np.ceil(lo)
        last = np.where(hi > 0, np.ceil(hi) - 1, np.floor(hi))
        first = np.where(lo < 0, np.floor(lo) + 1, first)
        width = np.maximum(last - first + 1, 1)
        points = first + np.floor((within + 0.5) * width / c)
    else:
        points = lo + (hi - lo) * ((within + 0.5) / c)
        if side.decimals is not None:
            scale = 10.0**side.decimals
            keys = side.keys
            with np.errstate(over="ignore", invalid="ignore"):
                lo_k, hi_k = np.floor(side.lo * scale), np.ceil(side.hi * scale)
                usable = ~side.exact & (np.abs(side.lo) < 1e300) & (np.maximum(np.abs(lo_k), np.abs(hi_k)) < 2.0**50)
                usable &= np.abs(keys) > grid.UNDERFLOW
                first_k = np.full(keys.size, np.nan)
                last_k = np.full(keys.size, np.nan)
                for step in range(-2, 3):
                    cand = lo_k + step
                    inside = usable & (grid.bucket_keys(np.where(usable, cand / scale, 1.0)) == keys)
                    first_k = np.where(inside & np.isnan(first_k), cand, first_k)
                for step in range(2, -3, -1):
                    cand = hi_k + step
                    inside = usable & (grid.bucket_keys(np.where(usable, cand / scale, 1.0)) == keys)
                    last_k = np.where(inside & np.isnan(last_k), cand, last_k)
            found = usable & ~np.isnan(first_k) & ~np.isnan(last_k) & (last_k >= first_k)
            if found.any():
                w = np.where(found, last_k - first_k + 1, 1)
                k = np.repeat(np.where(found, first_k, 0), counts) + np.floor((within + 0.5) * np.repeat(w, counts) / c)
                points = np.where(np.repeat(found, counts), k / scale, points)
    mask = np.repeat(spread, counts)
    out[mask] = points[mask]
    if out.size:
        out[0], out[-1] = side.min, side.max
    return out


def _columns():
    rng = np.random.default_rng(20)
    yield "lognormal", rng.lognormal(3, 1, 30_000)
    yield "normal", rng.normal(0, 5, 30_000)  # negative values too
    yield "whole", rng.integers(-50_000, 50_000, 30_000).astype(np.float64)
    yield "cents", np.round(rng.lognormal(4, 1.5, 30_000), 2)
    yield "tenths", np.round(rng.normal(0, 300, 30_000), 1)
    # mostly a few repeated values (single-value buckets) plus a continuous tail
    yield "mixed", np.concatenate((rng.choice([0.0, 1.0, 2.5], 20_000), rng.lognormal(0, 2, 10_000)))
    for name, ref, _cur in generated_columns(seed=3):
        yield name, ref


@pytest.mark.parametrize("name, values", list(_columns()), ids=lambda x: x if isinstance(x, str) else "")
def test_rebuilt_values_are_those_of_a_plain_re_expansion(name, values):
    table = Table("t.csv", {name: Column(name, numeric=values)}, values.size, ",", "utf-8", [])
    col = profile_table(table)["columns"][0]
    if col["mode"] != "bucket":
        pytest.skip("exact mode: no buckets to spread")
    side = Side(col)
    fast, plain = side.values(), plain_values(side)
    assert fast.dtype == plain.dtype and fast.shape == plain.shape
    assert np.array_equal(fast.view(np.int64), plain.view(np.int64)), name  # bit for bit
