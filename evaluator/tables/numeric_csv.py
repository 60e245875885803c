"""The CSV reader's fast path: a file that holds only numbers, parsed by numpy's C number parser.

The large files a drift check meets are mostly numbers, and reading them cell by cell in Python
is what made the general reader slow (a Python string per cell). Here the file is read in pieces
of a few megabytes; numpy's byte searches check that every line has exactly the header's number
of fields, and ``numpy.fromstring(piece, sep=delimiter)`` parses the numbers in C, with the same
correctly rounded results as Python's ``float``. No Python code runs per cell.

A file takes this path when its first line is the header and every later line holds only
numbers (digits, signs, decimal points, exponents, ``nan``, ``inf``, ``infinity``, spaces) and
empty fields (missing values), with exactly the header's number of fields. Anything else (quotes
or text in the data, other missing markers, decimal commas, blank lines, short or long rows,
UTF-16, a header that spans lines) is left to the general reader (`csv_reader`), which gives the
same table for the files this path takes, only more slowly: the tests check both on the same files.
"""

from __future__ import annotations

import codecs
import csv
import warnings
from typing import Any, Callable

from .csv_format import detect_delimiter, header_names
from .source import Source
from .table import Column, Table

PIECE_BYTES = 4 << 20  # bytes parsed at a time: large enough for numpy to run long, small for memory
HEAD_BYTES = 256 << 10  # the start of the file that holds the header and decides the delimiter
_NUMBER_BYTES = b"0123456789+-.eE \t\r\n,;|nNaAiIfFtTyY"  # digits, nan, inf, infinity, delimiters, spaces

Progress = Callable[[str, int, int], Any]


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


def _parse_piece(piece: bytes, delimiter: str, width: int) -> Any:
    """The numbers of a piece of whole lines as a (lines, width) array; `_NotNumbers` otherwise."""
    import numpy as np

    if piece.translate(None, _NUMBER_BYTES):
        raise _NotNumbers  # some byte that is no part of a number: text, quotes, other markers
    d = delimiter.encode()
    bytes_ = np.frombuffer(piece, dtype=np.uint8)
    line_ends = np.flatnonzero(bytes_ == 10)
    lines = line_ends.size
    framed = b"\n" + piece
    if width > 1:
        if b"\n" + d * (width - 1) + b"\n" in framed or b"\n" + d * (width - 1) + b"\r\n" in framed:
            raise _NotNumbers  # a line of empty fields: the general reader skips it as blank
        delimiters = np.flatnonzero(bytes_ == d[0])
        if delimiters.size != lines * (width - 1):
            raise _NotNumbers
        # the delimiters before each line end: exactly width - 1 more on every line
        if not np.array_equal(np.searchsorted(delimiters, line_ends), np.arange(1, lines + 1) * (width - 1)):
            raise _NotNumbers
        del delimiters
        piece = _fill_empty_fields(piece, d)
    elif b"\n\n" in framed or b"\n\r\n" in framed:
        raise _NotNumbers  # blank lines
    del bytes_, line_ends, framed
    flat = piece[:-1].replace(b"\n", d)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error")  # numpy warns (and will raise) when a piece does not parse to its end
            values = np.fromstring(flat, dtype=np.float64, sep=delimiter)
    except (ValueError, DeprecationWarning):
        raise _NotNumbers from None
    if values.size != lines * width:
        raise _NotNumbers
    return values.reshape(lines, width)


def read_numbers_only(source: Source, name: str, progress: Progress | None = None) -> Table | None:
    """The `Table` of a numbers-only file, or None when the file is not one (see the module)."""
    import numpy as np

    head = source.read(0, HEAD_BYTES)
    try:
        header_text, encoding, offset = _header_line(head)
        sample = head[offset:].decode("ascii", errors="replace")
        delimiter = detect_delimiter(header_text + "\n" + sample, more_follows=source.size > len(head))
        row = next(csv.reader([header_text], delimiter=delimiter))
        names = header_names(row, name)
        width = len(names)
        pieces: list[list[Any]] = [[] for _ in names]
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
            for j in range(width):
                pieces[j].append(np.ascontiguousarray(values[:, j]))
            n_rows += values.shape[0]
            del values
            if progress is not None:
                progress(f"reading {name}", min(position, source.size), source.size)
    except _NotNumbers:
        return None
    if n_rows < 2:
        return None  # the general reader words the error for files without two data rows
    columns = {}
    for column_name, column_pieces in zip(names, pieces):
        columns[column_name] = Column(column_name, numeric=np.concatenate(column_pieces))
        column_pieces.clear()
    if progress is not None:
        progress(f"reading {name}", source.size, source.size)
    header_line = 1  # the header is the first line; every data row is one line below it
    return Table(name=name, columns=columns, n_rows=n_rows, delimiter=delimiter, encoding=encoding,
                 lines_of_rows=lambda rows: [header_line + 1 + r for r in rows])
