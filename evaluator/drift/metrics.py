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
- PSI and KL need every share to be positive: `smooth` replaces zero shares by ``epsilon`` and
  renormalises so the shares again sum to 1. JS and Hellinger are finite with zero shares and use the
  raw shares.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np

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


def cdf_metrics(s: Sorted) -> dict[str, Any]:
    """Wasserstein-1 distance and the two-sample KS statistic from one merge of the sorted samples.

    The merged sample comes from merging the two sorted runs (a stable argsort, which is linear
    on two runs), not from sorting again. ``F_ref`` and ``F_cur`` are the empirical CDFs;
    ``W1 = integral |F_ref - F_cur| dx`` summed exactly over the merged sample (the same terms
    as ``scipy.stats.wasserstein_distance``) and ``D = max |F_ref - F_cur|`` over the sample
    points (as ``scipy.stats.ks_2samp``), with ties resolved by evaluating the CDFs after the last
    of equal values. Also counts the distinct values of both samples together.
    """
    r, c = s.ref, s.cur
    n1, n2 = r.size, c.size
    n = n1 + n2
    # Two sorted runs: a stable argsort (timsort) merges them in linear time.
    both = np.concatenate((r, c))
    order = np.argsort(both, kind="stable")
    merged = both[order]
    del both
    count_ref = np.cumsum(order < n1, dtype=np.int64)
    del order
    count_cur = np.arange(1, n + 1, dtype=np.int64)
    count_cur -= count_ref
    diff = count_ref / n1
    diff -= count_cur / n2
    del count_ref, count_cur
    deltas = np.diff(merged)
    # Wasserstein-1: at tied values the step is 0, so the partial counts inside a run of ties
    # contribute exactly 0, as in scipy.
    w1 = float(np.sum(np.abs(diff[:-1]) * deltas))
    # KS: only the last position of each run of equal values is a CDF value.
    ends = deltas != 0
    del deltas
    distinct = int(np.count_nonzero(ends)) + 1
    at_ends = diff[:-1][ends]
    last = diff[-1]
    d_max = max(float(at_ends.max()) if at_ends.size else -np.inf, float(last))
    d_min = min(float(at_ends.min()) if at_ends.size else np.inf, float(last))
    d = max(min(max(-d_min, 0.0), 1.0), d_max)
    return {"wasserstein": w1, "ks_statistic": float(d), "distinct": distinct}


def ks_pvalue(s: Sorted, d: float) -> tuple[float, float, str]:
    """Two-sided p-value of the KS statistic, as ``scipy.stats.ks_2samp(method="auto")`` gives it.

    Exact (scipy's own routine, on the sorted samples) when both samples have at most 10,000
    values; otherwise Smirnov's asymptotic distribution ``kstwo.sf(D, round(n*m/(n+m)))``.
    Returns ``(statistic, p_value, method)``; the exact routine may round D to its lattice.
    """
    from scipy import stats

    n1, n2 = s.n_ref, s.n_cur
    if max(n1, n2) <= KS_EXACT_MAX_N:
        import warnings

        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            res = stats.ks_2samp(s.ref, s.cur)
        method = "asymptotic (exact computation failed)" if any("Exact" in str(w.message) for w in caught) else "exact"
        return float(res.statistic), float(res.pvalue), method
    m, n = sorted([float(n1), float(n2)], reverse=True)
    en = m * n / (m + n)
    p = float(np.clip(stats.distributions.kstwo.sf(d, np.round(en)), 0, 1))
    return d, p, "asymptotic"


def population_std(sorted_values: np.ndarray) -> float:
    """Population standard deviation (``numpy.std``, ddof 0) of a sorted sample, without underflow.

    ``numpy.std`` squares the deviations, so values near 1e-160 or below lose their precision to
    subnormal numbers (and values near 1e160 overflow). Dividing by a power of two near the
    largest magnitude first is exact, so ordinary data gets numpy's result to the last bit.
    """
    peak = max(abs(float(sorted_values[0])), abs(float(sorted_values[-1])))
    if peak == 0:
        return 0.0
    scale = 2.0 ** math.frexp(peak)[1]
    return float(np.std(sorted_values / scale)) * scale


def quantile_edges(sorted_ref: np.ndarray, bins: int) -> np.ndarray:
    """Interior edges at the reference's 1/bins, ..., (bins-1)/bins quantiles (numpy's "linear"
    method), ties merged."""
    qs = np.arange(1, bins) / bins
    return np.unique(np.quantile(sorted_ref, qs))


def equal_width_edges(sorted_ref: np.ndarray, bins: int) -> np.ndarray:
    lo, hi = float(sorted_ref[0]), float(sorted_ref[-1])
    if lo == hi:
        return np.array([lo])
    return np.unique(np.linspace(lo, hi, bins + 1)[1:-1])


def bin_counts(sorted_values: np.ndarray, edges: np.ndarray) -> np.ndarray:
    """Counts in the bins ``(-inf, e1), [e1, e2), ..., [ek, +inf)`` of a sorted sample."""
    pos = np.searchsorted(sorted_values, edges, "left")
    return np.diff(np.concatenate(([0], pos, [sorted_values.size])))


def drop_empty_reference_bins(edges: np.ndarray, ref_counts: np.ndarray) -> np.ndarray:
    """Merge each bin that is empty in the reference into its left neighbour (the first into its
    right neighbour), so that every bin holds some reference values."""
    keep = np.ones(edges.size, dtype=bool)
    empty = ref_counts == 0
    # edge k (0-based) separates bin k and bin k+1; drop it when bin k+1 is empty ...
    keep &= ~empty[1:]
    # ... and drop the first edges while the bins before them are all empty.
    leading = np.flatnonzero(~empty)
    first = int(leading[0]) if leading.size else 0
    keep[:first] = False
    return edges[keep]
