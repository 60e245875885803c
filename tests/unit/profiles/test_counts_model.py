"""Bucket-mode columns compared from their counts (`profiles.model`), O(buckets) per column: the
model places the values the rebuild placed, its W1 and KS are the integrals and suprema of its
piecewise-linear CDFs (checked against scipy on a fine expansion), no value is rebuilt, and large
profiles are compared at their true sizes."""

from __future__ import annotations

import numpy as np
import pytest
from scipy import stats

from evaluator.drift import resolve
from evaluator.profiles import compare as cmp
from evaluator.profiles import format as fmt
from evaluator.profiles import model, profile_table
from evaluator.profiles.compare import Side, compare_profiles
from evaluator.tables import Column, Table

from .accuracy import generated_columns, simulated_profile
from .test_bounds import _tables


def _side(values: np.ndarray) -> Side:
    col = profile_table(Table("t.csv", {"x": Column("x", numeric=values)}, values.size, ",", "utf-8", []))["columns"][0]
    assert col["mode"] == "bucket"
    return Side(col)


def _draws():
    rng = np.random.default_rng(41)
    yield "lognormal", rng.lognormal(2, 1, 20_000)
    yield "normal", rng.normal(0, 5, 20_000)
    yield "cents between 1 and 2", np.round(rng.uniform(1, 2, 20_000), 2)  # one or two cents a bucket: atoms
    yield "whole, small", rng.integers(-3000, 3000, 20_000).astype(np.float64)  # up to 16 integers a bucket: atoms


@pytest.mark.parametrize("name, values", list(_draws()), ids=lambda x: x if isinstance(x, str) else "")
def test_the_model_places_the_values_the_rebuild_placed(name, values, monkeypatch):
    monkeypatch.setattr(fmt, "EXACT_MAX_NUMERIC", 0)
    side = _side(values)
    sample = model.BucketSample(side)
    assert sample.n == values.size
    placed = sample.value_at(np.arange(sample.n))
    rebuilt = side.values()
    assert np.all(np.diff(placed) >= 0)
    # the rebuild puts one value on the exact minimum and maximum; the model cuts the end buckets there
    first_bucket = rebuilt < side.hi[np.argmax(side.counts > 0)]
    last_bucket = rebuilt > side.lo[len(side.counts) - 1 - np.argmax(side.counts[::-1] > 0)]
    inner = ~first_bucket & ~last_bucket
    assert inner.sum() > 0.9 * values.size
    assert np.array_equal(placed[inner], rebuilt[inner]), name


def _fine_expansion(sample: model.BucketSample, k: int) -> tuple[np.ndarray, np.ndarray]:
    """Points and weights: each atom itself, each spread item as k equal points across it."""
    atom = sample.width == 0
    j = (np.arange(k) + 0.5) / k
    pts = np.concatenate((sample.start[atom], (sample.start[~atom, None] + sample.width[~atom, None] * j).ravel()))
    wts = np.concatenate((sample.count[atom], np.repeat(sample.count[~atom] / k, k)))
    return pts, wts


def _weighted_ks(a, wa, b, wb) -> float:
    grid = np.unique(np.concatenate((a, b)))
    fa = np.array([wa[a <= x].sum() for x in grid]) / wa.sum()
    fb = np.array([wb[b <= x].sum() for x in grid]) / wb.sum()
    return float(np.max(np.abs(fa - fb)))


@pytest.mark.parametrize("seed", range(4))
def test_w1_and_ks_are_those_of_the_piecewise_linear_cdfs(seed, monkeypatch):
    monkeypatch.setattr(fmt, "EXACT_MAX_NUMERIC", 0)  # small columns in bucket mode: few buckets, a quick check
    rng = np.random.default_rng(seed)
    ref = np.round(rng.lognormal(0, 0.6, 400), int(rng.integers(1, 4)))
    cur = rng.lognormal(0.1 * seed, 0.6, 300)  # continuous: spread buckets
    r, c = model.BucketSample(_side(ref)), model.BucketSample(_side(cur))
    got = model.cdf_metrics(r, c)
    k = 400
    (a, wa), (b, wb) = _fine_expansion(r, k), _fine_expansion(c, k)
    w_fine = stats.wasserstein_distance(a, b, wa, wb)
    spread = sum(float(np.sum(s.count[s.width > 0] / s.n * s.width[s.width > 0])) for s in (r, c))
    assert abs(got["wasserstein"] - w_fine) <= spread / k + 1e-12
    # each fine point holds at most 1/k of a spread item's share: the suprema differ by no more
    step = max(float(np.max(s.count[s.width > 0], initial=0)) / s.n for s in (r, c)) / k
    assert abs(got["ks_statistic"] - _weighted_ks(a, wa, b, wb)) <= step + 1e-12


def test_bucket_columns_are_not_rebuilt(monkeypatch):
    def no_rebuild(self):
        raise AssertionError("values rebuilt")

    monkeypatch.setattr(Side, "values", no_rebuild)
    options = resolve({})
    for name, ref, cur in generated_columns(seed=4)[:5]:
        r, c = _tables(name, ref, cur)
        entry = compare_profiles(profile_table(r), profile_table(c), options)["columns"][0]
        assert entry["profile"]["reference"] == "bucket" and entry["metrics"]["ks"]["method"] == "asymptotic"


def test_large_profiles_are_compared_at_their_true_sizes(monkeypatch):
    monkeypatch.setattr(cmp, "SCALE_LIMIT", 50_000)  # as if 10**6 rows were past the rebuild's limit
    rng = np.random.default_rng(5)
    ref = simulated_profile("lognormal", 10**6, rng)
    cur = simulated_profile("lognormal", 2 * 10**6, rng)
    entry = compare_profiles(ref, cur, resolve({}))["columns"][0]
    assert entry["profile"]["scaled_to"] is None
    assert entry["counts"]["reference"]["used"] == 10**6 and entry["counts"]["current"]["used"] == 2 * 10**6
    ks = entry["metrics"]["ks"]
    assert ks["error_bound"] is not None and ks["p_value_interval"][0] <= ks["value"] <= ks["p_value_interval"][1]
    assert sum(entry["histogram"]["reference_counts"]) == 10**6
    assert "n_ref" not in entry["headline"]["reason"] and "1000000 reference and 2000000 current values" in entry["headline"]["reason"]


def test_identifiers_are_found_from_counts():
    from evaluator.drift.report import build_report

    rng = np.random.default_rng(6)
    ids = rng.permutation(np.arange(1, 20_001, dtype=np.float64))
    for name, ref, cur in (("user_id", ids, ids + 5), ("counter", np.arange(20_000.0), np.arange(20_000.0) + 3),
                           ("amount", ids, ids + 5)):  # all distinct, but neither an id-like name nor counting up
        other = rng.normal(0, 1, ref.size)
        r = Table("ref.csv", {name: Column(name, numeric=ref), "x": Column("x", numeric=other)}, ref.size, ",", "utf-8", [])
        c = Table("cur.csv", {name: Column(name, numeric=cur), "x": Column("x", numeric=other + 0.1)}, cur.size, ",", "utf-8", [])
        raw = build_report(r, c, resolve({}))
        prof = compare_profiles(profile_table(r), profile_table(c), resolve({}))
        assert [s["reason"] for s in prof["skipped"]] == [s["reason"] for s in raw["skipped"]], name
        assert len(prof["skipped"]) == (name != "amount"), name


def test_the_top_of_the_p_value_interval_is_1_only_where_the_p_value_is_that_close():
    from evaluator.drift.smirnov import DURBIN_MAX_N

    checked = 0
    for n in (cmp.DURBIN_UPPER_MIN_N, 13_001, 30_000, DURBIN_MAX_N):
        for share in (0.05, 0.3, 0.7, 1.0):
            d = share * (1.4 / n) ** (2 / 3)  # n d^1.5 <= 1.4: Durbin's region, where the interval's top is taken as 1
            if n * d > 1:
                assert 1 - stats.kstwo.sf(d, n) <= 5e-7, (n, d)
                checked += 1
    assert checked >= 12


def test_text_columns_are_compared_from_their_counts(monkeypatch):
    from evaluator.drift.report import build_report

    rng = np.random.default_rng(8)
    plans = np.array(["basic", "plus", "pro", "team"])
    ref = plans[rng.choice(4, 20_000, p=[0.4, 0.3, 0.2, 0.1])].tolist()
    cur = plans[rng.choice(4, 15_000, p=[0.3, 0.3, 0.3, 0.1])].tolist()
    yes = rng.choice(["yes", "no", "Y"], 20_000).tolist()
    tables = [Table(f"{w}.csv", {"plan": Column("plan", text=p), "ok": Column("ok", text=y)}, len(p), ",", "utf-8", [])
              for w, p, y in (("ref", ref, yes), ("cur", cur, yes[:15_000]))]
    raw = build_report(*tables, resolve({}))
    profiles = [profile_table(t) for t in tables]

    def expanded(self):
        raise AssertionError("text values rebuilt")

    monkeypatch.setattr(cmp.CountedText, "text", property(expanded, lambda self, v: None))
    prof = compare_profiles(*profiles, resolve({}))
    assert prof["columns"] == raw["columns"]


def test_the_lab_loads_each_dropped_profile_once(monkeypatch):
    from evaluator import api
    from evaluator.lab import inputs
    from evaluator.profiles import dumps

    calls = []
    real = inputs.loads
    monkeypatch.setattr(inputs, "loads", lambda data, name: calls.append(name) or real(data, name))
    monkeypatch.setattr(inputs, "_LOADED", {})
    rng = np.random.default_rng(9)
    r, c = _tables("x", rng.normal(0, 1, 5000), rng.normal(0.1, 1, 5000))
    ref, cur = dumps(profile_table(r)), dumps(profile_table(c))
    for data, name in ((ref, "ref.profile.json.gz"), (cur, "cur.profile.json.gz")):
        assert api.drift_lab_inspect(data, name)["kind"] == "profile"
    api.drift_lab(ref, cur, reference_name="ref.profile.json.gz", current_name="cur.profile.json.gz")
    assert calls == ["ref.profile.json.gz", "cur.profile.json.gz"]
    api.drift_lab_inspect(bytes(cur), "cur.profile.json.gz")  # the same bytes: still one load
    other = dumps(profile_table(_tables("x", rng.normal(0, 1, 5000), rng.normal(0, 1, 5000))[1]))
    api.drift_lab_inspect(other, "cur.profile.json.gz")  # other bytes under the same name: loaded again
    assert calls == ["ref.profile.json.gz", "cur.profile.json.gz", "cur.profile.json.gz"]
    assert len(inputs._LOADED) <= inputs._LOADED_MAX


@pytest.mark.parametrize("options", [{"binning": {"method": "equal-width"}}, {"binning": {"method": "edges", "edges": [-1, 0, 0.5, 1, 2, 10]}},
                                     {"binning": {"bins": 20}}, {"log_base": 2}], ids=["equal-width", "edges", "20 bins", "bits"])
def test_every_binning_holds_its_bounds_from_counts(options):
    from .test_bounds import compare

    resolved = resolve(options)
    for name, ref, cur in generated_columns(seed=5)[:8]:
        raw, prof = compare(name, ref, cur, resolved)
        assert prof["metrics"]["ks"]["method"] == "asymptotic" and prof["profile"]["scaled_to"] is None
        assert raw["headline"]["drifted"] == prof["headline"]["drifted"], name
        assert raw["histogram"]["edges"][1:-1] == pytest.approx(prof["histogram"]["edges"][1:-1], rel=0.01, abs=1e-9) \
            or options.get("binning", {}).get("method") is None, name
        for metric, entry in prof["metrics"].items():
            a, b, bound = raw["metrics"][metric]["value"], entry["value"], entry.get("error_bound")
            if bound is not None and a is not None and b is not None:
                assert abs(a - b) <= bound * (1 + 1e-9) + 1e-15, (name, metric, a, b, bound)
