"""Drift profiles measured: accuracy of bucket mode against the raw data, profile size as rows
grow, and the local and Spark engines' speed. Apart from the test suite.

    scripts/bench-profile accuracy            every column we can get offline, bucket mode forced
    scripts/bench-profile size                gzip bytes per numeric column, 1e6 -> 1e9 rows
    scripts/bench-profile engines --rows N    local engine and Spark (local[2], driver 1 GB), rows/s

Accuracy: each column is compared twice, from the raw values and from two profiles in bucket mode
(exact mode switched off for numeric columns, so every column tests the buckets): |PSI diff|,
|KS statistic diff|, relative Wasserstein difference, the headline verdict, and whether every
metric's stated error bound holds. Columns: generated heavy-tailed, tied and zero-inflated
(tests/unit/profiles/accuracy.py), the stage-2 interview data (three seeds, reference against
current), and scikit-learn's bundled datasets when scikit-learn is installed (each split at random
in two halves, and against a copy scaled by 1.05).
"""

from __future__ import annotations

import argparse
import io
import json
import math
import os
import sys
import time
import zipfile
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "build" / "bench"


def _columns_offline() -> list[tuple[str, np.ndarray, np.ndarray]]:
    from evaluator import api
    from evaluator.tables import read_csv
    from tests.unit.profiles.accuracy import generated_columns

    out = [(f"generated: {n}", r, c) for n, r, c in generated_columns(seed=11, n_ref=200_000, n_cur=100_000)]
    for seed in (1, 2, 3):
        variant = api.interview_variant("stage-2", seed, practice=True)
        z = zipfile.ZipFile(io.BytesIO(variant["zip"]))
        ref = read_csv(z.read("stage-2-data/reference.csv"), "reference.csv")
        cur = read_csv(z.read("stage-2-data/current.csv"), "current.csv")
        for name, col in ref.columns.items():
            other = cur.columns.get(name)
            if col.kind == "numeric" and other is not None and other.kind == "numeric":
                r, c = col.numeric[np.isfinite(col.numeric)], other.numeric[np.isfinite(other.numeric)]
                if np.unique(r).size > 20:
                    out.append((f"stage-2 seed {seed}: {name}", r, c))
    try:
        from sklearn import datasets
    except ImportError:
        print("(scikit-learn not installed: its bundled datasets are left out)", file=sys.stderr)
        return out
    rng = np.random.default_rng(5)
    for loader in ("load_iris", "load_wine", "load_breast_cancer", "load_diabetes", "load_digits", "load_linnerud"):
        bunch = getattr(datasets, loader)()
        x = np.asarray(bunch.data, dtype=np.float64)
        order = rng.permutation(x.shape[0])
        half = x.shape[0] // 2
        for j in range(x.shape[1]):
            col = x[:, j]
            if np.unique(col).size <= 20:
                continue
            out.append((f"sklearn {loader[5:]}[{j}] halves", col[order[:half]], col[order[half:]]))
            out.append((f"sklearn {loader[5:]}[{j}] x1.05", col, col * 1.05))
    return out


def accuracy(args: argparse.Namespace) -> int:
    from evaluator.drift import resolve
    from evaluator.drift.report import build_report
    from evaluator.profiles import format as fmt
    from evaluator.profiles import profile_table
    from evaluator.profiles.compare import compare_profiles
    from evaluator.tables import Column, Table

    fmt.EXACT_MAX_NUMERIC = 0  # every numeric column in bucket mode
    columns = _columns_offline()
    worst = {"psi": 0.0, "ks": 0.0, "w_rel": 0.0}
    agree = bounds_checked = bounds_broken = 0
    rows = []
    for preset in args.presets.split(","):
        options = resolve({"preset": preset})
        for name, r, c in columns:
            tr = Table("ref", {"x": Column("x", numeric=r.copy())}, r.size, ",", "utf-8", [])
            tc = Table("cur", {"x": Column("x", numeric=c.copy())}, c.size, ",", "utf-8", [])
            try:
                raw = build_report(tr, tc, options)["columns"]
            except Exception as exc:  # noqa: BLE001 - a column the report skips is listed, not fatal
                print(f"skip {name}: {exc}", file=sys.stderr)
                continue
            tr = Table("ref", {"x": Column("x", numeric=r.copy())}, r.size, ",", "utf-8", [])
            tc = Table("cur", {"x": Column("x", numeric=c.copy())}, c.size, ",", "utf-8", [])
            prof = compare_profiles(profile_table(tr), profile_table(tc), options)["columns"]
            if not raw or not prof:
                continue
            a, b = raw[0], prof[0]
            d_psi = abs(a["metrics"]["psi"]["value"] - b["metrics"]["psi"]["value"]) if "psi" in a["metrics"] else 0.0
            d_ks = abs(a["metrics"]["ks"]["statistic"] - b["metrics"]["ks"]["statistic"])
            w = a["metrics"]["wasserstein"]["value"]
            w_rel = abs(w - b["metrics"]["wasserstein"]["value"]) / w if w else 0.0
            same = a["headline"]["drifted"] == b["headline"]["drifted"]
            agree += same
            for metric, entry in b["metrics"].items():
                bound, va = entry.get("error_bound"), a["metrics"].get(metric, {}).get("value")
                if bound is not None and va is not None and entry["value"] is not None:
                    bounds_checked += 1
                    if abs(va - entry["value"]) > bound * (1 + 1e-9) + 1e-15:
                        bounds_broken += 1
                        print(f"bound broken: {preset} {name} {metric}: raw {va:.6g}, profile {entry['value']:.6g}, "
                              f"bound {bound:.3g}", file=sys.stderr)
            worst = {"psi": max(worst["psi"], d_psi), "ks": max(worst["ks"], d_ks), "w_rel": max(worst["w_rel"], w_rel)}
            rows.append((preset, name, r.size, c.size, d_psi, d_ks, w_rel, same,
                         b["metrics"].get("psi", {}).get("error_bound"), b["metrics"]["ks"].get("statistic_error_bound")))
    print(f"{'preset':9} {'column':44} {'n_ref':>8} {'n_cur':>8} {'|dPSI|':>9} {'|dKS|':>9} {'dW/W':>9} verdict  PSI bound  KS bound")
    for preset, name, nr, nc, dp, dk, dw, same, pb, kb in rows:
        print(f"{preset:9} {name[:44]:44} {nr:8d} {nc:8d} {dp:9.2e} {dk:9.2e} {dw:9.2e} {'same' if same else 'DIFF':7}  "
              f"{'-' if pb is None else f'{pb:.2e}':>9}  {kb:.2e}")
    n = len(rows)
    print(f"\n{n} column comparisons: max |PSI diff| {worst['psi']:.2e} (goal 0.005), max |KS diff| {worst['ks']:.2e} "
          f"(goal 0.002), max Wasserstein relative diff {worst['w_rel']:.2%} (goal 3%), verdicts agree on {agree}/{n} "
          f"({agree / max(n, 1):.2%}; goal 99.5%); error bounds checked {bounds_checked}, broken {bounds_broken}")
    return 0 if bounds_broken == 0 else 1


def size(args: argparse.Namespace) -> int:
    from scipy import stats

    from evaluator.profiles import dumps
    from tests.unit.profiles.test_merge import _simulated_profile

    rng = np.random.default_rng(0)
    print(f"{'distribution':14} {'1e6 rows':>10} {'1e9 rows':>10} growth")
    for name, dist in (("normal", stats.norm()), ("lognormal", stats.lognorm(1.0)), ("student t(3)", stats.t(3)),
                       ("uniform", stats.uniform()), ("exponential", stats.expon())):
        small = len(dumps(_simulated_profile(dist, 10**6, rng)))
        large = len(dumps(_simulated_profile(dist, 10**9, rng)))
        print(f"{name:14} {small:10,d} {large:10,d} {large / small:.2f}x")
    return 0


def _write_parquet(rows: int, columns: int) -> Path:
    import pyarrow as pa
    import pyarrow.parquet as pq

    path = DATA / f"profile-{rows}x{columns}.parquet"
    if path.exists():
        return path
    DATA.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(0)
    schema = pa.schema([(f"c{j}", pa.float64() if j % 4 else pa.int64()) for j in range(columns)])
    tmp = path.with_suffix(".tmp")
    with pq.ParquetWriter(tmp, schema) as writer:
        step = 1_000_000
        for start in range(0, rows, step):
            n = min(step, rows - start)
            arrays = []
            for j in range(columns):
                kind = j % 4
                if kind == 0:
                    arrays.append(pa.array(rng.integers(0, 50, n)))
                elif kind == 1:
                    arrays.append(pa.array(rng.normal(0, 1, n)))
                elif kind == 2:
                    arrays.append(pa.array(rng.lognormal(3, 1, n)))
                else:
                    arrays.append(pa.array(np.round(rng.normal(100, 15, n), 2)))
            writer.write_table(pa.Table.from_arrays(arrays, schema=schema))
    tmp.replace(path)
    return path


def engines(args: argparse.Namespace) -> int:
    from evaluator.profiles import dumps, profile_table
    from evaluator.tables.arrow_reader import read_arrow_file

    path = _write_parquet(args.rows, args.columns)
    size_mb = path.stat().st_size / 1e6
    cells = args.rows * args.columns
    print(f"table: {path.name}, {args.rows:,} rows x {args.columns} columns, {size_mb:.0f} MB Parquet")
    local = None
    if not args.spark_only:
        t0 = time.perf_counter()
        local = profile_table(read_arrow_file(str(path)))
        t_local = time.perf_counter() - t0
        print(f"local engine: {t_local:.1f} s, {args.rows / t_local:,.0f} rows/s ({cells / t_local:,.0f} cells/s)")
    from pyspark.sql import SparkSession

    from evaluator.profiles.spark import load, profile_dataframe

    t0 = time.perf_counter()
    spark = (SparkSession.builder.master("local[2]").appName("bench-profile").config("spark.driver.memory", "1g")
             .config("spark.ui.enabled", "false").config("spark.sql.shuffle.partitions", "8")
             .config("spark.sql.session.timeZone", "UTC").getOrCreate())
    spark.sparkContext.setLogLevel("ERROR")
    t_start = time.perf_counter() - t0
    t0 = time.perf_counter()
    remote = profile_dataframe(load(spark, str(path)), path.name)
    t_spark = time.perf_counter() - t0
    print(f"spark local[2], driver 1 GB: start {t_start:.1f} s, profile {t_spark:.1f} s, {args.rows / t_spark:,.0f} rows/s "
          f"({cells / t_spark:,.0f} cells/s)")
    if local is not None:
        print(f"profiles equal byte for byte: {dumps(local) == dumps(remote)}; gzip size {len(dumps(remote)):,} bytes")
    spark.stop()
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="scripts/bench-profile", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="what", required=True)
    a = sub.add_parser("accuracy")
    a.add_argument("--presets", default="default,evidently")
    sub.add_parser("size")
    e = sub.add_parser("engines")
    e.add_argument("--rows", type=int, default=20_000_000)
    e.add_argument("--columns", type=int, default=20)
    e.add_argument("--spark-only", action="store_true", help="skip the local engine (a table larger than this machine's memory)")
    args = parser.parse_args(argv)
    return {"accuracy": accuracy, "size": size, "engines": engines}[args.what](args)


if __name__ == "__main__":
    sys.exit(main())
