"""The columns of a CSV file from its first bytes, for the drift lab's column pickers."""

from __future__ import annotations

import csv
from typing import Any

from ..errors import InputError
from ..tables import read_csv
from ..tables.csv_format import DELIMITERS


def columns_from_head(head: bytes, name: str) -> dict[str, Any]:
    """``{"columns", "numeric"}`` read from the complete lines of ``head`` (the start of a file),
    or ``{"columns": None, "reason"}`` when they cannot say (the reason is the reader's message)."""
    cut = head.rfind(b"\n")
    if cut < 0:
        return {"columns": None, "reason": f"{name}: no complete line in the first {len(head)} bytes"}
    try:
        table = read_csv(head[: cut + 1], name)
    except InputError as exc:
        return {"columns": None, "reason": str(exc)}
    columns = list(table.columns)
    return {"columns": columns, "numeric": [c for c in columns if table.columns[c].kind == "numeric"]}


def header_width(data: bytes) -> int:
    """How many fields the first line of a file splits into, with whichever delimiter the reader
    could pick (comma, semicolon, tab or pipe) that gives the most: at least the file's number of
    columns, found without reading the rest of the file (a 100,000-column file is refused at once)."""
    end = data.find(b"\n")
    first = (data if end < 0 else data[:end]).decode("utf-8", errors="replace")
    widths = []
    for delimiter in DELIMITERS:
        try:
            widths += [len(row) for row in csv.reader([first], delimiter=delimiter)]
        except csv.Error:  # a field over csv's size limit: this delimiter does not split the line
            widths.append(first.count(delimiter) + 1)
    return max(widths, default=0)
