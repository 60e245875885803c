"""Exact-mode profiles give the report of the files themselves, bit for bit, over every fixture."""

from __future__ import annotations

import json

import pytest

from evaluator.drift import resolve
from evaluator.drift.report import build_report
from evaluator.errors import InputError
from evaluator.profiles import dumps, loads, profile_table
from evaluator.profiles.compare import compare_profiles
from evaluator.tables import read_csv

from .fixtures import csv_fixtures

FIXTURES = csv_fixtures()


def _pairs():
    """Each fixture against itself and against the next fixture sharing a column with it."""
    tables = [read_csv(data, f"fixture{i}.csv") for i, data in enumerate(FIXTURES)]
    for i, ref in enumerate(tables):
        yield ref, ref
        for cur in tables[i + 1:] + tables[:i]:
            if set(ref.columns) & set(cur.columns):
                yield ref, cur
                break


def _outcome(fn):
    try:
        return json.dumps(fn(), sort_keys=True, allow_nan=False)
    except InputError as exc:
        return f"InputError: {exc}"


def test_there_are_many_fixtures():
    assert len(FIXTURES) >= 40


@pytest.mark.parametrize("preset", ["default", "evidently"])
def test_report_from_two_exact_profiles_is_the_report_of_the_files(preset):
    options = resolve({"preset": preset})
    compared = 0
    for ref, cur in _pairs():
        p_ref, p_cur = (loads(dumps(profile_table(t)), t.name) for t in (ref, cur))
        if any(c["mode"] != "exact" for p in (p_ref, p_cur) for c in p["columns"]):
            continue
        raw = _outcome(lambda: build_report(ref, cur, options))
        from_profiles = _outcome(lambda: compare_profiles(p_ref, p_cur, options))
        assert from_profiles == raw, (ref.name, cur.name)
        compared += 1
    assert compared >= 40


def test_a_profile_and_a_file_mixed_give_the_same_report():
    options = resolve({})
    ref, cur = (read_csv(FIXTURES[-5], "a.csv"), read_csv(FIXTURES[-5], "b.csv"))
    raw = build_report(ref, cur, options)
    assert compare_profiles(profile_table(ref), profile_table(cur), options) == json.loads(json.dumps(raw))


def test_drift_over_time_and_file_order_tests_are_refused():
    table = read_csv(FIXTURES[-5], "a.csv")
    p = profile_table(table)
    with pytest.raises(InputError, match="drift over time"):
        compare_profiles(p, p, resolve({"by": ["when"]}))
    with pytest.raises(InputError, match="file order"):
        compare_profiles(p, p, resolve({"metrics": ["mmd"]}))
