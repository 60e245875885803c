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
    assert "bucket" in modes.values() or name == "counter"


def test_a_missing_table_is_a_clear_error(spark):
    from evaluator.errors import InputError
    from evaluator.profiles.spark import load

    with pytest.raises(InputError, match="no such Spark table"):
        load(spark, "no_such_table_anywhere")
