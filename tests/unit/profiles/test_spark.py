"""The Spark engine in local mode gives the local engine's profile, byte for byte (exact and
bucket mode). One SparkSession for the whole test session; select with ``-m spark``."""

from __future__ import annotations

import numpy as np
import pytest

pytestmark = pytest.mark.spark

pyspark = pytest.importorskip("pyspark")
pa = pytest.importorskip("pyarrow")


@pytest.fixture(scope="session")
def spark():
    import shutil

    if shutil.which("java") is None:
        pytest.skip("no Java runtime (scripts/test installs openjdk-17-jre-headless)")
    from pyspark.sql import SparkSession

    session = (SparkSession.builder.master("local[1]").appName("mlops-kit tests")
               .config("spark.ui.enabled", "false").config("spark.sql.shuffle.partitions", "2")
               .config("spark.sql.session.timeZone", "UTC").config("spark.driver.memory", "512m").getOrCreate())
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()


def _tables(rng):
    n = 5000
    x = rng.normal(0, 1, n) * 10.0 ** rng.integers(-4, 5, n)
    x[::97] = np.nan
    x[5] = np.inf
    x[6] = -np.inf
    yield "mixed", pa.table({
        "x": pa.array(x),
        "few": pa.array(rng.integers(0, 7, n).astype(np.int64)),
        "price": pa.array(np.round(rng.lognormal(2, 1, n), 2)),
        "cents": pa.array(np.round(rng.uniform(0, 1000, n), 2)),  # bucket mode, decimals 2 (RINT in Spark SQL)
        "word": pa.array([["alpha", "beta", "NA", "gamma", " delta "][i % 5] for i in range(n)]),
        "zip": pa.array([f"{rng.integers(0, 99999):05d}" for _ in range(n)]),
        "code": pa.array([f"{rng.integers(0, 999):03d}" for _ in range(n)]),
        "long_text": pa.array([f"user note {rng.integers(0, 10**9)}" for _ in range(n)]),  # more than 4,096 values
        "day": pa.array([f"2026-0{1 + i % 9}-1{i % 10}" for i in range(n)]),
        "numbers_as_text": pa.array([str(v) for v in rng.integers(0, 50, n)]),
        "flag": pa.array([bool(i % 3) for i in range(n)]),
        "neg_zero": pa.array(np.where(np.arange(n) % 2 == 0, -0.0, 0.0)),
    })
    yield "counter", pa.table({"row": pa.array(np.arange(1, 301, dtype=np.int64)), "v": pa.array(rng.normal(5, 1, 300))})
    yield "edges", _edge_table(rng)


def _edge_table(rng):
    """The cases the Spark engine handles apart: numbers written as text (with markers, infinities,
    more than 4,096 texts but few numbers, more than 4,096 numbers), subnormals and the largest
    doubles, codes with a leading zero, text that starts with numbers, an all-missing column."""
    n = 6000
    tiny = np.array([5e-324, -5e-324, 2.2250738585072014e-308, 2.225073858507201e-308, -1e-310, 1.7976931348623157e308,
                     -1.7976931348623157e308, 8.98846567431158e307, 1.0, 2.0, 0.0, -0.0])
    wide = rng.normal(0, 1, n) * 10.0 ** rng.integers(-300, 300, n)
    wide[: tiny.size] = tiny
    markers = ["NA", "null", "", " n/a ", None, "-", "?", "NaN", "missing", "none"]
    text_numbers = [markers[i % 10] if i % 7 == 0 else str(round(float(v), 3)) for i, v in enumerate(rng.normal(50, 20, n))]
    text_numbers[3], text_numbers[4] = "inf", "-inf"
    spellings = [("{:d}", "{:.1f}", "{:.2f}")[i % 3].format(i % 2000) if i % 3 == 0 else ("{:.1f}", "{:.2f}")[i % 2].format(i % 2000)
                 for i in range(n)]  # 2,000 numbers written more than 4,096 ways
    return pa.table({
        "subnormal_to_max": pa.array(wide),
        "text_numbers": pa.array(text_numbers),
        "many_text_numbers": pa.array([f"{v:.6f}" if i % 11 else " NA " for i, v in enumerate(rng.lognormal(0, 2, n))]),
        "few_numbers_many_spellings": pa.array(spellings),
        "codes": pa.array([("007", "12", "0450", "31")[i % 4] for i in range(n)]),
        "numbers_then_text": pa.array([str(i) if i < 5000 else f"item {i}" for i in range(n)]),
        "all_missing": pa.array([None] * n, type=pa.float64()),
        "small_ints": pa.array(rng.integers(-3, 3, n).astype(np.int32)),
    })


def test_spark_profile_equals_the_local_profile(spark, tmp_path):
    import pyarrow.parquet as pq

    from evaluator.profiles import dumps, profile_table
    from evaluator.profiles.spark import load, profile_dataframe
    from evaluator.tables.arrow_reader import read_arrow_file

    rng = np.random.default_rng(7)
    for name, table in _tables(rng):
        path = tmp_path / f"{name}.parquet"
        pq.write_table(table, path)
        local = profile_table(read_arrow_file(str(path)))
        remote = profile_dataframe(load(spark, str(path)), path.name)
        modes = {c["name"]: c["mode"] for c in local["columns"]}
        assert dumps(remote) == dumps(local), (name, modes)
        if name != "counter":
            assert "bucket" in modes.values() and "exact" in modes.values(), (name, modes)


def test_spark_profile_equals_the_local_profile_in_bucket_mode(spark, tmp_path, monkeypatch):
    """Every numeric column in bucket mode (as the accuracy bench forces it): the sums and buckets
    from Spark's limbs, not values counted by the local engine."""
    import pyarrow.parquet as pq

    from evaluator.profiles import dumps, format, profile_table
    from evaluator.profiles.spark import load, profile_dataframe
    from evaluator.tables.arrow_reader import read_arrow_file

    monkeypatch.setattr(format, "EXACT_MAX_NUMERIC", 0)
    table = _edge_table(np.random.default_rng(3))
    path = tmp_path / "edges.parquet"
    pq.write_table(table, path)
    local = profile_table(read_arrow_file(str(path)))
    remote = profile_dataframe(load(spark, str(path)), path.name)
    modes = [c["mode"] for c in local["columns"] if c["kind"] == "numeric" and c["missing"] < c["rows"]]
    assert modes and set(modes) == {"bucket"}
    assert dumps(remote) == dumps(local)


def test_a_directory_of_parquet_files(spark, tmp_path):
    """Three files, the largest first (Spark reads a directory's files largest first, the local
    engine by name): the same profile as the files read as one table."""
    import pyarrow.parquet as pq

    from evaluator.profiles import dumps, profile_table
    from evaluator.profiles.spark import load, profile_dataframe
    from evaluator.tables.arrow_reader import read_arrow_file

    table = _edge_table(np.random.default_rng(5))
    folder = tmp_path / "events"
    folder.mkdir()
    for i, (start, stop) in enumerate(((0, 3000), (3000, 5000), (5000, 6000))):
        pq.write_table(table.slice(start, stop - start), folder / f"part-{i}.parquet")
    local = profile_table(read_arrow_file(str(folder)))
    remote = profile_dataframe(load(spark, str(folder)), folder.name)
    assert local["table"]["rows"] == 6000
    assert dumps(remote) == dumps(local)


def test_a_missing_table_is_a_clear_error(spark):
    from evaluator.errors import InputError
    from evaluator.profiles.spark import load

    with pytest.raises(InputError, match="no such Spark table"):
        load(spark, "no_such_table_anywhere")


def test_a_row_counter_across_partitions(spark, tmp_path):
    """A file of four row groups read as four partitions: the row counter is still seen (each
    row's index is its partition's first row plus its position), as the local engine sees it."""
    import pyarrow.parquet as pq

    from evaluator.profiles import dumps, profile_table
    from evaluator.profiles.spark import load, profile_dataframe
    from evaluator.tables.arrow_reader import read_arrow_file

    n = 8000
    rng = np.random.default_rng(9)
    table = pa.table({"row": pa.array(np.arange(1, n + 1, dtype=np.int64)), "v": pa.array(rng.normal(0, 1, n)),
                      "word": pa.array([("a", "b", "c")[i % 3] if i > 4500 else str(i) for i in range(n)])})
    path = tmp_path / "counter.parquet"
    pq.write_table(table, path, row_group_size=2000)
    spark.conf.set("spark.sql.files.maxPartitionBytes", "4096")
    try:
        df = load(spark, str(path))
        assert df.rdd.getNumPartitions() > 1
        remote = profile_dataframe(df, path.name)
    finally:
        spark.conf.unset("spark.sql.files.maxPartitionBytes")
    local = profile_table(read_arrow_file(str(path)))
    assert local["columns"][0]["order"][2] is True
    assert local["columns"][2]["first_non_number"] == [4502, "b"]
    assert dumps(remote) == dumps(local)
