"""The question bank: what the issue asks of its content, and a schema check that names each mistake."""

from __future__ import annotations

import re
import tomllib

import pytest

from evaluator.datafile import DataError
from evaluator.assessment.load import bank_from_text

from .conftest import BANK_TOML, LEVELS_TOML, ROOT

GUIDE_AREAS = {  # the guide's core skills (docs/guide/core-skills.md) plus production debugging
    "ci-cd": "guide/core-skills.md#ci-cd-for-ml",
    "feature-stores": "guide/core-skills.md#feature-stores",
    "monitoring": "guide/core-skills.md#model-monitoring",
    "tracking-registry": "guide/core-skills.md#experiment-tracking",
    "distributed-training": "guide/core-skills.md#distributed-training",
    "data-pipelines": "guide/core-skills.md#data-pipelines",
    "production-debugging": "guide/red-flags.md#retrain-by-default",
}


def test_seven_areas_matching_the_guide_four_of_them_required(bank):
    assert [a.id for a in bank.areas] == list(GUIDE_AREAS)
    assert [a.id for a in bank.areas if a.required] == ["ci-cd", "feature-stores", "monitoring", "tracking-registry"]
    for area in bank.areas:
        assert GUIDE_AREAS[area.id] in [r.link for r in area.read]


def test_size_and_mix_of_items(bank):
    kinds = [i.kind for i in bank.items]
    assert len(kinds) >= 56
    assert {"scope", "scenario", "computed", "foil", "evidence"} <= set(kinds)
    foils = kinds.count("foil")
    # two things that do not exist per area, among the area's real scope questions (issue 17: one per
    # area, always in third place, was easy to spot)
    assert 0.10 <= foils / len(kinds) <= 0.20, foils / len(kinds)
    for area in bank.areas:
        mine = bank.area_items(area.id)
        assert len(mine) >= 8, area.id
        assert sum(i.kind == "foil" for i in mine) >= 2, area.id
        assert sum(i.kind == "foil" for i in mine) <= sum(i.kind == "scope" for i in mine), area.id


def test_scenarios_give_partial_credit_and_some_red_flags(bank):
    scenarios = [i for i in bank.items if i.kind == "scenario"]
    partial = [i for i in scenarios if any(0 < o.credit < 1 for o in i.options)]
    assert len(partial) >= 0.8 * len(scenarios)
    flags = [o for i in scenarios for o in i.options if o.red_flag]
    assert len(flags) >= 8 and all(o.credit == 0 for o in flags)
    # the issue's own example: retraining as the first response to an accuracy drop is a red flag
    assert bank.item("dbg-first-step").option("retrain").red_flag


def test_every_link_points_at_an_existing_page_and_anchor(bank):
    links = {r.link for a in bank.areas for r in a.read} | {i.read.link for i in bank.items if i.read} | {bank.rules.lean_link}
    for link in sorted(links):
        page, anchor = link.split("#")
        text = (ROOT / "docs" / page).read_text(encoding="utf-8")
        assert re.search(r"\{[^}]*#" + re.escape(anchor) + r"\b", text), f"{link}: no {{ #{anchor} }} in docs/{page}"


def test_levels_are_the_kits_own_and_match_the_pay_table(bank):
    levels = tomllib.loads(LEVELS_TOML.read_text())["level"]
    pay = tomllib.loads((ROOT / "docs" / "data" / "compensation.toml").read_text())["levels"]
    assert [b.level for b in bank.rules.bars] == [lv["id"] for lv in levels] == [lv["id"] for lv in pay]
    assert [b.scope for b in bank.rules.bars] == [lv["scope"] for lv in levels]
    assert [b.label for b in bank.rules.bars] == [lv["label"] for lv in levels]


def _edited(old: str, new: str, *, levels: bool = False):
    source = LEVELS_TOML if levels else BANK_TOML
    text = source.read_text(encoding="utf-8")
    assert old in text, f"the edit does not apply: {old!r} is not in {source.name}; update this test"
    changed = text.replace(old, new, 1)
    bank_text = BANK_TOML.read_text(encoding="utf-8") if levels else changed
    levels_text = changed if levels else LEVELS_TOML.read_text(encoding="utf-8")
    return bank_text, levels_text


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ('id = "cicd-gate-fails"', 'id = "cicd-nightly-better"', "used twice"),
        ('text = "Lower the recall threshold for that slice for this release only, record the exception."\ncredit = 0',
         'text = "Lower the recall threshold."\ncredit = 0.5', "red flag, so its credit must be 0"),
        ("credit = 0.4\n", "credit = 1.4\n", "credit must be a number from 0 to 1"),
        ('area = "ci-cd"\nkind = "scope"', 'area = "ci-ci"\nkind = "scope"', "area must be one of"),
        ('kind = "scope"', 'kind = "opinion"', "kind must be one of"),
        ('  "I set the organisation\'s rules for what every model must pass before release and how exceptions are approved.",\n', "", "all 5 steps"),
        ('link = "guide/core-skills.md#ci-cd-for-ml"', 'link = "guide/core-skills.md"', "must look like 'guide/page.md#anchor'"),
        ("accuracy_weight = 0.7", "accuracy_weight = 0.6", "must add up to 1"),
        ('level = "senior"\nmin_accuracy = 72', 'level = "senior"\nmin_accuracy = 45', "must not be lower than mid's"),
        ('level = "staff"', 'level = "principal"', "is not in docs/data/levels.toml"),
        ("red_flags = 2\nat_most = \"below\"", "red_flags = 1\nat_most = \"below\"", "more red flags must come later"),
        ("production-debugging = 1 }", "production-debugging = 1, security = 2 }", "one weight per area"),
        ('band = "moderate"\n', 'band = "low"\n', "cover each band"),
        ('column = "distance_km"', 'column = "distance_miles"', "column must be one of"),
        ("current = [100, 150, 300, 450]", "current = [100, 150, 300]", "must be 4 counts"),
        ("edges = [2, 4, 8]", "edges = [2, 8, 4]", "strictly increasing"),
        ('[[item.option]]\nid = "shadow"\ntext = "Shadow it: it gets copies of live requests, its answers are logged and compared, users see only production\'s."\ncredit = 1',
         '[[item.option]]\nid = "shadow"\ntext = "Run it in shadow."\ncredit = 0.9', "must have credit 1"),
        ('prompt = "Describe a model release', 'promt = "Describe a model release', "unknown field"),
        ('version = "2.0.0"', "version = 1", "version must be a non-empty string"),
        ('id = "mon-ks"\narea = "production-debugging"', 'id = "mon-ks"\narea = "monitoring"', "at most 2 may decide a floor"),
        ('tests = ["cicd-nightly-better", "cicd-gate-fails"]', 'tests = ["cicd-nightly-better", "fs-worth-it"]', "not a scenario or computed item of area 'ci-cd'"),
        ('flagged_at_most = "mid"', 'flagged_at_most = "junior"', "flagged_at_most must be one of"),
        ('id = "cicd-evidence"\narea = "ci-cd"\nkind = "evidence"', 'id = "cicd-evidence"\narea = "ci-cd"\nkind = "scope"', "anchors must be a list"),
    ],
)
def test_schema_check_names_the_problem(old, new, message):
    bank_text, levels_text = _edited(old, new)
    with pytest.raises(DataError, match=re.escape(message)):
        bank_from_text(bank_text, levels_text)


def test_levels_file_mistakes_stop_the_bank_too():
    bank_text, levels_text = _edited('id = "senior"\nlabel = "Senior"\nscope = 3', 'id = "senior"\nlabel = "Senior"\nscope = 1', levels=True)
    with pytest.raises(DataError, match="data/levels.toml: .*list levels from junior to senior"):
        bank_from_text(bank_text, levels_text)


def test_a_key_the_engine_cannot_match_stops_the_build():
    # Make the KS samples identical: the engine reads a statistic of 0, which no option offers.
    bank_text, levels_text = _edited("current = [19, 23, 26, 28, 31, 35, 38, 44]", "current = [12, 15, 18, 20, 22, 25, 30, 41]")
    with pytest.raises(DataError, match=r"computed item 'mon-ks': the drift engine reads ks statistic 0, which matches 0 options"):
        bank_from_text(bank_text, levels_text)
    # Make two columns drift: the question would have two right answers.
    bank_text, levels_text = _edited("current = [380, 310, 210, 100]", "current = [100, 110, 290, 500]")
    with pytest.raises(DataError, match="several drifted columns"):
        bank_from_text(bank_text, levels_text)


def test_content_hash_ignores_comments_and_changes_with_content(bank):
    text = BANK_TOML.read_text(encoding="utf-8")
    levels = LEVELS_TOML.read_text(encoding="utf-8")
    assert bank_from_text("# a new comment\n" + text, levels).hash == bank.hash
    assert bank_from_text(text.replace("credit = 0.4\n", "credit = 0.5\n", 1), levels).hash != bank.hash
    assert bank_from_text(text, levels.replace('label = "Staff or principal"', 'label = "Staff"')).hash != bank.hash
