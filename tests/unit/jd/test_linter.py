"""The linter's mechanics: positions in UTF-16 units, headline positions, segments, limits, rule checks."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import tomllib

from evaluator.datafile import DataError, read_text
from evaluator.jd.linter import MAX_SPANS_PER_FINDING, headline_ranges, lint_job_description
from evaluator.jd.rules import FILE, default_rules, parse_rules

RULES = default_rules()


def utf16_slice(text: str, start: int, end: int) -> str:
    units = text.encode("utf-16-le")
    return units[2 * start:2 * end].decode("utf-16-le")


def test_positions_count_utf16_units_so_emoji_before_a_finding_do_not_shift_it():
    text = "Senior MLOps 🚀🚀 engineer\nWe offer a competitive salary and 𝔪icroservices architecture."
    result = lint_job_description(text, RULES)
    spans = [s for f in result["findings"] for s in f["spans"]]
    assert spans
    for span in spans:
        assert utf16_slice(text, span["start"], span["end"]) == span["text"]
    assert result["summary"]["length"] == len(text.encode("utf-16-le")) // 2


def test_kubernetes_years_count_only_in_a_headline_position():
    top = "MLOps Engineer\n\n## Requirements\n\n- 5+ years of Kubernetes\n- Python\n"
    low = "MLOps Engineer\n\n" + "x " * 200 + "\n\n- Python\n- SQL\n- Airflow\n- Model monitoring\n- 5+ years of Kubernetes\n"
    assert "kubernetes-years-headline" in [f["id"] for f in lint_job_description(top, RULES)["findings"]]
    assert "kubernetes-years-headline" not in [f["id"] for f in lint_job_description(low, RULES)["findings"]]


def test_headline_ranges_restart_for_each_list_and_skip_blank_lines_inside_one():
    text = "Title\n\n- a\n\n- b\n- c\n- d\n\nParagraph\n- e\n"
    ranges = headline_ranges(text, 3, 1)
    covered = {text[s:e].strip() for s, e in ranges}
    assert {"a", "b", "c", "e"} <= covered
    assert "d" not in covered


def test_terraform_named_as_a_tool_in_use_is_not_a_headline_skill():
    assert "terraform-headline" not in [f["id"] for f in lint_job_description("Our infrastructure is managed with Terraform.", RULES)["findings"]]
    assert "terraform-headline" in [f["id"] for f in lint_job_description("Terraform expert wanted", RULES)["findings"]]


def test_segments_do_not_overlap_and_cover_every_highlighted_span():
    text = "5+ years Kubernetes certified (CKA), AWS certified, Azure certified, strong CS fundamentals"
    result = lint_job_description(text, RULES)
    segments = result["segments"]
    for a, b in zip(segments, segments[1:]):
        assert a["end"] <= b["start"]
    for finding in result["findings"]:
        for span in finding["spans"]:
            inside = [s for s in segments if span["start"] <= s["start"] and s["end"] <= span["end"]]
            assert sum(s["end"] - s["start"] for s in inside) == span["end"] - span["start"]
            assert all(finding["id"] in s["findings"] for s in inside)


def test_a_repeated_phrase_is_counted_in_full_but_highlighted_a_bounded_number_of_times():
    text = "We pay a competitive salary. " * 1000
    finding = next(f for f in lint_job_description(text, RULES)["findings"] if f["id"] == "vague-pay")
    assert finding["count"] == 1000
    assert len(finding["spans"]) == MAX_SPANS_PER_FINDING


def test_a_long_paste_is_linted_whole_and_repeated_words_count_once():
    text = ("You will own the retraining pipeline for our ranking model. Model monitoring and drift. " * 1200)[:100_000]
    result = lint_job_description(text, RULES)
    assert result["summary"]["length"] == 100_000
    # Each term counts once however often it repeats: retrain, drift, model monitoring.
    assert result["balance"]["mlops"] == 3
    assert result["balance"]["mlops_terms"]["drift"] > 1000


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=400))
def test_any_text_gives_well_formed_findings(text):
    result = lint_job_description(text, RULES)
    length = result["summary"]["length"]
    for finding in result["findings"]:
        assert finding["severity"] in ("problem", "warning")
        for span in finding["spans"]:
            assert 0 <= span["start"] < span["end"] <= length
            assert utf16_slice(text, span["start"], span["end"]) == span["text"]
    ids = [f["id"] for f in result["findings"]]
    assert len(ids) == len(set(ids))


def test_the_balance_warning_needs_enough_signals_and_a_devops_majority():
    devops = "Kubernetes, Docker, Terraform, Helm and Jenkins."
    assert "devops-heavy" in [f["id"] for f in lint_job_description(devops, RULES)["findings"]]
    balanced = devops + " Model monitoring, drift, the feature store and the model registry."
    assert "devops-heavy" not in [f["id"] for f in lint_job_description(balanced, RULES)["findings"]]
    assert "devops-heavy" not in [f["id"] for f in lint_job_description("Kubernetes and Docker.", RULES)["findings"]]


@pytest.mark.parametrize(("edit", "message"), [
    (lambda d: d["omit"][0].__setitem__("patterns", ["(unclosed"]), "is not a valid regular expression"),
    (lambda d: d["omit"][0].__setitem__("where", "footer"), "choose one of anywhere, headline"),
    (lambda d: d["include"][0].__setitem__("id", d["omit"][0]["id"]), "ids repeat"),
    (lambda d: d["balance"].__setitem__("mlops_share_min", 1.5), "between 0 and 1"),
    (lambda d: d["pay"].pop("why"), "[pay]: missing 'why'"),
    (lambda d: d["omit"][1].__setitem__("count", 0), "'count' must be 1 or more"),
    (lambda d: d["omit"][0].__setitem__("confidence", "sure"), "'confidence' must be one of high, medium, low"),
    (lambda d: d["omit"][0].__setitem__("suppressed_by", ["no-such-rule"]), "'suppressed_by' names no rule: no-such-rule"),
    (lambda d: d["omit"][0].__setitem__("unless", "sunshine"), "'unless' must be \"pay-range\""),
    (lambda d: d["pay"]["wide"].__setitem__("max_ratio", 1), "'max_ratio' must be more than 1"),
    (lambda d: d["pay"].__setitem__("context", ["(unclosed"]), "is not a valid regular expression"),
    (lambda d: d["language"]["stopwords"].pop("en"), "'stopwords' needs 'en'"),
    (lambda d: d["language"]["names"].pop("fr"), "'names' has no name for fr"),
    (lambda d: d["sections"].pop("nice"), "[sections]: missing 'nice'"),
])
def test_a_broken_rule_file_is_refused_with_the_field_named(edit, message):
    data = tomllib.loads(read_text(FILE))
    edit(data)
    with pytest.raises(DataError, match=__import__("re").escape(message)):
        parse_rules(data)
