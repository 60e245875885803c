"""The CSV files the test suite uses (every bytes literal in tests/unit that reads as a table),
plus generated files for what those do not cover."""

from __future__ import annotations

import ast
from functools import lru_cache
from pathlib import Path

import numpy as np

from evaluator.errors import InputError
from evaluator.tables import read_csv

UNIT = Path(__file__).resolve().parents[1]


def _literals() -> list[bytes]:
    out = []
    for path in sorted(UNIT.rglob("*.py")):
        if "profiles" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, bytes) and b"\n" in node.value:
                out.append(node.value)
    return out


def _generated() -> list[bytes]:
    rng = np.random.default_rng(20)
    n = 3000
    x = rng.normal(10, 2, n)
    x[rng.integers(0, n, 30)] = np.nan
    rows = ["amount,zip,when,flag,user_id,row,grade,price"]
    for i in range(n):
        amount = "NA" if np.isnan(x[i]) else ("inf" if i == 7 else f"{x[i]:.3f}")
        zip_code = f"{rng.integers(0, 3000):05d}"
        when = f"2026-0{1 + i % 9}-1{i % 10}"
        flag = ["yes", "no", "Y"][i % 3]
        grade = ["A", "B", "C", "unknown", ""][rng.integers(0, 5)]
        price = f"{rng.integers(0, 99)}.{rng.integers(0, 99):02d}"
        rows.append(f"{amount},{zip_code},{when},{flag},{i * 7 + 3},{i + 1},{grade},{price}")
    semicolons = ["x;y"] + [f"{rng.integers(0, 9)},{rng.integers(0, 99)};{rng.choice(['a', 'b'])}" for _ in range(200)]
    switch = ["code,v"] + [f"{i % 500:05d},{i % 7}" for i in range(50_010)] + ["unknown,1"]
    heavy = ["t,tied,zeros"] + [f"{a!r},{b},{c!r}" for a, b, c in zip(rng.standard_t(1.5, 2500).tolist(),
                                                                    np.round(rng.normal(0, 1, 2500), 1).tolist(),
                                                                    np.where(rng.random(2500) < 0.4, 0.0, rng.lognormal(0, 2, 2500)).tolist())]
    quoted = 'a,b\r\n"x\ny",1\r\n"z",2\r\n"x\ny",3\r\n'
    return [("\n".join(rows) + "\n").encode(), ("\n".join(semicolons) + "\n").encode(), ("\n".join(switch) + "\n").encode(),
            ("\n".join(heavy) + "\n").encode(), "\ufeff".encode() + quoted.encode()]


@lru_cache(maxsize=1)
def csv_fixtures() -> tuple[bytes, ...]:
    """Every fixture that reads as a table (the others test read errors, which profiles never see):
    the literals of tests/unit, the reader edge cases below, then the generated files (last)."""
    out = []
    for data in _literals() + list(READER_EDGE_CASES.values()) + _generated():
        try:
            read_csv(data, "f.csv")
        except InputError:
            continue
        if data not in out:
            out.append(data)
    return tuple(out)


def assert_same_table(a, b):
    """Two readings of one file give the same table: names, rows, format notes, each column's kind,
    numbers (bit for bit), text, first non-number and dates."""
    assert (a.name, a.n_rows, a.delimiter, a.encoding, a.notes) == (b.name, b.n_rows, b.delimiter, b.encoding, b.notes)
    assert list(a.columns) == list(b.columns)
    for name in a.columns:
        ca, cb = a.columns[name], b.columns[name]
        assert ca.kind == cb.kind, name
        if ca.kind == "numeric":
            np.testing.assert_array_equal(ca.numeric, cb.numeric)
        else:
            assert ca.text == cb.text, name
            assert ca.first_non_number == cb.first_non_number, name
        assert getattr(ca, "dates", None) == getattr(cb, "dates", None)


# Reader edge cases: files of numbers the column-wise CSV reader takes and near misses it must hand
# to the rules' reader, then what the whole-file Arrow reader must read as the browser's reader does.
# Every Arrow reader is tested on all of them (tests/unit/profiles/test_arrow_parity.py and
# tests/unit/test_tables_arrow_columns.py).
READER_EDGE_CASES = {
    "missing markers and inf": b"a,b\n1,NA\nn/a,2\nNULL,3\n-,?\n4,missing\ninf,-Infinity\nNaN,5\n",
    "codes with leading zeros": b"zip,v\n1,1\n02134,2\n3,3\n",
    "signed code": b"zip,v\n1,1\n-007,2\n3,3\n",
    "a lone zero and zero-point numbers": b"a,b\n0,0.5\n-0,00.25\n0e0,1.\n",
    "nan spelled otherwise": b"a,b\n1,nan(1)\n2,3\n",
    "nan in other case": b"a,b\n1,nAn\n2,3\n",
    "spaces around numbers": b"a,b\n 1 ,2\n3, 4\n",
    "underscores": b"a,b\n1_000,1\n2,2\n",
    "all-empty row": b"a,b\n1,2\n,\n3,4\n",
    "row of markers": b"a,b\n1,2\nNA,NA\n3,4\n",
    "blank line": b"a,b\n1,2\n\n3,4\n",
    "quoted numbers": b'a,b\n"1",2\n3,"4"\n',
    "crlf": b"a,b\r\n1,2\r\n3,4\r\n",
    "bom": "\ufeffa,b\n1,2\n3,4\n".encode(),
    "semicolons, decimal commas": b"a;b\n3,14;1\n2,5;2\n",
    "semicolons, numbers": b"a;b\n3.14;1\n2.5;2\n",
    "short row": b"a,b\n1,2\n3\n4,5\n",
    "text column": b"a,b\n1,x\n2,y\n",
    "late text": ("a,b\n" + "".join(f"{i},{i / 3}\n" for i in range(30_000)) + "5,oops\n").encode(),
    "late code": ("a,b\n" + "".join(f"{i},{i / 3}\n" for i in range(30_000)) + "5,0012\n").encode(),
    "one row": b"a,b\n1,2\n",
    "missing markers": b"a,b\n1,NA\nn/a,2\nNULL,3\n-,?\n4,missing\n",
    "leading zeros": b"zip,v\n02134,1\n10001,2\n00501,3\n",
    "decimal text": b"p,v\n0.50,1\n1.25,2\n3.10,3\n",
    "dates": b"d,v\n2026-01-05,1\n2026-02-07,2\n2026-03-01T10:00:00,3\n",
    "bom crlf": "\ufeffa,b\r\n1,x\r\n2,y\r\n".encode(),
    "quoted newlines": b'a,b\n"x\ny",1\n"z",2\n"w\n\nv",3\n',
    "semicolons decimal comma": b"a;b\n3,14;x\n2,5;y\n1,0;z\n",
    "trailing spaces and inf": b"a,b\n 1 ,inf\n2, -inf\n3,Infinity\n",
    "long switch": ("code,v\n" + "".join(f"{i % 97:05d},{i}\n" for i in range(50_005)) + "unknown,1\n").encode(),
    "numbers then text": ("x,v\n" + "".join(f"{i / 4},{i}\n" for i in range(50_005)) + "oops,1\n").encode(),
}
