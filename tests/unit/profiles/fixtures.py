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
    """Every fixture that reads as a table (the others test read errors, which profiles never see)."""
    out = []
    for data in _literals() + _generated():
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
