"""A numeric column of a profile as a distribution read from its counts, O(items) per column.

Each item of a profile's column (an exact value, or a bucket of the grid with its count) becomes
mass on the number line:

- an exact value: an atom (its count on the value);
- a bucket whose values are whole numbers, or numbers with ``d`` decimals (``decimals``), and that
  holds at most `LATTICE_ATOMS` such numbers: an atom on each of them, the count shared evenly
  (as ``floor((i + 0.5) k / count)`` puts the i-th of ``count`` values on the k numbers);
- any other bucket: its count spread uniformly over the bucket, the first and last bucket cut at
  the column's exact minimum and maximum.

So the cumulative count ``G(x)`` (values at most ``x``) is piecewise linear between the items'
ends ("knots"), with jumps at atoms. The metrics of two such distributions are exact integrals
and maxima over the union of both sides' knots (`cdf_metrics`); quantiles come from the values
the model places: the i-th of a spread bucket's ``count`` values at ``lo + (hi - lo)(i + 0.5)/count``
(`BucketSample.value_at`), read by the engine's own interpolation. A `BucketSample` has the
methods of the engine's `SortedSample`, so the binned metrics, the histogram, the ranges, the
headline and the verdicts come from the drift engine itself (`numeric_column`).

Every value the model places lies in the bucket that counted it, which is all the error bounds of
`profiles.compare` assume: they hold for this model.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ..drift import engine
from ..drift import metrics as m

LATTICE_ATOMS = 16  # a bucket holding at most this many numbers of the column's decimals: atoms on them


class BucketSample:
    """One side of a column (a `compare.Side`) as sorted items: ``start``, ``end`` (equal for an
    atom) and ``count``, with no two items overlapping."""

    def __init__(self, side: Any):
        self.side = side
        lo, hi, counts = side.lo, side.hi, side.counts
        keep = counts > 0
        lo, hi, counts, exact = lo[keep], hi[keep], counts[keep], side.exact[keep]
        first, last, scale = side.lattice()
        first, last = first[keep], last[keep]
        lattice = ~exact & ~np.isnan(first) & (last - first + 1 <= LATTICE_ATOMS)
        atoms_at = [lo[exact]]
        atoms_n = [counts[exact]]
        if lattice.any():
            c = counts[lattice]
            k_each = (last[lattice] - first[lattice] + 1).astype(np.int64)
            which = np.repeat(np.arange(c.size), k_each)
            k = np.arange(which.size) - np.repeat(np.cumsum(k_each) - k_each, k_each)
            big_l, big_c = k_each[which], c[which]
            # the i-th value goes to number floor((i + 0.5) L / c): number k gets the i with
            # 2 L i >= 2 k c - L and 2 L i < 2 (k + 1) c - L
            upto = -((big_l - 2 * (k + 1) * big_c) // (2 * big_l))
            below = -((big_l - 2 * k * big_c) // (2 * big_l))
            atoms_at.append((first[lattice][which] + k) / scale)
            atoms_n.append(upto - below)
        spread = ~exact & ~lattice
        a = np.concatenate(atoms_at)
        an = np.concatenate(atoms_n).astype(np.int64)
        self.min, self.max = float(side.min), float(side.max)
        a = np.clip(a, self.min, self.max)
        a, inverse = np.unique(a, return_inverse=True)
        an = np.bincount(inverse.ravel(), weights=an, minlength=a.size).astype(np.int64) if a.size else an
        s_lo = np.clip(lo[spread], self.min, self.max)
        s_hi = np.clip(hi[spread], self.min, self.max)
        start = np.concatenate((a, s_lo))
        end = np.concatenate((a, s_hi))
        count = np.concatenate((an, counts[spread]))
        order = np.lexsort((end, start))
        self.start, self.end, self.count = start[order], end[order], count[order]
        nonzero = self.count > 0
        self.start, self.end, self.count = self.start[nonzero], self.end[nonzero], self.count[nonzero]
        self.width = self.end - self.start
        self.cum = np.cumsum(self.count)
        self.before = self.cum - self.count
        self.n = int(self.cum[-1]) if self.cum.size else 0
        self.lo, self.hi = self.min, self.max
        self.atoms = int(np.count_nonzero(self.width == 0))

    # --- the cumulative count -------------------------------------------------------------------

    def counts_at(self, x: np.ndarray, side: str = "right") -> np.ndarray:
        """The (fractional) number of values at most ``x`` (``side="right"``) or below ``x``
        (``"left"``): whole items before ``x``, the part of a spread item up to ``x``."""
        x = np.asarray(x, dtype=np.float64)
        i = np.searchsorted(self.start, x, side) - 1
        j = np.maximum(i, 0)
        width = self.width[j]
        with np.errstate(divide="ignore", invalid="ignore"):
            frac = np.where(width > 0, np.clip((x - self.start[j]) / np.where(width > 0, width, 1.0), 0.0, 1.0), 1.0)
        return np.where(i >= 0, self.before[j] + self.count[j] * frac, 0.0)

    # --- what the engine's binned metrics and ranges read (`engine.SortedSample`) ---------------

    def value_at(self, index: np.ndarray) -> np.ndarray:
        """The index-th smallest value the model places (0-based)."""
        index = np.asarray(index)
        i = np.searchsorted(self.cum, index, "right")
        i = np.minimum(i, self.cum.size - 1)
        within = (index - self.before[i]).astype(np.float64)
        return self.start[i] + self.width[i] * ((within + 0.5) / self.count[i])

    def quantile_edges(self, bins: int) -> np.ndarray:
        return np.unique(m.interpolated_quantiles(self.value_at, self.n, np.arange(1, bins) / bins))

    def equal_width_edges(self, bins: int) -> np.ndarray:
        return m.equal_width_edges(np.array([self.min, self.max]), bins)

    def point_masses(self, bins: int) -> np.ndarray:
        atom = (self.width == 0) & (self.count * bins >= self.n)
        return self.start[atom]

    def bin_counts(self, edges: np.ndarray) -> np.ndarray:
        """Counts in the bins ``(-inf, e1), [e1, e2), ..., [ek, +inf)``: the values below each edge,
        rounded to a whole number (a count of the bucket it cuts), then differenced."""
        below = np.rint(self.counts_at(edges, "left")).astype(np.int64)
        return np.diff(np.concatenate(([0], below, [self.n])))

    def count_below(self, x: float) -> int:
        return int(np.rint(self.counts_at(np.array([x]), "left")[0]))

    def count_above(self, x: float) -> int:
        return int(self.n - np.rint(self.counts_at(np.array([x]), "right")[0]))


def cdf_metrics(r: BucketSample, c: BucketSample) -> dict[str, Any]:
    """Wasserstein-1 and the KS statistic of two models, as `metrics.cdf_metrics` gives them for
    samples: ``D = sup |F_ref - F_cur|`` and ``W1 = integral |F_ref - F_cur|``, where between two
    neighbouring knots of either side both CDFs are linear, so the supremum is at a knot (its value
    or its limit from the left) and each piece's integral is exact (a piece whose difference
    changes sign is two triangles). ``distinct``: items of either side at different places (a lower
    bound of the distinct values; the values inside a bucket are not known)."""
    knots = np.unique(np.concatenate((r.start, r.end, c.start, c.end)))
    right = r.counts_at(knots, "right") / r.n - c.counts_at(knots, "right") / c.n
    left = r.counts_at(knots, "left") / r.n - c.counts_at(knots, "left") / c.n
    d = float(max(np.max(np.abs(right)), np.max(np.abs(left))))
    g0, g1, width = right[:-1], left[1:], np.diff(knots)
    a0, a1 = np.abs(g0), np.abs(g1)
    same = g0 * g1 >= 0
    with np.errstate(divide="ignore", invalid="ignore"):
        crossing = np.where(a0 + a1 > 0, (g0 * g0 + g1 * g1) / (2 * (a0 + a1)), 0.0)
    w1 = float(np.sum(np.where(same, (a0 + a1) / 2, crossing) * width))
    places = np.unique(np.concatenate((r.start, c.start)))
    return {"wasserstein": w1, "ks_statistic": min(d, 1.0), "distinct": int(places.size)}


def numeric_column(r: BucketSample, c: BucketSample, options: Any) -> dict[str, Any]:
    """The engine's result for a numeric column (default preset), from two models: the binned
    metrics and histogram by `engine.binned_metrics`, W1 and KS by `cdf_metrics` with the
    asymptotic p-value at the true sizes, the standard deviation from the profile's exact sums."""
    cdf = cdf_metrics(r, c)
    metrics, histogram = engine.binned_metrics(r, c, options)
    d = cdf["ks_statistic"]
    metrics.update(engine.cdf_metric_entries(cdf, r.side.std(), lambda: (d, m.ks_asymptotic_p_value(d, r.n, c.n), "asymptotic"),
                                             options))
    return engine.numeric_entry(metrics, histogram, r, c, cdf["distinct"], options)
