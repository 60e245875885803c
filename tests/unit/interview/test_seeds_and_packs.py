"""Seeds and private packs for both stages: a real variant's seed comes from at least 2**48 values
and is rolled by default; a shorter one only for practice, said in the key; a private pack (the
format of the public menu) changes the variant and is named, with its hash, in the key."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import pytest

from evaluator import api
from evaluator.errors import InputError
from evaluator.interview import seeds
from evaluator.interview.packs import load_pack
from scripts import make_variant

ROOT = Path(__file__).resolve().parents[3]
STAGE3_MENU = (ROOT / "docs/data/stage3-faults.toml").read_bytes()
STAGE2_MENU = (ROOT / "docs/data/stage2-causes.toml").read_bytes()
REAL = 2**48 + 987_654_321


def named(menu: bytes, name: str) -> bytes:
    return f'[pack]\nname = "{name}"\n'.encode() + menu


# ---------------------------------------------------------------- seeds

def test_the_seed_space_holds_at_least_2_48_values_and_shorter_seeds_need_practice():
    assert seeds.FULL_SEEDS >= 2**48 and seeds.SEED_MAX == 2**53 - 1
    assert seeds.parse_seed(2**48) == 2**48 and seeds.parse_seed(str(2**53 - 1)) == 2**53 - 1
    for short in (0, 2024, 2**48 - 1, "482 199 301 175"):
        with pytest.raises(InputError, match="too short for a real candidate"):
            seeds.parse_seed(short)
        assert seeds.parse_seed(short, practice=True) == int(str(short).replace(" ", ""))


def test_rolled_seeds_are_real_seeds_and_do_not_repeat():
    rolled = [seeds.roll_seed() for _ in range(2000)]
    assert all(seeds.FULL_SEED_MIN <= s <= seeds.SEED_MAX for s in rolled)
    assert len(set(rolled)) == len(rolled)
    # Spread over the whole space, not bunched at one end (each half gets between 40% and 60%).
    middle = seeds.FULL_SEED_MIN + seeds.FULL_SEEDS // 2
    assert 0.4 < sum(s < middle for s in rolled) / len(rolled) < 0.6


@pytest.mark.parametrize("stage", ["stage-2", "stage-3"])
def test_both_stages_refuse_a_short_seed_unless_practice_and_the_key_says_practice(stage):
    with pytest.raises(InputError, match="too short"):
        api.interview_variant(stage=stage, seed=2024)
    practice = api.interview_variant(stage=stage, seed=2024, practice=True)
    assert practice["practice"] is True and "**Practice variant.**" in practice["key"]
    assert "281 474 976 710 656" in practice["key"]


def test_a_real_seed_s_key_names_the_public_menu_and_no_practice():
    result = api.interview_variant(stage="stage-3", seed=REAL)
    assert result["practice"] is False and result["pack"] is None
    assert "Practice variant" not in result["key"]
    assert "**Public menu.**" in result["key"] and "docs/data/stage3-faults.toml" in result["key"]
    assert result["zip_name"] == "stage-3-pipeline.zip"


def test_both_stages_zips_are_named_alike():
    names = {stage: api.interview_variant(stage=stage, seed=7, practice=True)["zip_name"] for stage in api.VARIANT_STAGES}
    assert names == {"stage-2": "stage-2-data.zip", "stage-3": "stage-3-pipeline.zip"}


def test_practice_must_be_true_or_false():
    with pytest.raises(InputError, match="practice must be true or false"):
        api.interview_variant(stage="stage-3", seed=REAL, practice="yes")


# ---------------------------------------------------------------- the script

def test_the_script_rolls_a_seed_by_default_and_prints_it(tmp_path, capsys):
    assert make_variant.main(["stage-3", "--out", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    rolled = int(re.search(r"rolled the seed ([\d ]+):", out).group(1).replace(" ", ""))
    assert seeds.FULL_SEED_MIN <= rolled <= seeds.SEED_MAX
    result = api.interview_variant(stage="stage-3", seed=rolled)
    assert (tmp_path / result["zip_name"]).read_bytes() == result["zip"]
    assert (tmp_path / f"stage-3-key-seed-{rolled}.md").read_text() == result["key"]


def test_the_script_refuses_a_short_seed_and_names_the_flag(tmp_path, capsys):
    with pytest.raises(SystemExit):
        make_variant.main(["stage-2", "--seed", "2024", "--out", str(tmp_path)])
    assert "--practice" in capsys.readouterr().err
    assert not list(tmp_path.iterdir())


def test_the_script_reads_a_pack(tmp_path, capsys):
    pack = tmp_path / "platform.toml"
    pack.write_bytes(named(STAGE3_MENU, "Platform team"))
    assert make_variant.main(["stage-3", "--seed", str(REAL), "--pack", str(pack), "--out", str(tmp_path / "out")]) == 0
    result = api.interview_variant(stage="stage-3", seed=REAL, pack=pack.read_bytes(), pack_name="platform.toml")
    assert (tmp_path / "out" / result["key_name"]).read_text() == result["key"]
    assert hashlib.sha256(pack.read_bytes()).hexdigest() in capsys.readouterr().out
    with pytest.raises(SystemExit):
        make_variant.main(["stage-3", "--seed", str(REAL), "--pack", str(tmp_path / "missing.toml")])
    assert "cannot read the pack" in capsys.readouterr().err


# ---------------------------------------------------------------- private packs

def test_a_stage3_pack_is_named_and_hashed_in_the_key_and_changes_the_variant():
    pack = named(STAGE3_MENU.replace(b"extra = [2, 3]", b"extra = [0, 0]"), "Platform team, spring 2026")
    public = api.interview_variant(stage="stage-3", seed=REAL)
    private = api.interview_variant(stage="stage-3", seed=REAL, pack=pack, pack_name="ignored.toml")
    digest = hashlib.sha256(pack).hexdigest()
    assert private["pack"] == {"name": "Platform team, spring 2026", "sha256": digest}
    assert "**Private pack.**" in private["key"] and digest in private["key"] and "Platform team, spring 2026" in private["key"]
    assert "Public menu" not in private["key"]
    assert private["zip"] != public["zip"]
    assert private["summary"]["planted"] == 4  # one per dimension, no extra: the pack's rule
    assert api.interview_variant(stage="stage-3", seed=REAL, pack=pack)["zip"] == private["zip"]
    # The ZIP names neither the pack nor the seed.
    assert b"Platform team" not in private["zip"] and str(REAL).encode() not in private["zip"]


def test_a_pack_s_own_words_reach_the_key():
    reworded = STAGE3_MENU.replace(b'title = "Unseeded randomness"', b'title = "Runs that cannot be repeated (team wording)"')
    assert reworded != STAGE3_MENU
    for seed in range(REAL, REAL + 60):
        result = api.interview_variant(stage="stage-3", seed=seed, pack=reworded, pack_name="team.toml")
        if "Runs that cannot be repeated (team wording)" in result["key"]:
            assert result["pack"]["name"] == "team"
            return
    pytest.fail("no variant of 60 planted the unseeded fault")


def test_a_stage2_pack_is_named_in_the_key():
    pack = named(STAGE2_MENU, "Data team")
    result = api.interview_variant(stage="stage-2", seed=REAL, pack=pack)
    assert result["pack"]["name"] == "Data team" and hashlib.sha256(pack).hexdigest() in result["key"]


@pytest.mark.parametrize(("content", "stage", "message"), [
    (b"", "stage-3", "the pack file is empty"),
    (b"\xff\xfe[variant]", "stage-3", "not UTF-8 text"),
    (b"[variant\nextra = 1", "stage-3", "not valid TOML"),
    (STAGE2_MENU, "stage-3", "this is a stage-2 pack"),
    (STAGE3_MENU, "stage-2", "this is a stage-3 pack"),
    (STAGE3_MENU.replace(b'id = "unseeded"', b'id = "my-own-fault"'), "stage-3", "'my-own-fault' is not one the stage-3 pipeline can plant"),
    (STAGE3_MENU.replace(b'excludes = ["zip-truncation", "skew.log"]', b'excludes = ["zip-truncation"]'), "stage-3",
     "must exclude"),
    (b"[pack]\nname = 5\n" + STAGE3_MENU, "stage-3", "name must be 1 to 80"),
    (b"x" * 1_000_001, "stage-3", "a menu is far smaller"),
])
def test_a_bad_pack_is_explained(content, stage, message):
    with pytest.raises(InputError, match=re.escape(message)):
        load_pack(stage, content, "pack.toml")


def test_a_pack_without_a_name_takes_its_file_s():
    assert load_pack("stage-3", STAGE3_MENU, "C:\\Users\\me\\acme-2026.toml").name == "acme-2026"
    assert load_pack("stage-3", STAGE3_MENU).name == "unnamed pack"


def test_a_pack_that_cannot_be_drawn_from_is_explained():
    # zip-truncation excludes both gate faults and leakage: after it, the gate group has no fault.
    menu = (STAGE3_MENU
            .replace(b'excludes = ["leakage", "silent-default"]', b'excludes = ["leakage", "silent-default", "no-gate", "accuracy-gate"]')
            .replace(b'excludes = ["accuracy-gate"]\n', b'excludes = ["accuracy-gate", "zip-truncation"]\n')
            .replace(b'excludes = ["no-gate"]\n', b'excludes = ["no-gate", "zip-truncation"]\n'))
    with pytest.raises(InputError, match="cannot be drawn from: group 'gate'"):
        for seed in range(REAL, REAL + 40):
            api.interview_variant(stage="stage-3", seed=seed, pack=menu)


def test_a_stage2_pack_whose_ranges_no_draw_meets_is_explained():
    menu = STAGE2_MENU.replace(b"accuracy_drop_points = [4.0, 12.0]", b"accuracy_drop_points = [30.0, 31.0]")
    with pytest.raises(InputError, match="draws no usable variant for this seed"):
        api.interview_variant(stage="stage-2", seed=REAL, pack=menu, pack_name="ops.toml")
