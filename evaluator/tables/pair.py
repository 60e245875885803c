"""Reading the two files of a comparison, natively two at a time: the current file in a second
process while this one reads the reference.

Parsing is most of a large comparison's time, and numpy's C parser holds Python's GIL, so threads
do not help; a second process does. It is forked after this process has made a shared anonymous
memory map as large as the current file's columns could be, parses the file (if it holds only
numbers, see `numeric_csv`) into that map, and sends back only the table's shape, through a pipe:
no column is copied between the processes, and the map's pages take memory only once written.
Where there is no ``os.fork`` (the browser, Windows), for small files, for files not given as
open files on disk, and whenever the second process does not deliver (a file that is not numbers
only, an error of any kind), the files are read one after the other by the same reader, so the
result and every error message are the same either way.
"""

from __future__ import annotations

import json
import os
import sys
from typing import Any

from .csv_reader import read_csv
from .numeric_csv import Progress, numbers_table, read_numbers_only
from .source import Source
from .table import Table

MIN_BYTES = 8 << 20  # below this a second process saves less than starting it costs


def _path_of(data: Any) -> str | None:
    """The path of an open binary file on disk, if ``data`` is one (the CLI hands the reader those)."""
    name = getattr(data, "name", None)
    fileno = getattr(data, "fileno", None)
    if not isinstance(name, str) or fileno is None:
        return None
    try:
        same = os.path.samestat(os.fstat(fileno()), os.stat(name))
    except (OSError, ValueError):
        return None
    return name if same else None


def can_fork() -> bool:
    return hasattr(os, "fork") and sys.platform != "emscripten" and sys.maxsize > 2**32


def read_pair(reference: Any, current: Any, reference_name: str, current_name: str,
              progress: Progress | None = None) -> tuple[Table, Table]:
    """The reference's and the current file's `Table`, as `read_csv` reads them."""
    path = _path_of(current) if can_fork() else None
    if path is None or os.path.getsize(path) < MIN_BYTES:
        return read_csv(reference, reference_name, progress=progress), read_csv(current, current_name, progress=progress)

    import mmap

    import numpy as np

    size = os.path.getsize(path)
    # rows x columns <= the data's bytes + 1 (see numeric_csv.max_rows): 8 bytes a value
    shared = mmap.mmap(-1, 8 * (size + 1))
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the second process: parse, report the shape, and leave without running any cleanup
        code = 1
        try:
            os.close(read_end)
            code = _child(shared, path, current_name, write_end)
        finally:
            os._exit(code)
    os.close(write_end)
    try:
        ref = read_csv(reference, reference_name, progress=progress)
    except BaseException:
        _stop(pid, read_end)
        raise
    with os.fdopen(read_end, "rb") as pipe:
        answer = pipe.read()
    os.waitpid(pid, 0)
    try:
        shape = json.loads(answer) if answer else None
    except ValueError:
        shape = None
    if not shape:
        return ref, read_csv(current, current_name, progress=progress)
    stride, n_rows = shape["stride"], shape["n_rows"]
    columns = [np.ndarray((n_rows,), dtype=np.float64, buffer=shared, offset=8 * stride * j) for j in range(len(shape["names"]))]
    if progress is not None:
        progress(f"reading {current_name}", size, size)
    return ref, numbers_table(current_name, shape["names"], columns, n_rows, shape["delimiter"], shape["encoding"])


def _child(shared: Any, path: str, name: str, pipe: int) -> int:
    """Parse the file into the shared map; write its shape (or nothing) to the pipe."""
    import numpy as np

    layout: dict[str, Any] = {}

    def allocate(rows: int, width: int) -> list[Any]:
        if 8 * rows * width > len(shared):
            raise MemoryError("the shared map is too small")  # cannot happen (see numeric_csv.max_rows)
        layout["stride"] = rows
        layout["columns"] = [np.ndarray((rows,), dtype=np.float64, buffer=shared, offset=8 * rows * j) for j in range(width)]
        return list(layout["columns"])

    with open(path, "rb") as fh:
        table = read_numbers_only(Source(fh, name), name, allocate=allocate)
    if table is None or "stride" not in layout:
        return 0  # not numbers only: the first process reads it with the general reader
    if not all(np.shares_memory(c.numeric, mapped) for c, mapped in zip(table.columns.values(), layout["columns"])):
        return 0  # the reader outgrew the map (it cannot): this process's columns would be lost
    shape = {"stride": layout["stride"], "n_rows": table.n_rows, "names": list(table.columns),
             "delimiter": table.delimiter, "encoding": table.encoding}
    data = json.dumps(shape).encode()
    while data:
        data = data[os.write(pipe, data):]
    return 0


def _stop(pid: int, pipe: int) -> None:
    import signal

    try:
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
    except OSError:
        pass
    os.close(pipe)
