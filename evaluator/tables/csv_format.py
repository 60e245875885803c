"""What every CSV reader here shares: missing markers, delimiters, delimiter detection, header rules."""

from __future__ import annotations

import csv
import io

from ..errors import InputError
from .types import MISSING_MARKERS
DELIMITERS = (",", ";", "\t", "|")
DELIMITER_NAMES = {",": "comma", ";": "semicolon", "\t": "tab", "|": "pipe"}
SAMPLE_CHARS = 65536  # the start of the file that decides the delimiter


def non_blank(row: list[str]) -> bool:
    if not row:
        return False
    return bool(row[0].strip()) or any(cell.strip() for cell in row)


def detect_delimiter(text: str, *, more_follows: bool = False) -> str:
    """The delimiter that splits the first lines of ``text`` into the same number (more than one) of
    fields: comma, semicolon, tab or pipe (comma when none does). ``more_follows``: ``text`` is only
    the start of the file."""
    sample = text[:SAMPLE_CHARS]
    truncated = more_follows or len(text) > len(sample)
    best, best_width = ",", 1
    for delimiter in DELIMITERS:
        try:
            rows = [r for r in csv.reader(io.StringIO(sample), delimiter=delimiter) if non_blank(r)]
        except csv.Error:
            continue
        if truncated and len(rows) > 1:
            rows = rows[:-1]
        rows = rows[:50]
        if not rows:
            continue
        width = len(rows[0])
        if width <= 1:
            continue
        consistent = sum(1 for r in rows if len(r) == width) / len(rows)
        if consistent >= 0.9 and width > best_width:
            best, best_width = delimiter, width
    return best


def looks_like_number(token: str) -> bool:
    try:
        float(token)
    except ValueError:
        return False
    return True


def header_names(row: list[str], name: str) -> list[str]:
    """The column names of a header row: trimmed, ``column_<n>`` for an empty name, ``.2``, ``.3``, ...
    for repeats; a row made only of numbers is refused (the file has no header)."""
    names = [cell.strip() for cell in row]
    if all(n and n.lower() not in MISSING_MARKERS and looks_like_number(n) for n in names):
        raise InputError(
            f"{name} has no header: its first row ({', '.join(names[:5])}{', ...' if len(names) > 5 else ''}) "
            "is all numbers; add a first row with the column names"
        )
    seen: dict[str, int] = {}
    out = []
    for i, n in enumerate(names, start=1):
        if not n:
            n = f"column_{i}"
        if n in seen:
            seen[n] += 1
            n = f"{n}.{seen[n]}"
        seen.setdefault(n, 1)
        out.append(n)
    return out
