"""The drift metrics against scipy/numpy's own functions, to 1e-12 relative, where the definition is the same.

Expected values come from scipy (wasserstein_distance, ks_2samp, chi2_contingency, entropy,
jensenshannon) and numpy (quantile, histogram) on the same data, never from our code.
"""

import math

import numpy as np
import pytest
from scipy import stats
from scipy.spatial import distance

from evaluator import api

REL = 1e-12


def _samples(kind: str, rng: np.random.Generator):
    if kind == "continuous":
        return rng.normal(0, 1, 700), rng.normal(0.3, 1.2, 450)
    if kind == "ties":
        return rng.integers(0, 30, 800).astype(float), rng.integers(2, 33, 555).astype(float)
    if kind == "tiny":
        return rng.normal(0, 1, 7), rng.normal(0.5, 1, 4)
    if kind == "tiny-ties":
        return np.array([1.0, 2, 2, 3, 3, 3, 9, 10]), np.array([2.0, 3, 3, 11, 12, 13])
    if kind == "large":  # above 10,000: scipy's asymptotic KS p-value
        return rng.normal(0, 1, 30_000), rng.normal(0.02, 1, 24_000)
    if kind == "large-ties":
        return np.round(rng.normal(0, 3, 20_001)), np.round(rng.normal(0.1, 3, 12_345))
    if kind == "skewed":
        return rng.lognormal(0, 2, 2_000), rng.lognormal(0.1, 2, 3_000)
    raise AssertionError(kind)


KINDS = ["continuous", "ties", "tiny", "tiny-ties", "large", "large-ties", "skewed"]


def _metrics(ref, cur, **options):
    return api.drift_metrics(reference=list(map(float, ref)), current=list(map(float, cur)), kind="numeric", options=options or None)


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("seed", [0, 1])
def test_wasserstein_and_ks_match_scipy(kind, seed):
    ref, cur = _samples(kind, np.random.default_rng(seed))
    got = _metrics(ref, cur)["metrics"]
    w = stats.wasserstein_distance(ref, cur)
    assert got["wasserstein"]["value"] == pytest.approx(w, rel=REL, abs=0)
    assert got["wasserstein_norm"]["value"] == pytest.approx(w / np.std(ref), rel=REL)
    ks = stats.ks_2samp(ref, cur)
    assert got["ks"]["statistic"] == pytest.approx(ks.statistic, rel=REL, abs=0)
    assert got["ks"]["p_value"] == pytest.approx(ks.pvalue, rel=REL, abs=1e-300)
    assert got["ks"]["value"] == got["ks"]["p_value"]
    assert got["ks"]["drifted"] == (ks.pvalue < got["ks"]["threshold"] == 0.002)


def _reference_binning(ref, cur, bins):
    """Quantile edges with numpy, plus a bin [v, next float) for every value holding at least
    1/bins of the reference (counted with np.unique); counts with np.histogram over the data's
    whole range."""
    edges = np.quantile(ref, np.arange(1, bins) / bins)
    values, counts = np.unique(ref, return_counts=True)
    masses = values[counts * bins >= ref.size]
    edges = np.unique(np.concatenate([edges, masses, np.nextafter(masses, np.inf)]))
    lo, hi = min(ref.min(), cur.min()), max(ref.max(), cur.max())
    full = np.concatenate(([lo], edges, [hi]))
    # np.histogram closes its last bin; our last bin is open, so values equal to hi agree.
    p = np.histogram(ref, full)[0]
    q = np.histogram(cur, full)[0]
    return full, p, q


@pytest.mark.parametrize(("kind", "bins"), [(k, b) for k in ["continuous", "skewed", "large", "ties"] for b in [4, 10, 25]
                                             if (k, b) != ("ties", 25)])  # ties at 25 bins merge bins: see the properties
def test_binned_metrics_match_scipy_on_numpy_bins(kind, bins):
    ref, cur = _samples(kind, np.random.default_rng(5))
    got = _metrics(ref, cur, binning={"bins": bins})
    full, p_counts, q_counts = _reference_binning(ref, cur, bins)
    hist = got["histogram"]
    assert np.all(p_counts > 0), "test data must not leave a quantile bin empty (merging is checked apart)"
    assert hist["edges"] == pytest.approx(full.tolist(), rel=0, abs=0)
    assert hist["reference_counts"] == p_counts.tolist()
    assert hist["current_counts"] == q_counts.tolist()
    p, q = p_counts / p_counts.sum(), q_counts / q_counts.sum()
    eps = 1e-4
    ps = np.where(p == 0, eps, p)
    ps = ps / ps.sum()
    qs = np.where(q == 0, eps, q)
    qs = qs / qs.sum()
    m = got["metrics"]
    assert m["kl"]["value"] == pytest.approx(stats.entropy(ps, qs), rel=REL)
    assert m["js"]["value"] == pytest.approx(distance.jensenshannon(p, q), rel=REL)
    assert m["js"]["divergence"] == pytest.approx(distance.jensenshannon(p, q) ** 2, rel=1e-11)
    assert m["psi"]["value"] == pytest.approx(float(np.sum((qs - ps) * np.log(qs / ps))), rel=REL)
    hell = math.sqrt(max(0.0, 1 - float(np.sum(np.sqrt(p * q)))))
    assert m["hellinger"]["value"] == pytest.approx(hell, rel=1e-9)


def test_bits_divide_by_ln2_and_match_scipy_base_2():
    ref, cur = _samples("continuous", np.random.default_rng(3))
    nats = _metrics(ref, cur)["metrics"]
    bits = _metrics(ref, cur, log_base=2)["metrics"]
    p = np.array(bits["kl"]["value"])
    assert bits["kl"]["unit"] == "bits" and nats["kl"]["unit"] == "nats"
    assert float(p) == pytest.approx(nats["kl"]["value"] / math.log(2), rel=REL)
    hist = _metrics(ref, cur)["histogram"]
    pc, qc = np.array(hist["reference_counts"]), np.array(hist["current_counts"])
    assert bits["js"]["value"] == pytest.approx(distance.jensenshannon(pc / pc.sum(), qc / qc.sum(), base=2), rel=REL)


def test_equal_width_and_user_edges_bins_match_numpy_histogram():
    rng = np.random.default_rng(11)
    ref, cur = rng.normal(0, 1, 1000), rng.normal(0.5, 1.5, 800)
    got = _metrics(ref, cur, binning={"method": "equal-width", "bins": 8})["histogram"]
    inner = np.linspace(ref.min(), ref.max(), 9)[1:-1]
    full = np.concatenate(([min(ref.min(), cur.min())], inner, [max(ref.max(), cur.max())]))
    assert got["reference_counts"] == np.histogram(ref, full)[0].tolist()
    assert got["current_counts"] == np.histogram(cur, full)[0].tolist()
    edges = [-1.0, 0.0, 0.5, 2.0]
    got = _metrics(ref, cur, binning={"method": "edges", "edges": edges})["histogram"]
    full = np.array([min(ref.min(), cur.min()), *edges, max(ref.max(), cur.max())])
    assert got["current_counts"] == np.histogram(cur, full)[0].tolist()
    assert sum(got["current_counts"]) == cur.size  # open outer bins: nothing dropped


@pytest.mark.parametrize("seed", range(4))
def test_categorical_metrics_match_scipy(seed):
    rng = np.random.default_rng(seed)
    cats = list("abcdefg")
    ref = rng.choice(cats[:6], size=int(rng.integers(8, 900)), p=[0.3, 0.2, 0.2, 0.1, 0.1, 0.1]).tolist()
    cur = rng.choice(cats, size=int(rng.integers(8, 900))).tolist()
    got = api.drift_metrics(reference=ref, current=cur, kind="categorical")
    hist = got["histogram"]
    keys = hist["categories"]
    p_counts = np.array([ref.count(k) for k in keys])
    q_counts = np.array([cur.count(k) for k in keys])
    assert hist["reference_counts"] == p_counts.tolist() and hist["current_counts"] == q_counts.tolist()
    chi = stats.chi2_contingency(np.vstack([p_counts, q_counts]), correction=False)
    m = got["metrics"]
    assert m["chi_square"]["statistic"] == pytest.approx(chi.statistic, rel=REL)
    # below 5 expected the p-value is simulated; the chi-square distribution's is kept beside it
    asymptotic = m["chi_square"].get("p_value_asymptotic", m["chi_square"]["p_value"])
    assert (m["chi_square"]["min_expected"] < 5) == ("p_value_asymptotic" in m["chi_square"])
    assert asymptotic == pytest.approx(chi.pvalue, rel=1e-11, abs=1e-300)
    assert m["chi_square"]["dof"] == chi.dof
    p, q = p_counts / p_counts.sum(), q_counts / q_counts.sum()
    assert m["js"]["value"] == pytest.approx(distance.jensenshannon(p, q), rel=REL)
    ps = np.where(p == 0, 1e-4, p)
    ps /= ps.sum()
    qs = np.where(q == 0, 1e-4, q)
    qs /= qs.sum()
    assert m["kl"]["value"] == pytest.approx(stats.entropy(ps, qs), rel=REL)
    if "g" in cur and "g" not in ref:
        assert "g" in hist["unseen_in_reference"]


def test_binary_chi_square_equals_the_two_proportion_z_test():
    rng = np.random.default_rng(2)
    ref = rng.choice(["yes", "no"], 500, p=[0.3, 0.7]).tolist()
    cur = rng.choice(["yes", "no"], 400, p=[0.4, 0.6]).tolist()
    got = api.drift_metrics(reference=ref, current=cur, kind="categorical")["metrics"]["chi_square"]
    n1, n2 = len(ref), len(cur)
    p1, p2 = ref.count("yes") / n1, cur.count("yes") / n2
    pooled = (ref.count("yes") + cur.count("yes")) / (n1 + n2)
    z = (p1 - p2) / math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2))
    assert got["statistic"] == pytest.approx(z * z, rel=1e-10)
    assert got["p_value"] == pytest.approx(2 * stats.norm.sf(abs(z)), rel=1e-9)


def test_point_masses_keep_their_bins_and_the_gaps_between_them_merge():
    ref = np.array([0.0] * 50 + [10.0] * 50)
    cur = np.linspace(-1, 11, 40)
    got = _metrics(ref, cur, binning={"bins": 10})["histogram"]
    # 0 and 10 each hold half the reference: a bin each; the values below, between and above them,
    # which the reference never had, are one bin per gap (empty in the reference, so PSI sees them)
    assert got["edges"][1:-1] == [0.0, float(np.nextafter(0.0, 1)), 10.0, float(np.nextafter(10.0, 11))]
    assert got["point"] == [False, True, False, True, False]
    assert got["point_masses"] == [0.0, 10.0]
    assert got["reference_counts"] == [0, 50, 0, 50, 0]
    assert got["current_counts"] == np.histogram(cur, [-1, 0, 1e-300, 10, 10.000001, 11])[0].tolist()
    assert got["labels"] == ["< 0", "0", "(0, 10)", "10", "> 10"]


def test_empty_reference_bins_without_point_masses_are_merged():
    rng = np.random.default_rng(0)
    # 9% of the reference at 5 (below 1/10: no bin of its own) makes equal quantiles around it
    ref = np.concatenate([rng.uniform(0, 5, 455), np.full(90, 5.0), rng.uniform(5.5, 10, 455)])
    cur = rng.uniform(0, 10, 500)
    got = _metrics(ref, cur, binning={"bins": 10})["histogram"]
    assert got["point_masses"] == [] and not any(got["point"])
    assert all(c > 0 for c in got["reference_counts"])
    assert sum(got["reference_counts"]) == ref.size and sum(got["current_counts"]) == cur.size


def test_values_outside_the_reference_range_are_counted_in_the_outer_bins():
    ref = np.arange(100, dtype=float)
    cur = np.array([-1000.0, 1e9] + list(range(20)))
    got = _metrics(ref, cur)["histogram"]
    assert sum(got["current_counts"]) == cur.size
    assert got["current_counts"][0] >= 1 and got["current_counts"][-1] >= 1
    assert got["edges"][0] == -1000.0 and got["edges"][-1] == 1e9


@pytest.mark.parametrize("block", [1, 3, 64])
@pytest.mark.parametrize("kind", ["continuous", "ties", "tiny-ties", "large-ties"])
def test_the_blockwise_merge_gives_scipys_values_whatever_the_block_size(monkeypatch, block, kind):
    from evaluator.drift import metrics

    monkeypatch.setattr(metrics, "CDF_BLOCK", block)
    ref, cur = _samples(kind, np.random.default_rng(7))
    got = _metrics(ref, cur)
    assert got["metrics"]["wasserstein"]["value"] == pytest.approx(stats.wasserstein_distance(ref, cur), rel=1e-12)
    assert got["metrics"]["ks"]["statistic"] == pytest.approx(stats.ks_2samp(ref, cur).statistic, rel=1e-15)
    assert got["distinct_values"] == np.unique(np.concatenate([ref, cur])).size
