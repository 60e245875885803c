"""Seeds of private variants: how long they must be, how one is rolled, and how text becomes one.

The generators are public, so a variant's seed is its key: a candidate who finds the seed can
rebuild the answer key. A seed for a real candidate therefore comes from a space too large to
search (at least 2**48 values: every seed from FULL_SEED_MIN to SEED_MAX); a shorter seed is
accepted only for practice, and the key then says so. Both stages use these rules, in the CLI,
the browser page and the tests.
"""

from __future__ import annotations

import secrets
from typing import Any

from ..errors import InputError

SEED_MAX = 2**53 - 1  # the largest whole number a browser's JavaScript holds exactly
FULL_SEED_MIN = 2**48  # real variants: seeds from here to SEED_MAX (about 8.7 * 10**15 of them)
FULL_SEEDS = SEED_MAX - FULL_SEED_MIN + 1
PRACTICE_NOTE = (
    "**Practice variant.** Its seed is below {minimum}, so a candidate could find it by trying "
    "seeds against the files, and then read this key: use it to practise, never for a real candidate."
)


def grouped(number: int) -> str:
    """Digits in groups of three, to read aloud and copy without slips: 482 199 301 175."""
    return f"{number:,}".replace(",", " ")


def roll_seed() -> int:
    """A new seed for a real variant, from the operating system's cryptographic generator."""
    return FULL_SEED_MIN + secrets.randbelow(FULL_SEEDS)


def is_practice(seed: int) -> bool:
    return seed < FULL_SEED_MIN


def parse_seed(value: Any, *, practice: bool = False) -> int:
    """A seed from a whole number or text (digits may be grouped with spaces, commas or
    underscores). Below FULL_SEED_MIN only with ``practice``: such a seed can be searched for."""
    wrong = f"the seed must be a whole number from 0 to {SEED_MAX:,}"
    if isinstance(value, str):
        digits = "".join(ch for ch in value if ch not in " _,\t\n")
        if not digits:
            raise InputError(f"{wrong}; enter one, or roll a new one")
        if not digits.isdigit() or not digits.isascii():
            raise InputError(f"{wrong}; {value.strip()[:40]!r} is not one")
        value = int(digits)
    if isinstance(value, bool) or not isinstance(value, int):
        raise InputError(f"{wrong}, got {type(value).__name__}")
    if value < 0:
        raise InputError(f"{wrong}; {value:,} is negative")
    if value > SEED_MAX:
        raise InputError(f"{wrong}; {value:,} is too large")
    if value < FULL_SEED_MIN and not practice:
        raise InputError(
            f"the seed {grouped(value)} is too short for a real candidate: a seed below "
            f"{grouped(FULL_SEED_MIN)} can be found by trying seeds against the candidate's files; "
            "roll a new one, or mark the variant as practice")
    return value
