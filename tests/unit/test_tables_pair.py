"""Reading the two files of a comparison two at a time (evaluator.tables.pair): the same tables and
the same errors as reading them one after the other, whatever the second process does."""

from __future__ import annotations

import os

import numpy as np
import pytest

from evaluator import api
from evaluator.errors import InputError
from evaluator.tables import pair, read_csv
from evaluator.tables.pair import read_pair

from .test_tables_numeric_csv import same_table

pytestmark = pytest.mark.skipif(not pair.can_fork(), reason="needs os.fork (reading runs one file at a time here)")


@pytest.fixture(autouse=True)
def small_files_too(monkeypatch):
    """Every file takes the two-process path, however small."""
    monkeypatch.setattr(pair, "MIN_BYTES", 0)


def write(path, text):
    path.write_bytes(text.encode())
    return path


def numbers(rows: int, seed: int, missing: bool = False) -> str:
    rng = np.random.default_rng(seed)
    values = rng.normal(size=(rows, 4))
    lines = ["a,b,c,d"]
    for i, row in enumerate(values):
        cells = [repr(float(v)) for v in row]
        if missing and i % 7 == 3:
            cells[1] = ""
        lines.append(",".join(cells))
    return "\n".join(lines) + "\n"


def both_ways(ref_path, cur_path):
    with open(ref_path, "rb") as r, open(cur_path, "rb") as c:
        together = read_pair(r, c, ref_path.name, cur_path.name)
    with open(ref_path, "rb") as r, open(cur_path, "rb") as c:
        apart = (read_csv(r, ref_path.name), read_csv(c, cur_path.name))
    return together, apart


def test_numbers_only_files_read_to_the_bit_as_one_at_a_time(tmp_path):
    ref = write(tmp_path / "ref.csv", numbers(5000, 1))
    cur = write(tmp_path / "cur.csv", numbers(7001, 2, missing=True))
    (r2, c2), (r1, c1) = both_ways(ref, cur)
    same_table(r2, r1)
    same_table(c2, c1)
    # The current file's columns were parsed by the second process into the shared map.
    assert type(c2.columns["a"].numeric.base).__name__ == "mmap"
    assert np.isnan(c2.columns["b"].numeric[3])


def test_a_current_file_of_text_is_read_here_by_the_general_reader(tmp_path):
    ref = write(tmp_path / "ref.csv", numbers(300, 1))
    cur = write(tmp_path / "cur.csv", "a,b,c,d\n" + "\n".join(f"{i},x{i},1,2" for i in range(300)) + "\n")
    (r2, c2), (r1, c1) = both_ways(ref, cur)
    same_table(r2, r1)
    assert c2.columns["b"].kind == c1.columns["b"].kind != "numeric"
    assert (c2.n_rows, c2.notes, list(c2.columns)) == (c1.n_rows, c1.notes, list(c1.columns))
    assert repr(c2.columns["b"]) == repr(c1.columns["b"])


@pytest.mark.parametrize("bad", ["a,b,c,d\n1,2,3,4,5\n6,7,8,9\n", "a,b,c,d\n1,2,3,4\n", "", "\x00\x01PNG"])
def test_a_bad_current_file_gets_the_message_it_gets_one_at_a_time(tmp_path, bad):
    ref = write(tmp_path / "ref.csv", numbers(300, 1))
    cur = tmp_path / "cur.csv"
    cur.write_bytes(bad.encode("latin-1"))
    with open(cur, "rb") as c, pytest.raises(InputError) as apart:
        read_csv(c, "cur.csv")
    with open(ref, "rb") as r, open(cur, "rb") as c, pytest.raises(InputError) as together:
        read_pair(r, c, "ref.csv", "cur.csv")
    assert str(together.value) == str(apart.value)


def test_a_bad_reference_stops_the_second_process(tmp_path, monkeypatch):
    ref = write(tmp_path / "ref.csv", "a,b,c,d\n1,2,3,4\n")  # one data row: refused
    cur = write(tmp_path / "cur.csv", numbers(2000, 2))
    forked = []
    real_fork = os.fork

    def fork():
        pid = real_fork()
        if pid:
            forked.append(pid)
        return pid

    monkeypatch.setattr(os, "fork", fork)
    with open(ref, "rb") as r, open(cur, "rb") as c, pytest.raises(InputError, match="ref.csv"):
        read_pair(r, c, "ref.csv", "cur.csv")
    assert len(forked) == 1
    with pytest.raises(ChildProcessError):  # already waited for: no process left behind
        os.waitpid(forked[0], os.WNOHANG)


def test_when_the_second_process_fails_the_file_is_read_here(tmp_path, monkeypatch):
    ref = write(tmp_path / "ref.csv", numbers(300, 1))
    cur = write(tmp_path / "cur.csv", numbers(400, 2))

    def broken(*args):
        raise RuntimeError("the second process fails")

    monkeypatch.setattr(pair, "_child", broken)
    (r2, c2), (r1, c1) = both_ways(ref, cur)
    same_table(c2, c1)
    assert type(c2.columns["a"].numeric.base).__name__ != "mmap"


def test_bytes_are_read_one_after_the_other(monkeypatch):
    def no_fork():
        raise AssertionError("no second process for bytes")

    monkeypatch.setattr(os, "fork", no_fork)
    ref, cur = read_pair(numbers(50, 1).encode(), numbers(60, 2).encode(), "r.csv", "c.csv")
    assert (ref.n_rows, cur.n_rows) == (50, 60)


def test_the_report_is_the_same_read_either_way(tmp_path):
    ref = write(tmp_path / "ref.csv", numbers(3000, 1))
    cur = write(tmp_path / "cur.csv", numbers(3000, 5, missing=True))
    reports = []
    for parallel in (False, True):
        with open(ref, "rb") as r, open(cur, "rb") as c:
            reports.append(api.drift_report(r, c, {"metrics": ["energy", "mann_whitney"]}, read_in_parallel=parallel))
    assert reports[0] == reports[1]
