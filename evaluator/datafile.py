"""Maintainers' data files (TOML under docs/): where they are read from, and the one way their shape is checked.

Maintainers edit figures and texts in data files, never in code or Markdown. Each file has a
typed loader in its domain (`evaluator.pay.compensation`, `evaluator.levels`,
`evaluator.interview.scorecards`, ...) built from the helpers here, so every loader reports a
problem the same way: a `DataError` naming the file, the table and the field.

The same loader runs at build time (from ``docs/``) and in the browser: the build packs the
files of `DATA_DIRS` into the evaluator wheel under ``evaluator/_data/``, and `read_text` looks
there first. Stdlib only (`tomllib`), since PyYAML is not in Pyodide's offline set.
"""

from __future__ import annotations

import datetime as dt
import tomllib
from pathlib import Path
from typing import Any, Callable, TypeVar

T = TypeVar("T")

# Folders under docs/ whose files the evaluator wheel carries (scripts/wheel.py packs them).
DATA_DIRS = ("data", "interview/data")
_PACKAGE = Path(__file__).resolve().parent
BUNDLED = _PACKAGE / "_data"  # inside the wheel
DOCS = _PACKAGE.parent / "docs"  # in a checkout


class DataError(ValueError):
    """A data file does not match its schema; the message says which file, table and field."""


def read_text(name: str) -> str:
    """The text of a data file given by its path under docs/ (e.g. "data/compensation.toml")."""
    if not any(name.startswith(d + "/") for d in DATA_DIRS) or ".." in Path(name).parts:
        raise DataError(f"{name}: not a data file (data files live in docs/{{{','.join(DATA_DIRS)}}}/)")
    for base in (BUNDLED, DOCS):
        path = base / name
        if path.is_file():
            return path.read_text(encoding="utf-8")
    raise DataError(f"{name}: file not found (looked in {BUNDLED} and {DOCS})")


def load(name: str, parse: Callable[..., T], text: str | None = None, **kwargs: Any) -> T:
    """Read a data file (with `read_text` unless its text is given), parse its TOML and check it
    with its typed ``parse`` function; every problem is a DataError that starts with the file name."""
    if text is None:
        text = read_text(name)
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise DataError(f"{name}: not valid TOML: {exc}") from None
    try:
        return parse(data, **kwargs)
    except DataError as exc:
        raise DataError(f"{name}: {exc}") from None



_loaded: dict[tuple[str, Callable[..., Any]], Any] = {}


def load_once(name: str, parse: Callable[..., T], text: str | None = None) -> T:
    """`load`, but the file itself is read and checked once per process (a data file does not
    change while Python runs); a given ``text`` is always parsed afresh."""
    if text is not None:
        return load(name, parse, text)
    key = (name, parse)
    if key not in _loaded:
        _loaded[key] = load(name, parse)
    return _loaded[key]

_KIND_NAMES = {
    str: "text",
    int: "a whole number",
    float: "a number",
    bool: "true or false",
    dict: "a table",
    list: "a list",
    dt.date: "a date (YYYY-MM-DD)",
}


def kind_name(kind: type | tuple[type, ...]) -> str:
    if isinstance(kind, tuple):
        return " or ".join(_KIND_NAMES.get(k, k.__name__) for k in kind)
    return _KIND_NAMES.get(kind, kind.__name__)


def _check(value: Any, key: str, kind: type | tuple[type, ...], where: str) -> Any:
    kinds = kind if isinstance(kind, tuple) else (kind,)
    # bool is an int in Python; a year count of `true` is still a mistake.
    if isinstance(value, bool) and bool not in kinds:
        raise DataError(f"{where}: '{key}' must be {kind_name(kind)}, not a boolean")
    if float in kinds and isinstance(value, int) and not isinstance(value, bool):
        value = float(value)
    if not isinstance(value, kinds):
        raise DataError(f"{where}: '{key}' must be {kind_name(kind)}, got {type(value).__name__}")
    if isinstance(value, str) and not value.strip():
        raise DataError(f"{where}: '{key}' is empty")
    return value


def require(table: dict[str, Any], key: str, kind: type | tuple[type, ...], where: str) -> Any:
    """``table[key]``, which must exist and be of ``kind`` (text must not be blank)."""
    if not isinstance(table, dict):
        raise DataError(f"{where}: expected a table, got {type(table).__name__}")
    if key not in table:
        raise DataError(f"{where}: missing '{key}'")
    return _check(table[key], key, kind, where)


def optional(table: dict[str, Any], key: str, kind: type | tuple[type, ...], where: str, default: Any = None) -> Any:
    """``table[key]`` if present (then checked as by `require`), else ``default``."""
    if key not in table:
        return default
    return require(table, key, kind, where)


def require_list(table: dict[str, Any], key: str, item: type | tuple[type, ...], where: str, *, min_items: int = 1) -> list[Any]:
    """A list of at least ``min_items`` items, each of kind ``item``."""
    values = require(table, key, list, where)
    if len(values) < min_items:
        raise DataError(f"{where}: '{key}' needs at least {min_items} item(s), has {len(values)}")
    return [_check(v, f"{key}[{i}]", item, where) for i, v in enumerate(values)]


def unique(ids: list[str], what: str, where: str) -> None:
    """Refuse repeated ids, naming them."""
    seen: set[str] = set()
    repeated = [i for i in ids if i in seen or seen.add(i)]
    if repeated:
        raise DataError(f"{where}: {what} repeat: {', '.join(map(repr, dict.fromkeys(repeated)))}")


def require_choice(table: dict[str, Any], key: str, choices: tuple[str, ...] | list[str], where: str) -> str:
    """``table[key]``, which must be one of ``choices`` (named in the message if it is not)."""
    value = require(table, key, str, where)
    if value not in choices:
        raise DataError(f"{where}: '{key}' is {value!r}; choose one of {', '.join(choices)}")
    return value
