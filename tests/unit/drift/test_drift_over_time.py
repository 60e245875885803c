"""Drift over time: the current file split by a date column, each period against the whole reference.

On the stage-2 files (the published example) the planted faults have dates: billing sends cents
from one day, and the feature store serves frozen login days from another, then 0 once the frozen
entries expire. The periods must show those days and weeks.
"""

from __future__ import annotations

import datetime as dt
import io
import json
from contextlib import redirect_stderr, redirect_stdout

import numpy as np
import pytest

from evaluator import api, cli, dispatch
from evaluator.interview import stage2
from evaluator.interview.stage2_causes import load_menu


@pytest.fixture(scope="module")
def variant():
    return stage2.make_variant(load_menu().example_seed)


@pytest.fixture(scope="module")
def files(variant):
    return variant.reference_csv.encode(), variant.current_csv.encode()


@pytest.fixture(scope="module")
def unit_change_day(variant) -> str:
    planted = variant.planted("unit-change")
    assert planted.option == "charges-in-cents"
    return planted.params["first_day"]


@pytest.fixture(scope="module")
def expiry_day(variant) -> str:
    planted = variant.planted("stale-feature")
    assert planted.option == "last-login"
    frozen = dt.date.fromisoformat(planted.params["frozen_from"])
    return (frozen + dt.timedelta(days=planted.params["ttl_days"])).isoformat()


def week_of(day: str) -> str:
    year, week, _ = dt.date.fromisoformat(day).isocalendar()
    return f"{year}-W{week:02d}"


@pytest.fixture(scope="module")
def by_day(files):
    return api.drift_report(reference=files[0], current=files[1], options={"by": ["scored_on"], "period": "day"})


@pytest.fixture(scope="module")
def by_week(files):
    return api.drift_report(reference=files[0], current=files[1], options={"by": ["scored_on"], "period": "week"})


def test_periods_cover_the_current_file(by_day, by_week, files):
    for report, count in ((by_day, 31), (by_week, 5)):
        ot = report["over_time"]
        assert ot["by"] == "scored_on" and len(ot["periods"]) == count
        assert sum(p["rows"] for p in ot["periods"]) == report["inputs"]["current"]["rows"] - ot["rows_without_date"]
    days = by_day["over_time"]["periods"]
    assert days[0] == {"label": "2026-10-01", "start": "2026-10-01", "end": "2026-10-01", "rows": days[0]["rows"]}
    weeks = by_week["over_time"]["periods"]
    # weeks start on Monday: 1 October 2026 is a Thursday, in ISO week 40 (28 September to 4 October)
    assert [w["label"] for w in weeks] == ["2026-W40", "2026-W41", "2026-W42", "2026-W43", "2026-W44"]
    assert (weeks[0]["start"], weeks[0]["end"]) == ("2026-09-28", "2026-10-04")
    current_days = [line.split(",")[0] for line in files[1].decode().splitlines()[1:]]
    assert weeks[1]["rows"] == sum(1 for d in current_days if "2026-10-05" <= d <= "2026-10-11")


def test_the_date_column_is_not_compared(by_day):
    assert "scored_on" not in {c["name"] for c in by_day["columns"]}
    (skip,) = [s for s in by_day["skipped"] if s["name"] == "scored_on"]
    assert skip["kind"] == "by"


def test_the_day_charges_switch_unit(by_day, by_week, unit_change_day):
    charges = by_day["over_time"]["columns"]["monthly_charges_usd"]
    labels = [p["label"] for p in by_day["over_time"]["periods"]]
    assert charges["metric"] == "wasserstein_norm"
    assert charges["first_at_level"]["high"] == unit_change_day
    switch = labels.index(unit_change_day)
    assert max(charges["values"][:switch]) < 0.5 < 50 < min(charges["values"][switch:])
    assert all(d for d in charges["drifted"][switch:])
    assert by_week["over_time"]["columns"]["monthly_charges_usd"]["first_at_level"]["high"] == week_of(unit_change_day)


def test_the_week_logins_freeze(by_week, by_day, expiry_day):
    # frozen values first (a small lag), then 0 once the entries expire: the week of the expiry stands out
    logins = by_week["over_time"]["columns"]["last_login_days"]
    expired = [p["label"] for p in by_week["over_time"]["periods"]].index(week_of(expiry_day))
    assert logins["first_drifted"] == week_of(expiry_day) and logins["first_at_level"]["medium"] == week_of(expiry_day)
    assert max(logins["values"][:expired]) < 0.1 <= min(logins["values"][expired:])
    daily = by_day["over_time"]["columns"]["last_login_days"]
    assert daily["first_at_level"]["medium"] == expiry_day


def test_each_period_equals_a_report_on_that_periods_rows(files, by_week):
    """A period's value is exactly the column's headline metric on the rows of that period."""
    header, *rows = files[1].decode().splitlines()
    week = by_week["over_time"]["periods"][2]
    subset = [r for r in rows if week["start"] <= r.split(",")[0] <= week["end"]]
    alone = api.drift_report(reference=files[0], current="\n".join([header, *subset]).encode())
    by = {c["name"]: c for c in alone["columns"]}
    for name, col in by_week["over_time"]["columns"].items():
        assert by[name]["headline"]["metric"] == col["metric"]
        assert col["values"][2] == pytest.approx(by[name]["headline"]["value"], rel=1e-12), name
        assert col["drifted"][2] == by[name]["headline"]["drifted"]


def test_months_and_missing_dates():
    ref = b"d,x\n" + b"".join(f"2026-01-{1 + i % 28:02d},{i % 13}\n".encode() for i in range(200))
    cur = b"d,x\n" + b"".join(f"{'' if i % 10 == 0 else f'2026-{2 + i % 3:02d}-15T10:30:00Z'},{i % 13 + (i % 3)}\n".encode()
                               for i in range(300))
    report = api.drift_report(reference=ref, current=cur, options={"by": ["d"], "period": "month"})
    ot = report["over_time"]
    assert [p["label"] for p in ot["periods"]] == ["2026-02", "2026-03", "2026-04"]
    assert ot["periods"][1] == {"label": "2026-03", "start": "2026-03-01", "end": "2026-03-31", "rows": 90}
    assert ot["rows_without_date"] == 30
    assert len(ot["columns"]["x"]["values"]) == 3


def test_empty_periods_between_dates_are_listed_with_no_value():
    ref = b"d,x\n" + b"".join(f"2026-01-05,{i % 11}\n".encode() for i in range(50))
    cur = b"d,x\n" + b"".join(f"2026-01-{'05' if i < 20 else '20'},{i % 11}\n".encode() for i in range(40))
    ot = api.drift_report(reference=ref, current=cur, options={"by": ["d"], "period": "week"})["over_time"]
    assert [p["rows"] for p in ot["periods"]] == [20, 0, 20]
    assert ot["columns"]["x"]["values"][1] is None and ot["columns"]["x"]["drifted"][1] is None


@pytest.mark.parametrize(
    ("cell", "fragment"),
    [("31/10/2026", "'31/10/2026' is not a date in ISO form"), ("2026-13-01", "'2026-13-01'"), ("yesterday", "'yesterday'")],
)
def test_a_date_that_does_not_parse_names_the_column_line_and_value(cell, fragment):
    ref = b"d,x\n2026-01-01,1\n2026-01-02,2\n2026-01-03,3\n"
    cur = f"d,x\n2026-01-01,1\n2026-01-02,2\n\n{cell},3\n".encode()  # a blank line: the bad value is on line 5
    reply = dispatch.call("drift_report", {"reference": ref, "current": cur, "options": {"by": ["d"]}})
    assert reply["ok"] is False and reply["error"]["kind"] == "input"
    message = reply["error"]["message"]
    assert "column 'd' of current.csv, line 5" in message and fragment in message


@pytest.mark.parametrize(
    ("options", "fragment"),
    [({"by": ["nope"]}, "'nope' is not in current.csv"), ({"by": ["x"]}, "holds numbers, not dates"),
     ({"by": "d"}, "by must be a list holding one column name"), ({"by": ["d", "x"]}, "by must be a list holding one"),
     ({"by": ["d"], "period": "year"}, "period must be one of")],
)
def test_bad_date_split_options(options, fragment):
    ref = b"d,x\n2026-01-01,1\n2026-01-02,2\n2026-01-03,3\n"
    reply = dispatch.call("drift_report", {"reference": ref, "current": ref, "options": options})
    assert reply["ok"] is False and reply["error"]["kind"] == "input" and fragment in reply["error"]["message"]


def test_cli_by_and_period(files, tmp_path):
    (tmp_path / "r.csv").write_bytes(files[0])
    (tmp_path / "c.csv").write_bytes(files[1])
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        code = cli.main(["drift", str(tmp_path / "r.csv"), str(tmp_path / "c.csv"), "--by", "scored_on", "--period", "week",
                         "--format", "json"])
    assert code == 1, err.getvalue()
    report = json.loads(out.getvalue())
    assert report["options"]["by"] == ["scored_on"] and report["options"]["period"] == "week"
    assert len(report["over_time"]["periods"]) == 5
    out = io.StringIO()
    with redirect_stdout(out), redirect_stderr(io.StringIO()):
        cli.main(["drift", str(tmp_path / "r.csv"), str(tmp_path / "c.csv"), "--by", "scored_on", "--period", "day"])
    text = out.getvalue()
    assert "Over time: each day of c.csv" in text and "monthly_charges_usd (Wasserstein-1 / std): " in text
    assert "high from 2026-10-" in text
    with redirect_stdout(io.StringIO()), redirect_stderr(err := io.StringIO()):
        code = cli.main(["drift", str(tmp_path / "r.csv"), str(tmp_path / "c.csv"), "--by", "region"])
    first_region = files[1].decode().splitlines()[1].split(",")[1]
    assert code == 2 and f"column 'region' of c.csv, line 2: {first_region!r} is not a date in ISO form" in err.getvalue()


def test_categorical_and_boolean_columns_over_time():
    rng = np.random.default_rng(1)
    ref = "d,plan,flag\n" + "".join(f"2026-01-{1 + i % 28:02d},{rng.choice(['a', 'b'])},{rng.choice(['yes', 'no'])}\n" for i in range(1200))
    cur_rows = [f"2026-02-{1 + i % 28:02d},{'c' if i % 28 >= 14 else rng.choice(['a', 'b'])},{rng.choice(['YES', 'no'])}" for i in range(1200)]
    report = api.drift_report(reference=ref.encode(), current=("d,plan,flag\n" + "\n".join(cur_rows)).encode(),
                              options={"by": ["d"], "period": "week"})
    plan = report["over_time"]["columns"]["plan"]
    assert plan["metric"] == "js"  # more than 1000 reference values: a distance heads the column
    for period, drifted in zip(report["over_time"]["periods"], plan["drifted"]):  # 'c' from 15 February
        if period["end"] < "2026-02-15":
            assert drifted is False, period
        elif period["start"] >= "2026-02-15":
            assert drifted is True, period
    assert set(report["over_time"]["columns"]["flag"]["drifted"]) == {False}  # YES and yes are one value
