"""The drift metrics themselves, on numpy arrays. No thresholds or verdicts here (see `verdicts.py`).

Conventions (repeated on the site's "Drift metrics" page):

- ``p`` is the reference distribution, ``q`` the current one; shares sum to 1.
- Logarithms are natural (nats) unless ``base`` is given (``base=2`` gives bits).
- KL divergence is ``KL(reference || current) = sum p_i * log(p_i / q_i)``, the direction of
  ``scipy.stats.entropy(p, q)`` and of Evidently's ``kl_div``.
- Jensen-Shannon divergence is ``JSD = (KL(p || m) + KL(q || m)) / 2`` with ``m = (p + q) / 2``;
  the Jensen-Shannon distance is ``sqrt(JSD)``, the value of ``scipy.spatial.distance.jensenshannon``.
  In nats ``JSD <= ln 2``; in bits ``JSD <= 1``.
- PSI is ``sum (q_i - p_i) * ln(q_i / p_i)`` (symmetric; always natural log, as in credit-risk use).
- Hellinger distance is ``sqrt(sum (sqrt p_i - sqrt q_i)^2 / 2)``, between 0 and 1.
- Total variation distance is ``sum |p_i - q_i| / 2``, between 0 and 1.
- PSI and KL need every share to be positive: `smooth` replaces zero shares by ``epsilon`` and
  renormalises so the shares again sum to 1. JS and Hellinger are finite with zero shares and use the
  raw shares.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np

from .smirnov import kstwo_sf

KS_EXACT_MAX_N = 10_000  # scipy's ks_2samp(method="auto") is exact up to this sample size


def shares(counts: np.ndarray) -> np.ndarray:
    counts = np.asarray(counts, dtype=np.float64)
    total = counts.sum()
    return counts / total


def smooth(p: np.ndarray, epsilon: float) -> np.ndarray:
    """Replace zero shares by ``epsilon`` and renormalise to sum 1 (no-op when nothing is zero)."""
    p = np.asarray(p, dtype=np.float64)
    if epsilon <= 0 or not np.any(p == 0):
        return p
    out = np.where(p == 0, epsilon, p)
    return out / out.sum()


def _log_scale(base: float | None) -> float:
    return 1.0 if base is None else math.log(base)


def psi(p: np.ndarray, q: np.ndarray) -> float:
    """Population stability index of smoothed shares ``p`` (reference) and ``q`` (current)."""
    with np.errstate(divide="ignore", invalid="ignore"):
        return float(np.sum((q - p) * (np.log(q) - np.log(p))))


def kl(p: np.ndarray, q: np.ndarray, base: float | None = None) -> float:
    """``KL(p || q)``; infinite (returned as ``inf``) when some ``q_i = 0 < p_i``."""
    from scipy.special import rel_entr

    # normalised again exactly as scipy.stats.entropy does, so the rounding matches it too
    p = p / np.sum(p)
    q = q / np.sum(q)
    return float(np.sum(rel_entr(p, q)) / _log_scale(base))


def js_divergence(p: np.ndarray, q: np.ndarray, base: float | None = None) -> float:
    """Jensen-Shannon divergence, computed as scipy computes the distance (then not square-rooted)."""
    from scipy.special import rel_entr

    p = p / np.sum(p)
    q = q / np.sum(q)
    m = (p + q) / 2.0
    js = np.sum(rel_entr(p, m)) + np.sum(rel_entr(q, m))
    js = js / _log_scale(base)
    return float(max(js / 2.0, 0.0))


def hellinger(p: np.ndarray, q: np.ndarray) -> float:
    return float(math.sqrt(0.5 * float(np.sum((np.sqrt(p) - np.sqrt(q)) ** 2))))


def total_variation(p: np.ndarray, q: np.ndarray) -> float:
    """Total variation distance ``sum |p_i - q_i| / 2``: the share of the mass that moved, 0 to 1."""
    return float(0.5 * np.sum(np.abs(p - q)))


# --- numeric columns: one sort per sample, shared by all metrics -------------------------------


@dataclass
class Sorted:
    """Both samples sorted, and what the CDF-based metrics need from their merge."""

    ref: np.ndarray
    cur: np.ndarray

    @classmethod
    def of(cls, ref: Any, cur: Any) -> "Sorted":
        return cls(np.sort(np.asarray(ref, dtype=np.float64)), np.sort(np.asarray(cur, dtype=np.float64)))

    @property
    def n_ref(self) -> int:
        return int(self.ref.size)

    @property
    def n_cur(self) -> int:
        return int(self.cur.size)


CDF_BLOCK = 1 << 16  # values of each sample per block of the merge: the merge's memory stays small


def cdf_metrics(s: Sorted) -> dict[str, Any]:
    """Wasserstein-1 distance and the two-sample KS statistic from one merge of the sorted samples.

    ``F_ref`` and ``F_cur`` are the empirical CDFs, evaluated at every distinct value ``u_j`` of
    both samples: ``W1 = sum_j |F_ref(u_j) - F_cur(u_j)| (u_{j+1} - u_j)``, the integral of
    ``|F_ref - F_cur|`` (the same terms as ``scipy.stats.wasserstein_distance``), and
    ``D = max_j |F_ref(u_j) - F_cur(u_j)|`` (as ``scipy.stats.ks_2samp``). Also counts the
    distinct values of both samples together.

    The merge goes block by block over the value range (the two sorted runs of each block are
    merged by a stable argsort, which is linear on two runs, and counted with a cumulative sum),
    so it never holds more than a few blocks' worth of arrays however large the samples are.
    """
    exponent = needs_scaling(s)
    if exponent is not None:
        # near the float limits the differences overflow: measure on exactly scaled copies
        out = cdf_metrics(Sorted(np.ldexp(s.ref, -exponent), np.ldexp(s.cur, -exponent)))
        out["wasserstein_scaled"], out["scale_exponent"] = out["wasserstein"], exponent
        with np.errstate(over="ignore"):
            out["wasserstein"] = float(np.ldexp(out["wasserstein"], exponent))  # infinite when beyond the float range
        return out
    r, c = s.ref, s.cur
    n1, n2 = r.size, c.size
    cuts = np.unique(np.concatenate((r[::CDF_BLOCK], c[::CDF_BLOCK])))
    r_at = np.append(np.searchsorted(r, cuts, "left"), n1)
    c_at = np.append(np.searchsorted(c, cuts, "left"), n2)
    w1 = 0.0
    d_max, d_min = -np.inf, np.inf
    distinct = 0
    for i in range(cuts.size):
        rs, cs = r[r_at[i] : r_at[i + 1]], c[c_at[i] : c_at[i + 1]]
        nr = rs.size
        both = np.concatenate((rs, cs))
        order = np.argsort(both, kind="stable")  # two sorted runs: a linear merge
        merged = both[order]
        # the counts of each sample up to each merged position, read at the last of equal values:
        # the stable merge keeps each sample's values in order, so the value at position p, the
        # j-th of its own sample, has j + 1 of them up to it and p - j of the other's (p + 1 in all)
        last = np.empty(merged.size, dtype=bool)
        np.not_equal(merged[1:], merged[:-1], out=last[:-1])
        last[-1] = True
        at = np.flatnonzero(last)
        values = merged[at]
        j = order[at]
        count_ref = np.where(j < nr, j + 1, at + nr - j)
        count_cur = at + 1 - count_ref
        diff = (r_at[i] + count_ref) / n1
        diff -= (c_at[i] + count_cur) / n2
        d_max = max(d_max, float(diff.max()))
        d_min = min(d_min, float(diff.min()))
        distinct += values.size
        # the step after the block's last value reaches the next block's first value
        following = [a[at] for a, at in ((r, r_at[i + 1]), (c, c_at[i + 1])) if at < a.size]
        steps = np.diff(values, append=min(following) if following else values[-1])
        np.abs(diff, out=diff)
        w1 += float(np.sum(diff * steps))
    d = max(min(max(-d_min, 0.0), 1.0), d_max)
    return {"wasserstein": w1, "ks_statistic": float(d), "distinct": distinct}


def ks_pvalue(s: Sorted, d: float) -> tuple[float, float, str]:
    """Two-sided p-value of the KS statistic, as ``scipy.stats.ks_2samp(method="auto")`` gives it.

    Exact (scipy's own routine, on the sorted samples) when both samples have at most 10,000
    values; otherwise Smirnov's asymptotic distribution ``kstwo.sf(D, round(n*m/(n+m)))``, through
    `smirnov.kstwo_sf` (scipy's value, faster for large samples).
    Returns ``(statistic, p_value, method)``; the exact routine may round D to its lattice.
    """
    n1, n2 = s.n_ref, s.n_cur
    if max(n1, n2) <= KS_EXACT_MAX_N:
        import warnings

        from scipy import stats  # only here: a large file's report needs no scipy.stats at all

        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            res = stats.ks_2samp(s.ref, s.cur)
        method = "asymptotic (exact computation failed)" if any("Exact" in str(w.message) for w in caught) else "exact"
        return float(res.statistic), float(res.pvalue), method
    return d, ks_asymptotic_p_value(d, n1, n2), "asymptotic"


def ks_asymptotic_p_value(d: float, n1: int, n2: int) -> float:
    """Smirnov's asymptotic two-sided p-value of a two-sample KS statistic ``d`` of samples of
    ``n1`` and ``n2`` values: ``kstwo.sf(d, round(n1*n2/(n1+n2)))`` (as scipy's ``ks_2samp``)."""
    m, n = sorted([float(n1), float(n2)], reverse=True)
    return kstwo_sf(d, int(np.round(m * n / (m + n))))


def population_std(sorted_values: np.ndarray) -> float:
    """Population standard deviation (``numpy.std``, ddof 0) of a sorted sample, without underflow.

    ``numpy.std`` squares the deviations, so values near 1e-160 or below lose their precision to
    subnormal numbers (and values near 1e160 overflow). Dividing by a power of two near the
    largest magnitude first is exact, so ordinary data gets numpy's result to the last bit.
    """
    exponent = scale_exponent(sorted_values)
    if exponent is None:
        return 0.0
    # ldexp, not 2.0 ** exponent: near the float limit (1e308) the power itself overflows
    scaled = np.ldexp(sorted_values, -exponent)
    # numpy.std's own steps (its mean, the deviations, their squares, their mean, the root), done in
    # the one scaled copy instead of two more arrays of the sample's size; the tests check the bits
    n = scaled.size
    mean = np.add.reduce(scaled) / n
    np.subtract(scaled, mean, out=scaled)
    np.multiply(scaled, scaled, out=scaled)
    return math.ldexp(float(np.sqrt(np.add.reduce(scaled) / n)), exponent)


def scale_exponent(sorted_values: np.ndarray) -> int | None:
    """The binary exponent of a sorted sample's largest magnitude (None when every value is 0):
    dividing by 2**exponent (exactly, with ``numpy.ldexp``) brings the values into [-1, 1]."""
    peak = max(abs(float(sorted_values[0])), abs(float(sorted_values[-1])))
    return None if peak == 0 else math.frexp(peak)[1]


def needs_scaling(s: "Sorted") -> int | None:
    """The exponent to scale both samples by before differences and interpolations, when their
    values come near the float limits (differences of values near 1e308 overflow to infinity; products
    of values near 1e-308 underflow); None for ordinary data, which is used as it is."""
    exponents = [e for e in (scale_exponent(s.ref), scale_exponent(s.cur)) if e is not None]
    if not exponents:
        return None
    top = max(exponents)
    return top if top > 960 or top < -960 else None


def quantile_edges(sorted_ref: np.ndarray, bins: int) -> np.ndarray:
    """Interior edges at the reference's 1/bins, ..., (bins-1)/bins quantiles (numpy's "linear"
    method), ties merged."""
    qs = np.arange(1, bins) / bins
    exponent = scale_exponent(sorted_ref)
    if exponent is not None and abs(exponent) > 960:  # interpolation between values near 1e308 overflows
        return np.unique(np.ldexp(np.quantile(np.ldexp(sorted_ref, -exponent), qs), exponent))
    return np.unique(sorted_quantiles(sorted_ref, qs))


def sorted_quantiles(sorted_values: np.ndarray, qs: np.ndarray) -> np.ndarray:
    """``numpy.quantile(sorted_values, qs)`` (its "linear" method) of a sample already sorted, by
    numpy's own arithmetic (the value below, the step to the value above, interpolated from the
    nearer end) but without the copy and partial sort numpy makes of the whole sample."""
    n = sorted_values.size
    virtual = (n - 1) * qs
    if n < 2 or not (np.all(virtual >= 0) and np.all(virtual < n - 1)):
        return np.quantile(sorted_values, qs)  # the ends, where numpy clips its indexes
    return interpolated_quantiles(sorted_values.__getitem__, n, qs)


def interpolated_quantiles(value_at: Any, n: int, qs: np.ndarray) -> np.ndarray:
    """numpy's "linear" quantiles of ``n`` sorted values of which ``value_at(indexes)`` gives those
    at the indexes asked (an array, or a profile's counts that place each value; ``0 < qs < 1``)."""
    virtual = (n - 1) * qs
    below_at = np.floor(virtual).astype(np.intp)
    gamma = virtual - below_at
    below, above = value_at(below_at), value_at(below_at + 1)
    step = above - below
    out = below + step * gamma
    np.subtract(above, step * (1 - gamma), out=out, where=gamma >= 0.5)
    return out


def equal_width_edges(sorted_ref: np.ndarray, bins: int) -> np.ndarray:
    lo, hi = float(sorted_ref[0]), float(sorted_ref[-1])
    if lo == hi:
        return np.array([lo])
    exponent = scale_exponent(sorted_ref)
    if exponent is not None and abs(exponent) > 960:
        inner = np.linspace(math.ldexp(lo, -exponent), math.ldexp(hi, -exponent), bins + 1)[1:-1]
        return np.unique(np.ldexp(inner, exponent))
    return np.unique(np.linspace(lo, hi, bins + 1)[1:-1])


def point_masses(sorted_ref: np.ndarray, bins: int) -> np.ndarray:
    """The values that each hold at least ``1/bins`` of the reference (a whole bin's share), sorted.

    Such a value would swallow one or more quantile edges (equal quantiles merge), so the bins
    around it collapse; it gets a bin of its own instead (see `with_point_masses`). Found without
    scanning the sample: a run of at least ``n/bins`` equal values covers one of the positions
    0, step, 2*step, ... with ``step = floor(n/bins)``, so only the values there are counted.
    """
    n = sorted_ref.size
    step = max(n // bins, 1)
    candidates = np.unique(sorted_ref[::step])
    counts = np.searchsorted(sorted_ref, candidates, "right") - np.searchsorted(sorted_ref, candidates, "left")
    return candidates[counts * bins >= n]


def with_point_masses(edges: np.ndarray, masses: np.ndarray) -> np.ndarray:
    """Add the edges ``v`` and the next float above ``v`` for each point mass ``v``: the bin
    ``[v, nextafter(v))`` then holds ``v`` and nothing else."""
    if masses.size == 0:
        return edges
    return np.unique(np.concatenate((edges, masses, np.nextafter(masses, np.inf))))


def bin_counts(sorted_values: np.ndarray, edges: np.ndarray) -> np.ndarray:
    """Counts in the bins ``(-inf, e1), [e1, e2), ..., [ek, +inf)`` of a sorted sample."""
    pos = np.searchsorted(sorted_values, edges, "left")
    return np.diff(np.concatenate(([0], pos, [sorted_values.size])))


def point_bins(edges: np.ndarray, masses: np.ndarray) -> np.ndarray:
    """For each of the ``len(edges) + 1`` bins, whether it is the bin of a point mass."""
    point = np.zeros(edges.size + 1, dtype=bool)
    if masses.size:
        at = np.searchsorted(edges, masses, "left")  # edge index of v; its bin is at + 1
        point[at + 1] = True
    return point


def merge_empty_reference_bins(edges: np.ndarray, ref_counts: np.ndarray, point: np.ndarray) -> np.ndarray:
    """Merge each bin that is empty in the reference into a neighbour, so that PSI and KL never
    divide by an invented reference share: into its left neighbour, or its right one when the
    left is missing or a point mass. A point mass's bin is never merged, and an empty bin between
    point masses (or between one and the open end) is kept: it holds the values the reference
    never had on that side of the mass, as an unseen category would."""
    k = edges.size + 1
    empty = ref_counts == 0
    ends: list[int] = []  # the last bin of each merged group, left to right
    last_is_point = False
    waiting = False  # an empty run with no open group on its left, waiting to join the next bin
    for i in range(k):
        if point[i]:
            if waiting:
                ends.append(i - 1)  # kept on its own: the values below the mass
                waiting = False
            ends.append(i)
            last_is_point = True
        elif empty[i] and not waiting and ends and not last_is_point:
            ends[-1] = i  # joins the group on its left
        elif empty[i]:
            waiting = True
        else:
            ends.append(i)
            waiting = False
            last_is_point = False
    if waiting:
        if ends and not last_is_point:
            ends[-1] = k - 1
        else:
            ends.append(k - 1)
    # edge j separates bin j and bin j + 1: keep the edges after each group but the last
    return edges[np.array(ends[:-1], dtype=np.intp)]
