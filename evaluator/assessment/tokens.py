"""Opaque identifiers for the page, the saved state and the export: nothing there names an answer.

Inside the evaluator, items and options keep the bank's readable ids ("cicd-gate-fails",
"keep-and-report"). Whatever leaves it for the page carries seeded tokens instead: a question is
"q" and 8 hex digits, an option "a" and 8 hex digits, both a hash of the attempt's seed and the
bank's ids. The same seed gives the same tokens (resume, export, re-import); a key, a red flag or
a foil looks like any other token. Scope ratings stay "0" to "4": they are the same for every
scope question, foils included.
"""

from __future__ import annotations

import hashlib
from typing import Any

from .bank import Bank


def _hash(*parts: object) -> str:
    return hashlib.sha256("|".join(map(str, parts)).encode("utf-8")).hexdigest()[:8]


class Codec:
    """Both directions between the bank's ids and one seed's tokens."""

    def __init__(self, bank: Bank, seed: int):
        self.seed = seed
        self.item_to: dict[str, str] = {}
        self.option_to: dict[tuple[str, str], str] = {}
        for item in bank.items:
            self.item_to[item.id] = "q" + _hash(seed, "item", item.id)
            for option in item.options:
                self.option_to[(item.id, option.id)] = "a" + _hash(seed, "option", item.id, option.id)
        self.item_from = {t: i for i, t in self.item_to.items()}
        self.option_from = {(item, t): o for (item, o), t in self.option_to.items()}
        if len(self.item_from) != len(self.item_to) or len(self.option_from) != len(self.option_to):
            raise ValueError(f"seed {seed} gives two questions or options the same token")  # 8 hex digits: not seen in practice

    def item(self, item_id: str) -> str:
        return self.item_to.get(item_id, item_id)

    def option(self, item_id: str, option_id: str) -> str:
        return self.option_to.get((item_id, option_id), option_id)

    def encode_answers(self, answers: dict[str, Any]) -> dict[str, Any]:
        return {self.item(k): (self.option(k, v) if isinstance(v, str) else v) for k, v in answers.items()}

    def decode_answers(self, answers: Any) -> Any:
        """Tokens back to the bank's ids; anything unknown is kept as given, so the checks name it."""
        if not isinstance(answers, dict):
            return answers
        out = {}
        for key, value in answers.items():
            item_id = self.item_from.get(key, key) if isinstance(key, str) else key
            if isinstance(value, str):
                value = self.option_from.get((item_id, value), value)
            out[item_id] = value
        return out

    def given_name(self, item_id: str) -> str:
        """How a message names a question: by the token the page knows it by."""
        return self.item(item_id)

    def encode_result(self, value: Any) -> Any:
        """Every item id in a result (values, lists and keys) replaced by its token."""
        if isinstance(value, dict):
            return {self.item_to.get(k, k) if isinstance(k, str) else k: self.encode_result(v) for k, v in value.items()}
        if isinstance(value, list):
            return [self.encode_result(v) for v in value]
        if isinstance(value, str):
            return self.item_to.get(value, value)
        return value


_CACHE: dict[tuple[int, str, int], Codec] = {}


def codec(bank: Bank, seed: int) -> Codec:
    """The codec of one bank and seed (the last few are kept: a page asks for the same seed again and again)."""
    key = (id(bank), bank.hash, seed)
    if key not in _CACHE:
        if len(_CACHE) >= 8:
            _CACHE.pop(next(iter(_CACHE)))
        _CACHE[key] = Codec(bank, seed)
    return _CACHE[key]
