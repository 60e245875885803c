"""Severity levels and the gate: a broken column fails the CI gate on its own; `--fail-on` chooses the rule.

The stage-2 interview files (the published example) are the case the issue names: a unit change
moves monthly charges by about 100 reference standard deviations, yet only 4 of 11 columns drift,
so Evidently's drift-share rule alone lets the files through.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from evaluator import api
from evaluator.drift.config import SEVERITY_BANDS
from evaluator.drift.severity import column_severity
from evaluator.interview import stage2
from evaluator.interview.stage2_causes import load_menu

from .cli_run import run_cli


@pytest.fixture(scope="module")
def stage2_files(tmp_path_factory) -> Path:
    d = tmp_path_factory.mktemp("stage2")
    data = stage2.make_variant(load_menu().example_seed)
    assert data.planted("unit-change").option == "charges-in-cents"  # the case these tests are about
    (d / "reference.csv").write_text(data.reference_csv)
    (d / "current.csv").write_text(data.current_csv)
    return d


@pytest.fixture(scope="module")
def stage2_report(stage2_files):
    return api.drift_report(reference=(stage2_files / "reference.csv").read_bytes(), current=(stage2_files / "current.csv").read_bytes())


def test_the_unit_change_is_severity_high_and_fails_the_gate_on_its_own(stage2_report):
    by = {c["name"]: c for c in stage2_report["columns"]}
    charges = by["monthly_charges_usd"]
    assert charges["metrics"]["wasserstein_norm"]["value"] > 50  # cents instead of dollars for the last part of October
    assert charges["severity"]["level"] == "high"
    assert any("Wasserstein-1 / std" in r for r in charges["severity"]["reasons"])
    assert any("outside the reference's range" in r for r in charges["severity"]["reasons"])
    summary = stage2_report["summary"]
    assert summary["dataset_drift"] is False  # Evidently's rule alone: no dataset drift
    assert summary["columns_drifted"] < summary["columns_compared"] / 2
    gate = summary["gate"]
    assert gate["fail_on"] == "high" and gate["failed"] is True
    assert [r.split(":")[0] for r in gate["reasons"]] == ["monthly_charges_usd"]
    assert "Gate failed" in summary["verdict"]


def test_stable_columns_are_at_severity_none(stage2_report):
    by = {c["name"]: c for c in stage2_report["columns"]}
    for name in ("region", "contract_type", "payment_method", "tenure_months", "support_calls_30d"):
        assert by[name]["severity"]["level"] == "none", name
    assert stage2_report["summary"]["severity_counts"]["high"] == 1
    assert sum(stage2_report["summary"]["severity_counts"].values()) == stage2_report["summary"]["columns_compared"]


@pytest.mark.parametrize(
    ("fail_on", "code"),
    [(None, 1), ("high", 1), ("medium", 1), ("any-drift", 1), ("drift-share", 0), ("never", 0)],
)
def test_cli_exit_code_follows_fail_on(stage2_files, fail_on, code):
    args = ["drift", str(stage2_files / "reference.csv"), str(stage2_files / "current.csv"), "--format", "json"]
    if fail_on:
        args += ["--fail-on", fail_on]
    got, out, err = run_cli(*args)
    assert got == code, err
    report = json.loads(out)
    assert report["summary"]["gate"]["failed"] is bool(code)
    assert report["summary"]["gate"]["fail_on"] == (fail_on or "high")


def test_medium_adds_the_medium_columns_and_any_drift_every_drifted_one(stage2_report, stage2_files):
    ref, cur = (stage2_files / "reference.csv").read_bytes(), (stage2_files / "current.csv").read_bytes()
    medium = api.drift_report(reference=ref, current=cur, options={"fail_on": "medium"})["summary"]["gate"]
    levels = {c["name"]: c["severity"]["level"] for c in stage2_report["columns"]}
    assert {r.split(":")[0] for r in medium["reasons"]} == {n for n, lvl in levels.items() if lvl in ("medium", "high")}
    any_drift = api.drift_report(reference=ref, current=cur, options={"fail_on": "any-drift"})["summary"]["gate"]
    assert {r.split(":")[0] for r in any_drift["reasons"]} == set(stage2_report["summary"]["drifted_columns"])


def test_drift_share_alone_is_evidentlys_rule():
    rng = np.random.default_rng(0)
    lines_ref = ["a,b,c"] + [f"{x:.4f},{y:.4f},{z:.4f}" for x, y, z in rng.normal(0, 1, (3000, 3))]
    # two of three columns move a little (drift, low severity): dataset drift under the share rule
    lines_cur = ["a,b,c"] + [f"{x + 0.15:.4f},{y + 0.15:.4f},{z:.4f}" for x, y, z in rng.normal(0, 1, (3000, 3))]
    ref, cur = "\n".join(lines_ref).encode(), "\n".join(lines_cur).encode()
    for rule in ("drift-share", "high", "medium"):
        report = api.drift_report(reference=ref, current=cur, options={"fail_on": rule})
        assert report["summary"]["dataset_drift"] is True
        assert {c["severity"]["level"] for c in report["columns"]} <= {"none", "low"}
        assert report["summary"]["gate"]["failed"] is True
        assert report["summary"]["gate"]["reasons"][-1].startswith("Dataset drift")
    never = api.drift_report(reference=ref, current=cur, options={"fail_on": "never"})["summary"]["gate"]
    assert never == {"fail_on": "never", "failed": False, "reasons": []}


def test_a_broken_column_fails_the_gate():
    ref = b"x,amount,gone\n" + b"".join(f"{i % 9},{i * 1.5},{i}\n".encode() for i in range(50))
    cur = b"x,amount\n" + b"".join(f"{i % 9},{'oops' if i == 7 else i * 1.5}\n".encode() for i in range(50))
    report = api.drift_report(reference=ref, current=cur)
    skipped = {s["name"]: s for s in report["skipped"]}
    assert skipped["amount"]["severity"]["level"] == "high" and skipped["gone"]["severity"]["level"] == "high"
    gate = report["summary"]["gate"]
    assert gate["failed"] is True
    assert any(r.startswith("amount: broken column") for r in gate["reasons"])
    assert any(r.startswith("gone: broken column") for r in gate["reasons"])
    assert api.drift_report(reference=ref, current=cur, options={"fail_on": "drift-share"})["summary"]["gate"]["failed"] is False
    # a column that only the current file has is new, not broken
    report = api.drift_report(reference=cur.replace(b"amount", b"other"), current=cur)
    assert all(s["severity"]["level"] == "none" for s in report["skipped"] if s["name"] == "amount")


def test_a_column_emptied_in_the_current_file_is_broken():
    ref = b"x,y\n" + b"".join(f"{i % 9},{i % 7}\n".encode() for i in range(40))
    cur = b"x,y\n" + b"".join(f"{i % 9},\n".encode() for i in range(40))
    report = api.drift_report(reference=ref, current=cur)
    (skip,) = [s for s in report["skipped"] if s["name"] == "y"]
    assert skip["kind"] == "empty" and skip["severity"]["level"] == "high" and report["summary"]["gate"]["failed"]


def _column(**measures) -> dict:
    """A compared column's entry with the given measures (for the severity bands alone)."""
    metrics = {"psi": {"value": measures.get("psi", 0.0)}, "wasserstein_norm": {"value": measures.get("wasserstein_norm", 0.0), "drifted": False}}
    rows = 10**6
    missing = int(round(measures.get("missing_change", 0.0) * rows))
    col = {
        "metrics": metrics,
        "headline": {"drifted": measures.get("drifted", False), "label": "PSI", "verdict": "x"},
        "counts": {"reference": {"rows": rows, "missing": 0, "used": rows}, "current": {"rows": rows, "missing": missing, "used": rows - missing}},
        "histogram": {"kind": "bins"},
        "range": {"reference": [0.0, 1.0], "out_of_range_share": measures.get("out_of_range", 0.0)},
    }
    if "unseen_share" in measures:
        unseen = int(round(measures["unseen_share"] * rows))
        col["histogram"] = {"kind": "categories", "categories": ["a", "new"], "current_counts": [rows - unseen, unseen],
                            "unseen_in_reference": ["new"]}
    return col


@pytest.mark.parametrize("measure", list(SEVERITY_BANDS))
def test_each_band_line_is_where_the_level_starts(measure):
    for level, line in zip(("low", "medium", "high"), SEVERITY_BANDS[measure]):
        if line is None:
            continue
        assert column_severity(_column(**{measure: line}))["level"] == level, (measure, level)
        below = column_severity(_column(**{measure: line * 0.999}))["level"]
        assert below != level, (measure, level)


def test_a_drifted_headline_is_at_least_low():
    assert column_severity(_column(drifted=True))["level"] == "low"
    assert column_severity(_column())["level"] == "none"
