"""Saved state and imported files: damaged, hand-edited or from another bank version, each with a clear message."""

from __future__ import annotations

import json

import pytest

from evaluator.assessment.answers import check_answers
from evaluator.assessment.restore import restore
from evaluator.assessment.export import export
from evaluator.assessment.result import score, state
from evaluator.errors import InputError

from .conftest import best_answers


def saved_text(bank, answers, seed=99):
    return json.dumps(state(bank, answers, seed))


def test_round_trip(bank):
    answers = {**best_answers(bank), "cicd-evidence": "Gate on AUC vs production."}
    out = restore(bank, saved_text(bank, answers))
    assert out == {"answers": answers, "seed": 99, "problems": [], "refused": False, "reason": None, "recovered": False, "edited": None}


def test_every_cut_of_the_saved_text_keeps_the_answers_before_it(bank):
    answers = best_answers(bank)
    text = saved_text(bank, answers)
    head = text.index('"answers"')
    for cut in range(head, len(text) - 1, 7):
        out = restore(bank, text[:cut])
        assert not out["refused"], cut
        assert out["recovered"] and "were damaged" in out["problems"][0] and f" of {cut})" in out["problems"][0]
        kept = out["answers"]
        assert all(answers[k] == v for k, v in kept.items())  # nothing invented or altered
        # every answer whose value was complete before the cut survives
        for item_id, value in answers.items():
            pair = json.dumps(item_id) + ": " + json.dumps(value)
            if text.find(pair) + len(pair) <= cut and text.find(pair) >= head:
                assert kept.get(item_id) == value, (cut, item_id)
    assert restore(bank, text[:head])["answers"] == {}  # cut before the answers: none, but not refused


def test_header_cut_off_is_refused_with_a_reason(bank):
    text = saved_text(bank, best_answers(bank))
    out = restore(bank, text[: text.index('"version"')])
    assert out["refused"] and "do not say which version of the questions they answer" in out["problems"][-1]
    out = restore(bank, text[:30])
    assert out["refused"] and "holds no recognisable answers" in out["problems"][-1]


def test_not_json_at_all(bank):
    out = restore(bank, "hello")
    assert out["refused"] and out["reason"] == "unreadable" and "not valid JSON" in out["problems"][0] and "no recognisable answers" in out["problems"][0]
    out = restore(bank, b"\xff\xfe")
    assert out["refused"] and "not text" in out["problems"][0]


def test_hand_edited_values_and_unknown_questions_are_dropped_one_by_one(bank):
    answers = best_answers(bank)
    edited = {**answers, "cicd-gate-fails": "zz", "mon-scope-drift": 7, "retired-question": "a", "fs-evidence": 42}
    out = restore(bank, saved_text(bank, edited))
    assert not out["refused"]
    assert out["answers"] == {k: v for k, v in answers.items() if k not in ("cicd-gate-fails", "mon-scope-drift")}
    text = "\n".join(out["problems"])
    assert "The answer to question 'cicd-gate-fails' is 'zz', which is not one of its options" in text
    assert "'mon-scope-drift' is 7" in text
    assert "question 'retired-question' was dropped: version 2.0.0 of the questions has no such question" in text
    assert "'fs-evidence' must be text" in text
    assert len(out["problems"]) == 4


def test_another_bank_version_is_refused_and_says_which(bank):
    document = state(bank, best_answers(bank), 5)
    document["bank"]["version"] = "0.9.0"
    out = restore(bank, json.dumps(document), source="file")
    assert out["refused"] and out["answers"] == {} and out["reason"] == "other-version"
    assert out["problems"][0].startswith("The answers in this file were given to version 0.9.0 of the questions")
    assert f"this page asks version {bank.version} (content {bank.hash})" in out["problems"][0]
    document["bank"] = {"version": bank.version, "hash": "000000000000"}
    out = restore(bank, json.dumps(document))
    assert out["refused"] and "the same version number but different content" in out["problems"][0]


def test_wrong_schema_and_bad_seed(bank):
    out = restore(bank, json.dumps({"schema": "mlops-kit/drift-report/v1"}))
    assert out["refused"] and "not answers to this self-assessment" in out["problems"][0]
    document = state(bank, best_answers(bank), 5)
    document["seed"] = -3
    out = restore(bank, json.dumps(document))
    assert out["seed"] is None and not out["refused"] and "a new order was drawn" in out["problems"][0]


def test_an_export_can_be_imported_and_rescored_identically(bank):
    answers = {**best_answers(bank, "2"), "dbg-evidence": "Frozen feature after a cache change."}
    answers["fs-late-delivery"] = "retrain"
    exported = export(bank, answers, 1234)
    document = json.loads(exported["json"])
    assert document["result"] == score(bank, answers, 1234)
    back = restore(bank, exported["json"], source="file")
    assert back["answers"] == answers and back["seed"] == 1234 and back["problems"] == []
    assert score(bank, back["answers"], back["seed"]) == document["result"]


def test_strict_check_before_scoring(bank):
    with pytest.raises(InputError, match="'nope', which is not a question of bank version 2.0.0"):
        check_answers(bank, {"nope": "a"})
    with pytest.raises(InputError, match="the answer to 'cicd-scope-gate' is 5, which is not one of its options"):
        check_answers(bank, {"cicd-scope-gate": 5})
    with pytest.raises(InputError, match="answers must be an object"):
        check_answers(bank, ["a"])
    with pytest.raises(InputError, match="is 4001 characters long; the limit is 4000"):
        check_answers(bank, {"cicd-evidence": "x" * 4001})
    with pytest.raises(InputError, match="seed must be a whole number"):
        score(bank, {}, "12")
