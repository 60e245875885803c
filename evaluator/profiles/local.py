"""The local engine: a drift profile of a table already read into memory (numpy only)."""

from __future__ import annotations

from collections import Counter
from typing import Any

import numpy as np

from ..tables import Column, Table
from .format import make_profile, numeric_entry, text_entry


def _order(finite: np.ndarray) -> list | None:
    """``[first, last, steps up by one]`` of the finite values in file order (a row counter's sign)."""
    if finite.size == 0:
        return None
    return [float(finite[0]), float(finite[-1]), bool(np.all(np.diff(finite) == 1))]


def column_profile(col: Column) -> dict[str, Any]:
    if col.kind == "numeric":
        x = np.asarray(col.numeric, dtype=np.float64)
        nan = np.isnan(x)
        finite = x[np.isfinite(x)]
        pos_inf = int(np.count_nonzero(x == np.inf))
        neg_inf = int(np.count_nonzero(x == -np.inf))
        whole = bool(np.all(np.floor(finite) == finite))
        return numeric_entry(col.name, x.size, int(np.count_nonzero(nan)), neg_inf, pos_inf, finite,
                             whole=whole, order=_order(finite))
    cells = col.text or []
    counts = Counter(v for v in cells if v is not None)
    first = list(col.first_non_number) if col.first_non_number is not None else None
    return text_entry(col.name, len(cells), len(cells) - sum(counts.values()), list(counts), list(counts.values()), first,
                      bool(getattr(col, "dates", False)))


def profile_table(table: Table) -> dict[str, Any]:
    """The drift profile of a table (every column; see `format`)."""
    columns = [column_profile(col) for col in table.columns.values()]
    return make_profile(table.name, table.n_rows, table.delimiter, table.encoding, table.notes, columns)
