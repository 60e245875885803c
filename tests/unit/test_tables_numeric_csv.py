"""The reader's fast path (numbers-only files, parsed by numpy in C) gives exactly the general reader's table.

The general reader (`read_text_csv`, stdlib csv plus Python's float) is the reference: every file
the fast path takes must read the same, to the bit, and every file it must not take (quotes, text,
other missing markers, blank lines, ragged rows, ...) must be left to the general reader.
"""

from __future__ import annotations

import codecs
import io

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from evaluator.tables import read_csv, read_text_csv
from evaluator.tables.numeric_csv import read_numbers_only
from evaluator.tables.source import Source

SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def same_table(a, b):
    assert list(a.columns) == list(b.columns)
    assert (a.n_rows, a.delimiter, a.encoding, a.notes) == (b.n_rows, b.delimiter, b.encoding, b.notes)
    for name in a.columns:
        x, y = a.columns[name], b.columns[name]
        assert x.kind == y.kind == "numeric", name
        np.testing.assert_array_equal(x.numeric, y.numeric)  # NaN where NaN, every other value to the bit
        # the same bits, but NaN's sign may differ (-nan): compare the finite values bit for bit
        finite = np.isfinite(x.numeric)
        assert x.numeric[finite].tobytes() == y.numeric[finite].tobytes()
    rows = list(range(min(a.n_rows, 5)))
    assert a.lines_of_rows(rows) == b.lines_of_rows(rows)


def fast(data: bytes, name: str = "f.csv"):
    return read_numbers_only(Source(data, name), name)


# A field as an export could write it: any float in several spellings, whole numbers, nan/inf, empty.
floats = st.floats(allow_nan=False, allow_infinity=False, width=64)
field = st.one_of(
    floats.map(repr),
    floats.map(lambda x: f"{x:.7g}"),
    floats.map(lambda x: f"{x:.3e}"),
    floats.map(lambda x: f"{x:E}"),
    st.integers(min_value=-10**18, max_value=10**18).map(str),
    st.integers(min_value=0, max_value=999).map(lambda i: f"+{i}"),
    st.integers(min_value=0, max_value=999).map(lambda i: f".{i}"),
    st.integers(min_value=0, max_value=999).map(lambda i: f"{i}."),
    st.sampled_from(["nan", "NaN", "NAN", "inf", "-inf", "+inf", "Infinity", "-Infinity", "INF", ""]),
    st.integers(min_value=-50, max_value=50).map(lambda i: f" {i} "),
)


@st.composite
def numbers_only_files(draw):
    width = draw(st.integers(min_value=1, max_value=5))
    delimiter = draw(st.sampled_from([",", ";", "\t", "|"])) if width > 1 else ","
    n_rows = draw(st.integers(min_value=2, max_value=25))
    rows = []
    for _ in range(n_rows):
        row = [draw(field) for _ in range(width)]
        if width == 1 and not row[0].strip():
            row = ["1"]  # a one-column empty row is a blank line, which the fast path leaves alone
        if all(not c.strip() for c in row):
            row[0] = "0"  # an all-empty row is skipped as blank by the general reader
        rows.append(delimiter.join(row))
    newline = draw(st.sampled_from(["\n", "\r\n"]))
    header = delimiter.join(f"c{i}" for i in range(width))
    text = header + newline + newline.join(rows) + (newline if draw(st.booleans()) else "")
    bom = codecs.BOM_UTF8 if draw(st.booleans()) else b""
    return bom + text.encode()


@SETTINGS
@given(numbers_only_files())
def test_numbers_only_files_read_the_same_on_both_paths(data):
    general = read_text_csv(data, "f.csv")
    if any(c.kind != "numeric" for c in general.columns.values()) or general.notes:
        # e.g. ' 12 ' with a tab delimiter, or a delimiter the detector did not pick: not for the fast path
        assert fast(data) is None or all(c.kind == "numeric" for c in general.columns.values())
        return
    got = fast(data)
    if got is None:
        # allowed only where the file holds something the fast path does not parse (spaces with tabs)
        assert b" " in data and b"\t" in data
        return
    same_table(got, general)
    same_table(read_csv(data, "f.csv"), general)


@pytest.mark.parametrize(
    "data",
    [
        b'a,b\n1,2\n"3",4\n',  # quotes
        b"a,b\n1,2\n3,x\n",  # text
        b"a,b\n1,2\nNA,4\n",  # another missing marker
        b"a,b\n1,2\n\n3,4\n",  # a blank line
        b"a,b\n1,2\n3,4\n\n",  # a blank line at the end
        b"a,b\n1,2\n3\n",  # a short row
        b"a,b\n1,2\n3,4,\n",  # a trailing delimiter
        b"a,b\n1,2\n3,4,5\n",  # a long row
        b"a,b\n1,2\n,\n5,6\n",  # a row of empty fields (blank)
        b"a;b\n1,5;2\n3;4\n",  # a decimal comma
        b"a,b\n1_000,2\n3,4\n",  # an underscore float() would take
        b"a,b\n0x10,2\n3,4\n",  # hex
        b"\n\na,b\n1,2\n3,4\n",  # blank lines before the header
        "città,n\n1,2\n3,4\n".encode("utf-16"),  # UTF-16
        b"a,b\n1,2\n3,4\xff\n",  # not ASCII in the data
        b'"a\nb",c\n1,2\n3,4\n',  # a header that spans lines
        b"a,b\n1,2\n",  # one data row
        b"a,b\n",  # no data rows
        b"",
    ],
)
def test_files_the_fast_path_leaves_to_the_general_reader(data):
    assert fast(data) is None
    try:
        expected = read_text_csv(data, "f.csv")
    except Exception as exc:  # the same error, word for word, through read_csv
        with pytest.raises(type(exc)) as caught:
            read_csv(data, "f.csv")
        assert str(caught.value) == str(exc)
        return
    got = read_csv(data, "f.csv")
    assert list(got.columns) == list(expected.columns) and got.n_rows == expected.n_rows and got.notes == expected.notes
    for name in got.columns:
        assert got.columns[name].kind == expected.columns[name].kind
        if got.columns[name].kind == "numeric":
            np.testing.assert_array_equal(got.columns[name].numeric, expected.columns[name].numeric)
        else:
            assert got.columns[name].text == expected.columns[name].text


def test_the_fast_path_reads_large_files_in_pieces_across_piece_boundaries(monkeypatch):
    import evaluator.tables.numeric_csv as numeric_csv

    monkeypatch.setattr(numeric_csv, "PIECE_BYTES", 97)  # pieces that cut lines in the middle
    rng = np.random.default_rng(3)
    values = rng.normal(0, 1e3, (500, 4))
    values[rng.random((500, 4)) < 0.05] = np.nan
    text = "w,x,y,z\n" + "\n".join(",".join("" if np.isnan(v) else repr(float(v)) for v in row) for row in values) + "\n"
    got = fast(text.encode())
    assert got is not None and got.n_rows == 500
    same_table(got, read_text_csv(text.encode(), "f.csv"))
    np.testing.assert_array_equal(np.column_stack([got.columns[c].numeric for c in "wxyz"]), values)


def test_an_open_binary_file_reads_like_its_bytes(tmp_path):
    data = b"a,b\n1,2\n3,4\n5,\n"
    path = tmp_path / "f.csv"
    path.write_bytes(data)
    with open(path, "rb") as fh:
        from_file = read_csv(fh, "f.csv")
    same_table(from_file, read_csv(data, "f.csv"))
    with open(path, "rb") as fh, pytest.raises(Exception, match="expected the file's bytes"):
        read_csv(io.TextIOWrapper(fh), "f.csv")
