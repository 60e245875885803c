"""Per-column drift: every metric, its threshold and verdict, the headline test and chart data.

`numeric_column` and `categorical_column` take the clean values (missing and non-finite values
already removed, see `report`) and an `Options`, and return a JSON-able dict. Numeric columns are
sorted once; the binned metrics, the quantile edges, Wasserstein-1 and KS all read that one sort.
"""

from __future__ import annotations

import math
from collections import Counter
from typing import Any, Sequence

import numpy as np

from ..tables import value_label
from . import evidently as ev
from . import metrics as m
from .config import FEW_VALUES, Options
from .verdicts import choose_headline, finite_or_none, judge


def _share_metrics(p_counts: np.ndarray, q_counts: np.ndarray, options: Options) -> dict[str, dict[str, Any]]:
    """PSI, KL, JS and Hellinger from counts over the same bins or categories (default preset).

    Bins empty in both samples carry no information and are left out (they would otherwise get
    epsilon on both sides)."""
    keep = (p_counts + q_counts) > 0
    p_counts, q_counts = p_counts[keep], q_counts[keep]
    p = m.shares(p_counts)
    q = m.shares(q_counts)
    ps, qs = m.smooth(p, options.epsilon), m.smooth(q, options.epsilon)
    unit = "nats" if options.log_base is None else "bits"
    js_div = m.js_divergence(p, q, options.log_base)
    smoothed = bool(np.any(p == 0) or np.any(q == 0))
    return {
        "psi": judge("psi", m.psi(ps, qs), options, smoothed=smoothed),
        "kl": judge("kl", m.kl(ps, qs, options.log_base), options, unit=unit, direction="KL(reference || current)", smoothed=smoothed),
        "js": judge("js", math.sqrt(js_div), options, divergence=finite_or_none(js_div), unit=unit),
        "hellinger": judge("hellinger", m.hellinger(p, q), options),
    }


def _chi_square(p_counts: np.ndarray, q_counts: np.ndarray, options: Options) -> dict[str, Any]:
    """Pearson's chi-square test of homogeneity on the 2 x k table (no Yates correction)."""
    from scipy.stats import chi2_contingency

    k = p_counts.size
    if k < 2:
        return judge("chi_square", 1.0, options, statistic=0.0, p_value=1.0, dof=0, test="homogeneity (2 x k), a single category")
    res = chi2_contingency(np.vstack([p_counts, q_counts]), correction=False)
    return judge("chi_square", float(res.pvalue), options, statistic=finite_or_none(res.statistic), p_value=finite_or_none(res.pvalue), dof=int(res.dof), test="homogeneity (2 x k), no continuity correction")


def _category_order(ref: Counter, cur: Counter) -> list[Any]:
    seen = sorted(ref, key=lambda k: (-ref[k], str(k)))
    unseen = sorted((k for k in cur if k not in ref), key=lambda k: (-cur[k], str(k)))
    return seen + unseen


def categorical_column(ref: Sequence[Any], cur: Sequence[Any], options: Options, *, numeric_values: bool = False) -> dict[str, Any]:
    """Metrics over category shares. ``ref`` and ``cur`` hold the non-missing values."""
    rc, cc = Counter(ref), Counter(cur)
    keys = _category_order(rc, cc)
    p_counts = np.array([rc.get(k, 0) for k in keys], dtype=np.int64)
    q_counts = np.array([cc.get(k, 0) for k in keys], dtype=np.int64)
    n_ref, n_cur = int(p_counts.sum()), int(q_counts.sum())
    if options.preset == "evidently":
        metrics = ev.categorical_metrics(p_counts, q_counts, options)
    else:
        metrics = _share_metrics(p_counts, q_counts, options)
        metrics["chi_square"] = _chi_square(p_counts, q_counts, options)
    unseen = [value_label(k) for k in keys if k not in rc]
    vanished = [value_label(k) for k in keys if k not in cc]
    histogram = {
        "kind": "categories",
        "categories": [value_label(k) for k in keys],
        "reference": (p_counts / n_ref).tolist(),
        "current": (q_counts / n_cur).tolist(),
        "reference_counts": p_counts.tolist(),
        "current_counts": q_counts.tolist(),
        "unseen_in_reference": unseen,
        "absent_from_current": vanished,
    }
    headline = choose_headline(metrics, options, categorical=not numeric_values, n_ref=n_ref, n_values=len(keys))
    return {"metrics": metrics, "histogram": histogram, "headline": headline, "distinct_values": len(keys)}


def numeric_column(ref: np.ndarray, cur: np.ndarray, options: Options) -> dict[str, Any]:
    """Metrics of a numeric column; ``ref`` and ``cur`` are finite float arrays (any order).

    Binning (default preset): ``options.bins`` quantile bins of the reference, outer bins open
    (values below the reference minimum or above its maximum fall in the first or last bin),
    ties between quantile edges merged and bins left empty in the reference merged into their
    neighbour; bins are ``[a, b)``. ``equal-width`` splits the reference range evenly, ``edges``
    uses the caller's edges, both with open outer bins.

    A numeric column with at most 5 distinct values (over both samples) is also treated as
    categories of its values: its binned metrics are over those values, and chi-square is added.
    """
    s = m.Sorted.of(ref, cur)
    cdf = m.cdf_metrics(s)
    distinct = cdf["distinct"]
    if options.preset == "evidently":
        metrics, histogram = ev.numeric_metrics(s, options, distinct)
    elif distinct <= FEW_VALUES:
        out = categorical_column(s.ref.tolist(), s.cur.tolist(), options, numeric_values=True)
        metrics, histogram = out["metrics"], out["histogram"]
    else:
        metrics, histogram = _binned_metrics(s, options)
    metrics.update(_cdf_metric_entries(s, cdf, options))
    headline = choose_headline(metrics, options, categorical=False, n_ref=s.n_ref, n_values=distinct)
    return {"metrics": metrics, "histogram": histogram, "headline": headline, "distinct_values": distinct}


def _binned_metrics(s: m.Sorted, options: Options) -> tuple[dict[str, dict[str, Any]], dict[str, Any]]:
    """PSI, KL, JS and Hellinger over the bins of the options, and the histogram behind them."""
    edges = _edges(s, options)
    p_counts = m.bin_counts(s.ref, edges)
    if options.method == "quantile":
        edges = m.drop_empty_reference_bins(edges, p_counts)
        p_counts = m.bin_counts(s.ref, edges)
    q_counts = m.bin_counts(s.cur, edges)
    lo = min(float(s.ref[0]), float(s.cur[0]))
    hi = max(float(s.ref[-1]), float(s.cur[-1]))
    histogram = {
        "kind": "bins",
        "method": options.method,
        "edges": [lo, *edges.tolist(), hi],
        "open_ends": True,
        "reference": (p_counts / s.n_ref).tolist(),
        "current": (q_counts / s.n_cur).tolist(),
        "reference_counts": p_counts.tolist(),
        "current_counts": q_counts.tolist(),
    }
    return _share_metrics(p_counts, q_counts, options), histogram


def _cdf_metric_entries(s: m.Sorted, cdf: dict[str, Any], options: Options) -> dict[str, dict[str, Any]]:
    """Wasserstein-1 (raw and over the reference standard deviation) and KS, under either preset."""
    d, p_value, ks_method = m.ks_pvalue(s, cdf["ks_statistic"])
    std = m.population_std(s.ref)
    w1 = cdf["wasserstein"]
    out = {"wasserstein": judge("wasserstein", w1, options, unit="column units")}
    if options.preset == "evidently":
        # Evidently divides by max(std, floor): a constant reference still gives a (large) value.
        out["wasserstein_norm"] = judge("wasserstein_norm", w1 / max(std, ev.STD_FLOOR), options, reference_std=std, std_floor=ev.STD_FLOOR)
    elif std > 0 or w1 == 0:
        out["wasserstein_norm"] = judge("wasserstein_norm", w1 / std if std > 0 else 0.0, options, reference_std=std)
    else:
        entry = judge("wasserstein_norm", None, options, reference_std=std)
        entry["drifted"] = True
        entry["verdict"] = "drift: the reference is constant and the current values differ from it (no scale to normalise by)"
        out["wasserstein_norm"] = entry
    # Evidently calls KS drift at p <= threshold; the default preset at p < threshold.
    inclusive = options.preset == "evidently"
    out["ks"] = judge("ks", p_value, options, inclusive_p=inclusive, statistic=d, p_value=finite_or_none(p_value), method=ks_method)
    return out


def _edges(s: m.Sorted, options: Options) -> np.ndarray:
    if options.method == "quantile":
        return m.quantile_edges(s.ref, options.bins)
    if options.method == "equal-width":
        return m.equal_width_edges(s.ref, options.bins)
    return np.asarray(options.edges, dtype=np.float64)
