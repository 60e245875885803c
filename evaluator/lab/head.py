"""The columns of a CSV file from its first bytes, for the drift lab's column pickers."""

from __future__ import annotations

from typing import Any

from ..errors import InputError
from ..tables import read_csv


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
