"""The Spark engine: a drift profile computed by Spark SQL, where the table lives.

Plain Spark SQL, no Python UDFs (so it runs unchanged on any cluster), and only aggregates Spark
keeps in a hash table (counts, sums of BIGINT, minima, maxima, MIN_BY/MAX_BY of a number): no
sort-based aggregation, no DECIMAL arithmetic, no cell cast to text.

Pass 1 reads every column once, as two aggregations over disjoint columns:

- Numeric columns (Spark's integer, floating-point and decimal types), stacked as (column, cell):
  per (column, class, bucket) the count, minimum, maximum, the file-order first and last value,
  and sums of 18-bit integer limbs of the mantissas that give the column's exact sum and sum of
  squares (`grid`'s integers; every limb sum fits a BIGINT up to 2**45 rows a bucket). The bucket
  of a value is computed exactly (`_bucket_sql`): the octave from ``log2``, corrected by comparing
  with powers of two (``pow(2, e)`` is exact), then ``floor((|x| / 2^e - 1) * 200)``, the same
  IEEE operations as numpy's path.
- Text-like columns (strings, booleans, dates, timestamps), stacked as (column, trimmed text):
  first a count per distinct text, then the CSV type rules (missing markers, numbers, codes with
  a leading zero) once per distinct text rather than once per cell; a column with at most
  `EXACT_MAX` distinct texts comes back whole, a larger one summed per (class, bucket) as above
  (its counts, lengths, and the first text that is not a number).

Pass 2 counts every value of the numeric columns that may have at most `EXACT_MAX` distinct values
(at most that many buckets, counting a bucket whose minimum and maximum differ twice), and brings
back the columns that do.

The driver then folds and packs the states exactly as the local engine does (`format`), so the
two engines give the same profile. Type rules: numeric Spark types are numeric; strings follow the
CSV rule (trimmed, missing markers, numeric when every other cell casts to a number); booleans,
dates and timestamps become text; nested types are refused. Row order: Spark has none; the engine
reads "file order" as partition order then position (``monotonically_increasing_id``), which for
one Parquet file is the file's order; a column counting up by one is only recognised as a row
counter when it has no missing cells (identifier names are recognised either way), in any number
of partitions (each row's index is its partition's first row plus its position).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ..errors import InputError
from ..tables.csv_format import MISSING_MARKERS
from . import format as fmt
from . import grid
from .format import EXACT_MAX, bucket_entry, make_profile, numeric_entry, text_entry

_SHIFT = 33  # monotonically_increasing_id puts the partition id above bit 33
_LIMB = 18  # bits of a mantissa limb; a 53-bit mantissa is three limbs
_MASK = (1 << _LIMB) - 1
# the products of two limbs whose sums make the sum of squares, with the shift of each in it
_PRODUCTS = (("a2", "a2", 72), ("a2", "a1", 55), ("a1", "a1", 36), ("a2", "a0", 37), ("a1", "a0", 19), ("a0", "a0", 0))


def _shared_types() -> Any:
    """The shared type rules (tables/types.py: ISO dates, codes with a leading zero), where this
    tree has them."""
    try:
        from ..tables import types
    except ImportError:  # pragma: no cover - a tree before tables/types.py
        return None
    return types


def _session() -> Any:
    try:
        from pyspark.sql import SparkSession
    except ImportError:
        raise InputError("--engine spark needs pyspark: install the package's 'spark' extra (and Java 17)") from None
    active = SparkSession.getActiveSession()
    if active is not None:
        return active
    return (SparkSession.builder.appName("mlops-kit profile").config("spark.ui.enabled", "false")
            .config("spark.sql.session.timeZone", "UTC").getOrCreate())


def load(spark: Any, source: str) -> Any:
    """A DataFrame of a table name or a Parquet path; `InputError` when there is none."""
    from pyspark.errors import AnalysisException

    try:
        if "/" in source or source.endswith((".parquet", ".pq")):
            return spark.read.parquet(source)
        return spark.table(source)
    except AnalysisException as exc:
        first = str(exc).splitlines()[0][:200]
        raise InputError(f"{source}: no such Spark table or Parquet path ({first})") from None


def _lit_str(s: str) -> str:
    return "'" + s.replace("\\", "\\\\").replace("'", "\\'") + "'"


def _column_exprs(df: Any) -> tuple[list[tuple[str, str]], list[str]]:
    """Per column: its SQL kind ('numeric' or 'string') and the expression of its cell (a DOUBLE
    for a numeric column, trimmed text for the others)."""
    from pyspark.sql import types as T

    kinds = []
    exprs = []
    for field in df.schema.fields:
        col = f"`{field.name.replace('`', '``')}`"
        t = field.dataType
        if isinstance(t, (T.ArrayType, T.MapType, T.StructType)):
            raise InputError(f"column {field.name!r} has the nested type {t.simpleString()}; drift compares flat columns "
                             "(numbers, text, dates, booleans): flatten or drop it")
        if isinstance(t, (T.ByteType, T.ShortType, T.IntegerType, T.LongType, T.FloatType, T.DoubleType, T.DecimalType)):
            kinds.append((field.name, "numeric"))
            exprs.append(f"CAST({col} AS DOUBLE)")
        elif isinstance(t, T.StringType):
            kinds.append((field.name, "string"))
            exprs.append(f"TRIM({col})")
        elif isinstance(t, T.BooleanType):
            kinds.append((field.name, "string"))
            exprs.append(f"CASE WHEN {col} IS NULL THEN NULL WHEN {col} THEN 'true' ELSE 'false' END")
        elif isinstance(t, T.DateType):
            kinds.append((field.name, "string"))
            exprs.append(f"DATE_FORMAT({col}, 'yyyy-MM-dd')")
        elif isinstance(t, (T.TimestampType, T.TimestampNTZType)):
            kinds.append((field.name, "string"))
            exprs.append(f"REGEXP_REPLACE(DATE_FORMAT({col}, \"yyyy-MM-dd'T'HH:mm:ss.SSSSSS\"), '\\\\.000000$', '')")
        else:
            raise InputError(f"column {field.name!r} has the type {t.simpleString()}, which drift does not compare "
                             "(numbers, text, dates and booleans are); cast or drop it")
    return kinds, exprs


_MARKERS = ", ".join(_lit_str(m) for m in sorted(MISSING_MARKERS))
# an ISO 8601 date, optionally with a time (the shared rules' pattern; their calendar check is left out)
_ISO_DATE = r"^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:[.,]\d{1,9})?)?(?:Z|[+-]\d{2}(?::?\d{2})?)?)?$"


def _number_of_text(s: str) -> str:
    """SQL: the number a trimmed text cell holds (NULL: missing or not a number; NaN text is NaN).
    Under the shared rules, integer-like text with a leading zero and text with an underscore are
    codes, not numbers."""
    codes = f"({s} RLIKE '^[+-]?0[0-9]+$' OR INSTR({s}, '_') > 0)" if _shared_types() is not None else "FALSE"
    return f"CASE WHEN {s} IS NULL OR LOWER({s}) IN ({_MARKERS}) OR {codes} THEN NULL ELSE try_cast({s} AS DOUBLE) END"


def _class_sql(x: str) -> str:
    """SQL: the class of a number: 0 finite, 1 missing (NULL or NaN), 2 minus infinity, 3 plus infinity."""
    return (f"CASE WHEN {x} IS NULL OR isnan({x}) THEN 1 WHEN {x} = double('-inf') THEN 2 "
            f"WHEN {x} = double('inf') THEN 3 ELSE 0 END")


def _bucket_sql(rows: str) -> str:
    """SQL over ``rows`` (columns ``x``, a number, and ``cls``, its class): adds ``e``, the binary
    exponent of a finite non-zero ``x``, ``k``, its bucket key (`grid.bucket_keys`: 0 for zero,
    NULL when not finite), and the three 18-bit limbs ``a2, a1, a0`` of its 53-bit mantissa
    (``|x| = m * 2**(e - 52)``). The one place where Spark computes the grid."""
    # the octave from log2, clamped to the exponents of doubles (so that 2^e0 is a finite non-zero
    # double) and corrected by one where log2 rounded across a power of two; |x| / 2^e0 is exact
    e0 = "CAST(LEAST(GREATEST(FLOOR(LOG2(ABS(x))), -1074), 1023) AS INT)"
    return f"""
      SELECT *, CASE WHEN k = 0 THEN 0 ELSE SHIFTRIGHT(m, {2 * _LIMB}) END AS a2,
             CASE WHEN k = 0 THEN 0 ELSE SHIFTRIGHT(m, {_LIMB}) & {_MASK} END AS a1,
             CASE WHEN k = 0 THEN 0 ELSE m & {_MASK} END AS a0
      FROM (SELECT *, CASE WHEN cls <> 0 THEN NULL WHEN x = 0 THEN 0
                      ELSE CAST(SIGN(x) AS BIGINT) * ((e + 1075) * {grid.SUB} + CAST(FLOOR((frac - 1) * {grid.SUB}) AS BIGINT) + 1)
                      END AS k,
                      CAST(frac * {float(2**52)!r}D AS BIGINT) AS m
            FROM (SELECT *, e0 + CASE WHEN f0 >= 2 THEN 1 WHEN f0 < 1 THEN -1 ELSE 0 END AS e,
                            CASE WHEN f0 >= 2 THEN f0 / 2 WHEN f0 < 1 THEN f0 * 2 ELSE f0 END AS frac
                  FROM (SELECT *, ABS(x) / POW(2D, e0) AS f0
                        FROM (SELECT *, CASE WHEN cls = 0 AND x <> 0 THEN {e0} END AS e0 FROM ({rows})))))"""


def _sum_sql(weight: str = "") -> str:
    """SQL aggregates: the limb sums (``s2, s1, s0``) and the halves of the limb products' sums
    (``q<i>h``, ``q<i>l``) that `_exact_sums` puts together; ``weight``: a count per row."""
    w = f"{weight} * " if weight else ""
    out = [f"SUM({w}a2) AS s2", f"SUM({w}a1) AS s1", f"SUM({w}a0) AS s0"]
    for i, (u, v, _) in enumerate(_PRODUCTS):
        out.append(f"SUM({w}SHIFTRIGHT({u} * {v}, {_LIMB})) AS q{i}h")
        out.append(f"SUM({w}(({u} * {v}) & {_MASK})) AS q{i}l")
    return ", ".join(out)


def _exact_sums(groups: list[dict]) -> tuple[int, int]:
    """The exact sum and sum of squares (`grid.exact_sums`' integers) of finite buckets' limb sums."""
    total, squares = 0, 0
    for r in groups:
        if r["k"] == 0:
            continue
        shift = r["e"] - 52 - grid.SUM_SCALE
        sign = 1 if r["k"] > 0 else -1
        m = (int(r["s2"]) << (2 * _LIMB)) + (int(r["s1"]) << _LIMB) + int(r["s0"])
        total += sign * (m << shift)
        sq = sum(((int(r[f"q{i}h"]) << _LIMB) + int(r[f"q{i}l"])) << at for i, (_, _, at) in enumerate(_PRODUCTS))
        squares += sq << (2 * shift)
    return total, squares


def _decimals_sql(x: str) -> str | None:
    """SQL: the fewest decimals writing ``x`` (`grid.decimals`), where this tree's format has them."""
    most = getattr(grid, "DECIMALS_MAX", None)
    if most is None:
        return None
    cases = " ".join(f"WHEN RINT({x} * {10**d}D) / {10**d}D = {x} THEN {d}" for d in range(most + 1))
    return f"CASE {cases} ELSE {most + 1} END"


def _row_view(view: str, offsets: list[int]) -> str:
    """The table with each row's index in file order (``__mlops_kit_row``): its position in its
    partition (``monotonically_increasing_id``'s low 33 bits) plus the rows of the partitions
    before it (``offsets``, counted first), so that a row counter is seen across partitions."""
    starts = f"array({', '.join(f'{o}L' for o in offsets)})" if offsets else "array(0L)"
    return (f"(SELECT *, element_at({starts}, CAST(SHIFTRIGHT(__mlops_kit_id, {_SHIFT}) AS INT) + 1)"
            f" + (__mlops_kit_id & {(1 << _SHIFT) - 1}) AS __mlops_kit_row"
            f" FROM (SELECT *, monotonically_increasing_id() AS __mlops_kit_id FROM {view}))")


def _numeric_pass(spark: Any, view: str, numeric: list[tuple[int, str]], offsets: list[int]) -> list[dict]:
    """Pass 1 over the numeric columns: one row per (column, class, bucket)."""
    cells = ", ".join(f"{i}, {e}" for i, e in numeric)
    rows = f"SELECT c, mid, x, {_class_sql('x')} AS cls FROM (SELECT __mlops_kit_row AS mid, stack({len(numeric)}, {cells}) AS (c, x) FROM {_row_view(view, offsets)})"
    dec = _decimals_sql("x")
    decimals = f", MAX(CASE WHEN cls = 0 THEN {dec} END) AS decimals" if dec else ""
    out = spark.sql(f"""
      SELECT c, cls, k, e, COUNT(*) AS n, MIN(x) AS lo_v, MAX(x) AS hi_v, MIN(mid) AS first_mid, MAX(mid) AS last_mid,
        MIN_BY(x, mid) AS first_num, MAX_BY(x, mid) AS last_num, MIN(x - mid) AS step_lo, MAX(x - mid) AS step_hi,
        BOOL_AND(x = FLOOR(x)) AS whole, {_sum_sql()}{decimals}
      FROM ({_bucket_sql(rows)}) GROUP BY c, cls, k, e""").collect()
    return [r.asDict() for r in out]


def _text_pass(spark: Any, view: str, text: list[tuple[int, str]], offsets: list[int]) -> list[dict]:
    """Pass 1 over the text-like columns: a count per distinct trimmed text, typed once per text;
    the columns with at most `EXACT_MAX` distinct (non-missing) texts come back one row per text
    (``s`` set), the others one row per (class, bucket), plus the row of their first text that is
    not a number."""
    cells = ", ".join(f"{i}, {e}" for i, e in text)
    distinct = f"""
      SELECT c, s, COUNT(*) AS n, MIN(mid) AS fm, MAX(mid) AS lm
      FROM (SELECT __mlops_kit_row AS mid, stack({len(text)}, {cells}) AS (c, s) FROM {_row_view(view, offsets)}) GROUP BY c, s"""
    typed = f"""
      SELECT *, CASE WHEN s IS NULL OR LOWER(s) IN ({_MARKERS}) THEN 1 WHEN x IS NULL THEN 4 ELSE {_class_sql('x')} END AS cls
      FROM (SELECT *, {_number_of_text('s')} AS x FROM ({distinct}))"""
    counted = f"""
      SELECT *, SUM(CASE WHEN cls <> 1 THEN 1 ELSE 0 END) OVER (PARTITION BY c) AS texts,
                MIN(CASE WHEN cls = 4 THEN fm END) OVER (PARTITION BY c) AS first_text_mid
      FROM ({_bucket_sql(typed)})"""
    # a column with few texts keeps every text (sv); a larger one only its first non-number
    dec = _decimals_sql("x")
    decimals = f", MAX(CASE WHEN cls = 0 THEN {dec} END) AS decimals" if dec else ""
    out = spark.sql(f"""
      SELECT c, cls, k, e, sv, SUM(n) AS n, SUM(n * LENGTH(s)) AS len, MIN(x) AS lo_v, MAX(x) AS hi_v,
        MIN(fm) AS first_mid, MAX(lm) AS last_mid, MIN_BY(x, fm) AS first_num, MAX_BY(x, lm) AS last_num,
        MIN(x - lm) AS step_lo, MAX(x - fm) AS step_hi, BOOL_AND(x = FLOOR(x)) AS whole,
        BOOL_AND(s RLIKE {_lit_str(_ISO_DATE)}) AS dates, {_sum_sql('n')}{decimals}
      FROM (SELECT *, CASE WHEN texts <= {EXACT_MAX} OR fm = first_text_mid THEN s END AS sv FROM ({counted}))
      GROUP BY c, cls, k, e, sv""").collect()
    return [r.asDict() for r in out]


def _value_pass(spark: Any, view: str, candidates: list[tuple[int, str]]) -> dict[int, list[tuple[float, int]]]:
    """Pass 2: the finite values and their counts of the candidate numeric columns that have at
    most `EXACT_MAX` of them."""
    cells = ", ".join(f"{i}, {e}" for i, e in candidates)
    out = spark.sql(f"""
      SELECT c, x, n FROM (
        SELECT c, x, n, COUNT(*) OVER (PARTITION BY c) AS distinct_values FROM (
          SELECT c, x, COUNT(*) AS n FROM (SELECT stack({len(candidates)}, {cells}) AS (c, x) FROM {view})
          WHERE {_class_sql('x')} = 0 GROUP BY c, x))
      WHERE distinct_values <= {EXACT_MAX}""").collect()
    values: dict[int, list[tuple[float, int]]] = {}
    for r in out:
        values.setdefault(r["c"], []).append((0.0 if r["x"] == 0 else float(r["x"]), r["n"]))
    return values


def _order(finite: list[dict], clean: bool) -> list | None:
    """``[first, last, steps up by one]`` of the finite values in file order (`local._order`);
    ``clean``: the column has no missing or infinite cells."""
    if not finite:
        return None
    first = min(finite, key=lambda r: r["first_mid"])
    last = max(finite, key=lambda r: r["last_mid"])
    one_step = clean and min(r["step_lo"] for r in finite) == max(r["step_hi"] for r in finite)
    return [float(first["first_num"]), float(last["last_num"]), bool(one_step or sum(r["n"] for r in finite) == 1)]


def profile_dataframe(df: Any, name: str) -> dict[str, Any]:
    """The drift profile of a Spark DataFrame (see the module)."""
    kinds, exprs = _column_exprs(df)
    if not kinds:
        raise InputError(f"{name} has no columns")
    spark = df.sparkSession
    view = f"mlops_kit_profile_{abs(hash(name)) % 10**8}"
    df.createOrReplaceTempView(view)
    numeric = [(i, e) for i, ((_, k), e) in enumerate(zip(kinds, exprs)) if k == "numeric"]
    text = [(i, e) for i, ((_, k), e) in enumerate(zip(kinds, exprs)) if k != "numeric"]
    parts = spark.sql(f"SELECT spark_partition_id() AS pid, COUNT(*) AS n FROM {view} GROUP BY pid").collect()
    sizes = {r["pid"]: r["n"] for r in parts}
    offsets = [sum(n for p, n in sizes.items() if p < pid) for pid in range(max(sizes) + 1)] if sizes else []
    total_rows = sum(sizes.values())
    groups: dict[int, list[dict]] = {i: [] for i in range(len(kinds))}
    for row in ((_numeric_pass(spark, view, numeric, offsets) if numeric else [])
                + (_text_pass(spark, view, text, offsets) if text else [])):
        groups[row["c"]].append(row)

    shared = _shared_types()
    columns: list[dict[str, Any] | None] = [None] * len(kinds)
    candidates = []
    for i, (col_name, kind) in enumerate(kinds):
        rows = groups[i]
        by_cls = {c: sum(r["n"] for r in rows if r["cls"] == c) for c in range(5)}
        if by_cls[4]:  # a text column: every non-missing text is a value
            non_missing = [r for r in rows if r["cls"] != 1]
            first_row = min((r for r in rows if r["cls"] == 4), key=lambda r: r["first_mid"])
            first = [first_row["first_mid"] + 1, first_row["sv"]]
            detailed = all(r["sv"] is not None for r in non_missing)
            if detailed:
                values = [r["sv"] for r in non_missing]
                dates = shared is not None and shared.classify_text(values) == shared.DATE
                columns[i] = text_entry(col_name, total_rows, by_cls[1], values, [r["n"] for r in non_missing], first, dates)
            else:
                dates = shared is not None and bool(non_missing) and all(r["dates"] for r in non_missing)
                columns[i] = {"name": col_name, "kind": "text", "rows": total_rows, "missing": by_cls[1], "mode": "overflow",
                              "count": sum(r["n"] for r in non_missing), "total_length": sum(r["len"] or 0 for r in non_missing),
                              "first_non_number": first, "dates": dates}
            continue
        finite = [r for r in rows if r["cls"] == 0]
        clean = by_cls[1] + by_cls[2] + by_cls[3] == 0
        head = (col_name, total_rows, by_cls[1], by_cls[2], by_cls[3])
        whole, order = all(r["whole"] for r in finite), _order(finite, clean)
        if not finite:
            columns[i] = numeric_entry(*head, np.empty(0, dtype=np.float64), whole=whole, order=order)
            continue
        if kind != "numeric" and all(r["sv"] is not None for r in finite):
            # numbers written as text, at most EXACT_MAX texts: the values came back (texts such as
            # "1" and "1.0" are one value)
            values: dict[float, int] = {}
            for r in finite:
                v = 0.0 if r["lo_v"] == 0 else float(r["lo_v"])
                values[v] = values.get(v, 0) + r["n"]
            pairs = sorted(values.items())
            columns[i] = numeric_entry(*head, None, np.array([v for v, _ in pairs], dtype=np.float64),
                                       np.array([n for _, n in pairs], dtype=np.int64), whole=whole, order=order)
            continue
        buckets = {r["k"] for r in finite}
        at_least = len(buckets) + sum(1 for r in finite if r["lo_v"] != r["hi_v"])  # distinct values, at least
        columns[i] = (head, finite, whole, order)  # type: ignore[assignment]
        if at_least <= fmt.EXACT_MAX_NUMERIC:
            candidates.append((i, exprs[i] if kind == "numeric" else _number_of_text(exprs[i])))
    values = _value_pass(spark, view, candidates) if candidates else {}
    for i, (col_name, kind) in enumerate(kinds):
        entry = columns[i]
        if isinstance(entry, dict):
            continue
        head, finite, whole, order = entry  # type: ignore[misc]
        if i in values:
            pairs = sorted(values[i])
            columns[i] = numeric_entry(*head, None, np.array([v for v, _ in pairs], dtype=np.float64),
                                       np.array([n for _, n in pairs], dtype=np.int64), whole=whole, order=order)
            continue
        by_key: dict[int, list[dict]] = {}
        for r in finite:
            by_key.setdefault(r["k"], []).append(r)
        keys = sorted(by_key)
        total, squares = _exact_sums(finite)
        tail: dict[str, Any] = {"whole": whole, "order": order}
        if "decimals" in (finite[0] if finite else {}):
            most = max(r["decimals"] for r in finite)  # the decimals of every value (grid.decimals)
            tail["decimals"] = most if most <= grid.DECIMALS_MAX else None
        entry_head = {"name": head[0], "kind": "numeric", "rows": total_rows, "missing": head[2], "infinities": [head[3], head[4]]}
        columns[i] = bucket_entry(entry_head, tail, np.array(keys, dtype=np.int64),
                                  np.array([sum(r["n"] for r in by_key[k]) for k in keys], dtype=np.int64),
                                  float(min(r["lo_v"] for r in finite)), float(max(r["hi_v"] for r in finite)), total, squares)
    spark.catalog.dropTempView(view)
    if total_rows < 2:
        raise InputError(f"{name} has {total_rows} row(s); drift needs at least two rows in each file")
    return make_profile(name, total_rows, "", "parquet", [], columns)


def profile_spark(source: str) -> dict[str, Any]:
    """The drift profile of a Spark table name or Parquet path (``--engine spark``)."""
    import os

    spark = _session()
    df = load(spark, source)
    return profile_dataframe(df, os.path.basename(os.path.normpath(source)))
