"""The forgiving restore of saved state: an export file or the page's saved answers.

`restore` reads saved state or an export file that may be damaged, hand-edited or from another
version of the bank: it keeps every answer it can, says plainly what it dropped and why, refuses
answers given to different questions, and says when the figures written in an export do not follow
from its answers. It sits above `answers` (the strict check) and `result` (scoring), which it uses.
"""

from __future__ import annotations

import json
import re
from typing import Any

from ..errors import InputError
from .answers import SCHEMA, SEED_LIMIT, answer_problem
from .bank import Bank
from .result import score
from .tokens import codec



def _salvage(text: str) -> tuple[dict[str, Any], dict[str, Any]]:
    """What can be read from the start of a cut-off JSON state: header fields and complete answers."""
    decoder = json.JSONDecoder()
    header: dict[str, Any] = {}
    for name, pattern in (("version", r'"version"\s*:\s*"([^"\\]*)"'), ("hash", r'"hash"\s*:\s*"([0-9a-f]*)"'),
                          ("seed", r'"seed"\s*:\s*(\d+)'), ("schema", r'"schema"\s*:\s*"([^"\\]*)"')):
        match = re.search(pattern, text)
        if match:
            header[name] = int(match.group(1)) if name == "seed" else match.group(1)
    answers: dict[str, Any] = {}
    start = re.search(r'"answers"\s*:\s*\{', text)
    if not start:
        return header, answers
    pos = start.end()
    pair = re.compile(r'\s*,?\s*')
    while True:
        pos = pair.match(text, pos).end()
        try:
            key, pos = decoder.raw_decode(text, pos)
            colon = re.compile(r'\s*:\s*').match(text, pos)
            if not isinstance(key, str) or not colon:
                break
            value, pos = decoder.raw_decode(text, colon.end())
        except (ValueError, IndexError):
            break
        answers[key] = value
    return header, answers


def restore(bank: Bank, saved: Any, source: str = "saved", public: bool = False) -> dict[str, Any]:
    """Read saved state or an export (JSON text or an already parsed object), keeping what is usable.

    Returns ``{"answers", "seed", "problems", "refused", "reason", "recovered"}``: ``problems``
    lists one plain sentence per thing that went wrong; ``refused`` is true when nothing could be
    read (``reason`` "unreadable") or the answers belong to other questions (``reason``
    "other-version"), and then ``answers`` is empty. ``public``: the answers are in the page's
    tokens (`tokens.Codec` of the saved seed), and so are the answers returned. An export whose
    stated result does not follow from its answers is reported in ``edited`` (stated and re-scored
    figures) with a problem sentence; the answers are kept and re-scored.
    """
    where = "Your saved answers" if source == "saved" else "The answers in this file"
    problems: list[str] = []
    recovered = False
    if isinstance(saved, (bytes, bytearray)):
        try:
            saved = bytes(saved).decode("utf-8")
        except UnicodeDecodeError:
            return _refuse(f"{where} could not be read: it is not text (UTF-8).")
    if isinstance(saved, str):
        try:
            state = json.loads(saved)
        except ValueError as exc:
            header, answers = _salvage(saved)
            if not answers and not header:
                return _refuse(f"{where} could not be read: the text is not valid JSON ({exc.msg} at character {exc.pos}) and holds no recognisable answers.")
            state = {"bank": {"version": header.get("version"), "hash": header.get("hash")}, "seed": header.get("seed"),
                     "schema": header.get("schema"), "answers": answers}
            recovered = True
            problems.append(f"{where} were damaged (the text stops being valid JSON at character {exc.pos} of {len(saved)}). "
                            f"{len(answers)} answer(s) before that point were recovered; anything after it was lost.")
    else:
        state = saved
    if not isinstance(state, dict):
        return _refuse(f"{where} could not be read: expected an object with the answers, got {type(state).__name__}.")
    if state.get("schema") not in (None, SCHEMA):
        return _refuse(f"{where} are not answers to this self-assessment (their format is {state.get('schema')!r}, expected {SCHEMA!r}).")

    identity = state.get("bank")
    version = identity.get("version") if isinstance(identity, dict) else None
    content = identity.get("hash") if isinstance(identity, dict) else None
    if version is None:
        return _refuse(f"{where} do not say which version of the questions they answer, so they cannot be matched to these questions safely.",
                       problems, reason="other-version")
    if version != bank.version or (content is not None and content != bank.hash):
        edition = "the same version number but different content" if version == bank.version else f"version {version}"
        return _refuse(
            f"{where} were given to {edition} of the questions (content {content or 'unknown'}); "
            f"this page asks version {bank.version} (content {bank.hash}). They were not loaded, because the questions "
            "or the scoring may have changed and the result would be wrong.", problems, reason="other-version")

    seed = state.get("seed")
    if isinstance(seed, bool) or not isinstance(seed, int) or not 0 <= seed < SEED_LIMIT:
        problems.append(f"{where} had no usable option order (seed {seed!r}); a new order was drawn.")
        seed = None

    answers = state.get("answers")
    if not isinstance(answers, dict):
        problems.append(f"{where} held no answers object (found {type(answers).__name__}).")
        answers = {}
    names = codec(bank, seed) if public and seed is not None else None
    given = {names.item_from.get(k, k): k for k in answers if isinstance(k, str)} if names else {}  # messages name what the file says
    if names:
        answers = names.decode_answers(answers)
    kept: dict[str, Any] = {}
    for item_id, value in answers.items():
        item = bank.item(item_id)
        shown = given.get(item_id, item_id)
        if item is None:
            problems.append(f"An answer for question {shown!r} was dropped: version {bank.version} of the questions has no such question.")
            continue
        problem = answer_problem(item, value, public=public)
        if problem:
            problems.append(f"The answer to question {shown!r} {problem}; that question is unanswered again.")
            continue
        if item.kind == "evidence" and not value.strip():
            continue
        kept[item_id] = value
    edited = _edited(bank, state.get("result"), kept, seed) if seed is not None else None
    if edited:
        stated, computed = edited["stated"], edited["computed"]
        problems.append(
            f"{where} were changed after they were exported: the file states "
            + ", ".join(f"{k} {stated[k]}" for k in stated) + "; its answers give "
            + ", ".join(f"{k} {computed[k]}" for k in computed)
            + ". The answers were loaded and scored again; the figures written in the file were ignored.")
    out = names.encode_answers(kept) if names else kept
    return {"answers": out, "seed": seed, "problems": problems, "refused": False, "reason": None, "recovered": recovered,
            "edited": edited}


_FIGURES = ("mean", "floor", "accuracy", "level")


def _figures(result: dict[str, Any]) -> dict[str, Any]:
    return {"mean": result.get("mean"), "floor": (result.get("floor") or {}).get("score"), "accuracy": result.get("accuracy"),
            "level": (result.get("level") or {}).get("label"),
            **{f"{a.get('title', a.get('id'))} score": a.get("score") for a in result.get("areas") or [] if isinstance(a, dict)}}


def _edited(bank: Bank, stated: Any, answers: dict[str, Any], seed: int) -> dict[str, Any] | None:
    """The stated figures that differ from what the answers give, or None (no result in the file, or all agree)."""
    if not isinstance(stated, dict):
        return None
    try:
        computed = _figures(score(bank, answers, seed))
        claimed = _figures(stated)
    except (InputError, AttributeError, TypeError):
        return None
    differ = [k for k in computed if claimed.get(k) != computed[k]]
    if not differ:
        return None
    return {"stated": {k: claimed.get(k) for k in differ}, "computed": {k: computed[k] for k in differ}}


def _refuse(message: str, problems: list[str] | None = None, reason: str = "unreadable") -> dict[str, Any]:
    return {"answers": {}, "seed": None, "problems": [*(problems or []), message], "refused": True, "reason": reason, "recovered": False,
            "edited": None}
