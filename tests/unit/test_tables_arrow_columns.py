"""The command line's column-wise readers (`arrow_reader.open_tables`: CSV in groups of columns,
Parquet one column at a time) give the same tables as the project's reader, and the same report as
reading both files whole; every file they do not take goes to the whole-file readers."""

from __future__ import annotations

import json

import numpy as np
import pytest

from evaluator.drift import resolve
from evaluator.drift.report import build_report
from evaluator.tables import read_csv

pa = pytest.importorskip("pyarrow")
import pyarrow.parquet as pq  # noqa: E402

from evaluator.tables import arrow_reader  # noqa: E402

from .profiles.fixtures import READER_EDGE_CASES, assert_same_table as _same, csv_fixtures  # noqa: E402


def _numbers_file(rng, rows: int, columns: int) -> bytes:
    cols = [rng.normal(size=rows), rng.integers(0, 50, rows).astype(float), np.round(rng.normal(100, 15, rows), 1),
            rng.lognormal(0, 2, rows)]
    body = np.column_stack([cols[i % len(cols)] for i in range(columns)])
    lines = [",".join(f"k{i}" for i in range(columns))] + [",".join(f"{v:.7g}" for v in row) for row in body]
    return ("\n".join(lines) + "\n").encode()


# Files of numbers the column-wise CSV reader takes, near misses it must hand to the rules' reader,
# and every other reader edge case
CASES = {"plain numbers": None, **READER_EDGE_CASES}  # plain numbers: generated below


@pytest.fixture()
def small_passes(monkeypatch):
    """Many blocks and one column per group: every pass of the reader is exercised."""
    monkeypatch.setattr(arrow_reader, "PASS_BLOCK_BYTES", 1 << 10)
    monkeypatch.setattr(arrow_reader, "GROUP_BYTES", 8)


def _open_csv_pair(tmp_path, ref: bytes, cur: bytes):
    (tmp_path / "r.csv").write_bytes(ref)
    (tmp_path / "c.csv").write_bytes(cur)
    return arrow_reader.open_tables(str(tmp_path / "r.csv"), str(tmp_path / "c.csv"), "r.csv", "c.csv", ("csv", "csv"))


@pytest.mark.parametrize("case", list(CASES))
def test_each_case_reads_as_the_rules_read_it(case, tmp_path, small_passes):
    data = CASES[case] if CASES[case] is not None else _numbers_file(np.random.default_rng(1), 3000, 5)
    try:
        expected = read_csv(data, "r.csv")
    except Exception as exc:  # noqa: BLE001 - the same refusal either way
        with pytest.raises(type(exc)) as native:
            _open_csv_pair(tmp_path, data, data)
        assert str(native.value) == str(exc)
        return
    ref, cur = _open_csv_pair(tmp_path, data, data)
    _same(ref, expected)
    _same(cur, read_csv(data, "c.csv"))


def test_plain_numbers_take_the_column_wise_path(tmp_path, small_passes):
    data = _numbers_file(np.random.default_rng(2), 2000, 6)
    ref, _ = _open_csv_pair(tmp_path, data, data)
    assert type(ref.columns).__name__ == "_LazyColumns"
    for case in ("codes with leading zeros", "signed code", "nan spelled otherwise", "all-empty row", "quoted numbers",
                 "blank line", "text column", "late code"):
        ref, _ = _open_csv_pair(tmp_path, CASES[case], CASES[case])
        assert type(ref.columns) is dict, case  # read whole by the rules' reader


def test_every_fixture_reads_the_same(tmp_path, small_passes):
    fixtures = csv_fixtures()
    for data in fixtures:
        ref, cur = _open_csv_pair(tmp_path, data, data)
        expected = read_csv(data, "r.csv")
        _same(ref, expected)
    assert len(fixtures) >= 40


def test_a_column_asked_for_twice_reads_the_same(tmp_path, small_passes):
    data = _numbers_file(np.random.default_rng(3), 1500, 4)
    ref, _ = _open_csv_pair(tmp_path, data, data)
    first = ref.columns["k2"].numeric.copy()
    np.testing.assert_array_equal(ref.columns["k2"].numeric, first)
    np.testing.assert_array_equal(ref.columns["k1"].numeric, read_csv(data, "r.csv").columns["k1"].numeric)


def test_a_file_changed_between_passes_is_refused(tmp_path, small_passes):
    data = _numbers_file(np.random.default_rng(4), 1500, 4)
    ref, _ = _open_csv_pair(tmp_path, data, data)
    (tmp_path / "r.csv").write_bytes(data + data.split(b"\n", 1)[1])
    with pytest.raises(Exception, match="changed while it was being read"):
        for name in ref.columns:
            ref.columns[name]


def _report(ref, cur, **kw):
    return json.dumps(build_report(ref, cur, resolve({}), **kw), sort_keys=True)


@pytest.mark.parametrize("workers", [1, 2])
def test_reports_equal_the_whole_file_reports(tmp_path, small_passes, workers):
    rng = np.random.default_rng(5)
    ref_data, cur_data = _numbers_file(rng, 2500, 7), _numbers_file(rng, 1800, 7)
    whole = _report(read_csv(ref_data, "r.csv"), read_csv(cur_data, "c.csv"))
    ref, cur = _open_csv_pair(tmp_path, ref_data, cur_data)
    assert _report(ref, cur, owned=True, workers=workers) == whole
    pq.write_table(pa.table({f"k{i}": read_csv(ref_data, "r").columns[f"k{i}"].numeric for i in range(7)}), tmp_path / "r.parquet")
    pq.write_table(pa.table({f"k{i}": read_csv(cur_data, "c").columns[f"k{i}"].numeric for i in range(7)}), tmp_path / "c.parquet")
    ref, cur = arrow_reader.open_tables(str(tmp_path / "r.parquet"), str(tmp_path / "c.parquet"), "r.csv", "c.csv",
                                        ("parquet", "parquet"))
    assert type(ref.columns).__name__ == "_LazyColumns"
    lazy = json.loads(_report(ref, cur, owned=True, workers=workers))
    expected = json.loads(whole)
    for doc in (lazy, expected):  # the inputs differ in how the files were written, nothing else
        doc["inputs"] = None
    assert lazy == expected


def test_parquet_with_a_nested_column_is_refused_before_reading(tmp_path):
    pq.write_table(pa.table({"x": [1.0, 2.0, 3.0], "n": [[1], [2], [3]]}), tmp_path / "r.parquet")
    with pytest.raises(Exception, match="nested type"):
        arrow_reader.open_tables(str(tmp_path / "r.parquet"), str(tmp_path / "r.parquet"), "r", "c", ("parquet", "parquet"))
