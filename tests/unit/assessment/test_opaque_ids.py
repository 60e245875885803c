"""Nothing the page, the saved state or the export carries names an answer, and an edited export is caught."""

from __future__ import annotations

import json
import re

from evaluator import api
from evaluator.assessment.tokens import codec

from . import respondents as R
from .conftest import best_answers

TOKEN = {"q": re.compile(r"^q[0-9a-f]{8}$"), "a": re.compile(r"^a[0-9a-f]{8}$")}


def _bank_ids(bank):
    """The bank's item and option ids, less those that are shown content anyway (a column's name is its option)."""
    ids = {i.id for i in bank.items} | {o.id for i in bank.items for o in i.options}
    shown = {c.name for i in bank.items if i.reading for c in i.reading.columns}
    return {x for x in ids if not x.isdigit()} - shown


def _strings(value):
    if isinstance(value, dict):
        for k, v in value.items():
            yield k
            yield from _strings(v)
    elif isinstance(value, list):
        for v in value:
            yield from _strings(v)
    elif isinstance(value, str):
        yield value


def test_the_page_names_questions_and_options_by_seeded_tokens_only(bank):
    for seed in (0, 5, 2**32 - 1):
        page = api.assessment_bank(seed=seed)
        names = codec(bank, seed)
        for area in page["areas"]:
            for q in area["questions"]:
                assert TOKEN["q"].match(q["id"]), q["id"]
                for o in q.get("options", []):
                    assert TOKEN["a"].match(o["id"]) or (q["kind"] == "scope" and o["id"] in "01234"), o["id"]
        # no identifier of the bank anywhere on the page (a descriptive id would name the answer)
        found = set(_strings(page)) & _bank_ids(bank)
        assert not found, found
        # the keyed option's token is shaped like any other; foils' question tokens like real ones'
        for item in bank.items:
            if item.kind in ("scenario", "computed"):
                key = bank.keys[item.id] if item.kind == "computed" else next(o.id for o in item.options if o.credit == 1)
                shapes = {(len(names.option(item.id, o.id)), names.option(item.id, o.id)[0]) for o in item.options}
                assert len(shapes) == 1 and names.option(item.id, key) != key
        assert len({(len(names.item(i.id)), names.item(i.id)[0]) for i in bank.items}) == 1
    assert codec(bank, 1).item("cicd-foil") != codec(bank, 2).item("cicd-foil")  # seeded, not fixed


def test_saved_state_and_export_carry_tokens_and_rescore_the_same(bank):
    seed = 77
    names = codec(bank, seed)
    answers = names.encode_answers({**best_answers(bank), "cicd-evidence": "We gated on AUC against production."})
    files = api.assessment_export(answers=answers, seed=seed)
    document = json.loads(files["json"])
    found = set(_strings(document)) & _bank_ids(bank)
    assert not found, found
    assert document["answers"] == answers
    assert document["result"] == api.assessment_score(answers=answers, seed=seed)
    restored = api.assessment_restore(saved=files["json"], source="file")
    assert restored["answers"] == answers and restored["problems"] == [] and restored["edited"] is None
    # the result's own references (review, foils, probes) use the same tokens as the answers
    assert {r["item"] for r in document["result"]["review"]} <= set(answers) | {names.item(i.id) for i in bank.items}


def test_an_edited_export_says_it_was_changed_and_shows_both(bank):
    seed = 4
    page = api.assessment_bank(seed=seed)
    answers = R.surface(page, R.by_position(0), 2)
    files = api.assessment_export(answers=answers, seed=seed)
    document = json.loads(files["json"])
    true_mean = document["result"]["mean"]
    document["result"]["mean"] = 99
    document["result"]["level"]["label"] = "Staff or principal"
    restored = api.assessment_restore(saved=json.dumps(document), source="file")
    assert not restored["refused"] and restored["answers"] == answers
    assert restored["edited"] == {"stated": {"mean": 99, "level": "Staff or principal"},
                                  "computed": {"mean": true_mean, "level": document["result"]["level"]["label"] and
                                               api.assessment_score(answers=answers, seed=seed)["level"]["label"]}}
    [message] = restored["problems"]
    assert "changed after they were exported" in message and "mean 99" in message and f"mean {true_mean}" in message


def test_answers_saved_under_bank_1_0_0_get_a_clear_message(bank):
    old = {"schema": "mlops-kit/self-assessment/v1", "bank": {"version": "1.0.0", "hash": "0123456789ab"}, "seed": 3,
           "answers": {"cicd-gate-fails": "keep-and-report", "cicd-foil": "0"}}
    for source, where in (("saved", "Your saved answers"), ("file", "The answers in this file")):
        out = api.assessment_restore(saved=json.dumps(old), source=source)
        assert out["refused"] and out["reason"] == "other-version" and out["answers"] == {}
        assert out["problems"] == [
            f"{where} were given to version 1.0.0 of the questions (content 0123456789ab); this page asks version "
            f"{bank.version} (content {bank.hash}). They were not loaded, because the questions or the scoring may have "
            "changed and the result would be wrong."]


def test_a_bad_answer_from_the_page_is_named_by_its_token_without_listing_options(bank):
    import pytest

    from evaluator.errors import InputError

    names = codec(bank, 9)
    token = names.item("cicd-gate-fails")
    with pytest.raises(InputError) as caught:
        api.assessment_score(answers={token: "zz"}, seed=9)
    assert token in str(caught.value) and "keep-and-report" not in str(caught.value) and "cicd-gate-fails" not in str(caught.value)
