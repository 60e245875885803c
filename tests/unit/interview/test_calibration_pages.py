"""The calibration pages cover every dimension of every stage's scorecard, one extract per rating."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from evaluator.interview.scorecards import load_scorecards

DOCS = Path(__file__).resolve().parents[3] / "docs" / "interview"
CARDS = load_scorecards()


@pytest.mark.parametrize("stage", [s.id for s in CARDS.stages])
def test_every_dimension_has_one_extract_at_each_rating(stage):
    page = (DOCS / f"calibration-{stage}.md").read_text(encoding="utf-8")
    found = re.findall(r"^## (.+?) \{ #[a-z0-9-]+ \}\n(.*?)(?=^## |\Z)", page, flags=re.M | re.S)
    sections = dict(found)
    for dimension in CARDS.stage(stage).dimensions:
        assert dimension.name in sections, f"calibration-{stage}.md has no section for {dimension.name!r}"
        ratings = re.findall(r"^    \*\*([1-4]), ", sections[dimension.name], flags=re.M)
        assert sorted(ratings) == ["1", "2", "3", "4"], (stage, dimension.name, ratings)
        assert f"*{dimension.question}*" in sections[dimension.name] or stage == "screen", dimension.name
