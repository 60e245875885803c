"""Bad input to profiles: a clear message, exit 2, nothing half-written (criterion 6), and the CLI
paths that take profiles, Parquet and Arrow IPC."""

from __future__ import annotations

import gzip
import json
import os

import numpy as np
import pytest

from evaluator.cli import main
from evaluator.errors import InputError
from evaluator.profiles import dumps, loads

CSV_A = "x,c\n" + "".join(f"{i * 0.37 % 11:.2f},{'ab'[i % 2]}\n" for i in range(400))
CSV_B = "x,c\n" + "".join(f"{i * 0.41 % 12:.2f},{'abc'[i % 3]}\n" for i in range(300))


@pytest.fixture()
def files(tmp_path):
    a, b = tmp_path / "a.csv", tmp_path / "b.csv"
    a.write_text(CSV_A)
    b.write_text(CSV_B)
    return tmp_path


def run(*args, capsys=None):
    code = main([str(a) for a in args])
    return code


def test_profile_then_drift_equals_drift_of_the_files(files, capsys):
    pa, pb = files / "a.profile.json.gz", files / "b.profile.json.gz"
    assert run("profile", files / "a.csv", "-o", pa) == 0
    assert run("profile", files / "b.csv", "-o", pb) == 0
    outputs = []
    for ref, cur in ((files / "a.csv", files / "b.csv"), (pa, pb), (pa, files / "b.csv"), (files / "a.csv", pb)):
        out = files / "r.json"
        code = run("drift", ref, cur, "--format", "json", "-o", out)
        outputs.append((code, json.loads(out.read_text())))
    assert all(o == outputs[0] for o in outputs[1:])


def test_profile_of_parts_merges_in_order(files):
    lines = CSV_A.splitlines(keepends=True)
    (files / "p1.csv").write_text("".join(lines[:150]))
    (files / "p2.csv").write_text(lines[0] + "".join(lines[150:]))
    assert run("profile", files / "p1.csv", "-o", files / "p1.profile.json.gz") == 0
    assert run("profile", files / "p1.profile.json.gz", files / "p2.csv", "-o", files / "m.profile.json.gz", "--name", "a.csv") == 0
    assert run("profile", files / "a.csv", "-o", files / "a.profile.json.gz") == 0
    assert (files / "m.profile.json.gz").read_bytes() == (files / "a.profile.json.gz").read_bytes()


def _profile_bytes(files):
    assert run("profile", files / "a.csv", "-o", files / "a.profile.json.gz") == 0
    return (files / "a.profile.json.gz").read_bytes()


def _edit(data: bytes, change) -> bytes:
    obj = json.loads(gzip.decompress(data))
    change(obj)
    return gzip.compress(json.dumps(obj).encode(), mtime=0)


@pytest.mark.parametrize("damage, message", [
    (lambda d: d[: len(d) // 2], "truncated"),
    (lambda d: d[:20] + bytes(b ^ 0x55 for b in d[20:40]) + d[40:], "corrupted"),
    (lambda d: _edit(d, lambda o: o.update(version=3)), "format version 3; this evaluator reads versions 1 and 2"),
    (lambda d: _edit(d, lambda o: o.update(format="something else")), "not a valid drift profile"),
    (lambda d: _edit(d, lambda o: o["columns"][0]["counts"].append(3)), "values and counts do not match"),
    (lambda d: _edit(d, lambda o: o["columns"][0].update(missing=5)), "do not add up"),
    (lambda d: b"{\"format\": \"mlops-kit drift profile\", \"version\": 1, ", "not valid JSON"),
])
def test_bad_profiles_exit_2_naming_the_problem(files, capsys, damage, message):
    bad = files / "bad.profile.json.gz"
    bad.write_bytes(damage(_profile_bytes(files)))
    capsys.readouterr()
    assert run("drift", bad, files / "b.csv") == 2
    err = capsys.readouterr().err
    assert message in err and "bad.profile.json.gz" in err
    out = files / "never.profile.json.gz"
    assert run("profile", bad, "-o", out) == 2
    assert not out.exists() and not [p for p in os.listdir(files) if p.endswith(".tmp")]


def test_profiles_of_other_columns_do_not_merge(files, capsys):
    (files / "other.csv").write_text("y,c\n1,a\n2,b\n3,c\n")
    out = files / "m.profile.json.gz"
    assert run("profile", files / "a.csv", files / "other.csv", "-o", out) == 2
    assert "same columns" in capsys.readouterr().err and not out.exists()
    (files / "text.csv").write_text("x,c\n1,a\nabc,b\n")
    assert run("profile", files / "a.csv", files / "text.csv", "-o", out) == 2
    assert "numeric in a.csv and text in text.csv" in capsys.readouterr().err and not out.exists()


def test_profiles_sharing_no_column_give_the_report_message(files, capsys):
    (files / "other.csv").write_text("y,z\n1,a\n2,b\n3,c\n")
    run("profile", files / "other.csv", "-o", files / "o.profile.json.gz")
    assert run("drift", files / "a.csv", files / "o.profile.json.gz") == 2
    assert "share no column names" in capsys.readouterr().err


def test_parquet_and_ipc_read_like_the_csv(files):
    pa = pytest.importorskip("pyarrow")
    import pyarrow.csv as pcsv
    import pyarrow.feather as feather
    import pyarrow.parquet as pq

    table = pa.table({"x": pa.array([float(v.split(",")[0]) for v in CSV_A.splitlines()[1:]]),
                      "c": pa.array([v.split(",")[1] for v in CSV_A.splitlines()[1:]])})
    pq.write_table(table, files / "a.parquet")
    feather.write_feather(table, files / "a.arrow")
    reports = []
    for ref in (files / "a.csv", files / "a.parquet", files / "a.arrow"):
        out = files / "r.json"
        run("drift", ref, files / "b.csv", "--format", "json", "-o", out)
        rep = json.loads(out.read_text())
        reports.append(json.dumps(rep["columns"]).replace(ref.name, "a.csv"))
    assert reports[0] == reports[1] == reports[2]
    del pcsv


def test_nested_and_unsupported_parquet_types_exit_2(files, capsys):
    pa = pytest.importorskip("pyarrow")
    import pyarrow.parquet as pq

    pq.write_table(pa.table({"x": [1.0, 2.0, 3.0], "tags": [[1], [2, 3], []]}), files / "nested.parquet")
    out = files / "n.profile.json.gz"
    assert run("profile", files / "nested.parquet", "-o", out) == 2
    err = capsys.readouterr().err
    assert "'tags' has the nested type list<element: int64>" in err and not out.exists()
    pq.write_table(pa.table({"x": [1.0, 2.0, 3.0], "blob": [b"a", b"b", b"c"]}), files / "binary.parquet")
    assert run("drift", files / "binary.parquet", files / "b.csv") == 2
    assert "'blob' has the type binary" in capsys.readouterr().err
    (files / "broken.parquet").write_bytes(b"PAR1 not really")
    assert run("drift", files / "broken.parquet", files / "b.csv") == 2
    assert "not a readable Parquet file" in capsys.readouterr().err


def test_loads_accepts_plain_json_and_round_trips():
    from evaluator.profiles import profile_table
    from evaluator.tables import read_csv

    p = profile_table(read_csv(CSV_A.encode(), "a.csv"))
    assert loads(dumps(p)) == p
    assert loads(json.dumps(p).encode()) == p
    with pytest.raises(InputError, match="not valid JSON"):
        loads(b"{\"format\"")


@pytest.mark.parametrize("damage", [lambda t: t[:-8], lambda t: "not base64!", lambda t: t[:4] + "////" + t[8:], lambda t: 12])
def test_damaged_buckets_are_named(damage):
    from evaluator.profiles import profile_table
    from evaluator.tables import Column, Table

    x = np.random.default_rng(1).normal(0, 1, 6000)
    profile = profile_table(Table("t.csv", {"x": Column("x", numeric=x)}, x.size, ",", "utf-8", []))
    profile["columns"][0]["buckets"] = damage(profile["columns"][0]["buckets"])
    with pytest.raises(InputError, match="column 'x': (its buckets are corrupted|bucket)"):
        loads(json.dumps(profile).encode(), "p.profile.json")
