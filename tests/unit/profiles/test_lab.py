"""The drift lab takes drift profiles: any mix of a profile and a CSV file gives the command line's
report, a profile saved from the lab is the command line's file byte for byte, and a bad profile gets
a message naming its problem (issue 20, criteria 5 and 6)."""

from __future__ import annotations

import gzip
import json
import subprocess
import sys

import numpy as np
import pytest

from evaluator import api
from evaluator.errors import InputError
from evaluator.profiles import VERSION, dumps, loads


def _csv(rows: int, seed: int, shift: float = 0.0) -> bytes:
    """Numeric columns in both modes (few values: exact; many: bucket), text and a 0/1 pair."""
    rng = np.random.default_rng(seed)
    amount = rng.lognormal(3 + shift, 1, rows)  # > 4,096 distinct values: bucket mode
    visits = rng.poisson(4 + shift, rows)
    plan = rng.choice(["basic", "plus", "pro"], rows, p=[0.5, 0.3, 0.2] if shift == 0 else [0.3, 0.3, 0.4])
    label = rng.integers(0, 2, rows)
    lines = ["amount,visits,plan,label,prediction"]
    lines += [f"{a:.6f},{v},{p},{y},{y if i % 5 else 1 - y}" for i, (a, v, p, y) in enumerate(zip(amount, visits, plan, label))]
    return ("\n".join(lines) + "\n").encode()


@pytest.fixture(scope="module")
def files(tmp_path_factory):
    folder = tmp_path_factory.mktemp("lab")
    paths = {"reference": folder / "reference.csv", "current": folder / "current.csv"}
    paths["reference"].write_bytes(_csv(8000, 1))
    paths["current"].write_bytes(_csv(6000, 2, shift=0.3))
    for role in ("reference", "current"):
        out = folder / f"{role}.profile.json.gz"
        cli = subprocess.run([sys.executable, "-m", "evaluator", "profile", str(paths[role]), "-o", str(out)],
                             capture_output=True, text=True, check=False)
        assert cli.returncode == 0, cli.stderr
        paths[f"{role}_profile"] = out
    return paths


def _cli_report(reference, current, *flags) -> dict:
    cli = subprocess.run([sys.executable, "-m", "evaluator", "drift", str(reference), str(current), "--format", "json", *flags],
                         capture_output=True, text=True, check=False)
    assert cli.returncode in (0, 1), cli.stderr
    return json.loads(cli.stdout)


def test_a_profile_saved_in_the_lab_is_the_command_line_s_file_byte_for_byte(files):
    for role in ("reference", "current"):
        saved = api.drift_lab_profile(files[role].read_bytes(), f"{role}.csv")
        assert saved["file_name"] == f"{role}.profile.json.gz"
        assert saved["bytes"] == files[f"{role}_profile"].read_bytes()
        assert saved["rows"] == (8000 if role == "reference" else 6000) and saved["columns"] == 5
        assert saved["modes"]["numeric-bucket"] == ["amount"]
        assert saved["modes"]["text-exact"] == ["plan"]  # the page says these keep each value and its count


@pytest.mark.parametrize("pair", [("reference_profile", "current_profile"), ("reference_profile", "current"),
                                  ("reference", "current_profile")])
@pytest.mark.parametrize("preset", ["default", "evidently"])
def test_any_mix_of_profile_and_csv_gives_the_command_line_s_report(files, pair, preset):
    ref, cur = (files[k] for k in pair)
    lab = api.drift_lab(ref.read_bytes(), cur.read_bytes(), {"preset": preset}, reference_name=ref.name, current_name=cur.name)
    native = _cli_report(ref, cur, "--preset", preset)
    assert json.dumps(lab["export"], sort_keys=True) == json.dumps(native, sort_keys=True)
    amount = next(c for c in lab["report"]["columns"] if c["name"] == "amount")
    assert "profile" in amount and all("error_bound" in m for m in amount["metrics"].values())
    assert lab["markdown"] == api.drift_report_markdown(native)


def test_a_profile_is_known_by_its_name_even_when_its_bytes_are_not_one(files):
    with pytest.raises(InputError, match=r"broken\.profile\.json: the profile is corrupted \(not valid JSON"):
        api.drift_lab(b"amount\n1\n", files["current"].read_bytes(), reference_name="broken.profile.json")


def test_performance_needs_rows_so_a_profile_says_why_it_is_not_compared(files):
    lab = api.drift_lab(files["reference_profile"].read_bytes(), files["current"].read_bytes(),
                        performance={"label": "label", "prediction": "prediction"},
                        reference_name="reference.profile.json.gz", current_name="current.csv")
    assert lab["performance"] is None and "counts per column, not rows" in lab["performance_error"]
    assert lab["report"]["summary"]["columns_compared"] == 5


def _other_version(data: bytes) -> bytes:
    profile = json.loads(gzip.decompress(data))
    profile["version"] = VERSION + 1
    return gzip.compress(json.dumps(profile).encode(), mtime=0)


BAD = {
    "another version": (_other_version, r"format version \d+; this evaluator reads version"),
    "truncated gzip": (lambda d: d[: len(d) // 2], r"truncated \(its gzip data ends early\)"),
    "corrupted gzip": (lambda d: d[:20] + bytes(b ^ 0xFF for b in d[20:40]) + d[40:], r"corrupted"),
    "not a profile": (lambda d: b'{"format": "something-else", "columns": []}', r"not a valid drift profile"),
}


@pytest.mark.parametrize("case", sorted(BAD))
def test_a_bad_profile_is_named_with_its_problem_when_loaded_and_when_compared(files, case):
    spoil, message = BAD[case]
    bad = spoil(files["current_profile"].read_bytes())
    with pytest.raises(InputError, match=rf"^current\.profile\.json\.gz: .*{message}"):
        api.drift_lab_inspect(bad, "current.profile.json.gz")
    with pytest.raises(InputError, match=message):
        api.drift_lab(files["reference"].read_bytes(), bad, current_name="current.profile.json.gz")
    found = api.drift_lab_columns(files["reference"].read_bytes()[:65536], bad, "reference.csv", "current.profile.json.gz")
    assert found["columns"] is None and "current.profile.json.gz" in found["reason"]


def test_profiles_that_share_no_column_are_refused_by_name(files, tmp_path):
    other = tmp_path / "other.csv"
    other.write_bytes(b"height,weight\n1,2\n3,4\n5,6\n")
    theirs = api.drift_lab_profile(other.read_bytes(), "other.csv")["bytes"]
    with pytest.raises(InputError, match=r"share no column names"):
        api.drift_lab(files["reference_profile"].read_bytes(), theirs, reference_name="reference.profile.json.gz",
                      current_name="other.profile.json.gz")


def test_loading_a_profile_tells_its_table_rows_and_columns_and_a_csv_is_left_to_the_comparison(files):
    seen = api.drift_lab_inspect(files["reference_profile"].read_bytes(), "reference.profile.json.gz")
    assert (seen["kind"], seen["table"], seen["rows"], seen["columns"]) == ("profile", "reference.csv", 8000, 5)
    assert api.drift_lab_inspect(files["reference"].read_bytes(), "reference.csv") == {"kind": "csv"}
    plain = gzip.decompress(files["reference_profile"].read_bytes())
    assert api.drift_lab_inspect(plain, "reference.profile.json")["rows"] == 8000
    found = api.drift_lab_columns(files["reference_profile"].read_bytes(), files["current"].read_bytes()[:65536],
                                  "reference.profile.json.gz", "current.csv")
    assert found == {"columns": ["amount", "visits", "plan", "label", "prediction"],
                     "numeric": ["amount", "visits", "label", "prediction"]}
    # what the lab read as the profile was dropped stands in for its bytes
    assert seen["names"] == found
    again = api.drift_lab_columns(None, files["current"].read_bytes()[:65536], "reference.profile.json.gz", "current.csv",
                                  reference_columns=seen["names"])
    assert again == found
    with pytest.raises(InputError, match="the columns of a profile come as"):
        api.drift_lab_columns(None, None, reference_columns={"columns": "amount"})


def test_the_warm_up_runs_a_comparison_from_a_bucket_mode_profile():
    from evaluator.lab import warm_up

    saved = api.drift_lab_profile(warm_up.BUCKET_REFERENCE, "reference.csv")
    assert saved["modes"] == {"numeric-bucket": ["x"]}
    assert api.drift_lab_warm_up() == {"columns": 5}


def test_a_profile_of_a_profile_is_refused(files):
    with pytest.raises(InputError, match="is a drift profile already"):
        api.drift_lab_profile(files["reference_profile"].read_bytes(), "reference.profile.json.gz")


def test_a_profile_with_too_many_columns_is_refused_unless_columns_are_chosen(files):
    header = ",".join(f"c{i}" for i in range(api.LAB_MAX_COLUMNS + 1))
    row = ",".join("1" for _ in range(api.LAB_MAX_COLUMNS + 1))
    wide = api.drift_lab_profile(f"{header}\n{row}\n{row}\n".encode(), "wide.csv")
    assert len(loads(wide["bytes"])["columns"]) == api.LAB_MAX_COLUMNS + 1
    with pytest.raises(InputError, match="compares at most"):
        api.drift_lab(wide["bytes"], wide["bytes"], reference_name="a.profile.json.gz", current_name="b.profile.json.gz")
    chosen = api.drift_lab(wide["bytes"], wide["bytes"], {"columns": ["c0", "c1"]},
                           reference_name="a.profile.json.gz", current_name="b.profile.json.gz")
    assert chosen["report"]["summary"]["columns_compared"] == 2


def test_the_saved_bytes_read_back_as_the_same_profile(files):
    saved = api.drift_lab_profile(files["reference"].read_bytes(), "reference.csv")
    assert dumps(loads(saved["bytes"])) == saved["bytes"]
