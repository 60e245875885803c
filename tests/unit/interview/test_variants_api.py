"""api.interview_variant: the one door to private variants, for the page, the script and the tests."""

from __future__ import annotations

import io
import re
import zipfile

import pytest

from evaluator import api, dispatch
from evaluator.errors import InputError
from scripts import make_variant


@pytest.mark.parametrize(("stage", "seed", "message"), [
    ("stage-4", 1, "stage must be one of stage-2, stage-3"),
    ("stage-3", "12ab", "'12ab' is not one"),
    ("stage-3", "", "enter one, or roll a new one"),
    ("stage-3", " ", "enter one, or roll a new one"),
    ("stage-3", -1, "is negative"),
    ("stage-3", 2**53, "is too large"),
    ("stage-3", "9 007 199 254 740 992", "is too large"),
    ("stage-3", 1.0, "got float"),
    ("stage-3", True, "got bool"),
    ("stage-3", None, "got NoneType"),
    ("stage-3", "١٢", "is not one"),
    ("stage-3", 2024, "too short for a real candidate"),
    ("stage-3", "281 474 976 710 655", "too short for a real candidate"),
])
def test_bad_input_is_named(stage, seed, message):
    with pytest.raises(InputError, match=re.escape(message)):
        api.interview_variant(stage=stage, seed=seed)


def test_a_seed_may_be_typed_with_groups_and_gives_the_same_variant():
    a = api.interview_variant(stage="stage-3", seed="4 482 199 301 175 026")
    b = api.interview_variant(stage="stage-3", seed=4482199301175026)
    c = api.interview_variant(stage="stage-3", seed="4_482_199_301_175_026")
    assert a["seed"] == b["seed"] == c["seed"] == 4482199301175026
    assert a["zip"] == b["zip"] == c["zip"] and a["key"] == b["key"]


def test_the_stage2_pack_is_consistent_zip_brief_and_key():
    pack = api.interview_variant(stage="stage-2", seed=21, practice=True)
    with zipfile.ZipFile(io.BytesIO(pack["zip"])) as z:
        names = sorted(z.namelist())
        assert names == ["stage-2-data/BRIEF.md", "stage-2-data/current.csv", "stage-2-data/reference.csv"]
        brief = z.read("stage-2-data/BRIEF.md").decode()
        listed = {f["name"]: f for f in pack["files"]}
        assert set(listed) == set(names)
        for name in names:
            assert listed[name]["bytes"] == len(z.read(name))
    drop = f"{pack['summary']['accuracy_drop_points']:.1f} percentage points"
    assert drop in brief and drop in pack["key"]
    assert "(reference.csv)" in brief and "(current.csv)" in brief  # links work inside the ZIP
    assert not re.search(r"%[a-z0-9_.\-]+%", brief)
    assert pack["key"].startswith("# Stage 2 answer key: variant 21\n")
    assert "Private: for the interviewers of one candidate" in pack["key"]
    # The brief gives nothing away.
    for word in ("cents", "stale", "frozen", "concept drift", "duplicat", "label job", "competitor", "planted"):
        assert word not in brief.lower(), word


def test_through_the_dispatcher_the_zip_stays_bytes():
    reply = dispatch.call("interview_variant", {"stage": "stage-3", "seed": "7", "practice": True})
    assert reply["ok"] and isinstance(reply["result"]["zip"], bytes)
    text, blobs = dispatch.call_parts("interview_variant", {"stage": "stage-3", "seed": "7", "practice": True})
    assert '"zip":{"$bytes":0}' in text and blobs == [reply["result"]["zip"]]
    bad = dispatch.call("interview_variant", {"stage": "stage-3", "seed": "x"})
    assert bad == {"ok": False, "error": {"kind": "input", "message": bad["error"]["message"]}}


def test_the_script_writes_what_the_api_returns(tmp_path, capsys):
    assert make_variant.main(["stage-3", "--seed", "31", "--practice", "--out", str(tmp_path)]) == 0
    pack = api.interview_variant(stage="stage-3", seed=31, practice=True)
    assert (tmp_path / pack["zip_name"]).read_bytes() == pack["zip"]
    assert (tmp_path / pack["key_name"]).read_text() == pack["key"]
    assert pack["zip_sha256"] in capsys.readouterr().out
    with pytest.raises(SystemExit):
        make_variant.main(["stage-3", "--seed", "nope", "--out", str(tmp_path)])
