"""The Spark engine: a drift profile computed by Spark SQL, where the table lives.

Two passes of plain Spark SQL, no Python UDFs (so it runs unchanged on any cluster):

1. One aggregation over the table's cells, stacked as (column, class, bucket) rows: per bucket the
   count, minimum, maximum, the file-order first and last value, and
   the integer limb sums that give the column's exact sum and sum of squares (as `grid` computes
   them locally); per text column the count and total length. The bucket of a
   value is computed exactly: the octave from ``log2``, corrected by comparing with powers of two
   (``pow(2, e)`` is exact), then ``floor((|x| / 2^e - 1) * 200)``, the same IEEE operations as
   numpy's path.
2. For the text columns and the numeric columns with at most 4,096 buckets (pass 1), one
   ``GROUP BY`` of column and value, of which only the columns with at most 4,096 values come
   back to the driver (a window count over each column's groups): every value's count.

The driver then folds and packs the states exactly as the local engine does (`format`), so the
two engines give the same profile. Type rules: numeric Spark types are numeric; strings follow the
CSV rule (trimmed, missing markers, numeric when every other cell casts to a number); booleans,
dates and timestamps become text; nested types are refused. Row order: Spark has none; the engine
reads "file order" as partition order then position (``monotonically_increasing_id``), which for
one Parquet file is the file's order; a column counting up by one is only recognised as a row
counter when it has no missing cells (identifier names are recognised either way).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ..errors import InputError
from ..tables.csv_format import MISSING_MARKERS
from . import grid
from .format import EXACT_MAX, make_profile, numeric_entry, text_entry

_SHIFT = 33  # monotonically_increasing_id puts the partition id above bit 33


def _shared_types_present() -> bool:
    """Whether this tree has the shared type rules that read ISO dates as a type (tables/types.py)."""
    import importlib.util

    return importlib.util.find_spec("evaluator.tables.types") is not None


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
    """Per column: its SQL kind ('numeric' or 'string') and the expression of its cell."""
    from pyspark.sql import types as T

    kinds = []
    exprs = []
    for i, field in enumerate(df.schema.fields):
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


def profile_dataframe(df: Any, name: str) -> dict[str, Any]:
    """The drift profile of a Spark DataFrame (two passes, see the module)."""
    kinds, exprs = _column_exprs(df)
    if not kinds:
        raise InputError(f"{name} has no columns")
    spark = df.sparkSession
    view = f"mlops_kit_profile_{abs(hash(name)) % 10**8}"
    cells = ", ".join(f"{i}, CAST({e} AS STRING), {('CAST(' + e + ' AS DOUBLE)') if k == 'numeric' else 'NULL'}"
                      for i, ((_, k), e) in enumerate(zip(kinds, exprs)))
    df.createOrReplaceTempView(view)
    stacked = f"""
      SELECT pid, mid, stack({len(kinds)}, {cells}) AS (c, s, d)
      FROM (SELECT *, spark_partition_id() AS pid, monotonically_increasing_id() AS mid FROM {view})"""
    # the cell as a number: the column's own double, or the text read as a number (under the shared
    # rules, integer-like text with a leading zero and text with an underscore are codes, not numbers)
    codes = "(s RLIKE '^[+-]?0[0-9]+$' OR INSTR(s, '_') > 0)" if _shared_types_present() else "FALSE"
    typed = f"""
      SELECT pid, mid, c, s, num,
        CASE WHEN s IS NULL OR LOWER(s) IN ({_MARKERS}) OR isnan(num) THEN 1
             WHEN num IS NULL THEN 4 WHEN num = double('-inf') THEN 2 WHEN num = double('inf') THEN 3 ELSE 0 END AS cls
      FROM (SELECT pid, mid, c, s, COALESCE(d, CASE WHEN {codes} THEN NULL ELSE try_cast(s AS DOUBLE) END) AS num
            FROM ({stacked}))"""
    exp = """(CAST(FLOOR(LOG2(ABS(num))) AS INT)
              - CASE WHEN POW(2D, FLOOR(LOG2(ABS(num)))) > ABS(num) THEN 1 ELSE 0 END
              + CASE WHEN POW(2D, FLOOR(LOG2(ABS(num))) + 1) <= ABS(num) THEN 1 ELSE 0 END)"""
    bucketed = f"""
      SELECT pid, mid, c, s, cls, num, e, m53,
        CASE WHEN cls <> 0 THEN NULL WHEN num = 0 THEN 0
             ELSE SIGN(num) * ((e + 1075) * {grid.SUB} + CAST(FLOOR((ABS(num) / POW(2D, e) - 1) * {grid.SUB}) AS BIGINT) + 1) END AS k,
        CASE WHEN cls = 0 AND num <> 0 THEN CAST(SIGN(num) AS BIGINT) * m53 ELSE 0 END AS sm
      FROM (SELECT *, CASE WHEN cls = 0 AND num <> 0 THEN {exp} END AS e,
                      CASE WHEN cls = 0 AND num <> 0 THEN CAST(ABS(num) / POW(2D, {exp}) * POW(2D, 52) AS BIGINT) END AS m53
            FROM ({typed}))"""
    dec = "DECIMAL(38,0)"
    limbs = f"""
      SELECT pid, mid, c, s, cls, num, e, k, sm,
        SHIFTRIGHT(sm, 26) AS hi, sm & 67108863 AS lo,
        SHIFTRIGHT(ABS(sm), 36) AS a2, SHIFTRIGHT(ABS(sm), 18) & 262143 AS a1, ABS(sm) & 262143 AS a0
      FROM ({bucketed})"""
    pass1 = spark.sql(f"""
      SELECT c, cls, k, MIN(e) AS e, COUNT(*) AS n, MIN(num) AS lo_v, MAX(num) AS hi_v,
        SUM(LENGTH(s)) AS len, MIN(mid) AS first_mid, MAX(mid) AS last_mid,
        MIN_BY(num, mid) AS first_num, MAX_BY(num, mid) AS last_num, MIN_BY(s, mid) AS first_s,
        MIN(num - mid) AS step_lo, MAX(num - mid) AS step_hi, BOOL_AND(num = FLOOR(num)) AS whole,
        MAX(CASE {' '.join(f'WHEN RINT(num * {10**d}D) / {10**d}D = num THEN {d}' for d in range(grid.DECIMALS_MAX + 1))} ELSE {grid.DECIMALS_MAX + 1} END) AS decimals,
        BOOL_AND(s RLIKE {_lit_str(_ISO_DATE)}) AS dates,
        SUM(CAST(hi AS {dec})) AS s_hi, SUM(CAST(lo AS {dec})) AS s_lo,
        SUM(CAST(a2 * a2 AS {dec})) AS p22, SUM(CAST(a2 * a1 AS {dec})) AS p21, SUM(CAST(a1 * a1 AS {dec})) AS p11,
        SUM(CAST(a2 * a0 AS {dec})) AS p20, SUM(CAST(a1 * a0 AS {dec})) AS p10, SUM(CAST(a0 * a0 AS {dec})) AS p00
      FROM ({limbs}) GROUP BY c, cls, k""").collect()
    parts = spark.sql(f"SELECT spark_partition_id() AS pid, COUNT(*) AS n FROM {view} GROUP BY pid").collect()
    offsets: dict[int, int] = {}
    total_rows = 0
    for row in sorted(parts, key=lambda r: r["pid"]):
        offsets[row["pid"]] = total_rows
        total_rows += row["n"]

    def row_of(mid: int) -> int:
        return offsets.get(mid >> _SHIFT, 0) + (mid & ((1 << _SHIFT) - 1))

    groups: dict[int, list[Any]] = {i: [] for i in range(len(kinds))}
    for row in pass1:
        groups[row["c"]].append(row)
    states = []
    exact_numeric, exact_text = [], []
    for i, (col_name, kind) in enumerate(kinds):
        rows = groups[i]
        text = kind == "string" and any(r["cls"] == 4 for r in rows)
        # pass 2 counts the values of every text column and of every numeric column with at most
        # EXACT_MAX buckets (more buckets: more distinct values), and brings back only those of
        # columns with at most EXACT_MAX values
        if text:
            exact_text.append(i)
        elif sum(1 for r in rows if r["cls"] == 0) <= EXACT_MAX:
            exact_numeric.append(i)
        states.append((text, 0))
    values: dict[int, list[tuple[Any, int]]] = {i: [] for i in range(len(kinds))}
    if exact_numeric or exact_text:
        wanted = " OR ".join(x for x in (
            f"(c IN ({', '.join(map(str, exact_numeric))}) AND cls = 0)" if exact_numeric else "",
            f"(c IN ({', '.join(map(str, exact_text))}) AND cls <> 1)" if exact_text else "") if x)
        text_list = ", ".join(map(str, exact_text)) or "-1"
        pass2 = spark.sql(f"""
          SELECT c, sv, nv, n FROM (
            SELECT c, sv, nv, n, COUNT(*) OVER (PARTITION BY c) AS distinct_values FROM (
              SELECT c, CASE WHEN c IN ({text_list}) THEN s END AS sv,
                     CASE WHEN c IN ({text_list}) THEN NULL ELSE num END AS nv, COUNT(*) AS n
              FROM ({typed}) WHERE {wanted} GROUP BY 1, 2, 3))
          WHERE distinct_values <= {EXACT_MAX}""").collect()
        for row in pass2:
            values[row["c"]].append((row["sv"] if row["c"] in exact_text else row["nv"], row["n"]))
        exact_numeric = [i for i in exact_numeric if values[i]]
        exact_text = [i for i in exact_text if values[i]]
    columns = []
    for i, (col_name, kind) in enumerate(kinds):
        rows, (text, distinct) = groups[i], states[i]
        by_cls = {c: sum(r["n"] for r in rows if r["cls"] == c) for c in range(5)}
        if text:
            non_missing = [r for r in rows if r["cls"] != 1]
            not_numbers = [r for r in rows if r["cls"] == 4]
            first_row = min(not_numbers, key=lambda r: r["first_mid"])
            first = [row_of(first_row["first_mid"]) + 1, first_row["first_s"]]
            missing = by_cls[1]
            shared = _shared_types_present()
            dates = shared and bool(non_missing) and all(r["dates"] for r in non_missing)
            if i in exact_text:
                pairs = values[i]
                columns.append(text_entry(col_name, total_rows, missing, [v for v, _ in pairs], [n for _, n in pairs], first, dates))
            else:
                columns.append({"name": col_name, "kind": "text", "rows": total_rows, "missing": missing, "mode": "overflow",
                                "count": sum(r["n"] for r in non_missing), "total_length": sum(r["len"] or 0 for r in non_missing),
                                "first_non_number": first, "dates": dates})
            continue
        finite = [r for r in rows if r["cls"] == 0]
        order = None
        if finite:
            first_r = min(finite, key=lambda r: r["first_mid"])
            last_r = max(finite, key=lambda r: r["last_mid"])
            one_step = (by_cls[1] + by_cls[2] + by_cls[3] == 0 and len(parts) <= 1
                        and min(r["step_lo"] for r in finite) == max(r["step_hi"] for r in finite))
            order = [float(first_r["first_num"]), float(last_r["last_num"]), bool(one_step or sum(r["n"] for r in finite) == 1)]
        whole = all(r["whole"] for r in finite)
        head = dict(rows=total_rows, missing=by_cls[1], neg_inf=by_cls[2], pos_inf=by_cls[3])
        if i in exact_numeric:
            pairs = sorted((0.0 if v == 0 else float(v), n) for v, n in values[i])
            columns.append(numeric_entry(col_name, head["rows"], head["missing"], head["neg_inf"], head["pos_inf"], None,
                                         np.array([v for v, _ in pairs], dtype=np.float64),
                                         np.array([n for _, n in pairs], dtype=np.int64), whole=whole, order=order))
            continue
        from .format import bucket_entry

        total, squares = 0, 0
        for r in finite:
            if r["k"] == 0:
                continue
            shift = r["e"] - 52 - grid.SUM_SCALE
            total += ((int(r["s_hi"]) << 26) + int(r["s_lo"])) << shift
            sq = ((int(r["p22"]) << 72) + (int(r["p21"]) << 55) + ((int(r["p11"]) + 2 * int(r["p20"])) << 36)
                  + (int(r["p10"]) << 19) + int(r["p00"]))
            squares += sq << (2 * shift)
        finite.sort(key=lambda r: r["k"])
        entry_head = {"name": col_name, "kind": "numeric", "rows": total_rows, "missing": by_cls[1],
                      "infinities": [by_cls[2], by_cls[3]]}
        most = max(r["decimals"] for r in finite)  # the decimals of every value (grid.decimals)
        columns.append(bucket_entry(entry_head, {"whole": whole, "order": order,
                                                 "decimals": most if most <= grid.DECIMALS_MAX else None},
                                    np.array([r["k"] for r in finite], dtype=np.int64), np.array([r["n"] for r in finite], dtype=np.int64),
                                    float(min(r["lo_v"] for r in finite)), float(max(r["hi_v"] for r in finite)), total, squares))
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
