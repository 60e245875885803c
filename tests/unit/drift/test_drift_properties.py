"""Properties every drift metric must have, checked with hypothesis on arbitrary samples."""

import math

import numpy as np
import pytest
from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st

from evaluator import api
from evaluator.drift import metrics as m

finite = st.floats(min_value=-1e6, max_value=1e6, allow_nan=False, allow_infinity=False, width=64)
# Values on a coarse grid produce ties, which are where CDF code usually goes wrong.
gridded = st.integers(min_value=-20, max_value=20).map(float)
values = st.one_of(finite, gridded)
sample = st.lists(values, min_size=2, max_size=60)
SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])

DISTANCES = ("psi", "kl", "js", "hellinger", "wasserstein", "wasserstein_norm")


def run(ref, cur, **options):
    return api.drift_metrics(reference=list(ref), current=list(cur), kind="numeric", options=options or None)


@SETTINGS
@given(sample)
def test_identical_samples_give_zero_distance_and_no_drift(xs):
    got = run(xs, xs)
    for name in DISTANCES:
        assert got["metrics"][name]["value"] == 0.0, name
    assert got["metrics"]["ks"]["statistic"] == 0.0
    assert got["metrics"]["ks"]["p_value"] == 1.0
    assert got["headline"]["drifted"] is False


@SETTINGS
@given(sample, sample)
def test_metrics_are_non_negative_and_bounded(xs, ys):
    got = run(xs, ys)["metrics"]
    for name in DISTANCES:
        value = got[name]["value"]
        assert value is None or value >= 0, name
    assert 0 <= got["js"]["value"] <= math.sqrt(math.log(2)) + 1e-12
    assert 0 <= got["hellinger"]["value"] <= 1 + 1e-12
    assert 0 <= got["ks"]["statistic"] <= 1
    assert 0 <= got["ks"]["p_value"] <= 1


@SETTINGS
@given(sample, sample)
def test_sample_level_metrics_are_symmetric(xs, ys):
    a, b = run(xs, ys)["metrics"], run(ys, xs)["metrics"]
    assert a["wasserstein"]["value"] == pytest.approx(b["wasserstein"]["value"], rel=1e-12, abs=1e-9)
    assert a["ks"]["statistic"] == pytest.approx(b["ks"]["statistic"], rel=1e-12)


shares = st.lists(st.floats(min_value=0, max_value=1), min_size=2, max_size=12).filter(lambda v: sum(v) > 0.01)


@SETTINGS
@given(st.data())
def test_share_metrics_symmetry_and_zero(data):
    p = np.array(data.draw(shares))
    q = np.array(data.draw(st.lists(st.floats(min_value=0, max_value=1), min_size=p.size, max_size=p.size).filter(lambda v: sum(v) > 0.01)))
    p, q = p / p.sum(), q / q.sum()
    ps, qs = m.smooth(p, 1e-4), m.smooth(q, 1e-4)
    assert m.psi(ps, qs) == pytest.approx(m.psi(qs, ps), rel=1e-12, abs=1e-15)
    assert m.js_divergence(p, q) == pytest.approx(m.js_divergence(q, p), rel=1e-12, abs=1e-15)
    assert m.hellinger(p, q) == pytest.approx(m.hellinger(q, p), rel=1e-12, abs=1e-15)
    assert m.psi(ps, qs) >= 0 and m.kl(ps, qs) >= -1e-15 and m.js_divergence(p, q) >= 0
    assert m.psi(ps, ps) == 0 and m.kl(ps, ps) == 0 and m.hellinger(p, p) == 0
    assert abs(ps.sum() - 1) < 1e-12


@SETTINGS
@given(st.lists(finite, min_size=2, max_size=50), st.floats(min_value=-1e5, max_value=1e5, allow_nan=False))
def test_wasserstein_of_a_shift_is_the_shift(xs, c):
    x = np.array(xs)
    y = x + c
    assume(np.all(np.isfinite(y)))
    got = run(x, y)["metrics"]["wasserstein"]["value"]
    # y - x is c up to the rounding of each addition
    assert got == pytest.approx(abs(np.mean(y - x)), rel=1e-9, abs=1e-9 * (1 + np.abs(x).max()))


@SETTINGS
@given(sample, sample)
@example(xs=[0.0, 7.689366844980514e-160], ys=[0.0, 0.0])  # numpy.std underflows here
def test_doubling_both_samples(xs, ys):
    """x2 is exact in floating point: W1 doubles; KS, the normalised W1 and every binned metric stay."""
    a = run(xs, ys)
    b = run([2 * v for v in xs], [2 * v for v in ys])
    assert b["metrics"]["wasserstein"]["value"] == pytest.approx(2 * a["metrics"]["wasserstein"]["value"], rel=1e-12, abs=1e-300)
    assert b["metrics"]["ks"]["statistic"] == a["metrics"]["ks"]["statistic"]
    for name in ("psi", "kl", "js", "hellinger"):
        assert b["metrics"][name]["value"] == pytest.approx(a["metrics"][name]["value"], rel=1e-12, abs=1e-15), name
    na, nb = a["metrics"]["wasserstein_norm"]["value"], b["metrics"]["wasserstein_norm"]["value"]
    # a subnormal difference can round W1 to 0 on one side only (then a constant reference reads 0, not "no scale")
    tiny = any(0 < abs(v) < 1e-300 for v in xs + ys)
    if na is not None and not tiny:
        assert nb == pytest.approx(na, rel=1e-9)


@SETTINGS
@given(sample, sample, st.floats(min_value=-100, max_value=100, allow_nan=False))
def test_shifting_both_samples_changes_nothing_but_rounding(xs, ys, c):
    a = run(xs, ys)["metrics"]
    b = run([v + c for v in xs], [v + c for v in ys])["metrics"]
    scale = 1 + max(map(abs, xs + ys))
    assert b["wasserstein"]["value"] == pytest.approx(a["wasserstein"]["value"], abs=1e-9 * scale * (len(xs) + len(ys)))


@SETTINGS
@given(st.lists(st.sampled_from("abcde"), min_size=2, max_size=80), st.lists(st.sampled_from("abcdef"), min_size=2, max_size=80))
def test_categorical_properties(xs, ys):
    a = api.drift_metrics(reference=xs, current=ys, kind="categorical")
    same = api.drift_metrics(reference=xs, current=xs, kind="categorical")
    for name in ("psi", "kl", "js", "hellinger"):
        assert same["metrics"][name]["value"] == 0.0
        assert a["metrics"][name]["value"] >= 0
    assert same["metrics"]["chi_square"]["p_value"] == pytest.approx(1.0)
    hist = a["histogram"]
    assert sorted(hist["categories"]) == sorted(set(xs) | set(ys))
    assert set(hist["unseen_in_reference"]) == set(ys) - set(xs)
    assert sum(hist["reference_counts"]) == len(xs) and sum(hist["current_counts"]) == len(ys)
    b = api.drift_metrics(reference=ys, current=xs, kind="categorical")
    assert b["metrics"]["js"]["value"] == pytest.approx(a["metrics"]["js"]["value"], rel=1e-12, abs=1e-15)
    assert b["metrics"]["chi_square"]["statistic"] == pytest.approx(a["metrics"]["chi_square"]["statistic"], rel=1e-9, abs=1e-12)


# --- point masses ------------------------------------------------------------------------------

# Samples with heavy ties: a few repeated values plus some spread, so that point masses and gaps occur.
tied = st.lists(st.one_of(st.sampled_from([0.0, 1.0, 5.0, 100.0]), finite), min_size=2, max_size=80)


@SETTINGS
@given(tied, tied, st.integers(min_value=2, max_value=20))
def test_point_masses_keep_their_own_bins(xs, ys, bins):
    got = run(xs, ys, binning={"bins": bins})
    hist = got["histogram"]
    if hist["kind"] != "bins":  # five or fewer distinct values: compared as categories
        return
    ref, cur = np.array(xs), np.array(ys)
    values, counts = np.unique(ref, return_counts=True)
    masses = values[counts * bins >= ref.size]
    assert hist["point_masses"] == masses.tolist()
    inner = np.array(hist["edges"][1:-1])
    full = np.concatenate(([-np.inf], inner, [np.inf]))
    for i, is_point in enumerate(hist["point"]):
        lo, hi = full[i], full[i + 1]
        if is_point:  # the bin [v, next float) holds exactly v
            assert lo in masses and hi == np.nextafter(lo, np.inf)
            assert hist["reference_counts"][i] == int(np.sum(ref == lo))
            assert hist["current_counts"][i] == int(np.sum(cur == lo))
    # counts are those of [a, b) bins on these edges (outer bins open), nothing dropped
    for sample, key in ((ref, "reference_counts"), (cur, "current_counts")):
        expected = [int(np.sum((sample >= lo) & (sample < hi))) for lo, hi in zip(full[:-1], full[1:])]
        assert hist[key] == expected
        assert sum(hist[key]) == sample.size
    # a bin empty in the reference is never a point mass and always borders one (or holds what the
    # reference never had beside one); every other bin holds reference values
    point = hist["point"]
    for i, count in enumerate(hist["reference_counts"]):
        if count == 0:
            assert not point[i]
            assert (i > 0 and point[i - 1]) or (i + 1 < len(point) and point[i + 1])


@SETTINGS
@given(st.floats(min_value=-1e6, max_value=1e6, allow_nan=False), st.lists(finite, min_size=6, max_size=60, unique=True))
def test_a_constant_reference_sees_a_current_that_moves_away(value, ys):
    """The issue's case: quantile edges of a constant reference collapse into one bin, so PSI, KL,
    JS and Hellinger read 0 while KS flags the change. Its point mass keeps a bin of its own."""
    assume(value not in ys)
    xs = [value] * 50
    got = run(xs, ys)["metrics"]
    for name in ("psi", "kl", "js", "hellinger"):
        assert got[name]["drifted"] is True, name
    assert got["psi"]["value"] > 5  # every current value is where the reference had none
