"""The drift profile format (version 2): build, check, merge, write and read profiles.

A profile is a JSON object (stored gzip-compressed, ``*.profile.json.gz``) holding, per column of a
table, the counts a drift report is computed from (see docs/tools/drift-profiles.md):

- ``exact`` mode (at most `EXACT_MAX` distinct values): every distinct value and its count. A
  report from two exact profiles is the report of the files themselves.
- ``bucket`` mode (numeric columns with more distinct values): exact counts on the fixed grid of
  `grid` (200 buckets an octave, relative width at most 0.5%), packed as one text (`packing`),
  with the count, minimum, maximum, the exact sum and sum of squares, and the decimals that write
  every value (`grid.decimals`; null when more than `grid.DECIMALS_MAX` or not all).
- ``overflow`` (text columns with more distinct values): counts and total length only; such a
  column is never compared as categories (the report skips text with more than 100 values).

Every field is a sum, a minimum, a maximum or an "and" over rows, so two profiles of parts of a
table merge into the profile of the whole (`merge`), byte for byte: profiles are mergeable states,
and the engines (`local`, `spark`) only fill them.

Version 1 wrote a bucket column's keys and counts as two lists of differences and had no
``decimals``; such profiles still read (`upgrade`), their columns with ``decimals`` null.
"""

from __future__ import annotations

import functools

import gzip
import json
import zlib
from typing import Any

import numpy as np

from ..errors import InputError
from . import grid
from .packing import PackingError, pack_buckets, unpack_buckets

FORMAT = "mlops-kit drift profile"
VERSION = 2
READABLE_VERSIONS = (1, 2)  # version 1 is upgraded when read
EXACT_MAX = 4096  # distinct values a column keeps exactly
EXACT_MAX_NUMERIC = EXACT_MAX  # the same for numeric columns (the accuracy bench sets it to 0 to force bucket mode)


# --- building column entries ---------------------------------------------------------------------


def numeric_entry(name: str, rows: int, missing: int, neg_inf: int, pos_inf: int, finite: np.ndarray | None,
                  values: np.ndarray | None = None, counts: np.ndarray | None = None, *, whole: bool,
                  order: list | None) -> dict[str, Any]:
    """A numeric column from its finite values in any order (``finite``), or from its distinct
    sorted ``values`` and their ``counts``."""
    if finite is not None:
        finite = np.asarray(finite, dtype=np.float64)
        finite = np.where(finite == 0, 0.0, finite)  # -0.0 is 0 (as Spark's grouping makes it)
        values, counts = np.unique(finite, return_counts=True)
    head = {"name": name, "kind": "numeric", "rows": int(rows), "missing": int(missing),
            "infinities": [int(neg_inf), int(pos_inf)]}
    tail = {"whole": bool(whole), "order": order}
    if values.size <= EXACT_MAX_NUMERIC:
        return {**head, "mode": "exact", "values": values.tolist(), "counts": np.asarray(counts, dtype=np.int64).tolist(), **tail}
    keys = grid.bucket_keys(values)
    starts = np.flatnonzero(np.concatenate(([True], keys[1:] != keys[:-1])))
    bucket_counts = np.add.reduceat(np.asarray(counts, dtype=np.int64), starts)
    total, squares = grid.exact_sums_sorted(values, counts)
    tail = {**tail, "decimals": grid.decimals(values)}
    return bucket_entry(head, tail, keys[starts], bucket_counts, float(values[0]), float(values[-1]), total, squares)


def bucket_entry(head: dict, tail: dict, keys: np.ndarray, counts: np.ndarray, lo: float, hi: float,
                 total: int, squares: int) -> dict[str, Any]:
    """A bucket-mode column from its sorted keys and their counts; ``tail`` holds ``whole``,
    ``order`` and ``decimals`` (the most decimals of a value, `grid.decimals`; None: more than
    `grid.DECIMALS_MAX`)."""
    keys, counts = grid.fold(keys, counts)
    return {**head, "mode": "bucket", "count": int(np.sum(counts)), "min": lo, "max": hi,
            "sum": grid.pack(total, grid.SUM_SCALE), "sum_squares": grid.pack(squares, grid.SQUARES_SCALE),
            "buckets": pack_buckets(keys, counts), "whole": bool(tail["whole"]), "order": tail["order"],
            "decimals": tail["decimals"]}


def text_entry(name: str, rows: int, missing: int, values: list[str], counts: list[int],
               first_non_number: list | None, dates: bool = False) -> dict[str, Any]:
    """A text column from its distinct values (any order) and their counts; ``dates``: every
    value is an ISO date (the shared type rules, `tables.types`)."""
    head = {"name": name, "kind": "text", "rows": int(rows), "missing": int(missing)}
    if len(values) <= EXACT_MAX:
        pairs = sorted(zip(values, counts))
        return {**head, "mode": "exact", "values": [v for v, _ in pairs], "counts": [int(c) for _, c in pairs],
                "first_non_number": first_non_number, "dates": bool(dates)}
    return {**head, "mode": "overflow", "count": int(sum(counts)), "total_length": int(sum(len(v) * c for v, c in zip(values, counts))),
            "first_non_number": first_non_number, "dates": bool(dates)}


def make_profile(name: str, rows: int, delimiter: str | None, encoding: str | None, notes: list[str],
                 columns: list[dict[str, Any]]) -> dict[str, Any]:
    return {"format": FORMAT, "version": VERSION,
            "table": {"name": name, "rows": int(rows), "delimiter": delimiter, "encoding": encoding, "notes": list(notes)},
            "columns": columns}


# --- reading a column's state back ---------------------------------------------------------------


@functools.lru_cache(maxsize=1024)
def _unpacked(text: str) -> tuple[np.ndarray, np.ndarray]:
    keys, counts = unpack_buckets(text)
    keys.setflags(write=False)
    counts.setflags(write=False)
    return keys, counts


def unpacked_buckets(text: Any) -> tuple[np.ndarray, np.ndarray]:
    """`unpack_buckets`, read-only, remembered for the last 1,024 columns: `check` unpacks every
    column to check it and `bucket_state` unpacks it again to compare it (a tenth of the time of a
    comparison of two large profiles). A string's hash is computed once and kept by the string."""
    if not isinstance(text, str):
        return unpack_buckets(text)  # raises PackingError
    return _unpacked(text)


def bucket_state(col: dict[str, Any]) -> tuple[np.ndarray, np.ndarray, float, float, int, int]:
    """``(keys, counts, min, max, sum, sum of squares)`` of a numeric column in either mode."""
    if col["mode"] == "bucket":
        keys, counts = unpacked_buckets(col["buckets"])
        total = grid.unpack(col["sum"], grid.SUM_SCALE)
        squares = grid.unpack(col["sum_squares"], grid.SQUARES_SCALE)
        return keys, counts, col["min"], col["max"], total, squares
    values = np.asarray(col["values"], dtype=np.float64)
    counts = np.asarray(col["counts"], dtype=np.int64)
    keys = grid.bucket_keys(values)
    starts = np.flatnonzero(np.concatenate(([True], keys[1:] != keys[:-1]))) if keys.size else np.empty(0, dtype=np.int64)
    total, squares = grid.exact_sums_sorted(values, counts)
    if not keys.size:
        return keys, counts, 0.0, 0.0, 0, 0
    return keys[starts], np.add.reduceat(counts, starts), float(values[0]), float(values[-1]), total, squares


def column_decimals(col: dict[str, Any]) -> int | None:
    """The decimals that write every value of a numeric column (None: more, or not known)."""
    if col["mode"] == "bucket":
        return col["decimals"]
    return grid.decimals(np.asarray(col["values"], dtype=np.float64))


# --- merging -------------------------------------------------------------------------------------


def _merge_order(a: list | None, b: list | None) -> list | None:
    """``[first, last, steps_up_by_one]`` of the finite values in file order, for the rows of A then B."""
    if a is None:
        return b
    if b is None:
        return a
    return [a[0], b[1], bool(a[2] and b[2] and (np.float64(b[0]) - np.float64(a[1])) == 1)]


def _merge_numeric(a: dict[str, Any], b: dict[str, Any]) -> dict[str, Any]:
    head = {"name": a["name"], "kind": "numeric", "rows": a["rows"] + b["rows"], "missing": a["missing"] + b["missing"],
            "infinities": [a["infinities"][0] + b["infinities"][0], a["infinities"][1] + b["infinities"][1]]}
    tail = {"whole": a["whole"] and b["whole"], "order": _merge_order(a["order"], b["order"])}
    if a["mode"] == "exact" and b["mode"] == "exact":
        values = np.concatenate((np.asarray(a["values"], dtype=np.float64), np.asarray(b["values"], dtype=np.float64)))
        counts = np.concatenate((np.asarray(a["counts"], dtype=np.int64), np.asarray(b["counts"], dtype=np.int64)))
        distinct, inverse = np.unique(values, return_inverse=True)
        summed = np.zeros(distinct.size, dtype=np.int64)
        np.add.at(summed, inverse, counts)
        if distinct.size <= EXACT_MAX_NUMERIC:
            return {**head, "mode": "exact", "values": distinct.tolist(), "counts": summed.tolist(), **tail}
        return numeric_entry(a["name"], head["rows"], head["missing"], *head["infinities"], None, distinct, summed,
                             whole=tail["whole"], order=tail["order"])
    ka, ca, loa, hia, sa, qa = bucket_state(a)
    kb, cb, lob, hib, sb, qb = bucket_state(b)
    tail["decimals"] = grid.max_decimals(column_decimals(a), column_decimals(b))
    keys, inverse = np.unique(np.concatenate((ka, kb)), return_inverse=True)
    counts = np.zeros(keys.size, dtype=np.int64)
    np.add.at(counts, inverse, np.concatenate((ca, cb)))
    lo = min(x for x, c in ((loa, ca), (lob, cb)) if c.size) if (ca.size or cb.size) else 0.0
    hi = max(x for x, c in ((hia, ca), (hib, cb)) if c.size) if (ca.size or cb.size) else 0.0
    return bucket_entry(head, tail, keys, counts, lo, hi, sa + sb, qa + qb)


def _shift_line(first: list | None, rows: int) -> list | None:
    return None if first is None else [first[0] + rows, first[1]]


def _merge_text(a: dict[str, Any], b: dict[str, Any], a_rows: int) -> dict[str, Any]:
    first = a["first_non_number"] if a["first_non_number"] is not None else _shift_line(b["first_non_number"], a_rows)
    rows, missing = a["rows"] + b["rows"], a["missing"] + b["missing"]
    # every value of the whole an ISO date: each part's are, or it has none (and one part has some)
    empty_a, empty_b = a["rows"] == a["missing"], b["rows"] == b["missing"]
    dates = (a["dates"] or empty_a) and (b["dates"] or empty_b) and not (empty_a and empty_b)
    if a["mode"] == "exact" and b["mode"] == "exact":
        counts: dict[str, int] = dict(zip(a["values"], a["counts"]))
        for v, c in zip(b["values"], b["counts"]):
            counts[v] = counts.get(v, 0) + c
        return text_entry(a["name"], rows, missing, list(counts), list(counts.values()), first, dates)

    def length_count(col: dict[str, Any]) -> tuple[int, int]:
        if col["mode"] == "overflow":
            return col["total_length"], col["count"]
        return sum(len(v) * c for v, c in zip(col["values"], col["counts"])), sum(col["counts"])

    (la, na), (lb, nb) = length_count(a), length_count(b)
    return {"name": a["name"], "kind": "text", "rows": rows, "missing": missing, "mode": "overflow",
            "count": na + nb, "total_length": la + lb, "first_non_number": first, "dates": dates}


def merge(a: dict[str, Any], b: dict[str, Any], name: str | None = None) -> dict[str, Any]:
    """The profile of table A's rows followed by table B's: counts and sums added, minima and maxima
    taken. Both must have the same columns, each of the same kind."""
    names_a = [c["name"] for c in a["columns"]]
    names_b = [c["name"] for c in b["columns"]]
    if names_a != names_b:
        only_a = [n for n in names_a if n not in names_b]
        only_b = [n for n in names_b if n not in names_a]
        detail = "; ".join(x for x in (f"only in {a['table']['name']}: {', '.join(only_a)}" if only_a else "",
                                        f"only in {b['table']['name']}: {', '.join(only_b)}" if only_b else "") if x)
        raise InputError(f"profiles to merge must have the same columns in the same order ({detail or 'the order differs'})")
    columns = []
    for ca, cb in zip(a["columns"], b["columns"]):
        if ca["kind"] != cb["kind"]:
            raise InputError(
                f"column {ca['name']!r} is {ca['kind']} in {a['table']['name']} and {cb['kind']} in {b['table']['name']}; "
                "a column's type is decided over the whole table: profile the parts together, or fix the values")
        if ca["kind"] == "numeric":
            columns.append(_merge_numeric(ca, cb))
        else:
            columns.append(_merge_text(ca, cb, a["table"]["rows"]))
    ta, tb = a["table"], b["table"]
    return make_profile(name or ta["name"], ta["rows"] + tb["rows"],
                        ta["delimiter"] if ta["delimiter"] == tb["delimiter"] else None,
                        ta["encoding"] if ta["encoding"] == tb["encoding"] else None,
                        ta["notes"] + tb["notes"], columns)


# --- bytes ---------------------------------------------------------------------------------------


def dumps(profile: dict[str, Any]) -> bytes:
    """The profile as gzip-compressed JSON; the same profile always gives the same bytes."""
    text = json.dumps(profile, separators=(",", ":"), ensure_ascii=False, allow_nan=False)
    return gzip.compress(text.encode("utf-8"), compresslevel=9, mtime=0)


def looks_like_profile(data: bytes) -> bool:
    """Whether the bytes are (meant to be) a profile: gzip data, or JSON naming the format."""
    head = bytes(data[:64])
    return head[:2] == b"\x1f\x8b" or (head.lstrip()[:1] == b"{" and b'"format"' in head)


def loads(data: bytes, name: str = "profile") -> dict[str, Any]:
    """A profile from its bytes (gzip or plain JSON), checked; `InputError` says what is wrong."""
    raw = bytes(data)
    if raw[:2] == b"\x1f\x8b":
        try:
            raw = gzip.decompress(raw)
        except EOFError:
            raise InputError(f"{name}: the profile is truncated (its gzip data ends early); write it again") from None
        except (OSError, zlib.error) as exc:
            raise InputError(f"{name}: the profile is corrupted (gzip: {exc})") from None
    try:
        profile = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        raise InputError(f"{name}: the profile is corrupted (not UTF-8 text)") from None
    except ValueError as exc:
        raise InputError(f"{name}: the profile is corrupted (not valid JSON: {exc})") from None
    check(profile, name)
    return profile


def upgrade(profile: dict[str, Any], name: str = "profile") -> None:
    """Turn a version 1 profile into version 2 in place: a bucket column's lists of key and count
    differences become its packed buckets, and its decimals are not known (null)."""
    for i, col in enumerate(profile.get("columns") or []):
        if isinstance(col, dict) and col.get("kind") == "numeric" and col.get("mode") == "bucket":
            keys, counts = col.pop("keys", None), col.pop("counts", None)
            if not (isinstance(keys, list) and isinstance(counts, list) and len(keys) == len(counts)
                    and all(isinstance(x, int) and not isinstance(x, bool) for x in keys + counts)):
                raise _fail(name, f"column {i + 1}: bucket keys and counts do not match")
            k, c = np.cumsum(np.asarray(keys, dtype=np.int64)), np.cumsum(np.asarray(counts, dtype=np.int64))
            if k.size and (np.any(np.diff(k) <= 0) or np.any(c <= 0)):
                raise _fail(name, f"column {i + 1}: bucket keys are not increasing or a count is not positive")
            col["buckets"] = pack_buckets(k, c)
            col["decimals"] = None
    profile["version"] = VERSION


def _fail(name: str, what: str) -> InputError:
    return InputError(f"{name}: not a valid drift profile ({what})")


def _is_count(x: Any) -> bool:
    return isinstance(x, int) and not isinstance(x, bool) and x >= 0


def _is_number(x: Any) -> bool:
    return isinstance(x, (int, float)) and not isinstance(x, bool) and np.isfinite(x)


def check(profile: Any, name: str = "profile") -> None:
    """Raise `InputError` naming the first problem of a parsed profile."""
    if not isinstance(profile, dict) or profile.get("format") != FORMAT:
        raise _fail(name, f"its format is not {FORMAT!r}")
    version = profile.get("version")
    if version not in READABLE_VERSIONS:
        raise InputError(f"{name}: a drift profile of format version {version!r}; this evaluator reads versions "
                         f"{' and '.join(map(str, READABLE_VERSIONS))} (make the profile again with this version)")
    if version != VERSION:
        upgrade(profile, name)
    table = profile.get("table")
    if not isinstance(table, dict) or not isinstance(table.get("name"), str) or not _is_count(table.get("rows")):
        raise _fail(name, "no table name and row count")
    if not isinstance(table.get("notes"), list):
        raise _fail(name, "table notes missing")
    columns = profile.get("columns")
    if not isinstance(columns, list) or not columns:
        raise _fail(name, "no columns")
    seen = set()
    for i, col in enumerate(columns):
        where = f"column {i + 1}"
        if not isinstance(col, dict) or not isinstance(col.get("name"), str):
            raise _fail(name, f"{where} has no name")
        where = f"column {col['name']!r}"
        if col["name"] in seen:
            raise _fail(name, f"{where} appears twice")
        seen.add(col["name"])
        if not _is_count(col.get("rows")) or not _is_count(col.get("missing")) or col["rows"] != table["rows"]:
            raise _fail(name, f"{where}: bad row or missing counts")
        kind, mode = col.get("kind"), col.get("mode")
        counts = col.get("counts")
        if kind == "numeric":
            inf = col.get("infinities")
            if not (isinstance(inf, list) and len(inf) == 2 and all(map(_is_count, inf))):
                raise _fail(name, f"{where}: bad infinity counts")
            if mode == "exact":
                values = col.get("values")
                if not (isinstance(values, list) and isinstance(counts, list) and len(values) == len(counts) <= EXACT_MAX):
                    raise _fail(name, f"{where}: values and counts do not match")
                if not all(map(_is_number, values)) or any(b <= a for a, b in zip(values, values[1:])):
                    raise _fail(name, f"{where}: values are not finite, distinct and sorted")
                total = sum(counts) if all(map(_is_count, counts)) else -1
            elif mode == "bucket":
                try:
                    keys, bucket_counts = unpacked_buckets(col.get("buckets"))
                except PackingError as exc:
                    raise _fail(name, f"{where}: its buckets are corrupted ({exc})") from None
                if keys.size and (np.any(np.diff(keys) <= 0) or np.any(bucket_counts <= 0)):
                    raise _fail(name, f"{where}: bucket keys are not increasing or a count is not positive")
                if not (_is_number(col.get("min")) and _is_number(col.get("max")) and col["min"] <= col["max"]):
                    raise _fail(name, f"{where}: bad minimum or maximum")
                for field, scale in (("sum", grid.SUM_SCALE), ("sum_squares", grid.SQUARES_SCALE)):
                    pair = col.get(field)
                    try:
                        grid.unpack(pair, scale)
                    except (TypeError, ValueError, IndexError):
                        raise _fail(name, f"{where}: bad {field}") from None
                dec = col.get("decimals")
                if not (dec is None or (_is_count(dec) and dec <= grid.DECIMALS_MAX)):
                    raise _fail(name, f"{where}: bad decimals")
                total = int(bucket_counts.sum())
                if total != col.get("count"):
                    raise _fail(name, f"{where}: bucket counts do not add up to the count")
            else:
                raise _fail(name, f"{where}: unknown mode {mode!r}")
            if total < 0 or total + col["missing"] + sum(inf) != col["rows"]:
                raise _fail(name, f"{where}: counts do not add up to the rows")
            order = col.get("order")
            if not isinstance(col.get("whole"), bool) or not (order is None or (isinstance(order, list) and len(order) == 3)):
                raise _fail(name, f"{where}: bad order or whole-number flags")
        elif kind == "text":
            if mode == "exact":
                values = col.get("values")
                if not (isinstance(values, list) and isinstance(counts, list) and len(values) == len(counts) <= EXACT_MAX
                        and all(isinstance(v, str) for v in values) and all(map(_is_count, counts))):
                    raise _fail(name, f"{where}: values and counts do not match")
                total = sum(counts)
            elif mode == "overflow":
                total = col.get("count")
                if not _is_count(total) or not _is_count(col.get("total_length")):
                    raise _fail(name, f"{where}: bad counts")
            else:
                raise _fail(name, f"{where}: unknown mode {mode!r}")
            if total + col["missing"] != col["rows"]:
                raise _fail(name, f"{where}: counts do not add up to the rows")
            if not isinstance(col.get("dates"), bool):
                raise _fail(name, f"{where}: bad dates flag")
        else:
            raise _fail(name, f"{where}: unknown kind {kind!r}")
