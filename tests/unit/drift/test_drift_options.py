"""Options the issue added: Yates' correction, the evidently preset's ignored options, the vocabulary
round trip, and the Markdown the lab exports (the same as the CLI's)."""

from __future__ import annotations

import json

import numpy as np
import pytest
from scipy import stats

from evaluator import api, cli, dispatch
from evaluator.drift.config import OPTIONS, resolve

from .cli_run import run_cli

# 2 x 2 data where the correction changes the 0.05 verdict: 47 of 120 against 35 of 130
REF = ["yes"] * 47 + ["no"] * 73
CUR = ["yes"] * 35 + ["no"] * 95


def chi(options=None):
    return api.drift_metrics(reference=REF, current=CUR, kind="categorical", options=options)["metrics"]["chi_square"]


def test_yates_is_off_by_default_and_scipys_default_when_on():
    table = np.array([[47, 73], [35, 95]])
    plain, corrected = stats.chi2_contingency(table, correction=False), stats.chi2_contingency(table, correction=True)
    assert plain.pvalue < 0.05 <= corrected.pvalue  # the data sit on the line
    level = {"thresholds": {"chi_square": 0.05}}
    off, on = chi(level), chi({"yates": True, **level})
    assert off["yates"] is False and off["value"] == pytest.approx(plain.pvalue, rel=1e-12) and off["drifted"] is True
    assert on["yates"] is True and on["value"] == pytest.approx(corrected.pvalue, rel=1e-12) and on["drifted"] is False
    # each entry gives the other choice's p-value and says that the verdict hangs on it
    assert off["other_correction"] == {"yates": True, "p_value": pytest.approx(corrected.pvalue, rel=1e-12), "drifted": False}
    assert "with Yates' correction p = " in off["verdict"] and "the data sit on the line" in off["verdict"]
    assert "without Yates' correction p = " in on["verdict"]


def test_without_yates_chi_square_is_the_z_test_and_with_more_categories_yates_changes_nothing():
    z = (47 / 120 - 35 / 130) / np.sqrt((82 / 250) * (1 - 82 / 250) * (1 / 120 + 1 / 130))
    assert chi()["value"] == pytest.approx(2 * stats.norm.sf(abs(z)), rel=1e-9)
    three = api.drift_metrics(reference=list("aabbc") * 30, current=list("abccc") * 30, kind="categorical", options={"yates": True})
    assert "other_correction" not in three["metrics"]["chi_square"] and "no continuity correction" in three["metrics"]["chi_square"]["test"]


def test_small_expected_counts_point_to_fishers_exact_test():
    got = api.drift_metrics(reference=["a"] * 9 + ["b"] * 2, current=["a"] * 4 + ["b"] * 6, kind="categorical")["metrics"]["chi_square"]
    assert got["min_expected"] < 5 and "the p-value is simulated" in got["verdict"]
    # the simulated p-value against scipy's exact test on the same 2 x 2 table (they agree closely)
    exact = stats.fisher_exact([[9, 2], [4, 6]]).pvalue
    assert got["value"] == pytest.approx(exact, abs=0.03)
    assert got["p_value_asymptotic"] == pytest.approx(stats.chi2_contingency([[9, 2], [4, 6]], correction=False).pvalue, rel=1e-12)
    with_yates = api.drift_metrics(reference=["a"] * 9 + ["b"] * 2, current=["a"] * 4 + ["b"] * 6, kind="categorical",
                                   options={"yates": True})["metrics"]["chi_square"]
    assert "Fisher's exact test" in with_yates["verdict"]


def test_the_evidently_preset_reports_the_options_it_does_not_use():
    ref = b"x\n" + b"".join(f"{v:.3f}\n".encode() for v in np.random.default_rng(0).normal(0, 1, 300))
    report = api.drift_report(reference=ref, current=ref, options={"preset": "evidently", "binning": {"bins": 30},
                                                                   "epsilon": 0.01, "yates": True})
    ignored = {o["option"]: o for o in report["ignored_options"]}
    assert set(ignored) == {"binning.bins", "epsilon", "yates"} and ignored["binning.bins"]["value"] == 30
    assert "Sturges" in ignored["binning.bins"]["reason"]
    # and the binning it did use is in the report: Evidently's Sturges bins over both files
    hist = report["columns"][0]["histogram"]
    assert hist["method"] == "sturges (evidently)" and len(hist["edges"]) == len(hist["labels"]) + 1
    assert len(hist["edges"]) - 1 == int(np.ceil(np.log2(600) + 1))
    assert report["columns"][0]["metrics"]["hellinger"]["edges"]  # its own Sturges bins over the distinct values
    edges = api.drift_report(reference=ref, current=ref, options={"preset": "evidently", "binning": {"edges": [0, 1]}})
    assert [o["option"] for o in edges["ignored_options"]] == ["binning.method", "binning.edges"]
    default = api.drift_report(reference=ref, current=ref, options={"binning": {"bins": 30}, "epsilon": 0.01})
    assert default["ignored_options"] == []


ROUND_TRIP = [
    None,
    {"metrics": ["tvd", "energy"], "yates": True, "fail_on": "medium", "by": ["d"], "period": "month"},
    {"preset": "evidently", "binning": {"bins": 20}, "metrics": ["mmd"], "fail_on": "never", "headline": "cramer_von_mises"},
    {"fail_on": "drift-share", "period": "day", "thresholds": {"tvd": 0.2, "energy": 0.3, "mmd": 0.01}},
]


@pytest.mark.parametrize("options", ROUND_TRIP)
def test_to_dict_round_trips(options):
    resolved = resolve(options)
    assert resolve(resolved.to_dict()) == resolved
    assert resolve(json.loads(json.dumps(resolved.to_dict()))) == resolved


def test_metrics_are_kept_in_the_vocabularys_order():
    assert resolve({"metrics": ["tvd", "energy", "tvd"]}).to_dict()["metrics"] == ["energy", "tvd"]


@pytest.mark.parametrize(
    ("options", "fragment"),
    [({"yates": "yes"}, "yates must be true or false"), ({"fail_on": "sometimes"}, "fail_on must be one of"),
     ({"metrics": "tvd"}, "metrics must be a list"), ({"thresholds": {"mmd": 2}}, "between 0 and 1"),
     ({"preset": "evidently", "thresholds": {"tvd": 1.5}}, "between 0 and 1"), ({"by": []}, "by must be a list holding one")],
)
def test_bad_new_options_are_input_errors(options, fragment):
    reply = dispatch.call("drift_report", {"reference": b"a,b\n1,2\n3,4\n", "current": b"a,b\n1,2\n3,4\n", "options": options})
    assert reply["ok"] is False and reply["error"]["kind"] == "input" and fragment in reply["error"]["message"], reply


def test_tvd_is_a_distance_by_default_and_a_p_value_under_evidently():
    assert resolve({"thresholds": {"tvd": 0.9}}).thresholds["tvd"] == 0.9
    described = api.drift_options()
    assert described["presets"]["default"]["kinds"]["tvd"] == "distance"
    assert described["presets"]["evidently"]["kinds"]["tvd"] == "p-value"
    assert {m["name"]: m["evidently_name"] for m in described["metrics"]}["energy"] == "ed"
    assert described["severity"]["bands"]["wasserstein_norm"] == {"low": 0.1, "medium": 0.5, "high": 1.0}


def test_cli_flags_for_the_new_kinds(tmp_path):
    (tmp_path / "r.csv").write_text("k\n" + "\n".join(["yes"] * 47 + ["no"] * 73))
    (tmp_path / "c.csv").write_text("k\n" + "\n".join(["yes"] * 35 + ["no"] * 95))
    code, out, err = run_cli("drift", str(tmp_path / "r.csv"), str(tmp_path / "c.csv"), "--yates", "--metrics", "fisher_exact,g_test",
                             "--format", "json", "--fail-on", "any-drift")
    report = json.loads(out)
    assert report["options"]["yates"] is True and report["options"]["metrics"] == ["g_test", "fisher_exact"]
    metrics = report["columns"][0]["metrics"]
    assert metrics["chi_square"]["yates"] is True and {"g_test", "fisher_exact"} <= set(metrics)
    code, out, err = run_cli("drift", str(tmp_path / "r.csv"), str(tmp_path / "c.csv"), "--no-yates", "--format", "json")
    assert json.loads(out)["options"]["yates"] is False
    code, out, err = run_cli("drift", str(tmp_path / "r.csv"), str(tmp_path / "c.csv"), "--metrics", "ed")
    assert code == 2 and "unknown choice(s) 'ed'" in err
    code, out, err = run_cli("drift", str(tmp_path / "r.csv"), str(tmp_path / "c.csv"), "--fail-on", "maybe")
    assert code == 2 and "invalid choice 'maybe'" in err


def test_every_option_has_a_cli_flag_and_a_form_kind():
    flags = {spec.flag for spec in OPTIONS}
    assert {"--metrics", "--yates", "--fail-on", "--by", "--period"} <= flags
    help_text = cli.build_parser()._subparsers._group_actions[0].choices["drift"].format_help()
    assert "--yates, --no-yates" in help_text and "--by COLUMN" in help_text


# --- Markdown -----------------------------------------------------------------------------------


def test_the_markdown_api_equals_the_cli(tmp_path):
    ref = "d,amount,plan\n" + "".join(f"2026-01-{1 + i % 28:02d},{i % 17 * 1.5},{'ab'[i % 2]}\n" for i in range(300))
    cur = "d,amount,plan\n" + "".join(f"2026-02-{1 + i % 28:02d},{i % 17 * 150},{'abc'[i % 3]}\n" for i in range(300))
    (tmp_path / "reference.csv").write_text(ref)
    (tmp_path / "current.csv").write_text(cur)
    code, out, err = run_cli("drift", str(tmp_path / "reference.csv"), str(tmp_path / "current.csv"), "--format", "markdown",
                             "--by", "d", "--period", "week")
    report = api.drift_report(reference=ref.encode(), current=cur.encode(), options={"by": ["d"], "period": "week"})
    markdown = api.drift_report_markdown(report=report)
    assert markdown == out
    for part in ("## Gate: failed", "## Columns", "## Severity", "## Over time", "## Metrics per column", "| bin | reference |",
                 "| category | reference |", "high from 2026-W"):
        assert part in markdown, part
    reply = dispatch.call("drift_report_markdown", {"report": json.loads(json.dumps(report))})
    assert reply == {"ok": True, "result": markdown}


@pytest.mark.parametrize(("report", "fragment"), [({}, "must be a drift report"), ({"schema": "x"}, "must be a drift report"),
                                                  ({"schema": "mlops-kit/drift-report/v1"}, "not a complete drift report")])
def test_the_markdown_api_refuses_what_is_not_a_report(report, fragment):
    reply = dispatch.call("drift_report_markdown", {"report": report})
    assert reply["ok"] is False and reply["error"]["kind"] == "input" and fragment in reply["error"]["message"]


def test_markdown_keeps_names_and_values_as_text():
    name, value = "<img src=x onerror=alert(1)>", "<script>alert(1)</script>"
    ref = f'"{name}",n\n' + "".join(f"{value if i % 3 else 'a|b'},{i % 5}\n" for i in range(30))
    report = api.drift_report(reference=ref.encode(), current=ref.encode())
    markdown = api.drift_report_markdown(report=report)
    assert "<img" not in markdown and "<script" not in markdown
    assert "&lt;img src=x onerror=alert(1)>" in markdown and "&lt;script>alert(1)&lt;/script>" in markdown
    assert "a\\|b" in markdown
