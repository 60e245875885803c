"""Shared pieces for the self-assessment tests: the site's bank and answer sets built from it."""

from __future__ import annotations

from pathlib import Path

import pytest

from evaluator.assessment.bank import Bank
from evaluator.assessment.load import load_bank

ROOT = Path(__file__).resolve().parents[3]
BANK_TOML = ROOT / "docs" / "data" / "assessment.toml"
LEVELS_TOML = ROOT / "docs" / "data" / "levels.toml"


@pytest.fixture(scope="session")
def bank() -> Bank:
    return load_bank()


def best_answers(bank: Bank, scope: str = "3") -> dict[str, str]:
    """Full credit everywhere, `scope` on every scope question, 0 on every foil, no evidence."""
    answers = {}
    for item in bank.items:
        if item.kind == "scope":
            answers[item.id] = scope
        elif item.kind == "foil":
            answers[item.id] = "0"
        elif item.kind == "scenario":
            answers[item.id] = next(o.id for o in item.options if o.credit == 1)
        elif item.kind == "computed":
            answers[item.id] = bank.keys[item.id]
    return answers
