"""Bucket-mode profiles: every metric within its stated error bound of the raw data's, and within
the issue's accuracy targets (|PSI diff| <= 0.005, |KS diff| <= 0.002, Wasserstein within 3%)."""

from __future__ import annotations

import numpy as np
import pytest

from evaluator.drift import resolve
from evaluator.drift.report import build_report
from evaluator.profiles import profile_table
from evaluator.profiles.compare import compare_profiles
from evaluator.tables import Column, Table

from .accuracy import generated_columns


def _tables(name, ref, cur):
    return (Table("ref.csv", {name: Column(name, numeric=ref)}, ref.size, ",", "utf-8", []),
            Table("cur.csv", {name: Column(name, numeric=cur)}, cur.size, ",", "utf-8", []))


def compare(name, ref, cur, options):
    r, c = _tables(name, ref, cur)
    raw = build_report(r, c, options)["columns"][0]
    prof = compare_profiles(profile_table(r), profile_table(c), options)["columns"][0]
    return raw, prof


@pytest.mark.parametrize("preset", ["default", "evidently"])
def test_every_bound_holds_and_the_targets_are_met(preset):
    options = resolve({"preset": preset})
    checked = agreed = columns = 0
    for name, ref, cur in generated_columns(seed=1):
        raw, prof = compare(name, ref, cur, options)
        assert "profile" in prof, name  # compared from buckets
        columns += 1
        agreed += raw["headline"]["drifted"] == prof["headline"]["drifted"]
        for metric, entry in prof["metrics"].items():
            a, b = raw["metrics"][metric]["value"], entry["value"]
            bound = entry["error_bound"]
            if bound is not None and a is not None:
                assert abs(a - b) <= bound * (1 + 1e-9) + 1e-15, (name, metric, a, b, bound)
                checked += 1
        if "psi" in raw["metrics"] and preset == "default":
            assert abs(raw["metrics"]["psi"]["value"] - prof["metrics"]["psi"]["value"]) <= 0.005, name
        d_raw = raw["metrics"]["ks"]["statistic"]
        assert abs(d_raw - prof["metrics"]["ks"]["statistic"]) <= min(0.002, prof["metrics"]["ks"]["statistic_error_bound"] + 1e-12), name
        w_raw, w_prof = raw["metrics"]["wasserstein"]["value"], prof["metrics"]["wasserstein"]["value"]
        assert abs(w_raw - w_prof) <= 0.03 * w_raw, name
    assert checked >= 4 * columns
    assert agreed == columns


def test_scaled_counts_keep_their_bounds(monkeypatch):
    # the evidently preset still rebuilds values (scaled down past SCALE_LIMIT); the default preset
    # compares bucket counts at the true sizes (test_counts_model)
    from evaluator.profiles import compare as cmp

    monkeypatch.setattr(cmp, "SCALE_LIMIT", 5_000)
    options = resolve({"preset": "evidently"})
    for name, ref, cur in generated_columns(seed=2)[:6]:
        raw, prof = compare(name, ref, cur, options)
        assert prof["profile"]["scaled_to"] == 5_000
        assert prof["counts"]["reference"]["used"] == ref.size
        assert prof["metrics"]["ks"]["error_bound"] is None  # a p-value at the scaled size is not offered
        for metric in ("wasserstein", "psi"):
            bound = prof["metrics"][metric].get("error_bound")
            if bound is not None:
                assert abs(raw["metrics"][metric]["value"] - prof["metrics"][metric]["value"]) <= bound, (name, metric)
        d = prof["metrics"]["ks"]
        assert abs(raw["metrics"]["ks"]["statistic"] - d["statistic"]) <= d["statistic_error_bound"], name
