"""A table read from a CSV file: named columns, numbers as float arrays, everything else as text."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable

from .csv_format import DELIMITER_NAMES


@dataclass
class Column:
    """One column of a table.

    ``numeric`` is a float64 array (NaN marks a missing cell) while every cell is a number or missing;
    otherwise ``text`` holds the trimmed strings as the file wrote them (``None`` marks a missing
    cell), ``first_non_number`` is ``(line, value)`` of the first cell that is not a number, and
    ``dates`` says whether every value is an ISO date.
    """

    name: str
    numeric: Any = None
    text: list[str | None] | None = None
    first_non_number: tuple[int, str] | None = None
    dates: bool = False  # a text column whose every value is an ISO date (see `types`)

    @property
    def kind(self) -> str:
        """"numeric", "date" or "text"."""
        if self.numeric is not None:
            return "numeric"
        return "date" if self.dates else "text"

    def __len__(self) -> int:
        return len(self.numeric) if self.numeric is not None else len(self.text or [])

    @property
    def missing(self) -> int:
        import numpy as np

        if self.numeric is not None:
            return int(np.count_nonzero(np.isnan(self.numeric)))
        return sum(1 for v in self.text or [] if v is None)

    @property
    def non_finite(self) -> int:
        import numpy as np

        if self.numeric is not None:
            return int(np.count_nonzero(np.isinf(self.numeric)))
        return 0


@dataclass
class Table:
    name: str
    columns: dict[str, Column]
    n_rows: int
    delimiter: str
    encoding: str
    notes: list[str] = field(default_factory=list)
    # Physical line numbers of data rows (0-based), found again from the source when a message needs them.
    lines_of_rows: Callable[[list[int]], list[int]] | None = field(default=None, repr=False, compare=False)

    def line_of_row(self, row: int) -> int:
        """The line of the file (1-based, as an editor shows it) that holds data row ``row``."""
        return self.lines_of_rows([row])[0] if self.lines_of_rows is not None else 0

    @property
    def delimiter_name(self) -> str:
        return DELIMITER_NAMES.get(self.delimiter, repr(self.delimiter))

    def describe(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "rows": self.n_rows,
            "columns": list(self.columns),
            "delimiter": self.delimiter_name,
            "encoding": self.encoding,
            "notes": list(self.notes),
        }
