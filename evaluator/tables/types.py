"""The type rules every reader applies: how a column of cells (strings) becomes numbers, dates or text.

One set of rules for the general CSV reader, its numbers-only fast path and any other reader (an
Apache Arrow reader must classify a column of strings with these same functions), so that a file
reads the same whichever reader takes it, however large it is and in whatever order its rows are:

- A cell is *missing* when, trimmed and in any case, it is one of `MISSING_MARKERS`.
- A cell is a *number* when Python's ``float`` reads it (trimmed), with two exceptions kept as
  text: integer-like text with a leading zero (``02134``, ``-007``: zip codes, ids, codes whose
  zeros matter) and text with an underscore (``1_000``, which ``float`` accepts but no export
  writes as a number). ``inf``, ``-inf`` and ``infinity`` are numbers (non-finite, counted apart).
  With a semicolon delimiter a decimal comma (``3,14``) is a number too.
- A cell is a *date* when it is an ISO 8601 calendar date, optionally with a time
  (``2026-10-05``, ``2026-10-05T14:30:00Z``) that ``datetime.fromisoformat`` reads.
- A column's type is decided on all of its non-missing cells at once, never on a first part of
  the file: *numeric* when every one is a number, *date* when every one is a date, else *text*.
  A column with no value at all is numeric (all missing).
- A text or date column keeps every cell as the file wrote it (trimmed of surrounding spaces): its
  categories are the file's own text, never a number written back (``0.50`` stays ``0.50``).
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any, Iterable, Sequence

MISSING_MARKERS = frozenset({"", "na", "n/a", "nan", "null", "none", "#n/a", "<na>", "-", "?", "missing"})

NUMERIC, DATE, TEXT = "numeric", "date", "text"

# integer-like text with a leading zero: a code, not a count (a lone "0" and "0.5" are numbers)
_LEADING_ZERO = re.compile(r"^[+-]?0\d+$")
_DECIMAL_COMMA = re.compile(r"^[+-]?\d+,\d+$")
# the same, found anywhere in a block of cells joined by newlines (one search instead of one per cell)
_LEADING_ZERO_IN_LINES = re.compile(r"^[ \t]*[+-]?0\d+[ \t]*$", re.MULTILINE)
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:[.,]\d{1,9})?)?(?:Z|[+-]\d{2}(?::?\d{2})?)?)?$")


def is_missing(cell: str) -> bool:
    """Whether a cell is a missing marker (trimmed, any case)."""
    return cell.strip().lower() in MISSING_MARKERS


def number(cell: str, *, decimal_comma: bool = False) -> float | None:
    """The number a (non-missing) cell holds, or None when the rules read it as text."""
    token = cell.strip()
    if "_" in token or _LEADING_ZERO.match(token):
        return None
    try:
        return float(token)
    except ValueError:
        pass
    if decimal_comma and _DECIMAL_COMMA.match(token):
        return float(token.replace(",", "."))
    return None


def is_date(cell: str) -> bool:
    """Whether a (non-missing) cell is an ISO 8601 date, optionally with a time."""
    token = cell.strip()
    if not _ISO_DATE.match(token):
        return False
    try:
        dt.datetime.fromisoformat(token.replace(",", ".").replace("Z", "+00:00"))
    except ValueError:
        return False
    return True


def numbers(cells: Sequence[str], *, decimal_comma: bool = False) -> Any:
    """The cells of a block as a float64 array (NaN for missing cells), or None when some
    non-missing cell is not a number. Fast for the common case of plain numbers: numpy converts
    them in one pass and one regular-expression search looks for leading zeros."""
    import numpy as np

    joined = "\n".join(cells)
    if "_" in joined or _LEADING_ZERO_IN_LINES.search(joined):
        return None
    try:
        return np.fromiter(map(float, cells), dtype=np.float64, count=len(cells))
    except ValueError:
        pass
    out = np.empty(len(cells), dtype=np.float64)
    for i, cell in enumerate(cells):
        if cell.strip().lower() in MISSING_MARKERS:
            out[i] = np.nan
            continue
        value = number(cell, decimal_comma=decimal_comma)
        if value is None:
            return None
        out[i] = value
    return out


def first_non_number(cells: Iterable[str], *, decimal_comma: bool = False) -> tuple[int, str] | None:
    """``(index, trimmed cell)`` of the first non-missing cell that is not a number, or None."""
    for i, cell in enumerate(cells):
        if cell.strip().lower() in MISSING_MARKERS:
            continue
        if number(cell, decimal_comma=decimal_comma) is None:
            return i, cell.strip()
    return None


def text_cells(cells: Iterable[str]) -> list[str | None]:
    """The cells of a text or date column: trimmed, None for a missing cell."""
    out: list[str | None] = []
    for cell in cells:
        token = cell.strip()
        out.append(None if token.lower() in MISSING_MARKERS else token)
    return out


def classify_text(values: Iterable[str | None]) -> str:
    """DATE when every non-missing value of a (non-numeric) column is an ISO date, else TEXT.
    Each distinct value is checked once."""
    seen = False
    for value in set(values):
        if value is None:
            continue
        seen = True
        if not is_date(value):
            return TEXT
    return DATE if seen else TEXT


def classify(cells: Sequence[str], *, decimal_comma: bool = False) -> str:
    """The type of a whole column of cells: NUMERIC, DATE or TEXT (see the module)."""
    if numbers(cells, decimal_comma=decimal_comma) is not None:
        return NUMERIC
    return classify_text(text_cells(cells))
