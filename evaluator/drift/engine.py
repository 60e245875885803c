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

from . import evidently as ev
from . import metrics as m
from .config import FEW_VALUES, HEADLINE_SMALL_N, KIND, LABELS, Options


def _clean(x: float | None) -> float | None:
    """JSON cannot carry NaN or infinity: those become None (and the verdict says why)."""
    if x is None:
        return None
    x = float(x)
    return x if math.isfinite(x) else None


def _fmt(x: float | None) -> str:
    if x is None:
        return "n/a"
    if x == 0:
        return "0"
    if abs(x) >= 1000 or abs(x) < 0.001:
        return f"{x:.3g}"
    return f"{x:.4g}"


def psi_band(value: float) -> str:
    if value < 0.1:
        return "no significant change (PSI below 0.1)"
    if value < 0.25:
        return "moderate change (PSI 0.1-0.25): investigate"
    return "significant change (PSI 0.25 or more)"


def judge(name: str, value: float | None, options: Options, *, inclusive_p: bool = False, **extra: Any) -> dict[str, Any]:
    """A metric entry: value, threshold, drifted (bool or None) and a plain-words verdict."""
    threshold = options.threshold(name)
    raw = value
    value = _clean(value)
    entry: dict[str, Any] = {"value": value, "threshold": threshold}
    if KIND[name] == "p-value":
        entry["rule"] = "drift if p-value <= threshold" if inclusive_p else "drift if p-value < threshold"
    else:
        entry["rule"] = "drift if value >= threshold" if threshold is not None else "no threshold"
    if value is None:
        entry["drifted"] = None
        if raw is not None and math.isinf(raw):
            entry["drifted"] = threshold is not None
            entry["verdict"] = "infinite: a category or bin is present in one sample and absent from the other"
        else:
            entry["verdict"] = "not defined for this data"
    elif threshold is None:
        entry["drifted"] = None
        entry["verdict"] = "no threshold (in the column's units); see the normalised value"
    elif KIND[name] == "p-value":
        drifted = value <= threshold if inclusive_p else value < threshold
        entry["drifted"] = bool(drifted)
        if drifted:
            entry["verdict"] = f"drift: the distributions differ (p = {_fmt(value)} {'<=' if inclusive_p else '<'} {_fmt(threshold)})"
        else:
            entry["verdict"] = f"no evidence of drift (p = {_fmt(value)} {'>' if inclusive_p else '>='} {_fmt(threshold)})"
    else:
        drifted = value >= threshold
        entry["drifted"] = bool(drifted)
        words = f"drift ({_fmt(value)} >= {_fmt(threshold)})" if drifted else f"no drift ({_fmt(value)} < {_fmt(threshold)})"
        if name == "psi":
            words += "; " + psi_band(value)
        entry["verdict"] = words
    entry.update(extra)
    return entry


def _headline(metrics: dict[str, dict[str, Any]], name: str, reason: str) -> dict[str, Any]:
    entry = metrics[name]
    return {
        "metric": name,
        "label": LABELS[name],
        "value": entry["value"],
        "threshold": entry["threshold"],
        "drifted": entry["drifted"],
        "verdict": entry["verdict"],
        "reason": reason,
    }


def choose_headline(metrics: dict[str, dict[str, Any]], options: Options, *, categorical: bool, n_ref: int, n_values: int) -> dict[str, Any]:
    """The headline test, after Evidently's rule (see the site's method page).

    Reference with at most 1000 values: a statistical test (chi-square for categories and numeric
    columns with at most 5 distinct values, with Evidently's z-test for two values under the
    `evidently` preset; Kolmogorov-Smirnov for other numeric columns). Larger reference: a distance
    (Jensen-Shannon for categories and few-valued numeric columns, Wasserstein-1 over the
    reference standard deviation for other numeric columns).
    """
    note = ""
    if options.headline:
        if options.headline in metrics:
            return _headline(metrics, options.headline, "chosen in the options")
        note = f"the chosen headline {options.headline!r} does not apply to this column; "
    few = categorical or n_values <= FEW_VALUES
    if n_ref <= HEADLINE_SMALL_N:
        if few:
            name = "z" if (options.preset == "evidently" and n_values <= 2 and "z" in metrics) else "chi_square"
            reason = note + f"{n_ref} reference values (at most {HEADLINE_SMALL_N}) and {n_values} distinct value(s): a test on the category counts"
        else:
            name = "ks"
            reason = note + f"{n_ref} reference values (at most {HEADLINE_SMALL_N}), numeric with {n_values} distinct values: a test on the distributions"
    else:
        if few:
            name = "js"
            reason = note + f"{n_ref} reference values (more than {HEADLINE_SMALL_N}) and {n_values} distinct value(s): a distance between shares"
        else:
            name = "wasserstein_norm"
            reason = note + f"{n_ref} reference values (more than {HEADLINE_SMALL_N}), numeric: a distance in reference standard deviations"
    return _headline(metrics, name, reason)


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
        "js": judge("js", math.sqrt(js_div), options, divergence=_clean(js_div), unit=unit),
        "hellinger": judge("hellinger", m.hellinger(p, q), options),
    }


def _chi_square(p_counts: np.ndarray, q_counts: np.ndarray, options: Options) -> dict[str, Any]:
    """Pearson's chi-square test of homogeneity on the 2 x k table (no Yates correction)."""
    from scipy.stats import chi2_contingency

    k = p_counts.size
    if k < 2:
        return judge("chi_square", 1.0, options, statistic=0.0, p_value=1.0, dof=0, test="homogeneity (2 x k), a single category")
    res = chi2_contingency(np.vstack([p_counts, q_counts]), correction=False)
    return judge("chi_square", float(res.pvalue), options, statistic=_clean(res.statistic), p_value=_clean(res.pvalue), dof=int(res.dof), test="homogeneity (2 x k), no continuity correction")


def _category_order(ref: Counter, cur: Counter) -> list[Any]:
    seen = sorted(ref, key=lambda k: (-ref[k], str(k)))
    unseen = sorted((k for k in cur if k not in ref), key=lambda k: (-cur[k], str(k)))
    return seen + unseen


def _label(value: Any) -> str:
    if isinstance(value, float):
        if value.is_integer() and abs(value) < 1e15:
            return str(int(value))
        return repr(value)
    return str(value)


def categorical_column(ref: Sequence[Any], cur: Sequence[Any], options: Options, *, numeric_values: bool = False) -> dict[str, Any]:
    """Metrics over category shares. ``ref`` and ``cur`` hold the non-missing values."""
    rc, cc = Counter(ref), Counter(cur)
    keys = _category_order(rc, cc)
    p_counts = np.array([rc.get(k, 0) for k in keys], dtype=np.int64)
    q_counts = np.array([cc.get(k, 0) for k in keys], dtype=np.int64)
    n_ref, n_cur = int(p_counts.sum()), int(q_counts.sum())
    if options.preset == "evidently":
        metrics = ev.categorical_metrics(p_counts, q_counts, options, judge)
    else:
        metrics = _share_metrics(p_counts, q_counts, options)
        metrics["chi_square"] = _chi_square(p_counts, q_counts, options)
    unseen = [_label(k) for k in keys if k not in rc]
    vanished = [_label(k) for k in keys if k not in cc]
    histogram = {
        "kind": "categories",
        "categories": [_label(k) for k in keys],
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
    d, p_value, ks_method = m.ks_pvalue(s, cdf["ks_statistic"])
    std = float(np.std(s.ref))
    if options.preset == "evidently":
        metrics, histogram = ev.numeric_metrics(s, options, judge, distinct)
        norm = max(std, 0.001)
        w_norm = cdf["wasserstein"] / norm
        metrics["wasserstein"] = judge("wasserstein", cdf["wasserstein"], options, unit="column units")
        metrics["wasserstein_norm"] = judge("wasserstein_norm", w_norm, options, reference_std=std, std_floor=0.001)
        metrics["ks"] = judge("ks", p_value, options, inclusive_p=True, statistic=d, p_value=_clean(p_value), method=ks_method)
        headline = choose_headline(metrics, options, categorical=False, n_ref=s.n_ref, n_values=distinct)
        return {"metrics": metrics, "histogram": histogram, "headline": headline, "distinct_values": distinct}

    if distinct <= FEW_VALUES:
        out = categorical_column(s.ref.tolist(), s.cur.tolist(), options, numeric_values=True)
        metrics = out["metrics"]
        histogram = out["histogram"]
    else:
        edges = _edges(s, options)
        p_counts = m.bin_counts(s.ref, edges)
        if options.method == "quantile":
            edges = m.drop_empty_reference_bins(edges, p_counts)
            p_counts = m.bin_counts(s.ref, edges)
        q_counts = m.bin_counts(s.cur, edges)
        metrics = _share_metrics(p_counts, q_counts, options)
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
    metrics["wasserstein"] = judge("wasserstein", cdf["wasserstein"], options, unit="column units")
    if std > 0 or cdf["wasserstein"] == 0:
        norm_value = cdf["wasserstein"] / std if std > 0 else 0.0
        metrics["wasserstein_norm"] = judge("wasserstein_norm", norm_value, options, reference_std=std)
    else:
        metrics["wasserstein_norm"] = judge("wasserstein_norm", None, options, reference_std=std)
        metrics["wasserstein_norm"]["drifted"] = True
        metrics["wasserstein_norm"]["verdict"] = "drift: the reference is constant and the current values differ from it (no scale to normalise by)"
    metrics["ks"] = judge("ks", p_value, options, statistic=d, p_value=_clean(p_value), method=ks_method)
    headline = choose_headline(metrics, options, categorical=False, n_ref=s.n_ref, n_values=distinct)
    return {"metrics": metrics, "histogram": histogram, "headline": headline, "distinct_values": distinct}


def _edges(s: m.Sorted, options: Options) -> np.ndarray:
    if options.method == "quantile":
        return m.quantile_edges(s.ref, options.bins)
    if options.method == "equal-width":
        return m.equal_width_edges(s.ref, options.bins)
    return np.asarray(options.edges, dtype=np.float64)
