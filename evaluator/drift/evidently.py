"""The `evidently` preset: Evidently 0.7's stat tests, re-implemented on numpy/scipy.

For teams moving from Evidently's data-drift report: the same binning, zero-share rule,
normalisation and thresholds as ``evidently.legacy.calculations.stattests`` (version 0.7.23), so
the numbers match their dashboards. The test suite checks every function here against Evidently's
own on the same data (``-m evidently``). What Evidently does, in short:

- Binned metrics (PSI, KL, JS) of a numeric column with more than 20 distinct reference values:
  equal-width bins over the range of both samples together, their number by Sturges' rule
  (``numpy.histogram_bin_edges(..., "sturges")``). Otherwise (categorical columns, or 20 values
  or fewer) one bin per value seen in either sample.
- Zero shares (PSI and KL only): a zero share becomes ``min(non-zero shares) / 10**6`` when that
  minimum is at most 0.0001, else 0.0001; shares are not renormalised for PSI (KL, through
  ``scipy.stats.entropy``, is).
- JS distance: natural log, raw shares. Hellinger: for numeric columns, density histograms on
  Sturges bins computed over the *distinct* values of both samples; for categories, shares.
- Wasserstein-1 divided by ``max(std(reference), 0.001)`` (population std).
- KS: p-value of ``scipy.stats.ks_2samp``, drift when ``p <= threshold``.
- chi-square: a goodness-of-fit test of the current counts against the reference shares scaled
  to the current size (``scipy.stats.chisquare``); a category unseen in the reference has an
  expected count of 0, which makes the statistic infinite and p = 0.
- z-test (two categories): pooled two-proportion z-test, ``p = 2 * (1 - Phi(|z|))``.
- Thresholds: 0.1 for PSI, KL, JS, Hellinger and normalised Wasserstein; 0.05 for the p-values.
"""

from __future__ import annotations

import math
import numpy as np

from ..tables import value_label
from . import metrics as m
from .config import Options
from .histograms import bins_histogram, categories_histogram
from .verdicts import judge

BINNED_MIN_DISTINCT = 20  # Evidently bins numeric columns with more distinct reference values than this
STD_FLOOR = 0.001  # Evidently normalises Wasserstein-1 by max(std(reference), STD_FLOOR)


def feel_zeroes(p: np.ndarray) -> np.ndarray:
    """Evidently's zero-share rule (its ``get_binned_data(..., feel_zeroes=True)``)."""
    p = np.array(p, dtype=np.float64)
    nonzero = p[p != 0]
    if nonzero.size == 0:
        return p
    low = nonzero.min()
    fill = low / 10**6 if low <= 0.0001 else 0.0001
    p[p == 0] = fill
    return p


def _binned(p: np.ndarray, q: np.ndarray, options: Options) -> dict[str, dict]:
    from scipy import stats
    from scipy.spatial import distance

    pf, qf = feel_zeroes(p), feel_zeroes(q)
    psi = float(np.sum((pf - qf) * np.log(pf / qf)))
    kl = float(stats.entropy(pf, qf, base=options.log_base))
    js = float(distance.jensenshannon(p, q, options.log_base))
    unit = "nats" if options.log_base is None else "bits"
    return {
        "psi": judge("psi", psi, options, zero_rule="evidently"),
        "kl": judge("kl", kl, options, unit=unit, direction="KL(reference || current)", zero_rule="evidently"),
        "js": judge("js", js, options, divergence=js * js if math.isfinite(js) else None, unit=unit),
    }


def _hellinger_shares(p: np.ndarray, q: np.ndarray) -> float:
    total = 0.0
    for a, b in zip(p.tolist(), q.tolist()):
        total += math.sqrt(a * b)
    total = float(np.clip(total, 0, 1))
    return math.sqrt(1 - total)


def categorical_metrics(p_counts: np.ndarray, q_counts: np.ndarray, options: Options) -> dict[str, dict]:
    from scipy import stats

    n_ref, n_cur = int(p_counts.sum()), int(q_counts.sum())
    p, q = p_counts / n_ref, q_counts / n_cur
    out = _binned(p, q, options)
    out["hellinger"] = judge("hellinger", _hellinger_shares(p, q), options)
    f_exp = p_counts * (n_cur / n_ref)
    with np.errstate(divide="ignore", invalid="ignore"):
        stat, p_value = stats.chisquare(q_counts, f_exp)
    out["chi_square"] = judge(
        "chi_square",
        float(p_value),
        options,
        statistic=float(stat) if math.isfinite(stat) else None,
        p_value=float(p_value) if math.isfinite(p_value) else None,
        test="goodness of fit against the reference shares (Evidently)",
    )
    if p_counts.size <= 2:
        out["z"] = z_test(p_counts, q_counts, options)
    return out


def z_test(p_counts: np.ndarray, q_counts: np.ndarray, options: Options) -> dict:
    from scipy.stats import norm

    n1, n2 = int(p_counts.sum()), int(q_counts.sum())
    if np.count_nonzero(p_counts) == 1 and np.count_nonzero(q_counts) == 1 and np.argmax(p_counts) == np.argmax(q_counts):
        return judge("z", 1.0, options, statistic=None)
    # Evidently codes the first category (in sorted order) as 0 and the other as 1; |z| does not
    # depend on which is which.
    x1 = float(n1 - p_counts[0])
    x2 = float(n2 - q_counts[0])
    p1, p2 = x1 / n1, x2 / n2
    pooled = float(p1 * n1 + p2 * n2) / (n1 + n2)
    z = (p1 - p2) / np.sqrt(pooled * (1 - pooled) * (1.0 / n1 + 1.0 / n2))
    p_value = 2 * (1 - norm.cdf(np.abs(z)))
    return judge("z", float(p_value), options, statistic=float(z) if math.isfinite(z) else None)


def numeric_metrics(s: m.Sorted, options: Options, distinct: int) -> tuple[dict[str, dict], dict]:
    """PSI, KL, JS, Hellinger (and chi-square / z for few values) of a numeric column, Evidently's way."""
    r, c = s.ref, s.cur
    ref_distinct = int(1 + np.count_nonzero(r[1:] != r[:-1]))
    if ref_distinct > BINNED_MIN_DISTINCT:
        bins = np.histogram_bin_edges(np.concatenate((r, c)), bins="sturges")
        p_counts = m.bin_counts(r, bins[1:-1])
        q_counts = m.bin_counts(c, bins[1:-1])
        out = _binned(p_counts / s.n_ref, q_counts / s.n_cur, options)
        histogram = bins_histogram("sturges (evidently)", bins, np.zeros(bins.size - 1, dtype=bool), np.empty(0),
                                   (float(r[0]), float(r[-1])), p_counts, q_counts, s.n_ref, s.n_cur, open_ends=False)
    else:
        keys = np.unique(np.concatenate((r, c)))
        p_counts = np.diff(np.searchsorted(r, keys, "left"), append=s.n_ref)
        q_counts = np.diff(np.searchsorted(c, keys, "left"), append=s.n_cur)
        out = _binned(p_counts / s.n_ref, q_counts / s.n_cur, options)
        histogram = categories_histogram([value_label(float(k)) for k in keys], p_counts, q_counts)
    value, hellinger_edges = hellinger_numeric(r, c)
    out["hellinger"] = judge("hellinger", value, options, edges=hellinger_edges.tolist(),
                             bins="Sturges bins over the distinct values of both files, density histograms (Evidently)")
    if distinct <= 5:
        keys = np.unique(np.concatenate((r, c)))
        pc = np.diff(np.searchsorted(r, keys, "left"), append=s.n_ref)
        qc = np.diff(np.searchsorted(c, keys, "left"), append=s.n_cur)
        cat = categorical_metrics(pc, qc, options)
        out["chi_square"] = cat["chi_square"]
        if "z" in cat:
            out["z"] = cat["z"]
    return out, histogram


def hellinger_numeric(r: np.ndarray, c: np.ndarray) -> tuple[float, np.ndarray]:
    keys = np.unique(np.concatenate((r, c)))
    bins = np.histogram_bin_edges(keys, bins="sturges")
    h1 = np.histogram(r, bins=bins, density=True)[0]
    h2 = np.histogram(c, bins=bins, density=True)[0]
    width = (max(bins) - min(bins)) / (len(bins) - 1)
    total = 0.0
    for a, b in zip(h1.tolist(), h2.tolist()):
        total += math.sqrt(a * b) * width
    total = float(np.clip(total, 0, 1))
    return math.sqrt(1 - total), bins
