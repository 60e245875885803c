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
        try:
            numbers[token] = float(token)
        except ValueError:
            first = (i + 1, token)  # the row (1-based); a Parquet file has no lines
            break
    if first is None:
        return Column(name, numeric=np.array([np.nan if t is None else numbers[t] for t in cells], dtype=np.float64))
    return Column(name, text=cells, first_non_number=first)


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
            columns[col_name] = Column(col_name, numeric=np.asarray(arr, dtype=np.float64))
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
