"""The inputs of a comparison or a profile, natively: CSV, Parquet (a file or a directory of
files), Arrow IPC, or a drift profile; each read into a table or a profile."""

from __future__ import annotations

import os
from typing import Any

from ..errors import InputError
from .format import loads, looks_like_profile

PROFILE_SUFFIXES = (".profile.json.gz", ".profile.json")
PARQUET_SUFFIXES = (".parquet", ".pq")
ARROW_SUFFIXES = (".arrow", ".feather", ".ipc")


def kind_of(path: str) -> str:
    """'profile', 'parquet', 'arrow' or 'csv', from the name (and a profile's first bytes)."""
    lower = path.lower()
    if os.path.isdir(path):
        return "parquet"
    if lower.endswith(PROFILE_SUFFIXES):
        return "profile"
    if lower.endswith(PARQUET_SUFFIXES):
        return "parquet"
    if lower.endswith(ARROW_SUFFIXES):
        return "arrow"
    try:
        with open(path, "rb") as fh:
            head = fh.read(64)
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({exc.strerror})") from None
    if head[:4] == b"PAR1":
        return "parquet"
    if head[:6] == b"ARROW1":
        return "arrow"
    if looks_like_profile(head):
        return "profile"
    return "csv"


def read_profile(path: str) -> dict[str, Any]:
    try:
        with open(path, "rb") as fh:
            data = fh.read()
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({exc.strerror})") from None
    return loads(data, os.path.basename(path))


def read_table(path: str, progress: Any = None) -> Any:
    """A `Table` of a CSV, Parquet or Arrow IPC file (Parquet and IPC through pyarrow)."""
    kind = kind_of(path)
    name = os.path.basename(os.path.normpath(path))
    if kind in ("parquet", "arrow"):
        from ..tables.arrow_reader import read_arrow_file

        return read_arrow_file(path, name, kind)
    from ..tables.arrow_reader import read_csv_native

    try:
        with open(path, "rb") as fh:
            return read_csv_native(fh, name, progress=progress)
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None


def read_any(path: str, progress: Any = None) -> tuple[str, Any]:
    """``("profile", profile)`` or ``("table", Table)``."""
    if not os.path.exists(path):
        raise InputError(f"{path}: no such file")
    if kind_of(path) == "profile":
        return "profile", read_profile(path)
    return "table", read_table(path, progress)


def write_atomically(path: str, data: bytes) -> None:
    """Write the bytes to a temporary file beside ``path``, then rename it: a reader never sees a
    half-written file, and an error leaves nothing behind."""
    folder = os.path.dirname(os.path.abspath(path))
    if not os.path.isdir(folder):
        raise InputError(f"{path}: the folder {folder} does not exist")
    tmp = os.path.join(folder, f".{os.path.basename(path)}.{os.getpid()}.tmp")
    try:
        with open(tmp, "wb") as fh:
            fh.write(data)
        os.replace(tmp, path)
    except OSError as exc:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise InputError(f"{path}: cannot write ({exc.strerror})") from None
