"""The extra tests (option "metrics") under the default preset, against scipy's own functions on the same data.

The evidently preset's versions are checked against Evidently itself (test_drift_evidently.py).
"""

from __future__ import annotations

import math
import warnings

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from scipy import stats

from evaluator import api, dispatch
from evaluator.drift.config import EXTRA_METRICS

REL = 1e-12
NUMERIC = ["energy", "cramer_von_mises", "anderson_darling", "mann_whitney", "t_test", "epps_singleton", "mmd"]


def numeric(ref, cur, **options):
    return api.drift_metrics(reference=list(map(float, ref)), current=list(map(float, cur)), kind="numeric",
                             options={"metrics": NUMERIC, **options})["metrics"]


@pytest.fixture(scope="module")
def samples():
    rng = np.random.default_rng(12)
    return {
        "shift": (rng.normal(0, 2, 600), rng.normal(0.4, 2.5, 500)),
        "same": (rng.gamma(2, 3, 700), rng.gamma(2, 3, 650)),
        "ties": (rng.integers(0, 12, 800).astype(float), rng.integers(1, 13, 700).astype(float)),
        "small": (rng.normal(0, 1, 9), rng.normal(2, 1, 7)),
    }


@pytest.mark.parametrize("case", ["shift", "same", "ties", "small"])
def test_numeric_extra_tests_are_scipys(samples, case):
    ref, cur = samples[case]
    got = numeric(ref, cur)
    std = np.std(ref)
    assert got["energy"]["value"] == pytest.approx(stats.energy_distance(ref / std, cur / std), rel=1e-10)
    assert got["energy"]["raw"] == pytest.approx(stats.energy_distance(ref, cur), rel=REL)
    assert got["cramer_von_mises"]["value"] == pytest.approx(stats.cramervonmises_2samp(ref, cur).pvalue, rel=REL)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # scipy warns when it caps or floors the p-value
        ad = stats.anderson_ksamp([ref, cur])
    assert got["anderson_darling"]["value"] == pytest.approx(ad.pvalue, rel=REL)
    assert got["anderson_darling"]["statistic"] == pytest.approx(ad.statistic, rel=REL)
    assert got["mann_whitney"]["value"] == pytest.approx(stats.mannwhitneyu(ref, cur, alternative="two-sided").pvalue, rel=REL)
    assert got["mann_whitney"]["alternative"] == "two-sided"
    assert got["t_test"]["value"] == pytest.approx(stats.ttest_ind(ref, cur, equal_var=False).pvalue, rel=REL, abs=1e-300)
    assert got["t_test"]["test"].startswith("Welch")
    if case == "small":
        assert got["epps_singleton"]["value"] == pytest.approx(stats.epps_singleton_2samp(ref, cur).pvalue, rel=REL)
    else:
        assert got["epps_singleton"]["value"] == pytest.approx(stats.epps_singleton_2samp(ref, cur).pvalue, rel=REL, abs=1e-300)
    for name in NUMERIC:
        entry = got[name]
        assert entry["threshold"] == (0.1 if name == "energy" else 0.002)
        if entry["value"] is not None and name != "energy":
            assert entry["drifted"] == (entry["value"] < 0.002), name


def test_anderson_darling_says_when_scipy_caps_or_floors_its_p_value(samples):
    ref, cur = samples["same"]
    assert "capped at 0.25" in numeric(ref, cur)["anderson_darling"]["p_value_bound"]
    far = numeric(ref, cur + 100)["anderson_darling"]
    assert far["value"] == 0.001 and "floored at 0.001" in far["p_value_bound"] and far["drifted"] is True


def _mmd_by_definition(x, y, permutations, seed=0):
    """The unbiased MMD^2 with a Gaussian kernel of width sqrt(median(|x_i - x_j|^2) / 2), and the
    share of relabellings (RandomState(seed).permutation) at least as large, written from the
    definition with explicit pairwise differences."""
    pooled = np.concatenate([x, y])
    dxx = (x[:, None] - x[None, :]) ** 2
    sigma = math.sqrt(0.5 * np.percentile(dxx.ravel(), 50, method="nearest")) or math.sqrt(0.5)
    kernel = np.exp(-((pooled[:, None] - pooled[None, :]) ** 2) / (2 * sigma**2))
    np.fill_diagonal(kernel, 0)

    def mmd(idx_x, idx_y):
        n, m = idx_x.size, idx_y.size
        return (kernel[np.ix_(idx_x, idx_x)].sum() / (n * (n - 1)) + kernel[np.ix_(idx_y, idx_y)].sum() / (m * (m - 1))
                - 2 * kernel[np.ix_(idx_y, idx_x)].mean())

    n = x.size
    observed = mmd(np.arange(n), np.arange(n, pooled.size))
    rs = np.random.RandomState(seed)
    hits = 0
    for _ in range(permutations):
        index = rs.permutation(pooled.size)
        hits += observed <= mmd(index[:n], index[n:])
    return observed, hits / permutations


def test_mmd_is_the_unbiased_estimate_with_its_permutation_p_value(samples):
    ref, cur = samples["shift"]
    ref, cur = ref[:120], cur[:100]
    got = numeric(ref, cur)["mmd"]
    observed, p_value = _mmd_by_definition(ref, cur, 100)
    # the kernel from (x - y)^2 here and from x^2 - 2xy + y^2 there (Evidently's form) differ by rounding
    assert got["statistic"] == pytest.approx(observed, rel=1e-6)
    assert got["value"] == p_value and got["permutations"] == 100
    assert numeric(ref, cur)["mmd"] == got  # seeded: the same files, the same p-value


def test_mmd_subsamples_above_1000_values():
    rng = np.random.default_rng(2)
    got = numeric(rng.normal(0, 1, 2500), rng.normal(0.5, 1, 1800))["mmd"]
    assert got["subsample"] == {"reference": 1000, "current": 1000}
    assert got["value"] < 0.05 and got["drifted"] is True


def test_undefined_cases_say_why():
    const = [3.0] * 30
    got = numeric(const, const)
    assert got["t_test"]["value"] is None and "constant" in got["t_test"]["verdict"]
    assert got["epps_singleton"]["value"] is None and "interquartile range" in got["epps_singleton"]["verdict"]
    assert got["anderson_darling"]["value"] is None and "one and the same value" in got["anderson_darling"]["verdict"]
    assert got["energy"]["value"] == 0.0 and got["energy"]["drifted"] is False
    moved = numeric(const, [4.0] * 30)
    assert moved["energy"]["value"] is None and moved["energy"]["drifted"] is True
    tiny = numeric([1.0, 2.0, 3.0], [2.0, 3.0, 4.0])
    assert tiny["epps_singleton"]["value"] is None and "at least 5 values" in tiny["epps_singleton"]["verdict"]


def categorical(ref, cur, **options):
    return api.drift_metrics(reference=ref, current=cur, kind="categorical", options={"metrics": ["g_test", "fisher_exact", "tvd"], **options})


@pytest.mark.parametrize("seed", range(3))
def test_categorical_extra_tests_are_scipys(seed):
    rng = np.random.default_rng(seed)
    ref = rng.choice(list("abcd"), int(rng.integers(50, 600)), p=[0.4, 0.3, 0.2, 0.1]).tolist()
    cur = rng.choice(list("abcde"), int(rng.integers(50, 600))).tolist()
    got = categorical(ref, cur)
    keys = got["histogram"]["categories"]
    table = np.array([[ref.count(k) for k in keys], [cur.count(k) for k in keys]])
    g = stats.chi2_contingency(table, correction=False, lambda_="log-likelihood")
    assert got["metrics"]["g_test"]["value"] == pytest.approx(g.pvalue, rel=1e-11, abs=1e-300)
    assert got["metrics"]["g_test"]["statistic"] == pytest.approx(g.statistic, rel=REL)
    p, q = table[0] / table[0].sum(), table[1] / table[1].sum()
    assert got["metrics"]["tvd"]["value"] == pytest.approx(0.5 * np.abs(p - q).sum(), rel=REL)
    assert got["not_applicable"] == {"fisher_exact": f"two categories only (this column has {len(keys)})"}


def test_fisher_exact_on_two_categories_of_any_sizes():
    ref, cur = ["y"] * 7 + ["n"] * 30, ["y"] * 15 + ["n"] * 12
    got = categorical(ref, cur)["metrics"]["fisher_exact"]
    assert got["value"] == pytest.approx(stats.fisher_exact([[30, 7], [12, 15]]).pvalue, rel=REL)
    assert got["drifted"] is (got["value"] < got["threshold"])


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from("abc"), min_size=2, max_size=40), st.lists(st.sampled_from("abc"), min_size=2, max_size=40))
def test_tvd_is_between_zero_and_one_and_symmetric(xs, ys):
    a = categorical(xs, ys)["metrics"]["tvd"]["value"]
    b = categorical(ys, xs)["metrics"]["tvd"]["value"]
    assert 0 <= a <= 1 and a == pytest.approx(b, rel=1e-12, abs=1e-15)
    assert categorical(xs, xs)["metrics"]["tvd"]["value"] == 0


def test_tvd_on_numeric_bins_uses_the_histogram_shares(samples):
    ref, cur = samples["shift"]
    got = api.drift_metrics(reference=ref.tolist(), current=cur.tolist(), options={"metrics": ["tvd"]})
    h = got["histogram"]
    assert got["metrics"]["tvd"]["value"] == pytest.approx(0.5 * np.abs(np.array(h["reference"]) - np.array(h["current"])).sum(), rel=REL)


def test_extra_tests_that_do_not_apply_say_so_and_any_can_head_a_column(samples):
    ref, cur = samples["shift"]
    got = api.drift_metrics(reference=ref.tolist(), current=cur.tolist(), options={"metrics": list(EXTRA_METRICS)})
    assert set(got["not_applicable"]) == {"g_test", "fisher_exact"}
    assert set(EXTRA_METRICS) - {"g_test", "fisher_exact"} <= set(got["metrics"])
    for name in ("energy", "mann_whitney", "mmd", "tvd"):
        headed = api.drift_metrics(reference=ref.tolist(), current=cur.tolist(), options={"headline": name})
        assert headed["headline"]["metric"] == name and name in headed["metrics"]
    cat = api.drift_metrics(reference=list("aab" * 20), current=list("abb" * 20), kind="categorical", options={"headline": "mann_whitney"})
    assert cat["headline"]["metric"] == "chi_square" and "does not apply" in cat["headline"]["reason"]


def test_unknown_test_names_are_refused():
    reply = dispatch.call("drift_metrics", {"reference": [1, 2, 3], "current": [1, 2, 3], "options": {"metrics": ["ed"]}})
    assert reply["ok"] is False and "unknown test 'ed' in metrics" in reply["error"]["message"]
