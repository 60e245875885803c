"""The CSV reader's fast path: a file that holds only numbers, parsed by numpy's C number parser.

The large files a drift check meets are mostly numbers, and reading them cell by cell in Python
is what made the general reader slow (a Python string per cell). Here the file is read in pieces
of a few megabytes and ``numpy.loadtxt``, numpy's C reader, parses each piece: it refuses a line
with another number of fields than the header's and converts each field with the same correctly
rounded results as Python's ``float``. No Python code runs per cell.

A file takes this path when its first line is the header and every later line holds only
numbers (digits, signs, decimal points, exponents, ``nan``, ``inf``, ``infinity``, spaces) and
empty fields (missing values), with exactly the header's number of fields, and no field starts with
a zero followed by a digit (``02134`` is a code, text by the rules of `types`). Anything else (quotes
or text in the data, other missing markers, decimal commas, blank lines, short or long rows,
UTF-16, a header that spans lines) is left to the general reader (`csv_reader`), which gives the
same table for the files this path takes, only more slowly: the tests check both on the same files.
"""

from __future__ import annotations

import codecs
import csv
import functools
import re
from typing import Any, Callable

from .csv_format import detect_delimiter, header_names
from .source import Source
from .table import Column, Table

PIECE_BYTES = 1 << 20  # bytes parsed at a time: a progress report each, and little memory
HEAD_BYTES = 256 << 10  # the start of the file that holds the header and decides the delimiter
_NUMBER_BYTES = b"0123456789+-.eE \t\r\n,;|nNaAiIfFtTyY"  # digits, nan, inf, infinity, delimiters, spaces

Progress = Callable[[str, int, int], Any]


@functools.lru_cache(maxsize=None)
def _leading_zero(delimiter: str) -> "re.Pattern[bytes]":
    """A field that starts (after spaces and a sign) with 0 and another digit."""
    return re.compile(rb"(?:^|[\n" + re.escape(delimiter.encode()) + rb"])[ \t]*[+-]?0[0-9]")


class _NotNumbers(Exception):
    """The file is not one this path reads; the general reader takes it."""


def _header_line(head: bytes) -> tuple[str, str, int]:
    """The header line's text, the file's encoding and the offset where the data starts."""
    start = len(codecs.BOM_UTF8) if head.startswith(codecs.BOM_UTF8) else 0
    end = head.find(b"\n", start)
    if end < 0 or b"\x00" in head or head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise _NotNumbers
    raw = head[start:end]
    try:
        text, encoding = raw.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        try:
            text, encoding = raw.decode("cp1252"), "cp1252"
        except UnicodeDecodeError:
            text, encoding = raw.decode("latin-1"), "latin-1"
    text = text.rstrip("\r")
    # a blank first line, control characters, or a quoted field running onto the next line
    if not text.strip() or any(ord(ch) < 32 and ch != "\t" for ch in text) or text.count('"') % 2:
        raise _NotNumbers
    return text, encoding, end + 1


def _fill_empty_fields(piece: bytes, d: bytes) -> bytes:
    """``nan`` in every empty field of a piece of whole lines (each ending in a newline)."""
    text = b"\n" + piece
    text = text.replace(b"\n" + d, b"\nnan" + d)
    text = text.replace(d + d, d + b"nan" + d).replace(d + d, d + b"nan" + d)  # twice: runs of empty fields
    text = text.replace(d + b"\r\n", d + b"nan\r\n").replace(d + b"\n", d + b"nan\n")
    return text[1:]


def _load(piece: bytes, delimiter: str) -> Any:
    import io
    import warnings

    import numpy as np

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # "input contained no data": the count of lines speaks for it
        return np.loadtxt(io.BytesIO(piece), dtype=np.float64, delimiter=delimiter, comments=None, ndmin=2, encoding="latin-1")


def _parse_piece(piece: bytes, delimiter: str, width: int) -> Any:
    """The numbers of a piece of whole lines as a (lines, width) array; `_NotNumbers` otherwise.

    ``numpy.loadtxt`` (numpy's C reader) splits the lines, refuses a line whose number of fields
    differs and a field that is no number, and converts each field with a correctly rounded
    parser. It skips blank lines silently: the count of its rows against the count of lines
    finds them. Empty fields (missing values) make it fail; only then are they filled with
    ``nan`` and the piece read again."""
    if piece.translate(None, _NUMBER_BYTES):
        raise _NotNumbers  # some byte that is no part of a number: text, quotes, comments, other markers
    if _leading_zero(delimiter).search(piece):
        raise _NotNumbers  # integer-like text with a leading zero (a code such as 02134): text, see `types`
    lines = piece.count(b"\n")
    try:
        values = _load(piece, delimiter)
    except ValueError:
        d = delimiter.encode()
        framed = b"\n" + piece
        empty_line = b"\n" + d * (width - 1)
        if width == 1 or empty_line + b"\n" in framed or empty_line + b"\r\n" in framed:
            raise _NotNumbers from None  # a line of empty fields: the general reader skips it as blank
        del framed
        try:
            values = _load(_fill_empty_fields(piece, d), delimiter)
        except ValueError:
            raise _NotNumbers from None  # a field that is no number, or a line with another number of fields
    if values.shape != (lines, width):
        raise _NotNumbers  # blank lines, skipped by loadtxt
    return values


def _grown(column: Any, capacity: int) -> Any:
    import numpy as np

    out = np.empty(capacity, dtype=np.float64)
    out[: column.size] = column
    return out


# Given the most rows the file can hold and its number of columns, arrays to read the columns into.
Allocate = Callable[[int, int], list]


def max_rows(data_bytes: int, width: int) -> int:
    """The most data rows ``data_bytes`` bytes of a numbers-only file can hold: a row of ``width``
    fields takes at least ``width`` bytes (one digit, the other fields empty, the delimiters and
    the newline), and the last row may lack its newline."""
    return data_bytes // max(width, 1) + 1


def read_numbers_only(source: Source, name: str, progress: Progress | None = None,
                      allocate: Allocate | None = None) -> Table | None:
    """The `Table` of a numbers-only file, or None when the file is not one (see the module).

    ``allocate``, if given, provides the columns' memory once, for `max_rows` rows (the columns
    are then views of it); otherwise the columns are allocated and grown as the file is read."""
    import numpy as np

    head = source.read(0, HEAD_BYTES)
    try:
        header_text, encoding, offset = _header_line(head)
        sample = head[offset:].decode("ascii", errors="replace")
        delimiter = detect_delimiter(header_text + "\n" + sample, more_follows=source.size > len(head))
        row = next(csv.reader([header_text], delimiter=delimiter))
        names = header_names(row, name)
        width = len(names)
        columns: list[Any] = []
        capacity = 0
        n_rows = 0
        position = offset
        carry = b""
        while position < source.size or carry:
            block = source.read(position, PIECE_BYTES)
            position += len(block)
            data = carry + block
            if position >= source.size:
                if not data:
                    break
                carry = b""
                if not data.endswith(b"\n"):
                    data += b"\n"
            else:
                cut = data.rfind(b"\n") + 1
                if cut == 0:
                    carry = data
                    continue
                data, carry = data[:cut], data[cut:]
            values = _parse_piece(data, delimiter, width)
            del data
            rows = values.shape[0]
            if not columns and allocate is not None:
                capacity = max_rows(source.size - offset, width)
                columns = allocate(capacity, width)
            if n_rows + rows > capacity:
                # sized from the lines per byte read so far, so each column is allocated about once
                expected = int((n_rows + rows) / (position - offset) * (source.size - offset) * 1.02) + 64
                capacity = max(expected, n_rows + rows)
                if not columns:
                    columns = [np.empty(capacity) for _ in names]
                else:
                    for j in range(width):  # one column at a time, so two copies never coexist
                        columns[j] = _grown(columns[j], capacity)
            for j in range(width):
                columns[j][n_rows : n_rows + rows] = values[:, j]
            n_rows += rows
            del values
            if progress is not None:
                progress(f"reading {name}", min(position, source.size), source.size)
    except _NotNumbers:
        return None
    if n_rows < 2:
        return None  # the general reader words the error for files without two data rows
    table = numbers_table(name, names, [col[:n_rows] if n_rows < capacity else col for col in columns],
                          n_rows, delimiter, encoding)
    del columns
    if progress is not None:
        progress(f"reading {name}", source.size, source.size)
    return table


def numbers_table(name: str, names: list[str], columns: list[Any], n_rows: int, delimiter: str, encoding: str) -> Table:
    """The `Table` of a numbers-only file from its parsed columns."""
    header_line = 1  # the header is the first line; every data row is one line below it
    return Table(name=name, columns={n: Column(n, numeric=col) for n, col in zip(names, columns)}, n_rows=n_rows,
                 delimiter=delimiter, encoding=encoding, lines_of_rows=lambda rows: [header_line + 1 + r for r in rows])
