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
import threading
from collections.abc import Mapping
from typing import Any, Callable, Iterator

from ..errors import InputError
from .csv_format import MISSING_MARKERS
from . import types
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
    col.dates = types.classify_text(cells) == types.DATE
    return col


def _check_type(field: Any, name: str) -> Any:
    """The field's value type (a dictionary's values); `InputError` for a type drift does not compare."""
    import pyarrow.types as t

    typ = field.type.value_type if t.is_dictionary(field.type) else field.type
    if t.is_nested(typ):
        raise InputError(f"{name}: column {field.name!r} has the nested type {typ}; drift compares flat columns "
                         "(numbers, text, dates, booleans): flatten or drop it")
    if not (t.is_integer(typ) or t.is_floating(typ) or t.is_decimal(typ) or t.is_string(typ) or t.is_large_string(typ)
            or (hasattr(t, "is_string_view") and t.is_string_view(typ)) or t.is_boolean(typ) or t.is_date(typ)
            or t.is_timestamp(typ)):
        raise InputError(f"{name}: column {field.name!r} has the type {typ}, which drift does not compare "
                         "(numbers, text, dates and booleans are); cast or drop it")
    return typ


def column_from_arrow(field: Any, chunked: Any, name: str) -> Column:
    """One column of a pyarrow table (``chunked``, of schema field ``field``) by the module's rules."""
    import numpy as np

    pa = _pyarrow()
    import pyarrow.compute as pc
    import pyarrow.types as t

    typ = _check_type(field, name)
    if typ is not field.type:
        chunked = chunked.cast(typ)
    col_name = field.name
    if t.is_integer(typ) or t.is_floating(typ) or t.is_decimal(typ):
        if not t.is_float64(typ):
            chunked = pc.cast(chunked, pa.float64())
        parts = [_float_values(chunk) for chunk in chunked.chunks]
        # a copy the caller owns (Arrow's buffers are read-only, and the report sorts in place)
        return Column(col_name, numeric=np.concatenate(parts) if parts else np.empty(0, dtype=np.float64))
    if t.is_boolean(typ):
        return _text_rule(col_name, [None if v is None else ("true" if v else "false") for v in chunked.to_pylist()])
    if t.is_date(typ) or t.is_timestamp(typ):
        return _text_rule(col_name, [None if v is None else v.isoformat() for v in chunked.to_pylist()])
    return _text_rule(col_name, chunked.to_pylist())


def _float_values(arr: Any) -> Any:
    """A float64 Arrow array's values in numpy (NaN where null), read from its buffers, without a
    copy when it has no nulls (then read-only). pyarrow's own ``to_numpy`` imports pandas where
    pandas is installed (about half a second and 50 MB, for nothing here)."""
    import numpy as np

    if len(arr) == 0:
        return np.empty(0, dtype=np.float64)
    validity, data = arr.buffers()[:2]
    values = np.frombuffer(data, dtype=np.float64, count=len(arr), offset=arr.offset * 8)
    if arr.null_count:
        bits = np.unpackbits(np.frombuffer(validity, dtype=np.uint8), bitorder="little")[arr.offset : arr.offset + len(arr)]
        values = np.where(bits.view(bool), values, np.nan)
    return values


def table_from_arrow(arrow_table: Any, name: str, encoding: str) -> Table:
    """A `Table` of a pyarrow table, column by column (see the module's rules)."""
    columns: dict[str, Column] = {}
    for field, chunked in zip(arrow_table.schema, arrow_table.columns):
        columns[field.name] = column_from_arrow(field, chunked, name)
    if arrow_table.num_rows < 2:
        raise InputError(f"{name} has {arrow_table.num_rows} row(s); drift needs at least two rows in each file")
    return Table(name=name, columns=columns, n_rows=arrow_table.num_rows, delimiter="", encoding=encoding, notes=[])


def read_arrow_file(path: str, name: str | None = None, kind: str = "parquet") -> Table:
    """A Parquet file (or a directory of them) or an Arrow IPC file as a `Table`."""
    name = name or os.path.basename(os.path.normpath(path))
    return table_from_arrow(_read(path, kind), name, "parquet" if kind == "parquet" else "arrow ipc")


# --- CSV --------------------------------------------------------------------------------------------

BLOCK_BYTES = 1 << 22  # bytes of CSV per block of the streaming reader
MEMORY_LIMIT_ENV = "MLOPS_KIT_MEMORY_LIMIT"  # bytes a native read may use (default: the memory available)
MEMORY_PER_BYTE = 3  # peak memory per byte of CSV, with room (a text column's cells are Python strings)


def _number(token: str, decimal_comma: bool) -> float | None:
    """A trimmed, non-missing cell's number under the shared rules (None: text)."""
    return types.number(token, decimal_comma=decimal_comma)


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

    if not (pc.any(pc.match_substring(cells, "_")).as_py()
                              or pc.any(pc.match_substring_regex(cells, r"^\s*[+-]?0\d+\s*$")).as_py()):
        try:  # the common case, a block of plain numbers: Arrow's own parser, nothing else
            values = np.array(pc.cast(cells, pa.float64()).to_numpy(), dtype=np.float64)
            if not np.isnan(values).any():  # a NaN: a missing marker, or text Arrow reads as NaN (nan(1))
                return Column(name, numeric=values), None
        except pa.ArrowInvalid:
            pass
    trimmed = pc.utf8_trim_whitespace(cells)
    missing = pc.is_in(pc.utf8_lower(trimmed), value_set=pa.array(sorted(MISSING_MARKERS)))
    present = trimmed.filter(pc.invert(missing))
    codes = pc.any(pc.match_substring(present, "_")).as_py() or pc.any(pc.match_substring_regex(present, r"^[+-]?0\d+$")).as_py()
    if not codes:
        try:
            numbers = pc.cast(pc.if_else(missing, "nan", trimmed), pa.float64())
            # a copy the caller owns (Arrow's buffers are read-only, and the report sorts in place)
            values = np.array(numbers.to_numpy(), dtype=np.float64)
            # NaN only where a marker is: Arrow also reads text such as nan(1), which the rules keep as text
            if int(np.count_nonzero(np.isnan(values))) == int(pc.sum(pc.cast(missing, pa.int64())).as_py() or 0):
                return Column(name, numeric=values), None
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
    col.dates = types.classify_text(text) == types.DATE
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


def _csv_layout(source: Any, name: str, blank_lines: bool = True) -> tuple[str, list[str]]:
    """The delimiter and the column names of a CSV file, from its first 64 KB; `_Fallback` when the
    file needs the project's reader (another encoding, control characters, blank lines before the
    header or a header across lines; with ``blank_lines``, blank lines anywhere)."""
    import codecs
    import csv
    import io

    from .csv_format import detect_delimiter, header_names, non_blank

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
    if blank_lines and _has_blank_lines(source):
        raise _Fallback  # blank lines, which the project's reader counts in a note
    return delimiter, names


def _read_csv_arrow(source: Any, name: str) -> Table:
    """Two streaming passes of Arrow's CSV reader: every column as numbers, block by block (only
    the numbers are kept); then, for the columns that turned out to be text, those columns again,
    whole, as the file wrote them. Memory: the numeric columns and the text columns, never the
    file's text as a whole."""
    import numpy as np

    pa = _pyarrow()
    import pyarrow.compute as pc
    import pyarrow.csv as pcsv

    from .csv_reader import _lines_of_rows

    delimiter, names = _csv_layout(source, name)
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


# --- the command line: each column read when the report comes to it ---------------------------------
#
# A drift report looks at one column of both files at a time, so the command line need not hold
# both tables whole: a Parquet column is read from each file when the report reaches it, and a CSV
# file of numbers (the common large file) is read in groups of columns, one streaming pass of
# Arrow's CSV reader per group, so that the columns held at once stay under `GROUP_BYTES`. The
# first pass reads every column and checks each cell against the shared type rules; a file that
# does not pass (text, codes with leading zeros, blank rows, spaces around numbers, other
# encodings) is read whole by `read_csv_native`, as before. Either way the report sees the same
# table (the parity tests compare them).

GROUP_BYTES = 80 << 20  # float64 bytes of both files' columns held at once (each group costs a pass over a CSV file)
PASS_BLOCK_BYTES = 1 << 20  # bytes of CSV parsed at a time by the column-wise reader
# The missing markers as files spell them, for Arrow's exact-match null test: any other spelling
# makes Arrow's parser fail, and the file goes to the rules' own reader.
_NULL_SPELLINGS = sorted({v for m in MISSING_MARKERS for v in (m, m.upper(), m.capitalize(), m.title())} | {"NaN"})


class _LazyColumns(Mapping):
    """A table's columns by name, each read (and handed over: the report may sort it in place)
    when it is looked up; names and membership need no reading."""

    def __init__(self, names: list[str], load: Callable[[str], Column]):
        self._names = list(names)
        self._known = set(self._names)
        self._load = load

    def __getitem__(self, name: str) -> Column:
        if name not in self._known:
            raise KeyError(name)
        return self._load(name)

    def __contains__(self, name: object) -> bool:
        return name in self._known

    def __iter__(self) -> Iterator[str]:
        return iter(self._names)

    def __len__(self) -> int:
        return len(self._names)


class _CsvNumbers:
    """A CSV file whose every cell is a number or a missing marker, parsed by Arrow block by block.

    Each block of whole lines is read into one reused buffer and parsed by Arrow in this thread
    (Arrow's streaming reader would read several blocks ahead in threads of its own, which costs
    memory); a file with a quote character goes to the rules' reader (a quoted newline would split
    a block in the wrong place, and numbers are not quoted in the files this path is for)."""

    def __init__(self, path: str, name: str, delimiter: str, names: list[str]):
        self.path, self.name, self.delimiter, self.names = path, name, delimiter, names
        self.keys = [f"c{i}" for i in range(len(names))]
        self.stat = self._stat()
        self.n_rows = 0

    def _stat(self) -> tuple[int, int]:
        st = os.stat(self.path)
        return st.st_size, st.st_mtime_ns

    def _blocks(self, include: list[str], kind: Any) -> Iterator[Any]:
        """The file's rows, ``include`` columns parsed as ``kind``, as one Arrow table per block."""
        pa = _pyarrow()
        import pyarrow.csv as pcsv

        read_options = [pcsv.ReadOptions(column_names=self.keys, skip_rows=skip, use_threads=False, block_size=1 << 30)
                        for skip in (1, 0)]
        # an empty line is a row of one field here, which fails (the rules' reader counts blank lines)
        parse = pcsv.ParseOptions(delimiter=self.delimiter, quote_char=False, ignore_empty_lines=False)
        convert = pcsv.ConvertOptions(column_types={k: kind for k in include}, include_columns=include,
                                      null_values=_NULL_SPELLINGS, strings_can_be_null=True)
        pool = _pool()
        for i, lines in enumerate(_line_blocks(self.path, PASS_BLOCK_BYTES)):
            if lines.obj.find(b'"', 0, lines.nbytes) >= 0:
                raise _Fallback
            yield pcsv.read_csv(pa.py_buffer(lines), read_options=read_options[i > 0], parse_options=parse,
                                convert_options=convert, memory_pool=pool)

    def first_pass(self, keep: set[int]) -> dict[int, Any]:
        """Read every column as text and check each cell against the rules (`_Fallback` at the first
        that Arrow's parser would read otherwise); keep the columns ``keep`` as float64 arrays."""
        pa = _pyarrow()
        import pyarrow.compute as pc

        pool = _pool()
        kept: dict[int, _Growing] = {i: _Growing(self._rows_guess()) for i in sorted(keep)}
        n = 0
        try:
            for block in self._blocks(self.keys, pa.string()):
                rows = block.num_rows
                cells = [column.chunk(0) if column.num_chunks == 1 else column.combine_chunks() for column in block.columns]
                if rows and all(arr.null_count for arr in cells):
                    empty = None
                    for arr in cells:
                        empty = arr.is_null() if empty is None else pc.and_(empty, arr.is_null())
                    if pc.any(empty).as_py():
                        raise _Fallback  # a row of missing cells only: blank, or markers? the rules' reader says
                for i, arr in enumerate(cells):
                    values = _float_values(pc.cast(arr, pa.float64(), memory_pool=pool))
                    _check_numbers(arr, values)
                    if i in kept:
                        kept[i].append(values)
                n += rows
        except (pa.ArrowInvalid, UnicodeDecodeError):
            raise _Fallback from None  # text, spaces, other spellings, short or long rows: the rules' reader
        if n < 2:
            raise _Fallback
        self.n_rows = n
        return {i: part.array() for i, part in kept.items()}

    def read(self, columns: list[int]) -> dict[int, Any]:
        """Columns the first pass checked, read again as numbers (Arrow's parser, as in the check)."""
        import numpy as np

        pa = _pyarrow()
        changed = InputError(f"{self.name} changed while it was being read; compare it again")
        if self._stat() != self.stat:
            raise changed
        out = {i: np.empty(self.n_rows, dtype=np.float64) for i in columns}
        at = 0
        try:
            for block in self._blocks([self.keys[i] for i in columns], pa.float64()):
                rows = block.num_rows
                if at + rows > self.n_rows:
                    raise changed
                for i, column in zip(columns, block.columns):
                    at_chunk = at
                    for chunk in column.chunks:
                        out[i][at_chunk : at_chunk + len(chunk)] = _float_values(chunk)
                        at_chunk += len(chunk)
                at += rows
        except (pa.ArrowInvalid, _Fallback):
            raise changed from None
        if at != self.n_rows:
            raise changed
        return out

    def _rows_guess(self) -> int:
        head = _head(self.path)
        lines = max(head.count(b"\n") - 1, 1)
        return int(self.stat[0] / max(len(head), 1) * lines * 1.05) + 1024


def _line_blocks(path: str, size: int) -> Iterator[Any]:
    """The file in blocks of whole lines of about ``size`` bytes, each a view of one reused buffer
    (valid until the next block is asked for)."""
    buf = bytearray(size)
    filled = 0
    with open(path, "rb", buffering=0) as fh:
        while True:
            if filled == len(buf):  # a line longer than the buffer
                buf = buf + bytearray(len(buf))
            with memoryview(buf) as view:
                got = fh.readinto(view[filled:])
            if not got:
                if filled:
                    with memoryview(buf) as view:
                        yield view[:filled]
                return
            filled += got
            cut = buf.rfind(b"\n", 0, filled) + 1
            if cut == 0:
                continue
            with memoryview(buf) as view:
                yield view[:cut]
            buf[: filled - cut] = buf[cut:filled]
            filled -= cut


class _Growing:
    """A float64 array filled block by block; pages past the end are never touched (nor resident)."""

    def __init__(self, guess: int):
        import numpy as np

        self.data = np.empty(max(guess, 1024), dtype=np.float64)
        self.size = 0

    def append(self, values: Any) -> None:
        import numpy as np

        end = self.size + values.size
        if end > self.data.size:
            grown = np.empty(max(end, int(self.data.size * 1.5)), dtype=np.float64)
            grown[: self.size] = self.data[: self.size]
            self.data = grown
        self.data[self.size : end] = values
        self.size = end

    def array(self) -> Any:
        return self.data[: self.size]


def _check_numbers(cells: Any, values: Any) -> None:
    """`_Fallback` unless Arrow's float64 ``values`` of the text ``cells`` are what the shared rules
    read. Arrow's parser rounds as Python's ``float`` does, and a cell it cannot read has failed the
    cast already; left are the cells it reads but the rules keep as text or missing: a NaN spelled
    otherwise than the markers (``nan(1)``) and codes, integers written with a leading zero
    (``02134``, ``-007``), found by their first bytes (``0`` then a digit, after an optional sign)."""
    import numpy as np

    if int(np.count_nonzero(np.isnan(values))) != cells.null_count:
        raise _Fallback
    _, offsets_buffer, data_buffer = cells.buffers()
    if data_buffer is None or len(cells) == 0:
        return
    data = np.frombuffer(data_buffer, dtype=np.uint8)
    if data.size == 0:
        return
    offsets = np.frombuffer(offsets_buffer, dtype=np.int32, count=len(cells) + 1, offset=cells.offset * 4)
    start = offsets[:-1]
    length = offsets[1:] - start
    last = data.size - 1
    b0 = data[np.minimum(start, last)]
    b1 = data[np.minimum(start + 1, last)]
    code = (b0 == 48) & (length >= 2) & ((b1 - 48) < 10)
    signed = (b0 == 43) | (b0 == 45)
    if signed.any():
        b2 = data[np.minimum(start + 2, last)]
        code |= signed & (length >= 3) & (b1 == 48) & ((b2 - 48) < 10)
    for i in np.flatnonzero(code).tolist():
        if _number(cells[i].as_py(), False) is None:
            raise _Fallback


class _ParquetColumns:
    """A Parquet file read one column at a time (its schema checked whole first, as `table_from_arrow`)."""

    def __init__(self, path: str, name: str):
        pa = _pyarrow()
        import pyarrow.parquet as pq

        try:
            meta = pq.ParquetFile(path)
            self.schema = meta.schema_arrow
            self.n_rows = meta.metadata.num_rows
        except FileNotFoundError:
            raise InputError(f"{path}: no such file") from None
        except (pa.ArrowException, OSError) as exc:
            raise InputError(f"{path}: not a readable Parquet file ({str(exc).splitlines()[0][:200]})") from None
        self.path, self.name = path, name
        self.names = [f.name for f in self.schema]
        if len(set(self.names)) != len(self.names) or any("." in n for n in self.names):
            raise _Fallback  # repeated or dotted names: read whole, as table_from_arrow does
        for field in self.schema:
            _check_type(field, name)
        if self.n_rows < 2:
            raise InputError(f"{name} has {self.n_rows} row(s); drift needs at least two rows in each file")

    def column(self, col: str) -> Column:
        import pyarrow.parquet as pq

        table = pq.ParquetFile(self.path).read(columns=[col], use_threads=False)
        return column_from_arrow(self.schema.field(col), table.column(0), self.name)


class _PairColumns:
    """Hands the report each column of the two files; reads CSV columns in groups (both files at
    once, in two threads), keeping what is read until the report takes it."""

    def __init__(self, order: list[str], csv_files: dict[str, _CsvNumbers], per_column_bytes: int):
        per_group = max(1, GROUP_BYTES // max(per_column_bytes, 1))
        self.groups = [order[i : i + per_group] for i in range(0, len(order), per_group)]
        self.group_of = {n: g for g, names in enumerate(self.groups) for n in names}
        self.files = csv_files
        self.cache: dict[str, dict[str, Any]] = {side: {} for side in csv_files}
        self.handed: dict[str, set[str]] = {side: set() for side in csv_files}
        self.lock = threading.Lock()
        self.loading: dict[int, threading.Event] = {}

    def first_passes(self) -> dict[str, BaseException | None]:
        """The first pass over every CSV file at once (two threads), keeping the first group."""
        first = set(self.groups[0]) if self.groups else set()

        def run(side: str) -> None:
            f = self.files[side]
            got = f.first_pass({i for i, n in enumerate(f.names) if n in first})
            self.cache[side] = {f.names[i]: values for i, values in got.items()}

        return _in_threads({side: (lambda side=side: run(side)) for side in self.files})

    def column(self, side: str, name: str) -> Column:
        while True:
            with self.lock:
                cached = self.cache[side].pop(name, None)
                if cached is not None:
                    self.handed[side].add(name)
                    return Column(name, numeric=cached)
                g = self.group_of[name]
                event = self.loading.get(g)
                mine = event is None
                if mine:
                    event = self.loading[g] = threading.Event()
            if not mine:
                event.wait()
                continue
            try:
                self._load(g, side, name)
            finally:
                with self.lock:
                    del self.loading[g]
                event.set()

    def _load(self, g: int, side: str, name: str) -> None:
        """Group ``g`` of every file (what of it the report has not taken yet), or only the column
        asked for again (the report looks at a column once; a second look reads it alone)."""
        jobs = {}
        for s, f in self.files.items():
            with self.lock:
                again = name in self.handed[s] and s == side
                wanted = [name] if again else [n for n in self.groups[g] if n in f.names and n not in self.cache[s]
                                                and n not in self.handed[s]]
            if s == side and name not in wanted:
                wanted.append(name)
            if wanted:
                jobs[s] = (lambda f=f, s=s, wanted=wanted: self._store(s, f.read([f.names.index(n) for n in wanted])))
        errors = _in_threads(jobs)
        for exc in errors.values():
            if exc is not None:
                raise exc

    def _store(self, side: str, got: dict[int, Any]) -> None:
        f = self.files[side]
        with self.lock:
            for i, values in got.items():
                self.cache[side][f.names[i]] = values


def _in_threads(jobs: dict[str, Callable[[], None]]) -> dict[str, BaseException | None]:
    """Run the jobs at once (one in this thread), and say which failed with what."""
    errors: dict[str, BaseException | None] = {}

    def run(key: str) -> None:
        try:
            jobs[key]()
            errors[key] = None
        except BaseException as exc:  # noqa: BLE001 - handed to the caller
            errors[key] = exc

    keys = list(jobs)
    threads = [threading.Thread(target=run, args=(k,), name=f"read {k}") for k in keys[1:]]
    for t in threads:
        t.start()
    if keys:
        run(keys[0])
    for t in threads:
        t.join()
    return errors


def open_tables(reference: str, current: str, reference_name: str, current_name: str, kinds: tuple[str, str],
                order: list[str] | None = None, progress: Any = None) -> tuple[Table, Table]:
    """The two tables of a comparison on the command line, their columns read as the report reaches
    them (see above). ``kinds``: "csv", "parquet" or "arrow" for each; ``order``: the columns the
    report asks for first (its ``columns`` option), if any. Files the column-wise readers do not
    take are read whole (`read_csv_native`, `read_arrow_file`), with the same result."""
    paths = {"reference": reference, "current": current}
    names = {"reference": reference_name, "current": current_name}
    tables: dict[str, Table] = {}
    csv_files: dict[str, _CsvNumbers] = {}
    parquet: dict[str, _ParquetColumns] = {}
    rows: dict[str, int] = {}
    for side, kind in zip(paths, kinds):
        path, name = paths[side], names[side]
        if kind == "csv" and os.path.isfile(path):
            size = os.path.getsize(path)
            check_memory(size, name)
            try:
                delimiter, cols = _csv_layout(path, name, blank_lines=False)
            except _Fallback:
                continue
            csv_files[side] = _CsvNumbers(path, name, delimiter, cols)
            rows[side] = csv_files[side]._rows_guess()
        elif kind == "parquet" and os.path.isfile(path):
            try:
                parquet[side] = _ParquetColumns(path, name)
            except _Fallback:
                continue
            rows[side] = parquet[side].n_rows
    column_names = {side: f.names for side, f in {**csv_files, **parquet}.items()}
    seen: dict[str, None] = {}
    for n in (order or []) + column_names.get("reference", []) + column_names.get("current", []):
        seen.setdefault(n, None)
    pair = _PairColumns(list(seen), csv_files, 8 * sum(rows.get(side, 0) for side in paths))
    if progress is not None:
        for side in csv_files:
            progress(f"reading {names[side]}", 0, max(csv_files[side].stat[0], 1))
    failed = pair.first_passes()
    for side, exc in failed.items():
        if isinstance(exc, _Fallback):
            del csv_files[side]  # (the pair's own dict of files)
            pair.cache.pop(side)
        elif exc is not None:
            raise exc
    for side in paths:
        path, name = paths[side], names[side]
        if side in csv_files:
            f = csv_files[side]
            columns = _LazyColumns(f.names, lambda col, side=side: pair.column(side, col))
            tables[side] = Table(name=name, columns=columns, n_rows=f.n_rows, delimiter=f.delimiter, encoding="utf-8",
                                 notes=[], lines_of_rows=_line_finder(path, f.delimiter))
            if progress is not None:
                progress(f"reading {name}", max(f.stat[0], 1), max(f.stat[0], 1))
        elif side in parquet:
            p = parquet[side]
            tables[side] = Table(name=name, columns=_LazyColumns(p.names, p.column), n_rows=p.n_rows, delimiter="",
                                 encoding="parquet", notes=[])
        elif kinds[list(paths).index(side)] == "csv":
            with open(path, "rb") as fh:
                tables[side] = read_csv_native(fh, name, progress=progress)
        else:
            tables[side] = read_arrow_file(path, name, kinds[list(paths).index(side)])
    return tables["reference"], tables["current"]


def _line_finder(path: str, delimiter: str) -> Callable[[list[int]], list[int]]:
    def lines(rows: list[int]) -> list[int]:
        from .csv_reader import _lines_of_rows

        with open(path, "rb") as fh:
            return _lines_of_rows(fh.read().decode("utf-8-sig"), delimiter, rows)

    return lines



def _pool() -> Any:
    """Arrow's memory pool for the column-wise reader (its default)."""
    return _pyarrow().default_memory_pool()
