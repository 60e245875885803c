"""Per-column drift: every metric, its threshold and verdict, the headline test and chart data.

`numeric_column` and `categorical_column` take the clean values (missing and non-finite values
already removed, see `report`) and an `Options`, and return a JSON-able dict. Numeric columns are
sorted once; the binned metrics, the quantile edges, Wasserstein-1 and KS all read that one sort.
"""

from __future__ import annotations

import math
import sys
from collections import Counter
from typing import Any, Callable, Sequence

import numpy as np

from ..tables import value_label
from . import evidently as ev
from . import extra_tests as extra
from . import metrics as m
from .histograms import bins_histogram, categories_histogram
from .config import CATEGORY_ONLY, EXTRA_METRICS, FEW_VALUES, NUMERIC_ONLY, Options
from .verdicts import choose_headline, finite_or_none, judge


def _share_metrics(p_counts: np.ndarray, q_counts: np.ndarray, options: Options) -> dict[str, dict[str, Any]]:
    """PSI, KL, JS and Hellinger (and, when asked, total variation) from counts over the same bins
    or categories (default preset).

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
    out = {
        "psi": judge("psi", m.psi(ps, qs), options, smoothed=smoothed),
        "kl": judge("kl", m.kl(ps, qs, options.log_base), options, unit=unit, direction="KL(reference || current)", smoothed=smoothed),
        "js": judge("js", math.sqrt(js_div), options, divergence=finite_or_none(js_div), unit=unit),
        "hellinger": judge("hellinger", m.hellinger(p, q), options),
    }
    if options.wants("tvd"):
        out["tvd"] = judge("tvd", m.total_variation(p, q), options)
    return out


def _chi_square(p_counts: np.ndarray, q_counts: np.ndarray, options: Options) -> dict[str, Any]:
    """Pearson's chi-square test of homogeneity on the 2 x k table.

    With two categories, Yates' continuity correction is applied when ``options.yates`` is set
    (scipy's default); off by default, where the test is the two-proportion z-test. The entry
    also gives the p-value of the other choice, and says so when the two verdicts differ."""
    from scipy.stats import chi2_contingency

    k = p_counts.size
    if k < 2:
        return judge("chi_square", 1.0, options, statistic=0.0, p_value=1.0, dof=0, test="homogeneity (2 x k), a single category")
    table = np.vstack([p_counts, q_counts])
    res = chi2_contingency(table, correction=options.yates)
    min_expected = float(np.min(res.expected_freq))
    if k == 2:
        test = "homogeneity (2 x 2), " + ("with Yates' continuity correction" if options.yates else "no continuity correction")
    else:
        test = "homogeneity (2 x k), no continuity correction"
    entry = judge(
        "chi_square", float(res.pvalue), options,
        statistic=finite_or_none(res.statistic), p_value=finite_or_none(res.pvalue), dof=int(res.dof), test=test,
        min_expected=min_expected,
    )
    if k == 2:
        entry["yates"] = options.yates
        other = chi2_contingency(table, correction=not options.yates)
        threshold = options.threshold("chi_square")
        other_drifted = bool(other.pvalue < threshold) if threshold is not None else None
        entry["other_correction"] = {"yates": not options.yates, "p_value": finite_or_none(other.pvalue), "drifted": other_drifted}
        if entry["drifted"] is not None and other_drifted is not None and other_drifted != entry["drifted"]:
            entry["verdict"] += (
                f"; {'with' if not options.yates else 'without'} Yates' correction p = {float(other.pvalue):.4g}, "
                "the other verdict: the data sit on the line"
            )
    if min_expected < 5 and not options.yates:
        # Cochran's rule: below 5 expected the chi-square distribution understates the tail (on the
        # calibration grid, 2.6% false alarms at p < 0.002 with nine 1% categories and 30 current
        # rows); the p-value then comes from tables drawn with the same margins, as R's
        # chisq.test(simulate.p.value = TRUE) does.
        asymptotic = entry["value"]
        p_value = simulated_chi_square_p_value(p_counts, q_counts)
        entry = judge("chi_square", p_value, options, statistic=finite_or_none(res.statistic), p_value=p_value,
                      p_value_asymptotic=finite_or_none(asymptotic), dof=int(res.dof),
                      test=test + f", p-value from {SIMULATED_TABLES:,} random tables with the same margins",
                      min_expected=min_expected, **({k: entry[k] for k in ("yates", "other_correction") if k in entry}))
        entry["verdict"] += "; some expected counts are below 5, so the p-value is simulated (the chi-square approximation would be rough there)"
    elif min_expected < 5:
        entry["verdict"] += "; some expected counts are below 5, where the chi-square approximation is rough (Fisher's exact test is exact)"
    return entry


SIMULATED_TABLES = 4000


def simulated_chi_square_p_value(p_counts: np.ndarray, q_counts: np.ndarray) -> float:
    """The p-value of Pearson's statistic of a 2 x k table given its margins, from `SIMULATED_TABLES`
    tables drawn under no change (the current row is a multivariate hypergeometric draw of the
    column totals): (1 + tables at least as extreme) / (1 + tables). Seeded by the table itself, so
    a report is reproducible and does not depend on the order of the rows."""
    totals = (p_counts + q_counts).astype(np.int64)
    n_ref, n_cur = int(p_counts.sum()), int(q_counts.sum())
    n = n_ref + n_cur
    expected_cur = totals * (n_cur / n)
    expected_ref = totals * (n_ref / n)

    def statistic(cur: np.ndarray) -> np.ndarray:
        ref = totals - cur
        return np.sum((cur - expected_cur) ** 2 / expected_cur + (ref - expected_ref) ** 2 / expected_ref, axis=-1)

    rng = np.random.default_rng([int(x) for x in totals.tolist()[:64]] + [n_ref, n_cur])
    draws = rng.multivariate_hypergeometric(totals, n_cur, size=SIMULATED_TABLES)
    observed = float(statistic(q_counts.astype(np.float64)))
    extreme = int(np.count_nonzero(statistic(draws.astype(np.float64)) >= observed * (1 - 1e-12)))
    return (1 + extreme) / (1 + SIMULATED_TABLES)


def _category_order(ref: Counter, cur: Counter) -> list[Any]:
    seen = sorted(ref, key=lambda k: (-ref[k], str(k)))
    unseen = sorted((k for k in cur if k not in ref), key=lambda k: (-cur[k], str(k)))
    return seen + unseen


def _why_not(metrics: dict[str, Any], options: Options, *, numeric: bool, categories: int | None) -> dict[str, str]:
    """For each extra test asked for but not computed, why it does not apply to this column."""
    out = {}
    for name in EXTRA_METRICS:
        if not options.wants(name) or name in metrics:
            continue
        if name in NUMERIC_ONLY:
            out[name] = "numeric columns only"
        elif name == "tvd" or options.preset == "evidently":
            out[name] = "categorical columns only under the evidently preset (as in Evidently)"
        elif name == "fisher_exact" and categories is not None and categories != 2:
            out[name] = f"two categories only (this column has {categories})"
        elif name in CATEGORY_ONLY:
            out[name] = f"categorical columns and numeric columns with at most {FEW_VALUES} distinct values only"
        else:
            out[name] = "not defined for this column"
    return out


def categorical_column(ref: Sequence[Any], cur: Sequence[Any], options: Options, *, numeric_values: bool = False,
                       counts: tuple[Counter, Counter] | None = None) -> dict[str, Any]:
    """Metrics over category shares. ``ref`` and ``cur`` hold the non-missing values, in file order;
    ``counts``: how often each value occurs in each, where the caller has them already (``ref`` and
    ``cur`` are then read only by Evidently's TVD, which permutes the values in file order)."""
    rc, cc = counts if counts is not None else (Counter(ref), Counter(cur))
    keys = _category_order(rc, cc)
    p_counts = np.array([rc.get(k, 0) for k in keys], dtype=np.int64)
    q_counts = np.array([cc.get(k, 0) for k in keys], dtype=np.int64)
    n_ref, n_cur = int(p_counts.sum()), int(q_counts.sum())
    if options.preset == "evidently":
        metrics = ev.categorical_metrics(p_counts, q_counts, options)
    else:
        metrics = _share_metrics(p_counts, q_counts, options)
        metrics["chi_square"] = _chi_square(p_counts, q_counts, options)
    if not (options.preset == "evidently" and numeric_values):  # Evidently's tests go by the column's type
        codes = None
        if options.preset == "evidently" and options.wants("tvd"):
            # Evidently's TVD permutes the values in file order, so the order must be kept
            index = {k: i for i, k in enumerate(keys)}
            codes = np.fromiter((index[v] for v in [*ref, *cur]), dtype=np.intp, count=n_ref + n_cur)
        metrics.update(extra.categorical_extras(p_counts, q_counts, options, codes=codes))
    histogram = categories_histogram([value_label(k) for k in keys], p_counts, q_counts)
    headline = choose_headline(metrics, options, categorical=not numeric_values, n_ref=n_ref, n_cur=n_cur, n_values=len(keys))
    out = {"metrics": metrics, "histogram": histogram, "headline": headline, "distinct_values": len(keys)}
    why = _why_not(metrics, options, numeric=numeric_values, categories=len(keys))
    if why:
        out["not_applicable"] = why
    return out


def numeric_column(ref_values: np.ndarray, cur_values: np.ndarray, options: Options, *, sorted_ref: np.ndarray | None = None,
                   only: set[str] | None = None, sort_in_place: bool = False) -> dict[str, Any]:
    """Metrics of a numeric column; ``ref`` and ``cur`` are finite float arrays in file order.

    Binning (default preset): ``options.bins`` quantile bins of the reference, outer bins open
    (values below the reference minimum or above its maximum fall in the first or last bin),
    ties between quantile edges merged and bins left empty in the reference merged into their
    neighbour; bins are ``[a, b)``. A value holding at least ``1/bins`` of the reference (a point
    mass, such as a default 0) keeps a bin of its own. ``equal-width`` splits the reference range
    evenly, ``edges`` uses the caller's edges, both with open outer bins (and point masses get
    their own bins under ``equal-width`` too).

    A numeric column with at most 5 distinct values (over both samples) is also treated as
    categories of its values: its binned metrics are over those values, and chi-square is added.

    ``sorted_ref`` (the reference already sorted) saves the sort when one reference is compared
    with many current samples (drift over time); ``only`` names the metrics that must be computed
    (the others may be left out when they cost extra: the KS p-value and the extra tests).
    ``sort_in_place``: ``ref`` and ``cur`` are the caller's to sort (float64 arrays no one needs in
    file order any more), which saves a copy of each on large files.
    """
    if sort_in_place and sorted_ref is None and not any(options.wants(name) for name in EXTRA_METRICS):
        _sort_both(ref_values, cur_values)
        s = m.Sorted(ref_values, cur_values)
    else:
        s = m.Sorted(sorted_ref if sorted_ref is not None else np.sort(np.asarray(ref_values, dtype=np.float64)),
                     np.sort(np.asarray(cur_values, dtype=np.float64)))
    for sorted_values in (s.ref, s.cur):  # -0.0 and 0.0 sort as equal; which comes first depends on the row order
        if sorted_values.size and sorted_values[0] <= 0 <= sorted_values[-1]:
            zeros = sorted_values[np.searchsorted(sorted_values, 0.0, "left") : np.searchsorted(sorted_values, 0.0, "right")]
            np.add(zeros, 0.0, out=zeros)  # -0.0 + 0.0 is 0.0: one zero, whatever the order (other values unchanged)
    cdf = m.cdf_metrics(s)
    distinct = cdf["distinct"]
    ref, cur = SortedSample(s.ref), SortedSample(s.cur)
    categories = None
    if options.preset == "evidently":
        metrics, histogram = ev.numeric_metrics(s, options, distinct)
    elif distinct <= FEW_VALUES:
        out = categorical_column(s.ref.tolist(), s.cur.tolist(), options, numeric_values=True)
        metrics, histogram = out["metrics"], out["histogram"]
        categories = distinct
    else:
        metrics, histogram = binned_metrics(ref, cur, options)
    with_p_value = only is None or "ks" in only
    ks = (lambda: m.ks_pvalue(s, cdf["ks_statistic"])) if with_p_value else None
    metrics.update(cdf_metric_entries(cdf, m.population_std(s.ref), ks, options))
    wanted = [name for name in EXTRA_METRICS if name in NUMERIC_ONLY and options.wants(name) and (only is None or name in only)]
    if wanted:
        metrics.update(extra.numeric_extras(ref_values, cur_values, s, options, wanted))
    return numeric_entry(metrics, histogram, ref, cur, distinct, options, categories=categories)


def numeric_entry(metrics: dict[str, Any], histogram: dict[str, Any], ref: Any, cur: Any, distinct: int, options: Options,
                  *, categories: int | None = None) -> dict[str, Any]:
    """A numeric column's result from its metrics and histogram: the headline (chosen with both
    samples' sizes), the ranges and the tests that do not apply. ``ref`` and ``cur`` are samples
    (`SortedSample`, or counts such as a profile's, with the same methods)."""
    headline = choose_headline(metrics, options, categorical=False, n_ref=ref.n, n_cur=cur.n, n_values=distinct)
    out = {"metrics": metrics, "histogram": histogram, "headline": headline, "distinct_values": distinct,
           "range": _range(ref, cur)}
    why = _why_not(metrics, options, numeric=True, categories=categories)
    if why:
        out["not_applicable"] = why
    return out


class SortedSample:
    """A sorted sample as the binned metrics and the ranges read it. A profile's bucket counts offer
    the same methods (`profiles.model`), so both go through `binned_metrics` and `numeric_entry`."""

    def __init__(self, values: np.ndarray):
        self.values = values
        self.n = int(values.size)
        self.lo, self.hi = float(values[0]), float(values[-1])

    def quantile_edges(self, bins: int) -> np.ndarray:
        return m.quantile_edges(self.values, bins)

    def equal_width_edges(self, bins: int) -> np.ndarray:
        return m.equal_width_edges(self.values, bins)

    def point_masses(self, bins: int) -> np.ndarray:
        return m.point_masses(self.values, bins)

    def bin_counts(self, edges: np.ndarray) -> np.ndarray:
        return m.bin_counts(self.values, edges)

    def count_below(self, x: float) -> int:
        return int(np.searchsorted(self.values, x, "left"))

    def count_above(self, x: float) -> int:
        return int(self.n - np.searchsorted(self.values, x, "right"))


# Below this many values in all, a second thread costs more than it saves.
_THREAD_SORT_MIN = 400_000


def _sort_both(ref: np.ndarray, cur: np.ndarray) -> None:
    """Sort both arrays in place; large ones in two threads at once where there are threads
    (numpy's sort releases the GIL; the browser has one thread and sorts one after the other)."""
    if ref.size + cur.size < _THREAD_SORT_MIN or sys.platform == "emscripten":
        ref.sort()
        cur.sort()
        return
    import threading

    other = threading.Thread(target=cur.sort, name="sort current")
    other.start()
    try:
        ref.sort()
    finally:
        other.join()


def _range(ref: Any, cur: Any) -> dict[str, Any]:
    """Both samples' ranges and the share of current values outside the reference's range."""
    below = cur.count_below(ref.lo)
    above = cur.count_above(ref.hi)
    return {
        "reference": [ref.lo, ref.hi],
        "current": [cur.lo, cur.hi],
        "below_reference": below,
        "above_reference": above,
        "out_of_range_share": (below + above) / cur.n,
    }


def binned_metrics(ref: Any, cur: Any, options: Options) -> tuple[dict[str, dict[str, Any]], dict[str, Any]]:
    """PSI, KL, JS and Hellinger over the bins of the options, and the histogram behind them.
    ``ref`` and ``cur`` are samples (`SortedSample`, or a profile's counts with the same methods)."""
    edges = _edges(ref, options)
    masses = np.empty(0)
    if options.method != "edges":
        masses = ref.point_masses(options.bins)
        edges = m.with_point_masses(edges, masses)
    p_counts = ref.bin_counts(edges)
    if options.method == "quantile":
        edges = m.merge_empty_reference_bins(edges, p_counts, m.point_bins(edges, masses))
        p_counts = ref.bin_counts(edges)
    q_counts = cur.bin_counts(edges)
    ends = (min(ref.lo, cur.lo), max(ref.hi, cur.hi))
    histogram = bins_histogram(options.method, edges, m.point_bins(edges, masses), masses, ends, p_counts, q_counts, ref.n, cur.n)
    return _share_metrics(p_counts, q_counts, options), histogram


def cdf_metric_entries(cdf: dict[str, Any], std: float, ks: Callable[[], tuple[float, float, str]] | None,
                       options: Options) -> dict[str, dict[str, Any]]:
    """Wasserstein-1 (raw and over the reference standard deviation ``std``) and KS, under either
    preset, from `metrics.cdf_metrics` (or the same numbers from a profile's counts); ``ks`` gives
    ``(statistic, p-value, method)`` (None: no p-value wanted)."""
    w1 = cdf["wasserstein"]
    if "scale_exponent" in cdf and std > 0:
        # values near the float limits: the normalised distance from the scaled samples, where it is finite
        w1_over_std = cdf["wasserstein_scaled"] / math.ldexp(std, -cdf["scale_exponent"])
    else:
        w1_over_std = w1 / std if std > 0 else 0.0
    if math.isinf(w1):
        entry = judge("wasserstein", None, options, unit="column units")
        entry["verdict"] = "beyond the largest float (the values reach the float limits); see the normalised value"
        out = {"wasserstein": entry}
    else:
        out = {"wasserstein": judge("wasserstein", w1, options, unit="column units")}
    if options.preset == "evidently":
        # Evidently divides by max(std, floor): a constant reference still gives a (large) value.
        out["wasserstein_norm"] = judge("wasserstein_norm", w1 / max(std, ev.STD_FLOOR), options, reference_std=std, std_floor=ev.STD_FLOOR)
    elif std > 0 or w1 == 0:
        out["wasserstein_norm"] = judge("wasserstein_norm", w1_over_std, options, reference_std=std)
    else:
        entry = judge("wasserstein_norm", None, options, reference_std=std)
        entry["drifted"] = True
        entry["verdict"] = "drift: the reference is constant and the current values differ from it (no scale to normalise by)"
        out["wasserstein_norm"] = entry
    if ks is not None:
        d, p_value, ks_method = ks()
        # Evidently calls KS drift at p <= threshold; the default preset at p < threshold.
        inclusive = options.preset == "evidently"
        out["ks"] = judge("ks", p_value, options, inclusive_p=inclusive, statistic=d, p_value=finite_or_none(p_value), method=ks_method)
    return out


def _edges(ref: Any, options: Options) -> np.ndarray:
    if options.method == "quantile":
        return ref.quantile_edges(options.bins)
    if options.method == "equal-width":
        return ref.equal_width_edges(options.bins)
    return np.asarray(options.edges, dtype=np.float64)
