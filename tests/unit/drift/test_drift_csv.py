"""Reading real CSV files: every edge case of the issue's item 6, through the public api."""

import codecs

import numpy as np
import pytest

from evaluator import api, dispatch
from evaluator.errors import InputError
from evaluator.tables import read_csv

GOOD = b"x,c\n1,a\n2,b\n3,a\n4,b\n"


def report(ref: bytes, cur: bytes, **options):
    return api.drift_report(reference=ref, current=cur, options=options or None)


def error_of(ref: bytes, cur: bytes = GOOD, **options) -> str:
    reply = dispatch.call("drift_report", {"reference": ref, "current": cur, "options": options or None})
    assert reply["ok"] is False, reply
    assert reply["error"]["kind"] == "input", reply
    return reply["error"]["message"]


@pytest.mark.parametrize("delimiter", [",", ";", "\t", "|"])
def test_delimiter_is_detected(delimiter):
    text = delimiter.join(["a", "b", "c"]) + "\n" + "\n".join(delimiter.join([str(i), str(i * 2), "x"]) for i in range(5))
    t = read_csv(text.encode(), "f.csv")
    assert list(t.columns) == ["a", "b", "c"]
    assert t.delimiter == delimiter
    assert t.columns["b"].numeric.tolist() == [0, 2, 4, 6, 8]


def test_quotes_bom_blank_lines_and_missing_markers():
    data = codecs.BOM_UTF8 + b'name,"value, in EUR",flag\n"Smith, J",1.5,yes\n\n"O""Brien",NA,no\n  ,  2e3 ,YES\n,,\nx,-,n/a\n'
    t = read_csv(data, "f.csv")
    assert list(t.columns) == ["name", "value, in EUR", "flag"]  # BOM gone from the first name
    assert t.n_rows == 4
    assert t.columns["name"].text == ["Smith, J", 'O"Brien', None, "x"]
    value = t.columns["value, in EUR"]
    assert value.kind == "numeric"
    assert value.numeric[[0, 2]].tolist() == [1.5, 2000.0] and value.missing == 2
    assert t.columns["flag"].text == ["yes", "no", "YES", None]
    assert any("blank" in n for n in t.notes)


def test_numbers_stored_as_text_and_decimal_comma_with_semicolons():
    t = read_csv(b'a;b\n"1,5";" 7 "\n"2,25";"+8"\n', "f.csv")
    assert t.columns["a"].numeric.tolist() == [1.5, 2.25]
    assert t.columns["b"].numeric.tolist() == [7.0, 8.0]


def test_infinity_is_non_finite_not_missing():
    t = read_csv(b"a\n1\ninf\n-Infinity\nNaN\n\n5\n", "f.csv")
    col = t.columns["a"]
    assert col.non_finite == 2 and col.missing == 1 and len(col) == 5


def test_utf16_and_latin1_files_are_read():
    text = "città,n\nRoma,1\nMilano,2\n"
    assert list(read_csv(text.encode("utf-16"), "f.csv").columns) == ["città", "n"]
    assert read_csv(text.encode("latin-1"), "f.csv").columns["città"].text == ["Roma", "Milano"]


@pytest.mark.parametrize(
    ("data", "fragment"),
    [
        (b"", "reference.csv is empty"),
        (b"   \n\n", "reference.csv is empty"),
        (codecs.BOM_UTF8, "reference.csv is empty"),
        (b"1,2\n3,4\n5,6\n", "has no header"),
        (b"x,c\n", "has a header but no data rows"),
        (b"x,c\n\n\n", "has a header but no data rows"),
        (b"x,c\n1,a\n", "single data row"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "not a text file"),
        (bytes(range(1, 32)) * 20, "not a text file"),
        (b"x,c\n1,a\n2,b,c,d\n", "line 3: 4 fields but the header has 2"),
    ],
)
def test_unusable_files_give_specific_errors(data, fragment):
    assert fragment in error_of(data)


def test_no_shared_columns():
    assert "share no column names" in error_of(b"p,q\n1,2\n3,4\n")


def test_columns_in_one_file_only_are_listed_as_skipped():
    ref = b"x,c,old\n1,a,1\n2,b,2\n3,a,3\n"
    cur = b"x,c,new\n1,a,1\n2,b,5\n3,a,6\n"
    got = report(ref, cur)
    skipped = {s["name"]: s for s in got["skipped"]}
    assert skipped["old"]["reason"] == "only in reference.csv"
    assert skipped["new"]["reason"] == "only in current.csv"
    assert [c["name"] for c in got["columns"]] == ["x", "c"]


def test_column_numeric_in_one_file_and_text_in_the_other():
    ref = b"x,amount\n1,10\n2,20\n3,30\n"
    cur = b"x,amount\n1,10\n2,oops\n3,30\n"
    got = report(ref, cur)
    (skip,) = [s for s in got["skipped"] if s["name"] == "amount"]
    assert skip["kind"] == "type-mismatch"
    assert "numeric in reference.csv but text in current.csv (line 3: 'oops')" in skip["reason"]
    assert "'amount'" in error_of(ref, cur, columns=["amount"])


def test_all_missing_column_is_skipped_or_an_error_when_asked_for():
    ref = b"x,empty\n1,\n2,NA\n3,\n"
    cur = b"x,empty\n1,5\n2,6\n3,7\n"
    got = report(ref, cur)
    (skip,) = [s for s in got["skipped"] if s["name"] == "empty"]
    assert skip["reason"] == "no usable values in reference.csv (all missing or non-finite)"
    assert "column 'empty': no usable values in reference.csv" in error_of(ref, cur, columns=["empty"])
    assert "no column can be compared" in error_of(b"e\nNA\n\xe2\x80\x94\n".replace(b"\xe2\x80\x94", b"-"), b"e\n1\n2\n")


def test_unknown_or_one_sided_requested_column():
    assert "not found in either file: 'nope'" in error_of(GOOD, GOOD, columns=["nope"])
    assert "'only' is only in reference.csv" in error_of(b"x,only\n1,2\n3,4\n", GOOD, columns=["only"])


def test_short_rows_are_padded_and_trailing_delimiters_ignored():
    t = read_csv(b"a,b,c\n1,2\n3,4,5,\n6,7,8\n", "f.csv")
    assert t.columns["c"].numeric.tolist()[1:] == [5.0, 8.0]
    assert np.isnan(t.columns["c"].numeric[0])
    assert any("fewer fields" in n for n in t.notes)


def test_duplicate_and_empty_header_names():
    t = read_csv(b"a,,a\n1,2,3\n4,5,6\n", "f.csv")
    assert list(t.columns) == ["a", "column_2", "a.2"]


def test_not_bytes_is_an_input_error():
    with pytest.raises(InputError, match="expected the file's bytes"):
        read_csv("a,b\n1,2\n", "f.csv")  # type: ignore[arg-type]


@pytest.mark.parametrize("text_column", [False, True])  # the fast path (numbers only) and the general reader
def test_progress_callback_reaches_the_end(text_column):
    calls = []
    rows = "\n".join(f"{i},{'x' if text_column and i % 7 == 0 else i % 3}" for i in range(600_000))
    read_csv(("a,b\n" + rows).encode(), "big.csv", progress=lambda stage, done, total: calls.append((stage, done, total)))
    assert len(calls) >= 3 and calls[-1][1] == calls[-1][2]
    assert all(stage == "reading big.csv" for stage, _, _ in calls)
    assert [done for _, done, _ in calls] == sorted(done for _, done, _ in calls)
