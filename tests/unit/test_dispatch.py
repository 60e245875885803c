"""The worker's call envelope (evaluator.dispatch), natively: the same code answers in the browser."""

import json

import numpy as np
import pytest

from evaluator import api, dispatch
from evaluator.environment import installed_version


def test_summarize_matches_numpy():
    rng = np.random.default_rng(7)
    values = rng.normal(3.0, 2.0, size=101).tolist()
    reply = dispatch.call("summarize", {"values": values})
    assert reply["ok"] is True
    got = reply["result"]
    assert got["n"] == 101
    assert got["mean"] == pytest.approx(np.mean(values), rel=1e-15)
    assert got["std"] == pytest.approx(np.std(values, ddof=1), rel=1e-15)
    assert got["median"] == pytest.approx(np.median(values), rel=1e-15)
    assert [got["min"], got["max"]] == [min(values), max(values)]


def test_summarize_parses_text_like_values():
    assert api.summarize(text="1, 2;3\n4  5")["mean"] == 3.0
    assert api.summarize(text="7")["std"] is None


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        ({"values": []}, "no numbers given"),
        ({"text": "  "}, "no numbers given"),
        ({"text": "1 2 x 4"}, "item 3 ('x') is not a number"),
        ({"values": [1, "a"]}, "values[1] is 'a'"),
        ({"values": [1, True]}, "values[1] is True"),
        ({"values": [1.0, float("nan")]}, "1 non-finite"),
        ({"values": 5}, "must be a list"),
        ({}, "exactly one of"),
        ({"values": [1], "text": "1"}, "exactly one of"),
    ],
)
def test_bad_input_is_an_input_error_with_a_specific_message(args, fragment):
    reply = dispatch.call("summarize", args)
    assert reply["ok"] is False
    assert reply["error"]["kind"] == "input"
    assert fragment in reply["error"]["message"]


def test_unknown_function_and_private_names_are_refused():
    for name in ("no_such_fn", "_private", "__import__", "InputError"):
        reply = dispatch.call(name, {})
        assert reply == {"ok": False, "error": {"kind": "unknown-function", "message": reply["error"]["message"]}}
        assert repr(name) in reply["error"]["message"]


def test_wrong_argument_name_is_a_bad_call_naming_the_argument():
    reply = dispatch.call("summarize", {"valuez": [1]})
    assert reply["ok"] is False and reply["error"]["kind"] == "bad-call"
    assert "valuez" in reply["error"]["message"]


def test_unexpected_exception_is_reported_with_a_trimmed_traceback(monkeypatch):
    def explode(**_):
        return {}["missing"]

    monkeypatch.setattr(api, "summarize", explode)
    reply = dispatch.call("summarize", {})
    assert reply["ok"] is False and reply["error"]["kind"] == "python"
    assert reply["error"]["message"] == "KeyError: 'missing'"
    detail = reply["error"]["detail"]
    assert "explode" in detail and "evaluator/dispatch.py" not in detail


def test_non_finite_results_are_refused_not_sent_as_invalid_json(monkeypatch):
    monkeypatch.setattr(api, "summarize", lambda **_: {"x": [1.0, float("inf")]})
    reply = dispatch.call("summarize", {})
    assert reply["ok"] is False and "result.x[1] is inf" in reply["error"]["message"]


def test_call_json_is_strict_json_and_bytes_cross_as_bytes(monkeypatch):
    seen = {}

    def record(**kwargs):
        seen.update(kwargs)
        return {"size": len(kwargs["data"])}

    monkeypatch.setattr(api, "summarize", record)
    out = dispatch.call_json("summarize", {"data": memoryview(b"a,b\n1,2\n")})
    assert json.loads(out) == {"ok": True, "result": {"size": 8}}
    assert isinstance(seen["data"], bytes)


def test_call_parts_lifts_result_bytes_out_of_the_json(monkeypatch):
    monkeypatch.setattr(api, "summarize", lambda **_: {"zip": b"PK\x03\x04", "files": [{"raw": bytearray(b"\xff")}], "n": 2})
    text, blobs = dispatch.call_parts("summarize", {})
    assert json.loads(text) == {"ok": True, "result": {"zip": {"$bytes": 0}, "files": [{"raw": {"$bytes": 1}}], "n": 2}}
    assert blobs == [b"PK\x03\x04", b"\xff"]
    # A failure carries no bytes, and bytes never reach json.dumps (which would fail on them).
    text, blobs = dispatch.call_parts("nope", {})
    assert json.loads(text)["ok"] is False and blobs == []


def test_environment_names_python_and_never_imports_numpy_itself():
    env = api.environment()
    assert env["python"].count(".") == 2
    assert set(env["libraries"]) == {"numpy", "scipy"}


def test_installed_versions_agree_with_importlib_metadata():
    from importlib import metadata

    for name in ("numpy", "scipy", "hypothesis"):
        assert installed_version(name) == metadata.version(name)
    assert installed_version("no-such-distribution-here") is None


def test_missing_required_argument_is_a_bad_call_naming_it():
    reply = dispatch.call("drift_report", {"reference": b"a\n1\n2\n"})
    assert reply["ok"] is False and reply["error"]["kind"] == "bad-call"
    assert "missing argument(s): current" in reply["error"]["message"]


def test_importing_the_dispatcher_stays_light():
    """The browser pays for every module imported at boot; keep the heavy ones off that path."""
    import subprocess
    import sys

    code = (
        "import sys, evaluator.dispatch; heavy = {'numpy', 'scipy', 'inspect', 'importlib.metadata', "
        "'email', 'zipfile', 'platform', 'traceback', 'csv'}; print(sorted(heavy & set(sys.modules)))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_a_progress_callback_reaches_functions_that_report_progress():
    from tests.unit.drift.test_drift_report import make_csv

    seen = []
    reply = dispatch.call("drift_report", {"reference": make_csv(300, 0, 1), "current": make_csv(300, 1, 2)},
                          progress=lambda stage, done, total: seen.append((stage, done, total)))
    assert reply["ok"] is True
    stages = [s for s, _, _ in seen]
    assert "reading reference.csv" in stages and "reading current.csv" in stages and "comparing columns" in stages
    # every stage ends at its total, and counts never run backwards within a stage
    for stage in set(stages):
        counts = [(d, t) for s, d, t in seen if s == stage]
        assert counts[-1][0] == counts[-1][1]
        assert [d for d, _ in counts] == sorted(d for d, _ in counts)


def test_progress_is_not_a_json_argument_and_other_functions_ignore_the_callback():
    reply = dispatch.call("drift_report", {"reference": b"a\n1\n2\n", "current": b"a\n1\n2\n", "progress": "x"})
    assert reply["ok"] is False and reply["error"]["kind"] == "bad-call" and "progress" in reply["error"]["message"]
    calls = []
    reply = dispatch.call("summarize", {"values": [1, 2]}, progress=lambda *a: calls.append(a))
    assert reply["ok"] is True and reply["result"]["mean"] == 1.5 and calls == []
