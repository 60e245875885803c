"""The Arrow CSV reader gives the same table as the project's numpy reader (the browser's) on
every reader edge case the suite has: every CSV fixture of tests/unit, plus generated files with
missing markers, leading zeros, decimal text, dates, a BOM, CRLF, quoted newlines, semicolons with
decimal commas and a type switch after 50,000 rows."""

from __future__ import annotations

import pytest

from evaluator.errors import InputError
from evaluator.tables import read_csv

from .fixtures import READER_EDGE_CASES, assert_same_table as _same, csv_fixtures

pytest.importorskip("pyarrow")
from evaluator.tables.arrow_reader import read_csv_native  # noqa: E402


EDGE_CASES = READER_EDGE_CASES


@pytest.mark.parametrize("case", list(EDGE_CASES))
def test_edge_cases_read_the_same(case):
    data = EDGE_CASES[case]
    try:
        expected = read_csv(data, "f.csv")
    except InputError as exc:  # refused: with the same message
        with pytest.raises(InputError) as native:
            read_csv_native(data, "f.csv")
        assert str(native.value) == str(exc)
        return
    _same(read_csv_native(data, "f.csv"), expected)


@pytest.mark.parametrize("case", ["missing markers", "quoted newlines", "all-empty row", "long switch", "numbers then text",
                                  "semicolons decimal comma", "bom crlf"])
def test_files_on_disk_read_in_small_blocks_the_same(case, tmp_path, monkeypatch):
    """The streaming path: many blocks, a column turning to text in a late block, blank rows."""
    from evaluator.tables import arrow_reader

    monkeypatch.setattr(arrow_reader, "BLOCK_BYTES", 1 << 12)
    data = EDGE_CASES[case]
    if case == "numbers then text":
        data = data.replace(b"\n", b"\n,\n", 3)
    path = tmp_path / "f.csv"
    path.write_bytes(data)
    _same(read_csv_native(str(path), "f.csv"), read_csv(data, "f.csv"))


def test_every_fixture_reads_the_same():
    fixtures = csv_fixtures()
    for data in fixtures:
        _same(read_csv_native(data, "f.csv"), read_csv(data, "f.csv"))
    assert len(fixtures) >= 40


def test_files_the_readers_refuse_give_the_same_message():
    for data in (b"", b"a,b\n", b"a,b\n1,2\n", b"1,2\n3,4\n", b"a,b\n1,2,3\n4,5\n"):
        with pytest.raises(InputError) as native:
            read_csv_native(data, "f.csv")
        with pytest.raises(InputError) as browser:
            read_csv(data, "f.csv")
        assert str(native.value) == str(browser.value)


def test_a_file_over_the_memory_limit_exits_2_naming_the_limit(tmp_path, monkeypatch, capsys):
    from evaluator.cli import main

    for name in ("a.csv", "b.csv"):
        (tmp_path / name).write_text("x\n" + "".join(f"{i}\n" for i in range(20_000)))
    monkeypatch.setenv("MLOPS_KIT_MEMORY_LIMIT", "50000")
    assert main(["drift", str(tmp_path / "a.csv"), str(tmp_path / "b.csv")]) == 2
    err = capsys.readouterr().err
    assert "the limit is 0.0 GB" in err and "MLOPS_KIT_MEMORY_LIMIT" in err
    out = tmp_path / "p.profile.json.gz"
    assert main(["profile", str(tmp_path / "a.csv"), "-o", str(out)]) == 2
    assert not out.exists()
