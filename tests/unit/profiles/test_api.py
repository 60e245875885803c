"""The api entry points the drift lab needs: a profile from a file's bytes, a report from two
profiles or a profile and a CSV, the same as the CLI's."""

from __future__ import annotations

import json

from evaluator import api
from evaluator.profiles import dumps, loads

from .fixtures import csv_fixtures


def test_profile_from_bytes_and_reports_from_any_mix():
    data = csv_fixtures()[-5]
    other = data.replace(b"yes", b"no", 100)
    saved = api.drift_profile(data, "ref.csv")
    assert saved["file_name"] == "ref.profile.json"
    profile = loads(saved["json"].encode(), "ref.profile.json")
    assert {c["mode"] for c in saved["columns"]} <= {"exact", "bucket", "overflow"}
    files = api.drift_report(data, other, {}, "ref.csv", "cur.csv")
    cur_profile = api.drift_profile(other, "cur.csv")["json"].encode()
    for ref, cur in ((data, other), (saved["json"].encode(), other), (dumps(profile), cur_profile), (data, cur_profile)):
        report = api.drift_report_profiles(ref, cur, {}, "ref.csv", "cur.csv")
        assert json.dumps(report, sort_keys=True) == json.dumps(files, sort_keys=True)


def test_the_api_modules_the_browser_loads_stay_numpy_only():
    import ast
    from pathlib import Path

    root = Path(api.__file__).parent
    for path in list((root / "profiles").glob("*.py")):
        if path.name in ("spark.py", "inputs.py"):
            continue  # native only: pyspark, files on disk
        tree = ast.parse(path.read_text(encoding="utf-8"))
        names = {alias.name.split(".")[0] for node in ast.walk(tree) if isinstance(node, (ast.Import, ast.ImportFrom))
                 for alias in node.names} | {(node.module or "").split(".")[0] for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}
        assert not names & {"pyarrow", "pyspark", "pandas"}, path.name
