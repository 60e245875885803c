"""Regression tests for issue 16's findings in the reader, the gate, the severity levels, drift over
time, bad values and the option limits: each of these failed on the code before the fix."""

from __future__ import annotations

import io
import json
import re
from contextlib import redirect_stderr, redirect_stdout

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from evaluator import api, cli
from evaluator.drift.config import OPTIONS, describe_options, resolve
from evaluator.drift.report import build_report
from evaluator.errors import InputError
from evaluator.tables import Column, Table, csv_reader, read_csv, types


def _one_column(ref: np.ndarray, cur: np.ndarray, **options) -> dict:
    t1 = Table("reference.csv", {"x": Column("x", numeric=ref)}, ref.size, ",", "utf-8")
    t2 = Table("current.csv", {"x": Column("x", numeric=cur)}, cur.size, ",", "utf-8")
    return build_report(t1, t2, resolve(options))


# --- one reading of a file, whatever its size or row order ---------------------------------------


def _csv(header: list[str], rows: list[list[str]]) -> bytes:
    return ("\n".join([",".join(header)] + [",".join(r) for r in rows]) + "\n").encode()


def test_zip_codes_read_as_written_across_the_chunk_boundary():
    """The issue's case: the same zip codes, one 'unknown' row moved from the first line to the last."""
    rng = np.random.default_rng(0)
    zips = [f"{z:05d}" for z in rng.choice([2134, 2135, 10001, 94105, 60601], 50_010)]
    ref = _csv(["zip", "n"], [["unknown", "1"]] + [[z, "1"] for z in zips])
    cur = _csv(["zip", "n"], [[z, "1"] for z in zips] + [["unknown", "1"]])
    col = read_csv(cur, "current.csv").columns["zip"]
    assert col.kind == "text" and col.text[0] == zips[0] and "02134" in set(col.text)
    report = api.drift_report(reference=ref, current=cur)
    zip_col = next(c for c in report["columns"] if c["name"] == "zip")
    assert zip_col["severity"]["level"] == "none" and not zip_col["headline"]["drifted"]
    assert "02134" in zip_col["histogram"]["categories"] and "2134" not in zip_col["histogram"]["categories"]
    assert report["summary"]["gate"]["failed"] is False


def test_decimal_text_keeps_its_digits_when_the_column_turns_to_text_late():
    data = _csv(["a"], [["0.50"]] * 50_001 + [["n/a"], ["text"]])
    col = read_csv(data).columns["a"]
    assert col.kind == "text" and col.text[0] == "0.50" and col.text[-1] == "text" and col.text[-2] is None


def test_leading_zero_codes_are_text_on_the_numbers_only_path_too():
    col = read_csv(b"code,x\n007,1\n12,2\n3,3\n").columns["code"]
    assert col.kind == "text" and col.text == ["007", "12", "3"]
    assert read_csv(b"a,b\n0,1\n0.5,2\n-0.25,3\n1e-05,4\n").columns["a"].kind == "numeric"


def test_the_type_rules():
    assert types.number("02134") is None and types.number("-007") is None and types.number("1_000") is None
    assert types.number("0") == 0 and types.number(" 0.50 ") == 0.5 and types.number("3,14") is None
    assert types.number("3,14", decimal_comma=True) == pytest.approx(3.14)
    assert types.is_date("2026-10-05") and types.is_date("2026-10-05T14:30:00Z") and not types.is_date("2026-13-05")
    assert types.classify(["2026-01-01", "", "2026-02-01"]) == types.DATE
    assert types.classify(["1", "NA", "2.5"]) == types.NUMERIC and types.classify(["1", "x"]) == types.TEXT


_CELLS = {
    "number": st.floats(-1e6, 1e6, allow_nan=False).map(lambda x: repr(round(x, 3))),
    "zip": st.integers(0, 99_999).map(lambda z: f"{z:05d}"),
    "decimal": st.sampled_from(["0.50", "1.25", "0.5", "2.00"]),
    "date": st.dates().map(lambda d: d.isoformat()),
    "category": st.sampled_from(["a", "b", "c"]),
}
_MISSING = st.sampled_from(["", "NA", "n/a", "null", "?"])


@st.composite
def _files(draw):
    kinds = draw(st.lists(st.sampled_from(sorted(_CELLS)), min_size=1, max_size=4))
    mixed = draw(st.booleans())

    def rows(n):
        out = []
        for _ in range(n):
            row = []
            for kind in kinds:
                cell = draw(st.one_of(_CELLS[kind], _MISSING) if draw(st.integers(0, 9)) == 0 else _CELLS[kind])
                row.append(cell)
            out.append(row)
        if mixed:  # one text cell somewhere in the first column: the column turns to text
            out[draw(st.integers(0, n - 1))][0] = "unknown"
        return out

    header = [f"{k}_{i}" for i, k in enumerate(kinds)] + ["pad"]
    ref = [r + ["1"] for r in rows(draw(st.integers(2, 30)))]
    cur = [r + ["1"] for r in rows(draw(st.integers(2, 30)))]
    return header, ref, cur, draw(st.randoms(use_true_random=False))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(files=_files(), chunk=st.sampled_from([1, 2, 3, 7, 50_000]))
def test_a_report_does_not_depend_on_row_order_or_chunk_size(files, chunk, monkeypatch):
    """Shuffled rows, and chunks of every size the reader could use: the same report."""
    header, ref, cur, rnd = files
    monkeypatch.setattr(csv_reader, "_CHUNK_ROWS", 50_000)
    try:
        expected = api.drift_report(reference=_csv(header, ref), current=_csv(header, cur))
    except InputError as exc:
        expected = str(exc)
    monkeypatch.setattr(csv_reader, "_CHUNK_ROWS", chunk)
    ref2, cur2 = list(ref), list(cur)
    rnd.shuffle(ref2)
    rnd.shuffle(cur2)
    try:
        got = api.drift_report(reference=_csv(header, ref2), current=_csv(header, cur2))
    except InputError as exc:
        got = str(exc)
    if isinstance(expected, str):
        # the only message that names a line is about the first non-number, which moves with the rows
        assert isinstance(got, str)
        return
    # a message that points at a cell names its line and quotes the cell, both of which move with
    # the rows (the first cell that is not a number): the rest is equal
    def same(report):
        return re.sub(r"line \d+(: '[^']*')?", "line N", json.dumps(report, sort_keys=True))

    assert same(got) == same(expected)
    for name in header:
        texts = read_csv(_csv(header, cur2)).columns[name].text
        if texts is not None:  # a text column's categories are the file's own text
            assert sorted(v for v in texts if v is not None) == sorted(
                row[header.index(name)].strip() for row in cur2 if not types.is_missing(row[header.index(name)]))


# --- the gate is calibrated ----------------------------------------------------------------------


def test_the_gate_does_not_fail_on_a_small_sample_of_the_same_data():
    """The issue's case: reference 2,000 rows, current 30 rows of the same normal distribution
    (the old gate failed 150 of 150 runs)."""
    rng = np.random.default_rng(16)
    failures = sum(_one_column(rng.normal(size=2000), rng.normal(size=30))["summary"]["gate"]["failed"] for _ in range(150))
    assert failures <= 3


@pytest.mark.parametrize(("n_ref", "n_cur"), [(100, 30), (1000, 100), (10_000, 30)])
def test_false_alarms_at_a_few_grid_points(n_ref, n_cur):
    rng = np.random.default_rng([n_ref, n_cur])
    failures = sum(_one_column(rng.lognormal(size=n_ref), rng.lognormal(size=n_cur))["summary"]["gate"]["failed"] for _ in range(200))
    assert failures <= 4  # at most 1% on 200 trials, with room for their noise (the script measures 1,000)


@pytest.mark.parametrize("n_ref", [100, 10_000])
def test_detection_a_unit_change_at_30_rows_and_a_1_std_shift_at_100_rows(n_ref):
    rng = np.random.default_rng(n_ref)
    assert all(_one_column(rng.normal(size=n_ref), 100 * rng.normal(size=30))["summary"]["gate"]["failed"] for _ in range(50))
    shifted = sum(_one_column(rng.normal(size=n_ref), 1 + rng.normal(size=100))["summary"]["gate"]["failed"] for _ in range(50))
    assert shifted >= 45


# --- the calibration script (scripts/calibrate-gate) ---------------------------------------------


def _shifted(p: np.ndarray) -> np.ndarray:
    """Half of every value's share moved to the last value: a change the gate must catch."""
    last = np.zeros(p.size)
    last[-1] = 1.0
    return 0.5 * p + 0.5 * last


@pytest.mark.parametrize(("case_name", "n_ref", "n_cur"), [
    ("integer (Poisson 20)", 100, 30), ("integer (Poisson 20)", 10_000, 1_000), ("constant", 1_000, 30),
    ("dates (one year)", 1_000, 100),
    ("2 categories (70/30)", 100, 30), ("2 categories (70/30)", 10_000, 100), ("10 categories", 100, 30),
    ("10 categories", 1_000, 1_000), ("one dominant (91%)", 100, 30), ("one dominant (91%)", 10_000, 1_000),
    ("500 categories", 1_000, 100),
])
def test_calibration_from_counts_gives_the_report_of_the_values(case_name, n_ref, n_cur):
    """The script's cheap paths (exact profiles from drawn counts; the text-column steps on drawn
    counts) give the gate, the severity level and the headline distance that `build_report` gives
    for the same samples written out value by value and shuffled; unchanged and shifted samples,
    so that failures are compared too."""
    from scripts import calibrate_gate as cg

    case = cg.CASE[case_name]
    assert case.path in ("profile", "counts")
    values, p = case.support()
    options = resolve({})
    outcomes = []
    for t in range(8 if n_ref * n_cur < 10**6 else 3):
        rng = np.random.default_rng([16, n_ref, n_cur, t])
        for q in (p, _shifted(p)):
            ref_counts, cur_counts = rng.multinomial(n_ref, p), rng.multinomial(n_cur, q)
            if case.path == "profile":
                fast = cg.profile_trial(values, ref_counts, cur_counts, case.kind, options)
            else:
                fast = cg.categorical_trial(values, ref_counts, cur_counts, options)
            ref = np.repeat(np.asarray(values, dtype=object if case.kind != "numeric" else np.float64), ref_counts)
            cur = np.repeat(np.asarray(values, dtype=object if case.kind != "numeric" else np.float64), cur_counts)
            rng.shuffle(ref)
            rng.shuffle(cur)
            if case.kind != "numeric":
                ref, cur = ref.tolist(), cur.tolist()
            assert fast == cg.raw_trial(ref, cur, case.kind, options), (t, q is p)
            outcomes.append(fast)
    if case_name in ("dates (one year)", "500 categories"):  # not compared by the report's rules
        assert {level for _, level, _ in outcomes} == {"skipped"}
    elif case_name != "constant":
        assert any(failed for failed, _, _ in outcomes) and not all(failed for failed, _, _ in outcomes)


def test_calibration_plan_covers_the_grid_and_adds_up_runs(tmp_path):
    """Every cell of the grid is planned once to 1,000 trials; chunks of a cell from two runs add up,
    a chunk whose trials a cell already has is not counted twice, and a cell with fewer than 1,000
    trials shows its count on the page."""
    from scripts import calibrate_gate as cg

    planned = cg.plan(cg.CASES, 1000, {})
    per_cell: dict = {}
    for case, n_ref, n_cur, first, trials in planned:
        per_cell.setdefault((case.name, n_ref, n_cur), []).append((first, trials))
    assert len(per_cell) == sum(len(cg.cells(c)) for c in cg.CASES) == 395
    assert all(sum(t for _, t in chunks) == 1000 for chunks in per_cell.values())
    costly = [(c, r, n, first) for c, r, n, first, _ in planned if cg.tier(r, n) and c.path != "counts"]
    assert [first for *_, first in costly[:5]] == [0] * 5 and costly[-1][3] == 500  # rounds: 100, 250, 500, 1,000 trials
    first_round = [cg.priority(c, r, n) for c, r, n, first in costly if first == 0]
    assert first_round == sorted(first_round) and first_round[0] == 0  # the test-decided no-change cells first
    results = tmp_path / "results.jsonl"
    chunk = {"case": "normal", "path": "raw", "n_ref": 100, "n_cur": 30, "levels": {"none": 240, "low": 0, "medium": 0, "high": 10, "skipped": 0},
             "largest_distance_over_line": 2.0, "seconds": 1.0, "load": 1.0}
    lines = [{"run": "a", "command": "x", "commit": "c", "load_at_start": [1, 1, 1]},
             {"run": "a", **chunk, "first_trial": 0, "trials": 250, "failures": 10},
             {"run": "a", **chunk, "first_trial": 0, "trials": 250, "failures": 10},  # the same trials again
             {"run": "a", **chunk, "first_trial": 250, "trials": 250, "failures": 0}]
    results.write_text("\n".join(json.dumps(x) for x in lines) + "\n")
    runs, merged = cg.read_results(results)
    cell = merged[("normal", 100, 30)]
    assert (cell["trials"], cell["failures"]) == (500, 10)
    text = cg.markdown(runs, merged)
    assert "| normal | 100 | 2.0% (500) |" in text and "- 500 trials (reference x current): normal: 100 x 30" in text
    again = [(first, trials) for case, n_ref, n_cur, first, trials in cg.plan(cg.CASES, 1000, {("normal", 100, 30): cell["seeds"]})
             if (case.name, n_ref, n_cur) == ("normal", 100, 30)]
    assert again == [(500, 500)]  # a new run adds the trials the cell lacks


def test_the_calibration_tables_on_the_page_are_made_from_the_results_file():
    from scripts import calibrate_gate as cg

    runs, merged = cg.read_results(cg.RESULTS)
    page = cg.PAGE.read_text(encoding="utf-8")
    assert cg.markdown(runs, merged) in page


def test_the_headline_is_chosen_by_the_smaller_sample():
    rng = np.random.default_rng(1)
    col = _one_column(rng.normal(size=5000), rng.normal(size=200))["columns"][0]
    assert col["headline"]["metric"] == "ks" and col["headline"]["test"] == "ks" and col["headline"]["distance"] == "wasserstein_norm"


def test_severity_does_not_grow_with_small_samples():
    """Two random halves of one sample (the issue: 17 of 31 columns at severity low)."""
    rng = np.random.default_rng(569)
    data = rng.normal(size=(569, 31)) * rng.lognormal(size=31)
    half = rng.permutation(569)
    ref = Table("r.csv", {f"c{j}": Column(f"c{j}", numeric=data[half[:284], j]) for j in range(31)}, 284, ",", "utf-8")
    cur = Table("c.csv", {f"c{j}": Column(f"c{j}", numeric=data[half[284:], j]) for j in range(31)}, 285, ",", "utf-8")
    report = build_report(ref, cur, resolve({}))
    assert sum(c["severity"]["level"] != "none" for c in report["columns"]) <= 1
    assert all(c["severity"]["level"] in ("none", "low") or c["headline"]["significant"] for c in report["columns"])


def test_drift_over_time_needs_a_minimum_per_period():
    rng = np.random.default_rng(3)
    days = [f"2026-01-{d:02d}" for d in range(1, 32) for _ in range(10)]  # 10 rows a day
    ref = ("x\n" + "\n".join(f"{v:.4f}" for v in rng.normal(size=2000)) + "\n").encode()
    cur = ("day,x\n" + "\n".join(f"{d},{v:.4f}" for d, v in zip(days, rng.normal(size=len(days)))) + "\n").encode()
    daily = api.drift_report(reference=ref, current=cur, options={"by": ["day"], "period": "day"})["over_time"]["columns"]["x"]
    assert daily["min_values"] == 30 and set(daily["status"]) == {"too few rows (fewer than 30 values)"}
    assert daily["values"] == [None] * 31 and daily["first_drifted"] is None
    weekly = api.drift_report(reference=ref, current=cur, options={"by": ["day"], "period": "week"})["over_time"]["columns"]["x"]
    assert "compared" in weekly["status"] and not any(weekly["drifted"])


def test_a_date_column_is_skipped_not_judged():
    ref = b"d,x\n" + b"".join(b"2025-01-%02d,%d\n" % (1 + i % 28, i % 7) for i in range(200))
    cur = b"d,x\n" + b"".join(b"2026-06-%02d,%d\n" % (1 + i % 28, i % 7) for i in range(200))
    report = api.drift_report(reference=ref, current=cur)
    skip = next(s for s in report["skipped"] if s["name"] == "d")
    assert skip["kind"] == "date" and skip["severity"]["level"] == "none" and report["summary"]["gate"]["failed"] is False


# --- bad values get messages, not crashes -----------------------------------------------------------


@pytest.mark.parametrize("values", [
    [1e308, -1e308, 0.0, 5.0], [1.7976931348623157e308, 1e308, 1.0, -1.0], [5e-324, 1e-323, 0.0, 2e-323], [3.0, 3.0, 3.0, 3.0],
])
@pytest.mark.parametrize("preset", ["default", "evidently"])
def test_values_at_the_float_limits_give_a_report_or_a_message(values, preset):
    ref = ("x,y\n" + "".join(f"{v!r},{i}\n" for i, v in enumerate(values * 10))).encode()
    cur = ("x,y\n" + "".join(f"{v!r},{i}\n" for i, v in enumerate(values[::-1] * 8))).encode()
    try:
        reply = api.drift_report(reference=ref, current=cur, options={"preset": preset})
    except InputError as exc:  # a clear message naming the column (exit 2), never an internal error
        assert "x: values the metrics cannot handle" in str(exc)
    else:
        json.dumps(reply, allow_nan=False)
        x = [c for c in reply["columns"] if c["name"] == "x"] + [s for s in reply["skipped"] if s["name"] == "x"]
        assert x, "the column is reported or skipped with a reason"
    code = cli.main(["drift", "--preset", preset, "--format", "json", *_files_on_disk(ref, cur)])
    assert code in (0, 1, 2)


def _files_on_disk(ref: bytes, cur: bytes) -> list[str]:
    import tempfile
    from pathlib import Path

    d = Path(tempfile.mkdtemp())
    (d / "r.csv").write_bytes(ref)
    (d / "c.csv").write_bytes(cur)
    return [str(d / "r.csv"), str(d / "c.csv"), "--output", str(d / "out.json")]


def test_one_value_repeated_a_million_times():
    same = np.full(1_000_000, 7.0)
    report = _one_column(same, same.copy())
    assert report["summary"]["gate"]["failed"] is False and report["columns"][0]["severity"]["level"] == "none"


def test_no_function_changes_the_columns_it_is_given():
    rng = np.random.default_rng(5)
    ref, cur = rng.normal(size=3000), rng.normal(0.5, 1, size=2000)
    ref_copy, cur_copy = ref.copy(), cur.copy()
    for arr in (ref, cur):
        arr.setflags(write=False)
    for options in ({}, {"preset": "evidently"}, {"metrics": ["energy", "cramer_von_mises"]}):
        _one_column(ref, cur, **options)  # a read-only array would raise if anything wrote to it
        api.drift_metrics(reference=ref, current=cur, kind="numeric", options=options or None)
    cats = np.array(["a", "b", "c"] * 100, dtype=object)
    cats.setflags(write=False)
    api.drift_metrics(reference=cats, current=cats[::-1], kind="categorical")
    assert np.array_equal(ref, ref_copy) and np.array_equal(cur, cur_copy)


# --- option limits are defined once --------------------------------------------------------------


def _cli_error(flag: str, value: str) -> str:
    err = io.StringIO()
    with redirect_stderr(err), redirect_stdout(io.StringIO()):
        code = cli.main(["drift", f"{flag}={value}", *_files_on_disk(b"x\n1\n2\n3\n", b"x\n1\n2\n4\n")])
    return f"{code}:{err.getvalue()}"


@pytest.mark.parametrize("option", [o for o in OPTIONS if o.kind in ("integer", "number")], ids=lambda o: o.key)
def test_every_option_limit_holds_in_resolve_the_cli_and_the_form(option):
    form = next(o for o in describe_options()["options"] if o["key"] == option.key)
    assert (form["minimum"], form["maximum"], form["exclusive_minimum"], form["exclusive_maximum"]) == (
        option.minimum, option.maximum, option.exclusive_minimum, option.exclusive_maximum)
    step = 1 if option.kind == "integer" else 1e-9

    def as_dict(value):
        key = option.key.split(".")
        return {key[0]: {key[1]: value}} if len(key) == 2 else {key[0]: value}

    for limit, exclusive, outward in ((option.minimum, option.exclusive_minimum, -step), (option.maximum, option.exclusive_maximum, step)):
        if limit is None:
            continue
        limit = int(limit) if option.kind == "integer" else float(limit)
        beyond = limit + outward if not exclusive else limit
        with pytest.raises(InputError, match=option.limits()):
            resolve(as_dict(beyond))
        assert _cli_error(option.flag, str(beyond)).startswith("2:")
        inside = limit if not exclusive else limit - outward
        resolve(as_dict(inside))
        assert _cli_error(option.flag, str(inside)).startswith(("0:", "1:"))
