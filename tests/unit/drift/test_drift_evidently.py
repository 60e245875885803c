"""The `evidently` preset against Evidently 0.7's own stat tests, to 1e-9 relative, on the same data.

Runs only with ``-m evidently`` in the separate environment that has Evidently installed
(scripts/test makes it with `ensure_evidently_venv`); the main run deselects it.
"""

import math

import numpy as np
import pytest

pytestmark = pytest.mark.evidently

import evidently  # noqa: E402  (no skip: in the run that selects these tests, a missing Evidently is a failure)
import pandas as pd  # noqa: E402

from evidently.legacy.calculations import stattests as st  # noqa: E402
from evidently.legacy.calculations.stattests.registry import _get_default_stattest  # noqa: E402
from evidently.legacy.core import ColumnType  # noqa: E402

from evaluator import api  # noqa: E402

REL = 1e-9
OURS = {  # Evidently's stat-test name -> our metric key
    "psi": "psi",
    "kl_div": "kl",
    "jensenshannon": "js",
    "wasserstein": "wasserstein_norm",
    "ks": "ks",
    "chisquare": "chi_square",
    "z": "z",
    "hellinger": "hellinger",
}
NUMERIC_TESTS = [st.psi_stat_test, st.kl_div_stat_test, st.jensenshannon_stat_test, st.wasserstein_stat_test, st.ks_stat_test, st.hellinger_stat_test]
CATEGORICAL_TESTS = [st.psi_stat_test, st.kl_div_stat_test, st.jensenshannon_stat_test, st.chi_stat_test, st.hellinger_stat_test]


def _theirs(test, ref, cur, ctype):
    result = test(pd.Series(ref), pd.Series(cur), ctype, None)
    return float(result.drift_score), bool(result.drifted), float(result.actual_threshold)


def _compare(ours_entry, theirs, name):
    score, drifted, threshold = theirs
    value = ours_entry["value"]
    # Evidently's Hellinger is sqrt(1 - sum sqrt(p q)), summed in set order (which changes with
    # Python's hash seed): for near-identical shares it is sqrt of rounding noise, up to ~1.5e-8.
    absolute = 2e-8 if name.endswith("hellinger") else 1e-300
    if math.isinf(score) or math.isnan(score):
        assert value is None, name
    else:
        assert value == pytest.approx(score, rel=REL, abs=absolute), name
    assert ours_entry["drifted"] == drifted, name
    assert ours_entry["threshold"] == threshold, name


def numeric_cases():
    rng = np.random.default_rng(42)
    return {
        "normal-shift": (rng.normal(0, 1, 3000), rng.normal(0.15, 1.1, 2500)),
        "lognormal": (rng.lognormal(0, 1, 800), rng.lognormal(0.05, 1, 900)),
        "same": (rng.normal(5, 2, 1500), rng.normal(5, 2, 1500)),
        "small": (rng.normal(0, 1, 40), rng.normal(0.8, 1, 30)),
        "ints-15-values": (rng.integers(0, 15, 2000).astype(float), rng.integers(0, 17, 1800).astype(float)),
        "ints-40-values": (rng.integers(0, 40, 1200).astype(float), rng.integers(3, 43, 1300).astype(float)),
        "rounded": (np.round(rng.normal(10, 3, 5000)), np.round(rng.normal(10.4, 3, 4000))),
        "empty-bins": (np.concatenate([rng.normal(0, 1, 500), rng.normal(10, 1, 500)]), rng.normal(0, 1, 700)),
        "tiny-std": (rng.normal(0, 1e-4, 600), rng.normal(0, 1e-4, 600)),
    }


@pytest.mark.parametrize("case", list(numeric_cases()))
def test_numeric_stat_tests_match_evidently(case):
    ref, cur = numeric_cases()[case]
    ours = api.drift_metrics(reference=ref.tolist(), current=cur.tolist(), kind="numeric", options={"preset": "evidently"})
    for test in NUMERIC_TESTS:
        _compare(ours["metrics"][OURS[test.name]], _theirs(test, ref, cur, ColumnType.Numerical), f"{case}/{test.name}")
    default = _get_default_stattest(pd.Series(ref), pd.Series(cur), ColumnType.Numerical)
    assert ours["headline"]["metric"] == OURS[default.name]


def categorical_cases():
    rng = np.random.default_rng(7)
    return {
        "shares-move": (rng.choice(list("abcd"), 2000, p=[0.4, 0.3, 0.2, 0.1]), rng.choice(list("abcd"), 1500, p=[0.3, 0.3, 0.2, 0.2])),
        "unseen-in-reference": (rng.choice(list("abc"), 500), rng.choice(list("abcde"), 400)),
        "absent-from-current": (rng.choice(list("abcde"), 500), rng.choice(list("abc"), 400)),
        "small": (rng.choice(list("xyz"), 30), rng.choice(list("xyz"), 25)),
        "same": (np.array(list("aabbbc") * 100), np.array(list("aabbbc") * 80)),
        "rare-category": (np.array(["a"] * 99_990 + ["b"] * 10), np.array(["a"] * 5000)),
    }


@pytest.mark.parametrize("case", list(categorical_cases()))
def test_categorical_stat_tests_match_evidently(case):
    ref, cur = categorical_cases()[case]
    ours = api.drift_metrics(reference=ref.tolist(), current=cur.tolist(), kind="categorical", options={"preset": "evidently"})
    for test in CATEGORICAL_TESTS:
        _compare(ours["metrics"][OURS[test.name]], _theirs(test, ref, cur, ColumnType.Categorical), f"{case}/{test.name}")
    default = _get_default_stattest(pd.Series(ref), pd.Series(cur), ColumnType.Categorical)
    assert ours["headline"]["metric"] == OURS[default.name]


@pytest.mark.parametrize("seed", range(5))
def test_binary_z_test_matches_evidently(seed):
    rng = np.random.default_rng(seed)
    ref = rng.choice(["yes", "no"], int(rng.integers(20, 900)), p=[0.3, 0.7])
    cur = rng.choice(["yes", "no"], int(rng.integers(20, 900)), p=[0.35, 0.65])
    ours = api.drift_metrics(reference=ref.tolist(), current=cur.tolist(), kind="categorical", options={"preset": "evidently"})
    _compare(ours["metrics"]["z"], _theirs(st.z_stat_test, ref, cur, ColumnType.Categorical), "z")
    default = _get_default_stattest(pd.Series(ref), pd.Series(cur), ColumnType.Categorical)
    assert ours["headline"]["metric"] == OURS[default.name]


def test_few_valued_numeric_column_uses_chi_square_or_z_like_evidently():
    rng = np.random.default_rng(3)
    ref, cur = rng.integers(0, 4, 300).astype(float), rng.integers(0, 4, 250).astype(float)
    ours = api.drift_metrics(reference=ref.tolist(), current=cur.tolist(), kind="numeric", options={"preset": "evidently"})
    _compare(ours["metrics"]["chi_square"], _theirs(st.chi_stat_test, ref, cur, ColumnType.Numerical), "chi")
    default = _get_default_stattest(pd.Series(ref), pd.Series(cur), ColumnType.Numerical)
    assert ours["headline"]["metric"] == OURS[default.name] == "chi_square"
    ref, cur = rng.integers(0, 2, 300).astype(float), rng.integers(0, 2, 250).astype(float)
    ours = api.drift_metrics(reference=ref.tolist(), current=cur.tolist(), kind="numeric", options={"preset": "evidently"})
    _compare(ours["metrics"]["z"], _theirs(st.z_stat_test, ref, cur, ColumnType.Numerical), "z")
    assert ours["headline"]["metric"] == "z"


def test_report_with_evidently_preset_matches_per_column():
    rng = np.random.default_rng(11)
    n_ref, n_cur = 2500, 2000

    def table(n, shift):
        rows = ["num,cat"]
        for _ in range(n):
            rows.append(f"{rng.normal(shift, 1):.6f},{rng.choice(list('pqr'), p=[0.5, 0.3 + shift / 10, 0.2 - shift / 10])}")
        return ("\n".join(rows) + "\n").encode()

    ref_bytes, cur_bytes = table(n_ref, 0), table(n_cur, 0.5)
    report = api.drift_report(reference=ref_bytes, current=cur_bytes, options={"preset": "evidently"})
    ref = pd.read_csv(__import__("io").BytesIO(ref_bytes))
    cur = pd.read_csv(__import__("io").BytesIO(cur_bytes))
    by = {c["name"]: c for c in report["columns"]}
    _compare(by["num"]["headline"], _theirs(st.wasserstein_stat_test, ref["num"], cur["num"], ColumnType.Numerical), "num")
    _compare(by["cat"]["headline"], _theirs(st.jensenshannon_stat_test, ref["cat"], cur["cat"], ColumnType.Categorical), "cat")
