"""The faster forms of the drift engine's hot loops give the same bits as the plain forms they
replaced (written out here): the KS/Wasserstein merge, Smirnov's sum in blocks, the standard
deviation in one scaled copy."""

from __future__ import annotations

import math

import numpy as np
import pytest

from evaluator.drift import metrics as m
from evaluator.drift import smirnov


def _plain_cdf(s: m.Sorted) -> dict:
    """The merge as first written: a cumulative sum of which sample each merged value came from."""
    r, c = s.ref, s.cur
    n1, n2 = r.size, c.size
    cuts = np.unique(np.concatenate((r[:: m.CDF_BLOCK], c[:: m.CDF_BLOCK])))
    r_at = np.append(np.searchsorted(r, cuts, "left"), n1)
    c_at = np.append(np.searchsorted(c, cuts, "left"), n2)
    w1, d_max, d_min, distinct = 0.0, -np.inf, np.inf, 0
    for i in range(cuts.size):
        rs, cs = r[r_at[i] : r_at[i + 1]], c[c_at[i] : c_at[i + 1]]
        both = np.concatenate((rs, cs))
        order = np.argsort(both, kind="stable")
        merged = both[order]
        count_ref = np.cumsum(order < rs.size)
        last = np.append(merged[1:] != merged[:-1], True)
        values = merged[last]
        count_ref = count_ref[last]
        count_cur = np.flatnonzero(last) + 1 - count_ref
        diff = (r_at[i] + count_ref) / n1
        diff -= (c_at[i] + count_cur) / n2
        d_max, d_min = max(d_max, float(diff.max())), min(d_min, float(diff.min()))
        distinct += values.size
        following = [a[at] for a, at in ((r, r_at[i + 1]), (c, c_at[i + 1])) if at < a.size]
        steps = np.diff(values, append=min(following) if following else values[-1])
        np.abs(diff, out=diff)
        w1 += float(np.sum(diff * steps))
    return {"wasserstein": w1, "ks_statistic": float(max(min(max(-d_min, 0.0), 1.0), d_max)), "distinct": distinct}


def _plain_smirnov(n: int, x: float) -> float:
    t = n * x
    v = np.arange(1, int(math.floor(n * (1 - x))) + 1, dtype=np.float64)
    w = n - v
    keep = w > t
    v, w = v[keep], w[keep]
    log_terms = np.log(x * n) - np.log(t + v)
    log_terms += float(smirnov._stirling_error(np.array([float(n)]))[0])
    log_terms -= smirnov._stirling_error(v)
    log_terms -= smirnov._stirling_error(w)
    log_terms -= t - v * np.log1p(t / v)
    log_terms -= -w * np.log1p(-t / w) - t
    log_terms += 0.5 * (math.log(n) - smirnov._LOG_2PI - np.log(v) - np.log(w))
    first = n * math.log1p(-x)
    top = max(first, float(log_terms.max()))
    log_terms -= top
    return math.exp(top + math.log(math.exp(first - top) + float(np.sum(np.exp(log_terms)))))


def _samples(rng, trial):
    n1, n2 = (int(k) for k in rng.integers(2, 150_000, 2))
    kind = trial % 4
    if kind == 0:
        return rng.normal(size=n1), rng.normal(0.05, 1, n2)
    if kind == 1:  # heavy ties, runs of one sample across block edges
        return rng.integers(0, 30, n1).astype(float), rng.integers(0, 31, n2).astype(float)
    if kind == 2:
        return np.round(rng.normal(size=n1), 1), np.round(rng.normal(0.1, 1, n2), 1)
    return np.where(rng.random(n1) < 0.3, 0.0, rng.lognormal(size=n1)), rng.lognormal(0.1, 1, n2)


def test_the_merge_gives_the_bits_of_the_cumulative_sum():
    rng = np.random.default_rng(20)
    for trial in range(40):
        s = m.Sorted.of(*_samples(rng, trial))
        assert m.cdf_metrics(s) == _plain_cdf(s)


@pytest.mark.parametrize("n", [141, 1000, 50_000, 400_000, 1_000_000])
def test_smirnov_in_blocks_gives_the_bits_of_the_whole_sum(n):
    for d in (0.001, 0.002, 0.005, 0.01, 0.03, 0.1, 0.2, 0.4):
        if 2.2 <= n * d * d < 370:
            assert smirnov.smirnov_tail(n, d) == _plain_smirnov(n, d)
    whole = 1 - 37 / 1000  # n (1 - x) a whole number: the last term is left out
    assert smirnov.smirnov_tail(1000, 37 / 1000) == _plain_smirnov(1000, 37 / 1000), whole


def test_standard_deviation_gives_the_bits_of_numpy_std():
    rng = np.random.default_rng(21)
    for trial in range(400):
        n = int(rng.integers(1, 5000))
        x = np.sort([rng.normal(size=n) * 10.0 ** int(rng.integers(-300, 300)), rng.integers(0, 5, n).astype(float),
                     rng.lognormal(0, 3, n), np.round(rng.normal(100, 15, n), 1)][trial % 4])
        e = m.scale_exponent(x)
        expected = 0.0 if e is None else math.ldexp(float(np.std(np.ldexp(x, -e))), e)
        before = x.copy()
        assert m.population_std(x) == expected
        np.testing.assert_array_equal(x, before)  # the caller's sample is left as it was


def test_quantiles_of_a_sorted_sample_give_the_bits_of_numpy_quantile():
    rng = np.random.default_rng(22)
    for trial in range(600):
        n = int(rng.integers(1, 3000)) if trial < 500 else int(rng.integers(3000, 300_000))
        x = np.sort([rng.normal(size=n), rng.integers(0, 7, n).astype(float), rng.lognormal(0, 4, n),
                     np.round(rng.normal(100, 15, n), 1)][trial % 4])
        bins = int(rng.integers(2, 40))
        qs = np.arange(1, bins) / bins
        np.testing.assert_array_equal(m.sorted_quantiles(x, qs), np.quantile(x, qs))
        assert np.array_equal(m.sorted_quantiles(x, qs).view(np.int64), np.quantile(x, qs).view(np.int64))
