"""The tests a caller adds by name (option ``metrics``): the other stat tests of Evidently 0.7.

scipy computes every test it has: the energy distance, Cramér-von Mises, Anderson-Darling,
Mann-Whitney U, the t-test, Epps-Singleton, the G-test and Fisher's exact test. The empirical
maximum mean discrepancy (MMD) and Evidently's permutation test of the total variation distance
are not in scipy; they are computed here exactly as Evidently 0.7.23 computes them
(``evidently/legacy/calculations/stattests``), with a fixed seed so the same files always give
the same p-value. The default preset's total variation distance is the distance itself, on the
column's bins or categories (see `engine`).

Where the two presets differ, the `evidently` preset follows Evidently and the default follows
the usual statistical practice; the drift metrics page gives the reasons:

- energy distance: Evidently's on the raw values (drift when above 0.1, in the square root of
  the column's units); the default's on values divided by the reference standard deviation;
- Mann-Whitney U: Evidently's is one-sided (``alternative="less"``); the default is two-sided;
- t-test: Evidently's is Student's (equal variances); the default is Welch's;
- G-test: Evidently's compares the current counts with the raw reference counts, which scipy
  only accepts when both files hold as many values; the default is the test of homogeneity on
  the 2 x k table (``scipy.stats.chi2_contingency(..., lambda_="log-likelihood")``);
- Fisher's exact test: Evidently's needs both files to hold as many values; the default takes
  any sizes. Two categories only, in both;
- total variation distance: Evidently's score is the p-value of a permutation test (1000
  permutations), for categorical columns only.
"""

from __future__ import annotations

import math
import warnings
from typing import Any, Callable

import numpy as np

from . import metrics as m
from .config import Options
from .verdicts import finite_or_none, judge

SEED = 0  # for the permutations of MMD and TVD, and MMD's subsample: the same files, the same p-value
MMD_PERMUTATIONS = 100  # Evidently's number
MMD_MAX_PER_SAMPLE = 1000  # the kernel matrix grows with the square of the values; larger samples are subsampled
TVD_PERMUTATIONS = 1000  # Evidently's number
EPPS_SINGLETON_MIN = 5  # scipy's epps_singleton_2samp needs at least 5 values in each sample


def _undefined(name: str, options: Options, why: str, **extra: Any) -> dict[str, Any]:
    entry = judge(name, None, options, **extra)
    entry["verdict"] = f"not defined for this data: {why}"
    return entry


# --- numeric columns -------------------------------------------------------------------------


def energy(ref: np.ndarray, cur: np.ndarray, s: m.Sorted, options: Options) -> dict[str, Any]:
    """``scipy.stats.energy_distance``; by default on values in reference standard deviations."""
    from scipy.stats import energy_distance

    raw = float(energy_distance(s.ref, s.cur))
    if options.preset == "evidently":
        return judge("energy", raw, options, strict=True, unit="square root of the column's units")
    std = m.population_std(s.ref)
    if std > 0:
        # D(x/c, y/c) = D(x, y) / sqrt(c): the same number as scipy's on the standardised values
        return judge("energy", raw / math.sqrt(std), options, raw=raw, reference_std=std, unit="on values in reference standard deviations")
    if raw == 0:
        return judge("energy", 0.0, options, raw=raw, reference_std=std)
    entry = judge("energy", None, options, raw=raw, reference_std=std)
    entry["drifted"] = True
    entry["verdict"] = "drift: the reference is constant and the current values differ from it (no scale to normalise by)"
    return entry


def cramer_von_mises(ref: np.ndarray, cur: np.ndarray, s: m.Sorted, options: Options) -> dict[str, Any]:
    """``scipy.stats.cramervonmises_2samp`` (exact up to 20 values per sample, else asymptotic)."""
    from scipy.stats import cramervonmises_2samp

    res = cramervonmises_2samp(s.ref, s.cur)
    inclusive = options.preset == "evidently"  # Evidently: drift when p <= threshold
    return judge("cramer_von_mises", float(res.pvalue), options, inclusive_p=inclusive,
                 statistic=finite_or_none(res.statistic), p_value=finite_or_none(res.pvalue))


def anderson_darling(ref: np.ndarray, cur: np.ndarray, s: m.Sorted, options: Options) -> dict[str, Any]:
    """``scipy.stats.anderson_ksamp``; its p-value is interpolated in a table, so it is capped at
    0.25 and floored at 0.001 (the entry says when)."""
    from scipy.stats import anderson_ksamp

    if s.ref[0] == s.ref[-1] and s.cur[0] == s.cur[-1] and s.ref[0] == s.cur[0]:
        return _undefined("anderson_darling", options, "both samples hold one and the same value")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        res = anderson_ksamp([s.ref, s.cur])
    words = " ".join(str(w.message) for w in caught)
    bound = "capped at 0.25 (the true p-value is larger)" if "capped" in words else (
        "floored at 0.001 (the true p-value is smaller)" if "floored" in words else None)
    extra = {"statistic": finite_or_none(res.statistic), "p_value": finite_or_none(res.pvalue)}
    if bound:
        extra["p_value_bound"] = bound
    return judge("anderson_darling", float(res.pvalue), options, **extra)


def mann_whitney(ref: np.ndarray, cur: np.ndarray, s: m.Sorted, options: Options) -> dict[str, Any]:
    """``scipy.stats.mannwhitneyu``: two-sided; one-sided (reference stochastically less) as in
    Evidently under the `evidently` preset."""
    from scipy.stats import mannwhitneyu

    alternative = "less" if options.preset == "evidently" else "two-sided"
    res = mannwhitneyu(s.ref, s.cur, alternative=alternative)
    return judge("mann_whitney", float(res.pvalue), options, statistic=finite_or_none(res.statistic),
                 p_value=finite_or_none(res.pvalue), alternative=alternative)


def t_test(ref: np.ndarray, cur: np.ndarray, s: m.Sorted, options: Options) -> dict[str, Any]:
    """``scipy.stats.ttest_ind``: Welch's (unequal variances); Student's under the `evidently` preset."""
    from scipy.stats import ttest_ind

    student = options.preset == "evidently"
    with np.errstate(divide="ignore", invalid="ignore"), warnings.catch_warnings():
        warnings.simplefilter("ignore")  # constant samples: scipy warns and returns NaN
        res = ttest_ind(ref, cur, equal_var=student)
    test = "Student's (equal variances)" if student else "Welch's (unequal variances)"
    if not math.isfinite(float(res.pvalue)):
        return _undefined("t_test", options, "both samples are constant", test=test)
    return judge("t_test", float(res.pvalue), options, statistic=finite_or_none(res.statistic), p_value=float(res.pvalue), test=test)


def epps_singleton(ref: np.ndarray, cur: np.ndarray, s: m.Sorted, options: Options) -> dict[str, Any]:
    """``scipy.stats.epps_singleton_2samp`` (at least 5 values per sample; not defined, as in
    Evidently, when the interquartile range of both samples together is 0)."""
    from scipy.stats import epps_singleton_2samp, iqr

    if min(ref.size, cur.size) < EPPS_SINGLETON_MIN:
        return _undefined("epps_singleton", options, f"it needs at least {EPPS_SINGLETON_MIN} values in each file")
    if iqr(np.hstack((ref, cur))) == 0:
        return _undefined("epps_singleton", options, "the interquartile range of both files together is 0")
    res = epps_singleton_2samp(ref, cur)
    return judge("epps_singleton", float(res.pvalue), options, statistic=finite_or_none(res.statistic), p_value=finite_or_none(res.pvalue))


def _squared_distances(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    # Evidently's expression, term for term, so that the kernel matches its to the last bit
    return (b**2).T - 2 * np.dot(a, b.T) + a**2


def mmd(ref: np.ndarray, cur: np.ndarray, s: m.Sorted, options: Options) -> dict[str, Any]:
    """Empirical maximum mean discrepancy with a Gaussian (RBF) kernel and its permutation p-value.

    As Evidently's ``empirical_mmd``: the kernel width from the median squared distance within
    the reference, the unbiased MMD estimate (diagonal left out), and the share of 100 random
    relabellings of the pooled values whose MMD is at least the observed one. The permutations
    are drawn from ``numpy.random.RandomState(0)``; samples over 1000 values are first reduced
    to 1000 drawn at random (seeded too), since the kernel matrix grows with the square of the
    values.
    """
    x, y = np.asarray(ref, dtype=np.float64), np.asarray(cur, dtype=np.float64)
    subsample = None
    if max(x.size, y.size) > MMD_MAX_PER_SAMPLE:
        rng = np.random.default_rng(SEED)
        if x.size > MMD_MAX_PER_SAMPLE:
            x = x[np.sort(rng.choice(x.size, MMD_MAX_PER_SAMPLE, replace=False))]
        if y.size > MMD_MAX_PER_SAMPLE:
            y = y[np.sort(rng.choice(y.size, MMD_MAX_PER_SAMPLE, replace=False))]
        subsample = {"reference": int(x.size), "current": int(y.size)}
    n, k = x.size, y.size
    if n < 2 or k < 2:
        return _undefined("mmd", options, "it needs at least 2 values in each file")
    x, y = x.reshape(-1, 1), y.reshape(-1, 1)
    dxx = _squared_distances(x, x)
    sigma = float((0.5 * np.percentile(dxx.flatten(), 50, method="nearest")) ** 0.5)
    if sigma == 0:
        sigma = (0.5 * 1) ** 0.5
    gamma = 1.0 / (2.0 * sigma**2)
    kxx = np.exp(-gamma * dxx)
    del dxx
    kxy = np.exp(-gamma * _squared_distances(x, y))
    kyy = np.exp(-gamma * _squared_distances(y, y))
    kernel = np.concatenate((np.concatenate((kxx, kxy), axis=1), np.concatenate((kxy.T, kyy), axis=1)), axis=0)
    del kxx, kxy, kyy
    np.fill_diagonal(kernel, 0.0)
    a_xx, a_yy = 1 / (n * (n - 1)), 1 / (k * (k - 1))
    observed = float(a_xx * kernel[:-k, :-k].sum() + a_yy * kernel[-k:, -k:].sum() - 2.0 * kernel[-k:, :-k].mean())
    # A relabelling puts a set S of n pooled values in the reference. With a its indicator vector,
    # the three block sums are a'Ka, (1-a)'Ka and (1-a)'K(1-a): one matrix-vector product each.
    total = float(kernel.sum())
    row_sums = kernel.sum(axis=1)
    rs = np.random.RandomState(SEED)
    at_least = 0
    chosen = np.zeros(n + k)
    for _ in range(MMD_PERMUTATIONS):
        index = rs.permutation(n + k)
        chosen[:] = 0.0
        chosen[index[:n]] = 1.0
        v = kernel @ chosen
        s_ss = float(chosen @ v)
        s_ts = float(v.sum()) - s_ss
        s_tt = total - float(v.sum()) - float(chosen @ row_sums) + s_ss
        permuted = a_xx * s_ss + a_yy * s_tt - 2.0 * s_ts / (n * k)
        at_least += observed <= permuted
    p_value = at_least / MMD_PERMUTATIONS
    extra: dict[str, Any] = {"statistic": observed, "p_value": p_value, "kernel_width": sigma, "permutations": MMD_PERMUTATIONS}
    if subsample:
        extra["subsample"] = subsample
    return judge("mmd", p_value, options, **extra)


NUMERIC: dict[str, Callable[..., dict[str, Any]]] = {
    "energy": energy,
    "cramer_von_mises": cramer_von_mises,
    "anderson_darling": anderson_darling,
    "mann_whitney": mann_whitney,
    "t_test": t_test,
    "epps_singleton": epps_singleton,
    "mmd": mmd,
}


def numeric_extras(ref: np.ndarray, cur: np.ndarray, s: m.Sorted, options: Options, wanted: list[str]) -> dict[str, dict[str, Any]]:
    """The extra tests in ``wanted`` of a numeric column (``ref``, ``cur`` in file order; ``s`` sorted)."""
    ref = np.asarray(ref, dtype=np.float64)
    cur = np.asarray(cur, dtype=np.float64)
    return {name: NUMERIC[name](ref, cur, s, options) for name in wanted if name in NUMERIC}


# --- categorical columns ---------------------------------------------------------------------


def g_test(p_counts: np.ndarray, q_counts: np.ndarray, options: Options) -> dict[str, Any]:
    from scipy.stats import chi2_contingency, power_divergence

    n_ref, n_cur = int(p_counts.sum()), int(q_counts.sum())
    if options.preset == "evidently":
        if n_ref != n_cur:
            return _undefined("g_test", options, "Evidently's G-test compares the current counts with the raw reference counts, "
                              "which needs both files to hold as many values", test="goodness of fit against the reference counts (Evidently)")
        with np.errstate(divide="ignore", invalid="ignore"):
            stat, p_value = power_divergence(q_counts, p_counts, lambda_="log-likelihood")
        return judge("g_test", float(p_value), options, statistic=finite_or_none(stat), p_value=finite_or_none(p_value),
                     test="goodness of fit against the reference counts (Evidently)")
    if p_counts.size < 2:
        return judge("g_test", 1.0, options, statistic=0.0, p_value=1.0, dof=0, test="homogeneity (2 x k), a single category")
    res = chi2_contingency(np.vstack([p_counts, q_counts]), correction=options.yates, lambda_="log-likelihood")
    test = "homogeneity (2 x k), log-likelihood ratio"
    if p_counts.size == 2 and options.yates:
        test += ", with Yates' continuity correction"
    return judge("g_test", float(res.pvalue), options, statistic=finite_or_none(res.statistic), p_value=finite_or_none(res.pvalue),
                 dof=int(res.dof), test=test)


def fisher_exact(p_counts: np.ndarray, q_counts: np.ndarray, options: Options) -> dict[str, Any] | None:
    """Fisher's exact test on the 2 x 2 table (two categories; None for more)."""
    from scipy.stats import fisher_exact as fisher

    if p_counts.size > 2:
        return None
    if options.preset == "evidently" and int(p_counts.sum()) != int(q_counts.sum()):
        return _undefined("fisher_exact", options, "Evidently's Fisher test needs both files to hold as many values")
    table = np.zeros((2, 2), dtype=np.int64)
    table[0, : p_counts.size] = p_counts
    table[1, : q_counts.size] = q_counts
    odds, p_value = fisher(table)
    return judge("fisher_exact", float(p_value), options, odds_ratio=finite_or_none(odds), p_value=float(p_value))


def tvd_permutation(p_counts: np.ndarray, q_counts: np.ndarray, codes: np.ndarray, options: Options) -> dict[str, Any]:
    """Evidently's TVD test: the share of 1000 random relabellings of the pooled values (in file
    order, drawn as ``numpy.random.RandomState(0).permutation``, Evidently's sequence) whose total
    variation distance is at least the observed one.

    The distances are computed and compared in floating point as Evidently computes them
    (``0.5 * sum |a / n_ref - b / n_cur|``): a relabelling whose distance equals the observed one
    exactly may then count or not by a rounding, so Evidently's p-value, and this one, can sit a
    little below the exact share; the default preset reports the distance itself instead."""
    n_ref, n_cur = int(p_counts.sum()), int(q_counts.sum())
    k = p_counts.size
    totals = p_counts + q_counts

    def distance(a: np.ndarray, b: np.ndarray) -> float:
        return float(0.5 * np.sum(np.abs(a / n_ref - b / n_cur)))

    observed = distance(p_counts, q_counts)
    rs = np.random.RandomState(SEED)
    at_least = 0
    for _ in range(TVD_PERMUTATIONS):
        a = np.bincount(codes[rs.permutation(n_ref + n_cur)[:n_ref]], minlength=k)
        at_least += observed <= distance(a, totals - a)
    p_value = at_least / TVD_PERMUTATIONS
    return judge("tvd", p_value, options, statistic=observed, p_value=p_value,
                 permutations=TVD_PERMUTATIONS, test="permutation test of the total variation distance (Evidently)")


def categorical_extras(p_counts: np.ndarray, q_counts: np.ndarray, options: Options, *, codes: np.ndarray | None) -> dict[str, dict[str, Any]]:
    """The extra tests asked for that a categorical column (or a few-valued numeric one) takes.

    ``codes`` (the category index of every value, reference then current, in file order) is
    needed by Evidently's TVD permutation test only."""
    out: dict[str, dict[str, Any]] = {}
    if options.wants("g_test"):
        out["g_test"] = g_test(p_counts, q_counts, options)
    if options.wants("fisher_exact"):
        entry = fisher_exact(p_counts, q_counts, options)
        if entry is not None:
            out["fisher_exact"] = entry
    if options.wants("tvd") and options.preset == "evidently" and codes is not None:
        out["tvd"] = tvd_permutation(p_counts, q_counts, codes, options)
    return out
