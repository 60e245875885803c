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
        variant = api.interview_variant("stage-2", seed)
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


_COUNTRIES = ["DE", "FR", "US", "GB", "NL", "ES", "IT", "PL", "SE", "BR", "IN", "JP", "CA", "AU", "MX", "CH", "AT", "BE", "DK", "NO"]


def _mixed_chunk(rng: np.random.Generator, start: int, n: int) -> object:
    """``n`` rows of a customer table, 20 columns: 12 numeric (a row id, integers, rounded and
    continuous doubles, heavy tails, zero-inflated, missing cells) and 8 text-like (categories,
    codes with leading zeros, missing markers, booleans, dates)."""
    import pyarrow as pa

    def with_nulls(values: np.ndarray, share: float) -> object:
        return pa.array(values, mask=rng.random(n) < share)

    def pick(choices: list[str], p: list[float]) -> object:
        return pa.array(np.array(choices)[rng.choice(len(choices), n, p=p)])

    return pa.table({
        "customer_id": pa.array(np.arange(start + 1, start + n + 1, dtype=np.int64)),
        "age": with_nulls(rng.integers(18, 90, n).astype(np.int32), 0.01),
        "income": pa.array(np.round(rng.lognormal(10.5, 0.6, n), 2)),
        "balance": with_nulls(rng.normal(2500, 1800, n), 0.05),
        "score": pa.array(rng.random(n)),
        "tenure_days": pa.array(rng.integers(0, 5000, n).astype(np.int64)),
        "basket_value": pa.array(np.round(rng.gamma(2.0, 30.0, n), 2)),
        "items": pa.array(rng.poisson(3, n).astype(np.int64)),
        "discount": pa.array(np.where(rng.random(n) < 0.7, 0.0, np.round(rng.uniform(0, 0.5, n), 3))),
        "latency_ms": pa.array((rng.pareto(1.5, n) + 1) * 20.0),
        "temperature": with_nulls(np.round(rng.normal(21, 4, n), 1), 0.02),
        "rating": with_nulls(rng.integers(1, 6, n).astype(np.int8), 0.3),
        "country": pa.array(np.array(_COUNTRIES)[np.minimum(rng.zipf(1.6, n) - 1, len(_COUNTRIES) - 1)]),
        "device": pick(["mobile", "desktop", "tablet", "tv", "other"], [0.55, 0.3, 0.1, 0.03, 0.02]),
        "plan": pick(["free", "basic", "pro", "team", "NA"], [0.5, 0.25, 0.15, 0.05, 0.05]),
        "zip": pa.array(np.char.zfill(rng.integers(0, 100000, n).astype(str), 5)),
        "status": pick(["active", "churned", "paused", "", "n/a"], [0.7, 0.15, 0.1, 0.03, 0.02]),
        "store_code": pa.array(np.char.zfill(rng.integers(0, 400, n).astype(str), 4)),
        "is_member": pa.array(rng.random(n) < 0.4),
        "signup_date": pa.array((np.datetime64("2023-01-01") + rng.integers(0, 1000, n)).astype("datetime64[D]")),
    })


def _write_parquet(rows: int, folder: Path) -> Path:
    """The mixed table of ``rows`` rows as one Parquet file (written 1M rows at a time; kept)."""
    import pyarrow.parquet as pq

    path = folder / f"profile-mixed-{rows}.parquet"
    if path.exists():
        return path
    folder.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(0)
    tmp = path.with_suffix(".tmp")
    writer = None
    step = 1_000_000
    for start in range(0, rows, step):
        chunk = _mixed_chunk(rng, start, min(step, rows - start))
        if writer is None:
            writer = pq.ParquetWriter(tmp, chunk.schema)
        writer.write_table(chunk)
    writer.close()
    tmp.replace(path)
    return path


def local_engine(path: str, out: str) -> None:
    """The local engine on a Parquet file, streamed: profiles of 2M-row batches merged (a profile
    of parts merges into the profile of the whole, byte for byte); the profile written to ``out``."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    from evaluator.profiles import dumps, profile_table
    from evaluator.profiles.format import merge
    from evaluator.tables.arrow_reader import table_from_arrow

    name = os.path.basename(path)
    profile = None
    for batch in pq.ParquetFile(path).iter_batches(batch_size=1 << 21):
        part = profile_table(table_from_arrow(pa.Table.from_batches([batch]), name, "parquet"))
        profile = part if profile is None else merge(profile, part, name)
    Path(out).write_bytes(dumps(profile))


def spark_engine(path: str, out: str, memory: str) -> None:
    """The Spark engine in local[2] with the driver's memory capped; the profile written to ``out``."""
    from pyspark.sql import SparkSession

    from evaluator.profiles import dumps
    from evaluator.profiles.spark import load, profile_dataframe

    spark = (SparkSession.builder.master("local[2]").appName("bench-profile").config("spark.driver.memory", memory)
             .config("spark.ui.enabled", "false").config("spark.ui.showConsoleProgress", "false").config("spark.sql.shuffle.partitions", "8")
             .config("spark.sql.session.timeZone", "UTC").getOrCreate())
    spark.sparkContext.setLogLevel("ERROR")
    t0 = time.perf_counter()
    profile = profile_dataframe(load(spark, path), os.path.basename(path))
    print(json.dumps({"profile_seconds": time.perf_counter() - t0}))
    Path(out).write_bytes(dumps(profile))
    spark.stop()


def _child(what: str, *args: str) -> tuple[float, float, dict]:
    """Run one engine in a fresh process: (wall seconds, peak resident memory in MB, its JSON line)."""
    import resource
    import subprocess

    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    t0 = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "scripts.bench_profile", what, *args], cwd=ROOT, check=True,
                          stdout=subprocess.PIPE, text=True)
    wall = time.perf_counter() - t0
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    lines = [json.loads(x) for x in done.stdout.splitlines() if x.startswith("{")]
    return wall, (peak / 1024 if peak > before else float("nan")), (lines[-1] if lines else {})


def engines(args: argparse.Namespace) -> int:
    """Both engines on one mixed table of ``--rows`` rows x 20 columns written to ``--folder``
    (each engine in a fresh process, one after the other)."""
    path = _write_parquet(args.rows, Path(args.folder))
    size_mb = path.stat().st_size / 1e6
    load = os.getloadavg()[0]
    print(f"{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, load average {load:.1f}, {os.cpu_count()} cores")
    print(f"table: {path}, {args.rows:,} rows x 20 columns (12 numeric, 8 text-like), {size_mb:,.0f} MB Parquet")
    out_local, out_spark = Path(args.folder) / "local.profile.json.gz", Path(args.folder) / "spark.profile.json.gz"
    rates = {}
    if not args.spark_only:
        wall, peak, _ = _child("local-engine", str(path), str(out_local))
        rates["local"] = args.rows / wall
        print(f"local engine (pyarrow + numpy, 2M-row batches merged): {wall:.1f} s, {rates['local']:,.0f} rows/s, "
              f"peak resident memory {peak:,.0f} MB")
    wall, _, info = _child("spark-engine", str(path), str(out_spark), args.driver_memory)
    seconds = info.get("profile_seconds", wall)
    rates["spark"] = args.rows / seconds
    print(f"spark local[2], driver memory {args.driver_memory}: {seconds:.1f} s profiling ({wall:.1f} s with the JVM's "
          f"start), {rates['spark']:,.0f} rows/s")
    if "local" in rates:
        same = out_local.read_bytes() == out_spark.read_bytes()
        print(f"local / spark rows/s: {rates['local'] / rates['spark']:.2f}; profiles equal byte for byte: {same} "
              f"({out_spark.stat().st_size:,} bytes gzip)")
    load_after = os.getloadavg()[0]
    print(f"load average at the end {load_after:.1f}")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="scripts/bench-profile", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="what", required=True)
    a = sub.add_parser("accuracy")
    a.add_argument("--presets", default="default,evidently")
    sub.add_parser("size")
    e = sub.add_parser("engines")
    e.add_argument("--rows", "--spark-rows", type=int, default=20_000_000, help="rows of the mixed table (20 columns)")
    e.add_argument("--folder", default="/tmp/mlops-kit-bench-profile", help="where the table and the two profiles go")
    e.add_argument("--driver-memory", default="1g")
    e.add_argument("--spark-only", action="store_true", help="skip the local engine")
    for what in ("local-engine", "spark-engine"):  # the children engines() starts
        c = sub.add_parser(what)
        c.add_argument("path")
        c.add_argument("out")
        if what == "spark-engine":
            c.add_argument("memory")
    args = parser.parse_args(argv)
    if args.what == "local-engine":
        return local_engine(args.path, args.out) or 0
    if args.what == "spark-engine":
        return spark_engine(args.path, args.out, args.memory) or 0
    return {"accuracy": accuracy, "size": size, "engines": engines}[args.what](args)


if __name__ == "__main__":
    sys.exit(main())
