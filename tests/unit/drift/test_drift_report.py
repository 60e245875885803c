"""The drift report's shape, types, verdicts and dataset summary; the CLI's formats and exit codes."""

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from evaluator import api, cli, dispatch

from .cli_run import run_cli

ROOT = Path(__file__).resolve().parents[3]


def make_csv(n: int, shift: float, seed: int, *, missing: float = 0.0) -> bytes:
    rng = np.random.default_rng(seed)
    lines = ["customer_id,age,income,plan,churned,comment,visits"]
    for i in range(n):
        age = "" if rng.random() < missing else f"{rng.normal(40 + shift * 10, 10):.1f}"
        plan = rng.choice(["basic", "plus", "pro"], p=[0.5 - shift / 4, 0.3, 0.2 + shift / 4])
        comment = " ".join(rng.choice(["the", "service", "was", "slow", "fine", "great"], 12))
        lines.append(
            f"C{i:06d},{age},{rng.lognormal(10 + shift, 0.5):.2f},{plan},{rng.choice(['true', 'false'])},"
            f'"{comment} {i}",{rng.integers(0, 3 + int(shift))}'
        )
    return ("\n".join(lines) + "\n").encode()


@pytest.fixture(scope="module")
def drifted():
    return api.drift_report(reference=make_csv(1500, 0, 1), current=make_csv(1200, 1, 2, missing=0.2))


@pytest.fixture(scope="module")
def stable():
    return api.drift_report(reference=make_csv(1500, 0, 1), current=make_csv(1200, 0, 3))


def test_top_level_shape_and_json_round_trip(drifted):
    assert drifted["schema"] == "mlops-kit/drift-report/v1"
    assert set(drifted) == {"schema", "evaluator", "options", "ignored_options", "inputs", "summary", "columns", "skipped",
                            "over_time", "conventions"}
    assert drifted["over_time"] is None and drifted["ignored_options"] == []
    assert json.loads(json.dumps(drifted, allow_nan=False)) == drifted
    col = drifted["columns"][0]
    assert {"name", "type", "distinct_values", "counts", "headline", "metrics", "histogram", "notes", "severity"} <= set(col)
    assert set(col) - {"range", "not_applicable"} == {"name", "type", "distinct_values", "counts", "headline", "metrics", "histogram",
                                                     "notes", "severity"}
    assert set(col["severity"]) == {"level", "reasons", "measures"}
    assert set(drifted["summary"]["gate"]) == {"fail_on", "failed", "reasons"}
    assert set(col["counts"]["reference"]) == {"rows", "missing", "non_finite", "used"}
    assert set(col["headline"]) == {"metric", "label", "value", "threshold", "drifted", "verdict", "reason",
                                    "test", "distance", "significant", "significance_level", "material"}
    for entry in col["metrics"].values():
        assert {"value", "threshold", "drifted", "verdict", "rule"} <= set(entry)


def test_types_and_skipped_columns(drifted):
    types = {c["name"]: c["type"] for c in drifted["columns"]}
    assert types == {"age": "numeric", "income": "numeric", "plan": "categorical", "churned": "boolean", "visits": "numeric"}
    skipped = {s["name"]: s["kind"] for s in drifted["skipped"]}
    assert skipped == {"customer_id": "identifier", "comment": "text"}


def test_drifted_and_stable_data_are_told_apart(drifted, stable):
    by = {c["name"]: c for c in drifted["columns"]}
    assert by["age"]["headline"]["drifted"] and by["income"]["headline"]["drifted"] and by["plan"]["headline"]["drifted"]
    assert not by["churned"]["headline"]["drifted"]
    assert drifted["summary"]["dataset_drift"] is True
    assert stable["summary"]["dataset_drift"] is False
    assert stable["summary"]["columns_drifted"] == 0
    s = drifted["summary"]
    assert s["drifted_share"] == pytest.approx(s["columns_drifted"] / s["columns_compared"])
    assert sorted(s["drifted_columns"]) == sorted(c["name"] for c in drifted["columns"] if c["headline"]["drifted"])


def test_counts_missing_and_notes(drifted):
    age = next(c for c in drifted["columns"] if c["name"] == "age")
    ref, cur = age["counts"]["reference"], age["counts"]["current"]
    assert ref["rows"] == 1500 and ref["missing"] == 0 and ref["used"] == 1500
    assert cur["rows"] == 1200 and 150 < cur["missing"] < 330 and cur["used"] == 1200 - cur["missing"]
    assert any("missing values changed" in n for n in age["notes"])


def test_headline_rule_by_type_and_size(drifted):
    by = {c["name"]: c["headline"]["metric"] for c in drifted["columns"]}
    used = {c["name"]: min(c["counts"]["reference"]["used"], c["counts"]["current"]["used"]) for c in drifted["columns"]}
    # more than 1000 values in the smaller sample: distances (age lost some current values to missing cells)
    assert by["age"] == ("wasserstein_norm" if used["age"] > 1000 else "ks") and by["plan"] == "js" and by["churned"] == "js"
    assert by["visits"] == "js"  # 3 distinct values: compared as categories
    small = api.drift_report(reference=make_csv(300, 0, 1), current=make_csv(200, 1, 2))
    by = {c["name"]: c["headline"]["metric"] for c in small["columns"]}
    assert by["age"] == "ks" and by["plan"] == "chi_square" and by["churned"] == "chi_square"
    # the smaller sample decides what is shown: a large reference against 200 current rows shows the test
    mixed = api.drift_report(reference=make_csv(1500, 0, 1), current=make_csv(200, 1, 2))
    by = {c["name"]: c["headline"]["metric"] for c in mixed["columns"]}
    assert by["age"] == "ks" and by["plan"] == "chi_square"
    forced = api.drift_report(reference=make_csv(300, 0, 1), current=make_csv(200, 1, 2), options={"headline": "psi"})
    assert {c["headline"]["metric"] for c in forced["columns"]} == {"psi"}


def test_histogram_data_for_charts(drifted):
    age = next(c for c in drifted["columns"] if c["name"] == "age")["histogram"]
    assert age["kind"] == "bins" and len(age["edges"]) == len(age["reference"]) + 1
    assert sum(age["reference"]) == pytest.approx(1) and sum(age["current"]) == pytest.approx(1)
    assert age["edges"] == sorted(age["edges"])
    plan = next(c for c in drifted["columns"] if c["name"] == "plan")["histogram"]
    assert plan["kind"] == "categories" and set(plan["categories"]) == {"basic", "plus", "pro"}


def test_thresholds_and_options_are_honoured():
    ref, cur = make_csv(1500, 0, 1), make_csv(1200, 0, 3)
    strict = api.drift_report(reference=ref, current=cur, options={"thresholds": {"wasserstein_norm": 1e-6, "js": 1e-6, "ks": 0.5, "chi_square": 0.5}})
    assert strict["summary"]["dataset_drift"] is True
    assert strict["options"]["thresholds"]["wasserstein_norm"] == 1e-6
    some = api.drift_report(reference=ref, current=cur, options={"columns": ["age"], "binning": {"method": "equal-width", "bins": 5}})
    assert [c["name"] for c in some["columns"]] == ["age"]
    assert len(some["columns"][0]["histogram"]["reference"]) == 5


@pytest.mark.parametrize(
    ("options", "fragment"),
    [
        ({"binning": {"bins": 1}}, "bins must be a whole number from 2 to 1000"),
        ({"bins": 10}, "unknown option(s) 'bins'"),
        ({"columns": "a,b"}, "columns must be a non-empty list"),
        ({"log_base": "bits"}, "log_base must be one of"),
        ({"log_base": 2.0}, "log_base must be one of"),
        ({"binning": {"method": "magic"}}, "binning method must be one of"),
        ({"binning": {"method": "edges", "edges": [2, 1]}}, "strictly increasing"),
        ({"thresholds": {"psi": "high"}}, "thresholds.psi must be a finite number"),
        ({"thresholds": {"ks": 5}}, "between 0 and 1"),
        ({"thresholds": {"nope": 1}}, "unknown metric 'nope'"),
        ({"preset": "pandas"}, "preset must be one of"),
        ({"colums": ["a"]}, "unknown option(s) 'colums'"),
        ({"epsilon": -1}, "must be 0 or more and below 0.5"),
    ],
)
def test_bad_options_are_input_errors(options, fragment):
    reply = dispatch.call("drift_report", {"reference": make_csv(20, 0, 1), "current": make_csv(20, 0, 2), "options": options})
    assert reply["ok"] is False and reply["error"]["kind"] == "input"
    assert fragment in reply["error"]["message"]


def test_runtime_envelope_carries_the_report():
    reply = dispatch.call("drift_report", {"reference": make_csv(50, 0, 1), "current": make_csv(50, 0, 2)})
    assert reply["ok"] is True and reply["result"]["schema"] == "mlops-kit/drift-report/v1"
    json.loads(dispatch.call_json("drift_report", {"reference": make_csv(50, 0, 1), "current": make_csv(50, 1, 2)}))


def test_constant_and_infinite_columns_never_leak_nan():
    ref = b"k,v\n1,5\n1,5\n1,inf\n1,5\n"
    cur = b"k,v\n2,5\n2,6\n2,7\n2,-inf\n"
    got = api.drift_report(reference=ref, current=cur)
    json.dumps(got, allow_nan=False)
    v = next(c for c in got["columns"] if c["name"] == "v")
    assert v["counts"]["reference"]["non_finite"] == 1 and v["counts"]["current"]["non_finite"] == 1
    assert v["metrics"]["wasserstein_norm"]["value"] is None  # the reference is constant: no scale
    assert v["metrics"]["wasserstein_norm"]["drifted"] is True
    assert "reference is constant" in v["metrics"]["wasserstein_norm"]["verdict"]


# --- CLI -------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def files(tmp_path_factory):
    d = tmp_path_factory.mktemp("csv")
    (d / "ref.csv").write_bytes(make_csv(400, 0, 1))
    (d / "same.csv").write_bytes(make_csv(400, 0, 5))
    (d / "cur.csv").write_bytes(make_csv(400, 1, 2))
    (d / "bad.csv").write_bytes(b"")
    return d


def test_cli_exit_codes_are_a_ci_gate(files):
    assert run_cli("drift", str(files / "ref.csv"), str(files / "same.csv"))[0] == 0
    assert run_cli("drift", str(files / "ref.csv"), str(files / "cur.csv"))[0] == 1
    code, out, err = run_cli("drift", str(files / "ref.csv"), str(files / "bad.csv"))
    assert code == 2 and "bad.csv is empty" in err and "Traceback" not in err
    code, _, err = run_cli("drift", str(files / "ref.csv"), str(files / "missing.csv"))
    assert code == 2 and "no such file" in err
    code, _, err = run_cli("drift", str(files / "ref.csv"), str(files / "cur.csv"), "--threshold", "psi")
    assert code == 2 and "METRIC=VALUE" in err


def test_cli_formats(files):
    code, out, _ = run_cli("drift", str(files / "ref.csv"), str(files / "cur.csv"), "--format", "json")
    report = json.loads(out)
    assert report["schema"] == "mlops-kit/drift-report/v1" and code == 1
    code, out, _ = run_cli("drift", str(files / "ref.csv"), str(files / "cur.csv"), "--format", "markdown", "--columns", "age,plan")
    assert out.startswith("# Drift report") and "| age | numeric |" in out and "### plan (categorical)" in out
    code, out, _ = run_cli("drift", str(files / "ref.csv"), str(files / "cur.csv"), "--preset", "evidently", "--log-base", "2", "--threshold", "ks=0.01")
    assert "preset evidently" in out and "Dataset drift" in out


def test_cli_progress_bar_when_asked(files):
    code, _, err = run_cli("drift", str(files / "ref.csv"), str(files / "cur.csv"), "--progress", "always")
    assert "reading ref.csv" in err and "100%" in err


def test_python_dash_m_entry_point(files):
    proc = subprocess.run(
        [sys.executable, "-m", "evaluator", "drift", str(files / "ref.csv"), str(files / "same.csv"), "--format", "json"],
        capture_output=True, text=True, cwd=ROOT, timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["summary"]["dataset_drift"] is False


def test_api_and_cli_import_without_numpy():
    """A pure-Python tool page loads evaluator.api without numpy: the drift code must import lazily."""
    code = (
        "import sys\n"
        "class Block:\n"
        "    def find_spec(self, name, path=None, target=None):\n"
        "        if name.split('.')[0] in ('numpy', 'scipy'):\n"
        "            raise ImportError('blocked ' + name)\n"
        "sys.meta_path.insert(0, Block())\n"
        "import evaluator.api, evaluator.dispatch, evaluator.cli, evaluator.drift, evaluator.tables\n"
        "evaluator.cli.build_parser()\n"
        "assert evaluator.api.drift_options()['options']\n"
        "assert 'drift_report' in evaluator.api.__all__\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert proc.returncode == 0, proc.stderr


# --- one option vocabulary ---------------------------------------------------------------------


def test_cli_help_comes_from_the_option_vocabulary():
    from evaluator.drift.config import OPTIONS

    help_text = " ".join(cli.build_parser()._subparsers._group_actions[0].choices["drift"].format_help().split())
    for spec in OPTIONS:
        assert spec.flag in help_text
        assert " ".join(spec.help.split()[:6]) in help_text, spec.key
    assert "default: quantile" in help_text and "default: 10" in help_text


def test_cli_takes_every_metric_in_thresholds_including_raw_wasserstein(files):
    code, out, err = run_cli("drift", str(files / "ref.csv"), str(files / "cur.csv"), "--format", "json",
                             "--threshold", "wasserstein=0.5", "--threshold", "psi=0.3")
    assert code in (0, 1), err
    report = json.loads(out)
    assert report["options"]["thresholds"]["wasserstein"] == 0.5 and report["options"]["thresholds"]["psi"] == 0.3
    age = next(c for c in report["columns"] if c["name"] == "age")
    assert age["metrics"]["wasserstein"]["threshold"] == 0.5 and age["metrics"]["wasserstein"]["drifted"] is not None


@pytest.mark.parametrize(
    "options",
    [None, {"preset": "evidently"}, {"binning": {"edges": [0, 30, 50]}, "log_base": 2, "headline": "psi"},
     {"columns": ["age"], "thresholds": {"ks": 0.01}, "drift_share": 0.3, "epsilon": 0.001}],
)
def test_a_report_carries_its_options_in_the_spelling_resolve_takes(options):
    from evaluator.drift import resolve

    report = api.drift_report(reference=make_csv(60, 0, 1), current=make_csv(60, 1, 2), options=options)
    assert resolve(report["options"]) == resolve(options)
    again = api.drift_report(reference=make_csv(60, 0, 1), current=make_csv(60, 1, 2), options=report["options"])
    assert again == report


def test_drift_options_describe_every_key_resolve_accepts():
    from evaluator.drift.config import resolve

    described = api.drift_options()
    json.dumps(described, allow_nan=False)
    keys = {o["key"] for o in described["options"]}
    assert keys == {"columns", "preset", "binning.method", "binning.bins", "binning.edges", "epsilon", "log_base",
                    "thresholds", "drift_share", "headline", "metrics", "yates", "fail_on", "by", "period"}
    assert {o["kind"] for o in described["options"]} <= {"choice", "multi", "boolean", "integer", "number", "names", "numbers",
                                                          "thresholds"}
    defaults = resolve(None).to_dict()
    for option in described["options"]:
        *parents, leaf = option["key"].split(".")
        value = defaults
        for p in parents:
            value = value[p]
        assert value[leaf] == option["default"], option["key"]
    assert {m["name"] for m in described["metrics"]} >= {"psi", "wasserstein", "ks"}
    assert described["presets"]["evidently"]["thresholds"]["psi"] == 0.1


def test_an_internal_error_says_so_exits_3_and_names_where_to_report(files, monkeypatch):
    from evaluator import BUG_REPORTS

    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(api, "drift_report", broken)
    code, out, err = run_cli("drift", str(files / "ref.csv"), str(files / "cur.csv"))
    assert code == cli.EXIT_INTERNAL == 3
    assert "internal error: RuntimeError: boom" in err and "bug in the evaluator" in err and BUG_REPORTS in err
    assert "Traceback" not in err
    monkeypatch.setenv("MLOPS_KIT_DEBUG", "1")
    code, out, err = run_cli("drift", str(files / "ref.csv"), str(files / "cur.csv"))
    assert code == 3 and "Traceback" in err and "RuntimeError: boom" in err
    # bad input is still exit 2, not an internal error
    monkeypatch.undo()
    assert run_cli("drift", str(files / "ref.csv"), str(files / "bad.csv"))[0] == 2
