"""Drift profiles measured: accuracy of bucket mode against the raw data, profile size as rows
grow, and the local and Spark engines' speed. Apart from the test suite.

    scripts/bench-profile accuracy [--mode forced|profiled] [--verbose]
    scripts/bench-profile size                gzip bytes per numeric column, 10^6 -> 10^9 rows by merging
    scripts/bench-profile engines --rows N    local engine and Spark (local[2], driver 1 GB), rows/s

Accuracy: each column is compared twice, from the raw values and from two profiles: with
``--mode forced`` (the default) every numeric column in bucket mode, so every column tests the
buckets; with ``--mode profiled`` as profiles are made (bucket mode above 4,096 distinct values;
the exact-mode comparisons are counted and checked identical). Printed: |PSI diff|, |KS statistic
diff|, relative Wasserstein difference and the headline verdict per source and per reference size
(a Markdown table), every column that misses a goal, and whether every metric's stated error bound
holds. Columns: generated heavy-tailed, tied and zero-inflated (tests/unit/profiles/accuracy.py),
the stage-2 interview data (three practice seeds, reference against current), and the datasets
bundled with statsmodels and scikit-learn when they are installed (each column split at random in
two halves, and against a copy scaled by 1.05).

Size: one column of each kind in `tests.unit.profiles.accuracy.SIZE_KINDS` grown by merging, with
the entropy of its exact bucket counts beside it (what no encoding of them can go below).
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
    rng = np.random.default_rng(5)
    out.extend(_statsmodels_columns(rng))
    try:
        from sklearn import datasets
    except ImportError:
        print("(scikit-learn not installed: its bundled datasets are left out)", file=sys.stderr)
        return out
    for loader in ("load_iris", "load_wine", "load_breast_cancer", "load_diabetes", "load_digits", "load_linnerud"):
        x = np.asarray(getattr(datasets, loader)().data, dtype=np.float64)
        for j in range(x.shape[1]):
            out.extend(_split_columns(f"sklearn {loader[5:]}[{j}]", x[:, j], rng))
    return out


def _split_columns(source: str, x: np.ndarray, rng: np.random.Generator) -> list[tuple[str, np.ndarray, np.ndarray]]:
    """A column with more than 20 values split at random in halves, and against a copy x1.05."""
    x = x[np.isfinite(x)]
    if np.unique(x).size <= 20:
        return []
    order = rng.permutation(x.size)
    half = x.size // 2
    return [(f"{source} halves", x[order[:half]], x[order[half:]]), (f"{source} x1.05", x, x * 1.05)]


def _statsmodels_columns(rng: np.random.Generator) -> list[tuple[str, np.ndarray, np.ndarray]]:
    """Every numeric column of statsmodels' bundled datasets (when statsmodels is installed)."""
    try:
        import pkgutil

        import statsmodels.datasets as sm_data
    except ImportError:
        print("(statsmodels not installed: its bundled datasets are left out)", file=sys.stderr)
        return []
    out = []
    for module in sorted(m.name for m in pkgutil.iter_modules(sm_data.__path__)):
        if module.startswith("_") or module in ("utils", "tests", "template_data"):
            continue
        try:
            frame = __import__(f"statsmodels.datasets.{module}", fromlist=["load_pandas"]).load_pandas().data
        except Exception as exc:  # noqa: BLE001 - a dataset that does not load is named, not fatal
            print(f"statsmodels {module}: {exc}", file=sys.stderr)
            continue
        for name in frame.select_dtypes("number").columns:
            out.extend(_split_columns(f"statsmodels {module}.{name}", frame[name].to_numpy(dtype=np.float64), rng))
    return out


def accuracy(args: argparse.Namespace) -> int:
    from evaluator.drift import resolve
    from evaluator.drift.report import build_report
    from evaluator.profiles import format as fmt
    from evaluator.profiles import profile_table
    from evaluator.profiles.compare import compare_profiles
    from evaluator.tables import Column, Table

    if args.mode == "forced":
        fmt.EXACT_MAX_NUMERIC = 0  # every numeric column in bucket mode
    columns = _columns_offline()
    bounds_checked = bounds_broken = exact_seen = exact_identical = 0
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
            flagged = b["headline"].get("verdict_certain") is not True  # within its bound, or no bound
            for metric, entry in b["metrics"].items():
                bound, va = entry.get("error_bound"), a["metrics"].get(metric, {}).get("value")
                if bound is not None and va is not None and entry["value"] is not None:
                    bounds_checked += 1
                    if abs(va - entry["value"]) > bound * (1 + 1e-9) + 1e-15:
                        bounds_broken += 1
                        print(f"bound broken: {preset} {name} {metric}: raw {va:.6g}, profile {entry['value']:.6g}, "
                              f"bound {bound:.3g}", file=sys.stderr)
            if args.mode == "profiled" and "profile" not in b:  # exact mode: the report is the raw data's
                exact_seen += 1
                exact_identical += a["metrics"] == b["metrics"] and a["headline"] == b["headline"]
                continue
            rows.append((preset, name, r.size, c.size, d_psi, d_ks, w_rel, same, flagged,
                         b["metrics"].get("psi", {}).get("error_bound"), b["metrics"]["ks"].get("statistic_error_bound")))
    if args.verbose:
        print(f"{'preset':9} {'column':48} {'n_ref':>8} {'n_cur':>8} {'|dPSI|':>9} {'|dKS|':>9} {'dW/W':>9} verdict    PSI bound  KS bound")
        for preset, name, nr, nc, dp, dk, dw, same, flagged, pb, kb in rows:
            verdict = ("same" if same else "DIFF") + (" (u)" if flagged else "")
            print(f"{preset:9} {name[:48]:48} {nr:8d} {nc:8d} {dp:9.2e} {dk:9.2e} {dw:9.2e} {verdict:9}  "
                  f"{'-' if pb is None else f'{pb:.2e}':>9}  {kb:.2e}")
        print()
    how = ("bucket mode forced on every numeric column" if args.mode == "forced"
           else "profiles as made (columns with more than 4,096 values in bucket mode; the others exact and left out)")
    print(f"{len(columns)} column pairs, {how}; measured {time.strftime('%Y-%m-%d', time.gmtime())}.")
    print("| columns | preset | comparisons | rows (ref) | max \\|PSI diff\\| | max \\|KS diff\\| | max Wasserstein diff "
          "| verdicts agree | differing, flagged uncertain or unbounded |")
    print("|---|---|---:|---:|---:|---:|---:|---:|---:|")
    groups = {"generated": lambda x: x[1].startswith("generated"), "stage-2": lambda x: x[1].startswith("stage-2"),
              "statsmodels": lambda x: x[1].startswith("statsmodels"), "sklearn": lambda x: x[1].startswith("sklearn"),
              "all, reference < 1,000 values": lambda x: x[2] < 1000,
              "all, 1,000 to 4,096": lambda x: 1000 <= x[2] <= 4096,
              "all, more than 4,096 (bucket mode possible)": lambda x: x[2] > 4096,
              "all": lambda x: True}
    for group, within in groups.items():
        for preset in args.presets.split(","):
            mine = [x for x in rows if x[0] == preset and within(x)]
            if not mine:
                continue
            sizes = [x[2] for x in mine]
            agree = sum(x[7] for x in mine)
            differ = [x for x in mine if not x[7]]
            print(f"| {group} | {preset} | {len(mine)} | {min(sizes):,}-{max(sizes):,} | {max(x[4] for x in mine):.5f} | "
                  f"{max(x[5] for x in mine):.4f} | {max(x[6] for x in mine):.2%} | {agree} of {len(mine)} "
                  f"({agree / len(mine):.1%}) | {sum(x[8] for x in differ)} of {len(differ)} |")
    for preset, name, nr, nc, dp, dk, dw, same, flagged, pb, kb in rows:
        if dp > 0.005 or dk > 0.002 or dw > 0.03 or not same:
            print(f"miss: {preset} {name} (n {nr}/{nc}): |dPSI| {dp:.4f} (bound {'-' if pb is None else f'{pb:.3g}'}), "
                  f"|dKS| {dk:.4f} (bound {kb:.3g}), dW/W {dw:.2%}, verdict {'same' if same else 'differs'}"
                  f"{', flagged uncertain' if flagged else ''}")
    print(f"error bounds checked {bounds_checked}, broken {bounds_broken}")
    if args.mode == "profiled":
        print(f"exact-mode comparisons (left out above): {exact_seen}, with every metric and verdict identical to the raw data's: "
              f"{exact_identical}")
    return 0 if bounds_broken == 0 else 1


def _poisson_entropy_bits(lam: np.ndarray) -> float:
    """Sum of the entropies (bits) of Poisson counts with these means: about the information in
    exact bucket counts, which no encoding of them can go below."""
    lam = np.asarray(lam, dtype=np.float64)
    big = lam >= 30
    total = float(np.sum(0.5 * np.log2(2 * np.pi * np.e * lam[big])))
    from scipy import stats

    for value in lam[~big & (lam > 0)].tolist():
        j = np.arange(0, int(value + 12 * math.sqrt(value) + 30))
        pmf = stats.poisson.pmf(j, value)
        pmf = pmf[pmf > 0]
        total += float(-np.sum(pmf * np.log2(pmf)))
    return total


def _real_rows(kind: str, n: int, rng: np.random.Generator) -> np.ndarray:
    return {"normal": lambda: rng.normal(0, 1, n), "lognormal": lambda: rng.lognormal(0, 1, n),
            "student t(3)": lambda: rng.standard_t(3, n), "tied to 2 decimals": lambda: np.round(rng.lognormal(3, 1, n), 2),
            "integer ids": lambda: np.arange(1, n + 1, dtype=np.float64)}[kind]()


def size(args: argparse.Namespace) -> int:
    """gzip bytes of one numeric column as the table grows from 10**6 to 10**9 rows by merging:
    the profile of 10**6 drawn rows, merged with the profiles of the rows added at each step
    (their bucket counts drawn as multinomial counts, as those of independent draws are; merging
    equals profiling the whole, byte for byte). Beside it, the entropy of the exact counts."""
    from evaluator.profiles import dumps, merge, profile_table
    from evaluator.profiles.format import bucket_entry, make_profile
    from evaluator.tables import Column, Table
    from tests.unit.profiles.accuracy import SIZE_KINDS, bucket_probabilities, simulated_buckets

    rng = np.random.default_rng(0)
    steps = [10**6, 10**7, 10**8, 10**9]
    print(f"Measured {time.strftime('%Y-%m-%d', time.gmtime())}: gzip bytes of one numeric column (format version 2); "
          "in brackets the entropy of its exact bucket counts")
    print("| column | " + " | ".join(f"10^{int(math.log10(n))} rows" for n in steps) + " | growth 10^6 -> 10^9 | entropy growth |")
    print("|---|" + "---:|" * (len(steps) + 2))
    for kind in SIZE_KINDS:
        x = _real_rows(kind, steps[0], rng)
        profile = profile_table(Table("t", {"x": Column("x", numeric=x)}, x.size, ",", "utf-8", []))
        cells, floors = [], []
        rows = steps[0]
        keys_p, p = bucket_probabilities(kind)
        for n in steps:
            if n > rows:
                if kind == "integer ids":  # the ids rows+1..n: the counts of 1..n less those of 1..rows
                    k_all, c_all = simulated_buckets(kind, n, rng)
                    k_old, c_old = simulated_buckets(kind, rows, rng)
                    c_all[np.searchsorted(k_all, k_old)] -= c_old
                    keep = c_all > 0
                    add_keys, add_counts = k_all[keep], c_all[keep]
                    order = [float(rows + 1), float(n), True]
                else:
                    add_keys, add_counts = simulated_buckets(kind, n - rows, rng)
                    order = [0.5, -0.25, False]
                from evaluator.profiles import grid

                lo, hi = grid.bucket_bounds(add_keys)
                head = {"name": "x", "kind": "numeric", "rows": n - rows, "missing": 0, "infinities": [0, 0]}
                col = profile["columns"][0]
                tail = {"whole": col["whole"], "order": order, "decimals": col.get("decimals")}
                sums = grid.exact_sums_sorted((lo + hi) / 2, add_counts)  # as if each value sat mid-bucket (its size is what matters)
                added = make_profile("t", n - rows, ",", "utf-8", [],
                                     [bucket_entry(head, tail, add_keys, add_counts, float(lo[0]), float(hi[-1]), *sums)])
                profile = merge(profile, added)
                rows = n
            cells.append(len(dumps(profile)))
            floors.append(0.0 if p is None else _poisson_entropy_bits(n * p) / 8)
        floor_text = "-" if floors[0] == 0 else f"{floors[-1] / floors[0]:.2f}x"
        print(f"| {kind} | " + " | ".join(f"{c:,}" + ("" if f == 0 else f" ({f:,.0f})") for c, f in zip(cells, floors))
              + f" | {cells[-1] / cells[0]:.2f}x | {floor_text} |")
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
    a.add_argument("--verbose", action="store_true", help="one line per column")
    a.add_argument("--mode", choices=("forced", "profiled"), default="forced",
                   help="forced: every numeric column in bucket mode; profiled: as profiles are made (bucket mode above 4,096 values)")
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
