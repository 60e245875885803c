"""The linter against the team's corpus of job descriptions: exactly the expected findings, no more."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from evaluator.jd.linter import lint_job_description
from evaluator.jd.rules import default_rules

CORPUS = Path(__file__).parent / "corpus"
EXPECTED = tomllib.loads((CORPUS / "expected.toml").read_text(encoding="utf-8"))["description"]


def test_the_corpus_has_at_least_twelve_descriptions_good_and_bad_each_with_expectations():
    files = sorted(p.name for p in CORPUS.glob("*.md"))
    assert len(files) >= 12
    assert sorted(d["file"] for d in EXPECTED) == files
    verdicts = {d["verdict"] for d in EXPECTED}
    assert {"good", "bad"} <= verdicts


@pytest.mark.parametrize("case", EXPECTED, ids=[d["file"] for d in EXPECTED])
def test_findings_match_the_expectations_exactly(case):
    text = (CORPUS / case["file"]).read_text(encoding="utf-8")
    result = lint_job_description(text, default_rules())
    assert [f["id"] for f in result["findings"]] == case["findings"]
    highlights = {f["id"]: [s["text"] for s in f["spans"]] for f in result["findings"] if f["spans"]}
    assert highlights == case.get("highlights", {})
    for finding in result["findings"]:
        for span in finding["spans"]:
            assert text[span["start"]:span["end"]] == span["text"]


def test_good_descriptions_have_every_include_item_and_a_pay_range():
    rules = default_rules()
    for case in (d for d in EXPECTED if d["verdict"] == "good"):
        result = lint_job_description((CORPUS / case["file"]).read_text(encoding="utf-8"), rules)
        assert len(result["included"]) == len(rules.include), case["file"]
        assert result["balance"]["mlops"] > result["balance"]["devops"], case["file"]
