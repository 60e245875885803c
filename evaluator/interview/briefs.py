"""The candidate briefs of stages 2 and 3, written from one template each (docs/data/briefs/).

The site's brief pages and the brief inside a private variant's ZIP come from the same template,
so a candidate reads the same text either way; only the figures (the variant's accuracy, its row
counts) and the links to the files differ. A template names a figure as %name%: a stage fact
(%stage.stage-2.live%), a policy (%policy.ai_assistants%) or a figure of the variant.
"""

from __future__ import annotations

import re
from typing import Any

from ..datafile import DataError, load, read_text, require
from .stages import stage_figures

TEMPLATES = {"stage-2": "data/briefs/stage-2.md", "stage-3": "data/briefs/stage-3.md"}
POLICIES = "data/interview-policies.toml"
_FIGURE = re.compile(r"%([a-z0-9][a-z0-9_.\-]*)%")


def parse_policies(data: dict[str, Any]) -> dict[str, str]:
    return {f"policy.{key}": " ".join(require(data, key, str, "top level").split())
            for key in ("ai_summary", "ai_assistants", "ai_live_hands_on", "ai_live_conversation", "time_box",
                        "adjustments")}


def policy_figures() -> dict[str, str]:
    return load(POLICIES, parse_policies)


def fill(text: str, figures: dict[str, str], where: str) -> str:
    """Replace every %name% in ``text``; a name without a figure is an error naming both."""

    def one(match: re.Match) -> str:
        if match[1] not in figures:
            raise DataError(f"{where}: unknown figure %{match[1]}%; known: {', '.join(sorted(figures))}")
        return figures[match[1]]

    return _FIGURE.sub(one, text)


def render_brief(stage: str, figures: dict[str, str]) -> str:
    """The brief of ``stage`` as Markdown (title first), with the stage facts, the policies and ``figures``."""
    if stage not in TEMPLATES:
        raise DataError(f"no candidate brief template for {stage!r} (templates: {', '.join(TEMPLATES)})")
    return fill(read_text(TEMPLATES[stage]), {**stage_figures(), **policy_figures(), **figures}, TEMPLATES[stage])
