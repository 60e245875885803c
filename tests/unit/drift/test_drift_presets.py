"""The `evidently` preset's rules, checked by hand where Evidently itself is not installed."""

import math

import numpy as np
import pytest

from evaluator import api
from evaluator.drift.evidently import feel_zeroes


def test_zero_share_rule_is_evidentlys():
    # smallest non-zero share above 0.0001: zeros become 0.0001
    assert feel_zeroes(np.array([0.5, 0.5, 0.0])).tolist() == [0.5, 0.5, 0.0001]
    # smallest non-zero share at most 0.0001: zeros become a millionth of it
    got = feel_zeroes(np.array([0.99995, 0.00005, 0.0]))
    assert got[2] == pytest.approx(0.00005 / 10**6, rel=1e-15)
    assert got[:2].tolist() == [0.99995, 0.00005]  # not renormalised


def test_evidently_psi_by_hand_on_sturges_bins():
    rng = np.random.default_rng(4)
    ref, cur = rng.normal(0, 1, 400), rng.normal(0.3, 1, 300)
    got = api.drift_metrics(reference=ref.tolist(), current=cur.tolist(), options={"preset": "evidently"})
    edges = np.histogram_bin_edges(np.concatenate([ref, cur]), bins="sturges")
    p = np.histogram(ref, edges)[0] / ref.size
    q = np.histogram(cur, edges)[0] / cur.size
    p, q = feel_zeroes(p), feel_zeroes(q)
    assert got["metrics"]["psi"]["value"] == pytest.approx(float(np.sum((p - q) * np.log(p / q))), rel=1e-12)
    assert got["metrics"]["psi"]["threshold"] == 0.1
    assert got["histogram"]["edges"] == pytest.approx(edges.tolist(), rel=0, abs=0)
    # 400 reference values (at most 1000), many distinct values: KS heads the column, p <= 0.05 is drift
    assert got["headline"]["metric"] == "ks"
    assert got["metrics"]["ks"]["rule"] == "drift if p-value <= threshold"
    w = got["metrics"]["wasserstein"]["value"] / max(float(np.std(ref)), 0.001)
    assert got["metrics"]["wasserstein_norm"]["value"] == pytest.approx(w, rel=1e-12)


def test_evidently_chi_square_is_goodness_of_fit_and_unseen_category_is_p_zero():
    ref = ["a"] * 50 + ["b"] * 50
    cur = ["a"] * 40 + ["b"] * 40 + ["c"] * 5
    ev = api.drift_metrics(reference=ref, current=cur, kind="categorical", options={"preset": "evidently"})
    assert ev["metrics"]["chi_square"]["value"] == 0.0 and ev["metrics"]["chi_square"]["drifted"] is True
    assert ev["metrics"]["chi_square"]["statistic"] is None  # infinite: an expected count of 0
    ours = api.drift_metrics(reference=ref, current=cur, kind="categorical")
    assert 0 < ours["metrics"]["chi_square"]["value"] < 1
    assert ours["histogram"]["unseen_in_reference"] == ["c"]


def test_default_and_evidently_differ_where_documented():
    rng = np.random.default_rng(8)
    ref, cur = rng.normal(0, 1, 3000).tolist(), rng.normal(0.1, 1, 3000).tolist()
    d = api.drift_metrics(reference=ref, current=cur)
    e = api.drift_metrics(reference=ref, current=cur, options={"preset": "evidently"})
    assert d["metrics"]["psi"]["threshold"] == 0.25 and e["metrics"]["psi"]["threshold"] == 0.1
    assert d["histogram"]["method"] == "quantile" and e["histogram"]["method"].startswith("sturges")
    assert len(d["histogram"]["reference"]) == 10
    assert len(e["histogram"]["reference"]) == math.ceil(math.log2(6000) + 1)
    assert d["headline"]["metric"] == e["headline"]["metric"] == "wasserstein_norm"
