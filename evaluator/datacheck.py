"""Typed checks for the maintainers' data files under docs/data/ (one validation style for every loader).

A loader turns parsed TOML into dataclasses with `require(...)`; a wrong or missing field raises
`DataError` naming the file, the table and the field, so a bad edit stops the build with a message
a maintainer can act on. `bundled_text(name)` reads a data file: from the source tree natively, and
from inside the installed wheel in the browser (the build packs docs/data/ into it).
"""

from __future__ import annotations

import datetime as dt
import re
import tomllib
from pathlib import Path
from typing import Any

_DATA_DIR = Path(__file__).resolve().parent.parent / "docs" / "data"
_PACKED_DIR = Path(__file__).resolve().parent / "data"


class DataError(ValueError):
    """A data file does not match its schema; the message names the file, the table and the field."""


_KIND_NAMES = {
    str: "text",
    int: "a whole number",
    float: "a number",
    bool: "true or false",
    dict: "a table",
    list: "a list",
    dt.date: "a date (YYYY-MM-DD)",
}


def _kind_name(kind) -> str:
    if isinstance(kind, tuple):
        return " or ".join(_KIND_NAMES.get(k, k.__name__) for k in kind)
    return _KIND_NAMES.get(kind, kind.__name__)


def require(table: dict, key: str, kind: type | tuple[type, ...], where: str, *, default: Any = ...) -> Any:
    """`table[key]`, checked to be of `kind` (and non-empty text); DataError names `where` and `key`.

    Give `default` to make the field optional.
    """
    if key not in table:
        if default is not ...:
            return default
        raise DataError(f"{where}: missing '{key}'")
    value = table[key]
    # bool is an int in Python; a count of `true` is still a mistake.
    if isinstance(value, bool) and not (kind is bool or (isinstance(kind, tuple) and bool in kind)):
        raise DataError(f"{where}: '{key}' must be {_kind_name(kind)}, not true or false")
    if not isinstance(value, kind):
        raise DataError(f"{where}: '{key}' must be {_kind_name(kind)}, got {type(value).__name__}")
    if isinstance(value, str) and not value.strip():
        raise DataError(f"{where}: '{key}' is empty")
    return value


def require_text_list(table: dict, key: str, where: str, *, allow_empty: bool = False, default: Any = ...) -> list[str]:
    """A list of non-empty strings."""
    values = require(table, key, list, where, default=default)
    if values is default and default is not ...:
        return values
    if not values and not allow_empty:
        raise DataError(f"{where}: '{key}' is an empty list")
    for i, value in enumerate(values):
        if not isinstance(value, str) or not value.strip():
            raise DataError(f"{where}: '{key}' item {i + 1} must be non-empty text")
    return values


def require_choice(table: dict, key: str, choices: tuple[str, ...] | list[str], where: str, *, default: Any = ...) -> str:
    value = require(table, key, str, where, default=default)
    if value not in choices:
        raise DataError(f"{where}: '{key}' is {value!r}; choose one of {', '.join(choices)}")
    return value


def require_pattern(table: dict, key: str, where: str) -> list[re.Pattern]:
    """A list of regular expressions, compiled case-insensitively; a bad one is named."""
    compiled = []
    for i, source in enumerate(require_text_list(table, key, where)):
        try:
            compiled.append(re.compile(source, re.IGNORECASE))
        except re.error as e:
            raise DataError(f"{where}: '{key}' item {i + 1} is not a valid regular expression ({e}): {source!r}") from e
    return compiled


def unique_ids(items: list, where: str) -> None:
    ids = [item.id for item in items]
    repeated = sorted({i for i in ids if ids.count(i) > 1})
    if repeated:
        raise DataError(f"{where}: ids repeat: {repeated}")


def load_toml(text: str, name: str) -> dict:
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as e:
        raise DataError(f"{name}: not valid TOML: {e}") from e


def bundled_text(name: str) -> str:
    """The text of docs/data/<name>: from the source tree, or from the wheel in the browser."""
    for folder in (_DATA_DIR, _PACKED_DIR):
        path = folder / name
        if path.is_file():
            return path.read_text(encoding="utf-8")
    raise DataError(f"{name}: data file not found in docs/data/ or in the installed package")
