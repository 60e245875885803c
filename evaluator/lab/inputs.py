"""The drift lab's two inputs, each a CSV file or a drift profile (gzip or plain JSON, see
`evaluator.profiles`): read, checked and compared as `mlops-kit drift` compares the same pair."""

from __future__ import annotations

from typing import Any

from ..profiles import loads, looks_like_profile, profile_table
from ..profiles.inputs import PROFILE_SUFFIXES

# Why a profile cannot give what the page's performance section needs.
PERFORMANCE_FROM_PROFILE = (
    "a drift profile keeps counts per column, not rows, and accuracy needs each row's label and prediction "
    "side by side; compare the two CSV files themselves for the performance section"
)


def is_profile(data: Any, name: str = "") -> bool:
    """Whether an input is (meant to be) a drift profile: by its name (``*.profile.json.gz``,
    ``*.profile.json``), as the command line decides, or by its first bytes (the profiles package's test)."""
    if name.lower().endswith(PROFILE_SUFFIXES):
        return True
    return isinstance(data, (bytes, bytearray, memoryview)) and looks_like_profile(bytes(data[:64]))


_LOADED: dict[tuple[str, bytes], dict[str, Any]] = {}  # the profiles last loaded, by name and digest of their bytes
_LOADED_MAX = 2


def load_profile(data: Any, name: str) -> dict[str, Any]:
    """`evaluator.profiles.loads`, once per file: the page reads a profile as it is dropped
    (`api.drift_lab_inspect`) and again to compare it, so the last two profiles loaded are kept,
    by their name and the digest of their bytes (a changed file is loaded again). Nothing changes a
    loaded profile: the comparison reads it."""
    import hashlib

    key = (name, hashlib.sha256(bytes(data)).digest())
    if key not in _LOADED:
        profile = loads(data, name)
        while len(_LOADED) >= _LOADED_MAX:
            del _LOADED[next(iter(_LOADED))]
        _LOADED[key] = profile
    return _LOADED[key]


def read_input(data: Any, name: str, progress: Any = None) -> tuple[str, Any]:
    """``("profile", profile)`` (loaded and checked by `evaluator.profiles.loads`) or ``("table", Table)``."""
    from ..tables import read_csv  # looked up at each call, as the reader-counting test expects

    if is_profile(data, name):
        return "profile", load_profile(data, name)
    return "table", read_csv(data, name, progress=progress)


def profile_columns(profile: dict[str, Any]) -> dict[str, Any]:
    """``{"columns", "numeric"}`` of a profile, as the form's column pickers take them."""
    columns = [c["name"] for c in profile["columns"]]
    return {"columns": columns, "numeric": [c["name"] for c in profile["columns"] if c["kind"] == "numeric"]}


def compare_inputs(ref: tuple[str, Any], cur: tuple[str, Any], resolved: Any, progress: Any = None) -> dict[str, Any]:
    """The drift report of two inputs read by `read_input`: of the tables themselves when both are
    tables, else of their profiles (a table is profiled first), as the command line does."""
    from ..drift.report import build_report
    from ..profiles.compare import compare_profiles

    (rk, rv), (ck, cv) = ref, cur
    if rk == ck == "table":
        return build_report(rv, cv, resolved, progress=progress)
    return compare_profiles(rv if rk == "profile" else profile_table(rv), cv if ck == "profile" else profile_table(cv),
                            resolved, progress=progress)


def profile_summary(profile: dict[str, Any]) -> dict[str, Any]:
    """What the page says about a profile it saves or loads: the table's name and rows, and per mode
    the columns, so the reader sees which text columns list their values (exact mode)."""
    modes: dict[str, list[str]] = {}
    for col in profile["columns"]:
        modes.setdefault(f"{col['kind']}-{col['mode']}", []).append(col["name"])
    return {"table": profile["table"]["name"], "rows": profile["table"]["rows"], "columns": len(profile["columns"]),
            "modes": modes}

