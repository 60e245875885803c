"""Read a CSV file (given as bytes) into columns: numbers as float arrays, everything else as text.

A file of numbers only is parsed by numpy in C (`numeric_csv`); any other file by the general reader
here, where stdlib `csv` does the quoting and numpy holds the numbers. The rules, which the drift report and the
site's method page repeat:

- Encoding: UTF-8 (a byte-order mark is dropped), UTF-16 when the file starts with its BOM, and
  Windows-1252 / Latin-1 as the fallback for legacy exports. A file with NUL bytes or many control
  characters is refused as "not text".
- Delimiter: comma, semicolon, tab or pipe, whichever splits the first lines into the same number
  (more than one) of fields; a file with one column needs none.
- Header: the first non-blank row. A first row made only of numbers is refused (the file has no
  header). Empty names become ``column_<n>``, repeated names get ``.2``, ``.3``, ...
- Blank lines (and rows whose fields are all empty) are skipped. A short row is padded with
  missing cells; a row with more fields than the header is an error naming the line.
- Missing markers (case-insensitive, after trimming spaces): empty, NA, N/A, NaN, null, None,
  #N/A, <NA>, "-", "?" and "missing". In a numeric column these become NaN; ``inf``, ``-inf`` and
  ``infinity`` are read as non-finite numbers, counted apart from missing cells.
- Types (`types`, the rules every reader shares): a column is numeric when every non-missing cell
  in the whole file is a number (numbers stored as text such as ``" 42 "`` or ``"1e3"`` count; with
  a semicolon delimiter a decimal comma such as ``3,14`` counts too; integer-like text with a
  leading zero such as ``02134`` does not: it is a code). Otherwise the column is text (or dates,
  when every value is an ISO date), every cell kept as the file wrote it, and the first cell that
  is not a number is remembered (line and value) so that a report can say why. The decision is
  the same whichever chunk of the file a cell falls in.
"""

from __future__ import annotations

import codecs
import csv
import io
import itertools
from typing import Any, Callable, Iterator

from ..errors import InputError
from . import types
from .csv_format import DELIMITER_NAMES, detect_delimiter, header_names, non_blank
from .numeric_csv import read_numbers_only
from .source import Source
from .table import Column, Table

_CHUNK_ROWS = 50_000

Progress = Callable[[str, int, int], Any]


def _decode(data: bytes, name: str) -> tuple[str, str]:
    if not isinstance(data, (bytes, bytearray, memoryview)):
        raise InputError(f"{name}: expected the file's bytes, got {type(data).__name__}")
    data = bytes(data)
    if len(data.strip()) == 0 or data in (codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE):
        raise InputError(f"{name} is empty: it needs a header row and at least two data rows")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError:
            raise InputError(f"{name} starts like UTF-16 text but does not decode as UTF-16") from None
    head = data[:8192]
    if b"\x00" in head:
        raise InputError(f"{name} is not a text file (it contains NUL bytes); export the data as CSV")
    try:
        text, encoding = data.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError:
        try:
            text, encoding = data.decode("cp1252"), "cp1252"
        except UnicodeDecodeError:
            text, encoding = data.decode("latin-1"), "latin-1"
    sample = text[:4096]
    controls = sum(1 for ch in sample if ord(ch) < 32 and ch not in "\t\r\n\f\v")
    if controls > max(3, len(sample) // 50):
        raise InputError(f"{name} is not a text file ({controls} control characters in its first 4 KB); export the data as CSV")
    return text, encoding


class _ColumnBuilder:
    """One column's cells, chunk by chunk. While every cell so far is a number (or missing) only
    the numbers are kept; at the first cell that is not one, the column's cells are read again
    from the file's text, so a text column holds every cell as written (see `types`)."""

    def __init__(self, name: str, index: int, decimal_comma: bool, cells_so_far: Callable[[int, int], list[str]]):
        self.name = name
        self.index = index
        self.decimal_comma = decimal_comma
        self.cells_so_far = cells_so_far  # (column index, rows) -> the column's first cells, as written
        self.chunks: list[Any] = []  # float arrays while numeric
        self.text: list[str | None] | None = None
        self.first_non_number: tuple[int, str] | None = None

    def add(self, values: tuple[str, ...], first_row: int) -> None:
        """Add one chunk of cells; ``first_row`` is the 0-based data-row index of its first cell."""
        if self.text is None:
            arr = types.numbers(values, decimal_comma=self.decimal_comma)
            if arr is not None:
                self.chunks.append(arr)
                return
            found = types.first_non_number(values, decimal_comma=self.decimal_comma)
            assert found is not None
            self.first_non_number = (first_row + found[0], found[1])  # a row index until read_csv makes it a line
            self.chunks = []
            self.text = types.text_cells(self.cells_so_far(self.index, first_row)) if first_row else []
        self.text.extend(types.text_cells(values))

    def build(self) -> Column:
        import numpy as np

        if self.text is not None:
            return Column(self.name, text=self.text, first_non_number=self.first_non_number,
                          dates=types.classify_text(self.text) == types.DATE)
        numeric = np.concatenate(self.chunks) if self.chunks else np.empty(0, dtype=np.float64)
        return Column(self.name, numeric=numeric)


def _data_rows(text: str, delimiter: str) -> Iterator[list[str]]:
    """The data rows of the text as the reader sees them: blank rows skipped, the header left out."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    header_seen = False
    for row in reader:
        if not non_blank(row):
            continue
        if not header_seen:
            header_seen = True
            continue
        yield row


def _column_cells(text: str, delimiter: str, column: int, rows: int) -> list[str]:
    """The first ``rows`` cells of one column as written (a short row's missing cell is empty)."""
    return [row[column] if column < len(row) else "" for row in itertools.islice(_data_rows(text, delimiter), rows)]


def _lines_of_rows(text: str, delimiter: str, rows: list[int]) -> list[int]:
    """Physical line numbers of some data rows (0-based, blank lines not counted), by reading the
    text again as far as the last of them: only needed for messages, so kept off the fast path."""
    wanted = sorted(set(rows))
    found: dict[int, int] = {}
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    index = -1  # the header is row -1
    header_seen = False
    try:
        for row in reader:
            if not non_blank(row):
                continue
            if not header_seen:
                header_seen = True
                continue
            index += 1
            if index in wanted:
                found[index] = reader.line_num
                if len(found) == len(wanted):
                    break
    except csv.Error:
        pass
    return [found.get(r, 0) for r in rows]


def read_csv(data: Any, name: str = "file", progress: Progress | None = None) -> Table:
    """Read a CSV file into a `Table`; raise `InputError` with a specific message for unusable files.

    ``data`` is the file's bytes or, natively, an open binary file (read in pieces when the file
    takes the fast path, so it is never held whole). A file of numbers only takes the fast path
    (`numeric_csv`); any other file the general one below, with the same result for the files
    both can read. ``progress``, if given, is called as ``progress(stage, done, total)`` as the
    reading goes on, so a CLI or a browser can show a bar. A file needs a header and at least two
    data rows.
    """
    source = Source(data, name)
    table = read_numbers_only(source, name, progress)
    if table is not None:
        return table
    return read_text_csv(source.all(), name, progress)


def read_text_csv(data: bytes, name: str = "file", progress: Progress | None = None) -> Table:
    """The general reader: any CSV text, through the standard library's `csv` (see the module).

    ``progress`` counts lines."""
    text, encoding = _decode(data, name)
    delimiter = detect_delimiter(text)
    total_lines = text.count("\n") + 1
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    notes: list[str] = []
    header: list[str] | None = None
    try:
        for row in reader:
            if non_blank(row):
                header = header_names(row, name)
                break
    except csv.Error as exc:
        raise InputError(f"{name}: cannot read the header row as CSV ({exc})") from None
    if header is None:
        raise InputError(f"{name} is empty: it needs a header row and at least two data rows")
    width = len(header)
    def cells_so_far(column: int, rows: int) -> list[str]:
        return _column_cells(text, delimiter, column, rows)

    builders = [_ColumnBuilder(n, j, (delimiter == ";"), cells_so_far) for j, n in enumerate(header)]
    n_rows = 0
    short_rows = 0
    blank = 0
    while True:
        # Rows are taken in chunks and checked with comprehensions: the per-row Python work is
        # what limits the speed of reading large files.
        try:
            chunk = list(itertools.islice(reader, _CHUNK_ROWS))
        except csv.Error as exc:
            raise InputError(f"{name}, line {reader.line_num}: not valid CSV ({exc})") from None
        if not chunk:
            break
        size = len(chunk)
        chunk = [r for r in chunk if r and (r[0].strip() or any(c.strip() for c in r))]
        blank += size - len(chunk)
        for i in [i for i, r in enumerate(chunk) if len(r) != width]:
            row = chunk[i]
            if len(row) < width:
                short_rows += 1
                chunk[i] = row + [""] * (width - len(row))
            elif not any(cell.strip() for cell in row[width:]):
                chunk[i] = row[:width]
            else:
                line = _lines_of_rows(text, delimiter, [n_rows + i])[0]
                raise InputError(
                    f"{name}, line {line}: {len(row)} fields but the header has {width} "
                    f"(delimiter: {DELIMITER_NAMES[delimiter]}); check the quoting on that line"
                )
        if chunk:
            for builder, values in zip(builders, zip(*chunk)):
                builder.add(values, n_rows)
            n_rows += len(chunk)
        if progress is not None:
            progress(f"reading {name}", reader.line_num, total_lines)
    if progress is not None:
        progress(f"reading {name}", total_lines, total_lines)
    if n_rows == 0:
        raise InputError(f"{name} has a header but no data rows; drift needs at least two rows in each file")
    if n_rows == 1:
        raise InputError(f"{name} has a single data row; drift needs at least two rows in each file")
    if short_rows:
        notes.append(f"{short_rows} row(s) had fewer fields than the header; the missing cells count as missing")
    if blank:
        notes.append(f"{blank} blank line(s) skipped")
    pending = [b for b in builders if b.first_non_number is not None]
    if pending:
        lines = _lines_of_rows(text, delimiter, [b.first_non_number[0] for b in pending])
        for b, line in zip(pending, lines):
            b.first_non_number = (line, b.first_non_number[1])
    columns = {b.name: b.build() for b in builders}
    return Table(name=name, columns=columns, n_rows=n_rows, delimiter=delimiter, encoding=encoding, notes=notes,
                 # the bytes, not the decoded text: the caller holds them anyway, and lines are rarely asked for
                 lines_of_rows=lambda rows: _lines_of_rows(_decode(data, name)[0], delimiter, rows))
