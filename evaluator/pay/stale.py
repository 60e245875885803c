"""Dated facts whose last check is too old: the pay-transparency rules, the EU member states'
transposition status and the pay sources, each with the day a maintainer last compared it with its
source. `python -m scripts.stale_facts` prints them; the tests call `stale_facts` directly."""

from __future__ import annotations

import datetime as dt

from .compensation import Compensation, load_compensation
from .transparency import Transparency, default_transparency

MONTHS = 6


def months_before(day: dt.date, months: int) -> dt.date:
    """The same day `months` calendar months earlier (the last day of the month where it is shorter)."""
    year, month = divmod(day.year * 12 + day.month - 1 - months, 12)
    month += 1
    for d in range(day.day, 0, -1):
        try:
            return dt.date(year, month, d)
        except ValueError:
            continue
    raise AssertionError("unreachable")


def dated_facts(transparency: Transparency, compensation: Compensation) -> list[dict]:
    """Every dated fact: what it is, where it lives, its source and when it was last checked."""
    facts = [{"file": "docs/data/pay-transparency.toml", "fact": f"rule '{r.id}' ({r.jurisdiction})",
              "source": r.source_url, "checked": r.checked} for r in transparency.rules]
    facts += [{"file": "docs/data/pay-transparency.toml", "fact": f"member state {s.country}",
               "source": s.source_url, "checked": s.checked} for s in transparency.member_states]
    facts += [{"file": "docs/data/compensation.toml", "fact": f"pay source '{s.id}' ({s.name})",
               "source": s.url, "checked": s.reviewed} for s in compensation.sources]
    return facts


def stale_facts(today: dt.date, months: int = MONTHS, transparency: Transparency | None = None,
                compensation: Compensation | None = None) -> list[dict]:
    """The dated facts last checked before `months` months ago, oldest first."""
    if months < 1:
        raise ValueError(f"months must be 1 or more, got {months}")
    cutoff = months_before(today, months)
    facts = dated_facts(transparency or default_transparency(), compensation or load_compensation())
    return sorted((f for f in facts if f["checked"] < cutoff), key=lambda f: (f["checked"], f["fact"]))
