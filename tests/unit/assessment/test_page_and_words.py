"""What the page receives, the rules it states, and where its links point."""

from __future__ import annotations

import json
import re

from evaluator.assessment.export import export
from evaluator.assessment.links import site_path
from evaluator.assessment.load import bank_from_text
from evaluator.assessment.questionnaire import for_page
from evaluator.assessment.rules_text import rules_in_words

from .conftest import BANK_TOML, LEVELS_TOML, best_answers


def test_the_page_gets_no_key_and_cannot_tell_a_foil(bank):
    page = for_page(bank, 11)
    text = json.dumps(page)
    for secret in ('"credit"', '"red_flag"', '"explain"', '"reveal"', '"band"', '"keys"'):
        assert secret not in text, secret
    for item in bank.items:
        assert (item.reveal or item.explain or "\x00") not in text, item.id
    questions = [q for a in page["areas"] for q in a["questions"]]
    assert len(questions) == len(bank.items)
    assert {q["kind"] for q in questions} == {"scope", "scenario", "computed", "evidence"}
    foils = {i.id for i in bank.items if i.kind == "foil"}
    scope_shapes = {json.dumps(sorted(q)) for q in questions if q["kind"] == "scope"}
    assert len(scope_shapes) == 1 and all(q["kind"] == "scope" for q in questions if q["id"] in foils)
    assert page["state"] == {"schema": "mlops-kit/self-assessment/v1", "bank": {"version": bank.version, "hash": bank.hash}}


def test_rules_are_written_from_the_bank_numbers(bank):
    words = " ".join(r["text"] for r in rules_in_words(bank))
    assert "70% from accuracy" in words and "30% from scope" in words and "below 60 is a gap" in words
    assert "Mid-level: supported scope at least 0.5, accuracy at least 55 and floor at least 35" in words
    assert ("with 1 or more red-flag answers the estimate is at most Mid-level; "
            "with 2 or more red-flag answers the estimate is at most Not yet mid-level") in words
    text = BANK_TOML.read_text(encoding="utf-8")
    changed = bank_from_text(text.replace("gap_below = 60", "gap_below = 55").replace("min_floor = 35", "min_floor = 30"),
                             LEVELS_TOML.read_text(encoding="utf-8"))
    words = " ".join(r["text"] for r in rules_in_words(changed))
    assert "below 55 is a gap" in words and "floor at least 30" in words
    assert "unverified" in words and "at most Mid-level" in words


def test_links_become_site_addresses():
    assert site_path("guide/core-skills.md#ci-cd-for-ml") == "guide/core-skills/#ci-cd-for-ml"
    assert site_path("guide/index.md#reading-order") == "guide/#reading-order"
    assert site_path("index.md#start-here") == "#start-here"


def test_markdown_export_links_and_escapes(bank):
    answers = {**best_answers(bank, "0"), "cicd-evidence": "A | pipe\nand a second line"}
    for item in bank.items:
        if item.area == "ci-cd" and item.scored:
            answers[item.id] = item.options[0].id if item.kind == "scenario" else answers[item.id]
    md = export(bank, answers, 5, site_url="https://example.org/kit/")["markdown"]
    assert "(https://example.org/kit/guide/core-skills/#ci-cd-for-ml)" in md
    assert "> A | pipe\n> and a second line" in md
    for line in md.splitlines():
        if line.startswith("|"):
            assert len(re.findall(r"(?<!\\)\|", line)) == line.count("|") - line.count("\\|")
    plain = export(bank, answers, 5)["markdown"]
    assert "(guide/core-skills.md#ci-cd-for-ml)" in plain
