"""Parquet and Arrow IPC files read natively through Apache Arrow (pyarrow, the ``arrow`` extra),
into the same `Table` the CSV reader gives, by the project's type rules (`csv_format`):

- integer, floating-point and decimal columns are numeric (nulls are missing);
- text columns follow the CSV rule: cells are trimmed, the missing markers are missing, and the
  column is numeric when every other cell reads as a number (Python's ``float``, as the CSV reader
  reads it), text otherwise, keeping the file's own (trimmed) text;
- booleans become the text ``true`` / ``false``, dates and timestamps their ISO text (as a CSV
  export writes them);
- nested columns (lists, structs, maps), binary and other types are refused with a message.

pyarrow is imported here only, lazily: the browser never loads this module.
"""

from __future__ import annotations

import os
from typing import Any

from ..errors import InputError
from .csv_format import MISSING_MARKERS
from .table import Column, Table


def _pyarrow() -> Any:
    try:
        import pyarrow  # noqa: F401
    except ImportError:
        raise InputError("reading Parquet and Arrow files needs pyarrow: install the package's 'arrow' extra") from None
    import pyarrow as pa

    return pa


def _read(path: str, kind: str) -> Any:
    pa = _pyarrow()
    try:
        if kind == "parquet":
            import pyarrow.parquet as pq

            return pq.read_table(path)
        import pyarrow.ipc as ipc

        with pa.memory_map(path) as source:
            try:
                return ipc.open_file(source).read_all()
            except pa.ArrowInvalid:
                source.seek(0)
                return ipc.open_stream(source).read_all()
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except (pa.ArrowException, OSError) as exc:
        what = "Parquet" if kind == "parquet" else "Arrow IPC"
        raise InputError(f"{path}: not a readable {what} file ({str(exc).splitlines()[0][:200]})") from None


def _text_rule(name: str, values: list[str | None]) -> Column:
    """A text column of the file, typed by the CSV reader's rule."""
    import numpy as np

    cells = [None if v is None or v.strip().lower() in MISSING_MARKERS else v.strip() for v in values]
    numbers: dict[str, float] = {}
    first = None
    for i, token in enumerate(cells):
        if token is None or token in numbers:
            continue
        value = _number(token, False)
        if value is None:
            first = (i + 1, token)  # the row (1-based); a Parquet file has no lines
            break
        numbers[token] = value
    if first is None:
        return Column(name, numeric=np.array([np.nan if t is None else numbers[t] for t in cells], dtype=np.float64))
    col = Column(name, text=cells, first_non_number=first)
    if _shared_types is not None and "dates" in getattr(Column, "__dataclass_fields__", {}):
        col.dates = _shared_types.classify_text(cells) == _shared_types.DATE
    return col


def table_from_arrow(arrow_table: Any, name: str, encoding: str) -> Table:
    """A `Table` of a pyarrow table, column by column (see the module's rules)."""
    import numpy as np

    pa = _pyarrow()
    import pyarrow.compute as pc
    import pyarrow.types as t

    columns: dict[str, Column] = {}
    for field, chunked in zip(arrow_table.schema, arrow_table.columns):
        typ = field.type
        if t.is_dictionary(typ):
            chunked = chunked.cast(typ.value_type)
            typ = typ.value_type
        col_name = field.name
        if t.is_nested(typ):
            raise InputError(f"{name}: column {col_name!r} has the nested type {typ}; drift compares flat columns "
                             "(numbers, text, dates, booleans): flatten or drop it")
        if t.is_integer(typ) or t.is_floating(typ) or t.is_decimal(typ):
            arr = pc.cast(chunked, pa.float64()).to_numpy(zero_copy_only=False)
            columns[col_name] = Column(col_name, numeric=np.array(arr, dtype=np.float64))
        elif t.is_string(typ) or t.is_large_string(typ) or (hasattr(t, "is_string_view") and t.is_string_view(typ)):
            columns[col_name] = _text_rule(col_name, chunked.to_pylist())
        elif t.is_boolean(typ):
            columns[col_name] = _text_rule(col_name, [None if v is None else ("true" if v else "false") for v in chunked.to_pylist()])
        elif t.is_date(typ) or t.is_timestamp(typ):
            columns[col_name] = _text_rule(col_name, [None if v is None else v.isoformat() for v in chunked.to_pylist()])
        else:
            raise InputError(f"{name}: column {col_name!r} has the type {typ}, which drift does not compare "
                             "(numbers, text, dates and booleans are); cast or drop it")
    if arrow_table.num_rows < 2:
        raise InputError(f"{name} has {arrow_table.num_rows} row(s); drift needs at least two rows in each file")
    return Table(name=name, columns=columns, n_rows=arrow_table.num_rows, delimiter="", encoding=encoding, notes=[])


def read_arrow_file(path: str, name: str | None = None, kind: str = "parquet") -> Table:
    """A Parquet file (or a directory of them) or an Arrow IPC file as a `Table`."""
    name = name or os.path.basename(os.path.normpath(path))
    return table_from_arrow(_read(path, kind), name, "parquet" if kind == "parquet" else "arrow ipc")


# --- CSV --------------------------------------------------------------------------------------------

try:  # the type rules every reader shares (tables/types.py), where this tree has them
    from . import types as _shared_types
except ImportError:  # pragma: no cover - before tables/types.py: the rules of csv_reader on main
    _shared_types = None

BLOCK_BYTES = 1 << 22  # bytes of CSV per block of the streaming reader
MEMORY_LIMIT_ENV = "MLOPS_KIT_MEMORY_LIMIT"  # bytes a native read may use (default: the memory available)
MEMORY_PER_BYTE = 3  # peak memory per byte of CSV, with room (a text column's cells are Python strings)


def _number(token: str, decimal_comma: bool) -> float | None:
    """A trimmed, non-missing cell's number under the shared rules (None: text)."""
    if _shared_types is not None:
        return _shared_types.number(token, decimal_comma=decimal_comma)
    import re

    try:
        return float(token)
    except ValueError:
        pass
    if decimal_comma and re.match(r"^[+-]?\d+,\d+$", token):
        return float(token.replace(",", "."))
    return None


def memory_available() -> int:
    """Bytes a read may use: ``MLOPS_KIT_MEMORY_LIMIT`` if set, else the memory the system has free."""
    import os

    limit = os.environ.get(MEMORY_LIMIT_ENV)
    if limit:
        try:
            return int(float(limit))
        except ValueError:
            raise InputError(f"{MEMORY_LIMIT_ENV} must be a number of bytes, got {limit!r}") from None
    try:
        with open("/proc/meminfo", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("MemAvailable:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 1 << 62


def check_memory(size: int, name: str) -> None:
    """Refuse, with a message naming the limit, a file whose reading would not fit in memory."""
    need, have = size * MEMORY_PER_BYTE, memory_available()
    if need > have:
        raise InputError(
            f"{name}: {size / 1e9:.1f} GB of CSV needs about {need / 1e9:.1f} GB of memory to compare, and the limit is "
            f"{have / 1e9:.1f} GB (the memory available, or {MEMORY_LIMIT_ENV}); profile it in parts "
            "(mlops-kit profile part1.csv part2.csv ... -o ref.profile.json.gz), or as Parquet with --engine spark, "
            "then compare the profiles")


class _Fallback(Exception):
    """The file needs something the Arrow path does not do as the project's reader does."""


def _typed_column(name: str, cells: Any, decimal_comma: bool) -> tuple[Column, int | None]:
    """A column of Arrow strings typed by the rules; and, for a text column, the row of its first
    cell that is not a number."""
    import numpy as np

    pa = _pyarrow()
    import pyarrow.compute as pc

    codes_rule = _shared_types is not None
    if not codes_rule or not (pc.any(pc.match_substring(cells, "_")).as_py()
                              or pc.any(pc.match_substring_regex(cells, r"^\s*[+-]?0\d+\s*$")).as_py()):
        try:  # the common case, a block of plain numbers: Arrow's own parser, nothing else
            return Column(name, numeric=np.array(pc.cast(cells, pa.float64()).to_numpy(), dtype=np.float64)), None
        except pa.ArrowInvalid:
            pass
    trimmed = pc.utf8_trim_whitespace(cells)
    missing = pc.is_in(pc.utf8_lower(trimmed), value_set=pa.array(sorted(MISSING_MARKERS)))
    present = trimmed.filter(pc.invert(missing))
    codes = _shared_types is not None and (
        pc.any(pc.match_substring(present, "_")).as_py() or pc.any(pc.match_substring_regex(present, r"^[+-]?0\d+$")).as_py())
    if not codes:
        try:
            numbers = pc.cast(pc.if_else(missing, "nan", trimmed), pa.float64())
            # a copy the caller owns (Arrow's buffers are read-only, and the report sorts in place)
            return Column(name, numeric=np.array(numbers.to_numpy(), dtype=np.float64)), None
        except pa.ArrowInvalid:
            pass
    distinct = pc.unique(present).to_pylist()
    parsed = [_number(t, decimal_comma) for t in distinct]
    index = pc.index_in(trimmed, value_set=pa.array(distinct, type=pa.string())).to_numpy(zero_copy_only=False)
    if not codes and all(v is not None for v in parsed):
        values = np.append(np.asarray(parsed, dtype=np.float64), np.nan)
        where = np.where(np.isnan(index.astype(np.float64)), len(distinct), index).astype(np.int64)
        return Column(name, numeric=values[where]), None
    not_number = np.array([v is None for v in parsed] + [False])
    where = np.where(np.isnan(index.astype(np.float64)), len(distinct), index).astype(np.int64)
    first = int(np.flatnonzero(not_number[where])[0])
    text = pc.if_else(missing, pa.scalar(None, pa.string()), trimmed).to_pylist()
    col = Column(name, text=text, first_non_number=(first, text[first]))
    if _shared_types is not None and "dates" in getattr(Column, "__dataclass_fields__", {}):
        col.dates = _shared_types.classify_text(text) == _shared_types.DATE
    return col, first


def _head(source: Any) -> bytes:
    if isinstance(source, (bytes, bytearray, memoryview)):
        return bytes(memoryview(source)[:65536])
    with open(source, "rb") as fh:
        return fh.read(65536)


def _has_blank_lines(source: Any) -> bool:
    """Whether the file has an empty line, read in pieces (never held whole)."""
    if isinstance(source, (bytes, bytearray, memoryview)):
        data = bytes(source)
        return data.find(b"\n\n") >= 0 or data.find(b"\n\r\n") >= 0
    with open(source, "rb") as fh:
        tail = b""
        while True:
            piece = fh.read(1 << 24)
            if not piece:
                return False
            block = tail + piece
            if block.find(b"\n\n") >= 0 or block.find(b"\n\r\n") >= 0:
                return True
            tail = block[-2:]


def _read_csv_arrow(source: Any, name: str) -> Table:
    """Two streaming passes of Arrow's CSV reader: every column as numbers, block by block (only
    the numbers are kept); then, for the columns that turned out to be text, those columns again,
    whole, as the file wrote them. Memory: the numeric columns and the text columns, never the
    file's text as a whole."""
    import codecs
    import csv
    import io

    import numpy as np

    pa = _pyarrow()
    import pyarrow.compute as pc
    import pyarrow.csv as pcsv

    from .csv_format import detect_delimiter, header_names, non_blank
    from .csv_reader import _lines_of_rows

    head = _head(source)
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or b"\x00" in head[:8192]:
        raise _Fallback
    cut = head.rfind(b"\n") if len(head) == 65536 else len(head)
    try:
        text_head = head[: max(cut, 0)].decode("utf-8-sig")
    except UnicodeDecodeError:
        raise _Fallback from None
    controls = sum(1 for ch in text_head[:4096] if ord(ch) < 32 and ch not in "\t\r\n\f\v")
    if controls > max(3, len(text_head[:4096]) // 50):
        raise _Fallback
    delimiter = detect_delimiter(text_head, more_follows=len(head) > cut)
    first = next(csv.reader(io.StringIO(text_head, newline=""), delimiter=delimiter), None)
    if first is None or not non_blank(first) or any("\n" in cell or "\r" in cell for cell in first):
        raise _Fallback  # blank lines before the header, or a header across lines: the project's reader
    names = header_names(first, name)
    if _has_blank_lines(source):
        raise _Fallback  # blank lines, which the project's reader counts in a note
    keys = [f"c{i}" for i in range(len(names))]
    decimal_comma = delimiter == ";"

    def stream(include: list[str]) -> Any:
        data = pa.BufferReader(bytes(source)) if isinstance(source, (bytes, bytearray, memoryview)) else source
        return pcsv.open_csv(
            data,
            read_options=pcsv.ReadOptions(column_names=keys, skip_rows=1, block_size=BLOCK_BYTES),
            parse_options=pcsv.ParseOptions(delimiter=delimiter, newlines_in_values=True,
                                            invalid_row_handler=lambda row: "error"),
            convert_options=pcsv.ConvertOptions(column_types={k: pa.string() for k in keys}, include_columns=include,
                                                strings_can_be_null=False, quoted_strings_can_be_null=False),
        )

    numbers: list[list[Any]] = [[] for _ in names]
    first_text: dict[int, int] = {}  # column -> row of its first cell that is not a number
    blank_rows: list[Any] = []  # per block, the rows whose every cell is empty
    n_rows = n_blank = 0
    try:
        for batch in stream(keys):
            blank = None
            for arr in batch.columns:
                empty = pc.equal(pc.utf8_trim_whitespace(arr), "")
                blank = empty if blank is None else pc.and_(blank, empty)
            dropped = int(pc.sum(pc.cast(blank, pa.int64())).as_py() or 0) if batch.num_rows else 0
            blank_rows.append(pc.invert(blank) if dropped else None)
            n_blank += dropped
            columns_raw = [arr.filter(pc.invert(blank)) for arr in batch.columns] if dropped else batch.columns
            for i, arr in enumerate(columns_raw):
                if i in first_text:
                    continue
                col, row = _typed_column(names[i], arr, decimal_comma)
                if row is None:
                    numbers[i].append(col.numeric)
                else:
                    first_text[i] = n_rows + row
                    numbers[i] = []
            n_rows += len(columns_raw[0]) if columns_raw else 0
    except (pa.ArrowInvalid, UnicodeDecodeError):
        raise _Fallback from None  # short or long rows, bad text: the project's reader pads or says why
    if n_rows < 2:
        raise _Fallback
    columns: dict[str, Column] = {}
    text_columns: dict[int, Column] = {}
    if first_text:
        wanted = [keys[i] for i in sorted(first_text)]
        chunks: dict[str, list[Any]] = {k: [] for k in wanted}
        for block, batch in enumerate(stream(wanted)):
            keep = blank_rows[block] if block < len(blank_rows) else None
            for k in wanted:
                arr = batch.column(k)
                chunks[k].append(arr.filter(keep) if keep is not None else arr)
        for i in sorted(first_text):
            whole = pa.chunked_array(chunks.pop(keys[i]), type=pa.string())
            text_columns[i], _ = _typed_column(names[i], whole, decimal_comma)
    for i, col_name in enumerate(names):
        if i in text_columns:
            columns[col_name] = text_columns[i]
        else:
            parts = numbers[i]
            columns[col_name] = Column(col_name, numeric=np.concatenate(parts) if parts else np.empty(0, dtype=np.float64))

    def decoded() -> str:
        if isinstance(source, (bytes, bytearray, memoryview)):
            return bytes(source).decode("utf-8-sig")
        with open(source, "rb") as fh:
            return fh.read().decode("utf-8-sig")

    pending = [c for c in columns.values() if c.first_non_number is not None]
    if pending:
        lines = _lines_of_rows(decoded(), delimiter, [c.first_non_number[0] for c in pending])
        for col, line in zip(pending, lines):
            col.first_non_number = (line, col.first_non_number[1])
    notes = [f"{n_blank} blank line(s) skipped"] if n_blank else []
    return Table(name=name, columns=columns, n_rows=n_rows, delimiter=delimiter, encoding="utf-8", notes=notes,
                 lines_of_rows=lambda rows: _lines_of_rows(decoded(), delimiter, rows))


def read_csv_native(data: Any, name: str = "file", progress: Any = None) -> Table:
    """A CSV file (bytes, a path, or an open file) read through Apache Arrow, typed by the shared
    rules: the same `Table` as `tables.read_csv` (the parity tests check it over every reader edge
    case of the suite). Files that need what only the project's reader does (other encodings,
    blank lines, short or long rows) are read by it. A file too large for the memory is refused
    with a message that names the limit."""
    import os

    from .csv_reader import read_csv

    if isinstance(data, (bytes, bytearray, memoryview)):
        source: Any = data
        size = len(data)
    else:
        path = data if isinstance(data, str) else getattr(data, "name", None)
        if not isinstance(path, str) or not os.path.isfile(path):
            return read_csv(data, name, progress=progress)  # not a file on disk: the project's reader
        source, size = path, os.path.getsize(path)
        check_memory(size, name)
    if progress is not None:
        progress(f"reading {name}", 0, max(size, 1))
    try:
        table = _read_csv_arrow(source, name)
    except _Fallback:
        if isinstance(data, str):
            with open(data, "rb") as fh:
                table = read_csv(fh, name)
        else:
            if not isinstance(data, (bytes, bytearray, memoryview)):
                data.seek(0)
            table = read_csv(data, name)
    except MemoryError:
        raise InputError(f"{name}: not enough memory to read it ({size / 1e9:.1f} GB of CSV; the limit is "
                         f"{memory_available() / 1e9:.1f} GB); profile it in parts, or as Parquet with --engine spark") from None
    if progress is not None:
        progress(f"reading {name}", max(size, 1), max(size, 1))
    return table


def read_pair(reference: Any, current: Any, reference_name: str, current_name: str, progress: Any = None) -> tuple[Table, Table]:
    """The two files of a comparison, natively (Arrow reads each with its own threads); without
    pyarrow, by the project's reader."""
    import importlib.util

    if importlib.util.find_spec("pyarrow") is None:
        from .csv_reader import read_csv

        return read_csv(reference, reference_name, progress=progress), read_csv(current, current_name, progress=progress)
    return (read_csv_native(reference, reference_name, progress=progress),
            read_csv_native(current, current_name, progress=progress))
