"""The drift lab's api functions (evaluator.api.drift_lab*, evaluator.lab): what the page is given,
its limits and its plain-words reading of performance next to drift."""

from __future__ import annotations

import json

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from evaluator import api
from evaluator.drift.config import describe_options
from evaluator.errors import InputError
from evaluator.interview import stage2, stage2_causes
from evaluator.lab import drift_and_performance, header_width, most_severe_first
from evaluator.lab.reading import Z_CRITICAL


@pytest.fixture(scope="module")
def stage2_files():
    """The stage-2 files the site publishes (its example variant), which the lab loads as its example."""
    data = stage2.make_variant(stage2_causes.load_menu().example_seed)
    return data.reference_csv.encode(), data.current_csv.encode()


@pytest.fixture(scope="module")
def lab(stage2_files):
    reference, current = stage2_files
    return api.drift_lab(reference, current, performance={"label": "churned", "prediction": "predicted_churn"})


def csv_bytes(header, rows) -> bytes:
    return ("\n".join([",".join(header), *(",".join(map(str, r)) for r in rows)]) + "\n").encode()


def test_the_lab_returns_the_report_its_markdown_and_performance_as_the_single_calls_do(lab, stage2_files):
    reference, current = stage2_files
    assert lab["report"] == api.drift_report(reference, current)
    # The lab's Markdown is the CLI's, with the performance section before the per-column metrics.
    cli = api.drift_report_markdown(lab["report"])
    head, _, tail = cli.partition("\n## Metrics per column")
    assert lab["markdown"].startswith(head + "\n## Model performance: reference vs current\n")
    assert lab["markdown"].endswith("\n## Metrics per column" + tail)
    perf = api.performance_comparison(reference, current, "churned", "predicted_churn")
    got = dict(lab["performance"])
    reading = got.pop("reading")
    assert got == perf
    assert lab["performance_error"] is None
    # On the stage-2 files accuracy fell (by the brief's figure) and inputs drifted.
    assert reading["accuracy_fell"] is True and reading["accuracy_z"] < -Z_CRITICAL
    drop = 100 * (perf["current"]["accuracy"] - perf["reference"]["accuracy"])
    assert "concept drift" in reading["note"] and f"({drop:+.1f} points)" in reading["note"]


def test_changes_are_current_minus_reference_for_every_rate(lab):
    perf = lab["performance"]
    for rate, change in perf["changes"].items():
        assert change == pytest.approx(perf["current"][rate] - perf["reference"][rate], abs=1e-15)
    assert perf["changes"]["accuracy"] == perf["accuracy_change"]


def test_order_puts_the_most_severe_columns_first(lab):
    report = lab["report"]
    order = lab["order"]
    assert sorted(order) == list(range(len(report["columns"])))
    levels = describe_options().get("severity", {}).get("levels", [])
    rank = {level: i for i, level in enumerate(levels)}
    keys = [
        (-rank.get((report["columns"][i].get("severity") or {}).get("level"), -1), not report["columns"][i]["headline"]["drifted"])
        for i in order
    ]
    assert keys == sorted(keys)
    # The unit change (100 standard deviations) heads the list on the stage-2 files.
    assert report["columns"][order[0]]["name"] == "monthly_charges_usd"


@given(st.lists(st.tuples(st.sampled_from(["none", "low", "medium", "high", None]), st.booleans()), max_size=30))
def test_most_severe_first_is_a_stable_sort_by_level_then_verdict(columns):
    report = {"columns": [
        {"headline": {"drifted": drifted}, **({"severity": {"level": level, "reasons": []}} if level else {})}
        for level, drifted in columns
    ]}
    levels = ("none", "low", "medium", "high")
    order = most_severe_first(report, levels)
    assert sorted(order) == list(range(len(columns)))
    rank = {None: -1, **{lv: i for i, lv in enumerate(levels)}}
    keys = [(-rank[columns[i][0]], not columns[i][1], i) for i in order]
    assert keys == sorted(keys)


def test_a_file_over_the_size_limit_is_refused_before_it_is_read():
    big = b"a,b\n" + b"1,2\n" * (api.LAB_MAX_FILE_MB * 1024 * 1024 // 4)
    assert len(big) > api.LAB_MAX_FILE_MB * 1024 * 1024
    with pytest.raises(InputError, match=rf"big\.csv is {api.LAB_MAX_FILE_MB} MB; the drift lab reads files of up to {api.LAB_MAX_FILE_MB} MB"):
        api.drift_lab(b"a,b\n1,2\n3,4\n", big, current_name="big.csv")


def test_a_file_with_too_many_columns_is_refused_unless_columns_are_chosen():
    n = api.LAB_MAX_COLUMNS + 1
    header = [f"c{i}" for i in range(n)]
    data = csv_bytes(header, [[i % 7 for i in range(n)], [i % 5 for i in range(n)], [i % 3 for i in range(n)]])
    with pytest.raises(InputError, match=rf"wide\.csv has {n:,} columns; the drift lab compares at most {api.LAB_MAX_COLUMNS:,}"):
        api.drift_lab(data, data, reference_name="wide.csv")
    chosen = api.drift_lab(data, data, options={"columns": ["c1", "c2"]})
    assert [c["name"] for c in chosen["report"]["columns"]] == ["c1", "c2"]


def test_header_width_is_found_from_the_first_line_with_any_delimiter():
    assert header_width(b"a;b;c\n1;2;3\n") == 3
    assert header_width(b"a\tb\n") == 2
    assert header_width(b'"x,y",z\n') >= 2
    assert header_width(b"\t".join(b"c%d" % i for i in range(100_000)) + b"\n") == 100_000
    assert header_width(b"") <= 1  # an empty file: the reader says so


def test_a_bad_label_pair_still_gives_the_drift_report():
    reference = csv_bytes(["x", "label", "pred"], [[i, i % 2, 1] for i in range(40)])
    current = csv_bytes(["x", "label", "pred"], [[i + 3, "maybe", 1] for i in range(40)])
    out = api.drift_lab(reference, current, performance={"label": "label", "prediction": "pred"})
    assert out["performance"] is None
    assert "holds 'maybe'" in out["performance_error"]
    assert out["report"]["summary"]["columns_compared"] >= 1
    missing = api.drift_lab(reference, current, performance={"label": "nope", "prediction": "pred"})
    assert "no column 'nope'" in missing["performance_error"]


@pytest.mark.parametrize("performance", [{"label": "x"}, {"label": "", "prediction": "y"}, {"label": "x", "prediction": "y", "other": 1}, "x"])
def test_the_performance_inputs_are_checked(performance):
    data = csv_bytes(["x", "y"], [[1, 0], [2, 1], [3, 0]])
    with pytest.raises(InputError):
        api.drift_lab(data, data, performance=performance)


def test_columns_from_the_start_of_the_files(stage2_files):
    reference, current = stage2_files
    both = api.drift_lab_columns(reference[:65536], current[:65536])
    assert both["columns"] == ["scored_on", "region", "contract_type", "payment_method", "tenure_months",
                               "monthly_charges_usd", "data_usage_gb", "support_calls_30d", "last_login_days",
                               "churn_score", "predicted_churn", "churned"]
    assert "region" not in both["numeric"] and "churn_score" in both["numeric"]
    shared = api.drift_lab_columns(b"a,b,c\n1,2,x\n3,4,y\n", b"c,a\nx,1\ny,2\n")
    assert shared == {"columns": ["a", "c"], "numeric": ["a"]}
    assert api.drift_lab_columns(current=b"x" * 70_000)["columns"] is None
    assert "not a text file" in api.drift_lab_columns(reference=b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\n" * 10)["reason"]
    with pytest.raises(InputError, match="give the first bytes"):
        api.drift_lab_columns()


def test_setup_describes_every_option_and_the_limits():
    setup = api.drift_lab_setup()
    assert setup["drift"] == api.drift_options()
    assert [s["key"] for s in setup["performance"]] == ["label", "prediction", "positive"]
    assert all({"key", "label", "kind", "default", "help", "choices"} <= set(s) for s in setup["performance"])
    assert setup["max_file_bytes"] == setup["max_file_mb"] * 1024 * 1024
    assert setup["max_columns"] == api.LAB_MAX_COLUMNS


def _window(accuracy_hits: int, n: int) -> dict:
    return {"accuracy": accuracy_hits / n, "n": n}


def _reading(ref, cur, drifted: list[str], compared: int) -> dict:
    """The reading of two windows next to a report of ``compared`` columns besides the label and the
    prediction (which drifted too: the note must not count them)."""
    names = [f"c{i}" for i in range(compared - len(drifted))] + drifted + ["y", "yhat"]
    report = {"columns": [{"name": n} for n in names], "summary": {"drifted_columns": [*drifted, "y", "yhat"]}}
    performance = {"label": "y", "prediction": "yhat", "reference": _window(*ref), "current": _window(*cur)}
    return drift_and_performance(performance, report)


@pytest.mark.parametrize(
    ("ref", "cur", "drifted", "expect"),
    [
        ((900, 1000), (800, 1000), ["a"], "and 1 of 5 other columns drifted"),
        ((900, 1000), (800, 1000), [], "mark of concept drift"),
        ((900, 1000), (905, 1000), ["a", "b"], "within what chance explains, although 2 of 5 other columns drifted"),
        ((800, 1000), (900, 1000), ["a"], "Accuracy rose from 80.0% to 90.0%"),
        ((900, 1000), (902, 1000), [], "no sign of data drift or of concept drift"),
    ],
)
def test_reading_performance_next_to_drift(ref, cur, drifted, expect):
    assert expect in _reading(ref, cur, drifted, 5)["note"]


def test_the_accuracy_z_statistic_matches_a_direct_computation_from_the_rows():
    rng = np.random.default_rng(9)
    hits_ref = rng.random(3000) < 0.84
    hits_cur = rng.random(1200) < 0.80
    reading = _reading((int(hits_ref.sum()), hits_ref.size), (int(hits_cur.sum()), hits_cur.size), [], 4)
    z = (hits_cur.mean() - hits_ref.mean()) / np.sqrt(hits_ref.var() / hits_ref.size + hits_cur.var() / hits_cur.size)
    assert reading["accuracy_z"] == pytest.approx(z, rel=1e-12)
    assert reading["accuracy_fell"] == (z <= -Z_CRITICAL)


def test_the_markdown_performance_section_carries_every_figure_the_page_shows(lab):
    perf = lab["performance"]
    section = lab["markdown"].split("## Model performance: reference vs current\n", 1)[1].split("\n## ", 1)[0]
    rows = {line.split(" | ")[0].strip("| "): line.strip("|").split(" | ") for line in section.splitlines() if line.startswith("| ")}
    for key, label in (("accuracy", "Accuracy"), ("precision", "Precision"), ("recall", "Recall")):
        cells = [c.strip() for c in rows[label]]
        assert cells[1] == f"{100 * perf['reference'][key]:.1f}%"
        assert cells[2] == f"{100 * perf['current'][key]:.1f}%"
        change = perf["current"][key] - perf["reference"][key]
        assert cells[3] == f"{'-' if change < 0 else '+'}{abs(100 * change):.1f} points"
    assert [c.strip() for c in rows["Rows"]][1:3] == [f"{perf['reference']['n']:,}", f"{perf['current']['n']:,}"]
    assert perf["reading"]["note"].split(",")[0] in section


def test_the_markdown_says_why_performance_was_not_compared(stage2_files):
    reference, current = stage2_files
    result = api.drift_lab(reference, current, performance={"label": "churned", "prediction": "no_such_column"})
    assert result["performance"] is None and result["performance_error"]
    assert "Performance was not compared: " in result["markdown"]
    without = api.drift_lab(reference, current)
    assert "Model performance" not in without["markdown"]
    assert without["markdown"] == api.drift_report_markdown(without["report"])


def test_column_names_in_the_performance_markdown_cannot_open_html_or_break_the_table():
    from evaluator.lab.reading import performance_markdown

    rate = {"accuracy": 0.5, "precision": None, "recall": 0.25, "positive_rate": 0.5, "predicted_positive_rate": 0.5, "n": 4}
    perf = {"label": "<img src=x onerror=alert(1)>", "prediction": "a|b", "positive": "1",
            "reference": rate, "current": rate, "changes": {k: (None if rate[k] is None else 0.0) for k in rate if k != "n"}}
    text = "\n".join(performance_markdown(perf))
    assert "<img" not in text and "&lt;img" in text and "a\\|b" in text
    assert "| Precision | n/a | n/a | n/a |" in text and "| Accuracy | 50.0% | 50.0% | ±0.0 points |" in text


def test_the_lab_reads_each_file_once(stage2_files, monkeypatch):
    import evaluator.tables as tables

    calls = []
    real = tables.read_csv

    def counting(data, name="file", progress=None):
        calls.append(name)
        return real(data, name, progress=progress)

    monkeypatch.setattr(tables, "read_csv", counting)
    reference, current = stage2_files
    api.drift_lab(reference, current, performance={"label": "churned", "prediction": "predicted_churn"})
    assert calls == ["reference.csv", "current.csv"]


@pytest.mark.parametrize(("label_cells", "positive"), [
    (["yes", "no", "Yes", "NO"], "1"),
    (["churn", "stay", "churn", "stay"], "churn"),
    (["1", "0", "2", "1"], "1"),          # a bad numeric value: the message names it
    (["1", "0", "maybe", "1"], "1"),      # a bad text value
    (["1.0", "0", "1", "0.0"], "1"),      # 1.0 and 1 are one value
])
def test_the_lab_s_performance_and_its_refusals_match_the_single_call(label_cells, positive):
    rows = 40
    cells = (label_cells * rows)[:rows]
    preds = (["1", "0", "0", "1", "1"] * rows)[:rows] if positive == "1" else (["churn", "stay", "stay"] * rows)[:rows]
    def file(shift):
        return csv_bytes(["x", "label", "pred"], [(i + shift, c, p) for i, (c, p) in enumerate(zip(cells, preds))])
    reference, current = file(0), file(3)
    perf = {"label": "label", "prediction": "pred", "positive": positive}
    lab = api.drift_lab(reference, current, performance=perf)
    try:
        single = api.performance_comparison(reference, current, "label", "pred", positive=positive)
    except InputError as exc:
        assert lab["performance"] is None and lab["performance_error"] == str(exc)
    else:
        got = dict(lab["performance"])
        got.pop("reading")
        assert got == single and lab["performance_error"] is None


def test_the_json_export_is_the_whole_result_the_page_shows(lab, stage2_files):
    """Regression: "Download JSON" saved the drift report alone, without the model-performance
    section the page and the Markdown export show."""
    export = json.loads(json.dumps(lab["export"]))
    assert export["performance"] == json.loads(json.dumps(lab["performance"]))
    assert export["performance"]["reading"]["note"] == lab["performance"]["reading"]["note"]
    assert export["performance_error"] is None
    # Everything else is the report as the CLI writes it, unchanged.
    assert {k: v for k, v in export.items() if k not in ("performance", "performance_error")} == json.loads(json.dumps(lab["report"]))
    assert "performance" not in lab["report"]
    reference, current = stage2_files
    failed = api.drift_lab(reference, current, performance={"label": "churned", "prediction": "no_such_column"})
    assert failed["export"]["performance"] is None and failed["export"]["performance_error"] == failed["performance_error"]
    # Without a performance comparison the export is the CLI's report itself.
    assert api.drift_lab(reference, current)["export"] == api.drift_report(reference, current)
