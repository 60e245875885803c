"""A candidate's answers: the strict check before scoring.

Answers are ``{item id: option id}`` for choice questions (scope ratings are the option ids "0"
to "4") and ``{item id: text}`` for evidence prompts. `check_answers` refuses anything else with a
message naming the question. The forgiving restore of saved state lives in `restore.py`.
"""

from __future__ import annotations

from typing import Any

from ..errors import InputError
from .bank import EVIDENCE_MAX_CHARS, SCALE_STEPS, Bank, Item
from .tokens import Codec

SCHEMA = "mlops-kit/self-assessment/v1"
SEED_LIMIT = 2**32
SCOPE_OPTION_IDS = tuple(str(n) for n in range(SCALE_STEPS))


def option_ids(item: Item) -> tuple[str, ...]:
    if item.kind in ("scope", "foil"):
        return SCOPE_OPTION_IDS
    return tuple(o.id for o in item.options)


def answer_problem(item: Item, value: Any, public: bool = False) -> str | None:
    """Why `value` cannot be the answer to `item`, or None if it can (``public``: without naming the options,
    whose ids are the bank's own)."""
    if item.kind == "evidence":
        if not isinstance(value, str):
            return f"must be text, got {type(value).__name__}"
        if len(value) > EVIDENCE_MAX_CHARS:
            return f"is {len(value)} characters long; the limit is {EVIDENCE_MAX_CHARS}"
        return None
    allowed = option_ids(item)
    if not isinstance(value, str) or value not in allowed:
        if public and item.kind not in ("scope", "foil"):
            return f"is {value!r}, which is not one of its options"
        return f"is {value!r}, which is not one of its options ({', '.join(allowed)})"
    return None


def check_seed(seed: Any) -> int:
    if isinstance(seed, bool) or not isinstance(seed, int) or not 0 <= seed < SEED_LIMIT:
        raise InputError(f"seed must be a whole number from 0 to {SEED_LIMIT - 1}, got {seed!r}")
    return seed


def check_answers(bank: Bank, answers: Any, names: Codec | None = None) -> dict[str, str]:
    """The answers, checked strictly; `InputError` names the first bad one (by its token when `names`
    is given: the answers came from the page and were decoded). Empty evidence is dropped."""
    if not isinstance(answers, dict):
        raise InputError(f"answers must be an object mapping question ids to answers, got {type(answers).__name__}")
    out = {}
    for item_id, value in answers.items():
        item = bank.item(item_id) if isinstance(item_id, str) else None
        if item is None:
            raise InputError(f"answers holds {item_id!r}, which is not a question of bank version {bank.version}")
        problem = answer_problem(item, value, public=names is not None)
        if problem:
            raise InputError(f"the answer to {names.given_name(item_id) if names else item_id!r} {problem}")
        if item.kind == "evidence" and not value.strip():
            continue
        out[item_id] = value
    return out


def check_bank_identity(bank: Bank, version: Any, content: Any) -> None:
    """Refuse answers meant for another version of the questions (scoring them would mislead)."""
    if version is not None and (version != bank.version or (content is not None and content != bank.hash)):
        given = f"bank version {version}" + (f" (content {content})" if content is not None else "")
        raise InputError(
            f"these answers were given to {given}; this evaluator has version {bank.version} "
            f"(content {bank.hash}), so they cannot be scored here"
        )
